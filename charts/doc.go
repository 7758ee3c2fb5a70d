// Package charts draws akimwatch's follower charts (followers over time,
// daily change, growth % and comparisons) as PNG or SVG bytes, and exports
// them to files with safe names.
//
// The package is pure: it never imports Fyne or the store. Callers pass plain
// point slices (from the store or the growth package) and alert markers in a
// Spec, and get image bytes back. The desktop app, the CLI and the tests all
// draw the same chart from the same Spec.
//
// Text is drawn with go-chart's bundled Roboto Medium, which has every
// Cyrillic and Kazakh letter (ә ғ қ ң ө ұ ү һ і); font_test.go keeps it so.
package charts
