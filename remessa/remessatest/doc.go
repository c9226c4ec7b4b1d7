// Package remessatest makes test worlds for code that judges BPA
// production the way SIA/SUS does — a clinic's software, a secretariat's
// system, go-sus's own remessa.Checker: a month of BPA files over a CNES
// registry, valid against a real SIGTAP release except for errors
// planted on purpose, and the verdicts a checker must give, as data.
//
// # A world
//
// New builds a World from a SIGTAP release (a real one, or the bundled
// demo subset of package demo) and Options: the CNES registry of Estabs
// establishments in the real BASE_DE_DADOS_CNES format, and Files BPA
// files of Lines BPA-I lines each, every file the production of its own
// share of the establishments, lines grouped by numbering key
// (establishment, professional, CBO, competência) and numbered as
// BPA-Mag numbers them. Patients have unique CPFs or CNSs, ages and sexes
// within their procedures' limits; every identifier is valid and fake.
// The same release, options and seed give the same bytes.
//
// A share ErrorRate of the lines carries a planted error (Kind): a CBO
// the procedure does not allow, a professional without vínculo, an age
// or sex outside the procedure's limits, a quantity past
// QT_MAXIMA_EXECUCAO, a procedure not allowed in BPA-I, a competência
// outside the presentation window, a patient CNS with a wrong check
// digit, a competência for which the checker has no SIGTAP release nor
// CNES registry; and across files — errors that only show with the file
// before: a BPA-C line of a procedure another file registered in BPA-I,
// a patient's quantity summed over two files, an attendance repeated.
// Duplicate adds a file that repeats another, OtherCompetencia a file of
// another processing month.
//
// # Its expectations
//
// Criticas yields every crítica remessa.Checker.CheckFiles must raise on
// a production line, file by file and line by line; Expected holds what
// its MonthSummary must say: the críticas of each file, the counts per
// status (aprovada, rejeitada, não verificada), the value per status, the
// totals per establishment × financing × rubrica and the rejection
// reasons, for the month and each file. Expected.Compare compares a
// MonthSummary with them. The expectations hold for a checker given the
// world's release alone and its registry (the lines of other
// competências are planted to find neither); the tests of this package
// and of the remessa command check worlds of several seeds, sizes and
// shapes against them, exactly.
//
// WriteDir writes a world to disk — DIR/cnes, DIR/bpa/PAW001.MMM …,
// DIR/EXPECTED.jsonl (WriteExpected; ReadExpected reads it back) —
// atomically and in constant memory, several files at once: ten files of
// 999 999 lines (3.5 GB) take 16–21 s on two cores. The remessa
// command's "world" subcommand does it from the command line.
//
//	rel, err := sigtap.Open("TabelaUnificada_202512_v2601221256.zip", nil)
//	if err != nil {
//		t.Fatal(err)
//	}
//	w, err := remessatest.New(rel, &remessatest.Options{Files: 3, Lines: 5000, ErrorRate: 0.01, Seed: 1})
//	if err != nil {
//		t.Fatal(err)
//	}
//	var file bytes.Buffer
//	err = w.WriteFile(0, &file) // or w.WriteDir(ctx, dir, nil)
//	for e := range w.Criticas() {
//		// e.File, e.Line, e.Code: what your checker must say
//	}
//
// # Lower levels
//
// NewPlan chooses the procedures of a release a BPA-I line can carry and
// what such a line needs (CBOs, serviço/classificação, habilitações,
// CIDs, age and sex limits, QT_MAXIMA_EXECUCAO, CPF, supplier CNPJ);
// NewRegistry builds establishments that offer them, with the staff,
// serviços and habilitações they need (through package cnes/cnestest),
// and loads them back with cnes.Load; NewProduction draws a single
// production over a registry (Production: All, WriteTo, WriteFiles,
// Planted), in constant memory.
//
// # The demo world
//
// Package demo embeds the small demo world of the module (two SIGTAP
// subsets, a CNES registry of two competências, the demo file
// PADEMO.JAN); Demo loads it, BuildDemo builds its BPA file and
// DemoPlanted its list of expected críticas (go generate
// ./remessa/remessatest/demo rewrites both).
package remessatest
