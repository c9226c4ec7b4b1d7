package sigtap

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// searchIndex holds the folded procedure names, built on the first Search.
type searchIndex struct {
	once   sync.Once
	folded []string
}

// Fold returns s without accents (NFD, combining marks removed) and in
// upper case: the form Search compares. "Ressonância magnética" and
// "RESSONANCIA MAGNETICA" fold alike.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToUpper(out)
}

// Search returns the procedures whose name holds every word of text,
// ignoring case and accents, in tb_procedimento order.
func (r *Release) Search(text string) []Procedure {
	r.search.once.Do(func() {
		r.search.folded = make([]string, len(r.proc.rows))
		for i := range r.proc.rows {
			r.search.folded[i] = Fold(r.proc.rows[i].Name)
		}
	})
	words := strings.Fields(Fold(text))
	if len(words) == 0 {
		return nil
	}
	var out []Procedure
	for i, name := range r.search.folded {
		ok := true
		for _, w := range words {
			if !strings.Contains(name, w) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, r.proc.rows[i])
		}
	}
	return out
}
