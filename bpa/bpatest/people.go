package bpatest

import (
	"math/rand/v2"
	"strings"
	"time"

	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/cns"
	"github.com/go-sus/sus/sigtap"
)

var (
	firstNames = []string{"MARIA", "JOSE", "ANA", "JOAO", "ANTONIO", "FRANCISCA", "CARLOS", "PAULO", "ADRIANA",
		"LUCAS", "JULIANA", "MARCOS", "PATRICIA", "RAFAEL", "ALINE", "PEDRO", "FERNANDA", "BRUNO", "CAMILA",
		"GABRIEL", "LETICIA", "MATEUS", "BEATRIZ", "RAIMUNDO", "SEBASTIAO", "CONCEIÇÃO", "JOÃO", "SÔNIA",
		"MÁRCIA", "VINÍCIUS", "LÚCIA", "ANDRÉ", "INÊS"}
	surnames = []string{"SILVA", "SANTOS", "OLIVEIRA", "SOUZA", "RODRIGUES", "FERREIRA", "ALVES", "PEREIRA",
		"LIMA", "GOMES", "COSTA", "RIBEIRO", "MARTINS", "CARVALHO", "ALMEIDA", "LOPES", "SOARES", "FERNANDES",
		"VIEIRA", "BARBOSA", "ROCHA", "DIAS", "NASCIMENTO", "ANDRADE", "MOREIRA", "NUNES", "MARQUES",
		"MACHADO", "MENDES", "FREITAS", "CARDOSO", "ARAÚJO", "CONCEIÇÃO", "GONÇALVES", "ASSUNÇÃO", "BRANDÃO"}
	streets = []string{"DAS FLORES", "SETE DE SETEMBRO", "QUINZE DE NOVEMBRO", "BRASIL", "SANTOS DUMONT",
		"TIRADENTES", "DOM PEDRO II", "DAS PALMEIRAS", "JOSÉ DE ALENCAR", "SÃO JOÃO", "DOS IPÊS", "CENTRAL"}
	bairros = []string{"CENTRO", "JARDIM AMÉRICA", "VILA NOVA", "SANTA CRUZ", "BOA VISTA", "SÃO JOSÉ",
		"LIBERDADE", "PLANALTO", "ALVORADA", "BELA VISTA", "NOVA ESPERANÇA", "PARQUE DAS ÁRVORES"}
	complements = []string{"", "", "", "CASA", "APTO 101", "BLOCO B", "FUNDOS", "LOTE 3"}
	domains     = []string{"EXEMPLO.COM.BR", "EMAIL.TEST", "CORREIO.EXAMPLE"}
)

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// FirstName returns an upper-case Brazilian first name (some with
// Windows-1252 accents: JOÃO, SÔNIA).
func FirstName(r *rand.Rand) string { return pick(r, firstNames) }

// Surname returns an upper-case Brazilian surname.
func Surname(r *rand.Rand) string { return pick(r, surnames) }

// Name returns a full name of at most 30 characters (the BPA prd_nmpac
// width), upper case, possibly with accents.
func Name(r *rand.Rand) string {
	name := FirstName(r)
	for i, n := 0, 1+r.IntN(3); i < n; i++ {
		s := Surname(r)
		if i == 0 && r.IntN(4) == 0 {
			s = "DA " + s
		}
		if len([]rune(name))+1+len([]rune(s)) > 30 {
			break
		}
		name += " " + s
	}
	return name
}

// StreetType is a BDSIA street-type code with its name.
type StreetType struct {
	Code string // 3 digits, BPA prd_lograd_pcnte
	Name string
}

var streetTypes = []StreetType{{"081", "RUA"}, {"008", "AVENIDA"}, {"100", "TRAVESSA"}, {"065", "PRACA"}}

// Address is a fake residential address in the shape BPA files hold it.
type Address struct {
	StreetType  StreetType
	Street      string // without the street type, ≤ 30 characters
	Number      string // ≤ 5 characters, "SN" when none
	Complement  string // ≤ 10 characters
	District    string // bairro, ≤ 30 characters
	CEP         string // 8 digits
	Municipio   string // 6-digit IBGE code (no check digit)
	MunicipioNm string
}

type municipio struct{ code, name, cepPrefix string }

var municipios = []municipio{{"530010", "BRASILIA", "70"}, {"355030", "SAO PAULO", "01"}, {"330455", "RIO DE JANEIRO", "20"},
	{"310620", "BELO HORIZONTE", "30"}, {"292740", "SALVADOR", "40"}, {"230440", "FORTALEZA", "60"},
	{"410690", "CURITIBA", "80"}, {"261160", "RECIFE", "50"}, {"431490", "PORTO ALEGRE", "90"}}

