package bpa

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// The JSON-lines bridge maps each line of a BPA file to one JSON object:
// "tipo" ("01", "02" or "03") plus the record's fields under their
// canonical names (docs/bpa.md §11), in layout order. It is textual and driven by the
// layout tables, so lines whose fields are invalid still round-trip:
//
//   - ALFA fields hold their text minus trailing spaces ("" when blank);
//   - NUM fields hold their exact text ("prd_flh": "001"), or "" when all
//     blank and blank is the field's default;
//   - every field of the line's layout is present, so the last one tells
//     the BPA-I version; the header's cbc_marca appears only when it is not
//     "#BPA#".
//
// Decoding accepts the same objects and, for hand-written input, omitted or
// "" fields (the field's blank default), shorter NUM digits (zero-padded,
// "prd_qt": "1") and BPA-I objects without their version's last field (the
// version is then the one of the header's cbc_mvm, see VersionFor).
// Decoding what encoding produced gives back the original bytes.

// AppendJSON appends the JSON object of the line (no newline).
func (v View) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"tipo":"`...)
	dst = append(dst, v.typ.String()...)
	dst = append(dst, '"')
	for _, f := range table(v.typ, v.ver)[1:] {
		b := f.Slice(v.line)
		if f.bind.kind == bindConst && string(b) == f.bind.lit {
			continue // the header marker, when it is "#BPA#"
		}
		if f.Kind == numKind {
			if f.Blank == brancos && isSpaces(b) {
				b = nil
			}
		} else {
			b = trimRight(b)
		}
		dst = append(dst, ',', '"')
		dst = append(dst, f.Name...)
		dst = append(dst, `":`...)
		dst = appendJSONString(dst, b)
	}
	return append(dst, '}')
}

func trimRight(b []byte) []byte {
	i := len(b)
	for i > 0 && b[i-1] == ' ' {
		i--
	}
	return b[:i]
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends Windows-1252 bytes b as a JSON string.
func appendJSONString(dst, b []byte) []byte {
	dst = append(dst, '"')
	for _, c := range b {
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c < 0x20 || c == 0x7F:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		case c < 0x80:
			dst = append(dst, c)
		default:
			r := runeOf[c]
			if r >= 0x80 && r < 0xA0 {
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[r>>4], hexDigits[r&15])
			} else {
				dst = utf8.AppendRune(dst, r)
			}
		}
	}
	return append(dst, '"')
}

// AppendJSONLine appends the BPA line (without CR LF) described by the
// JSON object obj. def is the BPA-I version for objects that do not name
// their version's last field (0 means V351). Errors name the field.
func AppendJSONLine(dst []byte, obj []byte, def Version) ([]byte, RecordType, error) {
	var raw map[string]any
	if err := json.Unmarshal(obj, &raw); err != nil {
		return dst, 0, &ParseError{Err: fmt.Errorf("%w: %v", ErrJSON, err)}
	}
	m := make(map[string]string, len(raw))
	for k, v := range raw {
		s, ok := v.(string)
		if !ok {
			return dst, 0, &ParseError{Field: k, Err: fmt.Errorf("%w: values must be JSON strings", ErrJSON)}
		}
		m[k] = s
	}
	var t RecordType
	switch m["tipo"] {
	case "01":
		t = TypeHeader
	case "02":
		t = TypeConsolidado
	case "03":
		t = TypeIndividualizado
	default:
		return dst, 0, &ParseError{Field: "tipo", Err: fmt.Errorf("%w: \"tipo\" must be \"01\", \"02\" or \"03\"", ErrJSON)}
	}
	v := Version(0)
	if t == TypeIndividualizado {
		v = jsonVersion(m, def)
	}
	fields := table(t, v)
	known := 1
	if id, ok := m[fields[0].Name]; ok {
		if id != m["tipo"] {
			return dst, t, &ParseError{Field: fields[0].Name, Err: fmt.Errorf("%w: differs from \"tipo\"", ErrJSON)}
		}
		known++
	}
	dst = append(dst, m["tipo"]...)
	for _, f := range fields[1:] {
		s, ok := m[f.Name]
		if ok {
			known++
		}
		if !ok && f.bind.kind == bindConst {
			s = f.bind.lit // the header marker
		}
		var err error
		if dst, err = appendJSONField(dst, &f, s); err != nil {
			return dst, t, &ParseError{Column: f.Start, Field: f.Name, Err: err}
		}
	}
	if known != len(m) {
		for k := range m {
			if _, ok := FieldByName(t, v, k); !ok && k != "tipo" {
				return dst, t, &ParseError{Field: k, Err: fmt.Errorf("%w: no field %q in the %s layout %s", ErrJSON, k, t, layoutName(t, v))}
			}
		}
	}
	return dst, t, nil
}

func layoutName(t RecordType, v Version) string {
	if t == TypeIndividualizado {
		return v.String()
	}
	return strconv.Itoa(Width(t, v))
}

