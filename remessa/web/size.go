package web

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ErrSize is wrapped by the errors of ParseSize.
var ErrSize = errors.New("invalid size")

// ParseSize reads a size in bytes as people write it: a whole or decimal
// number with an optional unit, "1073741824", "1GB", "1 GiB", "512M",
// "1,5 GB", "200kB". Units are B, K/KB/KiB, M/MB/MiB, G/GB/GiB, T/TB/TiB,
// case-insensitive; like most tools dealing with uploads, K, M, G and T
// are powers of 1024 whether or not an "i" is written. The size must be
// positive and fit in an int64.
func ParseSize(s string) (int64, error) {
	in := s
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 32 {
		return 0, fmt.Errorf("%w %q: want a number of bytes with an optional unit (KB, MB, GB)", ErrSize, in)
	}
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == ',') {
		i++
	}
	num, unit := s[:i], strings.ToUpper(strings.TrimSpace(s[i:]))
	mult := float64(1)
	switch unit {
	case "", "B", "BYTE", "BYTES":
	case "K", "KB", "KIB":
		mult = 1 << 10
	case "M", "MB", "MIB":
		mult = 1 << 20
	case "G", "GB", "GIB":
		mult = 1 << 30
	case "T", "TB", "TIB":
		mult = 1 << 40
	default:
		return 0, fmt.Errorf("%w %q: unknown unit %q (use B, KB, MB, GB or TB)", ErrSize, in, s[i:])
	}
	if num == "" || strings.Count(num, ".")+strings.Count(num, ",") > 1 {
		return 0, fmt.Errorf("%w %q: want a number of bytes with an optional unit (KB, MB, GB)", ErrSize, in)
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(num, ",", "."), 64)
	if err != nil {
		return 0, fmt.Errorf("%w %q: want a number of bytes with an optional unit (KB, MB, GB)", ErrSize, in)
	}
	v := f * mult
	if v < 1 || v >= math.MaxInt64 || math.IsNaN(v) {
		return 0, fmt.Errorf("%w %q: out of range", ErrSize, in)
	}
	return int64(v), nil
}

// FormatSize writes a size in bytes for people, in Portuguese: "1 GB",
// "512 MB", "1,5 MB", "800 bytes" (powers of 1024, as ParseSize reads
// them).
func FormatSize(n int64) string {
	units := []string{"KB", "MB", "GB", "TB"}
	if n < 1024 {
		if n == 1 {
			return "1 byte"
		}
		return strconv.FormatInt(n, 10) + " bytes"
	}
	v := float64(n)
	u := ""
	for _, x := range units {
		if v < 1024 {
			break
		}
		v /= 1024
		u = x
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1) + " " + u
}
