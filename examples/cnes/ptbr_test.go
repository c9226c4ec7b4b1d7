package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/internal/ptbr"
)

// TestOutputIsPortuguese runs info, estab (every establishment), prof
// (every professional of every establishment, and one without a vínculo)
// and gen on the two registries of the demo world, and fails when what a
// person reads holds an English word.
func TestOutputIsPortuguese(t *testing.T) {
	// The detector catches what the tool printed before the translation,
	// so this test can fail.
	if ptbr.Lines("team            INE 4576756959 type 70, entrada 2019-02-01, desligamento -: not in the competência\n"+
		"tbEquipe                 tbEquipe202601.csv: 30 columns, 3 rows, 3 kept, 0 skipped, 0 unmatched\n") == "" {
		t.Fatal("internal/ptbr does not catch the former English output")
	}
	check := func(args []string, out string) {
		t.Helper()
		if strings.TrimSpace(out) == "" {
			t.Errorf("cnes %s: no report", strings.Join(args, " "))
		}
		if en := ptbr.Lines(out); en != "" {
			t.Errorf("cnes %s: English in the output:\n%s", strings.Join(args, " "), en)
		}
	}
	for _, dir := range []string{"../../remessa/remessatest/demo/cnes/202512", demo} {
		s, err := cnes.Open(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, out, _ := runCLI("info", dir)
		check([]string{"info", dir}, out)
		n := 0
		for est := range s.Estabelecimentos() {
			args := []string{"estab", dir, est.CNES.String()}
			code, out, errOut := runCLI(args...)
			if code != 0 {
				t.Errorf("%v: exit %d %s", args, code, errOut)
			}
			check(args, out)
			for _, v := range s.VinculosDe(est.CNES) {
				if v.CNS.IsZero() {
					continue
				}
				args := []string{"prof", dir, est.CNES.String(), v.CNS.String()}
				_, out, _ := runCLI(args...)
				check(args, out)
				// The same professional where they have no vínculo.
				args = []string{"prof", dir, "9990003", v.CNS.String()}
				_, out, _ = runCLI(args...)
				check(args, out)
				n++
			}
		}
		if n == 0 {
			t.Errorf("%s: no professional", dir)
		}
		// A CNES that is not in the registry: the verdict on standard error.
		_, _, errOut := runCLI("estab", dir, "9990099")
		check([]string{"estab", dir, "9990099"}, strings.TrimPrefix(errOut, "cnes estab: "))
	}
	_, out, _ := runCLI("gen", "-o", filepath.Join(t.TempDir(), "w"))
	check([]string{"gen"}, out)
}
