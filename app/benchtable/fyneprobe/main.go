// Command fyneprobe is the bare-Fyne baseline of "make bench": an empty Fyne
// window of the app's size and nothing else. It prints
// "akimwatch-bench ready UNIXNANO" once the window is shown, as akimwatch
// does under AKIMWATCH_BENCH=1, then stays open until stdin closes or reads
// "quit", so the bench can time its start-up and sample its resident
// memory and idle CPU the same way as the real app's.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
)

func main() {
	a := app.NewWithID("kz.akimwatch.fyneprobe")
	w := a.NewWindow("akimwatch bare window")
	w.Resize(fyne.NewSize(1280, 800)) // as app.NewMainWindow
	a.Lifecycle().SetOnStarted(func() {
		fmt.Printf("akimwatch-bench ready %d\n", time.Now().UnixNano())
		go func() {
			sc := bufio.NewScanner(os.Stdin)
			for sc.Scan() && strings.TrimSpace(sc.Text()) != "quit" {
			}
			fyne.Do(a.Quit)
		}()
	})
	w.ShowAndRun()
}
