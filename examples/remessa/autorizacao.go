package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-sus/sus/internal/cli"
	"github.com/go-sus/sus/remessa/autorizacao"
)

func init() {
	register("autorizacao", command{
		usage: `autorizacao validate [-json] NUMBER…
    Check AIH/APAC numbers (13 digits, dots and hyphens of the mask allowed;
    "-" reads one number per line from standard input). One line per number
    names its kind by the 5th digit, or says why it is invalid. Exit 1 when
    any number is invalid; warnings (unknown UF or kind) do not fail.
autorizacao next -state FILE [-faixa FROM-TO] [-n N] [-json]
    Issue the next N (default 1) unused numbers of a faixa. FILE holds the
    allocator state (JSON); it is created from -faixa when missing, and
    -faixa must match it when both are given. The state is saved (temporary
    file + rename, under an operating-system lock on FILE.lock; a
    concurrent run waits up to 10 s for it, then fails with exit 2) before
    the numbers are printed. -n N is 1–1000000. Exit 1 when the faixa is
    exhausted or FILE is not a valid state file.
autorizacao mark -state FILE [-faixa FROM-TO] NUMBER…
    Mark numbers used elsewhere (imported) so that next never issues them.
    All numbers must be valid numbers of the faixa, else nothing is saved.
`,
		run: func(e *env, args []string) int {
			return e.dispatch("autorizacao", args, map[string]func(*env, []string) int{
				"validate": (*env).autorizacaoValidate,
				"next":     (*env).autorizacaoNext,
				"mark":     (*env).autorizacaoMark,
			})
		},
	})
}

// autorizacaoResult is the -json form of one validated number.
type autorizacaoResult struct {
	Input      string   `json:"input"`
	Valid      bool     `json:"valid"`
	Number     string   `json:"number,omitempty"`
	Formatted  string   `json:"formatted,omitempty"`
	Kind       string   `json:"kind,omitempty"`
	KindDigit  int      `json:"kind_digit,omitempty"`
	Instrument string   `json:"instrument,omitempty"` // "AIH", "APAC" or "" when the kind is unknown
	Programa   bool     `json:"programa,omitempty"`
	UF         int      `json:"uf,omitempty"`
	Year       int      `json:"year,omitempty"`
	Sequence   int      `json:"sequence,omitempty"`
	Warnings   []string `json:"warnings,omitempty"`
	Error      string   `json:"error,omitempty"`
}

func (e *env) autorizacaoValidate(args []string) int {
	const name = "autorizacao validate"
	fs := e.flags(name)
	asJSON := fs.Bool("json", false, "one JSON object per line")
	nums, code := e.inputs(name, fs, args)
	if code != proceed {
		return code
	}
	code = exitOK
	for _, in := range nums {
		r := checkAutorizacao(in)
		if !r.Valid {
			code = exitInvalid
		}
		if *asJSON {
			e.writeJSONLine(r)
			continue
		}
		if !r.Valid {
			fmt.Fprintf(e.stdout, "%s: invalid: %s\n", in, r.Error)
			continue
		}
		line := fmt.Sprintf("%s: valid %s, UF %02d, year %02d, sequence %07d (%s)", in, r.Kind+" (5th digit "+strconv.Itoa(r.KindDigit)+")", r.UF, r.Year, r.Sequence, r.Formatted)
		for _, w := range r.Warnings {
			line += "; warning: " + w
		}
		fmt.Fprintln(e.stdout, line)
	}
	return code
}

func checkAutorizacao(in string) autorizacaoResult {
	r := autorizacaoResult{Input: in}
	a, err := autorizacao.Parse(in)
	if err != nil {
		r.Error = reason(err, in, 13)
		return r
	}
	k := a.Kind()
	r.Valid, r.Number, r.Formatted = true, a.String(), a.Format()
	r.Kind, r.KindDigit, r.Programa = k.String(), int(a[4]-'0'), k.IsPrograma()
	switch {
	case k.IsAIH():
		r.Instrument = "AIH"
	case k.IsAPAC():
		r.Instrument = "APAC"
	}
	r.UF, r.Year, r.Sequence = a.UF(), a.Year(), a.Sequence()
	for _, w := range a.Warnings() {
		var aw *autorizacao.Warning
		if errors.As(w, &aw) {
			// Drop the "AIH/APAC <number>: " prefix: the line names the number.
			_, msg, _ := strings.Cut(aw.Error(), ": ")
			r.Warnings = append(r.Warnings, msg)
		}
	}
	return r
}

// reason explains a parse error without repeating the (masked) value; for
// a wrong length it says how many characters were found.
func reason(err error, in string, want int) string {
	var ve *autorizacao.ValueError
	if !errors.As(err, &ve) {
		return err.Error()
	}
	switch {
	case errors.Is(ve.Err, autorizacao.ErrLength) && want > 0:
		return fmt.Sprintf("%v: %d characters without separators, want %d", ve.Err, len(stripSeparators(in)), want)
	case errors.Is(ve.Err, autorizacao.ErrCharacters):
		return "characters other than digits and the separators . - / and space"
	}
	return ve.Err.Error()
}

// checkFaixa refuses a malformed -faixa as a usage error, before the
// state file is locked.
func (e *env) checkFaixa(name, text string) int {
	if text == "" {
		return proceed
	}
	if _, err := autorizacao.ParseFaixa(text); err != nil {
		return e.usageError(name, "-faixa %q: %s", text, cli.Message(err))
	}
	return proceed
}

