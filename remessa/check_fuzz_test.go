package remessa_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/remessatest"
)

// FuzzCheck feeds arbitrary files to the checker against the demo world:
// it must never panic or hang, every production line gets exactly one
// result, in order, and a line is approved exactly when it has no Erro.
func FuzzCheck(f *testing.F) {
	data, _, err := remessatest.BuildDemo()
	if err != nil {
		f.Fatal(err)
	}
	// Small seeds, so that the fuzzer spends its time on new inputs rather
	// than on minimising big ones: the header and a few lines of each
	// instrument, a header alone, a truncated header, nothing.
	lines := bytes.SplitAfter(data, []byte("\r\n"))
	f.Add(bytes.Join(lines[:4], nil))
	f.Add(bytes.Join([][]byte{lines[0], lines[12], lines[13]}, nil))
	f.Add(lines[0])
	f.Add([]byte("01#BPA#202601000001000001111" + "\r\n"))
	f.Add([]byte{})
	set, reg := demoWorld(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, workers := range []int{1, 2} {
			ck := &remessa.Checker{SIGTAP: set, CNES: reg, Workers: workers}
			last := 0
			sum, err := ck.Check(bytes.NewReader(in), func(r *remessa.Result) error {
				if r.Line <= last {
					t.Fatalf("line %d after %d", r.Line, last)
				}
				last = r.Line
				if r.Status != remessa.StatusOf(r.Criticas) || r.Approved != (r.Status == remessa.Aprovada) {
					t.Fatalf("line %d: status %v, approved %v with críticas %v", r.Line, r.Status, r.Approved, r.Criticas)
				}
				return nil
			})
			var he *remessa.HeaderError
			if errors.As(err, &he) {
				continue // not a BPA file, or an empty one: one error, nothing judged
			}
			if err != nil {
				t.Fatal(err)
			}
			if sum.Approved+sum.Rejected+sum.Unverified != sum.Lines {
				t.Fatalf("counts %d+%d+%d != %d", sum.Approved, sum.Rejected, sum.Unverified, sum.Lines)
			}
		}
	})
}
