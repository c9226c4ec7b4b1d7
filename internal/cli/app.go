package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/go-sus/sus/internal/safeio"
)

// App is one example command (cns, bpa, sigtap, cnes, remessa) and its
// subcommands. It gives every tool the same contract: the help forms
// (TOOL, TOOL -h, TOOL --help, TOOL help, TOOL help SUB, TOOL SUB -h all
// print the usage on standard output and exit 0), usage errors (a line
// naming the problem, the command's forms, exit 2), one message prefix
// ("TOOL SUB: "), a checked and buffered standard output (a write error,
// such as a full disk, exits 2) and the exit statuses of ExitStatusText.
type App struct {
	// Name is the command's name ("bpa").
	Name string
	// Notes is printed after the forms in every usage, before the exit
	// status (may be empty); end it with a line feed.
	Notes string

	cmds map[string]Command
}

// Command is one subcommand of an App.
type Command struct {
	// Usage lists the command's forms, one per line, without the tool's
	// name ("validate [-json] FILE"), each optionally followed by
	// indented lines that explain it and every flag it takes. The full
	// usage shows the forms only; "TOOL help SUB" and "TOOL SUB -h" show
	// everything.
	Usage string
	// Run executes the command with the arguments after its name and
	// returns the exit status.
	Run func(e *Env, args []string) int
}

// Register adds the subcommand name. Registering a name twice panics.
func (a *App) Register(name string, c Command) {
	if a.cmds == nil {
		a.cmds = map[string]Command{}
	}
	if _, dup := a.cmds[name]; dup {
		panic(a.Name + ": command " + name + " registered twice")
	}
	a.cmds[name] = c
}

// Commands returns the names of the subcommands, sorted.
func (a *App) Commands() []string { return slices.Sorted(maps.Keys(a.cmds)) }

// Usage returns the usage of subcommand name with its explanations, or
// the forms of every subcommand when name is "".
func (a *App) Usage(name string) string { return a.usage(name, name != "") }

func (a *App) usage(name string, details bool) string {
	var b strings.Builder
	b.WriteString("usage:\n")
	for _, n := range a.Commands() {
		if name != "" && n != name {
			continue
		}
		for _, line := range strings.Split(strings.TrimRight(a.cmds[n].Usage, "\n"), "\n") {
			if strings.HasPrefix(line, " ") {
				if details {
					b.WriteString("  " + line + "\n")
				}
				continue
			}
			b.WriteString("  " + a.Name + " " + line + "\n")
		}
	}
	switch {
	case name == "":
		b.WriteString("  " + a.Name + " help [COMMAND]\n")
		b.WriteString(a.Notes)
	case details:
		b.WriteString(a.Notes)
	default:
		fmt.Fprintf(&b, "Run '%s help %s' for the flags and details.\n", a.Name, name)
	}
	b.WriteString(ExitStatusText)
	return b.String()
}

// IsHelp reports whether arg asks for help: -h, -help, --help or help.
func IsHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}

// Main runs the App as the process: SIGINT and SIGTERM are handled (see
// HandleSignals) and the process exits with the command's status.
func (a *App) Main() {
	ctx, cancel := context.WithCancel(context.Background())
	stderr := io.Writer(os.Stderr)
	if IsTerminal(os.Stderr) {
		stderr = NewStatusWriter(os.Stderr)
	}
	stop := HandleSignals(stderr, a.Name, cancel)
	code := a.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, stderr)
	stop()
	cancel()
	os.Exit(code)
}

// Run is Main without the process: it runs the command of args and
// returns its exit status. Standard output is buffered and flushed when
// the command returns; a write error exits ExitError with a message.
func (a *App) Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if ctx == nil {
		ctx = context.Background()
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	e := &Env{Ctx: ctx, Stdin: stdin, Stdout: out, Stderr: stderr, app: a, out: out}
	code := a.dispatch(e, args)
	if err := out.Flush(); err != nil {
		if code != ExitError { // else the command has reported it (or another error)
			e.Errorf("writing standard output: %s", Message(err))
		}
		code = ExitError
	}
	return code
}

