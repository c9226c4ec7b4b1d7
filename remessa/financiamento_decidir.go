package remessa

import (
	"strings"
	"sync"

	"github.com/go-sus/sus/remessa/autorizacao"
	"github.com/go-sus/sus/sigtap"
)

// DecidirFinanciamento decides the effective financing of one production
// line (docs/rules.md §4, docs/sigtap.md §6.4):
//
//  1. The financing starts as the procedure's CO_FINANCIAMENTO and
//     CO_RUBRICA in the SIGTAP release of the line's competência
//     (ctx.Procedure; without it the financing is unknown, zero).
//  2. The line's modalidade of the Agora Tem Especialistas complementary
//     component is decided (FinanciamentoOptions.Modalidade overrides):
//     a BPA-I line whose prd_naut is a valid programme authorization
//     number (AIH 5th digit 8, APAC 5th digit 9) in an establishment with
//     habilitação 38.02 is Modalidade 1, with 38.03 and the line's INE a
//     team of type 81 EqAE (when CNES is loaded) Modalidade 2, with 38.04
//     Modalidade 3. Both conditions together are an inference from
//     SEED-002 Arts. 7 and 13–14. A BPA-C line has no authorization and is
//     never in a modalidade (inference). When the establishment holds
//     several of these habilitações, the modalidade whose atributos the
//     procedure carries wins, then Modalidade 2 when the line's team is a
//     confirmed EqAE, then the lowest. Unknown habilitações (no CNES) leave
//     the line out of any modalidade and say so; nothing is guessed.
//  3. The regras condicionadas linked to the procedure
//     (rl_procedimento_regra_cond) are applied in a fixed precedence, one
//     small function each (see Regras): 0015 (Modalidade 1 and atributo
//     051/052/053 → 04 FAEC), 0014 (Modalidade 2 and atributo 059, or
//     Modalidade 3 and atributo 060 → 06 MAC), 0013 (outside the
//     modalidades, in an establishment habilitated 38.05 or 38.06:
//     compensation credit, 06 MAC without transfer), 0002 and 0005 (older
//     FAEC overrides, only when no earlier regra changed the financing and
//     the line is in no modalidade), 0008 (value zero, only with
//     FinanciamentoOptions.Regra0008AllLines: the official text limits it
//     to APAC secondaries), 0001 (CEO: BPA-I with serviço 114/007
//     required). The row order of the SIGTAP file never matters. The
//     AIH/APAC-only regras (0003, 0004, 0006, 0007, 0009, 0011, 0012) are
//     not applied. The precedence between regras is an inference.
//  4. Programme rules: a line in a modalidade whose procedure lacks the
//     modalidade's atributo or regra keeps its table financing with an
//     Aviso; a programme attendance needs the patient's CPF (CNS for raça
//     05 Indígena); fonte orçamentária 02 approves without transfer.
//
// The result carries the explanation shown in reports. opts may be nil.
// DecidirFinanciamento does not modify ctx, is safe for concurrent use on
// distinct contexts, and does not allocate when no regra fires.
func DecidirFinanciamento(ctx *Contexto, opts *FinanciamentoOptions) DecisaoFinanciamento {
	if opts == nil {
		opts = &defaultFinanciamentoOptions
	}
	p := ctx.Procedure
	if p == nil {
		d := DecisaoFinanciamento{Explicacao: explSemProcedimento}
		if ctx.Release == nil {
			d.Explicacao = explSemRelease
		}
		return d
	}
	// The state lives in a pool: the regra functions are called through
	// the table, which would move it to the heap on every call.
	a := avaliacaoPool.Get().(*avaliacao)
	a.reset(ctx, opts)
	a.decidir(p)
	d := a.d
	a.reset(nil, nil)
	avaliacaoPool.Put(a)
	return d
}

var avaliacaoPool = sync.Pool{New: func() any { return new(avaliacao) }}

// decidir runs the steps of DecidirFinanciamento on procedure p.
func (a *avaliacao) decidir(p *sigtap.Procedure) {
	ctx, d := a.ctx, &a.d
	d.Financiamento, d.Rubrica = p.Financing, p.Rubrica
	d.Tabela, d.TabelaRubrica = p.Financing, p.Rubrica
	a.decidirModalidade()

	regras, known := ctx.regrasCondicionadas()
	if !known {
		a.naoVerificado(CodeRegraNaoVerificada, msgRegrasAusentes)
	}
	var mask uint32
	for _, g := range regras {
		i := regraPos(g)
		switch {
		case i < 0:
			a.naoVerificado(CodeRegraDesconhecida, "NAO VERIFICADO: REGRA CONDICIONADA "+g.String()+" DESCONHECIDA, NAO APLICADA")
		case !a.opts.skips(g):
			mask |= 1 << i
		}
		if g == sigtap.RegraFinanciamentoMAC || g == sigtap.RegraFinanciamentoFAEC {
			a.programaLinked = true
		}
	}
	for i := 0; mask != 0; i++ {
		if mask&(1<<i) != 0 {
			mask &^= 1 << i
			if f := regraTable[i].apply; f != nil {
				f(a)
			}
		}
	}
	a.regrasPrograma()
	a.explicar(len(regras) > 0)
}

