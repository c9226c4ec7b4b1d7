package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-sus/sus/internal/cli"
	"github.com/go-sus/sus/sigtap"
)

// procJSON is everything a release says about one procedure. Lists are
// nil (JSON null) when the release lacks the table.
type procJSON struct {
	Code            string       `json:"code"`
	Name            string       `json:"name"`
	Competencia     string       `json:"competencia"`
	Generation      string       `json:"generation"`
	Grupo           string       `json:"grupo"`
	Subgrupo        string       `json:"subgrupo"`
	Forma           string       `json:"forma"`
	Complexity      string       `json:"complexity"`
	Sex             string       `json:"sex"`
	MaxQuantity     int          `json:"max_quantity"`
	StayDays        int          `json:"stay_days"`
	Points          int          `json:"points"`
	MinAgeMonths    int          `json:"min_age_months"`
	MaxAgeMonths    int          `json:"max_age_months"`
	ValueSH         string       `json:"value_sh"`
	ValueSA         string       `json:"value_sa"`
	ValueSP         string       `json:"value_sp"`
	Financing       string       `json:"financing"`
	FinancingName   string       `json:"financing_name"`
	Rubrica         string       `json:"rubrica"`
	RubricaName     string       `json:"rubrica_name"`
	Registros       []string     `json:"registros"`
	Detalhes        []string     `json:"detalhes"`
	Regras          []string     `json:"regras"`
	CBOs            []string     `json:"cbos"`
	CIDs            []cidJSON    `json:"cids"`
	Habilitacoes    *habJSON     `json:"habilitacoes"`
	Servicos        []string     `json:"servicos"`
	Incrementos     []incJSON    `json:"incrementos"`
	Modalidades     []string     `json:"modalidades"`
	Leitos          []string     `json:"leitos"`
	Compativeis     []compatJSON `json:"compativeis"`
	SIASIH          []string     `json:"sia_sih"`
	Origens         []string     `json:"origens"`
	ComponentesRede []string     `json:"componentes_rede"`
	Renases         []string     `json:"renases"`
	TUSS            []string     `json:"tuss"`
	Description     *string      `json:"description"`
}

type cidJSON struct {
	CID       string `json:"cid"`
	Principal bool   `json:"principal"`
}

type habJSON struct {
	Any    []string       `json:"any"`
	Groups []habGroupJSON `json:"groups"`
}

type habGroupJSON struct {
	Grupo string   `json:"grupo"`
	All   []string `json:"all"`
}

type incJSON struct {
	Habilitacao string `json:"habilitacao"`
	SH          string `json:"sh"`
	SA          string `json:"sa"`
	SP          string `json:"sp"`
}

type compatJSON struct {
	Registro           string `json:"registro"`
	Compativel         string `json:"compativel"`
	RegistroCompativel string `json:"registro_compativel"`
	Tipo               string `json:"tipo"`
	Quantidade         int    `json:"quantidade"`
}

// strs maps a known list to strings ([] when empty), an unknown one to
// nil.
func strs[T any](vs []T, known bool, f func(T) string) []string {
	if !known {
		return nil
	}
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, f(v))
	}
	return out
}

func stringer[T fmt.Stringer](v T) string { return v.String() }

