package queue_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/o2c-project/o2c/queue"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
)

// syncerFunc is a queue.ERPSyncer that calls its func.
type syncerFunc func(ctx context.Context) error

func (f syncerFunc) SyncShipments(ctx context.Context) error { return f(ctx) }

// TestERPSyncRunsPeriodically runs the shipment sync once at start and then every period, a
// failed run not stopping the next one.
func TestERPSyncRunsPeriodically(t *testing.T) {
	t.Parallel()
	store := sqlite.MustOpenTest(t, sqlstore.Options{})
	runs := make(chan int, 10)
	var count atomic.Int32
	syncer := syncerFunc(func(context.Context) error {
		n := int(count.Add(1))
		runs <- n
		if n == 1 {
			return errors.New("the ERP is down")
		}
		return nil
	})
	ctx := context.Background()
	q, err := queue.New(ctx, queue.Config{Engine: "sqlite", DB: store.WriteDB(), Handler: &handlerFuncs{}, Workers: 2,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), ERPSync: syncer, ERPSyncEvery: time.Second})
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
	for want := 1; want <= 2; want++ {
		select {
		case got := <-runs:
			if got != want {
				t.Fatalf("run %d, want %d", got, want)
			}
		case <-time.After(timeout):
			t.Fatalf("no sync run %d within %s", want, timeout)
		}
	}
}
