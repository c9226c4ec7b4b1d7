package bpa

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestJSONRoundTripInvalidFields(t *testing.T) {
	lines := strings.Split(string(readGolden(t, V338)), "\r\n")
	lines[2] = set(lines[2], 60, "X 1")             // letters in a NUM field
	lines[2] = set(lines[2], 113, "\x81\x90\tNOME") // undefined bytes and a tab
	lines[1] = set(lines[1], 40, "12    ")          // right-padded quantity
	data := []byte(strings.Join(lines, "\r\n"))
	var js bytes.Buffer
	if err := ToJSON(&js, bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"prd_nmpac":"\u0081\u0090\u0009NOME`) || !strings.Contains(js.String(), `"prd_qt":"12    "`) {
		t.Errorf("JSON: %s", js.String())
	}
	var back bytes.Buffer
	if err := FromJSON(&back, &js); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back.Bytes(), data) {
		t.Errorf("round trip differs:\n%q\n%q", back.Bytes(), data)
	}
}

func TestJSONDecode(t *testing.T) {
	tests := []struct {
		obj     string
		def     Version
		wantLen int
		field   string
		err     error
	}{
		{`{"tipo":"03","prd_qt":"1"}`, 0, 351, "", nil},
		{`{"tipo":"03","prd_qt":"1"}`, V338, 338, "", nil},
		{`{"tipo":"03","prd_cpf_pcnte":"69626350954"}`, V338, 349, "", nil},
		{`{"tipo":"03","prd_situacao_rua":""}`, V351, 350, "", nil},
		{`{"tipo":"01","cbc_mvm":"202512"}`, 0, 130, "", nil},
		{`{"tipo":"02","prd_ident":"02"}`, 0, 48, "", nil},
		{`{"tipo":"02","prd_ident":"03"}`, 0, 0, "prd_ident", ErrJSON},
		{`{"tipo":"04"}`, 0, 0, "tipo", ErrJSON},
		{`{"tipo":"02","prd_qt":1}`, 0, 0, "prd_qt", ErrJSON},
		{`{"tipo":"02","prd_xx":"1"}`, 0, 0, "prd_xx", ErrJSON},
		{`{"tipo":"02","prd_qt":"1a"}`, 0, 0, "prd_qt", ErrNotDigits},
		{`{"tipo":"02","prd_org":"ABCD"}`, 0, 0, "prd_org", ErrTooLong},
		{`{"tipo":"03","prd_nmpac":"☃"}`, 0, 0, "prd_nmpac", ErrUnencodable},
		{`not json`, 0, 0, "", ErrJSON},
	}
	for _, tt := range tests {
		line, _, err := AppendJSONLine(nil, []byte(tt.obj), tt.def)
		if tt.err == nil {
			if err != nil || len(line) != tt.wantLen {
				t.Errorf("%s: %d bytes, %v; want %d", tt.obj, len(line), err, tt.wantLen)
			}
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Field != tt.field || !errors.Is(err, tt.err) {
			t.Errorf("%s: %v, want field %q %v", tt.obj, err, tt.field, tt.err)
		}
	}
	line, _, _ := AppendJSONLine(nil, []byte(`{"tipo":"02","prd_qt":"7","prd_org":"BPA"}`), 0)
	if want := "02" + strings.Repeat(" ", 19) + "000" + "00" + "0000000000" + "000" + "000007BPA"; string(line) != want {
		t.Errorf("defaults: %q, want %q", line, want)
	}
}

func TestFromJSONHeaderSetsVersion(t *testing.T) {
	in := `{"tipo":"01","cbc_mvm":"201512"}` + "\n\n" + `{"tipo":"03","prd_qt":"1"}` + "\n"
	var out bytes.Buffer
	if err := FromJSON(&out, strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\r\n")
	if len(lines[1]) != 338 {
		t.Errorf("BPA-I after a 12/2015 header has %d bytes, want 338", len(lines[1]))
	}
	err := FromJSON(&out, strings.NewReader("{}\n"))
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 1 {
		t.Errorf("error line: %v", err)
	}
}
