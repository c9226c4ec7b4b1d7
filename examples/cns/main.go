package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/internal/cli"
	"github.com/go-sus/sus/internal/ident"
	"github.com/go-sus/sus/sigtap"
)

// app is the command; each subcommand registers itself in init.
var app = &cli.App{Name: "cns", Notes: `"-" as the only VALUE reads the values from standard input, one per line.
Values are echoed as typed; nothing is masked on the command line.
`}

func main() { app.Main() }

// run is main without the process: it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return app.Run(context.Background(), args, stdin, stdout, stderr)
}

func init() {
	app.Register("validate", cli.Command{Usage: `validate [-kind auto|cns|cpf|cnpj|cnes|ine|pa] [-json] VALUE...
    Judge each VALUE and print "VALUE<TAB>valid<TAB>KIND" or
    "VALUE<TAB>invalid<TAB>REASON". -kind names the kind of every value
    (default auto: decided by the characters and the length without
    separators, see the package documentation). -json prints one JSON object
    per value (value, valid, kind, reason) instead. Exit 1 when any value is
    invalid.
`, Run: validate})
	app.Register("generate", cli.Command{Usage: `generate -kind cns|cns-provisional|cpf|cnpj|cnpj-alnum [-n N] [-seed S]
    Print N (default 10, 1–1000000) valid fake values of kind -kind, one per
    line. -seed S makes the output the same on every run (default: a random
    seed).
`, Run: generate})
	app.Register("format", cli.Command{Usage: `format VALUE...
    Print each value in its usual written form (CNS 000 0000 0000 0000, CPF
    000.000.000-00, CNPJ 00.000.000/0000-00, procedure 00.00.00.000-0). An
    invalid value is reported on standard error and makes the exit status 1.
`, Run: format})
}

// values returns the positional arguments, or the non-blank lines of
// standard input when they are just "-".
func values(e *cli.Env, args []string) ([]string, error) {
	if len(args) != 1 || args[0] != "-" {
		return args, nil
	}
	var out []string
	sc := bufio.NewScanner(e.Stdin)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			out = append(out, s)
		}
	}
	return out, sc.Err()
}

// result is the outcome of validating one value.
type result struct {
	Value  string `json:"value"`
	Valid  bool   `json:"valid"`
	Kind   string `json:"kind,omitempty"`
	Reason string `json:"reason,omitempty"`
}

var kinds = map[string]func(string) (string, error){
	"cns": func(s string) (string, error) {
		c, err := cns.ParseCNS(s)
		return "cns-" + c.Kind().String(), err
	},
	"cpf": func(s string) (string, error) {
		_, err := cns.ParseCPF(s)
		return "cpf", err
	},
	"cnpj": func(s string) (string, error) {
		c, err := cnes.ParseCNPJ(s)
		if c.Kind() == cnes.CNPJAlphanumeric {
			return "cnpj-alnum", err
		}
		return "cnpj", err
	},
	"cnes": func(s string) (string, error) {
		n := ident.Normalize(s)
		if len(n) != 7 {
			return "cnes", &ident.Error{Type: "CNES", Value: ident.MaskTail(s, 2), Err: cnes.ErrLength}
		}
		_, err := cnes.ParseCode(n)
		return "cnes", err
	},
	"ine": func(s string) (string, error) {
		n := ident.Normalize(s)
		if len(n) != 10 {
			return "ine", &ident.Error{Type: "INE", Value: ident.MaskTail(s, 2), Err: cnes.ErrLength}
		}
		_, err := cnes.ParseINE(n)
		return "ine", err
	},
	"pa": func(s string) (string, error) {
		_, err := sigtap.ParseCode(s)
		return "pa", err
	},
}

// detect decides the kind of s for -kind auto.
func detect(s string) string {
	n := ident.Normalize(s)
	if strings.ContainsAny(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") {
		// Only a CNPJ holds letters; a 15- or 11-character value is the
		// CNS or CPF it was meant to be, with an invalid character.
		switch len(n) {
		case 14:
			return "cnpj"
		case 15:
			return "cns"
		case 11:
			return "cpf"
		}
		return ""
	}
	switch len(n) {
	case 15:
		return "cns"
	case 11:
		return "cpf"
	case 14:
		return "cnpj"
	case 7:
		return "cnes"
	case 10:
		if strings.Count(s, ".") == 3 {
			return "pa" // written as a procedure: 02.04.03.018-8
		}
		if _, err := sigtap.ParseCode(n); err == nil && n[0] == '0' && n[1] >= '1' && n[1] <= '9' {
			return "pa"
		}
		return "ine"
	}
	return ""
}

// unknownKind explains why -kind auto could not tell a value's kind.
func unknownKind(v string) string {
	n := ident.Normalize(v)
	if strings.ContainsAny(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") {
		return fmt.Sprintf("cannot tell the kind of a value of %d characters with letters (only a CNPJ, 14 characters, has letters)", len(n))
	}
	return fmt.Sprintf("cannot tell the kind of a value of %d characters", len(n))
}

// reasonOf explains err without the masked value: the user typed it.
func reasonOf(err error) string {
	var ve *ident.Error
	if errors.As(err, &ve) {
		return strings.ToLower(ve.Type) + ": " + ve.Err.Error()
	}
	return err.Error()
}

