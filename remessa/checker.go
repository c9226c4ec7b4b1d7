package remessa

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
)

// Checker judges the lines of a BPA file the way SIA does: layout and
// domains (package bpa), SIGTAP of each line's own competência, CNES of
// that competência, the financing rules, and the cross-line rules
// (instrument per procedure, quantity per patient, duplicate slots). It
// values every line and adds up the month.
//
// The zero value checks layout only; set Sigtap and CNES for the rest. A
// check whose data is absent is reported once as NaoVerificado, never
// passed silently and never turned into per-line errors.
type Checker struct {
	// Sigtap holds the releases by competência; nil skips SIGTAP checks.
	Sigtap *sigtap.Set
	// CNES holds registry snapshots by competência; nil skips CNES checks.
	CNES *cnes.Registry
	// Disable lists crítica codes not to run or report (checker codes,
	// bpa codes such as "BPA-CEP", or financing codes).
	Disable []Code
	// Workers is the number of goroutines judging lines; 0 means
	// runtime.GOMAXPROCS. Output order is the file order either way.
	Workers int
	// Financiamento configures the financing engine.
	Financiamento FinanciamentoOptions
	// MaxListed bounds the lines with críticas the Summary keeps for the
	// reports (0 means DefaultMaxListed).
	MaxListed int
	// File names the file in the Summary.
	File string
}

// batchSize is the number of lines a worker judges at once.
const batchSize = 512

// Check reads a BPA file and calls emit with the verdict on each
// production line, in file order (emit may be nil). The *Result passed to
// emit is reused after emit returns: copy it to keep it. An error from
// emit stops the run. The returned Summary holds the totals and the
// file-level críticas; the error is an I/O error or emit's.
func (c *Checker) Check(r io.Reader, emit func(*Result) error) (*Summary, error) {
	run := newRun(c)
	rd := bpa.NewReader(r)
	workers := c.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var err error
	if workers == 1 {
		err = run.sequential(rd, emit)
	} else {
		err = run.parallel(rd, emit, workers)
	}
	if err != nil {
		return nil, err
	}
	return run.finish(rd), nil
}

// Value is Check without per-line output: the totals only.
func (c *Checker) Value(r io.Reader) (*Summary, error) { return c.Check(r, nil) }

// run is the state of one Check call.
type run struct {
	c        *Checker
	disabled map[Code]bool
	enabled  []bool // per entry of checks
	bpaSkip  []string
	header   *bpa.Header
	mvm      sigtap.Competencia
	tally    Tally
	cross    crossState
	totals   bpa.Totals
	workers  []*worker
}

func newRun(c *Checker) *run {
	r := &run{c: c, disabled: map[Code]bool{}}
	// The competência window is judged here, with atributo 029.
	r.bpaSkip = []string{bpa.CodeCmpWindow}
	for _, d := range c.Disable {
		r.disabled[d] = true
		if strings.HasPrefix(string(d), "BPA-") {
			r.bpaSkip = append(r.bpaSkip, string(d))
		}
	}
	r.enabled = make([]bool, len(checks))
	for i, ck := range checks {
		r.enabled[i] = !r.disabled[ck.Code]
	}
	r.tally.MaxListed = c.MaxListed
	r.cross.init()
	return r
}

func (r *run) newWorker() *worker {
	w := &worker{run: r, nc: map[string]Critica{},
		micro: valMicro{}, rubs: map[sigtap.Rubrica]string{}, serv: map[servKey]cnes.Result{}}
	w.l.w = w
	w.bpaCtx.Skip = r.bpaSkip
	r.workers = append(r.workers, w)
	return w
}

// job is one line travelling through the pipeline.
type job struct {
	rec   bpa.Record
	perr  error // parse error instead of a record
	res   Result
	cross crossInfo
}

// onHeader handles the header record (line 1).
func (r *run) onHeader(h *bpa.Header) {
	hc := *h
	r.header = &hc
	r.mvm = h.Competencia
	r.cross.presize(h.Lines)
	for _, p := range bpa.AppendProblems(nil, &hc, &bpa.Context{Mvm: h.Competencia, Skip: r.bpaSkip}) {
		r.fileCritica(critOf(p))
	}
}

