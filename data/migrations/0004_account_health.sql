-- An account's health instead of a switch: a failed check records what
-- failed and since when, and the account stays on the watchlist (only the
-- analyst deactivates). next_try holds a still-failing account back so it is
-- retried with backoff, at most daily once it has failed for a week.
ALTER TABLE accounts ADD COLUMN fail_kind     TEXT    NOT NULL DEFAULT ''; -- data.FailKind; '' = healthy
ALTER TABLE accounts ADD COLUMN failing_since INTEGER;                     -- unix seconds, UTC; NULL = healthy
ALTER TABLE accounts ADD COLUMN fail_count    INTEGER NOT NULL DEFAULT 0;  -- failed checks in a row, same kind
ALTER TABLE accounts ADD COLUMN next_try      INTEGER;                     -- unix seconds, UTC; NULL = next pass
-- The platform's own id once resolved (a YouTube @handle's channel id), so a
-- handle is looked up once and read by id afterwards.
ALTER TABLE accounts ADD COLUMN platform_id   TEXT    NOT NULL DEFAULT '';
-- Which count the followers column holds for this account (data.Metric):
-- followers, subscribers, members or page_likes; '' = not read yet.
ALTER TABLE accounts ADD COLUMN metric        TEXT    NOT NULL DEFAULT '';

-- Accounts that earlier versions switched off on their own after a "not
-- found" (the analyst never chose it) come back as failing, so the analyst
-- sees them in "needs attention" and decides.
UPDATE accounts
   SET active = 1, fail_kind = 'not_found', failing_since = last_check, fail_count = 1
 WHERE active = 0 AND last_error <> '' AND last_check IS NOT NULL;

CREATE INDEX accounts_failing ON accounts(failing_since) WHERE fail_kind <> '';
