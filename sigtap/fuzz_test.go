package sigtap_test

import (
	"bytes"
	"os"
	"testing"
	"testing/fstest"

	"github.com/go-sus/sus/sigtap"
	"github.com/google/go-cmp/cmp"
)

// FuzzParseLayout: no input panics, and what parses writes back to text
// that parses to the same layout.
func FuzzParseLayout(f *testing.F) {
	f.Add([]byte("Coluna,Tamanho,Inicio,Fim,Tipo\r\nCO_CID,4,1,4,VARCHAR2\r\nNO_CID,100,5,104,VARCHAR2\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := sigtap.ParseLayout("t", data)
		if err == nil {
			back, err := sigtap.ParseLayout("t", l.AppendText(nil))
			if err != nil || !back.Equal(l) {
				t.Fatalf("AppendText does not parse back: %v", err)
			}
		}
		ls, err := sigtap.ParseLayouts(data)
		if err == nil {
			back, err := sigtap.ParseLayouts(sigtap.AppendLayouts(nil, ls))
			if err != nil || len(back) != len(ls) {
				t.Fatalf("AppendLayouts does not parse back: %v", err)
			}
		}
	})
}

// fuzzTables are the tables FuzzDecodeRows feeds: every kind of column
// (codes, CBO, CID, numbers, nullable codes, money, flags, text).
var fuzzTables = []string{"tb_procedimento", "rl_procedimento_cid", "rl_procedimento_habilitacao", "rl_procedimento_incremento", "tb_cid", "rl_procedimento_ocupacao", "tb_novidade", "tb_grupo"}

// FuzzDecodeRows loads a one-table release whose data file is the fuzz
// input: no input panics, and every release that loads writes back to one
// that loads equal (Load(Write(r)) == r).
func FuzzDecodeRows(f *testing.F) {
	layouts := map[string][]byte{
		// A table the package does not know (kept as bytes), and a typed
		// table with a column it does not know.
		"tb_novidade": []byte("Coluna,Tamanho,Inicio,Fim,Tipo\r\nCO_PROCEDIMENTO,10,1,10,VARCHAR2\r\nQT_NOVA,3,11,13,NUMBER\r\nNO_NOVA,5,14,18,VARCHAR2\r\nDT_COMPETENCIA,6,19,24,CHAR\r\n"),
		"tb_grupo":    []byte("Coluna,Tamanho,Inicio,Fim,Tipo\r\nCO_GRUPO,2,1,2,VARCHAR2\r\nNO_GRUPO,100,3,102,VARCHAR2\r\nDT_COMPETENCIA,6,103,108,CHAR\r\nST_NOVO,1,109,109,CHAR\r\nQT_NOVO,2,110,111,NUMBER\r\n"),
	}
	for _, name := range fuzzTables {
		if layouts[name] != nil {
			continue
		}
		b, err := os.ReadFile(tiny + "/" + name + "_layout.txt")
		if err != nil {
			f.Fatal(err)
		}
		layouts[name] = b
	}
	f.Add(uint8(6), []byte("0301010072007A\xe7\xe3o 202512\r\n0301010048   x    202512\r\n"))
	f.Add(uint8(7), []byte("03Procedimentos cl\xednicos"+string(bytes.Repeat([]byte{' '}, 78))+"202512S07\r\n"))
	f.Add(uint8(0), []byte("0202020550DOSAGEM DE PROTEINA C FUNCIONAL"+string(bytes.Repeat([]byte{' '}, 219))+"22999999990000010807310000000000000000000000202800000000000004040072  9999202512\r\n"))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		name := fuzzTables[int(which)%len(fuzzTables)]
		m := fstest.MapFS{
			name + "_layout.txt": {Data: layouts[name]},
			name + ".txt":        {Data: data},
		}
		r, err := sigtap.Load(m, &sigtap.LoadOptions{Competencia: sigtap.MustParseCompetencia("202512")})
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := r.WriteZip(&buf); err != nil {
			t.Fatalf("loaded but does not write: %v", err)
		}
		back, err := sigtap.LoadZip(bytes.NewReader(buf.Bytes()), int64(buf.Len()), &sigtap.LoadOptions{Competencia: r.Competencia()})
		if err != nil {
			t.Fatalf("written release does not load: %v", err)
		}
		if diff := cmp.Diff(dump(t, r), dump(t, back)); diff != "" {
			t.Fatalf("round trip differs:\n%s", diff)
		}
	})
}
