-- Officials on the watchlist.
CREATE TABLE officials (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL CHECK (name <> ''),
    name_latin TEXT    NOT NULL DEFAULT '',
    position   TEXT    NOT NULL DEFAULT '',
    level      TEXT    NOT NULL DEFAULT '',
    region     TEXT    NOT NULL DEFAULT '',
    notes      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX officials_region ON officials(region, level);

-- One official's presence on one platform.
CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    official_id INTEGER NOT NULL REFERENCES officials(id) ON DELETE CASCADE,
    platform    TEXT    NOT NULL,
    handle      TEXT    NOT NULL DEFAULT '',
    url         TEXT    NOT NULL DEFAULT '',
    active      INTEGER NOT NULL DEFAULT 1,
    last_check  INTEGER,              -- unix seconds, UTC
    last_error  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX accounts_official ON accounts(official_id);
-- A real handle belongs to one account; empty handles (not yet known) may repeat.
CREATE UNIQUE INDEX accounts_platform_handle ON accounts(platform, handle COLLATE NOCASE) WHERE handle <> '';

-- Snapshots: the history. The primary key (account_id, ts) is the only index:
-- it makes a duplicate (same account, same second) a no-op upsert, serves
-- "series of one account between two times" as one range scan and "latest
-- snapshot of every account" as one seek per account. WITHOUT ROWID keeps
-- each row in the key's b-tree, with no second copy.
CREATE TABLE snapshots (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    ts         INTEGER NOT NULL,      -- unix seconds, UTC
    followers  INTEGER NOT NULL CHECK (followers >= 0),
    following  INTEGER,
    posts      INTEGER,
    likes      INTEGER,
    views      INTEGER,
    source     INTEGER NOT NULL,      -- data.Source
    flags      INTEGER NOT NULL DEFAULT 0, -- data.Flags
    PRIMARY KEY (account_id, ts)
) WITHOUT ROWID;

-- Alerts raised by spike detection. The unique key stops a re-scan from
-- raising the same alert twice.
CREATE TABLE alerts (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    ts           INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    size         INTEGER NOT NULL DEFAULT 0,
    pct          REAL    NOT NULL DEFAULT 0,
    score        REAL    NOT NULL DEFAULT 0,
    detail       TEXT    NOT NULL DEFAULT '',
    acknowledged INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, ts, kind)
);
CREATE INDEX alerts_open ON alerts(acknowledged, ts);

-- Facts about the database itself (such as whether it holds demo data).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