var defaultFinanciamentoOptions FinanciamentoOptions

// avaliacao is the state of one decision.
type avaliacao struct {
	ctx  *Contexto
	opts *FinanciamentoOptions
	d    DecisaoFinanciamento

	mod    Modalidade
	motivo motivo             // why the line is in no modalidade
	aut    autorizacao.Number // the programme authorization, when any
	why    []byte             // the evidence of mod (when not ModalidadeNenhuma)
	team   equipe             // the Modalidade 2 team check

	attrs               []sigtap.Detalhe
	attrsDone, attrsKnw bool

	programaLinked bool         // 0014 or 0015 linked to the procedure
	programaFired  bool         // 0014 or 0015 fired
	changed        sigtap.Regra // the regra that set the financing, if any

	expl []byte // the explanation's sentences, "; "-separated
}

// maxPooledBuf bounds the buffers a pooled avaliacao keeps.
const maxPooledBuf = 4 << 10

// reset prepares a for a decision, keeping its buffers.
func (a *avaliacao) reset(ctx *Contexto, opts *FinanciamentoOptions) {
	expl, why := a.expl[:0], a.why[:0]
	if cap(expl) > maxPooledBuf || cap(why) > maxPooledBuf {
		expl, why = nil, nil
	}
	*a = avaliacao{ctx: ctx, opts: opts, expl: expl, why: why}
}

// note starts a new sentence of the explanation made of parts.
func (a *avaliacao) note(parts ...string) {
	if len(a.expl) > 0 {
		a.expl = append(a.expl, "; "...)
	}
	for _, p := range parts {
		a.expl = append(a.expl, p...)
	}
}

// fire records that regra g fired.
func (a *avaliacao) fire(g sigtap.Regra) { a.d.Regras = append(a.d.Regras, g) }

// critica adds a finding about the line.
func (a *avaliacao) critica(code Code, sev Severity, field, msg, facts string) {
	line := a.ctx.Line
	if sev == NaoVerificado {
		line = 0
	}
	a.d.Criticas = append(a.d.Criticas, Critica{Code: code, Severity: sev, Line: line, Field: field, Message: msg, Facts: facts})
}

// naoVerificado records a "not checked" note; msg names the cause and is
// the same for every line with that cause.
func (a *avaliacao) naoVerificado(code Code, msg string) { a.critica(code, NaoVerificado, "", msg, "") }

// setFinanciamento makes regra g set the financing to f and starts its
// sentence, "regra 0015 → 04 FAEC: ", which the caller completes with
// the inputs the regra fired on and closes with endFinanciamento.
func (a *avaliacao) setFinanciamento(g sigtap.Regra, f sigtap.Financiamento) {
	d := &a.d
	d.Financiamento, d.Rubrica = f, 0
	if f == sigtap.FinanciamentoFAEC {
		if r, ok := a.opts.RubricasFAEC[g]; ok {
			d.Rubrica = r
		} else if d.Tabela == sigtap.FinanciamentoFAEC {
			d.Rubrica = d.TabelaRubrica
		}
	}
	a.changed = g
	a.fire(g)
	a.note("regra ")
	a.expl = appendPad(a.expl, uint64(g), 4)
	a.expl = append(a.expl, " → "...)
	a.expl = append(a.expl, nomeFinanciamento(f)...)
	if d.Rubrica != 0 {
		a.expl = append(a.expl, " rubrica "...)
		a.expl = appendPad(a.expl, uint64(d.Rubrica), 6)
	}
	a.expl = append(a.expl, ": "...)
}

// endFinanciamento closes the sentence of setFinanciamento.
func (a *avaliacao) endFinanciamento() {
	a.expl = append(a.expl, " (financiamento da tabela "...)
	a.expl = append(a.expl, nomeFinanciamento(a.d.Tabela)...)
	a.expl = append(a.expl, ')')
}

