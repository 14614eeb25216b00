package main

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/o2c-project/o2c/demo"
)

// runningStack starts o2c on a fresh SQLite file in a temporary data directory, with the demo
// master data, serving on a free port until the test ends; it returns the stack and its data
// directory. p.store, p.log and an empty zone are filled in.
func runningStack(t *testing.T, p stackParams) (*stack, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	dir := t.TempDir()
	p.store = &storeConfig{dataDir: dir}
	p.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	if p.zone == "" {
		p.zone = "UTC"
	}
	s, err := openStack(ctx, p)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if _, err := s.masterData.Upsert(ctx, demo.MasterData(), "test"); err != nil {
		cancel()
		s.close()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.run(ctx, "127.0.0.1:0", nil) }()
	t.Cleanup(func() {
		cancel()
		<-done
		s.close()
	})
	return s, dir
}
