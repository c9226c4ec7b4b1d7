package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return result{code, out.String(), errb.String()}
}

func want(t *testing.T, r result, code int, stdout string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
	if diff := cmp.Diff(stdout, r.stdout); diff != "" {
		t.Errorf("stdout (-want +got):\n%s", diff)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"bogus"}, {"autorizacao"}, {"autorizacao", "bogus"}, {"help", "bogus"},
		{"autorizacao", "validate"}, {"autorizacao", "validate", "-nope", "1"}, {"cmd", "validate"}, {"ledger"}, {"nome", "check"}} {
		r := runCLI(t, "", args...)
		if r.code != exitUsage || r.stdout != "" || !strings.Contains(r.stderr, "usage:") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
	r := runCLI(t, "", "help")
	if r.code != exitOK || !strings.Contains(r.stdout, "remessa autorizacao validate") || !strings.Contains(r.stdout, "remessa ledger status") {
		t.Errorf("help: %d %q", r.code, r.stdout)
	}
	r = runCLI(t, "", "help", "cmd")
	if r.code != exitOK || !strings.Contains(r.stdout, "NOT checked") || strings.Contains(r.stdout, "ledger") {
		t.Errorf("help cmd: %q", r.stdout)
	}
}

func TestRegisterTwicePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	register("ledger", command{})
}

func TestParseInterspersed(t *testing.T) {
	fs := flag.NewFlagSet("x y", flag.ContinueOnError)
	j := fs.Bool("json", false, "")
	pos, err := parse(fs, []string{"a", "-json", "b", "-", "--", "-c"})
	if err != nil || !*j || !cmp.Equal(pos, []string{"a", "b", "-", "-c"}) {
		t.Errorf("parse = %q, %v, json=%v", pos, err, *j)
	}
}

func TestAutorizacaoValidate(t *testing.T) {
	// Every valid vector of docs/identifiers.md §5.3.
	r := runCLI(t, "", "autorizacao", "validate", "3525100000015", "3525112345678", "3525100000060", "2925800000013",
		"4125900001003", "3525200000014", "5326699999995", "3126500000426")
	want(t, r, exitOK, `3525100000015: valid AIH general use (5th digit 1), UF 35, year 25, sequence 0000001 (35.25.1.0.000.001-5)
3525112345678: valid AIH general use (5th digit 1), UF 35, year 25, sequence 1234567 (35.25.1.1.234.567-8)
3525100000060: valid AIH general use (5th digit 1), UF 35, year 25, sequence 0000006 (35.25.1.0.000.006-0)
2925800000013: valid AIH Agora Tem Especialistas (5th digit 8), UF 29, year 25, sequence 0000001 (29.25.8.0.000.001-3)
4125900001003: valid APAC Agora Tem Especialistas (5th digit 9), UF 41, year 25, sequence 0000100 (41.25.9.0.000.100-3)
3525200000014: valid APAC general use (5th digit 2), UF 35, year 25, sequence 0000001 (35.25.2.0.000.001-4)
5326699999995: valid APAC elective surgery (5th digit 6), UF 53, year 26, sequence 9999999 (53.26.6.9.999.999-5)
3126500000426: valid AIH elective surgery (5th digit 5), UF 31, year 26, sequence 0000042 (31.26.5.0.000.042-6)
`)
	// Every invalid vector, plus a warning-only number (valid: exit stays 0 for it alone).
	r = runCLI(t, "", "autorizacao", "validate", "3525112345679", "352511234567", "35251123456A8", "3525807281111", "1825400000017")
	want(t, r, exitInvalid, `3525112345679: invalid: check digit is '9', the rule gives '8'
352511234567: invalid: wrong length: 12 characters without separators, want 13
35251123456A8: invalid: characters other than digits and the separators . - / and space
3525807281111: invalid: check digit is '1', the rule gives '7'
1825400000017: valid unknown kind (5th digit 4), UF 18, year 25, sequence 0000001 (18.25.4.0.000.001-7); warning: UF 18 is not an IBGE UF code (nor 99); warning: 5th digit 4 is not a known kind (1, 2, 3, 5, 6, 8, 9)
`)
	r = runCLI(t, "", "autorizacao", "validate", "1825400000017")
	if r.code != exitOK {
		t.Errorf("warnings must not fail: %d", r.code)
	}
	// Standard input, flags after the arguments, JSON.
	r = runCLI(t, "41.25.9.0.000.100-3\n\n3525112345679\n", "autorizacao", "validate", "-", "-json")
	want(t, r, exitInvalid, `{"input":"41.25.9.0.000.100-3","valid":true,"number":"4125900001003","formatted":"41.25.9.0.000.100-3","kind":"APAC Agora Tem Especialistas","kind_digit":9,"instrument":"APAC","programa":true,"uf":41,"year":25,"sequence":100}
{"input":"3525112345679","valid":false,"error":"check digit is '9', the rule gives '8'"}
`)
}

