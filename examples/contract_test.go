// Package examples holds the test of the command-line contract that the
// five example tools (cns, bpa, sigtap, cnes, remessa) share (issue #12):
// exit statuses, help, usage errors, input sanity, output errors. The tools
// themselves are the package main of each sub-folder.
package examples

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-sus/sus/internal/cli"
)

// bins is the folder holding the tools, built once by TestMain.
var bins string

// demo is the bundled demo world (SIGTAP subset, CNES registry, BPA file).
const demo = "../remessa/remessatest/demo"

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gosus-contract")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	build := exec.Command(goCmd, "build", "-o", dir, "./cns", "./bpa", "./sigtap", "./cnes", "./remessa")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the tools: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(2)
	}
	bins = dir
	code := m.Run()
	os.RemoveAll(dir)
	if fix.dir != "" {
		os.RemoveAll(fix.dir)
	}
	os.Exit(code)
}

// fixtures are the inputs of the matrix, made once.
type fixtures struct {
	dir                                 string
	empty, random, folder, missing      string
	bpa, header                         string // a valid BPA file; its header line alone
	jsonl, prod, headerJSONL, randomTxt string // tojson output; production records only; the header record alone; text
	release, registry, sia              string
	ledger                              string // a valid ledger state file
	file                                string // an existing regular file (an output that must stay)
}

var (
	fixOnce sync.Once
	fix     fixtures
	fixErr  error
)

func getFixtures(t *testing.T) *fixtures {
	t.Helper()
	fixOnce.Do(func() { fixErr = makeFixtures() })
	if fixErr != nil {
		t.Fatal(fixErr)
	}
	return &fix
}

