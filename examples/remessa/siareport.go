package main

import (
	"encoding/json"

	"github.com/go-sus/sus/remessa"
)

func init() {
	register("sia-report", command{usage: `sia-report FILE
    Parses SIA's "RELATORIO DE OCORRENCIAS NA CONSISTENCIA" printout (FILE, or
    "-" for stdin; Windows-1252 or UTF-8) and prints it as JSON: banner fields
    and one entry per occurrence (tipo, competencia, folha, seq, procedimento,
    cbo, cns_profissional, cnes, message). Exit 1 when FILE is not such a
    report.
`, run: runSIAReport})
}

func runSIAReport(e *env, args []string) int {
	fs := e.flags("sia-report")
	rest, err := parse(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(rest) != 1 {
		return e.usageError("sia-report", "want one FILE, got %d arguments", len(rest))
	}
	in, err := e.openInput(rest[0])
	if err != nil {
		return e.failPath("sia-report", rest[0], err)
	}
	defer in.Close()
	rep, err := remessa.ParseSIAReport(in)
	if err != nil {
		return e.failPath("sia-report", rest[0], err)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep); err != nil {
		return e.ioFail("sia-report", err)
	}
	return exitOK
}