func TestAutorizacaoNext(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "faixa.json")
	r := runCLI(t, "", "autorizacao", "next", "-state", state)
	if r.code != exitUsage || !strings.Contains(r.stderr, "-faixa") {
		t.Errorf("missing -faixa: %+v", r)
	}
	want(t, runCLI(t, "", "autorizacao", "next", "-faixa", "412590000001-412590000004", "-state", state, "-n", "2"), exitOK,
		"4125900000013\n4125900000024\n")
	b, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("{\n  \"faixa\": \"4125900000013-4125900000046\",\n  \"next\": \"4125900000035\"\n}\n", string(b)); diff != "" {
		t.Errorf("state file (-want +got):\n%s", diff)
	}
	// The faixa comes from the state now; a different -faixa is refused.
	r = runCLI(t, "", "autorizacao", "next", "-state", state, "-faixa", "412590000001-412590000009")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "holds faixa") {
		t.Errorf("faixa mismatch: %+v", r)
	}
	// Mark number 3 used (imported): next skips it.
	want(t, runCLI(t, "", "autorizacao", "mark", "-state", state, "4125900000035"), exitOK, "4125900000035: marked used\n")
	want(t, runCLI(t, "", "autorizacao", "next", "-state", state, "-json"), exitOK,
		`{"faixa":"4125900000013-4125900000046","numbers":["4125900000046"],"remaining":0}`+"\n")
	r = runCLI(t, "", "autorizacao", "next", "-state", state)
	if r.code != exitInvalid || r.stdout != "" || !strings.Contains(r.stderr, "faixa exhausted") {
		t.Errorf("exhausted: %+v", r)
	}
	// No temporary files are left behind; the lock file stays, empty.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 || entries[0].Name() != "faixa.json" || entries[1].Name() != "faixa.json.lock" {
		t.Errorf("files left in the state directory: %v", entries)
	}
	// A lock held by another run makes a second one wait, then fail.
	if runtime.GOOS != "aix" && runtime.GOOS != "solaris" { // fcntl locks do not exclude their own process
		unlock, err := lockState(state)
		if err != nil {
			t.Fatal(err)
		}
		defer func(d time.Duration) { lockTimeout = d }(lockTimeout)
		lockTimeout = 100 * time.Millisecond
		r = runCLI(t, "", "autorizacao", "next", "-state", state)
		if r.code != exitError || !strings.Contains(r.stderr, "state file "+state+" is locked") {
			t.Errorf("locked: %+v", r)
		}
		unlock()
	}
	for _, args := range [][]string{
		{"autorizacao", "next", "-faixa", "412590000001-412590000004"},
		{"autorizacao", "next", "-state", state, "-n", "0"},
		{"autorizacao", "next", "-state", state, "extra"},
		{"autorizacao", "mark", "4125900000013"},
		{"autorizacao", "mark", "-state", state},
	} {
		if r := runCLI(t, "", args...); r.code != exitUsage {
			t.Errorf("%q: exit %d", args, r.code)
		}
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"faixa":"x"}`), 0o644)
	if r := runCLI(t, "", "autorizacao", "next", "-state", bad); r.code != exitInvalid || !strings.Contains(r.stderr, "bad.json") {
		t.Errorf("corrupt state: %+v", r)
	}
	if r := runCLI(t, "", "autorizacao", "next", "-state", state, "-faixa", "nonsense"); r.code != exitUsage {
		t.Errorf("bad -faixa: %+v", r)
	}
}

func TestAutorizacaoMarkAllOrNothing(t *testing.T) {
	state := filepath.Join(t.TempDir(), "s.json")
	r := runCLI(t, "", "autorizacao", "mark", "-state", state, "-faixa", "412590000001-412590000010", "4125900000046", "3525100000015", "4125900000047")
	want(t, r, exitInvalid, "3525100000015: not marked: number outside the faixa\n4125900000047: not marked: check digit is '7', the rule gives '6'\n")
	if _, err := os.Stat(state); !os.IsNotExist(err) {
		t.Errorf("state saved despite errors: %v", err)
	}
	want(t, runCLI(t, "4125900000046\n", "autorizacao", "mark", "-state", state, "-faixa", "412590000001-412590000010", "-"), exitOK,
		"4125900000046: marked used\n")
}

func TestCmd(t *testing.T) {
	r := runCLI(t, "", "cmd", "validate", "123456-A-07-12-000000-1234567-5", "000001900991234560000001X", "123")
	want(t, r, exitInvalid, `123456-A-07-12-000000-1234567-5: well formed, identifier 12, positions 12–17 are 000000 (complementary component layout); check digit not checked (algorithm not published)
