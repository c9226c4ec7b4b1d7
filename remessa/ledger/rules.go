package ledger

import (
	"github.com/go-sus/sus/sigtap"
)

// Position is a competência of a ledger key and its status.
type Position struct {
	Competencia sigtap.Competencia `json:"competencia"`
	Status      Status             `json:"status"`
}

// Decision answers "may competência N be sent now?" for one ledger key.
type Decision struct {
	Competencia sigtap.Competencia `json:"competencia"`
	Allowed     bool               `json:"allowed"`
	// Untracked is true when the ledger cannot judge: the key has no
	// history (N would become its start) or N is before its start.
	Untracked bool `json:"untracked,omitempty"`
	// Blocking is, when Allowed is false, the earliest competência that
	// must be sent and validated first (MustSendFirst), with its status.
	Blocking *Position `json:"blocking,omitempty"`
	// Reason explains the answer in one Portuguese sentence, for the
	// people who send the remessas: "202511 pode ser enviada: 202510 foi
	// validada".
	Reason string `json:"reason"`
}

// MaySend tells whether a remessa of competência n of key is accepted now
// under Portaria GM/MS 3.462/2010 Art. 3 III: only after the remessa of
// n−1 was validated. The key's start (see Ledger) needs no predecessor; a
// key without history accepts any competência, and competências before
// the start are not judged (both Allowed and Untracked). Sending n again
// when n is already recorded is a corrected remessa and follows the same
// rule.
func (l *Ledger) MaySend(key string, n sigtap.Competencia) Decision {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.key(key, false).maySend(key, n)
}

func (k *ledgerKey) maySend(key string, n sigtap.Competencia) Decision {
	d := Decision{Competencia: n}
	start := k.startOf()
	prev := n.Prev()
	switch {
	case n.IsZero():
		d.Reason = "nenhuma competência informada"
	case start.IsZero():
		d.Allowed, d.Untracked = true, true
		d.Reason = "nenhuma competência registrada para " + key + ": " + n.String() + " seria o início do registro"
	case n.Before(start):
		d.Allowed, d.Untracked = true, true
		d.Reason = n.String() + " é anterior ao início " + start.String() + " do registro de " + key + ": não avaliada"
	case n == start:
		d.Allowed = true
		d.Reason = n.String() + " é o início do registro de " + key + ": nenhuma competência anterior é exigida"
	case k.status(prev) == Validated:
		d.Allowed = true
		d.Reason = n.String() + " pode ser enviada: " + prev.String() + " foi validada"
	default:
		c, s := k.mustSendFirst()
		d.Blocking = &Position{Competencia: c, Status: s}
		d.Reason = n.String() + " só pode ser enviada depois que " + prev.String() + " for validada (" +
			prev.String() + ": " + statusPhrase(k.status(prev)) + "); primeiro " + c.String() +
			" (" + statusPhrase(s) + ")"
	}
	return d
}

// statusPhrase says, in Portuguese, what must happen to a competência in
// that status.
func statusPhrase(s Status) string {
	switch s {
	case Sent:
		return "enviada, aguardando validação"
	case Rejected:
		return "rejeitada, envie uma remessa corrigida"
	case Validated:
		return "validada"
	}
	return "não enviada"
}

// MustSendFirst returns the competência of key that must be sent (or, if
// its status is Sent, validated) before any later one: the earliest
// competência from the start on that is not validated. For a key without
// history it returns the zero competência and NotSent: any
// competência may be sent first.
func (l *Ledger) MustSendFirst(key string) (sigtap.Competencia, Status) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.key(key, false).mustSendFirst()
}

func (k *ledgerKey) mustSendFirst() (sigtap.Competencia, Status) {
	c := k.startOf()
	if c.IsZero() {
		return c, NotSent
	}
	// A run of validated entries is at most len(entries) long.
	for k.status(c) == Validated {
		c = c.Next()
	}
	return c, k.status(c)
}

// Gap is a run of consecutive missing competências — not sent, sent but
// not validated, or rejected — that ends at AsOf.
type Gap struct {
	AsOf    sigtap.Competencia `json:"as_of"`
	Missing int                `json:"missing"`
	// First is the earliest competência of the run (zero when Missing is 0).
	First sigtap.Competencia `json:"first,omitzero"`
	Level GapLevel           `json:"level"`
}

// Missing counts the consecutive competências of key up to and including
// asOf that are missing (not validated), stopping at the last validated
// one or at the key's start; competências before the start, and every
// competência of a key without history, are not counted. Pass as asOf
// the latest competência whose deadline has passed. Level is GapWarning at
// MissingWarning (2) and GapSuspension from MissingSuspension (3), the
// suspension trigger of Portaria GM/MS 3.462/2010 Art. 4.
func (l *Ledger) Missing(key string, asOf sigtap.Competencia) Gap {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.key(key, false).missing(asOf)
}

func (k *ledgerKey) missing(asOf sigtap.Competencia) Gap {
	g := Gap{AsOf: asOf}
	start := k.startOf()
	if start.IsZero() || asOf.IsZero() {
		return g
	}
	for c := asOf; !c.IsZero() && !c.Before(start) && k.status(c) != Validated; c = c.Prev() {
		g.Missing++
		g.First = c
	}
	g.Level = GapLevelOf(g.Missing)
	return g
}

// Summary is the state of one key as of a competência: what the
// examples/remessa CLI prints for "ledger status".
type Summary struct {
	Key     string             `json:"key"`
	Start   sigtap.Competencia `json:"start,omitzero"` // zero for a key without history
	Entries []Entry            `json:"entries"`
	// MustSendFirst is nil for a key without history.
	MustSendFirst *Position `json:"must_send_first,omitempty"`
	MaySend       Decision  `json:"may_send"`
	Gap           Gap       `json:"gap"`
}

// Summary returns the entries of key and the answers of MustSendFirst,
// MaySend(asOf) and Missing(asOf), taken together under one lock.
func (l *Ledger) Summary(key string, asOf sigtap.Competencia) Summary {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := l.key(key, false)
	s := Summary{Key: key, Start: k.startOf(), Entries: k.sorted()}
	if s.Entries == nil {
		s.Entries = []Entry{}
	}
	if c, st := k.mustSendFirst(); !c.IsZero() {
		s.MustSendFirst = &Position{Competencia: c, Status: st}
	}
	s.MaySend = k.maySend(key, asOf)
	s.Gap = k.missing(asOf)
	return s
}
