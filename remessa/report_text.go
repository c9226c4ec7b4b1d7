package remessa

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/go-sus/sus/sigtap"
	"github.com/shopspring/decimal"
)

// FormatBRL formats a value as Brazilian reais, "R$ 1.234,56".
func FormatBRL(d decimal.Decimal) string {
	s := d.StringFixed(2)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	out := "R$ " + b.String() + "," + frac
	if neg {
		out = "-" + out
	}
	return out
}

// WriteText writes a report in the spirit of SIA's "relatório de
// ocorrências na consistência" followed by its "síntese da produção": the
// occurrences grouped by establishment and professional (patients and
// professionals masked), the file-level críticas, the totals per
// establishment × financing × rubrica, approved vs rejected, and the most
// frequent reasons for rejection.
func WriteText(w io.Writer, s *Summary) error {
	bw := bufio.NewWriter(w)
	if err := writeText(bw, s); err != nil {
		return err
	}
	return bw.Flush()
}

// writeText writes the report of one file to bw.
func writeText(bw *bufio.Writer, s *Summary) error {
	title := "RELATORIO DE OCORRENCIAS NA CONSISTENCIA"
	if s.Competencia.Valid() {
		title += " - " + s.Competencia.Abbrev() + "/" + fmt.Sprint(s.Competencia.Year())
	}
	fmt.Fprintf(bw, "%s\n", title)
	if s.File != "" {
		fmt.Fprintf(bw, "Arquivo: %s\n", escapeControl(s.File))
	}
	fmt.Fprintf(bw, "Linhas: %d  Aprovadas: %d  Rejeitadas: %d  Nao verificadas: %d\n",
		s.Lines, s.Approved, s.Rejected, s.Unverified)
	fmt.Fprintf(bw, "Valor aprovado: %s  Valor rejeitado: %s  Valor nao verificado: %s\n",
		FormatBRL(s.Valor.Approved), FormatBRL(s.Valor.Rejected), FormatBRL(s.Valor.Unverified))
	if s.Unverified > 0 {
		fmt.Fprintf(bw, "ATENCAO: %d linhas nao foram verificadas por falta de dados (ver OCORRENCIAS DO ARQUIVO); nao estao aprovadas.\n", s.Unverified)
	}
	if s.FileRejected {
		fmt.Fprintf(bw, "ARQUIVO REJEITADO: o cabecalho nao confere com as linhas (ver OCORRENCIAS DO ARQUIVO); nenhuma linha sera aprovada.\n")
	}

	listed := slices.Clone(s.Listed)
	slices.SortStableFunc(listed, func(a, b Result) int {
		return cmp.Or(cmp.Compare(a.CNES.String(), b.CNES.String()), cmp.Compare(a.Profissional, b.Profissional),
			cmp.Compare(a.CBO.String(), b.CBO.String()), cmp.Compare(a.Line, b.Line))
	})
	lastCNES, lastProf := "", "\x00"
	for _, r := range listed {
		if c := r.CNES.String(); c != lastCNES {
			fmt.Fprintf(bw, "\nCNES : %s\n", c)
			lastCNES, lastProf = c, "\x00"
		}
		if p := r.Profissional + "|" + r.CBO.String(); p != lastProf {
			prof := r.Profissional
			if prof == "" {
				prof = "(BPA-C)"
			}
			fmt.Fprintf(bw, "  PROFISSIONAL %s  CBO %s\n", prof, r.CBO)
			fmt.Fprintf(bw, "  %-5s %-4s %-7s %-6s %-10s %-18s %s\n", "LINHA", "TIPO", "COMPET.", "FL/SEQ", "PROCED.", "PACIENTE", "OCORRENCIA")
			lastProf = p
		}
		tipo := "BPAI"
		if r.Instrumento == BPAC {
			tipo = "BPAC"
		}
		for _, c := range r.Criticas {
			msg := c.Message
			if c.Severity != Erro {
				msg += " (" + c.Severity.String() + ")"
			}
			msg = escapeControl(msg)
			fmt.Fprintf(bw, "  %-5d %-4s %-7s %03d/%02d %-10s %-18s %s\n", r.Line, tipo, r.Competencia.Format(), r.Folha, r.Seq,
				r.Procedimento, r.Paciente, msg)
		}
	}
	if s.Omitted > 0 {
		fmt.Fprintf(bw, "\n(%d linhas com ocorrências não listadas)\n", s.Omitted)
	}
	if len(s.Criticas) > 0 {
		fmt.Fprintf(bw, "\nOCORRENCIAS DO ARQUIVO\n")
		for _, c := range s.Criticas {
			fmt.Fprintf(bw, "  %s\n", escapeControl(c.String()))
		}
	}
	fmt.Fprintln(bw)
	writeSintese(bw, s)
	if len(s.Reasons) > 0 {
		fmt.Fprintf(bw, "\nMOTIVOS DE REJEICAO\n")
		for _, r := range s.Reasons {
			fmt.Fprintf(bw, "  %6d %20s  %-28s %s\n", r.Lines, FormatBRL(r.Valor), r.Code, escapeControl(r.Message))
		}
	}
	return nil
}

