-- The few readings a total cannot simply sum: article quotes (source 5), approximate figures
-- (flags 1, 2 or 4) and counts of zero. The leaderboard and the watchlist check with one seek
-- that none falls in the span they compare, then take its change from three readings per
-- account instead of every reading (data/totals_sketch.go; the terms must stay the same).
CREATE INDEX snapshots_odd ON snapshots(account_id, ts) WHERE source = 5 OR flags & 7 <> 0 OR followers = 0;
