package remessa

import (
	"strings"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa/autorizacao"
)

// decidirModalidade sets a.mod (and a.d.Modalidade, a.d.Programa) from
// the caller's override or from the line's authorization number and the
// establishment's habilitações; see DecidirFinanciamento.
func (a *avaliacao) decidirModalidade() {
	ctx := a.ctx
	if f := a.opts.Modalidade; f != nil {
		if m, ok := f(ctx); ok && m.valid() {
			a.why = append(a.why, "modalidade "...)
			a.why = append(a.why, m.String()...)
			a.why = append(a.why, " informada na execução"...)
			a.setModalidade(m)
			if m == ModalidadeNenhuma {
				a.motivo = motivoChamador
			}
			return
		}
	}
	if ctx.I == nil {
		a.motivo = motivoBPAC
		return
	}
	aut, m := programaAutorizacao(ctx.I.Autorizacao)
	if m != motivoDecidido {
		a.motivo = m
		return
	}
	a.aut = aut
	a.d.Programa = true
	if !ctx.HabilitacoesKnown {
		a.motivo = motivoCNESDesconhecido
		a.naoVerificado(CodeProgramaNaoVerificado, "NAO VERIFICADO: MODALIDADE DO ATENDIMENTO DO PROGRAMA NAO DECIDIDA, "+habDesconhecidas)
		return
	}
	var has [4]bool
	for _, h := range ctx.Habilitacoes {
		for m := Modalidade1; m <= Modalidade3; m++ {
			if h == m.Habilitacao() {
				has[m] = true
			}
		}
	}
	if has[Modalidade2] {
		a.team = a.equipeEqAE()
		if a.team.outcome == cnes.Fail {
			has[Modalidade2] = false
		}
	}
	var buf [3]Modalidade
	cands := buf[:0]
	for m := Modalidade1; m <= Modalidade3; m++ {
		if has[m] {
			cands = append(cands, m)
		}
	}
	if len(cands) == 0 {
		a.motivo = motivoSemHabilitacao
		facts := "habilitações do estabelecimento: " + joinHabs(ctx.Habilitacoes)
		if a.team.outcome == cnes.Fail {
			a.motivo = motivoEquipe
			facts = "habilitação 38.03; " + string(a.team.append(nil))
		}
		a.critica(CodeProgramaSemHabilitacao, Aviso, "prd_naut", msgProgramaSemHabilitacao, motivoText[a.motivo]+" ("+facts+")")
		return
	}
	chosen, how := a.escolherModalidade(cands)
	a.why = append(a.why, kindName(aut)...)
	a.why = append(a.why, " do programa "...)
	a.why = aut.AppendFormat(a.why)
	a.why = append(a.why, ", habilitação "...)
	a.why = appendHabilitacao(a.why, chosen.Habilitacao())
	if chosen == Modalidade2 {
		a.why = append(a.why, ", "...)
		a.why = a.team.append(a.why)
	}
	if how != "" {
		a.why = append(a.why, "; o estabelecimento também tem "...)
		first := true
		for _, c := range cands {
			if c != chosen {
				if !first {
					a.why = append(a.why, ", "...)
				}
				first = false
				a.why = appendHabilitacao(a.why, c.Habilitacao())
			}
		}
		a.why = append(a.why, how...)
	}
	if chosen != Modalidade2 && a.team.outcome == cnes.Fail {
		a.why = append(a.why, "; a 38.03 não se aplica: "...)
		a.why = a.team.append(a.why)
	}
	a.setModalidade(chosen)
}

// setModalidade records the decided modalidade; a.why holds its evidence.
func (a *avaliacao) setModalidade(m Modalidade) {
	a.mod, a.d.Modalidade = m, m
	if m != ModalidadeNenhuma {
		a.d.Programa = true
	}
}

