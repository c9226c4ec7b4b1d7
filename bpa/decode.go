package bpa

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/go-sus/sus/internal/charset"
	"github.com/go-sus/sus/internal/fixed"
	"github.com/go-sus/sus/sigtap"
)

// checkNum returns the offset of the first byte of field bytes b that the
// field's format does not allow, or −1. NUM fields hold digits; those whose
// blank default is spaces may be all spaces; Letters fields may hold
// upper-case letters; LeftAligned fields may end in spaces.
func checkNum(b []byte, f *Field) int {
	i := 0
	for ; i < len(b); i++ {
		c := b[i]
		if c >= '0' && c <= '9' {
			continue
		}
		if f.Flags&Letters != 0 && c >= 'A' && c <= 'Z' {
			continue
		}
		break
	}
	if i == len(b) {
		return -1
	}
	if b[i] == ' ' && (f.Flags&LeftAligned != 0 || (i == 0 && f.Blank == brancos)) {
		for j := i; j < len(b); j++ {
			if b[j] != ' ' {
				return j
			}
		}
		return -1
	}
	return i
}

// checkFields verifies the structure of line against fields: the record type
// in bytes 1–2 is assumed checked; every NUM field must pass checkNum.
func checkFields(line []byte, fields []Field) *ParseError {
	for k := 1; k < len(fields); k++ {
		f := &fields[k]
		if f.Kind != numKind {
			continue
		}
		b := line[f.Start-1 : f.Start-1+f.Len]
		if allDigits(b) {
			continue
		}
		if j := checkNum(b, f); j >= 0 {
			return &ParseError{Column: f.Start + j, Field: f.Name, Err: ErrNotDigits}
		}
	}
	return nil
}

// lineText gives the text of the fields of one line with a single
// allocation: the line converted to a string once (decoded from
// Windows-1252 when it is not ASCII), every field a substring of it.
type lineText struct {
	s   string
	off [maxFields + 1]int32 // start of field k in s; off[len(fields)] = len(s)
	n   int
}

func (t *lineText) init(line []byte, fields []Field) {
	t.n = len(fields)
	// Positions of the bytes ≥ 0x80, found eight bytes at a time.
	var hi [48]int32
	nonASCII := hi[:0]
	i := 0
	for ; i+8 <= len(line); i += 8 {
		if binary.LittleEndian.Uint64(line[i:])&0x8080808080808080 == 0 {
			continue
		}
		for j := i; j < i+8; j++ {
			if line[j] >= 0x80 {
				nonASCII = append(nonASCII, int32(j))
			}
		}
	}
	for ; i < len(line); i++ {
		if line[i] >= 0x80 {
			nonASCII = append(nonASCII, int32(i))
		}
	}
	if len(nonASCII) == 0 {
		t.s = string(line)
		for k := range fields {
			t.off[k] = int32(fields[k].Start - 1)
		}
		t.off[len(fields)] = int32(len(line))
		return
	}
	extra := 0
	for _, p := range nonASCII {
		extra += utf8.RuneLen(runeOf[line[p]]) - 1
	}
	var sb strings.Builder
	sb.Grow(len(line) + extra)
	start := int32(0)
	for _, p := range nonASCII {
		sb.Write(line[start:p])
		sb.WriteRune(runeOf[line[p]])
		start = p + 1
	}
	sb.Write(line[start:])
	t.s = sb.String()
	shift, n := int32(0), 0
	for k := range fields {
		begin := int32(fields[k].Start - 1)
		for n < len(nonASCII) && nonASCII[n] < begin {
			shift += int32(utf8.RuneLen(runeOf[line[nonASCII[n]]]) - 1)
			n++
		}
		t.off[k] = begin + shift
	}
	t.off[len(fields)] = int32(len(t.s))
}

// get returns the text of field k without trailing spaces.
func (t *lineText) get(k int) string {
	lo, hi := t.off[k], t.off[k+1]
	for hi > lo && t.s[hi-1] == ' ' {
		hi--
	}
	return t.s[lo:hi]
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c-'0' > 9 {
			return false
		}
	}
	return true
}

