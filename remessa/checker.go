package remessa

import (
	"context"
	"errors"
	"io"
	"slices"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa/ledger"
	"github.com/go-sus/sus/sigtap"
)

// Checker judges the lines of BPA files the way SIA does: layout and
// domains (package bpa), SIGTAP of each line's own competência, CNES of
// that competência, the financing rules, and the cross-line rules
// (instrument per procedure, quantity per patient, duplicate slots and
// attendances). It values every line and adds up the month. Check judges
// one file; CheckFiles judges the month of a gestão — several files of one
// processing competência — as one remessa, with the cross-line rules
// holding across the files.
//
// The Checker fails closed. Without a SIGTAP set (or with an empty one)
// Check returns ErrNoSIGTAP, and without a CNES registry ErrNoCNES,
// unless AllowMissing names that source. A check whose data is absent —
// a source allowed to be missing, no release or snapshot for a line's
// competência, a table absent from a release — never passes silently:
// the line gets a crítica of severity NaoVerificado and the status
// NaoVerificada (unless an Erro rejects it anyway), and the Summary lists
// the cause once as a file-level crítica.
//
// A Checker may be used for several runs, also concurrently; its fields
// must not change while a run is going on.
type Checker struct {
	// SIGTAP holds the releases by competência.
	SIGTAP *sigtap.Set
	// CNES holds registry snapshots by competência.
	CNES *cnes.Registry
	// AllowMissing names the sources (FonteSIGTAP, FonteCNES) the caller
	// accepts to check without. With a source named here and absent, the
	// run goes on: every line is at best NaoVerificada and the file-level
	// crítica SIGTAP_SEM_TABELA or CNES_SEM_BASE is always present.
	AllowMissing []Source
	// Disable lists crítica codes not to run or report (checker codes,
	// bpa codes such as "BPA-CEP", or financing codes).
	Disable []Code
	// Workers is the number of goroutines judging lines; 0 means
	// runtime.GOMAXPROCS, and more than MaxWorkers is MaxWorkers. Output
	// order is the file order either way.
	Workers int
	// Financiamento configures the financing engine.
	Financiamento FinanciamentoOptions
	// MaxListed bounds the lines with críticas the summaries keep for the
	// reports, over all the files of a run (0 means DefaultMaxListed).
	MaxListed int
	// File names the file of Check in its Summary and Results.
	File string
	// Competencia is the processing competência of a CheckFiles set (the
	// month the gestão submits). Zero means the header competência most
	// files carry (the latest one on a tie). A file whose header
	// competência differs is rejected (ARQUIVO_COMPETENCIA_DIFERENTE).
	Competencia sigtap.Competencia
	// Ledger, when set, is asked whether the gestão Gestao may send the
	// run's competência now (the chronological rule of Portaria GM/MS
	// 3.462/2010: competência N only after N−1 was validated). A refusal
	// is the run-level crítica REMESSA_FORA_DE_ORDEM (erro); a ledger
	// without history for the key, REMESSA_ORDEM_NAO_VERIFICADA.
	Ledger *ledger.Ledger
	// Gestao is the ledger key of the gestão (or establishment) sending
	// the remessa, as recorded in Ledger.
	Gestao string
}

// Errors of a Checker whose data sources are absent.
var (
	ErrNoSIGTAP = errors.New("remessa: no SIGTAP release to check against (set Checker.SIGTAP, or name FonteSIGTAP in AllowMissing)")
	ErrNoCNES   = errors.New("remessa: no CNES registry to check against (set Checker.CNES, or name FonteCNES in AllowMissing)")
)

// MaxWorkers bounds Checker.Workers: more goroutines than this never
// helps and only costs memory.
const MaxWorkers = 256

// Check reads a BPA file and calls emit with the verdict on each
// production line, in file order (emit may be nil). The *Result passed to
// emit is reused after emit returns: copy it to keep it. An error from
// emit stops the run. The returned Summary holds the totals and the
// file-level críticas.
//
// The error is ErrNoSIGTAP or ErrNoCNES (see Checker), a reading error of
// package bpa (bpa.ErrNotBPA, an empty file, more than bpa.MaxLines
// lines), an I/O error or emit's. On error no Summary is returned: a
// partial one would count lines never judged.
func (c *Checker) Check(r io.Reader, emit func(*Result) error) (*Summary, error) {
	return c.CheckContext(context.Background(), r, emit)
}

// CheckContext is Check with a context: when ctx is done the run stops
// and returns ctx.Err().
func (c *Checker) CheckContext(ctx context.Context, r io.Reader, emit func(*Result) error) (*Summary, error) {
	m, err := c.CheckFiles(ctx, []Input{ReaderInput(c.File, r)}, emit, nil)
	if err != nil {
		return nil, err
	}
	return m.Files[0], nil
}

// Value is Check without per-line output: the totals only.
func (c *Checker) Value(r io.Reader) (*Summary, error) { return c.Check(r, nil) }

// allows reports whether src may be missing.
func (c *Checker) allows(src Source) bool { return slices.Contains(c.AllowMissing, src) }

// hasSIGTAP and hasCNES report whether the source holds any data.
func (c *Checker) hasSIGTAP() bool { return c.SIGTAP != nil && len(c.SIGTAP.Competencias()) > 0 }
func (c *Checker) hasCNES() bool   { return c.CNES != nil && len(c.CNES.Competencias()) > 0 }

// sources fails closed on an absent source that AllowMissing does not
// name.
func (c *Checker) sources() error {
	if !c.hasSIGTAP() && !c.allows(FonteSIGTAP) {
		return ErrNoSIGTAP
	}
	if !c.hasCNES() && !c.allows(FonteCNES) {
		return ErrNoCNES
	}
	return nil
}

// Messages of the absent sources (the causes of NaoVerificado).
const (
	msgSemSIGTAP = "NAO VERIFICADO: NENHUMA TABELA SIGTAP CARREGADA"
	msgSemCNES   = "NAO VERIFICADO: NENHUMA BASE DO CNES CARREGADA"
)

// semTabela is the cause of CodeSemTabela for a line of competência c.
func (r *run) semTabela(c sigtap.Competencia) string {
	if !r.c.hasSIGTAP() {
		return msgSemSIGTAP
	}
	if !c.Valid() {
		return "NAO VERIFICADO: COMPETENCIA DA LINHA INVALIDA, SEM TABELA SIGTAP"
	}
	return "NAO VERIFICADO: NENHUMA TABELA SIGTAP CARREGADA PARA A COMPETENCIA " + c.Format()
}

// semCNES is the cause of CodeSemCNES for a line of competência c.
func (r *run) semCNES(c sigtap.Competencia) string {
	if !r.c.hasCNES() {
		return msgSemCNES
	}
	if !c.Valid() {
		return "NAO VERIFICADO: COMPETENCIA DA LINHA INVALIDA, SEM BASE DO CNES"
	}
	return "NAO VERIFICADO: NENHUMA BASE DO CNES CARREGADA PARA A COMPETENCIA " + c.Format()
}
