package web

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/sigtap"
	"github.com/shopspring/decimal"
)

// filter is the selection of the report's lines: by establishment
// (CNES code), professional (masked CNS as shown, or profNone for lines
// without one) and crítica code. Empty fields select everything.
type filter struct {
	CNES, Prof, Critica string
}

// profNone is the filter value of lines without a professional (BPA-C).
const profNone = "-"

// parseFilter reads the filter of the query parameters cnes,
// profissional and critica. Values are trimmed and cut to 64
// characters; anything else in the query is ignored.
func parseFilter(q url.Values) filter {
	get := func(k string) string { return clip(strings.TrimSpace(q.Get(k)), 64) }
	return filter{CNES: get("cnes"), Prof: get("profissional"), Critica: get("critica")}
}

// active reports whether the filter selects anything less than all.
func (f filter) active() bool { return f != filter{} }

// profKey is the filter value of a line's professional.
func profKey(r *remessa.Result) string {
	if r.Profissional == "" {
		return profNone
	}
	return r.Profissional
}

// match reports whether the filter selects r.
func (f filter) match(r *remessa.Result) bool {
	if f.CNES != "" && r.CNES.String() != f.CNES {
		return false
	}
	if f.Prof != "" && profKey(r) != f.Prof {
		return false
	}
	if f.Critica != "" && !slices.ContainsFunc(r.Criticas, func(c remessa.Critica) bool { return string(c.Code) == f.Critica }) {
		return false
	}
	return true
}

// choice is one option of a filter.
type choice struct {
	Value, Label string
	Count        int
	Selected     bool
}

// filterChoices are the options of the three filters, from the listed
// lines.
type filterChoices struct {
	cnes, prof, critica []choice
}

func buildChoices(m *remessa.MonthSummary) filterChoices {
	type acc struct {
		label string
		n     int
	}
	cn, pr, cr := map[string]*acc{}, map[string]*acc{}, map[string]*acc{}
	add := func(m map[string]*acc, k, label string) {
		a := m[k]
		if a == nil {
			a = &acc{label: label}
			m[k] = a
		}
		a.n++
	}
	for i := range m.Listed {
		r := &m.Listed[i]
		add(cn, r.CNES.String(), r.CNES.String())
		pk := profKey(r)
		label := pk
		if pk == profNone {
			label = "sem profissional (BPA-C)"
		}
		add(pr, pk, label)
		seen := map[remessa.Code]bool{}
		for _, c := range r.Criticas {
			if seen[c.Code] {
				continue
			}
			seen[c.Code] = true
			add(cr, string(c.Code), string(c.Code)+" — "+c.Message)
		}
	}
	list := func(m map[string]*acc) []choice {
		out := make([]choice, 0, len(m))
		for k, a := range m {
			out = append(out, choice{Value: k, Label: a.label, Count: a.n})
		}
		slices.SortFunc(out, func(a, b choice) int { return cmp.Compare(a.Value, b.Value) })
		return out
	}
	fc := filterChoices{cnes: list(cn), prof: list(pr), critica: list(cr)}
	slices.SortStableFunc(fc.critica, func(a, b choice) int { return cmp.Compare(b.Count, a.Count) })
	return fc
}

// selected returns cs with the option of value v selected.
func selected(cs []choice, v string) []choice {
	out := slices.Clone(cs)
	for i := range out {
		out[i].Selected = out[i].Value == v
	}
	return out
}

// bar is one group of bars of a chart.
type bar struct {
	Label                              string
	Y                                  int
	Approved, Rejected, Unverified     decimal.Decimal
	ApprovedW, RejectedW, UnverifiedW  float64
	ApprovedLn, RejectedLn, UnverifLns int
}

const barMax = 400.0

func scale(v, max decimal.Decimal) float64 {
	if !max.IsPositive() || !v.IsPositive() {
		return 0
	}
	f, _ := v.Div(max).Mul(decimal.NewFromFloat(barMax)).Float64()
	return f
}

// reasonBar is a rejection reason and the width of its bar.
type reasonBar struct {
	remessa.Reason
	W float64
}

// estabRow is an establishment's total and whether it has a page.
type estabRow struct {
	remessa.Total
	Link bool
}

// row is one listed line of the report.
type row struct {
	*remessa.Result
	Codes  string // " CODE1 CODE2 " for the script's filter
	Prof   string // profKey
	Hidden bool   // left out by the query's filter
	// LinkProc and LinkEstab say whether the procedure and the
	// establishment have a page (release or snapshot of the line's
	// competência loaded, code found in it).
	LinkProc, LinkEstab bool
}

// reportView is what the report template shows.
type reportView struct {
	page
	ID       string
	M        *remessa.MonthSummary
	Multi    bool // more than one file
	Bars     []bar
	ChartH   int
	Reasons  []reasonBar
	Estabs   []estabRow
	Rows     []row
	Shown    int
	Filter   filter
	FCNES    []choice
	FProf    []choice
	FCritica []choice
	Kept     bool // the uploaded files are kept: JSON lines and split can be downloaded
	Discard  bool // Options.DiscardUploads
	Expires  time.Time
	TTL      string
	Names    []string
}

