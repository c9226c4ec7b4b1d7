package cnes

import (
	"context"
	"io/fs"
	"maps"
	"slices"
	"strings"
)

type loader struct {
	s        *Snapshot
	opt      LoadOptions // with defaults
	ctx      context.Context
	fsys     fs.FS
	base     string // prefix of the file names in errors
	total    int64  // bytes read from all files (MaxTotalBytes)
	public   func(Vinculacao) bool
	units    map[uint64]int32 // unitKey(CO_UNIDADE) → estab
	unitsStr map[string]int32 // CO_UNIDADE that unitKey cannot pack
	profIdx  *index64         // profKey(CO_PROFISSIONAL_SUS) → prof
	profStr  map[ProfID]int32 // ids that profKey cannot pack
	teamKeys map[string]int32 // municipio \x00 area \x00 seq → team
	keyBuf   []byte
	strs     map[string]string // interned short codes
	keepCNES map[Code]struct{}
	keepMun  map[string]struct{}
	vbuf     []vincRow // gathered tbCargaHorariaSus rows (see batch)
	pbuf     []profRow // gathered tbDadosProfissionalSus rows
	sink     uint64    // keeps the batched probes from being optimised away
	lastUnit string    // last CO_UNIDADE found by unit
	lastIdx  int32
}

