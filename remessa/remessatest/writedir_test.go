package remessatest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/remessatest"
	"github.com/go-sus/sus/sigtap"
)

// demoReleaseFile is the demo world's 202512 release, a file in the
// repository, as a user has a release on disk.
const demoReleaseFile = "demo/sigtap/TabelaUnificada_202512_v2601221256.zip"

// TestWriteDir writes worlds to disk and checks them the way the remessa
// command does — SIGTAP from the release file, CNES from dir/cnes, the
// files of dir/bpa in name order — against dir/EXPECTED.jsonl.
func TestWriteDir(t *testing.T) {
	release := demoReleaseFile
	rel, err := sigtap.Open(release, nil)
	if err != nil {
		t.Fatal(err)
	}
	for seed := uint64(1); seed <= 3; seed++ {
		w, err := remessatest.New(rel, &remessatest.Options{Estabs: 8, Files: 2 + int(seed), Lines: 200 * int(seed), ErrorRate: 0.1,
			Duplicate: true, OtherCompetencia: seed > 1, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(t.TempDir(), "mes")
		var last, total int
		if err := w.WriteDir(context.Background(), dir, &remessatest.WriteOptions{Workers: 2, Progress: func(d, n int) { last, total = d, n }}); err != nil {
			t.Fatal(err)
		}
		if last != total || total != w.Expected().Lines {
			t.Errorf("progress %d of %d, want %d", last, total, w.Expected().Lines)
		}
		if err := checkDir(dir, release); err != nil {
			t.Errorf("seed %d: %v", seed, err)
		}
		ents, _ := os.ReadDir(filepath.Dir(dir))
		if len(ents) != 1 {
			t.Errorf("seed %d: %d entries next to the world (temporary directory left?)", seed, len(ents))
		}
	}
}

// checkDir checks the world in dir with the remessa library as the
// remessa command does and compares the run with dir/EXPECTED.jsonl.
func checkDir(dir, release string) error {
	set, err := sigtap.OpenSet(release, nil)
	if err != nil {
		return err
	}
	reg, err := cnes.OpenRegistry(filepath.Join(dir, "cnes"), nil)
	if err != nil {
		return err
	}
	ents, err := os.ReadDir(filepath.Join(dir, "bpa"))
	if err != nil {
		return err
	}
	var ins []remessa.Input
	for _, e := range ents {
		ins = append(ins, remessa.FileInput(filepath.Join(dir, "bpa", e.Name())))
	}
	got := map[string][]remessa.Code{}
	ck := &remessa.Checker{SIGTAP: set, CNES: reg}
	m, err := ck.CheckFiles(context.Background(), ins, func(r *remessa.Result) error {
		for _, c := range r.Criticas {
			k := fmt.Sprint(r.File, ":", r.Line)
			got[k] = append(got[k], c.Code)
		}
		return nil
	}, nil)
	if err != nil {
		return err
	}
	return remessatest.CompareDir(dir, got, m)
}

// TestWriteDirRefuses: a directory with files is not overwritten, and a
// cancelled run leaves nothing behind.
func TestWriteDirRefuses(t *testing.T) {
	w, err := remessatest.New(openDemo(t), &remessatest.Options{Estabs: 3, Files: 3, Lines: 100})
	if err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	full := filepath.Join(parent, "full")
	os.MkdirAll(full, 0o755)
	os.WriteFile(filepath.Join(full, "x"), nil, 0o644)
	if err := w.WriteDir(context.Background(), full, nil); !errors.Is(err, remessatest.ErrDirExists) {
		t.Errorf("non-empty directory: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := w.WriteDir(ctx, filepath.Join(parent, "cancelled"), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	ents, _ := os.ReadDir(parent)
	if len(ents) != 1 {
		t.Errorf("%d entries left, want only the full directory", len(ents))
	}
	// An empty directory is taken.
	empty := filepath.Join(parent, "empty")
	os.Mkdir(empty, 0o755)
	if err := w.WriteDir(context.Background(), empty, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(empty, "bpa", w.Files[2].Name)); err != nil {
		t.Error(err)
	}
}

// TestExpectedRoundTrip: ReadExpected gives back what WriteExpected
// wrote, and Compare notices a difference.
func TestExpectedRoundTrip(t *testing.T) {
	w, err := remessatest.New(openDemo(t), &remessatest.Options{Estabs: 6, Files: 4, Lines: 300, ErrorRate: 0.2, Duplicate: true, OtherCompetencia: true, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := w.WriteExpected(&b); err != nil {
		t.Fatal(err)
	}
	var crits []remessatest.Expectation
	e, err := remessatest.ReadExpected(bytes.NewReader(b.Bytes()), func(x remessatest.Expectation) error { crits = append(crits, x); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if want := slices.Collect(w.Criticas()); !slices.Equal(crits, want) {
		t.Errorf("%d críticas read, %d written", len(crits), len(want))
	}
	x := w.Expected()
	if e.Lines != x.Lines || e.Approved != x.Approved || len(e.Totals) != len(x.Totals) || len(e.Files) != len(x.Files) ||
		!e.Valor.Approved.Equal(x.Valor.Approved) || !slices.EqualFunc(e.Files[3].Criticas, x.Files[3].Criticas, func(a, b remessatest.Expectation) bool { return a == b }) {
		t.Errorf("read %+v\nwrote %+v", e, x)
	}
	// A check run that agrees, then one that does not.
	m := &remessa.MonthSummary{Summary: remessa.Summary{Competencia: x.Competencia, Lines: x.Lines, Approved: x.Approved, Rejected: x.Rejected,
		Unverified: x.Unverified, Valor: x.Valor, Totals: x.Totals, Reasons: x.Reasons}, FileCount: x.FileCount}
	for _, f := range x.Files {
		s := &remessa.Summary{File: f.Name, Competencia: f.Competencia, Lines: f.Lines, Approved: f.Approved, Rejected: f.Rejected, Unverified: f.Unverified, Valor: f.Valor}
		for _, c := range f.Criticas {
			s.Criticas = append(s.Criticas, remessa.Critica{File: c.File, Line: c.Line, Code: c.Code})
		}
		m.Files = append(m.Files, s)
	}
	if err := e.Compare(m); err != nil {
		t.Errorf("agreeing run: %v", err)
	}
	m.Files[1].Approved++
	m.Totals = m.Totals[1:]
	if err := e.Compare(m); err == nil || !strings.Contains(err.Error(), "totals") || !strings.Contains(err.Error(), "file 1") {
		t.Errorf("differing run: %v", err)
	}
}

func FuzzReadExpected(f *testing.F) {
	f.Add([]byte(`{"file":"PAW001.JAN","line":2,"code":"CBO_INCOMPATIVEL"}` + "\n" +
		`{"file":"PAW001.JAN","line":0,"code":"CNES_SEM_BASE"}` + "\n" +
		`{"kind":"file_summary","file":"PAW001.JAN","competencia":"202601","lines":3,"approved":2,"rejected":1,"unverified":0,"valor":{"cnes":"","financiamento":"","approved_lines":2,"rejected_lines":1,"unverified_lines":0,"approved_qt":2,"rejected_qt":1,"unverified_qt":0,"approved":"10","rejected":"5","unverified":"0"}}` + "\n" +
		`{"kind":"summary","competencia":"202601","files":1,"lines":3,"approved":2,"rejected":1,"unverified":0,"valor":{"cnes":"","financiamento":""},"totals":[],"reasons":[{"code":"CBO_INCOMPATIVEL","lines":1,"valor":"5"}]}` + "\n"))
	f.Add([]byte(`{"kind":"summary","files":0}`))
	f.Add([]byte(`{"kind":"x"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		n := 0
		e, err := remessatest.ReadExpected(bytes.NewReader(b), func(x remessatest.Expectation) error {
			if x.Line < 2 || x.File == "" || x.Code == "" {
				t.Errorf("crítica %+v handed on", x)
			}
			n++
			return nil
		})
		if err != nil {
			if e != nil {
				t.Error("expectations with an error")
			}
			return
		}
		if len(e.Files) != e.FileCount {
			t.Errorf("%d files for %d", len(e.Files), e.FileCount)
		}
	})
}
