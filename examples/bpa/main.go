// Command bpa inspects, validates, converts, builds and generates BPA files
// (the BPA-Mag export read by SIA/SUS). It is a thin layer over the
// github.com/go-sus/sus/bpa package.
//
//	bpa inspect FILE
//	bpa validate [-json] FILE
//	bpa tojson FILE
//	bpa fromjson [-o OUT] FILE.jsonl
//	bpa build -mvm AAAAMM [-o OUT] [header flags] FILE.jsonl
//	bpa gen -mvm AAAAMM -n N [-seed S] [-o OUT]
//
// "-" means standard input or output. Output files are written atomically
// (a temporary file in the same directory, renamed when complete). Exit
// status: 0 success (validate: no error, warnings allowed), 1 when the data
// has errors, 2 on usage or I/O errors. Long runs on a terminal show
// progress on standard error.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/go-sus/sus/internal/cli"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/bpa/bpatest"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

const usage = `usage:
  bpa inspect FILE
  bpa validate [-json] FILE
  bpa tojson FILE
  bpa fromjson [-o OUT] FILE.jsonl
  bpa build -mvm AAAAMM [-o OUT] [-rsp S] [-sgl S] [-cgccpf N] [-dst S] [-dst-in M|E] [-versao S] [-fold] [-truncate] [-split] FILE.jsonl
  bpa gen -mvm AAAAMM -n N [-seed S] [-o OUT]
"-" is standard input/output. Exit status: 0 ok, 1 data errors, 2 usage or I/O errors.
`

// exit codes
const (
	exitOK    = 0
	exitData  = 1
	exitUsage = 2
)

type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// run is main without the process: it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	cmds := map[string]func([]string) int{
		"inspect": e.inspect, "validate": e.validate, "tojson": e.tojson,
		"fromjson": e.fromjson, "build": e.build, "gen": e.gen,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "bpa: unknown command %q\n%s", args[0], usage)
		return exitUsage
	}
	return cmd(args[1:])
}

func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() { fmt.Fprint(e.stderr, usage) }
	return fs
}

// parse parses flags and wants exactly n positional arguments.
func (e *env) parse(fs *flag.FlagSet, args []string, n int) ([]string, bool) {
	if err := fs.Parse(args); err != nil {
		return nil, false
	}
	if fs.NArg() != n {
		fmt.Fprintf(e.stderr, "bpa %s: want %d file argument(s), got %d\n", fs.Name(), n, fs.NArg())
		return nil, false
	}
	return fs.Args(), true
}

func (e *env) fail(format string, a ...any) int {
	fmt.Fprintf(e.stderr, "bpa: "+format+"\n", a...)
	return exitUsage
}

// input parses flags, wants one file argument and opens it; code is
// non-zero when the command must stop with it.
func (e *env) input(fs *flag.FlagSet, args []string) (in io.Reader, done func(), name string, code int) {
	files, ok := e.parse(fs, args, 1)
	if !ok {
		return nil, nil, "", exitUsage
	}
	in, done, err := e.open(files[0])
	if err != nil {
		return nil, nil, "", e.fail("%v", err)
	}
	return in, done, files[0], exitOK
}

