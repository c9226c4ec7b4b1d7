package remessatest

import (
	"errors"
	"fmt"
	"slices"

	"github.com/go-sus/sus/sigtap"
)

// PlanOptions choose the procedures of a plan and the shape of the
// registry built on it. The zero value (or nil) plans every eligible
// procedure.
type PlanOptions struct {
	// Codes restricts the plan to these procedures (nil: every procedure
	// of the release). Ineligible codes are listed in Plan.Skipped.
	Codes []sigtap.Code
	// MaxProcedures keeps at most this many eligible procedures, spread
	// evenly over the release's order (0: all).
	MaxProcedures int
	// NoHabilitacoes leaves out the procedures that require a
	// habilitação; by default they are kept and NewRegistry grants the
	// habilitação to the establishments that offer them.
	NoHabilitacoes bool
	// ProceduresPerEstab is how many procedures each establishment of the
	// registry offers (default 12).
	ProceduresPerEstab int
	// HabilitadoEvery makes every n-th establishment (the first, then
	// every n-th) one that also offers procedures needing a habilitação,
	// and holds it (default 4).
	HabilitadoEvery int
}

func (o PlanOptions) perEstab() int {
	if o.ProceduresPerEstab <= 0 {
		return 12
	}
	return o.ProceduresPerEstab
}

func (o PlanOptions) habilitadoEvery() int {
	if o.HabilitadoEvery <= 0 {
		return 4
	}
	return o.HabilitadoEvery
}

// Procedure is a SIGTAP procedure of the plan, with what a valid BPA-I
// line of it needs. The embedded sigtap.Procedure is its tb_procedimento
// row (Code, Name, Sex, MinAge, MaxAge, MaxQuantity …).
type Procedure struct {
	sigtap.Procedure
	// CBOs are the occupations allowed to perform it
	// (rl_procedimento_ocupacao; shared with the release, do not modify).
	CBOs []sigtap.CBO
	// AnyCBO is atributo 021 (não exige CBO) with no CBO row: any CBO the
	// professional holds will do.
	AnyCBO bool
	// Servicos are its serviço/classificação pairs (rl_procedimento_servico):
	// an establishment that offers it registers one of them, with the SUS
	// flag, and its lines carry that pair in prd_srv/prd_clf.
	Servicos []sigtap.ServicoClassificacao
	// Habilitacoes is what an establishment must hold to perform it: one
	// habilitação, or every habilitação of one group. Empty when none is
	// required.
	Habilitacoes []sigtap.Habilitacao
	// CIDs are the CIDs its lines draw prd_cid from: the principal CIDs of
	// rl_procedimento_cid (all of them when none is principal). Empty means
	// prd_cid is left blank.
	CIDs []sigtap.CID
	// CPF is atributo 058: the patient is identified by CPF.
	CPF bool
	// BPAC reports that the procedure may also be registered in BPA-C
	// (registro 01) and is not under regra condicionada 0001 (which
	// allows both instruments): a BPA-C line of it after BPA-I lines of
	// the same establishment and competência is INSTRUMENTO_DUPLICADO.
	BPAC bool
	// Fornecedor is atributo 037: prd_cnpj carries the establishment's
	// own CNPJ.
	Fornecedor bool

	// Age ranges in months: valid lines draw from [ageLo, ageHi]; lines
	// planted with KindIdade from below or above (hi < lo: not possible).
	ageLo, ageHi     int
	belowLo, belowHi int
	aboveLo, aboveHi int
}

// allowsCBO reports whether a professional under cbo may perform p.
func (p *Procedure) allowsCBO(cbo sigtap.CBO) bool { return p.AnyCBO || slices.Contains(p.CBOs, cbo) }

// limitedQuantity reports whether QT_MAXIMA_EXECUCAO applies.
func (p *Procedure) limitedQuantity() bool { return p.MaxQuantity != sigtap.QuantityNotApplicable }

// sexLimited reports whether only one sex may have the procedure.
func (p *Procedure) sexLimited() bool {
	return p.Sex == sigtap.SexMale || p.Sex == sigtap.SexFemale
}

// ageLimited reports whether a patient can be drawn outside the age range
// with an age of 0–110 years.
func (p *Procedure) ageLimited() bool { return p.belowHi >= p.belowLo || p.aboveHi >= p.aboveLo }

// Skip is a procedure the plan left out, and why.
type Skip struct {
	Code   sigtap.Code
	Reason string
}

// Plan is the set of procedures a synthetic world bills in BPA-I, drawn
// from one SIGTAP release: the procedures a checker approves on an
// establishment that has the CBOs, serviços and habilitações they need.
type Plan struct {
	Release    *sigtap.Release
	Options    PlanOptions
	Procedures []Procedure
	// Skipped lists the BPA-I procedures (or requested codes) left out.
	Skipped []Skip

	foreign []Procedure // procedures not allowed in BPA-I, for KindInstrumento
}

// Competencia returns the competência of the plan's release: the
// competência of every valid line and of the registry.
func (p *Plan) Competencia() sigtap.Competencia { return p.Release.Competencia() }

