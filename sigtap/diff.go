package sigtap

import (
	"slices"

	"github.com/shopspring/decimal"
)

// Changes is what changed from one release to another: the monthly
// reading of a clinic. Procedures are compared by code, field by field;
// every other table by its rows (DT_COMPETENCIA ignored).
type Changes struct {
	Old, New ReleaseID
	Added    []Procedure       // in New only, in New's order
	Removed  []Procedure       // in Old only, in Old's order
	Changed  []ProcedureChange // in both with different columns, in New's order
	Tables   []TableChanges    // per table other than tb_procedimento, only tables with changes
}

// ReleaseID identifies a release.
type ReleaseID struct {
	Competencia Competencia
	Generation  Generation
}

// ProcedureChange lists the changed columns of one procedure.
type ProcedureChange struct {
	Code   Code
	Name   string        // the new NO_PROCEDIMENTO
	Values []ValueChange // VL_SH, VL_SA, VL_SP
	Fields []FieldChange // every other changed column (CO_FINANCIAMENTO, TP_SEXO, NO_PROCEDIMENTO, …)
}

// ValueChange is a changed money column.
type ValueChange struct {
	Column   string
	Old, New decimal.Decimal
	Delta    decimal.Decimal // New − Old
}

// FieldChange is a changed column, as the file text (trimmed).
type FieldChange struct {
	Column   string
	Old, New string
}

// TableChanges lists the rows of one table that only one side has. Rows
// hold one value per column of Columns (DT_COMPETENCIA left out).
type TableChanges struct {
	Table   string
	Columns []string
	Added   [][]string
	Removed [][]string
	Note    string // "absent from the old release", "layout changed", …
}

// Empty reports whether nothing changed.
func (c *Changes) Empty() bool {
	return len(c.Added) == 0 && len(c.Removed) == 0 && len(c.Changed) == 0 && len(c.Tables) == 0
}

