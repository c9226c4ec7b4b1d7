//go:build race

package cnes_test

// raceEnabled: the race detector slows loads down tenfold, so the time
// and memory bounds of TestHostileInputs do not apply.
const raceEnabled = true
