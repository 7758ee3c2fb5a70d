package cli

import "time"

// SetMinEvery lowers the shortest "refresh --every" for a test, so passes
// can run milliseconds apart; the returned func restores it.
func SetMinEvery(d time.Duration) (restore func()) {
	old := minEvery
	minEvery = d
	return func() { minEvery = old }
}
