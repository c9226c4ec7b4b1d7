package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const demo = "../../remessa/remessatest/demo/cnes/202601"

func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
	}{
		{nil, 0},
		{[]string{"help"}, 0},
		{[]string{"frobnicate"}, 2},
		{[]string{"info"}, 2},
		{[]string{"estab", demo}, 2},
		{[]string{"prof", demo, "9990001"}, 2},
		{[]string{"gen"}, 2},
		{[]string{"gen", "-o", t.TempDir(), "-competencia", "2026"}, 2},
		{[]string{"gen", "-bogus"}, 2},
		{[]string{"info", "testdata/nope"}, 2},
		{[]string{"estab", demo, "ABC"}, 2},
		{[]string{"prof", demo, "9990001", "123"}, 2},
	} {
		if code, _, _ := runCLI(tt.args...); code != tt.code {
			t.Errorf("%v: exit %d, want %d", tt.args, code, tt.code)
		}
	}
}

func TestInfo(t *testing.T) {
	code, out, _ := runCLI("info", demo)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"competência  202601 (01/2026)",
		"tbCargaHorariaSus        tbCargaHorariaSus202601.csv: 18 colunas, 22 linhas, 22 mantidas",
		"rlEstabServClass         rlEstabServClass202601.csv: 13 colunas, 11 linhas, 10 mantidas, 1 descartada, 0 sem correspondência",
		"estabelecimentos 7, vínculos 22, profissionais 17, equipes 3, membros 5, serviços/classificações 10, linhas sipac 7",
		"avisos 0",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("info output lacks %q:\n%s", want, out)
		}
	}
}

// fullCNS are demo CNS that must never be printed in full.
var fullCNS = []string{"807016416458479", "140179801280004", "950471315550733", "294022552400001"}

func TestEstab(t *testing.T) {
	code, out, _ := runCLI("estab", demo, "9990002")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"nome            POLICLINICA TESTE",
		"CNPJ            05.579.864/0001-23",
		"CNS *** **** **** 8479  CBO 2231F9",
		"H 38.02  202507–em aberto  em vigor",
		"INE 4865539836  tipo 81  EQUIPE VOLANTE EQAE TESTE  ativa  2 membros",
		"CNPJ fornecedor 05.579.864/0001-23, 90.152.436/0001-99, 11.379.423/0001-80",
		"135/007  SUS  terceiro 11.379.423/0001-80",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("estab output lacks %q:\n%s", want, out)
		}
	}
	for _, c := range fullCNS {
		if strings.Contains(out, c) {
			t.Errorf("estab printed the full CNS %s", c)
		}
	}
	if code, _, errOut := runCLI("estab", demo, "9990099"); code != 1 || !strings.Contains(errOut, "CNES 9990099 não consta na base do CNES de 01/2026") {
		t.Errorf("unknown CNES: exit %d, %s", code, errOut)
	}
	if code, out, _ := runCLI("estab", demo, "9990003"); code != 0 || !strings.Contains(out, "ativo           não (CO_MOTIVO_DESAB 04)") {
		t.Errorf("deactivated: exit %d\n%s", code, out)
	}
}

func TestProf(t *testing.T) {
	code, out, _ := runCLI("prof", demo, "9990004", "950471315550733")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	for _, want := range []string{
		"CNS *** **** **** 0733 no CNES 9990004",
		"CBO 223505  SUS       40 h",
		"equipe          INE 0001383394 tipo 70, entrada 01/03/2020, desligamento -: membro na competência",
		"equipe          INE 4576756959 tipo 70, entrada 01/02/2019, desligamento -: fora da competência",
		"carga horária   40 h semanais em 1 vínculo, 1 público (todos os estabelecimentos)",
		"verificação     ok: C4 (profissional vinculado ao estabelecimento): confirmado no CNES",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("prof output lacks %q:\n%s", want, out)
		}
	}
	for _, c := range fullCNS {
		if strings.Contains(out, c) {
			t.Errorf("prof printed the full CNS %s", c)
		}
	}
	code, out, _ = runCLI("prof", demo, "9990001", "950471315550733")
	if code != 1 || !strings.Contains(out, "verificação     falha: C4 (profissional vinculado ao estabelecimento): nenhum vínculo do profissional no estabelecimento [") ||
		!strings.Contains(out, "; mensagem do SIA: CNS DO PROFISSIONAL NAO ENCONTRADO NO ESTAB/EQUIPE\n") {
		t.Errorf("no vínculo: exit %d\n%s", code, out)
	}
}

func TestGen(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCLI("gen", "-seed", "1", "-competencia", "202601", "-o", filepath.Join(dir, "w"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "7 estabelecimentos, 22 vínculos, 68 expectativas") {
		t.Errorf("gen output: %s", out)
	}
	// The demo registry is exactly this output.
	for _, n := range []string{"FIXTURE.md", "tbCargaHorariaSus202601.csv", "tbEstabelecimento202601.csv"} {
		a, _ := os.ReadFile(filepath.Join(dir, "w", n))
		b, _ := os.ReadFile(filepath.Join(demo, n))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from the demo registry", n)
		}
	}
	code, _, errOut = runCLI("gen", "-o", filepath.Join(dir, "z"), "-zip", "-estabs", "20", "-vinculos", "3", "-minimal", "-crlf", "-competencia", "202512")
	if code != 0 {
		t.Fatalf("gen -zip: exit %d: %s", code, errOut)
	}
	code, out, _ = runCLI("info", filepath.Join(dir, "z", "BASE_DE_DADOS_CNES_202512.ZIP"))
	if code != 0 || !strings.Contains(out, "estabelecimentos 27, vínculos 83") {
		t.Errorf("info on the generated ZIP: exit %d\n%s", code, out)
	}
}

func TestHelpExplainsEveryFlag(t *testing.T) {
	for _, p := range app.HelpProblems(func(args []string) (int, string) {
		var out, errb bytes.Buffer
		code := run(args, &out, &errb)
		return code, out.String()
	}) {
		t.Error(p)
	}
}
