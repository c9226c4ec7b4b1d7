package bpa

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// Numbering limits (PDF-2024; BPA-Mag 02.68).
const (
	MaxFolha = 999 // prd_flh 001–999 per numbering key
	MaxSeqC  = 20  // prd_seq 01–20 in a BPA-C folha
	MaxSeqI  = 99  // prd_seq 01–99 in a BPA-I folha
	// DefaultOrg is the prd_org Build, Encode and the Writer write when a
	// record has none (docs/bpa.md §10).
	DefaultOrg = "BPA"
)

// NumberingKey is the key under which folhas are numbered from 001 (docs/bpa.md §3.3):
// the CNES for BPA-C; (CNES, professional's CNS, CBO, competência) for
// BPA-I. Unused parts are zero.
type NumberingKey struct {
	Type            RecordType
	CNES            cnes.Code
	CNSProfissional cns.CNS
	CBO             sigtap.CBO
	Competencia     sigtap.Competencia
}

// KeyOf returns the numbering key of a production record (the zero key for
// a header).
func KeyOf(rec Record) NumberingKey {
	switch r := rec.(type) {
	case *Consolidado:
		return NumberingKey{Type: TypeConsolidado, CNES: r.CNES}
	case *Individualizado:
		return NumberingKey{Type: TypeIndividualizado, CNES: r.CNES, CNSProfissional: r.CNSProfissional, CBO: r.CBO, Competencia: r.Competencia}
	}
	return NumberingKey{}
}

func (k NumberingKey) compare(o NumberingKey) int {
	return cmp.Or(
		cmp.Compare(k.Type, o.Type),
		slices.Compare(k.CNES[:], o.CNES[:]),
		k.Competencia.Compare(o.Competencia),
		slices.Compare(k.CNSProfissional[:], o.CNSProfissional[:]),
		slices.Compare(k.CBO[:], o.CBO[:]),
	)
}

// String describes k with the professional's CNS masked.
func (k NumberingKey) String() string {
	if k.Type == TypeConsolidado {
		return "BPA-C CNES " + k.CNES.String()
	}
	return fmt.Sprintf("BPA-I CNES %s, CNS %s, CBO %s, competência %s", k.CNES, k.CNSProfissional.Masked(), k.CBO, k.Competencia)
}

type counter struct{ folha, seq int }

// Numberer assigns prd_flh and prd_seq the way BPA-Mag does, in arrival
// order: up to PerFolhaC lines per BPA-C folha, numbering restarted per
// CNES; up to PerFolhaI lines per BPA-I folha, restarted per (CNES,
// professional's CNS, CBO, competência). It needs memory per key, not per
// line, so it suits streaming with a Writer. The zero value is ready.
type Numberer struct {
	PerFolhaC int // lines per BPA-C folha, 1–20; 0 means 20
	PerFolhaI int // lines per BPA-I folha, 1–99; 0 means 99

	next  map[NumberingKey]*counter
	taken map[NumberingKey]map[int]bool // slots given by the caller (Build)
}

func (n *Numberer) perFolha(t RecordType) int {
	if t == TypeConsolidado {
		if n.PerFolhaC <= 0 || n.PerFolhaC > MaxSeqC {
			return MaxSeqC
		}
		return n.PerFolhaC
	}
	if n.PerFolhaI <= 0 || n.PerFolhaI > MaxSeqI {
		return MaxSeqI
	}
	return n.PerFolhaI
}

// Number sets rec's Folha and Seq to the next free slot of its key. It
// returns an error wrapping ErrFolhas, and leaves rec unchanged, when the
// key already used folha 999 to the end.
func (n *Numberer) Number(rec Record) error {
	k := KeyOf(rec)
	if k.Type == 0 {
		return fmt.Errorf("bpa: cannot number a %T", rec)
	}
	if n.next == nil {
		n.next = make(map[NumberingKey]*counter)
	}
	c := n.next[k]
	if c == nil {
		c = &counter{folha: 1}
		n.next[k] = c
	}
	per := n.perFolha(k.Type)
	for {
		if c.seq == per {
			c.folha, c.seq = c.folha+1, 0
		}
		if c.folha > MaxFolha {
			return fmt.Errorf("%w (%s)", ErrFolhas, k)
		}
		c.seq++
		if !n.taken[k][c.folha*100+c.seq] {
			break
		}
	}
	setSlot(rec, c.folha, c.seq)
	return nil
}

// take reserves folha/seq of key k, given by the caller, so that Number
// skips it.
func (n *Numberer) take(k NumberingKey, folha, seq int) {
	if n.taken == nil {
		n.taken = make(map[NumberingKey]map[int]bool)
	}
	m := n.taken[k]
	if m == nil {
		m = make(map[int]bool)
		n.taken[k] = m
	}
	m[folha*100+seq] = true
}

// Reset forgets every key, to start numbering a new file.
func (n *Numberer) Reset() { clear(n.next); n.taken = nil }

func slotOf(rec Record) (folha, seq int) {
	switch r := rec.(type) {
	case *Consolidado:
		return r.Folha, r.Seq
	case *Individualizado:
		return r.Folha, r.Seq
	}
	return 0, 0
}

