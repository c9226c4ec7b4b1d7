package sigtap

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unsafe"

	"github.com/go-sus/sus/internal/charset"
	"github.com/go-sus/sus/internal/fixed"
	"github.com/shopspring/decimal"
)

// col is one typed column of a table schema: how to fill a row from the
// raw field bytes and how to write it back at the layout's width.
type col[T any] struct {
	name string
	req  bool
	dec  func(row *T, b []byte, a *arena) error
	enc  func(dst []byte, row *T, c *Column) ([]byte, error)
}

// schema is the typed view of one SIGTAP table.
type schema[T any] struct {
	table string
	cols  []col[T]
}

// errValue wraps what the fixed-width codec reports when a value does not
// fit its column on writing.
var errValue = errors.New("value does not fit its column")

func encErr(err error) error {
	if errors.Is(err, charset.ErrUnencodable) {
		return fmt.Errorf("%w: %v", ErrEncoding, err)
	}
	return fmt.Errorf("%w: %v", errValue, err)
}

// decodeText trims trailing spaces and decodes Windows-1252, rejecting the
// five bytes the code page leaves undefined.
func decodeText(b []byte) (string, error) {
	b = trimSpaces(b)
	i := asciiPrefix(b)
	if i == len(b) {
		return string(b), nil
	}
	extra := 0
	for _, c := range b[i:] {
		if c == '\n' {
			return "", fmt.Errorf("%w: line break inside a record", ErrLineLength)
		}
		if c >= 0x80 {
			u := cp1252[c]
			if u == "" {
				return "", ErrEncoding
			}
			extra += len(u) - 1
		}
	}
	out := make([]byte, i, len(b)+extra)
	copy(out, b[:i])
	for _, c := range b[i:] {
		if c < 0x80 {
			out = append(out, c)
		} else {
			out = append(out, cp1252[c]...)
		}
	}
	return unsafe.String(&out[0], len(out)), nil
}

// asciiPrefix returns the length of the leading run of b that is ASCII
// and holds no LF, eight bytes at a time.
func asciiPrefix(b []byte) int {
	const lo, hi, lf = 0x0101010101010101, 0x8080808080808080, 0x0a0a0a0a0a0a0a0a
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		x := w ^ lf // a zero byte where w holds LF
		if (w|((x-lo)&^x))&hi != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= 0x80 || b[i] == '\n' {
			return i
		}
	}
	return i
}

// arena packs the strings of one table into a few large blocks instead
// of one allocation each; the strings keep their blocks alive.
type arena struct {
	block []byte
}

const arenaBlock = 64 << 10

// text is decodeText with the result stored in the arena.
func (a *arena) text(b []byte) (string, error) {
	if a == nil {
		return decodeText(b)
	}
	b = trimSpaces(b)
	if len(b) == 0 {
		return "", nil
	}
	if i := asciiPrefix(b); i < len(b) || len(b) > arenaBlock/8 {
		return decodeText(b)
	}
	if cap(a.block)-len(a.block) < len(b) {
		a.block = make([]byte, 0, arenaBlock)
	}
	n := len(a.block)
	a.block = append(a.block, b...)
	return unsafe.String(&a.block[n], len(b)), nil
}

// cp1252 holds the UTF-8 form of each Windows-1252 byte from 0x80 ("" for
// the five undefined bytes).
var cp1252 [256]string

func init() {
	for i := 0x80; i < 0x100; i++ {
		if charset.Defined(byte(i)) {
			cp1252[i] = charset.Decode([]byte{byte(i)})
		}
	}
}

// trimSpaces returns b without trailing spaces, eight bytes at a time (the
// long description fields are mostly padding).
func trimSpaces(b []byte) []byte {
	const spaces8 = 0x2020202020202020
	i := len(b)
	if i >= len(spaces256) && string(b[i-8:i]) == spaces256[:8] {
		for i >= len(spaces256) && string(b[i-len(spaces256):i]) == spaces256 {
			i -= len(spaces256)
		}
	}
	for i >= 8 && binary.LittleEndian.Uint64(b[i-8:i]) == spaces8 {
		i -= 8
	}
	for i > 0 && b[i-1] == ' ' {
		i--
	}
	return b[:i]
}

