package sigtap

// Text forms of the financing codes, for JSON and other encodings. The
// zero value (no financing decided, no rubrica) is the empty text.

// MarshalText implements encoding.TextMarshaler: "06", or "" for zero.
func (f Financiamento) MarshalText() ([]byte, error) {
	if f == 0 {
		return []byte{}, nil
	}
	return []byte(f.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler: "06", "6", or ""
// for zero.
func (f *Financiamento) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*f = 0
		return nil
	}
	v, err := ParseFinanciamento(string(b))
	if err != nil {
		return err
	}
	*f = v
	return nil
}

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
