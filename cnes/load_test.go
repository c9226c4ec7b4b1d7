package cnes_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cnes/cnestest"
	"github.com/go-sus/sus/sigtap"
)

func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for n, data := range files {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// worldFS returns the demo world of 202601 as a MapFS, minus some tables.
func worldFS(t *testing.T, drop ...cnes.Table) fstest.MapFS {
	t.Helper()
	f, err := cnestest.Generate(cnestest.World(sigtap.MustParseCompetencia("202601"), 1))
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	for n, b := range f.Files {
		m[n] = &fstest.MapFile{Data: b}
	}
	for _, tb := range drop {
		delete(m, tb.Name()+"202601.csv")
	}
	return m
}

func mustLoad(t *testing.T, fsys fstest.MapFS, opt cnes.LoadOptions) *cnes.Snapshot {
	t.Helper()
	s, err := cnes.Load(fsys, opt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func expectOutcome(t *testing.T, r cnes.Result, o cnes.Outcome, why cnes.Reason) {
	t.Helper()
	if r.Outcome != o || r.Reason != why {
		t.Errorf("%v: want %s (%s)", r, o, why)
	}
}

func TestNotLoaded(t *testing.T) {
	var s *cnes.Snapshot // a competência that is not loaded
	code := cnes.MustParseCode("9990001")
	c := profCNS(t, "P01")
	ine := cnes.MustParseINE("1234567890")
	for _, r := range []cnes.Result{
		s.CheckEstabelecimento(code), s.CheckAtivo(code), s.CheckGestao(code, cnes.GestaoMunicipal, ""),
		s.CheckProfissional(code, c), s.CheckCBO(code, c, sigtap.MustParseCBO("225320")),
		s.CheckEquipe(code, ine, c), s.CheckTipoEquipe(code, ine, cnes.EquipeEqAE),
		s.CheckServClass(code, cnes.MustServClass("121/004")), s.CheckHabilitacao(code, cnes.MustHabCode("3802")),
		s.CheckFornecedor(code, cnes.CNPJ{}), s.CheckCargaHoraria(c), s.CheckContratoEqAE(code, ine, c, cnes.CNPJ{}),
	} {
		expectOutcome(t, r, cnes.Unknown, cnes.ReasonNotLoaded)
		if r.Message() != "" {
			t.Errorf("%v: unknown results carry no SIA message", r)
		}
	}
	if _, ok := s.Estabelecimento(code); ok || s.Counts() != (cnes.Counts{}) || s.Has(cnes.TableEquipe) || s.Vinculos(code, c) != nil {
		t.Error("nil snapshot queries should find nothing")
	}
}

func TestRegistry(t *testing.T) {
	s12 := loadDir(t, demo+"202512", cnes.LoadOptions{})
	s01 := loadDir(t, demo+"202601", cnes.LoadOptions{})
	r, err := cnes.NewRegistry(s01, s12)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Competencias(); len(got) != 2 || got[0].String() != "202512" {
		t.Errorf("Competencias = %v", got)
	}
	p16 := profCNS(t, "P16")
	lab := cnes.MustParseCode("9990007")
	expectOutcome(t, r.At(sigtap.MustParseCompetencia("202512")).CheckProfissional(lab, p16), cnes.OK, cnes.ReasonNone)
	expectOutcome(t, r.At(sigtap.MustParseCompetencia("202601")).CheckProfissional(lab, p16), cnes.Fail, cnes.ReasonNoVinculo)
	expectOutcome(t, r.At(sigtap.MustParseCompetencia("202602")).CheckProfissional(lab, p16), cnes.Unknown, cnes.ReasonNotLoaded)
	if s, exact := r.Closest(sigtap.MustParseCompetencia("202603")); s != s01 || exact {
		t.Error("Closest(202603) should fall back to 202601")
	}
	if s, exact := r.Closest(sigtap.MustParseCompetencia("202501")); s != s12 || exact {
		t.Error("Closest(202501) should fall forward to 202512")
	}
	if s, exact := r.Closest(sigtap.MustParseCompetencia("202512")); s != s12 || !exact {
		t.Error("Closest(202512) should be exact")
	}
	if err := r.Add(s12); !errors.Is(err, cnes.ErrDuplicateCompetencia) {
		t.Errorf("duplicate Add: %v", err)
	}
	var nilReg *cnes.Registry
	if nilReg.At(s12.Competencia()) != nil || nilReg.Competencias() != nil {
		t.Error("nil registry")
	}
}

func TestFilter(t *testing.T) {
	fsys := worldFS(t)
	ubs, imagem, missing := cnes.MustParseCode("9990004"), cnes.MustParseCode("9990001"), cnes.MustParseCode("9990099")
	p12 := profCNS(t, "P12")

	s := mustLoad(t, fsys, cnes.LoadOptions{CNES: []cnes.Code{ubs, missing}})
	if !s.Filtered() || s.Counts().Estabelecimentos != 1 {
		t.Fatalf("filtered counts %+v", s.Counts())
	}
	expectOutcome(t, s.CheckEstabelecimento(ubs), cnes.OK, cnes.ReasonNone)
	expectOutcome(t, s.CheckEstabelecimento(imagem), cnes.Unknown, cnes.ReasonFiltered)
	expectOutcome(t, s.CheckEstabelecimento(missing), cnes.Fail, cnes.ReasonEstabNotFound)
	expectOutcome(t, s.CheckProfissional(imagem, profCNS(t, "P01")), cnes.Unknown, cnes.ReasonFiltered)
	// P12 works 60 h in 9990004 and 120 h elsewhere: the second pass
	// over tbCargaHorariaSus sums them all.
	r := s.CheckCargaHoraria(p12)
	expectOutcome(t, r, cnes.Fail, cnes.ReasonWorkload)
	if r.Evidence.Horas != 180 {
		t.Errorf("P12 hours %d, want 180", r.Evidence.Horas)
	}
	expectOutcome(t, s.CheckCargaHoraria(profCNS(t, "P01")), cnes.Unknown, cnes.ReasonFiltered)
	if st := s.Stats()[0]; st.Rows != 7 || st.Kept != 1 || st.Unmatched != 6 {
		t.Errorf("estab stats %+v", st)
	}

	s = mustLoad(t, fsys, cnes.LoadOptions{Municipios: []string{"530010"}})
	if s.Counts().Estabelecimentos != 7 {
		t.Errorf("municipality filter kept %d", s.Counts().Estabelecimentos)
	}
	expectOutcome(t, s.CheckEstabelecimento(missing), cnes.Unknown, cnes.ReasonFiltered)
	s = mustLoad(t, fsys, cnes.LoadOptions{Municipios: []string{"355030"}})
	if s.Counts() != (cnes.Counts{}) {
		t.Errorf("other municipality kept %+v", s.Counts())
	}
}

func TestMissingTables(t *testing.T) {
	code := cnes.MustParseCode("9990004")
	c := profCNS(t, "P09")
	s := mustLoad(t, worldFS(t, cnes.TableEquipe, cnes.TableSipac, cnes.TableProfissional), cnes.LoadOptions{})
	if s.Has(cnes.TableEquipe) || !s.Has(cnes.TableCargaHoraria) {
		t.Error("Has")
	}
	expectOutcome(t, s.CheckEstabelecimento(code), cnes.OK, cnes.ReasonNone)
	expectOutcome(t, s.CheckEquipe(code, cnes.MustParseINE("1383394"), c), cnes.Unknown, cnes.ReasonTableAbsent)
	expectOutcome(t, s.CheckHabilitacao(code, cnes.MustHabCode("3802")), cnes.Unknown, cnes.ReasonTableAbsent)
	expectOutcome(t, s.CheckProfissional(code, c), cnes.Unknown, cnes.ReasonTableAbsent)
	expectOutcome(t, s.CheckCargaHoraria(c), cnes.Unknown, cnes.ReasonTableAbsent)
	if st := s.Stats()[cnes.TableEquipe]; st.File != "" {
		t.Errorf("absent table stats %+v", st)
	}

	_, err := cnes.Load(worldFS(t, cnes.TableEstabelecimento), cnes.LoadOptions{})
	if !errors.Is(err, cnes.ErrMissingTable) {
		t.Errorf("without tbEstabelecimento: %v", err)
	}
}

func TestCompetencia(t *testing.T) {
	fsys := worldFS(t)
	if _, err := cnes.Load(fsys, cnes.LoadOptions{Competencia: sigtap.MustParseCompetencia("202512")}); !errors.Is(err, cnes.ErrCompetencia) {
		t.Errorf("mismatched competência: %v", err)
	}
	fsys["tbEquipe202512.csv"] = fsys["tbEquipe202601.csv"]
	delete(fsys, "tbEquipe202601.csv")
	if _, err := cnes.Load(fsys, cnes.LoadOptions{}); !errors.Is(err, cnes.ErrCompetencia) {
		t.Errorf("mixed competências: %v", err)
	}
	fsys["x/tbEquipe.csv"] = fsys["tbEquipe202512.csv"]
	if _, err := cnes.Load(fsys, cnes.LoadOptions{}); !errors.Is(err, cnes.ErrDuplicateTable) {
		t.Errorf("two tbEquipe files: %v", err)
	}
	bare := fstest.MapFS{"tbEstabelecimento.csv": fsys["tbEstabelecimento202601.csv"]}
	if _, err := cnes.Load(bare, cnes.LoadOptions{}); !errors.Is(err, cnes.ErrCompetencia) {
		t.Errorf("no competência anywhere: %v", err)
	}
	s, err := cnes.Load(bare, cnes.LoadOptions{Competencia: sigtap.MustParseCompetencia("202601")})
	if err != nil || s.Competencia().String() != "202601" || s.Counts().Estabelecimentos != 7 {
		t.Errorf("competência from the options: %v, %v", s.Competencia(), err)
	}
}

// malformed loads one file of testdata/malformed as the table's member.
func malformed(t *testing.T, file string, table cnes.Table, opt cnes.LoadOptions) (*cnes.Snapshot, error) {
	t.Helper()
	b, err := os.ReadFile("testdata/malformed/" + file)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{table.Name() + "202601.csv": {Data: b}}
	if table != cnes.TableEstabelecimento {
		est, _ := os.ReadFile("testdata/malformed/latin1.csv")
		fsys["tbEstabelecimento202601.csv"] = &fstest.MapFile{Data: bytes.ReplaceAll(est, []byte("9990004"), []byte("9990001"))}
	}
	return cnes.Load(fsys, opt)
}

func TestMalformed(t *testing.T) {
	tests := []struct {
		file    string
		table   cnes.Table
		err     error  // fatal error wanted
		line    int    // of the fatal error
		field   string // of the fatal error
		warns   int
		strictE error // error under Strict
	}{
		{file: "missing-column.csv", err: cnes.ErrMissingColumn, line: 1, field: "TP_GESTAO"},
		{file: "duplicate-column.csv", err: cnes.ErrDuplicateColumn, line: 1, field: "CO_CNES"},
		{file: "bad-quote.csv", err: csv.ErrQuote, line: 3},
		{file: "utf16.csv", err: cnes.ErrEncoding, line: 1},
		{file: "utf16-nobom.csv", err: cnes.ErrEncoding, line: 1},
		{file: "empty.csv", err: cnes.ErrEmptyFile},
		{file: "latin1.csv"},
		{file: "utf8-bom.csv"},
		{file: "utf8.csv", warns: 1, strictE: cnes.ErrEncoding},
		{file: "bad-rows.csv", warns: 2, strictE: csv.ErrFieldCount},
		{file: "bad-dates.tbEquipe.csv", table: cnes.TableEquipe, warns: 2, strictE: cnes.ErrDate},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s, err := malformed(t, tt.file, tt.table, cnes.LoadOptions{})
			if tt.err != nil {
				var pe *cnes.ParseError
				if !errors.Is(err, tt.err) || !errors.As(err, &pe) {
					t.Fatalf("err = %v, want %v in a *ParseError", err, tt.err)
				}
				if pe.Line != tt.line || pe.Field != tt.field || !strings.HasPrefix(pe.File, tt.table.Name()) {
					t.Errorf("ParseError = %+v, want line %d field %q", pe, tt.line, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.WarningCount() != tt.warns || len(s.Warnings()) != tt.warns {
				t.Errorf("warnings %d %v, want %d", s.WarningCount(), s.Warnings(), tt.warns)
			}
			if tt.strictE != nil {
				if _, err := malformed(t, tt.file, tt.table, cnes.LoadOptions{Strict: true}); !errors.Is(err, tt.strictE) {
					t.Errorf("strict: %v, want %v", err, tt.strictE)
				}
			}
		})
	}
	// Both missing columns are reported.
	_, err := malformed(t, "missing-column.csv", cnes.TableEstabelecimento, cnes.LoadOptions{})
	if msg := err.Error(); !strings.Contains(msg, "TP_GESTAO") || !strings.Contains(msg, "CO_MOTIVO_DESAB") {
		t.Errorf("missing columns not both named: %v", err)
	}
	// LazyQuotes reads the stray quote.
	if s, err := malformed(t, "bad-quote.csv", cnes.TableEstabelecimento, cnes.LoadOptions{LazyQuotes: true}); err != nil || s.Counts().Estabelecimentos != 2 {
		t.Errorf("LazyQuotes: %v", err)
	}
	// Encodings decode to the same name.
	for _, f := range []string{"latin1.csv", "utf8.csv", "utf8-bom.csv"} {
		s, _ := malformed(t, f, cnes.TableEstabelecimento, cnes.LoadOptions{})
		if e, _ := s.Estabelecimento(cnes.MustParseCode("9990004")); e.Nome != "UNIDADE BÁSICA DE SAÚDE TESTE" {
			t.Errorf("%s: name %q", f, e.Nome)
		}
	}
	// A bad row's warning points at it without quoting personal data.
	s, _ := malformed(t, "bad-rows.csv", cnes.TableEstabelecimento, cnes.LoadOptions{})
	w := s.Warnings()
	if len(w) != 2 || w[1].Line != 4 || w[1].Field != "CO_CNES" || w[1].Value != "99900A3" || !errors.Is(w[1], cnes.ErrCharacters) {
		t.Errorf("warnings %+v", w)
	}
	if got := w[1].Error(); got != `tbEstabelecimento202601.csv: line 4, column 17 (CO_CNES "99900A3"): invalid characters` {
		t.Errorf("ParseError.Error() = %s", got)
	}
	// Dates that cannot be read count as blank: the team is open-ended.
	s, _ = malformed(t, "bad-dates.tbEquipe.csv", cnes.TableEquipe, cnes.LoadOptions{})
	if e, ok := s.Equipe(cnes.MustParseINE("1234568")); !ok || !e.Ativacao.IsZero() || !e.Desativacao.IsZero() {
		t.Errorf("team with unreadable dates: %+v", e)
	}
}

// TestPersonalDataInErrors checks that a bad CNS is reported without its
// value.
func TestPersonalDataInErrors(t *testing.T) {
	fsys := worldFS(t)
	b := fsys["tbDadosProfissionalSus202601.csv"].Data
	c := profCNS(t, "P01").String()
	fsys["tbDadosProfissionalSus202601.csv"] = &fstest.MapFile{Data: bytes.Replace(b, []byte(c), []byte(c[:14]+"X"), 1)}
	_, err := cnes.Load(fsys, cnes.LoadOptions{Strict: true})
	var pe *cnes.ParseError
	if !errors.As(err, &pe) || pe.Field != "CO_CNS" || pe.Value != "" || strings.Contains(err.Error(), c[:14]) {
		t.Errorf("err = %v: a CNS must never be quoted", err)
	}
	s := mustLoad(t, fsys, cnes.LoadOptions{})
	if s.WarningCount() != 1 || strings.Contains(s.Warnings()[0].Error(), c[:14]) {
		t.Errorf("warnings %v", s.Warnings())
	}
}

func TestWarningCap(t *testing.T) {
	var b strings.Builder
	b.WriteString(`"CO_UNIDADE";"CO_CNES";"TP_PFPJ";"NU_CNPJ";"NU_CNPJ_MANTENEDORA";"CO_ESTADO_GESTOR";"CO_MUNICIPIO_GESTOR";"TP_GESTAO";"CO_MOTIVO_DESAB"` + "\n")
	for range 20 {
		b.WriteString(`"1";"X";"";"";"";"";"";"";""` + "\n")
	}
	s, err := cnes.Load(fstest.MapFS{"tbEstabelecimento202601.csv": {Data: []byte(b.String())}}, cnes.LoadOptions{MaxWarnings: 5})
	if err != nil || s.WarningCount() != 20 || len(s.Warnings()) != 5 || s.Stats()[0].Skipped != 20 {
		t.Errorf("err %v, count %d, kept %d", err, s.WarningCount(), len(s.Warnings()))
	}
}

// TestUnpackableKeys replaces a CO_PROFISSIONAL_SUS by a non-hex id and a
// CO_UNIDADE by a non-numeric one, in every file: the string fallbacks of
// the indexes must give the same answers.
func TestUnpackableKeys(t *testing.T) {
	fsys := worldFS(t)
	b, _ := os.ReadFile(demo + "202601/FIXTURE.md")
	i := bytes.Index(b, []byte("| P05 | "))
	id := string(b[i+26 : i+42]) // P05's CO_PROFISSIONAL_SUS
	for n, f := range fsys {
		d := bytes.ReplaceAll(f.Data, []byte(id), []byte("prof-id-not-hex"))
		d = bytes.ReplaceAll(d, []byte("5300109990002"), []byte("UNIDADE-9990002"))
		fsys[n] = &fstest.MapFile{Data: d}
	}
	s := mustLoad(t, fsys, cnes.LoadOptions{})
	exp, err := cnestest.ReadFixture(fsys, "FIXTURE.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range exp {
		if err := e.Verify(s); err != nil {
			t.Error(err)
		}
	}
	vs := s.Vinculos(cnes.MustParseCode("9990002"), profCNS(t, "P05"))
	if len(vs) != 2 || vs[0].Profissional.String() != "prof-id-not-hex" {
		t.Errorf("P05 vínculos %+v", vs)
	}
}

// TestDuplicateKeys: a second row for an establishment or a team key is
// ignored with a warning; the first row wins.
func TestDuplicateKeys(t *testing.T) {
	fsys := worldFS(t)
	for _, name := range []string{"tbEstabelecimento202601.csv", "tbEquipe202601.csv"} {
		d := fsys[name].Data
		lines := bytes.SplitAfter(d, []byte("\n"))
		fsys[name] = &fstest.MapFile{Data: append(append([]byte(nil), d...), lines[1]...)}
	}
	s := mustLoad(t, fsys, cnes.LoadOptions{})
	w := s.Warnings()
	if len(w) != 2 || !errors.Is(w[0], cnes.ErrDuplicateKey) || !errors.Is(w[1], cnes.ErrDuplicateKey) {
		t.Fatalf("warnings %v", w)
	}
	if s.Counts().Estabelecimentos != 7 || s.Counts().Equipes != 3 {
		t.Errorf("counts %+v", s.Counts())
	}
	delete(fsys, "tbEstabelecimento202601.csv")
	fsys["tbEstabelecimento202601.csv"] = worldFS(t)["tbEstabelecimento202601.csv"]
	if _, err := cnes.Load(fsys, cnes.LoadOptions{Strict: true}); !errors.Is(err, cnes.ErrDuplicateKey) {
		t.Errorf("strict: %v", err)
	}
}