// jsonVersion picks the BPA-I version of a JSON object: the largest
// version whose last field is present; else def when every key fits in it;
// else the first version (oldest first, then the read-only variants)
// holding every key.
func jsonVersion(m map[string]string, def Version) Version {
	best := Version(0)
	for i := range lay.versions {
		vi := &lay.versions[i]
		if _, ok := m[vi.fields[len(vi.fields)-1].Name]; ok && vi.v > best {
			best = vi.v
		}
	}
	if best != 0 {
		return best
	}
	if !def.Known() {
		def = lay.newest.v
	}
	// Keys of no layout are reported by the caller; they do not choose.
	holds := func(fields []Field) bool {
		for k := range m {
			if fieldNamed(fields, k) == nil && inSomeLayout(k) {
				return false
			}
		}
		return true
	}
	if holds(tableI(def)) {
		return def
	}
	for i := range lay.versions {
		if holds(lay.versions[i].fields) {
			return lay.versions[i].v
		}
	}
	return lay.newest.v
}

// inSomeLayout reports whether name is a field of some BPA-I layout.
func inSomeLayout(name string) bool {
	for i := range lay.versions {
		if fieldNamed(lay.versions[i].fields, name) != nil {
			return true
		}
	}
	return false
}

// appendJSONField appends one field's bytes from its JSON text.
func appendJSONField(dst []byte, f *Field, s string) ([]byte, error) {
	if s == "" {
		if f.Blank == zeros {
			return appendRepeat(dst, '0', f.Len), nil
		}
		return appendRepeat(dst, ' ', f.Len), nil
	}
	n := len(dst)
	dst, err := appendRawText(dst, s)
	if err != nil {
		return dst[:n], err
	}
	got := len(dst) - n
	switch {
	case got > f.Len:
		return dst[:n], fmt.Errorf("%w (maximum %d)", ErrTooLong, f.Len)
	case got == f.Len:
		return dst, nil
	case f.Kind != numKind || f.Flags&LeftAligned != 0:
		if f.Kind == numKind && checkNum(dst[n:], f) >= 0 {
			return dst[:n], ErrNotDigits
		}
		return appendRepeat(dst, ' ', f.Len-got), nil
	}
	for _, c := range dst[n:] {
		if c < '0' || c > '9' {
			return dst[:n], ErrNotDigits
		}
	}
	val := string(dst[n:])
	dst = appendRepeat(dst[:n], '0', f.Len-got)
	return append(dst, val...), nil
}

func appendRepeat(dst []byte, c byte, n int) []byte {
	for ; n > 0; n-- {
		dst = append(dst, c)
	}
	return dst
}

// ParseJSONRecord returns the typed record described by one JSON object
// (see AppendJSONLine). The record's Line is left 0.
func ParseJSONRecord(obj []byte, def Version) (Record, error) {
	line, _, err := AppendJSONLine(nil, obj, def)
	if err != nil {
		return nil, err
	}
	return View{line: line, typ: recordTypeOf(line), ver: Version(len(line))}.decodeAny()
}

func (v View) decodeAny() (Record, error) {
	if v.typ != TypeIndividualizado {
		v.ver = 0
	}
	return v.Decode()
}

// ToJSON copies a BPA file from r to w as JSON lines, one object per line.
// It stops at the first line that cannot be mapped (unknown record type,
// wrong length, over-long line) and returns its *ParseError.
func ToJSON(w io.Writer, r io.Reader) error {
	rd := NewReader(r)
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf []byte
	for {
		v, err := rd.ReadView()
		if err == io.EOF {
			break
		}
		if err != nil {
			bw.Flush()
			return err
		}
		buf = v.AppendJSON(buf[:0])
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// MaxJSONLine caps one JSON line read by FromJSON.
const MaxJSONLine = 1 << 20

// FromJSON writes the BPA file described by JSON lines from r to w, each
// line followed by CR LF, byte for byte as the objects say (the header is
// written as given: FromJSON does not recompute totals). Empty input lines
// are skipped. Errors are *ParseError with the JSON line number.
func FromJSON(w io.Writer, r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxJSONLine)
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf []byte
	def := Version(0)
	n := 0
	for sc.Scan() {
		n++
		obj := sc.Bytes()
		if len(trimRight(obj)) == 0 {
			continue
		}
		var t RecordType
		var err error
		buf, t, err = AppendJSONLine(buf[:0], obj, def)
		if err != nil {
			bw.Flush()
			if pe, ok := err.(*ParseError); ok {
				pe.Line = n
				return pe
			}
			return &ParseError{Line: n, Err: err}
		}
		if t == TypeHeader {
			if c, err := competencia(buf, hdrMvm); err == nil {
				def = VersionFor(c)
			}
		}
		buf = append(buf, '\r', '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		bw.Flush()
		return &ParseError{Line: n + 1, Err: err}
	}
	return bw.Flush()
}
