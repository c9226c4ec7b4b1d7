// Command remessa checks, values and prepares a SUS monthly submission
// (the "remessa"): the críticas SIA would raise against SIGTAP and CNES,
// the value of the month, the financing of each line, authorization
// numbers, the chronological ledger of competências, export file names and
// the PAB/MAC split. It is a thin layer over the
// github.com/go-sus/sus/remessa package and its sub-packages
// remessa/autorizacao and remessa/ledger.
//
//	remessa demo [-html OUT] [-json]
//	remessa check -sigtap RELEASE[,RELEASE…] -cnes PATH[,PATH…] [-allow-missing sigtap|cnes] [-json] [-html OUT] [-j N] [-competencia AAAAMM] [-disable CODE,…] [-sia REPORT] PATH…
//	remessa value -sigtap RELEASE[,RELEASE…] -cnes PATH[,PATH…] [-json] [-j N] [-competencia AAAAMM] PATH…
//	remessa sia-report FILE
//	remessa financiamento -sigtap RELEASE[,…] [-cnes PATH[,…]] [-json] FILE
//	remessa split -o DIR [-sigtap …] [-cnes …] [-renumber] [-strict] [-json] PATH…
//	remessa autorizacao validate [-json] NUMBER…
//	remessa autorizacao next -state FILE [-faixa FROM-TO] [-n N] [-json]
//	remessa autorizacao mark -state FILE [-faixa FROM-TO] NUMBER…
//	remessa cmd validate [-json] [-complementar] NUMBER…
//	remessa cmd build -group1 D6 -group2 C -group3 D2 -identifier D2 [-group5 D6] -group6 D7 -dv C [-json]
//	remessa ledger status -state FILE [-key KEY] [-as-of AAAAMM] [-json]
//	remessa ledger record -state FILE -key KEY -competencia AAAAMM -status sent|validated|rejected [-note TEXT] [-json]
//	remessa ledger start -state FILE -key KEY -competencia AAAAMM
//	remessa nome build -id ID -competencia AAAAMM
//	remessa nome check [-competencia AAAAMM] [-json] NAME…
//	remessa help [COMMAND]
//
// A PATH is a BPA file, a folder of BPA files (the month of a gestão,
// checked as one remessa), or "-" for standard input (the only PATH).
//
// Exit status, the same in every subcommand and in every go-sus tool: 0
// success; 1 the input was read and judged and has errors (invalid numbers
// or names, rejected or nao_verificada lines, a file that is not a BPA
// file, is empty or holds only its header, an exhausted faixa); 2 usage
// error, unreadable input or reference data (-sigtap, -cnes, a state
// file), unwritable output, any other I/O error, or an interrupt. The demo
// is the exception: it exits 0 when it ran (its rejected lines are planted).
//
// Subcommands live in one file each and register themselves in the
// commands table from an init function (see register). A subcommand gets
// an *env: its standard streams (stdout is buffered and checked: a write
// error exits 2), its context (done on SIGINT/SIGTERM) and the helpers
// that keep the contract — flags/parse (help, usage errors), usageError,
// fail, invalid, openInput, writeFileAtomic/cli.WriteFileAtomic (atomic
// outputs, removed on an interrupt), progress (a progress line on a
// terminal).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/go-sus/sus/internal/cli"
)

// app is the command; the subcommands register themselves in init.
var app = &cli.App{Name: "remessa", Notes: `RELEASE is a SIGTAP TabelaUnificada_AAAAMM_v….zip (the SIGTAP site's download
of a competência), its folder or a folder of those; the CNES PATH a
BASE_DE_DADOS_CNES_AAAAMM.ZIP (DATASUS's CNES downloads page), its folder or
a folder of those. "-" is standard input. Files written (-o, -html, state
files) are replaced atomically. Progress goes to standard error on a
terminal only.
`}

// memoryLimit is the soft memory limit of the process unless GOMEMLIMIT
// sets one: checking a month of millions of lines keeps its cross-line
// state (about 25 bytes a line) and makes short-lived garbage, and the
// garbage collector would otherwise let the heap grow to twice the live
// state. Near the limit it collects more often; past it (a month far
// bigger than 10 million lines) it goes on, only slower.
const memoryLimit = 448 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	app.Main()
}

// Exit codes (the contract of internal/cli).
const (
	exitOK      = cli.ExitOK
	exitInvalid = cli.ExitInvalid // the input was judged and has errors
	exitUsage   = cli.ExitUsage   // usage error
	exitError   = cli.ExitError   // unreadable input, unwritable output, I/O error
)

