//go:build linux && cgo && !musl

package data

// #include <malloc.h>
import "C"

// trimCHeap asks glibc to return the free pages of all its arenas to the
// OS: SQLite's page caches are allocated there, one arena per thread that
// ran a query, and glibc otherwise keeps freed pages in the middle of an
// arena.
func trimCHeap() { C.malloc_trim(0) }