func (a *App) dispatch(e *Env, args []string) int {
	e.name = a.Name
	if len(args) == 0 {
		io.WriteString(e.Stdout, a.Usage(""))
		return ExitOK
	}
	if IsHelp(args[0]) {
		if len(args) == 1 {
			io.WriteString(e.Stdout, a.Usage(""))
			return ExitOK
		}
		if _, ok := a.cmds[args[1]]; !ok {
			fmt.Fprintf(e.Stderr, "%s: unknown command %q\n%s", a.Name, args[1], a.usage("", false))
			return ExitUsage
		}
		io.WriteString(e.Stdout, a.Usage(args[1]))
		return ExitOK
	}
	c, ok := a.cmds[args[0]]
	if !ok {
		fmt.Fprintf(e.Stderr, "%s: unknown command %q\n%s", a.Name, args[0], a.usage("", false))
		return ExitUsage
	}
	e.cmd, e.name = args[0], a.Name+" "+args[0]
	return c.Run(e, args[1:])
}

// Env is what one run of a command gets: its context (done on an
// interrupt), its standard streams and the helpers that keep the
// contract.
type Env struct {
	// Ctx is done when the run is interrupted.
	Ctx context.Context
	// Stdin is standard input.
	Stdin io.Reader
	// Stdout is standard output, buffered: its first write error is
	// kept, later writes fail with it, and the run exits ExitError
	// naming it. Call Flush to push out what was written so far.
	Stdout io.Writer
	// Stderr is standard error (a *StatusWriter on a terminal).
	Stderr io.Writer

	app  *App
	out  *bufio.Writer
	cmd  string // top-level subcommand ("ledger")
	name string // the command as typed, for messages ("remessa ledger status")
}

// Name returns the command as the messages name it ("bpa validate").
func (e *Env) Name() string { return e.name }

// Flush writes out the buffered standard output and returns its error.
func (e *Env) Flush() error { return e.out.Flush() }

