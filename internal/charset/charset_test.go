package charset

import (
	"errors"
	"testing"
)

func TestDecodeCP1252(t *testing.T) {
	// 0x93/0x94/0x96 are curly quotes and en dash in CP1252 (C1 controls in Latin-1).
	got := Decode([]byte{'a', 0x93, 'b', 0x94, 0x96, 0xC9})
	if want := "a“b”–É"; got != want {
		t.Errorf("Decode = %q, want %q", got, want)
	}
	if Defined(0x81) || !Defined(0x80) {
		t.Error("Defined wrong for 0x81/0x80")
	}
}

func TestAppendRoundTrip(t *testing.T) {
	s := "AÇÃO “x” – €"
	b, err := Append(nil, s)
	if err != nil {
		t.Fatal(err)
	}
	if Decode(b) != s {
		t.Errorf("round trip %q → %q", s, Decode(b))
	}
	var re *RuneError
	if _, err := Append(nil, "ok✓"); !errors.As(err, &re) || re.Rune != '✓' {
		t.Errorf("err = %v", err)
	}
	if !errors.Is(err2(), ErrUnencodable) {
		t.Error("RuneError does not unwrap to ErrUnencodable")
	}
}

func err2() error { _, err := Append(nil, "☃"); return err }

func TestFoldASCII(t *testing.T) {
	tests := map[string]string{
		"José da Conceição": "JOSE DA CONCEICAO",
		"Rua “A” – nº 5":    `RUA "A" - NO 5`,
		"plain":             "PLAIN",
		"PLAIN":             "PLAIN",
	}
	for in, want := range tests {
		if got := FoldASCII(in); got != want {
			t.Errorf("FoldASCII(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIndexHigh(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"", -1}, {"abc", -1}, {"0123456789abcdef", -1}, {"\x80", 0}, {"abcdefgh\xc3", 8},
		{"abcdefghijklmno\xff", 15}, {"abc\xe9defghijk", 3},
	} {
		if got := IndexHigh([]byte(c.in)); got != c.want {
			t.Errorf("IndexHigh(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}
