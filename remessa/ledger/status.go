package ledger

import "strconv"

// Status is the state of one competência of a Ledger key.
type Status uint8

// Ledger statuses. NotSent is the status of a competência without an
// entry; it cannot be recorded.
const (
	NotSent   Status = iota // no remessa recorded
	Sent                    // sent, awaiting SIA's validation
	Validated               // validated by SIA
	Rejected                // rejected by SIA; a corrected remessa must be sent
)

var ledgerStatusText = [...]string{"not_sent", "sent", "validated", "rejected"}

// String returns "not_sent", "sent", "validated" or "rejected", the JSON
// form.
func (s Status) String() string {
	if int(s) >= len(ledgerStatusText) {
		return "Status(" + strconv.Itoa(int(s)) + ")"
	}
	return ledgerStatusText[s]
}

// Label names the status for people: "não enviada", "enviada",
// "validada" or "rejeitada" (String is the JSON form).
func (s Status) Label() string {
	switch s {
	case NotSent:
		return "não enviada"
	case Sent:
		return "enviada"
	case Validated:
		return "validada"
	case Rejected:
		return "rejeitada"
	}
	return s.String()
}

func (s Status) recordable() bool {
	return s == Sent || s == Validated || s == Rejected
}

// ParseStatus parses the text form of a status (String); it fails
// with ErrStatus.
func ParseStatus(text string) (Status, error) {
	for i, t := range ledgerStatusText {
		if t == text {
			return Status(i), nil
		}
	}
	return 0, ErrStatus
}

// MarshalText implements encoding.TextMarshaler with String; unknown
// values give ErrStatus.
func (s Status) MarshalText() ([]byte, error) {
	if int(s) >= len(ledgerStatusText) {
		return nil, ErrStatus
	}
	return []byte(ledgerStatusText[s]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseStatus.
func (s *Status) UnmarshalText(b []byte) error {
	v, err := ParseStatus(string(b))
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
