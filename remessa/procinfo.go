package remessa

import (
	"bytes"
	"slices"

	"github.com/go-sus/sus/sigtap"
)

// procInfo is what the checks need of one procedure in one release,
// gathered once per worker so that judging a line costs no repeated
// SIGTAP look-ups.
type procInfo struct {
	proc sigtap.Procedure

	detList  []sigtap.Detalhe
	detalhes uint64 // bit d set when the procedure carries atributo d (< 64)
	detKnown bool
	detHigh  []sigtap.Detalhe // atributos ≥ 64, if a future release adds them

	regra0001   bool
	regras      []sigtap.Regra
	regrasKnown bool

	bpac, bpai sigtap.Answer // AllowsInstrument
	registros  []sigtap.Registro

	cbos     []sigtap.CBO
	cboKeys  []uint64 // the CBOs as integers, sorted
	cboKnown bool

	cids     []sigtap.CID // sorted
	cidKnown bool

	servicos  []sigtap.ServicoClassificacao
	servPairs []sigtap.ServicoClassificacao
	servKnown bool

	habs     sigtap.Habilitacoes
	habKnown bool
}

// has reports whether the procedure carries atributo d.
func (f *procInfo) has(d sigtap.Detalhe) sigtap.Answer {
	if !f.detKnown {
		return sigtap.Unknown
	}
	if d < 64 {
		if f.detalhes&(1<<d) != 0 {
			return sigtap.Yes
		}
		return sigtap.No
	}
	if slices.Contains(f.detHigh, d) {
		return sigtap.Yes
	}
	return sigtap.No
}

func (f *procInfo) allowsCBO(c sigtap.CBO) bool {
	_, ok := slices.BinarySearch(f.cboKeys, cboKey(c))
	return ok
}

func cboKey(c sigtap.CBO) uint64 {
	var k uint64
	for _, b := range c {
		k = k<<8 | uint64(b)
	}
	return k
}

func (f *procInfo) allowsCID(c sigtap.CID) bool {
	_, ok := slices.BinarySearchFunc(f.cids, c, func(a, b sigtap.CID) int { return bytes.Compare(a[:], b[:]) })
	return ok
}

// procInfoCache holds procInfo per release and procedure (keyed by the
// code as an integer); nil entries mark procedures absent from the
// release.
type procInfoCache struct {
	rel *sigtap.Release
	cur map[uint64]*procInfo
	all map[*sigtap.Release]map[uint64]*procInfo
}

func (c *procInfoCache) get(r *sigtap.Release, code sigtap.Code) *procInfo {
	if r != c.rel || c.cur == nil {
		if c.all == nil {
			c.all = map[*sigtap.Release]map[uint64]*procInfo{}
		}
		if c.cur = c.all[r]; c.cur == nil {
			c.cur = map[uint64]*procInfo{}
			c.all[r] = c.cur
		}
		c.rel = r
	}
	k, ok := codeInt(code)
	if !ok {
		return newProcInfo(r, code) // not digits: never in a release
	}
	if f, ok := c.cur[k]; ok {
		return f
	}
	f := newProcInfo(r, code)
	c.cur[k] = f
	return f
}

// codeInt returns the code's digits as an integer key.
func codeInt(c sigtap.Code) (uint64, bool) {
	var k uint64
	for _, b := range c {
		if b < '0' || b > '9' {
			return 0, false
		}
		k = k*10 + uint64(b-'0')
	}
	return k, true
}

func newProcInfo(r *sigtap.Release, code sigtap.Code) *procInfo {
	p, ok := r.Procedure(code)
	if !ok {
		return nil
	}
	f := &procInfo{proc: p}
	if ds, known := r.Detalhes(code); known {
		f.detKnown, f.detList = true, ds
		for _, d := range ds {
			if d < 64 {
				f.detalhes |= 1 << d
			} else {
				f.detHigh = append(f.detHigh, d)
			}
		}
	}
	f.regras, f.regrasKnown = r.RegrasCondicionadas(code)
	f.regra0001 = slices.Contains(f.regras, sigtap.RegraRegistroBPAI)
	f.bpac = r.AllowsInstrument(code, sigtap.RegistroBPAC)
	f.bpai = r.AllowsInstrument(code, sigtap.RegistroBPAI)
	f.registros, _ = r.Registros(code)
	cbos, known := r.CBOs(code)
	f.cboKnown = known
	f.cbos = cbos
	for _, c := range cbos {
		f.cboKeys = append(f.cboKeys, cboKey(c))
	}
	slices.Sort(f.cboKeys)
	cids, known := r.CIDs(code)
	f.cidKnown = known
	for _, pc := range cids {
		f.cids = append(f.cids, pc.CID)
	}
	slices.SortFunc(f.cids, func(a, b sigtap.CID) int { return bytes.Compare(a[:], b[:]) })
	f.servicos, f.servKnown = r.Servicos(code)
	for _, sc := range f.servicos {
		f.servPairs = append(f.servPairs, sc)
	}
	f.habs, f.habKnown = r.Habilitacoes(code)
	return f
}
