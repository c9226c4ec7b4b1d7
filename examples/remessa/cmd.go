package main

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/go-sus/sus/internal/ident"
	"github.com/go-sus/sus/remessa/autorizacao"
)

func init() {
	register("cmd", command{
		usage: `cmd validate [-json] [-complementar] NUMBER…
    Check CMD authorization numbers, 999999-A-99-99-999999-9999999-D (25
    characters, or 31 with the hyphens; "-" reads standard input). Only the
    structure is checked: the check digit algorithm (Anexo V of the Portaria
    SAES 2025) is not published, so the check digit is NOT checked, and every
    line says so. -complementar also requires positions 12–17 to be 000000,
    as numbers of the Agora Tem Especialistas complementary component must.
    Exit 1 when any number is invalid.
cmd build -group1 D6 -group2 C -group3 D2 -identifier D2 [-group5 D6] -group6 D7 -dv C [-json]
    Assemble a number from its groups (positions 1–6, 7, 8–9, 10–11, 12–17,
    18–24) and print it with the mask. -group5 defaults to 000000. -dv (the
    check digit, position 25) is required: go-sus cannot compute it.
`,
		run: func(e *env, args []string) int {
			return e.dispatch("cmd", args, map[string]func(*env, []string) int{
				"validate": (*env).cmdValidate,
				"build":    (*env).cmdBuild,
			})
		},
	})
}

// cmdResult is the -json form of one CMD number.
type cmdResult struct {
	Input        string `json:"input"`
	Valid        bool   `json:"valid"`
	Number       string `json:"number,omitempty"`
	Formatted    string `json:"formatted,omitempty"`
	Identifier   string `json:"identifier,omitempty"`
	Complementar bool   `json:"zeros_12_17,omitempty"`
	CheckDigit   string `json:"check_digit"`     // pt-BR; always "não conferido (algoritmo não publicado)"
	Error        string `json:"error,omitempty"` // pt-BR
}

func (e *env) cmdValidate(args []string) int {
	const name = "cmd validate"
	fs := e.flags(name)
	asJSON := fs.Bool("json", false, "one JSON object per line")
	comp := fs.Bool("complementar", false, "require 000000 at positions 12–17 (complementary component)")
	nums, code := e.inputs(name, fs, args)
	if code != proceed {
		return code
	}
	code = exitOK
	for _, in := range nums {
		r := checkCMD(in, *comp)
		if !r.Valid {
			code = exitInvalid
		}
		switch {
		case *asJSON:
			e.writeJSONLine(r)
		case !r.Valid:
			fmt.Fprintf(e.stdout, "%s: inválido: %s\n", in, r.Error)
		default:
			zeros := "posições 12–17 iguais a 000000 (formato do componente complementar)"
			if !r.Complementar {
				zeros = "posições 12–17 diferentes de 000000 (não é número do componente complementar)"
			}
			fmt.Fprintf(e.stdout, "%s: bem formado, identificador %s, %s; dígito verificador %s\n", r.Formatted, r.Identifier, zeros, r.CheckDigit)
		}
	}
	return code
}

func checkCMD(in string, complementar bool) cmdResult {
	r := cmdResult{Input: in, CheckDigit: situacaoDV(autorizacao.DVNotChecked)}
	a, err := autorizacao.ParseCMD(in)
	if err != nil {
		switch {
		case errors.Is(err, autorizacao.ErrLength):
			r.Error = fmt.Sprintf("tamanho incorreto: %d caracteres, o número tem 25 (ou 31 com os hífens)", utf8.RuneCountInString(in))
		case errors.Is(err, autorizacao.ErrFormat):
			r.Error = "hífens fora das posições da máscara 999999-A-99-99-999999-9999999-D"
		case errors.Is(err, autorizacao.ErrCharacters):
			r.Error = "caractere fora da máscara: dígitos, e letra só nas posições 7 e 25"
		default:
			r.Error = ident.Motivo(err)
		}
		return r
	}
	if complementar && a.CheckComplementar() != nil {
		r.Error = "as posições 12–17 devem ser 000000 no componente complementar"
		return r
	}
	r.Valid, r.Number, r.Formatted = true, a.String(), a.Format()
	r.Identifier, r.Complementar = a.Identifier(), a.ComplementaryZeros()
	r.CheckDigit = situacaoDV(a.VerifyDV(nil))
	return r
}

// situacaoDV says in Portuguese what is known about a check digit (the
// Portuguese of autorizacao.DVStatus).
func situacaoDV(s autorizacao.DVStatus) string {
	switch s {
	case autorizacao.DVCorrect:
		return "correto"
	case autorizacao.DVWrong:
		return "incorreto"
	}
	return "não conferido (algoritmo não publicado)"
}

func (e *env) cmdBuild(args []string) int {
	const name = "cmd build"
	fs := e.flags(name)
	var p autorizacao.CMDParts
	fs.StringVar(&p.Group1, "group1", "", "positions 1–6 (6 digits)")
	fs.StringVar(&p.Group2, "group2", "", "position 7 (one digit or letter)")
	fs.StringVar(&p.Group3, "group3", "", "positions 8–9 (2 digits)")
	fs.StringVar(&p.Identifier, "identifier", "", "positions 10–11, special identifier (Anexo VI)")
	fs.StringVar(&p.Group5, "group5", "000000", "positions 12–17 (6 digits; 000000 for the complementary component)")
	fs.StringVar(&p.Group6, "group6", "", "positions 18–24 (7 digits)")
	fs.StringVar(&p.CheckDigit, "dv", "", "position 25, the check digit (required: its algorithm is not published)")
	asJSON := fs.Bool("json", false, "print a JSON object")
	if code := e.flagsOnly(name, fs, args); code != proceed {
		return code
	}
	for _, f := range []struct{ flag, v string }{
		{"group1", p.Group1}, {"group2", p.Group2}, {"group3", p.Group3},
		{"identifier", p.Identifier}, {"group6", p.Group6},
	} {
		if f.v == "" {
			return e.usageError(name, "-%s is required", f.flag)
		}
	}
	if p.CheckDigit == "" {
		return e.usageError(name, "-dv is required: the check digit algorithm (Anexo V) is not published, so go-sus cannot compute it")
	}
	a, err := autorizacao.BuildCMD(p, nil)
	if err != nil {
		var ve *autorizacao.ValueError
		if errors.As(err, &ve) {
			err = ve.Err
		}
		return e.fail(name, err)
	}
	if *asJSON {
		e.writeJSONLine(struct {
			Number     string `json:"number"`
			Formatted  string `json:"formatted"`
			CheckDigit string `json:"check_digit"`
		}{a.String(), a.Format(), "informado, não conferido (algoritmo não publicado)"})
		return exitOK
	}
	fmt.Fprintln(e.stdout, a.Format())
	return exitOK
}
