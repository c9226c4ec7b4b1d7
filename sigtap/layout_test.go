package sigtap_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/go-sus/sus/sigtap"
)

func TestParseLayout(t *testing.T) {
	const header = "Coluna,Tamanho,Inicio,Fim,Tipo\r\n"
	good := header + "CO_PROCEDIMENTO,10,1,10,VARCHAR2\r\nCO_OCUPACAO,6,11,16,CHAR\r\nDT_COMPETENCIA,6,17,22,CHAR\r\n"
	l, err := sigtap.ParseLayout("rl_procedimento_ocupacao", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if l.Width() != 22 || len(l.Columns) != 3 || l.Index("CO_OCUPACAO") != 1 || l.Index("X") != -1 {
		t.Errorf("layout %+v", l)
	}
	if got := string(l.AppendText(nil)); got != good {
		t.Errorf("AppendText = %q", got)
	}
	// LF, no final line end, trailing blank lines and spaces are fine.
	lf := strings.ReplaceAll(good, "\r\n", "\n")
	for _, in := range []string{lf, strings.TrimSuffix(lf, "\n"), lf + "\n\n", strings.ReplaceAll(lf, ",", " , ")} {
		if l2, err := sigtap.ParseLayout("rl_procedimento_ocupacao", []byte(in)); err != nil || !l2.Equal(l) {
			t.Errorf("ParseLayout(%q) = %v, %v", in, l2, err)
		}
	}
	bad := []struct {
		in   string
		line int
	}{
		{"", 0},
		{"\r\n\r\n", 0},
		{"Column,Size,Start,End,Type\r\nA,1,1,1,CHAR\r\n", 1},
		{header, 1},
		{header + "A,1,1,1\r\n", 2},
		{header + "A,1,1,1,CHAR,X\r\n", 2},
		{header + "A,0,1,0,CHAR\r\n", 2},
		{header + "A,-1,1,1,CHAR\r\n", 2},
		{header + "A,x,1,1,CHAR\r\n", 2},
		{header + "A,2,1,1,CHAR\r\n", 2},
		{header + "A,1,2,2,CHAR\r\n", 2},
		{header + "A,1,1,1,CHAR\r\nB,1,3,3,CHAR\r\n", 3},
		{header + "A,1,1,1,CHAR\r\nA,1,2,2,CHAR\r\n", 3},
		{header + "A B,1,1,1,CHAR\r\n", 2},
		{header + "A,1,1,1,\r\n", 2},
		{header + "A,99999999,1,99999999,CHAR\r\n", 2},
		{header + "A,1,1,1,CHAR\r\n\r\nB,1,2,2,CHAR\r\n", 3},
	}
	for _, tt := range bad {
		_, err := sigtap.ParseLayout("t", []byte(tt.in))
		var pe *sigtap.ParseError
		if !errors.Is(err, sigtap.ErrLayout) || !errors.As(err, &pe) || pe.Line != tt.line || pe.File != "t_layout.txt" {
			t.Errorf("ParseLayout(%q) = %v, want ErrLayout at line %d", tt.in, err, tt.line)
		}
	}
}

func TestParseLayouts(t *testing.T) {
	data, err := os.ReadFile(tiny + "/layout.txt")
	if err != nil {
		t.Fatal(err)
	}
	ls, err := sigtap.ParseLayouts(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 41 || ls[0].Table != "tb_procedimento" || ls[0].Width() != 336 {
		t.Errorf("%d layouts, first %s width %d", len(ls), ls[0].Table, ls[0].Width())
	}
	// layout.txt is the per-table files, each preceded by its name and
	// followed by a blank line, byte for byte.
	if got := sigtap.AppendLayouts(nil, ls); !bytes.Equal(got, data) {
		t.Error("AppendLayouts does not reproduce layout.txt")
	}
	for _, l := range ls {
		per, err := os.ReadFile(tiny + "/" + l.Table + "_layout.txt")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(l.AppendText(nil), per) {
			t.Errorf("%s: block of layout.txt differs from %s_layout.txt", l.Table, l.Table)
		}
	}
	for _, in := range []string{"", "tb_x\r\n", "tb_x\r\nColuna,Tamanho,Inicio,Fim,Tipo\r\nA,1,1,1,CHAR\r\n\r\ntb_x\r\nColuna,Tamanho,Inicio,Fim,Tipo\r\nA,1,1,1,CHAR\r\n", "bad name\r\nColuna,Tamanho,Inicio,Fim,Tipo\r\n"} {
		if _, err := sigtap.ParseLayouts([]byte(in)); !errors.Is(err, sigtap.ErrLayout) {
			t.Errorf("ParseLayouts(%q) = %v", in, err)
		}
	}
}

func TestReleaseName(t *testing.T) {
	c, g, err := sigtap.ParseReleaseName("/x/TabelaUnificada_202512_v2601221256.zip")
	if err != nil || c.String() != "202512" || g.String() != "v2601221256" || g.Time().Format("2006-01-02 15:04") != "2026-01-22 12:56" {
		t.Errorf("ParseReleaseName: %v %v %v", c, g, err)
	}
	if sigtap.ReleaseName(c, g) != "TabelaUnificada_202512_v2601221256" {
		t.Error("ReleaseName")
	}
	for _, bad := range []string{"TabelaUnificada_202512.zip", "Tabela_202512_v2601221256.zip", "TabelaUnificada_2025_v2601221256", "TabelaUnificada_202513_v2601221256", "TabelaUnificada_202512_2601221256", "TabelaUnificada_202512_v2613221256"} {
		if _, _, err := sigtap.ParseReleaseName(bad); !errors.Is(err, sigtap.ErrReleaseName) {
			t.Errorf("ParseReleaseName(%q) = %v", bad, err)
		}
	}
	old, new := sigtap.MustParseGeneration("v2601221256"), sigtap.MustParseGeneration("2602261637")
	if old.Compare(new) != -1 || new.Compare(old) != 1 || old.Compare(old) != 0 {
		t.Error("Generation.Compare")
	}
	if g := sigtap.GenerationOf(new.Time()); g != new {
		t.Errorf("GenerationOf(Time) = %v", g)
	}
	var g2 sigtap.Generation
	if err := g2.UnmarshalText([]byte("v2601221256")); err != nil || g2 != old {
		t.Errorf("UnmarshalText: %v", err)
	}
}

func TestSmallCodes(t *testing.T) {
	h, err := sigtap.ParseHabilitacao("38.02")
	if err != nil || h != sigtap.HabilitacaoModalidade1 || h.String() != "3802" || h.Format() != "38.02" {
		t.Errorf("ParseHabilitacao: %v %v", h, err)
	}
	d, err := sigtap.ParseDetalhe("059")
	if err != nil || d != sigtap.DetalheComplementarModalidade2 || d.String() != "059" {
		t.Errorf("ParseDetalhe: %v %v", d, err)
	}
	sc, err := sigtap.ParseServicoClassificacao("121/004")
	if err != nil || sc.String() != "121/004" {
		t.Errorf("ParseServicoClassificacao: %v %v", sc, err)
	}
	rb, _ := sigtap.ParseRubrica("040072")
	if rb.Financiamento() != sigtap.FinanciamentoFAEC || sigtap.Rubrica(0).String() != "" {
		t.Error("Rubrica")
	}
	for _, bad := range []string{"", "1234", "0x", "256"} {
		if _, err := sigtap.ParseRegistro(bad); err == nil {
			t.Errorf("ParseRegistro(%q) accepted", bad)
		}
	}
	if _, err := sigtap.ParseRegistro("256"); !errors.Is(err, sigtap.ErrLength) {
		t.Errorf("ParseRegistro(256): %v", err)
	}
	if sigtap.Age(1571).String() != "130a11m" || sigtap.Age(420).String() != "35a" || sigtap.AgeNotApplicable.String() != "n/a" {
		t.Error("Age.String")
	}
}
