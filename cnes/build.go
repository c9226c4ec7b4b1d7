package cnes

import (
	"bytes"
	"cmp"
	"errors"
	"io/fs"
	"slices"
	"strings"

	"github.com/go-sus/sus/cns"
)

// ErrDuplicateKey reports a second row for an establishment (CO_CNES or
// CO_UNIDADE) or a team key already loaded; the first row is kept.
var ErrDuplicateKey = errors.New("cnes: duplicate key, row ignored")

type loader struct {
	s        *Snapshot
	opt      LoadOptions
	fsys     fs.FS
	maxWarn  int
	public   func(Vinculacao) bool
	units    map[string]int32 // CO_UNIDADE → estab
	profIdx  map[ProfID]int32
	teamKeys map[string]int32 // municipio \x00 area \x00 seq → team
	keyBuf   []byte
	strs     map[string]string // interned short codes
	keepCNES map[Code]struct{}
	keepMun  map[string]struct{}
}

func newLoader(fsys fs.FS, opt LoadOptions) *loader {
	l := &loader{
		s:        &Snapshot{byCode: map[Code]int32{}, byCNS: map[cns.CNS]int32{}, byINE: map[INE]int32{}},
		opt:      opt,
		fsys:     fsys,
		maxWarn:  opt.MaxWarnings,
		public:   opt.PublicVinculo,
		units:    map[string]int32{},
		profIdx:  map[ProfID]int32{},
		teamKeys: map[string]int32{},
		strs:     map[string]string{},
	}
	if l.maxWarn <= 0 {
		l.maxWarn = 100
	}
	if l.public == nil {
		l.public = DefaultPublicVinculo
	}
	l.s.personal = opt.PersonalData
	if len(opt.CNES) > 0 {
		l.keepCNES = make(map[Code]struct{}, len(opt.CNES))
		for _, c := range opt.CNES {
			l.keepCNES[c] = struct{}{}
		}
		l.s.filterCNES = l.keepCNES
	}
	if len(opt.Municipios) > 0 {
		l.keepMun = make(map[string]struct{}, len(opt.Municipios))
		for _, m := range opt.Municipios {
			l.keepMun[strings.TrimSpace(m)] = struct{}{}
		}
	}
	l.s.munFilter = l.keepMun != nil
	l.s.filtered = l.keepCNES != nil || l.keepMun != nil
	return l
}

func (l *loader) intern(s string) string {
	if s == "" {
		return ""
	}
	if v, ok := l.strs[s]; ok {
		return v
	}
	v := strings.Clone(s)
	l.strs[v] = v
	return v
}

func (l *loader) keep(r *estabRow) bool {
	if l.keepCNES != nil {
		if _, ok := l.keepCNES[r.code]; !ok {
			return false
		}
	}
	if l.keepMun != nil {
		_, ok := l.keepMun[r.municipio]
		if !ok && len(r.unidade) >= 6 {
			_, ok = l.keepMun[r.unidade[:6]]
		}
		if !ok {
			return false
		}
	}
	return true
}

func (l *loader) addEstab(tr *tableReader, r estabRow, st *TableStats) error {
	if !l.keep(&r) {
		st.Unmatched++
		return nil
	}
	_, dupU := l.units[r.unidade]
	_, dupC := l.s.byCode[r.code]
	if dupU || dupC {
		col := eCNES
		if dupU {
			col = eUnidade
		}
		return tr.fieldErr(col, ErrDuplicateKey)
	}
	e := estab{Estabelecimento: Estabelecimento{
		CNES:              r.code,
		Unidade:           strings.Clone(r.unidade),
		Pessoa:            Pessoa(r.pfpj),
		CNPJ:              r.cnpj,
		Mantenedora:       r.mantenedora,
		UF:                l.intern(r.uf),
		Municipio:         l.intern(r.municipio),
		Gestao:            r.gestao,
		MotivoDesativacao: l.intern(r.motivo),
		NaturezaJuridica:  l.intern(r.natJur),
	}}
	if trimSpaces(r.fantasia) != "" {
		e.Nome = tr.text(eFantasia)
	}
	if l.opt.PersonalData && len(r.cpf) == len(e.CPF) {
		copy(e.CPF[:], r.cpf)
	}
	i := int32(len(l.s.estabs))
	l.s.estabs = append(l.s.estabs, e)
	l.units[e.Unidade] = i
	l.s.byCode[r.code] = i
	st.Kept++
	return nil
}

