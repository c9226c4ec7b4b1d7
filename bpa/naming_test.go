package bpa

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-sus/sus/sigtap"
)

func TestNewFileName(t *testing.T) {
	tests := []struct {
		id, mvm, want string
	}{
		{"CAPSAD", "202509", "PACAPSAD.SET"},
		{"kauan-", "202503", "PAkauan-.MAR"},
		{"2077485", "202512", "PA2077485.DEZ"},
		{"A", "202501", "PAA.JAN"},
		{"AB_CD-12", "202602", "PAAB_CD-12.FEV"},
	}
	for _, tc := range tests {
		f, err := NewFileName(tc.id, sigtap.MustParseCompetencia(tc.mvm))
		if err != nil || f.String() != tc.want {
			t.Errorf("NewFileName(%q, %s) = %q, %v; want %q", tc.id, tc.mvm, f, err, tc.want)
			continue
		}
		if g, err := ParseFileName(f.String()); err != nil || g != f {
			t.Errorf("round trip %q: %+v %v", f, g, err)
		}
		if err := f.CheckCompetencia(sigtap.MustParseCompetencia(tc.mvm)); err != nil {
			t.Errorf("CheckCompetencia: %v", err)
		}
	}
	for _, id := range []string{"", "TOOLONGID", "CAPS AD", "CAPS.AD", "a/b", `a\b`, "SÃO"} {
		if _, err := NewFileName(id, sigtap.MustParseCompetencia("202509")); !errors.Is(err, ErrFileName) {
			t.Errorf("NewFileName(%q): %v", id, err)
		}
	}
	if _, err := NewFileName("CAPSAD", sigtap.Competencia{}); !errors.Is(err, ErrFileName) {
		t.Errorf("zero competência: %v", err)
	}
}

func TestParseFileName(t *testing.T) {
	tests := []struct {
		in    string
		id    string
		month time.Month
	}{
		{"PACAPSAD.SET", "CAPSAD", time.September},
		{"PAkauan-.MAR", "kauan-", time.March},
		{"pacapsad.set", "capsad", time.September},
		{"PA2077485.dez", "2077485", time.December},
		{"PA12345678.Jan", "12345678", time.January},
	}
	for _, tc := range tests {
		f, err := ParseFileName(tc.in)
		if err != nil || f.ID != tc.id || f.Month != tc.month {
			t.Errorf("ParseFileName(%q) = %+v, %v", tc.in, f, err)
		}
	}
	bad := []struct{ in, reason string }{
		{"", `does not start with "PA"`},
		{"P", `does not start with "PA"`},
		{"BPCAPSAD.SET", `does not start with "PA"`},
		{"PACAPSAD", "no extension"},
		{"PACAPSAD.TXT", "not a Portuguese month"},
		{"PACAPSAD.SEP", "not a Portuguese month"},
		{"PACAPSAD.", "not a Portuguese month"},
		{"PA.SET", "empty identifier"},
		{"PA123456789.SET", "longer than"},
		{"PACAP.SAD.SET", "character other than"},
		{"PACAP SAD.SET", "character other than"},
		{"PAÇÃO.SET", "character other than"},
		{"/tmp/PACAPSAD.SET", "a path"},
		{`C:\BPA\EXPORTA\PAkauan-.MAR`, "a path"},
		{strings.Repeat("PA", 100), "longer than"},
	}
	for _, tc := range bad {
		_, err := ParseFileName(tc.in)
		var fe *FileNameError
		if !errors.Is(err, ErrFileName) || !errors.As(err, &fe) || !strings.Contains(fe.Reason, tc.reason) {
			t.Errorf("ParseFileName(%q) = %v, want reason %q", tc.in, err, tc.reason)
		}
	}
	err := (&FileNameError{Name: strings.Repeat("x", 100), Reason: "r"}).Error()
	if len(err) > 150 {
		t.Errorf("error not bounded: %d bytes", len(err))
	}
}

func TestFileNameCheckCompetencia(t *testing.T) {
	f, _ := ParseFileName("PACAPSAD.SET")
	if err := f.CheckCompetencia(sigtap.MustParseCompetencia("202409")); err != nil {
		t.Errorf("same month, other year: %v (the name has no year)", err)
	}
	err := f.CheckCompetencia(sigtap.MustParseCompetencia("202510"))
	var m *FileNameMismatch
	if !errors.Is(err, ErrFileNameMonth) || !errors.As(err, &m) || m.Month != time.September || m.Competencia != sigtap.MustParseCompetencia("202510") {
		t.Fatalf("mismatch: %v", err)
	}
	const want = `file name "PACAPSAD.SET" names month SET but the header competência is 10/2025 (OUT)`
	if err.Error() != want {
		t.Errorf("message\n got %s\nwant %s", err, want)
	}
	if (FileName{}).String() != "" {
		t.Error("zero FileName")
	}
}
