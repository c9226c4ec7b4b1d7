package remessatest_test

import (
	"fmt"
	"math/bits"
	"strings"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/remessa/remessatest"
	"github.com/go-sus/sus/sigtap"
)

// kinds is a set of error kinds found in a line.
type kinds uint16

func (k kinds) has(x remessatest.Kind) bool  { return k&(1<<x) != 0 }
func (k *kinds) add(x remessatest.Kind)      { *k |= 1 << x }
func (k kinds) only(x remessatest.Kind) bool { return k == 1<<x }
func (k kinds) count() int                   { return bits.OnesCount16(uint16(k)) }

func (k kinds) String() string {
	var s []string
	for _, x := range append([]remessatest.Kind{remessatest.None}, remessatest.Kinds()...) {
		if k.has(x) {
			s = append(s, x.String())
		}
	}
	return "{" + strings.Join(s, " ") + "}"
}

// verifier judges lines one by one, the way a checker would, with the
// queries of packages bpa, sigtap and cnes: what it finds is either one of
// the kinds worldgen plants or a defect of the generator ("other").
type verifier struct {
	rel  *sigtap.Release
	snap *cnes.Snapshot
	ctx  bpa.Context
	qty  map[patientKey]int
	seen map[visitKey]bool
	// procs maps each patient to the one procedure of its lines (unique
	// patients: a patient number is never reused).
	procs map[[15]byte]sigtap.Code
}

type patientKey struct {
	id   [15]byte
	proc sigtap.Code
	cmp  sigtap.Competencia
}

type visitKey struct {
	patientKey
	at   bpa.Date
	prof cns.CNS
}

func newVerifier(rel *sigtap.Release, snap *cnes.Snapshot, mvm sigtap.Competencia) *verifier {
	return &verifier{rel: rel, snap: snap, ctx: bpa.Context{Mvm: mvm},
		qty: map[patientKey]int{}, seen: map[visitKey]bool{}, procs: map[[15]byte]sigtap.Code{}}
}

// months returns the completed months between birth and at.
func months(birth, at bpa.Date) int {
	m := (at.Year()-birth.Year())*12 + int(at.Month()) - int(birth.Month())
	if at.Day() < birth.Day() {
		m--
	}
	return m
}

func patientID(rec *bpa.Individualizado) [15]byte {
	var id [15]byte
	if !rec.CPF.IsZero() {
		copy(id[:], rec.CPF[:])
	} else {
		id = rec.CNSPaciente
	}
	return id
}

