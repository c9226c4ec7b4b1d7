package cnes_test

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cnes/cnestest"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// updating reports the -update flag (declared by the internal tests).
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

const demo = "../remessa/remessatest/demo/cnes/"

func loadDir(t *testing.T, dir string, opt *cnes.LoadOptions) *cnes.Snapshot {
	t.Helper()
	s, err := cnes.Load(os.DirFS(dir), opt)
	if err != nil {
		t.Fatalf("load %s: %v", dir, err)
	}
	if s.WarningCount() != 0 {
		t.Errorf("%s: warnings %v", dir, s.Warnings())
	}
	return s
}

// verifyFixture asserts every expected result of a FIXTURE.md.
func verifyFixture(t *testing.T, dir string, s *cnes.Snapshot) int {
	t.Helper()
	exp, err := cnestest.ReadFixture(os.DirFS(dir), "FIXTURE.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(exp) < 50 {
		t.Fatalf("%s: only %d expectations", dir, len(exp))
	}
	checks := map[cnes.CheckID]bool{}
	for _, e := range exp {
		checks[e.Check] = true
		if err := e.Verify(s); err != nil {
			t.Error(err)
		}
	}
	for c := cnes.C1; c <= cnes.C12; c++ {
		if !checks[c] {
			t.Errorf("%s: FIXTURE.md has no expectation for %s", dir, c)
		}
	}
	return len(exp)
}

// TestDemoWorld asserts the FIXTURE.md expected results on the committed
// demo registry of both competências.
func TestDemoWorld(t *testing.T) {
	for _, c := range []string{"202512", "202601"} {
		t.Run(c, func(t *testing.T) {
			dir := demo + c
			s := loadDir(t, dir, nil)
			if s.Competencia() != sigtap.MustParseCompetencia(c) {
				t.Fatalf("competência %s", s.Competencia())
			}
			verifyFixture(t, dir, s)
		})
	}
}

// TestDemoWorldDirect checks scenarios by hand, independently of the
// generator's FIXTURE.md.
func TestDemoWorldDirect(t *testing.T) {
	s12 := loadDir(t, demo+"202512", nil)
	s01 := loadDir(t, demo+"202601", nil)
	for _, s := range []*cnes.Snapshot{s12, s01} {
		e, ok := s.Estabelecimento(cnes.MustParseCode("9990004"))
		if !ok || e.Nome != "UNIDADE BÁSICA DE SAÚDE TESTE" || e.Unidade != "5300109990004" || !e.Ativo() {
			t.Errorf("9990004 = %+v (Latin-1 name must decode)", e)
		}
		if e, _ := s.Estabelecimento(cnes.MustParseCode("9990003")); e.Ativo() || e.MotivoDesativacao != "04" {
			t.Errorf("9990003 = %+v, want deactivated", e)
		}
		if e, _ := s.Estabelecimento(cnes.MustParseCode("9990005")); e.Pessoa != cnes.PessoaFisica || !e.CNPJ.IsZero() || !e.CPF.IsZero() {
			t.Errorf("9990005 = %+v, want PF without CNPJ and no CPF kept", e)
		}
		if got := s.Counts(); got.Estabelecimentos != 7 || got.Equipes != 3 || got.Membros != 5 || got.Servicos != 10 || got.Habilitacoes != 7 {
			t.Errorf("counts %+v", got)
		}
		for _, e := range s.EquipesDe(cnes.MustParseCode("9990004")) {
			if e.Tipo != cnes.EquipeESF || e.INE.IsZero() || len(e.Membros) == 0 {
				t.Errorf("team %+v", e)
			}
		}
	}
	// The same establishments and identifiers in both; one vínculo ended.
	if a, b := s12.Counts().Vinculos, s01.Counts().Vinculos; a != b+1 {
		t.Errorf("vínculos 202512 %d, 202601 %d: want one fewer in 202601", a, b)
	}
	for e := range s12.Estabelecimentos() {
		f, ok := s01.Estabelecimento(e.CNES)
		if !ok || f != e {
			t.Errorf("%s differs between competências: %+v vs %+v", e.CNES, e, f)
		}
	}
	// Habilitações in force and the supplier candidates.
	poli := cnes.MustParseCode("9990002")
	var habs []string
	for _, h := range s01.Habilitacoes(poli, s01.Competencia()) {
		habs = append(habs, h.Code.String())
	}
	if !slices.Equal(habs, []string{"0403", "1102", "3802", "3803"}) {
		t.Errorf("habilitações of 9990002 = %v", habs)
	}
	if n := len(s01.Fornecedores(poli)); n != 3 {
		t.Errorf("9990002 has %d supplier CNPJs, want 3", n)
	}
	if h := s01.Habilitacoes(cnes.MustParseCode("9990006"), sigtap.MustParseCompetencia("202503")); len(h) != 1 || h[0].Code.String() != "3803" {
		t.Errorf("9990006 in 202503: %+v", h)
	}
}