// profOf returns the index of a professional, adding it when new.
func (l *loader) profOf(id ProfID) int32 {
	if p, ok := l.profIdx[id]; ok {
		return p
	}
	p := int32(len(l.s.profs))
	l.s.profs = append(l.s.profs, prof{id: id, next: -1})
	l.profIdx[id] = p
	return p
}

func (l *loader) addVinc(r vincRow, st *TableStats) {
	e, ok := l.units[r.unidade]
	if !ok {
		st.Unmatched++
		return
	}
	p := l.profOf(r.prof)
	v := vinc{
		cbo:        r.cbo,
		sus:        r.sus,
		vinculacao: r.vinculacao,
		estab:      e,
		prof:       p,
		chAmb:      clampHours(r.chAmb),
		chHosp:     clampHours(r.chHosp),
		chOutros:   clampHours(r.chOutros),
		cnpjDet:    r.cnpjDet,
	}
	l.s.vincs = append(l.s.vincs, v)
	if !l.s.filtered {
		l.addWorkload(p, r)
	}
	st.Kept++
}

func clampHours(h int) uint16 {
	if h > 0xffff {
		return 0xffff
	}
	return uint16(h)
}

func (l *loader) addWorkload(p int32, r vincRow) {
	pr := &l.s.profs[p]
	pr.hours += int32(r.chAmb + r.chHosp + r.chOutros)
	pr.nvinc++
	if l.public(r.vinculacao) {
		pr.public++
	}
}

// workloadPass re-reads tbCargaHorariaSus when the load is filtered, to
// sum the workload of the kept professionals over every establishment of
// the country (check C11 needs them all).
func (l *loader) workloadPass(name string) error {
	f, err := l.fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	tr, err := newTableReader(name, TableCargaHoraria, f, l.opt.LazyQuotes, l.opt.MaxLineBytes)
	if err != nil {
		return err
	}
	for {
		ok, err := tr.next()
		if err != nil || !ok {
			l.s.workloadAll = err == nil
			return err
		}
		r, err := decodeVinc(tr)
		tr.soft = tr.soft[:0] // already reported by the first pass
		if err != nil {
			continue
		}
		if p, ok := l.profIdx[r.prof]; ok {
			l.addWorkload(p, r)
		}
	}
}

func (l *loader) addServ(r servRowIn, st *TableStats) {
	e, ok := l.units[r.unidade]
	if !ok {
		st.Unmatched++
		return
	}
	l.s.servs = append(l.s.servs, serv{estab: e, sc: r.sc, sus: r.sus, caract: r.caract, cnpj: r.cnpj})
	st.Kept++
}

func (l *loader) teamKey(m, a, s string) []byte {
	b := append(l.keyBuf[:0], m...)
	b = append(b, 0)
	b = append(b, a...)
	b = append(b, 0)
	b = append(b, s...)
	l.keyBuf = b
	return b
}

func (l *loader) addTeam(tr *tableReader, r teamRow, st *TableStats) {
	e, ok := l.units[r.unidade]
	if !ok {
		st.Unmatched++
		return
	}
	key := l.teamKey(r.municipio, r.area, r.seq)
	if _, dup := l.teamKeys[string(key)]; dup {
		st.Skipped++
		l.warn(tr.fieldErr(qSeq, ErrDuplicateKey))
		return
	}
	t := team{
		ine:         r.ine,
		tipo:        r.tipo,
		estab:       e,
		ativacao:    r.ativacao,
		desativacao: r.desativacao,
		municipio:   l.intern(r.municipio),
		area:        strings.Clone(r.area),
		seq:         strings.Clone(r.seq),
		next:        -1,
	}
	if trimSpaces(r.nome) != "" {
		t.nome = tr.text(qNome)
	}
	i := int32(len(l.s.teams))
	l.teamKeys[string(key)] = i
	if !r.ine.IsZero() {
		if first, ok := l.s.byINE[r.ine]; ok {
			for l.s.teams[first].next >= 0 {
				first = l.s.teams[first].next
			}
			l.s.teams[first].next = i
		} else {
			l.s.byINE[r.ine] = i
		}
	}
	l.s.teams = append(l.s.teams, t)
	st.Kept++
}

func (l *loader) addMember(r memberRow, st *TableStats) {
	t, ok := l.teamKeys[string(l.teamKey(r.municipio, r.area, r.seq))]
	if !ok {
		st.Unmatched++
		return
	}
	e := int32(-1)
	if r.unidade != "" {
		if u, ok := l.units[r.unidade]; ok {
			e = u
		}
	}
	l.s.members = append(l.s.members, member{
		team: t, prof: l.profOf(r.prof), estab: e, cbo: r.cbo,
		entrada: r.entrada, desligamento: r.desligamento,
	})
	st.Kept++
}

