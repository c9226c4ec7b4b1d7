package remessatest

import (
	"cmp"
	"iter"
	"slices"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/sigtap"
	"github.com/shopspring/decimal"
)

// Expectation is one crítica remessa.Checker must raise: on production
// line Line (2 or more) of File, in Result.Criticas; or, for Line 0 and 1,
// about the file as a whole, in the file's Summary.Criticas (Line 1 is
// the header's).
type Expectation struct {
	File string       `json:"file"` // the file's name (Result.File)
	Line int          `json:"line"` // its line (Result.Line, Critica.Line)
	Code remessa.Code `json:"code"` // the crítica's code
}

// FileExpectation is what the checker must say of one file of a World.
type FileExpectation struct {
	Name        string             `json:"file"`        // Summary.File
	Competencia sigtap.Competencia `json:"competencia"` // header cbc_mvm
	Lines       int                `json:"lines"`       // production lines judged
	Approved    int                `json:"approved"`    // aprovada lines
	Rejected    int                `json:"rejected"`    // rejeitada lines
	Unverified  int                `json:"unverified"`  // nao_verificada lines
	// Valor is the value of the file's lines per status.
	Valor remessa.Total `json:"valor"`
	// Criticas are the file-level críticas (Summary.Criticas), in order.
	Criticas []Expectation `json:"criticas"`
}

// Expected is what remessa.Checker.CheckFiles must return for a World,
// given the world's SIGTAP release alone and its CNES registry: the
// MonthSummary's counts, values per status, totals per establishment ×
// financing × rubrica and rejection reasons (Reason.Message left empty:
// the messages are the checker's), and each file's. Financing is the
// procedure's in the release (the world bills no programme and no regra
// condicionada changes it); value is quantity × VL_SA plus the
// increments of the establishment's habilitações.
type Expected struct {
	Competencia sigtap.Competencia `json:"competencia"` // the set's processing month
	FileCount   int                `json:"files"`       // files in the set
	Lines       int                `json:"lines"`       // production lines
	Approved    int                `json:"approved"`    // aprovada lines
	Rejected    int                `json:"rejected"`    // rejeitada lines
	Unverified  int                `json:"unverified"`  // nao_verificada lines
	Valor       remessa.Total      `json:"valor"`       // value per status
	// Totals are per establishment × financing × rubrica, sorted as the
	// checker sorts them; Reasons per rejecting code, most lines first.
	Totals  []remessa.Total  `json:"totals"`
	Reasons []remessa.Reason `json:"reasons"`
	// Files holds each file's expectation, in set order.
	Files []*FileExpectation `json:"-"`
}

// Expected returns what the checker must say of the world (computed by
// New; do not modify it).
func (w *World) Expected() *Expected { return w.expected }

// codeSet is a set of the crítica codes a world's lines get, as bits of
// codeOrder.
type codeSet uint16

// codeOrder lists the codes in the order the checker raises them on a
// line: layout, SIGTAP and CNES checks, then "not checked", then the
// cross-line rules, then the file's competência.
var codeOrder = [...]remessa.Code{
	bpa.CodeCheckDigitCNS, remessa.CodeForaDoPrazo, remessa.CodeInstrumento, remessa.CodeCBO, remessa.CodeIdade,
	remessa.CodeSexo, remessa.CodeProfissional, remessa.CodeCBOCNES, remessa.CodeSemTabela, remessa.CodeSemCNES,
	remessa.CodeInstrumentoDuplicado, remessa.CodeQuantidade, remessa.CodeLinhaDuplicada, remessa.CodeArquivoCompetencia,
}

var (
	kindSets              [numKinds]codeSet
	erroSet, naoVerifSet  codeSet
	bitQuantidade         = codeBit(remessa.CodeQuantidade)
	bitLinhaDuplicada     = codeBit(remessa.CodeLinhaDuplicada)
	bitArquivoCompetencia = codeBit(remessa.CodeArquivoCompetencia)
	bitSemTabela          = codeBit(remessa.CodeSemTabela)
	bitSemCNES            = codeBit(remessa.CodeSemCNES)
)

func init() {
	for k, codes := range kindCodes {
		for _, c := range codes {
			kindSets[k] |= codeBit(c)
		}
	}
	naoVerifSet = bitSemTabela | bitSemCNES
	all := codeSet(1)<<len(codeOrder) - 1
	erroSet = all &^ (naoVerifSet | bitLinhaDuplicada)
}

func codeBit(c remessa.Code) codeSet {
	i := slices.Index(codeOrder[:], c)
	if i < 0 {
		panic("remessatest: no bit for " + string(c))
	}
	return 1 << i
}

// all yields the codes of s in order.
func (s codeSet) all() iter.Seq[remessa.Code] {
	return func(yield func(remessa.Code) bool) {
		for i, c := range codeOrder {
			if s&(1<<i) != 0 && !yield(c) {
				return
			}
		}
	}
}

