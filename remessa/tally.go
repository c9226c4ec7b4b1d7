package remessa

import (
	"slices"

	"github.com/go-sus/sus/sigtap"
	"github.com/shopspring/decimal"
)

// Summary is what a run of the checker adds up to: counts, the valuation
// totals per establishment × financing × rubrica, the most frequent
// reasons for rejection, the file-level críticas, and the lines worth
// listing (those with at least one crítica, up to a limit).
type Summary struct {
	File        string             `json:"file,omitempty"`
	Competencia sigtap.Competencia `json:"competencia,omitzero"` // header cbc_mvm
	Lines       int                `json:"lines"`                // production lines judged
	Approved    int                `json:"approved"`             // aprovada lines
	Rejected    int                `json:"rejected"`             // rejeitada lines
	Unverified  int                `json:"unverified"`           // nao_verificada lines
	Valor       Total              `json:"valor"`                // grand total (key fields empty)
	Totals      []Total            `json:"totals"`
	Reasons     []Reason           `json:"reasons"`  // rejection reasons, most frequent first
	Criticas    []Critica          `json:"criticas"` // file-level and "not checked" críticas
	Listed      []Result           `json:"-"`        // lines with críticas, in file order
	// FinanciamentoNames names the financings of Totals as the SIGTAP
	// release of the header competência does (see FinanciamentoName).
	FinanciamentoNames map[sigtap.Financiamento]string `json:"-"`
	Omitted            int                             `json:"omitted,omitempty"` // lines with críticas beyond the listing limit
	// FileRejected is set when a file-level crítica of severity Erro (the
	// header's line count or control field wrong: SIA rejects the whole
	// file) rejects every line of the file: the counts and values then put
	// every line under Rejected, whatever its own verdict was.
	FileRejected bool `json:"file_rejected,omitempty"`
}

// Reason counts the lines rejected for one crítica code and their value
// (a line rejected for two codes counts under both).
type Reason struct {
	Code    Code            `json:"code"`
	Message string          `json:"message"`
	Lines   int             `json:"lines"`
	Valor   decimal.Decimal `json:"valor"`
}

// Tally accumulates Results into a Summary. The zero value is ready; set
// MaxListed to bound the lines kept for the reports (0 means 10 000).
type Tally struct {
	MaxListed int

	budget  *int // shared listing budget of a Checker run; overrides MaxListed
	s       Summary
	totals  map[TotalKey]*Total
	reasons map[Code]*Reason
	lastKey TotalKey
	last    *Total
}

// DefaultMaxListed bounds the lines a Tally keeps for listing.
const DefaultMaxListed = 10000

// AddFile records a file-level crítica (header counts, control field,
// "not checked").
func (t *Tally) AddFile(c Critica) { t.s.Criticas = append(t.s.Criticas, c) }

// Add accounts for one line.
func (t *Tally) Add(r *Result) {
	if t.totals == nil {
		t.totals = make(map[TotalKey]*Total)
		t.reasons = make(map[Code]*Reason)
	}
	t.s.Lines++
	k := TotalKey{CNES: r.CNES, Financiamento: r.Financiamento, Rubrica: r.Rubrica}
	tot := t.last
	if tot == nil || k != t.lastKey {
		if tot = t.totals[k]; tot == nil {
			nt := newTotal(k)
			tot = &nt
			t.totals[k] = tot
		}
		t.lastKey, t.last = k, tot
	}
	st := r.status()
	switch st {
	case Aprovada:
		t.s.Approved++
		tot.ApprovedLines++
		tot.ApprovedQt += r.Quantidade
	case NaoVerificada:
		t.s.Unverified++
		tot.UnverifiedLines++
		tot.UnverifiedQt += r.Quantidade
	default: // Rejeitada
		t.s.Rejected++
		tot.RejectedLines++
		tot.RejectedQt += r.Quantidade
		seen := map[Code]bool{}
		for _, c := range r.Criticas {
			if c.Severity != Erro || seen[c.Code] {
				continue
			}
			seen[c.Code] = true
			rs := t.reasons[c.Code]
			if rs == nil {
				rs = &Reason{Code: c.Code, Message: c.Message, Valor: decimal.Zero}
				t.reasons[c.Code] = rs
			}
			rs.Lines++
			rs.Valor = rs.Valor.Add(r.Valor)
		}
	}
	tot.addValue(st, r)
	if len(r.Criticas) > 0 {
		max := t.MaxListed
		if max <= 0 {
			max = DefaultMaxListed
		}
		if t.budget != nil {
			max = len(t.s.Listed) + *t.budget
		}
		if len(t.s.Listed) < max {
			if t.budget != nil {
				*t.budget--
			}
			kept := *r
			kept.Criticas = slices.Clone(r.Criticas) // the caller may reuse r
			t.s.Listed = append(t.s.Listed, kept)
		} else {
			t.s.Omitted++
		}
	}
}

// Summary returns the totals so far, sorted by establishment, financing
// and rubrica; reasons sorted by frequency then code.
func (t *Tally) Summary() Summary {
	s := t.s
	s.Totals = make([]Total, 0, len(t.totals))
	s.Valor = newTotal(TotalKey{})
	for _, tot := range t.totals {
		tot.fold()
		s.Totals = append(s.Totals, *tot)
		s.Valor.add(tot)
	}
	sortTotals(s.Totals)
	s.Reasons = make([]Reason, 0, len(t.reasons))
	for _, r := range t.reasons {
		s.Reasons = append(s.Reasons, *r)
	}
	sortReasons(s.Reasons)
	s.Criticas = slices.Clone(s.Criticas)
	s.Listed = slices.Clone(s.Listed)
	return s
}