func (l *loader) addHab(r habRowIn, st *TableStats) {
	e, ok := l.units[r.unidade]
	if !ok {
		st.Unmatched++
		return
	}
	l.s.habs = append(l.s.habs, hab{estab: e, code: r.code, tipo: r.tipo, inicio: r.inicio, fim: r.fim})
	st.Kept++
}

// addProf fills in the CNS (and, when asked, name and CPF) of a
// professional referenced by the other tables; the others are skipped.
func (l *loader) addProf(tr *tableReader, r profRow, st *TableStats) {
	p, ok := l.profIdx[r.prof]
	if !ok {
		st.Unmatched++
		return
	}
	pr := &l.s.profs[p]
	if !pr.cns.IsZero() {
		st.Skipped++
		return
	}
	pr.cns = r.cns
	if l.opt.PersonalData {
		if trimSpaces(r.nome) != "" {
			pr.name = tr.text(pNome)
		}
		if len(r.cpf) == len(pr.cpf) {
			copy(pr.cpf[:], r.cpf)
		}
	}
	st.Kept++
}

// finish joins the CNS into the vínculos and members, sorts the rows and
// records each establishment's and team's spans.
func (l *loader) finish() {
	s := l.s
	for i := range s.profs {
		p := &s.profs[i]
		if p.cns.IsZero() {
			continue
		}
		if first, ok := s.byCNS[p.cns]; ok {
			p.next = s.profs[first].next
			s.profs[first].next = int32(i)
		} else {
			s.byCNS[p.cns] = int32(i)
		}
	}
	for i := range s.vincs {
		s.vincs[i].cns = s.profs[s.vincs[i].prof].cns
	}
	for i := range s.members {
		s.members[i].cns = s.profs[s.members[i].prof].cns
	}
	slices.SortStableFunc(s.vincs, func(a, b vinc) int {
		if c := cmp.Compare(a.estab, b.estab); c != 0 {
			return c
		}
		if c := bytes.Compare(a.cns[:], b.cns[:]); c != 0 {
			return c
		}
		return bytes.Compare(a.cbo[:], b.cbo[:])
	})
	slices.SortStableFunc(s.members, func(a, b member) int {
		if c := cmp.Compare(a.team, b.team); c != 0 {
			return c
		}
		return bytes.Compare(a.cns[:], b.cns[:])
	})
	slices.SortStableFunc(s.servs, func(a, b serv) int {
		if c := cmp.Compare(a.estab, b.estab); c != 0 {
			return c
		}
		if c := bytes.Compare(a.sc[:], b.sc[:]); c != 0 {
			return c
		}
		if a.sus != b.sus { // SUS rows first, so that a duplicate keeps the SUS flag
			if a.sus {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(a.caract, b.caract); c != 0 {
			return c
		}
		return bytes.Compare(a.cnpj[:], b.cnpj[:])
	})
	n := len(s.servs)
	s.servs = slices.Compact(s.servs)
	s.stats[TableServClass].Skipped += n - len(s.servs)
	s.stats[TableServClass].Kept -= n - len(s.servs)
	slices.SortStableFunc(s.habs, func(a, b hab) int {
		if c := cmp.Compare(a.estab, b.estab); c != 0 {
			return c
		}
		if c := bytes.Compare(a.code[:], b.code[:]); c != 0 {
			return c
		}
		return cmp.Compare(a.tipo, b.tipo)
	})
	spans(s.vincs, func(v *vinc) int32 { return v.estab }, func(e, off, n int32) {
		s.estabs[e].vOff, s.estabs[e].vN = off, n
	})
	spans(s.servs, func(v *serv) int32 { return v.estab }, func(e, off, n int32) {
		s.estabs[e].sOff, s.estabs[e].sN = off, n
	})
	spans(s.habs, func(v *hab) int32 { return v.estab }, func(e, off, n int32) {
		s.estabs[e].hOff, s.estabs[e].hN = off, n
	})
	spans(s.members, func(v *member) int32 { return v.team }, func(t, off, n int32) {
		s.teams[t].mOff, s.teams[t].mN = off, n
	})
}

// spans calls set(key, offset, length) for each run of equal keys in a
// slice sorted by key.
func spans[T any](rows []T, key func(*T) int32, set func(k, off, n int32)) {
	for i := 0; i < len(rows); {
		k := key(&rows[i])
		j := i + 1
		for j < len(rows) && key(&rows[j]) == k {
			j++
		}
		set(k, int32(i), int32(j-i))
		i = j
	}
}
