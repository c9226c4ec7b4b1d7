package remessatest_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/remessatest"
)

// TestDemo checks the bundled demo file with the bundled SIGTAP and CNES:
// every line gets exactly its expected críticas (erro and aviso).
func TestDemo(t *testing.T) {
	d, err := remessatest.Demo()
	if err != nil {
		t.Fatal(err)
	}
	want := map[int][]string{}
	for _, l := range d.Lines {
		want[l.Record.LineNumber()] = l.Expected
	}
	ck := &remessa.Checker{SIGTAP: d.SIGTAP, CNES: d.CNES, File: d.Name}
	n := 0
	if _, err := ck.Check(bytes.NewReader(d.File), func(r *remessa.Result) error {
		n++
		var got []string
		for _, c := range r.Criticas {
			if c.Severity != remessa.NaoVerificado && !slices.Contains(got, string(c.Code)) {
				got = append(got, string(c.Code))
			}
		}
		slices.Sort(got)
		w := slices.Sorted(slices.Values(want[r.Line]))
		if !slices.Equal(got, w) {
			t.Errorf("line %d: %v, want %v", r.Line, got, w)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n != len(d.Lines) || n == 0 {
		t.Errorf("%d lines checked, %d expected", n, len(d.Lines))
	}
}
