package data_test

import (
	"context"
	"errors"
	"testing"

	"akimwatch/data"
	"akimwatch/data/datatest"
)

func TestFindOfficial(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	bak := datatest.Official(t, s, "Булат Бакауов")
	a1 := datatest.Official(t, s, "Даниял Ахметов")
	a2 := datatest.Official(t, s, "Серик Ахметов")
	tests := []struct {
		query string
		want  int64
		err   error
	}{
		{"Булат Бакауов", bak.ID, nil},
		{"bulat bakauov", bak.ID, nil},
		{"БАКАУОВ", bak.ID, nil},
		{"Bakauov", bak.ID, nil},
		{"Даниял Ахметов", a1.ID, nil},
		{"Ахметов", 0, data.ErrAmbiguous},
		{"Akhmetov", 0, data.ErrAmbiguous},
		{"Назарбаев", 0, data.ErrNotFound},
		{"999", 0, data.ErrNotFound},
	}
	_ = a2
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got, err := s.FindOfficial(ctx, tt.query)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil || got.ID != tt.want {
				t.Fatalf("got %d, %v; want %d", got.ID, err, tt.want)
			}
		})
	}
}

func TestTransliterate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Булат Бакауов", "Bulat Bakauov"},
		{"Жаксылык Омар", "Zhaksylyk Omar"},
		{"Ұлытау Қызылорда Әлия", "Ulytau Qyzylorda Aliia"},
		{"Aset Isekeshev", "Aset Isekeshev"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := data.Transliterate(tt.in); got != tt.want {
				t.Fatalf("Transliterate(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestOfficialValidation(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	tests := []struct {
		name string
		o    data.Official
		ok   bool
	}{
		{"complete", data.Official{Name: "A", Position: data.PosAkim, Level: data.LevelRural, Region: "turkistan"}, true},
		{"unknown fields left empty", data.Official{Name: "B"}, true},
		{"empty name", data.Official{Name: "  ", Position: data.PosAkim}, false},
		{"bad region", data.Official{Name: "C", Region: "mars"}, false},
		{"bad level", data.Official{Name: "D", Level: "galactic"}, false},
		{"bad position", data.Official{Name: "E", Position: "king"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.CreateOfficial(ctx, tt.o)
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok=%v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, data.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestDuplicateHandleRefused(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	o := datatest.Official(t, s, "A")
	datatest.Account(t, s, o, data.Telegram, "akimat")
	_, err := s.CreateAccount(ctx, data.Account{OfficialID: o.ID, Platform: data.Telegram, Handle: "https://t.me/Akimat", Active: true})
	if !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid for a handle already on the list", err)
	}
	// Empty handles may repeat: the article names platforms without handles.
	for range 2 {
		if _, err := s.CreateAccount(ctx, data.Account{OfficialID: o.ID, Platform: data.Facebook, Active: true}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestParseRegion(t *testing.T) {
	tests := []struct {
		in   string
		want data.Region
	}{
		{"pavlodar", "pavlodar"},
		{"Павлодарская область", "pavlodar"},
		{"Pavlodar Region", "pavlodar"},
		{"Павлодар облысы", "pavlodar"},
		{"ЗКО", "west_kazakhstan"},
		{"Нур-Султан", "astana"},
		{"Шымкент", "shymkent"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := data.ParseRegion(tt.in)
			if err != nil || got != tt.want {
				t.Fatalf("ParseRegion(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
	if _, err := data.ParseRegion("Atlantis"); !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("unknown region err = %v", err)
	}
	if len(data.Regions) != 20 {
		t.Fatalf("want 17 regions and 3 cities, have %d", len(data.Regions))
	}
}
