-- Badge auto-rules: (badge, rule type, threshold, kind). Rule types: 0 distinct challenges won,
-- 1 consecutive wins, 2 lifetime points, 3 count of activities of `kind`, 4 current daily streak of
-- activities of `kind`. Delete is soft (deleted_at): grants keep pointing at their rule.
create table badge_rule (
    id              bigint generated always as identity primary key,
    organisation_id bigint      not null references organisation (id),
    badge_id        bigint      not null references badge (id),
    rule_type       smallint    not null check (rule_type between 0 and 4),
    threshold       bigint      not null check (threshold > 0),
    kind            text        check (kind <> ''),
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    deleted_at      timestamptz,
    check ((rule_type in (3, 4)) = (kind is not null))
);
-- One live rule per (organisation, badge, rule type): creating the pair again updates it
-- (insert ... on conflict). The organisation is part of the key because a global badge may carry
-- a rule in every organisation.
create unique index badge_rule_pair on badge_rule (organisation_id, badge_id, rule_type) where deleted_at is null;
create index badge_rule_by_organisation on badge_rule (organisation_id, id) where deleted_at is null;

-- A rule grant names its rule; rules are never deleted, only marked.
alter table badge_grant add constraint badge_grant_rule_fk foreign key (rule_id) references badge_rule (id);
alter table badge_grant add constraint badge_grant_rule_named check (source <> 'rule' or rule_id is not null);

-- A rule badge at most once per participant of an organisation: V5's index left the organisation
-- out, so one organisation's rule grant of a global badge would have blocked another's.
drop index badge_grant_rule;
create unique index badge_grant_rule on badge_grant (organisation_id, badge_id, participant_type, participant_id)
    where source = 'rule';

-- Manual grants (POST /badges/grant) carry the admin's notes; a participant holds a badge at most
-- once by unrevoked manual grant, so a repeated grant finds the one it made before.
alter table badge_grant add column notes text;
create unique index badge_grant_manual on badge_grant (organisation_id, badge_id, participant_type, participant_id)
    where source = 'manual' and revoked_at is null;

-- The grant list of a whole organisation, newest first, and a badge's unrevoked grants (earned count).
create index badge_grant_by_organisation on badge_grant (organisation_id, id desc);
create index badge_grant_by_badge on badge_grant (organisation_id, badge_id) where revoked_at is null;
