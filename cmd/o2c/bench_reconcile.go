package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/o2c-project/o2c/reconcile"
	"github.com/o2c-project/o2c/reconcile/noisy"
)

// benchReconcile generates customers, open invoices and payments with their truth (reconcile/noisy),
// reconciles them, and prints how many payments were applied exactly right with no person, how
// many automatic allocations were wrong, whether every unrelated credit was left unmatched, the
// share suggested, and the wall time and memory of the matching.
func (m *Main) benchReconcile(_ context.Context, args []string) error {
	fs := m.flags("bench reconcile")
	txs := fs.Int("transactions", 100_000, "bank transactions to reconcile")
	invoices := fs.Int("invoices", 100_000, "open invoices")
	seed := fs.Uint64("seed", 1, "generator seed")
	verbose := fs.Bool("wrong", false, "print the wrong automatic allocations and the misses per kind")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the matching to this file")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	set, err := noisy.Generate(noisy.Params{Transactions: *txs, Invoices: *invoices, Seed: *seed})
	if err != nil {
		return err
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	cpu0 := cpuTime()
	start := time.Now()
	results, err := reconcile.Reconcile(set.Open, set.Transactions, set.Knowledge, reconcile.DefaultOptions())
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	pprof.StopCPUProfile()
	if err != nil {
		return err
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	s := noisy.Grade(set, results)
	pct := func(n, d int) string { return fmt.Sprintf("%.2f %%", 100*noisy.Rate(n, d)) }
	fmt.Fprintf(m.Stdout, "o2c bench reconcile: %d transactions against %d open invoices of %d customers, seed %d, GOMAXPROCS %d\n",
		len(set.Transactions), len(set.Open), countCustomers(set.Open), *seed, runtime.GOMAXPROCS(0))
	fmt.Fprintf(m.Stdout, "right, no human touch: %s of %d payments (target >= 98 %%)\n", pct(s.RightAuto, s.Payments), s.Payments)
	fmt.Fprintf(m.Stdout, "wrong automatic:       %s of %d automatic allocations (%d; target <= 0.1 %%)\n", pct(s.WrongAuto, s.Auto), s.Auto, s.WrongAuto)
	fmt.Fprintf(m.Stdout, "unrelated unmatched:   %d of %d (target: all)\n", s.UnrelatedOK, s.Unrelated)
	fmt.Fprintf(m.Stdout, "suggested:             %s of all transactions (%d)\n", pct(s.Suggested, s.Transactions), s.Suggested)
	fmt.Fprintf(m.Stdout, "matching wall time:    %s (%.0f transactions/s; target <= 5 s); CPU time %s, load average %s\n",
		elapsed.Round(time.Millisecond), float64(len(results))/elapsed.Seconds(), cpu.Round(time.Millisecond), benchLoad())
	fmt.Fprintf(m.Stdout, "memory:                %d MB allocated by the matching, heap from the OS %d MB, peak RSS %s (target <= 1 GB)\n",
		(after.TotalAlloc-before.TotalAlloc)>>20, after.HeapSys>>20, peakRSS())
	if *verbose {
		kinds := make([]noisy.Kind, 0, len(s.ByKind))
		for k := range s.ByKind {
			kinds = append(kinds, k)
		}
		slices.Sort(kinds)
		for _, k := range kinds {
			fmt.Fprintf(m.Stdout, "  %-14s %6d  right %s\n", k, s.ByKind[k][0], pct(s.ByKind[k][1], s.ByKind[k][0]))
		}
		misses := 0
		for i, r := range results {
			t := set.Truth[i]
			missed := t.Kind != noisy.KindUnrelated && !r.Applied() || t.Kind == noisy.KindUnrelated && r.Status != reconcile.StatusUnmatched
			if missed && (misses < 40 || t.Kind == noisy.KindUnrelated) {
				misses++
				fmt.Fprintf(m.Stdout, "MISS %s %s truth %+v got %s %.2f: %s\n", r.TransactionID, t.Kind, t.Paid, r.Status, r.Confidence, r.Reason)
			}
		}
		for _, i := range s.Wrong {
			r := results[i]
			fmt.Fprintf(m.Stdout, "WRONG %s %s truth %+v got %s %+v: %s\n", r.TransactionID, set.Truth[i].Kind, set.Truth[i].Paid, r.Status, r.Allocations, r.Reason)
		}
	}
	debug.FreeOSMemory()
	return nil
}

// cpuTime is the user and system time the process has used: on a machine shared with other work,
// it tells the matching's own cost apart from waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchLoad is the one-minute load average of Linux, "unknown" elsewhere.
func benchLoad() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Fields(string(b))[0]
}

func countCustomers(open []reconcile.OpenItem) int {
	seen := map[string]bool{}
	for _, o := range open {
		seen[o.CustomerID] = true
	}
	return len(seen)
}
