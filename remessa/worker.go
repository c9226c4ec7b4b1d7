package remessa

import (
	"slices"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
)

// worker judges lines; each goroutine has its own, with its own caches.
type worker struct {
	run    *run
	l      lineRun
	bpaCtx bpa.Context
	probs  []bpa.Problem

	// caches
	relCmp  sigtap.Competencia
	rel     *sigtap.Release
	snapCmp sigtap.Competencia
	snap    *cnes.Snapshot
	habs    habCache
	vals    valCache
	micro   valMicro
	facts   procInfoCache
	profCNS [15]byte
	profStr string
	serv    map[servKey]cnes.Result
}

// profMasked returns the masked CNS of the professional, reusing the
// string while consecutive lines share the professional.
func (w *worker) profMasked(c [15]byte) string {
	if c != w.profCNS || w.profStr == "" {
		w.profCNS = c
		w.profStr = cnsMasked(c)
	}
	return w.profStr
}

func (w *worker) release(c sigtap.Competencia) *sigtap.Release {
	if w.run.c.SIGTAP == nil || !c.Valid() {
		return nil
	}
	if c != w.relCmp {
		w.relCmp = c
		w.rel, _ = w.run.c.SIGTAP.ForCompetencia(c)
	}
	return w.rel
}

func (w *worker) snapshot(c sigtap.Competencia) *cnes.Snapshot {
	if w.run.c.CNES == nil || !c.Valid() {
		return nil
	}
	if c != w.snapCmp {
		w.snapCmp = c
		w.snap = w.run.c.CNES.At(c)
	}
	return w.snap
}

// judge runs the per-line stage: layout, SIGTAP and CNES checks,
// financing and valuation. It does not touch shared state.
func (w *worker) judge(j *job, mvm sigtap.Competencia) {
	crit := j.res.Criticas[:0]
	j.res = Result{Criticas: crit, exact: true}
	j.cross = crossInfo{}
	if j.perr != nil {
		p := bpa.ProblemOf(j.perr)
		j.res.Line = p.Line
		j.res.Criticas = append(j.res.Criticas, critOf(p))
		return
	}
	l := &w.l
	l.res = &j.res
	l.stopSIGTAP = false
	l.nv = l.nv[:0]
	ctx := &l.ctx
	*ctx = Contexto{Mvm: mvm}
	ctx.setRecord(j.rec)
	res := &j.res
	res.Line, res.Instrumento, res.CNES, res.Competencia = ctx.Line, ctx.Instrumento, ctx.CNES, ctx.Competencia
	res.Folha, res.Seq, res.Procedimento, res.CBO, res.Quantidade = ctx.Folha, ctx.Seq, ctx.Procedimento, ctx.CBO, ctx.Quantidade
	if i := ctx.I; i != nil {
		res.Profissional = w.profMasked(i.CNSProfissional)
		res.Paciente = maskPatient(i.CPF, i.CNSPaciente)
	}

	// Layout and domains.
	w.bpaCtx.Mvm = mvm
	w.bpaCtx.ControlFree = j.controlFree
	w.probs = bpa.AppendProblems(w.probs[:0], j.rec, &w.bpaCtx)
	for _, p := range w.probs {
		if !w.run.disabled[Code(p.Code)] {
			res.Criticas = append(res.Criticas, critOf(p))
		}
	}

	// Data of the line's competência.
	ctx.Release = w.release(ctx.Competencia)
	l.facts = nil
	if ctx.Release != nil {
		if f := w.facts.get(ctx.Release, ctx.Procedimento); f != nil {
			l.facts = f
			ctx.Procedure = &f.proc
			ctx.info = f
		}
	} else {
		l.notChecked(CodeSemTabela, w.run.semTabela(ctx.Competencia))
	}
	ctx.Snapshot = w.snapshot(ctx.Competencia)
	l.kc.reset(ctx)
	switch {
	case ctx.Snapshot != nil && !ctx.CNES.IsZero():
		if !l.kc.habs.ok {
			l.kc.habs.e, l.kc.habs.ok = w.habs.get(ctx.Snapshot, ctx.CNES, ctx.Competencia), true
		}
		ctx.Habilitacoes, ctx.HabilitacoesKnown = l.kc.habs.e.habs, l.kc.habs.e.known
	case ctx.Snapshot == nil:
		l.notChecked(CodeSemCNES, w.run.semCNES(ctx.Competencia))
	}

	enabled := w.run.enabled
	for i := range checks {
		ck := &checks[i]
		if !enabled[i] {
			continue
		}
		switch ck.Source {
		case FonteSIGTAP:
			if ctx.Release == nil || (ctx.Procedure == nil && ck.Code != CodeProcedimento) || l.stopSIGTAP {
				continue
			}
		case FonteCNES:
			if ctx.Snapshot == nil || ctx.CNES.IsZero() {
				continue
			}
		}
		ck.run(l)
	}

	// Financing and value.
	if ctx.Procedure != nil {
		d := DecidirFinanciamento(ctx, &w.run.c.Financiamento)
		res.Financiamento, res.Rubrica = d.Financiamento, d.Rubrica
		res.Explicacao = d.Explicacao
		res.SemRepasse = d.SemRepasse
		for _, c := range d.Criticas {
			if !w.run.disabled[c.Code] {
				if c.Severity == NaoVerificado {
					l.notChecked(c.Code, c.Message)
					continue
				}
				if c.Line == 0 {
					c.Line = ctx.Line
				}
				res.Criticas = append(res.Criticas, c)
			}
		}
		res.Valor, res.micro, res.exact = w.vals.value(ctx, d.ValorZero, w.micro)
	}
	// Checks that could not run come last, after the findings.
	res.Criticas = append(res.Criticas, l.nv...)
	j.cross.fill(ctx, l.facts)
}

// lineRun is the state the check functions see.
type lineRun struct {
	w          *worker
	ctx        Contexto
	res        *Result
	facts      *procInfo // SIGTAP facts of the line's procedure; nil when unknown
	kc         keyCache
	stopSIGTAP bool      // the procedure cannot be registered in this instrument
	nv         []Critica // the line's NaoVerificado críticas, appended last
}

func (l *lineRun) add(code Code, sev Severity, msg, facts string) {
	ck := checkByCode[code]
	field := ""
	if ck != nil {
		field = ck.Field
		if msg == "" {
			msg = ck.Message
		}
	}
	l.res.Criticas = append(l.res.Criticas, Critica{Code: code, Severity: sev, Line: l.ctx.Line, Field: field, Message: msg, Facts: facts})
}

// fail adds an Erro crítica with the check's message and field (from the
// table).
func (l *lineRun) fail(code Code, facts string) { l.add(code, Erro, "", facts) }

// failMsg adds an Erro crítica with a given message (SIA's, from CNES).
func (l *lineRun) failMsg(code Code, msg, facts string) { l.add(code, Erro, msg, facts) }

// warn adds an Aviso crítica.
func (l *lineRun) warn(code Code, facts string) { l.add(code, Aviso, "", facts) }

// notChecked records that a check could not run: a crítica of severity
// NaoVerificado on the line, once per code, which makes the line
// NaoVerificada unless an Erro rejects it. The ordered stage lists each
// cause once for the file. cause is the full Portuguese message.
func (l *lineRun) notChecked(code Code, cause string) {
	if !slices.ContainsFunc(l.nv, func(c Critica) bool { return c.Code == code }) {
		l.nv = append(l.nv, Critica{Code: code, Severity: NaoVerificado, Line: l.ctx.Line, Message: cause})
	}
}
