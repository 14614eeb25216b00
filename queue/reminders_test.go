package queue_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/queue"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
)

// reminderDays is a queue.RemindersHandler that tells the day of each run.
type reminderDays chan cal.Date

func (r reminderDays) RunReminders(_ context.Context, day cal.Date) error {
	r <- day
	return nil
}

// TestRemindersJob: the daily reminders run when the queue starts, for today in the company's zone.
func TestRemindersJob(t *testing.T) {
	t.Parallel()
	store := sqlite.MustOpenTest(t, sqlstore.Options{})
	days := make(reminderDays, 4)
	zone, err := time.LoadLocation("Pacific/Kiritimati") // UTC+14: its today is often not UTC's
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	q, err := queue.New(ctx, queue.Config{Engine: "sqlite", DB: store.WriteDB(), Handler: &handlerFuncs{}, Workers: 2,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Reminders: &queue.RemindersConfig{Handler: days, Hour: 8, Location: zone}})
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
	select {
	case day := <-days:
		if want := cal.DateIn(time.Now(), zone); day != want {
			t.Fatalf("reminders ran for %s, want today in %s, %s", day, zone, want)
		}
	case <-time.After(timeout):
		t.Fatalf("no reminders run after %s", timeout)
	}
}
