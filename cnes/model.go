package cnes

import (
	"time"

	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// Pessoa is tbEstabelecimento.TP_PFPJ.
type Pessoa byte

// Kinds of pessoa.
const (
	PessoaFisica   Pessoa = '1' // pessoa física: NU_CPF filled, no CNPJ
	PessoaJuridica Pessoa = '3' // pessoa jurídica: NU_CNPJ filled
)

// String returns "PF", "PJ" or the raw code.
func (p Pessoa) String() string {
	switch p {
	case PessoaFisica:
		return "PF"
	case PessoaJuridica:
		return "PJ"
	case 0:
		return ""
	}
	return string(rune(p))
}

// Estabelecimento is one row of tbEstabelecimento, reduced to what the
// checks need.
type Estabelecimento struct {
	CNES    Code   // CO_CNES, zero-padded to 7 digits
	Unidade string // CO_UNIDADE: IBGE6 + CNES7 in practice; the join key of every other table
	Nome    string // NO_FANTASIA (the establishment's public trade name), when present
	Pessoa  Pessoa // TP_PFPJ
	CNPJ    CNPJ   // NU_CNPJ (filled for PJ)
	// Mantenedora is NU_CNPJ_MANTENEDORA, the CNPJ of the maintaining body.
	Mantenedora CNPJ
	// CPF is NU_CPF of a PF establishment. Personal data: only kept when
	// LoadOptions.PersonalData is set.
	CPF       cns.CPF
	UF        string // CO_ESTADO_GESTOR: the 2-digit IBGE UF code ("53")
	Municipio string // CO_MUNICIPIO_GESTOR: 6-digit IBGE code ("530010")
	Gestao    Gestao // TP_GESTAO
	// MotivoDesativacao is CO_MOTIVO_DESAB; non-empty means deactivated
	// (inference, docs/cnes.md §6.2 C2).
	MotivoDesativacao string
	NaturezaJuridica  string // CO_NATUREZA_JUR, when present
}

// Ativo reports whether the establishment is active (no CO_MOTIVO_DESAB).
func (e Estabelecimento) Ativo() bool { return e.MotivoDesativacao == "" }

// Vinculo is one row of tbCargaHorariaSus: a professional's vínculo with an
// establishment under one CBO. The monthly snapshot holds only the vínculos
// active in its competência (there is no end date).
type Vinculo struct {
	CNES         Code
	Profissional ProfID     // CO_PROFISSIONAL_SUS
	CNS          cns.CNS    // from tbDadosProfissionalSus.CO_CNS (zero when absent)
	CBO          sigtap.CBO // CO_CBO, upper-cased
	SUS          bool       // TP_SUS_NAO_SUS is S or s
	Vinculacao   Vinculacao // IND_VINCULACAO
	// Weekly hours: QT_CARGA_HORARIA_AMBULATORIAL, QT_CARGA_HOR_HOSP_SUS
	// and QT_CARGA_HORARIA_OUTROS (0 when the column is absent).
	CargaAmbulatorial, CargaHospitalar, CargaOutros int
	// CNPJEmpregador is NU_CNPJ_DETALHAMENTO_VINCULO, the employer's CNPJ
	// that ties an EqAE member to the contracted company (check C12).
	CNPJEmpregador CNPJ
}

// Horas returns the weekly hours of the vínculo (all three columns).
func (v Vinculo) Horas() int { return v.CargaAmbulatorial + v.CargaHospitalar + v.CargaOutros }

// Profissional is one row of tbDadosProfissionalSus.
type Profissional struct {
	ID  ProfID  // CO_PROFISSIONAL_SUS
	CNS cns.CNS // CO_CNS
	// Nome and CPF are personal data, only kept when
	// LoadOptions.PersonalData is set.
	Nome string
	CPF  cns.CPF
}

// Equipe is one row of tbEquipe with its members from rlEstabEquipeProf.
type Equipe struct {
	INE         INE        // CO_EQUIPE, zero-padded to 10 digits (zero when blank)
	CNES        Code       // establishment of CO_UNIDADE (the team's sede)
	Tipo        TipoEquipe // TP_EQUIPE
	Nome        string     // NO_REFERENCIA, when present
	Municipio   string     // CO_MUNICIPIO  } the team key
	Area        string     // CO_AREA       } (CO_MUNICIPIO, CO_AREA, SEQ_EQUIPE)
	Sequencia   string     // SEQ_EQUIPE    }
	Ativacao    time.Time  // DT_ATIVACAO (zero when blank)
	Desativacao time.Time  // DT_DESATIVACAO (zero when blank)
	Membros     []Membro
}

// AtivaEm reports whether the team is active during competência c:
// DT_ATIVACAO ≤ last day of c and DT_DESATIVACAO blank or ≥ first day of c
// (inference, docs/cnes.md §6.2 C6).
func (e Equipe) AtivaEm(c sigtap.Competencia) bool {
	return window(dayOf(e.Ativacao), dayOf(e.Desativacao), c)
}

// Membro is one row of rlEstabEquipeProf.
type Membro struct {
	Profissional ProfID
	CNS          cns.CNS
	CBO          sigtap.CBO // CO_CBO, when present
	CNES         Code       // CO_UNIDADE's establishment, when loaded
	Entrada      time.Time  // DT_ENTRADA
	Desligamento time.Time  // DT_DESLIGAMENTO (zero when still a member)
}

// AtivoEm reports whether the member belongs to the team during
// competência c (DT_ENTRADA ≤ end of c, DT_DESLIGAMENTO blank or ≥ start).
func (m Membro) AtivoEm(c sigtap.Competencia) bool {
	return window(dayOf(m.Entrada), dayOf(m.Desligamento), c)
}

// Servico is one row of rlEstabServClass.
type Servico struct {
	ServClass sigtap.ServicoClassificacao // CO_SERVICO/CO_CLASSIFICACAO ("121/012" also when stored as "12")
	// AmbulatorialSUS is CO_AMBULATORIAL_SUS = "1": the service is offered
	// to the SUS in ambulatory care.
	AmbulatorialSUS bool
	// Caracteristica is TP_CARACTERISTICA: '1' próprio, '2' terceirizado,
	// '3' both (0 when absent).
	Caracteristica byte
	// Terceiro is CO_CNPJCPF when it holds a CNPJ (a CPF is dropped).
	Terceiro CNPJ
}

// Habilitacao is one row of rlEstabSipac.
type Habilitacao struct {
	Code   sigtap.Habilitacao // COD_SUB_GRUPO_HABILITACAO ("3802" for 38.02)
	Tipo   TipoHabilitacao    // TP_HABILITACAO
	Inicio sigtap.Competencia // CMTP_INICIO (zero when blank)
	Fim    sigtap.Competencia // CMTP_FIM; zero when open-ended (blank, 999999, 000000)
}

// Vigente reports whether c lies within [Inicio, Fim] (open ends allowed).
func (h Habilitacao) Vigente(c sigtap.Competencia) bool {
	return (h.Inicio.IsZero() || !c.Before(h.Inicio)) && (h.Fim.IsZero() || !c.After(h.Fim))
}

// CargaHoraria sums a professional's vínculos across every establishment
// of the registry (check C11).
type CargaHoraria struct {
	Horas            int // Σ ambulatorial + hospitalar SUS + outros, weekly
	Vinculos         int // vínculo rows
	VinculosPublicos int // rows counted as public by LoadOptions.PublicVinculo
}

// window applies the team/member date rule to competência c.
func window(from, to day, c sigtap.Competencia) bool {
	return (from == 0 || from <= monthEnd(c)) && (to == 0 || to >= monthStart(c))
}

func dayOf(t time.Time) day {
	if t.IsZero() {
		return 0
	}
	return day(t.Year()*10000 + int(t.Month())*100 + t.Day())
}
