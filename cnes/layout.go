package cnes

import (
	"regexp"
	"strings"
)

// Table is one of the seven files of BASE_DE_DADOS_CNES_AAAAMM.ZIP that the
// package reads (docs/cnes.md §2.3). Each member of the ZIP is named
// <Name><AAAAMM>.csv, for example tbEstabelecimento202601.csv.
type Table uint8

// The tables, in the order the loader reads them. tbDadosProfissionalSus is
// read last so that only the professionals referenced by the other tables
// are kept.
const (
	TableEstabelecimento Table = iota // tbEstabelecimento (TB_ESTABELECIMENTO, LFCES004)
	TableCargaHoraria                 // tbCargaHorariaSus (TB_CARGA_HORARIA_SUS, LFCES021): vínculos
	TableServClass                    // rlEstabServClass (RL_ESTAB_SERV_CLASS, LFCES032)
	TableEquipe                       // tbEquipe (TB_EQUIPE, LFCES037)
	TableEquipeProf                   // rlEstabEquipeProf (RL_ESTAB_EQUIPE_PROF, LFCES038)
	TableSipac                        // rlEstabSipac (RL_ESTAB_SIPAC): habilitações
	TableProfissional                 // tbDadosProfissionalSus (TB_DADOS_PROFISSIONAL_SUS, LFCES018)
	numTables
)

// Tables lists every table in load order.
func Tables() []Table {
	return []Table{TableEstabelecimento, TableCargaHoraria, TableServClass, TableEquipe, TableEquipeProf, TableSipac, TableProfissional}
}

// Name returns the file name prefix of t ("tbEstabelecimento").
func (t Table) Name() string {
	if t >= numTables {
		return "table?"
	}
	return tableDefs[t].name
}

// String returns Name.
func (t Table) String() string { return t.Name() }

// Header returns the full real header of t in real column order, with the
// TO_CHAR(...) wrappers of the date columns, as the 202602 distribution
// writes it (docs/cnes.md §2.3). It is what the synthetic generator writes;
// the loader does not depend on it (it binds columns by name).
func (t Table) Header() []string {
	if t >= numTables {
		return nil
	}
	return append([]string(nil), tableDefs[t].header...)
}

// Required returns the normalised names of the columns the loader needs
// (the ★ columns of docs/cnes.md §2.3). A file that lacks one of them fails with
// ErrMissingColumn.
func (t Table) Required() []string {
	if t >= numTables {
		return nil
	}
	var out []string
	for _, c := range tableDefs[t].cols {
		if c.required {
			out = append(out, c.name)
		}
	}
	return out
}

// Optional returns the normalised names of the columns the loader reads
// when they are present (an absent one makes the checks that need it
// answer Unknown).
func (t Table) Optional() []string {
	if t >= numTables {
		return nil
	}
	var out []string
	for _, c := range tableDefs[t].cols {
		if !c.required {
			out = append(out, c.name)
		}
	}
	return out
}

// column is one column the loader binds by name.
type column struct {
	name     string    // normalised header name
	required bool      // ★: absent → ErrMissingColumn
	value    valueKind // what errors may quote of the column's values
}

// valueKind tells what a *ParseError may quote of a column's value.
type valueKind uint8

const (
	// plainValue: the value, shortened to 40 bytes (masked anyway when it
	// has the shape of a CPF or a CNS).
	plainValue valueKind = iota
	// personalValue: nothing — CNS, CPF, names of people (and free names
	// that may be one: the trade name of a pessoa física establishment).
	personalValue
	// maskedValue: all but the last two characters masked — the CNPJ
	// columns, which sometimes hold a CPF.
	maskedValue
)

type tableDef struct {
	name   string
	header []string // real header, real order
	cols   []column // bound columns; the index is the table's column id
}

// Column ids per table (index into tableDefs[t].cols).
const (
	eUnidade = iota
	eCNES
	ePFPJ
	eCNPJ
	eMantenedora
	eUF
	eMunicipio
	eGestao
	eMotivo
	eFantasia
	eCPF
	eNatJur
)

const (
	vUnidade = iota
	vProf
	vCBO
	vSUS
	vVinculacao
	vCHAmb
	vCHHosp
	vCHOutros
	vCNPJDet
)

const (
	pProf = iota
	pCNS
	pNome
	pCPF
)

const (
	sUnidade = iota
	sServico
	sClass
	sAmbSUS
	sCaract
	sCNPJCPF
)

const (
	qMunicipio = iota
	qArea
	qSeq
	qUnidade
	qTipo
	qINE
	qAtivacao
	qDesativacao
	qNome
)