// command is one top-level subcommand.
type command struct {
	// usage lists the command's forms, one per line, without the leading
	// "remessa " (for example "ledger status -state FILE …"), each followed
	// by indented lines explaining it and every flag it takes.
	usage string
	// run executes the command with the arguments after its name and
	// returns the exit code.
	run func(e *env, args []string) int
}

// commands is the dispatch table, filled by register from the init
// functions of the per-command files (autorizacao.go, cmd.go, ledger.go,
// naming.go, …).
var commands = map[string]command{}

// register adds a top-level command. A file adding a command does
//
//	func init() { register("split", command{usage: "split -o DIR FILE\n", run: runSplit}) }
//
// Registering a name twice panics at start-up.
func register(name string, c command) {
	if _, dup := commands[name]; dup {
		panic("remessa: command " + name + " registered twice")
	}
	commands[name] = c
	app.Register(name, cli.Command{Usage: c.usage, Run: func(ce *cli.Env, args []string) int {
		e := newEnv(ce)
		code := c.run(e, args)
		if e.helped {
			return exitOK // the usage was asked for and printed
		}
		return code
	}})
}

// env carries one run of a subcommand: the standard streams, the context
// and the shared helpers (the embedded *cli.Env).
type env struct {
	*cli.Env
	ctx            context.Context // done on SIGINT/SIGTERM
	stdin          io.Reader
	stdout, stderr io.Writer // stdout is buffered and checked
	helped         bool      // the usage was printed for -h
}

func newEnv(ce *cli.Env) *env {
	return &env{Env: ce, ctx: ce.Ctx, stdin: ce.Stdin, stdout: ce.Stdout, stderr: ce.Stderr}
}

// run is main without the process: it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return app.Run(context.Background(), args, stdin, stdout, stderr)
}

// usageError reports a usage error of command name ("ledger status") and
// returns exitUsage: "remessa NAME: message" and the command's forms.
// Values the user typed are quoted as typed, never masked.
func (e *env) usageError(name, format string, a ...any) int {
	e.Flags(name) // sets the message prefix
	return e.UsageError(format, a...)
}

// fail reports err for command name and returns the status the contract
// gives it (cli.Status): exitError for I/O errors (a file that cannot be
// opened, read or written, a lock not obtained), exitInvalid for the other
// errors, verdicts on the input. Use invalid or ioFail to choose.
func (e *env) fail(name string, err error) int {
	e.Flags(name)
	var le *cli.LockError
	if errors.As(err, &le) || errors.Is(err, errStateMissing) {
		return e.Exit(exitError, err)
	}
	return e.Fail(err)
}

// invalid reports err for command name and returns exitInvalid.
func (e *env) invalid(name string, err error) int {
	e.Flags(name)
	return e.Exit(exitInvalid, err)
}

// ioFail reports err for command name and returns exitError.
func (e *env) ioFail(name string, err error) int {
	e.Flags(name)
	return e.Exit(exitError, err)
}

// flagOwners maps the flag sets made by env.flags to their env, so that
// parse can print the usage or the error of the right command.
var flagOwners sync.Map // *flag.FlagSet → *env

// flags returns a flag set for command name ("ledger status"); parse it
// with parse.
func (e *env) flags(name string) *flag.FlagSet {
	fs := e.Flags(name)
	flagOwners.Store(fs, e)
	return fs
}

// errUsageReported is returned by parse after a usage error was reported.
var errUsageReported = errors.New("usage error")

// parse parses args with fs, accepting flags after positional arguments
// too (see cli.Parse). On -h, -help or --help it prints the command's
// usage on standard output and returns flag.ErrHelp (the command then
// exits 0 whatever it returns); on a flag error it reports the usage
// error and returns a non-nil error: the caller returns exitUsage.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	v, ok := flagOwners.Load(fs)
	if !ok {
		return cli.Parse(fs, args)
	}
	e := v.(*env)
	rest, code := e.Parse(fs, args)
	switch code {
	case cli.Proceed:
		return rest, nil
	case exitOK:
		e.helped = true
		return nil, flag.ErrHelp
	}
	return nil, errUsageReported
}

// proceed is returned by the argument helpers when the command may go on.
const proceed = cli.Proceed