000001-9-00-99-123456-0000001-X: well formed, identifier 99, positions 12–17 are not 000000 (not a complementary component number); check digit not checked (algorithm not published)
123: invalid: wrong length: 3 characters, want 25 (or 31 with hyphens)
`)
	r = runCLI(t, "", "cmd", "validate", "-complementar", "000001900991234560000001X")
	want(t, r, exitInvalid, "000001900991234560000001X: invalid: positions 12–17 must be 000000 for the complementary component\n")
	r = runCLI(t, "", "cmd", "validate", "-json", "123456a071200000012345675")
	want(t, r, exitOK, `{"input":"123456a071200000012345675","valid":true,"number":"123456A071200000012345675","formatted":"123456-A-07-12-000000-1234567-5","identifier":"12","zeros_12_17":true,"check_digit":"not checked (algorithm not published)"}`+"\n")

	parts := []string{"cmd", "build", "-group1", "123456", "-group2", "A", "-group3", "07", "-identifier", "12", "-group6", "1234567"}
	r = runCLI(t, "", parts...)
	if r.code != exitUsage || !strings.Contains(r.stderr, "-dv is required") {
		t.Errorf("build without -dv: %+v", r)
	}
	want(t, runCLI(t, "", append(parts, "-dv", "5")...), exitOK, "123456-A-07-12-000000-1234567-5\n")
	want(t, runCLI(t, "", append(parts, "-dv", "5", "-json")...), exitOK,
		`{"number":"123456A071200000012345675","formatted":"123456-A-07-12-000000-1234567-5","check_digit":"given, not verified (algorithm not published)"}`+"\n")
	r = runCLI(t, "", append(parts, "-dv", "5", "-group5", "12345")...)
	if r.code != exitInvalid || !strings.Contains(r.stderr, "group 5 (positions 12–17, 6 digits): wrong length") {
		t.Errorf("bad group: %+v", r)
	}
	if r := runCLI(t, "", "cmd", "build", "-dv", "5"); r.code != exitUsage {
		t.Errorf("missing groups: %+v", r)
	}
}

func TestLedger(t *testing.T) {
	state := filepath.Join(t.TempDir(), "ledger.json")
	if r := runCLI(t, "", "ledger", "status", "-state", state); r.code != exitError {
		t.Errorf("status of a missing file: %+v", r)
	}
	want(t, runCLI(t, "", "ledger", "record", "-state", state, "-key", "355030", "-competencia", "202503", "-status", "validated", "-note", "PACAPSAD.MAR"),
		exitOK, "355030 202503 validated (revision 1)\n")
	r := runCLI(t, "", "ledger", "record", "-state", state, "-key", "355030", "-competencia", "202505", "-status", "sent")
	want(t, r, exitOK, "355030 202505 sent (revision 1)\n")
	if !strings.Contains(r.stderr, "warning: 202505 só pode ser enviada depois que 202504 for validada") {
		t.Errorf("no chronology warning: %q", r.stderr)
	}
	want(t, runCLI(t, "", "ledger", "record", "-state", state, "-key", "355030", "-competencia", "04/2025", "-status", "rejected", "-json"),
		exitOK, `{"competencia":"202504","status":"rejected","revision":1}`+"\n")
	want(t, runCLI(t, "", "ledger", "start", "-state", state, "-key", "2077485", "-competencia", "202505"), exitOK, "2077485 start 202505\n")
	r = runCLI(t, "", "ledger", "start", "-state", state, "-key", "355030", "-competencia", "202504")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "before the ledger start") {
		t.Errorf("start after records: %+v", r)
	}

	want(t, runCLI(t, "", "ledger", "status", "-state", state, "-as-of", "202506"), exitOK, `2077485 (start 202505)
  must send first: 202505 (not sent)
  may send 202506: no (202506 só pode ser enviada depois que 202505 for validada (202505: não enviada); primeiro 202505 (não enviada))
  missing as of 202506: 2 consecutive from 202505: warning