// status returns the verdict of a line with críticas s.
func (s codeSet) status() remessa.Status {
	switch {
	case s&erroSet != 0:
		return remessa.Rejeitada
	case s&naoVerifSet != 0:
		return remessa.NaoVerificada
	}
	return remessa.Aprovada
}

// codes returns the críticas the checker raises on line l of f.
func (f *File) codes(l *lineSkel) codeSet {
	s := kindSets[l.kind]
	known := l.cmp == f.Production.cmp // judged by the world's release
	maxQ := -1
	if l.proc.limitedQuantity() {
		maxQ = int(l.proc.MaxQuantity)
	}
	if l.kind == KindAtendimentoArquivos && maxQ >= 0 && l.ext+l.cum > maxQ {
		s |= bitQuantidade
	}
	if f.role == roleCopy && known {
		// Every line again: the patient's quantities add up from the
		// copied file's, and every BPA-I attendance is seen twice.
		if !l.bpac && maxQ >= 0 && l.ext+l.epTotal+l.cum > maxQ {
			s |= bitQuantidade
		}
		if !l.bpac {
			s |= bitLinhaDuplicada
		}
	}
	if f.role == roleOther {
		s |= bitArquivoCompetencia
	}
	return s
}

// Criticas yields every crítica the checker must raise on a production
// line, file by file in set order and line by line, each line's in the
// order the checker raises them. It draws the skeleton of every line
// again (about 0.1 µs a line) and holds none.
func (w *World) Criticas() iter.Seq[Expectation] {
	return func(yield func(Expectation) bool) {
		for _, f := range w.Files {
			if !w.fileCriticas(f, yield) {
				return
			}
		}
	}
}

// fileCriticas yields the críticas of f's production lines; false when
// yield asked to stop.
func (w *World) fileCriticas(f *File, yield func(Expectation) bool) bool {
	p := f.Production
	wk := p.newWalker()
	var l lineSkel
	for range p.lines() {
		wk.next(&l)
		for c := range f.codes(&l).all() {
			if !yield(Expectation{File: f.Name, Line: l.line, Code: c}) {
				return false
			}
		}
	}
	return true
}

// noteKey is a "not checked" note of a file: a code and the competência
// it lacks.
type noteKey struct {
	code remessa.Code
	cmp  sigtap.Competencia
}

// acctKey groups lines of one value: establishment, procedure (nil for a
// line no release judges), verdict and rejecting codes.
type acctKey struct {
	ei    int32
	proc  *Procedure
	st    remessa.Status
	erros codeSet
}

type acctVal struct{ lines, qty int }

// accounts tallies the lines of a world's files as the checker must.
type accounts struct {
	w     *World
	files []*fileAccount
}

type fileAccount struct {
	f       *File
	m       map[acctKey]*acctVal
	lastKey acctKey
	last    *acctVal
	notes   map[noteKey]bool
}

func newAccounts(w *World) *accounts { return &accounts{w: w} }

// file starts the account of f and returns what looks at its lines.
func (a *accounts) file(f *File) func(*lineSkel) {
	fa := &fileAccount{f: f, m: map[acctKey]*acctVal{}, notes: map[noteKey]bool{}}
	f.expect = &FileExpectation{Name: f.Name, Competencia: f.Competencia}
	if f.role == roleOther {
		f.expect.Criticas = append(f.expect.Criticas, Expectation{File: f.Name, Line: 1, Code: remessa.CodeArquivoCompetencia})
	}
	a.files = append(a.files, fa)
	return fa.add
}

func (fa *fileAccount) add(l *lineSkel) {
	s := fa.f.codes(l)
	st := s.status()
	k := acctKey{ei: int32(l.ei), st: st, erros: s & erroSet}
	if l.cmp == fa.f.Production.cmp {
		k.proc = l.proc
	}
	v := fa.last
	if v == nil || k != fa.lastKey {
		if v = fa.m[k]; v == nil {
			v = &acctVal{}
			fa.m[k] = v
		}
		fa.lastKey, fa.last = k, v
	}
	v.lines++
	v.qty += l.qty
	if s&naoVerifSet != 0 {
		for _, c := range []remessa.Code{remessa.CodeSemTabela, remessa.CodeSemCNES} {
			if s&codeBit(c) != 0 && !fa.notes[noteKey{c, l.cmp}] {
				fa.notes[noteKey{c, l.cmp}] = true
				fa.f.expect.Criticas = append(fa.f.expect.Criticas, Expectation{File: fa.f.Name, Code: c})
			}
		}
	}
}

// unitKey caches a procedure's value in an establishment.
type unitKey struct {
	ei   int32
	proc *Procedure
}

