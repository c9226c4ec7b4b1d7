package remessa

import (
	"github.com/go-sus/sus/sigtap"
)

// The regras of the Agora Tem Especialistas complementary component
// (docs/sigtap.md §6.4): the modalidade of the attendance, not the procedure,
// decides between them — 328 of the 334 procedures with atributo 059 carry
// both in 202512.

// regra0015 moves Modalidade 1 attendances of procedures with atributo
// 051, 052 or 053 to 04 FAEC (SEED-002 Art. 8 II).
func regra0015(a *avaliacao) {
	if a.mod == Modalidade1 {
		a.regraModalidade(sigtap.RegraFinanciamentoFAEC, sigtap.FinanciamentoFAEC)
	}
}

// regra0014 moves Modalidade 2 attendances of procedures with atributo
// 059, and Modalidade 3 attendances with atributo 060, to 06 MAC with a
// blank rubrica (SEED-002 Arts. 8 I and 22).
func regra0014(a *avaliacao) {
	if a.mod == Modalidade2 || a.mod == Modalidade3 {
		a.regraModalidade(sigtap.RegraFinanciamentoMAC, sigtap.FinanciamentoMAC)
	}
}

// regraModalidade applies programme regra g (financing f) when the
// procedure is in the roster of the line's modalidade.
func (a *avaliacao) regraModalidade(g sigtap.Regra, f sigtap.Financiamento) {
	attr, known := a.rosterAtributo(a.mod)
	switch {
	case !known:
		a.naoVerificado(CodeRegraNaoVerificada, "NAO VERIFICADO: REGRA "+g.String()+" (TABELA RL_PROCEDIMENTO_DETALHE AUSENTE NO SIGTAP)")
		a.programaFired = true // no roster warning on top
		return
	case attr == 0:
		return // outside the roster: regrasPrograma warns
	}
	a.programaFired = true
	a.setFinanciamento(g, f)
	a.expl = append(a.expl, "atendimento da Modalidade "...)
	a.expl = append(a.expl, '0'+byte(a.mod))
	a.expl = append(a.expl, " ("...)
	a.expl = append(a.expl, a.why...)
	a.expl = append(a.expl, "), atributo "...)
	a.expl = appendPad(a.expl, uint64(attr), 3)
	a.endFinanciamento()
}

// regrasPrograma applies the rules of the complementary component that
// are not regras condicionadas: the roster warning, the patient's CPF and
// the fonte orçamentária.
func (a *avaliacao) regrasPrograma() {
	if a.mod != ModalidadeNenhuma && !a.programaFired {
		a.foraDoRol()
	}
	if a.d.Programa {
		a.cpfPrograma()
	}
	if f := a.opts.FonteOrcamentaria; f != nil && f(a.ctx) == FonteAmpliacaoAcesso {
		a.d.SemRepasse = true
		a.note("fonte orçamentária 02 (Ampliação do Acesso): aprovado sem repasse (Portaria SAES 2025, Art. 19, parágrafo único)")
	}
}

// foraDoRol warns about a line in a modalidade whose procedure lacks the
// modalidade's atributo or regra: the table financing is kept
// (docs/sigtap.md §6.4 step 5; whether SIA rejects such a line is not stated).
func (a *avaliacao) foraDoRol() {
	m := a.mod
	attr, _ := a.rosterAtributo(m)
	facts := "Modalidade " + m.String()[1:] + " (" + string(a.why) + ")"
	switch {
	case attr == 0:
		facts += "; o procedimento não tem o atributo "
		for i, d := range m.Atributos() {
			if i > 0 {
				facts += "/"
			}
			facts += d.String()
		}
	default:
		facts += "; o procedimento não está vinculado à regra " + m.Regra().String()
	}
	a.critica(CodeProgramaForaDoRol, Aviso, "prd_pa", "PROCEDIMENTO FORA DO ROL DA MODALIDADE "+m.String()[1:]+": MANTIDO O FINANCIAMENTO DA TABELA", facts)
	a.note("procedimento fora do rol da Modalidade ", m.String()[1:], ": mantido o financiamento da tabela (", facts, ")")
}

// cpfPrograma requires the patient's CPF in a programme attendance; raça
// 05 (Indígena) may be identified by CNS instead (Portaria SAES 2025
// Art. 11).
func (a *avaliacao) cpfPrograma() {
	i := a.ctx.I
	if i == nil || !i.CPF.IsZero() {
		return
	}
	raca := i.Raca
	if raca == "" {
		raca = "em branco"
	}
	facts := "raça " + raca + ", sem CPF (o CNS só é aceito para raça 05 indígena)"
	if raca == "05" {
		if !i.CNSPaciente.IsZero() {
			return
		}
		facts = "raça 05, sem CPF nem CNS"
	}
	a.critica(CodeProgramaCPF, Erro, "prd_cpf_pcnte", "ATENDIMENTO DO PROGRAMA AGORA TEM ESPECIALISTAS EXIGE CPF DO PACIENTE", facts)
}
