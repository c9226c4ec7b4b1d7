package sigtap

import (
	"encoding/binary"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// csr is a relation indexed by dense procedure index (compressed sparse
// rows): the values of procedure i are vals[off[i]:off[i+1]], sorted.
type csr[V any] struct {
	known bool
	off   []int32
	vals  []V
}

func (c *csr[V]) get(i int32) []V {
	if i < 0 || int(i)+1 >= len(c.off) {
		return nil
	}
	a, b := c.off[i], c.off[i+1]
	return c.vals[a:b:b]
}

// index holds the dense procedure index and one csr per relation table.
type index struct {
	pos   map[uint64]int32 // codeKey(procedure code) → dense index
	codes []Code           // dense index → code
	nproc int              // indexes below nproc are tb_procedimento rows, in file order

	registro   csr[Registro]
	detalhe    csr[Detalhe]
	modalidade csr[Modalidade]
	servico    csr[ServicoClassificacao]
	leito      csr[Leito]
	cid        csr[ProcedureCID]
	cbo        csr[CBO]
	hab        csr[HabilitacaoRow]
	inc        csr[Incremento]
	compat     csr[Compatibilidade]
	siasih     csr[SIASIHRef]
	origem     csr[Code]
	regra      csr[Regra]
	compRede   csr[string]
	renases    csr[string]
	tuss       csr[string]
	habReq     []Habilitacoes // per dense index
}

// codeKey is the integer value of a procedure code plus one, the key of
// the procedure index (a uint64 map is about twice as fast as a [10]byte
// one). The loader accepts only all-digit codes, so keys are unique; a
// code with any other byte gets 0, which no loaded code has.
func codeKey(c Code) uint64 {
	var n uint64
	for _, b := range c {
		d := b - '0'
		if d > 9 {
			return 0
		}
		n = n*10 + uint64(d)
	}
	return n + 1
}

// relJob indexes one relation table.
type relJob struct {
	meta  *tableMeta
	n     int
	code  func(i int) Code
	pis   []int32
	miss  int
	build func(n int, pis []int32)
}

func relJobOf[V any](t anyTable, dst *csr[V], cmp func(a, b V) int) *relJob {
	tt := t.(*typed[rel[V]])
	return &relJob{
		meta: &tt.tableMeta,
		n:    len(tt.rows),
		code: func(i int) Code { return tt.rows[i].P },
		build: func(n int, pis []int32) {
			*dst = buildCSR(n, tt.present, tt.rows, pis, cmp)
		},
	}
}

// resolve maps each row to its dense procedure index (−1 when unknown);
// rows are mostly grouped by procedure, so the last look-up is reused.
func (j *relJob) resolve(pos map[uint64]int32) {
	j.pis = make([]int32, j.n)
	var last Code
	lastI := int32(-1)
	for i := 0; i < j.n; i++ {
		c := j.code(i)
		if i > 0 && c == last {
			j.pis[i] = lastI
			continue
		}
		p, ok := pos[codeKey(c)]
		if !ok {
			p = -1
			j.miss++
		}
		j.pis[i], last, lastI = p, c, p
	}
}

func buildCSR[V any](n int, known bool, rows []rel[V], pis []int32, cmp func(a, b V) int) csr[V] {
	c := csr[V]{known: known}
	if !known {
		return c
	}
	c.off = make([]int32, n+1)
	for _, p := range pis {
		c.off[p+1]++
	}
	for i := 1; i <= n; i++ {
		c.off[i] += c.off[i-1]
	}
	c.vals = make([]V, len(rows))
	fill := make([]int32, n)
	copy(fill, c.off[:n])
	for i := range rows {
		p := pis[i]
		c.vals[fill[p]] = rows[i].V
		fill[p]++
	}
	for i := 0; i < n; i++ {
		if seg := c.vals[c.off[i]:c.off[i+1]]; len(seg) > 1 {
			slices.SortFunc(seg, cmp)
		}
	}
	return c
}

// Comparison functions of the relation values.
func cmpCode(a, b Code) int {
	x, y := binary.BigEndian.Uint64(a[:8]), binary.BigEndian.Uint64(b[:8])
	if x != y {
		return cmpNum(x, y)
	}
	return cmpNum(uint16(a[8])<<8|uint16(a[9]), uint16(b[8])<<8|uint16(b[9]))
}
func cmpCBO(a, b CBO) int { return cmpNum(cboKey(a), cboKey(b)) }
func cboKey(c CBO) uint64 {
	return uint64(c[0])<<40 | uint64(c[1])<<32 | uint64(c[2])<<24 | uint64(c[3])<<16 | uint64(c[4])<<8 | uint64(c[5])
}
func cmpCID(a, b CID) int { return cmpNum(cidKey(a), cidKey(b)) }
func cidKey(c CID) uint32 { return binary.BigEndian.Uint32(c[:]) }
func cmpProcCID(a, b ProcedureCID) int {
	if c := cmpCID(a.CID, b.CID); c != 0 {
		return c
	}
	return cmpBool(a.Principal, b.Principal)
}
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}
func cmpHabRow(a, b HabilitacaoRow) int {
	if a.Grupo != b.Grupo {
		return cmpNum(a.Grupo, b.Grupo)
	}
	return cmpNum(a.Habilitacao, b.Habilitacao)
}
func cmpIncremento(a, b Incremento) int { return cmpNum(a.Habilitacao, b.Habilitacao) }
func cmpCompat(a, b Compatibilidade) int {
	if c := cmpCode(a.Compativel, b.Compativel); c != 0 {
		return c
	}
	if a.Registro != b.Registro {
		return cmpNum(a.Registro, b.Registro)
	}
	if a.RegistroCompativel != b.RegistroCompativel {
		return cmpNum(a.RegistroCompativel, b.RegistroCompativel)
	}
	return cmpNum(a.Tipo, b.Tipo)
}
func cmpSIASIH(a, b SIASIHRef) int {
	if c := strings.Compare(a.Code, b.Code); c != 0 {
		return c
	}
	return cmpNum(a.Tipo, b.Tipo)
}

