package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestGenValidateRoundTrip(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "PASMSTST.DEZ")
	if code, _, errs := runCLI(t, "", "gen", "-mvm", "202512", "-n", "500", "-seed", "7", "-o", file); code != 0 {
		t.Fatalf("gen: %d %s", code, errs)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, "", "gen", "-mvm", "202512", "-n", "500", "-seed", "7")
	if code != 0 || out != string(data) {
		t.Fatal("gen to stdout differs from gen to a file with the same seed")
	}
	if code, out, _ := runCLI(t, "", "validate", file); code != 0 || out != "" {
		t.Fatalf("validate generated file: %d\n%s", code, out)
	}
	code, js, _ := runCLI(t, "", "tojson", file)
	if code != 0 || strings.Count(js, "\n") != 501 {
		t.Fatalf("tojson: %d, %d lines", code, strings.Count(js, "\n"))
	}
	back := filepath.Join(dir, "back.bpa")
	if code, _, errs := runCLI(t, js, "fromjson", "-o", back, "-"); code != 0 {
		t.Fatalf("fromjson: %s", errs)
	}
	if got, _ := os.ReadFile(back); !bytes.Equal(got, data) {
		t.Fatal("fromjson(tojson(file)) differs")
	}
	code, out, _ = runCLI(t, "", "inspect", file)
	for _, want := range []string{"records: 01=1", "lines: declared 500, counted 500 ok", "control: declared", "layouts: BPA-I 350"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("inspect output lacks %q:\n%s", want, out)
		}
	}
	// build: production records without numbering → the same kind of file.
	var prod []string
	for _, l := range strings.Split(strings.TrimSpace(js), "\n")[1:] {
		prod = append(prod, l)
	}
	built := filepath.Join(dir, "built.bpa")
	if code, _, errs := runCLI(t, strings.Join(prod, "\n"), "build", "-mvm", "202512", "-o", built, "-sgl", "SMSTST", "-dst-in", "M", "-versao", "D04.11", "-"); code != 0 {
		t.Fatalf("build: %s", errs)
	}
	if code, out, _ := runCLI(t, "", "validate", built); code != 0 {
		t.Fatalf("validate built file: %s", out)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestValidateErrors(t *testing.T) {
	code, gen, _ := runCLI(t, "", "gen", "-mvm", "202412", "-n", "3")
	if code != 0 {
		t.Fatal("gen")
	}
	lines := strings.Split(gen, "\r\n")
	lines[1] = lines[1][:20] + "X" + lines[1][21:] // a letter in a NUM field
	bad := strings.Join(lines, "\r\n")
	code, out, _ := runCLI(t, bad, "validate", "-json", "-")
	if code != 1 {
		t.Fatalf("validate broken file: exit %d, want 1\n%s", code, out)
	}
	var p struct {
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Field    string `json:"field"`
		Code     string `json:"code"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
	}
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &p); err != nil {
		t.Fatal(err)
	}
	if p.Line != 2 || p.Column != 21 || p.Code != "BPA-DIGITS" || p.Severity != "erro" || p.Field == "" {
		t.Errorf("first problem = %+v", p)
	}
	// Warnings only: exit 0.
	if code, out, _ := runCLI(t, strings.ReplaceAll(gen, "\r\n", "\n"), "validate", "-"); code != 0 || !strings.Contains(out, "BPA-EOL-LF") {
		t.Errorf("LF-only file: exit %d\n%s", code, out)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{
		{"nope"}, {"validate"}, {"gen", "-mvm", "2025"}, {"gen", "-mvm", "202512", "-n", "0"},
		{"build", "x.jsonl"}, {"inspect", "/nonexistent/file"}, {"validate", "-bogus", "f"},
	} {
		if code, _, errs := runCLI(t, "", args...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, errs)
		}
	}
	// Data errors in conversions exit 1.
	if code, _, _ := runCLI(t, `{"tipo":"09"}`, "fromjson", "-"); code != 1 {
		t.Errorf("fromjson bad record: exit %d, want 1", code)
	}
	if code, _, _ := runCLI(t, "99xx\r\n", "tojson", "-"); code != 1 {
		t.Errorf("tojson bad line: exit %d, want 1", code)
	}
}

func TestHelpExplainsEveryFlag(t *testing.T) {
	for _, p := range app.HelpProblems(func(args []string) (int, string) {
		var out, errb bytes.Buffer
		code := run(args, strings.NewReader(""), &out, &errb)
		return code, out.String()
	}) {
		t.Error(p)
	}
}
