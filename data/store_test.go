package data_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"akimwatch/data"
	"akimwatch/data/datatest"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestOpenMigrations(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "w.db")

	seeded := 0
	seed := func(ctx context.Context, s data.Store) error { seeded++; return nil }

	t.Run("fresh database is migrated and seeded", func(t *testing.T) {
		s, err := data.Open(ctx, path, data.Options{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if !s.Created() || seeded != 1 {
			t.Fatalf("created=%v seeded=%d, want true 1", s.Created(), seeded)
		}
		if v := userVersion(t, path); v != data.SchemaVersion() {
			t.Fatalf("user_version = %d, want %d", v, data.SchemaVersion())
		}
	})
	t.Run("re-open keeps data and does not seed again", func(t *testing.T) {
		s, err := data.Open(ctx, path, data.Options{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if s.Created() || seeded != 1 {
			t.Fatalf("created=%v seeded=%d, want false 1", s.Created(), seeded)
		}
	})
	t.Run("newer database is refused", func(t *testing.T) {
		raw, err := sql.Open("sqlite3", path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec("PRAGMA user_version = 999"); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		_, err = data.Open(ctx, path, data.Options{})
		if !errors.Is(err, data.ErrSchemaTooNew) {
			t.Fatalf("err = %v, want ErrSchemaTooNew", err)
		}
		if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "999") {
			t.Fatalf("message should name the path and version: %v", err)
		}
	})
}

func userVersion(t *testing.T, path string) int {
	t.Helper()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var v int
	if err := raw.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestOpenBadPaths(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notDB, []byte("hello, this is not a database at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	roDir := filepath.Join(dir, "ro")
	if err := os.Mkdir(roDir, 0o500); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		path     string
		want     error
		skipRoot bool
	}{
		{name: "not an SQLite file", path: notDB, want: data.ErrNotDatabase},
		{name: "a folder", path: dir, want: data.ErrInvalid},
		{name: "read-only folder", path: filepath.Join(roDir, "x", "w.db"), skipRoot: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.skipRoot && os.Geteuid() == 0 {
				t.Skip("root may write anywhere")
			}
			_, err := data.Open(context.Background(), tt.path, data.Options{})
			if err == nil {
				t.Fatal("want an error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.path) {
				t.Fatalf("message should name %s: %v", tt.path, err)
			}
		})
	}
}

func TestSnapshotUpsertIsIdempotent(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	a := datatest.Account(t, s, datatest.Official(t, s, "Булат Бакауов"), data.Instagram, "bakauov")
	snap := data.Snapshot{AccountID: a.ID, Time: t0, Followers: 15000, Following: data.Int64(10), Source: data.SourceAPI}
	for range 3 {
		if err := s.AddSnapshots(ctx, []data.Snapshot{snap}); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := s.SnapshotCount(ctx, a.ID); n != 1 {
		t.Fatalf("count = %d, want 1", n)
	}
	snap.Followers = 15001
	if err := s.AddSnapshots(ctx, []data.Snapshot{snap}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Series(ctx, a.ID, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Followers != 15001 || *got[0].Following != 10 {
		t.Fatalf("series = %+v, want one row with the newer count", got)
	}
}

func TestAddSnapshotsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	a := datatest.Account(t, s, datatest.Official(t, s, "A"), data.X, "a")
	snaps := datatest.Daily(a.ID, t0, 3, 100, 1)
	snaps[2].Followers = -1
	if err := s.AddSnapshots(ctx, snaps); !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	snaps[2].Followers = 5
	snaps[1].AccountID = 9999 // no such account: the foreign key refuses it
	if err := s.AddSnapshots(ctx, snaps); err == nil {
		t.Fatal("want a foreign key error")
	}
	if n, _ := s.SnapshotCount(ctx, 0); n != 0 {
		t.Fatalf("count = %d, want 0 after failed inserts", n)
	}
}

func TestSeriesAndLatest(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	o := datatest.Official(t, s, "A")
	a1 := datatest.Account(t, s, o, data.X, "a")
	a2 := datatest.Account(t, s, o, data.Telegram, "b")
	a3 := datatest.Account(t, s, o, data.VK, "c") // no snapshots
	if err := s.AddSnapshots(ctx, append(datatest.Daily(a1.ID, t0, 10, 100, 2), datatest.Daily(a2.ID, t0, 5, 50, 1)...)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		from, to time.Time
		want     []int64
	}{
		{"all", time.Time{}, time.Time{}, []int64{100, 102, 104, 106, 108, 110, 112, 114, 116, 118}},
		{"half-open range", t0.AddDate(0, 0, 2), t0.AddDate(0, 0, 5), []int64{104, 106, 108}},
		{"open end", t0.AddDate(0, 0, 8), time.Time{}, []int64{116, 118}},
		{"empty range", t0.AddDate(1, 0, 0), time.Time{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Series(ctx, a1.ID, tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d points, want %d", len(got), len(tt.want))
			}
			for i := range got {
				if got[i].Followers != tt.want[i] {
					t.Fatalf("point %d = %d, want %d", i, got[i].Followers, tt.want[i])
				}
			}
		})
	}
	latest, err := s.Latest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(latest) != 2 {
		t.Fatalf("latest has %d rows, want 2 (account %d has none)", len(latest), a3.ID)
	}
	if latest[0].AccountID != a1.ID || latest[0].Followers != 118 || !latest[0].Time.Equal(t0.AddDate(0, 0, 9)) {
		t.Fatalf("latest[0] = %+v", latest[0])
	}
	if latest[1].AccountID != a2.ID || latest[1].Followers != 54 {
		t.Fatalf("latest[1] = %+v", latest[1])
	}
}

func TestDeleteOfficialCascades(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	o := datatest.Official(t, s, "A")
	a := datatest.Account(t, s, o, data.X, "a")
	if err := s.AddSnapshots(ctx, datatest.Daily(a.ID, t0, 4, 1, 1)); err != nil {
		t.Fatal(err)
	}
	n, err := s.DeleteOfficial(ctx, o.ID)
	if err != nil || n != 4 {
		t.Fatalf("DeleteOfficial = %d, %v; want 4, nil", n, err)
	}
	if c, _ := s.SnapshotCount(ctx, 0); c != 0 {
		t.Fatalf("snapshots left: %d", c)
	}
	if _, err := s.Account(ctx, a.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("account err = %v, want ErrNotFound", err)
	}
	if _, err := s.DeleteOfficial(ctx, o.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("second delete err = %v, want ErrNotFound", err)
	}
}

func TestRecordCheck(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	a := datatest.Account(t, s, datatest.Official(t, s, "A"), data.X, "a")
	at := t0.Add(time.Hour)
	snap := data.Snapshot{AccountID: a.ID, Time: at, Followers: 7, Source: data.SourceAPI}
	if err := s.RecordCheck(ctx, data.CheckResult{AccountID: a.ID, At: at, Snapshot: &snap}); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordCheck(ctx, data.CheckResult{AccountID: a.ID, At: at.Add(time.Hour), Err: "not found", Fail: data.FailNotFound}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Account(ctx, a.ID)
	if !got.Active || got.LastError != "not found" || !got.LastCheck.Equal(at.Add(time.Hour)) || got.FailKind != data.FailNotFound {
		t.Fatalf("account = %+v", got)
	}
	if n, _ := s.SnapshotCount(ctx, a.ID); n != 1 {
		t.Fatalf("snapshots = %d, want 1", n)
	}
}

func TestOverviewTotals(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	o := datatest.Official(t, s, "A")
	live := datatest.Account(t, s, o, data.Instagram, "live")
	old := datatest.Account(t, s, o, data.Facebook, "old")
	now := t0.AddDate(0, 0, 20)
	if err := s.AddSnapshots(ctx, append(datatest.Daily(live.ID, t0, 20, 1000, 10),
		data.Snapshot{AccountID: old.ID, Time: t0.AddDate(-7, 0, 0), Followers: 40000, Source: data.SourceArticle})); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddAlerts(ctx, []data.Alert{{AccountID: live.ID, Time: t0, Kind: data.AlertJump}}); err != nil {
		t.Fatal(err)
	}
	rows, err := s.Overview(ctx, now)
	if err != nil || len(rows) != 1 {
		t.Fatalf("overview = %v, %v", rows, err)
	}
	r := rows[0]
	if r.Followers != 1190 || r.Counted != 1 {
		t.Fatalf("total %d from %d accounts; want 1190 from the live account only (the 2019 figure is stale)", r.Followers, r.Counted)
	}
	if pct, ok := r.WeekPct(); !ok || r.Week.Abs != 60 || pct < 5.30 || pct > 5.32 {
		t.Fatalf("week change %d (%.2f%%, %v), want +60 (1130 → 1190)", r.Week.Abs, pct, ok)
	}
	if r.ApartFollowers != 40000 || r.Apart != 1 {
		t.Fatalf("apart %d (%d figures), want the article's 40000 shown apart", r.ApartFollowers, r.Apart)
	}
	if r.OpenAlerts != 1 || len(r.Accounts) != 2 {
		t.Fatalf("open alerts %d, accounts %d", r.OpenAlerts, len(r.Accounts))
	}
}

func TestLeaderboardStaleIsUnknown(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	a := datatest.Account(t, s, datatest.Official(t, s, "A"), data.X, "a")
	// Daily readings for 60 days, the newest 20 days before "now".
	if err := s.AddSnapshots(ctx, datatest.Daily(a.ID, t0, 60, 100, 1)); err != nil {
		t.Fatal(err)
	}
	rows, err := s.Leaderboard(ctx, data.LeaderboardQuery{At: t0.AddDate(0, 0, 79)})
	if err != nil || len(rows) != 1 {
		t.Fatalf("leaderboard = %v, %v", rows, err)
	}
	if rows[0].Week != nil {
		t.Fatalf("7-day change %+v from a reading 20 days old; want unknown", rows[0].Week)
	}
	if rows[0].Month == nil || rows[0].Month.Abs != 10 {
		t.Fatalf("30-day change %+v, want +10", rows[0].Month)
	}
}

func TestSparklines(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	o := datatest.Official(t, s, "A")
	a1 := datatest.Account(t, s, o, data.X, "a")
	a2 := datatest.Account(t, s, o, data.VK, "b")
	now := t0.AddDate(0, 0, 30)
	// a1 grows 1 a day for 30 days; a2 joins on day 25 with 1000 and grows 10 a day.
	if err := s.AddSnapshots(ctx, append(datatest.Daily(a1.ID, t0, 30, 100, 1), datatest.Daily(a2.ID, t0.AddDate(0, 0, 25), 5, 1000, 10)...)); err != nil {
		t.Fatal(err)
	}
	lines, err := s.Sparklines(ctx, now, 10)
	if err != nil {
		t.Fatal(err)
	}
	got := lines[o.ID]
	// The line ends at today's total (129 + 1040) and moves only by
	// like-for-like change: +1 a day, +11 once both are tracked; the join
	// is no step.
	want := []float64{1121, 1122, 1123, 1124, 1125, 1136, 1147, 1158, 1169, 1169}
	if len(got) != len(want) {
		t.Fatalf("sparkline %v; want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("sparkline %v; want %v", got, want)
		}
	}
}
