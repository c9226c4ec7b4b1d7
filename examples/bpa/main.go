// Command bpa inspects, validates, converts, builds and generates BPA files
// (the BPA-Mag export read by SIA/SUS). It is a thin layer over the
// github.com/go-sus/sus/bpa package.
//
//	bpa inspect FILE
//	bpa validate [-json] [-max N | -all] FILE
//	bpa tojson FILE
//	bpa fromjson [-o OUT] FILE.jsonl
//	bpa build -mvm AAAAMM [-o OUT] [header flags] [-fold] [-truncate] [-split] FILE.jsonl
//	bpa gen -mvm AAAAMM -n N [-seed S] [-o OUT]
//	bpa help [COMMAND]
//
// "-" means standard input or output. Output files are written atomically
// (a temporary file in the same folder, renamed when complete; a failure
// or an interrupt leaves the previous file as it was). Long runs on a
// terminal show progress on standard error. Exit status: 0 success
// (validate: no erro, avisos allowed), 1 the file was read and has errors
// (or is not a BPA file, is empty, or holds only its header), 2 usage or
// I/O error.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/bpa/bpatest"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/internal/cli"
	"github.com/go-sus/sus/sigtap"
)

// app is the command; the subcommands register themselves in init.
var app = &cli.App{Name: "bpa", Notes: `"-" is standard input (FILE) or standard output (-o, the default). Files
given to -o are replaced atomically; a symbolic link, folder or device is
refused. Progress goes to standard error on a terminal only.
`}

func main() { app.Main() }

// run is main without the process: it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return app.Run(context.Background(), args, stdin, stdout, stderr)
}

func init() {
	app.Register("inspect", cli.Command{Usage: `inspect FILE
    Describe the BPA file FILE: its header, the records per type and
    BPA-I layout, the competências and CNES codes of the lines, the declared
    totals (cbc_lin, cbc_flh, cbc_smt_vrf) against the counted ones, the
    first unreadable line and the reader's warnings. Exit 1 when a line is
    unreadable, a declared total does not match, or the file has no
    production line.
`, Run: inspect})
	app.Register("validate", cli.Command{Usage: `validate [-json] [-max N | -all] FILE
    Check every line of FILE — layout, domains, check digits, dates, the
    competência window, folha/seq numbering, the header totals — and print
    each problem, in Portuguese, as "linha L, coluna C (field): SEVERITY
    CODE: MESSAGE [facts]". -max N prints at most N problems of each code
    (default 20, 0 prints none), then the count of every code; -all prints
    every problem. -json prints one JSON object per problem
    ({"kind":"problem", line, column, field, code, severity, message,
    facts}) within the same limit, and last {"kind":"summary", lines,
    problems, erros, avisos, codes, omitted}.
    Progress counts lines. Exit 1 when a problem is an erro (avisos alone
    exit 0) or the file has no production line.
`, Run: validate})
	app.Register("tojson", cli.Command{Usage: `tojson FILE
    Print FILE as JSON lines, one object per BPA line, named by the layout's
    field names. Stops at the first line that cannot be mapped. Exit 1 for
    such a line, or when FILE is not a BPA file, is empty or holds only its
    header.
`, Run: tojson})
	app.Register("fromjson", cli.Command{Usage: `fromjson [-o OUT] FILE.jsonl
    Write the BPA file that the JSON lines of FILE.jsonl describe, byte for
    byte (the header as given: totals are not recomputed; see build), to
    OUT (default "-", standard output). Exit 1 when a JSON line is invalid
    or the input holds no header or no production record (then OUT is not
    written).
`, Run: fromjson})
	app.Register("build", cli.Command{Usage: `build -mvm AAAAMM [-o OUT] [-rsp S] [-sgl S] [-cgccpf N] [-dst S] [-dst-in M|E] [-versao S] [-fold] [-truncate] [-split] FILE.jsonl
    Build a complete BPA file from production records (JSON lines of tipo
    02 and 03, as tojson prints them; their numbering is ignored): records
    are ordered and numbered as BPA-Mag does, the header comes from the
    flags with cbc_lin, cbc_flh and cbc_smt_vrf computed.
      -mvm AAAAMM   processing competência (cbc_mvm), required; it also
                    chooses the BPA-I layout of the records
      -o OUT        output file (default "-", standard output)
      -rsp S        cbc_rsp, the originating body's name
      -sgl S        cbc_sgl, its acronym (used in export file names)
      -cgccpf N     cbc_cgccpf, CNPJ or CPF of the provider (checked)
      -dst S        cbc_dst, the destination body's name
      -dst-in M|E   cbc_dst_in, M municipal or E estadual destination
      -versao S     cbc_versao, the version of the producing system
      -fold         fold text to upper-case ASCII without accents, for
                    receivers that take only ASCII (otherwise a character
                    Windows-1252 cannot hold is an error)
      -truncate     cut text values longer than their field (otherwise an
                    error naming the field)
      -split        when a limit is reached (folha 999 of a numbering key,
                    999999 lines) write several files OUT, OUT.2, OUT.3 …
                    — all of them or none; needs -o
    Exit 1 when a record is invalid or there is none.
`, Run: build})
	app.Register("gen", cli.Command{Usage: `gen -mvm AAAAMM -n N [-seed S] [-o OUT]
    Write a valid synthetic BPA file of N production lines (1–999999) for
    processing competência -mvm, with fake patients. The same -seed S
    (default 1) gives the same file. -o OUT (default "-", standard output).
`, Run: gen})
}