func makeFixtures() error {
	dir, err := os.MkdirTemp("", "gosus-fixtures")
	if err != nil {
		return err
	}
	f := &fix
	f.dir = dir
	p := func(n string) string { return filepath.Join(dir, n) }
	f.empty, f.random, f.folder, f.missing = p("empty.bpa"), p("random.bin"), p("folder"), p("missing.bpa")
	f.bpa, f.header = p("PADEMO.JAN"), p("header.bpa")
	f.jsonl, f.prod, f.headerJSONL, f.randomTxt = p("file.jsonl"), p("prod.jsonl"), p("header.jsonl"), p("text.txt")
	f.release = filepath.Join(demo, "sigtap", "TabelaUnificada_202601_v2601221740.zip")
	f.registry = filepath.Join(demo, "cnes", "202601")
	f.sia = "../remessa/testdata/sia_report_sample.txt"
	f.ledger, f.file = p("ledger.json"), p("existing.out")
	src, err := os.ReadFile(filepath.Join(demo, "bpa", "PADEMO.JAN"))
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(1, 2))
	noise := make([]byte, 4096)
	for i := range noise {
		noise[i] = byte(r.Uint32())
	}
	first, _, _ := bytes.Cut(src, []byte("\n"))
	files := map[string][]byte{f.empty: nil, f.random: noise, f.bpa: src, f.header: append(first, '\n'),
		f.randomTxt: []byte("hello\nworld\n"), f.file: []byte("previous content\n")}
	for n, b := range files {
		if err := os.WriteFile(n, b, 0o644); err != nil {
			return err
		}
	}
	if err := os.Mkdir(f.folder, 0o755); err != nil {
		return err
	}
	js, err := exec.Command(filepath.Join(bins, "bpa"), "tojson", f.bpa).Output()
	if err != nil {
		return fmt.Errorf("bpa tojson: %v", err)
	}
	lines := bytes.SplitAfter(js, []byte("\n"))
	if err := os.WriteFile(f.jsonl, js, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(f.headerJSONL, lines[0], 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(f.prod, bytes.Join(lines[1:], nil), 0o644); err != nil {
		return err
	}
	out, err := exec.Command(filepath.Join(bins, "remessa"), "ledger", "record", "-state", f.ledger, "-key", "k", "-competencia", "202601", "-status", "sent").CombinedOutput()
	if err != nil {
		return fmt.Errorf("ledger record: %v: %s", err, out)
	}
	return nil
}

// inputKind is what the input of a subcommand is, which decides the
// expected status of each bad input.
type inputKind int

const (
	inNone     inputKind = iota // no input file (values or flags only)
	inBPA                       // one BPA FILE
	inBPAList                   // a PATH list of BPA files and folders
	inJSONL                     // JSON lines (fromjson)
	inProdJSON                  // production JSON lines (build)
	inRelease                   // a SIGTAP release
	inRegistry                  // a CNES registry
	inSIA                       // a SIA consistency report
	inState                     // a state file (-state), read only
	inStateRW                   // a state file created when missing
)

// outKind is what a subcommand writes besides standard output.
type outKind int

const (
	outFile outKind = 1 << iota // a file (-o, -html)
	outDir                      // a folder replaced whole (-o DIR)
	outInto                     // a folder the outputs are written into (split -o DIR)
)

// sub describes one subcommand for the matrix.
type sub struct {
	tool  string
	words []string // "validate", or "ledger status"
	// The input goes between pre and post (or after the flag inFlag).
	pre, post []string
	in        inputKind
	inFlag    string
	// valid is a run that writes standard output (nil: none); out a run
	// writing to the output "OUT".
	valid, out []string
	outKind    outKind
	// bad are runs with bad flag values (exit 2); each may end in
	// "=WANT" naming the text stderr must hold.
	bad [][]string
	// noArgs is the status with no arguments (2 but for demo).
	noArgs int
}

// subs lists every subcommand of every tool. "F" in valid or out is a
// fresh temporary folder of the case.
func subs(f *fixtures) []sub {
	const faixa = "412590000001-412590000004"
	S, C := filepath.Join(demo, "sigtap"), filepath.Join(demo, "cnes")
	return []sub{
		{tool: "cns", words: []string{"validate"}, valid: []string{"152918759930005"},
			bad: [][]string{{"-kind", "x", "1", "=-kind"}, {"-bogus", "1", "=-bogus"}}, noArgs: 2},
		{tool: "cns", words: []string{"generate"}, valid: []string{"-kind", "cns", "-n", "3"},
			bad: [][]string{{"-kind", "cns", "-n", "-1", "=-n -1"}, {"-kind", "cns", "-n", "0", "=-n 0"}, {"-kind", "cns", "-n", "9999999", "=-n"}, {"-kind", "x", "=-kind"}}, noArgs: 2},
		{tool: "cns", words: []string{"format"}, valid: []string{"152918759930005"}, bad: [][]string{{"-x", "1", "=-x"}}, noArgs: 2},

		{tool: "bpa", words: []string{"inspect"}, in: inBPA, valid: []string{f.bpa}, noArgs: 2},
		{tool: "bpa", words: []string{"validate"}, in: inBPA, valid: []string{"-all", f.bpa},
			bad: [][]string{{"-max", "-1", f.bpa, "=-max -1"}, {"-max", "x", f.bpa, "=-max"}}, noArgs: 2},
		{tool: "bpa", words: []string{"tojson"}, in: inBPA, valid: []string{f.bpa}, noArgs: 2},
		{tool: "bpa", words: []string{"fromjson"}, in: inJSONL, valid: []string{f.jsonl}, out: []string{"-o", "OUT", f.jsonl}, outKind: outFile, noArgs: 2},
		{tool: "bpa", words: []string{"build"}, pre: []string{"-mvm", "202601"}, in: inProdJSON, valid: []string{"-mvm", "202601", f.prod},
			out: []string{"-mvm", "202601", "-o", "OUT", f.prod}, outKind: outFile,
			bad: [][]string{{"-mvm", "2025", f.prod, "=-mvm"}, {"-mvm", "202601", "-dst-in", "X", f.prod, "=-dst-in"}, {"-mvm", "202601", "-split", f.prod, "=-split"}}, noArgs: 2},
		{tool: "bpa", words: []string{"gen"}, valid: []string{"-mvm", "202601", "-n", "3"}, out: []string{"-mvm", "202601", "-n", "3", "-o", "OUT"}, outKind: outFile,
			bad: [][]string{{"-mvm", "202601", "-n", "-1", "=-n -1"}, {"-mvm", "202601", "-n", "0", "=-n 0"}, {"-mvm", "202601", "-n", "1000000", "=-n"}, {"-mvm", "x", "-n", "1", "=-mvm"}}, noArgs: 2},

		{tool: "sigtap", words: []string{"info"}, in: inRelease, valid: []string{f.release}, bad: [][]string{{"-bogus", f.release, "=-bogus"}}, noArgs: 2},
		{tool: "sigtap", words: []string{"proc"}, in: inRelease, post: []string{"0301010072"}, valid: []string{f.release, "0301010072"},
			bad: [][]string{{f.release, "03010100AA", "=03010100AA"}}, noArgs: 2},
		{tool: "sigtap", words: []string{"search"}, in: inRelease, post: []string{"consulta"}, valid: []string{f.release, "consulta"}, noArgs: 2},
		{tool: "sigtap", words: []string{"diff"}, in: inRelease, post: []string{f.release}, valid: []string{f.release, f.release}, noArgs: 2},
		{tool: "sigtap", words: []string{"subset"}, pre: []string{"-o", "F/x.zip"}, in: inRelease, post: []string{"0301010072"},
			valid: []string{"-o", "F/x.zip", f.release, "0301010072"}, out: []string{"-o", "OUT", f.release, "0301010072"}, outKind: outFile | outDir,
			bad: [][]string{{f.release, "0301010072", "=-o"}}, noArgs: 2},

		{tool: "cnes", words: []string{"info"}, in: inRegistry, valid: []string{f.registry}, noArgs: 2},
		{tool: "cnes", words: []string{"estab"}, in: inRegistry, post: []string{"9990001"}, valid: []string{f.registry, "9990001"},
			bad: [][]string{{f.registry, "99900A1", "=99900A1"}}, noArgs: 2},
		{tool: "cnes", words: []string{"prof"}, in: inRegistry, post: []string{"9990004", "950471315550733"}, valid: []string{f.registry, "9990004", "950471315550733"},
			bad: [][]string{{f.registry, "9990004", "95047131555073X", "=95047131555073X"}}, noArgs: 2},
		{tool: "cnes", words: []string{"gen"}, valid: []string{"-o", "F/gen"}, out: []string{"-o", "OUT"}, outKind: outDir,
			bad: [][]string{{"-o", "x", "-estabs", "-1", "=-estabs -1"}, {"-o", "x", "-vinculos", "-5", "=-vinculos -5"}, {"-o", "x", "-competencia", "2026", "=-competencia"}}, noArgs: 2},

		{tool: "remessa", words: []string{"demo"}, valid: []string{}, out: []string{"-html", "OUT"}, outKind: outFile, bad: [][]string{{"extra", "=extra"}}, noArgs: 0},
		{tool: "remessa", words: []string{"check"}, pre: []string{"-sigtap", S, "-cnes", C}, in: inBPAList,
			valid: []string{"-sigtap", S, "-cnes", C, f.bpa}, out: []string{"-sigtap", S, "-cnes", C, "-html", "OUT", f.bpa}, outKind: outFile,
			bad: [][]string{{"-sigtap", S, "-cnes", C, "-j", "100000", f.bpa, "=-j 100000"}, {"-sigtap", S, "-cnes", C, "-j", "-1", f.bpa, "=-j -1"},
				{"-sigtap", S, "-cnes", C, "-disable", "FOO", f.bpa, "=CBO_INCOMPATIVEL"}, {"-sigtap", S, "-cnes", C, "-competencia", "x", f.bpa, "=-competencia"},
				{"-sigtap", S, "-cnes", C, "-allow-missing", "foo", f.bpa, "=-allow-missing"}, {"-cnes", C, f.bpa, "=-sigtap"}, {"-sigtap", S, f.bpa, "=-cnes"},
				{"-sigtap", S, "-cnes", C, "-", f.bpa, "=standard input"}, {"-sigtap", f.missing, "-cnes", C, f.bpa, "=" + f.missing}}, noArgs: 2},
		{tool: "remessa", words: []string{"value"}, pre: []string{"-sigtap", S, "-cnes", C}, in: inBPAList, valid: []string{"-sigtap", S, "-cnes", C, f.bpa},
			bad: [][]string{{"-sigtap", S, "-cnes", C, "-j", "300", f.bpa, "=-j 300"}, {"-sigtap", S, "-cnes", C, "-disable", "X", f.bpa, "=-disable"}}, noArgs: 2},
		// serve never runs valid here (it would serve until stopped), and its
		// -sigtap and -cnes are data sources (exit 2 when they do not load),
		// not judged inputs: the matrix covers its help and flags;
		// examples/remessa tests the running server and its data errors.
		{tool: "remessa", words: []string{"serve"},
			bad: [][]string{{"-max-files", "-1", "=-max-files"}, {"-max-upload", "x", "=-max-upload"}, {"-demo", "-sigtap", S, "=-demo"},
				{"-addr", "127.0.0.1:0", "-sigtap", S, "=-cnes"}}, noArgs: 2},
		{tool: "remessa", words: []string{"sia-report"}, in: inSIA, valid: []string{f.sia}, noArgs: 2},
		{tool: "remessa", words: []string{"world"}, pre: []string{"-o", "F/world"}, in: inRelease, inFlag: "-sigtap",
			valid: []string{"-sigtap", f.release, "-o", "F/world", "-estabs", "2", "-lines", "50"}, out: []string{"-sigtap", f.release, "-o", "OUT", "-lines", "50"}, outKind: outDir,
			bad: [][]string{{"-sigtap", f.release, "-o", "x", "-lines", "-5", "=-lines"}, {"-sigtap", f.release, "-o", "x", "-error-rate", "2", "=-error-rate"},
				{"-sigtap", f.release, "-o", "x", "-competencia", "x", "=-competencia"}, {"-o", "x", "=-sigtap"}, {"-sigtap", f.release, "=-o"}}, noArgs: 2},
		{tool: "remessa", words: []string{"financiamento"}, pre: []string{"-sigtap", S}, in: inBPA, valid: []string{"-sigtap", S, f.bpa},
			bad: [][]string{{"-sigtap", S, "-modalidade", "M4", f.bpa, "=M4"}, {"-sigtap", S, "-fonte", "01", f.bpa, "=-fonte"}, {f.bpa, "=-sigtap"}}, noArgs: 2},
		{tool: "remessa", words: []string{"split"}, pre: []string{"-o", "F/split", "-sigtap", S}, in: inBPAList, valid: []string{"-o", "F/split", "-sigtap", S, f.bpa},
			out: []string{"-o", "OUT", "-sigtap", S, f.bpa}, outKind: outInto,
			bad: [][]string{{"-sigtap", S, f.bpa, "=-o"}, {"-o", "x", "-id-pab", "A", f.bpa, f.header, "=-id-pab"}}, noArgs: 2},
		{tool: "remessa", words: []string{"autorizacao", "validate"}, valid: []string{"3525100000015"}, bad: [][]string{{"-bogus", "1", "=-bogus"}}, noArgs: 2},
		{tool: "remessa", words: []string{"autorizacao", "next"}, pre: []string{"-faixa", faixa}, in: inStateRW, inFlag: "-state",
			valid: []string{"-state", "F/a.json", "-faixa", faixa},
			bad:   [][]string{{"-state", "x", "-n", "0", "=-n 0"}, {"-state", "x", "-faixa", "nonsense", "=nonsense"}}, noArgs: 2},
		{tool: "remessa", words: []string{"autorizacao", "mark"}, pre: []string{"-faixa", faixa}, post: []string{"4125900000013"}, in: inStateRW, inFlag: "-state",
			valid: []string{"-state", "F/a.json", "-faixa", faixa, "4125900000013"}, bad: [][]string{{"-state", "x", "-faixa", "1-2", "4125900000013", "=-faixa"}}, noArgs: 2},
		{tool: "remessa", words: []string{"cmd", "validate"}, valid: []string{"123456-A-07-12-000000-1234567-5"}, bad: [][]string{{"-nope", "1", "=-nope"}}, noArgs: 2},
		{tool: "remessa", words: []string{"cmd", "build"}, valid: []string{"-group1", "123456", "-group2", "A", "-group3", "07", "-identifier", "12", "-group6", "1234567", "-dv", "5"},
			bad: [][]string{{"-dv", "5", "=-group1"}}, noArgs: 2},
		{tool: "remessa", words: []string{"ledger", "status"}, in: inState, inFlag: "-state", valid: []string{"-state", f.ledger, "-as-of", "202602"},
			bad: [][]string{{"-state", f.ledger, "-as-of", "202613", "=-as-of"}}, noArgs: 2},
		{tool: "remessa", words: []string{"ledger", "record"}, pre: []string{"-key", "k", "-competencia", "202601", "-status", "sent"}, in: inStateRW, inFlag: "-state",
			valid: []string{"-state", "F/l.json", "-key", "k", "-competencia", "202601", "-status", "sent"},
			bad:   [][]string{{"-state", "x", "-key", "k", "-competencia", "202601", "-status", "ok", "=-status"}}, noArgs: 2},
		{tool: "remessa", words: []string{"ledger", "start"}, pre: []string{"-key", "k", "-competencia", "202601"}, in: inStateRW, inFlag: "-state",
			valid: []string{"-state", "F/l.json", "-key", "k", "-competencia", "202601"}, bad: [][]string{{"-state", "x", "-key", "k", "=-competencia"}}, noArgs: 2},
		{tool: "remessa", words: []string{"nome", "build"}, valid: []string{"-id", "CAPSAD", "-competencia", "202509"},
			bad: [][]string{{"-id", "CAPSAD", "-competencia", "x", "=-competencia"}}, noArgs: 2},
		{tool: "remessa", words: []string{"nome", "check"}, valid: []string{"PACAPSAD.SET"}, bad: [][]string{{"-competencia", "x", "PA.SET", "=-competencia"}}, noArgs: 2},
	}
}

// expect is the status and the text (besides the path) of one bad input.
type expect struct {
	code int
	text string // "" when the message varies
}

// inputCases gives, per input kind, the expected outcome of each bad
// input; a missing entry is a case that does not apply (the reason is in
// notApplicable).
func inputCases(k inputKind) map[string]expect {
	switch k {
	case inBPA:
		return map[string]expect{"missing": {2, "no such file"}, "folder": {2, "is a folder"}, "empty": {1, "empty"}, "random": {1, "not a BPA file"}, "header": {1, "only its header"}}
	case inBPAList:
		return map[string]expect{"missing": {2, "no such file"}, "folder": {1, "no BPA file in the folder"}, "empty": {1, "empty"}, "random": {1, "not a BPA file"}, "header": {1, "only its header"}}
	case inJSONL:
		return map[string]expect{"missing": {2, "no such file"}, "folder": {2, "is a folder"}, "empty": {1, "empty"}, "random": {1, ""}, "header": {1, "only a header"}}
	case inProdJSON:
		return map[string]expect{"missing": {2, "no such file"}, "folder": {2, "is a folder"}, "empty": {1, "no production record"}, "random": {1, ""}, "header": {1, "production records"}}
	case inRelease:
		return map[string]expect{"missing": {2, "no such file"}, "folder": {1, "no SIGTAP table"}, "empty": {1, ""}, "random": {1, "zip"}}
	case inRegistry:
		return map[string]expect{"missing": {2, "no such file"}, "folder": {1, "not found"}, "empty": {1, ""}, "random": {1, "zip"}}
	case inSIA:
		return map[string]expect{"missing": {2, "no such file"}, "folder": {2, "is a folder"}, "empty": {1, "not a SIA"}, "random": {1, "not a SIA"}}
	case inState, inStateRW:
		return map[string]expect{"missing": {2, ""}, "folder": {2, "not a regular file"}, "empty": {1, "JSON"}, "random": {1, "invalid character"}}
	}
	return nil
}

// notApplicable says why a case of the matrix does not apply to a kind.
func notApplicable(s sub, c string) string {
	switch {
	case s.in == inNone && (c == "missing" || c == "folder" || c == "empty" || c == "random" || c == "header"):
		return "takes no input file (values or flags)"
	case c == "header":
		return "the input is not a BPA file, so it has no header-only form"
	case c == "out":
		return "writes standard output only (covered by /dev/full)"
	case c == "stdout":
		return "writes nothing on standard output"
	}
	return ""
}

// outcome is one run of a tool.
type outcome struct {
	code           int
	stdout, stderr string
}

func runTool(t *testing.T, tool string, stdout *os.File, args ...string) outcome {
	t.Helper()
	cmd := exec.Command(filepath.Join(bins, tool), args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdout != nil {
		cmd.Stdout = stdout
	}
	cmd.Stdin = strings.NewReader("")
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s %q: %v", tool, args, err)
		}
		code = ee.ExitCode()
	}
	return outcome{code, out.String(), errb.String()}
}