func newLoader(fsys fs.FS, opt LoadOptions) *loader {
	l := &loader{
		s:        &Snapshot{byCode: newIndex64(0), byINE: newIndex64(0)},
		opt:      opt,
		ctx:      context.Background(),
		fsys:     fsys,
		public:   opt.PublicVinculo,
		units:    map[uint64]int32{},
		unitsStr: map[string]int32{},
		profIdx:  newIndex64(0),
		profStr:  map[ProfID]int32{},
		teamKeys: map[string]int32{},
		strs:     map[string]string{},
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

// sampleRows is how many rows the loader reads before estimating a
// table's size from its byte size.
const sampleRows = 256

// reserveGrowth bounds each reservation: at most that many times the rows
// already read, at checkpoints sampleRows × reserveGrowthⁿ. The size a
// ZIP member declares is not trusted (a small archive may declare 2 GiB),
// so the estimate alone never decides how much memory is set aside.
const reserveGrowth = 8

// reserve grows the slices and maps that table t fills to about rows
// entries, so that a full load does not pay for repeated growth. A
// filtered load keeps few rows and reserves nothing.
func (l *loader) reserve(t Table, rows int64, size int64, cols int) {
	// Every row holds at least cols empty quoted fields ("";), which bounds
	// what a file of this size can hold whatever its first rows say.
	rows = min(rows+rows/16, size/int64(3*max(cols, 1)), 1<<23)
	if l.s.filtered || rows <= sampleRows {
		return
	}
	n := int(rows)
	switch t {
	case TableEstabelecimento:
		l.s.estabs = slices.Grow(l.s.estabs, max(0, n-len(l.s.estabs)))
		l.units = regrow(l.units, n)
		l.s.byCode.grow(n)
	case TableCargaHoraria:
		l.s.vincs = slices.Grow(l.s.vincs, max(0, n-len(l.s.vincs)))
		l.s.profs = slices.Grow(l.s.profs, max(0, n/2-len(l.s.profs)))
		l.profIdx.grow(n / 2)
	case TableServClass:
		l.s.servs = slices.Grow(l.s.servs, max(0, n-len(l.s.servs)))
	}
}

// regrow returns m copied into a map sized for n entries.
func regrow[K comparable, V any](m map[K]V, n int) map[K]V {
	if n <= len(m) {
		return m
	}
	out := make(map[K]V, n)
	maps.Copy(out, m)
	return out
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
	_, dupU := l.unit(r.unidade)
	_, dupC := l.s.estabIndex(r.code)
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
	if k := unitKey(e.Unidade); k != noKey {
		l.units[k] = i
	} else {
		l.unitsStr[e.Unidade] = i
	}
	l.s.byCode.put(codeKey(&r.code), i)
	st.Kept++
	return nil
}

// unit finds an establishment by CO_UNIDADE.
// Rows of one establishment usually follow each other, so the last
// answer is kept.
func (l *loader) unit(u string) (int32, bool) {
	if u == l.lastUnit && u != "" {
		return l.lastIdx, true
	}
	var i int32
	var ok bool
	if k := unitKey(u); k != noKey {
		i, ok = l.units[k]
	} else {
		i, ok = l.unitsStr[u]
	}
	if ok {
		l.lastUnit, l.lastIdx = u, i
	}
	return i, ok
}

// prof finds a professional by CO_PROFISSIONAL_SUS.
func (l *loader) prof(id *ProfID) (int32, bool) {
	if k := profKey(id); k != noKey {
		return l.profIdx.get(k)
	}
	p, ok := l.profStr[*id]
	return p, ok
}

// skip reports, for a filtered load, whether the current record belongs to
// an establishment, team or professional that is not kept: such rows are
// counted as unmatched without being decoded (so their own defects are
// not reported either).
func (l *loader) skip(t Table, tr *tableReader) bool {
	var col int
	switch t {
	case TableCargaHoraria:
		col = vUnidade
	case TableServClass:
		col = sUnidade
	case TableEquipe:
		col = qUnidade
	case TableSipac:
		col = hUnidade
	case TableEquipeProf:
		m, a, q := trimSpaces(tr.get(mMunicipio)), trimSpaces(tr.get(mArea)), trimSpaces(tr.get(mSeq))
		_, ok := l.teamKeys[string(l.teamKey(m, a, q))]
		return !ok
	case TableProfissional:
		var id ProfID
		s := trimSpaces(tr.get(pProf))
		if s == "" || len(s) > len(id) {
			return false // let the decoder report it
		}
		copy(id[:], s)
		_, ok := l.prof(&id)
		return !ok
	default:
		return false
	}
	u := trimSpaces(tr.get(col))
	if u == "" {
		return false
	}
	_, ok := l.unit(u)
	return !ok
}

// profOf returns the index of a professional, adding it when new.
func (l *loader) profOf(id ProfID) int32 { return l.profOfKey(profKey(&id), id) }

func (l *loader) profOfKey(k uint64, id ProfID) int32 {
	if k != noKey {
		if p, ok := l.profIdx.get(k); ok {
			return p
		}
	} else if p, ok := l.profStr[id]; ok {
		return p
	}
	p := int32(len(l.s.profs))
	l.s.profs = append(l.s.profs, prof{id: id, next: -1})
	if k != noKey {
		l.profIdx.put(k, p)
	} else {
		l.profStr[id] = p
	}
	return p
}

// batch is how many rows the loader gathers before probing the
// professional index: their probes are issued together, so that the
// cache misses of a big index overlap instead of stalling one by one.
const batch = 32

func (l *loader) addVinc(r vincRow, st *TableStats) {
	l.vbuf = append(l.vbuf, r)
	if len(l.vbuf) == batch {
		l.flushVincs(st)
	}
}

// flushVincs stores the gathered vínculos.
func (l *loader) flushVincs(st *TableStats) {
	var keys [batch]uint64
	for i := range l.vbuf {
		keys[i] = profKey(&l.vbuf[i].prof)
		l.sink += l.profIdx.touch(keys[i])
	}
	for i := range l.vbuf {
		l.storeVinc(&l.vbuf[i], keys[i], st)
	}
	l.vbuf = l.vbuf[:0]
}

func (l *loader) storeVinc(r *vincRow, key uint64, st *TableStats) {
	e, ok := l.unit(r.unidade)
	if !ok {
		st.Unmatched++
		return
	}
	p := l.profOfKey(key, r.prof)
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
	tr, _, closeTable, err := l.openTable(TableCargaHoraria, name)
	if err != nil {
		return err
	}
	defer closeTable()
	for n := 1; ; n++ {
		if n%ctxRows == 0 {
			if err := l.ctx.Err(); err != nil {
				line, _ := tr.fieldPos(0)
				return &ParseError{File: tr.file, Line: line, Err: err}
			}
		}
		ok, err := tr.next()
		tr.soft = tr.soft[:0] // already reported by the first pass
		if err != nil || !ok {
			l.s.workloadAll = err == nil
			return err
		}
		if tr.rec == nil {
			continue
		}
		var id ProfID
		if s := trimSpaces(tr.get(vProf)); len(s) <= len(id) {
			copy(id[:], s)
		}
		p, ok := l.prof(&id)
		if !ok {
			continue // not a kept professional: no need to decode the row
		}
		r, err := decodeVinc(tr)
		tr.soft = tr.soft[:0]
		if err == nil {
			l.addWorkload(p, r)
		}
	}
}

func (l *loader) addServ(r servRowIn, st *TableStats) {
	e, ok := l.unit(r.unidade)
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

func (l *loader) addTeam(tr *tableReader, r teamRow, st *TableStats) error {
	e, ok := l.unit(r.unidade)
	if !ok {
		st.Unmatched++
		return nil
	}
	key := l.teamKey(r.municipio, r.area, r.seq)
	if _, dup := l.teamKeys[string(key)]; dup {
		return tr.fieldErr(qSeq, ErrDuplicateKey)
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
		if first, ok := l.s.firstTeam(r.ine); ok {
			for l.s.teams[first].next >= 0 {
				first = l.s.teams[first].next
			}
			l.s.teams[first].next = i
		} else {
			l.s.byINE.put(ineKey(&r.ine), i)
		}
	}
	l.s.teams = append(l.s.teams, t)
	st.Kept++
	return nil
}

func (l *loader) addMember(r memberRow, st *TableStats) {
	t, ok := l.teamKeys[string(l.teamKey(r.municipio, r.area, r.seq))]
	if !ok {
		st.Unmatched++
		return
	}
	e := int32(-1)
	if r.unidade != "" {
		if u, ok := l.unit(r.unidade); ok {
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
	e, ok := l.unit(r.unidade)
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
	if !l.opt.PersonalData { // names need the current record: no batching
		l.pbuf = append(l.pbuf, r)
		if len(l.pbuf) == batch {
			l.flushProfs(st)
		}
		return
	}
	l.storeProf(tr, &r, st)
}

// flushProfs stores the gathered professional rows.
func (l *loader) flushProfs(st *TableStats) {
	for i := range l.pbuf {
		l.sink += l.profIdx.touch(profKey(&l.pbuf[i].prof))
	}
	for i := range l.pbuf {
		l.storeProf(nil, &l.pbuf[i], st)
	}
	l.pbuf = l.pbuf[:0]
}

// flush stores the rows still gathered at the end of table t.
func (l *loader) flush(t Table, st *TableStats) {
	switch t {
	case TableCargaHoraria:
		l.flushVincs(st)
	case TableProfissional:
		l.flushProfs(st)
	}
}

func (l *loader) storeProf(tr *tableReader, r *profRow, st *TableStats) {
	p, ok := l.prof(&r.prof)
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
		var pd personal
		if trimSpaces(r.nome) != "" {
			pd.name = tr.text(pNome)
		}
		if len(r.cpf) == len(pd.cpf) {
			copy(pd.cpf[:], r.cpf)
		}
		if l.s.pdata == nil {
			l.s.pdata = map[int32]personal{}
		}
		l.s.pdata[p] = pd
	}
	st.Kept++
}
