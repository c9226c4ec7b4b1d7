package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sus/sus/internal/shareddata"
	"github.com/go-sus/sus/sigtap"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const (
	tinyDir = "../../sigtap/testdata/"
	tiny    = tinyDir + "TabelaUnificada_202512_v2601221256"
	tiny11  = tinyDir + "TabelaUnificada_202511_v2511111519"
	demo    = "../../remessa/remessatest/demo/sigtap/TabelaUnificada_202512_v2601221256.zip"
)

// shared is the official 202512 release ("" when absent).
var shared, _ = shareddata.SIGTAP(shareddata.Release202512)

func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// golden compares got with testdata/golden/name, rewriting it with
// -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", name, diff)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"nope"}, {"info"}, {"proc", tiny}, {"diff", tiny}, {"subset", tiny, "0301010072"}, {"search", tiny}, {"info", "-bogus", tiny}} {
		if code, _, errs := runCLI(args...); code != exitUsage || !strings.Contains(errs, "usage") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
	if code, out, _ := runCLI("help"); code != exitOK || !strings.Contains(out, "sigtap proc") {
		t.Errorf("help: %d", code)
	}
	if code, _, errs := runCLI("info", "testdata/missing.zip"); code != exitUsage || !strings.Contains(errs, "missing.zip") {
		t.Errorf("missing release: %d %q", code, errs)
	}
	if code, _, _ := runCLI("proc", tiny, "0301010073"); code != exitUsage {
		t.Errorf("bad check digit: exit %d", code)
	}
}

func TestInfo(t *testing.T) {
	code, out, _ := runCLI("info", tiny)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	golden(t, "info_tiny.txt", out)
	code, out, _ = runCLI("info", "-json", demo)
	var j infoJSON
	if code != exitOK || json.Unmarshal([]byte(out), &j) != nil {
		t.Fatalf("exit %d: %s", code, out)
	}
	if j.Competencia != "202512" || j.Generation != "v2601221256" || len(j.Tables) != 41 || j.Tables[0].Rows != 20 || len(j.Absent) != 0 {
		t.Errorf("info -json: %+v", j)
	}
}

func TestProcTiny(t *testing.T) {
	code, out, _ := runCLI("proc", tiny, "0301130019", "02.04.03.018-8")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	golden(t, "proc_tiny.txt", out)
	code, out, _ = runCLI("proc", "-json", tiny, "0202020550")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	golden(t, "proc_tiny_0202020550.json", out)
	code, out, errs := runCLI("proc", tiny, "0301010072", "0301010048")
	if code != exitNotFound || !strings.Contains(out, "CONSULTA MEDICA") || !strings.Contains(errs, "0301010048 não consta em") {
		t.Errorf("not found: exit %d, %q", code, errs)
	}
}

// TestProcShared checks `proc` on the official 202512 release for a
// handful of procedures. The golden files were checked by hand against
// the raw lines (runs of spaces shortened), for example 0204030188:
//
//	tb_procedimento             0204030188MAMOGRAFIA BILATERAL PARA RASTREAMENTO 2I0001999900000420157100000000000000000000450000000000000006 9999202512
//	                            (TP_COMPLEXIDADE 2, TP_SEXO I, QT_MAXIMA 1, ages 420–1571, VL_SA 4500 = 45.00, financing 06)
//	rl_procedimento_registro    020403018802202512
//	rl_procedimento_detalhe     0204030188025202512, 0204030188040202512
//	rl_procedimento_servico     0204030188121012202512, 0204030188121013202512
//	rl_procedimento_incremento  02040301883201000000000044880000000202512 (SA 44.88 %)
//	rl_procedimento_ocupacao    69 rows, 0204030188223119202512 first
//
// and 0401020150:
//
//	tb_procedimento             0401020150TRATAMENTO CIRÚRGICO DO SINUS PRÉ-AURICULAR 2I0001000102000000157100000002223200000000568800000001213006 9999202512
//	                            (QT_DIAS 1, QT_PONTOS 200, SH 222.32, SA 56.88, SP 121.30)
//	rl_procedimento_habilitacao 04010201503802 202512 … 3803, 3805, 3806, all with a blank group
//	rl_procedimento_regra_cond  04010201500013, …0014, …0015
//	rl_procedimento_detalhe     001 004 049 051 059; rl_procedimento_registro 02 03
func TestProcShared(t *testing.T) {
	if shared == "" {
		t.Skipf("official SIGTAP release %s not available; it lives in ../shared/data/sigtap (or $%s)", shareddata.Release202512, shareddata.Env)
	}
	codes := []string{"0301010072", "0204030188", "0202020550", "0301130019", "0401020150"}
	for _, c := range codes {
		code, out, _ := runCLI("proc", shared, c)
		if code != exitOK {
			t.Fatalf("%s: exit %d", c, code)
		}
		golden(t, "proc_"+c+".txt", out)
	}
	code, out, _ := runCLI("proc", "-json", shared, codes[1])
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	golden(t, "proc_"+codes[1]+".json", out)
}

