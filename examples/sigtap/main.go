// Command sigtap inspects, queries, compares and cuts SIGTAP "Tabela
// Unificada" releases, as DATASUS publishes them (a ZIP such as
// TabelaUnificada_202512_v2601221256.zip, or a directory of its files).
//
//	sigtap info [-json] RELEASE
//	sigtap proc [-json] RELEASE CODE...
//	sigtap search RELEASE TEXT
//	sigtap diff [-json] OLD NEW
//	sigtap subset -o OUT RELEASE CODE...
//
// info prints the competência, generation, version, the row count of
// every table, the official tables the release lacks and the loader's
// warnings.
//
// proc prints everything the release knows about each procedure: its
// tb_procedimento columns (money as decimals with two places, "10.00";
// ages in months), instruments, CBOs, CIDs, atributos complementares,
// regras condicionadas, habilitações (single and AND groups), serviços,
// increments, modalidades, leitos, compatibilities, origins and its long
// description. With -json it prints a JSON array, one object per code;
// lists are null when the release lacks the table, [] when the procedure
// has no row.
//
// search prints "CODE<TAB>NAME" for the procedures whose name holds every
// word of TEXT, ignoring case and accents.
//
// diff prints the procedures added, removed and changed (values with old,
// new and delta; other columns with old and new) and, per table, the rows
// added and removed. With -json it prints one JSON object.
//
// subset writes the given procedures and everything they reference, in
// the official format, to OUT: a ZIP when OUT ends in .zip, a directory
// otherwise.
//
// Exit status: 0 on success; 1 when a procedure is not in the release
// (proc, subset), nothing matches (search) or the releases differ (diff);
// 2 on usage or I/O errors, including a release that does not load.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"github.com/go-sus/sus/internal/cli"
	"io"
	"os"
	"strings"

	"github.com/go-sus/sus/sigtap"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

const usage = `usage:
  sigtap info [-json] RELEASE
  sigtap proc [-json] RELEASE CODE...
  sigtap search RELEASE TEXT
  sigtap diff [-json] OLD NEW
  sigtap subset -o OUT RELEASE CODE...
RELEASE is a TabelaUnificada_AAAAMM_vAAMMDDHHMM.zip file or a directory of its files.
`

// Exit codes.
const (
	exitOK       = 0
	exitNotFound = 1
	exitUsage    = 2
)

// run is main without the process: it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmds := map[string]func([]string, io.Writer, io.Writer) int{
		"info": info, "proc": proc, "search": search, "diff": diff, "subset": subset,
	}
	if f, ok := cmds[args[0]]; ok {
		return f(args[1:], stdout, stderr)
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "sigtap: unknown command %q\n%s", args[0], usage)
	return exitUsage
}

