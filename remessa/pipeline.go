package remessa

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
)

// batchSize is the number of lines a worker judges at once.
const batchSize = 512

// run is the state of one CheckFiles call: what every file shares.
type run struct {
	c        *Checker
	ctx      context.Context
	disabled map[Code]bool
	enabled  []bool // per entry of checks
	bpaSkip  []string
	cross    crossState
	cmp      sigtap.Competencia // the set's processing competência
	files    []*fileRun
	budget   int // lines still listable over the whole run

	emit     func(*Result) error
	fileDone func(*Summary) error

	hashes map[uint64]int32 // production hash → first file with it
}

// fileRun is the state of one file of the run.
type fileRun struct {
	idx  int32
	name string
	in   Input

	header   *bpa.Header
	mvm      sigtap.Competencia
	wrongCmp bool // header competência differs from the set's
	base     int32
	tally    Tally
	totals   bpa.Totals
	notes    map[string]bool // not-checked causes already listed
	hash     prodHash
	problems []bpa.Problem
	sum      *Summary
}

func newRun(c *Checker, ctx context.Context) *run {
	r := &run{c: c, ctx: ctx, disabled: map[Code]bool{}, hashes: map[uint64]int32{}}
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
	r.budget = c.MaxListed
	if r.budget <= 0 {
		r.budget = DefaultMaxListed
	}
	r.cross.init()
	return r
}

func (r *run) workers() int {
	n := r.c.Workers
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return min(n, MaxWorkers)
}

func (r *run) newWorker() *worker {
	w := &worker{run: r, micro: valMicro{}, serv: map[servKey]cnes.Result{}}
	w.l.w = w
	w.bpaCtx.Skip = r.bpaSkip
	return w
}

// job is one line travelling through the pipeline.
type job struct {
	rec         bpa.Record
	perr        error // parse error instead of a record
	controlFree bool  // the line holds no control character (bpa.Context.ControlFree)
	res         Result
	cross       crossInfo
}

// ctxCheckEvery is how many lines are read between looks at the context.
const ctxCheckEvery = 4096

// canceled returns the context's error every ctxCheckEvery lines.
func (r *run) canceled(line int) error {
	if line%ctxCheckEvery != 0 {
		return nil
	}
	return r.ctx.Err()
}

// open starts reading a file: the reader hashes the production (every
// byte after the header line) on the way.
func (r *run) open(fr *fileRun) (*bpa.Reader, io.Closer, error) {
	rc, err := fr.in.Open()
	if err != nil {
		return nil, nil, fileErr(fr.name, err)
	}
	var in io.Reader = rc
	if len(r.files) > 1 {
		// Identical production is looked for across the files of a set.
		fr.hash.init(r.cross.seed)
		in = io.TeeReader(rc, &fr.hash)
	}
	rd := bpa.NewReader(in)
	rd.File = fr.name
	return rd, rc, nil
}

// next reads the next line of a file: a record, a line's parse error, the
// header (handled here), or io.EOF. Only I/O errors are returned as err.
func (r *run) next(fr *fileRun, rd *bpa.Reader) (rec bpa.Record, perr error, err error) {
	for {
		if err := r.canceled(rd.LineNumber()); err != nil {
			return nil, nil, err
		}
		rec, err := rd.Read()
		if err == io.EOF {
			fr.problems = rd.Problems()
			if fr.header == nil {
				return nil, nil, &HeaderError{File: fr.name, Err: errEmptyOrNoHeader(rd)}
			}
			return nil, nil, io.EOF
		}
		if errors.Is(err, bpa.ErrNotBPA) || errors.Is(err, bpa.ErrEmpty) {
			return nil, nil, &HeaderError{File: fr.name, Err: err}
		}
		if err != nil && !isParseErr(err) {
			return nil, nil, fileErr(fr.name, err)
		}
		if h, ok := rec.(*bpa.Header); ok && err == nil {
			r.onHeader(fr, h)
			continue
		}
		if fr.header == nil {
			// Line 1 is not a readable header: not a BPA file, or one whose
			// header SIA rejects with the whole file.
			if err == nil {
				err = bpa.ErrNotBPA
			}
			return nil, nil, &HeaderError{File: fr.name, Err: err}
		}
		return rec, err, nil
	}
}

