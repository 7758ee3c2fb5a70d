package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"akimwatch/data"
)

// maxCompare is how many officials a comparison draws besides the shown
// one: more lines than that cannot be told apart.
const maxCompare = 10

// comparePicker is the Compare dialog: a search box (name, region or
// level, Cyrillic or Latin) over the officials with data, with a tick for
// each, up to maxCompare.
type comparePicker struct {
	all    []data.OfficialSummary
	shown  []data.OfficialSummary
	picked map[int64]bool
	search *keyEntry
	list   *widget.List
	count  *widget.Label
}

func newComparePicker(all []data.OfficialSummary, picked []int64) *comparePicker {
	p := &comparePicker{all: all, picked: map[int64]bool{}}
	for _, id := range picked {
		p.picked[id] = true
	}
	p.search = newKeyEntry()
	p.search.SetPlaceHolder(lang.L("compare.search"))
	p.search.OnChanged = func(string) { p.filter() }
	p.count = widget.NewLabel("")
	p.list = widget.NewList(func() int { return len(p.shown) }, p.newRow, p.updateRow)
	p.list.OnSelected = func(i widget.ListItemID) {
		p.toggle(i)
		p.list.UnselectAll()
	}
	p.filter()
	return p
}

func (p *comparePicker) newRow() fyne.CanvasObject {
	check := widget.NewCheck("", nil)
	detail := &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	return container.NewBorder(nil, nil, check, nil, detail)
}

func (p *comparePicker) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(p.shown) {
		return
	}
	r := p.shown[i]
	c := o.(*fyne.Container)
	c.Objects[0].(*widget.Label).SetText(r.Official.Name + " · " + compareDetail(r))
	check := c.Objects[1].(*widget.Check)
	check.OnChanged = nil
	check.SetChecked(p.picked[r.Official.ID])
	check.OnChanged = func(bool) { p.toggle(i) }
}

// compareDetail says where an official works: region and level.
func compareDetail(r data.OfficialSummary) string {
	parts := []string{positionName(r.Official.Position)}
	if r.Official.Region != "" {
		parts = append(parts, r.Official.Region.Name(Language()))
	}
	if r.Official.Level != "" {
		parts = append(parts, lang.L("level."+string(r.Official.Level)))
	}
	return strings.Join(parts, " · ")
}

// toggle ticks or unticks the i-th shown official, refusing an 11th.
func (p *comparePicker) toggle(i int) {
	if i < 0 || i >= len(p.shown) {
		return
	}
	id := p.shown[i].Official.ID
	switch {
	case p.picked[id]:
		delete(p.picked, id)
	case len(p.picked) < maxCompare:
		p.picked[id] = true
	}
	p.list.RefreshItem(i)
	p.updateCount()
}

// filter shows the officials whose name (Cyrillic or Latin), region or
// level contains the search text.
func (p *comparePicker) filter() {
	q := data.FoldForSearch(strings.TrimSpace(p.search.Text))
	p.shown = p.shown[:0]
	for _, r := range p.all {
		hay := data.FoldForSearch(r.Official.Name + " " + r.Official.NameLatin + " " + compareDetail(r) + " " + string(r.Official.Region))
		if q == "" || strings.Contains(hay, q) {
			p.shown = append(p.shown, r)
		}
	}
	p.list.Refresh()
	p.updateCount()
}

func (p *comparePicker) updateCount() {
	p.count.SetText(lang.L("compare.count", map[string]any{"Count": len(p.picked), "Max": maxCompare}))
}

// Picked returns the ticked officials' IDs in watchlist order.
func (p *comparePicker) Picked() []int64 {
	var out []int64
	for _, r := range p.all {
		if p.picked[r.Official.ID] {
			out = append(out, r.Official.ID)
		}
	}
	return out
}

// onCompareTapped lets the analyst pick up to ten other officials to draw
// alongside, searching by name, region or level.
func (v *officialView) onCompareTapped() {
	v.mu.Lock()
	cur := v.current.Official.ID
	picked := append([]int64(nil), v.compare...)
	v.mu.Unlock()
	var cands []data.OfficialSummary
	for _, r := range v.m.watch.all {
		if r.Official.ID != cur && (r.Counted > 0 || r.Apart > 0) {
			cands = append(cands, r)
		}
	}
	p := newComparePicker(cands, picked)
	v.m.comparePicker = p
	body := container.NewBorder(container.NewVBox(p.search, p.count), nil, nil, nil, p.list)
	d := dialog.NewCustomConfirm(lang.L("action.compare"), lang.L("action.ok"), lang.L("action.cancel"), body, func(ok bool) {
		v.m.comparePicker = nil
		if !ok {
			return
		}
		v.mu.Lock()
		v.compare = p.Picked()
		v.mu.Unlock()
		v.chart.Redraw()
	}, v.m.Window)
	p.search.onEscape = d.Hide
	p.search.OnSubmitted = func(string) {
		if len(p.shown) > 0 {
			p.toggle(0)
		}
	}
	d.Resize(fyne.NewSize(formWidth, v.m.Window.Canvas().Size().Height*0.8))
	d.Show()
	v.m.Window.Canvas().Focus(p.search)
}