// open opens the input FILE; when it cannot, the failure is reported and
// code is the exit status, else cli.Proceed.
func open(e *cli.Env, path string) (in io.ReadCloser, code int) {
	in, err := e.Open(path)
	if err != nil {
		return nil, e.FailPath(path, err)
	}
	return in, cli.Proceed
}

// parseOneFile parses args with fs and wants exactly one positional
// argument, the FILE.
func parseOneFile(e *cli.Env, fs *flag.FlagSet, args []string) (string, int) {
	rest, code := e.Parse(fs, args)
	if code != cli.Proceed {
		return "", code
	}
	switch len(rest) {
	case 0:
		return "", e.UsageError("no FILE given")
	case 1:
		return rest[0], cli.Proceed
	}
	return "", e.UsageError("want one FILE, got %d arguments", len(rest))
}

// checkOut checks an -o path before the work starts ("-" and "" are
// standard output).
func checkOut(e *cli.Env, out string) int {
	if out == "" || out == "-" {
		return cli.Proceed
	}
	if err := cli.CheckOutput(out); err != nil {
		return e.Fail(err)
	}
	return cli.Proceed
}

// readErr reports an error met reading FILE: I/O errors exit 2, the
// reader's verdicts (not a BPA file, empty, too many lines, a bad line)
// exit 1.
func readErr(e *cli.Env, path string, err error) int { return e.FailPath(path, err) }

// lineCounter counts the lines of what is read through it.
type lineCounter struct {
	r     io.Reader
	lines int
	last  byte
}

func (c *lineCounter) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	if n > 0 {
		c.lines += bytes.Count(b[:n], []byte{'\n'})
		c.last = b[n-1]
	}
	return n, err
}

// count returns the number of lines read (a last line without a line feed
// counts).
func (c *lineCounter) count() int {
	if c.last != 0 && c.last != '\n' {
		return c.lines + 1
	}
	return c.lines
}

// errHeaderOnly is the verdict on a BPA file that holds only its header.
var errHeaderOnly = errors.New("no production line: the file holds only its header")

// sizeOf returns the size of a regular file (0 for standard input or when
// unknown), for progress.
func sizeOf(in io.Reader) int64 {
	if f, ok := in.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			return st.Size()
		}
	}
	return 0
}

// problemJSON is the -json form of one problem.
type problemJSON struct {
	Kind     string `json:"kind"` // "problem"
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Field    string `json:"field"`
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Message  string `json:"message"` // fixed per code, SIA-style (bpa.Problem.Message)
	Facts    string `json:"facts"`   // the particulars of this line, pt-BR ("" when none)
}

