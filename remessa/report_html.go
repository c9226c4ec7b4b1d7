package remessa

import (
	"html/template"
	"io"

	"github.com/shopspring/decimal"
)

// WriteHTML writes a self-contained HTML page (inline CSS and SVG, no
// external assets or scripts) for a coordinator to open in a browser: the
// counts and values per status (aprovada, rejeitada, não verificada), a
// bar chart of the value per financing, the rejected value per reason,
// the síntese per establishment and the lines with ocorrências.
// Financings are named by s.FinanciamentoName.
func WriteHTML(w io.Writer, s *Summary) error { return writeHTML(w, s, nil) }

// WriteMonthHTML writes the HTML page of a remessa of several files: the
// month first (as WriteHTML, plus a table of the files and one of the
// establishments), then the lines with ocorrências of every file. A set
// of one file is that file's page.
func WriteMonthHTML(w io.Writer, m *MonthSummary) error {
	if len(m.Files) == 1 {
		return WriteHTML(w, m.single())
	}
	return writeHTML(w, &m.Summary, m.Files)
}

func writeHTML(w io.Writer, s *Summary, files []*Summary) error {
	const barMax = 420.0
	type bar struct {
		Label                        string
		Y                            int
		Approved, Rejected, Unverif  decimal.Decimal
		ApprovedW, RejectW, UnverifW float64
	}
	scale := func(v, max decimal.Decimal) float64 {
		if !max.IsPositive() {
			return 0
		}
		f, _ := v.Div(max).Mul(decimal.NewFromFloat(barMax)).Float64()
		return f
	}
	var bars []bar
	max := decimal.Zero
	for _, t := range s.ByFinanciamento() {
		if t.Financiamento == 0 {
			continue // lines without a financing are rejected at zero value
		}
		max = decimal.Max(max, t.Approved, t.Rejected, t.Unverified)
		bars = append(bars, bar{Label: t.Financiamento.String() + " " + s.FinanciamentoName(t.Financiamento),
			Approved: t.Approved, Rejected: t.Rejected, Unverif: t.Unverified})
	}
	for i := range bars {
		b := &bars[i]
		b.Y = 10 + i*72
		b.ApprovedW, b.RejectW, b.UnverifW = scale(b.Approved, max), scale(b.Rejected, max), scale(b.Unverif, max)
	}
	reasons := s.Reasons
	if len(reasons) > 10 {
		reasons = reasons[:10]
	}
	var rbars []bar
	rmax := decimal.Zero
	for _, r := range reasons {
		rmax = decimal.Max(rmax, r.Valor)
	}
	for i, r := range reasons {
		rbars = append(rbars, bar{Label: string(r.Code), Y: 10 + i*40, Rejected: r.Valor, RejectW: scale(r.Valor, rmax)})
	}
	var estabs []Total
	if files != nil {
		estabs = s.ByEstabelecimento()
	}
	return htmlReport.Execute(w, map[string]any{
		"S": s, "Bars": bars, "ChartH": 20 + 72*len(bars), "Reasons": reasons, "RBars": rbars, "RChartH": 20 + 40*len(rbars),
		"Files": files, "Estabs": estabs,
	})
}