355030 (start 202503)
  202503  validated  revision 1  PACAPSAD.MAR
  202504  rejected   revision 1
  202505  sent       revision 1
  must send first: 202504 (rejected)
  may send 202506: no (202506 só pode ser enviada depois que 202505 for validada (202505: enviada, aguardando validação); primeiro 202504 (rejeitada, envie uma remessa corrigida))
  missing as of 202506: 3 consecutive from 202504: suspension
`)
	r = runCLI(t, "", "ledger", "status", "-state", state, "-as-of", "202504", "-key", "355030", "-json")
	var s struct {
		Key     string `json:"key"`
		MaySend struct {
			Allowed bool `json:"allowed"`
		} `json:"may_send"`
		Gap struct {
			Missing int    `json:"missing"`
			Level   string `json:"level"`
		} `json:"gap"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil || s.Key != "355030" || !s.MaySend.Allowed || s.Gap.Missing != 1 || s.Gap.Level != "ok" {
		t.Errorf("status -json: %v %+v\n%s", err, s, r.stdout)
	}
	want(t, runCLI(t, "", "ledger", "status", "-state", state, "-as-of", "202506", "-key", "nobody"), exitOK, `nobody: no competência recorded
  may send 202506: yes (nenhuma competência registrada para nobody: 202506 seria o início do registro)
  missing as of 202506: none
`)
	for _, args := range [][]string{
		{"ledger", "record", "-state", state, "-key", "k", "-competencia", "202513", "-status", "sent"},
		{"ledger", "record", "-state", state, "-key", "k", "-competencia", "202501", "-status", "ok"},
		{"ledger", "record", "-state", state, "-key", "k", "-competencia", "202501", "-status", "not_sent"},
		{"ledger", "record", "-state", state, "-competencia", "202501", "-status", "sent"},
		{"ledger", "record", "-state", state, "-key", "k", "-status", "sent"},
		{"ledger", "status", "-as-of", "202501"},
		{"ledger", "status", "-state", state, "x"},
		{"ledger", "start", "-state", state, "-key", "k"},
		{"ledger", "bogus"},
	} {
		if r := runCLI(t, "", args...); r.code != exitUsage {
			t.Errorf("%q: exit %d (%s)", args, r.code, r.stderr)
		}
	}
	// An invalid key is refused by the library (exit 1), the file is untouched.
	before, _ := os.ReadFile(state)
	if r := runCLI(t, "", "ledger", "record", "-state", state, "-key", strings.Repeat("k", 70), "-competencia", "202501", "-status", "sent"); r.code != exitInvalid {
		t.Errorf("long key: %+v", r)
	}
	after, _ := os.ReadFile(state)
	if !bytes.Equal(before, after) {
		t.Error("state changed by a failed record")
	}
}

func TestNome(t *testing.T) {
	want(t, runCLI(t, "", "nome", "build", "-id", "CAPSAD", "-competencia", "202509"), exitOK, "PACAPSAD.SET\n")
	if r := runCLI(t, "", "nome", "build", "-id", "TOO-LONG-ID", "-competencia", "202509"); r.code != exitInvalid {
		t.Errorf("long id: %+v", r)
	}
	if r := runCLI(t, "", "nome", "build", "-id", "CAPSAD"); r.code != exitUsage {
		t.Errorf("missing competência: %+v", r)
	}
	r := runCLI(t, "", "nome", "check", "PACAPSAD.SET", filepath.Join("dir", "PAkauan-.MAR"), "PACAPSAD.TXT", "-competencia", "202509")
	want(t, r, exitInvalid, `PACAPSAD.SET: valid, id "CAPSAD", month SET
`+filepath.Join("dir", "PAkauan-.MAR")+`: valid, id "kauan-", month MAR; warning: file name "PAkauan-.MAR" names month MAR but the header competência is 09/2025 (SET)
PACAPSAD.TXT: invalid: extension is not a Portuguese month abbreviation (JAN … DEZ)
`)
	want(t, runCLI(t, "", "nome", "check", "-json", "PACAPSAD.SET"), exitOK, `{"input":"PACAPSAD.SET","valid":true,"id":"CAPSAD","month":"SET"}`+"\n")
}

func TestHelpExplainsEveryFlag(t *testing.T) {
	for _, p := range app.HelpProblems(func(args []string) (int, string) {
		r := runCLI(t, "", args...)
		return r.code, r.stdout
	}) {
		t.Error(p)
	}
}
