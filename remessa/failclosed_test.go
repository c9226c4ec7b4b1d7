package remessa_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/remessa"
	"github.com/go-sus/sus/remessa/remessatest/demo"
	"github.com/go-sus/sus/sigtap"
)

// For each missing source the Checker either refuses to run or, when the
// caller accepts the gap, approves nothing it could not check: the three
// statuses add up, the file says which source is missing, and every line
// the gap touched says so.
func TestFailClosedStatuses(t *testing.T) {
	set, reg := demoWorld(t)
	rel202512, _ := set.ForCompetencia(sigtap.MustParseCompetencia("202512"))
	snap202512 := reg.At(sigtap.MustParseCompetencia("202512"))
	reg202512, _ := cnes.NewRegistry(snap202512)
	data, err := fs.ReadFile(demo.FS, "bpa/PADEMO.JAN")
	if err != nil {
		t.Fatal(err)
	}
	type counts struct{ approved, rejected, unverified int }
	for _, c := range []struct {
		name    string
		sigtap  *sigtap.Set
		cnes    *cnes.Registry
		allow   []remessa.Source
		wantErr error
		want    counts
		// file-level NaoVerificado codes that must be present
		wantFile []remessa.Code
	}{
		{name: "both sources", sigtap: set, cnes: reg, want: counts{27, 20, 0}},
		{name: "no SIGTAP", cnes: reg, wantErr: remessa.ErrNoSIGTAP},
		{name: "empty SIGTAP set", sigtap: sigtap.NewSet(), cnes: reg, wantErr: remessa.ErrNoSIGTAP},
		{name: "no CNES", sigtap: set, wantErr: remessa.ErrNoCNES},
		{name: "empty CNES registry", sigtap: set, cnes: mustRegistry(t), wantErr: remessa.ErrNoCNES},
		{name: "no SIGTAP, allowed", cnes: reg, allow: []remessa.Source{remessa.FonteSIGTAP},
			want: counts{0, 8, 39}, wantFile: []remessa.Code{remessa.CodeSemTabela}},
		{name: "no CNES, allowed", sigtap: set, allow: []remessa.Source{remessa.FonteCNES},
			want: counts{0, 11, 36}, wantFile: []remessa.Code{remessa.CodeSemCNES}},
		{name: "nothing, both allowed", allow: []remessa.Source{remessa.FonteSIGTAP, remessa.FonteCNES},
			want: counts{0, 3, 44}, wantFile: []remessa.Code{remessa.CodeSemTabela, remessa.CodeSemCNES}},
		{name: "SIGTAP of 12/2025 only", sigtap: sigtap.NewSet(rel202512), cnes: reg,
			want: counts{1, 8, 38}, wantFile: []remessa.Code{remessa.CodeSemTabela}},
		{name: "CNES of 12/2025 only", sigtap: set, cnes: reg202512,
			want: counts{1, 11, 35}, wantFile: []remessa.Code{remessa.CodeSemCNES}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ck := &remessa.Checker{SIGTAP: c.sigtap, CNES: c.cnes, AllowMissing: c.allow, Workers: 2}
			var lines []remessa.Result
			var jsonOut bytes.Buffer
			jw := remessa.NewJSONLinesWriter(&jsonOut)
			sum, err := ck.Check(bytes.NewReader(data), func(r *remessa.Result) error {
				lines = append(lines, *r)
				return jw.WriteResult(r)
			})
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) || sum != nil {
					t.Fatalf("Check = %v, %v; want nil, %v", sum, err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := counts{sum.Approved, sum.Rejected, sum.Unverified}
			if got != c.want || sum.Lines != got.approved+got.rejected+got.unverified {
				t.Errorf("aprovadas/rejeitadas/não verificadas = %+v of %d lines, want %+v", got, sum.Lines, c.want)
			}
			// Every line has one status, consistent with its críticas and
			// with the counts.
			var n counts
			for _, r := range lines {
				if r.Status != remessa.StatusOf(r.Criticas) || r.Approved != (r.Status == remessa.Aprovada) {
					t.Errorf("line %d: status %v, approved %v, críticas %v", r.Line, r.Status, r.Approved, r.Criticas)
				}
				switch r.Status {
				case remessa.Aprovada:
					n.approved++
				case remessa.Rejeitada:
					n.rejected++
				case remessa.NaoVerificada:
					n.unverified++
				}
			}
			if n != got {
				t.Errorf("statuses of the lines %+v differ from the summary %+v", n, got)
			}
			// A missing source leaves no line approved that needed it.
			for _, code := range c.wantFile {
				found := false
				for _, fc := range sum.Criticas {
					found = found || (fc.Code == code && fc.Severity == remessa.NaoVerificado)
				}
				if !found {
					t.Errorf("file críticas lack %s: %v", code, sum.Criticas)
				}
			}
			if len(c.allow) > 0 {
				for _, r := range lines {
					if r.Status == remessa.Aprovada {
						t.Errorf("line %d approved although a whole source is missing", r.Line)
					}
				}
			}
			// Each cause is listed once.
			seen := map[string]bool{}
			for _, fc := range sum.Criticas {
				k := string(fc.Code) + fc.Message
				if seen[k] {
					t.Errorf("file crítica listed twice: %v", fc)
				}
				seen[k] = true
			}
			// Only aprovada value is approved value.
			if len(c.allow) > 0 && !sum.Valor.Approved.IsZero() {
				t.Errorf("approved value %s with a source missing", sum.Valor.Approved)
			}
			// JSON lines carry the status; the summary the unverified count.
			first, _, _ := strings.Cut(jsonOut.String(), "\n")
			var obj map[string]any
			if err := json.Unmarshal([]byte(first), &obj); err != nil || obj["status"] != lines[0].Status.String() {
				t.Errorf("first JSON line %s: status %v (%v)", first, obj["status"], err)
			}
			var sb bytes.Buffer
			if err := remessa.NewJSONLinesWriter(&sb).WriteSummary(sum); err != nil {
				t.Fatal(err)
			}
			last := sb.String()[strings.LastIndex(strings.TrimSuffix(sb.String(), "\n"), "\n")+1:]
			var js struct {
				Unverified int `json:"unverified"`
				Valor      struct {
					Unverified string `json:"unverified"`
				} `json:"valor"`
			}
			if err := json.Unmarshal([]byte(last), &js); err != nil || js.Unverified != c.want.unverified || js.Valor.Unverified == "" {
				t.Errorf("JSON summary %s: %+v (%v)", last, js, err)
			}
		})
	}
}

func mustRegistry(t *testing.T) *cnes.Registry {
	reg, err := cnes.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}
