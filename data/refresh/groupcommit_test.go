package refresh

import (
	"context"
	"errors"
	"sync"
	"testing"

	"akimwatch/data"
)

func TestGroupWriter(t *testing.T) {
	tests := []struct {
		name    string
		fail    error
		batches int
	}{
		{"writes every batch", nil, 50},
		{"each waiting batch gets the error", errors.New("disk full"), 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			written, calls := 0, 0
			release := make(chan struct{})
			write := func(_ context.Context, c []data.CheckResult) error {
				<-release // hold the first write so the others queue up
				mu.Lock()
				defer mu.Unlock()
				calls++
				if tt.fail == nil {
					written += len(c)
				}
				return tt.fail
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			g := newGroupWriter(ctx, write)
			var wg sync.WaitGroup
			errs := make(chan error, tt.batches)
			for i := range tt.batches {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs <- g.submit(ctx, []data.CheckResult{{AccountID: int64(i + 1)}})
				}()
			}
			close(release)
			wg.Wait()
			close(errs)
			for err := range errs {
				if !errors.Is(err, tt.fail) {
					t.Fatalf("submit err = %v, want %v", err, tt.fail)
				}
			}
			if tt.fail == nil && written != tt.batches {
				t.Fatalf("wrote %d outcomes, want %d", written, tt.batches)
			}
			if calls > tt.batches {
				t.Fatalf("%d writes for %d batches", calls, tt.batches)
			}
			t.Logf("%d batches in %d transactions", tt.batches, calls)
		})
	}
}
