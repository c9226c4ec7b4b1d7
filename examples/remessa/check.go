package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/go-sus/sus/remessa"
)

func init() {
	register("check", command{usage: `check -sigtap RELEASE[,RELEASE…] -cnes PATH[,PATH…] [-json] [-html OUT] [-j N] FILE
    Judges every line of the BPA file FILE ("-" for stdin) against the SIGTAP
    release of its competência and the CNES registry of that competência, and
    prints SIA-style ocorrências and the síntese (text), or one JSON object per
    line then the críticas and the summary (-json). -html also writes a
    self-contained HTML page to OUT. RELEASE is a SIGTAP ZIP, a release folder
    or a folder of ZIPs; PATH is a BASE_DE_DADOS_CNES ZIP, its extracted
    folder, or a folder of those. -j sets the number of workers (0: all cores).
    -disable CODE,CODE… turns checks off. -sigtap and -cnes are required
    unless -allow-missing sigtap|cnes|sigtap,cnes names the source to do
    without: every line it would have checked is then nao_verificada. -sia REPORT compares the result
    with SIA's own consistency report (see sia-report): lines flagged by
    both, by SIA only and by go-sus only.
    Exit status: 0 all lines aprovada, 1 some line rejeitada or
    nao_verificada or the file rejected, 2 usage or I/O error.
`, run: func(e *env, args []string) int { return runCheck(e, "check", args) }})
	register("value", command{usage: `value -sigtap RELEASE[,RELEASE…] -cnes PATH[,PATH…] [-json] [-j N] FILE
    Like check, but prints only the totals per establishment × financing ×
    rubrica, approved and rejected (-json: the summary as JSON).
`, run: func(e *env, args []string) int { return runCheck(e, "value", args) }})
}

func runCheck(e *env, name string, args []string) int {
	fs := e.flags(name)
	sigtapList := fs.String("sigtap", "", "SIGTAP release(s), comma-separated")
	cnesList := fs.String("cnes", "", "CNES distribution(s), comma-separated")
	asJSON := fs.Bool("json", false, "JSON lines instead of text")
	htmlOut := ""
	if name == "check" {
		fs.StringVar(&htmlOut, "html", "", "also write an HTML report to this file")
	}
	workers := fs.Int("j", 0, "workers (0: all cores)")
	disable := fs.String("disable", "", "crítica codes to turn off, comma-separated")
	siaFile := ""
	if name == "check" {
		fs.StringVar(&siaFile, "sia", "", "SIA consistency report to compare with")
	}
	allowMissing := fs.String("allow-missing", "", "check without a source: sigtap, cnes or sigtap,cnes (affected lines are nao_verificada)")
	rest, err := parse(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(rest) != 1 {
		return e.usageError(name, "need exactly one FILE")
	}
	ck := &remessa.Checker{Workers: *workers, File: filepath.Base(rest[0])}
	for _, src := range splitList(*allowMissing) {
		switch src {
		case "sigtap":
			ck.AllowMissing = append(ck.AllowMissing, remessa.FonteSIGTAP)
		case "cnes":
			ck.AllowMissing = append(ck.AllowMissing, remessa.FonteCNES)
		default:
			return e.usageError(name, "-allow-missing takes sigtap, cnes or sigtap,cnes, not %q", src)
		}
	}
	if *sigtapList == "" && !slices.Contains(ck.AllowMissing, remessa.FonteSIGTAP) {
		return e.usageError(name, "need -sigtap (or -allow-missing sigtap: lines are then nao_verificada)")
	}
	if *cnesList == "" && !slices.Contains(ck.AllowMissing, remessa.FonteCNES) {
		return e.usageError(name, "need -cnes (or -allow-missing cnes: lines are then nao_verificada)")
	}
	for _, d := range splitList(*disable) {
		ck.Disable = append(ck.Disable, remessa.Code(d))
	}
	if *sigtapList != "" {
		if ck.SIGTAP, err = loadSigtap(*sigtapList); err != nil {
			fmt.Fprintf(e.stderr, "remessa %s: %v\n", name, err)
			return exitUsage
		}
	}
	if *cnesList != "" {
		if ck.CNES, err = loadCNES(*cnesList); err != nil {
			fmt.Fprintf(e.stderr, "remessa %s: %v\n", name, err)
			return exitUsage
		}
	}
	var sia *remessa.SIAReport
	if siaFile != "" {
		f, err := os.Open(siaFile)
		if err == nil {
			sia, err = remessa.ParseSIAReport(f)
			f.Close()
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "remessa %s: %v\n", name, err)
			return exitUsage
		}
	}
	in, err := e.openInput(rest[0])
	if err != nil {
		fmt.Fprintf(e.stderr, "remessa %s: %v\n", name, err)
		return exitUsage
	}
	defer in.Close()
	return e.reportSIA(name, ck, in, *asJSON, htmlOut, sia)
}

