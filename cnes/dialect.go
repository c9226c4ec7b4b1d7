package cnes

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-sus/sus/sigtap"
)

// day is a calendar date packed as YYYYMMDD; 0 is "no date". Packing
// keeps the team and member windows comparable with integer compares in
// the hot checks.
type day uint32

// Time returns midnight UTC of d, or the zero time for no date.
func (d day) Time() time.Time {
	if d == 0 {
		return time.Time{}
	}
	return time.Date(int(d/10000), time.Month(d/100%100), int(d%100), 0, 0, 0, 0, time.UTC)
}

// monthStart and monthEnd bound a competência as packed days.
func monthStart(c sigtap.Competencia) day { return day(c.Int()*100 + 1) }
func monthEnd(c sigtap.Competencia) day   { return day(c.Int()*100 + 31) }

var ptMonths = [12]string{"jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"}

// parseDate reads the two date forms seen in the registry: DD/MM/YYYY (the
// TO_CHAR columns) and Oracle's default DD-mon-YYYY[ HH:MM:SS] with
// Portuguese month abbreviations ("28-set-2017 00:00:00"). Empty gives 0.
// Dates before 1900-01-01 are a CNES sentinel for "none" and also give 0.
func parseDate(s string) (day, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	var y, m, d int
	var ok bool
	switch {
	case len(s) == 10 && s[2] == '/' && s[5] == '/':
		d, ok = num(s[0:2])
		if ok {
			m, ok = num(s[3:5])
		}
		if ok {
			y, ok = num(s[6:10])
		}
	case len(s) >= 11 && s[2] == '-' && s[6] == '-':
		d, ok = num(s[0:2])
		if ok {
			m = monthAbbrev(s[3:6])
			y, ok = num(s[7:11])
			ok = ok && m > 0 && validClock(s[11:])
		}
	}
	if !ok {
		return 0, ErrDate
	}
	if y < 1900 {
		return 0, nil
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, ErrDate
	}
	return day(y*10000 + m*100 + d), nil
}

// validClock accepts "" or " HH:MM:SS".
func validClock(s string) bool {
	if s == "" {
		return true
	}
	if len(s) != 9 || s[0] != ' ' || s[3] != ':' || s[6] != ':' {
		return false
	}
	h, ok1 := num(s[1:3])
	mi, ok2 := num(s[4:6])
	se, ok3 := num(s[7:9])
	return ok1 && ok2 && ok3 && h < 24 && mi < 60 && se < 60
}

func monthAbbrev(s string) int {
	var b [3]byte
	for i := 0; i < 3; i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	for i, m := range ptMonths {
		if string(b[:]) == m {
			return i + 1
		}
	}
	return 0
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// num parses a short run of ASCII digits.
func num(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// cmtpKind tells how a CMTP_INICIO/CMTP_FIM value was read.
type cmtpKind uint8

const (
	cmtpValue  cmtpKind = iota // AAAAMM
	cmtpOpen                   // blank, 999999 or 000000
	cmtpMMAAAA                 // read as MMAAAA (tolerated, with a warning)
)

// parseCMTP reads an rlEstabSipac competência. The open-ended value is not
// documented: blank, 999999 and 000000 are all read as "open" (docs/cnes.md
// §2.3, inference). A value that is not a valid AAAAMM but is a valid
// MMAAAA (as one synthetic fixture writes "012020") is read as MMAAAA.
func parseCMTP(s string) (sigtap.Competencia, cmtpKind, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "999999" || s == "000000" {
		return sigtap.Competencia{}, cmtpOpen, nil
	}
	if len(s) != 6 || !allDigits(s) {
		return sigtap.Competencia{}, 0, ErrCharacters
	}
	if c, err := sigtap.ParseCompetencia(s); err == nil {
		return c, cmtpValue, nil
	}
	m, _ := num(s[:2])
	y, _ := num(s[2:])
	if c, err := sigtap.NewCompetencia(y, time.Month(m)); err == nil {
		return c, cmtpMMAAAA, nil
	}
	return sigtap.Competencia{}, 0, ErrDate
}

// text decodes a kept text field into a new string (never a substring of
// the csv record, which would pin the whole line in memory). Latin-1
// bytes map one-to-one onto U+0000–U+00FF; files that start with a UTF-8
// byte-order mark are read as UTF-8 instead.
func text(s string, utf8Input bool) string {
	s = strings.TrimSpace(s)
	if isASCII(s) || (utf8Input && utf8.ValidString(s)) {
		return strings.Clone(s)
	}
	b := make([]byte, 0, len(s)+len(s)/2)
	for i := 0; i < len(s); i++ {
		b = utf8.AppendRune(b, rune(s[i]))
	}
	return string(b)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// trimSpaces trims ASCII spaces without allocating.
func trimSpaces(s string) string {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return s
}

// upperASCII upper-cases b in place.
func upperASCII(b []byte) {
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
}

// smallUint parses a non-negative workload number ("40", "" → 0).
func smallUint(s string) (int, bool) {
	s = trimSpaces(s)
	if s == "" {
		return 0, true
	}
	if len(s) > 6 {
		return 0, false
	}
	return num(s)
}
