package remessatest

import (
	"errors"
	"fmt"
	"iter"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
)

// Production is a month's synthetic BPA-I production over a registry:
// n lines drawn deterministically from a seed, valid against the plan's
// SIGTAP release and the registry except for the errors planted on
// purpose. It holds no line: every pass (All, WriteTo, WriteFiles, the
// header totals) draws the lines again from the seed, in constant memory
// (a few bytes per numbering key and per folha).
//
// Lines are grouped by numbering key — establishment, professional's CNS,
// CBO, competência — in registry order and numbered like BPA-Mag (folhas
// of 99 lines, at most 999 folhas per key). A file holds at most PerFile
// lines (bpa.MaxLines by default); a longer production is several files
// ("parts"), each with its own header, and a patient's lines never span
// two parts.
//
// A Production is safe for concurrent use: each pass draws its own lines.
// The first call of Header, Headers, Planted, WriteTo or WriteFiles runs
// the totals pass (about a tenth of the cost of writing) and keeps its
// result: the headers and the planted list, 24 bytes per planted line.
type Production struct {
	reg      *Registry
	plan     *Plan
	mvm, cmp sigtap.Competencia
	n        int // lines drawn by the walker
	seed     uint64
	rate     float64
	want     []Kind // kinds asked for
	kinds    []Kind // kinds the world can carry
	perFile  int
	version  bpa.Version
	template bpa.Header
	keys     []key
	srv      [][]serv // per establishment, per offered procedure

	// Set by a World: the patients' identities come from idSeed (so that
	// files of a world share them), patient numbers start after
	// patientBase, and cross-file plants come from the previous file.
	idSeed      uint64
	patientBase uint64
	cross       *crossPlan

	poolsOnce sync.Once
	ps        *pools

	once    sync.Once
	headers []bpa.Header
	planted []Planted
	err     error
}

// key is a numbering key of the production: a vínculo and its lines.
type key struct {
	estab, vinc int32
	lines       int32
}

// serv is a serviço/classificação as the line fields hold it.
type serv struct{ srv, clf string }

// maxKeyLines is the most lines one numbering key can number: 999 folhas
// of 99 lines.
const maxKeyLines = bpa.MaxFolha * bpa.MaxSeqI

// ProductionOptions configure NewProduction. The zero value (or nil)
// plants no error and writes files of up to bpa.MaxLines lines.
type ProductionOptions struct {
	// ErrorRate is the fraction of lines to plant an error in, 0 to 1.
	// Each line draws an error with this probability, of a kind drawn
	// uniformly from Kinds. An error the line cannot carry (its
	// professional's procedures have no sex or age limit, say, or the line
	// continues a patient's episode) waits for the next line that can — at
	// most 64 wait, later draws are dropped — so the planted share is
	// close to ErrorRate, not exact: Planted tells.
	ErrorRate float64
	// Kinds are the kinds to plant; nil means all. Kinds the production
	// cannot carry (the cross-file kinds outside a World, KindSexo without
	// a sex-limited procedure …) are left out: see Production.Kinds.
	Kinds []Kind
	// PerFile caps the lines of one BPA file (1 to bpa.MaxLines, the
	// default): a longer production is written as several files.
	PerFile int
	// Header is the header template: originating body, acronym, CNPJ/CPF,
	// destination, version (nil: a municipal secretariat with a random
	// CNPJ). Its competência and totals are set by the production.
	Header *bpa.Header
}

// NewProduction draws n BPA-I lines over reg for processing month mvm.
// Lines carry the competência of the plan's release (the registry's),
// which must be mvm or up to three months before it; the layout is
// bpa.VersionFor(mvm). opts plants errors; Planted lists where.
func NewProduction(reg *Registry, mvm sigtap.Competencia, n int, seed uint64, opts *ProductionOptions) (*Production, error) {
	return newProduction(reg, mvm, n, seed, opts, nil)
}

