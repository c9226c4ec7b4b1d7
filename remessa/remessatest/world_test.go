package remessatest_test

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"sync"
	"testing"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/internal/shareddata"
	"github.com/go-sus/sus/remessa/remessatest"
	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/sigtap"
)

// sharedRelease is the real 202512 release, read from the shared data
// directory (never copied into the repository).
var sharedRelease, _ = shareddata.SIGTAP(shareddata.Release202512)

var (
	sharedOnce sync.Once
	sharedRel  *sigtap.Release
	sharedErr  error
)

// openShared loads the real 202512 release once, or skips.
func openShared(tb testing.TB) *sigtap.Release {
	tb.Helper()
	if sharedRelease == "" {
		tb.Skipf("official SIGTAP release %s not available (../shared/data/sigtap or $%s)", shareddata.Release202512, shareddata.Env)
	}
	sharedOnce.Do(func() { sharedRel, sharedErr = sigtap.Open(sharedRelease, nil) })
	if sharedErr != nil {
		tb.Fatal(sharedErr)
	}
	return sharedRel
}

func openDemo(tb testing.TB) *sigtap.Release {
	tb.Helper()
	set, err := sigtap.LoadSet(demo.SIGTAP(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	r, ok := set.ForCompetencia(sigtap.MustParseCompetencia("202512"))
	if !ok {
		tb.Fatal("demo world has no 202512 release")
	}
	return r
}

// registry builds the plan of every eligible procedure of rel and a
// registry of nEstab establishments.
func registry(tb testing.TB, rel *sigtap.Release, nEstab int, seed uint64) *remessatest.Registry {
	tb.Helper()
	plan, err := remessatest.NewPlan(rel, nil)
	if err != nil {
		tb.Fatal(err)
	}
	reg, err := remessatest.NewRegistry(plan, nEstab, seed)
	if err != nil {
		tb.Fatal(err)
	}
	return reg
}

// world builds a plan, a registry and a production.
func world(tb testing.TB, rel *sigtap.Release, nEstab, nLines int, opts *remessatest.ProductionOptions) (*remessatest.Registry, *remessatest.Production) {
	tb.Helper()
	reg := registry(tb, rel, nEstab, 1)
	prod, err := remessatest.NewProduction(reg, rel.Competencia(), nLines, 7, opts)
	if err != nil {
		tb.Fatal(err)
	}
	return reg, prod
}

// fileKinds are the kinds a production of its own carries: all but the
// cross-file ones of a World.
func fileKinds() []remessatest.Kind {
	return slices.DeleteFunc(remessatest.Kinds(), func(k remessatest.Kind) bool { return k >= remessatest.KindInstrumentoArquivos })
}

func TestWorldShared(t *testing.T) { testWorld(t, openShared(t), 20, 5000, 0.02) }

func TestWorldDemo(t *testing.T) { testWorld(t, openDemo(t), 20, 5000, 0.02) }

// TestWorldEveryLine plants an error in (almost) every line: kinds wait
// for lines that can carry them, and all of them still check out.
func TestWorldEveryLine(t *testing.T) { testWorld(t, openDemo(t), 8, 2000, 1) }

// testWorld generates a world with every kind of error, writes it, reads
// it back, and judges every line: valid lines pass everything, planted
// lines fail exactly what was planted.
func testWorld(t *testing.T, rel *sigtap.Release, nEstab, nLines int, rate float64) {
	reg, prod := world(t, rel, nEstab, nLines, &remessatest.ProductionOptions{ErrorRate: rate})
	if got := prod.Kinds(); !slices.Equal(got, fileKinds()) {
		t.Errorf("kinds the world can carry: %v, want %v", got, fileKinds())
	}

	// The registry, as files, loads cleanly with cnes.Load, from the ZIP too.
	zb, err := reg.Fixture.Zip()
	if err != nil {
		t.Fatal(err)
	}
	snap, err := cnes.LoadZip(bytes.NewReader(zb), int64(len(zb)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if snap.WarningCount() != 0 || snap.Counts().Estabelecimentos != nEstab {
		t.Fatalf("registry: %d warnings, %+v", snap.WarningCount(), snap.Counts())
	}

	var file bytes.Buffer
	if _, err := prod.WriteTo(&file); err != nil {
		t.Fatal(err)
	}
	// Layout, numbering and header: only the planted layout errors.
	probs, err := bpa.Validate(bytes.NewReader(file.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	planted, err := prod.Planted()
	if err != nil {
		t.Fatal(err)
	}
	kindAt := map[int]remessatest.Kind{}
	for _, p := range planted {
		kindAt[p.Line] = p.Kind
	}
	for _, p := range probs {
		want := map[string]remessatest.Kind{bpa.CodeCheckDigitCNS: remessatest.KindCNS, bpa.CodeCmpWindow: remessatest.KindCompetencia}[p.Code]
		if want == remessatest.None || kindAt[p.Line] != want {
			t.Errorf("bpa.Validate: %v (planted: %v)", p, kindAt[p.Line])
		}
	}

	// Every line, read back from the file.
	v := newVerifier(rel, snap, prod.Competencia())
	rd := bpa.NewReader(bytes.NewReader(file.Bytes()))
	lines, perKind := 0, map[remessatest.Kind]int{}
	for rec, err := range rd.All() {
		if err != nil {
			t.Fatal(err)
		}
		i, ok := rec.(*bpa.Individualizado)
		if !ok {
			continue
		}
		lines++
		want := kindAt[i.Line]
		found, other := v.check(i)
		switch {
		case want == remessatest.None && (found != 0 || other != nil):
			t.Errorf("line %d (%s): valid line fails %v %q", i.Line, i.Procedimento, found, other)
		case want != remessatest.None && !found.has(want):
			t.Errorf("line %d (%s): planted %v, found %v %q", i.Line, i.Procedimento, want, found, other)
		case want != remessatest.None && pure(want) && (!found.only(want) || other != nil):
			t.Errorf("line %d (%s): planted %v, found more: %v %q", i.Line, i.Procedimento, want, found, other)
		}
		perKind[want]++
	}
	if lines != nLines {
		t.Errorf("%d lines read, want %d", lines, nLines)
	}
	for _, k := range fileKinds() {
		if perKind[k] == 0 {
			t.Errorf("no line planted with %v", k)
		}
	}
	if n, want := float64(len(planted)), rate*float64(nLines); n < want*0.75 || n > want*1.25 {
		t.Errorf("%v planted lines for rate %v of %d", n, rate, nLines)
	}
	t.Logf("%d lines, %d planted %v, %d establishments, %+v", lines, len(planted), perKind, nEstab, snap.Counts())
}

// TestAllMatchesFile checks that the iterator yields the lines of the file,
// with the planted kinds, and that two passes give the same bytes.
func TestAllMatchesFile(t *testing.T) {
	rel := openDemo(t)
	_, prod := world(t, rel, 5, 800, &remessatest.ProductionOptions{ErrorRate: 0.05})
	var a, b bytes.Buffer
	if _, err := prod.WriteTo(&a); err != nil {
		t.Fatal(err)
	}
	if _, err := prod.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two writes differ")
	}
	h, err := prod.Header()
	if err != nil {
		t.Fatal(err)
	}
	want, err := h.AppendText(nil)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(a.Bytes(), []byte("\r\n"))
	if !bytes.Equal(lines[0], want) {
		t.Errorf("header %q, want %q", lines[0], want)
	}
	planted, _ := prod.Planted()
	n, p := 0, 0
	for r, k := range prod.All() {
		rec := r.(*bpa.Individualizado)
		got, err := rec.AppendText(nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, lines[rec.Line-1]) || rec.Line != n+2 {
			t.Fatalf("line %d: All gives\n%q\nthe file has\n%q", rec.Line, got, lines[rec.Line-1])
		}
		if k != remessatest.None {
			if p >= len(planted) || planted[p].Line != rec.Line || planted[p].Kind != k {
				t.Fatalf("line %d: All says %v, Planted %v", rec.Line, k, planted[p:min(p+1, len(planted))])
			}
			p++
		}
		n++
	}
	if n != prod.Len() || p != len(planted) {
		t.Errorf("All gave %d lines and %d planted, want %d and %d", n, p, prod.Len(), len(planted))
	}
}

// TestSeeds checks determinism across constructions and that seeds matter.
func TestSeeds(t *testing.T) {
	rel := openDemo(t)
	write := func(regSeed, prodSeed uint64) []byte {
		reg := registry(t, rel, 4, regSeed)
		prod, err := remessatest.NewProduction(reg, rel.Competencia(), 300, prodSeed, &remessatest.ProductionOptions{ErrorRate: 0.1})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := prod.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	a := write(1, 2)
	if !bytes.Equal(a, write(1, 2)) {
		t.Error("same seeds, different files")
	}
	if bytes.Equal(a, write(1, 3)) || bytes.Equal(a, write(2, 2)) {
		t.Error("different seeds, same file")
	}
}

// TestSplit writes a production as several files: each is valid, the
// planted lines are where Planted says, and no patient spans two files.
func TestSplit(t *testing.T) {
	rel := openDemo(t)
	reg, prod := world(t, rel, 6, 1300, &remessatest.ProductionOptions{ErrorRate: 0.05, Kinds: []remessatest.Kind{remessatest.KindQuantidade, remessatest.KindCNS}, PerFile: 500})
	if prod.Parts() != 3 {
		t.Fatalf("%d parts, want 3", prod.Parts())
	}
	if _, err := prod.WriteTo(io.Discard); !errors.Is(err, remessatest.ErrSplit) {
		t.Errorf("WriteTo of a split production: %v, want ErrSplit", err)
	}
	var files []*bytes.Buffer
	err := prod.WriteFiles(func(part int) (io.Writer, error) {
		if part != len(files) {
			t.Errorf("part %d asked after %d", part, len(files))
		}
		files = append(files, &bytes.Buffer{})
		return files[part], nil
	})
	if err != nil {
		t.Fatal(err)
	}
	planted, _ := prod.Planted()
	owner := map[[15]byte]int{}
	total := 0
	for part, f := range files {
		kindAt := map[int]remessatest.Kind{}
		for _, p := range planted {
			if p.Part == part {
				kindAt[p.Line] = p.Kind
			}
		}
		probs, err := bpa.Validate(bytes.NewReader(f.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range probs {
			if p.Code != bpa.CodeCheckDigitCNS || kindAt[p.Line] != remessatest.KindCNS {
				t.Errorf("part %d: %v", part, p)
			}
		}
		v := newVerifier(rel, reg.Snapshot, prod.Competencia())
		file, err := bpa.Decode(bytes.NewReader(f.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range file.Records {
			i := rec.(*bpa.Individualizado)
			total++
			found, other := v.check(i)
			if want := kindAt[i.Line]; found.count() > 1 || (want == remessatest.None) != (found == 0) || (want != remessatest.None && !found.has(want)) || other != nil {
				t.Errorf("part %d line %d: planted %v, found %v %q", part, i.Line, want, found, other)
			}
			id := patientID(i)
			if o, ok := owner[id]; ok && o != part {
				t.Errorf("part %d line %d: patient also in part %d", part, i.Line, o)
			}
			owner[id] = part
		}
	}
	if total != 1300 {
		t.Errorf("%d lines in the files, want 1300", total)
	}
}

// TestNumbering checks the BPA-Mag numbering on a production whose keys
// need several folhas.
func TestNumbering(t *testing.T) {
	rel := openDemo(t)
	_, prod := world(t, rel, 1, 3000, nil)
	type nkey struct {
		k     bpa.NumberingKey
		folha int
	}
	seqs := map[nkey][]int{}
	for r := range prod.All() {
		rec := r.(*bpa.Individualizado)
		k := nkey{bpa.KeyOf(rec), rec.Folha}
		seqs[k] = append(seqs[k], rec.Seq)
	}
	maxFolha := 0
	for k, s := range seqs {
		for i, x := range s {
			if x != i+1 {
				t.Fatalf("%v folha %d: seqs %v", k.k, k.folha, s)
			}
		}
		if len(s) > bpa.MaxSeqI {
			t.Fatalf("folha with %d lines", len(s))
		}
		maxFolha = max(maxFolha, k.folha)
	}
	h, _ := prod.Header()
	if h.Folhas != len(seqs) || maxFolha < 2 {
		t.Errorf("header folhas %d, counted %d, highest folha %d", h.Folhas, len(seqs), maxFolha)
	}
}

func TestErrors(t *testing.T) {
	rel := openDemo(t)
	reg := registry(t, rel, 2, 1)
	plan, cmp := reg.Plan, rel.Competencia()
	for name, f := range map[string]func() error{
		"rate": func() error {
			_, err := remessatest.NewProduction(reg, cmp, 10, 1, &remessatest.ProductionOptions{ErrorRate: 1.5})
			return err
		},
		"kind": func() error {
			_, err := remessatest.NewProduction(reg, cmp, 10, 1, &remessatest.ProductionOptions{Kinds: []remessatest.Kind{remessatest.None}})
			return err
		},
		"mvm before": func() error {
			_, err := remessatest.NewProduction(reg, cmp.Prev(), 10, 1, nil)
			return err
		},
		"mvm late": func() error {
			_, err := remessatest.NewProduction(reg, cmp.Add(4), 10, 1, nil)
			return err
		},
		"lines": func() error { _, err := remessatest.NewProduction(reg, cmp, 0, 1, nil); return err },
		"per file": func() error {
			_, err := remessatest.NewProduction(reg, cmp, 10, 1, &remessatest.ProductionOptions{PerFile: 1e6})
			return err
		},
		"overflow": func() error {
			_, err := remessatest.NewProduction(reg, cmp, 5_000_000, 1, nil)
			return err
		},
		"estabs":   func() error { _, err := remessatest.NewRegistry(plan, 0, 1); return err },
		"nil plan": func() error { _, err := remessatest.NewRegistry(nil, 1, 1); return err },
		"nil rel":  func() error { _, err := remessatest.NewPlan(nil, nil); return err },
		"empty plan": func() error {
			_, err := remessatest.NewPlan(rel, &remessatest.PlanOptions{Codes: []sigtap.Code{sigtap.MustParseCode("0901010014")}})
			if !errors.Is(err, remessatest.ErrEmptyPlan) {
				return nil
			}
			return err
		},
	} {
		if f() == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
