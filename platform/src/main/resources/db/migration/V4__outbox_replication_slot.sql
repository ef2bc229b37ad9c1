-- The relay's logical replication slot exists from the first migration on, so that no outbox row is
-- written before the slot could retain it. Debezium streams from it with the pgoutput plugin.
select pg_create_logical_replication_slot('podium_outbox', 'pgoutput')
where not exists (select 1 from pg_replication_slots where slot_name = 'podium_outbox');
