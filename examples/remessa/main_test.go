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
	want(t, r, exitOK, `3525100000015: válido, AIH de uso geral (5º dígito 1), UF 35, ano 25, sequência 0000001 (35.25.1.0.000.001-5)
3525112345678: válido, AIH de uso geral (5º dígito 1), UF 35, ano 25, sequência 1234567 (35.25.1.1.234.567-8)
3525100000060: válido, AIH de uso geral (5º dígito 1), UF 35, ano 25, sequência 0000006 (35.25.1.0.000.006-0)
2925800000013: válido, AIH do Agora Tem Especialistas (5º dígito 8), UF 29, ano 25, sequência 0000001 (29.25.8.0.000.001-3)
4125900001003: válido, APAC do Agora Tem Especialistas (5º dígito 9), UF 41, ano 25, sequência 0000100 (41.25.9.0.000.100-3)
3525200000014: válido, APAC de uso geral (5º dígito 2), UF 35, ano 25, sequência 0000001 (35.25.2.0.000.001-4)
5326699999995: válido, APAC de cirurgia eletiva (5º dígito 6), UF 53, ano 26, sequência 9999999 (53.26.6.9.999.999-5)
3126500000426: válido, AIH de cirurgia eletiva (5º dígito 5), UF 31, ano 26, sequência 0000042 (31.26.5.0.000.042-6)
`)
	// Every invalid vector, plus a warning-only number (valid: exit stays 0 for it alone).
	r = runCLI(t, "", "autorizacao", "validate", "3525112345679", "352511234567", "35251123456A8", "3525807281111", "1825400000017")
	want(t, r, exitInvalid, `3525112345679: inválido: dígito verificador '9', a regra dá '8'
352511234567: inválido: tamanho incorreto: 12 caracteres sem separadores, o número tem 13
35251123456A8: inválido: caracteres além dos dígitos e dos separadores . - / e espaço
3525807281111: inválido: dígito verificador '1', a regra dá '7'
1825400000017: válido, tipo desconhecido (5º dígito 4), UF 18, ano 25, sequência 0000001 (18.25.4.0.000.001-7); aviso: UF 18 não é um código de UF do IBGE (nem 99); aviso: 5º dígito 4 não corresponde a um tipo conhecido (1, 2, 3, 5, 6, 8, 9)
`)
	r = runCLI(t, "", "autorizacao", "validate", "1825400000017")
	if r.code != exitOK {
		t.Errorf("warnings must not fail: %d", r.code)
	}
	// Standard input, flags after the arguments, JSON.
	r = runCLI(t, "41.25.9.0.000.100-3\n\n3525112345679\n", "autorizacao", "validate", "-", "-json")
	want(t, r, exitInvalid, `{"input":"41.25.9.0.000.100-3","valid":true,"number":"4125900001003","formatted":"41.25.9.0.000.100-3","kind":"APAC Agora Tem Especialistas","kind_digit":9,"instrument":"APAC","programa":true,"uf":41,"year":25,"sequence":100}
{"input":"3525112345679","valid":false,"error":"dígito verificador '9', a regra dá '8'"}
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
	want(t, runCLI(t, "", "autorizacao", "mark", "-state", state, "4125900000035"), exitOK, "4125900000035: marcado como usado\n")
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
	want(t, r, exitInvalid, "3525100000015: não marcado: número fora da faixa\n4125900000047: não marcado: dígito verificador '7', a regra dá '6'\n")
	if r.stderr != "remessa autorizacao mark: nada foi gravado: corrija os números acima\n" {
		t.Errorf("stderr %q", r.stderr)
	}
	if _, err := os.Stat(state); !os.IsNotExist(err) {
		t.Errorf("state saved despite errors: %v", err)
	}
	want(t, runCLI(t, "4125900000046\n", "autorizacao", "mark", "-state", state, "-faixa", "412590000001-412590000010", "-"), exitOK,
		"4125900000046: marcado como usado\n")
}

func TestCmd(t *testing.T) {
	r := runCLI(t, "", "cmd", "validate", "123456-A-07-12-000000-1234567-5", "000001900991234560000001X", "123")
	want(t, r, exitInvalid, `123456-A-07-12-000000-1234567-5: bem formado, identificador 12, posições 12–17 iguais a 000000 (formato do componente complementar); dígito verificador não conferido (algoritmo não publicado)
000001-9-00-99-123456-0000001-X: bem formado, identificador 99, posições 12–17 diferentes de 000000 (não é número do componente complementar); dígito verificador não conferido (algoritmo não publicado)
123: inválido: tamanho incorreto: 3 caracteres, o número tem 25 (ou 31 com os hífens)
`)
	r = runCLI(t, "", "cmd", "validate", "-complementar", "000001900991234560000001X")
	want(t, r, exitInvalid, "000001900991234560000001X: inválido: as posições 12–17 devem ser 000000 no componente complementar\n")
	r = runCLI(t, "", "cmd", "validate", "-json", "123456a071200000012345675")
	want(t, r, exitOK, `{"input":"123456a071200000012345675","valid":true,"number":"123456A071200000012345675","formatted":"123456-A-07-12-000000-1234567-5","identifier":"12","zeros_12_17":true,"check_digit":"não conferido (algoritmo não publicado)"}`+"\n")

	parts := []string{"cmd", "build", "-group1", "123456", "-group2", "A", "-group3", "07", "-identifier", "12", "-group6", "1234567"}
	r = runCLI(t, "", parts...)
	if r.code != exitUsage || !strings.Contains(r.stderr, "-dv is required") {
		t.Errorf("build without -dv: %+v", r)
	}
	want(t, runCLI(t, "", append(parts, "-dv", "5")...), exitOK, "123456-A-07-12-000000-1234567-5\n")
	want(t, runCLI(t, "", append(parts, "-dv", "5", "-json")...), exitOK,
		`{"number":"123456A071200000012345675","formatted":"123456-A-07-12-000000-1234567-5","check_digit":"informado, não conferido (algoritmo não publicado)"}`+"\n")
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
		exitOK, "355030 202503 validada (revisão 1)\n")
	r := runCLI(t, "", "ledger", "record", "-state", state, "-key", "355030", "-competencia", "202505", "-status", "sent")
	want(t, r, exitOK, "355030 202505 enviada (revisão 1)\n")
	if !strings.Contains(r.stderr, "remessa ledger record: aviso: 202505 só pode ser enviada depois que 202504 for validada") {
		t.Errorf("no chronology warning: %q", r.stderr)
	}
	want(t, runCLI(t, "", "ledger", "record", "-state", state, "-key", "355030", "-competencia", "04/2025", "-status", "rejected", "-json"),
		exitOK, `{"competencia":"202504","status":"rejected","revision":1}`+"\n")
	want(t, runCLI(t, "", "ledger", "start", "-state", state, "-key", "2077485", "-competencia", "202505"), exitOK, "2077485 início 202505\n")
	r = runCLI(t, "", "ledger", "start", "-state", state, "-key", "355030", "-competencia", "202504")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "before the ledger start") {
		t.Errorf("start after records: %+v", r)
	}

	want(t, runCLI(t, "", "ledger", "status", "-state", state, "-as-of", "202506"), exitOK, `2077485 (início 202505)
  enviar primeiro: 202505 (não enviada)
  pode enviar 202506: não (202506 só pode ser enviada depois que 202505 for validada (202505: não enviada); primeiro 202505 (não enviada))
  em falta até 202506: 2 consecutivas desde 202505: alerta
355030 (início 202503)
  202503  validada     revisão 1  PACAPSAD.MAR
  202504  rejeitada    revisão 1
  202505  enviada      revisão 1
  enviar primeiro: 202504 (rejeitada)
  pode enviar 202506: não (202506 só pode ser enviada depois que 202505 for validada (202505: enviada, aguardando validação); primeiro 202504 (rejeitada, envie uma remessa corrigida))
  em falta até 202506: 3 consecutivas desde 202504: suspensão
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
	want(t, runCLI(t, "", "ledger", "status", "-state", state, "-as-of", "202506", "-key", "nobody"), exitOK, `nobody: nenhuma competência registrada
  pode enviar 202506: sim (nenhuma competência registrada para nobody: 202506 seria o início do registro)
  em falta até 202506: nenhuma
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
	want(t, r, exitInvalid, `PACAPSAD.SET: válido, id "CAPSAD", mês SET
`+filepath.Join("dir", "PAkauan-.MAR")+`: válido, id "kauan-", mês MAR; aviso: o nome "PAkauan-.MAR" indica o mês MAR, mas a competência do cabeçalho é 09/2025 (SET)
PACAPSAD.TXT: inválido: a extensão não é a abreviatura de um mês (JAN … DEZ)
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
