-- Webhook subscriptions of an organisation: where to send which events. The signing secret is stored
-- sealed with AES-GCM (WebhookSecrets): the dispatcher computes HMACs with it, so a one-way hash would not
-- do. After a rotation the previous secret signs too, until previous_secret_expires_at.
create table webhook_subscription (
    id                         bigint generated always as identity primary key,
    organisation_id            bigint      not null references organisation (id),
    url                        text        not null,
    events                     text[]      not null check (cardinality(events) > 0),
    active                     boolean     not null default true,
    description                text        not null default '',
    secret                     bytea       not null,
    previous_secret            bytea,
    previous_secret_expires_at timestamptz,
    secret_rotated_at          timestamptz,
    disabled_reason            text,
    created_at                 timestamptz not null default now(),
    updated_at                 timestamptz not null default now(),
    check ((previous_secret is null) = (previous_secret_expires_at is null))
);
create index webhook_subscription_by_organisation on webhook_subscription (organisation_id, id);

-- An event that at least one subscription wanted, with the body every delivery of it sends (the
-- CloudEvents structured JSON): written once however many subscriptions match.
create table webhook_event (
    id              uuid        primary key,
    organisation_id bigint      not null,
    type            text        not null,
    occurred_at     timestamptz not null,
    body            text        not null,
    received_at     timestamptz not null default now()
);

-- One delivery per (subscription, event): the unique key makes a redelivered event create nothing.
-- A pending delivery is due at next_attempt_at. A dispatcher that claims it stamps a lease token and
-- lease_until (columns in no index, so the claim can be a HOT update: fillfactor leaves room) and writes
-- the outcome only while its token is still there; after lease_until another dispatcher may claim it.
create table webhook_delivery (
    id               bigint generated always as identity primary key,
    organisation_id  bigint      not null,
    subscription_id  bigint      not null references webhook_subscription (id) on delete cascade,
    event_id         uuid        not null references webhook_event (id),
    event_type       text        not null,
    status           text        not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
    attempts         integer     not null default 0,
    last_status_code integer,
    last_error       text,
    next_attempt_at  timestamptz,
    lease            uuid,
    lease_until      timestamptz,
    created_at       timestamptz not null default now(),
    last_attempt_at  timestamptz,
    delivered_at     timestamptz,
    unique (subscription_id, event_id),
    check ((status = 'pending') = (next_attempt_at is not null))
) with (fillfactor = 80);
-- The dispatcher's claim: each subscription's due deliveries, oldest first.
create index webhook_delivery_due on webhook_delivery (subscription_id, next_attempt_at) where status = 'pending';
-- GET /webhooks/deliveries, newest first.
create index webhook_delivery_by_organisation on webhook_delivery (organisation_id, id desc);