// WriteTotals writes only the síntese: totals per establishment ×
// financing × rubrica, approved and rejected, and the grand total.
func WriteTotals(w io.Writer, s *Summary) error {
	bw := bufio.NewWriter(w)
	writeSintese(bw, s)
	return bw.Flush()
}

// writeSintese writes the totals table.
func writeSintese(bw *bufio.Writer, s *Summary) {
	const row = "  %-7s %-3s %-7s %9d %9d %20s %9d %20s %9d %20s\n"
	fmt.Fprintf(bw, "SINTESE DA PRODUCAO\n")
	fmt.Fprintf(bw, "  %-7s %-3s %-7s %9s %9s %20s %9s %20s %9s %20s\n", "CNES", "FIN", "RUBRICA", "LIN.APROV", "QT.APROV", "VALOR APROVADO",
		"LIN.REJ", "VALOR REJEITADO", "LIN.N.VER", "VALOR N.VERIF.")
	for _, t := range s.Totals {
		fmt.Fprintf(bw, row, t.CNES, finText(t.Financiamento), t.Rubrica, t.ApprovedLines, t.ApprovedQt, FormatBRL(t.Approved),
			t.RejectedLines, FormatBRL(t.Rejected), t.UnverifiedLines, FormatBRL(t.Unverified))
	}
	fmt.Fprintf(bw, "  %-19s %9d %9d %20s %9d %20s %9d %20s\n", "TOTAL", s.Valor.ApprovedLines, s.Valor.ApprovedQt,
		FormatBRL(s.Valor.Approved), s.Valor.RejectedLines, FormatBRL(s.Valor.Rejected), s.Valor.UnverifiedLines, FormatBRL(s.Valor.Unverified))
}

// finText is the two digits of a financing, "" when none was decided.
func finText(f sigtap.Financiamento) string {
	if f == 0 {
		return ""
	}
	return f.String()
}

// escapeControl replaces the control characters of s (ESC, BEL, CR …,
// which may come from a file and would drive the terminal) by their Go
// escapes, so that a report shows them instead of obeying them.
func escapeControl(s string) string {
	i := strings.IndexFunc(s, isControl)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if isControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }

// WriteMonthText writes the report of a remessa of several files: the
// month first — counts and values per status, a line per file, the
// totals per establishment and per financing, the most frequent reasons
// for rejection — then each file's report (WriteText). A set of one file
// is that file's report.
func WriteMonthText(w io.Writer, m *MonthSummary) error {
	if len(m.Files) == 1 {
		return WriteText(w, m.single())
	}
	bw := bufio.NewWriter(w)
	title := "REMESSA"
	if m.Competencia.Valid() {
		title += " - " + m.Competencia.Abbrev() + "/" + fmt.Sprint(m.Competencia.Year())
	}
	fmt.Fprintf(bw, "%s - %d ARQUIVOS\n", title, m.FileCount)
	fmt.Fprintf(bw, "Linhas: %d  Aprovadas: %d  Rejeitadas: %d  Nao verificadas: %d\n",
		m.Lines, m.Approved, m.Rejected, m.Unverified)
	fmt.Fprintf(bw, "Valor aprovado: %s  Valor rejeitado: %s  Valor nao verificado: %s\n",
		FormatBRL(m.Valor.Approved), FormatBRL(m.Valor.Rejected), FormatBRL(m.Valor.Unverified))
	if m.Unverified > 0 {
		fmt.Fprintf(bw, "ATENCAO: %d linhas nao foram verificadas por falta de dados; nao estao aprovadas.\n", m.Unverified)
	}
	const row = "  %-24s %7d %7d %7d %7d %20s %20s %20s %s\n"
	const head = "  %-24s %7s %7s %7s %7s %20s %20s %20s %s\n"
	fmt.Fprintf(bw, "\nARQUIVOS\n")
	fmt.Fprintf(bw, head, "ARQUIVO", "LINHAS", "APROV", "REJ", "N.VERIF", "VALOR APROVADO", "VALOR REJEITADO", "VALOR N.VERIF.", "OCORRENCIAS DO ARQUIVO")
	for _, s := range m.Files {
		fmt.Fprintf(bw, row, escapeControl(s.File), s.Lines, s.Approved, s.Rejected, s.Unverified,
			FormatBRL(s.Valor.Approved), FormatBRL(s.Valor.Rejected), FormatBRL(s.Valor.Unverified), fileFlags(s))
	}
	fmt.Fprintf(bw, "\nPOR ESTABELECIMENTO\n")
	fmt.Fprintf(bw, head, "CNES", "LINHAS", "APROV", "REJ", "N.VERIF", "VALOR APROVADO", "VALOR REJEITADO", "VALOR N.VERIF.", "")
	for _, t := range m.ByEstabelecimento() {
		fmt.Fprintf(bw, row, t.CNES, t.ApprovedLines+t.RejectedLines+t.UnverifiedLines, t.ApprovedLines, t.RejectedLines, t.UnverifiedLines,
			FormatBRL(t.Approved), FormatBRL(t.Rejected), FormatBRL(t.Unverified), "")
	}
	fmt.Fprintf(bw, "\nPOR FINANCIAMENTO\n")
	fmt.Fprintf(bw, head, "FINANCIAMENTO", "LINHAS", "APROV", "REJ", "N.VERIF", "VALOR APROVADO", "VALOR REJEITADO", "VALOR N.VERIF.", "")
	for _, t := range m.ByFinanciamento() {
		name := finText(t.Financiamento) + " " + m.FinanciamentoName(t.Financiamento)
		if len([]rune(name)) > 24 {
			name = string([]rune(name)[:24])
		}
		fmt.Fprintf(bw, row, name, t.ApprovedLines+t.RejectedLines+t.UnverifiedLines, t.ApprovedLines, t.RejectedLines, t.UnverifiedLines,
			FormatBRL(t.Approved), FormatBRL(t.Rejected), FormatBRL(t.Unverified), "")
	}
	if rc := m.RunCriticas(); len(rc) > 0 {
		fmt.Fprintf(bw, "\nOCORRENCIAS DA REMESSA\n")
		for _, c := range rc {
			fmt.Fprintf(bw, "  %s\n", escapeControl(c.String()))
		}
	}
	if len(m.Reasons) > 0 {
		fmt.Fprintf(bw, "\nMOTIVOS DE REJEICAO\n")
		for _, r := range m.Reasons {
			fmt.Fprintf(bw, "  %6d %20s  %-28s %s\n", r.Lines, FormatBRL(r.Valor), r.Code, escapeControl(r.Message))
		}
	}
	for _, s := range m.Files {
		fmt.Fprintf(bw, "\n%s\n\n", strings.Repeat("=", 78))
		if err := writeText(bw, s); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// fileFlags summarises a file's file-level críticas for the month's file
// table: the codes of its erros and avisos.
func fileFlags(s *Summary) string {
	var codes []string
	for _, c := range s.Criticas {
		if c.Severity == NaoVerificado {
			continue
		}
		if k := string(c.Code); !slices.Contains(codes, k) {
			codes = append(codes, k)
		}
	}
	return strings.Join(codes, " ")
}