// ErrEmptyPlan reports a release (or list of codes) with no procedure a
// valid BPA-I line can carry.
var ErrEmptyPlan = errors.New("remessatest: no eligible BPA-I procedure")

// Age bounds of drawn patients, in months: nobody older than 110 years 11
// months, so that birth dates stay after 1900 (bpa.Date) for decades, and
// valid lines up to 95 years (older only when the procedure's minimum is
// close to that).
const (
	maxAgeMonths     = 110*12 + 11
	defaultAgeMonths = 95*12 + 11
)

// programme reports the habilitações the world never grants: the Agora Tem
// Especialistas / PMAE ones (38.xx), which would put lines into a
// programme modalidade (regras 0014/0015), and the CEO ones (04.03–04.05)
// that trigger regra 0001's serviço 114/007 demand.
func programme(h sigtap.Habilitacao) bool { return h/100 == 38 || (h >= 403 && h <= 405) }

// NewPlan chooses the procedures of r that a synthetic world bills in
// BPA-I. A procedure is eligible when SIGTAP allows it on BPA-I
// (registro 02), it does not demand an authorization (atributo 036), it
// has a CBO list or atributo 021, its habilitação requirement (if any)
// can be met without programme habilitações, and atributo 048 or 038 come
// with CIDs or serviços to choose from.
func NewPlan(r *sigtap.Release, options *PlanOptions) (*Plan, error) {
	if r == nil {
		return nil, errors.New("remessatest: nil release")
	}
	var opts PlanOptions
	if options != nil {
		opts = *options
		opts.Codes = slices.Clone(opts.Codes)
	}
	for _, t := range []string{sigtap.TableProcedimento, sigtap.TableProcRegistro, sigtap.TableProcOcupacao, sigtap.TableProcDetalhe} {
		if !r.Has(t) {
			return nil, fmt.Errorf("remessatest: release %s: %w: %s", r.Name(), sigtap.ErrTableAbsent, t)
		}
	}
	p := &Plan{Release: r, Options: opts}
	rows := r.Procedures()
	if opts.Codes != nil {
		rows = make([]sigtap.Procedure, 0, len(opts.Codes))
		for _, c := range opts.Codes {
			row, ok := r.Procedure(c)
			if !ok {
				p.Skipped = append(p.Skipped, Skip{Code: c, Reason: "not in the release"})
				continue
			}
			rows = append(rows, row)
		}
	}
	for _, row := range rows {
		if r.AllowsInstrument(row.Code, sigtap.RegistroBPAI) != sigtap.Yes {
			if opts.Codes != nil {
				p.Skipped = append(p.Skipped, Skip{Code: row.Code, Reason: "not allowed in BPA-I"})
			}
			continue
		}
		proc, why := describe(r, row, opts.NoHabilitacoes)
		if why != "" {
			p.Skipped = append(p.Skipped, Skip{Code: row.Code, Reason: why})
			continue
		}
		p.Procedures = append(p.Procedures, proc)
	}
	if n := opts.MaxProcedures; n > 0 && n < len(p.Procedures) {
		kept := make([]Procedure, 0, n)
		for i := range n {
			kept = append(kept, p.Procedures[i*len(p.Procedures)/n])
		}
		p.Procedures = kept
	}
	if len(p.Procedures) == 0 {
		return nil, fmt.Errorf("%w in %s", ErrEmptyPlan, r.Name())
	}
	p.foreign = foreignProcedures(r)
	return p, nil
}

// describe gathers what a line of row needs, or says why the world cannot
// bill it.
func describe(r *sigtap.Release, row sigtap.Procedure, noHab bool) (Procedure, string) {
	c := row.Code
	p := Procedure{Procedure: row}
	if r.HasDetalhe(c, sigtap.DetalheExigeAutorizacao) == sigtap.Yes {
		return p, "atributo 036: requires an authorization"
	}
	p.CBOs, _ = r.CBOs(c)
	p.AnyCBO = len(p.CBOs) == 0 && r.HasDetalhe(c, sigtap.DetalheNaoExigeCBO) == sigtap.Yes
	if len(p.CBOs) == 0 && !p.AnyCBO {
		return p, "no CBO row and no atributo 021"
	}
	if row.MaxQuantity == 0 {
		return p, "QT_MAXIMA_EXECUCAO is 0"
	}
	p.Servicos, _ = r.Servicos(c)
	if len(p.Servicos) == 0 && r.HasDetalhe(c, sigtap.DetalheExigeServicoClassificacao) == sigtap.Yes {
		return p, "atributo 038 without serviço/classificação rows"
	}
	if h, _ := r.Habilitacoes(c); h.Required() {
		if noHab {
			return p, "requires a habilitação (NoHabilitacoes)"
		}
		p.Habilitacoes = chooseHabilitacoes(h)
		if p.Habilitacoes == nil {
			return p, "requires programme habilitações only (38.xx, 04.03–04.05)"
		}
	}
	cids, _ := r.CIDs(c)
	for _, x := range cids {
		if x.Principal && cidFits(r, x.CID, row.Sex) {
			p.CIDs = append(p.CIDs, x.CID)
		}
	}
	if len(p.CIDs) == 0 {
		for _, x := range cids {
			if cidFits(r, x.CID, row.Sex) {
				p.CIDs = append(p.CIDs, x.CID)
			}
		}
	}
	if len(p.CIDs) == 0 && (len(cids) > 0 || r.HasDetalhe(c, sigtap.DetalheExigeCID) == sigtap.Yes) {
		return p, "atributo 048 or CID rows, but no CID fits the procedure's sex"
	}
	p.CPF = r.HasDetalhe(c, sigtap.DetalheObrigatorioCPF) == sigtap.Yes
	p.BPAC = r.AllowsInstrument(c, sigtap.RegistroBPAC) == sigtap.Yes && r.HasRegra(c, sigtap.RegraRegistroBPAI) == sigtap.No
	p.Fornecedor = r.HasDetalhe(c, sigtap.DetalheExigeCNPJFornecedor) == sigtap.Yes
	if !p.ages() {
		return p, "age range outside 0–110 years"
	}
	return p, ""
}

