module github.com/go-sus/sus

go 1.26.0

require golang.org/x/text v0.44.0
