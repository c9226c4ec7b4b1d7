package bpa

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"sort"
)

// Validator checks a whole file as a stream: per-record problems as records
// come, and at Finish the file-level ones — duplicate folha/seq slots,
// BPA-I lines in another layout than the rest of the file (BPA-Mag writes
// one layout per file: such a line is damaged), header counts and control
// field. Its memory grows by 12 bytes per production line (slot hashes)
// plus a few bytes per folha, so a million-line file is checked in a few
// tens of megabytes.
//
// Use Check for a whole io.Reader, or feed records yourself (the remessa
// package does) with Header, Record and Finish.
type Validator struct {
	// Skip lists problem codes not to report.
	Skip []string
	// FolhaRule selects how cbc_flh is counted for the header check.
	FolhaRule FolhaRule

	ctx    Context
	header *Header
	totals Totals
	slots  slotList
	layout [maxVersions]lineRuns // BPA-I lines per layout (lay.versions order)
}

// lineRuns is a set of line numbers given in increasing order, kept as
// runs of consecutive lines: a file in one layout is one run.
type lineRuns struct {
	runs []lineRun
	n    int
}

type lineRun struct{ first, last uint32 }

func (l *lineRuns) add(line uint32) {
	l.n++
	if k := len(l.runs); k > 0 && l.runs[k-1].last+1 == line {
		l.runs[k-1].last = line
		return
	}
	l.runs = append(l.runs, lineRun{line, line})
}

// slotList holds one hash and one line number per production line (12
// bytes), sorted together at Finish.
type slotList struct {
	hash []uint64
	line []uint32
}

func (s *slotList) Len() int { return len(s.hash) }
func (s *slotList) Less(i, j int) bool {
	return s.hash[i] < s.hash[j] || s.hash[i] == s.hash[j] && s.line[i] < s.line[j]
}
func (s *slotList) Swap(i, j int) {
	s.hash[i], s.hash[j] = s.hash[j], s.hash[i]
	s.line[i], s.line[j] = s.line[j], s.line[i]
}

func (v *Validator) skip(code string) bool { return slices.Contains(v.Skip, code) }

// Header records the file's header (its cbc_mvm becomes the window for the
// competência checks) and appends the header's own problems.
func (v *Validator) Header(dst []Problem, h *Header) []Problem {
	v.header = h
	v.ctx = Context{Mvm: h.Competencia, Skip: v.Skip}
	if n := min(h.Lines, MaxLines) + 1; v.slots.hash == nil {
		v.slots.hash = make([]uint64, 0, n)
		v.slots.line = make([]uint32, 0, n)
	}
	return AppendProblems(dst, h, &v.ctx)
}

// Record appends the problems of one production record and remembers its
// slot and folha for Finish. A *Header is passed to Header.
func (v *Validator) Record(dst []Problem, rec Record) []Problem {
	if h, ok := rec.(*Header); ok {
		return v.Header(dst, h)
	}
	v.ctx.Skip = v.Skip
	v.totals.Rule = v.FolhaRule
	dst = AppendProblems(dst, rec, &v.ctx)
	v.totals.Add(rec)
	k := KeyOf(rec)
	f, s := slotOf(rec)
	var h hasher
	if k.Type == TypeConsolidado {
		h = keyC(k.CNES[:])
	} else {
		h = keyI(k.CNES[:], k.CNSProfissional[:], k.CBO[:], k.Competencia.Int())
	}
	v.slots.hash = append(v.slots.hash, uint64(h.int(f).int(s)))
	v.slots.line = append(v.slots.line, uint32(rec.LineNumber()))
	if r, ok := rec.(*Individualizado); ok {
		if i := lay.index(r.Version); i >= 0 {
			v.layout[i].add(uint32(r.Line))
		}
	}
	return dst
}

// layoutProblems reports the BPA-I lines whose layout is not the file's:
// the layout of most BPA-I lines (on a tie, the one the header calls
// for, else the one seen first).
func (v *Validator) layoutProblems(dst []Problem) []Problem {
	file, kinds := -1, 0
	want := Version(0)
	if v.header != nil && !v.header.Competencia.IsZero() {
		want = VersionFor(v.header.Competencia)
	}
	for i := range v.layout {
		ls := &v.layout[i]
		if ls.n == 0 {
			continue
		}
		kinds++
		switch {
		case file < 0, ls.n > v.layout[file].n:
			file = i
		case ls.n == v.layout[file].n:
			if lay.versions[i].v == want || lay.versions[file].v != want && ls.runs[0].first < v.layout[file].runs[0].first {
				file = i
			}
		}
	}
	if kinds < 2 || v.skip(CodeLayoutOther) {
		return dst
	}
	fv := lay.versions[file].v
	for i := range v.layout {
		if i == file || v.layout[i].n == 0 {
			continue
		}
		facts := fmt.Sprintf("linha no layout %v num arquivo de layout %v: o BPA-Mag grava um só layout por arquivo, então a linha está danificada", lay.versions[i].v, fv)
		for _, run := range v.layout[i].runs {
			for l := run.first; ; l++ {
				dst = append(dst, Problem{Code: CodeLayoutOther, Severity: Erro, Line: int(l), Message: "LINHA BPA-I EM LAYOUT DIFERENTE DO RESTANTE DO ARQUIVO", Facts: facts})
				if l == run.last {
					break
				}
			}
		}
	}
	return dst
}