// NewAddress returns a fake address.
func NewAddress(r *rand.Rand) Address {
	m := pick(r, municipios)
	a := Address{
		StreetType:  pick(r, streetTypes),
		Street:      pick(r, streets),
		Complement:  pick(r, complements),
		District:    pick(r, bairros),
		CEP:         m.cepPrefix + digits(r, 6),
		Municipio:   m.code,
		MunicipioNm: m.name,
	}
	if r.IntN(10) == 0 {
		a.Number = "SN"
	} else {
		a.Number = itoa(1 + r.IntN(9999))
	}
	return a
}

func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// Phone returns an 11-digit mobile number: DDD + 9 + eight digits.
func Phone(r *rand.Rand) string {
	return pick(r, []string{"61", "11", "21", "31", "71", "85", "41", "81", "51"}) + "9" + digits(r, 8)
}

// Email returns a fake e-mail address for name, upper case, at most 40
// characters, on reserved or test domains.
func Email(r *rand.Rand, name string) string {
	parts := strings.Fields(strings.ToUpper(asciiLetters(name)))
	local := "PACIENTE"
	if len(parts) > 0 {
		local = parts[0]
		if len(parts) > 1 {
			local += "." + parts[len(parts)-1]
		}
	}
	local += itoa(r.IntN(100))
	e := local + "@" + pick(r, domains)
	if len(e) > 40 {
		e = e[len(e)-40:]
	}
	return e
}

func asciiLetters(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c == ' ':
			b.WriteRune(c)
		case strings.ContainsRune("ÁÀÂÃ", c):
			b.WriteByte('A')
		case strings.ContainsRune("ÉÊ", c):
			b.WriteByte('E')
		case c == 'Í':
			b.WriteByte('I')
		case strings.ContainsRune("ÓÔÕ", c):
			b.WriteByte('O')
		case c == 'Ú':
			b.WriteByte('U')
		case c == 'Ç':
			b.WriteByte('C')
		}
	}
	return b.String()
}

// Date returns a date (midnight UTC) uniformly between from and to,
// inclusive.
func Date(r *rand.Rand, from, to time.Time) time.Time {
	from = day(from)
	to = day(to)
	if !to.After(from) {
		return from
	}
	days := int(to.Sub(from).Hours()/24) + 1
	return from.AddDate(0, 0, r.IntN(days))
}

func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

// BirthDate returns a birth date such that the person is between minAge
// and maxAge completed years old at at.
func BirthDate(r *rand.Rand, at time.Time, minAge, maxAge int) time.Time {
	to := day(at).AddDate(-minAge, 0, 0)
	from := day(at).AddDate(-maxAge-1, 0, 1)
	return Date(r, from, to)
}

// CNS returns a valid CNS: definitive (four in five) or provisional.
func CNS(r *rand.Rand) cns.CNS {
	if r.IntN(5) == 0 {
		return cns.RandomProvisionalCNS(r)
	}
	return cns.RandomCNS(r)
}

// CPF returns a valid CPF.
func CPF(r *rand.Rand) cns.CPF { return cns.RandomCPF(r) }

// CNES returns a 7-digit CNES code.
func CNES(r *rand.Rand) cnes.Code { return cnes.RandomCode(r) }

// CBOs are real CBO codes of professions that register ambulatory
// production (médico clínico, enfermeiro, cirurgião-dentista, técnico de
// enfermagem, psicólogo, fisioterapeuta, médico da ESF, nutricionista).
var CBOs = []sigtap.CBO{
	sigtap.MustParseCBO("225125"), sigtap.MustParseCBO("223505"), sigtap.MustParseCBO("223208"),
	sigtap.MustParseCBO("322205"), sigtap.MustParseCBO("251510"), sigtap.MustParseCBO("223605"),
	sigtap.MustParseCBO("225142"), sigtap.MustParseCBO("223710"),
}

// CBO returns one of CBOs.
func CBO(r *rand.Rand) sigtap.CBO { return pick(r, CBOs) }

// Procedures are SIGTAP procedure codes registered in BPA (consultas and
// exams of the spec's worked examples, and a few more).
var Procedures = []sigtap.Code{
	sigtap.MustParseCode("0301010072"), sigtap.MustParseCode("0301070105"), sigtap.MustParseCode("0301100039"),
	sigtap.MustParseCode("0214010015"), code9("030101004"), code9("030101003"), code9("020202038"), code9("021102003"),
}

func code9(s string) sigtap.Code {
	var c sigtap.Code
	copy(c[:], s)
	c[9] = sigtap.CodeCheckDigit(c[:9])
	return c
}

// Procedure returns one of Procedures.
func Procedure(r *rand.Rand) sigtap.Code { return pick(r, Procedures) }

// INE returns a valid INE.
func INE(r *rand.Rand) cnes.INE { return cnes.RandomINE(r) }
