package demo

// The SIGTAP part of the world: the 20 procedures listed in sigtap/README.md and
// everything they reference, cut from the official releases in
// ../shared/data/sigtap by the sigtap CLI (sigtap/README.md lists them).
// Run `go generate -run examples/sigtap ./remessa/remessatest/demo` from the
// repository root (the releases are read from ../shared/data/sigtap); the
// output is byte-for-byte reproducible.

//go:generate go run ../../../examples/sigtap subset -o sigtap/TabelaUnificada_202512_v2601221256.zip ../../../../shared/data/sigtap/TabelaUnificada_202512_v2601221256.zip 0301010072 0301010048 0214010015 0301100039 0202010473 0204030188 0207010064 0207010030 0207030057 0203020030 0401020150 0201010607 0101020058 0701010185 0102010056 0202030024 0301130019 0202020550 0901010014 0501040064
//go:generate go run ../../../examples/sigtap subset -o sigtap/TabelaUnificada_202601_v2601221740.zip ../../../../shared/data/sigtap/TabelaUnificada_202601_v2601221740.zip 0301010072 0301010048 0214010015 0301100039 0202010473 0204030188 0207010064 0207010030 0207030057 0203020030 0401020150 0201010607 0101020058 0701010185 0102010056 0202030024 0301130019 0202020550 0901010014 0501040064