var htmlReport = template.Must(template.New("report").Funcs(template.FuncMap{
	"brl":  FormatBRL,
	"plus": func(a, b int) int { return a + b },
	"fin":  finText,
}).Parse(`<!DOCTYPE html>
<html lang="pt-BR"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Consistência da produção{{with .S.Competencia}}{{if .Valid}} — {{.Format}}{{end}}{{end}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1d2733;background:#fafbfc}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.25rem}
.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:.75rem 1rem;min-width:10rem}
.card b{display:block;font-size:1.3rem}.ok{color:#1a7f37}.bad{color:#cf222e}.muted{color:#57606a}
table{border-collapse:collapse;background:#fff;font-size:.85rem;width:100%}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f3f6}td.n{text-align:right;font-variant-numeric:tabular-nums}
.erro,.rejeitada{color:#cf222e}.aviso{color:#9a6700}.nao_verificado,.nao_verificada,.nv{color:#57606a}.aprovada{color:#1a7f37}
.alerta{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:.5rem .75rem}tr.total td{font-weight:600}
svg text{font-size:12px;fill:#1d2733}
</style></head><body>
<h1>Consistência da produção ambulatorial{{if .S.Competencia.Valid}} — {{.S.Competencia.Format}}{{end}}</h1>
<div class="muted">{{with .S.File}}Arquivo {{.}} · {{end}}{{with .Files}}Remessa de {{len .}} arquivos · {{end}}gerado por go-sus</div>
<div class="cards">
<div class="card">Linhas<b>{{.S.Lines}}</b></div>
<div class="card">Aprovadas<b class="ok">{{.S.Approved}}</b></div>
<div class="card">Rejeitadas<b class="bad">{{.S.Rejected}}</b></div>
<div class="card">Não verificadas<b class="nv">{{.S.Unverified}}</b></div>
<div class="card">Valor aprovado<b class="ok">{{brl .S.Valor.Approved}}</b></div>
<div class="card">Valor rejeitado<b class="bad">{{brl .S.Valor.Rejected}}</b></div>
<div class="card">Valor não verificado<b class="nv">{{brl .S.Valor.Unverified}}</b></div>
</div>
{{if .S.FileRejected}}<p class="alerta">Arquivo rejeitado: o cabeçalho não confere com as linhas (veja as ocorrências do arquivo); nenhuma linha será aprovada.</p>{{end}}
{{if .S.Unverified}}<p class="alerta">{{.S.Unverified}} linhas não foram verificadas por falta de dados (veja as ocorrências do arquivo): não estão aprovadas.</p>{{end}}
{{if .Bars}}<h2>Valor por financiamento</h2>
<svg width="760" height="{{.ChartH}}" role="img" aria-label="valor aprovado, rejeitado e não verificado por financiamento">
{{range .Bars}}<text x="0" y="{{plus .Y 12}}">{{.Label}}</text>
<rect x="0" y="{{plus .Y 16}}" width="{{printf "%.1f" .ApprovedW}}" height="14" fill="#2da44e"><title>aprovado {{brl .Approved}}</title></rect>
<text x="{{printf "%.1f" .ApprovedW}}" dx="6" y="{{plus .Y 28}}">{{brl .Approved}}</text>
<rect x="0" y="{{plus .Y 32}}" width="{{printf "%.1f" .RejectW}}" height="14" fill="#cf222e"><title>rejeitado {{brl .Rejected}}</title></rect>
<text x="{{printf "%.1f" .RejectW}}" dx="6" y="{{plus .Y 44}}">{{brl .Rejected}}</text>
<rect x="0" y="{{plus .Y 48}}" width="{{printf "%.1f" .UnverifW}}" height="14" fill="#8c959f"><title>não verificado {{brl .Unverif}}</title></rect>
<text x="{{printf "%.1f" .UnverifW}}" dx="6" y="{{plus .Y 60}}">{{brl .Unverif}}</text>
{{end}}</svg>
<div class="muted"><span class="ok">■</span> aprovado <span class="bad">■</span> rejeitado <span class="nv">■</span> não verificado</div>{{end}}
{{if .Reasons}}<h2>Principais motivos de rejeição</h2>
<svg width="760" height="{{.RChartH}}" role="img" aria-label="valor rejeitado por motivo">
{{range .RBars}}<text x="0" y="{{plus .Y 12}}">{{.Label}}</text>
<rect x="0" y="{{plus .Y 16}}" width="{{printf "%.1f" .RejectW}}" height="14" fill="#cf222e"><title>rejeitado {{brl .Rejected}}</title></rect>
<text x="{{printf "%.1f" .RejectW}}" dx="6" y="{{plus .Y 28}}">{{brl .Rejected}}</text>
{{end}}</svg>
<table><tr><th>Linhas</th><th>Valor rejeitado</th><th>Código</th><th>Mensagem</th></tr>
{{range .Reasons}}<tr><td class="n">{{.Lines}}</td><td class="n">{{brl .Valor}}</td><td>{{.Code}}</td><td>{{.Message}}</td></tr>
{{end}}</table>{{end}}
{{if .Files}}<h2>Arquivos</h2>
<table><tr><th>Arquivo</th><th>Competência</th><th>Linhas</th><th>Aprovadas</th><th>Rejeitadas</th><th>Não verif.</th><th>Valor aprovado</th><th>Valor rejeitado</th><th>Valor não verificado</th><th>Ocorrências do arquivo</th></tr>
{{range .Files}}<tr><td>{{.File}}</td><td>{{.Competencia.Format}}</td><td class="n">{{.Lines}}</td><td class="n">{{.Approved}}</td><td class="n">{{.Rejected}}</td><td class="n">{{.Unverified}}</td><td class="n">{{brl .Valor.Approved}}</td><td class="n">{{brl .Valor.Rejected}}</td><td class="n">{{brl .Valor.Unverified}}</td><td>{{range .Criticas}}<div class="{{.Severity}}">{{.Code}}</div>{{end}}</td></tr>
{{end}}</table>
<h2>Por estabelecimento</h2>
<table><tr><th>CNES</th><th>Linhas aprov.</th><th>Valor aprovado</th><th>Linhas rej.</th><th>Valor rejeitado</th><th>Linhas não verif.</th><th>Valor não verificado</th></tr>
{{range .Estabs}}<tr><td>{{.CNES}}</td><td class="n">{{.ApprovedLines}}</td><td class="n">{{brl .Approved}}</td><td class="n">{{.RejectedLines}}</td><td class="n">{{brl .Rejected}}</td><td class="n">{{.UnverifiedLines}}</td><td class="n">{{brl .Unverified}}</td></tr>
{{end}}</table>{{end}}
<h2>Síntese da produção</h2>
<table><tr><th>CNES</th><th>Financiamento</th><th>Rubrica</th><th>Linhas aprov.</th><th>Qtd. aprov.</th><th>Valor aprovado</th><th>Linhas rej.</th><th>Valor rejeitado</th><th>Linhas não verif.</th><th>Valor não verificado</th></tr>
{{range .S.Totals}}<tr><td>{{.CNES}}</td><td>{{fin .Financiamento}} {{$.S.FinanciamentoName .Financiamento}}</td><td>{{.Rubrica}}</td><td class="n">{{.ApprovedLines}}</td><td class="n">{{.ApprovedQt}}</td><td class="n">{{brl .Approved}}</td><td class="n">{{.RejectedLines}}</td><td class="n">{{brl .Rejected}}</td><td class="n">{{.UnverifiedLines}}</td><td class="n">{{brl .Unverified}}</td></tr>
{{end}}<tr class="total"><td colspan="3">Total</td><td class="n">{{.S.Valor.ApprovedLines}}</td><td class="n">{{.S.Valor.ApprovedQt}}</td><td class="n">{{brl .S.Valor.Approved}}</td><td class="n">{{.S.Valor.RejectedLines}}</td><td class="n">{{brl .S.Valor.Rejected}}</td><td class="n">{{.S.Valor.UnverifiedLines}}</td><td class="n">{{brl .S.Valor.Unverified}}</td></tr>
</table>
{{if .S.Criticas}}<h2>Ocorrências {{if .Files}}dos arquivos{{else}}do arquivo{{end}}</h2><ul>
{{range .S.Criticas}}<li class="{{.Severity}}">{{with .File}}{{if $.Files}}{{.}}: {{end}}{{end}}{{.Code}}: {{.Message}}{{with .Facts}} — {{.}}{{end}}</li>
{{end}}</ul>{{end}}
{{if .S.Listed}}<h2>Linhas com ocorrências</h2>
<table><tr>{{if .Files}}<th>Arquivo</th>{{end}}<th>Linha</th><th>Tipo</th><th>CNES</th><th>Comp.</th><th>Fl/Seq</th><th>Procedimento</th><th>CBO</th><th>Profissional</th><th>Paciente</th><th>Situação</th><th>Ocorrências</th></tr>
{{range .S.Listed}}<tr>{{if $.Files}}<td>{{.File}}</td>{{end}}<td class="n">{{.Line}}</td><td>{{.Instrumento}}</td><td>{{.CNES}}</td><td>{{.Competencia.Format}}</td><td>{{printf "%03d/%02d" .Folha .Seq}}</td><td>{{.Procedimento.Format}}</td><td>{{.CBO}}</td><td>{{.Profissional}}</td><td>{{.Paciente}}</td>
<td class="{{.Status}}">{{.Status.Label}}</td>
<td>{{range .Criticas}}<div class="{{.Severity}}">{{.Code}}: {{.Message}}{{with .Facts}} <span class="muted">({{.}})</span>{{end}}</div>{{end}}</td></tr>
{{end}}</table>{{if .S.Omitted}}<p class="muted">{{.S.Omitted}} linhas com ocorrências não listadas.</p>{{end}}{{end}}
</body></html>
`))
