package remessa

import (
	"fmt"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
	"github.com/shopspring/decimal"
)

// Instrumento is the record type of a production line.
type Instrumento string

// Instruments of a BPA file.
const (
	BPAC Instrumento = "BPA-C" // consolidated, record 02, SIGTAP registro 01
	BPAI Instrumento = "BPA-I" // individualized, record 03, SIGTAP registro 02
)

// Status is the verdict on one production line. Every line has exactly
// one: Aprovada only when every check ran and none failed.
type Status uint8

// Statuses of a line. The zero value is invalid (not judged).
const (
	// Aprovada: every check ran and no crítica of severity Erro was
	// raised. Only aprovada lines count as approved lines and value.
	Aprovada Status = iota + 1
	// Rejeitada: at least one crítica of severity Erro.
	Rejeitada
	// NaoVerificada: no Erro was found, but at least one check could not
	// run for lack of data (no SIGTAP release for the line's competência,
	// no CNES snapshot, a table absent): the line carries a crítica of
	// severity NaoVerificado saying which.
	NaoVerificada
)

var statusNames = [...]string{"", "aprovada", "rejeitada", "nao_verificada"}

// String returns "aprovada", "rejeitada" or "nao_verificada".
func (s Status) String() string {
	if int(s) < len(statusNames) && s != 0 {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", s)
}

// Label names the status for people: "aprovada", "rejeitada", "não
// verificada" ("?" for the zero value).
func (s Status) Label() string {
	switch s {
	case Aprovada:
		return "aprovada"
	case Rejeitada:
		return "rejeitada"
	case NaoVerificada:
		return "não verificada"
	}
	return "?"
}

// MarshalText implements encoding.TextMarshaler; the zero value (a
// Result not judged) is the empty text.
func (s Status) MarshalText() ([]byte, error) {
	if int(s) >= len(statusNames) {
		return nil, fmt.Errorf("remessa: invalid status %d", s)
	}
	return []byte(statusNames[s]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Status) UnmarshalText(b []byte) error {
	for i, n := range statusNames {
		if n == string(b) {
			*s = Status(i)
			return nil
		}
	}
	return fmt.Errorf("remessa: unknown status %q", b)
}

// Result is the verdict on one production line of a BPA file: its Status
// (aprovada, rejeitada or não verificada), effective financing, value,
// and the críticas that explain it. Personal data appear only masked.
type Result struct {
	File         string             `json:"file,omitempty"` // the file's name (Checker.File, Input.Name)
	Line         int                `json:"line"`
	Instrumento  Instrumento        `json:"instrumento"`
	CNES         cnes.Code          `json:"cnes"`
	Competencia  sigtap.Competencia `json:"competencia"`
	Folha        int                `json:"folha"`
	Seq          int                `json:"seq"`
	Procedimento sigtap.Code        `json:"procedimento"`
	CBO          sigtap.CBO         `json:"cbo,omitzero"`
	Profissional string             `json:"profissional,omitempty"` // masked CNS of the professional
	Paciente     string             `json:"paciente,omitempty"`     // masked CPF or CNS of the patient
	Quantidade   int                `json:"quantidade"`

	// Status is the verdict: aprovada, rejeitada or nao_verificada.
	Status Status `json:"status"`
	// Approved is Status == Aprovada (kept for JSON consumers).
	Approved bool `json:"approved"`
	// Financiamento is the effective financing code (tb_financiamento:
	// 01 PAB, 04 FAEC, 06 MAC, 07 Vigilância …) after regras condicionadas.
	Financiamento sigtap.Financiamento `json:"financiamento,omitzero"`
	// Rubrica is the FAEC subtype (tb_rubrica), blank otherwise.
	Rubrica sigtap.Rubrica `json:"rubrica,omitzero"`
	// Explicacao says how the financing was decided (which regra fired, on
	// which inputs).
	Explicacao string `json:"explicacao,omitempty"`
	// Valor is quantity × VL_SA plus incrementos, after regra effects.
	Valor decimal.Decimal `json:"valor"`
	// SemRepasse is set when the line is approved but generates no
	// financial transfer (regra 0013, fonte orçamentária 02).
	SemRepasse bool `json:"sem_repasse,omitempty"`

	Criticas []Critica `json:"criticas,omitempty"`

	// micro is Valor in millionths of a real when exact is set: the
	// Tally adds integers instead of decimals.
	micro int64
	exact bool
}

// StatusOf returns the status a line's críticas give it: Rejeitada with
// any Erro, else NaoVerificada with any NaoVerificado, else Aprovada.
func StatusOf(cs []Critica) Status {
	st := Aprovada
	for _, c := range cs {
		switch c.Severity {
		case Erro:
			return Rejeitada
		case NaoVerificado:
			st = NaoVerificada
		}
	}
	return st
}

// status returns r.Status, or for a Result built by hand without one,
// StatusOf its críticas.
func (r *Result) status() Status {
	if r.Status != 0 {
		return r.Status
	}
	return StatusOf(r.Criticas)
}

// Rejected reports whether the line is rejeitada (a crítica of severity
// Erro was raised).
func (r *Result) Rejected() bool { return r.status() == Rejeitada }

// Unverified reports whether the line is não verificada: no Erro, but a
// check could not run.
func (r *Result) Unverified() bool { return r.status() == NaoVerificada }

// financiamentoNomes names the financing codes of tb_financiamento
// (SIGTAP 202512), for reports when no release names them.
var financiamentoNomes = [...]string{
	sigtap.FinanciamentoPAB:                     "Atenção Básica (PAB)",
	sigtap.FinanciamentoAssistenciaFarmaceutica: "Assistência Farmacêutica",
	sigtap.FinanciamentoFAEC:                    "Fundo de Ações Estratégicas e Compensações (FAEC)",
	sigtap.FinanciamentoIncentivoMAC:            "Incentivo - MAC",
	sigtap.FinanciamentoMAC:                     "Média e Alta Complexidade (MAC)",
	sigtap.FinanciamentoVigilancia:              "Vigilância em Saúde",
	sigtap.FinanciamentoGestao:                  "Gestão do SUS",
}

// FinanciamentoName returns the name of financing f as rel's
// tb_financiamento gives it (rel may be nil), else as SIGTAP 202512 named
// it, else "Financiamento NN". The zero value is "Sem financiamento"
// (lines whose procedure or release is unknown).
func FinanciamentoName(f sigtap.Financiamento, rel *sigtap.Release) string {
	if f == 0 {
		return "Sem financiamento (procedimento ou tabela desconhecidos)"
	}
	if rel != nil {
		if e, ok := rel.Refs().Financiamentos.Get(f); ok && e.Name != "" {
			return e.Name
		}
	}
	if int(f) < len(financiamentoNomes) && financiamentoNomes[f] != "" {
		return financiamentoNomes[f]
	}
	return "Financiamento " + f.String()
}

// TotalKey groups the valuation the way SIA's "síntese da produção" does.
type TotalKey struct {
	CNES          cnes.Code            `json:"cnes"`
	Financiamento sigtap.Financiamento `json:"financiamento"` // zero: not decided (procedure or release unknown)
	Rubrica       sigtap.Rubrica       `json:"rubrica,omitzero"`
}

// Total is the value, line count and quantity of one group, split by
// status: aprovada, rejeitada and não verificada. Only Approved is value
// SIA will pay; Unverified is value no check has confirmed.
type Total struct {
	TotalKey
	// exact values in millionths of a real, not yet folded into the
	// decimals, per status (index Status-1)
	micro           [3]int64
	ApprovedLines   int             `json:"approved_lines"`
	RejectedLines   int             `json:"rejected_lines"`
	UnverifiedLines int             `json:"unverified_lines"`
	ApprovedQt      int             `json:"approved_qt"`
	RejectedQt      int             `json:"rejected_qt"`
	UnverifiedQt    int             `json:"unverified_qt"`
	Approved        decimal.Decimal `json:"approved"`
	Rejected        decimal.Decimal `json:"rejected"`
	Unverified      decimal.Decimal `json:"unverified"`
}
