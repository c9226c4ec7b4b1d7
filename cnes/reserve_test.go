package cnes

import "testing"

// Regression: reserve must not ask slices.Grow for a negative amount when
// more professionals are known than half the vínculo estimate (found by
// remessa/remessatest on registries of ~40 establishments).
func TestReserveNeverShrinks(t *testing.T) {
	l := newLoader(nil, LoadOptions{})
	l.s.profs = make([]prof, 600)
	l.s.vincs = make([]vinc, 900)
	l.s.estabs = make([]estab, 900)
	l.s.servs = make([]serv, 900)
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("reserve panicked: %v", r)
		}
	}()
	for _, tb := range []Table{TableEstabelecimento, TableCargaHoraria, TableServClass} {
		l.reserve(tb, 300, 1<<20, 18)
	}
	if len(l.s.profs) != 600 || len(l.s.vincs) != 900 {
		t.Error("reserve changed lengths")
	}
}