// cidFits reports whether a patient of a procedure of sex s can have cid:
// tb_cid's TP_SEXO is I on every row of the 2025 releases, but a CID
// restricted to one sex is kept only for procedures of that sex.
func cidFits(r *sigtap.Release, cid sigtap.CID, s sigtap.Sex) bool {
	info, ok := r.Refs().CIDs.Get(cid)
	if !ok || (info.Sex != sigtap.SexMale && info.Sex != sigtap.SexFemale) {
		return true
	}
	return info.Sex == s
}

// chooseHabilitacoes returns the first single habilitação, else the first
// group, that the world may grant; nil when every option needs a
// programme habilitação.
func chooseHabilitacoes(h sigtap.Habilitacoes) []sigtap.Habilitacao {
	for _, x := range h.Any {
		if !programme(x) {
			return []sigtap.Habilitacao{x}
		}
	}
	for _, g := range h.Groups {
		if len(g.All) > 0 && !slices.ContainsFunc(g.All, programme) {
			return slices.Clone(g.All)
		}
	}
	return nil
}

// ages sets the age ranges in months; false when no valid age exists.
func (p *Procedure) ages() bool {
	p.belowLo, p.belowHi, p.aboveLo, p.aboveHi = 1, 0, 1, 0
	if !p.AgeApplies() {
		p.ageLo, p.ageHi = 0, defaultAgeMonths
		return true
	}
	p.ageLo, p.ageHi = int(p.MinAge), min(int(p.MaxAge), maxAgeMonths)
	if p.ageLo > p.ageHi {
		return false
	}
	// Patients are drawn up to 95 years old (or two years past the
	// minimum), not uniformly up to 110.
	p.ageHi = min(p.ageHi, max(defaultAgeMonths, p.ageLo+24))
	// Planted ages must fail in months and in completed years alike: every
	// month of a year below the minimum's year, or of a year above the
	// maximum's.
	if yb := int(p.MinAge)/12 - 1; yb >= 0 {
		p.belowLo, p.belowHi = 0, 12*yb+11
	}
	if ya := int(p.MaxAge)/12 + 1; 12*ya < maxAgeMonths {
		p.aboveLo, p.aboveHi = 12*ya, maxAgeMonths
	}
	return true
}

// foreignProcedures lists the procedures a BPA-I line may not carry
// (registro 02 absent), best first: BPA-C ones needing neither serviço nor
// habilitação, other BPA-C ones, the rest (APAC, AIH), and last those
// needing a habilitação.
func foreignProcedures(r *sigtap.Release) []Procedure {
	var tiers [4][]Procedure
	for _, row := range r.Procedures() {
		c := row.Code
		if r.AllowsInstrument(c, sigtap.RegistroBPAI) != sigtap.No {
			continue
		}
		p := Procedure{Procedure: row}
		p.CBOs, _ = r.CBOs(c)
		p.AnyCBO = len(p.CBOs) == 0 && r.HasDetalhe(c, sigtap.DetalheNaoExigeCBO) == sigtap.Yes
		if !p.ages() {
			continue
		}
		p.Servicos, _ = r.Servicos(c)
		tier := 2
		if r.AllowsInstrument(c, sigtap.RegistroBPAC) == sigtap.Yes {
			tier = 1
			if len(p.Servicos) == 0 {
				tier = 0
			}
		}
		if h, _ := r.Habilitacoes(c); h.Required() {
			tier = 3
		}
		tiers[tier] = append(tiers[tier], p)
	}
	return slices.Concat(tiers[:]...)
}

// foreignFor returns the procedure not allowed in BPA-I to plant on a line
// of CBO cbo: the first (best tier) that allows the CBO, else the first.
func (p *Plan) foreignFor(cbo sigtap.CBO) *Procedure {
	for i := range p.foreign {
		if p.foreign[i].allowsCBO(cbo) {
			return &p.foreign[i]
		}
	}
	if len(p.foreign) > 0 {
		return &p.foreign[0]
	}
	return nil
}
