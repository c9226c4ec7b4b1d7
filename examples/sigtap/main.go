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
// Exit status (the contract of every go-sus tool): 0 on success; 1 when a
// procedure is not in the release (proc, subset), nothing matches
// (search), the releases differ (diff), or a RELEASE is not a SIGTAP
// release (a corrupt ZIP, a folder without its tables); 2 on usage or I/O
// errors (a RELEASE that cannot be read, an output that cannot be
// written).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/go-sus/sus/internal/cli"
	"github.com/go-sus/sus/sigtap"
)

// app is the command; the subcommands register themselves in init.
var app = &cli.App{Name: "sigtap", Notes: `RELEASE is a TabelaUnificada_AAAAMM_vAAMMDDHHMM.zip file, as DATASUS
publishes it on the SIGTAP site (download of the competência), or a
folder of its files. Outputs (-o) are written atomically.
`}

func main() { app.Main() }

// Exit codes (cli.ExitOK, cli.ExitInvalid, cli.ExitError).
const (
	exitOK       = cli.ExitOK
	exitNotFound = cli.ExitInvalid
	exitUsage    = cli.ExitUsage
)

// run is main without the process: it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	return app.Run(context.Background(), args, strings.NewReader(""), stdout, stderr)
}

func init() {
	app.Register("info", cli.Command{Usage: `info [-json] RELEASE
    Print the release's competência, generation and version, the row count
    of every table, the official tables it lacks and the loader's warnings.
    -json prints one JSON object instead.
`, Run: info})
	app.Register("proc", cli.Command{Usage: `proc [-json] RELEASE CODE...
    Print everything the release knows about each procedure CODE (10
    digits, dots allowed): its tb_procedimento columns (money with two
    decimals, ages in months), instruments, CBOs, CIDs, atributos, regras
    condicionadas, habilitações, serviços, increments, modalidades, leitos,
    compatibilities, origins and description. -json prints a JSON array, one
    object per code; lists are null when the release lacks the table, []
    when the procedure has no row. Exit 1 when a CODE is not in the release.
`, Run: proc})
	app.Register("search", cli.Command{Usage: `search RELEASE TEXT...
    Print "CODE<TAB>NAME" for the procedures whose name holds every word of
    TEXT, ignoring case and accents. Exit 1 when nothing matches.
`, Run: search})
	app.Register("diff", cli.Command{Usage: `diff [-json] OLD NEW
    Print the procedures added, removed and changed from release OLD to
    release NEW (values with old, new and delta; other columns with old and
    new) and, per table, the rows added and removed. -json prints one JSON
    object. Exit 1 when the releases differ, as diff(1) does.
`, Run: diff})
	app.Register("subset", cli.Command{Usage: `subset -o OUT RELEASE CODE...
    Write the procedures CODE and everything they reference, in the official
    format, to OUT: a ZIP when OUT ends in .zip, a folder otherwise. OUT is
    written atomically — a temporary file or folder beside it, renamed when
    complete — so a failure or an interrupt leaves the previous OUT as it
    was; an existing folder is replaced only when it holds nothing but the
    files of a release. Exit 1 when a CODE is not in the release.
`, Run: subset})
}

