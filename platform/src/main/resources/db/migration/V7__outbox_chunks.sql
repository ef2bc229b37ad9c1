-- Events that scale with participants (a close's awards, a delete's removals) are written as chunks:
-- one outbox row carries up to a few hundred events as a JSON array of {id, key, subject, data}, and
-- the relay publishes one Kafka record per element. `events` is the number of elements in a chunk,
-- null for a row that is one message. Fewer, larger rows cut the close's write cost and the WAL the
-- relay decodes (docs/benchmarks.md).
alter table outbox add column events integer check (events > 0);
