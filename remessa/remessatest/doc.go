// Package worldgen generates a coherent synthetic "world" at scale, for
// benchmarks and tests of code that judges BPA production the way SIA/SUS
// does: a CNES registry of N establishments and a BPA-I production of M
// lines (a million is routine) that are valid against a real SIGTAP
// release and that registry — so that a checker judging them walks the
// whole "approved" path — with an optional, controlled share of errors of
// known kinds planted on purpose, and the list of where.
//
// # The three steps
//
// NewPlan reads a SIGTAP release and keeps the procedures a BPA-I line can
// carry on an ordinary establishment: registro 02, no authorization
// (atributo 036), a CBO list (or atributo 021), a habilitação requirement
// the world can grant (not the Agora Tem Especialistas 38.xx or CEO
// 04.03–04.05 ones, which would switch on regras 0014/0015/0001), CIDs when
// atributo 048 asks for one. For each it notes what a line needs: CBOs,
// serviço/classificação, habilitações, principal CIDs, age and sex limits
// (ages in months), QT_MAXIMA_EXECUCAO, CPF (atributo 058), supplier CNPJ
// (atributo 037).
//
// NewRegistry builds establishments 7000001, 7000002 … that offer some of
// the plan's procedures, with professionals (valid CNS, SUS vínculos
// under CBOs the procedures allow), serviços/classificações with the SUS
// flag and habilitações, through package cnestest — the real
// BASE_DE_DADOS_CNES format — and loads it back with cnes.Load.
//
// NewProduction draws the lines: per numbering key (establishment,
// professional's CNS, CBO, competência) in registry order, numbered like
// BPA-Mag (99 lines per folha, at most 999 folhas per key); patients with
// a unique CPF or CNS (never both), sex and age inside the procedure's
// limits (age = completed years between birth and attendance), raça
// 01–05 with etnia only for 05, attendance dates inside the competência,
// a principal CID when the procedure has CIDs, the establishment's
// serviço/classificação, quantities that keep every patient's monthly
// total within the maximum across lines. Errors.Rate plants errors of the
// kinds asked for (KindCBO, KindProfissional, KindIdade, KindSexo,
// KindQuantidade, KindInstrumento, KindCompetencia, KindCNS); Planted
// lists them as (line, kind).
//
// A production never holds its lines: All iterates over them and WriteTo
// writes a complete BPA file (header totals computed in a first, cheaper
// pass) in constant memory, at about 900 000 lines per second on a 2-core
// development machine (bench_test.go). A file
// holds at most 999 999 lines (cbc_lin has six digits): a longer
// production is several files (WriteFiles), and one patient's lines never
// span two of them.
//
// Everything is deterministic for a seed, and everything personal is bpatest.
//
//	rel, err := sigtap.Open("../shared/data/sigtap/TabelaUnificada_202512_v2601221256.zip")
//	if err != nil {
//		return err
//	}
//	plan, err := remessatest.NewPlan(rel, remessatest.PlanOptions{})
//	if err != nil {
//		return err
//	}
//	reg, err := remessatest.NewRegistry(plan, 500, 1) // reg.Fixture.WriteDir(dir) for the CSV files
//	if err != nil {
//		return err
//	}
//	prod, err := remessatest.NewProduction(reg, rel.Competencia(), 999_999, 1, remessatest.Errors{Rate: 0.001})
//	if err != nil {
//		return err
//	}
//	if _, err := prod.WriteTo(f); err != nil { // one BPA file
//		return err
//	}
//	planted, err := prod.Planted() // [{0 1234 cbo} …]
package remessatest