// Finish appends the file-level problems: duplicate slots (reported on
// the later line) and, when lines and control are given (the reader's
// Totals, which count unparsable lines too), the header's cbc_lin,
// cbc_flh and cbc_smt_vrf. Pass lines < 0 to use the records fed.
func (v *Validator) Finish(dst []Problem, lines, control int) []Problem {
	sort.Sort(&v.slots)
	var dups []Problem
	hs, ls := v.slots.hash, v.slots.line
	for i := 1; i < len(hs); i++ {
		if hs[i] == hs[i-1] && !v.skip(CodeSlot) {
			j := i - 1
			for j > 0 && hs[j-1] == hs[i] {
				j--
			}
			dups = append(dups, Problem{Code: CodeSlot, Severity: Erro, Line: int(ls[i]), Field: "prd_seq",
				Message: "FOLHA/SEQUENCIA DUPLICADA", Facts: fmt.Sprintf("folha/seq já usada na linha %d, na mesma chave de numeração", ls[j])})
		}
	}
	dups = v.layoutProblems(dups)
	slices.SortStableFunc(dups, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
	dst = append(dst, dups...)
	v.slots = slotList{}
	v.layout = [maxVersions]lineRuns{}
	if lines < 0 {
		lines, control = v.totals.Lines(), v.totals.Control()
	}
	h := v.header
	if h == nil {
		return dst
	}
	add := func(code string, sev Severity, f *Field, msg, facts string) {
		if !v.skip(code) {
			dst = append(dst, Problem{Code: code, Severity: sev, Line: h.Line, Column: f.Start, Field: f.Name, Message: msg, Facts: facts})
		}
	}
	if h.Lines != lines {
		add(CodeHeaderLines, Erro, hdrLin, msgHeaderLines, fmt.Sprintf("cbc_lin %d, linhas de produção no arquivo %d", h.Lines, lines))
	}
	if folhas := v.totals.Folhas(); h.Folhas != folhas {
		add(CodeHeaderFolhas, Aviso, hdrFlh, msgHeaderFolhas, fmt.Sprintf("cbc_flh %d, folhas contadas %d (regra de contagem inferida)", h.Folhas, folhas))
	}
	if h.Control != control {
		add(CodeControl, Erro, hdrCtrl, msgControl, fmt.Sprintf("cbc_smt_vrf %d, calculado pelas linhas %d", h.Control, control))
	}
	return dst
}

// Check reads a whole BPA file and calls fn for every problem: parse
// errors of bad lines, reader warnings, per-record problems, and the
// file-level problems at the end. It returns only I/O errors.
func (v *Validator) Check(r io.Reader, fn func(Problem)) error {
	rd := NewReader(r)
	rd.ReuseRecord = true // the Validator keeps only the header, read once
	var buf []Problem
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if !isParseError(err) {
				return err
			}
			if p := ProblemOf(err); !v.skip(p.Code) {
				fn(p)
			}
			continue
		}
		buf = v.Record(buf[:0], rec)
		for _, p := range buf {
			fn(p)
		}
	}
	for _, p := range rd.problems(false) {
		if !v.skip(p.Code) {
			fn(p)
		}
	}
	lines, control := rd.Totals()
	for _, p := range v.Finish(buf[:0], lines, control) {
		fn(p)
	}
	return nil
}

// Validate reads a whole BPA file and returns every problem found, in the
// order Check reports them. It returns an error only for I/O failures.
func Validate(r io.Reader, skip ...string) ([]Problem, error) {
	var ps []Problem
	v := &Validator{Skip: skip}
	err := v.Check(r, func(p Problem) { ps = append(ps, p) })
	return ps, err
}

// HasErrors reports whether ps holds at least one Erro.
func HasErrors(ps []Problem) bool {
	for _, p := range ps {
		if p.Severity == Erro {
			return true
		}
	}
	return false
}