// check returns the planted kinds found in rec and the other problems.
func (v *verifier) check(rec *bpa.Individualizado) (found kinds, other []string) {
	bad := func(format string, args ...any) { other = append(other, fmt.Sprintf(format, args...)) }
	for _, p := range bpa.ValidateRecord(rec, &v.ctx) {
		switch p.Code {
		case bpa.CodeCheckDigitCNS:
			found.add(remessatest.KindCNS)
		case bpa.CodeCmpWindow:
			found.add(remessatest.KindCompetencia)
		default:
			bad("bpa %s: %s", p.Code, p.Message)
		}
	}
	if rec.Competencia != v.rel.Competencia() {
		if rec.Competencia == v.rel.Competencia().Prev() {
			found.add(remessatest.KindSemBase)
		} else if !found.has(remessatest.KindCompetencia) {
			bad("competência %s is not the release's", rec.Competencia)
		}
		return found, other // no SIGTAP release nor registry of that competência
	}
	r, code := v.rel, rec.Procedimento
	proc, ok := r.Procedure(code)
	if !ok {
		bad("procedure %s not in the release", code)
		return found, other
	}
	id := patientID(rec)
	if prev, ok := v.procs[id]; ok && prev != code {
		bad("patient reused with procedures %s and %s", prev, code)
	}
	v.procs[id] = code

	// SIGTAP
	if r.AllowsInstrument(code, sigtap.RegistroBPAI) != sigtap.Yes {
		found.add(remessatest.KindInstrumento)
	}
	if r.HasDetalhe(code, sigtap.DetalheNaoExigeCBO) != sigtap.Yes && r.AllowsCBO(code, rec.CBO) != sigtap.Yes {
		found.add(remessatest.KindCBO)
	}
	if !proc.AllowsAgeMonths(months(rec.DataNascimento, rec.DataAtendimento)) || !proc.AllowsAgeYears(rec.Idade) {
		found.add(remessatest.KindIdade)
	}
	if !proc.AllowsSex(sigtap.Sex(rec.Sexo[0])) {
		found.add(remessatest.KindSexo)
	}
	cids, _ := r.CIDs(code)
	switch {
	case rec.CID.IsZero() && (len(cids) > 0 || r.HasDetalhe(code, sigtap.DetalheExigeCID) == sigtap.Yes):
		bad("CID required")
	case !rec.CID.IsZero() && len(cids) > 0 && r.AllowsCID(code, rec.CID) != sigtap.Yes:
		bad("CID %s not allowed", rec.CID)
	}
	if rec.CPF.IsZero() == rec.CNSPaciente.IsZero() {
		bad("patient needs CPF xor CNS")
	}
	if r.HasDetalhe(code, sigtap.DetalheObrigatorioCPF) == sigtap.Yes && rec.CPF.IsZero() {
		bad("atributo 058: CPF required")
	}
	if r.HasDetalhe(code, sigtap.DetalheExigeAutorizacao) == sigtap.Yes && rec.Autorizacao == "" {
		bad("atributo 036: authorization required")
	}
	if r.HasDetalhe(code, sigtap.DetalheExigeCNPJFornecedor) == sigtap.Yes &&
		(rec.CNPJ.IsZero() || v.snap.CheckFornecedor(rec.CNES, rec.CNPJ).Outcome != cnes.OK) {
		bad("atributo 037: supplier CNPJ")
	}
	if servs, _ := r.Servicos(code); len(servs) > 0 {
		if rec.Servico != "" {
			sc, err := sigtap.ParseServicoClassificacao(rec.Servico + rec.Classificacao)
			if err != nil || r.AllowsServico(code, sc) != sigtap.Yes {
				bad("serviço %s/%s not linked to the procedure", rec.Servico, rec.Classificacao)
			}
		}
		if res := v.snap.CheckServClassAny(rec.CNES, servs); res.Outcome != cnes.OK {
			bad("C8: %v", res)
		}
	}
	var habs []sigtap.Habilitacao
	for _, h := range v.snap.Habilitacoes(rec.CNES, rec.Competencia) {
		x, err := sigtap.ParseHabilitacao(h.Code.String())
		if err == nil {
			habs = append(habs, x)
		}
	}
	if r.HabilitacoesSatisfied(code, habs) != sigtap.Yes {
		bad("habilitação missing (has %v)", habs)
	}

	// CNES
	for _, res := range []cnes.Result{v.snap.CheckEstabelecimento(rec.CNES), v.snap.CheckAtivo(rec.CNES), v.snap.CheckCargaHoraria(rec.CNSProfissional)} {
		if res.Outcome != cnes.OK {
			bad("%v", res)
		}
	}
	if res := v.snap.CheckProfissional(rec.CNES, rec.CNSProfissional); res.Outcome != cnes.OK {
		found.add(remessatest.KindProfissional)
	} else if res := v.snap.CheckCBO(rec.CNES, rec.CNSProfissional, rec.CBO); res.Outcome != cnes.OK {
		bad("%v", res)
	}

	// across lines
	pk := patientKey{id: id, proc: code, cmp: rec.Competencia}
	v.qty[pk] += rec.Quantidade
	if proc.MaxQuantity != sigtap.QuantityNotApplicable && v.qty[pk] > int(proc.MaxQuantity) {
		found.add(remessatest.KindQuantidade)
	}
	vk := visitKey{patientKey: pk, at: rec.DataAtendimento, prof: rec.CNSProfissional}
	if v.seen[vk] {
		bad("duplicate attendance")
	}
	v.seen[vk] = true
	return found, other
}

// pure reports whether a kind is planted without side effects: a line
// planted with it fails that check and no other. KindInstrumento may also
// fail the CBO, serviço or CID checks of the foreign procedure when the
// release has none fitting the line.
func pure(k remessatest.Kind) bool { return k != remessatest.KindInstrumento }
