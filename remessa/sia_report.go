package remessa

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-sus/sus/internal/charset"
	"github.com/go-sus/sus/sigtap"
)

// SIAReport is SIA's "RELATORIO DE OCORRENCIAS NA CONSISTENCIA" — the
// printout the gestor's SIA gives back after consisting a BPA file — parsed
// into structured entries, so that SIA's verdict can be compared with the
// checker's (see CompareSIA).
//
// The printout is a paged text report: each page starts with a banner
// ("BDSIA202608b****… 06.04", the organ, the title with the competência,
// date and time), a "CNES : nnnnnnn NAME" line opens each establishment,
// and each occurrence is one line:
//
//	BPAI 08/2026         002/20 0302040030 223605 552083124090009 CEP DO USUARIO INVALIDO
//
// (record type, competência, folha/sequência, procedure, CBO, professional
// CNS, message). Lines the parser does not recognise are counted in
// Skipped, never guessed at.
type SIAReport struct {
	Base        string             `json:"base,omitempty"`          // BDSIA kit, e.g. "BDSIA202608b"
	Version     string             `json:"version,omitempty"`       // SIA version, e.g. "06.04"
	Orgao       string             `json:"orgao,omitempty"`         // issuing organ, e.g. "SMS-XXXXXX"
	Emitted     time.Time          `json:"emitted,omitzero"`        // date and time on the banner
	Competencia sigtap.Competencia `json:"competencia,omitzero"`    // competência in the title
	Entries     []SIAOcorrencia    `json:"entries"`                 // in report order
	Skipped     int                `json:"skipped_lines,omitempty"` // non-blank lines not understood
}

// SIAOcorrencia is one occurrence line of a SIA consistency report.
type SIAOcorrencia struct {
	Line         int                `json:"line"`                       // line in the report (1-based)
	CNES         string             `json:"cnes,omitempty"`             // from the last "CNES :" heading
	Tipo         string             `json:"tipo"`                       // BPAI or BPAC
	Competencia  sigtap.Competencia `json:"competencia"`                // prd_cmp
	Folha        int                `json:"folha"`                      // prd_flh
	Seq          int                `json:"seq"`                        // prd_seq
	Procedimento string             `json:"procedimento"`               // ten digits as printed
	CBO          string             `json:"cbo,omitempty"`              // professional CBO
	CNSProf      string             `json:"cns_profissional,omitempty"` // masked: "*** **** **** 0005"
	Message      string             `json:"message"`                    // SIA's text, trimmed
}

// ErrNotSIAReport is returned when the input has no occurrence line and no
// banner of a SIA consistency report.
var ErrNotSIAReport = errors.New("not a SIA consistency report")

var (
	siaEntry  = regexp.MustCompile(`^\s*(BPA[IC])\s+(\d{2}/\d{4})\s+(\d{1,3})/(\d{1,2})\s+(\d{10})(?:\s+([0-9A-Z]{6}))?(?:\s+(\d{15}))?\s+(\S.*?)\s*$`)
	siaBanner = regexp.MustCompile(`^(BDSIA\w+)\*+\s*([\d.]+)\s*$`)
	siaTitle  = regexp.MustCompile(`^\s*(\d{2}/\d{2}/\d{4})\s+RELATORIO DE OCORRENCIAS.*-\s*([A-Z]{3})/(\d{4})\s+(\d{2}:\d{2}:\d{2})\s*$`)
	siaOrgao  = regexp.MustCompile(`^\s*(\S+)\s+SISTEMA DE INFORMACOES AMBULATORIAIS`)
	siaCNES   = regexp.MustCompile(`^\s*CNES\s*:\s*(\d{7})`)
)

// maxSIALine bounds one report line; longer lines are an error.
const maxSIALine = 64 << 10

// ParseSIAReport reads a SIA consistency report. The input may be
// Windows-1252 (as SIA prints it) or UTF-8, with CRLF or LF line ends and
// form feeds between pages.
func ParseSIAReport(r io.Reader) (*SIAReport, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxSIALine)
	rep := &SIAReport{Entries: []SIAOcorrencia{}}
	cnes, banner := "", false
	for n := 1; sc.Scan(); n++ {
		raw := sc.Bytes()
		line := string(raw)
		if !utf8.Valid(raw) {
			line = charset.Decode(raw)
		}
		line = strings.TrimRight(strings.ReplaceAll(line, "\f", ""), "\r ")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if m := siaEntry.FindStringSubmatch(line); m != nil {
			e, err := siaEntryOf(m, n, cnes)
			if err != nil {
				return rep, err
			}
			rep.Entries = append(rep.Entries, e)
			continue
		}
		switch {
		case siaBanner.MatchString(line):
			m := siaBanner.FindStringSubmatch(line)
			rep.Base, rep.Version, banner = m[1], m[2], true
		case siaTitle.MatchString(line):
			m := siaTitle.FindStringSubmatch(line)
			if t, err := time.Parse("02/01/2006 15:04:05", m[1]+" "+m[4]); err == nil {
				rep.Emitted = t
			}
			if mo := sigtap.MonthFromAbbrev(m[2]); mo != 0 {
				y, _ := strconv.Atoi(m[3])
				rep.Competencia, _ = sigtap.NewCompetencia(y, mo)
			}
			banner = true
		case siaOrgao.MatchString(line):
			rep.Orgao = siaOrgao.FindStringSubmatch(line)[1]
		case siaCNES.MatchString(line):
			cnes = siaCNES.FindStringSubmatch(line)[1]
		case strings.HasPrefix(strings.TrimSpace(line), "TIPO "), strings.HasPrefix(strings.TrimSpace(line), "****"):
			// column heading and page rule
		default:
			rep.Skipped++
		}
	}
	if err := sc.Err(); err != nil {
		return rep, fmt.Errorf("sia report: %w", err)
	}
	if !banner && len(rep.Entries) == 0 {
		return rep, ErrNotSIAReport
	}
	return rep, nil
}

func siaEntryOf(m []string, line int, cnes string) (SIAOcorrencia, error) {
	c, err := sigtap.ParseCompetencia(m[2])
	if err != nil {
		return SIAOcorrencia{}, fmt.Errorf("sia report line %d: competência: %w", line, err)
	}
	fl, _ := strconv.Atoi(m[3])
	sq, _ := strconv.Atoi(m[4])
	return SIAOcorrencia{
		Line: line, CNES: cnes, Tipo: m[1], Competencia: c, Folha: fl, Seq: sq,
		Procedimento: m[5], CBO: m[6], CNSProf: maskCNSText(m[7]), Message: m[8],
	}, nil
}

// maskCNSText masks a CNS read from a report: personal data never leave
// the parser in full.
func maskCNSText(s string) string {
	if s == "" {
		return ""
	}
	var c [15]byte
	copy(c[:], s)
	return cnsMasked(c)
}
