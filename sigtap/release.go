package sigtap

import (
	"fmt"
	"io"
	"sort"
	"sync"
)

// Release is one loaded SIGTAP release: the typed, indexed tables of one
// (competência, generation). It is immutable once loaded and safe for
// concurrent use. Slices returned by its methods are shared with the
// release and must not be modified.
type Release struct {
	comp    Competencia
	gen     Generation
	version []byte // versao, as found (nil when absent)
	config  []byte // config.inf, as found
	order   []string
	tables  map[string]anyTable
	warns   warnings
	desc    *descState

	proc   *typed[Procedure]
	refs   Refs
	ix     index
	search searchIndex
}

// Competencia returns the release competência (DT_COMPETENCIA of its
// rows).
func (r *Release) Competencia() Competencia { return r.comp }

// Generation returns the release generation (zero when neither the name
// nor an option gave it).
func (r *Release) Generation() Generation { return r.gen }

// Name returns the official base name, "TabelaUnificada_202512_v2601221256".
func (r *Release) Name() string { return ReleaseName(r.comp, r.gen) }

// Version returns the content of the versao file ("1.1"), or "".
func (r *Release) Version() string { return string(r.version) }

// Warnings returns what the loader accepted but reports (LF line ends,
// files without layout, layout files that differ from layout.txt, rows
// that reference procedures not in tb_procedimento, …): the first
// LoadOptions.MaxWarnings of them (100 by default). Each is a *ParseError
// naming the file and, when it is about one, the line.
func (r *Release) Warnings() []*ParseError { return r.warns.list }

// WarningCount returns the number of warnings of the load, including
// those Warnings leaves out past LoadOptions.MaxWarnings.
func (r *Release) WarningCount() int { return r.warns.n }

// TableNames returns the names of the tables that have a layout in the
// release, in layout.txt order (then the extra per-table layouts).
func (r *Release) TableNames() []string { return append([]string(nil), r.order...) }

// Absent returns the names of the official tables (the ones this package
// types) whose data the release lacks, sorted. Queries that need them
// answer Unknown.
func (r *Release) Absent() []string {
	var out []string
	for _, name := range sortedKeys(knownTables) {
		if !r.tables[name].meta().present {
			out = append(out, name)
		}
	}
	return out
}

// Has reports whether the release holds the data of the named table (an
// empty file counts: rl_procedimento_tuss is empty in the 2025 releases).
func (r *Release) Has(table string) bool {
	t, ok := r.tables[table]
	return ok && t.meta().present
}

// Table returns a generic, read-only view of the named table. It fails
// with ErrTableAbsent for a table the release does not name; for
// tb_descricao it loads the descriptions first.
func (r *Release) Table(name string) (*Table, error) {
	t, err := r.table(name)
	if err != nil {
		return nil, err
	}
	return &Table{r: r, t: t}, nil
}

func (r *Release) table(name string) (anyTable, error) {
	t, ok := r.tables[name]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrTableAbsent, name)
	}
	if name == TableDescricao {
		if err := r.desc.ensure(); err != nil {
			return nil, err
		}
		return r.desc.t, nil
	}
	return t, nil
}

// Table is a generic view of one table: its layout and its rows as text
// (text trimmed on the right and decoded from Windows-1252, numbers as
// the digits written, DT_COMPETENCIA as the release competência). It is
// what the CLI, Diff and the writer see.
type Table struct {
	r *Release
	t anyTable
}

// Name returns the table name.
func (t *Table) Name() string { return t.t.meta().name }

// Layout returns the table layout (nil when the release has none).
func (t *Table) Layout() *Layout { return t.t.meta().layout }

// Present reports whether the release holds the table's data file.
func (t *Table) Present() bool { return t.t.meta().present }

// Typed reports whether the package decodes the table into typed values
// (false for tables it does not know, kept as text).
func (t *Table) Typed() bool {
	_, ok := t.t.(*generic)
	return !ok
}

// Len returns the number of rows.
func (t *Table) Len() int { return t.t.len() }

// Line appends row i as the fixed-width record the writer emits (no line
// end) to dst.
func (t *Table) Line(dst []byte, i int) ([]byte, error) {
	if i < 0 || i >= t.t.len() {
		return dst, fmt.Errorf("sigtap: row %d out of range [0,%d)", i, t.t.len())
	}
	return t.t.appendLine(dst, i, t.r.compBytes())
}

// Row returns the values of row i, one per layout column.
func (t *Table) Row(i int) ([]string, error) {
	line, err := t.Line(nil, i)
	if err != nil {
		return nil, err
	}
	return splitRow(line, t.t.meta().layout)
}