func check(kind, v string) result {
	k := kind
	if k == "auto" {
		k = detect(v)
		if k == "" {
			return result{Value: v, Reason: unknownKind(v)}
		}
	}
	name, err := kinds[k](v)
	if err != nil {
		return result{Value: v, Reason: reasonOf(err)}
	}
	return result{Value: v, Valid: true, Kind: name}
}

func validate(e *cli.Env, args []string) int {
	fs := e.Flags("validate")
	kind := fs.String("kind", "auto", "auto|cns|cpf|cnpj|cnes|ine|pa")
	asJSON := fs.Bool("json", false, "one JSON object per value")
	rest, code := e.Parse(fs, args)
	if code != cli.Proceed {
		return code
	}
	if _, ok := kinds[*kind]; !ok && *kind != "auto" {
		return e.UsageError("unknown -kind %q: want auto, cns, cpf, cnpj, cnes, ine or pa", *kind)
	}
	vals, err := values(e, rest)
	if err != nil {
		return e.Exit(cli.ExitError, fmt.Errorf("reading standard input: %w", err))
	}
	if len(vals) == 0 {
		return e.UsageError("no VALUE given")
	}
	enc := json.NewEncoder(e.Stdout)
	code = cli.ExitOK
	for _, v := range vals {
		r := check(*kind, v)
		if !r.Valid {
			code = cli.ExitInvalid
		}
		switch {
		case *asJSON:
			enc.Encode(r)
		case r.Valid:
			fmt.Fprintf(e.Stdout, "%s\tvalid\t%s\n", v, r.Kind)
		default:
			fmt.Fprintf(e.Stdout, "%s\tinvalid\t%s\n", v, r.Reason)
		}
	}
	return code
}

var generators = map[string]func(*rand.Rand) string{
	"cns":             func(r *rand.Rand) string { return cns.RandomCNS(r).String() },
	"cns-provisional": func(r *rand.Rand) string { return cns.RandomProvisionalCNS(r).String() },
	"cpf":             func(r *rand.Rand) string { return cns.RandomCPF(r).String() },
	"cnpj":            func(r *rand.Rand) string { return cnes.RandomCNPJ(r).String() },
	"cnpj-alnum":      func(r *rand.Rand) string { return cnes.RandomCNPJAlnum(r).String() },
}

// maxGenerate bounds generate -n.
const maxGenerate = 1_000_000

func generate(e *cli.Env, args []string) int {
	fs := e.Flags("generate")
	kind := fs.String("kind", "", "cns|cns-provisional|cpf|cnpj|cnpj-alnum")
	n := fs.Int("n", 10, "how many values")
	seed := fs.Uint64("seed", 0, "seed for a reproducible output (default: random)")
	rest, code := e.Parse(fs, args)
	if code != cli.Proceed {
		return code
	}
	gen, ok := generators[*kind]
	switch {
	case len(rest) > 0:
		return e.UsageError("unexpected argument %q", rest[0])
	case *kind == "":
		return e.UsageError("-kind is required: cns, cns-provisional, cpf, cnpj or cnpj-alnum")
	case !ok:
		return e.UsageError("unknown -kind %q: want cns, cns-provisional, cpf, cnpj or cnpj-alnum", *kind)
	case *n < 1 || *n > maxGenerate:
		return e.UsageError("-n %d: want 1 to %d", *n, maxGenerate)
	}
	s := *seed
	seeded := false
	fs.Visit(func(f *flag.Flag) { seeded = seeded || f.Name == "seed" })
	if !seeded {
		s = rand.Uint64()
	}
	r := rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15))
	for i := 0; i < *n; i++ {
		if _, err := fmt.Fprintln(e.Stdout, gen(r)); err != nil {
			break // reported when the run ends
		}
	}
	return cli.ExitOK
}

func format(e *cli.Env, args []string) int {
	fs := e.Flags("format")
	rest, code := e.Parse(fs, args)
	if code != cli.Proceed {
		return code
	}
	vals, err := values(e, rest)
	if err != nil {
		return e.Exit(cli.ExitError, fmt.Errorf("reading standard input: %w", err))
	}
	if len(vals) == 0 {
		return e.UsageError("no VALUE given")
	}
	code = cli.ExitOK
	for _, v := range vals {
		out, err := formatOne(v)
		if err != nil {
			e.Errorf("%s: invalid: %s", v, reasonOf(err))
			code = cli.ExitInvalid
			continue
		}
		fmt.Fprintln(e.Stdout, out)
	}
	return code
}

func formatOne(v string) (string, error) {
	switch detect(v) {
	case "cns":
		c, err := cns.ParseCNS(v)
		return c.Format(), err
	case "cpf":
		c, err := cns.ParseCPF(v)
		return c.Format(), err
	case "cnpj":
		c, err := cnes.ParseCNPJ(v)
		return c.Format(), err
	case "pa":
		c, err := sigtap.ParseCode(v)
		return c.Format(), err
	case "cnes":
		c, err := cnes.ParseCode(v)
		return c.String(), err
	case "ine":
		c, err := cnes.ParseINE(v)
		return c.String(), err
	}
	return "", errors.New(unknownKind(v))
}
