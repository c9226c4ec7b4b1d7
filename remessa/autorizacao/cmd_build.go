package autorizacao

import (
	"fmt"

	"github.com/go-sus/sus/internal/ident"
)

// CMDCheckDigit computes the check digit (position 25) of a CMD
// authorization number from its first 24 characters. The algorithm is in
// Anexo V of the Portaria SAES 2025 on the Agora Tem Especialistas
// complementary component, which go-sus does not have: go-sus ships no
// implementation and does not guess one. A caller who has the algorithm
// supplies it to VerifyDV and BuildCMD; with nil, the check
// digit is not checked (DVNotChecked) and must be given by hand.
type CMDCheckDigit func(body [24]byte) byte

// DVStatus tells what is known about a check digit.
type DVStatus uint8

// Check digit statuses.
const (
	// DVNotChecked: no algorithm was supplied, nothing is known about the
	// check digit. This is what go-sus answers for CMD numbers on its own.
	DVNotChecked DVStatus = iota
	DVCorrect             // the supplied algorithm gives this digit
	DVWrong               // the supplied algorithm gives another digit
)

// String returns "not checked (algorithm not published)", "correct" or
// "wrong".
func (s DVStatus) String() string {
	switch s {
	case DVCorrect:
		return "correct"
	case DVWrong:
		return "wrong"
	}
	return "not checked (algorithm not published)"
}

// VerifyDV checks the check digit of a with the algorithm dv. With dv nil
// — the normal case, since the algorithm is not published — it returns
// DVNotChecked and says nothing about the digit.
func (a CMD) VerifyDV(dv CMDCheckDigit) DVStatus {
	if dv == nil {
		return DVNotChecked
	}
	if dv([24]byte(a[:24])) == a[24] {
		return DVCorrect
	}
	return DVWrong
}

// CMDParts holds the groups of a CMD authorization number, in mask order
// (see CMD for the positions).
type CMDParts struct {
	Group1     string // positions 1–6, 6 digits
	Group2     string // position 7, one digit or letter
	Group3     string // positions 8–9, 2 digits
	Identifier string // positions 10–11, special identifier (Anexo VI)
	Group5     string // positions 12–17, 6 digits; "000000" for the complementary component
	Group6     string // positions 18–24, 7 digits
	CheckDigit string // position 25, one digit or letter; may be empty when an algorithm is supplied
}

// BuildCMD assembles a number from its parts. Each part must
// have exactly its group's width (no padding is added: a short part is an
// error, not a guess). The check digit comes from dv when it is not nil —
// and p.CheckDigit, if given, must then agree (else a *CheckDigitError) —
// or from p.CheckDigit when dv is nil; with neither the error wraps
// ErrNoCheckDigit. Errors are *ValueError naming the group.
func BuildCMD(p CMDParts, dv CMDCheckDigit) (CMD, error) {
	var a CMD
	parts := [6]string{p.Group1, p.Group2, p.Group3, p.Identifier, p.Group5, p.Group6}
	names := [7]string{"group 1 (positions 1–6, 6 digits)", "group 2 (position 7, 1 digit or letter)",
		"group 3 (positions 8–9, 2 digits)", "identifier (positions 10–11, 2 digits)",
		"group 5 (positions 12–17, 6 digits)", "group 6 (positions 18–24, 7 digits)",
		"check digit (position 25, 1 digit or letter)"}
	for g, s := range parts {
		r := cmdGroups[g]
		if len(s) != r[1]-r[0] {
			return CMD{}, cmdPartError(names[g], s, ErrLength)
		}
		copy(a[r[0]:r[1]], s)
	}
	a.upper()
	switch {
	case dv != nil:
		a[24] = dv([24]byte(a[:24]))
		if p.CheckDigit != "" && (len(p.CheckDigit) != 1 || cmdUpper(p.CheckDigit[0]) != a[24]) {
			got := byte('?')
			if len(p.CheckDigit) == 1 {
				got = p.CheckDigit[0]
			}
			return CMD{}, cmdPartError(names[6], p.CheckDigit, &CheckDigitError{Got: got, Want: a[24]})
		}
	case len(p.CheckDigit) == 1:
		a[24] = p.CheckDigit[0]
	case p.CheckDigit == "":
		return CMD{}, cmdPartError(names[6], "", ErrNoCheckDigit)
	default:
		return CMD{}, cmdPartError(names[6], p.CheckDigit, ErrLength)
	}
	a.upper()
	for g, r := range cmdGroups {
		if a.badIn(r[0], r[1]) {
			return CMD{}, cmdPartError(names[g], string(a[r[0]:r[1]]), ErrCharacters)
		}
	}
	return a, nil
}

func cmdPartError(group, value string, err error) error {
	return ident.NewError(cmdType, value, fmt.Errorf("%s: %w", group, err))
}
