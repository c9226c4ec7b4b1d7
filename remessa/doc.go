// Package remessa implements the programme rules that SIA/SUS applies to a
// monthly submission of ambulatory production — the "remessa" — beyond the
// layout of the BPA file itself: the críticas that reject or flag lines,
// the financing and valuation of each line, the reports, and the naming
// and splitting of export files. Two neighbouring concerns have their own
// packages: the AIH/APAC/CMD authorization numbers, faixas and allocator
// are package [github.com/go-sus/sus/remessa/autorizacao], and the
// chronological ledger of competências sent and validated is package
// [github.com/go-sus/sus/remessa/ledger].
//
// # The monthly submission
//
// Every month each gestão (municipal or state health secretariat) collects
// the BPA files of its establishments and submits them to SIA/SUS. A file
// carries one header competência (cbc_mvm, the processing month) and lines
// whose own competência (prd_cmp) may be up to three months older
// (docs/rules.md §1). SIA judges each line against the SIGTAP release of its
// prd_cmp and against the CNES registry, values it, decides who pays for
// it (the financing), and answers with reports of approved and rejected
// production.
//
// # Críticas and the Checker
//
// A crítica is one finding on one line: a stable code, a severity (Erro
// rejects the line, Aviso accepts it, NaoVerificado says a check could not
// run), the line and field, SIA's own message where it is known
// (docs/bpa.md §6, docs/cnes.md §6.1) and the facts that caused it ("CBO
// 225125 fora dos CBOs permitidos para 0301010072 (12 no SIGTAP)"), both
// in Portuguese (docs/rules.md §3.3). They come from the
// layout (package bpa's Problem codes), from SIGTAP (procedure exists in
// the competência, instrument, CBO, age, sex, CID, atributos 009, 012,
// 021, 034, 036, 037, 038, 048, 058, habilitação, serviço/classificação),
// from CNES (establishment, professional and CBO, team, service,
// workload), from the financing rules (regra 0001, programme CPF) and from
// the file as a whole (competência window, one instrument per procedure
// per CNES and month, quantity per patient and month, duplicate slots and
// attendances, header counts and control field). Checks returns the table;
// Checker.Disable turns checks off by code.
//
// # Fail closed: three statuses
//
// Every line has exactly one Status: Aprovada when every check ran and
// none failed, Rejeitada with a crítica of severity Erro, NaoVerificada
// when no Erro was found but a check could not run for lack of data (no
// SIGTAP release or CNES snapshot for the line's competência, a table
// absent from a release): the line then carries a crítica of severity
// NaoVerificado naming the cause, which the Summary also lists once. Only
// aprovada lines count as approved lines and value. A Checker without a
// SIGTAP set or CNES registry refuses to run (ErrNoSIGTAP, ErrNoCNES)
// unless AllowMissing names the source it accepts to check without.
//
// A Checker streams a BPA file: each line is judged against the SIGTAP
// release of its own competência (a sigtap.Set) and the CNES snapshot of
// that competência (a cnes.Registry), and the verdicts come out in file
// order through a callback, with Workers goroutines doing the per-line
// work and one ordered stage applying the cross-line rules.
//
//	ck := &remessa.Checker{SIGTAP: set, CNES: reg}
//	sum, err := ck.Check(f, func(r *remessa.Result) error {
//		if r.Rejected() {
//			fmt.Println(r.Line, r.Criticas[0].Message)
//		}
//		return nil
//	})
//	if err != nil {
//		return err // ErrNoSIGTAP, ErrNoCNES, bpa.ErrNotBPA, I/O …
//	}
//	remessa.WriteText(os.Stdout, sum) // ocorrências + síntese da produção
//
// # The month
//
// A gestão submits the files of all its establishments together, and some
// rules only hold across them. CheckFiles judges such a set — one Input
// per file (FileInput, ReaderInput) — as one remessa: files are read in
// parallel on the same workers and the verdicts come out file by file; one
// instrument per procedure per CNES per competência, the maximum quantity
// per patient and duplicate attendances hold across the files; a file of
// another processing competência is rejected (ARQUIVO_COMPETENCIA_DIFERENTE),
// the same production sent twice is flagged (ARQUIVO_DUPLICADO). The
// MonthSummary consolidates the files and keeps each file's Summary;
// WriteMonthText, WriteMonthHTML and the JSONLinesWriter show the month
// first, then each file. Memory is bounded by the keys of the cross-line
// rules — about 15 to 18 bytes per patient × procedure and per attendance
// (see BENCHMARKS.md) — never by the lines themselves; given a Ledger, the
// run also says whether the gestão may send the competência now.
//
// # Reports
//
// A Summary (built by the Checker through a Tally) holds the totals per
// establishment × financing × rubrica per status, the reasons
// for rejection and the lines with ocorrências. WriteText prints it in
// the spirit of SIA's "relatório de ocorrências na consistência" and
// "síntese da produção", WriteTotals the síntese alone, WriteHTML a
// self-contained page with a bar chart, and JSONLinesWriter one JSON
// object per line for machines. Patients and professionals appear only
// masked. ParseSIAReport reads SIA's own consistency report and
// CompareSIA sets its verdict beside the checker's.
//
// # Financing and regras condicionadas
//
// A line's financing starts as the procedure's CO_FINANCIAMENTO in SIGTAP
// (01 PAB, 04 FAEC, 06 MAC, 07 Vigilância …). Regras condicionadas linked
// to the procedure may change it or the line's fate. The Agora Tem
// Especialistas complementary component (Portaria SAES 2025) is the main
// case: regra 0015 moves Modalidade 1 attendances to FAEC, regra 0014
// moves Modalidades 2 and 3 to MAC, decided by the establishment's
// habilitação (38.02/38.03/38.04), the team type and the authorization
// number. Programme attendances need the patient's CPF (CNS for raça 05
// Indígena), and fonte orçamentária 02 is approved without transfer.
// DecidirFinanciamento applies one small function per regra (Regras lists
// them, with the AIH/APAC-only ones marked as not applying to BPA) and
// explains its decision; Financiador builds the context of a line from a
// release set and a CNES registry when the Checker is not used.
//
// # Valuation
//
// The ambulatory value of a line is quantity × VL_SA of the SIGTAP release
// of its competência, plus the increments of the establishment's
// habilitações, then the regra effects; all money is decimal.Decimal,
// rounded to centavos only when reported.
//
// # Authorization numbers and the chronological rule
//
// The financing engine reads the 5th digit of a line's AIH/APAC number
// (prd_naut) to tell a programme attendance: the numbers themselves —
// parsing, check digit, kinds, faixas, the allocator and CMD numbers —
// are package autorizacao. Portaria GM/MS 3.462/2010 lets a gestão send
// competência N only after N−1 was validated and suspends transfers after
// 3 consecutive competências missing: package ledger records what was
// sent, validated and rejected and answers MaySend, MustSendFirst and
// Missing.
//
// # File naming and split
//
// BPA-Mag names an export file "PA", an identifier of up to 8 characters
// (the header sigla) and the Portuguese month of cbc_mvm as extension:
// PACAPSAD.SET. bpa.FileName builds and checks such names and compares an
// incoming name with its header competência (a mismatch is a warning).
// BPA-Mag can split one production into a PAB + Vigilância file and a
// MAC/FAEC file by the lines' effective financing: Split does the same
// (01 and 07 to the first file, everything else — 04, 05, 06, and also 02
// and 08 — to the second), each file with its own header.
//
// # Example
//
//	name, _ := bpa.NewFileName("CAPSAD", sigtap.MustParseCompetencia("202509"))
//	fmt.Println(name) // PACAPSAD.SET
//
// The examples/remessa command is a thin command-line front end to these
// functions.
package remessa
