package cnestest

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing/fstest"
	"time"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// Fixture is a generated registry: the seven CSV files and FIXTURE.md, by
// base name, and the expected check results.
type Fixture struct {
	Competencia  sigtap.Competencia
	Files        map[string][]byte
	Expectations []Expectation
	rows, cols   [7]int
}

// Rows returns the number of data rows written for table t.
func (f *Fixture) Rows(t cnes.Table) int { return f.rows[t] }

// FS returns the files as an in-memory fs.FS.
func (f *Fixture) FS() fs.FS {
	m := fstest.MapFS{}
	for n, b := range f.Files {
		m[n] = &fstest.MapFile{Data: b, Mode: 0o444}
	}
	return m
}

// WriteDir writes the files into dir, creating it.
func (f *Fixture) WriteDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, n := range slices.Sorted(maps.Keys(f.Files)) {
		if err := os.WriteFile(filepath.Join(dir, n), f.Files[n], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// ZipName returns the real distribution name, BASE_DE_DADOS_CNES_AAAAMM.ZIP.
func (f *Fixture) ZipName() string { return "BASE_DE_DADOS_CNES_" + f.Competencia.String() + ".ZIP" }

// Zip returns the files packed as the real distribution ZIP.
func (f *Fixture) Zip() ([]byte, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range slices.Sorted(maps.Keys(f.Files)) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.Files[n]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Expectation is one resolved expected check result, as listed in the
// "Expected check results" table of FIXTURE.md.
type Expectation struct {
	Check  cnes.CheckID
	CNES   cnes.Code
	CNS    cns.CNS
	INE    cnes.INE
	Arg    string // check-specific argument (CBO, team type, pairs, habilitações, CNPJ, gestão)
	Want   cnes.Outcome
	Reason cnes.Reason
	Note   string
}

// Run performs the expectation's check on s.
func (e Expectation) Run(s *cnes.Snapshot) (cnes.Result, error) {
	switch e.Check {
	case cnes.C1:
		return s.CheckEstabelecimento(e.CNES), nil
	case cnes.C2:
		return s.CheckAtivo(e.CNES), nil
	case cnes.C3:
		var g cnes.Gestao
		if e.Arg != "" {
			g = cnes.Gestao(e.Arg[0])
		}
		return s.CheckGestao(e.CNES, g, ""), nil
	case cnes.C4:
		return s.CheckProfissional(e.CNES, e.CNS), nil
	case cnes.C5:
		cbo, err := sigtap.ParseCBO(e.Arg)
		return s.CheckCBO(e.CNES, e.CNS, cbo), err
	case cnes.C6:
		return s.CheckEquipe(e.CNES, e.INE, e.CNS), nil
	case cnes.C7:
		t, err := cnes.ParseTipoEquipe(e.Arg)
		return s.CheckTipoEquipe(e.CNES, e.INE, t), err
	case cnes.C8:
		var scs []sigtap.ServicoClassificacao
		for _, f := range strings.Fields(e.Arg) {
			sc, err := sigtap.ParseServicoClassificacao(f)
			if err != nil {
				return cnes.Result{}, err
			}
			scs = append(scs, sc)
		}
		return s.CheckServClassAny(e.CNES, scs), nil
	case cnes.C9:
		var hs []sigtap.Habilitacao
		for _, f := range strings.Fields(e.Arg) {
			h, err := sigtap.ParseHabilitacao(f)
			if err != nil {
				return cnes.Result{}, err
			}
			hs = append(hs, h)
		}
		return s.CheckHabilitacaoAny(e.CNES, hs), nil
	case cnes.C10:
		c, err := cnes.ParseCNPJ(e.Arg)
		return s.CheckFornecedor(e.CNES, c), err
	case cnes.C11:
		return s.CheckCargaHoraria(e.CNS), nil
	case cnes.C12:
		var c cnes.CNPJ
		var err error
		if e.Arg != "" {
			c, err = cnes.ParseCNPJ(e.Arg)
		}
		return s.CheckContratoEqAE(e.CNES, e.INE, e.CNS, c), err
	}
	return cnes.Result{}, fmt.Errorf("cnestest: unknown check %v", e.Check)
}

// Verify runs the expectation and reports a mismatch of outcome or reason.
func (e Expectation) Verify(s *cnes.Snapshot) error {
	r, err := e.Run(s)
	if err != nil {
		return err
	}
	if r.Outcome != e.Want || r.Reason != e.Reason {
		return fmt.Errorf("%s %s (%s): got %s/%s, want %s/%s: %s", e.Check, e.CNES, e.Note, r.Outcome, r.Reason, e.Want, e.Reason, r)
	}
	return nil
}

// ReadFixture parses the "Expected check results" table of a FIXTURE.md
// in fsys (name is usually "FIXTURE.md").
func ReadFixture(fsys fs.FS, name string) ([]Expectation, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	return parseExpectations(string(b))
}

const expectHeader = "| # | check | CNES | CNS | INE | arg | expected | reason | scenario |"

func parseExpectations(doc string) ([]Expectation, error) {
	_, table, ok := strings.Cut(doc, expectHeader)
	if !ok {
		return nil, errors.New("cnestest: FIXTURE.md has no expected-results table")
	}
	var out []Expectation
	for i, line := range strings.Split(table, "\n") {
		line = strings.TrimSpace(line)
		if i == 0 || strings.HasPrefix(line, "|---") {
			continue
		}
		if !strings.HasPrefix(line, "|") {
			break
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != 9 {
			return nil, fmt.Errorf("cnestest: FIXTURE.md: bad row %q", line)
		}
		for j := range cells {
			cells[j] = strings.Trim(strings.TrimSpace(cells[j]), "`")
		}
		e, err := parseRow(cells)
		if err != nil {
			return nil, fmt.Errorf("cnestest: FIXTURE.md row %s: %w", cells[0], err)
		}
		out = append(out, e)
	}
	return out, nil
}

func parseRow(c []string) (Expectation, error) {
	var e Expectation
	var err error
	n := 0
	if _, err := fmt.Sscanf(c[1], "C%d", &n); err != nil {
		return e, err
	}
	e.Check = cnes.CheckID(n)
	if c[2] != "" {
		if e.CNES, err = cnes.ParseCode(c[2]); err != nil {
			return e, err
		}
	}
	if c[3] != "" {
		if e.CNS, err = cns.ParseCNS(c[3]); err != nil {
			return e, err
		}
	}
	if c[4] != "" {
		if e.INE, err = cnes.ParseINE(c[4]); err != nil {
			return e, err
		}
	}
	e.Arg = c[5]
	switch c[6] {
	case "ok":
		e.Want = cnes.OK
	case "fail":
		e.Want = cnes.Fail
	case "unknown":
		e.Want = cnes.Unknown
	default:
		return e, fmt.Errorf("bad outcome %q", c[6])
	}
	var ok bool
	if e.Reason, ok = cnes.ParseReason(c[7]); !ok {
		return e, fmt.Errorf("bad reason %q", c[7])
	}
	e.Note = c[8]
	return e, nil
}
