package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// checkpointEvery is how often the write-ahead log is copied back into the database file.
const checkpointEvery = 250 * time.Millisecond

// startCheckpointer copies the write-ahead log into the database on a connection of its own.
// SQLite otherwise checkpoints inside the commit that crosses the WAL's size mark, on the one
// writer connection that every transaction and the job queue wait for; a PASSIVE checkpoint here
// never blocks the writer. It returns the function that stops it.
func startCheckpointer(path string) (func() error, error) {
	db, err := sql.Open("sqlite", dsn(path, "_pragma", "busy_timeout(10000)"))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s for checkpoints: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(checkpointEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				// A failed checkpoint is retried at the next tick; the writer's own safety
				// mark still bounds the log.
				_, _ = db.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
			}
		}
	}()
	return func() error {
		cancel()
		<-done
		return db.Close()
	}, nil
}
