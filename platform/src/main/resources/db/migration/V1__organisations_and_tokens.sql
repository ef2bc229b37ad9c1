-- Organisations and their API tokens. A token is a random secret shown once; only its SHA-256 hash
-- is stored.
create table organisation (
    id                  bigint generated always as identity primary key,
    name                text        not null,
    time_zone           text        not null default 'UTC',
    autoclose_needs_token boolean   not null default false,
    created_at          timestamptz not null default now()
);

create table api_token (
    id               bigint generated always as identity primary key,
    organisation_id  bigint      not null references organisation (id),
    token_hash       bytea       not null unique,
    role             text        not null check (role in ('admin', 'coordinator', 'viewer', 'participant')),
    participant_type smallint,
    participant_id   bigint,
    label            text        not null default '',
    created_at       timestamptz not null default now(),
    revoked_at       timestamptz,
    check ((role = 'participant') = (participant_type is not null and participant_id is not null))
);
create index api_token_organisation on api_token (organisation_id);
