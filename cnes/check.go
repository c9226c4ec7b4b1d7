package cnes

import (
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// The checks of docs/cnes.md §6.2. Each returns a Result and never allocates.
// The establishment of a line is looked up first: when it is not in the
// snapshot the check fails with ReasonEstabNotFound, except when the load
// filter may have left it out (Unknown, ReasonFiltered). A nil snapshot
// (competência not loaded) answers Unknown with ReasonNotLoaded.

// begin starts result r and finds the establishment.
func (s *Snapshot) begin(r *Result, c CheckID, code Code) (int32, bool) {
	r.Check, r.CNES = c, code
	if s == nil {
		r.Reason = ReasonNotLoaded
		return -1, false
	}
	r.Competencia = s.comp
	if i, ok := s.estabIndex(code); ok {
		return i, true
	}
	r.Outcome, r.Reason = Fail, ReasonEstabNotFound
	if s.filtered {
		// Only a CNES-list filter without a municipality filter tells
		// that a listed code is truly absent.
		_, listed := s.filterCNES[code]
		if !listed || s.munFilter {
			r.Outcome, r.Reason = Unknown, ReasonFiltered
		}
	}
	return -1, false
}

// need answers Unknown/ReasonTableAbsent when a table is missing.
func (s *Snapshot) need(r *Result, tables ...Table) bool {
	for _, t := range tables {
		if !s.present[t] {
			r.Outcome, r.Reason = Unknown, ReasonTableAbsent
			return false
		}
	}
	return true
}

func (r *Result) set(o Outcome, why Reason) {
	r.Outcome, r.Reason = o, why
}

// CheckEstabelecimento is C1: the establishment is in the registry of the
// competência.
func (s *Snapshot) CheckEstabelecimento(code Code) (r Result) {
	_, ok := s.begin(&r, C1, code)
	if !ok {
		return r
	}
	r.set(OK, ReasonNone)
	return
}

// CheckAtivo is C2: the establishment exists and has no CO_MOTIVO_DESAB
// (inference: a deactivated establishment cannot present production).
func (s *Snapshot) CheckAtivo(code Code) (r Result) {
	e, ok := s.begin(&r, C2, code)
	if !ok {
		return r
	}
	r.Evidence.Motivo = s.estabs[e].MotivoDesativacao
	if r.Evidence.Motivo != "" {
		r.set(Fail, ReasonEstabInactive)
		return
	}
	r.set(OK, ReasonNone)
	return
}

// CheckGestao is C3: the establishment's TP_GESTAO is want (or D, dupla),
// and its CO_MUNICIPIO_GESTOR is municipio. A zero want or an empty
// municipio is not compared. The evidence carries the registry's values
// either way, for the caller to compare with the BPA header.
func (s *Snapshot) CheckGestao(code Code, want Gestao, municipio string) (r Result) {
	e, ok := s.begin(&r, C3, code)
	r.Gestao = want
	if !ok {
		return r
	}
	es := &s.estabs[e]
	r.Evidence.Gestao, r.Evidence.Municipio = es.Gestao, es.Municipio
	if want != 0 && es.Gestao != want && es.Gestao != GestaoDupla {
		r.set(Fail, ReasonGestao)
		return
	}
	if municipio != "" && !sameMunicipio(es.Municipio, municipio) {
		r.set(Fail, ReasonGestao)
		return
	}
	r.set(OK, ReasonNone)
	return
}

// sameMunicipio compares IBGE codes on their first six digits (the
// seventh is a check digit some sources add).
func sameMunicipio(a, b string) bool {
	if len(a) > 6 {
		a = a[:6]
	}
	if len(b) > 6 {
		b = b[:6]
	}
	return a == b
}

// vincRange returns the vínculos of CNS c in establishment e: a binary
// search over the establishment's packed CNS keys.
func (s *Snapshot) vincRange(es *estab, c *cns.CNS) []vinc {
	k := cnsKey(c)
	if k == noKey {
		return nil
	}
	lo, hi := int(es.vOff), int(es.vOff+es.vN)
	keys := s.vkeys
	end := hi
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if keys[m] < k {
			lo = m + 1
		} else {
			hi = m
		}
	}
	first := lo
	for lo < end && keys[lo] == k {
		lo++
	}
	return s.vincs[first:lo]
}

// vincsOf starts a C4/C5 result and returns the vínculos of CNS c in the
// establishment; false when the result is already decided.
func (s *Snapshot) vincsOf(r *Result, id CheckID, code Code, c cns.CNS) ([]vinc, bool) {
	e, ok := s.begin(r, id, code)
	r.CNS = c
	if !ok || !s.need(r, TableCargaHoraria, TableProfissional) {
		return nil, false
	}
	vs := s.vincRange(&s.estabs[e], &c)
	r.Evidence.Vinculos = len(vs)
	if len(vs) == 0 {
		r.set(Fail, ReasonNoVinculo)
		return nil, false
	}
	return vs, true
}

