package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
)

// item is a code and its name.
type item struct {
	Code, Name string
	Extra      string
}

// items is a list of a table the release may lack.
type items struct {
	Known bool
	List  []item
}

func itemsOf[T any](vs []T, known bool, f func(T) item) items {
	out := items{Known: known}
	for _, v := range vs {
		out.List = append(out.List, f(v))
	}
	return out
}

// name returns the name of k in d, or "".
func name[K comparable](d *sigtap.Dict[K, sigtap.Entry[K]], k K) string {
	if d == nil {
		return ""
	}
	e, _ := d.Get(k)
	return e.Name
}

// compLink is a competência other than the one shown, as a link.
type compLink struct {
	Value, Format string
	Current       bool
}

// procView is the page of a procedure.
type procView struct {
	page
	Code          sigtap.Code
	Proc          sigtap.Procedure
	Competencia   sigtap.Competencia
	Release       string
	Grupo         item
	Subgrupo      item
	Forma         item
	Complexidade  string
	Sexo          string
	IdadeMin      string
	IdadeMax      string
	QtMaxima      string
	Financiamento item
	Rubrica       item
	Registros     items
	CBOs          items
	CIDs          items
	Regras        items
	HabAny        items
	HabGroups     []items
	HabKnown      bool
	Servicos      items
	Detalhes      items
	Incrementos   items
	Modalidades   items
	Descricao     string
	Others        []compLink
}

// pickCompetencia reads ?competencia= (AAAAMM or MM/AAAA); empty means
// the latest of have. It answers the error page itself and returns false
// when the value is invalid or not loaded.
func (h *Handler) pickCompetencia(w http.ResponseWriter, r *http.Request, have []sigtap.Competencia, what string) (sigtap.Competencia, bool) {
	q := strings.TrimSpace(r.URL.Query().Get("competencia"))
	if len(have) == 0 {
		h.errorPage(w, r, http.StatusNotFound, "Dados não carregados", "Nenhuma "+what+" foi carregada nesta página.")
		return sigtap.Competencia{}, false
	}
	if q == "" {
		return have[len(have)-1], true
	}
	c, err := sigtap.ParseCompetencia(q)
	if err != nil {
		if c2, err2 := parseMMAAAA(q); err2 == nil {
			c, err = c2, nil
		}
	}
	if err != nil {
		h.errorPage(w, r, http.StatusBadRequest, "Competência inválida",
			fmt.Sprintf("Competência %q inválida: escreva AAAAMM, por exemplo 202601.", clip(q, 32)))
		return c, false
	}
	for _, x := range have {
		if x == c {
			return c, true
		}
	}
	var list []string
	for _, x := range have {
		list = append(list, x.Format())
	}
	h.errorPage(w, r, http.StatusNotFound, "Competência não carregada",
		fmt.Sprintf("Nenhuma %s da competência %s foi carregada nesta página (carregadas: %s).", what, c.Format(), strings.Join(list, ", ")))
	return c, false
}

func others(have []sigtap.Competencia, cur sigtap.Competencia) []compLink {
	var out []compLink
	for _, c := range have {
		out = append(out, compLink{Value: c.String(), Format: c.Format(), Current: c == cur})
	}
	return out
}

// procedimento serves GET /procedimento/{code}?competencia=AAAAMM: what
// the SIGTAP release of the competência says about a procedure.
func (h *Handler) procedimento(w http.ResponseWriter, r *http.Request) {
	raw := r.PathValue("code")
	code, err := sigtap.ParseCode(strings.NewReplacer(".", "", "-", "").Replace(raw))
	if err != nil {
		h.errorPage(w, r, http.StatusBadRequest, "Código inválido",
			fmt.Sprintf("%q não é um código de procedimento SIGTAP (10 dígitos, por exemplo 0301010072).", clip(raw, 32)))
		return
	}
	var have []sigtap.Competencia
	if h.set != nil {
		have = h.set.Competencias()
	}
	c, ok := h.pickCompetencia(w, r, have, "tabela SIGTAP")
	if !ok {
		return
	}
	rel, _ := h.set.ForCompetencia(c)
	p, found := rel.Procedure(code)
	if !found {
		h.errorPage(w, r, http.StatusNotFound, "Procedimento não encontrado",
			fmt.Sprintf("O procedimento %s não está na tabela SIGTAP da competência %s (%s).", code.Format(), c.Format(), rel.Name()))
		return
	}
	h.render(w, r, http.StatusOK, "procedimento", newProcView(r, rel, p, have))
}

