package bpatest

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

type prof struct {
	cnes cnes.Code
	cns  cns.CNS
	cbo  sigtap.CBO
	ine  cnes.INE
}

// Generator draws production records for a processing month.
type Generator struct {
	// Mvm is the processing month (cbc_mvm): the records' competências are
	// it or up to three months before, their layout bpa.VersionFor(Mvm).
	Mvm sigtap.Competencia
	// ShareC is the share of BPA-C lines, in percent (default 10).
	ShareC int

	r     *rand.Rand
	cnes  []cnes.Code
	profs []prof
	num   bpa.Numberer
}

// New returns a generator for processing month mvm with a few
// establishments and professionals drawn from r.
func New(r *rand.Rand, mvm sigtap.Competencia) *Generator {
	g := &Generator{Mvm: mvm, ShareC: 10, r: r}
	for i := 0; i < 8; i++ {
		g.cnes = append(g.cnes, CNES(r))
	}
	for i := 0; i < 40; i++ {
		p := prof{cnes: g.cnes[r.IntN(len(g.cnes))], cns: cns.RandomCNS(r), cbo: CBO(r)}
		if r.IntN(3) == 0 {
			p.ine = INE(r)
		}
		g.profs = append(g.profs, p)
	}
	return g
}

// Header returns the header template (totals are computed by the writers).
func (g *Generator) Header() bpa.Header {
	return bpa.Header{
		Competencia: g.Mvm,
		Responsavel: "SECRETARIA MUNICIPAL DE SAUDE",
		Sigla:       "SMSTST",
		CNPJCPF:     bpa.TaxIDFromCNPJ(cnes.RandomCNPJ(g.r)),
		Destino:     "SECRETARIA MUNICIPAL DE SAUDE",
		DestinoTipo: "M",
		Versao:      "GOSUS",
	}
}

// cmp returns the competência of a line: mostly mvm, sometimes up to three
// months earlier.
func (g *Generator) cmp() sigtap.Competencia {
	if g.r.IntN(10) == 0 {
		return g.Mvm.Add(-1 - g.r.IntN(3))
	}
	return g.Mvm
}

// Consolidado returns a valid BPA-C record without numbering.
func (g *Generator) Consolidado() *bpa.Consolidado {
	return &bpa.Consolidado{
		CNES:         g.cnes[g.r.IntN(len(g.cnes))],
		Competencia:  g.cmp(),
		CBO:          CBO(g.r),
		Procedimento: Procedure(g.r),
		Idade:        g.r.IntN(100),
		Quantidade:   1 + g.r.IntN(30),
		Origem:       "BPA",
	}
}

// Individualizado returns a valid BPA-I record without numbering, in the
// layout of the generator's mvm (Version 0: the writer chooses).
func (g *Generator) Individualizado() *bpa.Individualizado {
	r := g.r
	p := g.profs[r.IntN(len(g.profs))]
	cmp := g.cmp()
	at := Date(r, cmp.FirstDay(), cmp.LastDay())
	birth := BirthDate(r, at, 0, 95)
	name := Name(r)
	addr := NewAddress(r)
	rec := &bpa.Individualizado{
		CNES:            p.cnes,
		Competencia:     cmp,
		CNSProfissional: p.cns,
		CBO:             p.cbo,
		DataAtendimento: bpa.DateOf(at),
		Procedimento:    Procedure(r),
		Sexo:            []string{"M", "F"}[r.IntN(2)],
		IBGE:            addr.Municipio,
		Quantidade:      1 + r.IntN(3),
		Carater:         "01",
		Origem:          "BPA",
		Nome:            name,
		DataNascimento:  bpa.DateOf(birth),
		Raca:            []string{"01", "02", "03", "04", "05"}[r.IntN(5)],
		Nacionalidade:   "010",
		CEP:             addr.CEP,
		Logradouro:      addr.StreetType.Code,
		Endereco:        addr.Street,
		Complemento:     addr.Complement,
		Numero:          addr.Number,
		Bairro:          addr.District,
		Telefone:        Phone(r),
		Email:           Email(r, name),
	}
	rec.Idade = rec.DataNascimento.YearsAt(rec.DataAtendimento)
	if rec.Raca == "05" {
		rec.Etnia = []string{"0001", "0034", "0125", "X265"}[r.IntN(4)]
	}
	if r.IntN(10) == 0 {
		rec.CID = sigtap.MustParseCID("A09")
	}
	v := bpa.VersionFor(g.Mvm)
	if v >= bpa.V338 {
		rec.INE = p.ine
	}
	if v >= bpa.V349 && r.IntN(2) == 0 {
		rec.CPF = CPF(r)
	} else {
		rec.CNSPaciente = CNS(r)
	}
	if v >= bpa.V350 {
		rec.SituacaoRua = "N"
	}
	if v >= bpa.V351 {
		rec.SemCPF = "N"
	}
	return rec
}

// Next returns the next record, numbered (folha/seq) in arrival order.
func (g *Generator) Next() (bpa.Record, error) {
	var rec bpa.Record
	if g.r.IntN(100) < g.ShareC {
		rec = g.Consolidado()
	} else {
		rec = g.Individualizado()
	}
	return rec, g.num.Number(rec)
}

// Records returns n numbered records.
func (g *Generator) Records(n int) ([]bpa.Record, error) {
	recs := make([]bpa.Record, 0, n)
	for i := 0; i < n; i++ {
		rec, err := g.Next()
		if err != nil {
			return nil, err
		}
		recs = append(recs, rec)
	}
	return recs, nil
}

// Write writes a complete valid file of n production lines for mvm, drawn
// from a generator seeded with seed, to w. It makes two passes over the
// same deterministic stream (totals, then lines), so it needs no seeking
// and constant memory. progress, when not nil, is called every 65536
// lines.
func Write(w io.Writer, mvm sigtap.Competencia, n int, seed uint64, progress func(done int)) error {
	newGen := func() *Generator { return New(rand.New(rand.NewPCG(seed, seed^0x5eed)), mvm) }
	g := newGen()
	h := g.Header()
	var t bpa.Totals
	for i := 0; i < n; i++ {
		rec, err := g.Next()
		if err != nil {
			return err
		}
		t.Add(rec)
	}
	if err := t.Apply(&h); err != nil {
		return err
	}
	g = newGen()
	_ = g.Header()
	bw := bpa.NewWriterTotals(w, h)
	for i := 0; i < n; i++ {
		rec, err := g.Next()
		if err != nil {
			return err
		}
		if err := bw.Write(rec); err != nil {
			return err
		}
		if progress != nil && i&0xFFFF == 0xFFFF {
			progress(i + 1)
		}
	}
	return bw.Close()
}

// File returns a complete valid BPA file of n production lines (1 to
// bpa.MaxLines) for processing month mvm, in the layout of mvm
// (bpa.VersionFor: pass v.Since() for layout v), drawn from seed: Write
// into memory. About one line in ten is BPA-C.
func File(mvm sigtap.Competencia, n int, seed uint64) ([]byte, error) {
	if n < 1 || n > bpa.MaxLines {
		return nil, fmt.Errorf("bpatest: %d lines: want 1–%d", n, bpa.MaxLines)
	}
	var b bytes.Buffer
	if err := Write(&b, mvm, n, seed, nil); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