var spaces256 = strings.Repeat(" ", 256)

// appendText writes a text value at the column width: zero-padded digits
// for NUMBER columns (spaces when empty), space-padded Windows-1252 text
// otherwise.
func appendText(dst []byte, s string, c *Column) ([]byte, error) {
	var err error
	if c.Numeric() {
		dst, err = fixed.AppendNum(dst, s, c.Len, fixed.Spaces)
	} else {
		dst, err = fixed.AppendAlfa(dst, s, c.Len, fixed.Spaces)
	}
	if err != nil {
		return dst, encErr(err)
	}
	return dst, nil
}

// decodeGeneric returns the text of a field of an untyped table: NUMBER
// fields keep their digits as written ("" when blank), text is trimmed and
// decoded.
func decodeGeneric(b []byte, c *Column) (string, error) {
	if c.Numeric() {
		if fixed.IsBlank(b) {
			return "", nil
		}
		if !allDigits(b) {
			return "", ErrNumber
		}
		return string(b), nil
	}
	return decodeText(b)
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// parseNum parses an all-digit field into N, rejecting overflow.
func parseNum[N numeric](b []byte) (N, error) {
	if !allDigits(b) {
		return 0, ErrNumber
	}
	var v uint64
	for _, c := range b {
		if v > (1<<63)/10 {
			return 0, ErrNumber
		}
		v = v*10 + uint64(c-'0')
	}
	if uint64(N(v)) != v {
		return 0, ErrNumber
	}
	return N(v), nil
}

func padSpaces(dst []byte, n int) []byte { return fixed.AppendBlank(dst, n, fixed.Spaces) }

// textCol is a VARCHAR2/CHAR text column, trimmed on the right.
func textCol[T any](name string, req bool, f func(*T) *string) col[T] {
	return col[T]{name, req,
		func(r *T, b []byte, a *arena) error {
			s, err := a.text(b)
			*f(r) = s
			return err
		},
		func(dst []byte, r *T, c *Column) ([]byte, error) { return appendText(dst, *f(r), c) },
	}
}

// procCol is a procedure code column: ten digits (the check digit is not
// verified; Code.Check does that).
func procCol[T any](name string, f func(*T) *Code) col[T] {
	return col[T]{name, true,
		func(r *T, b []byte, a *arena) error {
			if len(b) != len(Code{}) {
				b = trimSpaces(b)
			}
			if len(b) != len(Code{}) || !allDigits(b) {
				return ErrCode
			}
			copy(f(r)[:], b)
			return nil
		},
		func(dst []byte, r *T, c *Column) ([]byte, error) {
			p := f(r)
			if c.Len < len(p) {
				return dst, errValue
			}
			return padSpaces(append(dst, p[:]...), c.Len-len(p)), nil
		},
	}
}

// cboCol is a CBO column: six characters [0-9A-Z].
func cboCol[T any](name string, f func(*T) *CBO) col[T] {
	return col[T]{name, true,
		func(r *T, b []byte, a *arena) error {
			p := f(r)
			if len(b) != len(p) {
				b = trimSpaces(b)
			}
			if len(b) != len(p) {
				return ErrCode
			}
			copy(p[:], b)
			if !p.Valid() {
				return ErrCode
			}
			return nil
		},
		func(dst []byte, r *T, c *Column) ([]byte, error) {
			p := f(r)
			if c.Len < len(p) {
				return dst, errValue
			}
			return padSpaces(append(dst, p[:]...), c.Len-len(p)), nil
		},
	}
}

// cidCol is a CID column: three or four characters, kept space-padded to
// four as the files hold them.
func cidCol[T any](name string, f func(*T) *CID) col[T] {
	return col[T]{name, true,
		func(r *T, b []byte, a *arena) error {
			t := trimSpaces(b)
			if len(t) != 3 && len(t) != 4 {
				return ErrCode
			}
			p := f(r)
			*p = CID{' ', ' ', ' ', ' '}
			copy(p[:], t)
			if !p.Valid() {
				return ErrCode
			}
			return nil
		},
		func(dst []byte, r *T, c *Column) ([]byte, error) {
			s := f(r).String()
			if c.Len < len(s) {
				return dst, errValue
			}
			return padSpaces(append(dst, s...), c.Len-len(s)), nil
		},
	}
}

// numCol is a column of digits filling the whole width: a NUMBER, or a
// VARCHAR2 numeric code ("01", "0014"). When nullable, an all-blank field
// is the zero value and an all-zero field is rejected (it could not be
// written back).
func numCol[T any, N numeric](name string, req, nullable bool, f func(*T) *N) col[T] {
	return col[T]{name, req,
		func(r *T, b []byte, a *arena) error {
			if nullable && fixed.IsBlank(b) {
				*f(r) = 0
				return nil
			}
			v, err := parseNum[N](b)
			if err == nil && nullable && v == 0 {
				return fmt.Errorf("%w: zero in a column where blank means none", ErrNumber)
			}
			*f(r) = v
			return err
		},
		func(dst []byte, r *T, c *Column) ([]byte, error) {
			v := *f(r)
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

// charCol is a one-letter domain column (TP_SEXO, TP_COMPLEXIDADE); a
// blank field is the zero value.
func charCol[T any, C ~byte](name string, req bool, f func(*T) *C) col[T] {
	return col[T]{name, req,
		func(r *T, b []byte, a *arena) error {
			if len(b) == 0 || !fixed.IsBlank(b[1:]) {
				return ErrCode
			}
			switch c := b[0]; {
			case c == ' ':
				*f(r) = 0
			case c > ' ' && c < 0x7f:
				*f(r) = C(c)
			default:
				return ErrCode
			}
			return nil
		},
		func(dst []byte, r *T, c *Column) ([]byte, error) {
			v := *f(r)
			if v == 0 {
				return padSpaces(dst, c.Len), nil
			}
			return padSpaces(append(dst, byte(v)), c.Len-1), nil
		},
	}
}

// flagCol is an S/N column.
func flagCol[T any](name string, req bool, f func(*T) *bool) col[T] {
	return col[T]{name, req,
		func(r *T, b []byte, a *arena) error {
			if len(b) == 0 || !fixed.IsBlank(b[1:]) || (b[0] != 'S' && b[0] != 'N') {
				return ErrCode
			}
			*f(r) = b[0] == 'S'
			return nil
		},
		func(dst []byte, r *T, c *Column) ([]byte, error) {
			v := byte('N')
			if *f(r) {
				v = 'S'
			}
			return padSpaces(append(dst, v), c.Len-1), nil
		},
	}
}

// decCol is a NUMBER with scale implied decimals (money in centavos,
// percentages in hundredths).
func decCol[T any](name string, req bool, scale int32, f func(*T) *decimal.Decimal) col[T] {
	return col[T]{name, req,
		func(r *T, b []byte, a *arena) error {
			n, err := parseNum[uint64](b)
			if err != nil || n > 1<<62 {
				return ErrNumber
			}
			if n == 0 && scale == 2 {
				*f(r) = zero2 // shared: decimals are immutable
			} else {
				*f(r) = decimal.New(int64(n), -scale)
			}
			return nil
		},
		func(dst []byte, r *T, c *Column) ([]byte, error) {
			d, err := fixed.AppendDecimal(dst, *f(r), scale, c.Len)
			if err != nil {
				return dst, encErr(err)
			}
			return d, nil
		},
	}
}

// zero2 is 0.00, the most common money and percentage value.
var zero2 = decimal.New(0, -2)

// decimalT shortens the schema declarations.
type decimalT = decimal.Decimal
