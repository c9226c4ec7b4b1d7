package sigtap

// Text form of the rubrica, for JSON and other encodings (Financiamento's
// is beside its type). The zero value (no rubrica) is the empty text.

// MarshalText implements encoding.TextMarshaler: "040072", or "" for zero.
func (r Rubrica) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler: "040072", or "" for
// zero.
func (r *Rubrica) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = 0
		return nil
	}
	v, err := ParseRubrica(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}