// splitRow decodes a fixed-width line into one value per column.
func splitRow(line []byte, l *Layout) ([]string, error) {
	out := make([]string, len(l.Columns))
	for k := range l.Columns {
		c := &l.Columns[k]
		v, err := decodeGeneric(line[c.Start-1:c.End()], c)
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

func (r *Release) compBytes() []byte { return r.comp.AppendText6(nil) }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// descState holds tb_descricao, read on first use unless the load was
// eager or skipped it.
type descState struct {
	mode DescriptionMode
	once sync.Once
	open func() (io.ReadCloser, int64, error) // nil when the table is absent
	src  string                               // the release path, for errors
	b    *budget
	want []byte
	t    *typed[Text[Code]]
	pos  map[Code]int32
	err  error
}

func (d *descState) ensure() error {
	d.once.Do(func() {
		if d.t.present && d.open != nil {
			f, size, err := d.open()
			if err == nil {
				_, err = d.t.decode(f, size, d.want, d.b)
				f.Close()
			}
			if err != nil {
				d.err = withSource(fileErr(d.t.file, err), d.src)
				d.t.rows = nil
				return
			}
		}
		d.index()
	})
	return d.err
}

func (d *descState) index() {
	d.pos = make(map[Code]int32, len(d.t.rows))
	for i := range d.t.rows {
		if _, dup := d.pos[d.t.rows[i].Code]; !dup {
			d.pos[d.t.rows[i].Code] = int32(i)
		}
	}
}

// setupDescriptions prepares tb_descricao according to the load mode: for
// a ZIP the compressed bytes are kept (about 0.4 MB) and inflated on first
// use; for a directory the file is read on first use. The size it
// declares is charged to the release's total at once.
func (r *Release) setupDescriptions(src *source, cfg *loadConfig, b *budget, srcName string) error {
	t := r.tables[TableDescricao].(*typed[Text[Code]])
	d := &descState{mode: cfg.desc, t: t, want: r.compBytes(), src: srcName, b: b.lazy()}
	r.desc = d
	switch {
	case cfg.desc == SkipDescriptions:
		t.rows = nil
		r.warns.warn(t.file, 0, "descriptions skipped (SkipDescriptions)")
		d.t = &typed[Text[Code]]{tableMeta: t.tableMeta, sch: t.sch, plan: t.plan}
		d.t.present = false
		r.tables[TableDescricao] = d.t
		d.once.Do(d.index)
	case !t.present || cfg.desc == EagerDescriptions:
		d.once.Do(d.index)
	default:
		c := b.dataCap()
		size := src.size(t.file)
		if size > c.max {
			return &ParseError{File: t.file, Err: bytesLimit(c.max, c.option, "")}
		}
		if err := b.charge(size); err != nil {
			return err
		}
		raw, err := src.raw(t.file, c)
		if err != nil {
			return err
		}
		if raw == nil {
			if src.zip != nil { // too big to keep compressed: read it now
				return r.readDescriptionsNow(src, d, b)
			}
			d.open = func() (io.ReadCloser, int64, error) { return src.open(t.file, c, d.b) }
			return nil
		}
		d.open = func() (io.ReadCloser, int64, error) { return raw.open(), int64(raw.size), nil }
	}
	return nil
}

// readDescriptionsNow decodes tb_descricao during the load.
func (r *Release) readDescriptionsNow(src *source, d *descState, b *budget) error {
	f, size, err := src.open(d.t.file, b.dataCap(), b.lazy())
	if err != nil {
		return err
	}
	defer f.Close()
	ws, err := d.t.decode(f, size, d.want, b)
	for _, w := range ws {
		r.warns.add(w)
	}
	if err != nil {
		return err
	}
	d.once.Do(d.index)
	return nil
}

// Description returns the long description of a procedure (tb_descricao;
// "|" stands for a line break). found is false when the procedure has no
// description; err is non-nil when the table is absent, skipped or failed
// to load (errors.Is(err, ErrTableAbsent) for the first two).
func (r *Release) Description(code Code) (text string, found bool, err error) {
	if err := r.desc.ensure(); err != nil {
		return "", false, err
	}
	if !r.desc.t.present {
		return "", false, fmt.Errorf("%w: %s", ErrTableAbsent, TableDescricao)
	}
	i, ok := r.desc.pos[code]
	if !ok {
		return "", false, nil
	}
	return r.desc.t.rows[i].Text, true, nil
}

// LoadDescriptions reads tb_descricao now if it is loaded lazily, and
// returns the error of that read (nil when absent or skipped).
func (r *Release) LoadDescriptions() error { return r.desc.ensure() }
