package sigtap

// Table names of the official release, as the data files are named
// (<name>.txt) and listed in layout.txt.
const (
	TableProcedimento           = "tb_procedimento"
	TableDescricao              = "tb_descricao"
	TableGrupo                  = "tb_grupo"
	TableSubGrupo               = "tb_sub_grupo"
	TableFormaOrganizacao       = "tb_forma_organizacao"
	TableFinanciamento          = "tb_financiamento"
	TableRubrica                = "tb_rubrica"
	TableDetalhe                = "tb_detalhe"
	TableDescricaoDetalhe       = "tb_descricao_detalhe"
	TableRegistro               = "tb_registro"
	TableModalidade             = "tb_modalidade"
	TableServico                = "tb_servico"
	TableServicoClassificacao   = "tb_servico_classificacao"
	TableTipoLeito              = "tb_tipo_leito"
	TableCID                    = "tb_cid"
	TableOcupacao               = "tb_ocupacao"
	TableHabilitacao            = "tb_habilitacao"
	TableGrupoHabilitacao       = "tb_grupo_habilitacao"
	TableRegraCondicionada      = "tb_regra_condicionada"
	TableSIASIH                 = "tb_sia_sih"
	TableRedeAtencao            = "tb_rede_atencao"
	TableComponenteRede         = "tb_componente_rede"
	TableRENASES                = "tb_renases"
	TableTUSS                   = "tb_tuss"
	TableProcRegistro           = "rl_procedimento_registro"
	TableProcDetalhe            = "rl_procedimento_detalhe"
	TableProcModalidade         = "rl_procedimento_modalidade"
	TableProcServico            = "rl_procedimento_servico"
	TableProcLeito              = "rl_procedimento_leito"
	TableProcCID                = "rl_procedimento_cid"
	TableProcOcupacao           = "rl_procedimento_ocupacao"
	TableProcHabilitacao        = "rl_procedimento_habilitacao"
	TableProcIncremento         = "rl_procedimento_incremento"
	TableProcCompativel         = "rl_procedimento_compativel"
	TableExcecaoCompatibilidade = "rl_excecao_compatibilidade"
	TableProcSIASIH             = "rl_procedimento_sia_sih"
	TableProcOrigem             = "rl_procedimento_origem"
	TableProcRegraCond          = "rl_procedimento_regra_cond"
	TableProcCompRede           = "rl_procedimento_comp_rede"
	TableProcRENASES            = "rl_procedimento_renases"
	TableProcTUSS               = "rl_procedimento_tuss"
)