func TestSearch(t *testing.T) {
	code, out, _ := runCLI("search", demo, "Ressonância", "MAGNETICA")
	want := "0207010030\tRESSONANCIA MAGNETICA DE COLUNA CERVICAL/PESCOÇO\n" +
		"0207010064\tRESSONANCIA MAGNETICA DE CRANIO\n" +
		"0207030057\tRESSONÂNCIA MAGNÈTICA MULTIPARAMÈTRICA DA PROSTATA\n"
	if code != exitOK || out != want {
		t.Errorf("exit %d\n%s", code, out)
	}
	if code, _, _ := runCLI("search", demo, "xyzzy"); code != exitNotFound {
		t.Errorf("no match: exit %d", code)
	}
}

func TestDiff(t *testing.T) {
	code, out, _ := runCLI("diff", tiny11, tiny)
	if code != exitNotFound {
		t.Fatalf("exit %d", code)
	}
	golden(t, "diff_tiny.txt", out)
	code, out, _ = runCLI("diff", "-json", tiny11, tiny)
	var j diffJSON
	if code != exitNotFound || json.Unmarshal([]byte(out), &j) != nil {
		t.Fatalf("exit %d: %s", code, out)
	}
	if len(j.Tables) != 2 || j.Tables[1].Table != "rl_procedimento_habilitacao" || len(j.Tables[1].Removed) != 2 {
		t.Errorf("diff -json: %+v", j.Tables)
	}
	if code, out, _ := runCLI("diff", tiny, tiny); code != exitOK || !strings.Contains(out, "procedimentos: incluídos 0, excluídos 0, alterados 0") {
		t.Errorf("same release: exit %d\n%s", code, out)
	}
}

func TestSubset(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "TabelaUnificada_202512_v2601221256.zip")
	code, stdout, errs := runCLI("subset", "-o", out, demo, "0301010072", "0204030188")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(stdout, ": 2 procedimentos de TabelaUnificada_202512_v2601221256") {
		t.Errorf("stdout %q", stdout)
	}
	r, err := sigtap.Open(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Procedures()) != 2 || r.Name() != "TabelaUnificada_202512_v2601221256" {
		t.Errorf("subset: %d procedures, %s", len(r.Procedures()), r.Name())
	}
	// A directory output, then a procedure the release lacks.
	if code, _, _ := runCLI("subset", "-o", filepath.Join(dir, "d"), demo, "0301010072"); code != exitOK {
		t.Errorf("directory output: exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "d", "layout.txt")); err != nil {
		t.Error(err)
	}
	if code, _, errs := runCLI("subset", "-o", filepath.Join(dir, "x.zip"), tiny, "0301010048"); code != exitNotFound || !strings.Contains(errs, "0301010048") {
		t.Errorf("unknown procedure: exit %d %q", code, errs)
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
