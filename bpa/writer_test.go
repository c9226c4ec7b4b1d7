package bpa

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-sus/sus/cns"
)

func goldenI(v Version) *Individualizado {
	r := *goldenFile(v).Records[1].(*Individualizado)
	return &r
}

func TestWriterFieldErrors(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(r *Individualizado)
		field string
		err   error
	}{
		{"too long", func(r *Individualizado) { r.Nome = "MARIA DA CONCEIÇÃO DOS SANTOS PEREIRA" }, "prd_nmpac", ErrTooLong},
		{"unencodable", func(r *Individualizado) { r.Nome = "MARIA ☃" }, "prd_nmpac", ErrUnencodable},
		{"control", func(r *Individualizado) { r.Endereco = "RUA A\r\nX" }, "prd_end_pcnte", ErrControl},
		{"undefined byte", func(r *Individualizado) { r.Bairro = "A\u0081" }, "prd_bairro_pcnte", ErrControl},
		{"not in layout", func(r *Individualizado) { r.Version = V338; r.CPF = cns.MustParseCPF("69626350954") }, "prd_cpf_pcnte", ErrNotInLayout},
		{"bpa-go variant", func(r *Individualizado) { r.Version = V353 }, "prd_ident", ErrVersion},
		{"negative", func(r *Individualizado) { r.Quantidade = -1 }, "prd_qt", ErrNegative},
		{"quantity too big", func(r *Individualizado) { r.Quantidade = 1000000 }, "prd_qt", ErrTooLong},
		{"folha 1000", func(r *Individualizado) { r.Folha = 1000 }, "prd_flh", ErrTooLong},
		{"num letters", func(r *Individualizado) { r.IBGE = "53A010" }, "prd_ibge", ErrNotDigits},
		{"num too long", func(r *Individualizado) { r.Raca = "003" }, "prd_raca", ErrTooLong},
		{"bad cns bytes", func(r *Individualizado) { r.CNSPaciente[3] = 'x' }, "prd_cnspac", ErrNotDigits},
	}
	for _, tt := range tests {
		r := goldenI(V350)
		tt.edit(r)
		_, err := r.AppendText(nil)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tt.field || !errors.Is(err, tt.err) {
			t.Errorf("%s: got %v, want field %s %v", tt.name, err, tt.field, tt.err)
		}
	}
	// Explicit policies.
	r := goldenI(V350)
	r.Nome = "maria da conceição dos santos pereira"
	var e encoder
	e.fold, e.truncate = true, true
	out, err := e.appendIndividualizado(nil, r)
	if err != nil || string(out[112:142]) != "MARIA DA CONCEICAO DOS SANTOS " {
		t.Errorf("fold+truncate: %q %v", out[112:142], err)
	}
}

func TestWriterStreamingMatchesEncode(t *testing.T) {
	f := goldenFile(V350)
	path := filepath.Join(t.TempDir(), "out.bpa")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWriter(out, f.Header)
	for _, rec := range f.Records {
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	out.Close()
	got, _ := os.ReadFile(path)
	if want := readGolden(t, V350); !bytes.Equal(got, want) {
		t.Errorf("streaming writer output differs from golden:\n%q\n%q", got, want)
	}
	if h := w.Header(); h.Lines != 3 || h.Control != 1631 || h.Folhas != 2 {
		t.Errorf("Header() = %+v", h)
	}
	if err := w.Write(f.Records[0]); !errors.Is(err, ErrClosed) {
		t.Errorf("write after close: %v", err)
	}
}

func TestWriterTotals(t *testing.T) {
	f := goldenFile(V350)
	var buf bytes.Buffer
	w := NewWriterTotals(&buf, f.Header) // totals not computed: mismatch
	for _, rec := range f.Records {
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); !errors.Is(err, ErrTotalsMismatch) {
		t.Errorf("Close = %v, want ErrTotalsMismatch", err)
	}
	if err := w.Write(&Header{}); err == nil {
		t.Error("writing a header must fail")
	}
	w2 := NewWriterTotals(&buf, f.Header)
	w2.totals.lines = MaxLines
	if err := w2.Write(f.Records[0]); !errors.Is(err, ErrTooManyLines) {
		t.Errorf("line 1 000 000: %v, want ErrTooManyLines", err)
	}
}

// TestRoundTripRecords: parse∘write is the identity on records and
// write∘parse on bytes, for every layout.
func TestRoundTripRecords(t *testing.T) {
	for _, v := range Versions {
		data := readGolden(t, v)
		f, err := Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := Encode(&buf, f.Header, f.Records, nil); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), data) {
			t.Errorf("%v: write(parse(file)) differs", v)
		}
		again, err := Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if !cmpEqual(f, again) {
			t.Errorf("%v: parse(write(records)) differs", v)
		}
	}
}
