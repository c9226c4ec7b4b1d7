package remessa

import (
	"fmt"
	"strings"

	"github.com/go-sus/sus/sigtap"
)

// Modalidade is the modalidade of the Agora Tem Especialistas complementary
// component (Portaria SAES 2025, SEED-002) an attendance belongs to. It is
// not a SIGTAP value: it comes from the attendance's programme
// authorization number together with the establishment's habilitação
// (see DecidirFinanciamento), or from the caller
// (FinanciamentoOptions.Modalidade).
type Modalidade uint8

// Modalidades of the complementary component.
const (
	ModalidadeNenhuma Modalidade = iota // not a programme attendance
	Modalidade1                         // habilitação 38.02; atributos 051/052/053; regra 0015 → FAEC
	Modalidade2                         // 38.03 Equipes Volantes (team type 81 EqAE); atributo 059; regra 0014 → MAC
	Modalidade3                         // 38.04 Unidades Móveis; atributo 060; regra 0014 → MAC
)

var modalidadeNames = [...]string{"nenhuma", "M1", "M2", "M3"}

// modalidadeInfo is what SEED-002 Arts. 3, 7 and 8 tie to each modalidade.
var modalidadeInfo = [...]struct {
	hab   sigtap.Habilitacao
	regra sigtap.Regra
	attrs []sigtap.Detalhe
}{
	{},
	{sigtap.HabilitacaoModalidade1, sigtap.RegraFinanciamentoFAEC, []sigtap.Detalhe{
		sigtap.DetalhePMAECirurgiasHospitalares, sigtap.DetalhePMAECirurgiasAmbulatoriais, sigtap.DetalhePMAE}},
	{sigtap.HabilitacaoModalidade2, sigtap.RegraFinanciamentoMAC, []sigtap.Detalhe{sigtap.DetalheComplementarModalidade2}},
	{sigtap.HabilitacaoModalidade3, sigtap.RegraFinanciamentoMAC, []sigtap.Detalhe{sigtap.DetalheComplementarModalidade3}},
}

func (m Modalidade) valid() bool { return int(m) < len(modalidadeNames) }

// String returns "nenhuma", "M1", "M2" or "M3".
func (m Modalidade) String() string {
	if !m.valid() {
		return fmt.Sprintf("Modalidade(%d)", uint8(m))
	}
	return modalidadeNames[m]
}

// Habilitacao returns the CNES habilitação of the modalidade (38.02,
// 38.03, 38.04), or zero for ModalidadeNenhuma.
func (m Modalidade) Habilitacao() sigtap.Habilitacao {
	if !m.valid() {
		return 0
	}
	return modalidadeInfo[m].hab
}

// Regra returns the regra condicionada that finances the modalidade's
// attendances: 0015 (FAEC) for Modalidade1, 0014 (MAC) for Modalidade2 and
// Modalidade3, zero for ModalidadeNenhuma.
func (m Modalidade) Regra() sigtap.Regra {
	if !m.valid() {
		return 0
	}
	return modalidadeInfo[m].regra
}

// Atributos returns the atributos complementares that put a procedure in
// the modalidade's roster (SEED-002 Art. 7): 051, 052, 053 for Modalidade1,
// 059 for Modalidade2, 060 for Modalidade3. The slice is shared: do not
// modify it.
func (m Modalidade) Atributos() []sigtap.Detalhe {
	if !m.valid() {
		return nil
	}
	return modalidadeInfo[m].attrs
}

