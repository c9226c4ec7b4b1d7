package sigtap

import "github.com/shopspring/decimal"

// Procedure is one row of tb_procedimento, the procedure master. Column
// names are given with each field; a column the release's layout lacks
// leaves its field at the zero value.
type Procedure struct {
	Code        Code            // CO_PROCEDIMENTO
	Name        string          // NO_PROCEDIMENTO
	Complexity  Complexity      // TP_COMPLEXIDADE
	Sex         Sex             // TP_SEXO: which sexes the procedure applies to
	MaxQuantity Quantity        // QT_MAXIMA_EXECUCAO (9999 = not applicable)
	StayDays    Quantity        // QT_DIAS_PERMANENCIA, average hospital days (9999 = n/a)
	Points      int             // QT_PONTOS, points of the AIH professional component
	MinAge      Age             // VL_IDADE_MINIMA, months (9999 = no age limit)
	MaxAge      Age             // VL_IDADE_MAXIMA, months (9999 = no age limit)
	ValueSH     decimal.Decimal // VL_SH, hospital services, in reais (the file holds centavos)
	ValueSA     decimal.Decimal // VL_SA, ambulatory value, in reais: what a BPA line is worth
	ValueSP     decimal.Decimal // VL_SP, professional services, in reais
	Financing   Financiamento   // CO_FINANCIAMENTO
	Rubrica     Rubrica         // CO_RUBRICA (zero unless FAEC)
	StayTime    Quantity        // QT_TEMPO_PERMANENCIA (meaning unknown; 9999 almost everywhere)
}

// AgeApplies reports whether the procedure has an age limit (its ages are
// not 9999).
func (p *Procedure) AgeApplies() bool { return p.MinAge.Applies() || p.MaxAge.Applies() }

// AllowsAgeMonths reports whether an age of months months is inside
// [MinAge, MaxAge]. Procedures whose ages are 9999 allow every age.
func (p *Procedure) AllowsAgeMonths(months int) bool {
	if months < 0 {
		return false
	}
	if p.MinAge.Applies() && months < int(p.MinAge) {
		return false
	}
	if p.MaxAge.Applies() && months > int(p.MaxAge) {
		return false
	}
	return true
}

// AllowsAgeYears reports whether a patient of years completed years may
// be inside [MinAge, MaxAge]: true when some age from years·12 to
// years·12+11 months is allowed. SIGTAP writes limits as whole years
// (MinAge 420 = 35 years) and whole years plus 11 months (MaxAge 731 = 60
// years 11 months), for which this is exact; use AllowsAgeMonths when the
// birth date is known.
func (p *Procedure) AllowsAgeYears(years int) bool {
	if years < 0 {
		return false
	}
	lo, hi := years*12, years*12+11
	if p.MinAge.Applies() && hi < int(p.MinAge) {
		return false
	}
	if p.MaxAge.Applies() && lo > int(p.MaxAge) {
		return false
	}
	return true
}

// AllowsSex reports whether the procedure may be registered for a patient
// of sex s: procedures with TP_SEXO I (both) or N (not applicable) allow
// any sex, M and F only their own.
func (p *Procedure) AllowsSex(s Sex) bool {
	switch p.Sex {
	case SexMale, SexFemale:
		return s == p.Sex
	}
	return true
}

// AllowsQuantity reports whether q does not exceed QT_MAXIMA_EXECUCAO
// (always true when it is 9999).
func (p *Procedure) AllowsQuantity(q int) bool {
	return !p.MaxQuantity.Applies() || q <= int(p.MaxQuantity)
}

// Group is a row of tb_grupo, the first level of the procedure tree.
type Group struct {
	Grupo string // CO_GRUPO, "02"
	Name  string // NO_GRUPO
}

// Subgroup is a row of tb_sub_grupo.
type Subgroup struct {
	Grupo    string // CO_GRUPO
	Subgrupo string // CO_SUB_GRUPO (two digits inside the grupo)
	Name     string // NO_SUB_GRUPO
}

// Key returns grupo+subgrupo ("0204"), the form Code.Subgroup returns.
func (s Subgroup) Key() string { return s.Grupo + s.Subgrupo }

// Forma is a row of tb_forma_organizacao.
type Forma struct {
	Grupo    string // CO_GRUPO
	Subgrupo string // CO_SUB_GRUPO
	Forma    string // CO_FORMA_ORGANIZACAO
	Name     string // NO_FORMA_ORGANIZACAO
}

// Key returns grupo+subgrupo+forma ("020403"), the form Code.Forma
// returns.
func (f Forma) Key() string { return f.Grupo + f.Subgrupo + f.Forma }

// Entry is a row of a code → name table (tb_financiamento, tb_rubrica,
// tb_registro, tb_modalidade, tb_servico, tb_servico_classificacao,
// tb_tipo_leito, tb_habilitacao, tb_detalhe, tb_ocupacao, tb_rede_atencao,
// tb_renases, tb_tuss).
type Entry[K any] struct {
	Code K
	Name string
}

