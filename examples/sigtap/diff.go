package main

import (
	"fmt"
	"strings"

	"github.com/go-sus/sus/internal/cli"
	"github.com/go-sus/sus/sigtap"
)

type diffJSON struct {
	Old     string        `json:"old"`
	New     string        `json:"new"`
	Added   []procRef     `json:"added"`
	Removed []procRef     `json:"removed"`
	Changed []changeJSON  `json:"changed"`
	Tables  []tableChange `json:"tables"`
}

type procRef struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

type changeJSON struct {
	Code   string      `json:"code"`
	Name   string      `json:"name"`
	Values []valueJSON `json:"values"`
	Fields []fieldJSON `json:"fields"`
}

type valueJSON struct {
	Column string `json:"column"`
	Old    string `json:"old"`
	New    string `json:"new"`
	Delta  string `json:"delta"`
}

type fieldJSON struct {
	Column string `json:"column"`
	Old    string `json:"old"`
	New    string `json:"new"`
}

type tableChange struct {
	Table   string     `json:"table"`
	Columns []string   `json:"columns"`
	Added   [][]string `json:"added"`
	Removed [][]string `json:"removed"`
	Note    string     `json:"note,omitempty"`
}

func toDiffJSON(old, new *sigtap.Release, c *sigtap.Changes) diffJSON {
	out := diffJSON{Old: old.Name(), New: new.Name(), Added: []procRef{}, Removed: []procRef{}, Changed: []changeJSON{}, Tables: []tableChange{}}
	for _, p := range c.Added {
		out.Added = append(out.Added, procRef{p.Code.String(), p.Name})
	}
	for _, p := range c.Removed {
		out.Removed = append(out.Removed, procRef{p.Code.String(), p.Name})
	}
	for _, ch := range c.Changed {
		cj := changeJSON{Code: ch.Code.String(), Name: ch.Name, Values: []valueJSON{}, Fields: []fieldJSON{}}
		for _, v := range ch.Values {
			cj.Values = append(cj.Values, valueJSON{v.Column, v.Old.StringFixed(2), v.New.StringFixed(2), v.Delta.StringFixed(2)})
		}
		for _, f := range ch.Fields {
			cj.Fields = append(cj.Fields, fieldJSON(f))
		}
		out.Changed = append(out.Changed, cj)
	}
	for _, t := range c.Tables {
		tc := tableChange{Table: t.Table, Columns: t.Columns, Added: t.Added, Removed: t.Removed, Note: t.Note}
		if tc.Added == nil {
			tc.Added = [][]string{}
		}
		if tc.Removed == nil {
			tc.Removed = [][]string{}
		}
		out.Tables = append(out.Tables, tc)
	}
	return out
}

func diff(e *cli.Env, args []string) int {
	fs := e.Flags("diff")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, code := e.Parse(fs, args)
	if code != cli.Proceed {
		return code
	}
	if len(pos) != 2 {
		return e.UsageError("want two releases OLD NEW, got %d arguments", len(pos))
	}
	old, code := open(e, pos[0], nil)
	if code != cli.Proceed {
		return code
	}
	new, code := open(e, pos[1], nil)
	if code != cli.Proceed {
		return code
	}
	c, err := sigtap.Diff(old, new)
	if err != nil {
		return e.Fail(err)
	}
	stdout := e.Stdout
	status := exitOK
	if !c.Empty() {
		status = exitNotFound
	}
	j := toDiffJSON(old, new, c)
	if *asJSON {
		writeJSON(stdout, j)
		return status
	}
	fmt.Fprintf(stdout, "%s -> %s\n", j.Old, j.New)
	fmt.Fprintf(stdout, "procedures: %d added, %d removed, %d changed\n", len(j.Added), len(j.Removed), len(j.Changed))
	for _, p := range j.Added {
		fmt.Fprintf(stdout, "+ %s %s\n", p.Code, p.Name)
	}
	for _, p := range j.Removed {
		fmt.Fprintf(stdout, "- %s %s\n", p.Code, p.Name)
	}
	for _, ch := range j.Changed {
		fmt.Fprintf(stdout, "~ %s %s\n", ch.Code, ch.Name)
		for _, v := range ch.Values {
			fmt.Fprintf(stdout, "    %s %s -> %s (%s)\n", v.Column, v.Old, v.New, signed(v.Delta))
		}
		for _, f := range ch.Fields {
			fmt.Fprintf(stdout, "    %s %q -> %q\n", f.Column, f.Old, f.New)
		}
	}
	for _, t := range j.Tables {
		note := ""
		if t.Note != "" {
			note = " (" + t.Note + ")"
		}
		fmt.Fprintf(stdout, "%s: %d added, %d removed%s [%s]\n", t.Table, len(t.Added), len(t.Removed), note, strings.Join(t.Columns, " "))
		for _, row := range t.Added {
			fmt.Fprintf(stdout, "+ %s\n", strings.Join(row, " | "))
		}
		for _, row := range t.Removed {
			fmt.Fprintf(stdout, "- %s\n", strings.Join(row, " | "))
		}
	}
	return status
}

func signed(s string) string {
	if strings.HasPrefix(s, "-") {
		return s
	}
	return "+" + s
}
