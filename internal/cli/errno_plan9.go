package cli

// isErrno reports whether err holds a system error number: Plan 9 has
// none (its system errors are strings, wrapped in *fs.PathError).
func isErrno(err error) bool { return false }
