package ptbr

import "testing"

func TestLinesAndJSONMessages(t *testing.T) {
	if got := Lines("linha 7: CBO incompatível\nthe line is not valid\n"); got == "" {
		t.Error("Lines missed an English line")
	}
	if got := Lines("linha 7: CBO incompatível\n"); got != "" {
		t.Errorf("Lines flagged Portuguese: %q", got)
	}
	got, err := JSONMessages(`{"code":"X","message":"mensagem","sub":[{"facts":"fatos"}]}`+"\n"+`{"message":"outra"}`, "message", "facts")
	if err != nil || got != "mensagem\nfatos\noutra\n" {
		t.Errorf("JSONMessages = %q, %v", got, err)
	}
	if _, err := JSONMessages("{not json", "message"); err == nil {
		t.Error("JSONMessages accepted bad JSON")
	}
}
