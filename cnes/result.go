package cnes

import (
	"strconv"
	"strings"

	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// CheckID names a check of the catalogue in docs/cnes.md §6.2.
type CheckID uint8

// The checks.
const (
	C1  CheckID = iota + 1 // establishment exists in the competência
	C2                     // establishment active (no CO_MOTIVO_DESAB)
	C3                     // gestão (and gestor municipality) of the establishment
	C4                     // professional (CNS) linked to the establishment
	C5                     // professional linked under the line's CBO
	C6                     // professional member of the team (INE) in the competência
	C7                     // team type
	C8                     // serviço/classificação offered to the SUS
	C9                     // habilitação (type H) in force in the competência
	C10                    // supplier CNPJ among the establishment's CNPJs
	C11                    // workload ≤ 168 h and at most 2 public vínculos
	C12                    // EqAE member's vínculo tied to the contracted CNPJ
)

// SIA messages for the checks SIA is known to make (SIA-SINTESE, docs/cnes.md
// §6.1), verbatim.
const (
	MsgProfissional = "CNS DO PROFISSIONAL NAO ENCONTRADO NO ESTAB/EQUIPE"
	MsgCBO          = "CBO NAO CADASTRADO NO CNES"
	MsgServClass    = "PROCED.EXIGE SERV./CLASS. NAO CADAST. NO CNES"
	MsgCargaHoraria = "PROF.COM MAIS 2 VINC.PUBLICO OU PROF.COM CARG.H MAIOR 168H"
)

var checkInfo = [...]struct {
	title    string
	message  string
	inferred bool
}{
	C1:  {"estabelecimento cadastrado no CNES", "", true},
	C2:  {"estabelecimento ativo", "", true},
	C3:  {"gestão do estabelecimento", "", true},
	C4:  {"profissional vinculado ao estabelecimento", MsgProfissional, false},
	C5:  {"CBO do profissional no estabelecimento", MsgCBO, false},
	C6:  {"profissional na equipe", MsgProfissional, false},
	C7:  {"tipo da equipe", "", true},
	C8:  {"serviço/classificação", MsgServClass, false},
	C9:  {"habilitação em vigor", "", true},
	C10: {"CNPJ do fornecedor", "", true},
	C11: {"carga horária e vínculos públicos", MsgCargaHoraria, false},
	C12: {"CNPJ do contrato da EqAE", "", true},
}

func (c CheckID) valid() bool { return c >= C1 && c <= C12 }

// String returns "C1" … "C12".
func (c CheckID) String() string {
	if !c.valid() {
		return "C?"
	}
	return "C" + strconv.Itoa(int(c))
}

// Title describes the check in a few words, in Portuguese
// ("CBO do profissional no estabelecimento").
func (c CheckID) Title() string {
	if !c.valid() {
		return ""
	}
	return checkInfo[c].title
}

// Message returns the SIA message of a failure of this check, or "" when
// no SIA message is known for it.
func (c CheckID) Message() string {
	if !c.valid() {
		return ""
	}
	return checkInfo[c].message
}

// Inferred reports whether the check is an inference (no real SIA
// rejection for it has been seen; docs/cnes.md §6.2 marks it so).
func (c CheckID) Inferred() bool { return !c.valid() || checkInfo[c].inferred }

// Outcome is the tri-state answer of a check.
type Outcome uint8

// Outcomes. The zero value is Unknown: nothing could be decided.
const (
	// Unknown: the registry cannot answer — the competência is not
	// loaded, the table or column needed is absent, or the establishment
	// was left out by the load filter. It is not "no".
	Unknown Outcome = iota
	OK              // the registry supports the line
	Fail            // the registry contradicts the line
)

// String returns "unknown", "ok" or "fail".
func (o Outcome) String() string {
	switch o {
	case OK:
		return "ok"
	case Fail:
		return "fail"
	}
	return "unknown"
}

// Reason tells why a check failed or could not be decided.
type Reason uint8

// Reasons. Their String forms are the ones FIXTURE.md files use.
const (
	ReasonNone             Reason = iota
	ReasonNotLoaded               // unknown: no snapshot for the competência
	ReasonTableAbsent             // unknown: the table the check needs was not in the distribution
	ReasonColumnAbsent            // unknown: an optional column the check needs was not in the file
	ReasonFiltered                // unknown: the establishment was left out by the load filter
	ReasonEstabNotFound           // no establishment with the CNES
	ReasonEstabInactive           // CO_MOTIVO_DESAB is set
	ReasonGestao                  // TP_GESTAO or gestor municipality differ
	ReasonNoVinculo               // no vínculo of the CNS in the establishment
	ReasonNotSUS                  // vínculos exist but none with TP_SUS_NAO_SUS = S
	ReasonCBO                     // no (SUS) vínculo under the CBO
	ReasonTeamNotFound            // no team with the INE
	ReasonTeamOtherEstab          // the team belongs to another establishment
	ReasonTeamInactive            // the team is not active in the competência
	ReasonNotMember               // the professional is not a member of the team
	ReasonMemberInactive          // member, but not in the competência (DT_ENTRADA/DT_DESLIGAMENTO)
	ReasonTeamType                // TP_EQUIPE differs
	ReasonServClassMissing        // no row for the serviço/classificação
	ReasonServClassNotSUS         // row present with CO_AMBULATORIAL_SUS ≠ 1
	ReasonHabMissing              // no habilitação row with the code
	ReasonHabNotInForce           // type H row, but CMTP_INICIO/CMTP_FIM exclude the competência
	ReasonHabOtherType            // rows with the code exist, but none of type H
	ReasonCNPJNotCandidate        // CNPJ is not among the establishment's candidates
	ReasonWorkload                // more than 168 weekly hours
	ReasonPublicVinculos          // more than 2 public vínculos
	ReasonCNPJMismatch            // the vínculo's NU_CNPJ_DETALHAMENTO_VINCULO differs
	numReasons
)

var reasonNames = [numReasons]string{
	"", "not-loaded", "table-absent", "column-absent", "filtered", "estab-not-found", "estab-inactive",
	"gestao", "no-vinculo", "not-sus", "cbo", "team-not-found", "team-other-estab", "team-inactive",
	"not-member", "member-inactive", "team-type", "servclass-missing", "servclass-not-sus", "hab-missing",
	"hab-not-in-force", "hab-other-type", "cnpj-not-candidate", "workload", "public-vinculos", "cnpj-mismatch",
}

// String returns the kebab-case name ("no-vinculo"), a stable identifier
// (FIXTURE.md files and logs use it); Text says the same to people.
func (r Reason) String() string {
	if r >= numReasons {
		return "reason?"
	}
	return reasonNames[r]
}

var reasonTexts = [numReasons]string{
	"",
	"nenhuma base do CNES carregada para a competência",
	"tabela do CNES ausente na base carregada",
	"coluna opcional do CNES ausente na base carregada",
	"estabelecimento fora do filtro de carga do CNES",
	"estabelecimento não cadastrado no CNES",
	"estabelecimento desativado (CO_MOTIVO_DESAB preenchido)",
	"gestão ou município gestor diferente no CNES",
	"nenhum vínculo do profissional no estabelecimento",
	"vínculos do profissional no estabelecimento, nenhum SUS",
	"nenhum vínculo SUS do profissional com este CBO",
	"equipe (INE) não cadastrada",
	"equipe (INE) de outro estabelecimento",
	"equipe (INE) inativa na competência",
	"profissional não é membro da equipe",
	"profissional fora da equipe na competência (entrada/desligamento)",
	"tipo de equipe diferente do exigido",
	"serviço/classificação não cadastrado no estabelecimento",
	"serviço/classificação cadastrado sem atendimento ambulatorial SUS",
	"habilitação não cadastrada no estabelecimento",
	"habilitação fora de vigência na competência",
	"código cadastrado, mas não como habilitação (tipo H)",
	"CNPJ não está entre os do estabelecimento",
	"mais de 168 horas semanais",
	"mais de 2 vínculos públicos",
	"CNPJ do vínculo diferente do contratado",
}

// Text says in Portuguese what the reason means, for reports:
// ReasonNoVinculo gives "nenhum vínculo do profissional no
// estabelecimento". ReasonNone gives "".
func (r Reason) Text() string {
	if r >= numReasons {
		return "motivo desconhecido"
	}
	return reasonTexts[r]
}

// ParseReason returns the Reason named s (its String form).
func ParseReason(s string) (Reason, bool) {
	for i, n := range reasonNames {
		if n == s {
			return Reason(i), true
		}
	}
	return 0, false
}

// Result is the answer of one check: the outcome, why, what was asked and
// what the registry holds (the evidence). It is a plain value: checks do
// not allocate. Its String form masks the CNS.
type Result struct {
	Check       CheckID
	Outcome     Outcome
	Reason      Reason
	Competencia sigtap.Competencia // of the snapshot (zero when not loaded)

	// What was asked.
	CNES        Code
	CNS         cns.CNS
	CBO         sigtap.CBO
	INE         INE
	ServClass   sigtap.ServicoClassificacao // C8
	Habilitacao sigtap.Habilitacao          // C9
	CNPJ        CNPJ                        // supplier (C10) or contracted (C12) CNPJ
	TipoEquipe  TipoEquipe                  // wanted team type (C7)
	Gestao      Gestao                      // wanted gestão (C3)

	// Evidence is what the registry holds about the question.
	Evidence Evidence
}

// Evidence is what the registry holds about a check's question. Only the
// fields relevant to the check are set.
type Evidence struct {
	Vinculos    int           // C4/C5/C12: vínculos of the CNS in the establishment
	VinculosSUS int           // C4/C5: of which SUS
	CBOs        [4]sigtap.CBO // C5: the professional's CBOs in the establishment (first four)
	NCBOs       int           // C5: number of distinct CBOs
	Gestao      Gestao        // C3
	Municipio   string        // C3: CO_MUNICIPIO_GESTOR
	Motivo      string        // C2: CO_MOTIVO_DESAB
	TipoEquipe  TipoEquipe    // C6/C7/C12
	EquipeCNES  Code          // C6: the team's establishment
	Habilitacao Habilitacao   // C9: the row found
	Horas       int           // C11
	Publicos    int           // C11
	CNPJ        CNPJ          // C12: NU_CNPJ_DETALHAMENTO_VINCULO found
}

// Message returns the SIA message of a failed check, or "" (for OK,
// Unknown, or a check without a known SIA message).
func (r Result) Message() string {
	if r.Outcome != Fail {
		return ""
	}
	return r.Check.Message()
}

// String formats the result for logs, with the CNS masked and the stable
// names of outcome and reason:
// "C5 fail (cbo): CBO NAO CADASTRADO NO CNES [competência 202601, CNES 9990001, CNS *** **** **** 1234, CBO 225125, 1 vínculo(s), 1 SUS; CBOs no estabelecimento 225320]".
// Facts says the same to people, in Portuguese.
func (r Result) String() string {
	var b strings.Builder
	b.WriteString(r.Check.String())
	b.WriteByte(' ')
	b.WriteString(r.Outcome.String())
	if r.Reason != ReasonNone {
		b.WriteString(" (")
		b.WriteString(r.Reason.String())
		b.WriteByte(')')
	}
	if m := r.Message(); m != "" {
		b.WriteString(": ")
		b.WriteString(m)
	}
	if p := r.particulars(r.Competencia.String()); p != "" {
		b.WriteString(" [")
		b.WriteString(p)
		b.WriteByte(']')
	}
	return b.String()
}

// Facts describes the result in Portuguese for a report, with the CNS
// masked: the check, what the registry answered and the evidence, e.g.
// "C5 (CBO do profissional no estabelecimento): nenhum vínculo SUS do
// profissional com este CBO [competência 01/2026, CNES 9990001, CNS *** **** **** 1234, CBO 225125, 1 vínculo(s), 1 SUS; CBOs no estabelecimento 225320]".
// An OK result gives "C5 (…): confirmado no CNES [...]".
func (r Result) Facts() string {
	var b strings.Builder
	b.WriteString(r.Check.String())
	if t := r.Check.Title(); t != "" {
		b.WriteString(" (")
		b.WriteString(t)
		b.WriteByte(')')
	}
	b.WriteString(": ")
	switch {
	case r.Reason != ReasonNone:
		b.WriteString(r.Reason.Text())
	case r.Outcome == OK:
		b.WriteString("confirmado no CNES")
	default:
		b.WriteString("não verificado")
	}
	cmp := ""
	if r.Competencia.Valid() {
		cmp = r.Competencia.Format()
	}
	if p := r.particulars(cmp); p != "" {
		b.WriteString(" [")
		b.WriteString(p)
		b.WriteByte(']')
	}
	return b.String()
}

// particulars lists what was asked and the evidence, in Portuguese.
func (r Result) particulars(competencia string) string {
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+" "+v)
		}
	}
	add("competência", competencia)
	add("CNES", r.CNES.String())
	add("CNS", r.CNS.Masked())
	add("CBO", r.CBO.String())
	add("INE", r.INE.String())
	if r.ServClass != (sigtap.ServicoClassificacao{}) {
		add("serviço/classificação", r.ServClass.String())
	}
	if r.Habilitacao != 0 {
		add("habilitação", r.Habilitacao.String())
	}
	add("CNPJ", r.CNPJ.String())
	add("tipo de equipe exigido", r.TipoEquipe.String())
	add("gestão exigida", r.Gestao.String())
	if ev := r.Evidence.describe(r.Check); ev != "" {
		parts = append(parts, ev)
	}
	return strings.Join(parts, ", ")
}

