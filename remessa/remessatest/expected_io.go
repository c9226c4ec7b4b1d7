package remessatest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/sigtap"
	"github.com/shopspring/decimal"
)

// ErrExpected reports an expectations file ReadExpected cannot read.
var ErrExpected = errors.New("remessatest: malformed expectations")

// MaxExpectedLine caps one line of an expectations file (the month's
// summary holds a total per establishment and financing).
const MaxExpectedLine = 64 << 20

// ReadExpected reads expectations written by WriteExpected (a world's
// EXPECTED.jsonl): it hands every crítica of a production line to fn
// (when not nil), in file order, and returns the files' and the month's
// expectations, each file with its file-level críticas. Errors wrap
// ErrExpected with the line number, or are fn's or the reader's.
func ReadExpected(r io.Reader, fn func(Expectation) error) (*Expected, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxExpectedLine)
	e := &Expected{}
	var pending []Expectation // file-level críticas before their file's summary
	done := false
	n := 0
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: line %d: %s", ErrExpected, n, fmt.Sprintf(format, a...))
	}
	for sc.Scan() {
		n++
		b := sc.Bytes()
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		if done {
			return nil, bad("after the summary")
		}
		var head struct {
			Kind string `json:"kind"`
			Expectation
		}
		if err := json.Unmarshal(b, &head); err != nil {
			return nil, bad("%v", err)
		}
		switch head.Kind {
		case "":
			x := head.Expectation
			switch {
			case x.File == "" || x.Code == "" || x.Line < 0:
				return nil, bad("a crítica needs file, line and code")
			case x.Line <= 1:
				pending = append(pending, x)
			case fn != nil:
				if err := fn(x); err != nil {
					return nil, err
				}
			}
		case "file_summary":
			var f FileExpectation
			if err := json.Unmarshal(b, &f); err != nil {
				return nil, bad("%v", err)
			}
			for _, c := range pending {
				if c.File != f.Name {
					return nil, bad("crítica of file %s before the summary of %s", c.File, f.Name)
				}
			}
			f.Criticas, pending = pending, nil
			e.Files = append(e.Files, &f)
		case "summary":
			var s struct {
				Competencia sigtap.Competencia `json:"competencia"`
				Files       int                `json:"files"`
				Lines       int                `json:"lines"`
				Approved    int                `json:"approved"`
				Rejected    int                `json:"rejected"`
				Unverified  int                `json:"unverified"`
				Valor       remessa.Total      `json:"valor"`
				Totals      []remessa.Total    `json:"totals"`
				Reasons     []struct {
					Code  remessa.Code    `json:"code"`
					Lines int             `json:"lines"`
					Valor decimal.Decimal `json:"valor"`
				} `json:"reasons"`
			}
			if err := json.Unmarshal(b, &s); err != nil {
				return nil, bad("%v", err)
			}
			e.Competencia, e.FileCount, e.Lines, e.Approved, e.Rejected, e.Unverified = s.Competencia, s.Files, s.Lines, s.Approved, s.Rejected, s.Unverified
			e.Valor, e.Totals = s.Valor, s.Totals
			for _, r := range s.Reasons {
				e.Reasons = append(e.Reasons, remessa.Reason{Code: r.Code, Lines: r.Lines, Valor: r.Valor})
			}
			done = true
		default:
			return nil, bad("unknown kind %q", head.Kind)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%w: line %d longer than %d bytes", ErrExpected, n+1, MaxExpectedLine)
		}
		return nil, err
	}
	switch {
	case !done:
		return nil, fmt.Errorf("%w: no summary", ErrExpected)
	case len(pending) > 0:
		return nil, fmt.Errorf("%w: críticas of file %s without its summary", ErrExpected, pending[0].File)
	case len(e.Files) != e.FileCount:
		return nil, fmt.Errorf("%w: %d file summaries for %d files", ErrExpected, len(e.Files), e.FileCount)
	}
	return e, nil
}

