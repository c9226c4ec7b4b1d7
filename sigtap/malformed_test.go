package sigtap_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-sus/sus/sigtap"
)

// tinyFS returns the files of the tiny 202512 release as a MapFS that
// tests may change.
func tinyFS(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	des, err := os.ReadDir(tiny)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range des {
		b, err := os.ReadFile(tiny + "/" + d.Name())
		if err != nil {
			t.Fatal(err)
		}
		m[d.Name()] = &fstest.MapFile{Data: b}
	}
	return m
}

func loadTiny(m fstest.MapFS, opts *sigtap.LoadOptions) (*sigtap.Release, error) {
	o := sigtap.LoadOptions{}
	if opts != nil {
		o = *opts
	}
	o.Name = "TabelaUnificada_202512_v2601221256"
	return sigtap.Load(m, &o)
}

// edit replaces the first occurrence of old in a file.
func edit(t *testing.T, m fstest.MapFS, name, old, new string) {
	t.Helper()
	s := string(m[name].Data)
	if !strings.Contains(s, old) {
		t.Fatalf("%s does not hold %q", name, old)
	}
	m[name] = &fstest.MapFile{Data: []byte(strings.Replace(s, old, new, 1))}
}

func TestMalformedReleases(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, m fstest.MapFS)
		err    error
		file   string
		line   int
		field  string
	}{
		{"bad layout header", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, "tb_grupo_layout.txt", "Coluna,Tamanho", "Column,Size")
		}, sigtap.ErrLayout, "tb_grupo_layout.txt", 1, ""},
		{"layout Fim inconsistent", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, "tb_grupo_layout.txt", "NO_GRUPO,100,3,102", "NO_GRUPO,100,3,103")
		}, sigtap.ErrLayout, "tb_grupo_layout.txt", 3, ""},
		{"layout.txt with a gap", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, "layout.txt", "NO_GRUPO,100,3,102", "NO_GRUPO,100,4,103")
		}, sigtap.ErrLayout, "layout.txt", 0, ""},
		{"required column missing", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, "tb_procedimento_layout.txt", "TP_SEXO,", "TP_SEXX,")
		}, sigtap.ErrMissingColumn, "tb_procedimento_layout.txt", 0, "TP_SEXO"},
		{"short line", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, "rl_procedimento_registro.txt", "030101007202202512\r\n", "03010100720202512\r\n")
		}, sigtap.ErrLineLength, "rl_procedimento_registro.txt", 0, ""},
		{"long line", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, "rl_procedimento_registro.txt", "030101007202202512\r\n", "0301010072022025120\r\n")
		}, sigtap.ErrLineLength, "rl_procedimento_registro.txt", 0, ""},
		{"letter in a NUMBER", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, "rl_procedimento_registro.txt", "030101007202202512", "03010100720X202512")
		}, sigtap.ErrNumber, "rl_procedimento_registro.txt", 0, "CO_REGISTRO"},
		{"bad procedure code", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, "rl_procedimento_registro.txt", "030101007202202512", "03010100 202202512")
		}, sigtap.ErrCode, "rl_procedimento_registro.txt", 0, "CO_PROCEDIMENTO"},
		{"competência mix inside a table", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, "rl_procedimento_registro.txt", "030101007202202512", "030101007202202511")
		}, sigtap.ErrCompetencia, "rl_procedimento_registro.txt", 0, "DT_COMPETENCIA"},
		{"competência mix between tables", func(t *testing.T, m fstest.MapFS) {
			s := strings.ReplaceAll(string(m["tb_grupo.txt"].Data), "202512\r\n", "202511\r\n")
			m["tb_grupo.txt"] = &fstest.MapFile{Data: []byte(s)}
		}, sigtap.ErrCompetencia, "", 0, "DT_COMPETENCIA"},
		{"undefined Windows-1252 byte", func(t *testing.T, m fstest.MapFS) {
			edit(t, m, "tb_grupo.txt", "Procedimentos cl", "Procedimentos \x81l")
		}, sigtap.ErrEncoding, "tb_grupo.txt", 0, "NO_GRUPO"},
		{"duplicate procedure", func(t *testing.T, m fstest.MapFS) {
			d := m["tb_procedimento.txt"].Data
			m["tb_procedimento.txt"] = &fstest.MapFile{Data: append(append([]byte{}, d...), d[:338]...)}
		}, sigtap.ErrDuplicate, "tb_procedimento.txt", 6, "CO_PROCEDIMENTO"},
		{"no table", func(t *testing.T, m fstest.MapFS) {
			for k := range m {
				if strings.HasSuffix(k, ".txt") && !strings.Contains(k, "layout") {
					delete(m, k)
				}
			}
		}, sigtap.ErrNoRelease, "", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tinyFS(t)
			tt.change(t, m)
			_, err := loadTiny(m, nil)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if tt.file == "" && tt.field == "" {
				return
			}
			var pe *sigtap.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("%v is not a *ParseError", err)
			}
			if (tt.file != "" && pe.File != tt.file) || (tt.line != 0 && pe.Line != tt.line) || pe.Field != tt.field {
				t.Errorf("got %s:%d (%s), want %s:%d (%s): %v", pe.File, pe.Line, pe.Field, tt.file, tt.line, tt.field, err)
			}
		})
	}
}

