// Command cns validates, formats and generates SUS identifiers: CNS, CPF,
// CNPJ (numeric and alphanumeric), CNES, INE and SIGTAP procedure codes.
//
//	cns validate [-kind auto|cns|cpf|cnpj|cnes|ine|pa] [-json] VALUE...
//	cns generate -kind cns|cns-provisional|cpf|cnpj|cnpj-alnum [-n N] [-seed S]
//	cns format VALUE...
//
// validate prints one line per value, "VALUE<TAB>valid<TAB>KIND" or
// "VALUE<TAB>invalid<TAB>REASON" (with -json, one JSON object per value
// with the fields value, valid, kind and reason), and exits 0 when every
// value is valid, 1 when any is invalid and 2 on usage errors.
//
// With -kind auto (the default) the kind is decided by the characters and
// length after removing the usual separators: 15 digits → CNS, 11 → CPF,
// 14 characters → CNPJ, 7 digits → CNES, 10 digits → a procedure code when
// written with its dots (02.04.03.018-8) or when it starts with a SIGTAP
// grupo 01–09 and its check digit matches, else an INE (which has no check
// digit and is zero-padded, so it usually starts with 00).
//
// generate prints N valid values (default 10), one per line; with -seed the
// output is the same on every run.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/internal/cli"
	"github.com/go-sus/sus/internal/ident"
	"github.com/go-sus/sus/sigtap"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

const usage = `usage:
  cns validate [-kind auto|cns|cpf|cnpj|cnes|ine|pa] [-json] VALUE...
  cns generate -kind cns|cns-provisional|cpf|cnpj|cnpj-alnum [-n N] [-seed S]
  cns format VALUE...
`

// run is main without the process: it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "validate":
		return validate(args[1:], stdout, stderr)
	case "generate":
		return generate(args[1:], stdout, stderr)
	case "format":
		return format(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "cns: unknown command %q\n%s", args[0], usage)
	return 2
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
		if len(n) == 14 {
			return "cnpj"
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

func check(kind, v string) result {
	k := kind
	if k == "auto" {
		k = detect(v)
		if k == "" {
			return result{Value: v, Reason: fmt.Sprintf("cannot tell the kind of a value of %d characters", len(ident.Normalize(v)))}
		}
	}
	name, err := kinds[k](v)
	if err != nil {
		reason := err.Error()
		var ve *ident.Error
		if errors.As(err, &ve) {
			reason = strings.ToLower(ve.Type) + ": " + ve.Err.Error()
		}
		return result{Value: v, Reason: reason}
	}
	return result{Value: v, Valid: true, Kind: name}
}

func validate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	kind := fs.String("kind", "auto", "auto|cns|cpf|cnpj|cnes|ine|pa")
	asJSON := fs.Bool("json", false, "one JSON object per value")
	values, err := cli.Parse(fs, args)
	if err != nil {
		return 2
	}
	if _, ok := kinds[*kind]; !ok && *kind != "auto" {
		fmt.Fprintf(stderr, "cns validate: unknown kind %q\n", *kind)
		return 2
	}
	if len(values) == 0 {
		fmt.Fprint(stderr, "cns validate: no values\n", usage)
		return 2
	}
	enc := json.NewEncoder(stdout)
	code := 0
	for _, v := range values {
		r := check(*kind, v)
		if !r.Valid {
			code = 1
		}
		switch {
		case *asJSON:
			enc.Encode(r)
		case r.Valid:
			fmt.Fprintf(stdout, "%s\tvalid\t%s\n", v, r.Kind)
		default:
			fmt.Fprintf(stdout, "%s\tinvalid\t%s\n", v, r.Reason)
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

func generate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	kind := fs.String("kind", "", "cns|cns-provisional|cpf|cnpj|cnpj-alnum")
	n := fs.Int("n", 10, "how many values")
	seed := fs.Uint64("seed", 0, "seed for a reproducible output (default: random)")
	rest, err := cli.Parse(fs, args)
	if err != nil {
		return 2
	}
	gen, ok := generators[*kind]
	if !ok || len(rest) > 0 || *n < 0 {
		fmt.Fprintf(stderr, "cns generate: need -kind cns|cns-provisional|cpf|cnpj|cnpj-alnum and -n ≥ 0\n")
		return 2
	}
	s := *seed
	seeded := false
	fs.Visit(func(f *flag.Flag) { seeded = seeded || f.Name == "seed" })
	if !seeded {
		s = rand.Uint64()
	}
	r := rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15))
	for i := 0; i < *n; i++ {
		fmt.Fprintln(stdout, gen(r))
	}
	return 0
}

func format(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, "cns format: no values\n", usage)
		return 2
	}
	code := 0
	for _, v := range args {
		out, err := formatOne(v)
		if err != nil {
			fmt.Fprintf(stderr, "%s\t%v\n", v, err)
			code = 1
			continue
		}
		fmt.Fprintln(stdout, out)
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
	return "", fmt.Errorf("cannot tell the kind of a value of %d characters", len(ident.Normalize(v)))
}
