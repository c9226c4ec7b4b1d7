package errfmt

import (
	"errors"
	"testing"
)

func TestFormat(t *testing.T) {
	cause := errors.New("invalid digits")
	for _, c := range []struct {
		p    Pos
		err  error
		want string
	}{
		{Pos{Pkg: "bpa", File: "PA1.JAN", Line: 7, Column: 60, Field: "prd_cnspac"}, cause, "bpa: PA1.JAN: line 7, column 60 (prd_cnspac): invalid digits"},
		{Pos{Pkg: "bpa", Line: 7, Field: "prd_cnspac"}, cause, "bpa: line 7 (prd_cnspac): invalid digits"},
		{Pos{Pkg: "sigtap", File: "tb_x.txt", Field: "CO_X", Value: "12"}, cause, `sigtap: tb_x.txt (CO_X): invalid digits: "12"`},
		{Pos{Pkg: "cnes", File: "a.csv"}, cause, "cnes: a.csv: invalid digits"},
		{Pos{Pkg: "cnes"}, cause, "cnes: invalid digits"},
		{Pos{Pkg: "sigtap", File: "x"}, errors.New("sigtap: malformed layout"), "sigtap: x: malformed layout"},
		{Pos{Pkg: "bpa", Line: 1}, nil, "bpa: line 1: error"},
	} {
		if got := Format(c.p, c.err); got != c.want {
			t.Errorf("Format(%+v) = %q, want %q", c.p, got, c.want)
		}
	}
}
