package cnestest

import (
	"github.com/go-sus/sus/cnes"
	"github.com/go-sus/sus/sigtap"
)

// WorldPlan is the CBO/procedure plan of the demo world: the SIGTAP
// procedures of world.md with the subset of their CBOs, serviços/
// classificações and habilitações that the world uses (checked against the
// SIGTAP releases 202512 and 202601). 0101020058 has no habilitação row in
// SIGTAP; its regra condicionada 0001 needs a CEO habilitação (0403, 0404
// or 0405, LEIAME 02.46). No establishment of the world is planned for
// 0901010014 (APAC only) or 0501040064 (no habilitação 24.17/24.18
// anywhere), and 0301130019's habilitação groups (08.01–08.03) are not
// granted: lines with them fail C9.
func WorldPlan() []Procedure {
	consulta := []string{"2231F9", "225120", "225125", "225250", "225320"}
	return []Procedure{
		{Code: "0301010072", Name: "CONSULTA MEDICA EM ATENCAO ESPECIALIZADA", CBOs: consulta},
		{Code: "0301010048", Name: "CONSULTA DE PROFISSIONAIS DE NIVEL SUPERIOR NA ATENCAO ESPEC", CBOs: []string{"221205", "223208", "223405", "223505"}},
		{Code: "0214010015", Name: "GLICEMIA CAPILAR", CBOs: []string{"221205", "2231F9", "223405", "223505", "225120", "225125", "225250", "225320"}},
		{Code: "0301100039", Name: "AFERICAO DE PRESSAO ARTERIAL", CBOs: []string{"2231F9", "223208", "223405", "223505", "225120", "225125", "225250", "225320"}},
		{Code: "0202010473", Name: "DOSAGEM DE GLICOSE", CBOs: []string{"221205", "2231F9", "225120", "225125", "225250", "225320"}, ServClass: []string{"145/001"}},
		{Code: "0204030188", Name: "MAMOGRAFIA BILATERAL PARA RASTREAMENTO", CBOs: consulta, ServClass: []string{"121/012", "121/013"}},
		{Code: "0207010064", Name: "RESSONANCIA MAGNETICA DE CRANIO", CBOs: []string{"225320"}, ServClass: []string{"121/004", "121/010"}},
		{Code: "0207010030", Name: "RESSONANCIA MAGNETICA DE COLUNA CERVICAL/PESCOCO", CBOs: []string{"225320"}, ServClass: []string{"121/004", "121/010"}},
		{Code: "0207030057", Name: "RESSONANCIA MAGNETICA MULTIPARAMETRICA DA PROSTATA", CBOs: []string{"225320"}, ServClass: []string{"121/004", "121/010"}},
		{Code: "0203020030", Name: "EXAME ANATOMO-PATOLOGICO PARA CONGELAMENTO / PARAFINA", CBOs: []string{"2231F9", "223208", "225120", "225125", "225250", "225320"}, ServClass: []string{"120/001"}},
		{Code: "0401020150", Name: "TRATAMENTO CIRURGICO DO SINUS PRE-AURICULAR", CBOs: consulta, Habs: []string{"3802", "3803", "3805", "3806"}},
		{Code: "0201010607", Name: "PUNCAO DE MAMA POR AGULHA GROSSA", CBOs: consulta},
		{Code: "0101020058", Name: "APLICACAO DE CARIOSTATICO (POR DENTE)", CBOs: []string{"223204", "223208", "223212"}, Habs: []string{"0403", "0404", "0405"}},
		{Code: "0701010185", Name: "ADAPTACAO DE OPM AUXILIARES DE LOCOMOCAO", CBOs: consulta, ServClass: []string{"135/007", "135/008", "164/002"}},
		{Code: "0102010056", Name: "ATIVIDADES EDUCATIVAS PARA O SETOR REGULADO", ServClass: []string{"141/002"}},
		{Code: "0202030024", Name: "CONTAGEM DE LINFOCITOS CD4/CD8", CBOs: []string{"221105", "221205", "223405", "223415", "225185", "225335"}, ServClass: []string{"145/003"}, Habs: []string{"1102", "1105"}},
		{Code: "0301130019", Name: "AVALIACAO CLINICA E ELETRONICA DE DISPOSITIVO ELETRICO CARDI", CBOs: []string{"225120", "225210"}},
		{Code: "0202020550", Name: "DOSAGEM DE PROTEINA C FUNCIONAL", CBOs: []string{"221105", "221205", "223415", "225185", "225335"}, ServClass: []string{"145/002"}},
		{Code: "0901010014", Name: "OCI AVALIACAO DIAGNOSTICA INICIAL DE CANCER (APAC only)", CBOs: consulta, Habs: []string{"3801", "3802", "3803", "3804", "3805", "3806"}},
		{Code: "0501040064", Name: "PROVAS CRUZADAS EM RECEPTORES DE DOADORES FALECIDOS", CBOs: []string{"221105", "221205", "223415", "225185", "225335"}, Habs: []string{"2417", "2418"}},
	}
}