// nameFinanciamentos fills FinanciamentoNames from the release of the
// header competência in set (nil or absent: the built-in names).
func (s *Summary) nameFinanciamentos(set *sigtap.Set) {
	var rel *sigtap.Release
	if set != nil && s.Competencia.Valid() {
		rel, _ = set.ForCompetencia(s.Competencia)
	}
	s.FinanciamentoNames = map[sigtap.Financiamento]string{}
	for _, t := range s.Totals {
		if _, ok := s.FinanciamentoNames[t.Financiamento]; !ok {
			s.FinanciamentoNames[t.Financiamento] = FinanciamentoName(t.Financiamento, rel)
		}
	}
}

// FinanciamentoName names financing f for a report: as FinanciamentoNames
// has it, else FinanciamentoName(f, nil).
func (s *Summary) FinanciamentoName(f sigtap.Financiamento) string {
	if n, ok := s.FinanciamentoNames[f]; ok {
		return n
	}
	return FinanciamentoName(f, nil)
}

// ByEstabelecimento returns the counts and values per establishment,
// summed over financings and rubricas, sorted by CNES.
func (s *Summary) ByEstabelecimento() []Total {
	return regroup(s.Totals, func(k TotalKey) TotalKey { return TotalKey{CNES: k.CNES} })
}

// ByFinanciamento returns the counts and values per financing code,
// summed over establishments and rubricas, sorted by code.
func (s *Summary) ByFinanciamento() []Total {
	return regroup(s.Totals, func(k TotalKey) TotalKey { return TotalKey{Financiamento: k.Financiamento} })
}

// regroup sums totals under key(their key), sorted like Summary.Totals.
func regroup(ts []Total, key func(TotalKey) TotalKey) []Total {
	m := map[TotalKey]*Total{}
	for _, t := range ts {
		k := key(t.TotalKey)
		x := m[k]
		if x == nil {
			nt := newTotal(k)
			x = &nt
			m[k] = x
		}
		x.add(&t)
	}
	out := make([]Total, 0, len(m))
	for _, t := range m {
		out = append(out, *t)
	}
	sortTotals(out)
	return out
}

func newTotal(k TotalKey) Total {
	return Total{TotalKey: k, Approved: decimal.Zero, Rejected: decimal.Zero, Unverified: decimal.Zero}
}

// value returns the decimal of status st.
func (t *Total) value(st Status) *decimal.Decimal {
	switch st {
	case Aprovada:
		return &t.Approved
	case NaoVerificada:
		return &t.Unverified
	}
	return &t.Rejected
}

// addValue adds r's value under its status, as an exact integer of
// millionths while it is one.
func (t *Total) addValue(st Status, r *Result) {
	if st != Aprovada && st != NaoVerificada {
		st = Rejeitada
	}
	if m := &t.micro[st-1]; r.exact && *m < 1<<61 && *m > -1<<61 {
		*m += r.micro
		return
	}
	v := t.value(st)
	*v = v.Add(r.Valor)
}

// add sums o's counts and values into t.
func (t *Total) add(o *Total) {
	t.ApprovedLines += o.ApprovedLines
	t.RejectedLines += o.RejectedLines
	t.UnverifiedLines += o.UnverifiedLines
	t.ApprovedQt += o.ApprovedQt
	t.RejectedQt += o.RejectedQt
	t.UnverifiedQt += o.UnverifiedQt
	t.Approved = t.Approved.Add(o.Approved)
	t.Rejected = t.Rejected.Add(o.Rejected)
	t.Unverified = t.Unverified.Add(o.Unverified)
}

// fold moves the exact integer sums into the decimals.
func (t *Total) fold() {
	for i, m := range t.micro {
		if m != 0 {
			v := t.value(Status(i + 1))
			*v = v.Add(decimal.New(m, -6))
			t.micro[i] = 0
		}
	}
}

// rejectIfFileRejected applies a file-level Erro to the totals: SIA
// rejects the whole file, so no line of it is approved (or left
// unverified) in the sums. Each such crítica becomes a reason for all the
// file's lines.
func (s *Summary) rejectIfFileRejected() {
	// File-level erros not already on every line (as a file of another
	// competência's ARQUIVO_COMPETENCIA_DIFERENTE is).
	var codes []Critica
	for _, c := range s.Criticas {
		if c.Severity == Erro && c.Line <= 1 && !slices.ContainsFunc(codes, func(x Critica) bool { return x.Code == c.Code }) &&
			!slices.ContainsFunc(s.Reasons, func(r Reason) bool { return r.Code == c.Code }) {
			codes = append(codes, c)
		}
	}
	if len(codes) == 0 || s.Lines == 0 {
		return
	}
	s.FileRejected = true
	all := func(t *Total) {
		t.RejectedLines += t.ApprovedLines + t.UnverifiedLines
		t.RejectedQt += t.ApprovedQt + t.UnverifiedQt
		t.Rejected = t.Rejected.Add(t.Approved).Add(t.Unverified)
		t.ApprovedLines, t.UnverifiedLines, t.ApprovedQt, t.UnverifiedQt = 0, 0, 0, 0
		t.Approved, t.Unverified = decimal.Zero, decimal.Zero
	}
	for i := range s.Totals {
		all(&s.Totals[i])
	}
	all(&s.Valor)
	s.Rejected, s.Approved, s.Unverified = s.Lines, 0, 0
	for _, c := range codes {
		s.Reasons = append(s.Reasons, Reason{Code: c.Code, Message: c.Message, Lines: s.Lines, Valor: s.Valor.Rejected})
	}
	sortReasons(s.Reasons)
}
