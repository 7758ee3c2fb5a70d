-- The history's key carries the figures the views and the spike scan read
-- (followers, posts, source, flags), so their per-account seeks and ranges
-- are index-only scans: the leaderboard's 36,000 seeks on the national
-- watchlist (synthetic, 16.5 M readings) cost the server about half the CPU
-- (about 215 ms instead of 420 ms, docs/BENCHMARKS-TEAM.md). The key stays
-- (account_id, ts); the index is about twice as large. Rebuilding it locks
-- the history for the upgrade (about 20 s at national scale).
ALTER TABLE snapshots DROP CONSTRAINT snapshots_pkey,
    ADD CONSTRAINT snapshots_pkey PRIMARY KEY (account_id, ts) INCLUDE (followers, posts, source, flags);

-- Index-only scans skip the table only for pages the visibility map marks
-- all-visible, which a vacuum does. By default an insert-only table is
-- vacuumed after 20 % of its rows are new (3.3 M readings at national scale,
-- months of passes); 1 % keeps recent passes' pages marked within days.
ALTER TABLE snapshots SET (autovacuum_vacuum_insert_scale_factor = 0.01);
