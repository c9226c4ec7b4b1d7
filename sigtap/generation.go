package sigtap

import (
	"errors"
	"path"
	"strings"
	"time"

	"github.com/go-sus/sus/internal/ident"
)

// Generation identifies one publication of a competência: DATASUS
// regenerates releases with different content, and names each ZIP
// TabelaUnificada_AAAAMM_vAAMMDDHHMM.zip where vAAMMDDHHMM is when it was
// generated. A release is identified by the pair (Competencia, Generation).
// Generations compare in time order; the zero value means "unknown".
type Generation struct {
	n uint64 // AAMMDDHHMM + 1, so that the zero value is invalid
}

// ParseGeneration parses "v2601221256" (the leading v is optional).
func ParseGeneration(s string) (Generation, error) {
	t := strings.TrimPrefix(strings.TrimPrefix(s, "v"), "V")
	switch {
	case s == "":
		return Generation{}, &ValueError{Type: "generation", Err: ErrEmpty}
	case len(t) != 10:
		return Generation{}, &ValueError{Type: "generation", Value: truncate(s), Err: ErrLength}
	case !ident.AllDigits(t):
		return Generation{}, &ValueError{Type: "generation", Value: truncate(s), Err: ErrCharacters}
	}
	var n uint64
	for i := 0; i < len(t); i++ {
		n = n*10 + uint64(t[i]-'0')
	}
	g := Generation{n: n + 1}
	mo, d, h, mi := int(n/1000000%100), int(n/10000%100), int(n/100%100), int(n%100)
	if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 {
		return Generation{}, &ValueError{Type: "generation", Value: truncate(s), Err: ErrRange}
	}
	return g, nil
}

// MustParseGeneration is like ParseGeneration but panics on error.
func MustParseGeneration(s string) Generation { return ident.Must(ParseGeneration(s)) }

// GenerationOf returns the generation stamp of t (minute precision).
func GenerationOf(t time.Time) Generation {
	y := t.Year() % 100
	n := uint64(y)*100000000 + uint64(t.Month())*1000000 + uint64(t.Day())*10000 + uint64(t.Hour())*100 + uint64(t.Minute())
	return Generation{n: n + 1}
}

// IsZero reports whether g is the zero value.
func (g Generation) IsZero() bool { return g.n == 0 }

// String returns "v2601221256", or "" for the zero value.
func (g Generation) String() string {
	if g.n == 0 {
		return ""
	}
	return "v" + padUint(g.n-1, 10)
}

// Time returns the generation time (UTC; the files carry no zone, and
// DATASUS works in Brasília time), or the zero time.
func (g Generation) Time() time.Time {
	if g.n == 0 {
		return time.Time{}
	}
	n := g.n - 1
	return time.Date(2000+int(n/100000000), time.Month(n/1000000%100), int(n/10000%100), int(n/100%100), int(n%100), 0, 0, time.UTC)
}

// Compare returns −1, 0 or +1 as g is older than, equal to or newer than o.
func (g Generation) Compare(o Generation) int { return cmpNum(g.n, o.n) }

// MarshalText implements encoding.TextMarshaler ("v2601221256").
func (g Generation) MarshalText() ([]byte, error) { return []byte(g.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (g *Generation) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*g = Generation{}
		return nil
	}
	v, err := ParseGeneration(string(b))
	if err != nil {
		return err
	}
	*g = v
	return nil
}

// ErrReleaseName reports a name that is not TabelaUnificada_AAAAMM_vAAMMDDHHMM.
var ErrReleaseName = errors.New("sigtap: not a release name (TabelaUnificada_AAAAMM_vAAMMDDHHMM)")

// ParseReleaseName reads the competência and generation from a release
// file or directory name such as
// "…/TabelaUnificada_202512_v2601221256.zip" (the directory part and a
// .zip extension are ignored).
func ParseReleaseName(name string) (Competencia, Generation, error) {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	if ext := path.Ext(base); strings.EqualFold(ext, ".zip") {
		base = base[:len(base)-len(ext)]
	}
	parts := strings.Split(base, "_")
	if len(parts) != 3 || !strings.EqualFold(parts[0], "TabelaUnificada") {
		return Competencia{}, Generation{}, ErrReleaseName
	}
	c, err := ParseCompetencia(parts[1])
	if err != nil || len(parts[1]) != 6 {
		return Competencia{}, Generation{}, ErrReleaseName
	}
	g, err := ParseGeneration(parts[2])
	if err != nil || (parts[2][0] != 'v' && parts[2][0] != 'V') {
		return Competencia{}, Generation{}, ErrReleaseName
	}
	return c, g, nil
}

// ReleaseName returns the official base name of a release,
// "TabelaUnificada_202512_v2601221256" (without ".zip"); the generation
// part is left out when g is zero.
func ReleaseName(c Competencia, g Generation) string {
	if g.IsZero() {
		return "TabelaUnificada_" + c.String()
	}
	return "TabelaUnificada_" + c.String() + "_" + g.String()
}
