package data

import "errors"

// Sentinel errors returned by the store and the domain validators. Callers
// test for them with errors.Is; the wrapped message says what and where.
var (
	// ErrNotFound means the requested official, account or alert does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid means a value failed validation (unknown platform, negative count…).
	ErrInvalid = errors.New("invalid")
	// ErrAmbiguous means a name matched more than one official.
	ErrAmbiguous = errors.New("ambiguous")
	// ErrSchemaTooNew means the database was written by a newer akimwatch.
	ErrSchemaTooNew = errors.New("database schema is newer than this akimwatch")
	// ErrNotDatabase means the file exists but is not an SQLite database.
	ErrNotDatabase = errors.New("not an SQLite database")
)