// World returns the configuration of the demo world of competência c
// (remessa/remessatest/demo/cnes): the establishments 9990001…9990007 of
// Brasília-DF (530010) covering every scenario of docs/cnes.md §9, with their
// expected check results. 202512 and 202601 differ in one vínculo (P16
// left 9990007 after 202512).
func World(c sigtap.Competencia, seed uint64) Config {
	pj, pf := cnes.PessoaJuridica, cnes.PessoaFisica
	cfg := Config{
		Competencia: c, Seed: seed, UF: "53", Municipio: "530010", Plan: WorldPlan(),
		Estabs: []Estab{
			{CNES: "9990001", Name: "CLINICA DE IMAGEM TESTE", Purpose: "active PJ with mantenedora, gestão E; imaging and lab; class stored as 12; serv/class with CO_AMBULATORIAL_SUS=2",
				Pessoa: pj, Mantenedora: true, Gestao: cnes.GestaoEstadual, NatJur: "2062",
				Procedures: []string{"0207010064", "0207030057", "0204030188", "0202010473", "0301010072"},
				Servicos: []Servico{{ServClass: "121/004"}, {ServClass: "121/012", Class: "12"}, {ServClass: "145/001"},
					{ServClass: "121/010", NotSUS: true}, {ServClass: "121/004"}}},
			{CNES: "9990002", Name: "POLICLINICA TESTE", Purpose: "habilitações 38.02/38.03 (open), 04.03 (CEO), 11.02; EqAE team (81); dentists, nurses, clinicians, cardiologist",
				Pessoa: pj, Mantenedora: true, Gestao: cnes.GestaoMunicipal, NatJur: "3999",
				Procedures: []string{"0401020150", "0101020058", "0202030024", "0301010048", "0701010185"},
				Servicos:   []Servico{{ServClass: "114/007"}, {ServClass: "135/007", Terceiro: true}},
				Habs: []Hab{{Code: "3802", Inicio: "202507", Fim: ""}, {Code: "3803", Inicio: "202507", Fim: "999999"},
					{Code: "0403", Inicio: "201501", Fim: "000000"}, {Code: "1102", Inicio: "201001"}}},
			{CNES: "9990003", Name: "CLINICA DESATIVADA TESTE", Purpose: "deactivated (CO_MOTIVO_DESAB 04)",
				Pessoa: pj, Gestao: cnes.GestaoMunicipal, Motivo: "04", NatJur: "2062"},
			{CNES: "9990004", Name: "UNIDADE BÁSICA DE SAÚDE TESTE", Purpose: "public UBS (Latin-1 name): eSF team 70 (INE stored unpadded), deactivated team, member who left",
				Pessoa: pj, Gestao: cnes.GestaoMunicipal, NatJur: "1244",
				Procedures: []string{"0301100039", "0214010015"}},
			{CNES: "9990005", Name: "CONSULTORIO ODONTOLOGICO TESTE", Purpose: "PF establishment; 114/007 with CO_AMBULATORIAL_SUS=2; incentivo I 0403",
				Pessoa: pf, Gestao: cnes.GestaoMunicipal,
				Servicos: []Servico{{ServClass: "114/007", NotSUS: true}},
				Habs:     []Hab{{Code: "0403", Tipo: 'I', Inicio: "201801"}}},
			{CNES: "9990006", Name: "HOSPITAL DIA TESTE", Purpose: "gestão dupla; H 3803 ended 202503, H 3802 from 202602",
				Pessoa: pj, Gestao: cnes.GestaoDupla, NatJur: "1023",
				Habs: []Hab{{Code: "3803", Inicio: "202401", Fim: "202503"}, {Code: "3802", Inicio: "202602", Fim: "999999"}}},
			{CNES: "9990007", Name: "LABORATORIO TESTE", Purpose: "laboratory; vínculo of P16 ended after 202512",
				Pessoa: pj, Gestao: cnes.GestaoMunicipal, NatJur: "2062",
				Procedures: []string{"0202020550", "0202010473"}},
		},
		Profs: []Prof{
			{Key: "P01", Vinculos: []Vinc{{CNES: "9990001", CBO: "225320", Amb: 40}}},
			{Key: "P02", Provisional: true, Vinculos: []Vinc{{CNES: "9990001", CBO: "225125", Amb: 20}}},
			{Key: "P03", Vinculos: []Vinc{{CNES: "9990002", CBO: "223208", Amb: 40}}},
			{Key: "P04", Vinculos: []Vinc{{CNES: "9990002", CBO: "223505", Amb: 30, Hosp: 6}}},
			{Key: "P05", Provisional: true, Vinculos: []Vinc{
				{CNES: "9990002", CBO: "225125", Amb: 20, Employer: "estab"},
				{CNES: "9990002", CBO: "2231F9", Amb: 10, Employer: "estab"}}},
			{Key: "P06", Vinculos: []Vinc{{CNES: "9990002", CBO: "225120", Amb: 20, Employer: "other"}}},
			{Key: "P07", Vinculos: []Vinc{{CNES: "9990002", CBO: "221205", Amb: 30}}},
			{Key: "P08", Vinculos: []Vinc{{CNES: "9990003", CBO: "225125", Amb: 20}}},
			{Key: "P09", Provisional: true, Vinculos: []Vinc{{CNES: "9990004", CBO: "223505", Amb: 40, Vinculacao: "010101"}}},
			{Key: "P10", Vinculos: []Vinc{{CNES: "9990004", CBO: "225125", Amb: 20, Vinculacao: "010101"}}},
			{Key: "P11", Vinculos: []Vinc{{CNES: "9990004", CBO: "225125", NotSUS: true, Amb: 10}}},
			{Key: "P12", Vinculos: []Vinc{
				{CNES: "9990004", CBO: "225125", Amb: 60, Vinculacao: "020100"},
				{CNES: "9990005", CBO: "225125", Amb: 60, Vinculacao: "020100"},
				{CNES: "9990006", CBO: "225125", Amb: 60, Vinculacao: "020100"}}},
			{Key: "P13", Vinculos: []Vinc{
				{CNES: "9990004", CBO: "223505", Amb: 20, Vinculacao: "010101"},
				{CNES: "9990006", CBO: "223505", Amb: 20, Vinculacao: "010201"},
				{CNES: "9990007", CBO: "223505", Amb: 20, Vinculacao: "010101"}}},
			{Key: "P14", Vinculos: []Vinc{{CNES: "9990005", CBO: "223208", Amb: 40}}},
			{Key: "P15", Vinculos: []Vinc{{CNES: "9990007", CBO: "221205", Amb: 40, Other: 4}}},
			{Key: "P16", Vinculos: []Vinc{{CNES: "9990007", CBO: "225125", Amb: 20, Until: "202512"}}},
			{Key: "P17", AltID: true, Vinculos: []Vinc{
				{CNES: "9990001", CBO: "225125", Amb: 20},
				{CNES: "9990007", CBO: "225125", Amb: 20, AltID: true}}},
		},
		Teams: []Team{
			{Key: "T1", CNES: "9990002", Tipo: "81", Name: "EQUIPE VOLANTE EQAE TESTE", Ativacao: "01/07/2025",
				Members: []Member{{Prof: "P05", CBO: "225125", Entrada: "01/07/2025"}, {Prof: "P06", CBO: "225120", Entrada: "01/07/2025"}}},
			{Key: "T2", CNES: "9990004", Tipo: "70", Name: "ESF TESTE 1", Ativacao: "01-fev-2020 00:00:00", Unpadded: true,
				Members: []Member{{Prof: "P09", CBO: "223505", Entrada: "01/03/2020"},
					{Prof: "P10", CBO: "225125", Entrada: "01/03/2020", Desligamento: "30/06/2025"}}},
			{Key: "T3", CNES: "9990004", Tipo: "70", Name: "ESF TESTE 2 (DESATIVADA)", Ativacao: "01/02/2019", Desativacao: "31-mar-2025 00:00:00",
				Members: []Member{{Prof: "P09", CBO: "223505", Entrada: "01/02/2019"}}},
		},
	}
	cfg.Expect = worldExpect()
	return cfg
}

