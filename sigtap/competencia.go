package sigtap

import (
	"strconv"
	"time"

	"github.com/go-sus/sus/internal/ident"
)

// Competencia is a SUS competência: a year and month, written AAAAMM in
// files ("202512") and MM/AAAA for people. It is a comparable value; the
// zero value is invalid and means "no competência".
//
// Arithmetic works on the month index year·12 + (month−1), so
// Competencia 202501 minus one month is 202412.
type Competencia struct {
	k int32 // year*12 + month-1, plus one so that the zero value is invalid
}

// Months is the Portuguese three-letter month abbreviation used in BPA file
// names (PACAPSAD.SET), indexed by month 1–12.
var monthAbbrev = [13]string{"", "JAN", "FEV", "MAR", "ABR", "MAI", "JUN", "JUL", "AGO", "SET", "OUT", "NOV", "DEZ"}

// NewCompetencia returns the competência of year and month. Years outside
// 1900–9999 and months outside 1–12 give ErrRange.
func NewCompetencia(year int, month time.Month) (Competencia, error) {
	if year < 1900 || year > 9999 || month < 1 || month > 12 {
		return Competencia{}, &ValueError{Type: "competência", Value: strconv.Itoa(year) + "/" + strconv.Itoa(int(month)), Err: ErrRange}
	}
	return Competencia{k: int32(year*12+int(month)-1) + 1}, nil
}

// CompetenciaOf returns the competência that contains t.
func CompetenciaOf(t time.Time) Competencia {
	c, _ := NewCompetencia(t.Year(), t.Month())
	return c
}

// ParseCompetencia parses "AAAAMM" or "MM/AAAA".
func ParseCompetencia(s string) (Competencia, error) {
	var y, m int
	var ok bool
	switch {
	case s == "":
		return Competencia{}, &ValueError{Type: "competência", Err: ErrEmpty}
	case len(s) == 6:
		y, ok = atoi(s[:4])
		if ok {
			m, ok = atoi(s[4:])
		}
	case len(s) == 7 && s[2] == '/':
		m, ok = atoi(s[:2])
		if ok {
			y, ok = atoi(s[3:])
		}
	default:
		return Competencia{}, &ValueError{Type: "competência", Value: truncate(s), Err: ErrLength}
	}
	if !ok {
		return Competencia{}, &ValueError{Type: "competência", Value: truncate(s), Err: ErrCharacters}
	}
	if y < 1900 || m < 1 || m > 12 {
		return Competencia{}, &ValueError{Type: "competência", Value: truncate(s), Err: ErrRange}
	}
	return Competencia{k: int32(y*12+m-1) + 1}, nil
}

// ParseCompetenciaBytes is ParseCompetencia for the AAAAMM form held in a
// byte slice; it does not allocate on success.
func ParseCompetenciaBytes(b []byte) (Competencia, error) {
	if len(b) != 6 {
		return ParseCompetencia(string(b))
	}
	y, ok1 := atoi(b[:4])
	m, ok2 := atoi(b[4:])
	if !ok1 || !ok2 || y < 1900 || m < 1 || m > 12 {
		return ParseCompetencia(string(b))
	}
	return Competencia{k: int32(y*12+m-1) + 1}, nil
}

// MustParseCompetencia is like ParseCompetencia but panics on error.
func MustParseCompetencia(s string) Competencia { return ident.Must(ParseCompetencia(s)) }

