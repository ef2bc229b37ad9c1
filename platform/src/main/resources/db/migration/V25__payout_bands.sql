-- Rank-band payouts: a challenge may pay by band of competition rank instead of one amount per
-- winner, and cap how many participants win (decision 0016). payout_bands is a JSON array of
-- {"fromrank": n, "torank": m, "points": p}, sorted and non-overlapping (the edge validates it);
-- null or [] pays reward_points to every winner, as before. max_winners null is no cap.
alter table challenge
    add column payout_bands jsonb check (payout_bands is null or jsonb_typeof(payout_bands) = 'array'),
    add column max_winners  integer check (max_winners is null or max_winners > 0);
