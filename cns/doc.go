// Package cns implements the identifiers of people in SUS files: the
// Cartão Nacional de Saúde number (CNS) and the Cadastro de Pessoas Físicas
// number (CPF).
//
// A CNS has 15 digits. Definitive cards start with 1 or 2 and are built
// from an 11-digit PIS, a 000/001 filler and a check digit (the e-SUS
// validaCns routine); provisional cards start with 7, 8 or 9 and are valid
// when the weighted sum of their digits (weights 15..1) is a multiple of 11
// (validaCnsProv). A CPF has 11 digits, the last two being modulus-11 check
// digits; strings of equal digits pass the arithmetic but are rejected.
//
// Both types are small comparable values (arrays of ASCII digits) whose
// zero value means "absent". Parse accepts the usual masks; String returns
// the canonical digits; Format returns the human mask; Masked returns a form
// that is safe for logs. Errors are *ValueError values wrapping the
// sentinels ErrLength, ErrCharacters, ErrCheckDigit, … and never contain the
// full number.
//
// RandomCNS, RandomProvisionalCNS and RandomCPF draw valid numbers from a
// caller-supplied math/rand/v2 generator, so that test suites get
// deterministic fake people. Generated numbers may collide with real ones:
// use them only in tests.
//
//	c, err := cns.ParseCNS("152 9187 5993 0005")
//	if err != nil { … }
//	fmt.Println(c.Kind(), c.Masked()) // definitive *** **** **** 0005
package cns
