// Command remessa checks, values and prepares a SUS monthly submission
// (the "remessa"): the críticas SIA would raise against SIGTAP and CNES,
// the value of the month, the financing of each line, authorization
// numbers, the chronological ledger of competências, export file names and
// the PAB/MAC split. It is a thin layer over the
// github.com/go-sus/sus/remessa package and its sub-packages
// remessa/autorizacao and remessa/ledger.
//
//	remessa demo [-html OUT] [-json]
//	remessa check -sigtap RELEASE[,RELEASE…] -cnes PATH[,PATH…] [-json] [-html OUT] [-j N] [-sia REPORT] FILE
//	remessa value -sigtap RELEASE[,RELEASE…] -cnes PATH[,PATH…] [-json] [-j N] FILE
//	remessa sia-report FILE
//	remessa financiamento -sigtap RELEASE[,…] [-cnes PATH[,…]] [-json] FILE
//	remessa split -o DIR [-sigtap …] [-cnes …] [-renumber] FILE
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
// Exit status: 0 success; 1 when a number or name is invalid, a faixa is
// exhausted, or a file cannot be read or written; 2 on usage errors (the
// usage goes to standard error). check and value follow their own
// contract: 0 when every line is approved, 1 when a line or the file is
// rejected, 2 on usage or I/O errors (their inputs cannot be read).
//
// Subcommands live in one file each and register themselves in the
// commands table from an init function (see register).
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/go-sus/sus/internal/cli"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// Exit codes.
const (
	exitOK      = 0
	exitInvalid = 1 // invalid data, exhausted faixa, I/O error
	exitUsage   = 2
)

// command is one top-level subcommand.
type command struct {
	// usage lists the command's forms, one per line, without the leading
	// "remessa " (for example "ledger status -state FILE …"), followed by
	// optional indented lines explaining flags.
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
}

// env carries the standard streams of one run.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// run is main without the process: it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText(""))
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		topic := ""
		if len(args) > 1 {
			topic = args[1]
		}
		if _, ok := commands[topic]; topic != "" && !ok {
			fmt.Fprintf(stderr, "remessa: unknown command %q\n%s", topic, usageText(""))
			return exitUsage
		}
		fmt.Fprint(stdout, usageText(topic))
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "remessa: unknown command %q\n%s", args[0], usageText(""))
		return exitUsage
	}
	return c.run(e, args[1:])
}

// usageText returns the usage of one command, or of all when name is "".
func usageText(name string) string {
	var b strings.Builder
	b.WriteString("usage:\n")
	for _, n := range slices.Sorted(maps.Keys(commands)) {
		if name != "" && n != name {
			continue
		}
		for _, line := range strings.Split(strings.TrimRight(commands[n].usage, "\n"), "\n") {
			if strings.HasPrefix(line, " ") {
				if name == "" {
					continue // flag details only in "help COMMAND"
				}
				b.WriteString("  " + line + "\n")
				continue
			}
			b.WriteString("  remessa " + line + "\n")
		}
	}
	if name == "" {
		b.WriteString("  remessa help COMMAND\n")
	}
	b.WriteString("Exit status: 0 ok, 1 invalid data or I/O error, 2 usage error.\n")
	return b.String()
}

// usageError reports a usage error of command name and returns exitUsage.
func (e *env) usageError(name, format string, a ...any) int {
	fmt.Fprintf(e.stderr, "remessa %s: %s\n%s", name, fmt.Sprintf(format, a...), usageText(strings.Fields(name)[0]))
	return exitUsage
}

// fail reports a runtime failure and returns exitInvalid.
func (e *env) fail(name string, err error) int {
	fmt.Fprintf(e.stderr, "remessa %s: %v\n", name, err)
	return exitInvalid
}

// flags returns a flag set for command name ("ledger status") whose
// errors go to stderr followed by the command's usage.
func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() { fmt.Fprint(e.stderr, usageText(strings.Fields(name)[0])) }
	return fs
}

// parse parses args with fs, accepting flags after positional arguments
// too; see cli.Parse.
func parse(fs *flag.FlagSet, args []string) ([]string, error) { return cli.Parse(fs, args) }

// proceed is returned by the argument helpers when the command may go on.
const proceed = -1

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
		return nil, e.fail(name, err)
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
	unlock, err := lockState(path)
	if err != nil {
		return e.fail(name, err)
	}
	defer unlock()
	return body()
}

// dispatch runs the sub-subcommand args[0] of command name from subs.
func (e *env) dispatch(name string, args []string, subs map[string]func(*env, []string) int) int {
	if len(args) == 0 {
		return e.usageError(name, "missing subcommand")
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

// writeJSONLine writes v as one line of JSON.
func (e *env) writeJSONLine(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		fmt.Fprintf(e.stderr, "remessa: %v\n", err)
		return
	}
	e.stdout.Write(append(b, '\n'))
}

// readState decodes the JSON file path into v. It reports whether the
// file exists; a missing file is not an error.
func readState(path string, v any) (bool, error) {
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
