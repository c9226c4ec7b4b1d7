package remessa

import (
	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
)

// Financiador decides the financing of BPA records on their own: it
// builds each line's Contexto from a set of SIGTAP releases and a CNES
// registry — the release and the snapshot of the line's own competência,
// never another (PT GM/MS 3.462/2010 Art. 3) — and calls
// DecidirFinanciamento. Split and the remessa command use it; the checker
// builds the same Contexto while judging a file.
//
// SIGTAP and CNES may be nil: the financing is then unknown (no release)
// or decided without habilitações (no CNES), and the explanation says so.
// A Financiador caches the habilitações of each establishment and
// competência; it is not safe for concurrent use (use one per goroutine).
type Financiador struct {
	SIGTAP  *sigtap.Set
	CNES    *cnes.Registry
	Options *FinanciamentoOptions

	ctx  Contexto
	proc sigtap.Procedure
	habs habCache
}

// Contexto returns the context of rec, a *bpa.Consolidado or a
// *bpa.Individualizado of a file whose header competência is mvm. The
// context and its Procedure are owned by f and valid until the next call.
// Other records give nil.
func (f *Financiador) Contexto(mvm sigtap.Competencia, rec bpa.Record) *Contexto {
	ctx := &f.ctx
	*ctx = Contexto{Mvm: mvm}
	switch rec.(type) {
	case *bpa.Consolidado, *bpa.Individualizado:
		ctx.setRecord(rec)
	default:
		return nil
	}
	if f.SIGTAP != nil && ctx.Competencia.Valid() {
		if rel, ok := f.SIGTAP.ForCompetencia(ctx.Competencia); ok {
			ctx.Release = rel
			if p, ok := rel.Procedure(ctx.Procedimento); ok {
				f.proc = p
				ctx.Procedure = &f.proc
			}
		}
	}
	if f.CNES != nil && ctx.Competencia.Valid() {
		ctx.Snapshot = f.CNES.At(ctx.Competencia)
	}
	if ctx.Snapshot != nil {
		h := f.habs.get(ctx.Snapshot, ctx.CNES, ctx.Competencia)
		ctx.Habilitacoes, ctx.HabilitacoesKnown = h.habs, h.known
	}
	return ctx
}

// Decidir returns the financing decision for rec (see Contexto), and
// false for a record that is not a production line.
func (f *Financiador) Decidir(mvm sigtap.Competencia, rec bpa.Record) (DecisaoFinanciamento, bool) {
	ctx := f.Contexto(mvm, rec)
	if ctx == nil {
		return DecisaoFinanciamento{}, false
	}
	return DecidirFinanciamento(ctx, f.Options), true
}