// atoi reads the digits of a NUM field already checked by checkFields.
func atoi(b []byte) int {
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
	}
	return n
}

// isSpaces reports whether b holds only spaces.
func isSpaces(b []byte) bool {
	for _, c := range b {
		if c != ' ' {
			return false
		}
	}
	return true
}

// competencia reads a NUM competência field (blank = zero value).
func competencia(line []byte, f *Field) (sigtap.Competencia, *ParseError) {
	b := f.Slice(line)
	if isSpaces(b) {
		return sigtap.Competencia{}, nil
	}
	c, err := sigtap.ParseCompetenciaBytes(b)
	if err != nil {
		return c, &ParseError{Column: f.Start, Field: f.Name, Err: ErrCompetencia}
	}
	return c, nil
}

// date reads a NUM date field (blank = zero value).
func date(line []byte, f *Field) Date {
	d, _ := dateDigits(f.Slice(line))
	return d
}

func recordTypeOf(line []byte) RecordType {
	if len(line) < 2 || line[0] != '0' {
		return 0
	}
	switch line[1] {
	case '1':
		return TypeHeader
	case '2':
		return TypeConsolidado
	case '3':
		return TypeIndividualizado
	}
	return 0
}

// checkShape checks the record type and length of line for type want.
func checkShape(line []byte, want RecordType) (Version, *ParseError) {
	t := recordTypeOf(line)
	if t == 0 {
		return 0, &ParseError{Column: 1, Err: ErrRecordType}
	}
	if t != want {
		return 0, &ParseError{Column: 1, Err: ErrRecordType}
	}
	switch t {
	case TypeHeader:
		if len(line) != HeaderWidth {
			return 0, lengthError(line, t)
		}
	case TypeConsolidado:
		if len(line) != ConsolidadoWidth {
			return 0, lengthError(line, t)
		}
	case TypeIndividualizado:
		v, ok := versionOfLength(len(line))
		if !ok {
			return 0, lengthError(line, t)
		}
		return v, nil
	}
	return 0, nil
}

// decodeFields fills the members of the record at base (zeroed by the
// caller) from line, laid out as fields: the record's type, length and
// NUM digits were checked, and so were its competências (checkComps). Text
// members share one string per line.
func decodeFields(base unsafe.Pointer, line []byte, fields []Field) {
	var t lineText
	text := false
	for k := range fields {
		f := &fields[k]
		b := line[f.Start-1 : f.Start-1+f.Len]
		p := member(base, f)
		switch f.bind.kind {
		case bindString:
			if isSpaces(b) {
				continue
			}
			if !text {
				t.init(line, fields)
				text = true
			}
			*(*string)(p) = t.get(k)
		case bindInt:
			*(*int)(p) = atoi(b)
		case bindID:
			if !isSpaces(b) {
				copy(idBytes(base, f), b)
			}
		case bindComp:
			*(*sigtap.Competencia)(p), _ = competencia(line, f)
		case bindDate:
			*(*Date)(p) = date(line, f)
		}
	}
}

// checkComps verifies the competência fields of line.
func checkComps(line []byte, fields []Field) *ParseError {
	for k := range fields {
		if f := &fields[k]; f.bind.kind == bindComp {
			if _, err := competencia(line, f); err != nil {
				return err
			}
		}
	}
	return nil
}

// UnmarshalText parses a header line (without CR LF). Line is left
// unchanged; errors are *ParseError without a line number.
func (h *Header) UnmarshalText(line []byte) error {
	if _, err := checkShape(line, TypeHeader); err != nil {
		return err
	}
	if !hasMarker(line) {
		return &ParseError{Column: len("01") + 1, Field: "cbc_marca", Err: ErrMarker}
	}
	if err := checkFields(line, headerFields); err != nil {
		return err
	}
	if err := checkComps(line, headerFields); err != nil {
		return err
	}
	*h = Header{Line: h.Line}
	decodeFields(unsafe.Pointer(h), line, headerFields)
	return nil
}

// hasMarker reports whether line starts with "01#BPA#": the header record
// type and the cbc_marca marker.
func hasMarker(line []byte) bool { return bytes.HasPrefix(line, headerPrefix) }

var headerPrefix = []byte("01#BPA#")

