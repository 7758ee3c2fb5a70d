-- Spike detection: per-account mute, and the detector's learnt state so a
-- refresh judges only new snapshots (and a restart raises nothing again).
ALTER TABLE accounts ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;

CREATE TABLE detector_state (
    account_id  INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    sensitivity TEXT    NOT NULL,  -- the state is only valid for this sensitivity
    state       BLOB    NOT NULL
);
