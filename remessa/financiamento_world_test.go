package remessa

import (
	"io/fs"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/internal/shareddata"
	"github.com/go-sus/sus/remessa/autorizacao"
	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/sigtap"
)

// Test helpers of the financing engine: the demo world, the official
// SIGTAP release, and line builders.

var (
	worldOnce sync.Once
	worldSet  *sigtap.Set
	worldReg  *cnes.Registry
	worldErr  error
)

// demoWorld returns the demo SIGTAP set (202512, 202601) and CNES registry.
func demoWorld(tb testing.TB) (*sigtap.Set, *cnes.Registry) {
	tb.Helper()
	worldOnce.Do(func() {
		worldSet, worldErr = sigtap.LoadSet(demo.SIGTAP(), nil)
		if worldErr != nil {
			return
		}
		worldReg, worldErr = cnes.NewRegistry()
		if worldErr != nil {
			return
		}
		for _, c := range []string{"202512", "202601"} {
			sub, err := fs.Sub(demo.FS, "cnes/"+c)
			if err != nil {
				worldErr = err
				return
			}
			s, err := cnes.Load(sub, nil)
			if err != nil {
				worldErr = err
				return
			}
			if worldErr = worldReg.Add(s); worldErr != nil {
				return
			}
		}
	})
	if worldErr != nil {
		tb.Fatalf("demo world: %v", worldErr)
	}
	return worldSet, worldReg
}

var (
	realOnce sync.Once
	realRel  *sigtap.Release
	realErr  error
)

// realRelease loads the official 202512 release once, or skips.
func realRelease(tb testing.TB) *sigtap.Release {
	tb.Helper()
	p, ok := shareddata.SIGTAP(shareddata.Release202512)
	if !ok {
		tb.Skipf("official SIGTAP release %s not available; it lives in ../shared/data/sigtap (or $%s)", shareddata.Release202512, shareddata.Env)
	}
	realOnce.Do(func() { realRel, realErr = sigtap.Open(p, &sigtap.LoadOptions{Descriptions: sigtap.SkipDescriptions}) })
	if realErr != nil {
		tb.Fatalf("Open(%s): %v", p, realErr)
	}
	return realRel
}

// World identifiers (remessa/remessatest/demo/cnes/202601/FIXTURE.md).
var (
	cmp202601    = sigtap.MustParseCompetencia("202601")
	estabImagem  = cnes.MustParseCode("9990001") // no habilitação
	estabPoli    = cnes.MustParseCode("9990002") // 38.02, 38.03 (EqAE team), 04.03, 11.02
	estabHospDia = cnes.MustParseCode("9990006") // 38.03 ended, 38.02 from 202602
	ineEqAE      = cnes.MustParseINE("4865539836")
	ineESF       = cnes.MustParseINE("0001383394")
	cnsP05       = cns.MustParseCNS("807016416458479")

	procSinus     = sigtap.MustParseCode("0401020150") // 06; 051 059; 0013 0014 0015
	procPuncao    = sigtap.MustParseCode("0201010607") // 06; 053 058 060; 0012 0014
	procConsulta  = sigtap.MustParseCode("0301010072") // 06; 012 053 058 060; 0012 0014
	procCariostat = sigtap.MustParseCode("0101020058") // 01; 009 020; 0001
	procGlicemia  = sigtap.MustParseCode("0214010015") // 01
	procVigil     = sigtap.MustParseCode("0102010056") // 07
	procProteinaC = sigtap.MustParseCode("0202020550") // 04 rubrica 040072
	procMamografi = sigtap.MustParseCode("0204030188") // 06 (no regra 0005 linked in 2025)
	procOCI       = sigtap.MustParseCode("0901010014") // 04; 053 058 059 060; 0009 0011 0013 0014 0015 (APAC only)

	autPrograma = autorizacao.MustParse("5325900000014") // APAC, 5th digit 9
	autComum    = autorizacao.MustParse("3525200000014") // APAC general use
)

// testCPF is a valid generated CPF (no real person).
var testCPF = cns.RandomCPF(rand.New(rand.NewPCG(8, 8)))

// lineI returns a BPA-I line of the world with a CPF and raça 01.
func lineI(estab cnes.Code, proc sigtap.Code, naut string, ine cnes.INE) *bpa.Individualizado {
	return &bpa.Individualizado{
		Line: 2, CNES: estab, Competencia: cmp202601, CNSProfissional: cnsP05,
		CBO: sigtap.MustParseCBO("225125"), DataAtendimento: bpa.NewDate(2026, 1, 15), Procedimento: proc,
		Sexo: "F", Idade: 40, Quantidade: 1, Carater: "01", Autorizacao: naut, Raca: "01",
		Nacionalidade: "010", INE: ine, CPF: testCPF,
	}
}

// lineC returns a BPA-C line of the world.
func lineC(estab cnes.Code, proc sigtap.Code) *bpa.Consolidado {
	return &bpa.Consolidado{Line: 3, CNES: estab, Competencia: cmp202601, CBO: sigtap.MustParseCBO("225125"),
		Procedimento: proc, Idade: 40, Quantidade: 2}
}

// decideWorld decides rec against the demo world.
func decideWorld(tb testing.TB, rec bpa.Record, opts *FinanciamentoOptions) DecisaoFinanciamento {
	tb.Helper()
	set, reg := demoWorld(tb)
	f := Financiador{SIGTAP: set, CNES: reg, Options: opts}
	d, ok := f.Decidir(cmp202601, rec)
	if !ok {
		tb.Fatalf("Decidir(%T): not a production line", rec)
	}
	return d
}

// releaseContexto returns a context on release r for a line of proc with
// the given habilitações (known) and record.
func releaseContexto(r *sigtap.Release, proc sigtap.Code, rec bpa.Record, habs ...sigtap.Habilitacao) *Contexto {
	ctx := &Contexto{}
	ctx.setRecord(rec)
	ctx.Procedimento = proc
	ctx.Release = r
	if p, ok := r.Procedure(proc); ok {
		ctx.Procedure = &p
	}
	ctx.Habilitacoes, ctx.HabilitacoesKnown = habs, true
	return ctx
}

// codes returns the codes of cs.
func codes(cs []Critica) []Code {
	var out []Code
	for _, c := range cs {
		out = append(out, c.Code)
	}
	return out
}