func (e Evidence) describe(c CheckID) string {
	var parts []string
	switch c {
	case C2:
		if e.Motivo != "" {
			parts = append(parts, "CO_MOTIVO_DESAB "+e.Motivo)
		}
	case C3:
		parts = append(parts, "gestão no CNES "+e.Gestao.String(), "município gestor "+e.Municipio)
	case C4, C5, C12:
		if e.Vinculos > 0 {
			parts = append(parts, strconv.Itoa(e.Vinculos)+" vínculo(s), "+strconv.Itoa(e.VinculosSUS)+" SUS")
		}
		if e.NCBOs > 0 {
			var cbos []string
			for _, x := range e.CBOs[:min(e.NCBOs, len(e.CBOs))] {
				cbos = append(cbos, x.String())
			}
			parts = append(parts, "CBOs no estabelecimento "+strings.Join(cbos, " "))
		}
		if !e.CNPJ.IsZero() {
			parts = append(parts, "CNPJ do vínculo "+e.CNPJ.String())
		}
	case C6, C7:
		if !e.TipoEquipe.IsZero() {
			parts = append(parts, "tipo da equipe "+e.TipoEquipe.String())
		}
		if !e.EquipeCNES.IsZero() {
			parts = append(parts, "CNES da equipe "+e.EquipeCNES.String())
		}
	case C9:
		if h := e.Habilitacao; h.Code != 0 {
			parts = append(parts, "cadastro "+h.Tipo.String()+" "+h.Code.String()+" "+h.Inicio.String()+"–"+h.Fim.String())
		}
	case C11:
		parts = append(parts, strconv.Itoa(e.Horas)+" h semanais", strconv.Itoa(e.Publicos)+" vínculo(s) público(s)")
	}
	return strings.Join(parts, "; ")
}
