package remessa

import "github.com/go-sus/sus/sigtap"

// Helpers the file-naming tests share. They lived in the ledger and
// authorization test files until those moved to the remessa/ledger and
// remessa/autorizacao packages.

// comp parses a competência of a test table.
func comp(s string) sigtap.Competencia { return sigtap.MustParseCompetencia(s) }

// sinkErr keeps the compiler from optimising benchmarked calls away.
var sinkErr error
