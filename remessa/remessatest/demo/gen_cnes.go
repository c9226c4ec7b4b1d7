package demo

// The synthetic CNES registry of the demo world (cnes/202512 and
// cnes/202601, see cnes/README.md) is written by the cnes generator
// (cnes/cnestest.World with seed 1). Rewrite it with
//
//	go generate -run examples/cnes ./remessa/remessatest/demo
//
//go:generate go run ../../../examples/cnes gen -seed 1 -competencia 202512 -o cnes/202512
//go:generate go run ../../../examples/cnes gen -seed 1 -competencia 202601 -o cnes/202601