// TestDemoWorldUpToDate fails when the committed demo registry is not what
// the generator writes (run go generate -run examples/cnes ./remessa/remessatest/demo).
func TestDemoWorldUpToDate(t *testing.T) {
	for _, c := range []string{"202512", "202601"} {
		f, err := cnestest.Generate(cnestest.World(sigtap.MustParseCompetencia(c), 1))
		if err != nil {
			t.Fatal(err)
		}
		compareDir(t, demo+c, f, false)
	}
}

func compareDir(t *testing.T, dir string, f *cnestest.Fixture, write bool) {
	t.Helper()
	if write {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if err := f.WriteDir(dir); err != nil {
			t.Fatal(err)
		}
	}
	names, _ := fs.Glob(os.DirFS(dir), "*")
	if len(names) != len(f.Files) {
		t.Errorf("%s holds %v, the generator writes %d files", dir, names, len(f.Files))
	}
	for n, want := range f.Files {
		got, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Error(err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s/%s differs from the generator output; regenerate it", dir, n)
		}
	}
}

// TestMinimalFixture loads testdata/minimal: only the ★ columns, in a
// shuffled order, with CRLF line ends — binding by name and tolerance of
// CRLF. Its FIXTURE.md expects Unknown for the checks that need the
// optional columns.
func TestMinimalFixture(t *testing.T) {
	cfg := cnestest.World(sigtap.MustParseCompetencia("202601"), 7)
	cfg.Minimal, cfg.CRLF = true, true
	f, err := cnestest.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	compareDir(t, "testdata/minimal", f, updating())
	shuffled := 0
	for _, tb := range cnes.Tables() {
		b, _ := os.ReadFile("testdata/minimal/" + tb.Name() + "202601.csv")
		if !bytes.Contains(b, []byte("\r\n")) {
			t.Errorf("%s: minimal fixture should have CRLF line ends", tb)
		}
		if !bytes.HasPrefix(b, []byte(`"`+tb.Required()[0]+`";"`+tb.Required()[1]+`"`)) {
			shuffled++
		}
	}
	if shuffled < len(cnes.Tables()) {
		t.Errorf("only %d minimal headers are shuffled", shuffled)
	}
	s := loadDir(t, "testdata/minimal", nil)
	verifyFixture(t, "testdata/minimal", s)
	for _, st := range s.Stats() {
		if st.Columns != len(st.Table.Required()) {
			t.Errorf("%s has %d columns, want only the %d required", st.Table, st.Columns, len(st.Table.Required()))
		}
	}
}

