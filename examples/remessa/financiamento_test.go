package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sus/sus/bpa"
)

// decodeJSONLines decodes every line of out into a map.
func decodeJSONLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var objs []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not JSON: %q: %v", l, err)
		}
		objs = append(objs, m)
	}
	return objs
}

// cleanFile writes a BPA file of the demo's lines that every regra accepts
// (BPA-C consultations and PAB checks, Vigilância, the programme line 41,
// the FAEC protein C test), with a correct header: they become lines 2–6,
// the programme line line 5.
func cleanFile(t *testing.T, demo string) string {
	t.Helper()
	b, err := os.ReadFile(demo)
	if err != nil {
		t.Fatal(err)
	}
	f, err := bpa.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var recs []bpa.Record
	for _, r := range f.Records {
		switch r.LineNumber() {
		case 2, 3, 5, 41, 47:
			recs = append(recs, r)
		}
	}
	var out bytes.Buffer
	if err := bpa.Encode(&out, f.Header, recs, nil); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "PACLEAN.JAN")
	if err := os.WriteFile(p, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFinanciamentoText(t *testing.T) {
	sig, cn, file := writeWorld(t)
	code, out, errOut := runRemessa("", "financiamento", "-sigtap", sig, "-cnes", cn, file)
	// Line 4 breaks regra 0001, line 6 has no release (09/2025): exit 1.
	if code != exitInvalid || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{
		"line 41 BPA-I 9990002 202601 0401020150: 04 (table 06) → mac-faec, modalidade M1, regras 0015\n" +
			"    regra 0015 → 04 FAEC: atendimento da Modalidade 1 (APAC do programa 53.26.9.0.000.001-5, habilitação 38.02; " +
			"a 38.03 não se aplica: linha sem INE (a Modalidade 2 exige a equipe EqAE)), atributo 051 (financiamento da tabela 06 MAC)\n",
		"line 4 BPA-C 9990002 202601 0101020058: 01 → pab-vigilancia, regras 0001\n",
		"    erro REGRA_0001: PROCED.NAO ACEITO PELA REGRA CONDICIONADA 0001 [BPA-C em estabelecimento com habilitação 04.03 (CEO); deve ser BPA-I com serviço 114/007]\n",
		"line 6 BPA-I 9990001 202509 0207010064: financing unknown → mac-faec\n    financiamento desconhecido: nenhuma tabela SIGTAP carregada para a competência da linha\n",
		"line 5 BPA-C 9990004 202601 0102010056: 07 → pab-vigilancia\n",
		"47 lines: 01 3, 04 3, 06 39, 07 1, unknown 1; pab-vigilancia 4, mac-faec 43; 1 with erro críticas\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n%s", want, out)
		}
	}

	// A file every regra accepts exits 0; without CNES the programme line
	// is not in a modalidade and the engine says why, once.
	clean := cleanFile(t, file)
	if code, out, errOut := runRemessa("", "financiamento", "-sigtap", sig, "-cnes", cn, clean); code != exitOK {
		t.Errorf("clean file: exit %d %s\n%s", code, errOut, out)
	}
	code, out, _ = runRemessa("", "financiamento", "-sigtap", sig, clean)
	if code != exitOK || !strings.Contains(out, "line 5 BPA-I 9990002 202601 0401020150: 06 → mac-faec\n") ||
		strings.Count(out, "not checked: PROGRAMA_NAO_VERIFICADO") != 1 {
		t.Errorf("without CNES: exit %d\n%s", code, out)
	}
}

func TestFinanciamentoJSON(t *testing.T) {
	sig, cn, file := writeWorld(t)
	clean := cleanFile(t, file)
	code, out, _ := runRemessa("", "financiamento", "-json", "-sigtap", sig, "-cnes", cn, "-rubrica-faec", "040086", clean)
	objs := decodeJSONLines(t, out)
	if code != exitOK || len(objs) != 6 {
		t.Fatalf("exit %d, %d objects\n%s", code, len(objs), out)
	}
	l41 := objs[3]
	for k, want := range map[string]any{
		"kind": "line", "line": 5.0, "instrumento": "BPA-I", "cnes": "9990002", "competencia": "202601", "procedimento": "0401020150",
		"tabela": "06", "financiamento": "04", "rubrica": "040086", "parte": "mac-faec", "modalidade": "M1", "programa": true,
	} {
		if l41[k] != want {
			t.Errorf("line 41 %s = %v, want %v", k, l41[k], want)
		}
	}
	if rs, _ := l41["regras"].([]any); len(rs) != 1 || rs[0] != "0015" {
		t.Errorf("line 41 regras %v", l41["regras"])
	}
	sum := objs[len(objs)-1]
	if sum["kind"] != "summary" || sum["lines"] != 5.0 || sum["unknown"] != 0.0 {
		t.Errorf("summary %v", sum)
	}
	if fins, _ := sum["financiamentos"].(map[string]any); fins["04"] != 2.0 || fins["06"] != 1.0 || fins["01"] != 1.0 || fins["07"] != 1.0 {
		t.Errorf("summary financings %v", sum["financiamentos"])
	}

	// What-if: Modalidade 2 for every line, fonte 02; stdin input.
	data, _ := os.ReadFile(clean)
	code, out, _ = runRemessa(string(data), "financiamento", "-json", "-sigtap", sig, "-cnes", cn, "-modalidade", "M2", "-fonte", "02", "-")
	objs = decodeJSONLines(t, out)
	if code != exitOK || objs[3]["financiamento"] != "06" || objs[3]["modalidade"] != "M2" || objs[3]["sem_repasse"] != true {
		t.Errorf("what-if: exit %d %v", code, objs[3])
	}
	// The consultation in BPA-C (0301010072, atributo 060 only) is outside
	// the Modalidade 2 roster: an aviso, not an erro.
	if cs, _ := objs[0]["criticas"].([]any); len(cs) != 1 || cs[0].(map[string]any)["code"] != "PROGRAMA_FORA_DO_ROL" {
		t.Errorf("line 2 críticas %v", objs[0]["criticas"])
	}
}

func TestFinanciamentoUsage(t *testing.T) {
	sig, _, file := writeWorld(t)
	for _, args := range [][]string{
		{"financiamento"},
		{"financiamento", file},
		{"financiamento", "-sigtap", sig},
		{"financiamento", "-sigtap", sig, file, file},
		{"financiamento", "-sigtap", sig, "-modalidade", "M4", file},
		{"financiamento", "-sigtap", sig, "-fonte", "01", file},
		{"financiamento", "-sigtap", sig, "-rubrica-faec", "060001", file},
		{"financiamento", "-sigtap", sig, "-nope", file},
	} {
		if code, out, errOut := runRemessa("", args...); code != exitUsage || out != "" || !strings.Contains(errOut, "usage:") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	// Inputs that cannot be read exit 2 (the contract of issue #12).
	for _, args := range [][]string{
		{"financiamento", "-sigtap", "/nonexistent.zip", file},
		{"financiamento", "-sigtap", sig, "/nonexistent.bpa"},
	} {
		if code, _, errOut := runRemessa("", args...); code != exitError || errOut == "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, errOut)
		}
	}
	// An unreadable line is reported and fails the run.
	bad := filepath.Join(t.TempDir(), "bad")
	b, _ := os.ReadFile(file)
	os.WriteFile(bad, append(b, "03XYZ\r\n"...), 0o644)
	if code, _, errOut := runRemessa("", "financiamento", "-sigtap", sig, bad); code != exitInvalid || !strings.Contains(errOut, "line 49") {
		t.Errorf("bad line: exit %d, stderr %q", code, errOut)
	}
}
