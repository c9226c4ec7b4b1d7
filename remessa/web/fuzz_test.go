package web

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-sus/sus/remessa"
)

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"1GB", "1 GiB", "512M", "1,5 GB", "200kB", "1073741824", "0", "-1", "1e9", "9999999999 TB", "", " 7 b ", "1.2.3MB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseSize(s)
		if err != nil {
			if n != 0 {
				t.Errorf("ParseSize(%q) = %d with error %v", s, n, err)
			}
			return
		}
		if n < 1 {
			t.Errorf("ParseSize(%q) = %d", s, n)
		}
		// FormatSize rounds to one decimal: reading it back is close.
		back, err := ParseSize(FormatSize(n))
		if err != nil {
			t.Fatalf("ParseSize(FormatSize(%d) = %q): %v", n, FormatSize(n), err)
		}
		if d := math.Abs(float64(back-n)) / float64(n); d > 0.05 {
			t.Errorf("%d → %q → %d", n, FormatSize(n), back)
		}
	})
}

func TestParseSize(t *testing.T) {
	for s, want := range map[string]int64{"1GB": 1 << 30, "1 GiB": 1 << 30, "512M": 512 << 20, "1,5 GB": 3 << 29, "200kB": 200 << 10, "1073741824": 1 << 30, "7 b": 7} {
		if got, err := ParseSize(s); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for _, s := range []string{"", "0", "-1", "1e9", "1.2.3MB", "10 XB", "99999999999 TB"} {
		if _, err := ParseSize(s); err == nil {
			t.Errorf("ParseSize(%q) accepted", s)
		}
	}
	for n, want := range map[int64]string{1: "1 byte", 800: "800 bytes", 1 << 30: "1 GB", 3 << 29: "1,5 GB", 64 << 10: "64 KB"} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

// FuzzParseFilter: any query gives a filter of short values that selects
// without panicking.
func FuzzParseFilter(f *testing.F) {
	f.Add("cnes=9990001&profissional=***+****+****+0001&critica=CBO_INCOMPATIVEL")
	f.Add("critica=" + strings.Repeat("\xff", 100))
	f.Add("cnes=%00&cnes=2&x=;y")
	r := &remessa.Result{Profissional: "*** **** **** 0001", Criticas: []remessa.Critica{{Code: "CBO_INCOMPATIVEL"}}}
	f.Fuzz(func(t *testing.T, q string) {
		v, _ := url.ParseQuery(q)
		fl := parseFilter(v)
		for _, s := range []string{fl.CNES, fl.Prof, fl.Critica} {
			if utf8.RuneCountInString(s) > 64 {
				t.Errorf("filter value of %d runes", utf8.RuneCountInString(s))
			}
		}
		if !fl.active() && !fl.match(r) {
			t.Error("the empty filter does not select everything")
		}
		fl.match(r)
	})
}

// FuzzCleanName: an uploaded file's name never holds a path or a control
// character.
func FuzzCleanName(f *testing.F) {
	for _, s := range []string{"PADEMO.JAN", `C:\Users\x\PA.JAN`, "../../etc/passwd", "a\x00b\nc", "<script>.JAN", strings.Repeat("é", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := cleanName(s)
		if strings.ContainsAny(n, "/\\\x00\r\n") || utf8.RuneCountInString(n) > 100 {
			t.Errorf("cleanName(%q) = %q", s, n)
		}
	})
}

// FuzzAPICheck posts any body to /api/check: the answer is 200 with JSON
// lines ending in the summary, or 400 with a JSON error — never a crash
// or a 500.
func FuzzAPICheck(f *testing.F) {
	_, _, data := demoSources(f)
	f.Add(data)
	f.Add(data[:200])
	f.Add(data[:len(data)/2])
	f.Add([]byte("01#BPA#202601"))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	h := newDemo(f, &Options{MaxUploadBytes: 1 << 20, Workers: 1})
	f.Fuzz(func(t *testing.T, body []byte) {
		w := serve(h, httptest.NewRequest("POST", "/api/check", bytes.NewReader(body)))
		switch w.Code {
		case 200:
			lines := bytes.Split(bytes.TrimSpace(w.Body.Bytes()), []byte("\n"))
			var last struct {
				Kind  string
				Files int
			}
			if err := json.Unmarshal(lines[len(lines)-1], &last); err != nil || last.Kind != "summary" || last.Files != 1 {
				t.Errorf("200 without a final summary: %q", lines[len(lines)-1])
			}
		case 400:
			var e struct{ Error, Message string }
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error == "" || e.Message == "" {
				t.Errorf("400 without a JSON error: %s", w.Body)
			}
		default:
			t.Errorf("status %d: %s", w.Code, w.Body)
		}
	})
}