// open opens name for reading ("-" is stdin).
func (e *env) open(name string) (io.Reader, func(), error) {
	if name == "-" {
		return e.stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

// output writes through fn to name atomically ("-" or "" is stdout).
func (e *env) output(name string, fn func(w io.Writer) error) error {
	if name == "" || name == "-" {
		bw := bufio.NewWriterSize(e.stdout, 64<<10)
		if err := fn(bw); err != nil {
			bw.Flush()
			return err
		}
		return bw.Flush()
	}
	return writeAtomic(name, fn)
}

// writeAtomic writes name atomically (cli.WriteFileAtomic).
func writeAtomic(name string, fn func(w io.Writer) error) error { return cli.WriteFileAtomic(name, fn) }

// isTerminal reports whether w is a character device (progress goes there
// only then).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (e *env) progress(total int) func(done int) {
	if !isTerminal(e.stderr) {
		return nil
	}
	return func(done int) {
		if total > 0 {
			fmt.Fprintf(e.stderr, "\r%d/%d lines", done, total)
		} else {
			fmt.Fprintf(e.stderr, "\r%d lines", done)
		}
	}
}

func (e *env) validate(args []string) int {
	fs := e.flags("validate")
	asJSON := fs.Bool("json", false, "one JSON object per problem")
	in, done, _, code := e.input(fs, args)
	if code != exitOK {
		return code
	}
	defer done()
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	defer out.Flush()
	errs := false
	enc := json.NewEncoder(out)
	prog := e.progress(0)
	n := 0
	v := &bpa.Validator{}
	err := v.Check(in, func(p bpa.Problem) {
		n++
		if prog != nil && n%10000 == 0 {
			prog(n)
		}
		errs = errs || p.Severity == bpa.Erro
		if *asJSON {
			_ = enc.Encode(struct {
				Line     int    `json:"line"`
				Column   int    `json:"column"`
				Field    string `json:"field"`
				Code     string `json:"code"`
				Severity string `json:"severity"`
				Message  string `json:"message"`
			}{p.Line, p.Column, p.Field, p.Code, p.Severity.String(), p.Message})
			return
		}
		fmt.Fprintln(out, p)
	})
	if err != nil {
		out.Flush()
		return e.fail("%v", err)
	}
	if errs {
		return exitData
	}
	return exitOK
}

func (e *env) tojson(args []string) int {
	in, done, _, code := e.input(e.flags("tojson"), args)
	if code != exitOK {
		return code
	}
	defer done()
	return e.dataErr(e.output("-", func(w io.Writer) error { return bpa.ToJSON(w, in) }))
}

// dataErr maps an error to an exit code: parse and field errors are data
// errors (1), anything else I/O (2).
func (e *env) dataErr(err error) int {
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(e.stderr, "bpa: %v\n", err)
	var pe *bpa.ParseError
	var fe *bpa.FieldError
	if errors.As(err, &pe) || errors.As(err, &fe) || errors.Is(err, bpa.ErrTooManyLines) || errors.Is(err, bpa.ErrFolhas) || errors.Is(err, bpa.ErrTotalsMismatch) ||
		errors.Is(err, bpa.ErrNotBPA) || errors.Is(err, bpa.ErrEmpty) {
		return exitData
	}
	return exitUsage
}

func (e *env) fromjson(args []string) int {
	fs := e.flags("fromjson")
	out := fs.String("o", "-", "output BPA file")
	in, done, _, code := e.input(fs, args)
	if code != exitOK {
		return code
	}
	defer done()
	return e.dataErr(e.output(*out, func(w io.Writer) error { return bpa.FromJSON(w, in) }))
}

func (e *env) build(args []string) int {
	fs := e.flags("build")
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
	files, ok := e.parse(fs, args, 1)
	if !ok {
		return exitUsage
	}
	c, err := sigtap.ParseCompetencia(*mvm)
	if err != nil {
		return e.fail("build: -mvm: %v", err)
	}
	h := bpa.Header{Competencia: c, Responsavel: *rsp, Sigla: *sgl, Destino: *dst, DestinoTipo: *dstIn, Versao: *versao}
	if *cgc != "" {
		if cnpj, err := cnes.ParseCNPJ(*cgc); err == nil {
			h.CNPJCPF = bpa.TaxIDFromCNPJ(cnpj)
		} else if cpf, err2 := cns.ParseCPF(*cgc); err2 == nil {
			h.CNPJCPF = bpa.TaxIDFromCPF(cpf)
		} else {
			return e.fail("build: -cgccpf: %v", err)
		}
	}
	if *split && (*out == "-" || *out == "") {
		return e.fail("build: -split needs -o")
	}
	in, done, err := e.open(files[0])
	if err != nil {
		return e.fail("%v", err)
	}
	defer done()
	recs, err := readJSONRecords(in, bpa.VersionFor(c))
	if err != nil {
		return e.dataErr(err)
	}
	built, err := bpa.Build(h, recs, &bpa.BuildOptions{Split: *split})
	if err != nil {
		return e.dataErr(err)
	}
	opts := &bpa.WriteOptions{FoldASCII: *fold, Truncate: *trunc}
	for i, f := range built {
		name := *out
		if i > 0 {
			name = fmt.Sprintf("%s.%d", *out, i+1)
		}
		if err := e.output(name, func(w io.Writer) error { return f.Encode(w, opts) }); err != nil {
			return e.dataErr(err)
		}
	}
	if len(built) > 1 {
		fmt.Fprintf(e.stderr, "bpa: production split into %d files\n", len(built))
	}
	return exitOK
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
		return nil, err
	}
	return recs, nil
}

