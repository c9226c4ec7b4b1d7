package remessa

import (
	"cmp"
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
	Approved    int                `json:"approved"`
	Rejected    int                `json:"rejected"`
	Valor       Total              `json:"valor"` // grand total (key fields empty)
	Totals      []Total            `json:"totals"`
	Reasons     []Reason           `json:"reasons"`           // rejection reasons, most frequent first
	Criticas    []Critica          `json:"criticas"`          // file-level and "not checked" críticas
	Listed      []Result           `json:"-"`                 // lines with críticas, in file order
	Omitted     int                `json:"omitted,omitempty"` // lines with críticas beyond the listing limit
}

// Reason counts the lines rejected for one crítica code.
type Reason struct {
	Code    Code   `json:"code"`
	Message string `json:"message"`
	Lines   int    `json:"lines"`
}

// Tally accumulates Results into a Summary. The zero value is ready; set
// MaxListed to bound the lines kept for the reports (0 means 10 000).
type Tally struct {
	MaxListed int

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
			tot = &Total{TotalKey: k, Approved: decimal.Zero, Rejected: decimal.Zero}
			t.totals[k] = tot
		}
		t.lastKey, t.last = k, tot
	}
	if r.Approved {
		t.s.Approved++
		tot.ApprovedLines++
		tot.ApprovedQt += r.Quantidade
		if r.exact && tot.approvedMicro < 1<<61 {
			tot.approvedMicro += r.micro
		} else {
			tot.Approved = tot.Approved.Add(r.Valor)
		}
	} else {
		t.s.Rejected++
		tot.RejectedLines++
		tot.RejectedQt += r.Quantidade
		if r.exact && tot.rejectedMicro < 1<<61 {
			tot.rejectedMicro += r.micro
		} else {
			tot.Rejected = tot.Rejected.Add(r.Valor)
		}
		seen := map[Code]bool{}
		for _, c := range r.Criticas {
			if c.Severity != Erro || seen[c.Code] {
				continue
			}
			seen[c.Code] = true
			rs := t.reasons[c.Code]
			if rs == nil {
				rs = &Reason{Code: c.Code, Message: c.Message}
				t.reasons[c.Code] = rs
			}
			rs.Lines++
		}
	}
	if len(r.Criticas) > 0 {
		max := t.MaxListed
		if max <= 0 {
			max = DefaultMaxListed
		}
		if len(t.s.Listed) < max {
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
	s.Valor = Total{Approved: decimal.Zero, Rejected: decimal.Zero}
	for _, tot := range t.totals {
		tot.fold()
		s.Totals = append(s.Totals, *tot)
		s.Valor.add(tot)
	}
	slices.SortFunc(s.Totals, func(a, b Total) int {
		return cmp.Or(cmp.Compare(a.CNES.String(), b.CNES.String()),
			cmp.Compare(a.Financiamento, b.Financiamento), cmp.Compare(a.Rubrica, b.Rubrica))
	})
	s.Reasons = make([]Reason, 0, len(t.reasons))
	for _, r := range t.reasons {
		s.Reasons = append(s.Reasons, *r)
	}
	slices.SortFunc(s.Reasons, func(a, b Reason) int {
		return cmp.Or(cmp.Compare(b.Lines, a.Lines), cmp.Compare(a.Code, b.Code))
	})
	s.Criticas = slices.Clone(s.Criticas)
	s.Listed = slices.Clone(s.Listed)
	return s
}

// ByFinanciamento returns approved and rejected value per financing code,
// summed over establishments and rubricas, sorted by code.
func (s *Summary) ByFinanciamento() []Total {
	m := map[string]*Total{}
	for _, t := range s.Totals {
		x := m[t.Financiamento]
		if x == nil {
			x = &Total{TotalKey: TotalKey{Financiamento: t.Financiamento}, Approved: decimal.Zero, Rejected: decimal.Zero}
			m[t.Financiamento] = x
		}
		x.add(&t)
	}
	out := make([]Total, 0, len(m))
	for _, t := range m {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b Total) int { return cmp.Compare(a.Financiamento, b.Financiamento) })
	return out
}

// add sums o's counts and values into t.
func (t *Total) add(o *Total) {
	t.ApprovedLines += o.ApprovedLines
	t.RejectedLines += o.RejectedLines
	t.ApprovedQt += o.ApprovedQt
	t.RejectedQt += o.RejectedQt
	t.Approved = t.Approved.Add(o.Approved)
	t.Rejected = t.Rejected.Add(o.Rejected)
}

// fold moves the exact integer sums into the decimals.
func (t *Total) fold() {
	if t.approvedMicro != 0 {
		t.Approved = t.Approved.Add(decimal.New(t.approvedMicro, -6))
		t.approvedMicro = 0
	}
	if t.rejectedMicro != 0 {
		t.Rejected = t.Rejected.Add(decimal.New(t.rejectedMicro, -6))
		t.rejectedMicro = 0
	}
}
