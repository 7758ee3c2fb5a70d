// Package widgets holds akimwatch's reusable Fyne widgets.
package widgets
