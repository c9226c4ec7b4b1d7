package remessatest

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
)

// Options configure a World. The zero value (or nil) is a month of one
// file of 1 000 BPA-I lines over 20 establishments, without errors.
type Options struct {
	// Competencia is the processing month (cbc_mvm) of the files: the
	// release's competência (the default) or up to three months after it.
	// Lines carry the release's competência.
	Competencia sigtap.Competencia
	// Estabs is the number of establishments of the CNES registry
	// (default 20). They are shared out among the files, each file the
	// production of its own establishments, so there are at least as many
	// as files (the duplicated file excepted).
	Estabs int
	// Files is the number of BPA files (default 1), Duplicate and
	// OtherCompetencia included.
	Files int
	// Lines is the number of production lines of each file (default
	// 1 000, at most bpa.MaxLines).
	Lines int
	// ErrorRate is the share of lines planted with an error, 0 to 1: each
	// line draws one with this probability, of a kind drawn uniformly from
	// Kinds; the cross-file kinds plant on a file the errors that only
	// show with the file before it (see Kind). The planted share is close
	// to ErrorRate, not exact.
	ErrorRate float64
	// Kinds are the kinds of error to plant (nil: every kind).
	Kinds []Kind
	// Duplicate makes the last file a copy of the file before it, under
	// another name: ARQUIVO_DUPLICADO, and every BPA-I line repeated
	// (LINHA_DUPLICADA, QUANTIDADE_EXCEDIDA past the maximum). Needs
	// Files ≥ 2.
	Duplicate bool
	// OtherCompetencia makes one file (the last, or the one before the
	// copy) a file of another processing month, the month after (or,
	// when that would put the lines outside the window, before):
	// ARQUIVO_COMPETENCIA_DIFERENTE on the file and on every line. Needs
	// Files ≥ 3, so that most files carry the set's competência.
	OtherCompetencia bool
	// Seed makes the world: the same seed, release and options give the
	// same registry, files and expectations, byte for byte.
	Seed uint64
	// Plan chooses the procedures of the world (nil: every procedure of
	// the release a BPA-I line can carry; see NewPlan).
	Plan *PlanOptions
}

// Roles of the files of a World.
const (
	roleRegular = iota
	roleOther   // OtherCompetencia
	roleCopy    // Duplicate
)

// File is one BPA file of a World.
type File struct {
	// Name is the file's name, PA<id>.<MMM> as BPA-Mag names exports, in
	// set order: PAW001.JAN, PAW002.JAN …
	Name string
	// Competencia is its header's cbc_mvm.
	Competencia sigtap.Competencia
	// Lines is its number of production lines.
	Lines int
	// CopyOf is the index in World.Files of the file it repeats (the
	// Duplicate file), −1 for the others.
	CopyOf int
	// Production draws its lines (the copied file's for the copy).
	Production *Production

	role   int
	estabs []int // indexes of its establishments in the registry
	expect *FileExpectation
}

// World is a deterministic month of BPA production for a gestão: a CNES
// registry in the real distribution format, one or more BPA files over
// its establishments with errors planted at a chosen rate — within a
// file and across files — and the verdicts remessa.Checker must give,
// as data (Expected, Criticas). See the package documentation.
type World struct {
	// Plan is the procedures billed, from the release.
	Plan *Plan
	// Registry is the CNES registry (Registry.Fixture: the CSV files).
	Registry *Registry
	// Competencia is the set's processing month (cbc_mvm).
	Competencia sigtap.Competencia
	// Files are the BPA files, in set order.
	Files []*File

	opts     Options
	expected *Expected
}

// Defaults of Options.
const (
	DefaultEstabs = 20
	DefaultLines  = 1000
)

// ErrOptions reports invalid Options (wrapped with the reason).
var ErrOptions = errors.New("remessatest: invalid options")

