package bpa

import (
	"unicode/utf8"

	"github.com/go-sus/sus/internal/charset"
)

// The JSON bridge is textual: it must carry every byte of a line, including
// the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90,
// 0x9D). They travel as the C1 control characters with the same number
// (U+0081 …), as Windows' own conversion does. The typed reader keeps them
// the same way, and validation reports them; the Writer refuses them.

// runeOf maps each Windows-1252 byte to its rune, undefined bytes to
// U+0080+b.
var runeOf [256]rune

func init() {
	for i := range runeOf {
		b := byte(i)
		switch {
		case b < 0x80:
			runeOf[i] = rune(b)
		case !charset.Defined(b):
			runeOf[i] = rune(b)
		default:
			runeOf[i], _ = utf8.DecodeRuneInString(charset.Decode([]byte{b}))
		}
	}
}

// appendRawText appends the Windows-1252 bytes of s, mapping U+0081,
// U+008D, U+008F, U+0090 and U+009D back to the undefined bytes.
func appendRawText(dst []byte, s string) ([]byte, error) {
	if charset.IsASCII(s) {
		return append(dst, s...), nil
	}
	n := len(dst)
	for i, r := range s {
		if r >= 0x80 && r <= 0xFF && !charset.Defined(byte(r)) {
			dst = append(dst, byte(r))
			continue
		}
		var err error
		dst, err = charset.Append(dst, s[i:i+utf8.RuneLen(r)])
		if err != nil {
			if re, ok := err.(*charset.RuneError); ok {
				re.Offset = i
			}
			return dst[:n], err
		}
	}
	return dst, nil
}

// textLen returns the number of Windows-1252 bytes of s (its rune count).
func textLen(s string) int { return charset.Len(s) }

// isControl reports a control character: C0, DEL, or a C1 control (which
// Windows-1252 text can only contain through an undefined byte).
func isControl(r rune) bool { return r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0) }

// firstBadText returns the byte offset of the first control character or
// undefined byte in raw Windows-1252 bytes b, or -1.
func firstBadByte(b []byte) int {
	for i, c := range b {
		if c < 0x20 || c == 0x7F || !charset.Defined(c) {
			return i
		}
	}
	return -1
}

// firstBadRune returns the rune offset (a 0-based column inside the field)
// of the first control character in s, or -1.
func firstBadRune(s string) int {
	// ASCII fast path: byte offsets are rune offsets until a byte ≥ 0x80.
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return firstBadRuneSlow(s)
		}
		if c < 0x20 || c == 0x7F {
			return i
		}
	}
	return -1
}

func firstBadRuneSlow(s string) int {
	col := 0
	for _, r := range s {
		if isControl(r) {
			return col
		}
		col++
	}
	return -1
}