// MarshalText implements encoding.TextMarshaler ("nenhuma", "M1" …).
func (m Modalidade) MarshalText() ([]byte, error) {
	if !m.valid() {
		return nil, fmt.Errorf("remessa: invalid modalidade %d", uint8(m))
	}
	return []byte(m.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseModalidade.
func (m *Modalidade) UnmarshalText(b []byte) error {
	v, err := ParseModalidade(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// ParseModalidade reads a modalidade: "M1", "1", "I" or "Modalidade 1"
// (any case, surrounding spaces ignored) and the same for 2 and 3;
// "nenhuma", "none", "0" or "" for ModalidadeNenhuma.
func ParseModalidade(s string) (Modalidade, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	switch t {
	case "", "0", "NENHUMA", "NONE":
		return ModalidadeNenhuma, nil
	}
	if rest, ok := strings.CutPrefix(t, "MODALIDADE"); ok {
		t = strings.TrimSpace(rest)
	} else {
		t = strings.TrimPrefix(t, "M")
	}
	switch t {
	case "1", "I":
		return Modalidade1, nil
	case "2", "II":
		return Modalidade2, nil
	case "3", "III":
		return Modalidade3, nil
	}
	return 0, fmt.Errorf("remessa: unknown modalidade %q (want M1, M2, M3 or nenhuma)", truncateText(s, 40))
}

// truncateText cuts s to at most n bytes for error messages.
func truncateText(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// FonteOrcamentaria is the budget source (fonte orçamentária) of an
// attendance of the complementary component. BPA has no field for it: the
// caller supplies it through FinanciamentoOptions.FonteOrcamentaria.
type FonteOrcamentaria uint8

// Fontes orçamentárias named by Portaria SAES 2025.
const (
	FonteNenhuma FonteOrcamentaria = 0 // not given
	// FonteAmpliacaoAcesso (02, "Ampliação do Acesso de Serviços
	// Especializados"): the attendance is approved but generates no
	// financial transfer (Art. 19, sole paragraph).
	FonteAmpliacaoAcesso FonteOrcamentaria = 2
)

// String returns the two digits ("02"), or "" for FonteNenhuma.
func (f FonteOrcamentaria) String() string {
	if f == FonteNenhuma {
		return ""
	}
	return fmt.Sprintf("%02d", uint8(f))
}

// DecisaoFinanciamento is the effective financing of one production line
// and everything the regras condicionadas decided about it.
type DecisaoFinanciamento struct {
	// Financiamento is the effective CO_FINANCIAMENTO: the procedure's
	// in the SIGTAP release of the line's competência, changed by the
	// regras that fired. Zero when the procedure or the release is
	// unknown.
	Financiamento sigtap.Financiamento
	// Rubrica is the effective FAEC subtype, zero (blank) otherwise.
	Rubrica sigtap.Rubrica
	// Tabela and TabelaRubrica are the procedure's own CO_FINANCIAMENTO
	// and CO_RUBRICA, before the regras.
	Tabela        sigtap.Financiamento
	TabelaRubrica sigtap.Rubrica
	// Modalidade is the line's modalidade of the complementary component
	// (ModalidadeNenhuma for ordinary production).
	Modalidade Modalidade
	// Programa is set when the line claims the complementary component:
	// a programme authorization number (5th digit 8 or 9) or a modalidade
	// given by the caller, even when the establishment turned out not to
	// qualify.
	Programa bool
	// Regras lists the regras condicionadas that fired (changed the
	// financing, the value or the transfer, or raised a crítica), in the
	// order they were applied.
	Regras []sigtap.Regra
	// Explicacao says which regra fired on which inputs, for reports. In
	// the common case (no regra fires) it is a short constant.
	Explicacao string
	// ValorZero is set by regra 0008: the line is valued at zero.
	ValorZero bool
	// SemRepasse is set by regra 0013 (compensation credit) and by fonte
	// orçamentária 02: the line is approved but generates no transfer.
	SemRepasse bool
	// Criticas are the findings of the regras and of the programme rules:
	// regra 0001 rejections, programme attendance without CPF, procedure
	// outside the modalidade's roster, and "not checked" notes (severity
	// NaoVerificado, Line 0, a Message that names the cause so callers can
	// report it once).
	Criticas []Critica
}

// FinanciamentoOptions configures DecidirFinanciamento. The zero value
// (or a nil pointer) applies the defaults documented on each field.
type FinanciamentoOptions struct {
	// Modalidade, when set, decides the line's modalidade instead of the
	// default rule (programme authorization number and habilitação, see
	// DecidirFinanciamento) whenever it returns ok. It is the way to put
	// BPA-C lines, or lines whose programme context is known from
	// elsewhere, in a modalidade.
	Modalidade func(ctx *Contexto) (m Modalidade, ok bool)
	// FonteOrcamentaria returns the line's budget source; nil means none.
	// FonteAmpliacaoAcesso (02) approves the line without transfer.
	FonteOrcamentaria func(ctx *Contexto) FonteOrcamentaria
	// RubricasFAEC gives the rubrica of lines that a regra moves to FAEC
	// (0015, 0002, 0005). No source defines it (docs/sigtap.md §10.3; 040086
	// PMAE is a candidate for 0015): without an entry the rubrica is the
	// procedure's own when its table financing is already FAEC, and blank
	// otherwise.
	RubricasFAEC map[sigtap.Regra]sigtap.Rubrica
	// Compensacao decides whether regra 0013 (compensation credit, MAC,
	// no transfer) applies to a line of a procedure linked to it; known
	// false means the context is unknown. nil means the default inference:
	// the establishment holds habilitação 38.05 (Créditos Financeiros) or
	// 38.06 (Ressarcimento ao SUS) — docs/sigtap.md §6.3.
	Compensacao func(ctx *Contexto) (applies, known bool)
	// Regra0008AllLines applies regra 0008 (value zero) to every line of a
	// linked procedure, as docs/rules.md §4 reads it. By default go-sus follows
	// the official DS_REGRA_CONDICIONADA, "sem valor quando apresentado
	// como APAC Secundário", which never holds for a BPA line.
	Regra0008AllLines bool
	// Skip lists regras not to apply.
	Skip []sigtap.Regra
}

// skips reports whether o skips regra g.
func (o *FinanciamentoOptions) skips(g sigtap.Regra) bool {
	for _, s := range o.Skip {
		if s == g {
			return true
		}
	}
	return false
}

// Codes of the críticas of the financing engine.
const (
	// CodeRegra0001 (Erro): in an establishment habilitated 04.03, 04.04
	// or 04.05 (CEO), a procedure of regra 0001 must be registered in BPA-I
	// with serviço 114 classificação 007.
	CodeRegra0001 Code = "REGRA_0001"
	// CodeRegraNaoVerificada (NaoVerificado): a regra linked to the
	// procedure could not be decided because its data are absent (CNES
	// habilitações unknown, a SIGTAP table absent).
	CodeRegraNaoVerificada Code = "REGRA_NAO_VERIFICADA"
	// CodeRegraDesconhecida (NaoVerificado): the procedure is linked to a
	// regra code go-sus does not know; it was not applied.
	CodeRegraDesconhecida Code = "REGRA_DESCONHECIDA"
	// CodeProgramaCPF (Erro): an attendance of the complementary component
	// without the patient's CPF (CNS accepted only for raça 05 Indígena;
	// Portaria SAES 2025 Art. 11).
	CodeProgramaCPF Code = "PROGRAMA_CPF_OBRIGATORIO"
	// CodeProgramaForaDoRol (Aviso): the line is in a modalidade but its
	// procedure lacks the modalidade's atributo or regra (docs/sigtap.md §6.4
	// step 5): the table financing is kept.
	CodeProgramaForaDoRol Code = "PROGRAMA_FORA_DO_ROL"
	// CodeProgramaSemHabilitacao (Aviso): a programme authorization number
	// in an establishment without the habilitação (or, for 38.03, the
	// EqAE team) of any modalidade: the line is financed as ordinary
	// production.
	CodeProgramaSemHabilitacao Code = "PROGRAMA_SEM_HABILITACAO"
	// CodeProgramaNaoVerificado (NaoVerificado): a programme authorization
	// number whose modalidade cannot be decided because the
	// establishment's habilitações are unknown (no CNES loaded).
	CodeProgramaNaoVerificado Code = "PROGRAMA_NAO_VERIFICADO"
)

// MsgRegra0001 is SIA's message for a regra 0001 rejection (docs/bpa.md §6).
const MsgRegra0001 = "PROCED.NAO ACEITO PELA REGRA CONDICIONADA 0001"

// msgProgramaSemHabilitacao is the message of CodeProgramaSemHabilitacao.
const msgProgramaSemHabilitacao = "AUTORIZACAO DO PROGRAMA SEM MODALIDADE NO ESTABELECIMENTO: FINANCIADO COMO PRODUCAO COMUM"

// financiamentoNome gives short names for explanations.
var financiamentoNome = [...]string{
	sigtap.FinanciamentoPAB:                     "01 PAB",
	sigtap.FinanciamentoAssistenciaFarmaceutica: "02 Assist. Farmacêutica",
	sigtap.FinanciamentoFAEC:                    "04 FAEC",
	sigtap.FinanciamentoIncentivoMAC:            "05 Incentivo-MAC",
	sigtap.FinanciamentoMAC:                     "06 MAC",
	sigtap.FinanciamentoVigilancia:              "07 Vigilância",
	sigtap.FinanciamentoGestao:                  "08 Gestão",
}

// nomeFinanciamento returns "04 FAEC", or the two digits for a code
// without a short name.
func nomeFinanciamento(f sigtap.Financiamento) string {
	if int(f) < len(financiamentoNome) && financiamentoNome[f] != "" {
		return financiamentoNome[f]
	}
	return f.String()
}