// assemble builds the reference dictionaries and the procedure indexes.
func (r *Release) assemble() error {
	r.proc = r.tables[TableProcedimento].(*typed[Procedure])
	ix := &r.ix
	ix.nproc = len(r.proc.rows)
	ix.pos = make(map[uint64]int32, ix.nproc)
	ix.codes = make([]Code, 0, ix.nproc)
	for i := range r.proc.rows {
		c := r.proc.rows[i].Code
		if _, dup := ix.pos[codeKey(c)]; dup {
			return &ParseError{File: r.proc.file, Line: i + 1, Column: 1, Field: "CO_PROCEDIMENTO", Value: string(c[:]), Err: ErrDuplicate}
		}
		ix.pos[codeKey(c)] = int32(i)
		ix.codes = append(ix.codes, c)
	}
	t := r.tables
	jobs := []*relJob{
		relJobOf(t[TableProcRegistro], &ix.registro, cmpNum[Registro]),
		relJobOf(t[TableProcDetalhe], &ix.detalhe, cmpNum[Detalhe]),
		relJobOf(t[TableProcModalidade], &ix.modalidade, cmpNum[Modalidade]),
		relJobOf(t[TableProcServico], &ix.servico, compareSC),
		relJobOf(t[TableProcLeito], &ix.leito, cmpNum[Leito]),
		relJobOf(t[TableProcCID], &ix.cid, cmpProcCID),
		relJobOf(t[TableProcOcupacao], &ix.cbo, cmpCBO),
		relJobOf(t[TableProcHabilitacao], &ix.hab, cmpHabRow),
		relJobOf(t[TableProcIncremento], &ix.inc, cmpIncremento),
		relJobOf(t[TableProcCompativel], &ix.compat, cmpCompat),
		relJobOf(t[TableProcSIASIH], &ix.siasih, cmpSIASIH),
		relJobOf(t[TableProcOrigem], &ix.origem, cmpCode),
		relJobOf(t[TableProcRegraCond], &ix.regra, cmpNum[Regra]),
		relJobOf(t[TableProcCompRede], &ix.compRede, strings.Compare),
		relJobOf(t[TableProcRENASES], &ix.renases, strings.Compare),
		relJobOf(t[TableProcTUSS], &ix.tuss, strings.Compare),
	}
	parallel(len(jobs), func(i int) { jobs[i].resolve(ix.pos) })
	for _, j := range jobs {
		if j.miss == 0 {
			continue
		}
		distinct := map[Code]bool{}
		for i, p := range j.pis {
			if p >= 0 {
				continue
			}
			c := j.code(i)
			q, ok := ix.pos[codeKey(c)]
			if !ok {
				q = int32(len(ix.codes))
				ix.pos[codeKey(c)] = q
				ix.codes = append(ix.codes, c)
			}
			j.pis[i] = q
			distinct[c] = true
		}
		r.warns.warn(j.meta.file, 0, fmt.Sprintf("rows reference %d procedures not in %s", len(distinct), TableProcedimento))
	}
	n := len(ix.codes)
	parallel(len(jobs)+1, func(i int) {
		if i == len(jobs) {
			r.buildRefs()
			return
		}
		jobs[i].build(n, jobs[i].pis)
	})
	ix.habReq = buildHabReq(&ix.hab, n)
	return nil
}

