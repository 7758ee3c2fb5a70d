// Package assets embeds the files akimwatch ships with: the seed watchlist,
// the translations and the icon.
package assets

import "embed"

//go:embed icon.png
var icon []byte

//go:embed seed/watchlist.json
var seedWatchlist []byte

//go:embed translations/*.json
var translations embed.FS

// SeedWatchlist returns the watchlist a new database starts with: the
// officials named in the 2019 article, with the figures it gave.
func SeedWatchlist() []byte { return seedWatchlist }

// Translations returns the embedded translations/{en,ru,kk}.json files, for
// fyne's lang.AddTranslationsFS(assets.Translations(), "translations").
func Translations() embed.FS { return translations }

// Icon returns the app icon as PNG bytes (512×512), used for the window, the
// tray and the packages.
func Icon() []byte { return icon }
