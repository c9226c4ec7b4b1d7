package bpa

import (
	"reflect"
	"unsafe"

	"github.com/go-sus/sus/sigtap"
)

// bindKind is how a field's bytes map to the member of its record struct.
type bindKind uint8

const (
	bindNone     bindKind = iota
	bindConst             // fixed text: the record type, the header marker
	bindReserved          // no member: blank on write, ignored on read
	bindString            // string: ALFA text without trailing spaces, or NUM digits
	bindInt               // int: NUM, zero-padded
	bindID                // fixed-width identifier ([N]byte), blank for the zero value
	bindComp              // sigtap.Competencia, AAAAMM
	bindDate              // Date, AAAAMMDD
)

// binding ties a field of a layout table to its record member: the
// member's kind and its offset in the record struct, computed once from an
// accessor when the tables are built (as sigtap's schemas do), so reading
// and writing a record is a loop over its table with no reflection.
type binding struct {
	kind bindKind
	rec  RecordType // the struct the offset belongs to (0 for const/reserved)
	off  uintptr    // offset of the member in the record struct
	size int        // bindID: width of the identifier
	lit  string     // bindConst: the text
	dflt string     // bindString: what Build, Encode and the Writer write for an empty member
}

// reserved binds bytes that hold no data (bpa-go's prd_reservado).
var reserved = binding{kind: bindReserved}

// lit binds a field that always holds s.
func lit(s string) binding { return binding{kind: bindConst, lit: s} }

// to binds a field to the member of record R that m returns. The member
// is a string, an int, a sigtap.Competencia, a Date or a byte array
// identifier (cnes.Code, cns.CNS, TaxID …).
func to[R, M any](m func(*R) *M) binding {
	r := new(R)
	p := m(r)
	b := binding{off: uintptr(unsafe.Pointer(p)) - uintptr(unsafe.Pointer(r))}
	if b.off >= unsafe.Sizeof(*r) {
		panic("bpa: accessor does not return a member of its record")
	}
	switch any(r).(type) {
	case *Header:
		b.rec = TypeHeader
	case *Consolidado:
		b.rec = TypeConsolidado
	case *Individualizado:
		b.rec = TypeIndividualizado
	default:
		panic("bpa: binding to a type that is not a record")
	}
	switch any(p).(type) {
	case *string:
		b.kind = bindString
	case *int:
		b.kind = bindInt
	case *sigtap.Competencia:
		b.kind = bindComp
	case *Date:
		b.kind = bindDate
	default:
		t := reflect.TypeFor[M]()
		if t.Kind() != reflect.Array || t.Elem().Kind() != reflect.Uint8 {
			panic("bpa: cannot bind a field to a " + t.String())
		}
		b.kind, b.size = bindID, t.Len()
	}
	return b
}

// member returns the address of f's member in the record at base.
func member(base unsafe.Pointer, f *Field) unsafe.Pointer { return unsafe.Add(base, f.bind.off) }

// idBytes returns the bytes of f's identifier member in the record at base.
func idBytes(base unsafe.Pointer, f *Field) []byte {
	return unsafe.Slice((*byte)(member(base, f)), f.bind.size)
}

// recordLayout returns the address of rec's struct and the table of its
// members: for a BPA-I record, the newest writable layout, which holds
// every member. It returns nil for a nil or unknown record.
func recordLayout(rec Record) (unsafe.Pointer, []Field) {
	switch r := rec.(type) {
	case *Header:
		if r != nil {
			return unsafe.Pointer(r), headerFields
		}
	case *Consolidado:
		if r != nil {
			return unsafe.Pointer(r), consolidadoFields
		}
	case *Individualizado:
		if r != nil {
			return unsafe.Pointer(r), lay.newest.fields
		}
	}
	return nil, nil
}

// isZeroMember reports whether f's member in the record at base holds its
// zero value (nothing to write).
func isZeroMember(base unsafe.Pointer, f *Field) bool {
	p := member(base, f)
	switch f.bind.kind {
	case bindString:
		return *(*string)(p) == ""
	case bindInt:
		return *(*int)(p) == 0
	case bindID:
		for _, c := range idBytes(base, f) {
			if c != 0 {
				return false
			}
		}
		return true
	case bindComp:
		return (*sigtap.Competencia)(p).IsZero()
	case bindDate:
		return (*Date)(p).IsZero()
	}
	return true
}

// defaulted returns what Build, Encode and the Writer write for the string
// member s of field f: s, or the field's default when s is empty (docs/bpa.md §10:
// prd_org "BPA" for BPA-C and BPA-I). It is the one place where the
// defaults apply; AppendText writes members as they are.
func defaulted(f *Field, s string) string {
	if s == "" {
		return f.bind.dflt
	}
	return s
}

// applyDefaults sets rec's empty members that have a default, in place
// (Build; the writers apply the same defaults while encoding).
func applyDefaults(rec Record) {
	base, fields := recordLayout(rec)
	for k := range fields {
		if f := &fields[k]; f.bind.dflt != "" {
			p := (*string)(member(base, f))
			*p = defaulted(f, *p)
		}
	}
}
