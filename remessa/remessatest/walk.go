package remessatest

import (
	"math/rand/v2"
	"slices"

	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// lineSkel is what the walker decides about a line: everything that the
// header totals, the planted list and the expectations depend on (key,
// numbering, procedure, quantity, kind) and the patient's number.
// Patient details are drawn from the patient's number by the generator,
// so that the totals pass needs only the walker.
type lineSkel struct {
	e     *Estab
	ei    int // index of e
	v     *Vinculo
	proc  *Procedure
	pj    int // index of proc in e.Procedures (−1 for KindInstrumento)
	cmp   sigtap.Competencia
	cbo   sigtap.CBO
	folha int
	seq   int
	qty   int
	kind  Kind
	part  int
	line  int
	bpac  bool // a BPA-C line (KindInstrumentoArquivos)
	idade int  // its prd_idade

	cnsProf      cns.CNS
	patient      uint64 // patient number (1, 2, …)
	epPos, epLen int    // position in the patient's episode, and its length
	// Quantities of the patient's procedure in the competência: epTotal in
	// this file's episode, cum up to and including this line, ext in
	// earlier files (lines planted across files).
	epTotal, cum, ext int
}

// maxEpisode is the most lines one patient has with one procedure.
const maxEpisode = 3

// maxDebt caps the planted errors waiting for a line that can carry them.
const maxDebt = 64

// walker draws the skeletons of the lines in file order: the BPA-C lines
// planted across files first, then the production's BPA-I lines, then the
// attendances repeated across files.
type walker struct {
	p    *Production
	r    *rand.Rand
	ids  idGen
	k    int // current key, −1 before the first
	left int // lines left in the key
	slot int // slots used in the key

	extra   [2]map[int]int // slots used in the KindCompetencia / KindSemBase key of key k
	nProf   uint64         // made-up professionals so far
	patient uint64
	idx     int // walker lines drawn
	pos     int // lines drawn in all
	debt    []Kind
	kinds   []Kind  // kinds the walker plants (not the extra lines')
	rate    float64 // chance of a line drawing an error
	used    map[*Procedure]int
	qtyLeft int                // sources left for KindQuantidadeArquivos
	qtyOf   map[*Vinculo][]int // per vínculo, its procedures (indexes) with sources

	// the current episode: one patient, one procedure
	ep     lineSkel
	epQty  [maxEpisode]int
	epKind [maxEpisode]Kind
}

func (p *Production) newWalker() *walker {
	w := &walker{p: p, r: rand.New(rand.NewPCG(p.seed, p.seed^0x77616c6b)), ids: newIDGen(p.idSeed), k: -1,
		extra: [2]map[int]int{{}, {}}, patient: p.patientBase}
	extras := 0
	for _, k := range p.kinds {
		if k == KindInstrumentoArquivos || k == KindAtendimentoArquivos {
			extras++
			continue
		}
		w.kinds = append(w.kinds, k)
	}
	if len(w.kinds) > 0 {
		w.rate = p.rate * float64(len(w.kinds)) / float64(len(w.kinds)+extras)
	}
	if p.cross != nil {
		w.used, w.qtyOf = map[*Procedure]int{}, map[*Vinculo][]int{}
		offered := map[*Procedure]bool{}
		for _, k := range p.keys {
			for _, proc := range p.reg.Estabs[k.estab].Procedures {
				offered[proc] = true
			}
		}
		for proc, srcs := range p.cross.qty {
			if offered[proc] {
				w.qtyLeft += len(srcs)
			}
		}
	}
	return w
}

// lines returns the number of lines of the production: the walker's and
// the extra lines planted across files.
func (p *Production) lines() int {
	if p.cross == nil {
		return p.n
	}
	return p.n + len(p.cross.instr) + len(p.cross.dups)
}

// next fills l with the next line.
func (w *walker) next(l *lineSkel) {
	p := w.p
	if c := p.cross; c != nil {
		switch {
		case w.pos < len(c.instr):
			*l = c.instr[w.pos]
			l.line = w.pos + 2
			w.pos++
			return
		case w.pos >= len(c.instr)+p.n:
			*l = c.dups[w.pos-len(c.instr)-p.n]
			l.line = w.pos + 2
			w.pos++
			return
		}
	}
	w.pos++
	for w.left == 0 {
		w.k++
		w.left, w.slot = int(p.keys[w.k].lines), 0
		w.ep.epLen, w.ep.epPos = 0, 0
	}
	if w.rate > 0 && w.r.Float64() < w.rate && len(w.debt) < maxDebt {
		w.debt = append(w.debt, w.kinds[w.r.IntN(len(w.kinds))])
	}
	if w.ep.epPos >= w.ep.epLen {
		w.episode(min(w.left, p.perFile-w.idx%p.perFile))
	}
	*l = w.ep
	pos := w.ep.epPos
	w.ep.epPos++
	l.qty, l.kind = w.epQty[pos], w.epKind[pos]
	for i := range pos + 1 {
		l.cum += w.epQty[i]
	}
	l.cmp, l.cnsProf, l.cbo = p.cmp, l.v.CNS, l.v.CBO
	switch l.kind {
	case KindProfissional:
		w.nProf++
		l.cnsProf = w.ids.profCNS(w.nProf)
		l.folha, l.seq = 1, 1
	case KindCompetencia, KindSemBase:
		x := 0
		l.cmp = p.mvm.Add(-4)
		if l.kind == KindSemBase {
			x, l.cmp = 1, p.cmp.Prev()
		}
		n := w.extra[x][w.k]
		w.extra[x][w.k] = n + 1
		l.folha, l.seq = n/99+1, n%99+1
	default:
		l.folha, l.seq = w.slot/99+1, w.slot%99+1
		w.slot++
	}
	l.part = w.idx / p.perFile
	l.line = w.idx%p.perFile + 2
	if c := p.cross; c != nil {
		l.line += len(c.instr)
	}
	w.idx++
	w.left--
}

// episode starts a patient's episode of at most room lines.
func (w *walker) episode(room int) {
	p, r := w.p, w.r
	kk := p.keys[w.k]
	e := &p.reg.Estabs[kk.estab]
	v := &e.Vinculos[kk.vinc]
	ep := lineSkel{e: e, ei: int(kk.estab), v: v, epLen: 1}
	w.epKind = [maxEpisode]Kind{}
	kind := None
	var failed uint32 // kinds this vínculo cannot carry
	if w.qtyLeft == 0 && slices.Contains(w.kinds, KindQuantidadeArquivos) {
		// No patient of the previous file left to plant on: those errors
		// are dropped, and no more drawn.
		w.kinds = slices.DeleteFunc(w.kinds, func(k Kind) bool { return k == KindQuantidadeArquivos })
		w.debt = slices.DeleteFunc(w.debt, func(k Kind) bool { return k == KindQuantidadeArquivos })
	}
	var src *source
	for i, k := range w.debt {
		if failed&(1<<k) != 0 {
			continue
		}
		if proc, pj, s, ok := w.plant(k, e, v); ok {
			kind, ep.proc, ep.pj, src = k, proc, pj, s
			w.debt = append(w.debt[:i], w.debt[i+1:]...)
			break
		}
		failed |= 1 << k
	}
	if kind == None {
		ep.pj = v.Procedures[r.IntN(len(v.Procedures))]
		ep.proc = e.Procedures[ep.pj]
	}
	if src != nil {
		ep.patient, ep.ext = src.patient, src.total // a patient of the previous file
	} else {
		w.patient++
		ep.patient = w.patient
	}
	maxQ := int(ep.proc.MaxQuantity)
	switch {
	case kind == KindQuantidadeArquivos:
		// Within the maximum alone, past it with the previous file's.
		w.epQty[0], w.epKind[0] = maxQ-src.total+1, kind
	case kind == KindQuantidade && room >= 2:
		// Two lines, each within the maximum, that pass it together.
		ep.epLen = 2
		q1 := 1 + r.IntN(min(maxQ, 3))
		w.epQty[0], w.epQty[1] = q1, maxQ-q1+1+r.IntN(q1)
		w.epKind[1] = kind
	case kind == KindQuantidade:
		w.epQty[0], w.epKind[0] = maxQ+1+r.IntN(3), kind
	case kind != None:
		w.epQty[0], w.epKind[0] = w.quantity(ep.proc, 1), kind
	default:
		n := 1
		if x := r.IntN(20); x >= 17 {
			n = 2 + x/19 // 2 (10 %) or 3 (5 %)
		}
		if ep.proc.limitedQuantity() {
			n = min(n, maxQ)
		}
		ep.epLen = min(n, room)
		budget := maxQ
		for i := range ep.epLen {
			q := w.quantity(ep.proc, budget-(ep.epLen-1-i))
			w.epQty[i] = q
			budget -= q
		}
	}
	for i := range ep.epLen {
		ep.epTotal += w.epQty[i]
	}
	w.ep = ep
}

// quantity draws a quantity of 1–3, at most limit when the procedure has
// a maximum (limit ≥ 1).
func (w *walker) quantity(proc *Procedure, limit int) int {
	q := 1
	if x := w.r.IntN(10); x >= 7 {
		q = 2 + x/9 // 2 (20 %) or 3 (10 %)
	}
	if proc.limitedQuantity() {
		q = min(q, limit)
	}
	return q
}

// canPlant reports whether a line of vínculo v can carry kind k.
func (p *Production) canPlant(k Kind, e *Estab, v *Vinculo) bool {
	switch k {
	case KindCBO:
		return len(v.Others) > 0
	case KindInstrumento:
		return p.plan.foreignFor(v.CBO) != nil
	case KindProfissional, KindCompetencia, KindSemBase:
		return true
	case KindQuantidadeArquivos:
		if p.cross == nil {
			return false
		}
		for _, j := range v.Procedures {
			if len(p.cross.qty[e.Procedures[j]]) > 0 {
				return true
			}
		}
		return false
	case KindInstrumentoArquivos, KindAtendimentoArquivos:
		return false // extra lines, not the walker's
	}
	for _, j := range v.Procedures {
		if fits(k, e.Procedures[j]) {
			return true
		}
	}
	return false
}

// fits reports whether a procedure of the vínculo can carry kind k.
func fits(k Kind, proc *Procedure) bool {
	switch k {
	case KindIdade:
		return proc.ageLimited()
	case KindSexo:
		return proc.sexLimited()
	case KindQuantidade:
		return proc.limitedQuantity()
	case KindCNS:
		return !proc.CPF
	}
	return true
}

// plant chooses the procedure of a line of v planted with kind k (and,
// for KindQuantidadeArquivos, the previous file's patient), or reports
// that v cannot carry it.
func (w *walker) plant(k Kind, e *Estab, v *Vinculo) (*Procedure, int, *source, bool) {
	switch k {
	case KindCBO:
		if len(v.Others) == 0 {
			return nil, 0, nil, false
		}
		j := v.Others[w.r.IntN(len(v.Others))]
		return e.Procedures[j], j, nil, true
	case KindInstrumento:
		f := w.p.plan.foreignFor(v.CBO)
		return f, -1, nil, f != nil
	case KindQuantidadeArquivos:
		if w.p.cross == nil {
			return nil, 0, nil, false
		}
		js, ok := w.qtyOf[v]
		if !ok {
			for _, j := range v.Procedures {
				if len(w.p.cross.qty[e.Procedures[j]]) > 0 {
					js = append(js, j)
				}
			}
			w.qtyOf[v] = js
		}
		for _, j := range js {
			proc := e.Procedures[j]
			if srcs := w.p.cross.qty[proc]; w.used[proc] < len(srcs) {
				s := &srcs[w.used[proc]]
				w.used[proc]++
				w.qtyLeft--
				return proc, j, s, true
			}
		}
		return nil, 0, nil, false
	}
	pick, seen := -1, 0
	for _, j := range v.Procedures {
		if fits(k, e.Procedures[j]) {
			seen++
			if w.r.IntN(seen) == 0 {
				pick = j
			}
		}
	}
	if pick < 0 {
		return nil, 0, nil, false
	}
	return e.Procedures[pick], pick, nil, true
}
