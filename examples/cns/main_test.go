package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestValidate(t *testing.T) {
	code, out, _ := runCLI("validate", "152 9187 5993 0005", "706517680954096", "57462740206", "12.ABC.345/01DE-35",
		"11222333000181", "2569302", "0002489848", "02.04.03.018-8", "0301010072")
	if code != 0 {
		t.Errorf("exit %d\n%s", code, out)
	}
	want := "152 9187 5993 0005\tvalid\tcns-definitive\n" +
		"706517680954096\tvalid\tcns-provisional\n" +
		"57462740206\tvalid\tcpf\n" +
		"12.ABC.345/01DE-35\tvalid\tcnpj-alnum\n" +
		"11222333000181\tvalid\tcnpj\n" +
		"2569302\tvalid\tcnes\n" +
		"0002489848\tvalid\tine\n" +
		"02.04.03.018-8\tvalid\tpa\n" +
		"0301010072\tvalid\tpa\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestValidateInvalid(t *testing.T) {
	code, out, _ := runCLI("validate", "152918759930006", "11111111111", "123", "02.04.03.018-9")
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	want := "152918759930006\tinvalid\tcns: check digit mismatch\n" +
		"11111111111\tinvalid\tcpf: all digits equal\n" +
		"123\tinvalid\tcannot tell the kind of a value of 3 characters\n" +
		"02.04.03.018-9\tinvalid\tprocedimento: check digit mismatch\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestValidateKindAndJSON(t *testing.T) {
	code, out, _ := runCLI("validate", "-kind", "cpf", "-json", "57462740206", "57462740207")
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("lines: %q", out)
	}
	var r result
	if err := json.Unmarshal([]byte(lines[1]), &r); err != nil || r.Valid || r.Reason != "cpf: check digit mismatch" {
		t.Errorf("json line %q: %v", lines[1], err)
	}
	// flags after values work too
	if code, out, _ := runCLI("validate", "0002489848", "-kind", "ine"); code != 0 || !strings.Contains(out, "valid\tine") {
		t.Errorf("interspersed flags: %d %q", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"bogus"}, {"validate"}, {"validate", "-kind", "x", "1"}, {"generate"}, {"generate", "-kind", "cns", "-n", "-1"}, {"format"}} {
		if code, _, _ := runCLI(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestGenerateDeterministicAndValid(t *testing.T) {
	for kind, check := range map[string]func(string) error{
		"cns":             func(s string) error { _, err := cns.ParseCNS(s); return err },
		"cns-provisional": func(s string) error { c, err := cns.ParseCNS(s); _ = c; return err },
		"cpf":             func(s string) error { _, err := cns.ParseCPF(s); return err },
		"cnpj":            func(s string) error { _, err := cnes.ParseCNPJ(s); return err },
		"cnpj-alnum":      func(s string) error { _, err := cnes.ParseCNPJ(s); return err },
	} {
		code, a, _ := runCLI("generate", "-kind", kind, "-n", "50", "-seed", "7")
		_, b, _ := runCLI("generate", "-kind", kind, "-n", "50", "-seed", "7")
		if code != 0 || a != b {
			t.Errorf("%s: exit %d or not deterministic", kind, code)
		}
		lines := strings.Split(strings.TrimSpace(a), "\n")
		if len(lines) != 50 {
			t.Errorf("%s: %d lines", kind, len(lines))
		}
		for _, l := range lines {
			if err := check(l); err != nil {
				t.Errorf("%s: generated %q invalid: %v", kind, l, err)
			}
		}
	}
}

func TestFormat(t *testing.T) {
	code, out, _ := runCLI("format", "152918759930005", "57462740206", "12ABC34501DE35", "0204030188")
	want := "152 9187 5993 0005\n574.627.402-06\n12.ABC.345/01DE-35\n02.04.03.018-8\n"
	if code != 0 || out != want {
		t.Errorf("exit %d\n%s", code, out)
	}
	if code, _, errOut := runCLI("format", "152918759930006"); code != 1 || !strings.Contains(errOut, "check digit") {
		t.Errorf("invalid format: %d %q", code, errOut)
	}
	_ = sigtap.Code{}
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
