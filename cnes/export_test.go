package cnes

import "io"

// ReadRecords reads every record of r with the loader's CSV reader and
// returns how many there were (BenchmarkRecordFloor).
func ReadRecords(r io.Reader) (int, error) {
	rr := newRecordReader(r, DefaultMaxRecordBytes, false)
	for n := 0; ; n++ {
		if _, err := rr.read(); err == io.EOF {
			return n, nil
		} else if err != nil {
			return n, err
		}
	}
}