// noStackTrace fails when stderr shows a Go panic or stack trace.
func noStackTrace(t *testing.T, o outcome) {
	t.Helper()
	for _, s := range []string{"panic:", "goroutine ", "runtime error", ".go:"} {
		if strings.Contains(o.stderr, s) {
			t.Errorf("stderr shows a Go stack trace (%q):\n%s", s, o.stderr)
		}
	}
}

// matrix counts the cases run and the ones left out.
var matrix struct {
	sync.Mutex
	run     int
	skipped map[string]int
}

func counted(reason string) {
	matrix.Lock()
	defer matrix.Unlock()
	if reason == "" {
		matrix.run++
		return
	}
	if matrix.skipped == nil {
		matrix.skipped = map[string]int{}
	}
	matrix.skipped[reason]++
}

// replace substitutes "F" (a fresh folder) and "OUT" in args.
func replace(args []string, folder, out string) []string {
	r := make([]string, len(args))
	for i, a := range args {
		switch {
		case a == "OUT":
			r[i] = out
		case strings.HasPrefix(a, "F/"):
			r[i] = filepath.Join(folder, a[2:])
		default:
			r[i] = a
		}
	}
	return r
}

func TestContractMatrix(t *testing.T) {
	start := time.Now()
	f := getFixtures(t)
	devFull, _ := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if devFull != nil {
		t.Cleanup(func() { devFull.Close() }) // after the parallel subtests
	}
	t.Cleanup(func() {
		matrix.Lock()
		defer matrix.Unlock()
		var reasons []string
		n := 0
		for r, c := range matrix.skipped {
			reasons = append(reasons, fmt.Sprintf("%4d  %s", c, r))
			n += c
		}
		sort.Strings(reasons)
		t.Logf("contract matrix: %d cases run, %d not applicable, in %v:\n%s", matrix.run, n, time.Since(start).Round(time.Millisecond), strings.Join(reasons, "\n"))
	})
	tools := map[string][]string{}
	for _, s := range subs(f) {
		tools[s.tool] = append(tools[s.tool], strings.Join(s.words, " "))
	}
	// The tool-level help forms.
	for tool := range tools {
		for _, args := range [][]string{nil, {"-h"}, {"--help"}, {"-help"}, {"help"}} {
			t.Run(fmt.Sprintf("%s/%s", tool, strings.Join(append([]string{"(tool)"}, args...), " ")), func(t *testing.T) {
				t.Parallel()
				counted("")
				o := runTool(t, tool, nil, args...)
				if o.code != 0 || !strings.Contains(o.stdout, "usage:\n  "+tool+" ") || !strings.Contains(o.stdout, "Exit status: 0 success; 1 the input was read") || o.stderr != "" {
					t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", o.code, o.stdout, o.stderr)
				}
			})
		}
		t.Run(tool+"/(tool) unknown-command", func(t *testing.T) {
			t.Parallel()
			counted("")
			o := runTool(t, tool, nil, "frobnicate")
			if o.code != 2 || !strings.Contains(o.stderr, tool+`: unknown command "frobnicate"`) || o.stdout != "" {
				t.Errorf("%+v", o)
			}
		})
	}
	for _, s := range subs(f) {
		name := s.tool + "/" + strings.Join(s.words, "-")
		cmdName := s.tool + " " + strings.Join(s.words, " ")
		caseRun := func(c string, fn func(t *testing.T)) {
			if r := notApplicable(s, c); r != "" && !(c == "out" && s.out != nil) && !(c == "stdout" && s.valid != nil) {
				counted(c + ": " + r)
				return
			}
			t.Run(name+"/"+c, func(t *testing.T) {
				t.Parallel()
				counted("")
				fn(t)
			})
		}
		args := func(a ...string) []string { return append(append([]string{}, s.words...), a...) }
		{
			caseRun("no-args", func(t *testing.T) {
				o := runTool(t, s.tool, nil, s.words...)
				noStackTrace(t, o)
				if o.code != s.noArgs || (s.noArgs == 2 && (!strings.Contains(o.stderr, cmdName) || !strings.Contains(o.stderr, "usage:"))) {
					t.Errorf("exit %d, want %d\nstderr:\n%s", o.code, s.noArgs, o.stderr)
				}
			})
			for _, h := range [][]string{{"-h"}, {"--help"}, append([]string{"help"}, s.words[0])} {
				caseRun(strings.Join(h, "-"), func(t *testing.T) {
					a := args(h...)
					if h[0] == "help" {
						a = h
					}
					o := runTool(t, s.tool, nil, a...)
					if o.code != 0 || !strings.HasPrefix(o.stdout, "usage:\n") || !strings.Contains(o.stdout, "\n  "+cmdName+" ") || !strings.Contains(o.stdout, "Exit status:") || o.stderr != "" {
						t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", o.code, o.stdout, o.stderr)
					}
				})
			}
			for i, b := range s.bad {
				caseRun(fmt.Sprintf("bad-flag-%d", i+1), func(t *testing.T) {
					want := ""
					if n := len(b); n > 0 && strings.HasPrefix(b[n-1], "=") {
						want, b = b[n-1][1:], b[:n-1]
					}
					o := runTool(t, s.tool, nil, args(b...)...)
					noStackTrace(t, o)
					if o.code != 2 || !strings.Contains(o.stderr, cmdName+": ") || !strings.Contains(o.stderr, want) || o.stdout != "" {
						t.Errorf("args %q: exit %d, want 2 and %q in stderr\nstderr:\n%s", b, o.code, want, o.stderr)
					}
				})
			}
		}
		inputs := map[string]string{"missing": f.missing, "folder": f.folder, "empty": f.empty, "random": f.random, "header": f.header}
		switch s.in {
		case inJSONL, inProdJSON:
			inputs["header"] = f.headerJSONL
		case inStateRW:
			inputs["missing"] = filepath.Join(f.missing, "state.json") // cannot be created
		}
		exp := inputCases(s.in)
		for _, c := range []string{"missing", "folder", "empty", "random", "header"} {
			e, ok := exp[c]
			if !ok {
				caseRun(c, nil)
				continue
			}
			caseRun(c, func(t *testing.T) {
				path := inputs[c]
				var a []string
				if s.inFlag != "" {
					a = args(append(append([]string{s.inFlag, path}, s.pre...), s.post...)...)
				} else {
					a = args(append(append(append([]string{}, s.pre...), path), s.post...)...)
				}
				a = replace(a, t.TempDir(), "")
				o := runTool(t, s.tool, nil, a...)
				noStackTrace(t, o)
				if o.code != e.code || !strings.Contains(o.stderr, path) || !strings.Contains(o.stderr, e.text) {
					t.Errorf("args %q: exit %d, want %d, the path and %q in stderr\nstderr:\n%s", a, o.code, e.code, e.text, o.stderr)
				}
				if strings.Count(o.stderr, "\n") > 3 {
					t.Errorf("more than one clear line on stderr:\n%s", o.stderr)
				}
				if len(o.stdout) > 4096 {
					t.Errorf("%d bytes of report for a bad input", len(o.stdout))
				}
			})
		}
		caseRun("out", func(t *testing.T) {
			dir := t.TempDir()
			foreign := filepath.Join(dir, "foreign")
			os.Mkdir(foreign, 0o755)
			os.WriteFile(filepath.Join(foreign, "mine.txt"), []byte("mine"), 0o644)
			targets := map[string]string{}
			if s.outKind&outFile != 0 {
				targets["no-folder"] = filepath.Join(f.missing, "x.out")
				targets["folder"] = f.folder
				if runtime.GOOS == "linux" {
					targets["device"] = "/dev/null"
				}
			}
			if s.outKind&(outDir|outInto) != 0 {
				targets["file-as-folder"] = f.file
				targets["under-a-file"] = filepath.Join(f.file, "x")
			}
			if s.outKind&outDir != 0 {
				targets["foreign-folder"] = foreign
			}
			if s.tool == "sigtap" { // a .zip name is a ZIP file, any other a folder
				targets["no-folder"] += ".zip"
				targets["folder"] = filepath.Join(dir, "afolder.zip")
				os.Mkdir(targets["folder"], 0o755)
			}
			for what, target := range targets {
				o := runTool(t, s.tool, nil, replace(args(s.out...), dir, target)...)
				noStackTrace(t, o)
				if o.code != 2 || !strings.Contains(o.stderr, target) {
					t.Errorf("%s output %s: exit %d, want 2 naming it\nstderr:\n%s", what, target, o.code, o.stderr)
				}
			}
			if b, _ := os.ReadFile(f.file); string(b) != "previous content\n" {
				t.Errorf("an existing file was changed: %q", b)
			}
			if b, _ := os.ReadFile(filepath.Join(foreign, "mine.txt")); string(b) != "mine" {
				t.Errorf("a foreign folder was changed")
			}
			leftovers(t, dir, f.dir)
		})
		caseRun("stdout", func(t *testing.T) {
			if devFull == nil {
				t.Skip("no /dev/full")
			}
			a := replace(args(s.valid...), t.TempDir(), "")
			o := runTool(t, s.tool, devFull, a...)
			noStackTrace(t, o)
			if o.code != 2 || !strings.Contains(o.stderr, "no space left on device") || !strings.Contains(o.stderr, cmdName+": ") {
				t.Errorf("args %q > /dev/full: exit %d, want 2\nstderr:\n%s", a, o.code, o.stderr)
			}
		})
	}
}