// finish folds the accounts into the expectations.
func (a *accounts) finish() *Expected {
	w := a.w
	e := &Expected{Competencia: w.Competencia, FileCount: len(w.Files), Valor: newTotal(remessa.TotalKey{})}
	units := map[unitKey]decimal.Decimal{}
	month := map[remessa.TotalKey]*remessa.Total{}
	reasons := map[remessa.Code]*remessa.Reason{}
	for _, f := range w.Files {
		var fa *fileAccount
		for _, x := range a.files {
			if x.f == f {
				fa = x
			}
		}
		fe := f.expect
		if f.role == roleCopy {
			fe.Criticas = append(fe.Criticas, Expectation{File: f.Name, Code: remessa.CodeArquivoDuplicado})
		}
		fe.Valor = newTotal(remessa.TotalKey{})
		keys := make([]acctKey, 0, len(fa.m))
		for k := range fa.m {
			keys = append(keys, k)
		}
		for _, k := range keys {
			v := fa.m[k]
			est := &w.Registry.Estabs[k.ei]
			tk := remessa.TotalKey{CNES: est.CNES}
			value := decimal.Zero
			if k.proc != nil {
				tk.Financiamento, tk.Rubrica = k.proc.Financing, k.proc.Rubrica
				u, ok := units[unitKey{k.ei, k.proc}]
				if !ok {
					u = unitValue(w.Plan.Release, est, k.proc)
					units[unitKey{k.ei, k.proc}] = u
				}
				value = u.Mul(decimal.NewFromInt(int64(v.qty)))
			}
			t := month[tk]
			if t == nil {
				nt := newTotal(tk)
				t = &nt
				month[tk] = t
			}
			for _, tot := range []*remessa.Total{t, &fe.Valor, &e.Valor} {
				addTo(tot, k.st, v, value)
			}
			fe.Lines += v.lines
			switch k.st {
			case remessa.Aprovada:
				fe.Approved += v.lines
			case remessa.Rejeitada:
				fe.Rejected += v.lines
				for c := range k.erros.all() {
					r := reasons[c]
					if r == nil {
						r = &remessa.Reason{Code: c, Valor: decimal.Zero}
						reasons[c] = r
					}
					r.Lines += v.lines
					r.Valor = r.Valor.Add(value)
				}
			default:
				fe.Unverified += v.lines
			}
		}
		e.Files = append(e.Files, fe)
		e.Lines += fe.Lines
		e.Approved += fe.Approved
		e.Rejected += fe.Rejected
		e.Unverified += fe.Unverified
	}
	e.Totals = make([]remessa.Total, 0, len(month))
	for _, t := range month {
		e.Totals = append(e.Totals, *t)
	}
	slices.SortFunc(e.Totals, func(a, b remessa.Total) int {
		return cmp.Or(cmp.Compare(a.CNES.String(), b.CNES.String()), cmp.Compare(a.Financiamento, b.Financiamento), cmp.Compare(a.Rubrica, b.Rubrica))
	})
	e.Reasons = make([]remessa.Reason, 0, len(reasons))
	for _, r := range reasons {
		e.Reasons = append(e.Reasons, *r)
	}
	slices.SortFunc(e.Reasons, func(a, b remessa.Reason) int {
		return cmp.Or(cmp.Compare(b.Lines, a.Lines), cmp.Compare(a.Code, b.Code))
	})
	return e
}

func newTotal(k remessa.TotalKey) remessa.Total {
	return remessa.Total{TotalKey: k, Approved: decimal.Zero, Rejected: decimal.Zero, Unverified: decimal.Zero}
}

// addTo adds lines of status st and their value to t.
func addTo(t *remessa.Total, st remessa.Status, v *acctVal, value decimal.Decimal) {
	switch st {
	case remessa.Aprovada:
		t.ApprovedLines += v.lines
		t.ApprovedQt += v.qty
		t.Approved = t.Approved.Add(value)
	case remessa.NaoVerificada:
		t.UnverifiedLines += v.lines
		t.UnverifiedQt += v.qty
		t.Unverified = t.Unverified.Add(value)
	default:
		t.RejectedLines += v.lines
		t.RejectedQt += v.qty
		t.Rejected = t.Rejected.Add(value)
	}
}

// unitValue is the value of one unit of proc in establishment e: VL_SA
// plus the increments (rl_procedimento_incremento, percent of SA) of the
// habilitações e holds.
func unitValue(rel *sigtap.Release, e *Estab, proc *Procedure) decimal.Decimal {
	sa := proc.ValueSA
	incs, _ := rel.Incrementos(proc.Code)
	pct := decimal.Zero
	for _, inc := range incs {
		if slices.Contains(e.Habilitacoes, inc.Habilitacao) {
			pct = pct.Add(inc.SA)
		}
	}
	return sa.Add(sa.Mul(pct).Div(decimal.NewFromInt(100)))
}
