package sigtap

import (
	"runtime"
)

// DescriptionMode says when the loader reads tb_descricao, the 17 MB
// table of long procedure descriptions that most uses never read.
type DescriptionMode uint8

// Description modes.
const (
	// LazyDescriptions, the zero value, keeps tb_descricao compressed
	// (about 0.4 MB) and reads it on the first Description call.
	LazyDescriptions DescriptionMode = iota
	// EagerDescriptions reads tb_descricao during the load.
	EagerDescriptions
	// SkipDescriptions does not keep tb_descricao at all: Description
	// reports it absent and the writer leaves it out.
	SkipDescriptions
)

// Default caps of LoadOptions. They are sized from the four official
// releases of 2025-10 to 2026-01 (docs/sigtap.md §1.2) with a margin of about
// 4× or more, so that a real release never reaches them while a hostile
// one (a ZIP bomb, an extra table of millions of one-byte rows, a
// layout.txt of gigabytes) fails within a second and in little memory.
const (
	// DefaultMaxFileBytes caps each data file: the largest real one is
	// tb_descricao.txt, 17.2 MB (3.9×); the next is
	// rl_procedimento_ocupacao.txt, 4.6 MB.
	DefaultMaxFileBytes = 64 << 20
	// DefaultMaxTotalBytes caps the files one release load reads, in
	// all: a real release reads 33.4 MB (4.0×).
	DefaultMaxTotalBytes = 128 << 20
	// DefaultMaxLayoutBytes caps layout.txt and each <table>_layout.txt:
	// the real ones are 7.2 KB and at most 551 bytes.
	DefaultMaxLayoutBytes = 64 << 10
	// DefaultMaxRows caps the rows of each table: the largest real one is
	// rl_procedimento_ocupacao, 193 740 rows (5.4×).
	DefaultMaxRows = 1 << 20
	// DefaultMaxTotalRows caps the rows of all tables of a release: a
	// real release has 391 000 (5.4×).
	DefaultMaxTotalRows = 2 << 20
	// DefaultMaxFiles caps the entries of a release ZIP and the files of
	// a release directory: a real release has 87 (12×).
	DefaultMaxFiles = 1024
	// DefaultMaxWarnings is how many warnings a release keeps (all are
	// counted: Release.WarningCount).
	DefaultMaxWarnings = 100
)

// metaMaxBytes caps versao and config.inf, which hold a few bytes ("1.1",
// "Version=1.0.0"): more is not a release file.
const metaMaxBytes = 4 << 10

// LoadOptions configures Open, Load, LoadZip, OpenSet and LoadSet (and
// their …Context forms). A nil *LoadOptions, like the zero value, means
// the defaults. Caps that are zero or negative take their Default… value.
type LoadOptions struct {
	// Name is the release name the competência and generation are read
	// from (TabelaUnificada_AAAAMM_vAAMMDDHHMM[.zip]) for sources that
	// have no name of their own (LoadZip, Load). Open and OpenSet use
	// the base name of their path when Name is empty.
	Name string
	// Competencia states the release competência: every DT_COMPETENCIA
	// must equal it. It is needed only for a release whose tables carry
	// no DT_COMPETENCIA and whose name does not say.
	Competencia Competencia
	// Generation states the release generation, for sources whose name
	// does not carry it (an io.ReaderAt, a renamed file).
	Generation Generation
	// Descriptions says when tb_descricao is read (LazyDescriptions by
	// default).
	Descriptions DescriptionMode
	// AllGenerations makes OpenSet and LoadSet load every generation
	// found, not only the newest of each competência.
	AllGenerations bool
	// Concurrency is how many tables are decoded at once (default
	// GOMAXPROCS).
	Concurrency int

	// MaxFileBytes caps the uncompressed size of each data file
	// (default DefaultMaxFileBytes, 64 MiB).
	MaxFileBytes int64
	// MaxTotalBytes caps the uncompressed bytes one release load reads,
	// tb_descricao included even when it is read lazily (default
	// DefaultMaxTotalBytes, 128 MiB).
	MaxTotalBytes int64
	// MaxLayoutBytes caps layout.txt and each <table>_layout.txt
	// (default DefaultMaxLayoutBytes, 64 KiB). versao and config.inf
	// are capped at 4 KiB.
	MaxLayoutBytes int64
	// MaxRows caps the rows of each table (default DefaultMaxRows,
	// 1 048 576).
	MaxRows int
	// MaxTotalRows caps the rows of all tables of a release (default
	// DefaultMaxTotalRows, 2 097 152).
	MaxTotalRows int
	// MaxFiles caps the entries of a release ZIP and the files of a
	// release directory (default DefaultMaxFiles, 1024).
	MaxFiles int
	// MaxWarnings is how many warnings a release keeps (default
	// DefaultMaxWarnings, 100); Release.WarningCount counts them all.
	MaxWarnings int
}

// loadConfig is LoadOptions with the defaults filled in.
type loadConfig struct {
	name         string
	comp         Competencia
	gen          Generation
	desc         DescriptionMode
	allGens      bool
	workers      int
	maxFile      int64
	maxTotal     int64
	maxLayout    int64
	maxRows      int
	maxTotalRows int
	maxFiles     int
	maxWarnings  int
}

func newConfig(o *LoadOptions) *loadConfig {
	if o == nil {
		o = &LoadOptions{}
	}
	return &loadConfig{
		name:         o.Name,
		comp:         o.Competencia,
		gen:          o.Generation,
		desc:         o.Descriptions,
		allGens:      o.AllGenerations,
		workers:      orDefault(o.Concurrency, runtime.GOMAXPROCS(0)),
		maxFile:      orDefault(o.MaxFileBytes, DefaultMaxFileBytes),
		maxTotal:     orDefault(o.MaxTotalBytes, DefaultMaxTotalBytes),
		maxLayout:    orDefault(o.MaxLayoutBytes, DefaultMaxLayoutBytes),
		maxRows:      orDefault(o.MaxRows, DefaultMaxRows),
		maxTotalRows: orDefault(o.MaxTotalRows, DefaultMaxTotalRows),
		maxFiles:     orDefault(o.MaxFiles, DefaultMaxFiles),
		maxWarnings:  orDefault(o.MaxWarnings, DefaultMaxWarnings),
	}
}

func orDefault[N int | int64](v, def N) N {
	if v <= 0 {
		return def
	}
	return v
}
