package remessatest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/remessatest"
	"github.com/go-sus/sus/sigtap"
)

// TestWorldChecked builds worlds of several seeds, sizes and shapes and
// checks each with remessa.Checker.CheckFiles: every line gets exactly
// the críticas the world expects, every file and the month exactly the
// counts, values, totals and reasons.
func TestWorldChecked(t *testing.T) {
	demo := openDemo(t)
	cases := []struct {
		name string
		rel  func(testing.TB) *sigtap.Release
		opts remessatest.Options
	}{
		{"one file, no error", openDemo, remessatest.Options{Lines: 500, Seed: 1}},
		{"one file", openDemo, remessatest.Options{Lines: 800, ErrorRate: 0.05, Seed: 2}},
		{"month", openDemo, remessatest.Options{Estabs: 12, Files: 4, Lines: 700, ErrorRate: 0.05, Seed: 3}},
		{"month, every line", openDemo, remessatest.Options{Estabs: 9, Files: 3, Lines: 400, ErrorRate: 1, Seed: 4}},
		{"month, file errors", openDemo, remessatest.Options{Estabs: 10, Files: 5, Lines: 600, ErrorRate: 0.08,
			Duplicate: true, OtherCompetencia: true, Seed: 5}},
		{"three files, both file errors", openDemo, remessatest.Options{Estabs: 6, Files: 3, Lines: 300, ErrorRate: 0.2,
			Duplicate: true, OtherCompetencia: true, Seed: 6}},
		{"presented later", openDemo, remessatest.Options{Competencia: demo.Competencia().Add(2), Estabs: 8, Files: 3,
			Lines: 500, ErrorRate: 0.1, Duplicate: true, Seed: 7}},
		{"presented three months later", openDemo, remessatest.Options{Competencia: demo.Competencia().Add(3), Estabs: 8,
			Files: 3, Lines: 500, ErrorRate: 0.1, OtherCompetencia: true, Seed: 8}},
		{"two files, one repeated", openDemo, remessatest.Options{Estabs: 4, Files: 2, Lines: 400, ErrorRate: 0.1, Duplicate: true, Seed: 11}},
		{"one establishment per file", openDemo, remessatest.Options{Estabs: 3, Files: 3, Lines: 600, ErrorRate: 0.1, Seed: 12}},
		{"cross-file kinds only", openDemo, remessatest.Options{Estabs: 8, Files: 4, Lines: 500, ErrorRate: 0.3, Seed: 9,
			Kinds: []remessatest.Kind{remessatest.KindInstrumentoArquivos, remessatest.KindQuantidadeArquivos, remessatest.KindAtendimentoArquivos}}},
		{"shared release", openShared, remessatest.Options{Estabs: 30, Files: 4, Lines: 3000, ErrorRate: 0.05,
			Duplicate: true, OtherCompetencia: true, Seed: 10}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rel := tc.rel(t)
			w, err := remessatest.New(rel, &tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			checkWorld(t, w, rel)
		})
	}
}

// checkWorld checks w's files as one remessa and compares everything
// with w's expectations.
func checkWorld(t *testing.T, w *remessatest.World, rel *sigtap.Release) {
	t.Helper()
	var ins []remessa.Input
	for i, f := range w.Files {
		var b bytes.Buffer
		if err := w.WriteFile(i, &b); err != nil {
			t.Fatal(err)
		}
		ins = append(ins, remessa.ReaderInput(f.Name, bytes.NewReader(b.Bytes())))
	}
	reg, err := cnes.NewRegistry(w.Registry.Snapshot)
	if err != nil {
		t.Fatal(err)
	}
	ck := &remessa.Checker{SIGTAP: sigtap.NewSet(rel), CNES: reg, Workers: 2}
	got := map[string][]string{}
	status := map[remessa.Status]int{}
	m, err := ck.CheckFiles(context.Background(), ins, func(r *remessa.Result) error {
		k := r.File + ":" + fmt.Sprint(r.Line)
		for _, c := range r.Criticas {
			got[k] = append(got[k], string(c.Code))
		}
		status[r.Status]++
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	compareWorld(t, w, got, m)
	t.Logf("%d files, %d lines: %d approved, %d rejected, %d unverified; %d lines with críticas",
		len(w.Files), m.Lines, m.Approved, m.Rejected, m.Unverified, len(got))
}

// compareWorld compares a check run (each line's crítica codes by
// "FILE:LINE", and the month) with w's expectations.
func compareWorld(t *testing.T, w *remessatest.World, got map[string][]string, m *remessa.MonthSummary) {
	t.Helper()
	want := map[string][]string{}
	kinds := map[remessatest.Kind]int{}
	for e := range w.Criticas() {
		k := e.File + ":" + fmt.Sprint(e.Line)
		want[k] = append(want[k], string(e.Code))
	}
	bad := 0
	for k, codes := range want {
		if !slices.Equal(codes, got[k]) && bad < 20 {
			bad++
			t.Errorf("%s: got %v, want %v", k, got[k], codes)
		}
	}
	for k, codes := range got {
		if _, ok := want[k]; !ok && bad < 20 {
			bad++
			t.Errorf("%s: got %v, want none", k, codes)
		}
	}
	for _, f := range w.Files {
		for _, p := range must(f.Production.Planted()) {
			kinds[p.Kind]++
		}
	}
	if err := w.Expected().Compare(m); err != nil {
		t.Error(err)
	}
	t.Logf("planted %v", kinds)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestNewRefuses: options that cannot make a world are refused with
// ErrOptions before any work.
func TestNewRefuses(t *testing.T) {
	rel := openDemo(t)
	for name, o := range map[string]remessatest.Options{
		"negative lines":         {Lines: -1},
		"negative files":         {Files: -2},
		"too many lines":         {Lines: 1_000_000},
		"rate":                   {ErrorRate: 1.5},
		"NaN rate":               {ErrorRate: math.NaN()},
		"kind":                   {Kinds: []remessatest.Kind{remessatest.None}},
		"duplicate of one":       {Duplicate: true},
		"other competência of 2": {Files: 2, OtherCompetencia: true},
		"competência before":     {Competencia: rel.Competencia().Prev()},
		"competência late":       {Competencia: rel.Competencia().Add(4)},
		"estabs for files":       {Estabs: 2, Files: 3},
		"key overflow":           {Estabs: 1, Lines: 999_999},
	} {
		if _, err := remessatest.New(rel, &o); !errors.Is(err, remessatest.ErrOptions) {
			t.Errorf("%s: %v, want ErrOptions", name, err)
		}
	}
	if _, err := remessatest.New(nil, nil); err == nil {
		t.Error("nil release: no error")
	}
}