// Flags returns a flag set for the subcommand name as typed after the
// tool's name ("validate", "ledger status"), which also becomes the
// prefix of the run's messages. Parse it with Env.Parse.
func (e *Env) Flags(name string) *flag.FlagSet {
	e.name = e.app.Name + " " + name
	fs := flag.NewFlagSet(e.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// Proceed is returned by the argument helpers when the command may go on.
const Proceed = -1

// Parse parses args with fs (flags may follow positional arguments, see
// Parse) and returns the positional arguments and Proceed. On -h, -help
// or --help it prints the command's usage on standard output and returns
// ExitOK; on a flag error (an unknown flag, a bad value) it reports a
// usage error and returns ExitUsage.
func (e *Env) Parse(fs *flag.FlagSet, args []string) ([]string, int) {
	pos, err := Parse(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		if HelpHook != nil {
			HelpHook(fs, e.app.Usage(e.cmd))
		}
		return nil, e.Help()
	case err != nil:
		return nil, e.UsageError("%v", err)
	}
	return pos, Proceed
}

// Help prints the usage of the running subcommand on standard output and
// returns ExitOK.
func (e *Env) Help() int {
	io.WriteString(e.Stdout, e.app.Usage(e.cmd))
	return ExitOK
}

// UsageError reports a usage error — "TOOL SUB: message", then the
// subcommand's forms — on standard error and returns ExitUsage. Values
// the user typed are quoted back as typed, never masked.
func (e *Env) UsageError(format string, a ...any) int {
	fmt.Fprintf(e.Stderr, "%s: %s\n%s", e.name, fmt.Sprintf(format, a...), e.app.usage(e.cmd, false))
	return ExitUsage
}

// Errorf prints "TOOL SUB: message" on standard error.
func (e *Env) Errorf(format string, a ...any) {
	fmt.Fprintf(e.Stderr, "%s: %s\n", e.name, fmt.Sprintf(format, a...))
}

// Warnf prints "TOOL SUB: warning: message" on standard error.
func (e *Env) Warnf(format string, a ...any) {
	fmt.Fprintf(e.Stderr, "%s: warning: %s\n", e.name, fmt.Sprintf(format, a...))
}

// Fail reports err (see Message) and returns the status Status gives it.
func (e *Env) Fail(err error) int { return e.Exit(Status(err), err) }

// Exit reports err and returns code.
func (e *Env) Exit(code int, err error) int {
	e.Errorf("%s", Message(err))
	return code
}

// Open opens the input path for reading, or standard input for "-". Only
// a regular file is opened: a folder, device or pipe is refused with an
// *fs.PathError (ExitError by Status).
func (e *Env) Open(path string) (io.ReadCloser, error) {
	if path == "-" {
		return io.NopCloser(e.Stdin), nil
	}
	f, err := OpenFile(path)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// OpenFile opens the regular file path for reading; a folder, device or
// pipe is refused with an *fs.PathError (ErrInputDir for a folder).
func OpenFile(path string) (*os.File, error) {
	f, err := safeio.Open(path)
	if errors.Is(err, safeio.ErrNotRegular) {
		if st, serr := os.Stat(path); serr == nil && st.IsDir() {
			err = &fs.PathError{Op: "open", Path: path, Err: ErrInputDir}
		}
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}

// ErrInputDir reports a folder given where a file is read.
var ErrInputDir = errors.New("is a folder, not a file")

// Output writes through fn to path with WriteFileAtomic, or to standard
// output when path is "" or "-".
func (e *Env) Output(path string, fn func(w io.Writer) error) error {
	if path == "" || path == "-" {
		return fn(e.Stdout)
	}
	return WriteFileAtomic(path, fn)
}

// Progress starts a progress line on standard error when it is a
// terminal (nil otherwise; a nil *Progress does nothing).
func (e *Env) Progress(label, unit string) *Progress { return NewProgress(e.Stderr, label, unit) }

// DisplayName is how messages name the input path: "standard input" for
// "-", the path as typed otherwise.
func DisplayName(path string) string {
	if path == "-" {
		return "standard input"
	}
	return path
}

// OnPath returns the message of err (see Message) naming path first when
// the error does not name it already, so that every message about a file
// names it.
func OnPath(path string, err error) string {
	msg := Message(err)
	name := DisplayName(path)
	if name == "" || strings.Contains(msg, name+":") || (path != "-" && strings.Contains(msg, filepathBase(path)+":")) {
		return msg
	}
	return name + ": " + msg
}

// filepathBase is the last element of a slash- or backslash-separated
// path.
func filepathBase(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// FailPath reports err about the file path (naming it, see OnPath) and
// returns the status Status gives err.
func (e *Env) FailPath(path string, err error) int { return e.ExitPath(Status(err), path, err) }

// ExitPath reports err about the file path (naming it, see OnPath) and
// returns code.
func (e *Env) ExitPath(code int, path string, err error) int {
	e.Errorf("%s", OnPath(path, err))
	return code
}

// HelpHook, when set (by tests), is called with the flag set and the usage
// text each time a command prints its usage for -h, so that a test can
// check that the usage explains every flag (see UndocumentedFlags).
var HelpHook func(fs *flag.FlagSet, usage string)

// UndocumentedFlags returns the flags of fs that usage does not mention as
// "-NAME" (followed by a space, a comma, a bracket, a line end…).
func UndocumentedFlags(fs *flag.FlagSet, usage string) []string {
	var out []string
	fs.VisitAll(func(f *flag.Flag) {
		s := "-" + f.Name
		for i := 0; ; {
			j := strings.Index(usage[i:], s)
			if j < 0 {
				out = append(out, s)
				return
			}
			end := i + j + len(s)
			if end == len(usage) || !isNameByte(usage[end]) {
				if k := i + j; k == 0 || !isNameByte(usage[k-1]) {
					return
				}
			}
			i = end
		}
	})
	return out
}

func isNameByte(c byte) bool {
	return c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
