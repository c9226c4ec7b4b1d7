package remessa

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
	"github.com/google/go-cmp/cmp"
)

func TestParseSIAReport(t *testing.T) {
	f, err := os.Open("testdata/sia_report_sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := ParseSIAReport(f)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Base != "BDSIA202601a" || rep.Version != "06.01" || rep.Orgao != "SMS-TESTE" {
		t.Errorf("banner: %+v", rep)
	}
	if rep.Competencia != sigtap.MustParseCompetencia("202601") || !rep.Emitted.Equal(time.Date(2026, 2, 10, 9, 15, 2, 0, time.UTC)) {
		t.Errorf("title: %v %v", rep.Competencia, rep.Emitted)
	}
	want := []SIAOcorrencia{
		{Line: 8, CNES: "9990001", Tipo: "BPAI", Competencia: sigtap.MustParseCompetencia("202601"), Folha: 1, Seq: 3, Procedimento: "0207010064", CBO: "225320", CNSProf: "*** **** **** 0005", Message: "CBO NAO CADASTRADO NO CNES"},
		{Line: 9, CNES: "9990001", Tipo: "BPAI", Competencia: sigtap.MustParseCompetencia("202601"), Folha: 1, Seq: 3, Procedimento: "0207010064", CBO: "225320", CNSProf: "*** **** **** 0005", Message: "CNS DO PROFISSIONAL NAO ENCONTRADO NO ESTAB/EQUIPE"},
		{Line: 10, CNES: "9990001", Tipo: "BPAI", Competencia: sigtap.MustParseCompetencia("202512"), Folha: 2, Seq: 41, Procedimento: "0204030188", CBO: "225320", CNSProf: "*** **** **** 0005", Message: "PESSOA EM SITUACAO DE RUA DEVE SER 'S'SIM OU 'N'NAO"},
		{Line: 14, CNES: "9990002", Tipo: "BPAC", Competencia: sigtap.MustParseCompetencia("202601"), Folha: 3, Seq: 20, Procedimento: "0301100039", Message: "PROCED.NAO ACEITO PELA REGRA CONDICIONADA 0001"},
	}
	if diff := cmp.Diff(want, rep.Entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if rep.Skipped != 1 {
		t.Errorf("skipped = %d", rep.Skipped)
	}
}

func TestParseSIAReportCRLFAndCP1252(t *testing.T) {
	in := "BDSIA202601a****** 06.01\r\n\f CNES : 9990001 CL\xcdNICA\r\n BPAI 01/2026 001/01 0207010064 225320 700000000000005 OCORR\xcaNCIA\r\n"
	rep, err := ParseSIAReport(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Entries) != 1 || rep.Entries[0].Message != "OCORRÊNCIA" || rep.Entries[0].CNES != "9990001" {
		t.Errorf("entries: %+v", rep.Entries)
	}
}

func TestParseSIAReportRejectsOtherText(t *testing.T) {
	if _, err := ParseSIAReport(strings.NewReader("hello\nworld\n")); !errors.Is(err, ErrNotSIAReport) {
		t.Errorf("err = %v", err)
	}
	if _, err := ParseSIAReport(strings.NewReader(strings.Repeat("x", maxSIALine+10))); err == nil {
		t.Error("overlong line accepted")
	}
}

func FuzzParseSIAReport(f *testing.F) {
	// Small seeds (testdata/fuzz holds one per kind of line): a large one
	// makes the fuzzer spend its time minimising instead of exploring.
	f.Add(" BPAI 13/2026 001/01 0207010064 OCORRENCIA\n")
	f.Fuzz(func(t *testing.T, s string) {
		rep, err := ParseSIAReport(strings.NewReader(s))
		if err != nil || rep == nil {
			return
		}
		for _, e := range rep.Entries {
			if !e.Competencia.Valid() || len(e.Procedimento) != 10 || e.Message == "" {
				t.Fatalf("bad entry %+v", e)
			}
		}
	})
}

func TestCompareSIA(t *testing.T) {
	f, _ := os.Open("testdata/sia_report_sample.txt")
	defer f.Close()
	rep, err := ParseSIAReport(f)
	if err != nil {
		t.Fatal(err)
	}
	c := sigtap.MustParseCompetencia("202601")
	results := []Result{
		// flagged by both (two SIA messages on one line)
		{Line: 5, Instrumento: BPAI, CNES: cnesCode("9990001"), Competencia: c, Folha: 1, Seq: 3, Procedimento: sigtap.MustParseCode("0207010064"), Status: Rejeitada,
			Criticas: []Critica{{Code: "CBO_NAO_CADASTRADO", Severity: Erro}}},
		// go-sus only
		{Line: 6, Instrumento: BPAI, CNES: cnesCode("9990001"), Competencia: c, Folha: 1, Seq: 4, Procedimento: sigtap.MustParseCode("0207010064"), Status: Rejeitada,
			Criticas: []Critica{{Code: "SEXO_INCOMPATIVEL", Severity: Erro}}},
		// approved by go-sus, SIA rejected it (BPA-C regra 0001)
		{Line: 7, Instrumento: BPAC, CNES: cnesCode("9990002"), Competencia: c, Folha: 3, Seq: 20, Procedimento: sigtap.MustParseCode("0301100039"), Status: Aprovada, Approved: true},
	}
	got := CompareSIA(rep, results)
	if len(got.Both) != 1 || len(got.Both[0].SIA) != 2 || got.Both[0].Result.Line != 5 {
		t.Errorf("both: %+v", got.Both)
	}
	if len(got.OnlyGoSUS) != 1 || got.OnlyGoSUS[0].Line != 6 {
		t.Errorf("only go-sus: %+v", got.OnlyGoSUS)
	}
	// 202512 line and the BPA-C line are SIA-only.
	if len(got.OnlySIA) != 2 || got.OnlySIA[0].Seq != 41 || got.OnlySIA[1].Tipo != "BPAC" {
		t.Errorf("only SIA: %+v", got.OnlySIA)
	}
}

func cnesCode(s string) cnes.Code { return cnes.MustParseCode(s) }