func newProduction(reg *Registry, mvm sigtap.Competencia, n int, seed uint64, opts *ProductionOptions, estabs []int) (*Production, error) {
	if reg == nil || reg.Plan == nil {
		return nil, errors.New("remessatest: nil registry")
	}
	if opts == nil {
		opts = &ProductionOptions{}
	}
	if n < 1 || n > maxPatients {
		return nil, fmt.Errorf("remessatest: %d lines: want 1–%d", n, maxPatients)
	}
	if err := validateErrors(opts.ErrorRate, opts.Kinds); err != nil {
		return nil, err
	}
	cmp := reg.Plan.Competencia()
	if mvm.IsZero() || mvm.Before(cmp) || mvm.Sub(cmp) > 3 {
		return nil, fmt.Errorf("remessatest: processing month %s: the lines' competência %s must be within it and the three months before", mvm, cmp)
	}
	p := &Production{reg: reg, plan: reg.Plan, mvm: mvm, cmp: cmp, n: n, seed: seed, idSeed: seed,
		rate: opts.ErrorRate, want: slices.Clone(opts.Kinds), perFile: opts.PerFile, version: bpa.VersionFor(mvm)}
	if p.perFile == 0 {
		p.perFile = bpa.MaxLines
	}
	r := rand.New(rand.NewPCG(seed, seed^0x70726f64))
	p.template = bpa.Header{Responsavel: "SECRETARIA MUNICIPAL DE SAUDE", Sigla: "SMSSIN",
		CNPJCPF: bpa.TaxIDFromCNPJ(cnes.RandomCNPJ(r)), Destino: "SECRETARIA MUNICIPAL DE SAUDE",
		DestinoTipo: "M", Versao: "GOSUS"}
	if opts.Header != nil {
		p.template = *opts.Header
	}
	if p.perFile < 1 || p.perFile > bpa.MaxLines {
		return nil, fmt.Errorf("remessatest: %d lines per file: want 1–%d", p.perFile, bpa.MaxLines)
	}
	p.template.Competencia = mvm
	if err := p.spread(r, estabs); err != nil {
		return nil, err
	}
	p.srv = make([][]serv, len(reg.Estabs))
	for i, e := range reg.Estabs {
		p.srv[i] = make([]serv, len(e.Servicos))
		for j, sc := range e.Servicos {
			if sc != (sigtap.ServicoClassificacao{}) {
				p.srv[i][j] = serv{sc.Servico.String(), sc.Classificacao.String()}
			}
		}
	}
	p.kinds = p.feasibleKinds()
	return p, nil
}

// spread gives every vínculo of the registry (of establishments estabs,
// nil for all) a share of the lines, weighted at random (0.5–1.5).
func (p *Production) spread(r *rand.Rand, estabs []int) error {
	var w []float64
	total := 0.0
	if estabs == nil {
		estabs = make([]int, len(p.reg.Estabs))
		for i := range estabs {
			estabs[i] = i
		}
	}
	for _, i := range estabs {
		e := &p.reg.Estabs[i]
		for j := range e.Vinculos {
			x := 0.5 + r.Float64()
			p.keys = append(p.keys, key{estab: int32(i), vinc: int32(j)})
			w = append(w, x)
			total += x
		}
	}
	if len(p.keys) == 0 {
		return errors.New("remessatest: the registry has no vínculo")
	}
	sum := 0
	for i := range p.keys {
		k := int(float64(p.n) * w[i] / total)
		p.keys[i].lines = int32(min(k, maxKeyLines+1))
		sum += k
	}
	for i := 0; sum < p.n; i = (i + 1) % len(p.keys) {
		p.keys[i].lines++
		sum++
	}
	for _, k := range p.keys {
		if k.lines > maxKeyLines {
			return fmt.Errorf("%w: %d lines over %d vínculos overflow a numbering key (%d lines, 999 folhas): use more establishments", ErrOptions, p.n, len(p.keys), maxKeyLines)
		}
	}
	return nil
}

// feasibleKinds returns the kinds asked for that some vínculo can carry.
func (p *Production) feasibleKinds() []Kind {
	want := p.want
	if want == nil {
		want = Kinds()
	}
	var out []Kind
	for _, k := range want {
		if p.carries(k) {
			out = append(out, k)
		}
	}
	return out
}

