package report_test

import (
	"bytes"
	"context"
	"image/png"
	"strings"
	"testing"
	"time"

	"akimwatch/charts"
	"akimwatch/data"
	"akimwatch/data/datatest"
	"akimwatch/data/report"
)

var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

func TestSpec(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	bak := datatest.Official(t, s, "Булат Бакауов")
	zhu := datatest.Official(t, s, "Данат Жумин")
	ig := datatest.Account(t, s, bak, data.Instagram, "b_ig")
	tg := datatest.Account(t, s, bak, data.Telegram, "b_tg")
	zig := datatest.Account(t, s, zhu, data.Instagram, "z_ig")
	start := now.AddDate(0, 0, -200)
	for _, snaps := range [][]data.Snapshot{
		datatest.Daily(ig.ID, start, 200, 1000, 10),
		datatest.Daily(tg.ID, start, 200, 500, 1),
		datatest.Daily(zig.ID, start, 200, 3000, 3),
	} {
		if err := s.AddSnapshots(ctx, snaps); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddAlerts(ctx, []data.Alert{{AccountID: ig.ID, Time: now.AddDate(0, 0, -10), Kind: data.AlertJump, Size: 500}}); err != nil {
		t.Fatal(err)
	}
	b := report.New(s)
	tests := []struct {
		name     string
		req      report.Request
		kind     charts.Kind
		series   int
		points   int     // points of the first series
		first    float64 // first value of the first series
		markers  int
		titleHas string
	}{
		{"one official, 90 days", report.Request{Officials: []int64{bak.ID}, Mode: report.ModeFollowers, Range: report.Range90d},
			charts.KindFollowers, 3, 90, 1000 + 110*10 + 500 + 110, 1, "Булат Бакауов"},
		{"one platform", report.Request{Officials: []int64{bak.ID}, Platform: data.Telegram, Range: report.Range30d},
			charts.KindFollowers, 1, 30, 500 + 170, 0, "Telegram"},
		{"daily change", report.Request{Officials: []int64{bak.ID}, Platform: data.Instagram, Mode: report.ModeDaily, Range: report.Range30d},
			charts.KindDailyChange, 1, 29, 10, 1, "Instagram"},
		{"compare sums accounts", report.Request{Officials: []int64{bak.ID, zhu.ID}, Range: report.Range30d},
			charts.KindCompare, 2, 30, 1000 + 170*10 + 500 + 170, 1, "Бакауов · Жумин"},
		{"growth from range start", report.Request{Officials: []int64{zhu.ID}, Mode: report.ModeGrowth, Range: report.Range30d},
			charts.KindGrowthPct, 1, 30, 0, 0, "Жумин"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Now, tt.req.Lang = now, "ru"
			spec, err := b.Spec(ctx, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if spec.Kind != tt.kind || len(spec.Series) != tt.series || len(spec.Markers) != tt.markers {
				t.Fatalf("kind %v, %d series, %d markers; want %v, %d, %d", spec.Kind, len(spec.Series), len(spec.Markers), tt.kind, tt.series, tt.markers)
			}
			pts := spec.Series[0].Points
			if len(pts) != tt.points || pts[0].Value != tt.first {
				t.Fatalf("first series: %d points from %v; want %d from %v", len(pts), pts[0].Value, tt.points, tt.first)
			}
			if !strings.Contains(spec.Title, tt.titleHas) {
				t.Fatalf("title %q lacks %q", spec.Title, tt.titleHas)
			}
			img, err := charts.Render(spec, charts.FormatPNG)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := png.Decode(bytes.NewReader(img)); err != nil {
				t.Fatal(err)
			}
		})
	}
	name, err := b.FileName(ctx, report.Request{Officials: []int64{bak.ID}, Platform: data.Instagram, Range: report.Range90d, Now: now}, ".png")
	if err != nil || name != "Бакауов_instagram_90d_2026-11-27.png" {
		t.Fatalf("file name %q, %v", name, err)
	}
}

func TestDemoIsLabelled(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	o := datatest.Official(t, s, "A")
	if err := s.SetMeta(ctx, data.MetaDemo, "1"); err != nil {
		t.Fatal(err)
	}
	spec, err := report.New(s).Spec(ctx, report.Request{Officials: []int64{o.ID}, Now: now})
	if err != nil || !spec.Demo {
		t.Fatalf("demo = %v, %v; a demo database must say DEMO on its charts", spec.Demo, err)
	}
}

// TestOneMetricPerLine: a Page that switched from followers to page likes
// gets two lines, the likes one labelled; an official's compare total
// leaves the likes out; a YouTube line says it is rounded.
func TestOneMetricPerLine(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	o := datatest.Official(t, s, "Булат Бакауов")
	other := datatest.Official(t, s, "Данат Жумин")
	fb := datatest.Account(t, s, o, data.Facebook, "akimat.page")
	yt := datatest.Account(t, s, other, data.YouTube, "UC_x5XG1OV2P6uZZ5FSM9Ttw")
	start := now.AddDate(0, 0, -20)
	snaps := datatest.Daily(fb.ID, start, 20, 1000, 10)
	for i := 10; i < 20; i++ {
		snaps[i].Followers, snaps[i].Flags = 50000, data.FlagPageLikes
	}
	ytSnaps := datatest.Daily(yt.ID, start, 20, 1230, 0)
	for i := range ytSnaps {
		ytSnaps[i].Flags = data.FlagRounded
	}
	if err := s.AddSnapshots(ctx, append(snaps, ytSnaps...)); err != nil {
		t.Fatal(err)
	}
	b := report.New(s)
	spec, err := b.Spec(ctx, report.Request{Officials: []int64{o.ID}, Range: report.Range30d, Lang: "en", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(spec.Series) != 2 || strings.Contains(spec.Series[0].Label, "likes") || !strings.Contains(spec.Series[1].Label, "page likes, not followers") {
		t.Fatalf("series %q", labels(spec.Series))
	}
	for _, p := range spec.Series[0].Points {
		if p.Value >= 50000 {
			t.Fatalf("page likes joined the follower line: %+v", p)
		}
	}
	spec, err = b.Spec(ctx, report.Request{Officials: []int64{o.ID, other.ID}, Range: report.Range30d, Lang: "en", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range spec.Series[0].Points {
		if p.Value >= 50000 {
			t.Fatalf("page likes summed into the official's followers: %+v", p)
		}
	}
	spec, err = b.Spec(ctx, report.Request{Officials: []int64{other.ID}, Range: report.Range30d, Lang: "en", Now: now})
	if err != nil || len(spec.Series) != 1 || !strings.Contains(spec.Series[0].Label, "rounded by YouTube") {
		t.Fatalf("YouTube series %q, %v", labels(spec.Series), err)
	}
}

func labels(ss []charts.Series) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Label)
	}
	return out
}
