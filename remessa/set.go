package remessa

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/internal/safeio"
	"github.com/go-sus/sus/sigtap"
	"github.com/shopspring/decimal"
)

// Input is one BPA file of a remessa: a name for the reports and a way to
// read it.
type Input struct {
	// Name names the file in Results, summaries and críticas (a base
	// name such as "PA2569302.JAN").
	Name string
	// Open returns the file's content. In a set of several files it is
	// called twice: first to read the header line (the set's competência
	// must be known before any line is judged), then to read the file.
	Open func() (io.ReadCloser, error)
	// Size is the file's size in bytes when known (0: unknown). It bounds
	// the memory set aside before the lines are read, whatever the header
	// claims.
	Size int64
}

// FileInput returns the Input of the BPA file at path, named by its base
// name. Only regular files are opened (a FIFO or device is refused).
func FileInput(path string) Input {
	in := Input{Name: filepath.Base(path), Open: func() (io.ReadCloser, error) { return safeio.Open(path) }}
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		in.Size = st.Size()
	}
	return in
}

// ReaderInput returns an Input read from r, which is read once: its header
// is peeked, not consumed, so it may also be part of a set of several
// files. Open returns the same reader every time.
func ReaderInput(name string, r io.Reader) Input {
	br := &peekReader{Reader: bufio.NewReaderSize(r, 64<<10)}
	return Input{Name: name, Open: func() (io.ReadCloser, error) { return br, nil }}
}

// peekReader is a shared, non-closing bufio.Reader: the header is peeked
// through it without being consumed.
type peekReader struct{ *bufio.Reader }

func (*peekReader) Close() error { return nil }

// MonthSummary is the verdict on a remessa of several files: the
// consolidated Summary of the whole set (counts and values per status,
// totals per establishment × financing × rubrica, reasons, and every
// crítica, each file-level one naming its file) and the Summary of each
// file.
type MonthSummary struct {
	Summary
	// FileCount is the number of files in the set.
	FileCount int `json:"files"`
	// Files holds each file's Summary, in input order.
	Files []*Summary `json:"-"`
}

// RunCriticas returns the críticas of the run as a whole: those that name
// no file (the chronological order of Checker.Ledger).
func (m *MonthSummary) RunCriticas() []Critica {
	var out []Critica
	for _, c := range m.Criticas {
		if c.File == "" {
			out = append(out, c)
		}
	}
	return out
}

// single returns the Summary of a one-file run with the run's críticas
// added, for the reports of a set of one.
func (m *MonthSummary) single() *Summary {
	s := *m.Files[0]
	s.Criticas = append(slices.Clone(s.Criticas), m.RunCriticas()...)
	return &s
}

// Codes of the set-level críticas of CheckFiles.
const (
	// CodeArquivoCompetencia (Erro): the file's header competência differs
	// from the set's processing competência; all its lines are rejected.
	CodeArquivoCompetencia Code = "ARQUIVO_COMPETENCIA_DIFERENTE"
	// CodeArquivoDuplicado (Aviso): the file's production is identical to
	// that of another file of the set (the same file sent twice).
	CodeArquivoDuplicado Code = "ARQUIVO_DUPLICADO"
	// CodeNomeArquivo (Aviso): the file's name (PA<id>.<MMM>) names
	// another month than its header competência.
	CodeNomeArquivo Code = "NOME_ARQUIVO_COMPETENCIA"
	// CodeForaDeOrdem (Erro): Checker.Ledger says the gestão may not send
	// this competência yet (the previous one was not validated).
	CodeForaDeOrdem Code = "REMESSA_FORA_DE_ORDEM"
	// CodeOrdemNaoVerificada (NaoVerificado): Checker.Ledger has no
	// history for the gestão, so the chronological order was not judged.
	CodeOrdemNaoVerificada Code = "REMESSA_ORDEM_NAO_VERIFICADA"
)

// Messages of the set-level críticas.
const (
	msgArquivoCompetencia = "COMPETENCIA DO ARQUIVO DIFERENTE DA COMPETENCIA DA REMESSA"
	msgArquivoDuplicado   = "ARQUIVO COM PRODUCAO IDENTICA A DE OUTRO ARQUIVO DA REMESSA"
	msgNomeArquivo        = "NOME DO ARQUIVO NAO CORRESPONDE A COMPETENCIA DO CABECALHO"
)

