package main

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/internal/cli"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/sigtap"
)

func init() {
	register("split", command{usage: `split -o DIR [-sigtap RELEASE[,RELEASE…]] [-cnes PATH[,PATH…]] [-renumber] [-id-pab ID] [-id-mac ID] [-strict] [-json] PATH…
    Splits each BPA file into the PAB/Vigilância file (effective financing
    01 and 07) and the MAC/FAEC file (every other financing: 04, 05, 06,
    and also 02 and 08), as BPA-Mag does, by the financing the regras
    condicionadas give each line (see financiamento): a PAB procedure
    financed as MAC in Modalidade 3 goes to the MAC/FAEC file. Each output
    gets its own header with cbc_lin, cbc_flh and cbc_smt_vrf recomputed and
    is named PA<ID>.<MMM>. PATH is a BPA file, a folder of BPA files (other
    entries are listed as skipped) or "-" (standard input, the only PATH):
    every input file gives its own PAB and MAC files.
    Every output of the run is written to DIR — all of them or none: they
    are prepared as temporary files and renamed together, and a failure or
    an interrupt leaves DIR as it was.
      -o DIR           output folder, required (created when missing)
      -sigtap LIST     SIGTAP releases (ZIPs, folders, folders of those),
                       comma-separated. Without it no line's financing is
                       known: every line goes, unsplit, to the MAC/FAEC
                       file, with a warning; so do lines of a competência
                       without a release
      -cnes LIST       CNES registries, comma-separated; without it
                       programme attendances are financed as their
                       procedure says
      -renumber        number each file afresh instead of keeping the input
                       folha and seq
      -id-pab ID       identifier of the PAB/Vigilância file name (default:
      -id-mac ID       the header sigla, at most 6 characters, plus PV or MF);
                       only with a single input file
      -strict          write nothing (exit 1) when any line's financing is
                       unknown
      -json            one JSON object per written file ({"kind":"file"}) and
                       a summary ({"kind":"summary"}) instead of text
    Exit status: 0 files written; 1 an input that is not a BPA file, is
    empty, header only or has unreadable lines, a split error, or -strict
    with unknown financing (nothing is written); 2 usage or I/O error (an
    input or RELEASE that cannot be read, DIR or a file in it that cannot
    be written; nothing is written).
`, run: runSplit})
}

// splitFileJSON is the -json form of one written file.
type splitFileJSON struct {
	Kind           string         `json:"kind"` // "file"
	Name           string         `json:"name"`
	Path           string         `json:"path"`
	Input          string         `json:"input"` // the input file it comes from
	Parte          string         `json:"parte"`
	Lines          int            `json:"lines"`   // cbc_lin
	Folhas         int            `json:"folhas"`  // cbc_flh
	Control        int            `json:"control"` // cbc_smt_vrf
	Financiamentos map[string]int `json:"financiamentos"`
	InputLines     []int          `json:"input_lines"` // line numbers in FILE, in the file's order
}

// splitSummaryJSON is the -json summary of a split.
type splitSummaryJSON struct {
	Kind    string `json:"kind"` // "summary"
	Files   int    `json:"files"`
	Inputs  int    `json:"inputs"`  // input files split
	Unknown []int  `json:"unknown"` // input lines of unknown financing (in the MAC/FAEC file; numbered in their input file)
	Moved   []int  `json:"moved"`   // input lines a regra moved to the other file (numbered in their input file)
}

// splitOut is one output file of a split run, ready to be committed.
type splitOut struct {
	path  string
	from  string // the input file's path
	sf    remessa.SplitFile
	atom  *cli.AtomicFile
	lines []int
}

