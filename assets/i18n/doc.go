// Package i18n is akimwatch's one translation system outside the Fyne UI.
// The strings live in assets/translations/{ru,kk,en}.json, the same files the
// desktop app loads with Fyne's lang package; T looks a key up for an
// explicit language, so charts, exports and the command line (which never
// import Fyne) say the same words as the window. Numbers, changes,
// percentages and dates are formatted here too, on golang.org/x/text, so
// every screen and file writes them the same way ("12 345", "+1,2 %").
package i18n