// ErrNoFiles is returned by CheckFiles for an empty set.
var ErrNoFiles = errors.New("remessa: no BPA file to check")

// HeaderError reports a file of a set whose header could not be read: it
// is not a BPA file, it is empty, or it could not be opened. Nothing was
// judged.
type HeaderError struct {
	File string
	Err  error
}

func (e *HeaderError) Error() string { return fileErr(e.File, e.Err).Error() }

// Unwrap returns Err.
func (e *HeaderError) Unwrap() error { return e.Err }

// CheckFiles judges a remessa: the BPA files of one processing competência
// that a gestão submits together. Files are read and judged in parallel
// (Workers goroutines in all) and the verdicts come out file by file, in
// input order, each file's lines in file order: emit gets every line (its
// Result.File names the file), fileDone each file's Summary after its last
// line. Either may be nil; the *Result and *Summary are reused after the
// call returns, copy them to keep them.
//
// The cross-line rules hold across the files: one instrument per
// procedure per CNES per competência (INSTRUMENTO_DUPLICADO), the maximum
// quantity per patient per procedure per competência (QUANTIDADE_EXCEDIDA,
// summed over the files) and duplicate attendances (LINHA_DUPLICADA);
// folha/seq slots stay per file. Across files, a file whose header
// competência differs from the set's (Checker.Competencia, or the one
// most files carry) is rejected line by line, a file whose production is
// identical to another's gets an aviso naming both, and a file whose name
// names another month than its header an aviso.
//
// Memory is bounded by the keys the cross-line rules need, not by the
// number of lines (see the package documentation for bytes per key). The
// error is one of Check's, ErrNoFiles, or a *HeaderError naming the first
// file whose header is unreadable — then nothing was emitted.
func (c *Checker) CheckFiles(ctx context.Context, files []Input, emit func(*Result) error, fileDone func(*Summary) error) (*MonthSummary, error) {
	if len(files) == 0 {
		return nil, ErrNoFiles
	}
	if err := c.sources(); err != nil {
		return nil, err
	}
	r := newRun(c, ctx)
	for i, in := range files {
		name := in.Name
		if name == "" && len(files) > 1 {
			name = fmt.Sprintf("arquivo %d", i+1)
		}
		r.files = append(r.files, &fileRun{idx: int32(i), name: name, in: in})
	}
	if len(files) > 1 {
		if err := r.readHeaders(); err != nil {
			return nil, err
		}
	} else {
		r.cmp = c.Competencia
	}
	r.emit, r.fileDone = emit, fileDone
	var err error
	if r.workers() == 1 {
		err = r.sequential()
	} else {
		err = r.parallel()
	}
	if err != nil {
		return nil, err
	}
	return r.month(), nil
}

// presizeLines is what a file's header claims as its line count, bounded
// by what its size can hold (the shortest line, BPA-C, is 50 bytes with
// CR LF) or, when the size is unknown, by a million lines.
func presizeLines(claimed int, size int64) int {
	n := min(max(claimed, 0), bpa.MaxLines)
	if size > 0 {
		return min(n, int(size/50))
	}
	return min(n, 1_000_000)
}

// readHeaders reads the header line of every file and decides the set's
// competência.
func (r *run) readHeaders() error {
	count := map[sigtap.Competencia]int{}
	total := 0
	for _, fr := range r.files {
		h, err := peekHeader(fr.in)
		if err != nil {
			return &HeaderError{File: fr.name, Err: err}
		}
		count[h.Competencia]++
		total += presizeLines(h.Lines, fr.in.Size)
	}
	r.cmp = r.c.Competencia
	if r.cmp.IsZero() {
		best := 0
		for c, n := range count {
			if n > best || (n == best && c.After(r.cmp)) {
				r.cmp, best = c, n
			}
		}
	}
	r.cross.presize(total)
	return nil
}

