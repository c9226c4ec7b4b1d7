package remessatest

import (
	"math"
	"math/rand/v2"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
)

// crossPlan is what a file of a World plants across files, drawn from
// the file before it.
type crossPlan struct {
	instr []lineSkel              // BPA-C lines at the start (KindInstrumentoArquivos), numbered
	dups  []lineSkel              // repeated attendances at the end (KindAtendimentoArquivos), numbered
	qty   map[*Procedure][]source // patients for KindQuantidadeArquivos, per procedure
}

// extra returns the number of extra lines of kind k.
func (c *crossPlan) extra(k Kind) int {
	switch k {
	case KindInstrumentoArquivos:
		return len(c.instr)
	case KindAtendimentoArquivos:
		return len(c.dups)
	}
	return 0
}

// source is an episode of a file that the next file may plant on: its
// first line and the patient's total quantity of the procedure.
type source struct {
	lineSkel
	total int
}

// Sources per procedure kept for KindQuantidadeArquivos.
const qtySources = 8

// sources collects, in the totals pass of a file, the episodes the next
// file plants on: reservoirs (deterministic for the file's seed) of
// valid episodes for repeated attendances and for quantities (disjoint:
// even and odd patient numbers), and of lines of procedures that allow
// BPA-C.
type sources struct {
	r             *rand.Rand
	capacity      int
	dups, instr   []source
	nDups, nInstr int
	qty           map[*Procedure][]source
	nQty          map[*Procedure]int
}

func newSources(seed uint64, capacity int) *sources {
	return &sources{r: rand.New(rand.NewPCG(seed, seed^0x736f75726365)), capacity: max(capacity, 1),
		qty: map[*Procedure][]source{}, nQty: map[*Procedure]int{}}
}

// reservoir keeps s in *list (of at most capacity) with reservoir
// sampling; n counts the candidates seen.
func (s *sources) reservoir(list *[]source, n *int, capacity int, x source) {
	*n++
	if len(*list) < capacity {
		*list = append(*list, x)
	} else if j := s.r.IntN(*n); j < capacity {
		(*list)[j] = x
	}
}

// add looks at a line of the file.
func (s *sources) add(l *lineSkel) {
	if l.bpac || l.kind != None || l.epPos != 0 || l.ext != 0 || l.pj < 0 || l.cmp.IsZero() {
		return
	}
	// The episode carries no error: a planted kind is on its first line,
	// or on its second for a two-line KindQuantidade (never a valid
	// total).
	if l.proc.limitedQuantity() && l.epTotal > int(l.proc.MaxQuantity) {
		return
	}
	x := source{lineSkel: *l, total: l.epTotal}
	if l.proc.BPAC {
		s.reservoir(&s.instr, &s.nInstr, s.capacity, x)
	}
	if l.patient%2 == 0 {
		s.reservoir(&s.dups, &s.nDups, s.capacity, x)
	} else if l.proc.limitedQuantity() {
		list, n := s.qty[l.proc], s.nQty[l.proc]
		s.reservoir(&list, &n, qtySources, x)
		s.qty[l.proc], s.nQty[l.proc] = list, n
	}
}

// plan draws the cross-file plants of the next file, of lines lines,
// when it plants errors at rate over nKinds kinds (kinds asked for).
func (s *sources) plan(rate float64, lines, nKinds int, want func(Kind) bool) *crossPlan {
	c := &crossPlan{qty: map[*Procedure][]source{}}
	count := func(k Kind) int {
		if !want(k) || nKinds == 0 {
			return 0
		}
		x := rate * float64(lines) / float64(nKinds)
		n := int(x)
		if s.r.Float64() < x-math.Floor(x) {
			n++
		}
		return n
	}
	nInstr, nDup := count(KindInstrumentoArquivos), count(KindAtendimentoArquivos)
	nInstr = min(nInstr, len(s.instr), lines/4)
	nDup = min(nDup, len(s.dups), lines/4)
	// BPA-C lines: numbered per CNES, 20 per folha.
	perCNES := map[cnes.Code]int{}
	for _, x := range s.instr[:nInstr] {
		l := lineSkel{bpac: true, e: x.e, ei: x.ei, proc: x.proc, pj: x.pj, cmp: x.cmp, cbo: x.v.CBO, qty: 1,
			kind: KindInstrumentoArquivos, idade: bpacAge(x.proc), epLen: 1, epTotal: 1, cum: 1}
		n := perCNES[x.e.CNES]
		perCNES[x.e.CNES] = n + 1
		l.folha, l.seq = n/bpa.MaxSeqC+1, n%bpa.MaxSeqC+1
		c.instr = append(c.instr, l)
	}
	// Repeated attendances: numbered per key in this file.
	perKey := map[bpa.NumberingKey]int{}
	for _, x := range s.dups[:nDup] {
		l := x.lineSkel
		l.kind, l.part = KindAtendimentoArquivos, 0
		// Within the maximum with the first attendance when there is room.
		l.qty = 1
		if l.proc.limitedQuantity() {
			l.qty = max(1, min(x.qty, int(l.proc.MaxQuantity)-x.total))
		}
		l.ext, l.epTotal, l.cum = x.total, l.qty, l.qty
		k := bpa.NumberingKey{Type: bpa.TypeIndividualizado, CNES: l.e.CNES, CNSProfissional: l.cnsProf, CBO: l.cbo, Competencia: l.cmp}
		n := perKey[k]
		perKey[k] = n + 1
		l.folha, l.seq = n/bpa.MaxSeqI+1, n%bpa.MaxSeqI+1
		c.dups = append(c.dups, l)
	}
	if want(KindQuantidadeArquivos) {
		for p, list := range s.qty {
			c.qty[p] = list
		}
	}
	return c
}

// bpacAge returns a prd_idade (years) within the procedure's age range:
// a BPA-C line of an atributo 012 procedure is judged on it.
func bpacAge(p *Procedure) int {
	if !p.AgeApplies() {
		return 30
	}
	return (p.ageLo + p.ageHi) / 2 / 12
}
