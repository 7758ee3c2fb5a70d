package refresh

import (
	"context"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/source"
	"akimwatch/data/source/sourcetest"
)

// heldProvider holds its first Fetch until release is closed, telling
// started when it has begun, so a test can stop a pass with a batch in
// flight.
type heldProvider struct {
	source.Provider
	started chan struct{}
	release chan struct{}
	calls   int
}

func (h *heldProvider) Fetch(ctx context.Context, accs []data.Account) ([]source.Result, error) {
	h.calls++ // Workers: 1, so calls never overlap
	if h.calls == 1 {
		close(h.started)
		<-h.release
	}
	return h.Provider.Fetch(ctx, accs)
}

// TestEngineStopFinishesBatchInFlight closes Options.Stop while a batch is
// being fetched and checks the pass ends cleanly: that batch is finished
// and written, no further batch is sent, the rest is counted as
// interrupted, and no error is returned. A cancelled context, by contrast,
// abandons the batch in flight and returns an error.
func TestEngineStopFinishesBatchInFlight(t *testing.T) {
	tests := []struct {
		name      string
		cancel    bool // cancel the context instead of closing Stop
		wantSnaps int
		wantErr   bool
	}{
		{name: "stop", wantSnaps: 1},
		{name: "cancel", cancel: true, wantSnaps: 0, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			w := sourcetest.New(t)
			seed(t, st, w, 5)
			var held *heldProvider
			var provs []source.Provider
			for _, p := range testProviders(t, w, nil) {
				if p.Platform() == data.Telegram { // one account per batch
					held = &heldProvider{Provider: p, started: make(chan struct{}), release: make(chan struct{})}
					p = held
				}
				provs = append(provs, p)
			}
			stop := make(chan struct{})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			eng := New(Options{Store: st, Providers: provs, Now: func() time.Time { return testNow }, Log: quietLog(), Workers: 1, Stop: stop})
			type outcome struct {
				sum Summary
				err error
			}
			done := make(chan outcome, 1)
			go func() {
				sum, err := eng.Run(ctx, Filter{Platform: data.Telegram})
				done <- outcome{sum, err}
			}()
			<-held.started
			if tc.cancel {
				cancel()
			} else {
				close(stop)
			}
			close(held.release)
			got := <-done
			if (got.err != nil) != tc.wantErr {
				t.Fatalf("Run: %+v, %v; want error %v", got.sum, got.err, tc.wantErr)
			}
			if held.calls != 1 {
				t.Errorf("%d batches sent, want only the one in flight", held.calls)
			}
			if !tc.cancel && (got.sum.Fetched != 1 || got.sum.Skips[SkipInterrupted] != 4 || got.sum.Skipped != 4) {
				t.Errorf("summary %+v, want 1 fetched and 4 interrupted", got.sum)
			}
			latest, err := st.Latest(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(latest) != tc.wantSnaps {
				t.Errorf("%d snapshots written, want %d", len(latest), tc.wantSnaps)
			}
		})
	}
}
