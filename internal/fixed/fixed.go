// Package fixed is the fixed-width field codec shared by the bpa and sigtap
// packages: NUM fields are digits zero-padded on the left, ALFA fields are
// Windows-1252 text space-padded on the right, and an absent value is
// written as the field's blank default (spaces or zeros).
//
// The functions never truncate or pad silently beyond what the layout
// says: a value longer than its field is an error (ErrTooLong), a NUM value
// with a non-digit is an error (ErrNotDigits), and a character
// Windows-1252 cannot hold is a *charset.RuneError.
package fixed

import (
	"errors"

	"github.com/go-sus/sus/internal/charset"
	"github.com/shopspring/decimal"
)

// Kind is the type of a fixed-width field as the DATASUS layouts print it.
type Kind uint8

// Field kinds.
const (
	Num  Kind = iota + 1 // digits, zero-padded on the left
	Alfa                 // text, space-padded on the right
)

// String returns "NUM" or "ALFA".
func (k Kind) String() string {
	switch k {
	case Num:
		return "NUM"
	case Alfa:
		return "ALFA"
	}
	return "?"
}

// Blank is what a field holds when it has no value.
type Blank uint8

// Blank defaults.
const (
	Spaces Blank = iota // "Brancos"
	Zeros               // "Zeros"
)

// String returns "spaces" or "zeros".
func (b Blank) String() string {
	if b == Zeros {
		return "zeros"
	}
	return "spaces"
}

// Field describes one field of a fixed-width record. Positions are 1-based
// and inclusive, as the DATASUS layouts print them.
type Field struct {
	Name  string // canonical name (e.g. "prd_cnspac")
	Start int    // first byte, 1-based
	Len   int    // width in bytes
	Kind  Kind
	Blank Blank
}

// End returns the last byte position (1-based, inclusive).
func (f Field) End() int { return f.Start + f.Len - 1 }

// Slice returns the bytes of f in line, or nil when the line is too short
// to hold the whole field.
func (f Field) Slice(line []byte) []byte {
	if f.Start+f.Len-1 > len(line) {
		return nil
	}
	return line[f.Start-1 : f.Start-1+f.Len]
}

// Errors of the codec.
var (
	ErrTooLong   = errors.New("value longer than the field")
	ErrNotDigits = errors.New("non-digit in a numeric field")
)

// AppendNum appends the digits of s zero-padded on the left to width.
// An empty s gives the blank default.
func AppendNum[T ~string | ~[]byte](dst []byte, s T, width int, blank Blank) ([]byte, error) {
	if len(s) == 0 {
		return AppendBlank(dst, width, blank), nil
	}
	if len(s) > width {
		return dst, ErrTooLong
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return dst, ErrNotDigits
		}
	}
	dst = appendRepeat(dst, '0', width-len(s))
	return append(dst, s...), nil
}

// AppendUint appends v in decimal zero-padded on the left to width.
func AppendUint(dst []byte, v uint64, width int) ([]byte, error) {
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	if len(buf)-i > width {
		return dst, ErrTooLong
	}
	dst = appendRepeat(dst, '0', width-(len(buf)-i))
	return append(dst, buf[i:]...), nil
}

// AppendAlfa appends s encoded in Windows-1252 and space-padded on the
// right to width. An empty s gives the blank default.
func AppendAlfa(dst []byte, s string, width int, blank Blank) ([]byte, error) {
	if s == "" {
		return AppendBlank(dst, width, blank), nil
	}
	if charset.Len(s) > width {
		return dst, ErrTooLong
	}
	n := len(dst)
	dst, err := charset.Append(dst, s)
	if err != nil {
		return dst, err
	}
	return appendRepeat(dst, ' ', width-(len(dst)-n)), nil
}

// AppendBlank appends width spaces or zeros.
func AppendBlank(dst []byte, width int, blank Blank) []byte {
	if blank == Zeros {
		return appendRepeat(dst, '0', width)
	}
	return appendRepeat(dst, ' ', width)
}

const spaces = "                                                                "
const zeros = "0000000000000000000000000000000000000000000000000000000000000000"

func appendRepeat(dst []byte, c byte, n int) []byte {
	src := spaces
	if c == '0' {
		src = zeros
	}
	for n > len(src) {
		dst = append(dst, src...)
		n -= len(src)
	}
	return append(dst, src[:n]...)
}

// IsBlank reports whether b holds only spaces (or is empty).
func IsBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' {
			return false
		}
	}
	return true
}

// IsZeros reports whether b is non-empty and holds only '0'.
func IsZeros(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c != '0' {
			return false
		}
	}
	return true
}

// TrimRight returns b without trailing spaces.
func TrimRight(b []byte) []byte {
	i := len(b)
	for i > 0 && b[i-1] == ' ' {
		i--
	}
	return b[:i]
}

// ParseUint parses b as an unsigned decimal. It reports false for an empty
// slice, a non-digit or an overflow of 19 digits.
func ParseUint(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

// Contiguous reports the first field that does not start right after its
// predecessor, or -1 when fields (sorted by position) cover 1..width
// without gap or overlap. Layout tests use it.
func Contiguous(fields []Field, width int) int {
	next := 1
	for i, f := range fields {
		if f.Start != next || f.Len <= 0 {
			return i
		}
		next = f.End() + 1
	}
	if next != width+1 {
		return len(fields)
	}
	return -1
}

// ParseDecimal parses b as an unsigned integer with scale implied decimal
// places ("000000001000" with scale 2 is 10.00), the way SIGTAP writes
// money and percentages.
func ParseDecimal(b []byte, scale int32) (decimal.Decimal, bool) {
	n, ok := ParseUint(b)
	if !ok || n > 1<<62 {
		return decimal.Decimal{}, false
	}
	return decimal.New(int64(n), -scale), true
}

// AppendDecimal appends d with scale implied decimals, zero-padded to
// width. Negative values, values with more decimals than scale and values
// too wide for the field are errors.
func AppendDecimal(dst []byte, d decimal.Decimal, scale int32, width int) ([]byte, error) {
	if d.Sign() < 0 {
		return dst, ErrNotDigits
	}
	s := d.Shift(scale)
	if !s.Equal(s.Truncate(0)) {
		return dst, ErrTooLong
	}
	return AppendNum(dst, s.Truncate(0).String(), width, Zeros)
}
