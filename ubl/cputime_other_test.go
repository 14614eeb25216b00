//go:build !unix

package ubl

import "time"

// cpuTime is not measured here; the benchmark then reports wall time alone.
func cpuTime() time.Duration { return 0 }
