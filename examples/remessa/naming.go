package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/go-sus/sus/bpa"
)

func init() {
	register("nome", command{
		usage: `nome build -id ID -competencia AAAAMM
    Print the export file name PA<ID>.<MMM> for a file whose header
    competência (cbc_mvm) is AAAAMM: ID is 1–8 characters A–Z a–z 0–9 - _
    (BPA-Mag uses the 6-character sigla), MMM the Portuguese month (JAN…DEZ).
nome check [-competencia AAAAMM] [-json] NAME…
    Check file names (paths are reduced to their base name). With
    -competencia, a month that differs from the header is a warning. Exit 1
    when any name is malformed; warnings do not fail.
`,
		run: func(e *env, args []string) int {
			return e.dispatch("nome", args, map[string]func(*env, []string) int{
				"build": (*env).nomeBuild,
				"check": (*env).nomeCheck,
			})
		},
	})
}

func (e *env) nomeBuild(args []string) int {
	const name = "nome build"
	fs := e.flags(name)
	id := fs.String("id", "", "the identifier, 1–8 characters (BPA-Mag: the header sigla)")
	var c competenciaFlag
	fs.Var(&c, "competencia", "the header competência `AAAAMM` (cbc_mvm), required")
	if code := e.flagsOnly(name, fs, args); code != proceed {
		return code
	}
	switch {
	case *id == "" || c.c.IsZero():
		return e.usageError(name, "-id ID and -competencia AAAAMM are required")
	}
	fn, err := bpa.NewFileName(*id, c.c)
	if err != nil {
		return e.fail(name, err)
	}
	fmt.Fprintln(e.stdout, fn)
	return exitOK
}

// nomeResult is the -json form of one checked name.
type nomeResult struct {
	Input   string `json:"input"`
	Valid   bool   `json:"valid"`
	ID      string `json:"id,omitempty"`
	Month   string `json:"month,omitempty"`
	Warning string `json:"warning,omitempty"`
	Error   string `json:"error,omitempty"`
}

func (e *env) nomeCheck(args []string) int {
	const name = "nome check"
	fs := e.flags(name)
	var c competenciaFlag
	fs.Var(&c, "competencia", "the header competência `AAAAMM` to compare the month with")
	asJSON := fs.Bool("json", false, "one JSON object per line")
	names, code := e.inputs(name, fs, args)
	if code != proceed {
		return code
	}
	code = exitOK
	for _, in := range names {
		r := nomeResult{Input: in}
		fn, err := bpa.ParseFileName(filepath.Base(in))
		if err != nil {
			code = exitInvalid
			r.Error = motivoNome(err)
		} else {
			r.Valid, r.ID, r.Month = true, fn.ID, fn.String()[len(fn.String())-3:]
			if !c.c.IsZero() {
				if w := fn.CheckCompetencia(c.c); w != nil {
					r.Warning = avisoNome(w)
				}
			}
		}
		switch {
		case *asJSON:
			e.writeJSONLine(r)
		case !r.Valid:
			fmt.Fprintf(e.stdout, "%s: inválido: %s\n", in, r.Error)
		case r.Warning != "":
			fmt.Fprintf(e.stdout, "%s: válido, id %q, mês %s; aviso: %s\n", in, r.ID, r.Month, r.Warning)
		default:
			fmt.Fprintf(e.stdout, "%s: válido, id %q, mês %s\n", in, r.ID, r.Month)
		}
	}
	return code
}

// motivosNome are the Portuguese of the reasons bpa.FileNameError gives
// (English, the library's).
var motivosNome = map[string]string{
	"a path, not a file name (pass its base name)":                       "é um caminho, não um nome de arquivo",
	"longer than PA + 8 characters + .MMM":                               "mais longo que PA + 8 caracteres + .MMM",
	`does not start with "PA"`:                                           `não começa com "PA"`,
	"no extension":                                                       "sem extensão",
	"extension is not a Portuguese month abbreviation (JAN … DEZ)":       "a extensão não é a abreviatura de um mês (JAN … DEZ)",
	"empty identifier":                                                   "identificador vazio",
	"identifier longer than 8 characters":                                "identificador com mais de 8 caracteres",
	"identifier holds a character other than A–Z, a–z, 0–9, '-' and '_'": "identificador com caractere fora de A–Z, a–z, 0–9, '-' e '_'",
	"no competência":                                                     "sem competência",
}

// motivoNome says in Portuguese why a file name is not an export file
// name PA<id>.<MMM>; a reason motivosNome does not know gives a general
// one.
func motivoNome(err error) string {
	var fe *bpa.FileNameError
	if errors.As(err, &fe) {
		if m, ok := motivosNome[fe.Reason]; ok {
			return m
		}
	}
	return "não é um nome de arquivo de exportação PA<id>.<MMM>"
}

// avisoNome says in Portuguese that the month of a file name differs from
// the header competência (bpa.FileNameMismatch).
func avisoNome(err error) string {
	var fm *bpa.FileNameMismatch
	if errors.As(err, &fm) {
		return fmt.Sprintf("o nome %q indica o mês %s, mas a competência do cabeçalho é %s (%s)",
			fm.Name, fm.Name[strings.LastIndexByte(fm.Name, '.')+1:], fm.Competencia.Format(), fm.Competencia.Abbrev())
	}
	return "o mês do nome difere da competência do cabeçalho"
}
