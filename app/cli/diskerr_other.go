//go:build !unix

package cli

// readOnlyFolder reports whether dir is on a read-only filesystem; on this
// OS it cannot tell, and the error is shown as it is.
func readOnlyFolder(string) bool { return false }
