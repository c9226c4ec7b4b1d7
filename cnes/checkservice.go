package cnes

import "github.com/go-sus/sus/sigtap"

// Service and habilitação checks: C8 and C9.

// CheckServClass is C8: the establishment has the serviço/classificação
// with CO_AMBULATORIAL_SUS = 1 (the SUS flag is an inference). Failure
// message: MsgServClass.
func (s *Snapshot) CheckServClass(code Code, sc sigtap.ServicoClassificacao) (r Result) {
	e, ok := s.begin(&r, C8, code)
	r.ServClass = sc
	if !ok || !s.need(&r, TableServClass) {
		return r
	}
	switch s.servClass(e, sc) {
	case OK:
		r.set(OK, ReasonNone)
		return
	case Unknown:
		r.set(Fail, ReasonServClassNotSUS)
		return
	}
	r.set(Fail, ReasonServClassMissing)
	return
}

// CheckServClassAny is C8 for a SIGTAP list of allowed pairs: one
// suffices. The result's ServClass is the pair that passed or came
// closest (present without the SUS flag), else the first of the list.
func (s *Snapshot) CheckServClassAny(code Code, scs []sigtap.ServicoClassificacao) (r Result) {
	e, ok := s.begin(&r, C8, code)
	if len(scs) > 0 {
		r.ServClass = scs[0]
	}
	if !ok || !s.need(&r, TableServClass) {
		return r
	}
	r.Outcome, r.Reason = Fail, ReasonServClassMissing
	for _, sc := range scs {
		switch s.servClass(e, sc) {
		case OK:
			r.ServClass = sc
			r.set(OK, ReasonNone)
			return
		case Unknown:
			if r.Reason != ReasonServClassNotSUS {
				r.ServClass, r.Reason = sc, ReasonServClassNotSUS
			}
		}
	}
	return r
}

// servClass answers OK (SUS row), Unknown (row without the SUS flag) or
// Fail (no row).
func (s *Snapshot) servClass(e int32, sc sigtap.ServicoClassificacao) Outcome {
	es := &s.estabs[e]
	o := Fail
	for _, v := range s.servs[es.sOff : es.sOff+es.sN] {
		if v.sc == sc {
			if v.sus {
				return OK
			}
			o = Unknown
		}
	}
	return o
}

// CheckHabilitacao is C9: the establishment has an rlEstabSipac row of
// type H with the code, in force in the snapshot's competência
// (CMTP_INICIO ≤ competência ≤ CMTP_FIM, open ends allowed). No SIA
// message is known for it.
func (s *Snapshot) CheckHabilitacao(code Code, h sigtap.Habilitacao) (r Result) {
	e, ok := s.begin(&r, C9, code)
	r.Habilitacao = h
	if !ok || !s.need(&r, TableSipac) {
		return r
	}
	s.habilitacao(&r, e, h)
	return r
}

// CheckHabilitacaoAny is C9 for a list of habilitações of which one
// suffices (SIGTAP's rl_procedimento_habilitacao without groups).
func (s *Snapshot) CheckHabilitacaoAny(code Code, hs []sigtap.Habilitacao) (r Result) {
	e, ok := s.begin(&r, C9, code)
	if len(hs) > 0 {
		r.Habilitacao = hs[0]
	}
	if !ok || !s.need(&r, TableSipac) {
		return r
	}
	best := r
	best.Outcome, best.Reason = Fail, ReasonHabMissing
	for _, h := range hs {
		x := r
		x.Habilitacao = h
		s.habilitacao(&x, e, h)
		if x.Outcome == OK {
			return x
		}
		if habRank(x.Reason) > habRank(best.Reason) {
			best = x
		}
	}
	return best
}

func habRank(r Reason) int {
	switch r {
	case ReasonHabNotInForce:
		return 2
	case ReasonHabOtherType:
		return 1
	}
	return 0
}

func (s *Snapshot) habilitacao(r *Result, e int32, h sigtap.Habilitacao) {
	es := &s.estabs[e]
	r.Outcome, r.Reason = Fail, ReasonHabMissing
	for _, v := range s.habs[es.hOff : es.hOff+es.hN] {
		if v.code != h {
			continue
		}
		row := Habilitacao{Code: v.code, Tipo: v.tipo, Inicio: v.inicio, Fim: v.fim}
		switch {
		case v.tipo != TipoHabilitacaoH:
			if r.Reason == ReasonHabMissing {
				r.Reason, r.Evidence.Habilitacao = ReasonHabOtherType, row
			}
		case row.Vigente(s.comp):
			r.Outcome, r.Reason, r.Evidence.Habilitacao = OK, ReasonNone, row
			return
		default:
			r.Reason, r.Evidence.Habilitacao = ReasonHabNotInForce, row
		}
	}
}
