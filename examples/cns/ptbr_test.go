package main

import (
	"strings"
	"testing"

	"github.com/go-sus/sus/internal/ptbr"
)

// TestOutputIsPortuguese runs the subcommands that judge values on the
// identifiers of the demo world (remessa/remessatest/demo: CNS of its
// professionals, its CNES codes, INE, procedures of its SIGTAP subset) and
// on one value for every reason a value can be invalid, and fails when
// what a person reads — standard output, and the verdicts format prints on
// standard error — holds an English word.
func TestOutputIsPortuguese(t *testing.T) {
	// The detector catches what the tool printed before the translation,
	// so this test can fail.
	if ptbr.Lines("123\tinvalid\tcannot tell the kind of a value of 3 characters\n"+
		"152918759930006\tinvalid\tcns: check digit mismatch\n") == "" {
		t.Fatal("internal/ptbr does not catch the former English output")
	}
	values := []string{
		"807016416458479", "140179801280004", "950471315550733", "294022552400001", // CNS of the demo CNES
		"9990001", "9990002", "4865539836", "0001383394", // CNES and INE of the demo CNES
		"0301010072", "02.04.03.018-8", "0401020150", // procedures of the demo SIGTAP
		"05.579.864/0001-23", "12.ABC.345/01DE-35", "57462740206", "706517680954096",
		// One for every reason a value is invalid.
		"152918759930006", "1529187599300X6", "11111111111", "00000000000000", "0000000000",
		"02.04.03.018-9", "123", "12ABC", "999000", "AB", "...",
	}
	for _, args := range [][]string{
		append([]string{"validate"}, values...),
		append([]string{"validate", "-json"}, values...),
		append([]string{"validate", "-kind", "cns"}, values...),
		append([]string{"validate", "-kind", "cnes"}, values...),
		append([]string{"validate", "-kind", "ine"}, values...),
		append([]string{"validate", "-kind", "pa", "-json"}, values...),
		append([]string{"format"}, values...),
		{"generate", "-kind", "cns", "-n", "3", "-seed", "1"},
		{"generate", "-kind", "cnpj-alnum", "-n", "3", "-seed", "1"},
	} {
		code, out, errOut := runCLI(args...)
		if code == 2 || strings.TrimSpace(out) == "" {
			t.Errorf("%v: exit %d, no report\n%s", args[:2], code, errOut)
			continue
		}
		switch {
		case args[0] == "format":
			out += errOut // its verdicts on invalid values
		case strings.Contains(strings.Join(args, " "), "-json"):
			m, err := ptbr.JSONMessages(out, "reason")
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			out = m
		}
		if en := ptbr.Lines(out); en != "" {
			t.Errorf("cns %s: English in the output:\n%s", strings.Join(args[:2], " "), en)
		}
	}
}
