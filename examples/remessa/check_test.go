package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sus/sus/remessa/remessatest/demo"
)

func runRemessa(stdin string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestDemo(t *testing.T) {
	html := filepath.Join(t.TempDir(), "demo.html")
	code, out, errOut := runRemessa("", "demo", "-html", html)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"RELATORIO DE OCORRENCIAS NA CONSISTENCIA - JAN/2026", "Linhas: 47  Aprovadas: 27  Rejeitadas: 20",
		"PROCED.NAO ACEITO PELA REGRA CONDICIONADA 0001", "SINTESE DA PRODUCAO", "MOTIVOS DE REJEICAO", "Relatório HTML gravado em " + html} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	b, err := os.ReadFile(html)
	if err != nil || !bytes.Contains(b, []byte("<svg")) {
		t.Errorf("html: %v", err)
	}
	if code, _, _ := runRemessa("", "demo", "extra"); code != 2 {
		t.Errorf("demo with argument: exit %d", code)
	}
}

// writeWorld copies the embedded demo world to a directory, as a user would
// have it on disk.
func writeWorld(t *testing.T) (sigtapDir, cnesDir, bpaFile string) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, demo.FS); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "sigtap"), filepath.Join(dir, "cnes"), filepath.Join(dir, "bpa", "PADEMO.JAN")
}

func TestCheckAndValue(t *testing.T) {
	sig, cn, file := writeWorld(t)
	code, out, errOut := runRemessa("", "check", "-sigtap", sig, "-cnes", cn, "-j", "2", file)
	if code != 1 || !strings.Contains(out, "Rejeitadas: 20") {
		t.Fatalf("check: exit %d %s\n%s", code, errOut, out)
	}
	// -json: one object per line, then críticas, then the summary.
	code, out, _ = runRemessa("", "check", "-json", "-sigtap", sig, "-cnes", cn, file)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 1 || len(lines) != 47+2+1 {
		t.Fatalf("json: exit %d, %d lines", code, len(lines))
	}
	var last map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil || last["kind"] != "summary" || last["rejected"] != float64(20) {
		t.Errorf("summary line %v: %v", last, err)
	}
	// stdin and a comma-separated release list.
	data, _ := os.ReadFile(file)
	rels := filepath.Join(sig, "TabelaUnificada_202512_v2601221256.zip") + "," + filepath.Join(sig, "TabelaUnificada_202601_v2601221740.zip")
	code, out, _ = runRemessa(string(data), "value", "-sigtap", rels, "-cnes", filepath.Join(cn, "202601")+","+filepath.Join(cn, "202512"), "-")
	if code != 1 || !strings.Contains(out, "SINTESE DA PRODUCAO") || strings.Contains(out, "OCORRENCIAS") {
		t.Errorf("value: exit %d\n%s", code, out)
	}
	// Disabling every rejecting check of a clean subset is not the point;
	// usage errors are.
	for _, args := range [][]string{{"check"}, {"check", file}, {"check", "-sigtap", sig, "a", "b"}, {"check", "-sigtap", "/nonexistent", file}, {"value", "-cnes", cn, "/nonexistent.bpa"}} {
		if code, _, _ := runRemessa("", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestSIAReportCommand(t *testing.T) {
	code, out, errOut := runRemessa("", "sia-report", "../../remessa/testdata/sia_report_sample.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Base    string `json:"base"`
		Entries []struct {
			Message string `json:"message"`
		} `json:"entries"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Base != "BDSIA202601a" || len(rep.Entries) != 4 {
		t.Errorf("report %+v: %v", rep, err)
	}
	if code, _, _ := runRemessa("hello\n", "sia-report", "-"); code != 1 {
		t.Errorf("not a report: exit %d", code)
	}
}

func TestCheckWithSIAReport(t *testing.T) {
	sig, cn, file := writeWorld(t)
	code, out, errOut := runRemessa("", "check", "-sigtap", sig, "-cnes", cn, "-sia", "../../remessa/testdata/sia_report_sample.txt", file)
	if code != 1 || !strings.Contains(out, "COMPARACAO COM O RELATORIO DO SIA") {
		t.Fatalf("exit %d %s\n%s", code, errOut, out)
	}
}
