// Package autorizacao implements the authorization numbers of SUS
// production: the 13-digit AIH (hospital) and APAC (ambulatory) numbers of
// SIH/SIA, the ranges of them (faixas) that state managers hand out, an
// allocator that issues the numbers of a faixa, and the 25-character
// authorization numbers of the CMD system.
//
// # AIH and APAC numbers
//
// AIH and APAC authorizations share one 13-digit numbering, the type
// Number (docs/identifiers.md §5; Portarias SAS 567/2005, 492/2008, 735/2008):
// the UF (IBGE state code, 99 for CNRAC AIH), the last two digits of the
// year, a 5th digit naming the kind of number (Kind: 1 AIH and 2 APAC for
// general use, 3 CNRAC, 5 and 6 elective surgery, 8 AIH and 9 APAC of the
// Agora Tem Especialistas programme, Portaria SAES 2025 Art. 14 I), a
// 7-digit sequence and a check digit (CheckDigit: the first 12 digits mod
// 11, 10 → 0, from the SIH manual; assumed for APAC too). Parse and
// Number.Check validate the digits; Number.Warnings flags an unknown UF or
// kind, which is accepted because those sets are not closed.
//
// In a BPA-I line the number is the prd_naut field. The financing engine
// of package remessa reads its 5th digit to tell a programme attendance
// (8 or 9) from an ordinary one.
//
// # Faixas and the allocator
//
// State managers define special numeric ranges and hand them to
// municipalities and establishments (Portaria SAES 2025 Arts. 16–17): a
// Faixa, "FROM-TO" with both ends sharing UF, year and kind. Faixa.Check
// tells whether a number belongs to a faixa, and Faixa.CheckPrograma
// whether it also carries the programme digit. An Allocator issues the
// numbers of a faixa in order, each with its check digit and each exactly
// once, skipping the numbers marked used elsewhere; it is safe for
// concurrent use, and its state (AllocatorState, or its JSON form) is the
// caller's to persist between runs.
//
// # CMD numbers
//
// The CMD (Conjunto Mínimo de Dados) system numbers its authorizations
// differently: 25 characters written 999999-A-99-99-999999-9999999-D
// (type CMD; Portaria SAES 2025 Art. 14 II), with the programme's special
// identifier at positions 10–11 and zeros at 12–17 (Art. 15). Its check
// digit algorithm is not published, so this package never checks it on
// its own: CMD.VerifyDV takes the algorithm as a CMDCheckDigit function
// and answers DVNotChecked without one. BuildCMD assembles a number from
// its parts (CMDParts).
//
// # Errors
//
// Parse errors are *ValueError values (the module's identifier error,
// shared with packages cns, cnes and sigtap) wrapping the sentinels
// ErrEmpty, ErrLength, ErrCharacters, ErrCheckDigit (via *CheckDigitError,
// which carries the expected digit), ErrRange or ErrFormat, so errors.Is
// works across packages; the faixa and allocator sentinels are
// ErrFaixaPrefix, ErrNotInFaixa, ErrNotPrograma and ErrFaixaExhausted.
//
// # Example
//
//	a, err := autorizacao.Parse("4125900001003")
//	if err != nil {
//		return err // *autorizacao.ValueError; errors.Is(err, autorizacao.ErrCheckDigit) …
//	}
//	fmt.Println(a.Format(), a.Describe())
//	// 41.25.9.0.000.100-3 APAC Agora Tem Especialistas (5th digit 9)
//
//	f := autorizacao.MustParseFaixa("412590000001-412590000999") // check digits optional
//	alloc := autorizacao.NewAllocator(f)
//	n, err := alloc.Next() // 4125900000013, then 4125900000024, …
//	if err != nil {
//		return err // errors.Is(err, autorizacao.ErrFaixaExhausted)
//	}
//	state, err := json.Marshal(alloc) // persist state before handing n out
//
// The "remessa autorizacao" and "remessa cmd" commands of examples/remessa
// are a thin command-line front end to this package.
package autorizacao
