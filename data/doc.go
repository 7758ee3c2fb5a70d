// Package data holds akimwatch's domain types (officials, accounts,
// snapshots, alerts), the Store interface every engine implements, and the
// SQLite engine (SQLiteStore, opened with Open) that keeps one analyst's
// watchlist in a file. The PostgreSQL engine for a team lives in
// data/pgstore; data/storetest is the conformance suite both pass.
//
// The package never imports Fyne: the desktop app, the CLI and the tests all
// reach the watchlist and its history through the same Store interface.
package data
