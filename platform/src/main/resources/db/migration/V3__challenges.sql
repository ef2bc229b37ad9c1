-- Challenges (seed 000's fields). Lifecycle status is derived from active, closed and the dates.
create table challenge (
    id               bigint generated always as identity primary key,
    organisation_id  bigint        not null references organisation (id),
    name             text          not null,
    description      text          not null default '',
    metric           smallint      not null check (metric between 0 and 4),
    scope            smallint      not null check (scope between 0 and 4),
    scope_id         bigint,
    threshold        numeric(20, 4) not null default 0,
    comparator       smallint      not null default 0 check (comparator in (0, 1)),
    start_date       date          not null,
    end_date         date          not null,
    reward_points    bigint        not null default 0 check (reward_points >= 0),
    reward_badge_id  bigint,
    prior_period_start date,
    prior_period_end   date,
    streak_threshold numeric(20, 4),
    group_filter     text,
    rule_json        text,
    autoclose        boolean       not null default false,
    active           boolean       not null default true,
    closed           boolean       not null default false,
    closed_at        timestamptz,
    created_at       timestamptz   not null default now(),
    updated_at       timestamptz   not null default now(),
    check (end_date >= start_date)
);
create index challenge_by_organisation on challenge (organisation_id, id);

-- What each worker did with a closed challenge: the walking skeleton's proof that the event reached
-- every consumer. Written in the same transaction as the consumer's inbox row.
create table challenge_close_receipt (
    consumer        text        not null,
    challenge_id    bigint      not null,
    organisation_id bigint      not null,
    message_id      uuid        not null,
    received_at     timestamptz not null default now(),
    primary key (consumer, challenge_id)
);