// leftovers fails when a folder holds temporary files of the atomic
// writers.
func leftovers(t *testing.T, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		es, _ := os.ReadDir(d)
		for _, e := range es {
			if cli.IsTempName(e.Name()) {
				t.Errorf("temporary file left behind: %s", filepath.Join(d, e.Name()))
			}
		}
	}
}

// TestFailureKeepsPreviousOutput runs writers that fail on their input and
// checks that the file they would have replaced is intact and that no
// temporary file is left.
func TestFailureKeepsPreviousOutput(t *testing.T) {
	f := getFixtures(t)
	S, C := filepath.Join(demo, "sigtap"), filepath.Join(demo, "cnes")
	for _, tc := range []struct {
		tool string
		args []string
		code int
	}{
		{"bpa", []string{"fromjson", "-o", "OUT", f.random}, 1},
		{"bpa", []string{"fromjson", "-o", "OUT", f.headerJSONL}, 1},
		{"bpa", []string{"build", "-mvm", "202601", "-o", "OUT", f.random}, 1},
		{"sigtap", []string{"subset", "-o", "OUT.zip", f.release, "0101010010"}, 1},
		{"remessa", []string{"check", "-sigtap", S, "-cnes", C, "-html", "OUT", f.random}, 1},
		{"remessa", []string{"split", "-strict", "-o", "DIR", "-sigtap", S, f.bpa}, 1},
	} {
		t.Run(tc.tool+"-"+tc.args[0], func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			for _, n := range []string{out, out + ".zip", filepath.Join(dir, "PADEMOPV.JAN")} {
				os.WriteFile(n, []byte("previous content\n"), 0o644)
			}
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.NewReplacer("OUT", out, "DIR", dir).Replace(a)
			}
			o := runTool(t, tc.tool, nil, args...)
			noStackTrace(t, o)
			if o.code != tc.code {
				t.Errorf("exit %d, want %d\n%s", o.code, tc.code, o.stderr)
			}
			es, _ := os.ReadDir(dir)
			for _, e := range es {
				b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
				if string(b) != "previous content\n" {
					t.Errorf("%s: %q (a failed run changed or added it)", e.Name(), b)
				}
			}
			if len(es) != 3 {
				t.Errorf("files in the output folder: %d, want the 3 previous ones", len(es))
			}
		})
	}
}