// Schemas of the typed tables. Columns marked required must be in the
// release's layout; the others are filled when present.
var (
	procSchema = &schema[Procedure]{TableProcedimento, []col[Procedure]{
		procCol("CO_PROCEDIMENTO", func(p *Procedure) *Code { return &p.Code }),
		textCol("NO_PROCEDIMENTO", true, func(p *Procedure) *string { return &p.Name }),
		charCol("TP_COMPLEXIDADE", true, func(p *Procedure) *Complexity { return &p.Complexity }),
		charCol("TP_SEXO", true, func(p *Procedure) *Sex { return &p.Sex }),
		numCol("QT_MAXIMA_EXECUCAO", true, false, func(p *Procedure) *Quantity { return &p.MaxQuantity }),
		numCol("QT_DIAS_PERMANENCIA", false, false, func(p *Procedure) *Quantity { return &p.StayDays }),
		numCol("QT_PONTOS", false, false, func(p *Procedure) *int { return &p.Points }),
		numCol("VL_IDADE_MINIMA", true, false, func(p *Procedure) *Age { return &p.MinAge }),
		numCol("VL_IDADE_MAXIMA", true, false, func(p *Procedure) *Age { return &p.MaxAge }),
		decCol("VL_SH", true, 2, func(p *Procedure) *decimalT { return &p.ValueSH }),
		decCol("VL_SA", true, 2, func(p *Procedure) *decimalT { return &p.ValueSA }),
		decCol("VL_SP", true, 2, func(p *Procedure) *decimalT { return &p.ValueSP }),
		numCol("CO_FINANCIAMENTO", true, false, func(p *Procedure) *Financiamento { return &p.Financing }),
		numCol("CO_RUBRICA", true, true, func(p *Procedure) *Rubrica { return &p.Rubrica }),
		numCol("QT_TEMPO_PERMANENCIA", false, false, func(p *Procedure) *Quantity { return &p.StayTime }),
	}}
	descricaoSchema = &schema[Text[Code]]{TableDescricao, []col[Text[Code]]{
		procCol("CO_PROCEDIMENTO", func(t *Text[Code]) *Code { return &t.Code }),
		textCol("DS_PROCEDIMENTO", true, func(t *Text[Code]) *string { return &t.Text }),
	}}
	grupoSchema = &schema[Group]{TableGrupo, []col[Group]{
		textCol("CO_GRUPO", true, func(g *Group) *string { return &g.Grupo }),
		textCol("NO_GRUPO", true, func(g *Group) *string { return &g.Name }),
	}}
	subGrupoSchema = &schema[Subgroup]{TableSubGrupo, []col[Subgroup]{
		textCol("CO_GRUPO", true, func(g *Subgroup) *string { return &g.Grupo }),
		textCol("CO_SUB_GRUPO", true, func(g *Subgroup) *string { return &g.Subgrupo }),
		textCol("NO_SUB_GRUPO", true, func(g *Subgroup) *string { return &g.Name }),
	}}
	formaSchema = &schema[Forma]{TableFormaOrganizacao, []col[Forma]{
		textCol("CO_GRUPO", true, func(g *Forma) *string { return &g.Grupo }),
		textCol("CO_SUB_GRUPO", true, func(g *Forma) *string { return &g.Subgrupo }),
		textCol("CO_FORMA_ORGANIZACAO", true, func(g *Forma) *string { return &g.Forma }),
		textCol("NO_FORMA_ORGANIZACAO", true, func(g *Forma) *string { return &g.Name }),
	}}
	financiamentoSchema = entrySchema[Financiamento](TableFinanciamento, "CO_FINANCIAMENTO", "NO_FINANCIAMENTO")
	rubricaSchema       = entrySchema[Rubrica](TableRubrica, "CO_RUBRICA", "NO_RUBRICA")
	detalheSchema       = entrySchema[Detalhe](TableDetalhe, "CO_DETALHE", "NO_DETALHE")
	registroSchema      = entrySchema[Registro](TableRegistro, "CO_REGISTRO", "NO_REGISTRO")
	modalidadeSchema    = entrySchema[Modalidade](TableModalidade, "CO_MODALIDADE", "NO_MODALIDADE")
	servicoSchema       = entrySchema[Servico](TableServico, "CO_SERVICO", "NO_SERVICO")
	leitoSchema         = entrySchema[Leito](TableTipoLeito, "CO_TIPO_LEITO", "NO_TIPO_LEITO")
	habilitacaoSchema   = entrySchema[Habilitacao](TableHabilitacao, "CO_HABILITACAO", "NO_HABILITACAO")
	descDetalheSchema   = &schema[Text[Detalhe]]{TableDescricaoDetalhe, []col[Text[Detalhe]]{
		numCol("CO_DETALHE", true, false, func(t *Text[Detalhe]) *Detalhe { return &t.Code }),
		textCol("DS_DETALHE", true, func(t *Text[Detalhe]) *string { return &t.Text }),
	}}
	classificacaoSchema = &schema[Entry[ServicoClassificacao]]{TableServicoClassificacao, []col[Entry[ServicoClassificacao]]{
		numCol("CO_SERVICO", true, false, func(e *Entry[ServicoClassificacao]) *Servico { return &e.Code.Servico }),
		numCol("CO_CLASSIFICACAO", true, false, func(e *Entry[ServicoClassificacao]) *Classificacao { return &e.Code.Classificacao }),
		textCol("NO_CLASSIFICACAO", true, func(e *Entry[ServicoClassificacao]) *string { return &e.Name }),
	}}
	cidSchema = &schema[CIDInfo]{TableCID, []col[CIDInfo]{
		cidCol("CO_CID", func(c *CIDInfo) *CID { return &c.Code }),
		textCol("NO_CID", true, func(c *CIDInfo) *string { return &c.Name }),
		charCol("TP_AGRAVO", false, func(c *CIDInfo) *byte { return &c.Agravo }),
		charCol("TP_SEXO", false, func(c *CIDInfo) *Sex { return &c.Sex }),
		flagCol("TP_ESTADIO", false, func(c *CIDInfo) *bool { return &c.Estadio }),
		numCol("VL_CAMPOS_IRRADIADOS", false, false, func(c *CIDInfo) *int { return &c.CamposIrradiados }),
	}}
	ocupacaoSchema = &schema[Entry[CBO]]{TableOcupacao, []col[Entry[CBO]]{
		cboCol("CO_OCUPACAO", func(e *Entry[CBO]) *CBO { return &e.Code }),
		textCol("NO_OCUPACAO", true, func(e *Entry[CBO]) *string { return &e.Name }),
	}}
	grupoHabSchema = &schema[GrupoHabilitacaoInfo]{TableGrupoHabilitacao, []col[GrupoHabilitacaoInfo]{
		numCol("NU_GRUPO_HABILITACAO", true, false, func(g *GrupoHabilitacaoInfo) *GrupoHabilitacao { return &g.Code }),
		textCol("NO_GRUPO_HABILITACAO", true, func(g *GrupoHabilitacaoInfo) *string { return &g.Name }),
		textCol("DS_GRUPO_HABILITACAO", false, func(g *GrupoHabilitacaoInfo) *string { return &g.Description }),
	}}
	regraSchema = &schema[RegraInfo]{TableRegraCondicionada, []col[RegraInfo]{
		numCol("CO_REGRA_CONDICIONADA", true, false, func(g *RegraInfo) *Regra { return &g.Code }),
		textCol("NO_REGRA_CONDICIONADA", true, func(g *RegraInfo) *string { return &g.Name }),
		textCol("DS_REGRA_CONDICIONADA", false, func(g *RegraInfo) *string { return &g.Description }),
	}}
	siaSihSchema = &schema[SIASIH]{TableSIASIH, []col[SIASIH]{
		textCol("CO_PROCEDIMENTO_SIA_SIH", true, func(s *SIASIH) *string { return &s.Code }),
		textCol("NO_PROCEDIMENTO_SIA_SIH", true, func(s *SIASIH) *string { return &s.Name }),
		charCol("TP_PROCEDIMENTO", true, func(s *SIASIH) *byte { return &s.Tipo }),
	}}
	redeSchema           = textEntrySchema(TableRedeAtencao, "CO_REDE_ATENCAO", "NO_REDE_ATENCAO")
	renasesSchema        = textEntrySchema(TableRENASES, "CO_RENASES", "NO_RENASES")
	tussSchema           = textEntrySchema(TableTUSS, "CO_TUSS", "NO_TUSS")
	componenteRedeSchema = &schema[ComponenteRede]{TableComponenteRede, []col[ComponenteRede]{
		textCol("CO_COMPONENTE_REDE", true, func(c *ComponenteRede) *string { return &c.Code }),
		textCol("NO_COMPONENTE_REDE", true, func(c *ComponenteRede) *string { return &c.Name }),
		textCol("CO_REDE_ATENCAO", true, func(c *ComponenteRede) *string { return &c.Rede }),
	}}

	procRegistroSchema   = relNumSchema[Registro](TableProcRegistro, "CO_REGISTRO")
	procDetalheSchema    = relNumSchema[Detalhe](TableProcDetalhe, "CO_DETALHE")
	procModalidadeSchema = relNumSchema[Modalidade](TableProcModalidade, "CO_MODALIDADE")
	procLeitoSchema      = relNumSchema[Leito](TableProcLeito, "CO_TIPO_LEITO")
	procRegraSchema      = relNumSchema[Regra](TableProcRegraCond, "CO_REGRA_CONDICIONADA")
	procServicoSchema    = relSchema(TableProcServico,
		numCol("CO_SERVICO", true, false, func(r *rel[ServicoClassificacao]) *Servico { return &r.V.Servico }),
		numCol("CO_CLASSIFICACAO", true, false, func(r *rel[ServicoClassificacao]) *Classificacao { return &r.V.Classificacao }))
	procCIDSchema = relSchema(TableProcCID,
		cidCol("CO_CID", func(r *rel[ProcedureCID]) *CID { return &r.V.CID }),
		flagCol("ST_PRINCIPAL", true, func(r *rel[ProcedureCID]) *bool { return &r.V.Principal }))
	procOcupacaoSchema = relSchema(TableProcOcupacao,
		cboCol("CO_OCUPACAO", func(r *rel[CBO]) *CBO { return &r.V }))
	procHabilitacaoSchema = relSchema(TableProcHabilitacao,
		numCol("CO_HABILITACAO", true, false, func(r *rel[HabilitacaoRow]) *Habilitacao { return &r.V.Habilitacao }),
		numCol("NU_GRUPO_HABILITACAO", true, true, func(r *rel[HabilitacaoRow]) *GrupoHabilitacao { return &r.V.Grupo }))
	procIncrementoSchema = relSchema(TableProcIncremento,
		numCol("CO_HABILITACAO", true, false, func(r *rel[Incremento]) *Habilitacao { return &r.V.Habilitacao }),
		decCol("VL_PERCENTUAL_SH", true, 2, func(r *rel[Incremento]) *decimalT { return &r.V.SH }),
		decCol("VL_PERCENTUAL_SA", true, 2, func(r *rel[Incremento]) *decimalT { return &r.V.SA }),
		decCol("VL_PERCENTUAL_SP", true, 2, func(r *rel[Incremento]) *decimalT { return &r.V.SP }))
	procCompativelSchema = &schema[rel[Compatibilidade]]{TableProcCompativel, []col[rel[Compatibilidade]]{
		procCol("CO_PROCEDIMENTO_PRINCIPAL", func(r *rel[Compatibilidade]) *Code { return &r.P }),
		numCol("CO_REGISTRO_PRINCIPAL", true, false, func(r *rel[Compatibilidade]) *Registro { return &r.V.Registro }),
		procCol("CO_PROCEDIMENTO_COMPATIVEL", func(r *rel[Compatibilidade]) *Code { return &r.V.Compativel }),
		numCol("CO_REGISTRO_COMPATIVEL", true, false, func(r *rel[Compatibilidade]) *Registro { return &r.V.RegistroCompativel }),
		numCol("TP_COMPATIBILIDADE", true, false, func(r *rel[Compatibilidade]) *CompatibilidadeTipo { return &r.V.Tipo }),
		numCol("QT_PERMITIDA", false, false, func(r *rel[Compatibilidade]) *int { return &r.V.QuantidadePermitida }),
	}}
	excecaoSchema = &schema[ExcecaoCompatibilidade]{TableExcecaoCompatibilidade, []col[ExcecaoCompatibilidade]{
		procCol("CO_PROCEDIMENTO_RESTRICAO", func(r *ExcecaoCompatibilidade) *Code { return &r.Restricao }),
		procCol("CO_PROCEDIMENTO_PRINCIPAL", func(r *ExcecaoCompatibilidade) *Code { return &r.Principal }),
		numCol("CO_REGISTRO_PRINCIPAL", true, false, func(r *ExcecaoCompatibilidade) *Registro { return &r.RegistroPrincipal }),
		procCol("CO_PROCEDIMENTO_COMPATIVEL", func(r *ExcecaoCompatibilidade) *Code { return &r.Compativel }),
		numCol("CO_REGISTRO_COMPATIVEL", true, false, func(r *ExcecaoCompatibilidade) *Registro { return &r.RegistroCompativel }),
		numCol("TP_COMPATIBILIDADE", true, false, func(r *ExcecaoCompatibilidade) *CompatibilidadeTipo { return &r.Tipo }),
	}}
	procSIASIHSchema = relSchema(TableProcSIASIH,
		textCol("CO_PROCEDIMENTO_SIA_SIH", true, func(r *rel[SIASIHRef]) *string { return &r.V.Code }),
		charCol("TP_PROCEDIMENTO", true, func(r *rel[SIASIHRef]) *byte { return &r.V.Tipo }))
	procOrigemSchema = relSchema(TableProcOrigem,
		procCol("CO_PROCEDIMENTO_ORIGEM", func(r *rel[Code]) *Code { return &r.V }))
	procCompRedeSchema = relTextSchema(TableProcCompRede, "CO_COMPONENTE_REDE")
	procRenasesSchema  = relTextSchema(TableProcRENASES, "CO_RENASES")
	procTUSSSchema     = relTextSchema(TableProcTUSS, "CO_TUSS")
)

