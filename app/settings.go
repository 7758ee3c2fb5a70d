package app

import (
	"slices"

	"fyne.io/fyne/v2"
)

// Preference keys and their defaults and bounds, in one place.
const (
	prefLanguage    = "language"         // "", "ru", "kk" or "en"; "" follows the system
	prefSchedule    = "refresh_schedule" // hours between automatic refreshes; 0 = off
	prefInstagram   = "instagram_account_id"
	defaultSchedule = 0 // off until the analyst has set tokens and chosen
)

// Schedules are the refresh intervals the settings offer, in hours (0 = off).
var Schedules = []int{0, 1, 6, 24}

// Settings is a typed view of fyne.Preferences.
type Settings struct{ p fyne.Preferences }

// NewSettings wraps p.
func NewSettings(p fyne.Preferences) *Settings { return &Settings{p: p} }

// Language returns the saved language choice ("" follows the system).
func (s *Settings) Language() string {
	v := s.p.StringWithFallback(prefLanguage, "")
	if v != "" && !slices.Contains(Languages, v) {
		return ""
	}
	return v
}

// SetLanguage saves the language choice; it applies on restart.
func (s *Settings) SetLanguage(v string) {
	if v != "" && !slices.Contains(Languages, v) {
		v = ""
	}
	s.p.SetString(prefLanguage, v)
}

// ScheduleHours returns the automatic refresh interval in hours (0 = off).
func (s *Settings) ScheduleHours() int {
	v := s.p.IntWithFallback(prefSchedule, defaultSchedule)
	if !slices.Contains(Schedules, v) {
		return defaultSchedule
	}
	return v
}

// SetScheduleHours saves the refresh interval; values not in Schedules turn it off.
func (s *Settings) SetScheduleHours(h int) {
	if !slices.Contains(Schedules, h) {
		h = 0
	}
	s.p.SetInt(prefSchedule, h)
}

// InstagramAccountID returns the analyst's Instagram professional account id.
func (s *Settings) InstagramAccountID() string { return s.p.String(prefInstagram) }

// SetInstagramAccountID saves the Instagram professional account id.
func (s *Settings) SetInstagramAccountID(id string) { s.p.SetString(prefInstagram, id) }
