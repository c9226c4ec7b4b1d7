package sigtap

import (
	"fmt"
	"unsafe"

	"github.com/go-sus/sus/internal/fixed"
	"github.com/shopspring/decimal"
)

// col is one typed column of a table schema: the row field it fills
// (by offset, so that the decoder is one direct call per field) and the
// codec of the field's type.
type col[T any] struct {
	name string
	req  bool
	off  uintptr
	c    *codec
}

// codec decodes a raw field into the field at p and writes it back at the
// layout's width. p always points into a row of the schema's type, at the
// offset computed from the schema's accessor, so the casts are safe.
type codec struct {
	dec func(p unsafe.Pointer, b []byte, a *arena) error
	enc func(dst []byte, p unsafe.Pointer, c *Column) ([]byte, error)
}

// schema is the typed view of one SIGTAP table.
type schema[T any] struct {
	table string
	cols  []col[T]
}

// offsetOf returns the offset in T of the field f points to.
func offsetOf[T, F any](f func(*T) *F) uintptr {
	var zero T
	return uintptr(unsafe.Pointer(f(&zero))) - uintptr(unsafe.Pointer(&zero))
}

func field[T, F any](name string, req bool, f func(*T) *F, c *codec) col[T] {
	return col[T]{name: name, req: req, off: offsetOf(f), c: c}
}

// textCol is a VARCHAR2/CHAR text column, trimmed on the right.
func textCol[T any](name string, req bool, f func(*T) *string) col[T] {
	return field(name, req, f, textCodec)
}

var textCodec = &codec{
	dec: func(p unsafe.Pointer, b []byte, a *arena) error {
		s, err := a.text(b)
		*(*string)(p) = s
		return err
	},
	enc: func(dst []byte, p unsafe.Pointer, c *Column) ([]byte, error) {
		return appendText(dst, *(*string)(p), c)
	},
}

// procCol is a procedure code column: ten digits (the check digit is not
// verified; Code.Check does that).
func procCol[T any](name string, f func(*T) *Code) col[T] { return field(name, true, f, codeCodec) }

var codeCodec = &codec{
	dec: func(p unsafe.Pointer, b []byte, _ *arena) error {
		if len(b) != len(Code{}) {
			b = trimSpaces(b)
		}
		if len(b) != len(Code{}) || !allDigits(b) {
			return ErrCode
		}
		copy((*Code)(p)[:], b)
		return nil
	},
	enc: func(dst []byte, p unsafe.Pointer, c *Column) ([]byte, error) {
		return appendPadded(dst, (*Code)(p)[:], c)
	},
}

func appendPadded(dst, v []byte, c *Column) ([]byte, error) {
	if c.Len < len(v) {
		return dst, errValue
	}
	return padSpaces(append(dst, v...), c.Len-len(v)), nil
}

// cboCol is a CBO column: six characters [0-9A-Z].
func cboCol[T any](name string, f func(*T) *CBO) col[T] { return field(name, true, f, cboCodec) }

var cboCodec = &codec{
	dec: func(p unsafe.Pointer, b []byte, _ *arena) error {
		v := (*CBO)(p)
		if len(b) != len(v) {
			b = trimSpaces(b)
		}
		if len(b) != len(v) {
			return ErrCode
		}
		for _, c := range b {
			if !cboChar[c] {
				return ErrCode
			}
		}
		copy(v[:], b)
		return nil
	},
	enc: func(dst []byte, p unsafe.Pointer, c *Column) ([]byte, error) {
		return appendPadded(dst, (*CBO)(p)[:], c)
	},
}

// cboChar marks the characters a CBO may hold, [0-9A-Z] (CBO.Valid).
var cboChar = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
	}
	return t
}()

// cidCol is a CID column: three or four characters, kept space-padded to
// four as the files hold them.
func cidCol[T any](name string, f func(*T) *CID) col[T] { return field(name, true, f, cidCodec) }

var cidCodec = &codec{
	dec: func(p unsafe.Pointer, b []byte, _ *arena) error {
		t := trimSpaces(b)
		if len(t) != 3 && len(t) != 4 {
			return ErrCode
		}
		v := (*CID)(p)
		*v = CID{' ', ' ', ' ', ' '}
		copy(v[:], t)
		if !v.Valid() {
			return ErrCode
		}
		return nil
	},
	enc: func(dst []byte, p unsafe.Pointer, c *Column) ([]byte, error) {
		return appendPadded(dst, []byte((*CID)(p).String()), c)
	},
}

