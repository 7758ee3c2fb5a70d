// Command fyneprobe measures window start-up for "make bench": with -db
// empty it shows a bare Fyne window; with -db it opens that database, builds
// the leaderboard off the UI goroutine and shows it in a table. It prints
// the milliseconds from the start of main until the window is on screen
// with its content ready, then quits.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"

	"akimwatch/data"
)

func main() {
	t0 := time.Now()
	db := flag.String("db", "", "database to open; empty for a bare window")
	at := flag.Int64("at", 0, "leaderboard time (unix seconds)")
	flag.Parse()
	a := app.NewWithID("kz.akimwatch.fyneprobe")
	w := a.NewWindow("akimwatch start-up probe")
	w.Resize(fyne.NewSize(1200, 800))
	done := func() {
		fmt.Println(time.Since(t0).Milliseconds())
		a.Quit()
	}
	if *db == "" {
		a.Lifecycle().SetOnStarted(func() { fyne.Do(done) })
		w.ShowAndRun()
		return
	}
	var rows []data.LeaderboardRow
	table := &widget.Table{
		Length: func() (int, int) { return len(rows), 4 },
		CreateCell: func() fyne.CanvasObject {
			return widget.NewLabel("Демо Заместитель 0000 @demo_instagram_0000")
		},
		UpdateCell: func(id widget.TableCellID, o fyne.CanvasObject) {
			r := rows[id.Row]
			txt := ""
			switch id.Col {
			case 0:
				txt = strconv.Itoa(r.Rank)
			case 1:
				txt = r.Official + " @" + r.Handle
			case 2:
				txt = strconv.FormatInt(r.Followers, 10)
			case 3:
				if r.Week != nil {
					txt = strconv.FormatInt(r.Week.Abs, 10)
				}
			}
			o.(*widget.Label).SetText(txt)
		},
	}
	w.SetContent(table)
	started := make(chan struct{})
	a.Lifecycle().SetOnStarted(func() { close(started) })
	go func() {
		ctx := context.Background()
		s, err := data.Open(ctx, *db, data.Options{ReadOnly: true})
		if err != nil {
			fmt.Fprintln(os.Stderr, "fyneprobe:", err)
			os.Exit(1)
		}
		lb, err := s.Leaderboard(ctx, data.LeaderboardQuery{At: time.Unix(*at, 0)})
		if err != nil {
			fmt.Fprintln(os.Stderr, "fyneprobe:", err)
			os.Exit(1)
		}
		<-started
		fyne.Do(func() {
			rows = lb
			table.Refresh()
			done()
		})
	}()
	w.ShowAndRun()
}
