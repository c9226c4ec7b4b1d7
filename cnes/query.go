package cnes

import (
	"iter"
	"slices"

	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// Queries return copies: the snapshot stays immutable. Estabelecimento
// does not allocate; the slice-returning queries do.

// estabPtr returns the establishment with the code, or nil.
func (s *Snapshot) estabPtr(code Code) *estab {
	if s == nil {
		return nil
	}
	i, ok := s.estabIndex(code)
	if !ok {
		return nil
	}
	return &s.estabs[i]
}

// Estabelecimento returns the establishment with the CNES code.
func (s *Snapshot) Estabelecimento(code Code) (Estabelecimento, bool) {
	if es := s.estabPtr(code); es != nil {
		return es.Estabelecimento, true
	}
	return Estabelecimento{}, false
}

// Estabelecimentos iterates over the establishments in file order.
func (s *Snapshot) Estabelecimentos() iter.Seq[Estabelecimento] {
	return func(yield func(Estabelecimento) bool) {
		if s == nil {
			return
		}
		for i := range s.estabs {
			if !yield(s.estabs[i].Estabelecimento) {
				return
			}
		}
	}
}

func (s *Snapshot) vinculo(v *vinc) Vinculo {
	return Vinculo{
		CNES:              s.estabs[v.estab].CNES,
		Profissional:      s.profs[v.prof].id,
		CNS:               s.profs[v.prof].cns,
		CBO:               v.cbo,
		SUS:               v.sus,
		Vinculacao:        v.vinculacao,
		CargaAmbulatorial: int(v.chAmb),
		CargaHospitalar:   int(v.chHosp),
		CargaOutros:       int(v.chOutros),
		CNPJEmpregador:    v.cnpjDet,
	}
}

// Vinculos returns the vínculos of the professional with CNS c in the
// establishment, ordered by CBO.
func (s *Snapshot) Vinculos(code Code, c cns.CNS) []Vinculo {
	es := s.estabPtr(code)
	if es == nil {
		return nil
	}
	var out []Vinculo
	for _, v := range s.vincRange(es, &c) {
		out = append(out, s.vinculo(&v))
	}
	return out
}

// VinculosDe returns every loaded vínculo of the establishment, ordered by
// CNS and CBO.
func (s *Snapshot) VinculosDe(code Code) []Vinculo {
	es := s.estabPtr(code)
	if es == nil {
		return nil
	}
	out := make([]Vinculo, 0, es.vN)
	for i := es.vOff; i < es.vOff+es.vN; i++ {
		out = append(out, s.vinculo(&s.vincs[i]))
	}
	return out
}

// Profissionais returns the registry rows with CNS c (one CNS may map to
// more than one CO_PROFISSIONAL_SUS).
func (s *Snapshot) Profissionais(c cns.CNS) []Profissional {
	if s == nil || c.IsZero() {
		return nil
	}
	p, ok := s.firstProf(c)
	if !ok {
		return nil
	}
	var out []Profissional
	for ; p >= 0; p = s.profs[p].next {
		pr := &s.profs[p]
		pd := s.pdata[p]
		out = append(out, Profissional{ID: pr.id, CNS: pr.cns, Nome: pd.name, CPF: pd.cpf})
	}
	return out
}

// CargaHoraria returns the workload of the professional with CNS c over
// every establishment of the registry (C11's evidence); false when the
// CNS has no vínculo loaded.
func (s *Snapshot) CargaHoraria(c cns.CNS) (CargaHoraria, bool) {
	if s == nil {
		return CargaHoraria{}, false
	}
	return s.workload(c)
}

func (s *Snapshot) equipe(t int32) Equipe {
	tm := &s.teams[t]
	q := Equipe{
		INE: tm.ine, CNES: s.estabs[tm.estab].CNES, Tipo: tm.tipo, Nome: tm.nome,
		Municipio: tm.municipio, Area: tm.area, Sequencia: tm.seq,
		Ativacao: tm.ativacao.Time(), Desativacao: tm.desativacao.Time(),
	}
	for _, m := range s.members[tm.mOff : tm.mOff+tm.mN] {
		mb := Membro{
			Profissional: s.profs[m.prof].id, CNS: s.profs[m.prof].cns, CBO: m.cbo,
			Entrada: m.entrada.Time(), Desligamento: m.desligamento.Time(),
		}
		if m.estab >= 0 {
			mb.CNES = s.estabs[m.estab].CNES
		}
		q.Membros = append(q.Membros, mb)
	}
	return q
}

// Equipe returns the team with the INE and its members. When several
// tbEquipe rows carry the INE, the first is returned; EquipesDe lists an
// establishment's teams.
func (s *Snapshot) Equipe(ine INE) (Equipe, bool) {
	if s == nil {
		return Equipe{}, false
	}
	t, ok := s.firstTeam(ine)
	if !ok {
		return Equipe{}, false
	}
	return s.equipe(t), true
}

// EquipesDe returns the teams whose sede (CO_UNIDADE) is the
// establishment.
func (s *Snapshot) EquipesDe(code Code) []Equipe {
	es := s.estabPtr(code)
	if es == nil {
		return nil
	}
	var out []Equipe
	for t := range s.teams {
		if &s.estabs[s.teams[t].estab] == es {
			out = append(out, s.equipe(int32(t)))
		}
	}
	return out
}

// Servicos returns the establishment's rlEstabServClass rows, ordered by
// serviço/classificação, duplicates removed.
func (s *Snapshot) Servicos(code Code) []Servico {
	es := s.estabPtr(code)
	if es == nil {
		return nil
	}
	var out []Servico
	for _, v := range s.servs[es.sOff : es.sOff+es.sN] {
		out = append(out, Servico{ServClass: v.sc, AmbulatorialSUS: v.sus, Caracteristica: v.caract, Terceiro: v.cnpj})
	}
	return out
}

// Sipac returns every rlEstabSipac row of the establishment (all types,
// all periods), ordered by code.
func (s *Snapshot) Sipac(code Code) []Habilitacao {
	es := s.estabPtr(code)
	if es == nil {
		return nil
	}
	var out []Habilitacao
	for _, v := range s.habs[es.hOff : es.hOff+es.hN] {
		out = append(out, Habilitacao{Code: v.code, Tipo: v.tipo, Inicio: v.inicio, Fim: v.fim})
	}
	return out
}

// Habilitacoes returns the establishment's habilitações (type H) in force
// in competência c.
func (s *Snapshot) Habilitacoes(code Code, c sigtap.Competencia) []Habilitacao {
	var out []Habilitacao
	for _, h := range s.Sipac(code) {
		if h.Tipo == TipoHabilitacaoH && h.Vigente(c) {
			out = append(out, h)
		}
	}
	return out
}

// Fornecedores returns the CNPJs check C10 accepts for the establishment:
// NU_CNPJ, NU_CNPJ_MANTENEDORA and the CNPJs of CO_CNPJCPF, without
// duplicates or blanks.
func (s *Snapshot) Fornecedores(code Code) []CNPJ {
	e, ok := s.Estabelecimento(code)
	if !ok {
		return nil
	}
	var out []CNPJ
	add := func(c CNPJ) {
		if !c.IsZero() && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	add(e.CNPJ)
	add(e.Mantenedora)
	for _, v := range s.Servicos(code) {
		add(v.Terceiro)
	}
	return out
}