// parallel runs f(0..n-1) on up to GOMAXPROCS goroutines.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, n)
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	wg.Wait()
}

// Habilitacoes is what rl_procedimento_habilitacao requires of the
// executing establishment for one procedure: any one habilitação of Any,
// or every habilitação of one of the Groups. A procedure with neither
// requires no habilitação.
type Habilitacoes struct {
	Any    []Habilitacao      // rows with a blank NU_GRUPO_HABILITACAO: each suffices alone
	Groups []HabilitacaoGroup // AND sets
}

// HabilitacaoGroup is a set of habilitações required together.
type HabilitacaoGroup struct {
	Grupo GrupoHabilitacao // NU_GRUPO_HABILITACAO
	All   []Habilitacao
}

// Required reports whether the procedure requires any habilitação.
func (h Habilitacoes) Required() bool { return len(h.Any) > 0 || len(h.Groups) > 0 }

// SatisfiedBy reports whether an establishment holding has (in any
// order) meets the requirement: no requirement, one of Any, or all of one
// group.
func (h Habilitacoes) SatisfiedBy(has []Habilitacao) bool {
	if !h.Required() {
		return true
	}
	for _, a := range h.Any {
		if slices.Contains(has, a) {
			return true
		}
	}
	for _, g := range h.Groups {
		ok := true
		for _, a := range g.All {
			if !slices.Contains(has, a) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func buildHabReq(c *csr[HabilitacaoRow], n int) []Habilitacoes {
	out := make([]Habilitacoes, n)
	if !c.known {
		return out
	}
	for i := 0; i < n; i++ {
		rows := c.get(int32(i))
		if len(rows) == 0 {
			continue
		}
		h := &out[i]
		for _, row := range rows {
			switch {
			case row.Grupo == 0:
				h.Any = append(h.Any, row.Habilitacao)
			case len(h.Groups) > 0 && h.Groups[len(h.Groups)-1].Grupo == row.Grupo:
				g := &h.Groups[len(h.Groups)-1]
				g.All = append(g.All, row.Habilitacao)
			default:
				h.Groups = append(h.Groups, HabilitacaoGroup{Grupo: row.Grupo, All: []Habilitacao{row.Habilitacao}})
			}
		}
	}
	return out
}