// UnmarshalText parses a BPA-C line (without CR LF).
func (c *Consolidado) UnmarshalText(line []byte) error {
	if _, err := checkShape(line, TypeConsolidado); err != nil {
		return err
	}
	if err := checkFields(line, consolidadoFields); err != nil {
		return err
	}
	if err := checkComps(line, consolidadoFields); err != nil {
		return err
	}
	*c = Consolidado{Line: c.Line}
	decodeFields(unsafe.Pointer(c), line, consolidadoFields)
	return nil
}

// UnmarshalText parses a BPA-I line (without CR LF) of any known length and
// sets Version from it.
func (r *Individualizado) UnmarshalText(line []byte) error {
	v, perr := checkShape(line, TypeIndividualizado)
	if perr != nil {
		return perr
	}
	if perr := utf8Error(line, TypeIndividualizado); perr != nil {
		return perr
	}
	return r.unmarshal(line, v)
}

// unmarshal is UnmarshalText for a line of version v whose shape (type,
// length, not UTF-8) was checked: the Reader's path (classify).
func (r *Individualizado) unmarshal(line []byte, v Version) error {
	f := tableI(v)
	if err := checkFields(line, f); err != nil {
		return err
	}
	if err := checkComps(line, f); err != nil {
		return err
	}
	*r = Individualizado{Line: r.Line, Version: v}
	decodeFields(unsafe.Pointer(r), line, f)
	return nil
}

const numKind = fixed.Num

// utf8Error recognises a line written in UTF-8: it holds bytes above 0x7F,
// is valid UTF-8 (Windows-1252 text almost never is: its accented letters
// are not followed by the bytes 0x80–0xBF a UTF-8 sequence needs) and its
// character count is a length of its record type. Such a line may also
// have a valid byte length (a 350-character BPA-I line with one accented
// letter is 351 bytes, the 2026 layout): read as Windows-1252 its columns
// would be shifted, so it is an error, never read. nil otherwise.
func utf8Error(line []byte, t RecordType) *ParseError {
	return utf8ErrorAt(line, t, charset.IndexHigh(line))
}

// utf8ErrorAt is utf8Error for a line whose first byte above 0x7F is at
// high (−1: none).
func utf8ErrorAt(line []byte, t RecordType, high int) *ParseError {
	if high < 0 || !utf8.Valid(line[high:]) {
		return nil
	}
	n, runes := len(line), utf8.RuneCount(line)
	ok := false
	switch t {
	case TypeHeader:
		ok = runes == HeaderWidth
	case TypeConsolidado:
		ok = runes == ConsolidadoWidth
	case TypeIndividualizado:
		_, ok = versionOfLength(runes)
	}
	if !ok {
		return nil
	}
	return &ParseError{Column: firstMultiByte(line) + 1,
		Err: &detailError{err: ErrUTF8, detail: fmt.Sprintf(" (%d bytes but %d characters)", n, runes),
			fatos: fmt.Sprintf("%d bytes mas %d caracteres: letras acentuadas em UTF-8 deslocam as colunas", n, runes)}}
}

// lengthError explains a line whose length does not fit its record type,
// recognising UTF-8 input: a line that is valid UTF-8 with multi-byte
// characters and whose character count would be a correct length.
func lengthError(line []byte, t RecordType) *ParseError {
	n := len(line)
	if err := utf8Error(line, t); err != nil {
		return err
	}
	var want string
	switch t {
	case TypeHeader:
		want = "130"
	case TypeConsolidado:
		want = "48"
	default:
		want = lay.lengths
	}
	col := 0
	if w := Width(t, 0); n > w && t != TypeIndividualizado {
		col = w + 1
	}
	return &ParseError{Column: col, Err: &detailError{err: ErrLength,
		detail: fmt.Sprintf(": %s record has %d bytes, want %s", t, n, want),
		fatos:  fmt.Sprintf("registro %s com %d bytes, esperado %s", t, n, strings.ReplaceAll(want, " or ", " ou "))}}
}

func firstMultiByte(b []byte) int {
	for i, c := range b {
		if c >= 0x80 {
			return i
		}
	}
	return 0
}
