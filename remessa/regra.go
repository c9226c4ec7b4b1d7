package remessa

import (
	"slices"

	"github.com/go-sus/sus/sigtap"
)

// RegraCondicionada says how go-sus applies one regra condicionada of
// SIGTAP (tb_regra_condicionada) to BPA lines.
type RegraCondicionada struct {
	Code sigtap.Regra `json:"code"`
	// Name is NO_REGRA_CONDICIONADA as in the 202512 release.
	Name string `json:"name"`
	// BPA is false for the regras that only concern AIH, APAC or their
	// secondary procedures: they are loaded and listed but never change a
	// BPA line.
	BPA bool `json:"bpa"`
	// Effect describes what the regra does to a BPA line and on which
	// inputs (or why it does nothing).
	Effect string `json:"effect"`
	// Inference is set when the context go-sus checks is our reading, not
	// stated by an official text (docs/sigtap.md §6.4, docs/rules.md §4).
	Inference bool `json:"inference,omitempty"`
}

// regraEntry is one regra of the engine: its description and the small
// function that applies it (nil for the regras that do not apply to BPA).
type regraEntry struct {
	info  RegraCondicionada
	apply func(a *avaliacao)
}

// regraTable lists the regras in the order they are applied: the
// programme regras first (the modalidade decides between them), then the
// compensation credit, then the older context-specific FAEC overrides,
// which apply only when no earlier regra changed the financing, then the
// value and registration regras. The AIH/APAC-only regras close the table.
var regraTable = [...]regraEntry{
	{RegraCondicionada{sigtap.RegraFinanciamentoFAEC, "CONDICIONA O TIPO DE FINANCIAMENTO EM FAEC", true,
		"04 FAEC for attendances of Modalidade 1 (programme authorization and habilitação 38.02) of procedures with atributo 051, 052 or 053 (SEED-002 Arts. 7, 8 II); rubrica from FinanciamentoOptions.RubricasFAEC", true}, regra0015},
	{RegraCondicionada{sigtap.RegraFinanciamentoMAC, "CONDICIONA O TIPO DE FINANCIAMENTO EM MAC", true,
		"06 MAC, blank rubrica, for attendances of Modalidade 2 (38.03, EqAE team) with atributo 059 or Modalidade 3 (38.04) with atributo 060 (SEED-002 Arts. 7, 8 I, 22)", true}, regra0014},
	{RegraCondicionada{sigtap.RegraCompensacao, "GERA COMPENSAÇÃO FINANCEIRA", true,
		"06 MAC and no transfer (compensation credit) outside the modalidades, when the establishment holds habilitação 38.05 or 38.06 (FinanciamentoOptions.Compensacao overrides)", true}, regra0013},
	{RegraCondicionada{sigtap.RegraFAECPOB, "CONDICIONA O TIPO DE FINANCIAMENTO POR FAEC (POB)", true,
		"04 FAEC for BPA-I lines with serviço 131/006 or 131/007 in an establishment habilitated 05.05 (Projeto Olhar Brasil); the incremento is the valuation's", false}, regra0002},
	{RegraCondicionada{sigtap.RegraFaixaEtariaMamografia, "FINANCIAMENTO POR FAIXA ETÁRIA - MAMOGRAFIA", true,
		"04 FAEC when the patient is 50 to 69 years old (prd_idade)", false}, regra0005},
	{RegraCondicionada{sigtap.RegraValorZerado, "CONDICIONA A TER O VALOR ZERADO.", false,
		"value zero only when presented as APAC secondary (official description), so never on a BPA line; FinanciamentoOptions.Regra0008AllLines zeroes every line (docs/rules.md §4)", false}, regra0008},
	{RegraCondicionada{sigtap.RegraRegistroBPAI, "CONDICIONA REGISTRO EM BPA-I (CEO E PCD)", true,
		"in an establishment habilitated 04.03, 04.04 or 04.05 (CEO) the line must be BPA-I with serviço 114 classificação 007; otherwise Erro " + MsgRegra0001, false}, regra0001},
	{RegraCondicionada{sigtap.RegraSecundariosZerados, "CONDICIONA AOS SECUDÁRIOS A TEREM VALOR ZERADO", false,
		"zero value for the secondary procedures of an APAC principal; a BPA line has no secondaries", false}, nil},
	{RegraCondicionada{3, "CONDICIONA A REJEIÇÃO DA AIH - ONCOLOGIA", false, "AIH only (duplicate AIH in oncology)", false}, nil},
	{RegraCondicionada{sigtap.RegraIncrementoCID, "CONDICIONA INCREMENTO POR CID EXCLUSIVOS", false, "AIH/APAC only (incremento by exclusive CID)", false}, nil},
	{RegraCondicionada{6, "CONDICIONA A REJEIÇÃO DA AIH - ORTOPEDIA", false, "AIH only (duplicate AIH in orthopaedics)", false}, nil},
	{RegraCondicionada{7, "CONDICIONA A REJEIÇÃO DA AIH - NEUROCIRURGIA", false, "AIH only (duplicate AIH in neurosurgery)", false}, nil},
	{RegraCondicionada{sigtap.RegraSecundariosAPAC, "CONDICIONA O REGISTRO DE PROCEDIMENTOS SECUNDÁRIOS NA APAC", false, "APAC only (secondaries must be registered)", false}, nil},
	{RegraCondicionada{sigtap.RegraFAECPMAE, "CONDICIONA O TIPO DE FINANCIAMENTO EM FAEC NO PMAE", false, "APAC only (FAEC for secondaries of a grupo 09 principal in a 38.01 establishment)", false}, nil},
}

// regraIndex maps a regra code to its position in regraTable (+1; 0 =
// unknown).
var regraIndex = func() (ix [32]int8) {
	for i, e := range regraTable {
		ix[e.info.Code] = int8(i + 1)
	}
	return ix
}()

// regraPos returns the position of g in regraTable, or −1.
func regraPos(g sigtap.Regra) int {
	if int(g) >= len(regraIndex) {
		return -1
	}
	return int(regraIndex[g]) - 1
}

// Regras lists every regra condicionada go-sus knows, by code, with
// whether and how it applies to BPA lines. The AIH/APAC-only regras
// (0003, 0004, 0006, 0007, 0009, 0011, 0012, and 0008 by default) are
// listed with BPA false.
func Regras() []RegraCondicionada {
	out := make([]RegraCondicionada, len(regraTable))
	for i, e := range regraTable {
		out[i] = e.info
	}
	slices.SortFunc(out, func(a, b RegraCondicionada) int { return int(a.Code) - int(b.Code) })
	return out
}

// LookupRegra returns how go-sus applies regra g; ok is false for a code
// go-sus does not know (such a regra is never applied, and a line linked to
// it gets a CodeRegraDesconhecida note).
func LookupRegra(g sigtap.Regra) (RegraCondicionada, bool) {
	i := regraPos(g)
	if i < 0 {
		return RegraCondicionada{}, false
	}
	return regraTable[i].info, true
}
