package ptbr

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Lines returns the lines of text that hold English words, each followed
// by the words found, for a test's failure message; "" when there is none.
func Lines(text string) string {
	var b strings.Builder
	for _, l := range strings.Split(text, "\n") {
		if w := English(l); len(w) > 0 {
			b.WriteString("  " + l + "\n    English: " + strings.Join(w, " ") + "\n")
		}
	}
	return b.String()
}

// JSONMessages returns, one per line, the string values held at any depth
// under the given keys by the JSON values of out (JSON lines, or one
// document): the messages people read. Field names, and the values of the
// other fields (codes, statuses: stable identifiers), are the interface
// and stay as they are.
func JSONMessages(out string, keys ...string) (string, error) {
	var b strings.Builder
	var walk func(v any, key string)
	walk = func(v any, key string) {
		switch v := v.(type) {
		case map[string]any:
			// Sorted keys: the output must not depend on map order.
			for _, k := range slices.Sorted(maps.Keys(v)) {
				walk(v[k], k)
			}
		case []any:
			for _, x := range v {
				walk(x, key)
			}
		case string:
			for _, k := range keys {
				if k == key {
					b.WriteString(v + "\n")
				}
			}
		}
	}
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var v any
		if err := dec.Decode(&v); err != nil {
			return "", fmt.Errorf("not JSON: %w", err)
		}
		walk(v, "")
	}
	return b.String(), nil
}
