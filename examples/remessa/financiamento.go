package main

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/go-sus/sus/bpa"
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/internal/cli"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/sigtap"
)

func init() {
	register("financiamento", command{usage: `financiamento -sigtap RELEASE[,RELEASE…] [-cnes PATH[,PATH…]] [-json] [-modalidade M] [-fonte 02] [-rubrica-faec RUBRICA] FILE
    Prints the effective financing of every production line of the BPA file
    FILE ("-" for stdin) and why: the procedure's financing in the SIGTAP
    release of the line's competência, the modalidade of the Agora Tem
    Especialistas complementary component (programme authorization number
    in prd_naut and the establishment's habilitação 38.02/38.03/38.04 in the
    CNES registry of that competência), the regras condicionadas that fired
    (0014 → MAC, 0015 → FAEC, 0013, 0001 …) and the críticas they raise.
    RELEASE is a SIGTAP ZIP, a release folder or a folder of ZIPs; PATH a
    BASE_DE_DADOS_CNES ZIP, its extracted folder, or a folder of those (one
    per competência). Without -cnes no line is put in a modalidade (said in
    the explanation). -json prints one object per line ({"kind":"line"}),
    the not-checked notes ({"kind":"critica"}) and a summary
    ({"kind":"summary"}). -modalidade M1|M2|M3|nenhuma puts every line in
    that modalidade (what-if); -fonte 02 gives every line fonte orçamentária
    02 (approved without transfer); -rubrica-faec sets the rubrica of lines
    regra 0015 moves to FAEC (no source defines it).
    Exit status: 0 every line decided; 1 a line unreadable, of unknown
    financing, or with an erro crítica of the regras (regra 0001, programme
    attendance without CPF), or FILE not a BPA file, empty or header only;
    2 usage or I/O error (FILE or a RELEASE that cannot be read).
`, run: runFinanciamento})
}

// finLine is the -json form of one line's decision.
type finLine struct {
	Kind          string              `json:"kind"` // "line"
	Line          int                 `json:"line"`
	Instrumento   remessa.Instrumento `json:"instrumento"`
	CNES          cnes.Code           `json:"cnes"`
	Competencia   sigtap.Competencia  `json:"competencia"`
	Procedimento  sigtap.Code         `json:"procedimento"`
	Tabela        string              `json:"tabela"` // table financing ("" unknown)
	TabelaRubrica string              `json:"tabela_rubrica,omitempty"`
	Financiamento string              `json:"financiamento"` // effective financing ("" unknown)
	Rubrica       string              `json:"rubrica,omitempty"`
	Parte         string              `json:"parte"` // split file: pab-vigilancia or mac-faec
	Modalidade    remessa.Modalidade  `json:"modalidade"`
	Programa      bool                `json:"programa,omitempty"`
	Regras        []string            `json:"regras,omitempty"`
	ValorZero     bool                `json:"valor_zero,omitempty"`
	SemRepasse    bool                `json:"sem_repasse,omitempty"`
	Explicacao    string              `json:"explicacao"`
	Criticas      []remessa.Critica   `json:"criticas,omitempty"`
}

// finSummary is the -json summary.
type finSummary struct {
	Kind           string         `json:"kind"` // "summary"
	Lines          int            `json:"lines"`
	Unreadable     int            `json:"unreadable"`
	Unknown        int            `json:"unknown"`
	Financiamentos map[string]int `json:"financiamentos"`
	Partes         map[string]int `json:"partes"`
	Erros          int            `json:"erros"` // lines with an erro crítica of the regras
}

