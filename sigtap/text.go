package sigtap

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unsafe"

	"github.com/go-sus/sus/internal/charset"
	"github.com/go-sus/sus/internal/fixed"
)

// Text fields: trailing spaces trimmed, Windows-1252 decoded to UTF-8,
// the five undefined bytes rejected, LF rejected (a record cannot hold a
// line break).

// errValue wraps what the fixed-width codec reports when a value does not
// fit its column on writing.
var errValue = errors.New("value does not fit its column")

func encErr(err error) error {
	if errors.Is(err, charset.ErrUnencodable) {
		return fmt.Errorf("%w: %v", ErrEncoding, err)
	}
	return fmt.Errorf("%w: %v", errValue, err)
}

var errLineBreak = fmt.Errorf("%w: line break inside a record", ErrLineLength)

// decodeText trims and decodes one text field into its own allocation.
func decodeText(b []byte) (string, error) {
	var a *arena
	return a.text(b)
}

// arena packs the strings of one table into a few large blocks instead
// of one allocation each; the strings keep their blocks alive.
type arena struct {
	block []byte
}

const arenaBlock = 64 << 10

// text trims and decodes b into the arena in one pass: ASCII runs are
// copied whole, other bytes through the code page table. A nil arena
// gives the string its own allocation.
func (a *arena) text(b []byte) (string, error) {
	b = trimSpaces(b)
	if len(b) == 0 {
		return "", nil
	}
	i := asciiPrefix(b)
	max := i + (len(b)-i)*3 // Windows-1252 → UTF-8 needs at most 3 bytes a byte
	var out []byte
	own := a == nil || max > arenaBlock/4
	if own {
		out = make([]byte, 0, max)
	} else {
		if cap(a.block)-len(a.block) < max {
			a.block = make([]byte, 0, arenaBlock)
		}
		out = a.block[len(a.block):len(a.block)]
	}
	out = append(out, b[:i]...)
	for rest := b[i:]; len(rest) > 0; {
		c := rest[0]
		switch {
		case c == '\n':
			return "", errLineBreak
		case c < 0x80:
			out = append(out, c)
		default:
			u := cp1252[c]
			if u == "" {
				return "", ErrEncoding
			}
			out = append(out, u...)
		}
		rest = rest[1:]
		k := asciiPrefix(rest)
		out = append(out, rest[:k]...)
		rest = rest[k:]
	}
	if !own {
		a.block = a.block[:len(a.block)+len(out)]
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

// trimSpaces returns b without trailing spaces, many bytes at a time (the
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

// checkGeneric reports the error decodeGeneric would give for b, without
// decoding it.
func checkGeneric(b []byte, c *Column) error {
	if c.Numeric() {
		if !fixed.IsBlank(b) && !allDigits(b) {
			return ErrNumber
		}
		return nil
	}
	for rest := b; len(rest) > 0; {
		k := asciiPrefix(rest)
		if k == len(rest) {
			break
		}
		switch ch := rest[k]; {
		case ch == '\n':
			return errLineBreak
		case cp1252[ch] == "":
			return ErrEncoding
		}
		rest = rest[k+1:]
	}
	return nil
}

// allDigits reports whether b is non-empty and all ASCII digits, eight
// bytes at a time.
func allDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	const f0, d3, six = 0xF0F0F0F0F0F0F0F0, 0x3030303030303030, 0x0606060606060606
	for len(b) >= 8 {
		w := binary.LittleEndian.Uint64(b)
		// Every byte is 0x3X, and 0x3X+6 stays 0x3X (X ≤ 9).
		if w&f0 != d3 || (w+six)&f0 != d3 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func padSpaces(dst []byte, n int) []byte { return fixed.AppendBlank(dst, n, fixed.Spaces) }
