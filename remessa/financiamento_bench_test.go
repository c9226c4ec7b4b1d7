package remessa

import (
	"testing"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
)

// benchContexto returns a standalone copy of the demo-world context of rec.
func benchContexto(b *testing.B, rec bpa.Record) *Contexto {
	set, reg := demoWorld(b)
	f := Financiador{SIGTAP: set, CNES: reg}
	ctx := *f.Contexto(cmp202601, rec)
	if ctx.Procedure != nil {
		p := *ctx.Procedure
		ctx.Procedure = &p
	}
	return &ctx
}

// BenchmarkDecidirFinanciamento measures the engine on one line, as the
// checker calls it: "common" is a BPA-I consultation linked to 0012 and
// 0014 without a programme authorization (no regra fires, the usual
// case); "sem-regras" a procedure without regras; "modalidade-2" a
// programme line whose regra 0014 fires (team checked in CNES).
func BenchmarkDecidirFinanciamento(b *testing.B) {
	for _, bc := range []struct {
		name string
		rec  bpa.Record
	}{
		{"common", lineI(estabPoli, procConsulta, "", cnes.INE{})},
		{"sem-regras", lineC(estabImagem, procGlicemia)},
		{"bpa-c-regra-0014", lineC(estabPoli, procConsulta)},
		{"modalidade-2", lineI(estabPoli, procSinus, autPrograma.String(), ineEqAE)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := benchContexto(b, bc.rec)
			opts := &FinanciamentoOptions{}
			b.ReportAllocs()
			for b.Loop() {
				d := DecidirFinanciamento(ctx, opts)
				if d.Financiamento == 0 {
					b.Fatal("no financing")
				}
			}
		})
	}
}

// BenchmarkFinanciador measures context building plus the decision, as
// Split does it per line.
func BenchmarkFinanciador(b *testing.B) {
	set, reg := demoWorld(b)
	f := Financiador{SIGTAP: set, CNES: reg}
	recs := []bpa.Record{
		lineI(estabPoli, procConsulta, "", cnes.INE{}),
		lineC(estabImagem, procGlicemia),
		lineI(estabImagem, procSinus, "", cnes.INE{}),
		lineC(estabPoli, procVigil),
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, ok := f.Decidir(cmp202601, recs[i%len(recs)]); !ok {
			b.Fatal("not decided")
		}
		i++
	}
}