// validateSummary is the last -json object of validate.
type validateSummary struct {
	Kind     string         `json:"kind"` // "summary"
	File     string         `json:"file"`
	Lines    int            `json:"lines"`
	Problems int            `json:"problems"`
	Erros    int            `json:"erros"`
	Avisos   int            `json:"avisos"`
	Codes    map[string]int `json:"codes"`
	Omitted  int            `json:"omitted"` // problems not printed (-max)
}

func validate(e *cli.Env, args []string) int {
	fs := e.Flags("validate")
	asJSON := fs.Bool("json", false, "one JSON object per problem")
	maxPer := fs.Int("max", 20, "at most N problems printed per code")
	all := fs.Bool("all", false, "print every problem")
	path, code := parseOneFile(e, fs, args)
	if code != cli.Proceed {
		return code
	}
	if *maxPer < 0 {
		return e.UsageError("-max %d: want 0 or more", *maxPer)
	}
	limit := *maxPer
	if *all {
		limit = -1
	}
	in, code := open(e, path)
	if code != cli.Proceed {
		return code
	}
	defer in.Close()
	prog := e.Progress("validate", "lines")
	prog.SetSize(sizeOf(in))
	lc := &lineCounter{r: prog.Reader(in)}
	enc := json.NewEncoder(e.Stdout)
	sum := validateSummary{Kind: "summary", File: path, Codes: map[string]int{}}
	sev := map[string]bpa.Severity{}
	v := &bpa.Validator{}
	err := v.Check(lc, func(p bpa.Problem) {
		sum.Problems++
		if p.Severity == bpa.Erro {
			sum.Erros++
		} else {
			sum.Avisos++
		}
		n := sum.Codes[p.Code] + 1
		sum.Codes[p.Code] = n
		if _, ok := sev[p.Code]; !ok {
			sev[p.Code] = p.Severity
		}
		if limit >= 0 && n > limit {
			sum.Omitted++
			return
		}
		if *asJSON {
			enc.Encode(problemJSON{"problem", p.Line, p.Column, p.Field, p.Code, p.Severity.String(), p.Message, p.Facts})
			return
		}
		fmt.Fprintln(e.Stdout, p)
	})
	if err != nil {
		prog.Stop()
		return readErr(e, path, err)
	}
	prog.Done()
	sum.Lines = lc.count()
	if *asJSON {
		enc.Encode(sum)
	} else if sum.Problems > 0 {
		fmt.Fprintf(e.Stdout, "%s em %s, por código:\n", plural(sum.Problems, "problema", "problemas"), plural(sum.Lines, "linha", "linhas"))
		for _, c := range slices.Sorted(maps.Keys(sum.Codes)) {
			n := sum.Codes[c]
			shown := ""
			if limit >= 0 && n > limit {
				shown = fmt.Sprintf(" (%s; -all mostra todos)", plural(limit, "mostrado", "mostrados"))
			}
			fmt.Fprintf(e.Stdout, "  %-24s %-5s %d%s\n", c, sev[c], n, shown)
		}
	}
	if sum.Lines <= 1 {
		return e.ExitPath(cli.ExitInvalid, path, errHeaderOnly)
	}
	if sum.Erros > 0 {
		return cli.ExitInvalid
	}
	return cli.ExitOK
}

// countWriter counts the CR LF or LF terminated lines written through it.
type countWriter struct {
	w     io.Writer
	lines int
}

func (c *countWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.lines += bytes.Count(b[:n], []byte{'\n'})
	return n, err
}

func tojson(e *cli.Env, args []string) int {
	fs := e.Flags("tojson")
	path, code := parseOneFile(e, fs, args)
	if code != cli.Proceed {
		return code
	}
	in, code := open(e, path)
	if code != cli.Proceed {
		return code
	}
	defer in.Close()
	cw := &countWriter{w: e.Stdout}
	if err := bpa.ToJSON(cw, in); err != nil {
		return readErr(e, path, err)
	}
	if cw.lines <= 1 {
		return e.ExitPath(cli.ExitInvalid, path, errHeaderOnly)
	}
	return cli.ExitOK
}