// TestInterruptKeepsPreviousOutput interrupts long writers (SIGINT,
// SIGTERM) and checks the status, the message, the previous output and
// that no temporary file remains.
func TestInterruptKeepsPreviousOutput(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to another process on Windows")
	}
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			out := filepath.Join(dir, "PATESTE.JAN")
			os.WriteFile(out, []byte("previous content\n"), 0o644)
			cmd := exec.Command(filepath.Join(bins, "bpa"), "gen", "-mvm", "202601", "-n", "999999", "-o", out)
			var errb bytes.Buffer
			cmd.Stderr = &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Wait until the temporary file exists.
			deadline := time.Now().Add(10 * time.Second)
			for time.Now().Before(deadline) {
				if es, _ := os.ReadDir(dir); len(es) == 2 {
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
			time.Sleep(50 * time.Millisecond)
			cmd.Process.Signal(sig)
			err := cmd.Wait()
			ee, ok := err.(*exec.ExitError)
			if !ok || ee.ExitCode() != 2 || !strings.Contains(errb.String(), "bpa: interrupted") {
				t.Errorf("exit %v, stderr %q", err, errb.String())
			}
			if b, _ := os.ReadFile(out); string(b) != "previous content\n" {
				t.Errorf("output changed: %d bytes", len(b))
			}
			leftovers(t, dir)
			if es, _ := os.ReadDir(dir); len(es) != 1 {
				t.Errorf("files left: %v", es)
			}
		})
	}
}

