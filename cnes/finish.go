package cnes

import (
	"bytes"
	"cmp"
	"slices"
	"sort"
)

// finish joins the CNS into the vínculos and members, sorts the rows and
// records each establishment's and team's spans.
func (l *loader) finish() {
	s := l.s
	s.byCNS = newIndex64(len(s.profs))
	for i := range s.profs {
		s.profs[i].key = cnsKey(&s.profs[i].cns)
	}
	for i := range s.profs {
		if i%batch == 0 {
			for j := i; j < min(i+batch, len(s.profs)); j++ {
				l.sink += s.byCNS.touch(s.profs[j].key)
			}
		}
		p := &s.profs[i]
		k := p.key
		if k == noKey {
			continue
		}
		if first, ok := s.byCNS.get(k); ok {
			p.next = s.profs[first].next
			s.profs[first].next = int32(i)
		} else {
			s.byCNS.put(k, int32(i))
		}
	}
	// An unfiltered load sums the workload here, in the same pass that
	// fetches each vínculo's professional (a filtered one did it in
	// workloadPass, over every establishment).
	sum := !s.filtered
	for i := range s.vincs {
		if i%batch == 0 { // issue the next batch's professional loads together
			for j := i; j < min(i+batch, len(s.vincs)); j++ {
				l.sink += uint64(s.profs[s.vincs[j].prof].hours)
			}
		}
		v := &s.vincs[i]
		p := &s.profs[v.prof]
		v.key = p.key
		if sum {
			p.hours += int32(v.chAmb) + int32(v.chHosp) + int32(v.chOutros)
			p.nvinc++
			if l.public(v.vinculacao) {
				p.public++
			}
		}
	}
	for i := range s.members {
		m := &s.members[i]
		m.key = s.profs[m.prof].key
	}
	n := len(s.estabs)
	s.vincs = bucketSort(s.vincs, n, func(v *vinc) int32 { return v.estab }, nil)
	sortVincs(s.vincs, s.estabs)
	s.vkeys = make([]uint64, len(s.vincs))
	for i := range s.vincs {
		s.vkeys[i] = s.vincs[i].key
	}
	s.members = bucketSort(s.members, len(s.teams), func(m *member) int32 { return m.team }, func(a, b *member) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.prof, b.prof)
	})
	s.servs = bucketSort(s.servs, n, func(v *serv) int32 { return v.estab }, func(a, b *serv) int {
		if c := cmp.Compare(a.sc.Servico, b.sc.Servico); c != 0 {
			return c
		}
		if c := cmp.Compare(a.sc.Classificacao, b.sc.Classificacao); c != 0 {
			return c
		}
		if a.sus != b.sus { // SUS rows first
			if a.sus {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(a.caract, b.caract); c != 0 {
			return c
		}
		return bytes.Compare(a.cnpj[:], b.cnpj[:])
	})
	before := len(s.servs)
	s.servs = slices.Compact(s.servs)
	s.stats[TableServClass].Skipped += before - len(s.servs)
	s.stats[TableServClass].Kept -= before - len(s.servs)
	s.habs = bucketSort(s.habs, n, func(v *hab) int32 { return v.estab }, func(a, b *hab) int {
		if c := cmp.Compare(a.code, b.code); c != 0 {
			return c
		}
		if c := cmp.Compare(a.tipo, b.tipo); c != 0 {
			return c
		}
		return cmp.Compare(a.inicio.Int(), b.inicio.Int())
	})
	spans(s.vincs, func(v *vinc) int32 { return v.estab }, func(e, off, n int32) {
		s.estabs[e].vOff, s.estabs[e].vN = off, n
	})
	spans(s.servs, func(v *serv) int32 { return v.estab }, func(e, off, n int32) {
		s.estabs[e].sOff, s.estabs[e].sN = off, n
	})
	spans(s.habs, func(v *hab) int32 { return v.estab }, func(e, off, n int32) {
		s.estabs[e].hOff, s.estabs[e].hN = off, n
	})
	spans(s.members, func(v *member) int32 { return v.team }, func(t, off, n int32) {
		s.teams[t].mOff, s.teams[t].mN = off, n
	})
}

// bucketSort groups rows by their owner (0 ≤ owner < n) with a counting
// sort, then sorts each group with cmp: O(rows) plus small sorts, instead
// of one big comparison sort.
func bucketSort[T any](rows []T, n int, owner func(*T) int32, cmp func(a, b *T) int) []T {
	pos := make([]int32, n+1)
	grouped := true // rows already come grouped by owner (files sorted by CO_UNIDADE)
	for i := range rows {
		o := owner(&rows[i])
		pos[o+1]++
		grouped = grouped && (i == 0 || owner(&rows[i-1]) <= o)
	}
	for i := 1; i <= n; i++ {
		pos[i] += pos[i-1]
	}
	out := rows
	if !grouped {
		out = make([]T, len(rows))
		next := slices.Clone(pos[:n])
		for i := range rows {
			o := owner(&rows[i])
			out[next[o]] = rows[i]
			next[o]++
		}
	}
	for o := 0; o < n && cmp != nil; o++ {
		g := out[pos[o]:pos[o+1]]
		if len(g) <= 16 {
			for i := 1; i < len(g); i++ {
				for j := i; j > 0 && cmp(&g[j], &g[j-1]) < 0; j-- {
					g[j], g[j-1] = g[j-1], g[j]
				}
			}
			continue
		}
		sort.Sort(group[T]{g, cmp})
	}
	return out
}

// sortVincs sorts each establishment's vínculos by (CNS, CBO,
// professional). The establishments' spans are not set yet, so the groups
// are found by scanning. Each group is ordered through packed
// (CNS key, position) words sorted as plain integers, then runs of one
// CNS are put in CBO order.
func sortVincs(vs []vinc, estabs []estab) {
	const posBits = 14
	var words []uint64
	var tmp []vinc
	less := func(a, b *vinc) bool {
		if a.key != b.key {
			return a.key < b.key
		}
		if c := bytes.Compare(a.cbo[:], b.cbo[:]); c != 0 {
			return c < 0
		}
		return a.prof < b.prof
	}
	for lo := 0; lo < len(vs); {
		hi := lo + 1
		for hi < len(vs) && vs[hi].estab == vs[lo].estab {
			hi++
		}
		g := vs[lo:hi]
		lo = hi
		if len(g) < 2 || slices.IsSortedFunc(g, func(a, b vinc) int { return boolCmp(less(&a, &b), less(&b, &a)) }) {
			continue
		}
		if len(g) >= 1<<posBits {
			sort.Slice(g, func(i, j int) bool { return less(&g[i], &g[j]) })
			continue
		}
		words = words[:0]
		for i := range g {
			k := min(g[i].key, 1<<50-1) // noKey (no CNS) sorts last
			words = append(words, k<<posBits|uint64(i))
		}
		slices.Sort(words)
		tmp = append(tmp[:0], g...)
		for i, w := range words {
			g[i] = tmp[w&(1<<posBits-1)]
		}
		for i := 1; i < len(g); i++ { // CBO order within one CNS
			for j := i; j > 0 && g[j].key == g[j-1].key && less(&g[j], &g[j-1]); j-- {
				g[j], g[j-1] = g[j-1], g[j]
			}
		}
	}
}

func boolCmp(less, greater bool) int {
	switch {
	case less:
		return -1
	case greater:
		return 1
	}
	return 0
}

// group sorts one bucket in place, comparing through pointers.
type group[T any] struct {
	g   []T
	cmp func(a, b *T) int
}

func (g group[T]) Len() int           { return len(g.g) }
func (g group[T]) Less(i, j int) bool { return g.cmp(&g.g[i], &g.g[j]) < 0 }
func (g group[T]) Swap(i, j int)      { g.g[i], g.g[j] = g.g[j], g.g[i] }

// spans calls set(key, offset, length) for each run of equal keys in a
// slice sorted by key.
func spans[T any](rows []T, key func(*T) int32, set func(k, off, n int32)) {
	for i := 0; i < len(rows); {
		k := key(&rows[i])
		j := i + 1
		for j < len(rows) && key(&rows[j]) == k {
			j++
		}
		set(k, int32(i), int32(j-i))
		i = j
	}
}
