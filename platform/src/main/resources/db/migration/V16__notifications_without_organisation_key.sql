-- A close writes a notification per participant scored (a million for the largest closes) in one
-- INSERT … SELECT; the organisation foreign key checked each row with a trigger query, ~30% of that
-- statement (EXPLAIN ANALYZE in CloseNotificationsBenchmark, docs/benchmarks.md). Dropped for the
-- reasons V15 gives for the award tables: organisations are never deleted, and every writer takes
-- the organisation from a row that has it (the badge-rule-worker from the locked rule, the
-- notification-worker's close statement from the challenge, its participant statement checks the
-- organisation exists). The unique event_id stays: it is the idempotency guarantee.
alter table notification drop constraint notification_organisation_id_fkey;