// TestErrorPosition pins the line and column of a bad field.
func TestErrorPosition(t *testing.T) {
	m := tinyFS(t)
	// Line 8 of rl_procedimento_registro is 030101007207202512.
	edit(t, m, "rl_procedimento_registro.txt", "030101007207202512", "0301010072A7202512")
	_, err := loadTiny(m, nil)
	var pe *sigtap.ParseError
	if !errors.As(err, &pe) {
		t.Fatal(err)
	}
	want := `sigtap: rl_procedimento_registro.txt: line 8, column 11 (CO_REGISTRO): invalid number: "A7"`
	if pe.Line != 8 || pe.Column != 11 || err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
}

func TestTolerated(t *testing.T) {
	m := tinyFS(t)
	// LF line ends, no final line end, trailing empty lines.
	m["rl_procedimento_registro.txt"] = &fstest.MapFile{Data: bytes.ReplaceAll(m["rl_procedimento_registro.txt"].Data, []byte("\r\n"), []byte("\n"))}
	d := m["tb_grupo.txt"].Data
	m["tb_grupo.txt"] = &fstest.MapFile{Data: d[:len(d)-2]}
	m["tb_registro.txt"] = &fstest.MapFile{Data: append(append([]byte{}, m["tb_registro.txt"].Data...), "\r\n\r\n"...)}
	r, err := loadTiny(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, w := range r.Warnings() {
		msgs = append(msgs, w.Error())
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{"rl_procedimento_registro.txt: 9 lines end in LF instead of CRLF", "tb_grupo.txt: line 2: last line has no line end", "tb_registro.txt: line 5: empty lines at the end of the file"} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings lack %q:\n%s", want, got)
		}
	}
	if r.AllowsInstrument(sigtap.MustParseCode("0301010072"), sigtap.RegistroBPAC) != sigtap.Yes {
		t.Error("rl_procedimento_registro with LF not loaded")
	}
}

