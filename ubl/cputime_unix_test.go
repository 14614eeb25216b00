//go:build unix

package ubl

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, user and system: with GOMAXPROCS=1 it measures
// one core's work even when other processes share the machine and wall time says little.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
