package main

import (
	"context"
	"os"
	"testing"
)

// TestMain lets a test start this very binary as `o2c` (O2C_TEST_AS_MAIN=1), so that process-level
// tests (SIGKILL and restart) run the real command without a separate build step.
func TestMain(m *testing.M) {
	if os.Getenv("O2C_TEST_AS_MAIN") == "1" {
		main := &Main{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
		os.Exit(main.Run(context.Background(), os.Args[1:]))
	}
	os.Exit(m.Run())
}
