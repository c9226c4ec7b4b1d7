package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/remessa"
)

// otherCodes are the crítica codes a Checker may report that are not in
// remessa.Checks(): the not-checked notes, the financing rules and the
// file-level críticas of a set.
var otherCodes = []remessa.Code{
	remessa.CodeSemTabela, remessa.CodeTabelaIncompleta, remessa.CodeSemCNES,
	remessa.CodeRegra0001, remessa.CodeRegraNaoVerificada, remessa.CodeRegraDesconhecida,
	remessa.CodeProgramaCPF, remessa.CodeProgramaForaDoRol, remessa.CodeProgramaSemHabilitacao, remessa.CodeProgramaNaoVerificado,
	remessa.CodeArquivoCompetencia, remessa.CodeArquivoDuplicado, remessa.CodeNomeArquivo,
}

// bpaCodes are the problem codes of package bpa, which the Checker reports
// as críticas of the same code.
var bpaCodes = []string{
	bpa.CodeLineTooLong, bpa.CodeRecordType, bpa.CodeLength, bpa.CodeUTF8, bpa.CodeDigits, bpa.CodeMarker,
	bpa.CodeHeaderPos, bpa.CodeCompetencia, bpa.CodeParse, bpa.CodeLF, bpa.CodeCR, bpa.CodeNoFinalEOL, bpa.CodeBOM,
	bpa.CodeEmptyLine, bpa.CodeEOFMarker, bpa.CodeShortLine, bpa.CodeLayoutOld, bpa.CodeLayoutNew, bpa.CodeLayout353,
	bpa.CodeLayoutMixed, bpa.CodeHeaderLines, bpa.CodeHeaderFolhas, bpa.CodeControl, bpa.CodeLayoutOther,
	bpa.CodeHeaderMvm, bpa.CodeHeaderDstIn, bpa.CodeHeaderTaxID, bpa.CodeCNES, bpa.CodeCmp, bpa.CodeCmpWindow,
	bpa.CodeCBO, bpa.CodeFolha, bpa.CodeSeq, bpa.CodeSlot, bpa.CodeProcedimento, bpa.CodeIdade,
	bpa.CodeIdadeCalc, bpa.CodeQuantidade, bpa.CodeOrigem, bpa.CodeCNSProf, bpa.CodeCheckDigitCNS,
	bpa.CodeCheckDigitCPF, bpa.CodeCheckDigitCNPJ, bpa.CodeCPFAndCNS, bpa.CodeDataAtend, bpa.CodeDataAtendCmp,
	bpa.CodeDataAtendMvm, bpa.CodeDataNasc, bpa.CodeDataNascAfter, bpa.CodeSexo, bpa.CodeCID, bpa.CodeIBGE,
	bpa.CodeCarater, bpa.CodeRaca, bpa.CodeEtnia, bpa.CodeServico, bpa.CodeINE, bpa.CodeCEP,
	bpa.CodeSituacaoRua, bpa.CodeSemCPF, bpa.CodeChars,
}

// knownCodes returns every code -disable accepts.
func knownCodes() map[remessa.Code]bool {
	m := map[remessa.Code]bool{}
	for _, c := range remessa.Checks() {
		m[c.Code] = true
	}
	for _, c := range otherCodes {
		m[c] = true
	}
	for _, c := range bpaCodes {
		m[remessa.Code(c)] = true
	}
	return m
}

// parseDisable parses the -disable list; an unknown code is an error that
// lists the valid ones.
func parseDisable(list string) ([]remessa.Code, error) {
	known := knownCodes()
	var out, bad []remessa.Code
	for _, s := range splitList(list) {
		c := remessa.Code(strings.ToUpper(s))
		if !known[c] {
			bad = append(bad, remessa.Code(s))
			continue
		}
		out = append(out, c)
	}
	if len(bad) == 0 {
		return out, nil
	}
	var names []string
	for _, c := range slices.Sorted(maps.Keys(known)) {
		names = append(names, string(c))
	}
	return nil, fmt.Errorf("-disable: unknown code %s; the codes are: %s", quoteCodes(bad), strings.Join(names, " "))
}

func quoteCodes(cs []remessa.Code) string {
	q := make([]string, len(cs))
	for i, c := range cs {
		q[i] = fmt.Sprintf("%q", string(c))
	}
	return strings.Join(q, ", ")
}
