-- A participant may opt out of public leaderboards: still scored and awarded, hidden from the results
-- and their CSV for every role but admin (ranks stay as computed, so hidden rows leave gaps).
alter table participant add column public_opt_out boolean not null default false;