func fromjson(e *cli.Env, args []string) int {
	fs := e.Flags("fromjson")
	out := fs.String("o", "-", "output BPA file")
	path, code := parseOneFile(e, fs, args)
	if code != cli.Proceed {
		return code
	}
	if code := checkOut(e, *out); code != cli.Proceed {
		return code
	}
	in, code := open(e, path)
	if code != cli.Proceed {
		return code
	}
	defer in.Close()
	var inputErr error
	err := e.Output(*out, func(w io.Writer) error {
		cw := &countWriter{w: w}
		err := bpa.FromJSON(cw, in)
		switch {
		case err != nil:
			inputErr = err
		case cw.lines == 0:
			inputErr = errors.New("no BPA record: the input is empty")
		case cw.lines == 1:
			inputErr = errors.New("no production record: the input holds only a header")
		}
		return inputErr
	})
	switch {
	case inputErr != nil:
		return e.FailPath(path, inputErr)
	case err != nil:
		return e.Fail(err)
	}
	return cli.ExitOK
}

func build(e *cli.Env, args []string) int {
	fs := e.Flags("build")
	mvm := fs.String("mvm", "", "processing competência AAAAMM (cbc_mvm), required")
	out := fs.String("o", "-", "output BPA file")
	rsp := fs.String("rsp", "", "cbc_rsp: originating body")
	sgl := fs.String("sgl", "", "cbc_sgl: acronym of the originating body")
	cgc := fs.String("cgccpf", "", "cbc_cgccpf: CNPJ or CPF of the provider")
	dst := fs.String("dst", "", "cbc_dst: destination body")
	dstIn := fs.String("dst-in", "", "cbc_dst_in: M (municipal) or E (estadual)")
	versao := fs.String("versao", "", "cbc_versao: system version")
	fold := fs.Bool("fold", false, "fold text to upper-case ASCII")
	trunc := fs.Bool("truncate", false, "cut over-long text values")
	split := fs.Bool("split", false, "split into several files (OUT, OUT.2, …) when limits are reached")
	path, code := parseOneFile(e, fs, args)
	if code != cli.Proceed {
		return code
	}
	if *mvm == "" {
		return e.UsageError("-mvm AAAAMM is required")
	}
	c, err := sigtap.ParseCompetencia(*mvm)
	if err != nil {
		return e.UsageError("-mvm %q: want a competência AAAAMM", *mvm)
	}
	switch *dstIn {
	case "", "M", "E":
	default:
		return e.UsageError("-dst-in %q: want M (municipal) or E (estadual)", *dstIn)
	}
	h := bpa.Header{Competencia: c, Responsavel: *rsp, Sigla: *sgl, Destino: *dst, DestinoTipo: *dstIn, Versao: *versao}
	if *cgc != "" {
		if cnpj, err := cnes.ParseCNPJ(*cgc); err == nil {
			h.CNPJCPF = bpa.TaxIDFromCNPJ(cnpj)
		} else if cpf, err2 := cns.ParseCPF(*cgc); err2 == nil {
			h.CNPJCPF = bpa.TaxIDFromCPF(cpf)
		} else {
			return e.UsageError("-cgccpf %q: neither a valid CNPJ nor a valid CPF", *cgc)
		}
	}
	if *split && (*out == "-" || *out == "") {
		return e.UsageError("-split needs -o OUT (it may write several files)")
	}
	if code := checkOut(e, *out); code != cli.Proceed {
		return code
	}
	in, code := open(e, path)
	if code != cli.Proceed {
		return code
	}
	defer in.Close()
	recs, err := readJSONRecords(in, bpa.VersionFor(c))
	if err != nil {
		return e.FailPath(path, err)
	}
	if len(recs) == 0 {
		return e.ExitPath(cli.ExitInvalid, path, errors.New("no production record (tipo 02 or 03): nothing to build"))
	}
	built, err := bpa.Build(h, recs, &bpa.BuildOptions{Split: *split})
	if err != nil {
		return e.FailPath(path, err)
	}
	opts := &bpa.WriteOptions{FoldASCII: *fold, Truncate: *trunc}
	if *out == "-" || *out == "" {
		if err := built[0].Encode(e.Stdout, opts); err != nil {
			return e.FailPath(path, err)
		}
		return cli.ExitOK
	}
	// Every file or none: encode all, then commit them together.
	var files []*cli.AtomicFile
	abort := func() {
		for _, a := range files {
			a.Abort()
		}
	}
	for i, f := range built {
		name := *out
		if i > 0 {
			name = fmt.Sprintf("%s.%d", *out, i+1)
		}
		a, err := cli.CreateAtomic(name)
		if err != nil {
			abort()
			return e.Fail(err)
		}
		files = append(files, a)
		if err := f.Encode(a, opts); err != nil {
			abort()
			if cli.Status(err) == cli.ExitError {
				return e.Fail(err) // writing OUT
			}
			return e.FailPath(path, err) // a record that cannot be written

		}
	}
	if err := cli.CommitAll(files...); err != nil {
		return e.Fail(err)
	}
	if len(built) > 1 {
		e.Errorf("produção dividida em %d arquivos: %s … %s", len(built), files[0].Name(), files[len(files)-1].Name())
	}
	return cli.ExitOK
}

