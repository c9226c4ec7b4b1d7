package main

import (
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/go-sus/sus/internal/cli"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/sigtap"
)

func init() {
	register("check", command{usage: `check -sigtap RELEASE[,RELEASE…] -cnes PATH[,PATH…] [-allow-missing sigtap|cnes|sigtap,cnes] [-json] [-html OUT] [-j N] [-competencia AAAAMM] [-disable CODE,…] [-sia REPORT] PATH…
    Judges every line of the BPA files against the SIGTAP release of its
    competência and the CNES registry of that competência, as SIA does, and
    prints SIA-style ocorrências and the síntese da produção.
    Each PATH is a BPA file, a folder (every regular file in it whose first
    line starts with 01#BPA#; other entries are listed as skipped on
    standard error), or "-" for standard input (then the only PATH). Several
    files — or a folder — are the month of a gestão, checked as one remessa:
    the cross-line rules hold across the files (one instrument per
    procedure per CNES, quantity per patient, duplicate attendances), a file
    whose header competência differs from the set's is rejected, a file
    sent twice and a name that names another month are avisos; the reports
    show the month first, then each file. One FILE gives the one-file report.
      -sigtap LIST   SIGTAP releases, comma-separated: release ZIPs
                     (TabelaUnificada_AAAAMM_v….zip), release folders, or
                     folders of those; required unless -allow-missing sigtap
      -cnes LIST     CNES registries, comma-separated: BASE_DE_DADOS_CNES
                     ZIPs, their extracted folders, or folders of those (one
                     per competência); required unless -allow-missing cnes
      -allow-missing sigtap|cnes|sigtap,cnes
                     check without that source: every line it would have
                     checked is nao_verificada (and the run exits 1)
      -json          JSON lines instead of text: every line
                     ({"kind":"line","file":…}); for one FILE then its
                     críticas and {"kind":"summary"}; for a month, after each
                     file's lines its críticas and {"kind":"file_summary"},
                     and last {"kind":"summary", …, "files": N}
      -html OUT      also write a self-contained HTML report to OUT
                     (atomically; checked before the run starts)
      -j N           workers judging lines, 1–256 (default 0: all cores)
      -competencia AAAAMM
                     the processing competência of the set (default: the
                     header competência most files carry)
      -disable LIST  crítica codes not to run or report, comma-separated;
                     an unknown code is a usage error that lists them all
      -sia REPORT    compare with SIA's own consistency report (see
                     sia-report): lines flagged by both, by SIA only and by
                     go-sus only (one FILE only)
    Exit status: 0 every line aprovada; 1 a line rejeitada or
    nao_verificada, a file-level erro, or a file that is not a BPA file, is
    empty or holds only its header; 2 usage or I/O error.
`, run: func(e *env, args []string) int { return runCheck(e, "check", args) }})
	register("value", command{usage: `value -sigtap RELEASE[,RELEASE…] -cnes PATH[,PATH…] [-allow-missing sigtap|cnes|sigtap,cnes] [-json] [-j N] [-competencia AAAAMM] [-disable CODE,…] PATH…
    Like check (same PATH list and flags), but prints only the síntese: the
    totals per establishment × financing × rubrica, approved, rejected and
    not verified (-json: the summary object — for a month, of the whole
    set). Exit status as check.
`, run: func(e *env, args []string) int { return runCheck(e, "value", args) }})
}

// checkFlags are the parsed flags of check and value.
type checkFlags struct {
	sigtap, cnes, allowMissing, disable, html, sia, competencia string
	json                                                        bool
	workers                                                     int
}

func runCheck(e *env, name string, args []string) int {
	fs := e.flags(name)
	var f checkFlags
	fs.StringVar(&f.sigtap, "sigtap", "", "SIGTAP release(s), comma-separated")
	fs.StringVar(&f.cnes, "cnes", "", "CNES distribution(s), comma-separated")
	fs.BoolVar(&f.json, "json", false, "JSON lines instead of text")
	if name == "check" {
		fs.StringVar(&f.html, "html", "", "also write an HTML report to this file")
		fs.StringVar(&f.sia, "sia", "", "SIA consistency report to compare with")
	}
	fs.IntVar(&f.workers, "j", 0, "workers (0: all cores)")
	fs.StringVar(&f.disable, "disable", "", "crítica codes to turn off, comma-separated")
	fs.StringVar(&f.allowMissing, "allow-missing", "", "check without a source: sigtap, cnes or sigtap,cnes (affected lines are nao_verificada)")
	fs.StringVar(&f.competencia, "competencia", "", "processing competência AAAAMM of the set")
	rest, err := parse(fs, args)
	if err != nil {
		return exitUsage
	}
	// Flags first, then the inputs, then the outputs — all before the
	// releases and registries load.
	ck := &remessa.Checker{Workers: f.workers}
	if f.workers < 0 || f.workers > remessa.MaxWorkers {
		return e.usageError(name, "-j %d: want 1 to %d workers (0: all cores)", f.workers, remessa.MaxWorkers)
	}
	for _, src := range splitList(f.allowMissing) {
		switch src {
		case "sigtap":
			ck.AllowMissing = append(ck.AllowMissing, remessa.FonteSIGTAP)
		case "cnes":
			ck.AllowMissing = append(ck.AllowMissing, remessa.FonteCNES)
		default:
			return e.usageError(name, "-allow-missing takes sigtap, cnes or sigtap,cnes, not %q", src)
		}
	}
	if f.sigtap == "" && !slices.Contains(ck.AllowMissing, remessa.FonteSIGTAP) {
		return e.usageError(name, "-sigtap RELEASE is required (or -allow-missing sigtap: lines are then nao_verificada)")
	}
	if f.cnes == "" && !slices.Contains(ck.AllowMissing, remessa.FonteCNES) {
		return e.usageError(name, "-cnes PATH is required (or -allow-missing cnes: lines are then nao_verificada)")
	}
	if ck.Disable, err = parseDisable(f.disable); err != nil {
		return e.usageError(name, "%v", err)
	}
	if f.competencia != "" {
		if ck.Competencia, err = sigtap.ParseCompetencia(f.competencia); err != nil {
			return e.usageError(name, "-competencia %q: want a competência AAAAMM", f.competencia)
		}
	}
	files, month, code := e.expandPaths(name, rest)
	if code != proceed {
		return code
	}
	if f.sia != "" && month {
		return e.usageError(name, "-sia compares one FILE with SIA's report of it, not a set of %d files", len(files))
	}
	if f.html != "" {
		if err := cli.CheckOutput(f.html); err != nil {
			return e.ioFail(name, err)
		}
	}
	var sia *remessa.SIAReport
	if f.sia != "" {
		in, err := e.openInput(f.sia)
		if err == nil {
			sia, err = remessa.ParseSIAReport(in)
			in.Close()
		}
		if err != nil {
			return e.failPath(name, f.sia, err)
		}
	}
	var c int
	if ck.SIGTAP, ck.CNES, c = e.loadRefs(name, f.sigtap, f.cnes); c != proceed {
		return c
	}
	return e.checkFiles(name, ck, files, month, f.json, f.html, sia)
}