func describe(r *sigtap.Release, p sigtap.Procedure) procJSON {
	c := p.Code
	refs := r.Refs()
	j := procJSON{
		Code: c.String(), Name: p.Name,
		Competencia: r.Competencia().String(), Generation: r.Generation().String(),
		Grupo: c.Group(), Subgrupo: c.Subgroup(), Forma: c.Forma(),
		Complexity: p.Complexity.String(), Sex: p.Sex.String(),
		MaxQuantity: int(p.MaxQuantity), StayDays: int(p.StayDays), Points: p.Points,
		MinAgeMonths: int(p.MinAge), MaxAgeMonths: int(p.MaxAge),
		ValueSH: p.ValueSH.StringFixed(2), ValueSA: p.ValueSA.StringFixed(2), ValueSP: p.ValueSP.StringFixed(2),
		Financing: p.Financing.String(), Rubrica: p.Rubrica.String(),
	}
	if e, ok := refs.Financiamentos.Get(p.Financing); ok {
		j.FinancingName = e.Name
	}
	if e, ok := refs.Rubricas.Get(p.Rubrica); ok {
		j.RubricaName = e.Name
	}
	regs, ok := r.Registros(c)
	j.Registros = strs(regs, ok, stringer)
	dets, ok := r.Detalhes(c)
	j.Detalhes = strs(dets, ok, stringer)
	regras, ok := r.RegrasCondicionadas(c)
	j.Regras = strs(regras, ok, stringer)
	cbos, ok := r.CBOs(c)
	j.CBOs = strs(cbos, ok, stringer)
	if cids, ok := r.CIDs(c); ok {
		j.CIDs = make([]cidJSON, 0, len(cids))
		for _, x := range cids {
			j.CIDs = append(j.CIDs, cidJSON{x.CID.String(), x.Principal})
		}
	}
	if h, ok := r.Habilitacoes(c); ok {
		j.Habilitacoes = &habJSON{Any: strs(h.Any, true, stringer), Groups: []habGroupJSON{}}
		for _, g := range h.Groups {
			j.Habilitacoes.Groups = append(j.Habilitacoes.Groups, habGroupJSON{g.Grupo.String(), strs(g.All, true, stringer)})
		}
	}
	servs, ok := r.Servicos(c)
	j.Servicos = strs(servs, ok, stringer)
	if incs, ok := r.Incrementos(c); ok {
		j.Incrementos = make([]incJSON, 0, len(incs))
		for _, x := range incs {
			j.Incrementos = append(j.Incrementos, incJSON{x.Habilitacao.String(), x.SH.StringFixed(2), x.SA.StringFixed(2), x.SP.StringFixed(2)})
		}
	}
	mods, ok := r.Modalidades(c)
	j.Modalidades = strs(mods, ok, stringer)
	leitos, ok := r.Leitos(c)
	j.Leitos = strs(leitos, ok, stringer)
	if cs, ok := r.Compativeis(c); ok {
		j.Compativeis = make([]compatJSON, 0, len(cs))
		for _, x := range cs {
			j.Compativeis = append(j.Compativeis, compatJSON{x.Registro.String(), x.Compativel.String(), x.RegistroCompativel.String(), x.Tipo.String(), x.QuantidadePermitida})
		}
	}
	sia, ok := r.SIASIH(c)
	j.SIASIH = strs(sia, ok, func(x sigtap.SIASIHRef) string { return x.Code + "/" + string(x.Tipo) })
	origens, ok := r.Origens(c)
	j.Origens = strs(origens, ok, stringer)
	comps, ok := r.ComponentesRede(c)
	j.ComponentesRede = strs(comps, ok, same)
	ren, ok := r.RENASES(c)
	j.Renases = strs(ren, ok, same)
	tuss, ok := r.TUSS(c)
	j.TUSS = strs(tuss, ok, same)
	if d, found, err := r.Description(c); err == nil {
		if !found {
			d = ""
		}
		j.Description = &d
	}
	return j
}

func same(s string) string { return s }

func proc(e *cli.Env, args []string) int {
	fs := e.Flags("proc")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, code := e.Parse(fs, args)
	if code != cli.Proceed {
		return code
	}
	r, cs, code := releaseAndCodes(e, pos)
	if code != cli.Proceed {
		return code
	}
	status := exitOK
	out := []procJSON{}
	for _, c := range cs {
		p, found := r.Procedure(c)
		if !found {
			e.Errorf("%s is not in %s", c, r.Name())
			status = exitNotFound
			continue
		}
		out = append(out, describe(r, p))
	}
	if *asJSON {
		writeJSON(e.Stdout, out)
		return status
	}
	for i, j := range out {
		if i > 0 {
			fmt.Fprintln(e.Stdout)
		}
		printProc(e.Stdout, r, j)
	}
	return status
}

