// Package ptbr finds English words in text meant for Portuguese readers.
// Tests use it on what people read — report text and HTML, the message,
// facts and explicacao of JSON críticas, bpa problems — so that a message
// written in English (the language of the code) cannot slip into a report
// (docs/rules.md §3.3).
package ptbr

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// codeRE matches the stable codes of críticas and problems (BPA-LENGTH,
// CNES_SEM_BASE, REGRA_0001): upper-case words joined by '-' or '_'. They
// are identifiers for scripts, English or not, and never translated.
var codeRE = regexp.MustCompile(`\b[A-Z0-9]+(?:[-_][A-Z0-9]+)+\b`)

// englishWords are common English words that are not Portuguese words.
// Words both languages share ("a", "no", "do", "as", "for", "use", "data",
// "total", "age", "per") are left out: they would flag correct Portuguese.
var englishWords = []string{
	"after", "allowed", "allows", "already", "an", "and", "applied", "apply", "approved", "are", "at",
	"attendance", "be", "been", "before", "blank", "both", "but", "by", "caller", "cannot", "character",
	"characters", "check", "checked", "chosen", "could", "credit", "decided", "digit", "does", "empty",
	"error", "establishment", "expected", "field", "file", "financing", "first", "found", "from", "given",
	"has", "have", "header", "holds", "if", "in", "into", "invalid", "is", "it", "kind", "known", "length",
	"less", "line", "lines", "lowest", "missing", "mismatch", "month", "months", "more", "must", "needs",
	"none", "not", "number", "of", "on", "only", "or", "outside", "patient", "procedure", "program",
	"programme", "record", "records", "rejected", "report", "roster", "same", "sex", "should", "table",
	"team", "than", "that", "the", "this", "to", "transfer", "unknown", "value", "want", "warning", "was",
	"which", "with", "without", "would", "wrong", "years",
}

// English returns the English words of text, in order of appearance and
// without repetition. Words are maximal runs of letters (accented letters
// included), compared in lower case. Codes (upper-case words joined by '-'
// or '_', such as BPA-LENGTH or CNES_SEM_BASE) are skipped.
func English(text string) []string {
	var found []string
	text = codeRE.ReplaceAllString(text, " ")
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		w = strings.ToLower(w)
		if slices.Contains(englishWords, w) && !slices.Contains(found, w) {
			found = append(found, w)
		}
	}
	return found
}
