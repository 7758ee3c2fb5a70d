package refresh

import (
	"context"

	"akimwatch/data"
)

// maxGroup bounds how many accounts' outcomes one group commit carries, so
// one transaction stays short and a failed write names a small group.
const maxGroup = 2048

// writeReq is one batch's outcomes waiting to be written.
type writeReq struct {
	checks []data.CheckResult
	done   chan error
}

// groupWriter writes the outcomes of concurrent batches together: while one
// transaction commits, the batches that finish meanwhile queue up and go in
// the next one. On a platform with a batch size of 1 (Telegram, Instagram,
// Threads, TikTok) that turns one disk sync per account into one per group.
// Each account's snapshot and status still land in one transaction, whole.
type groupWriter struct {
	reqs  chan writeReq
	write func(ctx context.Context, checks []data.CheckResult) error
}

// newGroupWriter starts the writer; it stops when ctx ends.
func newGroupWriter(ctx context.Context, write func(context.Context, []data.CheckResult) error) *groupWriter {
	g := &groupWriter{reqs: make(chan writeReq), write: write}
	go g.loop(ctx)
	return g
}

// submit queues checks and waits until they are written (or failed).
func (g *groupWriter) submit(ctx context.Context, checks []data.CheckResult) error {
	req := writeReq{checks: checks, done: make(chan error, 1)}
	select {
	case g.reqs <- req:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (g *groupWriter) loop(ctx context.Context) {
	for {
		var first writeReq
		select {
		case first = <-g.reqs:
		case <-ctx.Done():
			return
		}
		group := []writeReq{first}
		n := len(first.checks)
	gather:
		for n < maxGroup {
			select {
			case r := <-g.reqs:
				group = append(group, r)
				n += len(r.checks)
			default:
				break gather
			}
		}
		all := make([]data.CheckResult, 0, n)
		for _, r := range group {
			all = append(all, r.checks...)
		}
		err := g.write(ctx, all)
		for _, r := range group {
			r.done <- err
		}
	}
}
