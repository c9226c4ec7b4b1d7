package remessa

import (
	"fmt"

	"github.com/go-sus/sus/bpa"
)

// Severity says what a crítica does to its line. It is bpa.Severity: one
// vocabulary for the module ("erro", "aviso", "nao_verificado").
type Severity = bpa.Severity

// Severities. The zero value is invalid.
const (
	// Erro rejects the line (SIA "glosa").
	Erro = bpa.Erro
	// Aviso is reported but the line is approved.
	Aviso = bpa.Aviso
	// NaoVerificado says a check could not run because its data is absent
	// (no CNES loaded, a SIGTAP table missing, no release for the
	// competência). It is reported once per check and cause, never per
	// line, and never rejects.
	NaoVerificado = bpa.NaoVerificado
)

// Code is the stable identifier of a check (a crítica kind), e.g.
// CBO_INCOMPATIVEL. Codes never change once published; scripts may rely on
// them. Layout and domain críticas reuse the codes of package bpa.
type Code string

// Critica is one finding about one line (or, with Line 0, about the file).
type Critica struct {
	File     string   `json:"file,omitempty"` // the file, for file-level críticas of a run (Result.File names a line's)
	Code     Code     `json:"code"`
	Severity Severity `json:"severity"`
	Line     int      `json:"line"`            // line in the BPA file (1 = header); 0 for the whole file
	Field    string   `json:"field,omitempty"` // canonical BPA field name (docs/bpa.md §11)
	Message  string   `json:"message"`         // SIA's wording where known (docs/bpa.md §6), else ours in its style (docs/rules.md §3)
	Facts    string   `json:"facts,omitempty"` // the evidence in Portuguese, personal data masked
}

// String formats the crítica like a compiler diagnostic, in Portuguese:
// "linha 7 (prd_cbo): erro CBO_INCOMPATIVEL: … [facts]".
func (c Critica) String() string {
	s := ""
	if c.Line > 0 {
		s = fmt.Sprintf("linha %d", c.Line)
		if c.Field != "" {
			s += " (" + c.Field + ")"
		}
		s += ": "
	}
	s += c.Severity.String() + " " + string(c.Code) + ": " + c.Message
	if c.Facts != "" {
		s += " [" + c.Facts + "]"
	}
	return s
}
