// Package sigtap is the vocabulary of the SIGTAP "Tabela Unificada" — the
// monthly table of SUS procedures — and its loader, query engine, differ
// and writer.
//
// Value types: Competencia (a year-month, AAAAMM), Code (a procedure code
// with its modulus-11 check digit, 02.04.03.018-8), CBO (occupation) and
// CID (CID-10 diagnosis). They are comparable values whose zero value means
// "absent"; they parse with typed errors (errors.Is with ErrLength,
// ErrCharacters, ErrCheckDigit, …) and marshal to their canonical text.
// The small codes of the reference tables are numbers with constants for
// the values the submission rules cite: Registro (instrument: RegistroBPAC,
// RegistroBPAI, …), Detalhe (atributo complementar: DetalheExigeCID = 048,
// …), Regra (regra condicionada: RegraFinanciamentoMAC = 0014, …),
// Habilitacao, Financiamento, Rubrica, Servico/Classificacao.
//
// # Releases
//
// DATASUS publishes one release per competência, and regenerates it now
// and then: TabelaUnificada_AAAAMM_vAAMMDDHHMM.zip, where the v part is the
// Generation. A release is 41 fixed-width TXT tables (Windows-1252, CRLF)
// described by their own *_layout.txt files and layout.txt. Open reads a
// release from a ZIP file or a directory, Load from an fs.FS and LoadZip
// from an io.ReaderAt; OpenSet and LoadSet read a Set: a release, or a
// folder of release ZIPs and release directories. Each takes a
// *LoadOptions last (nil for the defaults) and has a …Context form
// (OpenContext, LoadContext, LoadZipContext, OpenSetContext,
// LoadSetContext) that stops when its context is done:
//
//   - positions and types come from the release's layouts (per-table files
//     first, layout.txt as fallback), so a release that adds a column
//     loads; a typed table whose layout lacks a required column fails with
//     ErrMissingColumn; a table this package does not know is kept as a
//     generic Table;
//   - every line must have the layout width (LF line ends, a missing final
//     line end and trailing empty lines are accepted with a warning:
//     Release.Warnings); text is decoded from Windows-1252 and trimmed on
//     the right; DT_COMPETENCIA must be the same in every row of every
//     table;
//   - errors are *ParseError values (file, line, column, column name),
//     formatted "sigtap: tb_x.txt: line 3, column 9 (CO_X): cause", that
//     wrap the sentinels ErrLayout, ErrLineLength, ErrNumber, ErrCode,
//     ErrEncoding, ErrCompetencia, ErrDuplicate, ErrTooLarge …;
//   - the input is untrusted: ZIP entries with ".." are ignored, nothing is
//     written to disk, FIFOs and devices are refused (ErrNotRegular), and
//     every read is capped — each file, layout and table, the release as a
//     whole, the entries of a ZIP, the warnings kept (LoadOptions.MaxFileBytes,
//     MaxTotalBytes, MaxLayoutBytes, MaxRows, MaxTotalRows, MaxFiles,
//     MaxWarnings; defaults sized from the real releases with a margin of
//     about 4× or more) — so that a ZIP bomb or a table of millions of one-byte
//     rows fails at once with ErrTooLarge, naming the file and the limit;
//   - tables are decoded concurrently, streaming from the ZIP; the 17 MB
//     tb_descricao is kept compressed and read on first use
//     (EagerDescriptions reads it at once, SkipDescriptions drops it).
//
// A table the release lacks is recorded as absent (Release.Absent), and
// every query that needs it answers Unknown: a checker reports "not
// checked", never a false "no".
//
// # Queries
//
// Release answers per procedure with O(1) look-ups and binary searches
// that do not allocate: Procedure, Exists, AllowsInstrument, AllowsCBO,
// AllowsCID, HasDetalhe, HasRegra, HabilitacoesSatisfied, AllowsServico,
// and the lists Registros, CBOs, CIDs, Detalhes, RegrasCondicionadas,
// Habilitacoes, Servicos, Incrementos, Compativeis, Modalidades, Leitos.
// Checks return an Answer (Yes, No, Unknown). Reference tables are
// indexed Dicts in Refs (financiamentos, rubricas, CIDs, CBOs, …).
// Search finds procedures by name ignoring case and accents.
//
// A Set holds the releases of several competências: production is judged
// by the release of its own competência (Set.ForCompetencia), and
// Set.Periods tells since when a fact holds. Diff lists what changed
// between two releases. Subset cuts "these procedures and everything they
// reference", and WriteZip / WriteDir write a release in the exact
// official format: writing a loaded official release reproduces its files
// byte for byte.
//
//	r, err := sigtap.Open("TabelaUnificada_202512_v2601221256.zip", nil)
//	if err != nil {
//		return err
//	}
//	code := sigtap.MustParseCode("0301010072")
//	p, ok := r.Procedure(code)                                    // CONSULTA MEDICA EM ATENÇÃO ESPECIALIZADA, VL_SA 10.00
//	bpai := r.AllowsInstrument(code, sigtap.RegistroBPAI)         // Yes
//	cbo := r.AllowsCBO(code, sigtap.MustParseCBO("225125"))       // Yes
//	mod3 := r.HasDetalhe(code, sigtap.DetalheComplementarModalidade3) // Yes
//
// The package's Example functions run on the small releases in testdata.
package sigtap
