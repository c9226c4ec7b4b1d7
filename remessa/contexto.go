package remessa

import (
	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

// Contexto is everything the checks and the financing engine know about
// one production line: the line itself (normalised fields common to BPA-C
// and BPA-I, plus the typed record), the SIGTAP release of the line's own
// competência and its procedure row, and the CNES snapshot of that
// competência with the establishment's habilitações in force.
//
// A nil Release, Procedure or Snapshot means the data is absent (no
// release loaded for the competência, procedure not in the table, no CNES
// loaded): checks that need it report "not checked" instead of guessing.
type Contexto struct {
	Mvm sigtap.Competencia // header cbc_mvm (processing month)

	Line         int
	Instrumento  Instrumento
	CNES         cnes.Code
	Competencia  sigtap.Competencia // prd_cmp
	Folha, Seq   int
	Procedimento sigtap.Code
	CBO          sigtap.CBO
	Idade        int // prd_idade (completed years)
	Quantidade   int

	C *bpa.Consolidado     // the BPA-C record, nil for BPA-I
	I *bpa.Individualizado // the BPA-I record, nil for BPA-C

	Release   *sigtap.Release   // SIGTAP of Competencia; nil when not loaded
	Procedure *sigtap.Procedure // nil when Release is nil or lacks the code
	Snapshot  *cnes.Snapshot    // CNES of Competencia; nil when not loaded

	// Habilitacoes are the establishment's type-H habilitações in force in
	// Competencia, converted to SIGTAP codes. HabilitacoesKnown is false
	// when no CNES snapshot covers the line (or the establishment was
	// filtered out), so "none" and "unknown" stay distinct.
	Habilitacoes      []sigtap.Habilitacao
	HabilitacoesKnown bool

	// info holds the procedure's SIGTAP relations already looked up by the
	// checker; nil when the Contexto was built elsewhere.
	info *procInfo
}

// regrasCondicionadas returns the procedure's regras condicionadas.
func (c *Contexto) regrasCondicionadas() ([]sigtap.Regra, bool) {
	if c.info != nil {
		return c.info.regras, c.info.regrasKnown
	}
	if c.Release == nil {
		return nil, false
	}
	return c.Release.RegrasCondicionadas(c.Procedimento)
}

// detalhes returns the procedure's atributos complementares.
func (c *Contexto) detalhes() ([]sigtap.Detalhe, bool) {
	if c.info != nil {
		return c.info.detList, c.info.detKnown
	}
	if c.Release == nil {
		return nil, false
	}
	return c.Release.Detalhes(c.Procedimento)
}

// CNSProfissional returns the professional's CNS (zero for BPA-C).
func (c *Contexto) CNSProfissional() cns.CNS {
	if c.I != nil {
		return c.I.CNSProfissional
	}
	return cns.CNS{}
}

// HasHabilitacao reports whether the establishment has h in force; the
// second result is false when that is unknown.
func (c *Contexto) HasHabilitacao(h sigtap.Habilitacao) (has, known bool) {
	if !c.HabilitacoesKnown {
		return false, false
	}
	for _, x := range c.Habilitacoes {
		if x == h {
			return true, true
		}
	}
	return false, true
}

// setRecord fills the line fields from a BPA-C or BPA-I record.
func (c *Contexto) setRecord(rec bpa.Record) {
	c.C, c.I = nil, nil
	switch r := rec.(type) {
	case *bpa.Consolidado:
		c.C = r
		c.Line, c.Instrumento, c.CNES, c.Competencia = r.Line, BPAC, r.CNES, r.Competencia
		c.Folha, c.Seq, c.Procedimento, c.CBO = r.Folha, r.Seq, r.Procedimento, r.CBO
		c.Idade, c.Quantidade = r.Idade, r.Quantidade
	case *bpa.Individualizado:
		c.I = r
		c.Line, c.Instrumento, c.CNES, c.Competencia = r.Line, BPAI, r.CNES, r.Competencia
		c.Folha, c.Seq, c.Procedimento, c.CBO = r.Folha, r.Seq, r.Procedimento, r.CBO
		c.Idade, c.Quantidade = r.Idade, r.Quantidade
	}
}

// habCache remembers the type-H habilitações in force of each
// establishment of a CNES snapshot (converted to SIGTAP codes); they are
// known when the establishment is in the snapshot. The Checker's workers
// and the Financiador each keep one.
type habCache map[habKey]habEntry

type habKey struct {
	snap *cnes.Snapshot
	code cnes.Code
}

type habEntry struct {
	habs  []sigtap.Habilitacao
	known bool
}

// get returns the habilitações of establishment code in snapshot s, in
// force in competência c (the snapshot's own).
func (h *habCache) get(s *cnes.Snapshot, code cnes.Code, c sigtap.Competencia) habEntry {
	k := habKey{s, code}
	if e, ok := (*h)[k]; ok {
		return e
	}
	var e habEntry
	if s.CheckEstabelecimento(code).Outcome == cnes.OK {
		e.known = true
		for _, x := range s.Habilitacoes(code, c) {
			e.habs = append(e.habs, x.Code)
		}
	}
	if *h == nil {
		*h = habCache{}
	}
	(*h)[k] = e
	return e
}