// errEmptyOrNoHeader says why a file ended without a header.
func errEmptyOrNoHeader(rd *bpa.Reader) error {
	if rd.LineNumber() == 0 {
		return bpa.ErrEmpty
	}
	return bpa.ErrNotBPA
}

// fileErr names the file in err, unless err already does (package bpa's
// errors name the file they read).
func fileErr(name string, err error) error {
	if strings.Contains(err.Error(), name) {
		return err
	}
	return fmt.Errorf("remessa: %s: %w", name, err)
}

func isParseErr(err error) bool {
	var pe *bpa.ParseError
	return errors.As(err, &pe)
}

// onHeader handles a file's header record (line 1). It runs in the
// file's reader before any of the file's lines reach the ordered stage.
func (r *run) onHeader(fr *fileRun, h *bpa.Header) {
	hc := *h
	fr.header = &hc
	fr.mvm = h.Competencia
	// An absent source is said for every file even when no line reaches
	// it.
	if !r.c.hasSIGTAP() {
		fr.critica(r, Critica{Code: CodeSemTabela, Severity: NaoVerificado, Message: msgSemSIGTAP})
		fr.noted(CodeSemTabela, msgSemSIGTAP)
	}
	if !r.c.hasCNES() {
		fr.critica(r, Critica{Code: CodeSemCNES, Severity: NaoVerificado, Message: msgSemCNES})
		fr.noted(CodeSemCNES, msgSemCNES)
	}
	if len(r.files) == 1 {
		// A set of one: no header was read beforehand.
		if r.cmp.IsZero() {
			r.cmp = h.Competencia
		}
		r.cross.presize(presizeLines(h.Lines, fr.in.Size))
	}
	fr.wrongCmp = h.Competencia != r.cmp
	if fr.wrongCmp {
		fr.critica(r, Critica{Code: CodeArquivoCompetencia, Severity: Erro, Line: h.Line, Field: "cbc_mvm", Message: msgArquivoCompetencia,
			Facts: "cabeçalho " + h.Competencia.Format() + ", remessa " + r.cmp.Format()})
	}
	for _, p := range bpa.AppendProblems(nil, &hc, &bpa.Context{Mvm: h.Competencia, Skip: r.bpaSkip}) {
		fr.critica(r, critOf(p))
	}
	if fn, err := bpa.ParseFileName(fr.name); err == nil {
		if err := fn.CheckCompetencia(h.Competencia); err != nil {
			fr.critica(r, Critica{Code: CodeNomeArquivo, Severity: Aviso, Line: h.Line, Field: "cbc_mvm", Message: msgNomeArquivo,
				Facts: "arquivo " + fr.name + ", cabeçalho " + h.Competencia.Format()})
		}
	}
}

// critica records a file-level crítica unless its code is disabled.
func (fr *fileRun) critica(r *run, c Critica) {
	if !r.disabled[c.Code] {
		c.File = fr.name
		fr.tally.AddFile(c)
	}
}

// begin prepares a file's state in the ordered stage, before its first
// line: the listing budget and the file's base in the set-wide line
// numbering of the cross-line rules.
func (r *run) begin(fr *fileRun) {
	fr.tally.budget = &r.budget
	if fr.idx > 0 {
		prev := r.files[fr.idx-1]
		fr.base = prev.base + int32(prev.tally.s.Lines) + 2
	}
}

// noted reports whether a not-checked cause was already listed for the
// file, and marks it listed.
func (fr *fileRun) noted(code Code, msg string) bool {
	if fr.notes == nil {
		fr.notes = map[string]bool{}
	}
	k := string(code) + "\x00" + msg
	if fr.notes[k] {
		return true
	}
	fr.notes[k] = true
	return false
}

// ordered runs the cross-line stage on a judged job of fr, in set order,
// then tallies and emits it.
func (r *run) ordered(fr *fileRun, j *job) error {
	res := &j.res
	if j.rec != nil {
		fr.totals.Add(j.rec)
		r.cross.apply(r, fr, j)
	}
	if fr.wrongCmp && !r.disabled[CodeArquivoCompetencia] {
		res.Criticas = append(res.Criticas, Critica{Code: CodeArquivoCompetencia, Severity: Erro, Line: res.Line, Field: "cbc_mvm",
			Message: msgArquivoCompetencia})
	}
	res.File = fr.name
	for _, c := range res.Criticas {
		if c.Severity == NaoVerificado && !fr.noted(c.Code, c.Message) {
			fr.critica(r, Critica{Code: c.Code, Severity: NaoVerificado, Message: c.Message})
		}
	}
	res.Status = StatusOf(res.Criticas)
	res.Approved = res.Status == Aprovada
	fr.tally.Add(res)
	if r.emit != nil {
		return r.emit(res)
	}
	return nil
}

