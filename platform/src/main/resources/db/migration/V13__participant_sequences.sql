-- Per-participant sequence numbers of participant events, assigned by the relay as it publishes (the
-- only writer: it holds the replication slot), so that a close's transaction does not also lock a
-- counter row per winner. `participant_sequence` holds each participant's last number;
-- `relay_sequence` remembers the numbers given to each outbox row's events, so that a row relayed
-- again after a crash is published with the same numbers (gap-free, no number given twice).
create table participant_sequence (
    organisation_id  bigint   not null,
    participant_type smallint not null,
    participant_id   bigint   not null,
    last_sequence    bigint   not null,
    primary key (organisation_id, participant_type, participant_id)
);

create table relay_sequence (
    outbox_id  uuid        primary key,
    sequences  bigint[]    not null,
    relayed_at timestamptz not null default now()
);
create index relay_sequence_by_time on relay_sequence (relayed_at);
