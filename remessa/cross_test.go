package remessa

import (
	"math/rand/v2"
	"testing"
)

// keyState.use must agree with a plain set whatever the order of slots.
func TestKeyStateUse(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 200; round++ {
		var k keyState
		seen := map[int32]bool{}
		n := 1 + r.IntN(300)
		for i := 0; i < n; i++ {
			var s int32
			if r.IntN(4) == 0 {
				s = int32(r.IntN(400)) // random, often repeated
			} else {
				s = int32(i) // in order
			}
			if got := k.use(s); got != seen[s] {
				t.Fatalf("round %d: use(%d) = %v, want %v (runs %v)", round, s, got, seen[s], k.runs)
			}
			seen[s] = true
		}
		for i := 1; i < len(k.runs); i++ {
			if k.runs[i-1].hi+1 >= k.runs[i].lo {
				t.Fatalf("runs not disjoint and separated: %v", k.runs)
			}
		}
	}
}

func TestLineSet(t *testing.T) {
	s := newLineSet(4)
	want := map[uint64]int32{}
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 10000; i++ {
		h := r.Uint64N(3000) // includes 0
		v, ok := s.firstOrSet(h, int32(i))
		if w, had := want[h]; had != ok || (ok && v != w) {
			t.Fatalf("firstOrSet(%d) = %d,%v want %d,%v", h, v, ok, w, had)
		}
		if !ok {
			want[h] = int32(i)
		}
	}
	var q lineSet
	if q.add(7, 2) != 2 || q.add(7, 3) != 5 || q.add(8, 1) != 1 {
		t.Error("add")
	}
}
