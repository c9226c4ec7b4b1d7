package main

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/sigtap"
)

func init() {
	register("split", command{usage: `split -o DIR [-sigtap RELEASE[,RELEASE…]] [-cnes PATH[,PATH…]] [-renumber] [-id-pab ID] [-id-mac ID] [-strict] [-json] FILE
    Splits the BPA file FILE ("-" for stdin) into the PAB/Vigilância file
    (effective financing 01 and 07) and the MAC/FAEC file (every other
    financing: 04, 05, 06, and also 02 and 08), as BPA-Mag does, by the
    financing the regras condicionadas give each line (see financiamento):
    a PAB procedure financed as MAC in Modalidade 3 goes to the MAC/FAEC
    file. Each file gets its own header with cbc_lin, cbc_flh and
    cbc_smt_vrf recomputed, and is written atomically to DIR (created if
    needed) as PA<ID>.<MMM>: ID is the header sigla (at most 6 characters)
    plus PV or MF unless -id-pab/-id-mac give it. Records keep their folha
    and seq unless -renumber.
    Without -sigtap no line's financing is known: every line goes, unsplit,
    to the MAC/FAEC file, with a warning; so do lines of a competência
    without a release. -strict refuses (writes nothing, exit 1) when any
    line's financing is unknown. Without -cnes programme attendances are
    financed as their procedure says.
    Exit status: 0 files written; 1 FILE unreadable or with unreadable
    lines (nothing is written), a split error, -strict with unknown
    financing, or a write error; 2 usage error.
`, run: runSplit})
}

// splitFileJSON is the -json form of one written file.
type splitFileJSON struct {
	Kind           string         `json:"kind"` // "file"
	Name           string         `json:"name"`
	Path           string         `json:"path"`
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
	Unknown []int  `json:"unknown"` // input lines of unknown financing (in the MAC/FAEC file)
	Moved   []int  `json:"moved"`   // input lines a regra moved to the other file
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
	switch {
	case len(rest) != 1:
		return e.usageError(name, "need exactly one FILE")
	case *dir == "":
		return e.usageError(name, "-o DIR is required")
	}
	opts := &remessa.SplitOptions{IDPAB: *idPAB, IDMAC: *idMAC, Renumber: *renumber}
	if opts.SIGTAP, opts.CNES, err = loadData(*sigtapList, *cnesList); err != nil {
		return e.fail(name, err)
	}
	in, err := e.openInput(rest[0])
	if err != nil {
		return e.fail(name, err)
	}
	f, err := bpa.Decode(in)
	in.Close()
	if err != nil {
		// Splitting what could be read would lose production lines.
		return e.fail(name, fmt.Errorf("%s: %w (nothing written)", rest[0], err))
	}
	res, err := remessa.Split(f, opts)
	if err != nil {
		return e.fail(name, err)
	}
	if len(res.Unknown) > 0 {
		why := "no SIGTAP release for their competência, or procedure not in it"
		if opts.SIGTAP == nil {
			why = "no -sigtap given"
		}
		msg := fmt.Sprintf("financing unknown for %d line(s) (%s): %s", len(res.Unknown), why, lineList(res.Unknown))
		if *strict {
			return e.fail(name, fmt.Errorf("%s (nothing written)", msg))
		}
		fmt.Fprintf(e.stderr, "remessa %s: warning: %s; they go to the MAC/FAEC file\n", name, msg)
	}
	// Encode everything before writing anything.
	data := make([][]byte, len(res.Files))
	for i, sf := range res.Files {
		var b bytes.Buffer
		if err := sf.File.Encode(&b, nil); err != nil {
			return e.fail(name, fmt.Errorf("%s: %w (nothing written)", sf.Name, err))
		}
		data[i] = b.Bytes()
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return e.fail(name, err)
	}
	for i, sf := range res.Files {
		path := filepath.Join(*dir, sf.Name.String())
		if err := writeFileAtomic(path, data[i]); err != nil {
			return e.fail(name, err)
		}
		h := sf.File.Header
		if *asJSON {
			fins := map[string]int{}
			for k, v := range sf.Financiamentos {
				fins[finKey(k)] = v
			}
			e.writeJSONLine(splitFileJSON{Kind: "file", Name: sf.Name.String(), Path: path, Parte: sf.Part.String(),
				Lines: h.Lines, Folhas: h.Folhas, Control: h.Control, Financiamentos: fins, InputLines: sf.Lines})
			continue
		}
		fmt.Fprintf(e.stdout, "%s %s: %d lines, %d folhas, control %d; financing %s\n",
			path, sf.Part, h.Lines, h.Folhas, h.Control, finCounts(sf.Financiamentos))
	}
	if *asJSON {
		e.writeJSONLine(splitSummaryJSON{Kind: "summary", Files: len(res.Files), Unknown: nonNil(res.Unknown), Moved: nonNil(res.Moved)})
	} else if len(res.Moved) > 0 {
		fmt.Fprintf(e.stdout, "moved to the other file by regras condicionadas: %s\n", lineList(res.Moved))
	}
	return exitOK
}

// finCounts formats "01 3, 07 1".
func finCounts(m map[sigtap.Financiamento]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", finKey(k), m[k]))
	}
	return strings.Join(parts, ", ")
}

// finKey names a financing in counts: "06", or "unknown" for zero.
func finKey(f sigtap.Financiamento) string {
	if f == 0 {
		return "unknown"
	}
	return f.String()
}

// lineList formats line numbers, at most 20 of them.
func lineList(lines []int) string {
	var b strings.Builder
	for i, l := range lines {
		if i == 20 {
			fmt.Fprintf(&b, " … (%d more)", len(lines)-i)
			break
		}
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%d", l)
	}
	return b.String()
}

func nonNil(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}
