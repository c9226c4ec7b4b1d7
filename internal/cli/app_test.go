package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// testApp is a tool with one subcommand of each shape.
func testApp() *App {
	a := &App{Name: "tool", Notes: "notes line\n"}
	a.Register("echo", Command{Usage: "echo [-upper] [-n N] WORD...\n    Print the words. -upper upper-cases them; -n N repeats them.\n",
		Run: func(e *Env, args []string) int {
			fs := e.Flags("echo")
			upper := fs.Bool("upper", false, "")
			n := fs.Int("n", 1, "")
			words, code := e.Parse(fs, args)
			if code != Proceed {
				return code
			}
			if len(words) == 0 {
				return e.UsageError("no WORD given")
			}
			if *n < 1 {
				return e.UsageError("-n %d: want 1 or more", *n)
			}
			s := strings.Join(words, " ")
			if *upper {
				s = strings.ToUpper(s)
			}
			for range *n {
				fmt.Fprintln(e.Stdout, s)
			}
			return ExitOK
		}})
	a.Register("hidden", Command{Usage: "hidden [-x]\n    Takes a flag it does not explain.\n",
		Run: func(e *Env, args []string) int {
			fs := e.Flags("hidden")
			fs.Bool("x", false, "")
			fs.Bool("secret", false, "")
			_, code := e.Parse(fs, args)
			if code != Proceed {
				return code
			}
			return ExitOK
		}})
	a.Register("open", Command{Usage: "open FILE\n",
		Run: func(e *Env, args []string) int {
			fs := e.Flags("open")
			pos, code := e.Parse(fs, args)
			if code != Proceed {
				return code
			}
			f, err := e.Open(pos[0])
			if err != nil {
				return e.FailPath(pos[0], err)
			}
			f.Close()
			return ExitOK
		}})
	return a
}

type result struct {
	code           int
	stdout, stderr string
}

func runApp(a *App, stdout io.Writer, args ...string) result {
	var out, errb bytes.Buffer
	if stdout == nil {
		stdout = &out
	}
	code := a.Run(context.Background(), args, strings.NewReader(""), stdout, &errb)
	return result{code, out.String(), errb.String()}
}

func TestHelpForms(t *testing.T) {
	a := testApp()
	for _, args := range [][]string{nil, {"-h"}, {"--help"}, {"-help"}, {"help"}} {
		r := runApp(a, nil, args...)
		if r.code != ExitOK || !strings.Contains(r.stdout, "tool echo [-upper]") || !strings.Contains(r.stdout, "tool help [COMMAND]") ||
			!strings.Contains(r.stdout, ExitStatusText) || strings.Contains(r.stdout, "Print the words") || r.stderr != "" {
			t.Errorf("%q: %+v", args, r)
		}
	}
	for _, args := range [][]string{{"help", "echo"}, {"echo", "-h"}, {"echo", "--help"}, {"echo", "a", "-help"}} {
		r := runApp(a, nil, args...)
		if r.code != ExitOK || !strings.Contains(r.stdout, "Print the words") || !strings.Contains(r.stdout, "notes line") ||
			!strings.Contains(r.stdout, ExitStatusText) || strings.Contains(r.stdout, "hidden") || r.stderr != "" {
			t.Errorf("%q: %+v", args, r)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	a := testApp()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"nope"}, `tool: unknown command "nope"`},
		{[]string{"help", "nope"}, `tool: unknown command "nope"`},
		{[]string{"echo"}, "tool echo: no WORD given"},
		{[]string{"echo", "-bogus", "a"}, "tool echo: flag provided but not defined: -bogus"},
		{[]string{"echo", "-n", "x", "a"}, `tool echo: invalid value "x" for flag -n`},
		{[]string{"echo", "-n", "-3", "a"}, "tool echo: -n -3: want 1 or more"},
	} {
		r := runApp(a, nil, tt.args...)
		if r.code != ExitUsage || r.stdout != "" || !strings.HasPrefix(r.stderr, tt.want) || !strings.Contains(r.stderr, "usage:") ||
			!strings.Contains(r.stderr, "Exit status:") {
			t.Errorf("%q: %+v", tt.args, r)
		}
	}
}

// fullWriter fails every write as a full disk does.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) {
	return 0, &fs.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.ENOSPC}
}

func TestStdoutErrorExits2(t *testing.T) {
	r := runApp(testApp(), fullWriter{}, "echo", "a")
	if r.code != ExitError || !strings.Contains(r.stderr, "tool echo: writing standard output: write /dev/stdout: no space left on device") {
		t.Errorf("%+v", r)
	}
	// More than the buffer: the error comes while the command writes.
	r = runApp(testApp(), fullWriter{}, "echo", "-n", "100000", "a")
	if r.code != ExitError || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("%+v", r)
	}
}

func TestOpenNamesThePath(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		path, want string
	}{
		{dir, dir + ": is a folder, not a file"},
		{filepath.Join(dir, "missing"), filepath.Join(dir, "missing") + ": no such file or directory"},
	} {
		r := runApp(testApp(), nil, "open", tt.path)
		if r.code != ExitError || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%s: %+v", tt.path, r)
		}
	}
}

func TestHelpProblems(t *testing.T) {
	a := testApp()
	probs := a.HelpProblems(func(args []string) (int, string) {
		r := runApp(a, nil, args...)
		return r.code, r.stdout
	})
	if len(probs) != 1 || !strings.Contains(probs[0], "hidden: flag -secret is not explained") {
		t.Errorf("%q", probs)
	}
}

func TestUndocumentedFlags(t *testing.T) {
	set := flagSet("j", "json", "n", "o")
	got := UndocumentedFlags(set, "x [-json] [-o OUT]\n  -n N, not -jj\n")
	if fmt.Sprint(got) != "[-j]" {
		t.Errorf("got %q", got)
	}
}

func TestStatus(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want int
	}{
		{nil, ExitOK},
		{errors.New("not a BPA file"), ExitInvalid},
		{&fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist}, ExitError},
		{fmt.Errorf("bpa: x: %w", &fs.PathError{Op: "read", Path: "x", Err: syscall.EIO}), ExitError},
		{syscall.ENOSPC, ExitError},
		{context.Canceled, ExitError},
	} {
		if got := Status(tt.err); got != tt.want {
			t.Errorf("Status(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

func TestMessage(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"bpa: bpa: x.bpa: line 3, column 60 (prd_cnspac): wrong", "x.bpa: line 3, column 60 (prd_cnspac): wrong"},
		{"sigtap: /x: /x: zip: not a valid zip file", "/x: zip: not a valid zip file"},
		{"remessa: PA.JAN: bpa: PA.JAN: empty file", "PA.JAN: empty file"},
		{"cnes: cnes: d: table not found: tbX", "d: table not found: tbX"},
		{"open x: no such file or directory", "open x: no such file or directory"},
		{"bpa", "bpa"},
	} {
		if got := Message(errors.New(tt.in)); got != tt.want {
			t.Errorf("Message(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := OnPath("in.bpa", errors.New("bpa: empty file")); got != "in.bpa: empty file" {
		t.Errorf("OnPath = %q", got)
	}
	if got := OnPath("dir/in.bpa", errors.New("bpa: in.bpa: line 2: x")); got != "in.bpa: line 2: x" {
		t.Errorf("OnPath = %q", got)
	}
	if got := OnPath("-", errors.New("bpa: empty file")); got != "standard input: empty file" {
		t.Errorf("OnPath = %q", got)
	}
}

func flagSet(names ...string) *flag.FlagSet {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	for _, n := range names {
		fs.Bool(n, false, "")
	}
	return fs
}
