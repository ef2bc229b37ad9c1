-- Events that scale with participants (a close's awards, a delete's removals) are written as chunks:
-- one outbox row carries up to a few hundred events as a JSON array of {id, key, subject, data}, and
-- the relay publishes one Kafka record per element. `events` is the number of elements in a chunk,
-- null for a row that is one message. Fewer, larger rows cut the close's write cost and the WAL the
-- relay decodes (docs/benchmarks.md).
alter table outbox add column events integer check (events > 0);

-- A close writes a grant per winner: one index fewer to maintain. The challenge grant's unique index
-- now leads with the challenge, so it also serves "the grants of a challenge" (delete, events), and
-- the separate index on challenge_id goes.
drop index badge_grant_challenge;
drop index badge_grant_by_challenge;
create unique index badge_grant_challenge on badge_grant (challenge_id, badge_id, participant_type, participant_id)
    where source = 'challenge';