// parse parses flags that may be mixed with positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) { return cli.Parse(fs, args) }

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("sigtap "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// open loads a release, reporting failures on stderr (the error names
// the path already).
func open(path string, stderr io.Writer, opts *sigtap.LoadOptions) (*sigtap.Release, bool) {
	r, err := sigtap.Open(path, opts)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return nil, false
	}
	return r, true
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// releaseAndCodes parses "[flags] RELEASE CODE..." and loads the
// release; false means a usage or load error, already reported.
func releaseAndCodes(fs *flag.FlagSet, args []string, stderr io.Writer) (*sigtap.Release, []sigtap.Code, bool) {
	pos, err := parse(fs, args)
	if err != nil || len(pos) < 2 {
		fmt.Fprint(stderr, usage)
		return nil, nil, false
	}
	cs, ok := codes(pos[1:], stderr)
	if !ok {
		return nil, nil, false
	}
	r, ok := open(pos[0], stderr, nil)
	return r, cs, ok
}

// codes parses procedure codes; bad ones are reported and counted.
func codes(args []string, stderr io.Writer) ([]sigtap.Code, bool) {
	out := make([]sigtap.Code, 0, len(args))
	ok := true
	for _, a := range args {
		c, err := sigtap.ParseCode(a)
		if err != nil {
			fmt.Fprintf(stderr, "sigtap: %q: %v\n", a, err)
			ok = false
			continue
		}
		out = append(out, c)
	}
	return out, ok
}

type tableInfo struct {
	Name    string `json:"name"`
	Rows    int    `json:"rows"`
	Width   int    `json:"width"`
	Present bool   `json:"present"`
	Typed   bool   `json:"typed"`
}

type infoJSON struct {
	Name        string      `json:"name"`
	Competencia string      `json:"competencia"`
	Generation  string      `json:"generation"`
	Version     string      `json:"version"`
	Tables      []tableInfo `json:"tables"`
	Absent      []string    `json:"absent"`
	Warnings    []string    `json:"warnings"`
}

func info(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("info", stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil || len(pos) != 1 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	r, ok := open(pos[0], stderr, nil)
	if !ok {
		return exitUsage
	}
	out := infoJSON{
		Name: r.Name(), Competencia: r.Competencia().String(), Generation: r.Generation().String(),
		Version: r.Version(), Absent: r.Absent(), Warnings: []string{},
	}
	if out.Absent == nil {
		out.Absent = []string{}
	}
	for _, name := range r.TableNames() {
		t, err := r.Table(name)
		if err != nil {
			fmt.Fprintf(stderr, "sigtap: %s: %v\n", name, err)
			return exitUsage
		}
		out.Tables = append(out.Tables, tableInfo{Name: name, Rows: t.Len(), Width: t.Layout().Width(), Present: t.Present(), Typed: t.Typed()})
	}
	for _, w := range r.Warnings() {
		out.Warnings = append(out.Warnings, strings.TrimPrefix(w.Error(), "sigtap: "))
	}
	if n := r.WarningCount() - len(r.Warnings()); n > 0 {
		out.Warnings = append(out.Warnings, fmt.Sprintf("… and %d more", n))
	}
	if *asJSON {
		writeJSON(stdout, out)
		return exitOK
	}
	fmt.Fprintf(stdout, "release      %s\n", out.Name)
	fmt.Fprintf(stdout, "competencia  %s\n", out.Competencia)
	gen := "unknown"
	if g := r.Generation(); !g.IsZero() {
		gen = g.String() + " (" + g.Time().Format("2006-01-02 15:04") + ")"
	}
	fmt.Fprintf(stdout, "generation   %s\n", gen)
	fmt.Fprintf(stdout, "version      %s\n", out.Version)
	fmt.Fprintf(stdout, "tables       %d\n", len(out.Tables))
	for _, t := range out.Tables {
		note := ""
		switch {
		case !t.Present:
			note = "  (absent)"
		case !t.Typed:
			note = "  (untyped)"
		}
		fmt.Fprintf(stdout, "  %-30s %8d%s\n", t.Name, t.Rows, note)
	}
	if len(out.Absent) == 0 {
		fmt.Fprintln(stdout, "absent       none")
	} else {
		fmt.Fprintf(stdout, "absent       %v\n", out.Absent)
	}
	for _, w := range out.Warnings {
		fmt.Fprintf(stdout, "warning      %s\n", w)
	}
	return exitOK
}

func search(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("search", stderr)
	pos, err := parse(fs, args)
	if err != nil || len(pos) < 2 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	r, ok := open(pos[0], stderr, &sigtap.LoadOptions{Descriptions: sigtap.SkipDescriptions})
	if !ok {
		return exitUsage
	}
	text := pos[1]
	for _, w := range pos[2:] {
		text += " " + w
	}
	found := r.Search(text)
	for _, p := range found {
		fmt.Fprintf(stdout, "%s\t%s\n", p.Code, p.Name)
	}
	if len(found) == 0 {
		fmt.Fprintf(stderr, "sigtap: no procedure matches %q\n", text)
		return exitNotFound
	}
	return exitOK
}

func subset(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("subset", stderr)
	out := fs.String("o", "", "output ZIP file or directory")
	r, cs, ok := releaseAndCodes(fs, args, stderr)
	if !ok || *out == "" {
		if ok {
			fmt.Fprint(stderr, usage)
		}
		return exitUsage
	}
	for _, c := range cs {
		if r.Exists(c) != sigtap.Yes {
			fmt.Fprintf(stderr, "sigtap: %s is not in %s\n", c, r.Name())
			return exitNotFound
		}
	}
	s, err := r.Subset(cs...)
	if err != nil {
		fmt.Fprintf(stderr, "sigtap: %v\n", err)
		return exitUsage
	}
	if err := s.WriteFile(*out); err != nil {
		fmt.Fprintf(stderr, "sigtap: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "%s: %d procedures of %s\n", *out, len(s.Procedures()), r.Name())
	return exitOK
}