func (e *env) gen(args []string) int {
	fs := e.flags("gen")
	mvm := fs.String("mvm", "", "processing competência AAAAMM, required")
	n := fs.Int("n", 0, "production lines (1–999999), required")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same file")
	out := fs.String("o", "-", "output BPA file")
	if _, ok := e.parse(fs, args, 0); !ok {
		return exitUsage
	}
	c, err := sigtap.ParseCompetencia(*mvm)
	if err != nil {
		return e.fail("gen: -mvm: %v", err)
	}
	if *n < 1 || *n > bpa.MaxLines {
		return e.fail("gen: -n must be 1–%d", bpa.MaxLines)
	}
	prog := e.progress(*n)
	err = e.output(*out, func(w io.Writer) error { return bpatest.Write(w, c, *n, *seed, prog) })
	if prog != nil {
		fmt.Fprintln(e.stderr)
	}
	return e.dataErr(err)
}

func (e *env) inspect(args []string) int {
	in, done, name, code := e.input(e.flags("inspect"), args)
	if code != exitOK {
		return code
	}
	defer done()
	rd := bpa.NewReader(in)
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
				return e.fail("%v", err)
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
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	fmt.Fprintf(w, "file: %s\n", name)
	h := rd.Header()
	if h != nil {
		fmt.Fprintf(w, "header: competência %s, version %q, responsável %q, sigla %q, destino %q (%s)\n",
			h.Competencia.Format(), h.Versao, h.Responsavel, h.Sigla, h.Destino, h.DestinoTipo)
	} else {
		fmt.Fprintln(w, "header: missing or unreadable")
	}
	fmt.Fprintf(w, "records: 01=%d 02=%d 03=%d bad=%d\n", types[bpa.TypeHeader], types[bpa.TypeConsolidado], types[bpa.TypeIndividualizado], bad)
	fmt.Fprintf(w, "layouts: %s\n", countList(versions, func(v bpa.Version) string { return "BPA-I " + v.String() }))
	fmt.Fprintf(w, "competências: %s\n", countList(cmps, func(s string) string { return s }))
	fmt.Fprintf(w, "CNES: %s\n", countList(cnesList, func(s string) string { return s }))
	lines, ctrl := rd.Totals()
	if h != nil {
		fmt.Fprintf(w, "lines: declared %d, counted %d%s\n", h.Lines, lines, mark(h.Lines == lines))
		fmt.Fprintf(w, "folhas: declared %d, counted %d (per numbering key)%s\n", h.Folhas, totals.Folhas(), mark(h.Folhas == totals.Folhas()))
		fmt.Fprintf(w, "control: declared %d, computed %d%s\n", h.Control, ctrl, mark(h.Control == ctrl))
	} else {
		fmt.Fprintf(w, "lines: %d, folhas: %d, control: %d\n", lines, totals.Folhas(), ctrl)
	}
	if firstBad != nil {
		fmt.Fprintf(w, "first bad line: %v\n", firstBad)
	}
	ps := rd.Problems()
	if len(ps) > 0 {
		fmt.Fprintln(w, "warnings:")
		for _, p := range ps {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
	return exitOK
}

func mark(ok bool) string {
	if ok {
		return " ok"
	}
	return " MISMATCH"
}

func countList[K comparable](m map[K]int, name func(K) string) string {
	if len(m) == 0 {
		return "none"
	}
	parts := make([]string, 0, len(m))
	for k, n := range m {
		parts = append(parts, fmt.Sprintf("%s (%d)", name(k), n))
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}
