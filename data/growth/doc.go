// Package growth turns an account's irregular follower snapshots into growth
// figures, chart series, a trend projection and spike alerts.
//
// Everything here is pure: no I/O, no database, no Fyne. The store hands in
// points, the caller keeps the returned alerts and, for incremental work, the
// detector's saved state.
//
// Detection is online and causal: Detector.Step judges each new point only on
// the points before it, so running a saved detector over new points gives the
// same alerts as a full re-scan of the whole history. The tuning for the
// low, medium and high sensitivities lives in one table in params.go.
package growth
