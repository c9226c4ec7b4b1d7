package remessa

import (
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

// Result is the verdict on one production line of a BPA file: approved or
// rejected, effective financing, value, and the críticas that explain it.
// Personal data appear only masked.
type Result struct {
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

	Approved bool `json:"approved"`
	// Financiamento is the effective financing code (tb_financiamento:
	// 01 PAB, 04 FAEC, 06 MAC, 07 Vigilância …) after regras condicionadas.
	Financiamento string `json:"financiamento,omitempty"`
	// Rubrica is the FAEC subtype (tb_rubrica), blank otherwise.
	Rubrica string `json:"rubrica,omitempty"`
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

// Rejected reports whether a crítica of severity Erro was raised.
func (r *Result) Rejected() bool { return !r.Approved }

// FinanciamentoNomes names the financing codes of tb_financiamento
// (SIGTAP 202512). Reports prefer the names of the loaded release and fall
// back to these.
var FinanciamentoNomes = map[string]string{
	"01": "Atenção Básica (PAB)",
	"02": "Assistência Farmacêutica",
	"04": "Fundo de Ações Estratégicas e Compensações (FAEC)",
	"05": "Incentivo - MAC",
	"06": "Média e Alta Complexidade (MAC)",
	"07": "Vigilância em Saúde",
	"08": "Gestão do SUS",
}

// TotalKey groups the valuation the way SIA's "síntese da produção" does.
type TotalKey struct {
	CNES          cnes.Code `json:"cnes"`
	Financiamento string    `json:"financiamento"`
	Rubrica       string    `json:"rubrica,omitempty"`
}

// Total is the value and line count of one group, approved and rejected.
type Total struct {
	TotalKey
	approvedMicro, rejectedMicro int64           // exact values not yet folded into Approved/Rejected
	ApprovedLines                int             `json:"approved_lines"`
	RejectedLines                int             `json:"rejected_lines"`
	ApprovedQt                   int             `json:"approved_qt"`
	RejectedQt                   int             `json:"rejected_qt"`
	Approved                     decimal.Decimal `json:"approved"`
	Rejected                     decimal.Decimal `json:"rejected"`
}
