// Package data holds akimwatch's domain types (officials, accounts,
// snapshots, alerts) and the SQLite store that keeps them.
//
// The package never imports Fyne: the desktop app, the CLI and the tests all
// reach the watchlist and its history through the same Store.
package data