func worldExpect() []Expect {
	ok, fail := cnes.OK, cnes.Fail
	R := func(r cnes.Reason) cnes.Reason { return r }
	return []Expect{
		{Check: cnes.C1, CNES: "9990001", Want: ok, Note: "establishment in the registry"},
		{Check: cnes.C1, CNES: "9990099", Want: fail, Reason: R(cnes.ReasonEstabNotFound), Note: "unknown CNES"},
		{Check: cnes.C2, CNES: "9990001", Want: ok, Note: "active"},
		{Check: cnes.C2, CNES: "9990003", Want: fail, Reason: R(cnes.ReasonEstabInactive), Note: "CO_MOTIVO_DESAB 04"},
		{Check: cnes.C3, CNES: "9990001", Arg: "E", Want: ok, Note: "gestão estadual"},
		{Check: cnes.C3, CNES: "9990001", Arg: "M", Want: fail, Reason: R(cnes.ReasonGestao), Note: "file for the municipal gestor"},
		{Check: cnes.C3, CNES: "9990006", Arg: "M", Want: ok, Note: "gestão dupla accepts M"},
		{Check: cnes.C4, CNES: "9990001", Prof: "P01", Want: ok, Note: "radiologist"},
		{Check: cnes.C4, CNES: "9990001", Prof: "P03", Want: fail, Reason: R(cnes.ReasonNoVinculo), Note: "dentist of another establishment"},
		{Check: cnes.C4, CNES: "9990004", Prof: "P11", Want: fail, Reason: R(cnes.ReasonNotSUS), Note: "TP_SUS_NAO_SUS=N"},
		{Check: cnes.C4, CNES: "9990003", Prof: "P08", Want: ok, Note: "vínculo in a deactivated establishment (C2 fails)"},
		{Check: cnes.C4, CNES: "9990007", Prof: "P16", Want: ok, Until: "202512", Note: "vínculo present in 202512"},
		{Check: cnes.C4, CNES: "9990007", Prof: "P16", Want: fail, Reason: R(cnes.ReasonNoVinculo), From: "202601", Note: "vínculo ended after 202512"},
		{Check: cnes.C4, CNES: "9990001", Prof: "P17", Want: ok, Note: "CNS with two CO_PROFISSIONAL_SUS (first)"},
		{Check: cnes.C4, CNES: "9990007", Prof: "P17", Want: ok, Note: "CNS with two CO_PROFISSIONAL_SUS (second)"},
		{Check: cnes.C5, CNES: "9990001", Prof: "P01", Arg: "225320", Want: ok, Note: "radiologist CBO"},
		{Check: cnes.C5, CNES: "9990001", Prof: "P01", Arg: "225125", Want: fail, Reason: R(cnes.ReasonCBO), Note: "CBO not linked"},
		{Check: cnes.C5, CNES: "9990002", Prof: "P05", Arg: "225125", Want: ok, Note: "two CBOs in one establishment (first)"},
		{Check: cnes.C5, CNES: "9990002", Prof: "P05", Arg: "2231F9", Want: ok, Note: "CBO with a letter"},
		{Check: cnes.C5, CNES: "9990004", Prof: "P11", Arg: "225125", Want: fail, Reason: R(cnes.ReasonNotSUS), Note: "only a non-SUS vínculo"},
		{Check: cnes.C5, CNES: "9990001", Prof: "P03", Arg: "223208", Want: fail, Reason: R(cnes.ReasonNoVinculo), Note: "no vínculo at all"},
		{Check: cnes.C6, CNES: "9990004", Team: "T2", Prof: "P09", Want: ok, Note: "eSF member"},
		{Check: cnes.C6, CNES: "9990004", Team: "T2", Prof: "P10", Want: fail, Reason: R(cnes.ReasonMemberInactive), Note: "DT_DESLIGAMENTO 30/06/2025"},
		{Check: cnes.C6, CNES: "9990004", Team: "T3", Prof: "P09", Want: fail, Reason: R(cnes.ReasonTeamInactive), Note: "team deactivated 31/03/2025"},
		{Check: cnes.C6, CNES: "9990004", Team: "T2", Prof: "P11", Want: fail, Reason: R(cnes.ReasonNotMember), Note: "not in the team"},
		{Check: cnes.C6, CNES: "9990001", Team: "T2", Prof: "P09", Want: fail, Reason: R(cnes.ReasonTeamOtherEstab), Note: "team of 9990004"},
		{Check: cnes.C6, CNES: "9990004", Team: "none", Prof: "P09", Want: fail, Reason: R(cnes.ReasonTeamNotFound), Note: "INE of no team"},
		{Check: cnes.C6, CNES: "9990002", Team: "T1", Prof: "P05", Want: ok, Note: "EqAE member"},
		{Check: cnes.C7, CNES: "9990002", Team: "T1", Arg: "81", Want: ok, Note: "EqAE"},
		{Check: cnes.C7, CNES: "9990004", Team: "T2", Arg: "81", Want: fail, Reason: R(cnes.ReasonTeamType), Note: "eSF is not EqAE"},
		{Check: cnes.C7, CNES: "9990004", Team: "T2", Arg: "70", Want: ok, Note: "eSF"},
		{Check: cnes.C8, CNES: "9990001", Arg: "121/004", Want: ok, Note: "MRI service (duplicate row de-duplicated)"},
		{Check: cnes.C8, CNES: "9990001", Arg: "121/012", Want: ok, Note: "class stored as 12"},
		{Check: cnes.C8, CNES: "9990001", Arg: "121/010", Want: fail, Reason: R(cnes.ReasonServClassNotSUS), Note: "CO_AMBULATORIAL_SUS=2"},
		{Check: cnes.C8, CNES: "9990001", Arg: "121/010 121/004", Want: ok, Note: "any of the SIGTAP pairs"},
		{Check: cnes.C8, CNES: "9990001", Arg: "114/007", Want: fail, Reason: R(cnes.ReasonServClassMissing), Note: "not offered"},
		{Check: cnes.C8, CNES: "9990002", Arg: "114/007", Want: ok, Note: "114/007 with CO_AMBULATORIAL_SUS=1"},
		{Check: cnes.C8, CNES: "9990005", Arg: "114/007", Want: fail, Reason: R(cnes.ReasonServClassNotSUS), Note: "114/007 with CO_AMBULATORIAL_SUS=2"},
		{Check: cnes.C9, CNES: "9990002", Arg: "3802", Want: ok, Note: "38.02 open-ended (blank CMTP_FIM)"},
		{Check: cnes.C9, CNES: "9990002", Arg: "3803", Want: ok, Note: "38.03 open-ended (999999)"},
		{Check: cnes.C9, CNES: "9990002", Arg: "0403", Want: ok, Note: "CEO 04.03 (000000), regra condicionada 0001"},
		{Check: cnes.C9, CNES: "9990002", Arg: "3805 3802", Want: ok, Note: "any of the SIGTAP habilitações"},
		{Check: cnes.C9, CNES: "9990006", Arg: "3803", Want: fail, Reason: R(cnes.ReasonHabNotInForce), Note: "CMTP_FIM 202503 in the past"},
		{Check: cnes.C9, CNES: "9990006", Arg: "3802", Want: fail, Reason: R(cnes.ReasonHabNotInForce), Note: "CMTP_INICIO 202602 in the future"},
		{Check: cnes.C9, CNES: "9990005", Arg: "0403", Want: fail, Reason: R(cnes.ReasonHabOtherType), Note: "only an incentivo (I) row"},
		{Check: cnes.C9, CNES: "9990001", Arg: "3802", Want: fail, Reason: R(cnes.ReasonHabMissing), Note: "no habilitação"},
		{Check: cnes.C10, CNES: "9990001", Arg: "estab", Want: ok, Note: "establishment's own CNPJ"},
		{Check: cnes.C10, CNES: "9990001", Arg: "mantenedora", Want: ok, Note: "mantenedora's CNPJ"},
		{Check: cnes.C10, CNES: "9990002", Arg: "terceiro", Want: ok, Note: "third party of rlEstabServClass"},
		{Check: cnes.C10, CNES: "9990001", Arg: "other", Want: fail, Reason: R(cnes.ReasonCNPJNotCandidate), Note: "unrelated CNPJ"},
		{Check: cnes.C11, Prof: "P12", Want: fail, Reason: R(cnes.ReasonWorkload), Note: "3 × 60 h = 180 h > 168 h"},
		{Check: cnes.C11, Prof: "P13", Want: fail, Reason: R(cnes.ReasonPublicVinculos), Note: "3 public vínculos (0101, 0102)"},
		{Check: cnes.C11, Prof: "P01", Want: ok, Note: "40 h"},
		{Check: cnes.C11, Prof: "P17", Want: ok, Note: "40 h over two CO_PROFISSIONAL_SUS"},
		{Check: cnes.C12, CNES: "9990002", Team: "T1", Prof: "P05", Want: ok, Note: "NU_CNPJ_DETALHAMENTO_VINCULO = establishment CNPJ"},
		{Check: cnes.C12, CNES: "9990002", Team: "T1", Prof: "P06", Want: fail, Reason: R(cnes.ReasonCNPJMismatch), Note: "EqAE member with a wrong CNPJ"},
		{Check: cnes.C12, CNES: "9990004", Team: "T2", Prof: "P09", Want: fail, Reason: R(cnes.ReasonTeamType), Note: "not an EqAE"},
		{Check: cnes.C12, CNES: "9990002", Team: "T1", Prof: "P03", Want: fail, Reason: R(cnes.ReasonNotMember), Note: "not an EqAE member"},
	}
}
