-- The participant directory: display names for (type, id) pairs. Types: 0 site, 1 unit, 2 user,
-- 3 group, 4 team.
create table participant (
    organisation_id  bigint      not null references organisation (id),
    participant_type smallint    not null check (participant_type between 0 and 4),
    participant_id   bigint      not null,
    name             text        not null,
    updated_at       timestamptz not null default now(),
    primary key (organisation_id, participant_type, participant_id)
);

-- Teams: rosters of units and users, scored over the union of their members' activities.
create table team (
    id              bigint generated always as identity primary key,
    organisation_id bigint      not null references organisation (id),
    name            text        not null,
    description     text        not null default '',
    active          boolean     not null default true,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create index team_by_organisation on team (organisation_id, id);

create table team_member (
    team_id          bigint   not null references team (id) on delete cascade,
    participant_type smallint not null check (participant_type in (1, 2)),
    participant_id   bigint   not null,
    primary key (team_id, participant_type, participant_id)
);

-- Badges: global (no organisation) or an organisation's own. Delete is soft.
create table badge (
    id              bigint generated always as identity primary key,
    organisation_id bigint references organisation (id),
    name            text        not null,
    description     text        not null default '',
    icon            text        not null default '',
    colour          text        check (colour ~ '^#[0-9A-Fa-f]{6}$'),
    tier            smallint    not null default 0 check (tier between 0 and 4),
    category        text        not null default '',
    icon_url        text,
    locked_icon_url text,
    active          boolean     not null default true,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create index badge_by_organisation on badge (organisation_id, id);

-- Grants: a challenge badge at most once per (challenge, participant), a rule badge at most once per
-- participant; the unique indexes are the idempotency guarantee.
create table badge_grant (
    id               bigint generated always as identity primary key,
    organisation_id  bigint      not null references organisation (id),
    badge_id         bigint      not null references badge (id),
    participant_type smallint    not null,
    participant_id   bigint      not null,
    source           text        not null check (source in ('challenge', 'rule', 'manual')),
    challenge_id     bigint,
    rule_id          bigint,
    granted_at       timestamptz not null default now(),
    revoked_at       timestamptz,
    revoke_reason    text,
    check ((source = 'challenge') = (challenge_id is not null))
);
create unique index badge_grant_challenge on badge_grant (badge_id, challenge_id, participant_type, participant_id)
    where source = 'challenge';
create unique index badge_grant_rule on badge_grant (badge_id, participant_type, participant_id)
    where source = 'rule';
create index badge_grant_by_participant on badge_grant (organisation_id, participant_type, participant_id, id desc);
create index badge_grant_by_challenge on badge_grant (challenge_id) where challenge_id is not null;

-- The results snapshot of a challenge: replaced as a whole, every row sharing one computed_at.
create table challenge_result (
    challenge_id     bigint         not null references challenge (id) on delete cascade,
    participant_type smallint       not null,
    participant_id   bigint         not null,
    metric_value     numeric(20, 4) not null,
    met              boolean        not null,
    rank             integer        not null,
    computed_at      timestamptz    not null,
    primary key (challenge_id, participant_type, participant_id)
);
-- The leaderboard's order: winners first, then value (the direction is the challenge's), then id.
create index challenge_result_board on challenge_result (challenge_id, rank, participant_type, participant_id);

-- The points ledger: append-only. Reasons: 0 earned (close only, > 0), 1 redeemed (< 0),
-- 2 expired (< 0), 3 adjusted (either sign).
create table ledger (
    id               bigint generated always as identity primary key,
    organisation_id  bigint      not null references organisation (id),
    created_at       timestamptz not null default now(),
    challenge_id     bigint,
    participant_type smallint    not null,
    participant_id   bigint      not null,
    points           bigint      not null,
    reason           smallint    not null check (reason between 0 and 3),
    notes            text        not null default '',
    check (reason <> 0 or (points > 0 and challenge_id is not null)),
    check (reason not in (1, 2) or points < 0),
    check (points <> 0)
);
create unique index ledger_award on ledger (challenge_id, participant_type, participant_id) where reason = 0;
create index ledger_by_participant on ledger (organisation_id, participant_type, participant_id, id desc);
create index ledger_by_organisation on ledger (organisation_id, id desc);
