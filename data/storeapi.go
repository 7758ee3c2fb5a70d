package data

import (
	"context"
	"time"
)

// Store is the watchlist and its history, whichever engine keeps them: the
// desktop app, the CLI and the services reach the database only through it
// and never know the engine. SQLiteStore (one analyst's file) implements it,
// and data/pgstore (a team's PostgreSQL server) does. Every implementation
// passes the conformance suite in data/storetest.
type Store interface {
	Watchlist
	History
	Alerting
	Views

	// Path names the database for people and for output checks: the
	// absolute file path of an SQLite store, the URL without its password
	// of a server.
	Path() string
	// Created reports whether opening the store created the database.
	Created() bool
	// ReadOnly reports whether the store refuses writes.
	ReadOnly() bool
	// Close releases the store's connections and locks.
	Close() error

	// Backup writes a consistent copy of the database to dest.
	Backup(ctx context.Context, dest string) error
	// BackupNow writes a backup into the backups folder and returns its path.
	BackupNow(ctx context.Context, now time.Time) (string, error)
	// AutoBackup writes the daily backup when one is due and returns its
	// path ("" when none was due or the engine keeps its own backups).
	AutoBackup(ctx context.Context, now time.Time) (string, error)
	// ChangeMark tells whether the database changed since an earlier mark
	// and whether this store made the change. An engine that cannot tell
	// returns an error, and callers then read the database back.
	ChangeMark(ctx context.Context) (ChangeMark, error)
	// ReleaseMemory gives caches back to the operating system when the
	// engine holds any.
	ReleaseMemory(ctx context.Context) error

	// Meta returns a fact about the database ("" when unset).
	Meta(ctx context.Context, key string) (string, error)
	// SetMeta records a fact about the database.
	SetMeta(ctx context.Context, key, value string) error
	// IsDemo reports whether the database holds generated demo data.
	IsDemo(ctx context.Context) (bool, error)
	// ApplySeed fills a new database with a seed watchlist.
	ApplySeed(ctx context.Context, sd Seed) error
}

// Watchlist is the officials and their accounts.
type Watchlist interface {
	CreateOfficial(ctx context.Context, o Official) (Official, error)
	UpdateOfficial(ctx context.Context, o Official) error
	DeleteOfficial(ctx context.Context, id int64) (snapshots int64, err error)
	Official(ctx context.Context, id int64) (Official, error)
	Officials(ctx context.Context) ([]Official, error)
	FindOfficial(ctx context.Context, idOrName string) (Official, error)

	AddAccount(ctx context.Context, a Account) (out Account, filled bool, err error)
	HandlelessAccounts(ctx context.Context, officialID int64, p Platform) ([]Account, error)
	SetHandle(ctx context.Context, id int64, handle *string, active *bool) (Account, error)
	MergeAccounts(ctx context.Context, from, into int64) (MergeStats, error)
	CreateAccount(ctx context.Context, a Account) (Account, error)
	UpdateAccount(ctx context.Context, a Account) error
	DeleteAccount(ctx context.Context, id int64) (snapshots int64, err error)
	Account(ctx context.Context, id int64) (Account, error)
	Accounts(ctx context.Context, f AccountFilter) ([]Account, error)
	RecordCheck(ctx context.Context, r CheckResult) error
	RecordChecks(ctx context.Context, rs []CheckResult) error
	FailingAccounts(ctx context.Context) ([]Account, error)
}

// History is the readings (snapshots) of every account.
type History interface {
	AddSnapshots(ctx context.Context, snaps []Snapshot) error
	Series(ctx context.Context, accountID int64, from, to time.Time) ([]Snapshot, error)
	Latest(ctx context.Context) ([]Snapshot, error)
	LatestAt(ctx context.Context, t time.Time) ([]Snapshot, error)
	SnapshotCount(ctx context.Context, accountID int64) (int64, error)
	EachSnapshot(ctx context.Context, fn func(Snapshot) error) error
	EachHistory(ctx context.Context, r HistoryRange, fn func(accountID int64, readings []Reading) error) error
	Import(ctx context.Context, src RowSource, note string) (ImportStats, error)
	Tallies(ctx context.Context, from, to time.Time) (map[int64]Tally, error)
	TalliesOf(ctx context.Context, from, to time.Time, f TallyFilter) (map[int64]Tally, error)
}

// Alerting is the alerts, the accounts they watch and the detector's state.
type Alerting interface {
	AlertTargets(ctx context.Context) ([]AlertTarget, error)
	AddAlerts(ctx context.Context, alerts []Alert) ([]Alert, error)
	Alerts(ctx context.Context, f AlertFilter) ([]Alert, error)
	AcknowledgeAlert(ctx context.Context, id int64, ack bool) error
	DetectorStates(ctx context.Context) (map[int64]DetectorState, error)
	SaveDetection(ctx context.Context, alerts []Alert, states []DetectorState) ([]Alert, error)
	SetMuted(ctx context.Context, accountID int64, muted bool) error
	MuteUntil(ctx context.Context, accountID int64, until time.Time) error
}

// Views are the figures computed from the history for the screens and
// reports (one definition each, in data).
type Views interface {
	Leaderboard(ctx context.Context, q LeaderboardQuery) ([]LeaderboardRow, error)
	Overview(ctx context.Context, now time.Time) ([]OfficialSummary, error)
	Sparklines(ctx context.Context, now time.Time, days int) (map[int64][]float64, error)
}

var _ Store = (*SQLiteStore)(nil)

// PlatformLocker is a Store that several refreshers share (the team
// database): a refresh pass holds a platform's lock while it fetches that
// platform, so two refreshers never fetch the same platform at once. An
// SQLite file has one writer at a time and needs none.
type PlatformLocker interface {
	// LockPlatform takes platform p's refresh lock without waiting. When
	// another process holds it, ok is false and holder says who
	// ("akimwatch refresh (aigerim) since 2026-11-30 09:12 UTC").
	LockPlatform(ctx context.Context, p Platform) (unlock func(), holder string, ok bool, err error)
}

// ChangeWatcher is a Store other processes write too (the team database):
// it tells when they changed something, so an open app shows it within
// seconds without a restart.
type ChangeWatcher interface {
	// WatchChanges calls fn, from its own goroutine, soon after another
	// process commits a change, until ctx ends.
	WatchChanges(ctx context.Context, fn func())
}

// Pinger is a Store on a server that can go away while the app runs (the
// team database): Ping tells whether the server answers now, so the app can
// say it is unreachable, work read-only from what it shows, and retry.
type Pinger interface {
	// Ping returns nil when the server answered a round trip.
	Ping(ctx context.Context) error
}
