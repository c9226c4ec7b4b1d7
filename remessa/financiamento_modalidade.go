package remessa

import (
	"strings"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
)

// decidirModalidade sets a.mod (and a.d.Modalidade, a.d.Programa) from
// the caller's override or from the line's authorization number and the
// establishment's habilitações; see DecidirFinanciamento.
func (a *avaliacao) decidirModalidade() {
	ctx := a.ctx
	if f := a.opts.Modalidade; f != nil {
		if m, ok := f(ctx); ok && m.valid() {
			a.setModalidade(m, "modalidade "+m.String()+" given by the caller")
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
		a.naoVerificado(CodeProgramaNaoVerificado, "modalidade of programme attendances not decided: the establishment's habilitações are unknown (no CNES registry for the competência, or the establishment is not in it)")
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
	team, teamWhy := cnes.Unknown, ""
	if has[Modalidade2] {
		team, teamWhy = a.equipeEqAE()
		if team == cnes.Fail {
			has[Modalidade2] = false
		}
	}
	var cands []Modalidade
	var buf [3]Modalidade
	cands = buf[:0]
	for m := Modalidade1; m <= Modalidade3; m++ {
		if has[m] {
			cands = append(cands, m)
		}
	}
	if len(cands) == 0 {
		a.motivo = motivoSemHabilitacao
		facts := "habilitações " + formatHabilitacoes(ctx.Habilitacoes)
		if team == cnes.Fail {
			a.motivo = motivoEquipe
			facts = "habilitação 38.03; " + teamWhy
		}
		a.critica(CodeProgramaSemHabilitacao, Aviso, "prd_naut", motivoText[a.motivo]+": financed as ordinary production", facts)
		return
	}
	chosen, ambiguity := a.escolherModalidade(cands, team)
	why := kindName(aut) + " programme number " + aut.Format() + ", habilitação " + chosen.Habilitacao().Format()
	switch {
	case chosen == Modalidade2:
		why += ", " + teamWhy
	case team == cnes.Fail:
		ambiguity += "; 38.03 does not apply: " + teamWhy
	}
	a.setModalidade(chosen, why+ambiguity)
}

// setModalidade records the decided modalidade and its evidence.
func (a *avaliacao) setModalidade(m Modalidade, why string) {
	a.mod, a.d.Modalidade = m, m
	if m != ModalidadeNenhuma {
		a.d.Programa = true
		a.modWhy = why
	}
}

// escolherModalidade picks one of several candidate modalidades (the
// establishment holds more than one of 38.02/38.03/38.04): the one whose
// atributos the procedure carries, then Modalidade 2 when the line's team
// is a confirmed EqAE, then the lowest. It returns the choice and a note
// on how an ambiguity was resolved ("" when there was none).
func (a *avaliacao) escolherModalidade(cands []Modalidade, team cnes.Outcome) (Modalidade, string) {
	if len(cands) == 1 {
		return cands[0], ""
	}
	var roster []Modalidade
	var buf [3]Modalidade
	roster = buf[:0]
	for _, m := range cands {
		if d, ok := a.rosterAtributo(m); ok && d != 0 {
			roster = append(roster, m)
		}
	}
	others := func(m Modalidade) string {
		var s []string
		for _, c := range cands {
			if c != m {
				s = append(s, c.Habilitacao().Format())
			}
		}
		return "; the establishment also holds " + strings.Join(s, ", ")
	}
	switch {
	case len(roster) == 1:
		return roster[0], others(roster[0]) + ": chosen by the procedure's atributos"
	case len(roster) > 1:
		cands = roster
	}
	for _, m := range cands {
		if m == Modalidade2 && team == cnes.OK {
			return m, others(m) + ": chosen by the line's EqAE team"
		}
	}
	return cands[0], others(cands[0]) + ": the lowest modalidade chosen"
}

// equipeEqAE checks that the line's INE is a team of type 81 (EqAE) of
// the establishment, as Modalidade 2 requires (SEED-002 Art. 5).
func (a *avaliacao) equipeEqAE() (cnes.Outcome, string) {
	ctx := a.ctx
	ine := ctx.I.INE
	if ine == (cnes.INE{}) {
		return cnes.Fail, "no INE on the line (Modalidade 2 needs its EqAE team)"
	}
	if ctx.Snapshot == nil {
		return cnes.Unknown, "team INE " + string(ine[:]) + " not verified (no CNES)"
	}
	r := ctx.Snapshot.CheckTipoEquipe(ctx.CNES, ine, cnes.EquipeEqAE)
	switch r.Outcome {
	case cnes.OK:
		return cnes.OK, "EqAE team INE " + string(ine[:])
	case cnes.Fail:
		return cnes.Fail, "INE " + string(ine[:]) + " is not an EqAE team of the establishment (" + r.Reason.String() + ")"
	}
	return cnes.Unknown, "team INE " + string(ine[:]) + " not verified (" + r.Reason.String() + ")"
}

// programaAutorizacao reads prd_naut and returns it when it is a valid
// programme authorization number, or why not.
func programaAutorizacao(s string) (Autorizacao, motivo) {
	s = strings.TrimSpace(s)
	var aut Autorizacao
	switch {
	case s == "" || strings.Trim(s, "0") == "":
		return aut, motivoSemAutorizacao
	case len(s) != len(aut):
		return aut, motivoAutorizacaoInvalida
	}
	copy(aut[:], s)
	if aut.Check() != nil {
		return Autorizacao{}, motivoAutorizacaoInvalida
	}
	if !aut.Kind().IsPrograma() {
		return Autorizacao{}, motivoAutorizacaoComum
	}
	return aut, motivoDecidido
}

// kindName returns "APAC" or "AIH".
func kindName(a Autorizacao) string {
	if a.Kind().IsAIH() {
		return "AIH"
	}
	return "APAC"
}

// formatHabilitacoes returns "04.03, 11.02", or "none".
func formatHabilitacoes(hs []sigtap.Habilitacao) string {
	if len(hs) == 0 {
		return "none"
	}
	s := make([]string, len(hs))
	for i, h := range hs {
		s[i] = h.Format()
	}
	return strings.Join(s, ", ")
}
