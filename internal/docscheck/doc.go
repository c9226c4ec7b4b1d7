// Package docscheck holds only a test: every citation of the repository's
// documentation in the code ("docs/bpa.md §3.1") must name an existing
// file of docs/ and a section heading of it, every link between the
// documents must resolve, and no comment may cite the old spec files or a
// bare "§N" without its file, so that citations cannot rot.
package docscheck
