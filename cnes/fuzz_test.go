package cnes

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzTableReader drives the row decoder of every table over arbitrary
// bytes: it must never panic or hang, and every error and warning must be
// a *ParseError naming the file. The seed corpus (testdata/fuzz) holds the
// real headers, demo rows and the malformed inputs.
func FuzzTableReader(f *testing.F) {
	f.Add(uint8(TableEstabelecimento), []byte(`"CO_UNIDADE";"CO_CNES";"TP_PFPJ";"NU_CNPJ";"NU_CNPJ_MANTENEDORA";"CO_ESTADO_GESTOR";"CO_MUNICIPIO_GESTOR";"TP_GESTAO";"CO_MOTIVO_DESAB"`+"\n"+
		`"5300109990001";"9990001";"3";"50619166000169";"";"53";"530010";"M";""`+"\n"))
	f.Add(uint8(TableSipac)|0x80, []byte(`"CO_UNIDADE";"COD_SUB_GRUPO_HABILITACAO";"CMTP_INICIO";"CMTP_FIM";"TP_HABILITACAO"`+"\r\n"+
		`"5300109990002";"3802";"202507";"";"H"`+"\r\n"+`"5300109990002";"0403";"012020";"999999";"I"`))
	f.Fuzz(func(t *testing.T, sel uint8, data []byte) {
		tb := Table(sel&0x7f) % numTables
		tr, err := newTableReader("fuzz.csv", tb, bytes.NewReader(data), sel&0x80 != 0, 4096)
		if err != nil {
			checkParseError(t, err)
			return
		}
		for range 100000 {
			ok, err := tr.next()
			if err != nil {
				checkParseError(t, err)
				return
			}
			if !ok {
				break
			}
			if tr.rec == nil { // a skipped record: its warning is in tr.soft
				if len(tr.soft) == 0 {
					t.Fatal("record skipped without a warning")
				}
			} else if err := decodeRow(tb, tr); err != nil {
				checkParseError(t, err)
			}
			for _, pe := range tr.takeSoft() {
				checkParseError(t, &pe)
			}
		}
	})
}

// decodeRow runs the decoder of table t on the current record.
func decodeRow(t Table, tr *tableReader) error {
	var err error
	switch t {
	case TableEstabelecimento:
		_, err = decodeEstab(tr)
	case TableCargaHoraria:
		_, err = decodeVinc(tr)
	case TableProfissional:
		_, err = decodeProf(tr)
	case TableServClass:
		_, err = decodeServ(tr)
	case TableEquipe:
		_, err = decodeTeam(tr)
	case TableEquipeProf:
		_, err = decodeMember(tr)
	case TableSipac:
		_, err = decodeHab(tr)
	}
	return err
}

func checkParseError(t *testing.T, err error) {
	t.Helper()
	var pe *ParseError
	if errors.As(err, &pe) {
		if pe.File != "fuzz.csv" || pe.Err == nil {
			t.Fatalf("ParseError without file or cause: %#v", pe)
		}
		if pe.Field == "CO_CNS" && pe.Value != "" {
			t.Fatalf("personal data quoted in %v", pe)
		}
		return
	}
	t.Fatalf("error %T is not a *ParseError: %v", err, err)
}