func runFinanciamento(e *env, args []string) int {
	const name = "financiamento"
	fs := e.flags(name)
	sigtapList := fs.String("sigtap", "", "SIGTAP release(s), comma-separated (required)")
	cnesList := fs.String("cnes", "", "CNES distribution(s), comma-separated")
	asJSON := fs.Bool("json", false, "JSON lines instead of text")
	modText := fs.String("modalidade", "", "put every line in this modalidade (M1, M2, M3, nenhuma)")
	fonte := fs.String("fonte", "", "fonte orçamentária of every line (02: approved without transfer)")
	rubrica := fs.String("rubrica-faec", "", "rubrica of the lines regra 0015 moves to FAEC (e.g. 040086)")
	rest, err := parse(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(rest) != 1 {
		return e.usageError(name, "want one FILE, got %d arguments", len(rest))
	}
	if *sigtapList == "" {
		return e.usageError(name, "-sigtap RELEASE is required")
	}
	opts, err := finOptions(*modText, *fonte, *rubrica)
	if err != nil {
		return e.usageError(name, "%v", err)
	}
	path := rest[0]
	var declared int64
	if path != "-" {
		// Judge the input before the releases load.
		h, err := sniff(path)
		if err != nil {
			return e.failPath(name, path, err)
		}
		declared = int64(h.Lines)
	}
	fin := remessa.Financiador{Options: opts}
	var code int
	if fin.SIGTAP, fin.CNES, code = e.loadRefs(name, *sigtapList, *cnesList); code != proceed {
		return code
	}
	in, err := e.openInput(path)
	if err != nil {
		return e.failPath(name, path, err)
	}
	defer in.Close()
	prog := e.progress(name, "lines")
	prog.SetTotal(declared)
	defer prog.Stop()

	sum := finSummary{Kind: "summary", Financiamentos: map[string]int{}, Partes: map[string]int{}}
	notes := map[string]remessa.Critica{} // not-checked notes, once per cause
	var mvm sigtap.Competencia
	r := bpa.NewReader(in)
	r.File = cli.DisplayName(path)
	for rec, err := range r.All() {
		if err != nil {
			var pe *bpa.ParseError
			if !errors.As(err, &pe) {
				// Not a BPA file, empty, too long, or an I/O error: the
				// reader stops; no partial report.
				return e.failPath(name, path, err)
			}
			sum.Unreadable++
			e.Errorf("%s", cli.Message(err))
			continue
		}
		prog.Add(1)
		if h, ok := rec.(*bpa.Header); ok {
			mvm = h.Competencia
			continue
		}
		ctx := fin.Contexto(mvm, rec)
		if ctx == nil {
			continue
		}
		d := remessa.DecidirFinanciamento(ctx, fin.Options)
		l := newFinLine(ctx, &d)
		sum.Lines++
		sum.Financiamentos[l.Financiamento]++
		sum.Partes[l.Parte]++
		if d.Financiamento == 0 {
			sum.Unknown++
		}
		erro := false
		for _, c := range d.Criticas {
			if c.Severity == remessa.NaoVerificado {
				notes[string(c.Code)+"\x00"+c.Message] = c
				continue
			}
			erro = erro || c.Severity == remessa.Erro
			l.Criticas = append(l.Criticas, c)
		}
		if erro {
			sum.Erros++
		}
		if *asJSON {
			e.writeJSONLine(l)
		} else {
			printFinLine(e, &l)
		}
	}
	prog.Done()
	if sum.Lines+sum.Unreadable == 0 {
		return e.failPath(name, path, errHeaderOnly)
	}
	delete(sum.Financiamentos, "") // counted in Unknown
	for _, k := range slices.Sorted(maps.Keys(notes)) {
		c := notes[k]
		if *asJSON {
			e.writeJSONLine(struct {
				Kind string `json:"kind"`
				remessa.Critica
			}{"critica", c})
		} else {
			fmt.Fprintf(e.stdout, "não verificado: %s: %s\n", c.Code, c.Message)
		}
	}
	if *asJSON {
		e.writeJSONLine(sum)
	} else {
		printFinSummary(e, &sum)
	}
	if sum.Unreadable > 0 || sum.Unknown > 0 || sum.Erros > 0 {
		return exitInvalid
	}
	return exitOK
}

// finOptions builds the engine options from the flags.
func finOptions(mod, fonte, rubrica string) (*remessa.FinanciamentoOptions, error) {
	opts := &remessa.FinanciamentoOptions{}
	if mod != "" {
		m, err := remessa.ParseModalidade(mod)
		if err != nil {
			return nil, err
		}
		opts.Modalidade = func(*remessa.Contexto) (remessa.Modalidade, bool) { return m, true }
	}
	switch fonte {
	case "":
	case "02", "2":
		opts.FonteOrcamentaria = func(*remessa.Contexto) remessa.FonteOrcamentaria { return remessa.FonteAmpliacaoAcesso }
	default:
		return nil, fmt.Errorf("-fonte %q: only 02 (Ampliação do Acesso) changes the financing", fonte)
	}
	if rubrica != "" {
		rb, err := sigtap.ParseRubrica(rubrica)
		if err != nil || rb.Financiamento() != sigtap.FinanciamentoFAEC {
			return nil, fmt.Errorf("-rubrica-faec %q: not a FAEC rubrica (04xxxx)", rubrica)
		}
		opts.RubricasFAEC = map[sigtap.Regra]sigtap.Rubrica{sigtap.RegraFinanciamentoFAEC: rb}
	}
	return opts, nil
}

func newFinLine(ctx *remessa.Contexto, d *remessa.DecisaoFinanciamento) finLine {
	l := finLine{Kind: "line", Line: ctx.Line, Instrumento: ctx.Instrumento, CNES: ctx.CNES, Competencia: ctx.Competencia,
		Procedimento: ctx.Procedimento, TabelaRubrica: d.TabelaRubrica.String(), Rubrica: d.Rubrica.String(),
		Parte: remessa.SplitPartOf(d.Financiamento).String(), Modalidade: d.Modalidade, Programa: d.Programa,
		ValorZero: d.ValorZero, SemRepasse: d.SemRepasse, Explicacao: d.Explicacao}
	if d.Tabela != 0 {
		l.Tabela = d.Tabela.String()
	}
	if d.Financiamento != 0 {
		l.Financiamento = d.Financiamento.String()
	}
	for _, g := range d.Regras {
		l.Regras = append(l.Regras, g.String())
	}
	return l
}

// printFinLine prints one line's decision as text, in Portuguese.
func printFinLine(e *env, l *finLine) {
	fin := "financiamento desconhecido"
	if l.Financiamento != "" {
		fin = l.Financiamento
		if l.Rubrica != "" {
			fin += " rubrica " + l.Rubrica
		}
		if l.Tabela != l.Financiamento || l.TabelaRubrica != l.Rubrica {
			fin += " (tabela " + l.Tabela + ")"
		}
	}
	var tags []string
	if l.Modalidade != remessa.ModalidadeNenhuma {
		tags = append(tags, "modalidade "+l.Modalidade.String())
	}
	if len(l.Regras) > 0 {
		tags = append(tags, "regras "+strings.Join(l.Regras, " "))
	}
	if l.ValorZero {
		tags = append(tags, "valor zero")
	}
	if l.SemRepasse {
		tags = append(tags, "sem repasse")
	}
	extra := ""
	if len(tags) > 0 {
		extra = ", " + strings.Join(tags, ", ")
	}
	fmt.Fprintf(e.stdout, "linha %d %s %s %s %s: %s → %s%s\n    %s\n",
		l.Line, l.Instrumento, l.CNES, l.Competencia, l.Procedimento, fin, l.Parte, extra, l.Explicacao)
	for _, c := range l.Criticas {
		fmt.Fprintf(e.stdout, "    %s %s: %s", c.Severity, c.Code, c.Message)
		if c.Facts != "" {
			fmt.Fprintf(e.stdout, " [%s]", c.Facts)
		}
		fmt.Fprintln(e.stdout)
	}
}

// printFinSummary prints the counts per financing and split file, in
// Portuguese.
func printFinSummary(e *env, s *finSummary) {
	var fins []string
	for _, k := range slices.Sorted(maps.Keys(s.Financiamentos)) {
		fins = append(fins, fmt.Sprintf("%s %d", k, s.Financiamentos[k]))
	}
	if s.Unknown > 0 {
		fins = append(fins, fmt.Sprintf("desconhecido %d", s.Unknown))
	}
	fmt.Fprintf(e.stdout, "%s: %s; pab-vigilancia %d, mac-faec %d", plural(s.Lines, "linha", "linhas"), strings.Join(fins, ", "),
		s.Partes[remessa.SplitPAB.String()], s.Partes[remessa.SplitMAC.String()])
	if s.Erros > 0 {
		fmt.Fprintf(e.stdout, "; %d com crítica de erro", s.Erros)
	}
	if s.Unreadable > 0 {
		fmt.Fprintf(e.stdout, "; %s", plural(s.Unreadable, "ilegível", "ilegíveis"))
	}
	fmt.Fprintln(e.stdout)
}

// plural writes n with the singular or the plural noun: "1 linha", "2
// linhas", "0 linhas".
func plural(n int, singular, plural string) string {
	if n == 1 {
		return "1 " + singular
	}
	return strconv.Itoa(n) + " " + plural
}
