package main

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/demo"
)

// TestDemoOrdersEndAsBuilt runs what `make demo` runs, on a fresh SQLite file with the real job
// queue: clean demo orders end posted (and in the outbox), the others in review with exactly the
// anomaly codes they were built to have. Receiving them all again changes nothing.
func TestDemoOrdersEndAsBuilt(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := openStack(ctx, stackParams{store: &storeConfig{dataDir: dir}, workers: 8, zone: "Europe/Paris", log: log})
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	if _, err := s.masterData.Upsert(ctx, demo.MasterData(), "test"); err != nil {
		t.Fatal(err)
	}
	if err := s.queue.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stop, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		_ = s.queue.Stop(stop)
	}()
	list := demo.Orders(cal.DateIn(time.Now(), s.orders.Location))
	orders, err := sendDemoOrders(ctx, s.orders, list)
	if err != nil {
		t.Fatal(err)
	}
	posted, review := 0, 0
	for i, d := range list {
		o := orders[i]
		if o == nil {
			t.Fatalf("demo order %s was not stored", d.Name)
		}
		want := o2c.OrderPosted
		if len(d.Expect) > 0 {
			want = o2c.OrderNeedsReview
		}
		if o.Status != want {
			t.Errorf("%s ended %s, want %s (anomalies %+v, last error %q)", d.Name, o.Status, want, o.Anomalies, o.LastError)
		}
		if got, exp := anomalyCodes(o), expectedCodes(d); !slices.Equal(got, exp) {
			t.Errorf("%s carries %v, built for %v: %+v", d.Name, got, exp, o.Anomalies)
		}
		switch o.Status {
		case o2c.OrderPosted:
			posted++
		case o2c.OrderNeedsReview:
			review++
		}
	}
	if posted < 10 || review < 13 {
		t.Fatalf("%d posted and %d in review: the demo should show both paths", posted, review)
	}
	if got := countOutbox(t, s.outbox); got != posted {
		t.Fatalf("outbox holds %d orders, %d are posted", got, posted)
	}
	again, err := sendDemoOrders(ctx, s.orders, list)
	if err != nil {
		t.Fatal(err)
	}
	stats, err := s.orders.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Total != len(list) || again[0].ID != orders[0].ID {
		t.Fatalf("sending the demo again stored %d orders in all, want %d", stats.Total, len(list))
	}
}