// peekHeader reads the header line of in without consuming a
// ReaderInput.
func peekHeader(in Input) (*bpa.Header, error) {
	rc, err := in.Open()
	if err != nil {
		return nil, err
	}
	var b []byte
	if p, ok := rc.(*peekReader); ok {
		b, err = p.Peek(bpa.SniffLen)
		if errors.Is(err, bufio.ErrBufferFull) || err == io.EOF {
			err = nil
		}
	} else {
		b, err = io.ReadAll(io.LimitReader(rc, bpa.SniffLen))
		rc.Close()
	}
	if err != nil {
		return nil, err
	}
	return bpa.SniffHeader(b)
}

// month consolidates the files' summaries.
func (r *run) month() *MonthSummary {
	m := &MonthSummary{FileCount: len(r.files)}
	m.Competencia = r.cmp
	var totals []Total
	reasons := map[Code]*Reason{}
	m.Valor = newTotal(TotalKey{})
	m.FinanciamentoNames = map[sigtap.Financiamento]string{}
	for _, fr := range r.files {
		s := fr.sum
		m.Files = append(m.Files, s)
		m.Lines += s.Lines
		m.Approved += s.Approved
		m.Rejected += s.Rejected
		m.Unverified += s.Unverified
		m.Omitted += s.Omitted
		m.Valor.add(&s.Valor)
		totals = append(totals, s.Totals...)
		for _, rs := range s.Reasons {
			x := reasons[rs.Code]
			if x == nil {
				x = &Reason{Code: rs.Code, Message: rs.Message, Valor: decimal.Zero}
				reasons[rs.Code] = x
			}
			x.Lines += rs.Lines
			x.Valor = x.Valor.Add(rs.Valor)
		}
		m.Criticas = append(m.Criticas, s.Criticas...)
		m.Listed = append(m.Listed, s.Listed...)
		for f, n := range s.FinanciamentoNames {
			m.FinanciamentoNames[f] = n
		}
	}
	m.Criticas = append(m.Criticas, r.ledgerCriticas(m.Competencia)...)
	m.Totals = regroup(totals, func(k TotalKey) TotalKey { return k })
	for _, rs := range reasons {
		m.Reasons = append(m.Reasons, *rs)
	}
	sortReasons(m.Reasons)
	if m.Reasons == nil {
		m.Reasons = []Reason{}
	}
	return m
}

func sortTotals(ts []Total) {
	slices.SortFunc(ts, func(a, b Total) int {
		return cmp.Or(cmp.Compare(a.CNES.String(), b.CNES.String()),
			cmp.Compare(a.Financiamento, b.Financiamento), cmp.Compare(a.Rubrica, b.Rubrica))
	})
}

func sortReasons(rs []Reason) {
	slices.SortFunc(rs, func(a, b Reason) int {
		return cmp.Or(cmp.Compare(b.Lines, a.Lines), cmp.Compare(a.Code, b.Code))
	})
}

// ledgerCriticas judges the run's competência against Checker.Ledger.
func (r *run) ledgerCriticas(c sigtap.Competencia) []Critica {
	l := r.c.Ledger
	if l == nil || !c.Valid() {
		return nil
	}
	d := l.MaySend(r.c.Gestao, c)
	switch {
	case d.Untracked && !r.disabled[CodeOrdemNaoVerificada]:
		return []Critica{{Code: CodeOrdemNaoVerificada, Severity: NaoVerificado,
			Message: "NAO VERIFICADO: SEM HISTORICO DE REMESSAS DA GESTAO " + r.c.Gestao + " PARA A ORDEM CRONOLOGICA"}}
	case !d.Allowed && !r.disabled[CodeForaDeOrdem]:
		facts := "competência " + c.Format()
		if b := d.Blocking; b != nil {
			facts += ": envie e valide antes a competência " + b.Competencia.Format() + " (situação: " + b.Status.Label() + ")"
		}
		return []Critica{{Code: CodeForaDeOrdem, Severity: Erro,
			Message: "REMESSA FORA DA ORDEM CRONOLOGICA: COMPETENCIA ANTERIOR NAO VALIDADA", Facts: facts}}
	}
	return nil
}
