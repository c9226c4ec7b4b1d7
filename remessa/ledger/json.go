package ledger

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/go-sus/sus/sigtap"
)

// ledgerVersion is the version of the JSON form of a Ledger.
const ledgerVersion = 1

// ErrJSON: the JSON form of a ledger is malformed or inconsistent.
var ErrJSON = errors.New("invalid ledger JSON")

type ledgerJSON struct {
	Version int             `json:"version"`
	Keys    []ledgerKeyJSON `json:"keys"`
}

type ledgerKeyJSON struct {
	Key     string             `json:"key"`
	Start   sigtap.Competencia `json:"start,omitzero"` // explicit start only
	Entries []Entry            `json:"entries"`
}

// MarshalJSON encodes the ledger as
//
//	{"version":1,"keys":[{"key":"355030","start":"202501","entries":[
//	  {"competencia":"202501","status":"validated","revision":1,"note":"PACAPSAD.JAN"}]}]}
//
// with keys in ascending order and entries in chronological order; start
// appears only when it was set with SetStart.
func (l *Ledger) MarshalJSON() ([]byte, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	v := ledgerJSON{Version: ledgerVersion, Keys: []ledgerKeyJSON{}}
	for _, name := range slices.Sorted(maps.Keys(l.keys)) {
		k := l.keys[name]
		v.Keys = append(v.Keys, ledgerKeyJSON{Key: name, Start: k.start, Entries: k.sorted()})
	}
	return json.Marshal(v)
}

// UnmarshalJSON replaces the ledger with the JSON form MarshalJSON writes.
// Unknown fields, a version other than 1, repeated keys or competências,
// invalid keys, statuses or competências, revisions below 1 and entries
// before an explicit start are errors wrapping ErrJSON (and the
// specific sentinel where there is one); on error the ledger is left
// unchanged.
func (l *Ledger) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var v ledgerJSON
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("%w: %w", ErrJSON, err)
	}
	if dec.More() {
		return fmt.Errorf("%w: data after the ledger object", ErrJSON)
	}
	if v.Version != ledgerVersion {
		return fmt.Errorf("%w: version %d, want %d", ErrJSON, v.Version, ledgerVersion)
	}
	keys := make(map[string]*ledgerKey, len(v.Keys))
	for i, kj := range v.Keys {
		if err := CheckKey(kj.Key); err != nil {
			return fmt.Errorf("%w: keys[%d]: %w", ErrJSON, i, err)
		}
		if keys[kj.Key] != nil {
			return fmt.Errorf("%w: keys[%d]: key %q repeated", ErrJSON, i, kj.Key)
		}
		k := &ledgerKey{start: kj.Start, entries: make(map[sigtap.Competencia]Entry, len(kj.Entries))}
		for j, e := range kj.Entries {
			if err := checkEntry(k, e); err != nil {
				return fmt.Errorf("%w: key %q entries[%d]: %w", ErrJSON, kj.Key, j, err)
			}
			k.put(e)
		}
		keys[kj.Key] = k
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.keys = keys
	return nil
}

func checkEntry(k *ledgerKey, e Entry) error {
	switch _, dup := k.entries[e.Competencia]; {
	case e.Competencia.IsZero():
		return ErrCompetencia
	case dup:
		return fmt.Errorf("competência %s repeated", e.Competencia)
	case !e.Status.recordable():
		return ErrStatus
	case e.Revision < 1:
		return fmt.Errorf("revision %d below 1", e.Revision)
	case !k.start.IsZero() && e.Competencia.Before(k.start):
		return ErrBeforeStart
	}
	return nil
}
