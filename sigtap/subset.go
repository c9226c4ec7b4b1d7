package sigtap

import (
	"fmt"
	"slices"
)

// Subset returns a release holding only the given procedures and
// everything they reference: their rows in every relation table, the
// grupos, subgrupos and formas of their codes, and the reference rows
// (financiamento, rubrica, registro, detalhe and its description,
// modalidade, leito, serviço and classificação, CID, CBO, habilitação
// and its groups, regra condicionada, SIA/SIH, componente and rede,
// RENASES, TUSS) those rows name. Compatibility rows are kept when both
// procedures are in the subset (so that the subset has no dangling
// procedure), exceptions when all three are. Tables the package does not
// type keep their rows when they have no CO_PROCEDIMENTO column, and the
// rows of the given procedures otherwise. Rows keep their order; layouts,
// versao and config.inf are kept, so the subset writes in the official
// format. A code not in tb_procedimento is an ErrUnknownProcedure.
func (r *Release) Subset(codes ...Code) (*Release, error) {
	if _, err := r.table(TableDescricao); err != nil {
		return nil, err
	}
	in := make(map[Code]bool, len(codes))
	for _, c := range codes {
		if r.Exists(c) != Yes {
			return nil, fmt.Errorf("%w: %s", ErrUnknownProcedure, c)
		}
		in[c] = true
	}
	s := subsetter{r: r, out: map[string]anyTable{}}

	procs := keepRows(&s, TableProcedimento, func(p *Procedure) bool { return in[p.Code] })
	keepRows(&s, TableDescricao, func(t *Text[Code]) bool { return in[t.Code] })
	fin, rub := set[Financiamento]{}, set[Rubrica]{}
	grupos, subgrupos, formas := set[string]{}, set[string]{}, set[string]{}
	for _, p := range procs {
		fin[p.Financing], rub[p.Rubrica] = true, true
		grupos[p.Code.Group()], subgrupos[p.Code.Subgroup()], formas[p.Code.Forma()] = true, true, true
	}
	regs, dets, mods, leitos := set[Registro]{}, set[Detalhe]{}, set[Modalidade]{}, set[Leito]{}
	scs, servs := set[ServicoClassificacao]{}, set[Servico]{}
	cids, cbos, habs, ghabs, regras := set[CID]{}, set[CBO]{}, set[Habilitacao]{}, set[GrupoHabilitacao]{}, set[Regra]{}
	sia, comps, renases, tuss := set[SIASIHKey]{}, set[string]{}, set[string]{}, set[string]{}
	keepRel(&s, TableProcRegistro, in, func(v Registro) { regs[v] = true })
	keepRel(&s, TableProcDetalhe, in, func(v Detalhe) { dets[v] = true })
	keepRel(&s, TableProcModalidade, in, func(v Modalidade) { mods[v] = true })
	keepRel(&s, TableProcLeito, in, func(v Leito) { leitos[v] = true })
	keepRel(&s, TableProcServico, in, func(v ServicoClassificacao) { scs[v], servs[v.Servico] = true, true })
	keepRel(&s, TableProcCID, in, func(v ProcedureCID) { cids[v.CID] = true })
	keepRel(&s, TableProcOcupacao, in, func(v CBO) { cbos[v] = true })
	keepRel(&s, TableProcHabilitacao, in, func(v HabilitacaoRow) { habs[v.Habilitacao], ghabs[v.Grupo] = true, true })
	keepRel(&s, TableProcIncremento, in, func(v Incremento) { habs[v.Habilitacao] = true })
	keepRel(&s, TableProcRegraCond, in, func(v Regra) { regras[v] = true })
	keepRel(&s, TableProcSIASIH, in, func(v SIASIHRef) { sia[SIASIHKey(v)] = true })
	keepRel(&s, TableProcOrigem, in, func(Code) {})
	keepRel(&s, TableProcCompRede, in, func(v string) { comps[v] = true })
	keepRel(&s, TableProcRENASES, in, func(v string) { renases[v] = true })
	keepRel(&s, TableProcTUSS, in, func(v string) { tuss[v] = true })
	for _, c := range keepRows(&s, TableProcCompativel, func(c *rel[Compatibilidade]) bool { return in[c.P] && in[c.V.Compativel] }) {
		regs[c.V.Registro], regs[c.V.RegistroCompativel] = true, true
	}
	keepRows(&s, TableExcecaoCompatibilidade, func(e *ExcecaoCompatibilidade) bool {
		return in[e.Restricao] && in[e.Principal] && in[e.Compativel]
	})

	keepRows(&s, TableGrupo, func(v *Group) bool { return grupos[v.Grupo] })
	keepRows(&s, TableSubGrupo, func(v *Subgroup) bool { return subgrupos[v.Key()] })
	keepRows(&s, TableFormaOrganizacao, func(v *Forma) bool { return formas[v.Key()] })
	keepEntries(&s, TableFinanciamento, fin)
	keepEntries(&s, TableRubrica, rub)
	keepEntries(&s, TableRegistro, regs)
	keepEntries(&s, TableDetalhe, dets)
	keepRows(&s, TableDescricaoDetalhe, func(v *Text[Detalhe]) bool { return dets[v.Code] })
	keepEntries(&s, TableModalidade, mods)
	keepEntries(&s, TableTipoLeito, leitos)
	keepEntries(&s, TableServico, servs)
	keepEntries(&s, TableServicoClassificacao, scs)
	keepRows(&s, TableCID, func(v *CIDInfo) bool { return cids[v.Code] })
	keepEntries(&s, TableOcupacao, cbos)
	keepEntries(&s, TableHabilitacao, habs)
	keepRows(&s, TableGrupoHabilitacao, func(v *GrupoHabilitacaoInfo) bool { return ghabs[v.Code] })
	keepRows(&s, TableRegraCondicionada, func(v *RegraInfo) bool { return regras[v.Code] })
	keepRows(&s, TableSIASIH, func(v *SIASIH) bool { return sia[SIASIHKey{v.Code, v.Tipo}] })
	redes := set[string]{}
	for _, c := range keepRows(&s, TableComponenteRede, func(v *ComponenteRede) bool { return comps[v.Code] }) {
		redes[c.Rede] = true
	}
	keepEntries(&s, TableRedeAtencao, redes)
	keepEntries(&s, TableRENASES, renases)
	keepEntries(&s, TableTUSS, tuss)

	for _, name := range r.order {
		if _, done := s.out[name]; done {
			continue
		}
		t := r.tables[name]
		g, ok := t.(*generic)
		if !ok {
			s.out[name] = t.subset(nil)
			continue
		}
		col := -1
		if g.layout != nil {
			col = g.layout.Index("CO_PROCEDIMENTO")
		}
		if col < 0 {
			s.out[name] = g.subset(nil)
			continue
		}
		keep := make([]bool, g.n)
		for i := range keep {
			v, err := g.value(i, &g.layout.Columns[col])
			if err != nil {
				continue
			}
			c, err := ParseCode(v)
			keep[i] = err == nil && in[c]
		}
		s.out[name] = g.subset(keep)
	}
	for name, t := range r.tables {
		if _, done := s.out[name]; !done {
			s.out[name] = t.subset(nil)
		}
	}
	return r.derive(s.out)
}