// TestAbsentTable: a missing table is recorded as absent and its queries
// answer Unknown, not No.
func TestAbsentTable(t *testing.T) {
	m := tinyFS(t)
	delete(m, "rl_procedimento_ocupacao.txt")
	delete(m, "tb_descricao.txt")
	r, err := loadTiny(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	code := sigtap.MustParseCode("0301010072")
	if got := r.Absent(); len(got) != 2 || got[0] != "rl_procedimento_ocupacao" || got[1] != "tb_descricao" {
		t.Errorf("Absent() = %v", got)
	}
	if a := r.AllowsCBO(code, sigtap.MustParseCBO("225125")); a != sigtap.Unknown {
		t.Errorf("AllowsCBO = %v, want unknown", a)
	}
	if _, known := r.CBOs(code); known {
		t.Error("CBOs known")
	}
	if _, _, err := r.Description(code); !errors.Is(err, sigtap.ErrTableAbsent) {
		t.Errorf("Description err = %v", err)
	}
	if r.AllowsInstrument(code, sigtap.RegistroBPAI) != sigtap.Yes || r.Has("rl_procedimento_ocupacao") {
		t.Error("other tables affected")
	}
	// Written back, it is still absent (layout only).
	var buf bytes.Buffer
	if err := r.WriteZip(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := sigtap.LoadZip(bytes.NewReader(buf.Bytes()), int64(buf.Len()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if back.Has("rl_procedimento_ocupacao") || back.AllowsCBO(code, sigtap.MustParseCBO("225125")) != sigtap.Unknown {
		t.Error("absent table came back")
	}
}

// TestExtraTableAndColumn: an unknown table is kept as a generic table and
// an unknown column of a typed table is kept, both written back.
func TestExtraTableAndColumn(t *testing.T) {
	m := tinyFS(t)
	m["tb_novidade_layout.txt"] = &fstest.MapFile{Data: []byte("Coluna,Tamanho,Inicio,Fim,Tipo\r\nCO_PROCEDIMENTO,10,1,10,VARCHAR2\r\nQT_NOVA,3,11,13,NUMBER\r\nNO_NOVA,5,14,18,VARCHAR2\r\nDT_COMPETENCIA,6,19,24,CHAR\r\n")}
	m["tb_novidade.txt"] = &fstest.MapFile{Data: []byte("0301010072007A\xe7\xe3o 202512\r\n0301010048012x    202512\r\n")}
	edit(t, m, "tb_grupo_layout.txt", "DT_COMPETENCIA,6,103,108,CHAR\r\n", "DT_COMPETENCIA,6,103,108,CHAR\r\nST_NOVO,1,109,109,CHAR\r\n")
	m["tb_grupo.txt"] = &fstest.MapFile{Data: bytes.ReplaceAll(m["tb_grupo.txt"].Data, []byte("202512\r\n"), []byte("202512S\r\n"))}
	r, err := loadTiny(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	tb, err := r.Table("tb_novidade")
	if err != nil {
		t.Fatal(err)
	}
	row, _ := tb.Row(0)
	if tb.Typed() || tb.Len() != 2 || strings.Join(row, "|") != "0301010072|007|Ação|202512" {
		t.Errorf("generic table: typed %v len %d row %q", tb.Typed(), tb.Len(), row)
	}
	g, _ := r.Refs().Grupos.Get("03")
	if g.Name != "Procedimentos clínicos" {
		t.Errorf("grupo 03 = %+v", g)
	}
	// Round trip, and the subset keeps the rows of its procedures.
	back := roundTrip(t, r)
	tb2, _ := back.Table("tb_novidade")
	row2, _ := tb2.Row(0)
	grp, _ := back.Table("tb_grupo")
	gr, _ := grp.Row(0)
	if strings.Join(row2, "|") != strings.Join(row, "|") || gr[len(gr)-1] != "S" {
		t.Errorf("extra data lost: %q %q", row2, gr)
	}
	s, err := r.Subset(sigtap.MustParseCode("0301010072"))
	if err != nil {
		t.Fatal(err)
	}
	if ts, _ := s.Table("tb_novidade"); ts.Len() != 1 {
		t.Errorf("subset kept %d rows of tb_novidade", ts.Len())
	}
}

// TestPerTableLayoutWins: a per-table layout that differs from layout.txt
// is used, with a warning.
func TestPerTableLayoutWins(t *testing.T) {
	m := tinyFS(t)
	edit(t, m, "layout.txt", "CO_REGISTRO,2,1,2,VARCHAR2\r\nNO_REGISTRO,50,3,52,VARCHAR2\r\nDT_COMPETENCIA,6,53,58,CHAR", "CO_REGISTRO,2,1,2,CHAR\r\nNO_REGISTRO,50,3,52,VARCHAR2\r\nDT_COMPETENCIA,6,53,58,CHAR")
	r, err := loadTiny(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Warnings()) != 1 || !strings.Contains(r.Warnings()[0].Error(), "tb_registro_layout.txt: differs from layout.txt") {
		t.Errorf("warnings %v", r.Warnings())
	}
	// Without the per-table files, layout.txt alone drives the load.
	for k := range m {
		if strings.HasSuffix(k, "_layout.txt") {
			delete(m, k)
		}
	}
	if _, err := loadTiny(m, nil); err != nil {
		t.Errorf("layout.txt only: %v", err)
	}
}

func TestCompetenciaFromName(t *testing.T) {
	m := tinyFS(t)
	if _, err := sigtap.Load(m, &sigtap.LoadOptions{Name: "TabelaUnificada_202511_v2511111519.zip"}); !errors.Is(err, sigtap.ErrCompetencia) {
		t.Errorf("name 202511 over 202512 data: %v", err)
	}
	r, err := sigtap.Load(m, nil) // no name: the competência comes from the data
	if err != nil || r.Competencia().String() != "202512" || !r.Generation().IsZero() {
		t.Errorf("no name: %v %v %v", r, err, r.Generation())
	}
	r, err = sigtap.Load(m, &sigtap.LoadOptions{Generation: sigtap.MustParseGeneration("v2602261637")})
	if err != nil || r.Name() != "TabelaUnificada_202512_v2602261637" {
		t.Errorf("WithGeneration: %v", err)
	}
}

// zipOf builds a ZIP from name/content pairs (Deflate).
func zipOf(t testing.TB, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestZipBombAndUnsafeNames(t *testing.T) {
	files := map[string][]byte{}
	for name, f := range tinyFS(t) {
		files[name] = f.Data
	}
	// An entry that inflates far past the cap (11.5 MB of repeated lines
	// compress to about 20 KB) must fail while reading, not after.
	bomb := map[string][]byte{}
	for k, v := range files {
		bomb[k] = v
	}
	line := "00000000" + strings.Repeat(" ", 452) + "\r\n"    // a valid tb_tuss line
	bomb["tb_tuss.txt"] = []byte(strings.Repeat(line, 25000)) // 11.5 MB
	data := zipOf(t, bomb)
	_, err := sigtap.LoadZip(bytes.NewReader(data), int64(len(data)), &sigtap.LoadOptions{MaxFileBytes: 1 << 20})
	if !errors.Is(err, sigtap.ErrTooLarge) {
		t.Errorf("bomb: %v", err)
	}
	// Total cap.
	_, err = sigtap.LoadZip(bytes.NewReader(data), int64(len(data)), &sigtap.LoadOptions{MaxTotalBytes: 2 << 20})
	if !errors.Is(err, sigtap.ErrTooLarge) {
		t.Errorf("total cap: %v", err)
	}
	// Names with ".." are ignored with a warning, never opened.
	files["../../etc/tb_grupo.txt"] = []byte("evil")
	data = zipOf(t, files)
	r, err := sigtap.LoadZip(bytes.NewReader(data), int64(len(data)), &sigtap.LoadOptions{Name: "TabelaUnificada_202512_v2601221256.zip"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range r.Warnings() {
		found = found || strings.Contains(w.Error(), "../../etc/tb_grupo.txt: unsafe")
	}
	if !found || r.Refs().Grupos.Len() != 2 {
		t.Errorf("warnings %v, grupos %d", r.Warnings(), r.Refs().Grupos.Len())
	}
	// Not a ZIP at all.
	if _, err := sigtap.LoadZip(bytes.NewReader([]byte("PK nonsense")), 11, nil); err == nil {
		t.Error("garbage loaded")
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := sigtap.Open("testdata/nope.zip", nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := sigtap.Open("testdata", nil); !errors.Is(err, sigtap.ErrNoRelease) {
		t.Errorf("directory without tables: %v", err)
	}
}
