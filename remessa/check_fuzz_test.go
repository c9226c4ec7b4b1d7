package remessa_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/internal/demodata/demobpa"
	"github.com/go-sus/sus/remessa"
)

// FuzzCheck feeds arbitrary files to the checker against the demo world:
// it must never panic or hang, every production line gets exactly one
// result, in order, and a line is approved exactly when it has no Erro.
func FuzzCheck(f *testing.F) {
	data, _, err := demobpa.Build()
	if err != nil {
		f.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\r\n"))
	f.Add(data)
	f.Add(bytes.Join(lines[:5], nil))
	f.Add([]byte("01#BPA#202601000001000001111" + "\r\n"))
	f.Add([]byte{})
	set, reg := demoWorld(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, workers := range []int{1, 2} {
			ck := &remessa.Checker{Sigtap: set, CNES: reg, Workers: workers}
			last := 0
			sum, err := ck.Check(bytes.NewReader(in), func(r *remessa.Result) error {
				if r.Line <= last {
					t.Fatalf("line %d after %d", r.Line, last)
				}
				last = r.Line
				hasErr := false
				for _, c := range r.Criticas {
					hasErr = hasErr || c.Severity == remessa.Erro
				}
				if r.Approved == hasErr {
					t.Fatalf("line %d approved=%v with Erro=%v", r.Line, r.Approved, hasErr)
				}
				return nil
			})
			if errors.Is(err, bpa.ErrEmpty) || errors.Is(err, bpa.ErrNotBPA) {
				return // not a BPA file: one error, no lines judged
			}
			if err != nil {
				t.Fatal(err)
			}
			if sum.Approved+sum.Rejected != sum.Lines {
				t.Fatalf("counts %d+%d != %d", sum.Approved, sum.Rejected, sum.Lines)
			}
		}
	})
}