// readJSONRecords reads production records (tipo 02/03) from JSON lines;
// their numbering is ignored (Build assigns it) and their layout is chosen
// by the writer.
func readJSONRecords(r io.Reader, def bpa.Version) ([]bpa.Record, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), bpa.MaxJSONLine)
	var recs []bpa.Record
	n := 0
	for sc.Scan() {
		n++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		rec, err := bpa.ParseJSONRecord(sc.Bytes(), def)
		if err != nil {
			if pe, ok := err.(*bpa.ParseError); ok {
				pe.Line = n
			}
			return nil, err
		}
		switch r := rec.(type) {
		case *bpa.Consolidado:
			r.Line, r.Folha, r.Seq = n, 0, 0
		case *bpa.Individualizado:
			r.Line, r.Folha, r.Seq, r.Version = n, 0, 0, 0
		default:
			return nil, &bpa.ParseError{Line: n, Field: "tipo", Err: fmt.Errorf("%w: build takes production records (02, 03); the header comes from the flags", bpa.ErrJSON)}
		}
		recs = append(recs, rec)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &bpa.ParseError{Line: n + 1, Err: fmt.Errorf("%w: line longer than %d bytes", bpa.ErrJSON, bpa.MaxJSONLine)}
		}
		return nil, err
	}
	return recs, nil
}

func gen(e *cli.Env, args []string) int {
	fs := e.Flags("gen")
	mvm := fs.String("mvm", "", "processing competência AAAAMM, required")
	n := fs.Int("n", 0, "production lines (1–999999), required")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same file")
	out := fs.String("o", "-", "output BPA file")
	rest, code := e.Parse(fs, args)
	if code != cli.Proceed {
		return code
	}
	if len(rest) > 0 {
		return e.UsageError("unexpected argument %q", rest[0])
	}
	if *mvm == "" {
		return e.UsageError("-mvm AAAAMM is required")
	}
	c, err := sigtap.ParseCompetencia(*mvm)
	if err != nil {
		return e.UsageError("-mvm %q: want a competência AAAAMM", *mvm)
	}
	if *n < 1 || *n > bpa.MaxLines {
		return e.UsageError("-n %d: want 1 to %d", *n, bpa.MaxLines)
	}
	if code := checkOut(e, *out); code != cli.Proceed {
		return code
	}
	prog := e.Progress("gen", "lines")
	prog.SetTotal(int64(*n))
	err = e.Output(*out, func(w io.Writer) error {
		return bpatest.Write(w, c, *n, *seed, func(done int) { prog.Set(int64(done)) })
	})
	if err != nil {
		prog.Stop()
		return e.Fail(err)
	}
	prog.Set(int64(*n))
	prog.Done()
	return cli.ExitOK
}

