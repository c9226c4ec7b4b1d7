package remessa

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
)

// SplitPart is one of the two files BPA-Mag can split an export into
// (LEIAME 01.10, 01.18, 02.40; docs/bpa.md §4).
type SplitPart uint8

// Split parts.
const (
	// SplitPAB is the file of Atenção Básica (01 PAB) and Vigilância em
	// Saúde (07) production.
	SplitPAB SplitPart = iota + 1
	// SplitMAC is the file of Média e Alta Complexidade production (06
	// MAC, 04 FAEC, 05 Incentivo-MAC) and of everything that is not PAB or
	// Vigilância: 02 Assistência Farmacêutica and 08 Gestão go here too
	// (inference: BPA-Mag names only the two groups, and this file is the
	// one SIA values line by line), as do lines whose financing is unknown.
	SplitMAC
)

// String returns "pab-vigilancia" or "mac-faec".
func (p SplitPart) String() string {
	switch p {
	case SplitPAB:
		return "pab-vigilancia"
	case SplitMAC:
		return "mac-faec"
	}
	return fmt.Sprintf("SplitPart(%d)", uint8(p))
}

// SplitPartOf returns the file a line of effective financing f goes to:
// SplitPAB for 01 and 07, SplitMAC for every other code, including the
// zero value (financing unknown).
func SplitPartOf(f sigtap.Financiamento) SplitPart {
	if f == sigtap.FinanciamentoPAB || f == sigtap.FinanciamentoVigilancia {
		return SplitPAB
	}
	return SplitMAC
}

// SplitOptions configures Split. Give at least SIGTAP: with the zero value
// no line's financing is known, and every line goes, unsplit, to the
// MAC/FAEC file (listed in SplitResult.Unknown) — the financing is never
// guessed from the procedure code.
type SplitOptions struct {
	// SIGTAP holds the releases the lines are judged by (the release of
	// each line's own competência). Lines of a competência without a
	// release, or of a procedure missing from it, have no known financing:
	// they go to the MAC/FAEC file and are listed in SplitResult.Unknown.
	SIGTAP *sigtap.Set
	// CNES is the registry the modalidades and regras condicionadas
	// need (habilitações, EqAE teams). Without it a line is financed as
	// its SIGTAP procedure says: programme attendances are not recognised
	// (the explanation of DecidirFinanciamento says so).
	CNES *cnes.Registry
	// Financiamento configures the engine (modalidade override, fonte
	// orçamentária …).
	Financiamento *FinanciamentoOptions
	// Part, when set, chooses the file of a line instead of
	// SplitPartOf(d.Financiamento); it must return SplitPAB or SplitMAC.
	Part func(rec bpa.Record, d *DecisaoFinanciamento) SplitPart
	// IDPAB and IDMAC are the identifiers of the file names
	// (PA<ID>.<MMM>). Empty means the header sigla (only A–Z a–z 0–9 - _
	// kept, at most 6 characters, "BPA" when none is left) followed by
	// "PV" (PAB/Vigilância) or "MF" (MAC/FAEC): PACAPSADPV.JAN and
	// PACAPSADMF.JAN. BPA-Mag's own names for split files are not
	// documented (inference).
	IDPAB, IDMAC string
	// Renumber numbers each file afresh in BPA-Mag's order (bpa.Build).
	// By default the records keep their folha and seq, so a line can be
	// found in both the original and its split file: folha numbers need
	// not be contiguous (docs/bpa.md §3.3), and a record without
	// numbering is numbered in a free slot.
	Renumber bool
	// FolhaRule counts the header's cbc_flh (bpa.BuildOptions.FolhaRule).
	FolhaRule bpa.FolhaRule
}

// SplitFile is one of the files of a split.
type SplitFile struct {
	Part SplitPart
	Name bpa.FileName
	// File has its own header: the original header with cbc_lin, cbc_flh
	// and cbc_smt_vrf recomputed from its records. Its records are copies;
	// the input is not modified.
	File *bpa.File
	// Lines are the line numbers of the records in the input (0 for a
	// record built in code), in the order of File.Records.
	Lines []int
	// Financiamentos counts the lines per effective financing.
	Financiamentos map[sigtap.Financiamento]int
}

// SplitResult is the outcome of Split.
type SplitResult struct {
	// Files holds the PAB/Vigilância file, then the MAC/FAEC file; a part
	// without lines has no file.
	Files []SplitFile
	// Unknown lists the input lines whose financing could not be decided
	// (no release for their competência, procedure not in it); they are in
	// the MAC/FAEC file.
	Unknown []int
	// Moved lists the input lines that a regra condicionada moved to the
	// other file than their table financing would (e.g. a PAB procedure
	// financed as MAC in Modalidade 3).
	Moved []int
}

// File returns the file of part p, or nil.
func (r *SplitResult) File(p SplitPart) *SplitFile {
	for i := range r.Files {
		if r.Files[i].Part == p {
			return &r.Files[i]
		}
	}
	return nil
}

// ErrSplit wraps the errors of Split.
var ErrSplit = errors.New("remessa: split")

// Split splits one production into the PAB/Vigilância file (effective
// financing 01 and 07) and the MAC/FAEC file (every other financing; see
// SplitMAC), by the effective financing of each line as
// DecidirFinanciamento decides it against the SIGTAP release and CNES
// snapshot of the line's own competência (docs/rules.md §7). Each file gets its
// own header with the totals recomputed (bpa.Build) and its name from
// bpa.NewFileName. f is not modified.
//
// Errors wrap ErrSplit: a file that cannot be numbered (duplicate folha/seq
// slots in the input, unless Renumber), or identifiers that make invalid
// file names.
func Split(f *bpa.File, opts *SplitOptions) (*SplitResult, error) {
	return SplitRecordsContext(context.Background(), f.Header, f.Records, opts)
}

