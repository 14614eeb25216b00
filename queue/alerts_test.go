package queue_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/queue"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
)

// alertCalls records the calls of a queue.AlertHandler.
type alertCalls struct {
	mu      sync.Mutex
	alerts  []bool // last, per call of Alert
	scans   int
	digests []cal.Date
	signal  chan struct{}
}

func (a *alertCalls) note() {
	select {
	case a.signal <- struct{}{}:
	default:
	}
}

func (a *alertCalls) Alert(_ context.Context, job o2c.AlertJob, last bool) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	defer a.note()
	a.alerts = append(a.alerts, last)
	if !last {
		return o2c.Errorf(o2c.CodeUnavailable, "the webhook answered 503")
	}
	return nil
}

func (a *alertCalls) ScanStuck(context.Context) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	defer a.note()
	a.scans++
	return nil
}

func (a *alertCalls) SendDigests(_ context.Context, day cal.Date, _ bool) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	defer a.note()
	a.digests = append(a.digests, day)
	return nil
}

// TestAlertJobs: an alert job that fails is retried, and told on its last attempt; the stuck-order
// scan and the digest of yesterday run when the queue starts.
func TestAlertJobs(t *testing.T) {
	t.Parallel()
	store := sqlite.MustOpenTest(t, sqlstore.Options{})
	calls := &alertCalls{signal: make(chan struct{}, 1)}
	ctx := context.Background()
	q, err := queue.New(ctx, queue.Config{Engine: "sqlite", DB: store.WriteDB(), Handler: &handlerFuncs{}, Workers: 4,
		MaxAttempts: 2, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Alerts: &queue.AlertConfig{Handler: calls, ScanEvery: time.Hour, DigestHour: 7}})
	if err != nil {
		t.Fatal(err)
	}
	store.SetEnqueuer(q.Enqueue)
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		if err := q.Stop(stopCtx); err != nil {
			t.Errorf("stop queue: %v", err)
		}
	})
	if err := store.InTx(ctx, func(tx o2c.Tx) error {
		return tx.Enqueue(ctx, o2c.AlertJob{OrderID: 1, Cause: o2c.AlertReview, Version: 2})
	}); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(timeout)
	for {
		calls.mu.Lock()
		done := len(calls.alerts) == 2 && calls.scans >= 1 && len(calls.digests) >= 1
		alerts, digests := append([]bool(nil), calls.alerts...), append([]cal.Date(nil), calls.digests...)
		calls.mu.Unlock()
		if done {
			if alerts[0] || !alerts[1] {
				t.Fatalf("alert attempts told last %v, want [false true]", alerts)
			}
			if yesterday := cal.DateIn(time.Now(), time.UTC).AddDays(-1); digests[0] != yesterday {
				t.Fatalf("digest of %s, want yesterday %s", digests[0], yesterday)
			}
			return
		}
		select {
		case <-calls.signal:
		case <-deadline:
			t.Fatalf("after %s: alerts %v, digests %v", timeout, alerts, digests)
		}
	}
}
