package bpa

import (
	"time"

	"github.com/go-sus/sus/sigtap"
)

// Date is a calendar date as BPA files write it, AAAAMMDD (prd_dtaten,
// prd_dtnasc). It keeps the digits it was read from, so a file holding an
// impossible date (20240231) still round-trips; Valid tells. The zero
// value means "no date" and is written as blanks.
type Date struct {
	y    uint16
	m, d uint8
	set  bool
}

// NewDate returns the date y-m-d. It does not check that the date exists.
func NewDate(y int, m time.Month, d int) Date {
	return Date{y: uint16(y), m: uint8(m), d: uint8(d), set: true}
}

// DateOf returns the calendar date of t (in t's location).
func DateOf(t time.Time) Date { return NewDate(t.Date()) }

// ParseDate parses "AAAAMMDD" and returns a valid date; errors wrap
// sigtap.ErrLength, sigtap.ErrCharacters or sigtap.ErrRange.
func ParseDate(s string) (Date, error) {
	if len(s) != 8 {
		return Date{}, &sigtap.ValueError{Type: "data", Err: sigtap.ErrLength}
	}
	d, ok := dateDigits([]byte(s))
	if !ok {
		return Date{}, &sigtap.ValueError{Type: "data", Err: sigtap.ErrCharacters}
	}
	if !d.Valid() {
		return Date{}, &sigtap.ValueError{Type: "data", Err: sigtap.ErrRange}
	}
	return d, nil
}

// dateDigits reads 8 ASCII digits as a Date without checking the calendar.
func dateDigits(b []byte) (Date, bool) {
	if len(b) != 8 {
		return Date{}, false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return Date{}, false
		}
	}
	y := int(b[0]-'0')*1000 + int(b[1]-'0')*100 + int(b[2]-'0')*10 + int(b[3]-'0')
	m := (b[4]-'0')*10 + b[5] - '0'
	d := (b[6]-'0')*10 + b[7] - '0'
	return Date{y: uint16(y), m: m, d: d, set: true}, true
}

// IsZero reports whether d is the zero value (no date).
func (d Date) IsZero() bool { return !d.set }

// Year returns the year.
func (d Date) Year() int { return int(d.y) }

// Month returns the month.
func (d Date) Month() time.Month { return time.Month(d.m) }

// Day returns the day of the month.
func (d Date) Day() int { return int(d.d) }

// Valid reports whether d is set and is a real calendar date from 1900 on.
func (d Date) Valid() bool {
	if !d.set || d.y < 1900 || d.m < 1 || d.m > 12 || d.d < 1 {
		return false
	}
	return int(d.d) <= daysIn(int(d.y), time.Month(d.m))
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.April, time.June, time.September, time.November:
		return 30
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}

// Time returns midnight UTC of d (normalised by time.Date when d is not a
// valid date; the zero Date gives the zero time).
func (d Date) Time() time.Time {
	if !d.set {
		return time.Time{}
	}
	return time.Date(int(d.y), time.Month(d.m), int(d.d), 0, 0, 0, 0, time.UTC)
}

// Competencia returns the competência (year and month) of d.
func (d Date) Competencia() sigtap.Competencia {
	c, _ := sigtap.NewCompetencia(int(d.y), time.Month(d.m))
	return c
}

// Compare returns −1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	a, b := d.key(), o.key()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.key() < o.key() }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.key() > o.key() }

func (d Date) key() int { return int(d.y)*10000 + int(d.m)*100 + int(d.d) }

// YearsAt returns the completed years from d (a birth date) to at: the age
// BPA-Mag computes, one less when the birthday of at's year has not been
// reached yet (a birthday on 29 February counts from 1 March in common
// years). It returns −1 when at is before d.
func (d Date) YearsAt(at Date) int {
	if at.Before(d) {
		return -1
	}
	n := int(at.y) - int(d.y)
	bm, bd := d.m, d.d
	if bm == 2 && bd == 29 && daysIn(int(at.y), time.February) == 28 {
		bm, bd = 3, 1
	}
	if at.m < bm || (at.m == bm && at.d < bd) {
		n--
	}
	return n
}

// AppendText appends AAAAMMDD (nothing for the zero value).
func (d Date) AppendText(dst []byte) ([]byte, error) {
	if !d.set {
		return dst, nil
	}
	y, m, dd := int(d.y), int(d.m), int(d.d)
	return append(dst, byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10),
		byte('0'+m/10%10), byte('0'+m%10), byte('0'+dd/10%10), byte('0'+dd%10)), nil
}

// String returns AAAAMMDD, or "" for the zero value.
func (d Date) String() string {
	b, _ := d.AppendText(make([]byte, 0, 8))
	return string(b)
}

// MarshalText implements encoding.TextMarshaler (AAAAMMDD).
func (d Date) MarshalText() ([]byte, error) { return d.AppendText(nil) }

// UnmarshalText implements encoding.TextUnmarshaler with ParseDate; empty
// text gives the zero value.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
