// Package sigtap is the vocabulary of the SIGTAP "Tabela Unificada" — the
// monthly table of SUS procedures — and its loader.
//
// Value types: Competencia (a year-month, AAAAMM), Code (a procedure code
// with its modulus-11 check digit, 02.04.03.018-8), CBO (occupation) and
// CID (CID-10 diagnosis). They are comparable values whose zero value means
// "absent"; they parse with typed errors (errors.Is with ErrLength,
// ErrCharacters, ErrCheckDigit, …) and marshal to their canonical text.
package sigtap
