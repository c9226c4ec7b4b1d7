package cnestest

import (
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
)

// Config describes a synthetic registry. Identifiers (CNS, CNPJ,
// CO_PROFISSIONAL_SUS, INE) are not written in it: Generate draws them
// from Seed, so the same Config and Seed give byte-identical files, and
// the same Seed gives the same identifiers in every competência.
type Config struct {
	Competencia sigtap.Competencia
	Seed        uint64
	UF          string // CO_ESTADO_GESTOR, "53"
	Municipio   string // CO_MUNICIPIO_GESTOR and CO_UNIDADE prefix, "530010"

	Estabs []Estab
	Profs  []Prof
	Teams  []Team
	Expect []Expect

	// Plan is the CBO/procedure plan: the SIGTAP procedures the registry
	// is meant to serve. An establishment's Procedures must each be
	// covered by a SUS vínculo under one of the procedure's CBOs (when it
	// has any); their first serviço/classificação and habilitação are
	// added to the establishment when missing, and OK expectations for
	// C8/C9 are derived. Bulk establishments draw their content from it.
	Plan []Procedure

	Bulk Bulk

	CRLF    bool // CRLF line ends instead of LF (tolerance fixtures)
	Minimal bool // only the required columns, in a shuffled order
}

// Procedure is one entry of the plan: what a SIGTAP procedure needs from
// the registry (rl_procedimento_ocupacao, rl_procedimento_servico,
// rl_procedimento_habilitacao).
type Procedure struct {
	Code      string   // "0207010064"
	Name      string   // for FIXTURE.md
	CBOs      []string // allowed CBOs (empty: "não exige CBO")
	ServClass []string // allowed pairs, "121/004"
	Habs      []string // accepted habilitações, "3802"
}

// Estab is a scenario establishment.
type Estab struct {
	CNES        string      // 7 digits
	Name        string      // NO_FANTASIA / NO_RAZAO_SOCIAL (Latin-1 encodable)
	Purpose     string      // one line for FIXTURE.md
	Pessoa      cnes.Pessoa // PF or PJ (default PJ)
	Mantenedora bool        // draw an NU_CNPJ_MANTENEDORA
	Gestao      cnes.Gestao
	Motivo      string // CO_MOTIVO_DESAB ("04" = deactivated)
	NatJur      string // CO_NATUREZA_JUR
	Procedures  []string
	Servicos    []Servico
	Habs        []Hab
}

// Servico is an rlEstabServClass row.
type Servico struct {
	ServClass string // "121/012"
	Class     string // CO_CLASSIFICACAO as stored when it differs from the padded form ("12")
	NotSUS    bool   // CO_AMBULATORIAL_SUS = "2"
	Terceiro  bool   // draw a third-party CO_CNPJCPF (TP_CARACTERISTICA 2)
}

// Hab is an rlEstabSipac row.
type Hab struct {
	Code   string // "3802"
	Tipo   byte   // 'H' (default) or 'I', …
	Inicio string // CMTP_INICIO, AAAAMM ("" → 201901)
	Fim    string // CMTP_FIM as written: "", "999999", "000000" or AAAAMM
}

// Prof is a professional, named by Key in the scenarios.
type Prof struct {
	Key         string // "P01"
	Provisional bool   // provisional CNS (7/8/9) instead of a definitive one
	AltID       bool   // a second CO_PROFISSIONAL_SUS with the same CNS
	Vinculos    []Vinc
}

// Vinc is a tbCargaHorariaSus row.
type Vinc struct {
	CNES        string
	CBO         string
	NotSUS      bool   // TP_SUS_NAO_SUS = "N"
	Amb         int    // QT_CARGA_HORARIA_AMBULATORIAL
	Hosp, Other int    // QT_CARGA_HOR_HOSP_SUS, QT_CARGA_HORARIA_OUTROS
	Vinculacao  string // IND_VINCULACAO (default "010202")
	// Employer fills NU_CNPJ_DETALHAMENTO_VINCULO: "" none, "estab" the
	// establishment's CNPJ, "other" a different valid CNPJ.
	Employer string
	AltID    bool   // under the professional's second CO_PROFISSIONAL_SUS
	Until    string // last competência (AAAAMM) in which the vínculo exists; "" always
}

// Team is a tbEquipe row with its rlEstabEquipeProf members.
type Team struct {
	Key         string // "T1"
	CNES        string
	Tipo        string // TP_EQUIPE, "70", "81"
	Name        string // NO_REFERENCIA
	Ativacao    string // DT_ATIVACAO as written (DD/MM/YYYY or DD-mon-YYYY HH:MM:SS)
	Desativacao string // DT_DESATIVACAO as written
	Unpadded    bool   // write CO_EQUIPE without its leading zeros
	Members     []Member
}

// Member is an rlEstabEquipeProf row.
type Member struct {
	Prof         string // Prof.Key
	CBO          string
	Entrada      string // DT_ENTRADA as written
	Desligamento string // DT_DESLIGAMENTO as written
}

// Expect is an expected check result. Keys name scenario entities:
// Prof is a Prof.Key, Team a Team.Key (or "none" for an INE that no team
// has). Arg depends on the check: C3 the gestão letter, C5 the CBO, C7
// the team type, C8 serviço/classificação pairs and C9 habilitações
// (space-separated, any one suffices), C10/C12 a CNPJ token ("estab",
// "mantenedora", "terceiro", "other"; "" for C12 means the default).
type Expect struct {
	Check  cnes.CheckID
	CNES   string
	Prof   string
	Team   string
	Arg    string
	Want   cnes.Outcome
	Reason cnes.Reason
	Note   string
	From   string // first competência (AAAAMM) the expectation applies to; "" always
	Until  string // last competência; "" always
}

// Bulk adds random establishments for benchmarks: Estabs establishments
// with about VinculosPerEstab vínculos each, their content drawn from the
// plan, spread over three municipalities.
type Bulk struct {
	Estabs           int
	VinculosPerEstab int // default 30
}
