package remessa

import (
	"html/template"
	"io"

	"github.com/shopspring/decimal"
)

// WriteHTML writes a self-contained HTML page (inline CSS and SVG, no
// external assets or scripts) for a coordinator to open in a browser: the
// totals, a bar chart of approved vs rejected value per financing, the top
// rejection reasons, the síntese per establishment and the lines with
// ocorrências. Names maps financing codes to names; nil uses
// FinanciamentoNomes.
func WriteHTML(w io.Writer, s *Summary, names map[string]string) error {
	if names == nil {
		names = FinanciamentoNomes
	}
	byFin := s.ByFinanciamento()
	max := decimal.Zero
	for _, t := range byFin {
		max = decimal.Max(max, t.Approved, t.Rejected)
	}
	const barMax = 420.0
	type bar struct {
		Total
		Name               string
		Y                  int
		ApprovedW, RejectW float64
	}
	bars := make([]bar, len(byFin))
	for i, t := range byFin {
		b := bar{Total: t, Name: names[t.Financiamento], Y: 10 + i*56}
		if b.Name == "" {
			b.Name = "Financiamento " + t.Financiamento
		}
		if max.IsPositive() {
			b.ApprovedW, _ = t.Approved.Div(max).Mul(decimal.NewFromFloat(barMax)).Float64()
			b.RejectW, _ = t.Rejected.Div(max).Mul(decimal.NewFromFloat(barMax)).Float64()
		}
		bars[i] = b
	}
	reasons := s.Reasons
	if len(reasons) > 10 {
		reasons = reasons[:10]
	}
	return htmlReport.Execute(w, map[string]any{
		"S": s, "Bars": bars, "ChartH": 20 + 56*len(bars), "Reasons": reasons, "Names": names,
	})
}

var htmlReport = template.Must(template.New("report").Funcs(template.FuncMap{
	"brl":  FormatBRL,
	"plus": func(a, b int) int { return a + b },
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
.erro{color:#cf222e}.aviso{color:#9a6700}.nao_verificado{color:#57606a}
svg text{font-size:12px;fill:#1d2733}
</style></head><body>
<h1>Consistência da produção ambulatorial{{if .S.Competencia.Valid}} — {{.S.Competencia.Format}}{{end}}</h1>
<div class="muted">{{with .S.File}}Arquivo {{.}} · {{end}}gerado por go-sus</div>
<div class="cards">
<div class="card">Linhas<b>{{.S.Lines}}</b></div>
<div class="card">Aprovadas<b class="ok">{{.S.Approved}}</b></div>
<div class="card">Rejeitadas<b class="bad">{{.S.Rejected}}</b></div>
<div class="card">Valor aprovado<b class="ok">{{brl .S.Valor.Approved}}</b></div>
<div class="card">Valor rejeitado<b class="bad">{{brl .S.Valor.Rejected}}</b></div>
</div>
<h2>Valor por financiamento</h2>
<svg width="760" height="{{.ChartH}}" role="img" aria-label="valor aprovado e rejeitado por financiamento">
{{range .Bars}}<text x="0" y="{{plus .Y 12}}">{{.Financiamento}} {{.Name}}</text>
<rect x="0" y="{{plus .Y 16}}" width="{{printf "%.1f" .ApprovedW}}" height="14" fill="#2da44e"><title>aprovado {{brl .Approved}}</title></rect>
<text x="{{printf "%.1f" .ApprovedW}}" dx="6" y="{{plus .Y 28}}">{{brl .Approved}}</text>
<rect x="0" y="{{plus .Y 32}}" width="{{printf "%.1f" .RejectW}}" height="14" fill="#cf222e"><title>rejeitado {{brl .Rejected}}</title></rect>
<text x="{{printf "%.1f" .RejectW}}" dx="6" y="{{plus .Y 44}}">{{brl .Rejected}}</text>
{{end}}</svg>
<div class="muted"><span class="ok">■</span> aprovado <span class="bad">■</span> rejeitado</div>
{{if .Reasons}}<h2>Principais motivos de rejeição</h2>
<table><tr><th>Linhas</th><th>Código</th><th>Mensagem</th></tr>
{{range .Reasons}}<tr><td class="n">{{.Lines}}</td><td>{{.Code}}</td><td>{{.Message}}</td></tr>
{{end}}</table>{{end}}
<h2>Síntese da produção</h2>
<table><tr><th>CNES</th><th>Financiamento</th><th>Rubrica</th><th>Linhas aprov.</th><th>Qtd. aprov.</th><th>Valor aprovado</th><th>Linhas rej.</th><th>Valor rejeitado</th></tr>
{{range .S.Totals}}<tr><td>{{.CNES}}</td><td>{{.Financiamento}} {{index $.Names .Financiamento}}</td><td>{{.Rubrica}}</td><td class="n">{{.ApprovedLines}}</td><td class="n">{{.ApprovedQt}}</td><td class="n">{{brl .Approved}}</td><td class="n">{{.RejectedLines}}</td><td class="n">{{brl .Rejected}}</td></tr>
{{end}}</table>
{{if .S.Criticas}}<h2>Ocorrências do arquivo</h2><ul>
{{range .S.Criticas}}<li class="{{.Severity}}">{{.Code}}: {{.Message}}{{with .Facts}} — {{.}}{{end}}</li>
{{end}}</ul>{{end}}
{{if .S.Listed}}<h2>Linhas com ocorrências</h2>
<table><tr><th>Linha</th><th>Tipo</th><th>CNES</th><th>Comp.</th><th>Fl/Seq</th><th>Procedimento</th><th>CBO</th><th>Profissional</th><th>Paciente</th><th>Situação</th><th>Ocorrências</th></tr>
{{range .S.Listed}}<tr><td class="n">{{.Line}}</td><td>{{.Instrumento}}</td><td>{{.CNES}}</td><td>{{.Competencia.Format}}</td><td>{{printf "%03d/%02d" .Folha .Seq}}</td><td>{{.Procedimento.Format}}</td><td>{{.CBO}}</td><td>{{.Profissional}}</td><td>{{.Paciente}}</td>
<td>{{if .Approved}}<span class="ok">aprovada</span>{{else}}<span class="bad">rejeitada</span>{{end}}</td>
<td>{{range .Criticas}}<div class="{{.Severity}}">{{.Code}}: {{.Message}}{{with .Facts}} <span class="muted">({{.}})</span>{{end}}</div>{{end}}</td></tr>
{{end}}</table>{{if .S.Omitted}}<p class="muted">{{.S.Omitted}} linhas com ocorrências não listadas.</p>{{end}}{{end}}
</body></html>
`))
