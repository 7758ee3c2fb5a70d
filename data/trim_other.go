//go:build !linux || !cgo || musl

package data

// trimCHeap is a no-op where the C allocator has no malloc_trim (macOS and
// Windows return freed memory on their own; build with -tags musl on musl).
func trimCHeap() {}
