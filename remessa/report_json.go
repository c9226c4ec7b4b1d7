package remessa

import (
	"encoding/json"
	"io"
)

// JSONLinesWriter writes a check run as JSON lines for machines: one
// object per production line ({"kind":"line", …Result fields}), then one
// per file-level crítica ({"kind":"critica", …}), then the summary
// ({"kind":"summary", …}). Personal data are masked as in Result.
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
	for i := range s.Criticas {
		if err := j.enc.Encode(struct {
			Kind string `json:"kind"`
			*Critica
		}{"critica", &s.Criticas[i]}); err != nil {
			return err
		}
	}
	return j.enc.Encode(struct {
		Kind string `json:"kind"`
		*Summary
	}{"summary", s})
}