// carries reports whether some vínculo of the production can carry kind
// k.
func (p *Production) carries(k Kind) bool {
	switch k {
	case KindInstrumentoArquivos, KindAtendimentoArquivos:
		return p.cross != nil && p.cross.extra(k) > 0
	case KindSemBase:
		if p.mvm.Sub(p.cmp) > 2 {
			return false // cmp−1 would be outside the window
		}
	}
	for _, k2 := range p.keys {
		e := &p.reg.Estabs[k2.estab]
		if p.canPlant(k, e, &e.Vinculos[k2.vinc]) {
			return true
		}
	}
	return false
}

// Kinds returns the kinds of error the production plants: those asked
// for that the world can carry (a plan without a sex-limited procedure
// cannot carry KindSexo).
func (p *Production) Kinds() []Kind { return slices.Clone(p.kinds) }

// Len returns the number of lines.
func (p *Production) Len() int { return p.lines() }

// Parts returns the number of files the production is written as.
func (p *Production) Parts() int { return (p.lines() + p.perFile - 1) / p.perFile }

// Competencia returns the processing month (cbc_mvm).
func (p *Production) Competencia() sigtap.Competencia { return p.mvm }

// Version returns the BPA-I layout of the lines.
func (p *Production) Version() bpa.Version { return p.version }

// skeletonRecord sets the fields of a record that the header totals
// depend on.
func skeletonRecord(l *lineSkel, ri *bpa.Individualizado, rc *bpa.Consolidado) bpa.Record {
	if l.bpac {
		rc.CNES, rc.Folha, rc.Procedimento, rc.Quantidade = l.e.CNES, l.folha, l.proc.Code, l.qty
		return rc
	}
	ri.CNES, ri.Competencia, ri.CNSProfissional, ri.CBO = l.e.CNES, l.cmp, l.cnsProf, l.cbo
	ri.Folha, ri.Procedimento, ri.Quantidade = l.folha, l.proc.Code, l.qty
	return ri
}

// totals draws the skeleton of every line once, for the header totals of
// each part and the list of planted lines; each line is also handed to
// look (when not nil).
func (p *Production) totals(look ...func(*lineSkel)) {
	p.once.Do(func() {
		parts := p.Parts()
		t := make([]bpa.Totals, parts)
		var l lineSkel
		var ri bpa.Individualizado
		var rc bpa.Consolidado
		w := p.newWalker()
		for range p.lines() {
			w.next(&l)
			t[l.part].Add(skeletonRecord(&l, &ri, &rc))
			if l.kind != None {
				p.planted = append(p.planted, Planted{Part: l.part, Line: l.line, Kind: l.kind})
			}
			for _, f := range look {
				f(&l)
			}
		}
		p.headers = make([]bpa.Header, parts)
		for i := range t {
			p.headers[i] = p.template
			if err := t[i].Apply(&p.headers[i]); err != nil {
				p.err = err
				return
			}
		}
	})
}

// Headers returns the header of each part, totals computed.
func (p *Production) Headers() ([]bpa.Header, error) {
	p.totals()
	return slices.Clone(p.headers), p.err
}

// Header returns the header of the first (usually only) file.
func (p *Production) Header() (bpa.Header, error) {
	p.totals()
	if p.err != nil {
		return bpa.Header{}, p.err
	}
	return p.headers[0], nil
}

// Planted returns the lines given an error on purpose, in file order.
func (p *Production) Planted() ([]Planted, error) {
	p.totals()
	return slices.Clone(p.planted), p.err
}

// All iterates over the lines in file order, with the error planted in
// each (None for a valid line): *bpa.Individualizado records, and the
// *bpa.Consolidado lines a World plants across files. The record is
// reused: it is overwritten by the next iteration (copy it to keep it).
// Its line number is the line in its file; the part changes every
// PerFile lines.
func (p *Production) All() iter.Seq2[bpa.Record, Kind] {
	return func(yield func(bpa.Record, Kind) bool) {
		g := p.newGenerator()
		for range p.lines() {
			rec, k := g.next()
			if !yield(rec, k) {
				return
			}
		}
	}
}

// pools returns the production's shared fake names and addresses.
func (p *Production) pools() *pools {
	p.poolsOnce.Do(func() { p.ps = newPools(p.idSeed) })
	return p.ps
}
