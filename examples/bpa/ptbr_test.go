package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sus/sus/internal/ptbr"
)

// demoBPA is the demo month of the bundled world, with planted errors.
const demoBPA = "../../remessa/remessatest/demo/bpa/PADEMO.JAN"

// TestOutputIsPortuguese runs the report-producing subcommands (inspect,
// validate, validate -json) on the demo month of the bundled world and on
// damaged copies of it (LF line ends, an unreadable line, wrong header
// totals, a letter in a numeric field), and fails when a report holds an
// English word.
func TestOutputIsPortuguese(t *testing.T) {
	// The detector catches what the tool printed before the translation,
	// so this test can fail.
	if ptbr.Lines("records: 01=1 02=4 03=43 bad=0\nlines: declared 47, counted 47 ok\n3 problems in 48 lines, per code:\n") == "" {
		t.Fatal("internal/ptbr does not catch the former English output")
	}
	demo, err := os.ReadFile(demoBPA)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	lines := strings.Split(string(demo), "\r\n")
	digits := append([]string(nil), lines...)
	digits[1] = digits[1][:20] + "X" + digits[1][21:] // a letter in a numeric field
	totals := append([]string(nil), lines...)
	totals[0] = totals[0][:13] + "000099" + totals[0][19:] // cbc_lin
	files := []string{
		demoBPA,
		write("PALF.JAN", strings.ReplaceAll(string(demo), "\r\n", "\n")+"03XYZ\n"),
		write("PADIGITS.JAN", strings.Join(digits, "\r\n")),
		write("PATOTALS.JAN", strings.Join(totals, "\r\n")),
	}
	for _, f := range files {
		if f == files[3] {
			f = "-" // standard input, named in the report
		}
		for _, args := range [][]string{
			{"inspect", f},
			{"validate", f},
			{"validate", "-max", "0", f},
			{"validate", "-all", f},
			{"validate", "-json", f},
		} {
			stdin := ""
			if f == "-" {
				stdin = strings.Join(totals, "\r\n")
			}
			code, out, errOut := runCLI(t, stdin, args...)
			if code == 2 || strings.TrimSpace(out) == "" {
				t.Errorf("%v: exit %d, no report\n%s", args, code, errOut)
				continue
			}
			if args[1] == "-json" {
				m, err := ptbr.JSONMessages(out, "message", "facts")
				if err != nil {
					t.Fatalf("%v\n%s", err, out)
				}
				out = m
			}
			if en := ptbr.Lines(out); en != "" {
				t.Errorf("bpa %s: English in the output:\n%s", strings.Join(args, " "), en)
			}
		}
	}
}
