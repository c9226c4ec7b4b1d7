package main

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/internal/ptbr"
	"github.com/go-sus/sus/sigtap"
)

// prefixRE matches the "remessa SUB: " prefix of the messages on standard
// error: the command's name is the interface, not a word for people.
var prefixRE = regexp.MustCompile(`(?m)^remessa( [a-z-]+){1,2}: `)

// messageKeys are the JSON fields whose string values people read: their
// values are Portuguese. Field names, and the values of the other fields
// (codes, statuses, kinds: stable identifiers), are the interface and stay
// as they are.
var messageKeys = []string{"message", "facts", "explicacao", "reason", "error", "warning", "warnings", "check_digit"}

// TestOutputIsPortuguese runs every report-producing subcommand on the
// bundled demo world (its SIGTAP releases, CNES registries and the month
// PADEMO.JAN with planted errors; a folder holding it twice; files split
// from it; a ledger and a faixa of its numbers) and fails when what a
// person reads — standard output, the JSON messages, and the warnings and
// notes the tool itself writes on standard error — holds an English word.
func TestOutputIsPortuguese(t *testing.T) {
	// The detector catches what the tool printed before the translation,
	// so this test can fail.
	if ptbr.Lines("line 6 BPA-I 9990001 202509 0207010064: financing unknown → mac-faec\n"+
		"  missing as of 202506: 2 consecutive from 202505: warning\n"+
		"3525112345679: invalid: check digit is '9', the rule gives '8'\n") == "" {
		t.Fatal("internal/ptbr does not catch the former English output")
	}
	sig, cn, file := writeWorld(t)
	_, _, month := writeMonth(t)
	dir := t.TempDir()
	// A folder with one BPA file and a file that is not one, for split.
	splitIn := filepath.Join(dir, "entrada")
	if err := os.Mkdir(splitIn, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(splitIn, "PADEMO.JAN"), []byte(readFile(t, file)), 0o644)
	os.WriteFile(filepath.Join(splitIn, "LEIAME.txt"), []byte("notas\n"), 0o644)
	ledgerState := filepath.Join(dir, "ledger.json")
	faixaState := filepath.Join(dir, "faixa.json")
	html := filepath.Join(dir, "demo.html")
	autorizacoes := []string{"5326900000015", "53.26.9.0.000.001-5", "3525100000015", "2925800000013", "4125900001003",
		"3525200000014", "5326699999995", "3126500000426", "3525112345679", "352511234567", "35251123456A8", "1825400000017", ""}
	cmds := []string{"123456-A-07-12-000000-1234567-5", "000001900991234560000001X", "123", "123456-A-07-12-000000-1234567", "123456+A-07-12-000000-1234567-5", "12345_A071200000012345675"}
	nomes := []string{"PADEMO.JAN", "PADEMOPV.JAN", "PADEMOMF.FEV", "PADEMO.TXT", "XXDEMO.JAN", "PADEMO", "PA.JAN", "PADEMOLONGO1.JAN", "PADE.MO.JAN", "PADE MO.JAN"}

	for _, tc := range []struct {
		args   []string
		stdin  string
		stderr bool // the run writes warnings or notes of its own on standard error
	}{
		{args: []string{"demo"}},
		{args: []string{"demo", "-html", html}},
		{args: []string{"demo", "-json"}},
		{args: []string{"check", "-sigtap", sig, "-cnes", cn, file}},
		{args: []string{"check", "-json", "-sigtap", sig, "-cnes", cn, file}},
		{args: []string{"check", "-sigtap", sig, "-allow-missing", "cnes", file}},
		{args: []string{"check", "-sigtap", sig, "-cnes", cn, "-sia", "../../remessa/testdata/sia_report_sample.txt", file}},
		{args: []string{"check", "-json", "-sigtap", sig, "-cnes", cn, "-sia", "../../remessa/testdata/sia_report_sample.txt", file}},
		{args: []string{"check", "-sigtap", sig, "-cnes", cn, month}, stderr: true},
		{args: []string{"check", "-json", "-sigtap", sig, "-cnes", cn, month}, stderr: true},
		{args: []string{"value", "-sigtap", sig, "-cnes", cn, file}},
		{args: []string{"value", "-sigtap", sig, "-cnes", cn, month}, stderr: true},
		{args: []string{"value", "-json", "-sigtap", sig, "-cnes", cn, file}},
		{args: []string{"financiamento", "-sigtap", sig, "-cnes", cn, file}},
		{args: []string{"financiamento", "-sigtap", sig, file}},
		{args: []string{"financiamento", "-json", "-sigtap", sig, "-cnes", cn, file}},
		{args: []string{"financiamento", "-sigtap", sig, "-cnes", cn, "-modalidade", "M2", "-fonte", "02", file}},
		{args: []string{"financiamento", "-json", "-sigtap", sig, "-cnes", cn, "-modalidade", "M3", file}},
		{args: []string{"split", "-o", filepath.Join(dir, "split"), "-sigtap", sig, "-cnes", cn, file}, stderr: true},
		{args: []string{"split", "-o", filepath.Join(dir, "split2"), "-cnes", cn, file}, stderr: true},
		{args: []string{"split", "-o", filepath.Join(dir, "split3"), "-sigtap", sig, "-cnes", cn, splitIn}, stderr: true},
		{args: []string{"split", "-json", "-o", filepath.Join(dir, "split4"), "-sigtap", sig, "-cnes", cn, file}},
		{args: []string{"split", "-o", filepath.Join(dir, "split5"), "-sigtap", sig, "-cnes", cn, "-"}, stdin: readFile(t, file), stderr: true},
		{args: []string{"ledger", "record", "-state", ledgerState, "-key", "530010", "-competencia", "202511", "-status", "validated", "-note", "PADEMO.NOV"}},
		{args: []string{"ledger", "record", "-state", ledgerState, "-key", "530010", "-competencia", "202601", "-status", "sent", "-note", "PADEMO.JAN"}, stderr: true},
		{args: []string{"ledger", "record", "-state", ledgerState, "-key", "530010", "-competencia", "202512", "-status", "rejected"}},
		{args: []string{"ledger", "start", "-state", ledgerState, "-key", "9990002", "-competencia", "202512"}},
		{args: []string{"ledger", "status", "-state", ledgerState, "-as-of", "202602"}},
		{args: []string{"ledger", "status", "-state", ledgerState, "-as-of", "202605"}},
		{args: []string{"ledger", "status", "-state", ledgerState, "-as-of", "202601", "-key", "nenhuma"}},
		{args: []string{"ledger", "status", "-json", "-state", ledgerState, "-as-of", "202602"}},
		{args: append([]string{"autorizacao", "validate"}, autorizacoes...)},
		{args: append([]string{"autorizacao", "validate", "-json"}, autorizacoes...)},
		{args: []string{"autorizacao", "next", "-state", faixaState, "-faixa", "532690000001-532690000003", "-n", "2"}},
		{args: []string{"autorizacao", "mark", "-state", faixaState, "5326900000015", "3525100000015", "5326900000016"}, stderr: true},
		{args: []string{"autorizacao", "mark", "-state", faixaState, "53.26.9.0.000.003-7"}},
		{args: []string{"autorizacao", "next", "-json", "-state", faixaState, "-n", "5"}},
		{args: append([]string{"cmd", "validate"}, cmds...)},
		{args: append([]string{"cmd", "validate", "-complementar", "-json"}, cmds...)},
		{args: []string{"cmd", "build", "-json", "-group1", "123456", "-group2", "A", "-group3", "07", "-identifier", "12", "-group6", "1234567", "-dv", "5"}},
		{args: append([]string{"nome", "check", "-competencia", "202601"}, nomes...)},
		{args: append([]string{"nome", "check", "-json", "-competencia", "202512"}, nomes...)},
	} {
		code, out, errOut := runRemessa(tc.stdin, tc.args...)
		name := strings.Join(tc.args[:min(2, len(tc.args))], " ")
		if code == exitError || strings.TrimSpace(out) == "" {
			t.Errorf("remessa %s: exit %d, no report\n%s", name, code, errOut)
			continue
		}
		if strings.Contains(strings.Join(tc.args, " "), "-json") {
			m, err := ptbr.JSONMessages(out, messageKeys...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			out = m
		}
		if en := ptbr.Lines(out); en != "" {
			t.Errorf("remessa %s: English in the output:\n%s", strings.Join(tc.args, " "), en)
		}
		if !tc.stderr {
			continue
		}
		if errOut == "" {
			t.Errorf("remessa %s: no warning or note on standard error", name)
		}
		if en := ptbr.Lines(prefixRE.ReplaceAllString(errOut, "")); en != "" {
			t.Errorf("remessa %s: English on standard error:\n%s", strings.Join(tc.args, " "), en)
		}
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMotivosNome: every reason bpa gives for a malformed file name has its
// Portuguese in motivosNome (a new or reworded reason would otherwise show
// as the general one), and every entry of motivosNome is still a reason.
func TestMotivosNome(t *testing.T) {
	var errs []error
	for _, n := range []string{"dir/PADEMO.JAN", "PA1234567890.JAN", "XXDEMO.JAN", "PADEMO", "PADEMO.TXT", "PA.JAN", "PADE MO.JAN"} {
		_, err := bpa.ParseFileName(n)
		errs = append(errs, err)
	}
	for _, id := range []string{"", "ABCDEFGHI", "A.B"} {
		_, err := bpa.NewFileName(id, sigtap.MustParseCompetencia("202601"))
		errs = append(errs, err)
	}
	_, err := bpa.NewFileName("DEMO", sigtap.Competencia{})
	errs = append(errs, err)
	seen := map[string]bool{}
	for _, err := range errs {
		var fe *bpa.FileNameError
		if !errors.As(err, &fe) {
			t.Fatalf("%v: not a *bpa.FileNameError", err)
		}
		if _, ok := motivosNome[fe.Reason]; !ok {
			t.Errorf("reason %q has no Portuguese in motivosNome", fe.Reason)
		}
		seen[fe.Reason] = true
	}
	for r, m := range motivosNome {
		if !seen[r] {
			t.Errorf("motivosNome[%q] is no longer a reason bpa gives", r)
		}
		if en := ptbr.English(m); len(en) > 0 {
			t.Errorf("motivosNome[%q] = %q holds English %q", r, m, en)
		}
	}
}