func inspect(e *cli.Env, args []string) int {
	fs := e.Flags("inspect")
	path, code := parseOneFile(e, fs, args)
	if code != cli.Proceed {
		return code
	}
	in, code := open(e, path)
	if code != cli.Proceed {
		return code
	}
	defer in.Close()
	rd := bpa.NewReader(in)
	rd.File = cli.DisplayName(path)
	var totals bpa.Totals
	types := map[bpa.RecordType]int{}
	versions := map[bpa.Version]int{}
	cmps := map[string]int{}
	cnesList := map[string]int{}
	bad := 0
	var firstBad error
	for {
		v, err := rd.ReadView()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *bpa.ParseError
			if !errors.As(err, &pe) {
				return readErr(e, path, err)
			}
			bad++
			if firstBad == nil {
				firstBad = err
			}
			continue
		}
		types[v.Type()]++
		if v.Type() == bpa.TypeHeader {
			continue
		}
		if v.Type() == bpa.TypeIndividualizado {
			versions[v.Version()]++
		}
		cmps[string(v.Competencia())]++
		cnesList[string(v.CNES())]++
		totals.AddView(v)
	}
	w := e.Stdout
	fmt.Fprintf(w, "arquivo: %s\n", reportName(path))
	h := rd.Header()
	if h != nil {
		fmt.Fprintf(w, "cabeçalho: competência %s, versão %q, responsável %q, sigla %q, destino %q (%s)\n",
			h.Competencia.Format(), h.Versao, h.Responsavel, h.Sigla, h.Destino, h.DestinoTipo)
	} else {
		fmt.Fprintln(w, "cabeçalho: ausente ou ilegível")
	}
	fmt.Fprintf(w, "registros: 01=%d 02=%d 03=%d ilegíveis=%d\n", types[bpa.TypeHeader], types[bpa.TypeConsolidado], types[bpa.TypeIndividualizado], bad)
	fmt.Fprintf(w, "layouts: %s\n", countList(versions, func(v bpa.Version) string { return "BPA-I " + v.String() }))
	fmt.Fprintf(w, "competências: %s\n", countList(cmps, func(s string) string { return s }))
	fmt.Fprintf(w, "CNES: %s\n", countList(cnesList, func(s string) string { return s }))
	lines, ctrl := rd.Totals()
	ok := bad == 0
	if h != nil {
		ok = ok && h.Lines == lines && h.Folhas == totals.Folhas() && h.Control == ctrl
		fmt.Fprintf(w, "linhas: declaradas %d, contadas %d%s\n", h.Lines, lines, mark(h.Lines == lines))
		fmt.Fprintf(w, "folhas: declaradas %d, contadas %d (por chave de numeração)%s\n", h.Folhas, totals.Folhas(), mark(h.Folhas == totals.Folhas()))
		fmt.Fprintf(w, "controle: declarado %d, calculado %d%s\n", h.Control, ctrl, mark(h.Control == ctrl))
	} else {
		fmt.Fprintf(w, "linhas: %d, folhas: %d, controle: %d\n", lines, totals.Folhas(), ctrl)
	}
	if firstBad != nil {
		fmt.Fprintf(w, "primeira linha ilegível: %s\n", bpa.ProblemOf(firstBad))
	}
	ps := rd.Problems()
	if len(ps) > 0 {
		fmt.Fprintln(w, "avisos:")
		for _, p := range ps {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
	switch {
	case types[bpa.TypeConsolidado]+types[bpa.TypeIndividualizado]+bad == 0:
		return e.ExitPath(cli.ExitInvalid, path, errHeaderOnly)
	case !ok:
		return cli.ExitInvalid
	}
	return cli.ExitOK
}

// reportName names the input FILE in a report, which people read in
// Portuguese: "entrada padrão" for "-".
func reportName(path string) string {
	if path == "-" {
		return "entrada padrão"
	}
	return path
}

// mark says whether a declared total agrees with the counted one.
func mark(ok bool) string {
	if ok {
		return " ok"
	}
	return " DIVERGENTE"
}

// plural writes n with the singular or the plural noun: "1 linha", "2
// linhas", "0 linhas".
func plural(n int, singular, plural string) string {
	if n == 1 {
		return "1 " + singular
	}
	return strconv.Itoa(n) + " " + plural
}

func countList[K comparable](m map[K]int, name func(K) string) string {
	if len(m) == 0 {
		return "nenhum"
	}
	parts := make([]string, 0, len(m))
	for k, n := range m {
		parts = append(parts, fmt.Sprintf("%s (%d)", name(k), n))
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}
