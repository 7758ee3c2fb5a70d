package widgets

import (
	"bytes"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// redrawDelay debounces re-renders while the window is being resized.
const redrawDelay = 150 * time.Millisecond

// RenderFunc draws a chart of width×height pixels at the given scale and
// returns PNG bytes. It runs off the UI thread.
type RenderFunc func(width, height int, scale float64) ([]byte, error)

// ChartImage shows a chart rendered to fit its current size. Rendering runs
// in the background, debounced on resize, and the image is swapped in
// through fyne.Do; a newer request always wins over an older one.
type ChartImage struct {
	widget.BaseWidget

	// OnError is told when a render fails (the image keeps its last chart).
	OnError func(error)
	// OnShown, if set, is called on the UI goroutine after a new chart
	// image was put on screen.
	OnShown func()

	render RenderFunc
	img    *canvas.Image
	busy   *widget.ProgressBarInfinite

	mu    sync.Mutex
	timer *time.Timer
	gen   int
	size  fyne.Size
}

// NewChartImage returns a chart image drawn by render.
func NewChartImage(render RenderFunc) *ChartImage {
	c := &ChartImage{render: render, img: &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleSmooth}}
	c.busy = widget.NewProgressBarInfinite()
	c.busy.Hide()
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer implements fyne.Widget.
func (c *ChartImage) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.img, container.NewVBox(c.busy)))
}

// MinSize keeps room for a readable chart.
func (c *ChartImage) MinSize() fyne.Size { return fyne.NewSize(320, 200) }

// Resize re-renders the chart for the new size, after a short pause.
func (c *ChartImage) Resize(s fyne.Size) {
	if s == c.Size() {
		return
	}
	c.BaseWidget.Resize(s)
	c.mu.Lock()
	c.size = s
	drawn := c.gen > 0
	c.mu.Unlock()
	if drawn { // nothing was asked to be drawn yet
		c.Redraw()
	}
}

// Redraw schedules a re-render (for new data or options).
func (c *ChartImage) Redraw() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	gen := c.gen
	if c.timer != nil {
		c.timer.Stop()
	}
	c.timer = time.AfterFunc(redrawDelay, func() { c.draw(gen) })
}

// RedrawNow renders at once on the calling goroutine and shows the result
// before returning. Tests use it; the UI uses Redraw.
func (c *ChartImage) RedrawNow() error {
	c.mu.Lock()
	c.gen++
	gen := c.gen
	c.mu.Unlock()
	b, err := c.renderBytes()
	c.show(gen, b, err)
	return err
}

// Image returns the PNG bytes shown now (nil before the first render).
func (c *ChartImage) Image() []byte {
	if c.img.Resource == nil {
		return nil
	}
	return c.img.Resource.Content()
}

func (c *ChartImage) renderBytes() ([]byte, error) {
	c.mu.Lock()
	s := c.size
	c.mu.Unlock()
	// Below its minimum (a small window squeezing the layout) the chart is
	// drawn at the minimum and scaled down to fit, never asked for a size
	// the renderer refuses.
	m := c.MinSize()
	s = fyne.NewSize(max(s.Width, m.Width), max(s.Height, m.Height))
	const scale = 2 // render at twice the logical size: crisp on HiDPI screens
	return c.render(int(s.Width*scale), int(s.Height*scale), scale)
}

func (c *ChartImage) draw(gen int) {
	fyne.Do(func() { c.busy.Show(); c.busy.Start() })
	b, err := c.renderBytes()
	fyne.Do(func() { c.show(gen, b, err) })
}

// show swaps in the rendered image unless a newer render was requested.
func (c *ChartImage) show(gen int, b []byte, err error) {
	c.busy.Stop()
	c.busy.Hide()
	c.mu.Lock()
	stale := gen != c.gen
	c.mu.Unlock()
	if stale {
		return
	}
	if err != nil {
		if c.OnError != nil {
			c.OnError(err)
		}
		return
	}
	if len(b) == 0 { // nothing to draw yet
		c.img.Resource = nil
	} else {
		c.img.Resource = fyne.NewStaticResource("chart.png", bytes.Clone(b))
	}
	c.img.Refresh()
	if c.OnShown != nil {
		c.OnShown()
	}
}