func atoi[T ~string | ~[]byte](s T) (int, bool) {
	if !ident.AllDigits(s) {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func truncate(s string) string {
	if len(s) > 16 {
		return s[:16] + "…"
	}
	return s
}

// IsZero reports whether c is the zero value.
func (c Competencia) IsZero() bool { return c.k == 0 }

// Valid reports whether c is not the zero value.
func (c Competencia) Valid() bool { return c.k > 0 }

// Year returns the year (0 for the zero value).
func (c Competencia) Year() int {
	if c.k == 0 {
		return 0
	}
	return int(c.k-1) / 12
}

// Month returns the month (0 for the zero value).
func (c Competencia) Month() time.Month {
	if c.k == 0 {
		return 0
	}
	return time.Month(int(c.k-1)%12 + 1)
}

// Int returns AAAAMM as an integer (202512), 0 for the zero value.
func (c Competencia) Int() int { return c.Year()*100 + int(c.Month()) }

// String returns "AAAAMM", or "" for the zero value.
func (c Competencia) String() string {
	if c.k == 0 {
		return ""
	}
	return string(c.AppendText6(make([]byte, 0, 6)))
}

// AppendText6 appends the six bytes AAAAMM to dst (nothing for the zero
// value). It is the allocation-free form of String.
func (c Competencia) AppendText6(dst []byte) []byte {
	if c.k == 0 {
		return dst
	}
	y, m := c.Year(), int(c.Month())
	return append(dst, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), byte('0'+m/10), byte('0'+m%10))
}

// Format returns "MM/AAAA", or "" for the zero value.
func (c Competencia) Format() string {
	if c.k == 0 {
		return ""
	}
	s := c.String()
	return s[4:] + "/" + s[:4]
}

// Abbrev returns the Portuguese month abbreviation (JAN FEV MAR ABR MAI JUN
// JUL AGO SET OUT NOV DEZ) used as the extension of BPA file names.
func (c Competencia) Abbrev() string { return monthAbbrev[c.Month()] }

// MonthFromAbbrev returns the month of a Portuguese abbreviation ("SET" →
// September), case-insensitively, or 0.
func MonthFromAbbrev(s string) time.Month {
	if len(s) != 3 {
		return 0
	}
	u := []byte{upper(s[0]), upper(s[1]), upper(s[2])}
	for m := 1; m <= 12; m++ {
		if monthAbbrev[m] == string(u) {
			return time.Month(m)
		}
	}
	return 0
}

func upper(b byte) byte {
	if b >= 'a' && b <= 'z' {
		return b - 'a' + 'A'
	}
	return b
}

// Add returns c moved by n months (n may be negative). Adding to the zero
// value gives the zero value.
func (c Competencia) Add(n int) Competencia {
	if c.k == 0 {
		return c
	}
	k := int(c.k) + n
	if k < 1900*12+1 || k > 9999*12+12 {
		return Competencia{}
	}
	return Competencia{k: int32(k)}
}

// Next returns the following competência.
func (c Competencia) Next() Competencia { return c.Add(1) }

// Prev returns the previous competência.
func (c Competencia) Prev() Competencia { return c.Add(-1) }

// Sub returns the number of months from o to c (c − o): 202603.Sub(202512)
// is 3.
func (c Competencia) Sub(o Competencia) int { return int(c.k - o.k) }

// Compare returns −1, 0 or +1 as c is before, equal to or after o.
func (c Competencia) Compare(o Competencia) int {
	switch {
	case c.k < o.k:
		return -1
	case c.k > o.k:
		return 1
	}
	return 0
}

// Equal reports whether c and o are the same competência (it lets go-cmp
// compare values holding a Competencia).
func (c Competencia) Equal(o Competencia) bool { return c.k == o.k }

// Before reports whether c is earlier than o.
func (c Competencia) Before(o Competencia) bool { return c.k < o.k }

// After reports whether c is later than o.
func (c Competencia) After(o Competencia) bool { return c.k > o.k }

// FirstDay returns midnight UTC of the first day of c.
func (c Competencia) FirstDay() time.Time {
	return time.Date(c.Year(), c.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// LastDay returns midnight UTC of the last day of c.
func (c Competencia) LastDay() time.Time {
	return time.Date(c.Year(), c.Month()+1, 0, 0, 0, 0, 0, time.UTC)
}

// Contains reports whether the calendar date of t (in t's location) falls
// inside c.
func (c Competencia) Contains(t time.Time) bool {
	return c.k != 0 && t.Year() == c.Year() && t.Month() == c.Month()
}

// MarshalText implements encoding.TextMarshaler (AAAAMM; empty for the
// zero value). JSON therefore encodes a competência as "202512".
func (c Competencia) MarshalText() ([]byte, error) { return c.AppendText6(nil), nil }

// UnmarshalText implements encoding.TextUnmarshaler, accepting AAAAMM or
// MM/AAAA; empty text gives the zero value.
func (c *Competencia) UnmarshalText(b []byte) error {
	return ident.UnmarshalText(c, b, ParseCompetencia)
}
