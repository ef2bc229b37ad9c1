-- Activities: the facts challenges score. The client's id is unique per organisation, so resending is
-- harmless. A participant dimension is null when the activity does not belong to one of that type.
create table activity (
    organisation_id bigint         not null references organisation (id),
    id              text           not null,
    occurred_at     timestamptz    not null,
    site_id         bigint,
    unit_id         bigint,
    user_id         bigint,
    group_id        bigint,
    kind            text           not null,
    outcome         boolean,
    value           numeric(20, 4) not null default 1,
    attributes      jsonb          not null default '{}',
    received_at     timestamptz    not null default now(),
    primary key (organisation_id, id),
    check (site_id is not null or unit_id is not null or user_id is not null or group_id is not null)
);
create index activity_by_time on activity (organisation_id, occurred_at);