// numCol is a column of digits filling the whole width: a NUMBER, or a
// VARCHAR2 numeric code ("01", "0014"). When nullable, an all-blank field
// is the zero value and an all-zero field is rejected (it could not be
// written back).
func numCol[T any, N numeric](name string, req, nullable bool, f func(*T) *N) col[T] {
	return field(name, req, f, numCodec[N](nullable))
}

func numCodec[N numeric](nullable bool) *codec {
	return &codec{
		dec: func(p unsafe.Pointer, b []byte, _ *arena) error {
			if nullable && fixed.IsBlank(b) {
				*(*N)(p) = 0
				return nil
			}
			v, err := parseNum[N](b)
			if err == nil && nullable && v == 0 {
				return fmt.Errorf("%w: zero in a column where blank means none", ErrNumber)
			}
			*(*N)(p) = v
			return err
		},
		enc: func(dst []byte, p unsafe.Pointer, c *Column) ([]byte, error) {
			v := *(*N)(p)
			if nullable && v == 0 {
				return padSpaces(dst, c.Len), nil
			}
			d, err := fixed.AppendUint(dst, uint64(v), c.Len)
			if err != nil {
				return dst, encErr(err)
			}
			return d, nil
		},
	}
}

// parseNum parses an all-digit field into N, rejecting overflow.
func parseNum[N numeric](b []byte) (N, error) {
	if len(b) == 0 || len(b) > 19 {
		return 0, ErrNumber
	}
	var v uint64
	for _, c := range b {
		d := c - '0'
		if d > 9 {
			return 0, ErrNumber
		}
		v = v*10 + uint64(d)
	}
	if uint64(N(v)) != v {
		return 0, ErrNumber
	}
	return N(v), nil
}

// charCol is a one-letter domain column (TP_SEXO, TP_COMPLEXIDADE); a
// blank field is the zero value.
func charCol[T any, C ~byte](name string, req bool, f func(*T) *C) col[T] {
	return field(name, req, f, charCodec)
}

var charCodec = &codec{
	dec: func(p unsafe.Pointer, b []byte, _ *arena) error {
		if len(b) == 0 || !fixed.IsBlank(b[1:]) {
			return ErrCode
		}
		switch c := b[0]; {
		case c == ' ':
			*(*byte)(p) = 0
		case c > ' ' && c < 0x7f:
			*(*byte)(p) = c
		default:
			return ErrCode
		}
		return nil
	},
	enc: func(dst []byte, p unsafe.Pointer, c *Column) ([]byte, error) {
		v := *(*byte)(p)
		if v == 0 {
			return padSpaces(dst, c.Len), nil
		}
		return padSpaces(append(dst, v), c.Len-1), nil
	},
}

// flagCol is an S/N column.
func flagCol[T any](name string, req bool, f func(*T) *bool) col[T] {
	return field(name, req, f, flagCodec)
}

var flagCodec = &codec{
	dec: func(p unsafe.Pointer, b []byte, _ *arena) error {
		if len(b) == 0 || !fixed.IsBlank(b[1:]) || (b[0] != 'S' && b[0] != 'N') {
			return ErrCode
		}
		*(*bool)(p) = b[0] == 'S'
		return nil
	},
	enc: func(dst []byte, p unsafe.Pointer, c *Column) ([]byte, error) {
		v := byte('N')
		if *(*bool)(p) {
			v = 'S'
		}
		return padSpaces(append(dst, v), c.Len-1), nil
	},
}

// decCol is a NUMBER with scale implied decimals (money in centavos,
// percentages in hundredths).
func decCol[T any](name string, req bool, scale int32, f func(*T) *decimal.Decimal) col[T] {
	return field(name, req, f, decCodec(scale))
}

// zero2 is 0.00, the most common money and percentage value; decimals are
// immutable, so rows share it.
var zero2 = decimal.New(0, -2)

func decCodec(scale int32) *codec {
	return &codec{
		dec: func(p unsafe.Pointer, b []byte, _ *arena) error {
			n, err := parseNum[uint64](b)
			if err != nil || n > 1<<62 {
				return ErrNumber
			}
			if n == 0 && scale == 2 {
				*(*decimal.Decimal)(p) = zero2
			} else {
				*(*decimal.Decimal)(p) = decimal.New(int64(n), -scale)
			}
			return nil
		},
		enc: func(dst []byte, p unsafe.Pointer, c *Column) ([]byte, error) {
			d, err := fixed.AppendDecimal(dst, *(*decimal.Decimal)(p), scale, c.Len)
			if err != nil {
				return dst, encErr(err)
			}
			return d, nil
		},
	}
}

// decimalT shortens the schema declarations.
type decimalT = decimal.Decimal
