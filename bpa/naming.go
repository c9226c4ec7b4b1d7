package bpa

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/go-sus/sus/sigtap"
)

// ErrFileName: a name that is not PA<id>.<MMM>.
var ErrFileName = errors.New("not a BPA export file name PA<id>.<MMM>")

// ErrFileNameMonth: the month of a file name differs from the header's
// cbc_mvm; a warning (see FileName.CheckCompetencia).
var ErrFileNameMonth = errors.New("file name month differs from the header competência")

// FileNameIDMax is the longest identifier of a file name.
const FileNameIDMax = 8

// FileName is the name of a BPA export file: "PA", an identifier of 1 to 8
// characters, a dot and the Portuguese abbreviation of the month of the
// header competência cbc_mvm (JAN FEV MAR ABR MAI JUN JUL AGO SET OUT NOV
// DEZ): PACAPSAD.SET (docs/rules.md §7, docs/bpa.md §4).
//
// BPA-Mag uses the 6-character sigla of the header (cbc_sgl, real examples
// "CAPSAD" and "kauan-"), other generators the 7-digit CNES. The
// identifier may therefore hold ASCII letters of either case, digits, '-'
// and '_'; it is kept as given (BPA-Mag keeps the sigla's case). Dots,
// spaces, path separators and non-ASCII characters are refused: they
// would make the name ambiguous or unportable. The name carries only the
// month: the year of the competência is not in it.
type FileName struct {
	ID    string     // 1–8 characters [A-Za-z0-9_-]
	Month time.Month // month of cbc_mvm
}

// NewFileName returns the export file name with identifier id for a file
// whose header competência is mvm. Errors wrap ErrFileName
// (*FileNameError).
func NewFileName(id string, mvm sigtap.Competencia) (FileName, error) {
	f := FileName{ID: id, Month: mvm.Month()}
	if reason := checkFileNameID(id); reason != "" {
		return FileName{}, &FileNameError{Name: "PA" + id, Reason: reason}
	}
	if mvm.IsZero() {
		return FileName{}, &FileNameError{Name: "PA" + id, Reason: "no competência"}
	}
	return f, nil
}

// ParseFileName reads a file name (not a path: pass filepath.Base of it).
// "PA" and the month are accepted in either case (Windows file names are
// case-insensitive; BPA-Mag writes them upper case), the identifier is kept
// as written. Errors are *FileNameError wrapping ErrFileName.
func ParseFileName(name string) (FileName, error) {
	fail := func(reason string) (FileName, error) {
		return FileName{}, &FileNameError{Name: name, Reason: reason}
	}
	if strings.ContainsAny(name, `/\`) {
		return fail("a path, not a file name (pass its base name)")
	}
	if len(name) > len("PA")+FileNameIDMax+len(".MMM") {
		return fail("longer than PA + 8 characters + .MMM")
	}
	if len(name) < 2 || !strings.EqualFold(name[:2], "PA") {
		return fail(`does not start with "PA"`)
	}
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 {
		return fail("no extension")
	}
	m := sigtap.MonthFromAbbrev(name[dot+1:])
	if m == 0 {
		return fail("extension is not a Portuguese month abbreviation (JAN … DEZ)")
	}
	id := name[2:dot]
	if reason := checkFileNameID(id); reason != "" {
		return fail(reason)
	}
	return FileName{ID: id, Month: m}, nil
}

// checkFileNameID returns why id is not a valid identifier, or "".
func checkFileNameID(id string) string {
	if id == "" {
		return "empty identifier"
	}
	if len(id) > FileNameIDMax {
		return "identifier longer than 8 characters"
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return "identifier holds a character other than A–Z, a–z, 0–9, '-' and '_'"
		}
	}
	return ""
}

// String returns the name, "PA" + ID + "." + month abbreviation, or "" for
// the zero value.
func (f FileName) String() string {
	if f.Month < time.January || f.Month > time.December {
		return ""
	}
	return "PA" + f.ID + "." + fileNameMonth(f.Month)
}

// fileNameMonth returns sigtap's abbreviation of month m (1–12).
func fileNameMonth(m time.Month) string {
	c, _ := sigtap.NewCompetencia(2000, m)
	return c.Abbrev()
}

// CheckCompetencia compares the month of the name with the header
// competência mvm (cbc_mvm) and returns nil when they agree. A mismatch is
// a warning, not a reason to reject the file (BPA readers such as MARCE
// only warn): the result is a *FileNameMismatch wrapping ErrFileNameMonth.
func (f FileName) CheckCompetencia(mvm sigtap.Competencia) error {
	if f.Month == mvm.Month() {
		return nil
	}
	return &FileNameMismatch{Name: f.String(), Month: f.Month, Competencia: mvm}
}

// FileNameError reports a malformed file name. It unwraps to ErrFileName.
type FileNameError struct {
	Name   string // the name as given (bounded to 64 bytes)
	Reason string
}

// Error implements the error interface.
func (e *FileNameError) Error() string {
	n := e.Name
	if len(n) > 64 {
		n = n[:64] + "…"
	}
	return "file name " + strconv.Quote(n) + ": " + e.Reason + ": " + ErrFileName.Error()
}

// Unwrap returns ErrFileName.
func (e *FileNameError) Unwrap() error { return ErrFileName }

// FileNameMismatch is the warning that a file name's month differs from
// its header competência. It unwraps to ErrFileNameMonth.
type FileNameMismatch struct {
	Name        string
	Month       time.Month         // month of the name
	Competencia sigtap.Competencia // header cbc_mvm
}

// Error implements the error interface.
func (e *FileNameMismatch) Error() string {
	return "file name " + strconv.Quote(e.Name) + " names month " + fileNameMonth(e.Month) +
		" but the header competência is " + e.Competencia.Format() + " (" + e.Competencia.Abbrev() + ")"
}

// Unwrap returns ErrFileNameMonth.
func (e *FileNameMismatch) Unwrap() error { return ErrFileNameMonth }