// report runs the checker and writes the requested reports; it returns the
// exit code of check.
func (e *env) report(name string, ck *remessa.Checker, in io.Reader, asJSON bool, htmlOut string) int {
	return e.reportSIA(name, ck, in, asJSON, htmlOut, nil)
}

// reportSIA is report, comparing with SIA's report when sia is not nil.
func (e *env) reportSIA(name string, ck *remessa.Checker, in io.Reader, asJSON bool, htmlOut string, sia *remessa.SIAReport) int {
	var emit func(*remessa.Result) error
	var jw *remessa.JSONLinesWriter
	if asJSON {
		jw = remessa.NewJSONLinesWriter(e.stdout)
		if name == "check" {
			emit = jw.WriteResult
		}
	}
	var rejected []remessa.Result
	if sia != nil {
		inner := emit
		emit = func(r *remessa.Result) error {
			if r.Rejected() {
				c := *r
				c.Criticas = slices.Clone(r.Criticas)
				rejected = append(rejected, c)
			}
			if inner != nil {
				return inner(r)
			}
			return nil
		}
	}
	sum, err := ck.Check(in, emit)
	if err != nil {
		fmt.Fprintf(e.stderr, "remessa %s: %v\n", name, err)
		return exitUsage
	}
	switch {
	case asJSON:
		err = jw.WriteSummary(sum)
	case name == "value":
		err = remessa.WriteTotals(e.stdout, sum)
	default:
		err = remessa.WriteText(e.stdout, sum)
	}
	if err == nil && sia != nil {
		cmp := remessa.CompareSIA(sia, rejected)
		if asJSON {
			e.writeJSONLine(struct {
				Kind string `json:"kind"`
				remessa.SIAComparison
			}{"sia_comparison", cmp})
		} else {
			writeSIAComparison(e.stdout, cmp)
		}
	}
	if err == nil && htmlOut != "" {
		var b bytes.Buffer
		if err = remessa.WriteHTML(&b, sum); err == nil {
			err = writeFileAtomic(htmlOut, b.Bytes())
		}
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "remessa %s: %v\n", name, err)
		return exitUsage
	}
	if sum.Rejected > 0 || sum.Unverified > 0 || hasFileError(sum) {
		return exitInvalid
	}
	return exitOK
}

func hasFileError(s *remessa.Summary) bool {
	for _, c := range s.Criticas {
		if c.Severity == remessa.Erro {
			return true
		}
	}
	return false
}

func writeSIAComparison(w io.Writer, c remessa.SIAComparison) {
	fmt.Fprintf(w, "\nCOMPARACAO COM O RELATORIO DO SIA\n")
	fmt.Fprintf(w, "  linhas rejeitadas pelos dois: %d; só pelo SIA: %d ocorrências; só pelo go-sus: %d linhas\n",
		len(c.Both), len(c.OnlySIA), len(c.OnlyGoSUS))
	for _, o := range c.OnlySIA {
		fmt.Fprintf(w, "  SIA    %s %s %03d/%02d %s  %s\n", o.Tipo, o.Competencia.Format(), o.Folha, o.Seq, o.Procedimento, o.Message)
	}
	for _, r := range c.OnlyGoSUS {
		msg := ""
		if len(r.Criticas) > 0 {
			msg = r.Criticas[0].Message
		}
		fmt.Fprintf(w, "  go-sus linha %d %s %03d/%02d %s  %s\n", r.Line, r.Competencia.Format(), r.Folha, r.Seq, r.Procedimento, msg)
	}
}
