package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"akimwatch/app"
	"akimwatch/data"
)

type fakeServices struct {
	rows []data.OfficialSummary
	demo bool
	err  error
}

func (f fakeServices) Overview(context.Context) ([]data.OfficialSummary, error) { return f.rows, f.err }
func (f fakeServices) IsDemo(context.Context) (bool, error)                     { return f.demo, nil }

func summary(name, latin string, followers int64) data.OfficialSummary {
	return data.OfficialSummary{Official: data.Official{Name: name, NameLatin: latin, Position: data.PosAkim, Region: "pavlodar"},
		Followers: followers, Counted: 1, Sources: map[data.Source]bool{}}
}

func TestWatchlistSearch(t *testing.T) {
	a := test.NewTempApp(t)
	svc := fakeServices{rows: []data.OfficialSummary{
		summary("Булат Бакауов", "Bulat Bakauov", 15000),
		summary("Данат Жумин", "Danat Zhumin", 8000),
		summary("Асет Исекешев", "Aset Isekeshev", 40000),
	}}
	w := app.NewMainWindow(a, svc)
	if err := w.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"Булат Бакауов", "Данат Жумин", "Асет Исекешев"}},
		{"бакау", []string{"Булат Бакауов"}},
		{"Zhumin", []string{"Данат Жумин"}},
		{"ISEKESHEV", []string{"Асет Исекешев"}},
		{"nobody", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			entry := w.SearchEntry()
			entry.SetText("")
			test.Type(entry, tt.query)
			got := w.Shown()
			if len(got) != len(tt.want) {
				t.Fatalf("shown %d officials, want %d", len(got), len(tt.want))
			}
			for i := range got {
				if got[i].Official.Name != tt.want[i] {
					t.Fatalf("row %d = %s, want %s", i, got[i].Official.Name, tt.want[i])
				}
			}
		})
	}
}

func TestWatchlistShowsErrorAndDemo(t *testing.T) {
	a := test.NewTempApp(t)
	w := app.NewMainWindow(a, fakeServices{err: errors.New("disk on fire")})
	if err := w.Reload(context.Background()); err == nil {
		t.Fatal("want the error back")
	}
	if got := w.StatusText(); got == "" || !strings.Contains(got, "disk on fire") {
		t.Fatalf("status = %q, want the cause", got)
	}
	w = app.NewMainWindow(a, fakeServices{rows: []data.OfficialSummary{summary("A", "A", 1)}, demo: true})
	if err := w.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !w.DemoShown() {
		t.Fatal("demo data must be labelled")
	}
}
