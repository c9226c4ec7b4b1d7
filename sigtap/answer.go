package sigtap

// Answer is the result of a query that may not be decidable: the table it
// needs may be absent from the release, or the procedure may not be in
// it. A checker must treat Unknown as "not checked", never as Yes or No.
// The zero value is Unknown.
type Answer int8

// Answers.
const (
	Unknown Answer = iota // the release cannot tell
	No
	Yes
)

// String returns "unknown", "no" or "yes".
func (a Answer) String() string {
	switch a {
	case Yes:
		return "yes"
	case No:
		return "no"
	}
	return "unknown"
}

// Known reports whether a is Yes or No.
func (a Answer) Known() bool { return a == Yes || a == No }

func answer(b bool) Answer {
	if b {
		return Yes
	}
	return No
}
