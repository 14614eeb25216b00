package app

import (
	"context"
	"fmt"
	"sync"

	"github.com/o2c-project/o2c"
)

// groupCommit runs small writes that arrive together in one shared transaction. On SQLite every
// transaction waits for the one writer connection, and the hand-over between waiters costs more
// than a small write itself; recording that fifty orders were posted in one transaction instead
// of fifty is what lets the pipeline keep up. If the shared transaction fails, each write is
// retried alone, so one write's error never becomes another's.
type groupCommit struct {
	store   o2c.Store
	mu      sync.Mutex
	queue   []*groupWrite
	leading bool
}

type groupWrite struct {
	fn      func(o2c.Tx) error
	err     error
	done    chan struct{} // closed when the write is committed or has failed
	promote chan struct{} // closed when this waiter is to run the next batch
}

// do runs fn in a transaction, possibly shared with other writers, and returns fn's outcome.
// fn must be safe to run twice: after a failed shared transaction it runs again alone.
func (g *groupCommit) do(ctx context.Context, fn func(o2c.Tx) error) error {
	w := &groupWrite{fn: fn, done: make(chan struct{}), promote: make(chan struct{})}
	g.mu.Lock()
	g.queue = append(g.queue, w)
	if g.leading {
		g.mu.Unlock()
		select {
		case <-w.done:
			return w.err
		case <-w.promote:
		}
		g.mu.Lock()
	}
	g.leading = true
	batch := g.queue
	g.queue = nil
	g.mu.Unlock()

	defer g.handOver() // also after a panic, so later writers are never left waiting
	g.run(context.WithoutCancel(ctx), batch)
	return w.err
}

// handOver gives the next batch to one of its own writers, so no caller serves others for long.
func (g *groupCommit) handOver() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.queue) > 0 {
		close(g.queue[0].promote)
	} else {
		g.leading = false
	}
}

func (g *groupCommit) run(ctx context.Context, batch []*groupWrite) {
	finished := 0
	defer func() {
		if p := recover(); p != nil {
			for _, w := range batch[finished:] {
				w.err = fmt.Errorf("a write shared its transaction with one that panicked: %v", p)
				close(w.done)
			}
			panic(p)
		}
	}()
	err := g.store.InTx(ctx, func(tx o2c.Tx) error {
		for _, w := range batch {
			if err := w.fn(tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && len(batch) > 1 {
		for _, w := range batch {
			w.err = g.store.InTx(ctx, w.fn)
			close(w.done)
			finished++
		}
		return
	}
	for _, w := range batch {
		w.err = err
		close(w.done)
		finished++
	}
}
