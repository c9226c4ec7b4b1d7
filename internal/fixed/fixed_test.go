package fixed

import (
	"errors"
	"testing"

	"github.com/go-sus/sus/internal/charset"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func TestAppendNum(t *testing.T) {
	tests := []struct {
		in    string
		width int
		blank Blank
		want  string
		err   error
	}{
		{"1", 3, Spaces, "001", nil},
		{"123", 3, Spaces, "123", nil},
		{"", 3, Spaces, "   ", nil},
		{"", 4, Zeros, "0000", nil},
		{"1234", 3, Spaces, "", ErrTooLong},
		{"1a", 3, Spaces, "", ErrNotDigits},
	}
	for _, tt := range tests {
		got, err := AppendNum([]byte(nil), tt.in, tt.width, tt.blank)
		if !errors.Is(err, tt.err) {
			t.Errorf("AppendNum(%q,%d) error = %v, want %v", tt.in, tt.width, err, tt.err)
			continue
		}
		if err == nil && string(got) != tt.want {
			t.Errorf("AppendNum(%q,%d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

func TestAppendAlfa(t *testing.T) {
	got, err := AppendAlfa(nil, "JOSÉ", 6, Spaces)
	if err != nil {
		t.Fatal(err)
	}
	if want := []byte{'J', 'O', 'S', 0xC9, ' ', ' '}; !cmp.Equal(got, want) {
		t.Errorf("AppendAlfa = %q, want %q", got, want)
	}
	if _, err := AppendAlfa(nil, "ÁÁÁÁÁÁÁ", 6, Spaces); !errors.Is(err, ErrTooLong) {
		t.Errorf("7 runes in 6: err = %v", err)
	}
	var re *charset.RuneError
	if _, err := AppendAlfa(nil, "a☃", 6, Spaces); !errors.As(err, &re) || re.Rune != '☃' || re.Offset != 1 {
		t.Errorf("snowman: err = %v", err)
	}
	long := make([]byte, 100)
	for i := range long {
		long[i] = 'x'
	}
	got, _ = AppendAlfa(nil, "", 100, Spaces)
	if len(got) != 100 || !IsBlank(got) {
		t.Errorf("blank 100 = %q", got)
	}
}

func TestAppendUint(t *testing.T) {
	got, err := AppendUint(nil, 1543, 4)
	if err != nil || string(got) != "1543" {
		t.Errorf("AppendUint = %q, %v", got, err)
	}
	got, _ = AppendUint(nil, 7, 6)
	if string(got) != "000007" {
		t.Errorf("AppendUint pad = %q", got)
	}
	if _, err := AppendUint(nil, 1000000, 6); !errors.Is(err, ErrTooLong) {
		t.Errorf("overflow err = %v", err)
	}
}

func TestParseUint(t *testing.T) {
	for in, want := range map[string]uint64{"0": 0, "000123": 123, "9999999999": 9999999999} {
		if got, ok := ParseUint([]byte(in)); !ok || got != want {
			t.Errorf("ParseUint(%q) = %d,%v", in, got, ok)
		}
	}
	for _, in := range []string{"", " 1", "1x", "12345678901234567890"} {
		if _, ok := ParseUint([]byte(in)); ok {
			t.Errorf("ParseUint(%q) ok", in)
		}
	}
}

func TestDecimal(t *testing.T) {
	d, ok := ParseDecimal([]byte("000000001000"), 2)
	if !ok || !d.Equal(decimal.RequireFromString("10.00")) {
		t.Fatalf("ParseDecimal = %v %v", d, ok)
	}
	b, err := AppendDecimal(nil, decimal.RequireFromString("44.88"), 2, 7)
	if err != nil || string(b) != "0004488" {
		t.Errorf("AppendDecimal = %q %v", b, err)
	}
	if _, err := AppendDecimal(nil, decimal.RequireFromString("1.234"), 2, 7); err == nil {
		t.Error("extra decimals accepted")
	}
}

func TestFieldSliceAndContiguous(t *testing.T) {
	fs := []Field{{Name: "a", Start: 1, Len: 2}, {Name: "b", Start: 3, Len: 3}}
	if i := Contiguous(fs, 5); i != -1 {
		t.Errorf("Contiguous = %d", i)
	}
	if i := Contiguous(fs, 6); i != 2 {
		t.Errorf("short width: Contiguous = %d", i)
	}
	if got := fs[1].Slice([]byte("01abc")); string(got) != "abc" {
		t.Errorf("Slice = %q", got)
	}
	if got := fs[1].Slice([]byte("01ab")); got != nil {
		t.Errorf("short line Slice = %q", got)
	}
}

func BenchmarkAppendNum(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 0, 64)
	for b.Loop() {
		buf, _ = AppendNum(buf[:0], "12345", 15, Spaces)
	}
}