func (o *Options) withDefaults(rel *sigtap.Release) (Options, error) {
	var x Options
	if o != nil {
		x = *o
	}
	if x.Competencia.IsZero() {
		x.Competencia = rel.Competencia()
	}
	if x.Estabs == 0 {
		x.Estabs = DefaultEstabs
	}
	if x.Files == 0 {
		x.Files = 1
	}
	if x.Lines == 0 {
		x.Lines = DefaultLines
	}
	bad := func(format string, a ...any) (Options, error) {
		return x, fmt.Errorf("%w: "+format, append([]any{ErrOptions}, a...)...)
	}
	switch {
	case x.Estabs < 0 || x.Files < 0 || x.Lines < 0:
		return bad("negative count")
	case x.Lines > bpa.MaxLines:
		return bad("%d lines per file: a BPA file holds at most %d", x.Lines, bpa.MaxLines)
	case x.Files > 999:
		return bad("%d files: at most 999", x.Files)
	case uint64(x.Files)*uint64(x.Lines+1) > maxPatients:
		return bad("%d files of %d lines: at most %d lines in all", x.Files, x.Lines, maxPatients)
	case x.Duplicate && x.Files < 2:
		return bad("a duplicated file needs at least 2 files")
	case x.OtherCompetencia && x.Files < 3:
		return bad("a file of another competência needs at least 3 files")
	case x.Competencia.Before(rel.Competencia()) || x.Competencia.Sub(rel.Competencia()) > 3:
		return bad("processing month %s: the release's competência %s must be within it and the three months before", x.Competencia, rel.Competencia())
	}
	if gen := x.Files - b2i(x.Duplicate); x.Estabs < gen {
		return bad("%d establishments for %d files: each file needs its own", x.Estabs, gen)
	}
	if err := validateErrors(x.ErrorRate, x.Kinds); err != nil {
		return bad("%v", err)
	}
	return x, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// New builds the world of release rel: the plan of its procedures, the
// registry, the files and what the checker must say about them. It draws
// every line once (about 0.15 µs a line) to total the headers and the
// expectations; the lines themselves are drawn again when written.
func New(rel *sigtap.Release, opts *Options) (*World, error) {
	if rel == nil {
		return nil, errors.New("remessatest: nil release")
	}
	o, err := opts.withDefaults(rel)
	if err != nil {
		return nil, err
	}
	plan, err := NewPlan(rel, o.Plan)
	if err != nil {
		return nil, err
	}
	reg, err := NewRegistry(plan, o.Estabs, o.Seed)
	if err != nil {
		return nil, err
	}
	w := &World{Plan: plan, Registry: reg, Competencia: o.Competencia, opts: o}
	if err := w.build(); err != nil {
		return nil, err
	}
	return w, nil
}

// otherCompetencia is the processing month of the OtherCompetencia file.
func (w *World) otherCompetencia() sigtap.Competencia {
	if next := w.Competencia.Next(); next.Sub(w.Plan.Competencia()) <= 3 {
		return next
	}
	return w.Competencia.Prev()
}

// build lays the files out and draws their skeletons in set order.
func (w *World) build() error {
	o := w.opts
	gen := o.Files - b2i(o.Duplicate) // files with their own production
	regular := gen - b2i(o.OtherCompetencia)
	r := rand.New(rand.NewPCG(o.Seed, o.Seed^0x776f726c64))
	header := bpa.Header{Responsavel: "SECRETARIA MUNICIPAL DE SAUDE", Sigla: "SMSSIN",
		CNPJCPF: bpa.TaxIDFromCNPJ(cnes.RandomCNPJ(r)), Destino: "SECRETARIA MUNICIPAL DE SAUDE", DestinoTipo: "M", Versao: "GOSUS"}
	want := func(k Kind) bool { return o.Kinds == nil || containsKind(o.Kinds, k) }
	nKinds := len(o.Kinds)
	if o.Kinds == nil {
		nKinds = len(Kinds())
	}
	acct := newAccounts(w)
	var src *sources
	var cp *File
	var base uint64
	for i := range gen {
		f := &File{CopyOf: -1, Competencia: w.Competencia}
		if i >= regular {
			f.role, f.Competencia = roleOther, w.otherCompetencia()
		}
		for e := i * o.Estabs / gen; e < (i+1)*o.Estabs/gen; e++ {
			f.estabs = append(f.estabs, e)
		}
		var cross *crossPlan
		if src != nil && f.role == roleRegular {
			cross = src.plan(o.ErrorRate, o.Lines, nKinds, want)
		}
		n := o.Lines
		if cross != nil {
			n -= len(cross.instr) + len(cross.dups)
		}
		seed := mix64(o.Seed + uint64(i+1)*0x9e3779b97f4a7c15)
		p, err := newProduction(w.Registry, f.Competencia, n, seed,
			&ProductionOptions{ErrorRate: o.ErrorRate, Kinds: o.Kinds, Header: &header}, f.estabs)
		if err != nil {
			return fmt.Errorf("remessatest: file %d: %w", i+1, err)
		}
		p.idSeed, p.patientBase, p.cross = o.Seed, base, cross
		p.kinds = p.feasibleKinds()
		base += uint64(o.Lines) + 1
		f.Production, f.Lines = p, p.lines()
		if f.Name, err = fileName(i, f.Competencia); err != nil {
			return err
		}
		w.Files = append(w.Files, f)

		// Totals, expectations, and the sources of the next file.
		src = nil
		looks := []func(*lineSkel){acct.file(f)}
		if i+1 < regular {
			// Room for the plants the next file draws (see sources.plan).
			src = newSources(seed, min(int(o.ErrorRate*float64(o.Lines)/float64(max(nKinds, 1)))+8, 1<<16))
			looks = append(looks, src.add)
		}
		if o.Duplicate && i == regular-1 {
			cp = &File{CopyOf: i, Competencia: f.Competencia, Lines: f.Lines, Production: p, role: roleCopy}
			if cp.Name, err = fileName(gen, cp.Competencia); err != nil {
				return err
			}
			looks = append(looks, acct.file(cp))
		}
		p.totals(looks...)
		if p.err != nil {
			return p.err
		}
	}
	if cp != nil {
		w.Files = append(w.Files, cp)
	}
	w.expected = acct.finish()
	return nil
}

// fileName names the i-th file (from 0) of processing month mvm.
func fileName(i int, mvm sigtap.Competencia) (string, error) {
	fn, err := bpa.NewFileName(fmt.Sprintf("W%03d", i+1), mvm)
	if err != nil {
		return "", err
	}
	return fn.String(), nil
}

func containsKind(ks []Kind, k Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// Options returns the options the world was built with, defaults filled
// in.
func (w *World) Options() Options { return w.opts }

// WriteFile writes file i of w.Files to out: a complete BPA file drawn
// in constant memory.
func (w *World) WriteFile(i int, out io.Writer) error {
	if i < 0 || i >= len(w.Files) {
		return fmt.Errorf("remessatest: no file %d", i)
	}
	_, err := w.Files[i].Production.WriteTo(out)
	return err
}
