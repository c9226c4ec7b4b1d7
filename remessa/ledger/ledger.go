package ledger

import (
	"errors"
	"maps"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-sus/sus/sigtap"
)

// Sentinel errors of the Ledger.
var (
	// ErrKey: a ledger key is empty, longer than 64 bytes, not UTF-8
	// or holds control characters.
	ErrKey = errors.New("invalid ledger key")
	// ErrStatus: a status other than sent, validated or rejected.
	ErrStatus = errors.New("invalid ledger status")
	// ErrBeforeStart: a competência before the key's configured start.
	ErrBeforeStart = errors.New("competência before the ledger start")
	// ErrCompetencia: the zero competência where one is required.
	ErrCompetencia = errors.New("missing competência")
)

// Thresholds of Portaria GM/MS 3.462/2010 Art. 4: transfers are suspended
// when a mandatory system is not fed and validated for 3 consecutive
// competências; the ledger warns one competência before.
const (
	MissingWarning    = 2
	MissingSuspension = 3
)

// Ledger records, for each gestão or establishment (a key of the caller's
// choice: the IBGE code of the municipal gestão, a CNES code …), which
// competências were sent to SIA and whether each was validated or
// rejected, and answers the questions of the chronological rule of
// Portaria GM/MS 3.462/2010 (docs/rules.md §2):
//
//   - MaySend: a remessa of competência N is accepted only after the
//     remessa of N−1 was validated (Art. 3 III);
//   - MustSendFirst: the earliest competência not yet validated;
//   - Missing: how many consecutive competências up to N are not sent or
//     not validated; 2 is a warning, 3 suspends transfers (Art. 4).
//
// A corrected remessa for a competência replaces the earlier one (Art. 3
// II): recording "sent" again for it starts a new revision.
//
// The start of a key is the first competência the ledger judges; nothing
// before it is required. It is the one set with SetStart or, when none was
// set, the earliest competência recorded for the key — so the first
// competência ever recorded may always be sent, and a key without records
// accepts any competência (which then becomes its start). Competências
// before an explicit start cannot be recorded.
//
// The ledger records facts and enforces nothing: Record accepts a "sent"
// that MaySend would refuse (SIA would have refused it; record its
// rejection). Storage is the caller's: the JSON form (MarshalJSON) lists
// keys and competências in order, so equal ledgers give equal bytes. The
// zero value is an empty ledger ready to use, and a Ledger is safe for
// concurrent use.
type Ledger struct {
	mu   sync.Mutex
	keys map[string]*ledgerKey
}

type ledgerKey struct {
	start   sigtap.Competencia // explicit start, zero when implicit
	first   sigtap.Competencia // earliest entry, zero when none
	entries map[sigtap.Competencia]Entry
}

// put stores e, keeping first up to date.
func (k *ledgerKey) put(e Entry) {
	if k.first.IsZero() || e.Competencia.Before(k.first) {
		k.first = e.Competencia
	}
	k.entries[e.Competencia] = e
}

// Entry is what the ledger knows of one competência of one key.
type Entry struct {
	Competencia sigtap.Competencia `json:"competencia"`
	Status      Status             `json:"status"`
	// Revision counts the remessas sent for the competência: 1 for the
	// first, +1 for each corrected remessa that replaced it.
	Revision int `json:"revision"`
	// Note is free text of the caller (file name, protocol number).
	Note string `json:"note,omitempty"`
}

// New returns an empty ledger.
func New() *Ledger { return &Ledger{} }

// CheckKey returns nil when key is usable, ErrKey otherwise: 1
// to 64 bytes of UTF-8 without control characters.
func CheckKey(key string) error {
	if key == "" || len(key) > 64 || !utf8.ValidString(key) {
		return ErrKey
	}
	for _, r := range key {
		if unicode.IsControl(r) {
			return ErrKey
		}
	}
	return nil
}

func (l *Ledger) key(k string, create bool) *ledgerKey {
	if e := l.keys[k]; e != nil || !create {
		return e
	}
	if l.keys == nil {
		l.keys = make(map[string]*ledgerKey)
	}
	e := &ledgerKey{entries: make(map[sigtap.Competencia]Entry)}
	l.keys[k] = e
	return e
}

// SetStart sets the first competência the ledger judges for key. It fails
// with ErrBeforeStart when key already has records before c.
func (l *Ledger) SetStart(key string, c sigtap.Competencia) error {
	if err := CheckKey(key); err != nil {
		return err
	}
	if c.IsZero() {
		return ErrCompetencia
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	k := l.key(key, true)
	if !k.first.IsZero() && k.first.Before(c) {
		return ErrBeforeStart
	}
	k.start = c
	return nil
}

// Start returns the first competência the ledger judges for key (see
// Ledger), or the zero value when key has neither a start nor records.
func (l *Ledger) Start(key string) sigtap.Competencia {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.key(key, false).startOf()
}

func (k *ledgerKey) startOf() sigtap.Competencia {
	if k == nil {
		return sigtap.Competencia{}
	}
	if !k.start.IsZero() {
		return k.start
	}
	return k.first
}

func (k *ledgerKey) status(c sigtap.Competencia) Status {
	if k == nil {
		return NotSent
	}
	return k.entries[c].Status
}

// Record records that the remessa of competência c of key was sent,
// validated or rejected, and returns the entry as it now stands. Sending
// again a competência already recorded is a corrected remessa: it replaces
// the earlier one and increments Revision. A non-empty note replaces the
// entry's note. Errors: ErrKey, ErrCompetencia, ErrStatus,
// ErrBeforeStart.
func (l *Ledger) Record(key string, c sigtap.Competencia, s Status, note string) (Entry, error) {
	if err := CheckKey(key); err != nil {
		return Entry{}, err
	}
	if c.IsZero() {
		return Entry{}, ErrCompetencia
	}
	if !s.recordable() {
		return Entry{}, ErrStatus
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	k := l.key(key, true)
	if !k.start.IsZero() && c.Before(k.start) {
		return Entry{}, ErrBeforeStart
	}
	e, ok := k.entries[c]
	switch {
	case !ok:
		e = Entry{Competencia: c, Revision: 1}
	case s == Sent:
		e.Revision++
	}
	e.Status = s
	if note != "" {
		e.Note = note
	}
	k.put(e)
	return e, nil
}

// Entry returns the entry of competência c of key.
func (l *Ledger) Entry(key string, c sigtap.Competencia) (Entry, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := l.key(key, false)
	if k == nil {
		return Entry{}, false
	}
	e, ok := k.entries[c]
	return e, ok
}

// Entries returns the entries of key in chronological order.
func (l *Ledger) Entries(key string) []Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.key(key, false).sorted()
}

func (k *ledgerKey) sorted() []Entry {
	if k == nil {
		return nil
	}
	out := make([]Entry, 0, len(k.entries))
	for _, c := range slices.SortedFunc(maps.Keys(k.entries), sigtap.Competencia.Compare) {
		out = append(out, k.entries[c])
	}
	return out
}

// Keys returns the keys of the ledger in ascending order.
func (l *Ledger) Keys() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Sorted(maps.Keys(l.keys))
}
