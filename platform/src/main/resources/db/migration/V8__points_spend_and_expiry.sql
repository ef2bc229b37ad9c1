-- Points spending and expiry (docs/decisions/0005-exact-balances.md).

-- An organisation's points expiry policy: earned points expire this many days after they were
-- earned, oldest first, net of what was spent. Null: points never expire.
alter table organisation add column points_expiry_days integer check (points_expiry_days > 0);

-- One row per participant that has ever spent or had points expired: the row every debit (spend,
-- expiry) locks with FOR UPDATE before it reads the balance, so that debits of one participant
-- are serialised and a balance can never be overdrawn. The balance itself stays the sum of the
-- participant's ledger rows; closes only add positive rows and take no lock.
create table points_account (
    organisation_id  bigint      not null references organisation (id),
    participant_type smallint    not null check (participant_type between 0 and 4),
    participant_id   bigint      not null,
    created_at       timestamptz not null default now(),
    primary key (organisation_id, participant_type, participant_id)
);

-- The daily expiry run of an organisation: whoever inserts (organisation, day) queues that day's
-- job (in the same transaction), so several close-worker instances queue it once.
create table points_expiry_run (
    organisation_id bigint      not null references organisation (id),
    day             date        not null,
    job_id          bigint      references job (id),
    created_at      timestamptz not null default now(),
    primary key (organisation_id, day)
);

-- The ledger listing by challenge, newest first, and its totals (count and sum over the whole
-- filter) by an index-only scan. One participant's rows are few: ledger_by_participant (V5) serves
-- them. The organisation-wide totals stay a scan of the organisation's rows (docs/benchmarks.md).
create index ledger_by_challenge on ledger (organisation_id, challenge_id, id desc) include (points)
    where challenge_id is not null;
