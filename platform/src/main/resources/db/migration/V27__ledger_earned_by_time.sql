-- Points leaderboards over a window read an organisation's earned points by time.
create index ledger_earned_by_time on ledger (organisation_id, participant_type, created_at) where reason = 0;