func TestLoadZip(t *testing.T) {
	f, err := cnestest.Generate(cnestest.World(sigtap.MustParseCompetencia("202601"), 1))
	if err != nil {
		t.Fatal(err)
	}
	z, err := f.Zip()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), f.ZipName())
	if err := os.WriteFile(path, z, 0o644); err != nil {
		t.Fatal(err)
	}
	for name, load := range map[string]func() (*cnes.Snapshot, error){
		"Open": func() (*cnes.Snapshot, error) { return cnes.Open(path, nil) },
		"LoadZip": func() (*cnes.Snapshot, error) {
			return cnes.LoadZip(bytes.NewReader(z), int64(len(z)), nil)
		},
	} {
		s, err := load()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, e := range f.Expectations {
			if err := e.Verify(s); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	// Members under a folder, an unsafe name and unrelated files.
	nested := map[string][]byte{"../evil/tbEquipe202601.csv": []byte("x"), "BASE/LEIAME.txt": []byte("x")}
	for n, b := range f.Files {
		nested["BASE/"+n] = b
	}
	zb := zipOf(t, nested)
	s, err := cnes.LoadZip(bytes.NewReader(zb), int64(len(zb)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Counts() != loadDir(t, demo+"202601", nil).Counts() {
		t.Errorf("nested ZIP counts %+v", s.Counts())
	}
	// Caps are enforced while inflating.
	_, err = cnes.LoadZip(bytes.NewReader(z), int64(len(z)), &cnes.LoadOptions{MaxFileBytes: 100})
	var le *cnes.LimitError
	if !errors.Is(err, cnes.ErrFileTooLarge) || !errors.As(err, &le) || le.Option != "MaxFileBytes" || !strings.Contains(err.Error(), "100 B") {
		t.Errorf("MaxFileBytes not enforced: %v", err)
	}
}

func TestOpenDir(t *testing.T) {
	s, err := cnes.Open(demo+"202512", nil)
	if err != nil || s.Competencia().String() != "202512" {
		t.Fatalf("Open dir: %v, %v", s.Competencia(), err)
	}
	if _, err := cnes.Open("testdata/does-not-exist", nil); err == nil {
		t.Error("Open of a missing path succeeded")
	}
	r, err := cnes.OpenRegistry(demo+"202512", nil)
	if err != nil || len(r.Competencias()) != 1 {
		t.Fatalf("OpenRegistry: %v, %v", r.Competencias(), err)
	}
	r2, err := cnes.OpenRegistry(demo+"202601", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Merge(r2); err != nil || len(r.Competencias()) != 2 {
		t.Fatalf("Merge: %v, %v", r.Competencias(), err)
	}
	if err := r.Merge(r2); !errors.Is(err, cnes.ErrDuplicateCompetencia) || len(r.Competencias()) != 2 {
		t.Errorf("Merge accepted a duplicate competência: %v", err)
	}
}

func TestPersonalData(t *testing.T) {
	p17 := profCNS(t, "P17")
	s := loadDir(t, demo+"202601", nil)
	for _, p := range s.Profissionais(p17) {
		if p.Nome != "" || !p.CPF.IsZero() {
			t.Errorf("personal data kept without the option: %+v", p)
		}
	}
	s = loadDir(t, demo+"202601", &cnes.LoadOptions{PersonalData: true})
	ps := s.Profissionais(p17)
	if len(ps) != 2 {
		t.Fatalf("P17 has %d registry rows, want 2", len(ps))
	}
	for _, p := range ps {
		if p.Nome != "PROFISSIONAL TESTE 17" || !p.CPF.Valid() || p.CNS != p17 {
			t.Errorf("P17 row %+v", p)
		}
	}
	if e, _ := s.Estabelecimento(cnes.MustParseCode("9990005")); !e.CPF.Valid() {
		t.Errorf("PF establishment CPF not kept with PersonalData: %+v", e)
	}
}

// profCNS reads a professional's CNS from the demo FIXTURE.md.
func profCNS(t *testing.T, key string) cns.CNS {
	t.Helper()
	b, err := os.ReadFile(demo + "202601/FIXTURE.md")
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte("| "+key+" | "))
	if i < 0 {
		t.Fatalf("%s not in FIXTURE.md", key)
	}
	return cns.MustParseCNS(string(b[i+len(key)+5 : i+len(key)+20]))
}

// TestCBOCase: CO_CBO and the asked CBO compare case-insensitively.
func TestCBOCase(t *testing.T) {
	s := loadDir(t, demo+"202601", nil)
	lower := sigtap.CBO{'2', '2', '3', '1', 'f', '9'}
	r := s.CheckCBO(cnes.MustParseCode("9990002"), profCNS(t, "P05"), lower)
	if r.Outcome != cnes.OK || r.CBO.String() != "2231F9" || r.Evidence.NCBOs != 2 {
		t.Errorf("lower-case CBO: %v", r)
	}
}
