-- In-app notifications: one row per thing a participant should hear about. `event_id` is the id
-- (ce_id) of the event the notification announces: whoever writes a notification for an event
-- writes it once (a later writer for the same event writes nothing), so the badge-rule-worker can
-- write its grants' notifications in the grant's own transaction and the notification-worker may
-- still consume the same events.
create table notification (
    id               bigint generated always as identity primary key,
    organisation_id  bigint      not null references organisation (id),
    participant_type smallint    not null,
    participant_id   bigint      not null,
    kind             text        not null,
    title            text        not null,
    body             jsonb       not null default '{}',
    event_id         uuid        not null unique,
    created_at       timestamptz not null default now(),
    read_at          timestamptz
);
create index notification_by_participant on notification (organisation_id, participant_type, participant_id, id desc);

-- The id the relay gives an event written as a chunk row (OutboxRelay#expand): Java's
-- UUID.nameUUIDFromBytes((type + "/" + id).getBytes(UTF_8)), a version-3 UUID of the MD5 of the
-- name. Computed in SQL so that a statement can store the id of an event it announces. One
-- expression without FROM, so that the planner inlines it (a million calls of a non-inlined SQL
-- function cost ~15 s).
create function chunked_event_id(type text, id text) returns uuid
    language sql immutable strict parallel safe
as $$
    select overlay(overlay(md5(type || '/' || id) placing '3' from 13 for 1)
                   placing substr('89ab', (('x' || substr(md5(type || '/' || id), 17, 1))::bit(4)::int & 3) + 1, 1)
                   from 17 for 1)::uuid
$$;

-- Auto-rules of types 3 and 4 count a participant's activities of a kind: one index per participant
-- dimension, so that an evaluation reads one participant's rows (bounded by the threshold or the
-- streak's window), never the organisation's.
create index activity_by_site on activity (organisation_id, site_id, kind, occurred_at) where site_id is not null;
create index activity_by_unit on activity (organisation_id, unit_id, kind, occurred_at) where unit_id is not null;
create index activity_by_user on activity (organisation_id, user_id, kind, occurred_at) where user_id is not null;
create index activity_by_group on activity (organisation_id, group_id, kind, occurred_at) where group_id is not null;

-- Auto-rules of types 0 and 1 read a participant's results over the organisation's closed
-- challenges: by participant, so that the winners of a close cost their own rows only.
create index challenge_result_by_participant on challenge_result (participant_type, participant_id, challenge_id)
    include (met);
