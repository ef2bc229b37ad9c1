-- Transactional outbox: rows are inserted in the same transaction as the change they announce and
-- deleted in that same transaction, so the table stays empty while the inserts stay in the WAL,
-- where the relay (Debezium, pgoutput) reads them.
create table outbox (
    id          uuid        primary key,
    topic       text        not null,
    message_key text        not null,
    type        text        not null,
    source      text        not null,
    subject     text,
    occurred_at timestamptz not null,
    payload     text        not null
);

create publication podium_outbox for table outbox with (publish = 'insert');

-- Debezium's offsets (JdbcOffsetBackingStore), shared by every relay instance.
create table relay_offset (
    id                varchar(36)   not null primary key,
    offset_key        varchar(1255),
    offset_val        varchar(1255),
    record_insert_ts  timestamp     not null,
    record_insert_seq integer       not null
);

-- Inbox: a consumer records each message id in the same transaction as the message's effects.
create table inbox (
    consumer     text        not null,
    message_id   uuid        not null,
    message_type text        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, message_id)
);

-- Jobs: heavy commands run as jobs that REST clients poll or wait for.
create table job (
    id              bigint generated always as identity primary key,
    organisation_id bigint      not null references organisation (id),
    type            text        not null,
    status          text        not null default 'queued'
                    check (status in ('queued', 'running', 'succeeded', 'failed', 'canceled')),
    challenge_id    bigint,
    progress        integer     not null default 0 check (progress between 0 and 100),
    result          jsonb,
    error           jsonb,
    created_at      timestamptz not null default now(),
    started_at      timestamptz,
    finished_at     timestamptz
);
create index job_by_organisation on job (organisation_id, id desc);
create index job_by_status on job (organisation_id, status, type, id desc);

-- Wakes requests waiting with `Prefer: wait` when a job reaches an end state.
create function job_finished_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('podium_job_finished', new.id::text);
    return new;
end
$$;
create trigger job_finished after update of status on job
    for each row when (old.status is distinct from new.status
                       and new.status in ('succeeded', 'failed', 'canceled'))
    execute function job_finished_notify();

-- Idempotency keys: one row per (organisation, key); the first request's answer is replayed.
create table idempotency_key (
    organisation_id bigint      not null references organisation (id),
    key             text        not null,
    request_hash    bytea       not null,
    status          integer,
    content_type    text,
    body            bytea,
    location        text,
    created_at      timestamptz not null default now(),
    primary key (organisation_id, key)
);
