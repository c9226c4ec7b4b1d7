package cnes

import (
	"math/rand/v2"
	"testing"

	"github.com/go-sus/sus/cns"
)

// TestCode3: CO_SERVICO and CO_CLASSIFICACAO are read as numbers of one
// to three digits, so that a classificação stored as "12" is SIGTAP's 012
// (LEIAME 02.70).
func TestCode3(t *testing.T) {
	for in, want := range map[string]int{"121": 121, "12": 12, "012": 12, "4": 4, "000": 0, "": -1, "1234": -1, "1a": -1, " 12": -1} {
		n, ok := code3(in)
		if !ok && want != -1 || ok && int(n) != want {
			t.Errorf("code3(%q) = %d, %v; want %d", in, n, ok, want)
		}
	}
}

func TestParseTipoEquipe(t *testing.T) {
	for in, want := range map[string]string{"70": "70", "1": "01", " 81 ": "81"} {
		if got, err := ParseTipoEquipe(in); err != nil || got.String() != want {
			t.Errorf("ParseTipoEquipe(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "123", "7a"} {
		if _, err := ParseTipoEquipe(in); err == nil {
			t.Errorf("ParseTipoEquipe(%q) accepted", in)
		}
	}
}

func TestStrings(t *testing.T) {
	tests := []struct{ got, want string }{
		{GestaoDupla.String(), "D"},
		{Gestao(0).String(), ""},
		{PessoaFisica.String(), "PF"},
		{PessoaJuridica.String(), "PJ"},
		{Pessoa('9').String(), "9"},
		{TipoHabilitacaoH.String(), "H"},
		{TipoHabilitacao(0).String(), ""},
		{OK.String(), "ok"},
		{Fail.String(), "fail"},
		{Unknown.String(), "unknown"},
		{C12.String(), "C12"},
		{CheckID(0).String(), "C?"},
		{C5.Title(), "CBO do profissional no estabelecimento"},
		{ReasonNoVinculo.Text(), "nenhum vínculo do profissional no estabelecimento"},
		{ReasonNone.Text(), ""},
		{C11.Message(), MsgCargaHoraria},
		{C6.Message(), MsgProfissional},
		{C8.Message(), MsgServClass},
		{C5.Message(), MsgCBO},
		{ReasonNoVinculo.String(), "no-vinculo"},
		{Reason(200).String(), "reason?"},
		{ProfID{'A', 'B'}.String(), "AB"},
		{Vinculacao{'0', '1', '0', '1', '0', '1'}.String(), "010101"},
		{TableCargaHoraria.String(), "tbCargaHorariaSus"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	for r := ReasonNone; r < numReasons; r++ {
		if got, ok := ParseReason(r.String()); !ok || got != r {
			t.Errorf("ParseReason(%q) = %v, %v", r, got, ok)
		}
	}
	if _, ok := ParseReason("nope"); ok {
		t.Error("ParseReason accepted nope")
	}
	if !C1.Inferred() || C4.Inferred() || !CheckID(99).Inferred() {
		t.Error("Inferred")
	}
}

func TestDefaultPublicVinculo(t *testing.T) {
	for v, want := range map[string]bool{"010101": true, "010201": true, "010301": false, "020100": false, "": false} {
		var x Vinculacao
		copy(x[:], v)
		if got := DefaultPublicVinculo(x); got != want {
			t.Errorf("DefaultPublicVinculo(%q) = %v", v, got)
		}
	}
}

func TestKeys(t *testing.T) {
	if digitsKey("0001383394") != 1383394 || digitsKey("") != noKey || digitsKey("12a") != noKey ||
		digitsKey("12345678901234567890") != noKey {
		t.Error("digitsKey")
	}
	if unitKey("0012") == unitKey("12") || unitKey("5300109990001") == noKey || unitKey("123456789012345678") != noKey {
		t.Error("unitKey must tell lengths apart and refuse long values")
	}
	id := ProfID{}
	copy(id[:], "24b4B88F24534D6A")
	if profKey(&id) != 0x24B4B88F24534D6A {
		t.Errorf("profKey = %x", profKey(&id))
	}
	copy(id[:], "FFFFFFFFFFFFFFFF")
	if profKey(&id) != noKey {
		t.Error("the all-F id must fall back to the string index")
	}
	copy(id[:], "24B4B88F24534D6G")
	if profKey(&id) != noKey {
		t.Error("non-hex id")
	}
	var c cns.CNS
	if cnsKey(&c) != noKey {
		t.Error("zero CNS must not pack")
	}
}

func TestIndex64(t *testing.T) {
	x := newIndex64(0)
	r := rand.New(rand.NewPCG(1, 2))
	want := map[uint64]int32{}
	for i := range 5000 {
		k := r.Uint64() >> 1
		if _, dup := want[k]; dup {
			continue
		}
		want[k] = int32(i)
		x.put(k, int32(i))
		if i == 100 {
			x.grow(20000)
		}
	}
	for k, v := range want {
		if got, ok := x.get(k); !ok || got != v {
			t.Fatalf("get(%x) = %d, %v; want %d", k, got, ok, v)
		}
	}
	if _, ok := x.get(12345); ok {
		t.Error("absent key found")
	}
	if x.touch(noKey) != 0 {
		t.Error("touch(noKey)")
	}
}

// TestZeroSnapshot: a Snapshot not obtained from a loader finds nothing
// and does not panic.
func TestZeroSnapshot(t *testing.T) {
	var s Snapshot
	code := MustParseCode("9990001")
	if r := s.CheckEstabelecimento(code); r.Outcome != Fail || r.Reason != ReasonEstabNotFound {
		t.Errorf("%v", r)
	}
	if r := s.CheckCargaHoraria(cns.MustParseCNS("294022552400001")); r.Outcome != Unknown || r.Reason != ReasonTableAbsent {
		t.Errorf("%v", r)
	}
	if _, ok := s.Equipe(MustParseINE("1234567890")); ok {
		t.Error("zero snapshot has a team")
	}
}