// finish adds the file-level findings of fr once its last line was
// judged, builds its Summary and hands it to fileDone.
func (r *run) finish(fr *fileRun) error {
	for _, p := range fr.problems {
		c := critOf(p)
		if p.Code == bpa.CodeHeaderLines || p.Code == bpa.CodeControl {
			c.Severity = Erro // the reader warns; SIA rejects the file
		}
		fr.critica(r, c)
	}
	if h := fr.header; h != nil && !r.disabled[Code(bpa.CodeHeaderFolhas)] {
		if f := fr.totals.Folhas(); h.Folhas != f {
			fr.critica(r, Critica{Code: Code(bpa.CodeHeaderFolhas), Severity: Aviso, Line: h.Line, Field: "cbc_flh",
				Message: "NUMERO DE FOLHAS DO CABECALHO DIFERE DO CONTADO",
				Facts:   fmt.Sprintf("cbc_flh %d, contadas %d (regra de contagem inferida)", h.Folhas, f)})
		}
	}
	if len(r.files) > 1 && fr.tally.s.Lines > 0 {
		h := fr.hash.h.Sum64()
		if first, dup := r.hashes[h]; dup {
			c := Critica{Code: CodeArquivoDuplicado, Severity: Aviso, Message: msgArquivoDuplicado,
				Facts: fr.name + " = " + r.files[first].name}
			fr.critica(r, c)
		} else {
			r.hashes[h] = fr.idx
		}
	}
	s := fr.tally.Summary()
	s.File = fr.name
	s.Competencia = fr.mvm
	s.nameFinanciamentos(r.c.SIGTAP)
	s.rejectIfFileRejected()
	fr.sum = &s
	if r.fileDone != nil {
		return r.fileDone(fr.sum)
	}
	return nil
}

// prodHash hashes a file's production: every byte after its first line,
// which ends at its first CR or LF (the Reader's line ends: CR LF, LF or
// CR alone).
type prodHash struct {
	h      maphash.Hash
	inBody bool
}

func (p *prodHash) init(seed maphash.Seed) {
	p.h.SetSeed(seed)
	p.inBody = false
}

func (p *prodHash) Write(b []byte) (int, error) {
	n := len(b)
	if !p.inBody {
		i := bytes.IndexAny(b, "\r\n")
		if i < 0 {
			return n, nil
		}
		p.inBody = true
		b = b[i+1:]
	}
	p.h.Write(b)
	return n, nil
}

// sequential judges every file in the calling goroutine, reusing records.
func (r *run) sequential() error {
	w := r.newWorker()
	var j job
	for _, fr := range r.files {
		rd, closer, err := r.open(fr)
		if err != nil {
			return err
		}
		rd.ReuseRecord = true
		r.begin(fr)
		for {
			rec, perr, err := r.next(fr, rd)
			if err == io.EOF {
				break
			}
			if err != nil {
				closer.Close()
				return err
			}
			j.rec, j.perr, j.controlFree = rec, perr, rd.ControlFree()
			w.judge(&j, fr.mvm)
			if err := r.ordered(fr, &j); err != nil {
				closer.Close()
				return err
			}
		}
		closer.Close()
		if err := r.finish(fr); err != nil {
			return err
		}
	}
	return nil
}

type batch struct {
	fr   *fileRun
	jobs []job
	n    int
	done chan struct{}
	end  bool  // the file's last message: no jobs
	err  error // with end: the error that stopped the file's reader
}

// filesInFlight is how many files are read ahead of the one in the
// ordered stage, and batchesPerFile how many batches each may hold: the
// pipeline's memory is about filesInFlight·batchesPerFile·batchSize jobs,
// whatever the size of the files.
const (
	filesInFlight  = 4
	batchesPerFile = 8
)

// slot is the batches one file reader owns, made as they are needed (a
// small file needs one).
type slot struct {
	free chan *batch
	made int
}

