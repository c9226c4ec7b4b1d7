package remessa

import "strconv"

// LedgerStatus is the state of one competência of a Ledger key.
type LedgerStatus uint8

// Ledger statuses. LedgerNotSent is the status of a competência without an
// entry; it cannot be recorded.
const (
	LedgerNotSent   LedgerStatus = iota // no remessa recorded
	LedgerSent                          // sent, awaiting SIA's validation
	LedgerValidated                     // validated by SIA
	LedgerRejected                      // rejected by SIA; a corrected remessa must be sent
)

var ledgerStatusText = [...]string{"not_sent", "sent", "validated", "rejected"}

// String returns "not_sent", "sent", "validated" or "rejected", the JSON
// form.
func (s LedgerStatus) String() string {
	if int(s) >= len(ledgerStatusText) {
		return "LedgerStatus(" + strconv.Itoa(int(s)) + ")"
	}
	return ledgerStatusText[s]
}

func (s LedgerStatus) recordable() bool {
	return s == LedgerSent || s == LedgerValidated || s == LedgerRejected
}

// ParseLedgerStatus parses the text form of a status (String); it fails
// with ErrLedgerStatus.
func ParseLedgerStatus(text string) (LedgerStatus, error) {
	for i, t := range ledgerStatusText {
		if t == text {
			return LedgerStatus(i), nil
		}
	}
	return 0, ErrLedgerStatus
}

// MarshalText implements encoding.TextMarshaler with String; unknown
// values give ErrLedgerStatus.
func (s LedgerStatus) MarshalText() ([]byte, error) {
	if int(s) >= len(ledgerStatusText) {
		return nil, ErrLedgerStatus
	}
	return []byte(ledgerStatusText[s]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseLedgerStatus.
func (s *LedgerStatus) UnmarshalText(b []byte) error {
	v, err := ParseLedgerStatus(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// GapLevel grades a run of missing competências (Portaria GM/MS 3.462/2010
// Art. 4).
type GapLevel uint8

// Gap levels.
const (
	GapOK         GapLevel = iota // fewer than MissingWarning missing
	GapWarning                    // MissingWarning missing: one more suspends transfers
	GapSuspension                 // MissingSuspension or more missing: transfers suspended
)

var gapLevelText = [...]string{"ok", "warning", "suspension"}

// GapLevelOf returns the level of a run of missing competências.
func GapLevelOf(missing int) GapLevel {
	switch {
	case missing >= MissingSuspension:
		return GapSuspension
	case missing >= MissingWarning:
		return GapWarning
	}
	return GapOK
}

// String returns "ok", "warning" or "suspension", the JSON form.
func (g GapLevel) String() string {
	if int(g) >= len(gapLevelText) {
		return "GapLevel(" + strconv.Itoa(int(g)) + ")"
	}
	return gapLevelText[g]
}

// MarshalText implements encoding.TextMarshaler with String.
func (g GapLevel) MarshalText() ([]byte, error) { return []byte(g.String()), nil }