func newProcView(r *http.Request, rel *sigtap.Release, p sigtap.Procedure, have []sigtap.Competencia) *procView {
	c := p.Code
	refs := rel.Refs()
	v := &procView{
		page: page{Root: root(r), Title: "Procedimento " + c.Format()},
		Code: c, Proc: p, Competencia: rel.Competencia(), Release: rel.Name(),
		Complexidade: complexidade(p.Complexity), Sexo: sexo(p.Sex),
		IdadeMin: idade(p.MinAge), IdadeMax: idade(p.MaxAge),
		Others: others(have, rel.Competencia()),
	}
	if p.MaxQuantity == 9999 {
		v.QtMaxima = "não se aplica"
	} else {
		v.QtMaxima = strconv.Itoa(int(p.MaxQuantity))
	}
	g, _ := refs.Grupos.Get(c.Group())
	v.Grupo = item{Code: c.Group(), Name: g.Name}
	sg, _ := refs.Subgrupos.Get(c.Subgroup())
	v.Subgrupo = item{Code: c.Subgroup(), Name: sg.Name}
	fo, _ := refs.Formas.Get(c.Forma())
	v.Forma = item{Code: c.Forma(), Name: fo.Name}
	v.Financiamento = item{Code: p.Financing.String(), Name: name(refs.Financiamentos, p.Financing)}
	if p.Rubrica != 0 {
		v.Rubrica = item{Code: p.Rubrica.String(), Name: name(refs.Rubricas, p.Rubrica)}
	}
	regs, ok := rel.Registros(c)
	v.Registros = itemsOf(regs, ok, func(x sigtap.Registro) item { return item{Code: x.String(), Name: name(refs.Registros, x)} })
	cbos, ok := rel.CBOs(c)
	v.CBOs = itemsOf(cbos, ok, func(x sigtap.CBO) item { return item{Code: x.String(), Name: name(refs.Ocupacoes, x)} })
	cids, ok := rel.CIDs(c)
	v.CIDs = itemsOf(cids, ok, func(x sigtap.ProcedureCID) item {
		info, _ := refs.CIDs.Get(x.CID)
		extra := "secundário"
		if x.Principal {
			extra = "principal"
		}
		return item{Code: x.CID.String(), Name: info.Name, Extra: extra}
	})
	regras, ok := rel.RegrasCondicionadas(c)
	v.Regras = itemsOf(regras, ok, func(x sigtap.Regra) item {
		info, _ := refs.Regras.Get(x)
		return item{Code: x.String(), Name: info.Name}
	})
	hab := func(x sigtap.Habilitacao) item { return item{Code: x.Format(), Name: name(refs.Habilitacoes, x)} }
	if hs, ok := rel.Habilitacoes(c); ok {
		v.HabKnown = true
		v.HabAny = itemsOf(hs.Any, true, hab)
		for _, g := range hs.Groups {
			v.HabGroups = append(v.HabGroups, itemsOf(g.All, true, hab))
		}
	}
	servs, ok := rel.Servicos(c)
	v.Servicos = itemsOf(servs, ok, func(x sigtap.ServicoClassificacao) item {
		return item{Code: x.String(), Name: name(refs.Classificacoes, x)}
	})
	dets, ok := rel.Detalhes(c)
	v.Detalhes = itemsOf(dets, ok, func(x sigtap.Detalhe) item { return item{Code: x.String(), Name: name(refs.Detalhes, x)} })
	incs, ok := rel.Incrementos(c)
	v.Incrementos = itemsOf(incs, ok, func(x sigtap.Incremento) item {
		return item{Code: x.Habilitacao.Format(), Name: name(refs.Habilitacoes, x.Habilitacao),
			Extra: fmt.Sprintf("SA +%s%%, SH +%s%%, SP +%s%%", pct(x.SA.StringFixed(2)), pct(x.SH.StringFixed(2)), pct(x.SP.StringFixed(2)))}
	})
	mods, ok := rel.Modalidades(c)
	v.Modalidades = itemsOf(mods, ok, func(x sigtap.Modalidade) item { return item{Code: x.String(), Name: name(refs.Modalidades, x)} })
	if d, found, err := rel.Description(c); err == nil && found {
		v.Descricao = d
	}
	return v
}

