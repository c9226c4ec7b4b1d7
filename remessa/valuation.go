package remessa

import (
	"math"

	"github.com/go-sus/sus/sigtap"
	"github.com/shopspring/decimal"
)

// zeroValue is the value of a line that cannot be valued.
var zeroValue = decimal.Zero

// valCache remembers, per release and procedure, VL_SA in centavos and
// the increments, so valuing a line does integer arithmetic only.
type valCache map[valKey]valEntry

type valKey struct {
	rel  *sigtap.Release
	code sigtap.Code
}

// valMicro caches the decimal of each value in millionths of a real: most
// lines share a handful of values (quantity 1 of the same procedure), and
// a decimal costs an allocation.
type valMicro map[int64]decimal.Decimal

func (m valMicro) get(micro int64) decimal.Decimal {
	if d, ok := m[micro]; ok {
		return d
	}
	if len(m) > 1<<16 {
		clear(m)
	}
	d := decimal.New(micro, -6)
	m[micro] = d
	return d
}

type valEntry struct {
	saCents int64
	exact   bool // VL_SA fits in centavos
	incs    []sigtap.Incremento
}

// Valor returns the value of a line as SIA values ambulatory production
// (docs/rules.md §6): quantity × VL_SA of the line's competência, plus the
// rl_procedimento_incremento percentages (on SA) of the establishment's
// habilitações in force, all in decimal. Several increments that apply add
// up (inference: SIGTAP does not say how they combine). zero (regra 0008)
// gives zero.
func Valor(ctx *Contexto, zero bool) decimal.Decimal {
	var c valCache
	d, _, _ := c.value(ctx, zero, nil)
	return d
}

// value returns the line's value and, when it is exact in millionths of
// a real and fits an int64, that integer (exact true).
func (c *valCache) value(ctx *Contexto, zero bool, micro valMicro) (v decimal.Decimal, m int64, exact bool) {
	if zero || ctx.Procedure == nil || ctx.Quantidade <= 0 {
		return zeroValue, 0, true
	}
	if *c == nil {
		*c = valCache{}
	}
	k := valKey{ctx.Release, ctx.Procedimento}
	e, ok := (*c)[k]
	if !ok {
		sa := ctx.Procedure.ValueSA.Shift(2)
		e.exact = sa.Equal(sa.Truncate(0)) && sa.LessThan(decimal.New(1, 12))
		e.saCents = sa.IntPart()
		e.incs, _ = ctx.Release.Incrementos(ctx.Procedimento)
		(*c)[k] = e
	}
	// Increment in hundredths of a percent.
	pct := int64(0)
	var pctDec decimal.Decimal
	inexact := false
	if len(e.incs) > 0 && ctx.HabilitacoesKnown {
		for _, inc := range e.incs {
			for _, h := range ctx.Habilitacoes {
				if inc.Habilitacao == h {
					p := inc.SA.Shift(2)
					if !p.Equal(p.Truncate(0)) {
						inexact = true
					}
					pct += p.IntPart()
					pctDec = pctDec.Add(inc.SA)
				}
			}
		}
	}
	q := int64(ctx.Quantidade)
	if e.exact && !inexact && q < 1_000_000 && e.saCents < 1_000_000_000 && pct >= 0 && pct < 1_000_000 {
		// Exact integer arithmetic in millionths of a real, when the
		// product fits in an int64.
		if base := q * e.saCents; base < math.MaxInt64/(10000+pct) {
			m = base * (10000 + pct)
			if micro != nil {
				return micro.get(m), m, true
			}
			return decimal.New(m, -6), m, true
		}
	}
	v = ctx.Procedure.ValueSA.Mul(decimal.NewFromInt(q))
	return v.Add(v.Mul(pctDec).Div(decimal.NewFromInt(100))), 0, false
}
