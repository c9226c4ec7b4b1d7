// Package bpa reads, writes, numbers and checks BPA files: the text file
// BPA-Mag exports for SIA/SUS with a municipality's or an establishment's
// monthly ambulatory production (Boletim de Produção Ambulatorial).
//
// # The file
//
// A BPA file is a header line ("01", 130 bytes) followed by production
// lines, each ending in CR LF, in Windows-1252:
//
//   - BPA-C ("02", 48 bytes): consolidated production — procedure, quantity,
//     age group — numbered in folhas of up to 20 lines per CNES;
//   - BPA-I ("03"): individualized production — one patient, professional
//     and date per line — numbered in folhas of up to 99 lines per (CNES,
//     professional's CNS, CBO, competência).
//
// The BPA-I line grew over the years. Every layout is supported, named by
// its length, each from the competência BPA-Mag started exporting it:
//
//	328  03/2013  address of the patient (BPA-Mag 02.55)
//	338  08/2015  prd_ine
//	349  04/2024  prd_cpf_pcnte
//	350  12/2024  prd_situacao_rua (the DATASUS PDF of 12/2024)
//	351  07/2026  prd_sem_cpf (BPA-Mag 05.00)
//
// The 353-byte variant written by the bpa-go library is read, with a
// warning, and never written. These versions come from one table in the
// package (layout version, first competência, fields it appends);
// Versions, Version.Since, VersionFor and FieldSince expose it.
//
// The header's cbc_lin (production lines), cbc_flh (folhas) and
// cbc_smt_vrf (control: the sum of every line's ten-digit procedure code
// plus quantity, mod 1111, plus 1111) are computed by this package from
// the records; callers never compute them.
//
// # Layout tables
//
// One ordered field table per record type and version (Fields,
// FieldByName) is the single source of truth: positions are 1-based as the
// PDF prints them, with canonical names (cbc_mvm, prd_cnspac …), NUM/ALFA
// kind and blank default, and each field is bound to the member of the
// record struct that holds it. The reader, writer, validator and JSON
// bridge all work from them.
//
// # Reading
//
// A Reader streams a file of any size in constant memory. Read returns
// typed records (*Header, *Consolidado, *Individualizado) built on the
// module's vocabulary types (sigtap.Competencia, sigtap.Code, cns.CNS,
// cns.CPF, cnes.Code, cnes.CNPJ, Date); All is the same as an iterator;
// ReadView returns a zero-copy View for fast paths; Decode reads a whole
// file into memory. Parsing checks only structure (type, length, digits,
// padding): identifiers with wrong check digits are kept as read and
// reported by validation. A bad line gives a *ParseError (file, line,
// column, field, reason, never the value) and reading goes on. Tolerated
// variations — LF or CR line ends, no final CR LF, a BOM, empty lines, a
// DOS end-of-file byte, lines whose trailing blanks were trimmed (completed
// with spaces), old or mixed layouts, header totals that disagree — are
// reported by Reader.Problems as warnings, never silently. UTF-8 text is an
// error (BPA-UTF8), even when its byte count happens to be a valid length.
//
// Input that is not a BPA file fails closed, with one error naming the
// file (Reader.File) that stops the reader: ErrEmpty for an empty input,
// ErrNotBPA when the first line is not a "01#BPA#" header, and
// ErrTooManyLines past 999 999 lines after the header.
//
//	r := bpa.NewReader(f) // r.File is f.Name()
//	for rec, err := range r.All() {
//		var pe *bpa.ParseError
//		if errors.As(err, &pe) {
//			log.Print(err) // one bad line; reading goes on
//			continue
//		}
//		if err != nil {
//			return err // I/O, ErrNotBPA, ErrEmpty, ErrTooManyLines
//		}
//		if i, ok := rec.(*bpa.Individualizado); ok {
//			fmt.Println(i.Procedimento, i.Quantidade)
//		}
//	}
//	for _, p := range r.Problems() {
//		log.Print(p)
//	}
//
// # Writing
//
// Encode writes a file held in memory; NewWriter streams records to an
// io.WriteSeeker and rewrites the header at Close; NewWriterTotals streams
// to any io.Writer with totals computed beforehand (Totals). Values too
// long, non-digits in NUM fields and characters Windows-1252 cannot hold
// are *FieldError naming the field; WriteOptions.Truncate and FoldASCII
// are the explicit escape hatches. A BPA-I record is written in its own
// Version, or in the layout of the header competência (VersionFor).
//
// Writing fails closed too: Encode and the Writer refuse a record that
// Validate would reject for its numbering — folha or seq 0
// (ErrNotNumbered), out of range, or a slot already written — unless
// WriteOptions.Number numbers it as a Numberer does; and they write the
// defaults Build writes (an empty prd_org is "BPA"). Build, Encode and the
// Writers therefore give the same bytes for the same production.
//
// # File names
//
// BPA-Mag names an export "PA", an identifier of up to 8 characters (the
// header sigla) and the Portuguese month of cbc_mvm as extension:
// PACAPSAD.SET. FileName, NewFileName and ParseFileName build and check
// such names; FileName.CheckCompetencia compares a name with its header
// (a mismatch is a warning).
//
// # Numbering and splitting
//
// Build takes production records without numbering and returns finished
// files: BPA-Mag's order and folha/seq numbering, prd_org "BPA" by default,
// header totals, and, with BuildOptions.Split, several valid files instead
// of an overflow (a numbering key holds at most 999 folhas; a file at most
// 999 999 lines). Numberer numbers a stream in arrival order.
//
// # Validation
//
// ValidateRecord and AppendProblems check one record against the rules
// that need no external table (domains, check digits, dates, age, the
// competência window against the header, CPF xor CNS, control characters)
// and return Problems with stable codes (CodeCheckDigitCNS = "BPA-CNS-DV"
// …) and a Severity (Erro, Aviso; the remessa package adds NaoVerificado,
// the same type). A Validator checks a whole file as a stream, adding
// duplicate folha/seq slots, BPA-I lines in another layout than the rest
// of the file (BPA-Mag writes one layout per file) and the header's counts
// and control field; Validate is the one-call form. A non-BPA or empty
// input is an error of Validate, not a problem. Rules marked as inference
// in docs/bpa.md §10 can be skipped by code (Context.Skip, Validator.Skip).
//
// Problems are written for the people who fix the file, in Portuguese: a
// Message fixed per code in the style of SIA's reports (SIA's own words
// where known, "CNS PACIENTE, INVALIDO.") and Facts with the particulars
// ("CNS *** **** **** 0019: dígito verificador não confere"); see
// docs/rules.md §3.3. Errors returned by functions stay in English.
//
// For the remessa package: read with a Reader (ReuseRecord for speed), feed
// each record to a Validator (Header, Record, Finish) and to its own
// SIGTAP/CNES checks, keep the Problem codes, and use Build or a Writer to
// write split files (PAB/Vigilância versus MAC/FAEC) with correct headers.
//
// # JSON lines
//
// ToJSON and FromJSON map each line to a JSON object with "tipo" and the
// canonical field names, so other languages can produce and inspect BPA
// files; FromJSON(ToJSON(file)) gives back the original bytes, even for
// lines whose fields are invalid. ParseJSONRecord reads one object as a
// typed record.
package bpa