const (
	mMunicipio = iota
	mArea
	mSeq
	mProf
	mEntrada
	mDesligamento
	mUnidade
	mCBO
)

const (
	hUnidade = iota
	hCodigo
	hInicio
	hFim
	hTipo
)

// The real headers. Where docs/cnes.md abbreviates a TO_CHAR header as
// "TO_CHAR(DT_ATUALIZACAO…)", the format 'DD/MM/YYYY' of the fully quoted
// headers is assumed (inference); only tbCargaHorariaSus keeps the "A."
// table alias [SPRING-READER].
var tableDefs = [numTables]tableDef{
	TableEstabelecimento: {
		name: "tbEstabelecimento",
		header: []string{"CO_UNIDADE", "CO_CNES", "NU_CNPJ_MANTENEDORA", "TP_PFPJ", "NIVEL_DEP", "NO_RAZAO_SOCIAL",
			"NO_FANTASIA", "NO_LOGRADOURO", "NU_ENDERECO", "NO_COMPLEMENTO", "NO_BAIRRO", "CO_CEP", "CO_REGIAO_SAUDE",
			"CO_MICRO_REGIAO", "CO_DISTRITO_SANITARIO", "CO_DISTRITO_ADMINISTRATIVO", "NU_TELEFONE", "NU_FAX",
			"NO_EMAIL", "NU_CPF", "NU_CNPJ", "CO_ATIVIDADE", "CO_CLIENTELA", "NU_ALVARA", "DT_EXPEDICAO",
			"TP_ORGAO_EXPEDIDOR", "DT_VAL_LIC_SANI", "TP_LIC_SANI", "TP_UNIDADE", "CO_TURNO_ATENDIMENTO",
			"CO_ESTADO_GESTOR", "CO_MUNICIPIO_GESTOR", "TO_CHAR(DT_ATUALIZACAO,'DD/MM/YYYY')", "CO_USUARIO",
			"CO_CPFDIRETORCLN", "REG_DIRETORCLN", "ST_ADESAO_FILANTROP", "CO_MOTIVO_DESAB", "NO_URL", "NU_LATITUDE",
			"NU_LONGITUDE", "TO_CHAR(DT_ATU_GEO,'DD/MM/YYYY')", "NO_USUARIO_GEO", "CO_NATUREZA_JUR",
			"TP_ESTAB_SEMPRE_ABERTO", "ST_GERACREDITO_GERENTE_SGIF", "ST_CONEXAO_INTERNET", "CO_TIPO_UNIDADE",
			"NO_FANTASIA_ABREV", "TP_GESTAO", "TO_CHAR(DT_ATUALIZACAO_ORIGEM,'DD/MM/YYYY')",
			"CO_TIPO_ESTABELECIMENTO", "CO_ATIVIDADE_PRINCIPAL", "ST_CONTRATO_FORMALIZADO", "CO_TIPO_ABRANGENCIA",
			"ST_COWORKING"},
		cols: []column{
			eUnidade:     {name: "CO_UNIDADE", required: true},
			eCNES:        {name: "CO_CNES", required: true},
			ePFPJ:        {name: "TP_PFPJ", required: true},
			eCNPJ:        {name: "NU_CNPJ", required: true, value: maskedValue},
			eMantenedora: {name: "NU_CNPJ_MANTENEDORA", required: true, value: maskedValue},
			eUF:          {name: "CO_ESTADO_GESTOR", required: true},
			eMunicipio:   {name: "CO_MUNICIPIO_GESTOR", required: true},
			eGestao:      {name: "TP_GESTAO", required: true},
			eMotivo:      {name: "CO_MOTIVO_DESAB", required: true},
			eFantasia:    {name: "NO_FANTASIA", value: personalValue},
			eCPF:         {name: "NU_CPF", value: personalValue},
			eNatJur:      {name: "CO_NATUREZA_JUR"},
		},
	},
	TableCargaHoraria: {
		name: "tbCargaHorariaSus",
		header: []string{"CO_UNIDADE", "CO_PROFISSIONAL_SUS", "CO_CBO", "TP_SUS_NAO_SUS", "IND_VINCULACAO",
			"TP_TERCEIRO_SIH", "QT_CARGA_HORARIA_AMBULATORIAL", "CO_CONSELHO_CLASSE", "NU_REGISTRO", "SG_UF_CRM",
			"TP_PRECEPTOR", "TP_RESIDENTE", "NU_CNPJ_DETALHAMENTO_VINCULO", "TO_CHAR(A.DT_ATUALIZACAO,'DD/MM/YYYY')",
			"CO_USUARIO", "TO_CHAR(A.DT_ATUALIZACAO_ORIGEM,'DD/MM/YYYY')", "QT_CARGA_HORARIA_OUTROS",
			"QT_CARGA_HOR_HOSP_SUS"},
		cols: []column{
			vUnidade:    {name: "CO_UNIDADE", required: true},
			vProf:       {name: "CO_PROFISSIONAL_SUS", required: true},
			vCBO:        {name: "CO_CBO", required: true},
			vSUS:        {name: "TP_SUS_NAO_SUS", required: true},
			vVinculacao: {name: "IND_VINCULACAO", required: true},
			vCHAmb:      {name: "QT_CARGA_HORARIA_AMBULATORIAL", required: true},
			vCHHosp:     {name: "QT_CARGA_HOR_HOSP_SUS"},
			vCHOutros:   {name: "QT_CARGA_HORARIA_OUTROS"},
			vCNPJDet:    {name: "NU_CNPJ_DETALHAMENTO_VINCULO", value: maskedValue},
		},
	},
	TableProfissional: {
		name: "tbDadosProfissionalSus",
		header: []string{"CO_PROFISSIONAL_SUS", "CO_CPF", "NO_PROFISSIONAL", "CO_CNS",
			"TO_CHAR(DT_ATUALIZACAO,'DD/MM/YYYY')", "CO_USUARIO", "ST_NMPROF_CADSUS", "CO_NACIONALIDADE",
			"CO_SEQ_INCLUSAO", "TO_CHAR(DT_ATUALIZACAO_ORIGEM,'DD/MM/YYYY')", "NO_SOCIAL"},
		cols: []column{
			pProf: {name: "CO_PROFISSIONAL_SUS", required: true},
			pCNS:  {name: "CO_CNS", required: true, value: personalValue},
			pNome: {name: "NO_PROFISSIONAL", value: personalValue},
			pCPF:  {name: "CO_CPF", value: personalValue},
		},
	},
	TableServClass: {
		name: "rlEstabServClass",
		header: []string{"CO_UNIDADE", "CO_SERVICO", "CO_CLASSIFICACAO", "TP_CARACTERISTICA", "CO_CNPJCPF",
			"CO_AMBULATORIAL", "CO_AMBULATORIAL_SUS", "CO_HOSPITALAR", "CO_HOSPITALAR_SUS", "CO_END_COMPL",
			"ST_ATIVO_SN", "TO_CHAR(DT_ATUALIZACAO,'DD/MM/YYYY')", "CO_USUARIO"},
		cols: []column{
			sUnidade: {name: "CO_UNIDADE", required: true},
			sServico: {name: "CO_SERVICO", required: true},
			sClass:   {name: "CO_CLASSIFICACAO", required: true},
			sAmbSUS:  {name: "CO_AMBULATORIAL_SUS", required: true},
			sCaract:  {name: "TP_CARACTERISTICA"},
			sCNPJCPF: {name: "CO_CNPJCPF", value: personalValue},
		},
	},
	TableEquipe: {
		name: "tbEquipe",
		header: []string{"CO_MUNICIPIO", "CO_AREA", "SEQ_EQUIPE", "CO_UNIDADE", "TP_EQUIPE", "CO_SUB_TIPO_EQUIPE",
			"NO_REFERENCIA", "DT_ATIVACAO", "DT_DESATIVACAO", "TP_POP_ASSIST_QUILOMB", "TP_POP_ASSIST_ASSENT",
			"TP_POP_ASSIST_GERAL", "TP_POP_ASSIST_ESCOLA", "TP_POP_ASSIST_PRONASCI", "TP_POP_ASSIST_INDIGENA",
			"TP_POP_ASSIST_RIBEIRINHA", "TP_POP_ASSIST_SITUACAO_RUA", "TP_POP_ASSIST_PRIV_LIBERDADE",
			"TP_POP_ASSIST_CONFLITO_LEI", "TP_POP_ASSIST_ADOL_CONF_LEI", "CO_CNES_UOM", "NU_CH_AMB_UOM",
			"CD_MOTIVO_DESATIV", "CD_TP_DESATIV", "CO_PROF_SUS_PRECEPTOR", "CO_CNES_PRECEPTOR", "CO_EQUIPE",
			"TO_CHAR(DT_ATUALIZACAO,'DD/MM/YYYY')", "NO_USUARIO", "TO_CHAR(DT_ATUALIZACAO_ORIGEM,'DD/MM/YYYY')"},
		cols: []column{
			qMunicipio:   {name: "CO_MUNICIPIO", required: true},
			qArea:        {name: "CO_AREA", required: true},
			qSeq:         {name: "SEQ_EQUIPE", required: true},
			qUnidade:     {name: "CO_UNIDADE", required: true},
			qTipo:        {name: "TP_EQUIPE", required: true},
			qINE:         {name: "CO_EQUIPE", required: true},
			qAtivacao:    {name: "DT_ATIVACAO", required: true},
			qDesativacao: {name: "DT_DESATIVACAO", required: true},
			qNome:        {name: "NO_REFERENCIA", value: personalValue},
		},
	},
	TableEquipeProf: {
		name: "rlEstabEquipeProf",
		header: []string{"CO_MUNICIPIO", "CO_AREA", "SEQ_EQUIPE", "CO_PROFISSIONAL_SUS", "CO_UNIDADE", "CO_CBO",
			"TP_SUS_NAO_SUS", "IND_VINCULACAO", "CO_MICROAREA", "DT_ENTRADA", "DT_DESLIGAMENTO",
			"CO_CNES_OUTRAEQUIPE", "CO_MUNICIPIO_OUTRAEQUIPE", "CO_AREA_OUTRAEQUIPE", "CO_PROFISSIONAL_SUS_COMPL",
			"CO_CBO_CH_COMPL", "ST_EQUIPEMINIMA", "CO_MUN_ATUACAO", "TO_CHAR(DT_ATUALIZACAO,'DD/MM/YYYY')",
			"NO_USUARIO", "TO_CHAR(DT_ATUALIZACAO_ORIGEM,'DD/MM/YYYY')"},
		cols: []column{
			mMunicipio:    {name: "CO_MUNICIPIO", required: true},
			mArea:         {name: "CO_AREA", required: true},
			mSeq:          {name: "SEQ_EQUIPE", required: true},
			mProf:         {name: "CO_PROFISSIONAL_SUS", required: true},
			mEntrada:      {name: "DT_ENTRADA", required: true},
			mDesligamento: {name: "DT_DESLIGAMENTO", required: true},
			mUnidade:      {name: "CO_UNIDADE"},
			mCBO:          {name: "CO_CBO"},
		},
	},
	TableSipac: {
		name: "rlEstabSipac",
		header: []string{"CO_UNIDADE", "COD_SUB_GRUPO_HABILITACAO", "CMTP_INICIO", "CMTP_FIM", "NU_LEITOS",
			"NO_PORTARIA", "TO_CHAR(DT_ATUALIZACAO,'DD/MM/YYYY')", "CO_USUARIO", "TP_HABILITACAO"},
		cols: []column{
			hUnidade: {name: "CO_UNIDADE", required: true},
			hCodigo:  {name: "COD_SUB_GRUPO_HABILITACAO", required: true},
			hInicio:  {name: "CMTP_INICIO", required: true},
			hFim:     {name: "CMTP_FIM", required: true},
			hTipo:    {name: "TP_HABILITACAO", required: true},
		},
	},
}

