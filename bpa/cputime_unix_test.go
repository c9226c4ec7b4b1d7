//go:build unix

package bpa_test

import (
	"syscall"
	"time"
)

// cpuTime returns the user+system CPU time of the process, so that
// benchmarks can report CPU per line, which other processes on a shared
// machine do not inflate the way they inflate wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