func (r *run) fileCritica(c Critica) {
	if !r.disabled[c.Code] {
		r.tally.AddFile(c)
	}
}

// sequential judges the lines in the calling goroutine, reusing records.
func (r *run) sequential(rd *bpa.Reader, emit func(*Result) error) error {
	rd.ReuseRecord = true
	w := r.newWorker()
	var j job
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil && !isParseErr(err) {
			return err
		}
		if h, ok := rec.(*bpa.Header); ok && err == nil {
			r.onHeader(h)
			continue
		}
		j.rec, j.perr = rec, err
		w.judge(&j, r.mvm)
		if err := r.ordered(&j, emit); err != nil {
			return err
		}
	}
}

type batch struct {
	jobs []job
	n    int
	done chan struct{}
}

// parallel reads in the calling goroutine, judges batches on workers and
// applies the cross-line stage in file order.
func (r *run) parallel(rd *bpa.Reader, emit func(*Result) error, workers int) error {
	work := make(chan *batch, workers*2)
	order := make(chan *batch, workers*4)
	free := make(chan *batch, workers*4+workers*2+2)
	for i := 0; i < cap(free); i++ {
		free <- &batch{jobs: make([]job, batchSize), done: make(chan struct{}, 1)}
	}
	ws := make([]*worker, workers)
	for i := range ws {
		ws[i] = r.newWorker()
	}
	for _, w := range ws {
		go func(w *worker) {
			for b := range work {
				for i := 0; i < b.n; i++ {
					w.judge(&b.jobs[i], r.mvm)
				}
				b.done <- struct{}{}
			}
		}(w)
	}
	// The consumer runs the ordered stage in its own goroutine.
	errc := make(chan error, 1)
	go func() {
		var err error
		for b := range order {
			<-b.done
			for i := 0; i < b.n && err == nil; i++ {
				err = r.ordered(&b.jobs[i], emit)
			}
			for i := 0; i < b.n; i++ {
				b.jobs[i] = job{res: Result{Criticas: b.jobs[i].res.Criticas[:0]}}
			}
			free <- b
		}
		errc <- err
	}()
	var readErr error
	b := <-free
	b.n = 0
	flush := func() {
		if b.n == 0 {
			return
		}
		order <- b
		work <- b
		b = <-free
		b.n = 0
	}
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil && !isParseErr(err) {
			readErr = err
			break
		}
		if h, ok := rec.(*bpa.Header); ok && err == nil {
			// The header is line 1: nothing is in flight yet.
			r.onHeader(h)
			continue
		}
		jb := &b.jobs[b.n]
		jb.rec, jb.perr = rec, err
		b.n++
		if b.n == batchSize {
			flush()
		}
	}
	flush()
	close(work)
	close(order)
	err := <-errc
	if readErr != nil {
		return readErr
	}
	return err
}

func isParseErr(err error) bool {
	var pe *bpa.ParseError
	return errors.As(err, &pe)
}

// ordered runs the cross-line stage on a judged job, then tallies and
// emits it.
func (r *run) ordered(j *job, emit func(*Result) error) error {
	if j.rec != nil {
		r.totals.Add(j.rec)
		r.cross.apply(r, j)
	}
	j.res.Approved = true
	for _, c := range j.res.Criticas {
		if c.Severity == Erro {
			j.res.Approved = false
			break
		}
	}
	r.tally.Add(&j.res)
	if emit != nil {
		return emit(&j.res)
	}
	return nil
}

// finish adds the file-level findings and returns the summary.
func (r *run) finish(rd *bpa.Reader) *Summary {
	for _, p := range rd.Problems() {
		c := critOf(p)
		if p.Code == bpa.CodeHeaderLines || p.Code == bpa.CodeControl {
			c.Severity = Erro // the reader warns; SIA rejects the file
		}
		r.fileCritica(c)
	}
	if h := r.header; h != nil && !r.disabled[Code(bpa.CodeHeaderFolhas)] {
		if f := r.totals.Folhas(); h.Folhas != f {
			r.fileCritica(Critica{Code: Code(bpa.CodeHeaderFolhas), Severity: Aviso, Line: h.Line, Field: "cbc_flh",
				Message: fmt.Sprintf("cbc_flh is %d but %d folhas were counted (counting rule is an inference)", h.Folhas, f)})
		}
	}
	// "Not checked" findings, once per code and cause, in a stable order.
	nc := map[string]Critica{}
	for _, w := range r.workers {
		for k, v := range w.nc {
			nc[k] = v
		}
	}
	keys := make([]string, 0, len(nc))
	for k := range nc {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		r.fileCritica(nc[k])
	}
	s := r.tally.Summary()
	s.File = r.c.File
	s.Competencia = r.mvm
	return &s
}