// report runs the checker on one in-memory file (the demo) and writes the
// one-file reports; it returns the exit code of check.
func (e *env) report(name string, ck *remessa.Checker, in io.Reader, asJSON bool, htmlOut string) int {
	return e.checkInputs(name, ck, []remessa.Input{remessa.ReaderInput(ck.File, in)}, nil, false, asJSON, htmlOut, nil)
}

// checkFiles checks the BPA files and writes the reports.
func (e *env) checkFiles(name string, ck *remessa.Checker, files []bpaFile, month, asJSON bool, htmlOut string, sia *remessa.SIAReport) int {
	return e.checkInputs(name, ck, e.inputsOf(files), files, month, asJSON, htmlOut, sia)
}

// checkInputs runs CheckFiles over inputs and writes the reports: the
// one-file reports (WriteText, WriteHTML, JSONLinesWriter.WriteSummary)
// unless month, the month reports otherwise. files, when not nil, maps the
// inputs' names back to the paths the user gave.
func (e *env) checkInputs(name string, ck *remessa.Checker, inputs []remessa.Input, files []bpaFile, month, asJSON bool, htmlOut string, sia *remessa.SIAReport) int {
	var jw *remessa.JSONLinesWriter
	if asJSON {
		jw = remessa.NewJSONLinesWriter(e.stdout)
	}
	prog := e.progress(name, "lines")
	prog.SetTotal(declaredLines(files))
	var rejected []remessa.Result
	emit := func(r *remessa.Result) error {
		prog.Add(1)
		if sia != nil && r.Rejected() {
			c := *r
			c.Criticas = slices.Clone(r.Criticas)
			rejected = append(rejected, c)
		}
		if jw != nil && name != "value" {
			return jw.WriteResult(r)
		}
		return nil
	}
	if prog == nil && jw == nil && sia == nil {
		emit = nil // nothing to do per line
	}
	var fileDone func(*remessa.Summary) error
	if month && jw != nil && name != "value" {
		fileDone = jw.WriteFileSummary
	}
	m, err := ck.CheckFiles(e.ctx, inputs, emit, fileDone)
	if err != nil {
		prog.Stop()
		var he *remessa.HeaderError
		if errors.As(err, &he) {
			return e.failPath(name, pathOf(files, he.File), he.Err)
		}
		return e.fail(name, err)
	}
	prog.Done()
	one := m.Files[0]
	switch {
	case asJSON && month:
		err = jw.WriteMonthSummary(m)
	case asJSON:
		err = jw.WriteSummary(one)
	case name == "value" && month:
		err = remessa.WriteTotals(e.stdout, &m.Summary)
	case name == "value":
		err = remessa.WriteTotals(e.stdout, one)
	case month:
		err = remessa.WriteMonthText(e.stdout, m)
	default:
		err = remessa.WriteText(e.stdout, one)
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
	if err != nil {
		return e.ioFail(name, fmt.Errorf("writing standard output: %w", err))
	}
	if htmlOut != "" {
		err := cli.WriteFileAtomic(htmlOut, func(w io.Writer) error {
			if month {
				return remessa.WriteMonthHTML(w, m)
			}
			return remessa.WriteHTML(w, one)
		})
		if err != nil {
			return e.ioFail(name, err)
		}
	}
	code := exitOK
	if m.Rejected > 0 || m.Unverified > 0 || hasFileError(&m.Summary) {
		code = exitInvalid
	}
	for _, s := range m.Files {
		if s.Lines == 0 {
			e.failPath(name, pathOf(files, s.File), errHeaderOnly)
			code = exitInvalid
		}
	}
	return code
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
