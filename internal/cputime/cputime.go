// Package cputime reads the CPU time the process has used, so that
// benchmarks can report CPU per operation — a figure that other processes
// on a shared machine do not inflate the way they inflate wall time.
package cputime

import "time"

// Process returns the user+system CPU time of the process so far, or 0
// where the platform does not tell.
func Process() time.Duration { return process() }
