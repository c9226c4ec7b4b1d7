package bpa

import "bytes"

// SniffLen is how many bytes from the start of a file SniffHeader needs
// at most: the header line (130 bytes and its line end) with room for a
// byte-order mark and stray bytes.
const SniffLen = 4096

// SniffHeader decides from the first bytes of a file (up to SniffLen of
// them; more are ignored) whether it is a BPA file, without reading the
// rest, and returns its header. The error is ErrEmpty when b holds nothing
// but white space, ErrNotBPA when the first line does not start with
// "01#BPA#" (a UTF-8 byte-order mark before it is skipped), and a
// *ParseError when the header line is damaged. Tools use it to pick the
// BPA files of a folder and to learn a set's competência before reading.
func SniffHeader(b []byte) (*Header, error) {
	b = b[:min(len(b), SniffLen)]
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, ErrEmpty
	}
	line, ended := b, false
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		line, ended = b[:i], true // CR LF, LF or CR alone (Reader)
	}
	line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
	if !hasMarker(line) {
		return nil, ErrNotBPA
	}
	if w := paddedWidth(TypeHeader, len(line), 0); ended && w > 0 {
		// A header without its trailing blanks, as the Reader reads it.
		line = append(line[:len(line):len(line)], spaces[:w-len(line)]...)
	}
	h := &Header{Line: 1}
	if err := h.UnmarshalText(line); err != nil {
		if pe, ok := err.(*ParseError); ok {
			pe.Line = 1
		}
		return nil, err
	}
	return h, nil
}