type set[K comparable] map[K]bool

type subsetter struct {
	r   *Release
	out map[string]anyTable
}

// keepRows stores the rows of a typed table that keep accepts and returns
// them.
func keepRows[T any](s *subsetter, name string, keep func(*T) bool) []T {
	src, err := s.r.table(name) // loads tb_descricao if lazy
	if err != nil {
		src = s.r.tables[name]
	}
	t := src.(*typed[T])
	mask := make([]bool, len(t.rows))
	for i := range t.rows {
		mask[i] = keep(&t.rows[i])
	}
	n := t.subset(mask).(*typed[T])
	s.out[name] = n
	return n.rows
}

// keepRel keeps the rows of a relation table whose procedure is in the
// subset and reports their values to use.
func keepRel[V any](s *subsetter, name string, in map[Code]bool, use func(V)) {
	for _, row := range keepRows(s, name, func(r *rel[V]) bool { return in[r.P] }) {
		use(row.V)
	}
}

// keepEntries keeps the rows of a code → name table whose code is used.
func keepEntries[K comparable](s *subsetter, name string, used set[K]) {
	keepRows(s, name, func(e *Entry[K]) bool { return used[e.Code] })
}

// derive builds a release with the identity of r over other tables.
func (r *Release) derive(tables map[string]anyTable) (*Release, error) {
	n := &Release{
		comp:    r.comp,
		gen:     r.gen,
		version: r.version,
		config:  r.config,
		order:   slices.Clone(r.order),
		tables:  tables,
		warns:   warnings{max: r.warns.max},
	}
	d := &descState{mode: EagerDescriptions, t: tables[TableDescricao].(*typed[Text[Code]]), want: n.compBytes()}
	d.once.Do(d.index)
	n.desc = d
	if err := n.assemble(); err != nil {
		return nil, err
	}
	return n, nil
}
