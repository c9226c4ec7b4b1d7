package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeMonth makes a folder holding the demo file twice (under two names),
// a text file and a sub-folder, as a gestão's folder might look.
func writeMonth(t *testing.T) (sig, cn, dir string) {
	sig, cn, file := writeWorld(t)
	dir = filepath.Join(t.TempDir(), "remessa")
	os.Mkdir(dir, 0o755)
	b, _ := os.ReadFile(file)
	os.WriteFile(filepath.Join(dir, "PADEMO.JAN"), b, 0o644)
	os.WriteFile(filepath.Join(dir, "PADEMO2.JAN"), b, 0o644)
	os.WriteFile(filepath.Join(dir, "LEIAME.txt"), []byte("notes\n"), 0o644)
	os.Mkdir(filepath.Join(dir, "old"), 0o755)
	return sig, cn, dir
}

func TestCheckMonthFolder(t *testing.T) {
	sig, cn, dir := writeMonth(t)
	code, out, errOut := runRemessa("", "check", "-json", "-sigtap", sig, "-cnes", cn, dir)
	if code != exitInvalid {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"skipped " + filepath.Join(dir, "LEIAME.txt") + ": not a BPA file", "skipped " + filepath.Join(dir, "old") + ": a folder"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	// Each file's lines (with "file"), its críticas and file_summary; last
	// the month's summary with "files".
	var kinds []string
	files := map[string]int{}
	var last map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var o map[string]any
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatal(err)
		}
		k := o["kind"].(string)
		if len(kinds) == 0 || kinds[len(kinds)-1] != k {
			kinds = append(kinds, k)
		}
		if k == "line" {
			files[o["file"].(string)]++
		}
		last = o
	}
	want := "line critica file_summary line critica file_summary summary"
	if strings.Join(kinds, " ") != want {
		t.Errorf("object kinds %q, want %q", strings.Join(kinds, " "), want)
	}
	if files["PADEMO.JAN"] != 47 || files["PADEMO2.JAN"] != 47 || last["files"] != float64(2) || last["lines"] != float64(94) {
		t.Errorf("lines per file %v, summary %v", files, last)
	}
	if !strings.Contains(out, `"code":"ARQUIVO_DUPLICADO"`) {
		t.Error("the file sent twice is not reported")
	}
	// Text: the month first, then each file; value: the month's totals.
	code, out, _ = runRemessa("", "check", "-sigtap", sig, "-cnes", cn, filepath.Join(dir, "PADEMO.JAN"), filepath.Join(dir, "PADEMO2.JAN"))
	if code != exitInvalid || strings.Count(out, "RELATORIO DE OCORRENCIAS") < 2 {
		t.Errorf("text month: exit %d\n%s", code, out)
	}
	code, out, _ = runRemessa("", "value", "-json", "-sigtap", sig, "-cnes", cn, dir)
	if code != exitInvalid || strings.Count(out, "\n") != 1 || !strings.Contains(out, `"files":2`) {
		t.Errorf("value month: exit %d\n%s", code, out)
	}
	// -html of a month, and -sia refused for a month.
	html := filepath.Join(t.TempDir(), "m.html")
	if code, _, errOut := runRemessa("", "check", "-sigtap", sig, "-cnes", cn, "-html", html, dir); code != exitInvalid {
		t.Errorf("html: exit %d %s", code, errOut)
	} else if b, err := os.ReadFile(html); err != nil || !strings.Contains(string(b), "PADEMO2.JAN") {
		t.Errorf("html lacks the files: %v", err)
	}
	if code, _, errOut := runRemessa("", "check", "-sigtap", sig, "-cnes", cn, "-sia", "../../remessa/testdata/sia_report_sample.txt", dir); code != exitUsage || !strings.Contains(errOut, "-sia") {
		t.Errorf("-sia with a month: exit %d %s", code, errOut)
	}
}

func TestCheckHeaderOnlyFileInMonth(t *testing.T) {
	sig, cn, dir := writeMonth(t)
	b, _ := os.ReadFile(filepath.Join(dir, "PADEMO.JAN"))
	first, _, _ := strings.Cut(string(b), "\n")
	h := filepath.Join(dir, "PAHDR.JAN")
	os.WriteFile(h, []byte(first+"\n"), 0o644)
	code, _, errOut := runRemessa("", "check", "-sigtap", sig, "-cnes", cn, dir)
	if code != exitInvalid || !strings.Contains(errOut, h+": no production line") {
		t.Errorf("exit %d\n%s", code, errOut)
	}
}

func TestSplitSeveralFiles(t *testing.T) {
	sig, cn, file := writeWorld(t)
	in := t.TempDir()
	b, _ := os.ReadFile(file)
	// A second production under another sigla: its outputs have other names.
	other := strings.Replace(string(b), "DEMO", "OUTR", 1)
	os.WriteFile(filepath.Join(in, "PADEMO.JAN"), b, 0o644)
	os.WriteFile(filepath.Join(in, "PAOUTR.JAN"), []byte(other), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, errOut := runRemessa("", "split", "-o", out, "-sigtap", sig, "-cnes", cn, in)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	es, _ := os.ReadDir(out)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "PADEMOMF.JAN PADEMOPV.JAN PAOUTRMF.JAN PAOUTRPV.JAN" || strings.Count(stdout, "\n") != 4 {
		t.Errorf("outputs %v\n%s", names, stdout)
	}
	// The same sigla twice would give one name to two outputs: refused,
	// nothing written.
	os.WriteFile(filepath.Join(in, "PADEMO2.JAN"), b, 0o644)
	out2 := filepath.Join(t.TempDir(), "out")
	code, _, errOut = runRemessa("", "split", "-o", out2, "-sigtap", sig, in)
	if code != exitUsage || !strings.Contains(errOut, "would both be written") {
		t.Errorf("name clash: exit %d %s", code, errOut)
	}
	if _, err := os.Stat(out2); !os.IsNotExist(err) {
		t.Errorf("output folder made for a refused run: %v", err)
	}
}
