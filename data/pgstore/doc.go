// Package pgstore is the PostgreSQL engine of data.Store: one watchlist and
// its history on a server a team shares (github.com/jackc/pgx/v5), with its
// own embedded migrations. Any number of apps and CLI commands may use one
// database at once; refresh passes take an advisory lock per platform, so
// two refreshers never fetch the same platform together.
//
// Open takes a postgres:// URL. The password is never part of what the
// store shows: Path returns the URL without it, and errors name that.
package pgstore