// newReportView builds the report of res (id "" for a result that could
// not be kept) filtered by f.
func (h *Handler) newReportView(r *http.Request, res *result, f filter) *reportView {
	m := res.month
	v := &reportView{
		page: page{Root: root(r), Title: "Resultado da verificação" + compTitle(m.Competencia)},
		ID:   res.id, M: m, Multi: len(m.Files) > 1, Filter: f, Kept: res.inputs != nil, Discard: h.opts.DiscardUploads,
		Expires: res.expires, Names: res.names,
	}
	max := decimal.Zero
	for _, t := range m.ByFinanciamento() {
		if t.Financiamento == 0 {
			continue
		}
		max = decimal.Max(max, t.Approved, t.Rejected, t.Unverified)
		v.Bars = append(v.Bars, bar{Label: t.Financiamento.String() + " " + m.FinanciamentoName(t.Financiamento) + " · " +
			linhas(t.ApprovedLines, "aprovada", "aprovadas") + ", " + linhas(t.RejectedLines, "rejeitada", "rejeitadas") +
			", " + linhas(t.UnverifiedLines, "não verificada", "não verificadas"),
			Approved: t.Approved, Rejected: t.Rejected, Unverified: t.Unverified,
			ApprovedLn: t.ApprovedLines, RejectedLn: t.RejectedLines, UnverifLns: t.UnverifiedLines})
	}
	for i := range v.Bars {
		b := &v.Bars[i]
		b.Y = 8 + i*70
		b.ApprovedW, b.RejectedW, b.UnverifiedW = scale(b.Approved, max), scale(b.Rejected, max), scale(b.Unverified, max)
	}
	v.ChartH = 16 + 70*len(v.Bars)
	reasons := m.Reasons
	if len(reasons) > 10 {
		reasons = reasons[:10]
	}
	rmax := decimal.Zero
	for _, x := range reasons {
		rmax = decimal.Max(rmax, x.Valor)
	}
	for _, x := range reasons {
		v.Reasons = append(v.Reasons, reasonBar{Reason: x, W: scale(x.Valor, rmax) / 2})
	}
	for _, t := range m.ByEstabelecimento() {
		v.Estabs = append(v.Estabs, estabRow{Total: t, Link: h.hasEstab(m.Competencia, t.CNES)})
	}
	v.FCNES = selected(res.filters.cnes, f.CNES)
	v.FProf = selected(res.filters.prof, f.Prof)
	v.FCritica = selected(res.filters.critica, f.Critica)
	v.Rows = make([]row, len(m.Listed))
	for i := range m.Listed {
		x := &m.Listed[i]
		var b strings.Builder
		b.WriteByte(' ')
		for _, c := range x.Criticas {
			b.WriteString(string(c.Code))
			b.WriteByte(' ')
		}
		v.Rows[i] = row{Result: x, Codes: b.String(), Prof: profKey(x), Hidden: !f.match(x),
			LinkProc: h.hasProc(x.Competencia, x.Procedimento), LinkEstab: h.hasEstab(x.Competencia, x.CNES)}
		if !v.Rows[i].Hidden {
			v.Shown++
		}
	}
	return v
}

// linhas writes "1 linha aprovada", "12 linhas aprovadas".
func linhas(n int, one, many string) string {
	if n == 1 {
		return "1 linha " + one
	}
	return formatInt(n) + " linhas " + many
}

// hasProc reports whether the procedure page of code in c exists.
func (h *Handler) hasProc(c sigtap.Competencia, code sigtap.Code) bool {
	if h.set == nil {
		return false
	}
	rel, ok := h.set.ForCompetencia(c)
	if !ok {
		return false
	}
	_, ok = rel.Procedure(code)
	return ok
}

// hasEstab reports whether the establishment page of code in c exists.
func (h *Handler) hasEstab(c sigtap.Competencia, code cnes.Code) bool {
	if h.reg == nil {
		return false
	}
	_, ok := h.reg.At(c).Estabelecimento(code)
	return ok
}

// compTitle is " — 01/2026", or "" for no competência.
func compTitle(c sigtap.Competencia) string {
	if !c.Valid() {
		return ""
	}
	return " — " + c.Format()
}

// report serves GET /r/{id}: the report page of a kept result.
func (h *Handler) report(w http.ResponseWriter, r *http.Request) {
	res, ok := h.store.get(r.PathValue("id"))
	if !ok {
		h.expired(w, r)
		return
	}
	h.render(w, r, http.StatusOK, "report", h.newReportView(r, res, parseFilter(r.URL.Query())))
}

// expired answers a result that is unknown or no longer kept.
func (h *Handler) expired(w http.ResponseWriter, r *http.Request) {
	h.errorPage(w, r, http.StatusNotFound, "Resultado não encontrado",
		"Este resultado não existe ou já foi apagado: os resultados ficam na memória por "+durationPT(h.opts.ResultTTL)+
			" e somem quando o servidor para. Envie os arquivos de novo.")
}

// deleteResult serves POST /r/{id}/apagar: drops the result now.
func (h *Handler) deleteResult(w http.ResponseWriter, r *http.Request) {
	h.store.drop(r.PathValue("id"))
	redirect(w, r, "../../?apagado=1")
}

// durationPT writes a duration for people: "30 minutos", "2 horas",
// "45 segundos".
func durationPT(d time.Duration) string {
	plural := func(n int64, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return itoa(n) + " " + many
	}
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return plural(int64(d/time.Hour), "hora", "horas")
	case d >= time.Minute:
		return plural(int64(d/time.Minute), "minuto", "minutos")
	default:
		return plural(int64(d/time.Second), "segundo", "segundos")
	}
}