// appendPad appends v zero-padded to width digits.
func appendPad(dst []byte, v uint64, width int) []byte {
	var buf [20]byte
	i := len(buf)
	for v > 0 || len(buf)-i < width {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	return append(dst, buf[i:]...)
}

// appendHabilitacao appends h as "38.02".
func appendHabilitacao(dst []byte, h sigtap.Habilitacao) []byte {
	dst = appendPad(dst, uint64(h)/100, 2)
	dst = append(dst, '.')
	return appendPad(dst, uint64(h)%100, 2)
}

// detalhes loads the procedure's atributos once.
func (a *avaliacao) detalhes() ([]sigtap.Detalhe, bool) {
	if !a.attrsDone {
		a.attrsDone = true
		a.attrs, a.attrsKnw = a.ctx.detalhes()
	}
	return a.attrs, a.attrsKnw
}

// rosterAtributo returns the first atributo of modalidade m the procedure
// carries (zero when none), and whether the atributos are known.
func (a *avaliacao) rosterAtributo(m Modalidade) (sigtap.Detalhe, bool) {
	attrs, ok := a.detalhes()
	if !ok {
		return 0, false
	}
	for _, want := range m.Atributos() {
		for _, d := range attrs {
			if d == want {
				return d, true
			}
		}
	}
	return 0, true
}

// explicar writes the explanation: the regras' sentences, after a
// constant head when no regra set the financing.
func (a *avaliacao) explicar(linked bool) {
	head := ""
	if a.changed == 0 {
		head = explHead(a.d.Tabela, linked, a.programaLinked, a.mod, a.motivo)
	}
	switch {
	case len(a.expl) == 0:
		a.d.Explicacao = head
	case head == "":
		a.d.Explicacao = string(a.expl)
	default:
		var b strings.Builder
		b.Grow(len(head) + 2 + len(a.expl))
		b.WriteString(head)
		b.WriteString("; ")
		b.Write(a.expl)
		a.d.Explicacao = b.String()
	}
}

// Constant explanations.
const (
	explSemRelease      = "financiamento desconhecido: nenhuma tabela SIGTAP carregada para a competência da linha"
	explSemProcedimento = "financiamento desconhecido: o procedimento não consta no SIGTAP da competência da linha"
	msgRegrasAusentes   = "NAO VERIFICADO: REGRAS CONDICIONADAS (TABELA RL_PROCEDIMENTO_REGRA_COND AUSENTE NO SIGTAP)"
)

// motivo says why a line is in no modalidade.
type motivo uint8

const (
	motivoDecidido            motivo = iota // the line is in a modalidade
	motivoChamador                          // FinanciamentoOptions.Modalidade said none
	motivoBPAC                              // BPA-C
	motivoSemAutorizacao                    // prd_naut blank
	motivoAutorizacaoInvalida               // prd_naut not a valid AIH/APAC number
	motivoAutorizacaoComum                  // prd_naut valid but not a programme number
	motivoCNESDesconhecido                  // programme number, habilitações unknown
	motivoSemHabilitacao                    // programme number, no 38.02/38.03/38.04
	motivoEquipe                            // programme number, 38.03 only, INE not an EqAE team
	numMotivos
)

var motivoText = [numMotivos]string{
	motivoDecidido:            "",
	motivoChamador:            "modalidade informada na execução: nenhuma",
	motivoBPAC:                "o BPA-C não tem número de autorização e nunca está em uma modalidade",
	motivoSemAutorizacao:      "sem número de autorização, não é atendimento do programa",
	motivoAutorizacaoInvalida: "prd_naut não é um número de AIH/APAC válido, não é atendimento do programa",
	motivoAutorizacaoComum:    "prd_naut não é um número do programa (5º dígito 8 ou 9)",
	motivoCNESDesconhecido:    "autorização do programa, mas as habilitações do estabelecimento são desconhecidas (sem CNES): modalidade não decidida",
	motivoSemHabilitacao:      "autorização do programa, mas o estabelecimento não tem habilitação 38.02/38.03/38.04 em vigor",
	motivoEquipe:              "autorização do programa e habilitação 38.03, mas prd_ine não é uma equipe EqAE (tipo 81) do estabelecimento",
}

// explHeads holds the constant heads, built once: per table financing,
// a head for procedures without regras, one for regras that do not
// apply, and one per motivo for procedures linked to 0014/0015.
var explHeads = func() (h [len(financiamentoNome) + 1][numMotivos + 2]string) {
	for f := range h {
		fin := "financiamento do SIGTAP " + nomeFinanciamento(sigtap.Financiamento(f))
		h[f][0] = fin + " (nenhuma regra condicionada vinculada ao procedimento)"
		h[f][1] = fin + " (as regras condicionadas do procedimento não se aplicam a esta linha)"
		for m := motivoChamador; m < numMotivos; m++ {
			h[f][2+int(m)] = fin + " (regras 0014/0015 não se aplicam: " + motivoText[m] + ")"
		}
	}
	return h
}()

// explHead returns the constant head for a line whose financing no regra
// changed.
func explHead(f sigtap.Financiamento, linked, programa bool, mod Modalidade, m motivo) string {
	if int(f) >= len(explHeads) {
		f = 0
	}
	switch {
	case !linked:
		return explHeads[f][0]
	case programa && mod == ModalidadeNenhuma && m != motivoDecidido:
		return explHeads[f][2+int(m)]
	}
	return explHeads[f][1]
}