// TestProgress checks that progress goes to a terminal only: nothing on a
// pipe, a line ending at 100 % on a pseudo-terminal (through script(1),
// when the system has it).
func TestProgress(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "PATESTE.JAN")
	o := runTool(t, "bpa", nil, "gen", "-mvm", "202601", "-n", "100000", "-o", out)
	if o.code != 0 || o.stderr != "" {
		t.Errorf("stderr not a terminal: exit %d, stderr %q", o.code, o.stderr)
	}
	script, err := exec.LookPath("script")
	if err != nil || runtime.GOOS != "linux" {
		t.Skip("no script(1) to run a command on a pseudo-terminal")
	}
	// gen of 100 000 lines takes about a second: longer than the delay
	// before the progress line shows.
	cmd := exec.Command(script, "-qec", filepath.Join(bins, "bpa")+" gen -mvm 202601 -n 100000 -o "+out, "/dev/null")
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	s := string(b)
	if !strings.Contains(s, "gen: 100 000 lines (100 %)") || !strings.Contains(s, "lines/s") {
		t.Errorf("terminal output %q", s)
	}
}

// TestMatrixCoversEverySubcommand fails when a tool has a subcommand (as
// its usage lists them) that the contract matrix does not run: a new
// subcommand needs its sub entry.
func TestMatrixCoversEverySubcommand(t *testing.T) {
	f := getFixtures(t)
	have := map[string]bool{}
	tools := map[string]bool{}
	for _, s := range subs(f) {
		have[s.tool+" "+strings.Join(s.words, " ")] = true
		tools[s.tool] = true
	}
	for tool := range tools {
		o := runTool(t, tool, nil)
		for _, line := range strings.Split(o.stdout, "\n") {
			w := strings.Fields(line)
			if !strings.HasPrefix(line, "  "+tool+" ") || len(w) < 2 || w[1] == "help" {
				continue
			}
			name := tool + " " + w[1]
			if len(w) > 2 && !strings.HasPrefix(w[2], "-") && strings.Trim(w[2], "abcdefghijklmnopqrstuvwxyz-") == "" {
				name += " " + w[2] // a sub-subcommand ("ledger status")
			}
			if !have[name] {
				t.Errorf("%q is not in the contract matrix: add its sub entry to subs()", name)
			}
		}
	}
}
