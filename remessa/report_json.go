package remessa

import (
	"encoding/json"
	"io"
)

// JSONLinesWriter writes a check run as JSON lines for machines. For one
// file: one object per production line ({"kind":"line", "file": …,
// …Result fields}), then one per file-level crítica ({"kind":"critica",
// …}), then the summary ({"kind":"summary", …}). For a remessa of several
// files (CheckFiles): each file's lines, then its críticas and
// {"kind":"file_summary", "file": …, …} (WriteFileSummary), and last the
// month's {"kind":"summary", …, "files": N} (WriteMonthSummary). Personal
// data are masked as in Result.
type JSONLinesWriter struct {
	enc *json.Encoder
}

// NewJSONLinesWriter returns a writer on w.
func NewJSONLinesWriter(w io.Writer) *JSONLinesWriter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &JSONLinesWriter{enc: enc}
}

// WriteResult writes one line's verdict.
func (j *JSONLinesWriter) WriteResult(r *Result) error {
	return j.enc.Encode(struct {
		Kind string `json:"kind"`
		*Result
	}{"line", r})
}

// WriteSummary writes the file-level críticas and then the summary.
func (j *JSONLinesWriter) WriteSummary(s *Summary) error {
	if err := j.writeCriticas(s.Criticas); err != nil {
		return err
	}
	return j.enc.Encode(struct {
		Kind string `json:"kind"`
		*Summary
	}{"summary", s})
}

// WriteFileSummary writes a file's file-level críticas and then
// {"kind":"file_summary", …} (a Summary; "file" names the file).
func (j *JSONLinesWriter) WriteFileSummary(s *Summary) error {
	if err := j.writeCriticas(s.Criticas); err != nil {
		return err
	}
	return j.enc.Encode(struct {
		Kind string `json:"kind"`
		*Summary
	}{"file_summary", s})
}

// WriteMonthSummary writes the críticas of the run as a whole (those of
// no file, such as the chronological order) and then {"kind":"summary",
// …, "files": N}: the consolidated summary of a remessa, whose "criticas"
// hold every file's (each naming its file) and the run's.
func (j *JSONLinesWriter) WriteMonthSummary(m *MonthSummary) error {
	if err := j.writeCriticas(m.RunCriticas()); err != nil {
		return err
	}
	return j.enc.Encode(struct {
		Kind string `json:"kind"`
		*MonthSummary
	}{"summary", m})
}

func (j *JSONLinesWriter) writeCriticas(cs []Critica) error {
	for i := range cs {
		if err := j.enc.Encode(struct {
			Kind string `json:"kind"`
			*Critica
		}{"critica", &cs[i]}); err != nil {
			return err
		}
	}
	return nil
}