// open loads a release, reporting failures; code is cli.Proceed when it
// loaded. A release that cannot be read exits 2, one that is not a SIGTAP
// release 1.
func open(e *cli.Env, path string, opts *sigtap.LoadOptions) (*sigtap.Release, int) {
	prog := e.Progress("loading SIGTAP "+path, "releases")
	prog.SetTotal(1)
	r, err := sigtap.Open(path, opts)
	if err != nil {
		prog.Stop()
		return nil, e.FailPath(path, err)
	}
	prog.Add(1)
	prog.Done()
	return r, cli.Proceed
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// releaseAndCodes takes "RELEASE CODE..." from the positional arguments,
// parses the codes and loads the release.
func releaseAndCodes(e *cli.Env, pos []string) (*sigtap.Release, []sigtap.Code, int) {
	switch len(pos) {
	case 0:
		return nil, nil, e.UsageError("no RELEASE given")
	case 1:
		return nil, nil, e.UsageError("no procedure CODE given")
	}
	cs, code := codes(e, pos[1:])
	if code != cli.Proceed {
		return nil, nil, code
	}
	r, code := open(e, pos[0], nil)
	return r, cs, code
}

// codes parses procedure codes typed on the command line: a bad one is a
// usage error quoting it as typed.
func codes(e *cli.Env, args []string) ([]sigtap.Code, int) {
	out := make([]sigtap.Code, 0, len(args))
	for _, a := range args {
		c, err := sigtap.ParseCode(a)
		if err != nil {
			return nil, e.UsageError("procedure code %q: %s", a, reason(err))
		}
		out = append(out, c)
	}
	return out, cli.Proceed
}

// reason is the cause of an identifier error without the (masked) value.
func reason(err error) string {
	for _, s := range []error{sigtap.ErrEmpty, sigtap.ErrCharacters, sigtap.ErrLength, sigtap.ErrCheckDigit, sigtap.ErrRange} {
		if errors.Is(err, s) {
			return s.Error()
		}
	}
	return cli.Message(err)
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

func info(e *cli.Env, args []string) int {
	fs := e.Flags("info")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, code := e.Parse(fs, args)
	if code != cli.Proceed {
		return code
	}
	if len(pos) != 1 {
		return e.UsageError("want one RELEASE, got %d arguments", len(pos))
	}
	r, code := open(e, pos[0], nil)
	if code != cli.Proceed {
		return code
	}
	stdout := e.Stdout
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
			return e.FailPath(pos[0], fmt.Errorf("%s: %w", name, err))
		}
		out.Tables = append(out.Tables, tableInfo{Name: name, Rows: t.Len(), Width: t.Layout().Width(), Present: t.Present(), Typed: t.Typed()})
	}
	for _, w := range r.Warnings() {
		out.Warnings = append(out.Warnings, cli.Message(w))
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

func search(e *cli.Env, args []string) int {
	fs := e.Flags("search")
	pos, code := e.Parse(fs, args)
	if code != cli.Proceed {
		return code
	}
	switch len(pos) {
	case 0:
		return e.UsageError("no RELEASE given")
	case 1:
		return e.UsageError("no TEXT given")
	}
	text := strings.Join(pos[1:], " ")
	if strings.TrimSpace(text) == "" {
		return e.UsageError("empty TEXT")
	}
	r, code := open(e, pos[0], &sigtap.LoadOptions{Descriptions: sigtap.SkipDescriptions})
	if code != cli.Proceed {
		return code
	}
	found := r.Search(text)
	for _, p := range found {
		fmt.Fprintf(e.Stdout, "%s\t%s\n", p.Code, p.Name)
	}
	if len(found) == 0 {
		e.Errorf("no procedure of %s matches %q", r.Name(), text)
		return exitNotFound
	}
	return exitOK
}

func subset(e *cli.Env, args []string) int {
	fs := e.Flags("subset")
	out := fs.String("o", "", "output ZIP file or folder")
	pos, code := e.Parse(fs, args)
	if code != cli.Proceed {
		return code
	}
	if *out == "" {
		return e.UsageError("-o OUT is required")
	}
	zipped := strings.EqualFold(filepath.Ext(*out), ".zip")
	var err error
	if zipped {
		err = cli.CheckOutput(*out)
	} else {
		err = cli.CheckOutputDir(*out)
	}
	if len(pos) >= 2 && err != nil {
		return e.Fail(err)
	}
	r, cs, code := releaseAndCodes(e, pos)
	if code != cli.Proceed {
		return code
	}
	for _, c := range cs {
		if r.Exists(c) != sigtap.Yes {
			e.Errorf("%s is not in %s", c, r.Name())
			return exitNotFound
		}
	}
	s, err := r.Subset(cs...)
	if err != nil {
		return e.FailPath(pos[0], err)
	}
	if zipped {
		err = cli.WriteFileAtomic(*out, s.WriteZip)
	} else {
		err = cli.WriteDirAtomic(*out, s.WriteDir)
	}
	if err != nil {
		return e.Exit(cli.ExitError, err)
	}
	fmt.Fprintf(e.Stdout, "%s: %d procedures of %s\n", *out, len(s.Procedures()), r.Name())
	return exitOK
}
