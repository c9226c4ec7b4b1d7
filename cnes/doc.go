// Package cnes implements the establishment identifiers of SUS files —
// the CNES code of an establishment, the CNPJ (numeric and the
// alphanumeric CNPJ of IN RFB 2.229/2024) and the INE of a health team —
// and answers, offline, the questions SIA/SUS asks the CNES establishment
// registry about every BPA line.
//
// # The registry
//
// DATASUS publishes the whole registry every month as
// BASE_DE_DADOS_CNES_AAAAMM.ZIP: about a hundred CSV files, one per table,
// ';'-separated, every field in '"', Latin-1, with Oracle's TO_CHAR(...)
// expressions left in the headers of date columns. The package reads the
// seven tables the checks need:
//
//	tbEstabelecimento       establishments (CO_UNIDADE, CO_CNES, CNPJ, gestão, deactivation)
//	tbCargaHorariaSus       vínculos: professional × establishment × CBO, SUS flag, weekly hours
//	tbDadosProfissionalSus  CO_PROFISSIONAL_SUS → CNS (names and CPFs only when asked)
//	rlEstabServClass        serviço/classificação per establishment, with the SUS flag
//	tbEquipe                teams: INE, type (70 eSF, 81 EqAE …), activation window
//	rlEstabEquipeProf       team members, with entry and exit dates
//	rlEstabSipac            habilitações (type H) and other rows, with their competências
//
// # Loading
//
// The loaders share sigtap's verbs and argument order; options come last,
// as a *LoadOptions (nil for the defaults), and each has a Context
// variant (OpenContext, …) that stops between files and every few
// thousand rows:
//
//	Open(path, opts)             a BASE_DE_DADOS_CNES ZIP, or a folder of one competência's CSV files
//	Load(fsys, opts)             the CSV files of one competência in an fs.FS
//	LoadZip(r, size, opts)       a ZIP held in memory or uploaded (an io.ReaderAt)
//	OpenRegistry(path, opts)     every competência under path: a ZIP, a folder, or a folder of
//	                             competência folders and ZIPs (the library expands it)
//	LoadRegistry(fsys, opts)     the same expansion on an fs.FS
//
// They stream the files, binding columns by header name (so added columns
// are harmless and a missing required one fails with ErrMissingColumn),
// keeping only the columns the checks need, optionally only some
// establishments (LoadOptions.CNES, LoadOptions.Municipios, which also
// bound the memory a load takes: rows of other establishments are read
// and dropped).
//
// Input is treated as untrusted. The CSV dialect is read by the package's
// own reader (encoding/csv's, record for record) with a cap on a record —
// a line, or several when a quoted field holds line breaks — so a quote
// that is never closed fails within the first MiB, reported at the line
// where it opened; files and ZIP members are capped while they are read
// (declared sizes are not trusted) and ZIP members are streamed, never
// inflated whole; FIFOs and devices are refused before they are read
// (ErrNotRegular); tolerated problems are counted but only the first
// LoadOptions.MaxWarnings are kept. A load that passes a cap fails with a
// *LimitError naming the option ("record larger than the limit of 1 MiB
// (LoadOptions.MaxRecordBytes)"). Every error and warning is a *ParseError
// with file, line (StartLine too, when a record spans lines), column and
// field, printed once with the "cnes: " prefix, and never shows a CNS,
// CPF or name: the value is left out for those columns and masked for
// the CNPJ columns, which sometimes hold a CPF.
//
// # Checks
//
// A Snapshot holds one competência; a Registry holds several side by side,
// because a BPA line must be judged against the registry of its own
// competência. The checks C1–C12 of the catalogue (CheckEstabelecimento,
// CheckAtivo, CheckGestao, CheckProfissional, CheckCBO, CheckEquipe,
// CheckTipoEquipe, CheckServClass, CheckHabilitacao, CheckFornecedor,
// CheckCargaHoraria, CheckContratoEqAE) each return a Result: an Outcome
// (OK, Fail, or Unknown when the registry cannot tell — competência not
// loaded, table absent, establishment filtered out — which is not "no"), a
// Reason, the SIA message where SIA is known to reject for it ("CBO NAO
// CADASTRADO NO CNES" …) and the evidence. Checks do not allocate and take
// well under a microsecond, so they can run on every line of a large file.
// Habilitações and serviço/classificação pairs are sigtap.Habilitacao and
// sigtap.ServicoClassificacao, the types SIGTAP's procedure requirements
// come in: a checker hands them over unconverted.
//
//	s, err := cnes.Open("BASE_DE_DADOS_CNES_202601.ZIP", nil)
//	if err != nil {
//		log.Fatal(err)
//	}
//	estab := cnes.MustParseCode("9990001")
//	prof := cns.MustParseCNS("294022552400001")
//	r := s.CheckCBO(estab, prof, sigtap.MustParseCBO("225125"))
//	fmt.Println(r.Outcome, r.Message())
//	// Output: fail CBO NAO CADASTRADO NO CNES
//
// (the package Example runs this on the demo registry).
//
// Several rules are inferences, documented on each check (docs/cnes.md §6.2 and
// §10): the SUS flags of C4/C5/C8, the team date windows of C6, the
// habilitação type filter of C9, the supplier candidates of C10, and which
// vínculos are public for C11 (LoadOptions.PublicVinculo).
//
// The subpackage cnestest generates synthetic registries in the exact real
// format, with a FIXTURE.md of expected results, for tests.
package cnes
