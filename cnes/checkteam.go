package cnes

import "github.com/go-sus/sus/cns"

// Team checks: C6, C7 and C12.

// teamIn finds the team with the INE in establishment e. When the INE
// exists only elsewhere it returns that team and false.
func (s *Snapshot) teamIn(e int32, ine INE) (int32, bool) {
	first, ok := s.firstTeam(ine)
	if !ok {
		return -1, false
	}
	for t := first; t >= 0; t = s.teams[t].next {
		if s.teams[t].estab == e {
			return t, true
		}
	}
	return first, false
}

// memberRange returns the member rows of CNS c in team t.
func (s *Snapshot) memberRange(t int32, c *cns.CNS) []member {
	k := cnsKey(c)
	if k == noKey {
		return nil
	}
	tm := &s.teams[t]
	ms := s.members[tm.mOff : tm.mOff+tm.mN]
	lo := 0
	for lo < len(ms) && ms[lo].key < k {
		lo++
	}
	end := lo
	for end < len(ms) && ms[end].key == k {
		end++
	}
	return ms[lo:end]
}

// team resolves the INE for C6, C7 and C12, filling the evidence.
func (s *Snapshot) team(r *Result, e int32, ine INE) (int32, bool) {
	t, here := s.teamIn(e, ine)
	switch {
	case t < 0:
		r.set(Fail, ReasonTeamNotFound)
		return -1, false
	case !here:
		r.Evidence.TipoEquipe = s.teams[t].tipo
		r.Evidence.EquipeCNES = s.estabs[s.teams[t].estab].CNES
		r.set(Fail, ReasonTeamOtherEstab)
		return -1, false
	}
	r.Evidence.TipoEquipe = s.teams[t].tipo
	r.Evidence.EquipeCNES = s.estabs[e].CNES
	return t, true
}

// member decides whether CNS c is a member of team t in the competência.
func (s *Snapshot) member(r *Result, t int32, c *cns.CNS) bool {
	tm := &s.teams[t]
	if !window(tm.ativacao, tm.desativacao, s.comp) {
		r.set(Fail, ReasonTeamInactive)
		return false
	}
	ms := s.memberRange(t, c)
	if len(ms) == 0 || c.IsZero() {
		r.set(Fail, ReasonNotMember)
		return false
	}
	for i := range ms {
		if window(ms[i].entrada, ms[i].desligamento, s.comp) {
			return true
		}
	}
	r.set(Fail, ReasonMemberInactive)
	return false
}

// CheckEquipe is C6: the team with the INE belongs to the establishment,
// is active in the competência, and the professional with CNS c is a
// member in it (DT_ENTRADA ≤ end of the competência, DT_DESLIGAMENTO blank
// or ≥ its start — the date windows are an inference). Failure message:
// MsgProfissional.
func (s *Snapshot) CheckEquipe(code Code, ine INE, c cns.CNS) (r Result) {
	e, ok := s.begin(&r, C6, code)
	r.INE, r.CNS = ine, c
	if !ok || !s.need(&r, TableEquipe, TableEquipeProf, TableProfissional) {
		return r
	}
	t, ok := s.team(&r, e, ine)
	if !ok || !s.member(&r, t, &c) {
		return r
	}
	r.set(OK, ReasonNone)
	return
}

// CheckTipoEquipe is C7: the team with the INE in the establishment has
// TP_EQUIPE want (e.g. EquipeEqAE for Modalidade 2, SEED-002 Art. 5).
func (s *Snapshot) CheckTipoEquipe(code Code, ine INE, want TipoEquipe) (r Result) {
	e, ok := s.begin(&r, C7, code)
	r.INE, r.TipoEquipe = ine, want
	if !ok || !s.need(&r, TableEquipe) {
		return r
	}
	t, ok := s.team(&r, e, ine)
	if !ok {
		return r
	}
	if s.teams[t].tipo != want {
		r.set(Fail, ReasonTeamType)
		return
	}
	r.set(OK, ReasonNone)
	return
}

// CheckContratoEqAE is C12 (SEED-002 Art. 5 §3): the professional is a
// member of the EqAE team (type 81) with the INE in the establishment, and
// one of their vínculos there has NU_CNPJ_DETALHAMENTO_VINCULO equal to
// the contracted company's CNPJ. A zero contracted CNPJ means the
// establishment's own NU_CNPJ or NU_CNPJ_MANTENEDORA (inference).
func (s *Snapshot) CheckContratoEqAE(code Code, ine INE, c cns.CNS, contracted CNPJ) (r Result) {
	e, ok := s.begin(&r, C12, code)
	r.INE, r.CNS, r.CNPJ = ine, c, contracted
	if !ok || !s.need(&r, TableEquipe, TableEquipeProf, TableCargaHoraria, TableProfissional) {
		return r
	}
	if !s.cnpjDet {
		r.set(Unknown, ReasonColumnAbsent)
		return
	}
	t, ok := s.team(&r, e, ine)
	if !ok {
		return r
	}
	if s.teams[t].tipo != EquipeEqAE {
		r.set(Fail, ReasonTeamType)
		return
	}
	if !s.member(&r, t, &c) {
		return r
	}
	es := &s.estabs[e]
	vs := s.vincRange(&s.estabs[e], &c)
	r.Evidence.Vinculos = len(vs)
	if len(vs) == 0 {
		r.set(Fail, ReasonNoVinculo)
		return
	}
	for i := range vs {
		d := vs[i].cnpjDet
		if vs[i].sus {
			r.Evidence.VinculosSUS++
		}
		if d.IsZero() {
			continue
		}
		if contracted.IsZero() && (d == es.CNPJ || d == es.Mantenedora) || !contracted.IsZero() && d == contracted {
			r.Evidence.CNPJ = d
			r.set(OK, ReasonNone)
			return
		}
		if r.Evidence.CNPJ.IsZero() {
			r.Evidence.CNPJ = d
		}
	}
	r.set(Fail, ReasonCNPJMismatch)
	return
}
