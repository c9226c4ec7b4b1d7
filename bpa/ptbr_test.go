package bpa_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/internal/ptbr"
	"github.com/go-sus/sus/sigtap"
)

// Problems are read by people: their Message and Facts hold no English
// word, for every broken test file and for records that break every
// domain rule.
func TestProblemsInPortuguese(t *testing.T) {
	var ps []bpa.Problem
	files, _ := filepath.Glob("testdata/broken/*.bpa")
	if len(files) == 0 {
		t.Fatal("no broken test files")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := bpa.Validate(bytes.NewReader(data))
		if err != nil {
			// Not a BPA file at all: what a report shows is ProblemOf.
			got = append(got, bpa.ProblemOf(err))
		}
		ps = append(ps, got...)
	}
	// Two records with every field wrong (the BPA-C and the BPA-I of the
	// examples, spoilt), and a header.
	recs := exampleRecords()
	c := recs[0].(*bpa.Consolidado)
	c.Folha, c.Seq, c.Idade, c.Quantidade, c.Origem, c.CBO = 0, 21, 131, 0, "XYZ", sigtap.CBO{'x'}
	c.Procedimento = sigtap.Code{'0', '3', '0', '1', '0', '1', '0', '0', '7', '1'}
	i := recs[1].(*bpa.Individualizado)
	i.Folha, i.Seq = 1, 1
	i.CNSPaciente = cns.CNS{'1', '1', '4', '7', '3', '5', '2', '8', '9', '0', '6', '0', '0', '0', '7'}
	i.CNSProfissional = cns.CNS{}
	i.CPF = cns.CPF{'1', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1'}
	i.Sexo, i.Raca, i.Etnia, i.Carater, i.IBGE = "X", "99", "12", "09", ""
	i.Servico, i.CEP, i.INE = "121", "00000000", cnes.INE{'0', '0', '0', '0', '0', '0', '0', '0', '0', '0'}
	i.SituacaoRua, i.SemCPF = "0", "X"
	i.CNPJ = cnes.CNPJ{'1', '2', 'A', 'B', 'C', '3', '4', '5', '0', '1', 'D', 'E', '0', '0'}
	i.DataNascimento = bpa.NewDate(2026, 1, 1)
	i.Competencia = sigtap.MustParseCompetencia("202506")
	ctx := &bpa.Context{Mvm: sigtap.MustParseCompetencia("202512")}
	for _, r := range []bpa.Record{c, i, &bpa.Header{DestinoTipo: "X"}} {
		ps = bpa.AppendProblems(ps, r, ctx)
	}
	codes := map[string]bool{}
	for _, p := range ps {
		codes[p.Code] = true
		if w := ptbr.English(p.Message + " " + p.Facts); len(w) > 0 {
			t.Errorf("English %q in %v", w, p)
		}
	}
	if len(codes) < 30 {
		t.Errorf("only %d codes exercised: %v", len(codes), codes)
	}
}