// errNeedFaixa: the state file does not exist and no -faixa was given (a
// usage error).
var errNeedFaixa = errors.New("the state file does not exist: give -faixa FROM-TO to start one")

// loadAllocator reads the allocator of state file path, or creates one
// from faixaText when the file does not exist. A -faixa given with an
// existing file must equal the file's faixa.
func loadAllocator(path, faixaText string) (*autorizacao.Allocator, error) {
	var want autorizacao.Faixa
	if faixaText != "" {
		f, err := autorizacao.ParseFaixa(faixaText)
		if err != nil {
			return nil, fmt.Errorf("-faixa: %w", err)
		}
		want = f
	}
	var al autorizacao.Allocator
	exists, err := readState(path, &al)
	switch {
	case err != nil:
		return nil, err
	case !exists && want.IsZero():
		return nil, errNeedFaixa
	case !exists:
		return autorizacao.NewAllocator(want), nil
	case !want.IsZero() && al.Faixa() != want:
		return nil, fmt.Errorf("state file %s holds faixa %s, not %s", path, al.Faixa(), want)
	}
	return &al, nil
}

// withAllocator locks the state file, loads its allocator (a new one for
// faixa when the file is missing), calls fn, saves the state when fn asks
// to, and returns the exit code of the report function fn returned.
func (e *env) withAllocator(name, state, faixa string, fn func(*autorizacao.Allocator) (save bool, report func() int)) int {
	return e.locked(name, state, func() int {
		al, err := loadAllocator(state, faixa)
		if errors.Is(err, errNeedFaixa) {
			return e.usageError(name, "%v", err)
		}
		if err != nil {
			return e.fail(name, err)
		}
		save, report := fn(al)
		if save {
			if err := writeState(state, al); err != nil {
				return e.fail(name, err)
			}
		}
		return report()
	})
}

func (e *env) autorizacaoNext(args []string) int {
	const name = "autorizacao next"
	fs := e.flags(name)
	state := fs.String("state", "", "allocator state `FILE` (JSON), required")
	faixa := fs.String("faixa", "", "the faixa `FROM-TO` (required when FILE does not exist yet)")
	n := fs.Int("n", 1, "how many numbers to issue")
	asJSON := fs.Bool("json", false, "print a JSON object")
	if code := e.flagsOnly(name, fs, args); code != proceed {
		return code
	}
	switch {
	case *state == "":
		return e.usageError(name, "-state FILE is required")
	case *n < 1 || *n > 1_000_000:
		return e.usageError(name, "-n %d: want 1 to 1000000", *n)
	}
	if code := e.checkFaixa(name, *faixa); code != proceed {
		return code
	}
	return e.withAllocator(name, *state, *faixa, func(al *autorizacao.Allocator) (bool, func() int) {
		var issued []string
		var exhausted error
		for range *n {
			a, err := al.Next()
			if err != nil {
				exhausted = err
				break
			}
			issued = append(issued, a.String())
		}
		return len(issued) > 0, func() int {
			if *asJSON {
				out := struct {
					Faixa     string   `json:"faixa"`
					Numbers   []string `json:"numbers"`
					Remaining int      `json:"remaining"`
					Error     string   `json:"error,omitempty"`
				}{Faixa: al.Faixa().String(), Numbers: issued, Remaining: al.Remaining()}
				if out.Numbers == nil {
					out.Numbers = []string{}
				}
				if exhausted != nil {
					out.Error = exhausted.Error()
				}
				e.writeJSONLine(out)
			} else {
				for _, a := range issued {
					fmt.Fprintln(e.stdout, a)
				}
			}
			if exhausted != nil {
				return e.fail(name, exhausted)
			}
			return exitOK
		}
	})
}

func (e *env) autorizacaoMark(args []string) int {
	const name = "autorizacao mark"
	fs := e.flags(name)
	state := fs.String("state", "", "allocator state `FILE` (JSON), required")
	faixa := fs.String("faixa", "", "the faixa `FROM-TO` (required when FILE does not exist yet)")
	nums, code := e.inputs(name, fs, args)
	if code != proceed {
		return code
	}
	if *state == "" {
		return e.usageError(name, "-state FILE is required")
	}
	if code := e.checkFaixa(name, *faixa); code != proceed {
		return code
	}
	return e.withAllocator(name, *state, *faixa, func(al *autorizacao.Allocator) (bool, func() int) {
		var marks []autorizacao.Number
		var rejected []string
		for _, in := range nums {
			a, err := autorizacao.Parse(in)
			if err == nil {
				err = al.Faixa().Check(a)
			}
			if err != nil {
				rejected = append(rejected, in+": not marked: "+reason(err, in, 13))
				continue
			}
			marks = append(marks, a)
		}
		if len(rejected) > 0 {
			return false, func() int {
				fmt.Fprintln(e.stdout, strings.Join(rejected, "\n"))
				fmt.Fprintf(e.stderr, "remessa %s: nothing saved: fix the numbers above\n", name)
				return exitInvalid
			}
		}
		for _, a := range marks {
			_ = al.MarkUsed(a) // checked above
		}
		return true, func() int {
			for _, a := range marks {
				fmt.Fprintf(e.stdout, "%s: marked used\n", a)
			}
			return exitOK
		}
	})
}

// stripSeparators removes the separators the parsers ignore (dots,
// hyphens, slashes, spaces, tabs).
func stripSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(".-/ \t", r) {
			return -1
		}
		return r
	}, s)
}
