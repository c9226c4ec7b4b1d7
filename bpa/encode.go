package bpa

import (
	"fmt"
	"unsafe"

	"github.com/go-sus/sus/internal/charset"
	"github.com/go-sus/sus/internal/fixed"
	"github.com/go-sus/sus/sigtap"
)

// encoder writes records field by field from the layout tables.
type encoder struct {
	fold     bool    // fold text to upper-case ASCII (charset.FoldASCII)
	truncate bool    // cut over-long text fields instead of failing
	version  Version // BPA-I version for records whose Version is 0
	defaults bool    // write the defaults of empty members (Encode, Writer)
}

func fieldErr(f *Field, err error) error { return &FieldError{Field: f.Name, Err: err} }

func tooLong(f *Field) error {
	return fieldErr(f, fmt.Errorf("%w (maximum %d)", ErrTooLong, f.Len))
}

// text appends an ALFA value: Windows-1252, space-padded on the right.
func (e *encoder) text(dst []byte, f *Field, s string) ([]byte, error) {
	if s == "" {
		return fixed.AppendBlank(dst, f.Len, f.Blank), nil
	}
	if len(s) <= f.Len && printableASCII(s) && (!e.fold || !hasLower(s)) {
		dst = append(dst, s...)
		return fixed.AppendBlank(dst, f.Len-len(s), fixed.Spaces), nil
	}
	if e.fold {
		s = charset.FoldASCII(s)
	}
	if firstBadRune(s) >= 0 {
		return dst, fieldErr(f, ErrControl)
	}
	if n := textLen(s); n > f.Len {
		if !e.truncate {
			return dst, tooLong(f)
		}
		s = cutRunes(s, f.Len)
	}
	n := len(dst)
	dst, err := charset.Append(dst, s)
	if err != nil {
		return dst, fieldErr(f, err)
	}
	return fixed.AppendBlank(dst, f.Len-(len(dst)-n), fixed.Spaces), nil
}

func cutRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// numText appends a NUM value held as a string: digits zero-padded on the
// left (space-padded on the right for LeftAligned fields); Letters fields
// may hold upper-case letters when the value fills the field.
func (e *encoder) numText(dst []byte, f *Field, s string) ([]byte, error) {
	if s == "" {
		return fixed.AppendBlank(dst, f.Len, f.Blank), nil
	}
	if len(s) > f.Len {
		return dst, tooLong(f)
	}
	digits := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			continue
		}
		if f.Flags&Letters != 0 && c >= 'A' && c <= 'Z' && len(s) == f.Len {
			digits = false
			continue
		}
		return dst, fieldErr(f, ErrNotDigits)
	}
	if !digits || len(s) == f.Len {
		return append(dst, s...), nil
	}
	if f.Flags&LeftAligned != 0 {
		dst = append(dst, s...)
		return fixed.AppendBlank(dst, f.Len-len(s), fixed.Spaces), nil
	}
	dst = fixed.AppendBlank(dst, f.Len-len(s), fixed.Zeros)
	return append(dst, s...), nil
}

// id appends a fixed-width identifier (cns.CNS, sigtap.Code …): the blank
// default for the zero value, else its bytes, which must be digits for a
// NUM field (or letters for Letters fields) and printable for ALFA fields.
func (e *encoder) id(dst []byte, f *Field, b []byte) ([]byte, error) {
	zero := true
	for _, c := range b {
		if c != 0 {
			zero = false
			break
		}
	}
	if zero {
		return fixed.AppendBlank(dst, f.Len, f.Blank), nil
	}
	if f.Kind == fixed.Num {
		if j := checkNum(b, f); j >= 0 {
			return dst, fieldErr(f, ErrNotDigits)
		}
	} else if firstBadByte(b) >= 0 {
		return dst, fieldErr(f, ErrControl)
	}
	return append(dst, b...), nil
}

// uint appends a non-negative integer zero-padded to the field width.
func (e *encoder) uint(dst []byte, f *Field, v int) ([]byte, error) {
	if v < 0 {
		return dst, fieldErr(f, ErrNegative)
	}
	out, err := fixed.AppendUint(dst, uint64(v), f.Len)
	if err != nil {
		return dst, tooLong(f)
	}
	return out, nil
}