// SplitContext is Split with a context: when ctx is done the split stops
// and returns ctx.Err().
func SplitContext(ctx context.Context, f *bpa.File, opts *SplitOptions) (*SplitResult, error) {
	return SplitRecordsContext(ctx, f.Header, f.Records, opts)
}

// SplitRecords is Split for a header and its production records (headers
// among recs are ignored).
func SplitRecords(h bpa.Header, recs []bpa.Record, opts *SplitOptions) (*SplitResult, error) {
	return SplitRecordsContext(context.Background(), h, recs, opts)
}

// SplitRecordsContext is SplitRecords with a context (see SplitContext).
func SplitRecordsContext(cctx context.Context, h bpa.Header, recs []bpa.Record, opts *SplitOptions) (*SplitResult, error) {
	if opts == nil {
		opts = &SplitOptions{}
	}
	fin := Financiador{SIGTAP: opts.SIGTAP, CNES: opts.CNES, Options: opts.Financiamento}
	type part struct {
		recs  []bpa.Record
		lines []int
		fins  map[sigtap.Financiamento]int
	}
	var parts [SplitMAC + 1]part
	res := &SplitResult{}
	for i, rec := range recs {
		if i%ctxCheckEvery == 0 {
			if err := cctx.Err(); err != nil {
				return nil, err
			}
		}
		ctx := fin.Contexto(h.Competencia, rec)
		if ctx == nil {
			continue
		}
		d := DecidirFinanciamento(ctx, fin.Options)
		p := SplitPartOf(d.Financiamento)
		if opts.Part != nil {
			p = opts.Part(rec, &d)
			if p != SplitPAB && p != SplitMAC {
				return nil, fmt.Errorf("%w: line %d: SplitOptions.Part returned %v", ErrSplit, ctx.Line, p)
			}
		}
		switch {
		case d.Financiamento == 0:
			res.Unknown = append(res.Unknown, ctx.Line)
		case SplitPartOf(d.Tabela) != SplitPartOf(d.Financiamento):
			res.Moved = append(res.Moved, ctx.Line)
		}
		pt := &parts[p]
		pt.recs = append(pt.recs, copyRecord(rec))
		pt.lines = append(pt.lines, ctx.Line)
		if pt.fins == nil {
			pt.fins = map[sigtap.Financiamento]int{}
		}
		pt.fins[d.Financiamento]++
	}
	for p := SplitPAB; p <= SplitMAC; p++ {
		pt := &parts[p]
		if len(pt.recs) == 0 {
			continue
		}
		name, err := splitName(h, p, opts)
		if err != nil {
			return nil, err
		}
		files, err := bpa.Build(h, pt.recs, &bpa.BuildOptions{KeepNumbering: !opts.Renumber, FolhaRule: opts.FolhaRule})
		if err != nil {
			return nil, fmt.Errorf("%w: %v file: %w", ErrSplit, p, err)
		}
		lines := pt.lines
		if opts.Renumber || !sameOrder(files[0].Records, pt.recs) {
			lines = reorderedLines(files[0].Records, pt.recs, pt.lines)
		}
		res.Files = append(res.Files, SplitFile{Part: p, Name: name, File: files[0], Lines: lines, Financiamentos: pt.fins})
	}
	return res, nil
}

// splitName returns the file name of part p.
func splitName(h bpa.Header, p SplitPart, opts *SplitOptions) (bpa.FileName, error) {
	id := opts.IDPAB
	if p == SplitMAC {
		id = opts.IDMAC
	}
	if id == "" {
		id = SplitID(h.Sigla, p)
	}
	name, err := bpa.NewFileName(id, h.Competencia)
	if err != nil {
		return bpa.FileName{}, fmt.Errorf("%w: %v file: %w", ErrSplit, p, err)
	}
	return name, nil
}

// SplitID returns the default file-name identifier of part p for a header
// sigla: the sigla's characters A–Z a–z 0–9 - _ (at most 6; "BPA" when
// none) followed by "PV" for SplitPAB or "MF" for SplitMAC.
func SplitID(sigla string, p SplitPart) string {
	var b strings.Builder
	for i := 0; i < len(sigla) && b.Len() < 6; i++ {
		c := sigla[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			b.WriteByte(c)
		}
	}
	if b.Len() == 0 {
		b.WriteString("BPA")
	}
	if p == SplitPAB {
		b.WriteString("PV")
	} else {
		b.WriteString("MF")
	}
	return b.String()
}

// copyRecord returns a copy of a production record, so that numbering the
// split files leaves the input alone.
func copyRecord(rec bpa.Record) bpa.Record {
	switch r := rec.(type) {
	case *bpa.Consolidado:
		c := *r
		return &c
	case *bpa.Individualizado:
		c := *r
		return &c
	}
	return rec
}

// sameOrder reports whether Build kept the records in their order.
func sameOrder(got, in []bpa.Record) bool {
	if len(got) != len(in) {
		return false
	}
	for i := range got {
		if got[i] != in[i] {
			return false
		}
	}
	return true
}

// reorderedLines maps the input line numbers onto Build's order (Build
// returns the same record pointers, reordered).
func reorderedLines(got, in []bpa.Record, lines []int) []int {
	pos := make(map[bpa.Record]int, len(in))
	for i, r := range in {
		pos[r] = lines[i]
	}
	out := make([]int, len(got))
	for i, r := range got {
		out[i] = pos[r]
	}
	return out
}