func pct(s string) string { return strings.Replace(s, ".", ",", 1) }

func complexidade(c sigtap.Complexity) string {
	switch c {
	case sigtap.ComplexityNotApplicable:
		return "não se aplica"
	case sigtap.ComplexityBasic:
		return "atenção básica"
	case sigtap.ComplexityMedium:
		return "média complexidade"
	case sigtap.ComplexityHigh:
		return "alta complexidade"
	}
	return c.String()
}

func sexo(s sigtap.Sex) string {
	switch s {
	case sigtap.SexMale:
		return "masculino"
	case sigtap.SexFemale:
		return "feminino"
	case sigtap.SexBoth:
		return "ambos"
	case sigtap.SexNotApplicable:
		return "não se aplica"
	}
	return s.String()
}

// idade writes an age limit in months for people: "18 anos", "2 anos e
// 6 meses", "sem limite".
func idade(a sigtap.Age) string {
	if !a.Applies() {
		return "sem limite"
	}
	m := int(a)
	y, mm := m/12, m%12
	var parts []string
	switch {
	case y == 1:
		parts = append(parts, "1 ano")
	case y > 1:
		parts = append(parts, strconv.Itoa(y)+" anos")
	}
	switch {
	case mm == 1:
		parts = append(parts, "1 mês")
	case mm > 1:
		parts = append(parts, strconv.Itoa(mm)+" meses")
	}
	if len(parts) == 0 {
		return "0 meses"
	}
	return strings.Join(parts, " e ")
}

// estabView is the page of an establishment.
type estabView struct {
	page
	E           cnes.Estabelecimento
	Competencia sigtap.Competencia
	Ativo       bool
	Vinculos    []vinculoView
	Servicos    []item
	Habs        []habView
	Equipes     []equipeView
	Fornece     []string
	Others      []compLink
}

type vinculoView struct {
	CNS        string // masked
	CBO        item
	SUS        bool
	Horas      int
	Amb, Hosp  int
	Outros     int
	Vinculacao string
}

type habView struct {
	Tipo    string
	Code    item
	Periodo string
	Vigente bool
}

type equipeView struct {
	INE    string
	Tipo   string
	Nome   string
	Ativa  bool
	Membro []membroView
}

type membroView struct {
	CNS, CBO string
	Ativo    bool
}

// estabelecimento serves GET /estabelecimento/{cnes}?competencia=AAAAMM:
// what the CNES snapshot of the competência says about an establishment.
// Professionals appear by masked CNS only.
func (h *Handler) estabelecimento(w http.ResponseWriter, r *http.Request) {
	raw := r.PathValue("cnes")
	code, err := cnes.ParseCode(raw)
	if err != nil {
		h.errorPage(w, r, http.StatusBadRequest, "Código CNES inválido",
			fmt.Sprintf("%q não é um código CNES (7 dígitos, por exemplo 2569302).", clip(raw, 32)))
		return
	}
	var have []sigtap.Competencia
	if h.reg != nil {
		have = h.reg.Competencias()
	}
	c, ok := h.pickCompetencia(w, r, have, "base do CNES")
	if !ok {
		return
	}
	snap := h.reg.At(c)
	e, found := snap.Estabelecimento(code)
	if !found {
		h.errorPage(w, r, http.StatusNotFound, "Estabelecimento não encontrado",
			fmt.Sprintf("O estabelecimento CNES %s não está na base do CNES da competência %s.", code, c.Format()))
		return
	}
	h.render(w, r, http.StatusOK, "estabelecimento", h.newEstabView(r, snap, e, have))
}