// toChar matches the Oracle extraction expression that date columns keep
// as their header (docs/cnes.md §2.2), with or without a table alias.
var toChar = regexp.MustCompile(`^TO_CHAR\((?:[A-Z]+\.)?([A-Z_0-9]+),'[^']*'\)$`)

// NormalizeHeader returns the column name a header cell stands for:
// surrounding spaces and a UTF-8 byte-order mark are removed, letters are
// upper-cased, and TO_CHAR((ALIAS.)?COL,'…') becomes COL.
func NormalizeHeader(h string) string {
	h = strings.TrimPrefix(h, "\ufeff")
	h = strings.ToUpper(strings.TrimSpace(h))
	if strings.HasPrefix(h, "TO_CHAR(") {
		if m := toChar.FindStringSubmatch(strings.ReplaceAll(h, " ", "")); m != nil {
			return m[1]
		}
	}
	return h
}

// tableFor reports which table a ZIP member or file name belongs to: its
// base name must start with the table name (case-insensitively), followed
// only by digits (the competência) and an extension. It also returns the
// AAAAMM digits when the name holds exactly six.
func tableFor(name string) (t Table, comp string, ok bool) {
	base := name
	if i := strings.LastIndexAny(base, `/\`); i >= 0 {
		base = base[i+1:]
	}
	lower := strings.ToLower(base)
	for i := range tableDefs {
		p := strings.ToLower(tableDefs[i].name)
		if !strings.HasPrefix(lower, p) {
			continue
		}
		rest := lower[len(p):]
		ext := strings.IndexByte(rest, '.')
		digits := rest
		if ext >= 0 {
			digits = rest[:ext]
			if e := rest[ext+1:]; e != "csv" && e != "txt" {
				continue
			}
		}
		if digits != "" && !allDigits(digits) {
			continue
		}
		if len(digits) == 6 {
			comp = digits
		}
		return Table(i), comp, true
	}
	return 0, "", false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
