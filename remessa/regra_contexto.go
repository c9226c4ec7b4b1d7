package remessa

import (
	"strconv"

	"github.com/go-sus/sus/sigtap"
)

// The regras condicionadas that depend on the establishment's habilitações,
// the service or the patient, outside the complementary component.

// habDesconhecidas ends the not-checked messages of regras that need the
// establishment's habilitações.
const habDesconhecidas = "HABILITACOES DO ESTABELECIMENTO DESCONHECIDAS (SEM BASE DO CNES DA COMPETENCIA, OU ESTABELECIMENTO FORA DELA)"

// Habilitações the regras name.
const (
	habCEOI   sigtap.Habilitacao = 403 // 04.03 CEO tipo I
	habCEOII  sigtap.Habilitacao = 404 // 04.04 CEO tipo II
	habCEOIII sigtap.Habilitacao = 405 // 04.05 CEO tipo III
	habPOB    sigtap.Habilitacao = 505 // 05.05 Projeto Olhar Brasil
)

// regra0013 gives a compensation credit: 06 MAC, approved without
// transfer (tb_regra_condicionada 0013). The "situações específicas" are
// not published; go-sus applies it outside the modalidades of the
// complementary component when the establishment holds 38.05 or 38.06,
// the habilitações nearly all 0013 procedures require (docs/sigtap.md §6.3,
// inference), unless FinanciamentoOptions.Compensacao decides.
func regra0013(a *avaliacao) {
	if a.mod != ModalidadeNenhuma {
		return // a modalidade attendance belongs to the complementary component
	}
	var applies, known bool
	var hab sigtap.Habilitacao
	if f := a.opts.Compensacao; f != nil {
		applies, known = f(a.ctx)
	} else {
		hab, known = a.anyHabilitacao(sigtap.HabilitacaoCreditoFinanceiro, sigtap.HabilitacaoRessarcimento)
		applies = hab != 0
	}
	switch {
	case !known:
		a.naoVerificado(CodeRegraNaoVerificada, "NAO VERIFICADO: REGRA 0013, "+habDesconhecidas)
		return
	case !applies:
		return
	}
	a.d.SemRepasse = true
	a.setFinanciamento(sigtap.RegraCompensacao, sigtap.FinanciamentoMAC)
	if hab != 0 {
		a.expl = append(a.expl, "habilitação "...)
		a.expl = appendHabilitacao(a.expl, hab)
	} else {
		a.expl = append(a.expl, "contexto de compensação informado na execução"...)
	}
	a.expl = append(a.expl, ": crédito de compensação, aprovado sem repasse"...)
	a.endFinanciamento()
}

// regra0002 finances ophthalmology of the Projeto Olhar Brasil as FAEC:
// an establishment habilitated 05.05 presenting the line under serviço
// 131/006 or 131/007. Only a BPA-I line carries the serviço.
func regra0002(a *avaliacao) {
	i := a.ctx.I
	if a.changed != 0 || a.mod != ModalidadeNenhuma || i == nil {
		return
	}
	if i.Servico != "131" || (i.Classificacao != "006" && i.Classificacao != "007") {
		return
	}
	h, known := a.anyHabilitacao(habPOB)
	switch {
	case !known:
		a.naoVerificado(CodeRegraNaoVerificada, "NAO VERIFICADO: REGRA 0002, "+habDesconhecidas)
	case h != 0:
		a.setFinanciamento(sigtap.RegraFAECPOB, sigtap.FinanciamentoFAEC)
		a.expl = append(a.expl, "habilitação 05.05 (Projeto Olhar Brasil), serviço 131/"...)
		a.expl = append(a.expl, i.Classificacao...)
		a.endFinanciamento()
	}
}

// regra0005 finances screening mammography of patients aged 50 to 69 as
// FAEC (prd_idade, completed years).
func regra0005(a *avaliacao) {
	if a.changed != 0 || a.mod != ModalidadeNenhuma {
		return
	}
	if age := a.ctx.Idade; age >= 50 && age <= 69 {
		a.setFinanciamento(sigtap.RegraFaixaEtariaMamografia, sigtap.FinanciamentoFAEC)
		a.expl = append(a.expl, "paciente com "...)
		a.expl = strconv.AppendInt(a.expl, int64(age), 10)
		a.expl = append(a.expl, " anos (50–69)"...)
		a.endFinanciamento()
	}
}

// regra0008 zeroes the value of the line. The official description limits
// it to the procedure presented as APAC secondary, which a BPA line never
// is; FinanciamentoOptions.Regra0008AllLines applies it to every line.
func regra0008(a *avaliacao) {
	if !a.opts.Regra0008AllLines {
		return
	}
	a.d.ValorZero = true
	a.fire(sigtap.RegraValorZerado)
	a.note("regra 0008: valor zerado (aplicada a todas as linhas por opção)")
}

// regra0001 requires BPA-I with serviço 114 classificação 007 for the
// procedure in an establishment habilitated 04.03, 04.04 or 04.05 (CEO,
// care of people with disabilities); SIA rejects the line otherwise.
func regra0001(a *avaliacao) {
	h, known := a.anyHabilitacao(habCEOI, habCEOII, habCEOIII)
	switch {
	case !known:
		a.naoVerificado(CodeRegraNaoVerificada, "NAO VERIFICADO: REGRA 0001, "+habDesconhecidas)
		return
	case h == 0:
		return
	}
	ceo := "habilitação " + string(appendHabilitacao(nil, h)) + " (CEO)"
	switch i := a.ctx.I; {
	case i == nil:
		a.critica(CodeRegra0001, Erro, "prd_pa", MsgRegra0001, "BPA-C em estabelecimento com "+ceo+"; deve ser BPA-I com serviço 114/007")
		a.note("regra 0001: BPA-C não aceito em estabelecimento com ", ceo)
	case i.Servico != "114" || i.Classificacao != "007":
		sc := i.Servico + "/" + i.Classificacao
		if sc == "/" {
			sc = "em branco"
		}
		a.critica(CodeRegra0001, Erro, "prd_srv", MsgRegra0001, "serviço/classificação "+sc+" em estabelecimento com "+ceo+"; deve ser 114/007")
		a.note("regra 0001: BPA-I sem serviço 114/007 não aceito em estabelecimento com ", ceo)
	default:
		return
	}
	a.fire(sigtap.RegraRegistroBPAI)
}

// anyHabilitacao returns the first of hs the establishment holds (zero
// when none) and whether its habilitações are known.
func (a *avaliacao) anyHabilitacao(hs ...sigtap.Habilitacao) (sigtap.Habilitacao, bool) {
	ctx := a.ctx
	if !ctx.HabilitacoesKnown {
		return 0, false
	}
	for _, want := range hs {
		for _, h := range ctx.Habilitacoes {
			if h == want {
				return h, true
			}
		}
	}
	return 0, true
}