// inputs parses args with fs and returns the positional arguments — or
// the lines of standard input when they are just "-" — requiring at least
// one; otherwise it returns an exit code.
func (e *env) inputs(name string, fs *flag.FlagSet, args []string) ([]string, int) {
	rest, err := parse(fs, args)
	if err != nil {
		return nil, exitUsage
	}
	items, err := e.arguments(rest)
	if err != nil {
		return nil, e.ioFail(name, fmt.Errorf("reading standard input: %w", err))
	}
	if len(items) == 0 {
		return nil, e.usageError(name, "no argument given")
	}
	return items, proceed
}

// flagsOnly parses args with fs and refuses positional arguments. It
// returns proceed or an exit code.
func (e *env) flagsOnly(name string, fs *flag.FlagSet, args []string) int {
	rest, err := parse(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(rest) > 0 {
		return e.usageError(name, "unexpected argument %q", rest[0])
	}
	return proceed
}

// locked runs body while holding the lock of state file path.
func (e *env) locked(name, path string, body func() int) int {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return e.ioFail(name, &fs.PathError{Op: "open", Path: path, Err: errors.New("state file is not a regular file")})
	}
	unlock, err := lockState(path)
	if err != nil {
		return e.ioFail(name, err)
	}
	defer unlock()
	return body()
}

// dispatch runs the sub-subcommand args[0] of command name from subs; -h
// (and help, --help) prints the command's usage.
func (e *env) dispatch(name string, args []string, subs map[string]func(*env, []string) int) int {
	if len(args) == 0 {
		return e.usageError(name, "missing subcommand")
	}
	if cli.IsHelp(args[0]) {
		e.helped = true
		return e.Help()
	}
	f, ok := subs[args[0]]
	if !ok {
		return e.usageError(name, "unknown subcommand %q", args[0])
	}
	return f(e, args[1:])
}

// arguments returns args, or the non-blank lines of stdin when args is
// just "-".
func (e *env) arguments(args []string) ([]string, error) {
	if len(args) != 1 || args[0] != "-" {
		return args, nil
	}
	var out []string
	sc := bufio.NewScanner(e.stdin)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			out = append(out, s)
		}
	}
	return out, sc.Err()
}

// writeJSONLine writes v as one line of JSON (a write error is reported
// when the run ends).
func (e *env) writeJSONLine(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", e.Name(), err)
		return
	}
	e.stdout.Write(append(b, '\n'))
}

// progress starts a progress line on standard error when it is a terminal
// (nil otherwise: a nil *cli.Progress does nothing).
func (e *env) progress(label, unit string) *cli.Progress { return e.Progress(label, unit) }

// errStateMissing reports a state file that must exist and does not.
var errStateMissing = errors.New("state file does not exist")

// readState decodes the JSON file path into v. It reports whether the
// file exists; a missing file is not an error.
func readState(path string, v any) (bool, error) {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return false, &fs.PathError{Op: "open", Path: path, Err: errors.New("state file is not a regular file")}
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return true, fmt.Errorf("state file %s: %w", path, err)
	}
	return true, nil
}

// writeState writes v as indented JSON to path atomically: a temporary
// file in the same directory, synced, then renamed over path.
func writeState(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(b, '\n'))
}

// writeFileAtomic writes b to path atomically (cli.WriteFileAtomic).
func writeFileAtomic(path string, b []byte) error {
	return cli.WriteFileAtomic(path, func(w io.Writer) error { _, err := w.Write(b); return err })
}

// lockTimeout bounds how long a run waits for another run that holds the
// lock of the same state file.
var lockTimeout = 10 * time.Second

// lockState takes the exclusive lock of state file path so that runs on
// the same file take turns for their whole read-modify-write: two runs
// never read the same state and issue the same number or lose an entry.
// The lock is an operating-system lock on path + ".lock" (cli.LockFile:
// flock on unix, LockFileEx on Windows), which the system releases when
// its process ends, however it ends; the .lock file stays, empty, between
// runs. A run waits up to lockTimeout for another run to finish. The
// returned function releases the lock.
func lockState(path string) (func(), error) {
	l, err := cli.LockFile(path+".lock", lockTimeout)
	var le *cli.LockError
	if errors.As(err, &le) {
		holder := "another run"
		if le.PID > 0 {
			holder += fmt.Sprintf(" (process %d)", le.PID)
		}
		return nil, fmt.Errorf("state file %s is locked by %s: still locked after waiting %v (lock %s)", path, holder, le.Timeout, le.Name)
	}
	if err != nil {
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	return func() { l.Unlock() }, nil
}
