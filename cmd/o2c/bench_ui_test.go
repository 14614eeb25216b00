package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestBenchUI runs `o2c bench ui` tiny, twice on one directory: the first run seeds, the second
// reuses what it seeded. Each run must measure every page (a page answering anything but 200
// fails the run) and print one row for it; the timings themselves are the benchmark's business.
func TestBenchUI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	run := func(extra ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		m := &Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
		args := append([]string{"bench", "ui", "--orders", "300", "--requests", "3", "--data", dir}, extra...)
		if code := m.Run(context.Background(), args); code != 0 {
			t.Fatalf("o2c %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, &stdout, &stderr)
		}
		return stdout.String()
	}
	first := run()
	if !strings.Contains(first, "seeding 300 orders and 300 archive documents") || !strings.Contains(first, "seeded in ") {
		t.Fatalf("the first run did not seed:\n%s", first)
	}
	// The big order read from a PDF is the review screen measured: it must be there, in review.
	if !strings.Contains(first, "-line order 301 was read from a PDF") || !strings.Contains(first, "it is needs_review") {
		t.Fatalf("the big PDF order is not the 301st order, in review:\n%s", first)
	}
	second := run("--reuse")
	if !strings.Contains(second, "reusing ") || strings.Contains(second, "seeding") {
		t.Fatalf("--reuse seeded again:\n%s", second)
	}
	for _, out := range []string{first, second} {
		for _, page := range uiBenchPages(&uiBenchMeta{Customers: []string{"C"}, POs: []string{"PO-2026-000001"}}) {
			if !strings.Contains(out, page.name+"  ") {
				t.Errorf("no row for %q in:\n%s", page.name, out)
			}
		}
	}
}
