package cputime

import "testing"

func TestProcessGrows(t *testing.T) {
	a := Process()
	x := 0
	for i := range 50_000_000 {
		x += i
	}
	b := Process()
	if a != 0 && b <= a {
		t.Errorf("CPU time did not grow: %v then %v (%d)", a, b, x)
	}
}