// get returns a free batch of the slot, waiting for one when all
// batchesPerFile are in use; false when ctx is done first.
func (s *slot) get(ctx context.Context) (*batch, bool) {
	if s.made < batchesPerFile {
		select {
		case b := <-s.free:
			return b, true
		default:
			s.made++
			return &batch{jobs: make([]job, batchSize), done: make(chan struct{}, 1)}, true
		}
	}
	select {
	case b := <-s.free:
		return b, true
	case <-ctx.Done():
		return nil, false
	}
}

// parallel reads up to filesInFlight files at once, judges their batches
// on a pool of workers, and applies the ordered stage file by file, each
// file's lines in order.
func (r *run) parallel() error {
	nw := r.workers()
	ctx, cancel := context.WithCancel(r.ctx)
	defer cancel()
	parent := r.ctx
	r.ctx = ctx
	defer func() { r.ctx = parent }()

	work := make(chan *batch, nw*2)
	var workersDone sync.WaitGroup
	for range nw {
		w := r.newWorker()
		workersDone.Go(func() {
			for b := range work {
				for i := 0; i < b.n; i++ {
					w.judge(&b.jobs[i], b.fr.mvm)
				}
				b.done <- struct{}{}
			}
		})
	}

	inFlight := min(filesInFlight, len(r.files))
	slots := make(chan *slot, inFlight)
	for range inFlight {
		slots <- &slot{free: make(chan *batch, batchesPerFile)}
	}
	// queues carries, in file order, the channel of each file's batches.
	queues := make(chan chan *batch, len(r.files))
	slotOf := make([]*slot, len(r.files))
	var readers sync.WaitGroup
	go func() {
		defer close(queues)
		for i, fr := range r.files {
			var s *slot
			select {
			case s = <-slots:
			case <-ctx.Done():
				return
			}
			slotOf[i] = s
			q := make(chan *batch, batchesPerFile+1)
			queues <- q
			readers.Go(func() { r.read(ctx, fr, s, q, work) })
		}
	}()

	var err error
	for q := range queues {
		started := false
		for b := range q {
			if err != nil {
				continue // drain after an error
			}
			if !started {
				r.begin(b.fr)
				started = true
			}
			if b.end {
				if b.err != nil {
					err = b.err
				} else {
					err = r.finish(b.fr)
				}
				slots <- slotOf[b.fr.idx]
				continue
			}
			<-b.done
			for i := 0; i < b.n && err == nil; i++ {
				err = r.ordered(b.fr, &b.jobs[i])
			}
			for i := 0; i < b.n; i++ {
				b.jobs[i] = job{res: Result{Criticas: b.jobs[i].res.Criticas[:0]}}
			}
			slotOf[b.fr.idx].free <- b
		}
		if err != nil {
			cancel()
		}
	}
	cancel()
	readers.Wait()
	close(work)
	workersDone.Wait()
	if err == nil {
		err = parent.Err()
	}
	return err
}

// read reads one file into batches: each goes to the workers and, in
// order, to the file's queue, which ends with an end batch.
func (r *run) read(ctx context.Context, fr *fileRun, s *slot, q chan<- *batch, work chan<- *batch) {
	defer close(q)
	end := func(err error) { q <- &batch{fr: fr, end: true, err: err} }
	rd, closer, err := r.open(fr)
	if err != nil {
		end(err)
		return
	}
	defer closer.Close()
	var b *batch
	get := func() bool {
		var ok bool
		if b, ok = s.get(ctx); ok {
			b.fr, b.n = fr, 0
		}
		return ok
	}
	put := func() bool {
		select {
		case work <- b:
		case <-ctx.Done():
			return false
		}
		q <- b
		b = nil
		return true
	}
	for {
		if b == nil && !get() {
			end(ctx.Err())
			return
		}
		rec, perr, err := r.next(fr, rd)
		if err == io.EOF {
			break
		}
		if err != nil {
			end(err)
			return
		}
		jb := &b.jobs[b.n]
		jb.rec, jb.perr, jb.controlFree = rec, perr, rd.ControlFree()
		b.n++
		if b.n == batchSize && !put() {
			end(ctx.Err())
			return
		}
	}
	if b != nil && b.n > 0 && !put() {
		end(ctx.Err())
		return
	}
	if b != nil && b.n == 0 {
		s.free <- b
	}
	end(nil)
}

// critOf converts a bpa Problem into a Critica with the bpa code.
func critOf(p bpa.Problem) Critica {
	return Critica{Code: Code(p.Code), Severity: p.Severity, Line: p.Line, Field: p.Field, Message: p.Message, Facts: p.Facts}
}