// CheckProfissional is C4: the professional with CNS c has a vínculo
// (tbCargaHorariaSus) with the establishment, with TP_SUS_NAO_SUS = S.
// The SUS condition is an inference (FaturaSUS filters on it).
// Failure message: MsgProfissional.
func (s *Snapshot) CheckProfissional(code Code, c cns.CNS) (r Result) {
	vs, ok := s.vincsOf(&r, C4, code, c)
	if !ok {
		return r
	}
	for i := range vs {
		if vs[i].sus {
			r.Evidence.VinculosSUS++
		}
	}
	if r.Evidence.VinculosSUS == 0 {
		r.set(Fail, ReasonNotSUS)
		return
	}
	r.set(OK, ReasonNone)
	return
}

// CheckCBO is C5: as C4, and one of the SUS vínculos is under CBO cbo
// (compared case-insensitively). Failure message: MsgCBO. The evidence
// lists the CBOs the professional does have in the establishment.
func (s *Snapshot) CheckCBO(code Code, c cns.CNS, cbo sigtap.CBO) (r Result) {
	upperASCII(cbo[:])
	r.CBO = cbo
	vs, ok := s.vincsOf(&r, C5, code, c)
	if !ok {
		return r
	}
	ev := &r.Evidence
	match, matchSUS := false, false
	for i := range vs {
		v := &vs[i]
		if v.sus {
			ev.VinculosSUS++
		}
		if i == 0 || v.cbo != vs[i-1].cbo {
			if ev.NCBOs < len(ev.CBOs) {
				ev.CBOs[ev.NCBOs] = v.cbo
			}
			ev.NCBOs++
		}
		if v.cbo == cbo {
			match = true
			matchSUS = matchSUS || v.sus
		}
	}
	switch {
	case matchSUS:
		r.set(OK, ReasonNone)
		return
	case match:
		r.set(Fail, ReasonNotSUS)
		return
	}
	r.set(Fail, ReasonCBO)
	return
}

// CheckFornecedor is C10 (atributo 037): the supplier CNPJ is one of the
// establishment's NU_CNPJ, NU_CNPJ_MANTENEDORA or the CO_CNPJCPF of its
// rlEstabServClass rows. The candidate set is an inference (docs/cnes.md §6.2);
// Fornecedores lists it. When the CNPJ is not among the establishment's
// own and the third-party column is absent, the answer is Unknown.
func (s *Snapshot) CheckFornecedor(code Code, cnpj CNPJ) (r Result) {
	e, ok := s.begin(&r, C10, code)
	r.CNPJ = cnpj
	if !ok {
		return r
	}
	es := &s.estabs[e]
	if !cnpj.IsZero() && (cnpj == es.CNPJ || cnpj == es.Mantenedora) {
		r.set(OK, ReasonNone)
		return
	}
	if !s.need(&r, TableServClass) {
		return r
	}
	if !s.cnpjCPF {
		r.set(Unknown, ReasonColumnAbsent)
		return
	}
	for _, v := range s.servs[es.sOff : es.sOff+es.sN] {
		if !cnpj.IsZero() && v.cnpj == cnpj {
			r.set(OK, ReasonNone)
			return
		}
	}
	r.set(Fail, ReasonCNPJNotCandidate)
	return
}

// CheckCargaHoraria is C11: over every vínculo of the professional
// (all CO_PROFISSIONAL_SUS with the CNS, in every establishment), the
// weekly hours QT_CARGA_HORARIA_AMBULATORIAL + QT_CARGA_HOR_HOSP_SUS +
// QT_CARGA_HORARIA_OUTROS are at most 168 and at most 2 vínculos are
// public (LoadOptions.PublicVinculo). Both the formula and the notion of
// public vínculo are inferences (docs/cnes.md §10 question 4). A CNS without
// vínculos passes. Failure message: MsgCargaHoraria.
func (s *Snapshot) CheckCargaHoraria(c cns.CNS) (r Result) {
	r.Check, r.CNS = C11, c
	if s == nil {
		r.Reason = ReasonNotLoaded
		return r
	}
	r.Competencia = s.comp
	if !s.need(&r, TableCargaHoraria, TableProfissional) {
		return r
	}
	w, found := s.workload(c)
	r.Evidence.Horas, r.Evidence.Publicos = w.Horas, w.VinculosPublicos
	switch {
	case s.filtered && !found:
		r.set(Unknown, ReasonFiltered)
		return
	case s.filtered && !s.workloadAll:
		r.set(Unknown, ReasonFiltered)
		return
	case w.Horas > 168:
		r.set(Fail, ReasonWorkload)
		return
	case w.VinculosPublicos > 2:
		r.set(Fail, ReasonPublicVinculos)
		return
	}
	r.set(OK, ReasonNone)
	return
}

func (s *Snapshot) workload(c cns.CNS) (CargaHoraria, bool) {
	var w CargaHoraria
	p, ok := s.firstProf(c)
	if !ok || c.IsZero() {
		return w, false
	}
	for ; p >= 0; p = s.profs[p].next {
		pr := &s.profs[p]
		w.Horas += int(pr.hours)
		w.Vinculos += int(pr.nvinc)
		w.VinculosPublicos += int(pr.public)
	}
	return w, true
}
