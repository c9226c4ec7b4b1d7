package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sus/sus/internal/ptbr"
	"github.com/go-sus/sus/sigtap"
)

// demo2601 is the other release of the demo world.
const demo2601 = "../../remessa/remessatest/demo/sigtap/TabelaUnificada_202601_v2601221740.zip"

// TestOutputIsPortuguese runs info, proc (every procedure), search, diff
// and subset on the two releases of the demo world and on a copy of a
// release that lacks three tables, and fails when what a person reads
// holds an English word.
func TestOutputIsPortuguese(t *testing.T) {
	// The detector catches what the tool printed before the translation,
	// so this test can fail.
	if ptbr.Lines("  cbos             unknown (table absent)\n"+
		"rl_procedimento_ocupacao: 0 added, 214 removed (absent from the new release)\n") == "" {
		t.Fatal("internal/ptbr does not catch the former English output")
	}
	// A release without three of its tables.
	lacking := filepath.Join(t.TempDir(), "TabelaUnificada_202512_v2601221256")
	if err := os.CopyFS(lacking, os.DirFS(tiny)); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"rl_procedimento_ocupacao.txt", "tb_descricao.txt", "rl_procedimento_habilitacao.txt"} {
		if err := os.Remove(filepath.Join(lacking, f)); err != nil {
			t.Fatal(err)
		}
	}
	check := func(args []string, wantCode int, messages ...string) {
		t.Helper()
		code, out, errOut := runCLI(args...)
		if code != wantCode || strings.TrimSpace(out) == "" {
			t.Errorf("sigtap %s: exit %d, want %d; no report?\n%s", strings.Join(args, " "), code, wantCode, errOut)
			return
		}
		if messages != nil {
			m, err := ptbr.JSONMessages(out, messages...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			out = m
		}
		if en := ptbr.Lines(out); en != "" {
			t.Errorf("sigtap %s: English in the output:\n%s", strings.Join(args, " "), en)
		}
	}
	for _, rel := range []string{demo, demo2601, lacking} {
		check([]string{"info", rel}, exitOK)
		check([]string{"info", "-json", rel}, exitOK, "warnings")
		r, err := sigtap.Open(rel, nil)
		if err != nil {
			t.Fatal(err)
		}
		args := []string{"proc", rel}
		for _, p := range r.Procedures() {
			args = append(args, p.Code.String())
		}
		if len(args) < 5 {
			t.Fatalf("%s: %d procedures", rel, len(args)-2)
		}
		check(args, exitOK)
		check([]string{"search", rel, "consulta"}, exitOK)
		check([]string{"subset", "-o", filepath.Join(t.TempDir(), "s.zip"), rel, args[2], args[3]}, exitOK)
	}
	check([]string{"diff", demo, demo2601}, exitOK)
	check([]string{"diff", tiny, lacking}, exitNotFound)
	check([]string{"diff", "-json", tiny, lacking}, exitNotFound, "note")
	check([]string{"diff", lacking, tiny}, exitNotFound)
	// Verdicts on standard error: a procedure the release lacks, a search
	// without a match.
	for _, args := range [][]string{{"proc", tiny, "0301010048"}, {"subset", "-o", filepath.Join(t.TempDir(), "x.zip"), tiny, "0301010048"}, {"search", demo, "xyzzy"}} {
		code, _, errOut := runCLI(args...)
		if code != exitNotFound || errOut == "" {
			t.Errorf("sigtap %s: exit %d %q", strings.Join(args, " "), code, errOut)
		}
		if en := ptbr.Lines(errOut); en != "" {
			t.Errorf("sigtap %s: English on standard error:\n%s", strings.Join(args, " "), en)
		}
	}
}