func runSplit(e *env, args []string) int {
	const name = "split"
	fs := e.flags(name)
	dir := fs.String("o", "", "output `DIR` (required)")
	sigtapList := fs.String("sigtap", "", "SIGTAP release(s), comma-separated")
	cnesList := fs.String("cnes", "", "CNES distribution(s), comma-separated")
	renumber := fs.Bool("renumber", false, "number each file afresh instead of keeping folha/seq")
	idPAB := fs.String("id-pab", "", "identifier of the PAB/Vigilância file name (PA<ID>.<MMM>)")
	idMAC := fs.String("id-mac", "", "identifier of the MAC/FAEC file name")
	strict := fs.Bool("strict", false, "fail when any line's financing is unknown")
	asJSON := fs.Bool("json", false, "JSON lines instead of text")
	rest, err := parse(fs, args)
	if err != nil {
		return exitUsage
	}
	if *dir == "" {
		return e.usageError(name, "-o DIR is required")
	}
	files, _, code := e.expandPaths(name, rest)
	if code != proceed {
		return code
	}
	if len(files) > 1 && (*idPAB != "" || *idMAC != "") {
		return e.usageError(name, "-id-pab and -id-mac name the outputs of one input file, not of %d", len(files))
	}
	if err := cli.CheckOutputDir(*dir); err != nil {
		return e.ioFail(name, err)
	}
	opts := &remessa.SplitOptions{IDPAB: *idPAB, IDMAC: *idMAC, Renumber: *renumber}
	if opts.SIGTAP, opts.CNES, code = e.loadRefs(name, *sigtapList, *cnesList); code != proceed {
		return code
	}
	prog := e.progress(name, "lines")
	prog.SetTotal(declaredLines(files))
	// Read and split every input, and encode every output, before any
	// output is created.
	var outs []*splitOut
	byName := map[string]string{} // output path → input path
	var unknown, moved []int
	type movedIn struct {
		path  string
		lines []int
	}
	var movedBy []movedIn
	for _, f := range files {
		in, err := e.openInput(f.path)
		if err != nil {
			prog.Stop()
			return e.failPath(name, f.path, err)
		}
		bf, err := bpa.Decode(prog.Reader(in))
		in.Close()
		if err != nil {
			// Splitting what could be read would lose production lines.
			prog.Stop()
			return e.failPath(name, f.path, fmt.Errorf("%w (nothing written)", err))
		}
		if len(bf.Records) == 0 {
			prog.Stop()
			return e.failPath(name, f.path, fmt.Errorf("%w (nothing written)", errHeaderOnly))
		}
		res, err := remessa.SplitContext(e.ctx, bf, opts)
		if err != nil {
			prog.Stop()
			return e.failPath(name, f.path, fmt.Errorf("%w (nothing written)", err))
		}
		if len(res.Unknown) > 0 {
			if *strict {
				why := "no SIGTAP release for their competência, or procedure not in it"
				if opts.SIGTAP == nil {
					why = "no -sigtap given"
				}
				prog.Stop()
				return e.invalid(name, fmt.Errorf("financing unknown for %d line(s) of %s (%s): %s (nothing written)",
					len(res.Unknown), cli.DisplayName(f.path), why, lineList(res.Unknown)))
			}
			why := "sem tabela SIGTAP da competência da linha, ou procedimento ausente dela"
			if opts.SIGTAP == nil {
				why = "-sigtap não informado"
			}
			e.Warnf("financiamento desconhecido em %s de %s (%s): %s; vão para o arquivo MAC/FAEC",
				plural(len(res.Unknown), "linha", "linhas"), reportName(f.path), why, listaLinhas(res.Unknown))
		}
		unknown = append(unknown, res.Unknown...)
		moved = append(moved, res.Moved...)
		if len(res.Moved) > 0 {
			movedBy = append(movedBy, movedIn{f.path, res.Moved})
		}
		for _, sf := range res.Files {
			path := filepath.Join(*dir, sf.Name.String())
			if prev, dup := byName[path]; dup {
				prog.Stop()
				return e.usageError(name, "%s and %s would both be written to %s (same sigla and month): split them in separate runs into different folders", prev, f.path, path)
			}
			byName[path] = f.path
			outs = append(outs, &splitOut{path: path, from: f.path, sf: sf, lines: sf.Lines})
		}
	}
	prog.Done()
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return e.ioFail(name, err)
	}
	var atoms []*cli.AtomicFile
	abort := func() {
		for _, a := range atoms {
			a.Abort()
		}
	}
	for _, o := range outs {
		a, err := cli.CreateAtomic(o.path)
		if err != nil {
			abort()
			return e.ioFail(name, fmt.Errorf("%w (nothing written)", err))
		}
		atoms = append(atoms, a)
		o.atom = a
		if err := o.sf.File.Encode(a, nil); err != nil {
			abort()
			if cli.Status(err) == exitError {
				return e.ioFail(name, fmt.Errorf("%w (nothing written)", err))
			}
			return e.failPath(name, o.from, fmt.Errorf("%s: %w (nothing written)", o.sf.Name, err))
		}
	}
	if err := cli.CommitAll(atoms...); err != nil {
		return e.ioFail(name, fmt.Errorf("%w (nothing written)", err))
	}
	for _, o := range outs {
		sf, h := o.sf, o.sf.File.Header
		if *asJSON {
			fins := map[string]int{}
			for k, v := range sf.Financiamentos {
				fins[finKey(k)] = v
			}
			e.writeJSONLine(splitFileJSON{Kind: "file", Name: sf.Name.String(), Path: o.path, Input: o.from, Parte: sf.Part.String(),
				Lines: h.Lines, Folhas: h.Folhas, Control: h.Control, Financiamentos: fins, InputLines: sf.Lines})
			continue
		}
		fmt.Fprintf(e.stdout, "%s %s: %s, %d folhas, controle %d; financiamento %s\n",
			o.path, sf.Part, plural(h.Lines, "linha", "linhas"), h.Folhas, h.Control, finCounts(sf.Financiamentos))
	}
	if *asJSON {
		e.writeJSONLine(splitSummaryJSON{Kind: "summary", Files: len(outs), Inputs: len(files), Unknown: nonNil(unknown), Moved: nonNil(moved)})
	} else if len(files) == 1 && len(moved) > 0 {
		fmt.Fprintf(e.stdout, "movidas para o outro arquivo pelas regras condicionadas: %s\n", listaLinhas(moved))
	} else {
		for _, m := range movedBy {
			fmt.Fprintf(e.stdout, "%s: movidas para o outro arquivo pelas regras condicionadas: %s\n", reportName(m.path), listaLinhas(m.lines))
		}
	}
	return exitOK
}

