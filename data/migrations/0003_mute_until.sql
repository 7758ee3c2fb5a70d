-- "Mute account for 7 days": alerts of the account are held back until then.
ALTER TABLE accounts ADD COLUMN muted_until INTEGER; -- unix seconds, UTC; NULL = not muted for a while
