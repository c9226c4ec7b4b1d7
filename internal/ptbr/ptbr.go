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
	"absent", "active", "added", "after", "algorithm", "allowed", "allows", "already", "an", "and",
	"applied", "apply", "approved", "are", "at", "attendance", "bad", "be", "been", "before", "blank",
	"both", "but", "by", "caller", "cannot", "changed", "character", "characters", "check", "checked",
	"chosen", "code", "columns", "computed", "consecutive", "control", "could", "counted", "credit",
	"decided", "declared", "digit", "digits", "does", "empty", "equal", "error", "establishment",
	"establishments", "expectations", "expected", "extension", "field", "file", "financing", "first",
	"formed", "found", "from", "general", "generation", "given", "has", "have", "header", "holds",
	"hyphens", "identifier", "if", "in", "inactive", "into", "invalid", "is", "it", "kept", "kind",
	"known", "length", "less", "letters", "line", "lines", "lowest", "marked", "matches", "members",
	"mismatch", "missing", "month", "months", "more", "must", "name", "needs", "none", "not", "nothing",
	"number", "of", "on", "only", "open", "or", "outside", "patient", "positions", "problems",
	"procedure", "procedures", "professionals", "program", "programme", "public", "published", "record",
	"records", "rejected", "release", "removed", "report", "revision", "roster", "rows", "rule", "same",
	"saved", "send", "sent", "separators", "sequence", "sex", "should", "skipped", "start", "supplier",
	"suspension", "table", "tables", "team", "teams", "than", "that", "the", "this", "to", "transfer",
	"type", "unknown", "unmatched", "unreadable", "used", "valid", "validated", "value", "version",
	"want", "warning", "warnings", "was", "week", "which", "with", "without", "workload", "would",
	"wrong", "wrote", "year", "years", "yes",
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
