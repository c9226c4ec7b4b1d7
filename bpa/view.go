package bpa

import (
	"encoding/binary"
	"math/bits"

	"github.com/go-sus/sus/internal/charset"
	"github.com/go-sus/sus/internal/fixed"
)

// View is a zero-copy look at one line of a BPA file, as returned by
// Reader.ReadView: its accessors slice the reader's line buffer, so a View
// and the slices it returns are valid only until the next call to the
// Reader. The line's record type and length have been checked (the fields
// exist); their contents have not — Decode does that.
type View struct {
	line []byte
	num  int
	typ  RecordType
	ver  Version
	file string // Reader.File, for errors

	term   uint64 // prd_pa + prd_qt, computed by the reader
	termOK bool
	shaped bool // a BPA-I line whose type, length and encoding the reader checked
	free   bool // for a shaped line: ControlFree, computed with the encoding check
}

// Line returns the 1-based line number.
func (v View) Line() int { return v.num }

// Type returns the record type.
func (v View) Type() RecordType { return v.typ }

// Version returns the BPA-I layout version (0 for other records).
func (v View) Version() Version { return v.ver }

// Bytes returns the line without its line end.
func (v View) Bytes() []byte { return v.line }

// ControlFree reports whether the line holds no control character once
// decoded from Windows-1252: no byte below 0x20, no DEL (0x7F), none of
// the five bytes Windows-1252 leaves undefined. Validating the records of
// such a line may skip the character check (Context.ControlFree).
func (v View) ControlFree() bool {
	if v.shaped {
		return v.free
	}
	return controlFree(v.line)
}

// controlFree is ControlFree on bytes.
func controlFree(b []byte) bool {
	free, _ := scanLine(b)
	return free
}

// scanLine returns controlFree(b) and the index of the first byte of b at
// or above 0x80 (−1 when there is none) in one pass, eight bytes at a time:
// the reader's checks of a BPA-I line (ControlFree, utf8Error).
func scanLine(b []byte) (free bool, high int) {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	free, high = true, -1
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		below := (x - 0x20*ones) &^ x & highs // a byte < 0x20 (exact for n ≤ 0x80)
		y := x ^ (0x7F * ones)
		del := (y - ones) &^ y & highs // a byte 0x7F
		if below|del != 0 {
			free = false
		}
		if h := x & highs; h != 0 {
			if high < 0 {
				high = i + bits.TrailingZeros64(h)/8
			}
			if free && !definedHigh(b[i:i+8]) {
				free = false
			}
		}
		if !free && high >= 0 {
			return free, high
		}
	}
	for j, c := range b[i:] {
		if c < 0x20 || c == 0x7F || (c >= 0x80 && !charset.Defined(c)) {
			free = false
		}
		if c >= 0x80 && high < 0 {
			high = i + j
		}
	}
	return free, high
}

// definedHigh reports whether every byte ≥ 0x80 of b is defined in
// Windows-1252.
func definedHigh(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 && !charset.Defined(c) {
			return false
		}
	}
	return true
}

// Fields returns a copy of the layout of the line.
func (v View) Fields() []Field { return Fields(v.typ, v.ver) }

// Field returns the bytes of f in the line, or nil when the line does not
// hold f.
func (v View) Field(f Field) []byte { return f.Slice(v.line) }

// FieldByName returns the bytes of the field called name, or nil when the
// line's layout has no such field.
func (v View) FieldByName(name string) []byte {
	for _, f := range table(v.typ, v.ver) {
		if f.Name == name {
			return f.Slice(v.line)
		}
	}
	return nil
}

// viewField is a field the View accessors read: its place in the BPA-C
// layout (Len 0 when BPA-C has no such field) and in the BPA-I layouts
// (the same in every version: versions only append fields).
type viewField struct{ c, i fixed.Field }

func viewFieldOf(name string, inC bool) viewField {
	vf := viewField{i: mustField(lay.versions[0].fields, name)}
	if inC {
		vf.c = mustField(consolidadoFields, name)
	}
	return vf
}

var (
	vCNES   = viewFieldOf("prd_cnes", true)
	vCmp    = viewFieldOf("prd_cmp", true)
	vCBO    = viewFieldOf("prd_cbo", true)
	vCNSMed = viewFieldOf("prd_cnsmed", false)
	vFlh    = viewFieldOf("prd_flh", true)
	vSeq    = viewFieldOf("prd_seq", true)
	vPA     = viewFieldOf("prd_pa", true)
	vIdade  = viewFieldOf("prd_idade", true)
	vQt     = viewFieldOf("prd_qt", true)
)

func (v View) pick(f *viewField) []byte {
	switch v.typ {
	case TypeConsolidado:
		if f.c.Len == 0 {
			return nil
		}
		return f.c.Slice(v.line)
	case TypeIndividualizado:
		return f.i.Slice(v.line)
	}
	return nil
}

// CNES returns prd_cnes (nil for the header).
func (v View) CNES() []byte { return v.pick(&vCNES) }

// Competencia returns prd_cmp, or cbc_mvm for the header.
func (v View) Competencia() []byte {
	if v.typ == TypeHeader {
		return hdrMvm.Slice(v.line)
	}
	return v.pick(&vCmp)
}

// CBO returns prd_cbo.
func (v View) CBO() []byte { return v.pick(&vCBO) }

// CNSProfissional returns prd_cnsmed (nil for BPA-C).
func (v View) CNSProfissional() []byte { return v.pick(&vCNSMed) }

// Folha returns prd_flh.
func (v View) Folha() []byte { return v.pick(&vFlh) }

// Seq returns prd_seq.
func (v View) Seq() []byte { return v.pick(&vSeq) }

// Procedimento returns prd_pa.
func (v View) Procedimento() []byte { return v.pick(&vPA) }

// Idade returns prd_idade.
func (v View) Idade() []byte { return v.pick(&vIdade) }

// Quantidade returns prd_qt.
func (v View) Quantidade() []byte { return v.pick(&vQt) }

// ControlTerm returns prd_pa + prd_qt as integers, the line's term of the
// header control field, and false when the line is the header or either
// field is not digits.
func (v View) ControlTerm() (uint64, bool) { return v.term, v.termOK }

// Decode parses the line into a new typed record. Errors are *ParseError
// with the line number set.
func (v View) Decode() (Record, error) {
	var rec Record
	switch v.typ {
	case TypeHeader:
		rec = &Header{Line: v.num}
	case TypeConsolidado:
		rec = &Consolidado{Line: v.num}
	case TypeIndividualizado:
		rec = &Individualizado{Line: v.num}
	default:
		return nil, &ParseError{File: v.file, Line: v.num, Column: 1, Err: ErrRecordType}
	}
	if err := v.decodeInto(rec); err != nil {
		return nil, err
	}
	return rec, nil
}

func (v View) decodeInto(rec Record) error {
	var err error
	if i, ok := rec.(*Individualizado); ok && v.shaped {
		err = i.unmarshal(v.line, v.ver) // classify checked its shape
	} else {
		err = rec.UnmarshalText(v.line)
	}
	if pe, ok := err.(*ParseError); ok {
		pe.File, pe.Line = v.file, v.num
	}
	return err
}
