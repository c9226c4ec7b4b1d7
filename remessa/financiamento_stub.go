package remessa

import "github.com/go-sus/sus/sigtap"

// TEMPORARY stub: replaced by the financing engine (financiamento.go).

// Modalidade is the Agora Tem Especialistas complementary-component
// modalidade of an attendance.
type Modalidade uint8

// Modalidades.
const (
	ModalidadeNenhuma Modalidade = iota
	Modalidade1
	Modalidade2
	Modalidade3
)

// DecisaoFinanciamento is the effective financing of one line.
type DecisaoFinanciamento struct {
	Financiamento sigtap.Financiamento
	Rubrica       sigtap.Rubrica
	Modalidade    Modalidade
	Regras        []sigtap.Regra
	Explicacao    string
	ValorZero     bool
	SemRepasse    bool
	Criticas      []Critica
}

// FinanciamentoOptions configures DecidirFinanciamento.
type FinanciamentoOptions struct{}

// DecidirFinanciamento decides the effective financing of a line.
func DecidirFinanciamento(ctx *Contexto, opts *FinanciamentoOptions) DecisaoFinanciamento {
	var d DecisaoFinanciamento
	if ctx.Procedure != nil {
		d.Financiamento, d.Rubrica = ctx.Procedure.Financing, ctx.Procedure.Rubrica
	}
	return d
}