// Compare compares a check run's MonthSummary with the expectations:
// counts, values, totals per establishment × financing × rubrica and
// rejection reasons (code, lines, value) of the month; each file's name,
// competência, counts, value and file-level críticas (line and code, in
// order). It returns nil when they agree, else an error listing (up to 20)
// differences. The críticas of each line are the caller's to compare
// (Criticas, ReadExpected).
func (e *Expected) Compare(m *remessa.MonthSummary) error {
	var d []string
	add := func(format string, a ...any) {
		if len(d) < 20 {
			d = append(d, fmt.Sprintf(format, a...))
		}
	}
	if m.Competencia != e.Competencia || m.FileCount != e.FileCount {
		add("month: competência %s, %d files; want %s, %d", m.Competencia, m.FileCount, e.Competencia, e.FileCount)
	}
	if m.Lines != e.Lines || m.Approved != e.Approved || m.Rejected != e.Rejected || m.Unverified != e.Unverified {
		add("month: %d lines, %d/%d/%d aprovadas/rejeitadas/não verificadas; want %d, %d/%d/%d",
			m.Lines, m.Approved, m.Rejected, m.Unverified, e.Lines, e.Approved, e.Rejected, e.Unverified)
	}
	if s := totalDiff(m.Valor, e.Valor); s != "" {
		add("month valor: %s", s)
	}
	if len(m.Totals) != len(e.Totals) {
		add("%d totals, want %d", len(m.Totals), len(e.Totals))
	} else {
		for i := range m.Totals {
			if s := totalDiff(m.Totals[i], e.Totals[i]); s != "" {
				add("total %d: %s", i, s)
			}
		}
	}
	if !slices.EqualFunc(m.Reasons, e.Reasons, func(a, b remessa.Reason) bool {
		return a.Code == b.Code && a.Lines == b.Lines && a.Valor.Equal(b.Valor)
	}) {
		add("reasons %s, want %s", reasonsString(m.Reasons), reasonsString(e.Reasons))
	}
	if len(m.Files) != len(e.Files) {
		add("%d file summaries, want %d", len(m.Files), len(e.Files))
	}
	for i := range min(len(m.Files), len(e.Files)) {
		s, f := m.Files[i], e.Files[i]
		if s.File != f.Name || s.Competencia != f.Competencia || s.Lines != f.Lines || s.Approved != f.Approved || s.Rejected != f.Rejected || s.Unverified != f.Unverified {
			add("file %d: %s %s, %d lines, %d/%d/%d; want %s %s, %d, %d/%d/%d", i, s.File, s.Competencia, s.Lines, s.Approved, s.Rejected, s.Unverified,
				f.Name, f.Competencia, f.Lines, f.Approved, f.Rejected, f.Unverified)
		}
		if x := totalDiff(s.Valor, f.Valor); x != "" {
			add("file %s valor: %s", f.Name, x)
		}
		if !slices.EqualFunc(s.Criticas, f.Criticas, func(c remessa.Critica, x Expectation) bool {
			return c.Code == x.Code && c.Line == x.Line && c.File == x.File
		}) {
			add("file %s críticas %s, want %s", f.Name, criticasString(s.Criticas), expectationsString(f.Criticas))
		}
	}
	if len(d) == 0 {
		return nil
	}
	return fmt.Errorf("remessatest: the check differs from the expectations:\n\t%s", strings.Join(d, "\n\t"))
}

// totalDiff describes how a differs from b, "" when they agree.
func totalDiff(a, b remessa.Total) string {
	var d []string
	if a.TotalKey != b.TotalKey {
		d = append(d, fmt.Sprintf("key %s %s %s, want %s %s %s", a.CNES, a.Financiamento, a.Rubrica, b.CNES, b.Financiamento, b.Rubrica))
	}
	if a.ApprovedLines != b.ApprovedLines || a.RejectedLines != b.RejectedLines || a.UnverifiedLines != b.UnverifiedLines {
		d = append(d, fmt.Sprintf("lines %d/%d/%d, want %d/%d/%d", a.ApprovedLines, a.RejectedLines, a.UnverifiedLines, b.ApprovedLines, b.RejectedLines, b.UnverifiedLines))
	}
	if a.ApprovedQt != b.ApprovedQt || a.RejectedQt != b.RejectedQt || a.UnverifiedQt != b.UnverifiedQt {
		d = append(d, fmt.Sprintf("quantity %d/%d/%d, want %d/%d/%d", a.ApprovedQt, a.RejectedQt, a.UnverifiedQt, b.ApprovedQt, b.RejectedQt, b.UnverifiedQt))
	}
	if !a.Approved.Equal(b.Approved) || !a.Rejected.Equal(b.Rejected) || !a.Unverified.Equal(b.Unverified) {
		d = append(d, fmt.Sprintf("value %s/%s/%s, want %s/%s/%s", a.Approved, a.Rejected, a.Unverified, b.Approved, b.Rejected, b.Unverified))
	}
	return strings.Join(d, "; ")
}

func reasonsString(rs []remessa.Reason) string {
	var s []string
	for _, r := range rs {
		s = append(s, fmt.Sprintf("%s×%d=%s", r.Code, r.Lines, r.Valor))
	}
	return "[" + strings.Join(s, " ") + "]"
}

func criticasString(cs []remessa.Critica) string {
	var s []string
	for _, c := range cs {
		s = append(s, fmt.Sprintf("%d:%s", c.Line, c.Code))
	}
	return "[" + strings.Join(s, " ") + "]"
}

func expectationsString(es []Expectation) string {
	var s []string
	for _, c := range es {
		s = append(s, fmt.Sprintf("%d:%s", c.Line, c.Code))
	}
	return "[" + strings.Join(s, " ") + "]"
}