func setSlot(rec Record, folha, seq int) {
	switch r := rec.(type) {
	case *Consolidado:
		r.Folha, r.Seq = folha, seq
	case *Individualizado:
		r.Folha, r.Seq = folha, seq
	}
}

// BuildOptions controls Build. The zero value numbers every record, puts
// everything in one file and fails when a limit would be passed.
type BuildOptions struct {
	PerFolhaC int // lines per BPA-C folha; 0 means 20
	PerFolhaI int // lines per BPA-I folha; 0 means 99
	// KeepNumbering keeps the Folha/Seq of records that have them (checked
	// for range and duplicate slots) and numbers only records whose Folha
	// and Seq are both 0, in the free slots.
	KeepNumbering bool
	// Split starts a new file, with numbering restarted, instead of failing
	// when a numbering key would need folha 1000 or a file would pass
	// MaxLinesPerFile. Not allowed with KeepNumbering.
	Split bool
	// MaxLinesPerFile caps the production lines of one file; 0 means
	// MaxLines (999 999).
	MaxLinesPerFile int
	// FolhaRule selects how the header's cbc_flh is counted.
	FolhaRule FolhaRule
}

// Build turns production records (without numbering and header totals)
// into finished files: records are ordered BPA-C first, then BPA-I, grouped
// by numbering key (CNES, competência, professional's CNS, CBO), keeping
// the callers' order inside a key; folha/seq are assigned like BPA-Mag;
// an empty prd_org becomes "BPA" (docs/bpa.md §10); and each file's header gets the
// template h with cbc_lin, cbc_flh and cbc_smt_vrf computed. recs are
// modified in place (numbering, origem) and shared with the result.
//
// Without opts.Split, a key needing folha 1000 or more than MaxLines lines
// is an error; with it, the production is split into several valid files.
func Build(h Header, recs []Record, opts *BuildOptions) ([]*File, error) {
	if opts == nil {
		opts = &BuildOptions{}
	}
	if opts.Split && opts.KeepNumbering {
		return nil, fmt.Errorf("bpa: Build: Split and KeepNumbering cannot be combined")
	}
	maxLines := opts.MaxLinesPerFile
	if maxLines <= 0 || maxLines > MaxLines {
		maxLines = MaxLines
	}
	type item struct {
		rec Record
		key NumberingKey
	}
	items := make([]item, 0, len(recs))
	for i, rec := range recs {
		k := KeyOf(rec)
		if k.Type == 0 {
			return nil, fmt.Errorf("bpa: Build: record %d is a %T, not a production record", i, rec)
		}
		applyDefaults(rec)
		items = append(items, item{rec, k})
	}
	slices.SortStableFunc(items, func(a, b item) int { return a.key.compare(b.key) })

	num := &Numberer{PerFolhaC: opts.PerFolhaC, PerFolhaI: opts.PerFolhaI}
	if opts.KeepNumbering {
		num.taken = make(map[NumberingKey]map[int]bool)
		for i, it := range items {
			f, s := slotOf(it.rec)
			if f == 0 && s == 0 {
				continue
			}
			if f < 1 || f > MaxFolha {
				return nil, &FieldError{Line: i + 2, Field: "prd_flh", Err: fmt.Errorf("%w: folha %d", ErrRange, f)}
			}
			if s < 1 || s > num.perFolha(it.key.Type) {
				return nil, &FieldError{Line: i + 2, Field: "prd_seq", Err: fmt.Errorf("%w: seq %d", ErrRange, s)}
			}
			m := num.taken[it.key]
			if m == nil {
				m = make(map[int]bool)
				num.taken[it.key] = m
			}
			if m[f*100+s] {
				return nil, &FieldError{Line: i + 2, Field: "prd_seq", Err: fmt.Errorf("%w: folha %03d seq %02d (%s)", ErrDuplicate, f, s, it.key)}
			}
			m[f*100+s] = true
		}
	}

	var files []*File
	cur := &File{Header: h}
	for _, it := range items {
		if opts.KeepNumbering {
			if f, s := slotOf(it.rec); f != 0 || s != 0 {
				cur.Records = append(cur.Records, it.rec)
				continue
			}
		}
		if len(cur.Records) == maxLines {
			if !opts.Split {
				return nil, ErrTooManyLines
			}
			files = append(files, cur)
			cur = &File{Header: h}
			num.Reset()
		}
		if err := num.Number(it.rec); err != nil {
			if !opts.Split || len(cur.Records) == 0 {
				return nil, err
			}
			files = append(files, cur)
			cur = &File{Header: h}
			num.Reset()
			if err := num.Number(it.rec); err != nil {
				return nil, err
			}
		}
		cur.Records = append(cur.Records, it.rec)
	}
	if len(cur.Records) > maxLines {
		return nil, ErrTooManyLines
	}
	files = append(files, cur)
	for _, f := range files {
		t := Totals{Rule: opts.FolhaRule}
		for _, rec := range f.Records {
			t.Add(rec)
		}
		if err := t.Apply(&f.Header); err != nil {
			return nil, err
		}
	}
	return files, nil
}
