package sigtap

import "fmt"

// Dict is a reference table indexed by its code: O(1) Get, rows in file
// order. A Dict for a table the release lacks is empty and not Known.
type Dict[K comparable, V any] struct {
	known bool
	rows  []V
	pos   map[K]int32
}

// Get returns the row with code k.
func (d *Dict[K, V]) Get(k K) (V, bool) {
	if i, ok := d.pos[k]; ok {
		return d.rows[i], true
	}
	var zero V
	return zero, false
}

// Contains reports whether a row with code k exists: Unknown when the
// table is absent.
func (d *Dict[K, V]) Contains(k K) Answer {
	if !d.known {
		return Unknown
	}
	_, ok := d.pos[k]
	return answer(ok)
}

// All returns the rows in file order (shared; do not modify).
func (d *Dict[K, V]) All() []V { return d.rows }

// Len returns the number of rows.
func (d *Dict[K, V]) Len() int { return len(d.rows) }

// Known reports whether the release holds the table.
func (d *Dict[K, V]) Known() bool { return d.known }

// newDict indexes a typed table by key; a repeated key keeps the first row
// and is reported as a warning.
func newDict[K comparable, V any](t anyTable, key func(*V) K, warns *warnings) *Dict[K, V] {
	tt := t.(*typed[V])
	d := &Dict[K, V]{known: tt.present, rows: tt.rows, pos: make(map[K]int32, len(tt.rows))}
	dups := 0
	for i := range tt.rows {
		k := key(&tt.rows[i])
		if _, dup := d.pos[k]; dup {
			dups++
			continue
		}
		d.pos[k] = int32(i)
	}
	if dups > 0 {
		warns.warn(tt.file, 0, fmt.Sprintf("%d rows repeat the key of an earlier row; the first is used", dups))
	}
	return d
}

// Refs holds the reference tables of a release, each indexed by its code.
// Get a Refs with Release.Refs; its Dicts are shared and read-only.
type Refs struct {
	Grupos            *Dict[string, Group]                                     // tb_grupo by CO_GRUPO ("02")
	Subgrupos         *Dict[string, Subgroup]                                  // tb_sub_grupo by grupo+subgrupo ("0204")
	Formas            *Dict[string, Forma]                                     // tb_forma_organizacao by grupo+subgrupo+forma ("020403")
	Financiamentos    *Dict[Financiamento, Entry[Financiamento]]               // tb_financiamento
	Rubricas          *Dict[Rubrica, Entry[Rubrica]]                           // tb_rubrica
	Registros         *Dict[Registro, Entry[Registro]]                         // tb_registro
	Modalidades       *Dict[Modalidade, Entry[Modalidade]]                     // tb_modalidade
	Leitos            *Dict[Leito, Entry[Leito]]                               // tb_tipo_leito
	Servicos          *Dict[Servico, Entry[Servico]]                           // tb_servico
	Classificacoes    *Dict[ServicoClassificacao, Entry[ServicoClassificacao]] // tb_servico_classificacao
	Habilitacoes      *Dict[Habilitacao, Entry[Habilitacao]]                   // tb_habilitacao
	GruposHabilitacao *Dict[GrupoHabilitacao, GrupoHabilitacaoInfo]            // tb_grupo_habilitacao
	Detalhes          *Dict[Detalhe, Entry[Detalhe]]                           // tb_detalhe
	DescricoesDetalhe *Dict[Detalhe, Text[Detalhe]]                            // tb_descricao_detalhe
	Regras            *Dict[Regra, RegraInfo]                                  // tb_regra_condicionada
	CIDs              *Dict[CID, CIDInfo]                                      // tb_cid (categories padded: "A00 ")
	Ocupacoes         *Dict[CBO, Entry[CBO]]                                   // tb_ocupacao
	SIASIH            *Dict[SIASIHKey, SIASIH]                                 // tb_sia_sih
	RedesAtencao      *Dict[string, Entry[string]]                             // tb_rede_atencao ("095")
	ComponentesRede   *Dict[string, ComponenteRede]                            // tb_componente_rede ("95.02")
	RENASES           *Dict[string, Entry[string]]                             // tb_renases ("001")
	TUSS              *Dict[string, Entry[string]]                             // tb_tuss
	Excecoes          []ExcecaoCompatibilidade                                 // rl_excecao_compatibilidade, in file order
}

// Refs returns the reference tables.
func (r *Release) Refs() *Refs { return &r.refs }

func (r *Release) buildRefs() {
	w := &r.warns
	t := r.tables
	r.refs = Refs{
		Grupos:            newDict(t[TableGrupo], func(v *Group) string { return v.Grupo }, w),
		Subgrupos:         newDict(t[TableSubGrupo], func(v *Subgroup) string { return v.Key() }, w),
		Formas:            newDict(t[TableFormaOrganizacao], func(v *Forma) string { return v.Key() }, w),
		Financiamentos:    newDict(t[TableFinanciamento], entryKey[Financiamento], w),
		Rubricas:          newDict(t[TableRubrica], entryKey[Rubrica], w),
		Registros:         newDict(t[TableRegistro], entryKey[Registro], w),
		Modalidades:       newDict(t[TableModalidade], entryKey[Modalidade], w),
		Leitos:            newDict(t[TableTipoLeito], entryKey[Leito], w),
		Servicos:          newDict(t[TableServico], entryKey[Servico], w),
		Classificacoes:    newDict(t[TableServicoClassificacao], entryKey[ServicoClassificacao], w),
		Habilitacoes:      newDict(t[TableHabilitacao], entryKey[Habilitacao], w),
		GruposHabilitacao: newDict(t[TableGrupoHabilitacao], func(v *GrupoHabilitacaoInfo) GrupoHabilitacao { return v.Code }, w),
		Detalhes:          newDict(t[TableDetalhe], entryKey[Detalhe], w),
		DescricoesDetalhe: newDict(t[TableDescricaoDetalhe], func(v *Text[Detalhe]) Detalhe { return v.Code }, w),
		Regras:            newDict(t[TableRegraCondicionada], func(v *RegraInfo) Regra { return v.Code }, w),
		CIDs:              newDict(t[TableCID], func(v *CIDInfo) CID { return v.Code }, w),
		Ocupacoes:         newDict(t[TableOcupacao], entryKey[CBO], w),
		SIASIH:            newDict(t[TableSIASIH], func(v *SIASIH) SIASIHKey { return SIASIHKey{v.Code, v.Tipo} }, w),
		RedesAtencao:      newDict(t[TableRedeAtencao], entryKey[string], w),
		ComponentesRede:   newDict(t[TableComponenteRede], func(v *ComponenteRede) string { return v.Code }, w),
		RENASES:           newDict(t[TableRENASES], entryKey[string], w),
		TUSS:              newDict(t[TableTUSS], entryKey[string], w),
		Excecoes:          t[TableExcecaoCompatibilidade].(*typed[ExcecaoCompatibilidade]).rows,
	}
}

func entryKey[K comparable](e *Entry[K]) K { return e.Code }
