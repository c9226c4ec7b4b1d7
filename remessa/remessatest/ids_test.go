package remessatest

import "testing"

// TestPermBijective checks that perm is a permutation of its range, with
// skipped values left out, on domains small enough to enumerate.
func TestPermBijective(t *testing.T) {
	for _, tt := range []struct {
		m    uint64
		skip func(uint64) bool
	}{
		{m: 1000},
		{m: 1 << 12},
		{m: 999, skip: func(v uint64) bool { return v%111 == 0 }},
	} {
		p := newPerm(tt.m, 42, tt.skip)
		seen := map[uint64]uint64{}
		fixed := 0
		for x := range tt.m {
			if tt.skip != nil && tt.skip(x) {
				continue
			}
			y := p.apply(x)
			if y >= tt.m || (tt.skip != nil && tt.skip(y)) {
				t.Fatalf("m=%d: %d → %d, outside the range", tt.m, x, y)
			}
			if prev, dup := seen[y]; dup {
				t.Fatalf("m=%d: %d and %d both → %d", tt.m, prev, x, y)
			}
			seen[y] = x
			if x == y {
				fixed++
			}
		}
		if fixed > int(tt.m)/50 {
			t.Errorf("m=%d: %d fixed points: not much of a shuffle", tt.m, fixed)
		}
	}
}

// TestIdentifiers checks that patient and professional numbers give valid,
// distinct CPFs and CNSs.
func TestIdentifiers(t *testing.T) {
	g := newIDGen(7)
	cpfs := map[[11]byte]bool{}
	cnss := map[[15]byte]bool{}
	for n := uint64(1); n <= 20000; n++ {
		c := g.cpf(n)
		if err := c.Check(); err != nil {
			t.Fatalf("patient %d: CPF %s: %v", n, c, err)
		}
		s, ps := g.cns(n), g.profCNS(n)
		for _, x := range [...][15]byte{s, ps} {
			if x[0] < '7' {
				t.Fatalf("patient %d: CNS %s is not provisional", n, string(x[:]))
			}
		}
		if err := s.Check(); err != nil {
			t.Fatalf("patient %d: CNS %s: %v", n, s, err)
		}
		if err := ps.Check(); err != nil {
			t.Fatalf("professional %d: CNS %s: %v", n, ps, err)
		}
		if cpfs[c] || cnss[s] || cnss[ps] {
			t.Fatalf("number %d: identifier drawn twice", n)
		}
		cpfs[c], cnss[s], cnss[ps] = true, true, true
	}
	// The ends of the CPF range.
	for _, n := range []uint64{maxPatients, maxPatients - 1} {
		if err := g.cpf(n).Check(); err != nil {
			t.Errorf("patient %d: %v", n, err)
		}
	}
}
