package cnes

import (
	"bytes"
	"errors"
	"testing"

	"github.com/go-sus/sus/sigtap"
)

func TestNormalizeHeader(t *testing.T) {
	tests := []struct{ in, want string }{
		{"CO_CNES", "CO_CNES"},
		{" co_cnes ", "CO_CNES"},
		{"\ufeffCO_UNIDADE", "CO_UNIDADE"},
		{"TO_CHAR(DT_ATUALIZACAO,'DD/MM/YYYY')", "DT_ATUALIZACAO"},
		{"TO_CHAR(A.DT_ATUALIZACAO,'DD/MM/YYYY')", "DT_ATUALIZACAO"},
		{"TO_CHAR(A.DT_ATUALIZACAO_ORIGEM,'DD/MM/YYYY')", "DT_ATUALIZACAO_ORIGEM"},
		{"to_char(dt_atu_geo, 'DD/MM/YYYY')", "DT_ATU_GEO"},
		{"TO_CHAR(DT_X,'DD-MON-YYYY HH24:MI')", "DT_X"},
		{"TO_CHAR(broken", "TO_CHAR(BROKEN"},
	}
	for _, tt := range tests {
		if got := NormalizeHeader(tt.in); got != tt.want {
			t.Errorf("NormalizeHeader(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want day
		err  error
	}{
		{"", 0, nil},
		{"  ", 0, nil},
		{"01/07/2025", 20250701, nil},
		{"29/02/2024", 20240229, nil},
		{"29/02/2025", 0, ErrDate},
		{"31/04/2025", 0, ErrDate},
		{"00/01/2025", 0, ErrDate},
		{"01/13/2025", 0, ErrDate},
		{"28-set-2017 00:00:00", 20170928, nil},
		{"28-SET-2017", 20170928, nil},
		{"01-fev-2020 00:00:00", 20200201, nil},
		{"31-dez-1999 23:59:59", 19991231, nil},
		{"01-feb-2020", 0, ErrDate}, // English abbreviations are not pt-BR
		{"01-fev-2020 25:00:00", 0, ErrDate},
		{"01/01/1800", 0, nil}, // before 1900: CNES sentinel for none
		{"31-dez-1899 00:00:00", 0, nil},
		{"2025-01-01", 0, ErrDate},
		{"1/1/2025", 0, ErrDate},
		{"ab/cd/efgh", 0, ErrDate},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("parseDate(%q) = %d, %v; want %d, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
	if d := day(20250701).Time(); d.Year() != 2025 || d.Month() != 7 || d.Day() != 1 {
		t.Errorf("day.Time = %v", d)
	}
	if !day(0).Time().IsZero() {
		t.Error("day(0).Time() is not zero")
	}
}

func TestParseCMTP(t *testing.T) {
	tests := []struct {
		in   string
		want string
		kind cmtpKind
		err  error
	}{
		{"202601", "202601", cmtpValue, nil},
		{"", "", cmtpOpen, nil},
		{"999999", "", cmtpOpen, nil},
		{"000000", "", cmtpOpen, nil},
		{"012020", "202001", cmtpMMAAAA, nil},
		{"202613", "", 0, ErrDate},
		{"20261", "", 0, ErrCharacters},
		{"2026AB", "", 0, ErrCharacters},
	}
	for _, tt := range tests {
		c, kind, err := parseCMTP(tt.in)
		if c.String() != tt.want || kind != tt.kind || !errors.Is(err, tt.err) {
			t.Errorf("parseCMTP(%q) = %s, %d, %v; want %s, %d, %v", tt.in, c, kind, err, tt.want, tt.kind, tt.err)
		}
	}
}

func TestWindow(t *testing.T) {
	c := sigtap.MustParseCompetencia("202601")
	tests := []struct {
		from, to day
		want     bool
	}{
		{0, 0, true},
		{20260131, 0, true},
		{20260201, 0, false},
		{20200101, 20260101, true},
		{20200101, 20251231, false},
		{20200101, 20260131, true},
	}
	for _, tt := range tests {
		if got := window(tt.from, tt.to, c); got != tt.want {
			t.Errorf("window(%d, %d, %s) = %v", tt.from, tt.to, c, got)
		}
	}
}

func TestTableFor(t *testing.T) {
	tests := []struct {
		name string
		t    Table
		comp string
		ok   bool
	}{
		{"tbEstabelecimento202601.csv", TableEstabelecimento, "202601", true},
		{"BASE/TBESTABELECIMENTO202601.CSV", TableEstabelecimento, "202601", true},
		{`dir\tbCargaHorariaSus202512.csv`, TableCargaHoraria, "202512", true},
		{"tbEquipe.csv", TableEquipe, "", true},
		{"rlEstabEquipeProf202601.csv", TableEquipeProf, "202601", true},
		{"tbEquipamento202601.csv", 0, "", false},
		{"rlEstabEquipeProfComplementar202601.csv", 0, "", false},
		{"tbEstabelecimento202601.zip", 0, "", false},
		{"tbDadosProfissionalSus202601.txt", TableProfissional, "202601", true},
		{"FIXTURE.md", 0, "", false},
	}
	for _, tt := range tests {
		tb, comp, ok := tableFor(tt.name)
		if ok != tt.ok || ok && (tb != tt.t || comp != tt.comp) {
			t.Errorf("tableFor(%q) = %v, %q, %v; want %v, %q, %v", tt.name, tb, comp, ok, tt.t, tt.comp, tt.ok)
		}
	}
}

func TestTables(t *testing.T) {
	want := map[Table]int{TableEstabelecimento: 56, TableCargaHoraria: 18, TableProfissional: 11, TableServClass: 13,
		TableEquipe: 30, TableEquipeProf: 21, TableSipac: 9}
	for _, tb := range Tables() {
		h := tb.Header()
		if len(h) != want[tb] {
			t.Errorf("%s: %d header columns, want %d", tb, len(h), want[tb])
		}
		names := map[string]bool{}
		for _, c := range h {
			names[NormalizeHeader(c)] = true
		}
		for _, c := range append(tb.Required(), tb.Optional()...) {
			if !names[c] {
				t.Errorf("%s: bound column %s is not in the real header", tb, c)
			}
		}
	}
	if Table(99).Name() != "table?" || Table(99).Header() != nil || Table(99).Required() != nil {
		t.Error("out-of-range Table")
	}
}

func TestLineLimiter(t *testing.T) {
	long := make([]byte, 3000)
	for i := range long {
		long[i] = 'x'
	}
	_, err := newTableReader("f.csv", TableEstabelecimento, bytes.NewReader(append([]byte("\"CO_UNIDADE\"\n"), long...)), false, 1000)
	if !errors.Is(err, ErrLineTooLong) {
		t.Fatalf("err = %v, want ErrLineTooLong", err)
	}
}
