// Package charset converts between Go strings (UTF-8) and the Windows-1252
// bytes of DATASUS files, with fast paths for ASCII and without the silent
// replacements of golang.org/x/text's ReplaceUnsupported.
package charset

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// ErrUnencodable is wrapped by *RuneError.
var ErrUnencodable = errors.New("character not representable in Windows-1252")

// RuneError reports a character that Windows-1252 cannot hold, or a byte
// that it does not define.
type RuneError struct {
	Rune   rune // the offending character (utf8.RuneError for invalid UTF-8)
	Offset int  // byte offset in the input
}

// Error names the character and its byte offset.
func (e *RuneError) Error() string {
	return fmt.Sprintf("%v: %U at byte %d", ErrUnencodable, e.Rune, e.Offset)
}

// Unwrap returns ErrUnencodable.
func (e *RuneError) Unwrap() error { return ErrUnencodable }

// decodeTable maps each CP1252 byte to its rune; undefined bytes map to
// utf8.RuneError.
var decodeTable [256]rune

func init() {
	for i := 0; i < 256; i++ {
		decodeTable[i] = charmap.Windows1252.DecodeByte(byte(i))
	}
}

// Defined reports whether b is a byte Windows-1252 defines (all but 0x81,
// 0x8D, 0x8F, 0x90 and 0x9D).
func Defined(b byte) bool { return decodeTable[b] != utf8.RuneError }

// IsASCII reports whether every byte of b is below 0x80.
func IsASCII[T ~string | ~[]byte](b T) bool {
	for i := 0; i < len(b); i++ {
		if b[i] >= 0x80 {
			return false
		}
	}
	return true
}

// IndexHigh returns the index of the first byte of b at or above 0x80, or
// −1; eight bytes at a time.
func IndexHigh(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= 0x80 {
			return i
		}
	}
	return -1
}

// Decode returns the UTF-8 string for the Windows-1252 bytes b. Undefined
// bytes become U+FFFD (callers that must reject them check Defined first).
func Decode(b []byte) string {
	if IsASCII(b) {
		return string(b)
	}
	out := make([]byte, 0, len(b)+8)
	for _, c := range b {
		if c < 0x80 {
			out = append(out, c)
			continue
		}
		out = utf8.AppendRune(out, decodeTable[c])
	}
	return string(out)
}

// Append appends the Windows-1252 encoding of s to dst. A character
// Windows-1252 cannot hold, or invalid UTF-8, gives a *RuneError and dst
// unchanged.
func Append(dst []byte, s string) ([]byte, error) {
	if IsASCII(s) {
		return append(dst, s...), nil
	}
	n := len(dst)
	for i, r := range s {
		if r < 0x80 {
			dst = append(dst, byte(r))
			continue
		}
		b, ok := charmap.Windows1252.EncodeRune(r)
		if !ok || r == utf8.RuneError {
			return dst[:n], &RuneError{Rune: r, Offset: i}
		}
		dst = append(dst, b)
	}
	return dst, nil
}

// Len returns the number of Windows-1252 bytes s needs, which is its number
// of runes.
func Len(s string) int {
	if IsASCII(s) {
		return len(s)
	}
	return utf8.RuneCountInString(s)
}

// FoldASCII returns s with accents removed (NFD, combining marks dropped),
// letters upper-cased, common typographic characters replaced by ASCII
// ("“”" → '"', "–—" → '-', 'º' → 'O', 'ª' → 'A') and any other non-ASCII
// character replaced by a space. It is the explicit opt-in policy for
// systems that accept only ASCII upper case.
func FoldASCII(s string) string {
	if IsASCII(s) {
		return upperASCII(s)
	}
	d := norm.NFD.String(s)
	out := make([]byte, 0, len(d))
	for _, r := range d {
		switch {
		case r < 0x80:
			out = append(out, byte(r))
		case r >= 0x300 && r <= 0x36F: // combining marks
		case r == '“' || r == '”' || r == '„':
			out = append(out, '"')
		case r == '‘' || r == '’' || r == '´':
			out = append(out, '\'')
		case r == '–' || r == '—':
			out = append(out, '-')
		case r == 'º' || r == '°':
			out = append(out, 'O')
		case r == 'ª':
			out = append(out, 'A')
		case r == 'ß':
			out = append(out, 'S', 'S')
		case r == 'Æ' || r == 'æ':
			out = append(out, 'A', 'E')
		case r == 'Ø' || r == 'ø':
			out = append(out, 'O')
		default:
			out = append(out, ' ')
		}
	}
	return upperASCII(string(out))
}

func upperASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'a' && b[j] <= 'z' {
					b[j] -= 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
