package remessa_test

import (
	"bytes"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/remessatest"
	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/sigtap"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// demoSources loads the embedded SIGTAP subset and CNES registry.
func demoSources() (*sigtap.Set, *cnes.Registry, error) {
	set, err := sigtap.LoadSet(demo.SIGTAP(), nil)
	if err != nil {
		return nil, nil, err
	}
	reg, _ := cnes.NewRegistry()
	for _, c := range []string{"202512", "202601"} {
		sub, _ := fs.Sub(demo.FS, "cnes/"+c)
		s, err := cnes.Load(sub, nil)
		if err != nil {
			return nil, nil, err
		}
		if err := reg.Add(s); err != nil {
			return nil, nil, err
		}
	}
	return set, reg, nil
}

// demoWorld is demoSources for tests.
func demoWorld(t testing.TB) (*sigtap.Set, *cnes.Registry) {
	t.Helper()
	set, reg, err := demoSources()
	if err != nil {
		t.Fatal(err)
	}
	return set, reg
}

// The committed demo file must be what remessatest.BuildDemo builds.
func TestDemoFileUpToDate(t *testing.T) {
	data, lines, err := remessatest.BuildDemo()
	if err != nil {
		t.Fatal(err)
	}
	committed, err := fs.ReadFile(demo.FS, "bpa/"+demo.FileName)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, committed) {
		t.Error("remessa/remessatest/demo/bpa/PADEMO.JAN is stale: run go generate -run ./gen ./remessa/remessatest/demo")
	}
	planted, _ := fs.ReadFile(demo.FS, "bpa/PLANTED.md")
	if string(planted) != remessatest.DemoPlanted(lines) {
		t.Error("remessa/remessatest/demo/bpa/PLANTED.md is stale: run go generate -run ./gen ./remessa/remessatest/demo")
	}
}

// Every line of the demo file gets exactly the críticas PLANTED.md lists,
// sequentially and with several workers, and the month adds up to the
// exact totals.
func TestDemoPlantedCriticas(t *testing.T) {
	set, reg := demoWorld(t)
	data, lines, err := remessatest.BuildDemo()
	if err != nil {
		t.Fatal(err)
	}
	want := map[int][]string{}
	for _, l := range lines {
		e := slices.Clone(l.Expected)
		sort.Strings(e)
		want[l.Record.LineNumber()] = e
	}
	for _, workers := range []int{1, 3} {
		ck := &remessa.Checker{SIGTAP: set, CNES: reg, Workers: workers}
		got := map[int][]string{}
		var order []int
		sum, err := ck.Check(bytes.NewReader(data), func(r *remessa.Result) error {
			order = append(order, r.Line)
			codes, nv := []string{}, []string{}
			for _, c := range r.Criticas {
				if c.Severity == remessa.NaoVerificado {
					nv = append(nv, string(c.Code))
					continue
				}
				codes = append(codes, string(c.Code))
			}
			sort.Strings(codes)
			got[r.Line] = codes
			if r.Approved != (len(codes) == 0) || r.Approved != (r.Status == remessa.Aprovada) {
				t.Errorf("line %d: approved %v, status %v with críticas %v", r.Line, r.Approved, r.Status, codes)
			}
			// Only the late line (09/2025) lacks SIGTAP and CNES; it is
			// rejected anyway, and says what it could not check.
			wantNV := []string{}
			if r.Line == 6 {
				wantNV = []string{"SIGTAP_SEM_TABELA", "CNES_SEM_BASE"}
			}
			if !slices.Equal(nv, wantNV) {
				t.Errorf("line %d: não verificado %v, want %v", r.Line, nv, wantNV)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for l, w := range want {
			if w == nil {
				w = []string{}
			}
			if diff := cmp.Diff(w, got[l]); diff != "" {
				t.Errorf("workers %d, line %d (%s): críticas (-want +got):\n%s", workers, l, purpose(lines, l), diff)
			}
		}
		if !slices.IsSorted(order) || len(order) != len(lines) {
			t.Errorf("workers %d: output order %v", workers, order)
		}
		// File-level: the late line's competência has neither SIGTAP nor CNES.
		var file []string
		for _, c := range sum.Criticas {
			file = append(file, string(c.Code)+":"+c.Severity.String())
		}
		if diff := cmp.Diff([]string{"SIGTAP_SEM_TABELA:nao_verificado", "CNES_SEM_BASE:nao_verificado"}, file); diff != "" {
			t.Errorf("file críticas (-want +got):\n%s", diff)
		}
		if sum.Lines != 47 || sum.Approved != 27 || sum.Rejected != 20 || sum.Unverified != 0 {
			t.Errorf("counts: %d lines, %d approved, %d rejected, %d unverified", sum.Lines, sum.Approved, sum.Rejected, sum.Unverified)
		}
		if !sum.Valor.Approved.Equal(decimal.RequireFromString("5297.53")) || !sum.Valor.Rejected.Equal(decimal.RequireFromString("2178.53")) {
			t.Errorf("valor approved %s rejected %s", sum.Valor.Approved, sum.Valor.Rejected)
		}
	}
}

func purpose(lines []remessatest.DemoLine, n int) string {
	for _, l := range lines {
		if l.Record.LineNumber() == n {
			return l.Purpose
		}
	}
	return ""
}

// The programme line is financed by FAEC (regra 0015) and the reports
// carry the explanation.
func TestDemoFinancing(t *testing.T) {
	set, reg := demoWorld(t)
	data, _, _ := remessatest.BuildDemo()
	ck := &remessa.Checker{SIGTAP: set, CNES: reg, Workers: 1}
	var fin []string
	_, err := ck.Check(bytes.NewReader(data), func(r *remessa.Result) error {
		if r.Procedimento == sigtap.MustParseCode("0401020150") {
			fin = append(fin, r.Financiamento.String(), r.Explicacao)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(fin) != 2 || fin[0] != "04" || !strings.Contains(fin[1], "0015") {
		t.Errorf("programme line financing = %q", fin)
	}
}
