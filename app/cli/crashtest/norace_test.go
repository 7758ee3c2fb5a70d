//go:build !race

package crashtest

// raceBuild is true when the tests (and so the re-executed child) run
// under the race detector, which makes every run several times slower.
const raceBuild = false
