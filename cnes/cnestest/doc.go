// Package cnestest generates synthetic CNES registries
// (BASE_DE_DADOS_CNES_AAAAMM) in the exact real distribution format — the
// seven tables the cnes package reads, full real headers in real order
// with their TO_CHAR(...) date headers, ';'-separated, every field
// quoted, Latin-1, LF (or CRLF) — for tests of code that checks BPA
// production against the registry.
//
// A Config describes establishments, professionals, vínculos, teams,
// serviços/classificações and habilitações by scenario, plus the
// CBO/procedure plan they must serve; Generate draws every identifier
// (valid CNS, CPF, CNPJ, INE, CO_PROFISSIONAL_SUS) from a seed and writes
// the files with a FIXTURE.md listing the expected result of each check.
// World is the demo world of the go-sus module (remessa/remessatest/demo/cnes),
// covering every scenario of docs/cnes.md §9; Bulk adds random establishments
// for benchmarks. ReadFixture and Expectation.Verify let a test suite
// assert a FIXTURE.md against a loaded snapshot.
//
//	f, err := cnestest.Generate(cnestest.World(sigtap.MustParseCompetencia("202601"), 1))
//	if err != nil {
//		t.Fatal(err)
//	}
//	s, err := cnes.Load(f.FS(), nil)
//	if err != nil {
//		t.Fatal(err)
//	}
//	for _, e := range f.Expectations {
//		if err := e.Verify(s); err != nil {
//			t.Error(err)
//		}
//	}
//
// Nothing generated belongs to a real person or establishment.
package cnestest
