package sigtap

// The tiny releases in testdata/ that the examples and tests run on
// without ../shared: five procedures (0301010072, 0301130019, 0201010607,
// 0202020550, 0204030188) and everything they reference, cut from the
// four official releases in ../shared/data/sigtap and written as
// directories. Regenerate with `go generate ./sigtap`.

//go:generate go run ../examples/sigtap subset -o testdata/TabelaUnificada_202510_v2510160954 ../../shared/data/sigtap/TabelaUnificada_202510_v2510160954.zip 0301010072 0301130019 0201010607 0202020550 0204030188
//go:generate go run ../examples/sigtap subset -o testdata/TabelaUnificada_202511_v2511111519 ../../shared/data/sigtap/TabelaUnificada_202511_v2511111519.zip 0301010072 0301130019 0201010607 0202020550 0204030188
//go:generate go run ../examples/sigtap subset -o testdata/TabelaUnificada_202512_v2601221256 ../../shared/data/sigtap/TabelaUnificada_202512_v2601221256.zip 0301010072 0301130019 0201010607 0202020550 0204030188
//go:generate go run ../examples/sigtap subset -o testdata/TabelaUnificada_202601_v2601221740 ../../shared/data/sigtap/TabelaUnificada_202601_v2601221740.zip 0301010072 0301130019 0201010607 0202020550 0204030188