// printProc prints one procedure as aligned "label  value" lines.
func printProc(w io.Writer, r *sigtap.Release, j procJSON) {
	refs := r.Refs()
	line := func(label, format string, a ...any) {
		fmt.Fprintf(w, "  %-16s "+format+"\n", append([]any{label}, a...)...)
	}
	list := func(label string, vs []string) {
		if vs == nil {
			line(label, "unknown (table absent)")
			return
		}
		if len(vs) == 0 {
			line(label, "-")
			return
		}
		line(fmt.Sprintf("%s (%d)", label, len(vs)), "%s", strings.Join(vs, " "))
	}
	fmt.Fprintf(w, "%s  %s\n", j.Code, j.Name)
	line("release", "%s", r.Name())
	name := func(d string, ok bool) string {
		if !ok {
			return "?"
		}
		return d
	}
	g, ok := refs.Grupos.Get(j.Grupo)
	line("grupo", "%s %s", j.Grupo, name(g.Name, ok))
	sg, ok := refs.Subgrupos.Get(j.Subgrupo)
	line("subgrupo", "%s %s", j.Subgrupo, name(sg.Name, ok))
	fo, ok := refs.Formas.Get(j.Forma)
	line("forma", "%s %s", j.Forma, name(fo.Name, ok))
	line("complexidade", "%s", j.Complexity)
	line("sexo", "%s", j.Sex)
	line("idade (meses)", "%d–%d (%s–%s)", j.MinAgeMonths, j.MaxAgeMonths, sigtap.Age(j.MinAgeMonths), sigtap.Age(j.MaxAgeMonths))
	line("qt maxima", "%d (%s)", j.MaxQuantity, sigtap.Quantity(j.MaxQuantity))
	line("dias perman.", "%d", j.StayDays)
	line("pontos", "%d", j.Points)
	line("valores", "SH %s  SA %s  SP %s", j.ValueSH, j.ValueSA, j.ValueSP)
	line("financiamento", "%s %s", j.Financing, j.FinancingName)
	if j.Rubrica == "" {
		line("rubrica", "-")
	} else {
		line("rubrica", "%s %s", j.Rubrica, j.RubricaName)
	}
	list("registros", j.Registros)
	list("detalhes", j.Detalhes)
	list("regras", j.Regras)
	list("cbos", j.CBOs)
	var cids []string
	if j.CIDs != nil {
		cids = []string{}
		for _, c := range j.CIDs {
			s := c.CID
			if !c.Principal {
				s += "(sec)"
			}
			cids = append(cids, s)
		}
	}
	list("cids", cids)
	switch h := j.Habilitacoes; {
	case h == nil:
		line("habilitacoes", "unknown (table absent)")
	case len(h.Any) == 0 && len(h.Groups) == 0:
		line("habilitacoes", "-")
	default:
		var parts []string
		if len(h.Any) > 0 {
			parts = append(parts, "any of "+strings.Join(h.Any, " "))
		}
		for _, g := range h.Groups {
			parts = append(parts, "grupo "+g.Grupo+": all of "+strings.Join(g.All, " "))
		}
		line("habilitacoes", "%s", strings.Join(parts, "; "))
	}
	list("servicos", j.Servicos)
	var incs []string
	if j.Incrementos != nil {
		incs = []string{}
		for _, x := range j.Incrementos {
			incs = append(incs, fmt.Sprintf("%s(SH %s%% SA %s%% SP %s%%)", x.Habilitacao, x.SH, x.SA, x.SP))
		}
	}
	list("incrementos", incs)
	list("modalidades", j.Modalidades)
	list("leitos", j.Leitos)
	var comps []string
	if j.Compativeis != nil {
		comps = []string{}
		for _, x := range j.Compativeis {
			comps = append(comps, fmt.Sprintf("%s:%s→%s:%s/t%s", x.Registro, j.Code, x.Compativel, x.RegistroCompativel, x.Tipo))
		}
	}
	list("compativeis", comps)
	list("sia/sih", j.SIASIH)
	list("origens", j.Origens)
	list("componentes rede", j.ComponentesRede)
	list("renases", j.Renases)
	list("tuss", j.TUSS)
	switch {
	case j.Description == nil:
		line("descricao", "unknown (table absent)")
	case *j.Description == "":
		line("descricao", "-")
	default:
		line("descricao", "%s", *j.Description)
	}
}