// Text is a row of a long-description table (tb_descricao,
// tb_descricao_detalhe). In the texts, "|" stands for a line break.
type Text[K any] struct {
	Code K
	Text string
}

// CIDInfo is a row of tb_cid.
type CIDInfo struct {
	Code             CID    // CO_CID
	Name             string // NO_CID
	Agravo           byte   // TP_AGRAVO: '0' none, '1' notificação, '2' bloqueio
	Sex              Sex    // TP_SEXO ('I' on every row of the 2025 releases)
	Estadio          bool   // TP_ESTADIO: the CID is stageable
	CamposIrradiados int    // VL_CAMPOS_IRRADIADOS
}

// GrupoHabilitacaoInfo is a row of tb_grupo_habilitacao (free text that
// includes test rows; do not rely on it).
type GrupoHabilitacaoInfo struct {
	Code        GrupoHabilitacao // NU_GRUPO_HABILITACAO
	Name        string           // NO_GRUPO_HABILITACAO
	Description string           // DS_GRUPO_HABILITACAO
}

// RegraInfo is a row of tb_regra_condicionada.
type RegraInfo struct {
	Code        Regra  // CO_REGRA_CONDICIONADA
	Name        string // NO_REGRA_CONDICIONADA
	Description string // DS_REGRA_CONDICIONADA ("|" = line break)
}

// ComponenteRede is a row of tb_componente_rede.
type ComponenteRede struct {
	Code string // CO_COMPONENTE_REDE, e.g. "95.02"
	Name string // NO_COMPONENTE_REDE
	Rede string // CO_REDE_ATENCAO, e.g. "095"
}

// SIASIH is a row of tb_sia_sih: a pre-2008 SIA ('A') or SIH ('H')
// procedure code.
type SIASIH struct {
	Code string // CO_PROCEDIMENTO_SIA_SIH (8 digits)
	Name string // NO_PROCEDIMENTO_SIA_SIH
	Tipo byte   // TP_PROCEDIMENTO: 'A' SIA, 'H' SIH
}

// SIASIHKey identifies a tb_sia_sih row (codes repeat across SIA and SIH).
type SIASIHKey struct {
	Code string
	Tipo byte
}

// SIASIHRef is a row of rl_procedimento_sia_sih for one procedure: the
// old code it came from.
type SIASIHRef struct {
	Code string // CO_PROCEDIMENTO_SIA_SIH
	Tipo byte   // TP_PROCEDIMENTO
}

// ProcedureCID is a row of rl_procedimento_cid for one procedure.
type ProcedureCID struct {
	CID       CID  // CO_CID
	Principal bool // ST_PRINCIPAL S: the CID may be the principal diagnosis
}

// HabilitacaoRow is a row of rl_procedimento_habilitacao for one
// procedure.
type HabilitacaoRow struct {
	Habilitacao Habilitacao      // CO_HABILITACAO
	Grupo       GrupoHabilitacao // NU_GRUPO_HABILITACAO (zero: suffices alone)
}

// Incremento is a row of rl_procedimento_incremento for one procedure:
// the percentages added to SH, SA and SP when the establishment has the
// habilitação. Percentages are in percent (20.00 = 20 %).
type Incremento struct {
	Habilitacao Habilitacao     // CO_HABILITACAO
	SH          decimal.Decimal // VL_PERCENTUAL_SH
	SA          decimal.Decimal // VL_PERCENTUAL_SA
	SP          decimal.Decimal // VL_PERCENTUAL_SP
}

// Compatibilidade is a row of rl_procedimento_compativel seen from its
// principal procedure: the principal registered on Registro relates to
// Compativel registered on RegistroCompativel.
type Compatibilidade struct {
	Registro            Registro            // CO_REGISTRO_PRINCIPAL
	Compativel          Code                // CO_PROCEDIMENTO_COMPATIVEL
	RegistroCompativel  Registro            // CO_REGISTRO_COMPATIVEL
	Tipo                CompatibilidadeTipo // TP_COMPATIBILIDADE
	QuantidadePermitida int                 // QT_PERMITIDA (0 = not stated)
}

// ExcecaoCompatibilidade is a row of rl_excecao_compatibilidade: when the
// AIH's principal procedure is Restricao, the compatibility row
// (Principal, RegistroPrincipal, Compativel, RegistroCompativel, Tipo) is
// negated.
type ExcecaoCompatibilidade struct {
	Restricao          Code                // CO_PROCEDIMENTO_RESTRICAO
	Principal          Code                // CO_PROCEDIMENTO_PRINCIPAL
	RegistroPrincipal  Registro            // CO_REGISTRO_PRINCIPAL
	Compativel         Code                // CO_PROCEDIMENTO_COMPATIVEL
	RegistroCompativel Registro            // CO_REGISTRO_COMPATIVEL
	Tipo               CompatibilidadeTipo // TP_COMPATIBILIDADE
}

// rel is a row of a procedure relation table: the procedure and the value
// it is related to.
type rel[V any] struct {
	P Code
	V V
}