func (h *Handler) newEstabView(r *http.Request, snap *cnes.Snapshot, e cnes.Estabelecimento, have []sigtap.Competencia) *estabView {
	c := snap.Competencia()
	v := &estabView{page: page{Root: root(r), Title: "Estabelecimento " + e.CNES.String()}, E: e, Competencia: c,
		Ativo: e.Ativo(), Others: others(have, c)}
	var refs *sigtap.Refs
	if h.set != nil {
		if rel, ok := h.set.ForCompetencia(c); ok {
			refs = rel.Refs()
		}
	}
	cboName := func(x sigtap.CBO) string {
		if refs == nil {
			return ""
		}
		return name(refs.Ocupacoes, x)
	}
	for _, x := range snap.VinculosDe(e.CNES) {
		masked := "(sem CNS)"
		if !x.CNS.IsZero() {
			masked = x.CNS.Masked()
		}
		v.Vinculos = append(v.Vinculos, vinculoView{CNS: masked, CBO: item{Code: x.CBO.String(), Name: cboName(x.CBO)},
			SUS: x.SUS, Horas: x.Horas(), Amb: x.CargaAmbulatorial, Hosp: x.CargaHospitalar, Outros: x.CargaOutros,
			Vinculacao: x.Vinculacao.String()})
	}
	for _, s := range snap.Servicos(e.CNES) {
		it := item{Code: s.ServClass.String()}
		if refs != nil {
			it.Name = name(refs.Classificacoes, s.ServClass)
		}
		it.Extra = "SUS"
		if !s.AmbulatorialSUS {
			it.Extra = "não SUS"
		}
		if !s.Terceiro.IsZero() {
			it.Extra += ", terceiro " + s.Terceiro.Format()
		}
		v.Servicos = append(v.Servicos, it)
	}
	for _, x := range snap.Sipac(e.CNES) {
		hv := habView{Tipo: x.Tipo.String(), Code: item{Code: x.Code.Format()}, Vigente: x.Tipo == cnes.TipoHabilitacaoH && x.Vigente(c)}
		if refs != nil && x.Tipo == cnes.TipoHabilitacaoH {
			hv.Code.Name = name(refs.Habilitacoes, x.Code)
		}
		ini, fim := "—", "em aberto"
		if !x.Inicio.IsZero() {
			ini = x.Inicio.Format()
		}
		if !x.Fim.IsZero() {
			fim = x.Fim.Format()
		}
		hv.Periodo = ini + " a " + fim
		v.Habs = append(v.Habs, hv)
	}
	for _, t := range snap.EquipesDe(e.CNES) {
		ev := equipeView{INE: t.INE.String(), Tipo: t.Tipo.String(), Nome: t.Nome, Ativa: t.AtivaEm(c)}
		for _, m := range t.Membros {
			masked := "(sem CNS)"
			if !m.CNS.IsZero() {
				masked = m.CNS.Masked()
			}
			ev.Membro = append(ev.Membro, membroView{CNS: masked, CBO: m.CBO.String(), Ativo: m.AtivoEm(c)})
		}
		v.Equipes = append(v.Equipes, ev)
	}
	for _, f := range snap.Fornecedores(e.CNES) {
		v.Fornece = append(v.Fornece, f.Format())
	}
	return v
}