func entrySchema[K numeric](table, code, name string) *schema[Entry[K]] {
	return &schema[Entry[K]]{table, []col[Entry[K]]{
		numCol(code, true, false, func(e *Entry[K]) *K { return &e.Code }),
		textCol(name, true, func(e *Entry[K]) *string { return &e.Name }),
	}}
}

func textEntrySchema(table, code, name string) *schema[Entry[string]] {
	return &schema[Entry[string]]{table, []col[Entry[string]]{
		textCol(code, true, func(e *Entry[string]) *string { return &e.Code }),
		textCol(name, true, func(e *Entry[string]) *string { return &e.Name }),
	}}
}

// relSchema is a procedure relation: CO_PROCEDIMENTO plus the value
// columns.
func relSchema[V any](table string, cols ...col[rel[V]]) *schema[rel[V]] {
	all := append([]col[rel[V]]{procCol("CO_PROCEDIMENTO", func(r *rel[V]) *Code { return &r.P })}, cols...)
	return &schema[rel[V]]{table, all}
}

func relNumSchema[V numeric](table, column string) *schema[rel[V]] {
	return relSchema(table, numCol(column, true, false, func(r *rel[V]) *V { return &r.V }))
}

func relTextSchema(table, column string) *schema[rel[string]] {
	return relSchema(table, textCol(column, true, func(r *rel[string]) *string { return &r.V }))
}