// escolherModalidade picks one of the candidate modalidades: when the
// establishment holds more than one of 38.02/38.03/38.04, the one whose
// atributos the procedure carries, then Modalidade 2 when the line's team
// is a confirmed EqAE, then the lowest. It returns the choice and how an
// ambiguity was resolved ("" when there was none).
func (a *avaliacao) escolherModalidade(cands []Modalidade) (Modalidade, string) {
	if len(cands) == 1 {
		return cands[0], ""
	}
	var buf [3]Modalidade
	roster := buf[:0]
	for _, m := range cands {
		if d, ok := a.rosterAtributo(m); ok && d != 0 {
			roster = append(roster, m)
		}
	}
	switch {
	case len(roster) == 1:
		return roster[0], ": escolhida pelos atributos do procedimento"
	case len(roster) > 1:
		cands = roster
	}
	for _, m := range cands {
		if m == Modalidade2 && a.team.outcome == cnes.OK {
			return m, ": escolhida pela equipe EqAE da linha"
		}
	}
	return cands[0], ": escolhida a menor modalidade"
}

// equipe is the result of the Modalidade 2 team check.
type equipe struct {
	outcome cnes.Outcome
	reason  cnes.Reason
	ine     cnes.INE
	state   uint8 // equipeSemINE, equipeSemCNES or equipeVerificada
}

const (
	equipeVerificada uint8 = iota
	equipeSemINE
	equipeSemCNES
)

// equipeEqAE checks that the line's INE is a team of type 81 (EqAE) of
// the establishment, as Modalidade 2 requires (SEED-002 Art. 5).
func (a *avaliacao) equipeEqAE() equipe {
	ctx := a.ctx
	e := equipe{ine: ctx.I.INE}
	switch {
	case e.ine == (cnes.INE{}):
		e.outcome, e.state = cnes.Fail, equipeSemINE
	case ctx.Snapshot == nil:
		e.outcome, e.state = cnes.Unknown, equipeSemCNES
	default:
		r := ctx.Snapshot.CheckTipoEquipe(ctx.CNES, e.ine, cnes.EquipeEqAE)
		e.outcome, e.reason = r.Outcome, r.Reason
	}
	return e
}

// append appends the team check in words (Portuguese, for the
// explanation).
func (e equipe) append(dst []byte) []byte {
	switch {
	case e.state == equipeSemINE:
		return append(dst, "linha sem INE (a Modalidade 2 exige a equipe EqAE)"...)
	case e.outcome == cnes.OK:
		dst = append(dst, "equipe EqAE INE "...)
		return append(dst, e.ine[:]...)
	case e.outcome == cnes.Fail:
		dst = append(dst, "INE "...)
		dst = append(dst, e.ine[:]...)
		dst = append(dst, " não é equipe EqAE do estabelecimento ("...)
		dst = append(dst, e.reason.Text()...)
		return append(dst, ')')
	}
	dst = append(dst, "equipe INE "...)
	dst = append(dst, e.ine[:]...)
	dst = append(dst, " não verificada ("...)
	if e.state == equipeSemCNES {
		dst = append(dst, "sem CNES"...)
	} else {
		dst = append(dst, e.reason.Text()...)
	}
	return append(dst, ')')
}

// programaAutorizacao reads prd_naut and returns it when it is a valid
// programme authorization number, or why not.
func programaAutorizacao(s string) (autorizacao.Number, motivo) {
	s = strings.TrimSpace(s)
	var aut autorizacao.Number
	switch {
	case s == "" || strings.Trim(s, "0") == "":
		return aut, motivoSemAutorizacao
	case len(s) != len(aut):
		return aut, motivoAutorizacaoInvalida
	}
	copy(aut[:], s)
	if aut.Check() != nil {
		return autorizacao.Number{}, motivoAutorizacaoInvalida
	}
	if !aut.Kind().IsPrograma() {
		return autorizacao.Number{}, motivoAutorizacaoComum
	}
	return aut, motivoDecidido
}

// kindName returns "APAC" or "AIH".
func kindName(a autorizacao.Number) string {
	if a.Kind().IsAIH() {
		return "AIH"
	}
	return "APAC"
}
