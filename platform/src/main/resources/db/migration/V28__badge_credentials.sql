-- Open Badges 3.0 credentials (decision 0017). Each organisation signs with its own Ed25519 key,
-- made on first need: the public JWK in the clear, the private JWK sealed with AES-GCM under the
-- configured key (as webhook secrets are), bound to the organisation. next_status_index hands out
-- the organisation's positions in its revocation status list.
create table organisation_signing_key (
    organisation_id   bigint      primary key references organisation (id),
    key_id            text        not null unique,
    public_jwk        text        not null,
    private_jwk       bytea       not null,
    next_status_index integer     not null default 0 check (next_status_index >= 0),
    created_at        timestamptz not null default now()
);

-- A grant's position in its organisation's status list, given when its credential is first made.
create table badge_credential (
    grant_id        bigint      primary key,
    organisation_id bigint      not null references organisation (id),
    status_index    integer     not null check (status_index >= 0),
    created_at      timestamptz not null default now(),
    unique (organisation_id, status_index)
);

-- The identifier an organisation chooses for a participant as a credential's recipient (an e-mail
-- address, its own user id, a URI); null: the participant's Podium id.
alter table participant add column credential_identifier text check (length(credential_identifier) <= 500);