func (e *encoder) comp(dst []byte, f *Field, c sigtap.Competencia) []byte {
	if c.IsZero() {
		return fixed.AppendBlank(dst, f.Len, f.Blank)
	}
	return c.AppendText6(dst)
}

func (e *encoder) date(dst []byte, f *Field, d Date) ([]byte, error) {
	if d.IsZero() {
		return fixed.AppendBlank(dst, f.Len, f.Blank), nil
	}
	if d.y > 9999 || d.m > 99 || d.d > 99 {
		return dst, fieldErr(f, ErrRange)
	}
	return d.AppendText(dst)
}

// appendFields appends the members of the record at base laid out as
// fields. With e.defaults, empty members with a default get it.
func (e *encoder) appendFields(dst []byte, base unsafe.Pointer, fields []Field) ([]byte, error) {
	var err error
	for k := range fields {
		f := &fields[k]
		switch f.bind.kind {
		case bindString:
			s := *(*string)(member(base, f))
			if s == "" && e.defaults {
				s = defaulted(f, s)
			}
			if f.Kind == fixed.Num {
				dst, err = e.numText(dst, f, s)
			} else {
				dst, err = e.text(dst, f, s)
			}
		case bindID:
			dst, err = e.id(dst, f, idBytes(base, f))
		case bindInt:
			dst, err = e.uint(dst, f, *(*int)(member(base, f)))
		case bindDate:
			dst, err = e.date(dst, f, *(*Date)(member(base, f)))
		case bindComp:
			dst = e.comp(dst, f, *(*sigtap.Competencia)(member(base, f)))
		case bindConst:
			dst = append(dst, f.bind.lit...)
		case bindReserved:
			dst = fixed.AppendBlank(dst, f.Len, f.Blank)
		}
		if err != nil {
			return dst, err
		}
	}
	return dst, nil
}

// appendHeader appends the header line.
func (e *encoder) appendHeader(dst []byte, h *Header) ([]byte, error) {
	return e.appendFields(dst, unsafe.Pointer(h), headerFields)
}

// appendConsolidado appends a BPA-C line.
func (e *encoder) appendConsolidado(dst []byte, c *Consolidado) ([]byte, error) {
	return e.appendFields(dst, unsafe.Pointer(c), consolidadoFields)
}

// versionOf returns the layout a BPA-I record is written in: its own
// Version, else the encoder's, else the one of its competência.
func (e *encoder) versionOf(r *Individualizado) Version {
	v := r.Version
	if v == 0 {
		v = e.version
		if v == 0 {
			v = VersionFor(r.Competencia)
		}
	}
	return v
}

// appendIndividualizado appends a BPA-I line in r's version (or e.version).
func (e *encoder) appendIndividualizado(dst []byte, r *Individualizado) ([]byte, error) {
	v := e.versionOf(r)
	i := lay.index(v)
	if i < 0 || lay.versions[i].readOnly {
		return dst, &FieldError{Field: "prd_ident", Err: fmt.Errorf("%w: %d", ErrVersion, v)}
	}
	fields := lay.versions[i].fields
	base := unsafe.Pointer(r)
	// Members of fields the version does not have must be empty.
	all := lay.newest.fields
	for k := len(fields); k < len(all); k++ {
		if f := &all[k]; !isZeroMember(base, f) {
			return dst, &FieldError{Field: f.Name, Err: fmt.Errorf("%w %d", ErrNotInLayout, v)}
		}
	}
	return e.appendFields(dst, base, fields)
}

// AppendText appends the header line (without CR LF).
func (h *Header) AppendText(dst []byte) ([]byte, error) {
	var e encoder
	return e.appendHeader(dst, h)
}

// AppendText appends the BPA-C line (without CR LF).
func (c *Consolidado) AppendText(dst []byte) ([]byte, error) {
	var e encoder
	return e.appendConsolidado(dst, c)
}

// AppendText appends the BPA-I line (without CR LF) in r.Version, or, when
// zero, in VersionFor(r.Competencia). A Writer uses its header's version
// instead.
func (r *Individualizado) AppendText(dst []byte) ([]byte, error) {
	var e encoder
	return e.appendIndividualizado(dst, r)
}

// printableASCII reports whether s holds only bytes 0x20–0x7E.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7E {
			return false
		}
	}
	return true
}

func hasLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}
