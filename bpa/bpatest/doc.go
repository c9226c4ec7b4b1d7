// Package bpatest makes test data for code that reads, writes or judges
// BPA files: fake people, valid BPA records and files in any layout, and
// deliberately broken files that each carry one known defect.
//
// Fake people. Name, NewAddress, Phone, Email, BirthDate, CNS, CPF, CNES,
// CBO, Procedure and INE draw synthetic values from a caller's
// *rand.Rand: names and addresses that look Brazilian (with Windows-1252
// accents), identifiers whose check digits are right but that belong to
// no one. A seed gives the same values on every run; nothing here is real
// personal data. The CBO, procedure and municipality codes are real
// public codes.
//
// Valid records and files. A Generator draws numbered BPA-C and BPA-I
// records of a processing month, in the layout of that month
// (bpa.VersionFor); File and Write produce a whole valid file — header
// totals, folha/seq numbering, CR LF — in memory or streamed in constant
// memory:
//
//	file, err := bpatest.File(bpa.V338.Since(), 100, 1) // 100 lines in layout 338
//	if err != nil {
//		t.Fatal(err)
//	}
//	problems, _ := bpa.Validate(bytes.NewReader(file)) // none
//
// Broken files. Broken lists variants, each named, that break a valid
// file in one way and say what bpa.Validate reports for it — one problem
// code on one line — or which reader error stops reading:
//
//	for _, v := range bpatest.Broken() {
//		broken, line, err := v.Apply(file)
//		if errors.Is(err, bpatest.ErrNotApplicable) {
//			continue // a CPF defect in a layout without CPF
//		}
//		// your validator must report v.Code on line (or fail with v.Err)
//	}
//
// TooManyLines streams a file one line longer than a BPA file may be.
package bpatest