// knownTables maps each table of the official release to the constructor
// of its typed form. Tables not listed are loaded as generic tables.
var knownTables = map[string]func(tableMeta) (anyTable, error){
	TableProcedimento:           ctor(procSchema),
	TableDescricao:              ctor(descricaoSchema),
	TableGrupo:                  ctor(grupoSchema),
	TableSubGrupo:               ctor(subGrupoSchema),
	TableFormaOrganizacao:       ctor(formaSchema),
	TableFinanciamento:          ctor(financiamentoSchema),
	TableRubrica:                ctor(rubricaSchema),
	TableDetalhe:                ctor(detalheSchema),
	TableDescricaoDetalhe:       ctor(descDetalheSchema),
	TableRegistro:               ctor(registroSchema),
	TableModalidade:             ctor(modalidadeSchema),
	TableServico:                ctor(servicoSchema),
	TableServicoClassificacao:   ctor(classificacaoSchema),
	TableTipoLeito:              ctor(leitoSchema),
	TableCID:                    ctor(cidSchema),
	TableOcupacao:               ctor(ocupacaoSchema),
	TableHabilitacao:            ctor(habilitacaoSchema),
	TableGrupoHabilitacao:       ctor(grupoHabSchema),
	TableRegraCondicionada:      ctor(regraSchema),
	TableSIASIH:                 ctor(siaSihSchema),
	TableRedeAtencao:            ctor(redeSchema),
	TableComponenteRede:         ctor(componenteRedeSchema),
	TableRENASES:                ctor(renasesSchema),
	TableTUSS:                   ctor(tussSchema),
	TableProcRegistro:           ctor(procRegistroSchema),
	TableProcDetalhe:            ctor(procDetalheSchema),
	TableProcModalidade:         ctor(procModalidadeSchema),
	TableProcServico:            ctor(procServicoSchema),
	TableProcLeito:              ctor(procLeitoSchema),
	TableProcCID:                ctor(procCIDSchema),
	TableProcOcupacao:           ctor(procOcupacaoSchema),
	TableProcHabilitacao:        ctor(procHabilitacaoSchema),
	TableProcIncremento:         ctor(procIncrementoSchema),
	TableProcCompativel:         ctor(procCompativelSchema),
	TableExcecaoCompatibilidade: ctor(excecaoSchema),
	TableProcSIASIH:             ctor(procSIASIHSchema),
	TableProcOrigem:             ctor(procOrigemSchema),
	TableProcRegraCond:          ctor(procRegraSchema),
	TableProcCompRede:           ctor(procCompRedeSchema),
	TableProcRENASES:            ctor(procRenasesSchema),
	TableProcTUSS:               ctor(procTUSSSchema),
}

func ctor[T any](s *schema[T]) func(tableMeta) (anyTable, error) {
	return func(m tableMeta) (anyTable, error) {
		t, err := newTyped(m, s)
		if err != nil {
			return nil, err
		}
		return t, nil
	}
}