// Diff compares two releases (loading their descriptions if lazy).
func Diff(old, new *Release) (*Changes, error) {
	c := &Changes{Old: ReleaseID{old.comp, old.gen}, New: ReleaseID{new.comp, new.gen}}
	if err := c.procedures(old, new); err != nil {
		return nil, err
	}
	names := slices.Clone(new.order)
	for _, n := range old.order {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, name := range names {
		if name == TableProcedimento {
			continue
		}
		tc, err := diffTable(old, new, name)
		if err != nil {
			return nil, err
		}
		if tc != nil {
			c.Tables = append(c.Tables, *tc)
		}
	}
	return c, nil
}

var moneyColumns = []string{"VL_SH", "VL_SA", "VL_SP"}

func (c *Changes) procedures(old, new *Release) error {
	to, err := old.Table(TableProcedimento)
	if err != nil {
		return err
	}
	tn, err := new.Table(TableProcedimento)
	if err != nil {
		return err
	}
	for i, p := range new.proc.rows {
		j := old.lookup(p.Code)
		if j < 0 || int(j) >= old.ix.nproc {
			c.Added = append(c.Added, p)
			continue
		}
		q := old.proc.rows[j]
		ch := ProcedureChange{Code: p.Code, Name: p.Name}
		for k, col := range moneyColumns {
			ov, nv := moneyOf(&q, k), moneyOf(&p, k)
			if !ov.Equal(nv) {
				ch.Values = append(ch.Values, ValueChange{Column: col, Old: ov, New: nv, Delta: nv.Sub(ov)})
			}
		}
		rn, err := tn.Row(i)
		if err != nil {
			return err
		}
		ro, err := to.Row(int(j))
		if err != nil {
			return err
		}
		for k, col := range tn.Layout().Columns {
			if col.Name == colCompetencia || col.Name == "CO_PROCEDIMENTO" || slices.Contains(moneyColumns, col.Name) {
				continue
			}
			ko := to.Layout().Index(col.Name)
			if ko < 0 {
				ch.Fields = append(ch.Fields, FieldChange{Column: col.Name, New: rn[k]})
			} else if ro[ko] != rn[k] {
				ch.Fields = append(ch.Fields, FieldChange{Column: col.Name, Old: ro[ko], New: rn[k]})
			}
		}
		if len(ch.Values) > 0 || len(ch.Fields) > 0 {
			c.Changed = append(c.Changed, ch)
		}
	}
	for _, p := range old.proc.rows {
		if new.Exists(p.Code) != Yes {
			c.Removed = append(c.Removed, p)
		}
	}
	return nil
}

func moneyOf(p *Procedure, k int) decimal.Decimal {
	switch k {
	case 0:
		return p.ValueSH
	case 1:
		return p.ValueSA
	}
	return p.ValueSP
}

// diffTable compares one table by rows; nil means no change.
func diffTable(old, new *Release, name string) (*TableChanges, error) {
	to, errO := old.table(name)
	tn, errN := new.table(name)
	if errO != nil && errN != nil {
		return nil, nil
	}
	presentO := errO == nil && to.meta().present && to.meta().layout != nil
	presentN := errN == nil && tn.meta().present && tn.meta().layout != nil
	tc := &TableChanges{Table: name}
	switch {
	case !presentO && !presentN:
		return nil, nil
	case !presentO:
		tc.Note = "absent from the old release"
	case !presentN:
		tc.Note = "absent from the new release"
	}
	// Compare on the columns both layouts have (all of them when the
	// layouts agree), without DT_COMPETENCIA.
	var cols []string
	switch {
	case presentO && presentN:
		for _, c := range tn.meta().layout.Columns {
			if c.Name != colCompetencia && to.meta().layout.Index(c.Name) >= 0 {
				cols = append(cols, c.Name)
			}
		}
		if !to.meta().layout.Equal(tn.meta().layout) {
			tc.Note = "layout changed; rows compared on the common columns"
		}
	case presentN:
		cols = dataColumns(tn.meta().layout)
	default:
		cols = dataColumns(to.meta().layout)
	}
	tc.Columns = cols
	// Rows are compared on the bytes of the common columns (the written
	// line), and decoded only when they are reported.
	keys := func(t anyTable, ok bool) ([]string, error) {
		if !ok {
			return nil, nil
		}
		l := t.meta().layout
		var spans [][2]int
		for _, c := range cols {
			col := l.Columns[l.Index(c)]
			spans = append(spans, [2]int{col.Start - 1, col.End()})
		}
		ks := make([]string, t.len())
		var line, key []byte
		for i := range ks {
			var err error
			if line, err = t.appendLine(line[:0], i, nil); err != nil {
				return nil, err
			}
			key = key[:0]
			for _, sp := range spans {
				key = append(append(key, trimSpaces(line[sp[0]:sp[1]])...), 0)
			}
			ks[i] = string(key)
		}
		return ks, nil
	}
	row := func(t anyTable, i int) ([]string, error) {
		line, err := t.appendLine(nil, i, nil)
		if err != nil {
			return nil, err
		}
		l := t.meta().layout
		all, err := splitRow(line, l)
		if err != nil {
			return nil, err
		}
		out := make([]string, len(cols))
		for k, c := range cols {
			out[k] = all[l.Index(c)]
		}
		return out, nil
	}
	ko, err := keys(to, presentO)
	if err != nil {
		return nil, err
	}
	kn, err := keys(tn, presentN)
	if err != nil {
		return nil, err
	}
	for _, side := range []struct {
		t        anyTable
		have     []string
		other    []string
		reported *[][]string
	}{{tn, kn, ko, &tc.Added}, {to, ko, kn, &tc.Removed}} {
		for _, i := range unmatched(side.have, side.other) {
			r, err := row(side.t, i)
			if err != nil {
				return nil, err
			}
			*side.reported = append(*side.reported, r)
		}
	}
	if len(tc.Added) == 0 && len(tc.Removed) == 0 && tc.Note == "" {
		return nil, nil
	}
	return tc, nil
}

// unmatched returns the indexes of the keys of have that other lacks,
// counting repeats (multiset difference), in have's order.
func unmatched(have, other []string) []int {
	count := make(map[string]int, len(other))
	for _, k := range other {
		count[k]++
	}
	var out []int
	for i, k := range have {
		if count[k] > 0 {
			count[k]--
			continue
		}
		out = append(out, i)
	}
	return out
}

func dataColumns(l *Layout) []string {
	var out []string
	for _, c := range l.Columns {
		if c.Name != colCompetencia {
			out = append(out, c.Name)
		}
	}
	return out
}
