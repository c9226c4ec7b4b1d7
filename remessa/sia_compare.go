package remessa

import (
	"cmp"
	"slices"

	"github.com/go-sus/sus/sigtap"
)

// SIAComparison sets SIA's verdict (a parsed consistency report) beside
// the checker's, line by line. Lines are matched by (instrument,
// competência, folha, sequência, procedure) and, when both sides name it,
// the CNES.
type SIAComparison struct {
	// Both lists lines SIA and go-sus both flagged, with each side's
	// messages.
	Both []SIAMatch `json:"both"`
	// OnlySIA lists SIA occurrences on lines go-sus approved (or did not
	// see): rules go-sus does not know, or data it lacks.
	OnlySIA []SIAOcorrencia `json:"only_sia"`
	// OnlyGoSUS lists lines go-sus rejected that SIA's report does not
	// mention.
	OnlyGoSUS []Result `json:"only_gosus"`
}

// SIAMatch is one line flagged by both sides.
type SIAMatch struct {
	SIA    []SIAOcorrencia `json:"sia"`
	Result Result          `json:"gosus"`
}

type siaKey struct {
	tipo       string
	cmp        sigtap.Competencia
	folha, seq int
	proc       string
}

func siaKeyOfResult(r *Result) siaKey {
	tipo := "BPAI"
	if r.Instrumento == BPAC {
		tipo = "BPAC"
	}
	return siaKey{tipo, r.Competencia, r.Folha, r.Seq, r.Procedimento.String()}
}

// CompareSIA compares SIA's report with the checker's results (for
// example Summary.Listed, or every Result collected from Check). Only
// rejected results count as "flagged" on the go-sus side.
func CompareSIA(rep *SIAReport, results []Result) SIAComparison {
	sia := map[siaKey][]SIAOcorrencia{}
	for _, e := range rep.Entries {
		k := siaKey{e.Tipo, e.Competencia, e.Folha, e.Seq, e.Procedimento}
		sia[k] = append(sia[k], e)
	}
	cmpOut := SIAComparison{Both: []SIAMatch{}, OnlySIA: []SIAOcorrencia{}, OnlyGoSUS: []Result{}}
	used := map[siaKey]bool{}
	for i := range results {
		r := &results[i]
		k := siaKeyOfResult(r)
		es := sia[k]
		var match []SIAOcorrencia
		for _, e := range es {
			if e.CNES == "" || e.CNES == r.CNES.String() {
				match = append(match, e)
			}
		}
		switch {
		case len(match) > 0 && r.Rejected():
			cmpOut.Both = append(cmpOut.Both, SIAMatch{SIA: match, Result: *r})
			used[k] = true
		case len(match) == 0 && r.Rejected():
			cmpOut.OnlyGoSUS = append(cmpOut.OnlyGoSUS, *r)
		}
	}
	for _, e := range rep.Entries {
		k := siaKey{e.Tipo, e.Competencia, e.Folha, e.Seq, e.Procedimento}
		if !used[k] {
			cmpOut.OnlySIA = append(cmpOut.OnlySIA, e)
		}
	}
	slices.SortStableFunc(cmpOut.OnlySIA, func(a, b SIAOcorrencia) int { return cmp.Compare(a.Line, b.Line) })
	return cmpOut
}