// finCounts formats "01 3, 07 1, desconhecido 2" for the text report.
func finCounts(m map[sigtap.Financiamento]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		name := k.String()
		if k == 0 {
			name = "desconhecido"
		}
		parts = append(parts, fmt.Sprintf("%s %d", name, m[k]))
	}
	return strings.Join(parts, ", ")
}

// finKey names a financing in the -json counts: "06", or "unknown" for
// zero (a key of the JSON interface, not a message).
func finKey(f sigtap.Financiamento) string {
	if f == 0 {
		return "unknown"
	}
	return f.String()
}

// lineList formats line numbers, at most 20 of them, for error values
// (English).
func lineList(lines []int) string { return formatLines(lines, " … (%d more)") }

// listaLinhas formats line numbers, at most 20 of them, for the reports
// (Portuguese).
func listaLinhas(lines []int) string { return formatLines(lines, " … (mais %d)") }

// formatLines writes at most 20 line numbers, then more (a format taking
// the count of the others).
func formatLines(lines []int, more string) string {
	var b strings.Builder
	for i, l := range lines {
		if i == 20 {
			fmt.Fprintf(&b, more, len(lines)-i)
			break
		}
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%d", l)
	}
	return b.String()
}

// reportName names an input file in a report, which people read in
// Portuguese: "entrada padrão" for "-".
func reportName(path string) string {
	if path == "-" {
		return "entrada padrão"
	}
	return path
}

func nonNil(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}
