package remessa

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
	"github.com/shopspring/decimal"
)

func sampleResults() []Result {
	c := sigtap.MustParseCompetencia("202601")
	est := cnes.MustParseCode("9990001")
	return []Result{
		{Line: 2, Instrumento: BPAI, CNES: est, Competencia: c, Folha: 1, Seq: 1, Procedimento: sigtap.MustParseCode("0207010064"),
			CBO: sigtap.MustParseCBO("225320"), Profissional: "*** **** **** 0005", Paciente: "***.***.402-06", Quantidade: 1,
			Status: Aprovada, Approved: true, Financiamento: sigtap.FinanciamentoMAC, Valor: decimal.RequireFromString("268.75")},
		{Line: 3, Instrumento: BPAI, CNES: est, Competencia: c, Folha: 1, Seq: 2, Procedimento: sigtap.MustParseCode("0207010064"),
			CBO: sigtap.MustParseCBO("225320"), Profissional: "*** **** **** 0005", Paciente: "***.***.111-22", Quantidade: 1,
			Status: Rejeitada, Financiamento: sigtap.FinanciamentoMAC, Valor: decimal.RequireFromString("268.75"),
			Criticas: []Critica{{Code: "CBO_NAO_CADASTRADO", Severity: Erro, Line: 3, Field: "prd_cbo", Message: "CBO NAO CADASTRADO NO CNES"}}},
		{Line: 4, Instrumento: BPAC, CNES: cnes.MustParseCode("9990002"), Competencia: c, Folha: 1, Seq: 1,
			Procedimento: sigtap.MustParseCode("0301100039"), Quantidade: 10, Status: Aprovada, Approved: true, Financiamento: sigtap.FinanciamentoPAB, Valor: decimal.Zero,
			Criticas: []Critica{{Code: "X_AVISO", Severity: Aviso, Line: 4, Message: "AVISO QUALQUER"}}},
	}
}

func tallied() Summary {
	var t Tally
	for _, r := range sampleResults() {
		t.Add(&r)
	}
	t.AddFile(Critica{Code: "CNES_NAO_CARREGADO", Severity: NaoVerificado, Message: "CNES não carregado para 202512"})
	s := t.Summary()
	s.Competencia = sigtap.MustParseCompetencia("202601")
	s.File = "PADEMO.JAN"
	return s
}

func TestTally(t *testing.T) {
	s := tallied()
	if s.Lines != 3 || s.Approved != 2 || s.Rejected != 1 {
		t.Errorf("counts %d %d %d", s.Lines, s.Approved, s.Rejected)
	}
	if !s.Valor.Approved.Equal(decimal.RequireFromString("268.75")) || !s.Valor.Rejected.Equal(decimal.RequireFromString("268.75")) {
		t.Errorf("valor %v %v", s.Valor.Approved, s.Valor.Rejected)
	}
	if len(s.Totals) != 2 || s.Totals[0].CNES.String() != "9990001" || s.Totals[1].Financiamento != sigtap.FinanciamentoPAB {
		t.Errorf("totals %+v", s.Totals)
	}
	if len(s.Reasons) != 1 || s.Reasons[0].Code != "CBO_NAO_CADASTRADO" || s.Reasons[0].Lines != 1 {
		t.Errorf("reasons %+v", s.Reasons)
	}
	if len(s.Listed) != 2 {
		t.Errorf("listed %d", len(s.Listed))
	}
	var lim Tally
	lim.MaxListed = 1
	for _, r := range sampleResults() {
		lim.Add(&r)
	}
	if s := lim.Summary(); len(s.Listed) != 1 || s.Omitted != 1 {
		t.Errorf("limit: listed %d omitted %d", len(s.Listed), s.Omitted)
	}
}

func TestFormatBRL(t *testing.T) {
	for in, want := range map[string]string{"0": "R$ 0,00", "268.75": "R$ 268,75", "1234567.8": "R$ 1.234.567,80", "-10": "-R$ 10,00", "999": "R$ 999,00"} {
		if got := FormatBRL(decimal.RequireFromString(in)); got != want {
			t.Errorf("FormatBRL(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteText(t *testing.T) {
	s := tallied()
	var b bytes.Buffer
	if err := WriteText(&b, &s); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"RELATORIO DE OCORRENCIAS NA CONSISTENCIA - JAN/2026",
		"Linhas: 3  Aprovadas: 2  Rejeitadas: 1",
		"CNES : 9990001",
		"PROFISSIONAL *** **** **** 0005  CBO 225320",
		"BPAI 01/2026 001/02 0207010064 ***.***.111-22     CBO NAO CADASTRADO NO CNES",
		"AVISO QUALQUER (aviso)",
		"OCORRENCIAS DO ARQUIVO",
		"SINTESE DA PRODUCAO",
		"R$ 268,75",
		"MOTIVOS DE REJEICAO",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q\n%s", want, out)
		}
	}
	if strings.Contains(out, "57462740206") {
		t.Error("unmasked personal data")
	}
}

func TestWriteHTML(t *testing.T) {
	s := tallied()
	var b bytes.Buffer
	if err := WriteHTML(&b, &s); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"<!DOCTYPE html>", "<svg", "Média e Alta Complexidade (MAC)", "CBO NAO CADASTRADO NO CNES", "R$ 268,75", "Principais motivos"} {
		if !strings.Contains(out, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	for _, banned := range []string{"<script", "http://", "https://", "<link"} {
		if strings.Contains(out, banned) {
			t.Errorf("html is not self-contained: has %q", banned)
		}
	}
}

func TestJSONLines(t *testing.T) {
	s := tallied()
	var b bytes.Buffer
	j := NewJSONLinesWriter(&b)
	for _, r := range sampleResults() {
		if err := j.WriteResult(&r); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.WriteSummary(&s); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines", len(lines))
	}
	var first struct {
		Kind         string          `json:"kind"`
		Line         int             `json:"line"`
		Procedimento string          `json:"procedimento"`
		Valor        decimal.Decimal `json:"valor"`
		Approved     bool            `json:"approved"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first.Kind != "line" || first.Procedimento != "0207010064" || !first.Valor.Equal(decimal.RequireFromString("268.75")) || !first.Approved {
		t.Errorf("first line %s: %v", lines[0], err)
	}
	var crit, sum map[string]any
	json.Unmarshal([]byte(lines[3]), &crit)
	json.Unmarshal([]byte(lines[4]), &sum)
	if crit["kind"] != "critica" || crit["severity"] != "nao_verificado" || sum["kind"] != "summary" || sum["rejected"] != float64(1) {
		t.Errorf("tail: %v / %v", crit, sum)
	}
}