// critOf converts a bpa Problem into a Critica with the bpa code.
func critOf(p bpa.Problem) Critica {
	return Critica{Code: Code(p.Code), Severity: p.Severity, Line: p.Line, Field: p.Field, Message: p.Message}
}

// worker judges lines; each goroutine has its own, with its own caches.
type worker struct {
	run    *run
	l      lineRun
	bpaCtx bpa.Context
	probs  []bpa.Problem
	nc     map[string]Critica // not-checked findings by code+cause

	// caches
	relCmp  sigtap.Competencia
	rel     *sigtap.Release
	snapCmp sigtap.Competencia
	snap    *cnes.Snapshot
	habs    habCache
	vals    valCache
	micro   valMicro
	facts   procInfoCache
	rubs    map[sigtap.Rubrica]string
	profCNS [15]byte
	profStr string
	serv    map[servKey]cnes.Result
}

// finCodes holds the two-digit strings of financing codes 00–99.
var finCodes = func() (t [100]string) {
	for i := range t {
		t[i] = string([]byte{byte('0' + i/10), byte('0' + i%10)})
	}
	return
}()

func finName(f sigtap.Financiamento) string {
	if int(f) < len(finCodes) {
		return finCodes[f]
	}
	return f.String()
}

func (w *worker) rubrica(r sigtap.Rubrica) string {
	if s, ok := w.rubs[r]; ok {
		return s
	}
	s := r.String()
	w.rubs[r] = s
	return s
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
	if w.run.c.Sigtap == nil || !c.Valid() {
		return nil
	}
	if c != w.relCmp {
		w.relCmp = c
		w.rel, _ = w.run.c.Sigtap.ForCompetencia(c)
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
	} else if w.run.c.Sigtap != nil && ctx.Competencia.Valid() {
		l.notChecked(CodeSemTabela, "no SIGTAP release loaded for "+ctx.Competencia.String())
	}
	ctx.Snapshot = w.snapshot(ctx.Competencia)
	l.kc.reset(ctx)
	switch {
	case ctx.Snapshot != nil && !ctx.CNES.IsZero():
		if !l.kc.habs.ok {
			l.kc.habs.e, l.kc.habs.ok = w.habs.get(ctx.Snapshot, ctx.CNES, ctx.Competencia), true
		}
		ctx.Habilitacoes, ctx.HabilitacoesKnown = l.kc.habs.e.habs, l.kc.habs.e.known
	case ctx.Snapshot == nil && w.run.c.CNES != nil && ctx.Competencia.Valid():
		l.notChecked(CodeSemCNES, "no CNES registry loaded for "+ctx.Competencia.String())
	}

	for i := range checks {
		ck := &checks[i]
		if !w.run.enabled[i] {
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
		res.Financiamento = finName(d.Financiamento)
		if d.Rubrica != 0 {
			res.Rubrica = w.rubrica(d.Rubrica)
		}
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
	j.cross.fill(ctx, l.facts)
}

// lineRun is the state the check functions see.
type lineRun struct {
	w          *worker
	ctx        Contexto
	res        *Result
	facts      *procInfo // SIGTAP facts of the line's procedure; nil when unknown
	kc         keyCache
	stopSIGTAP bool // the procedure cannot be registered in this instrument
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

// notChecked records, once per code and cause, that a check could not run.
func (l *lineRun) notChecked(code Code, cause string) {
	k := string(code) + "\x00" + cause
	if _, ok := l.w.nc[k]; ok {
		return
	}
	l.w.nc[k] = Critica{Code: code, Severity: NaoVerificado, Message: "not checked: " + cause}
}
