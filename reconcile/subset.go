package reconcile

// subsets returns up to two sets of indices into vals, each of size 2..maxSize, whose sum lies in
// [lo, hi]; the search goes in lexicographic order, so with vals oldest first the first set found
// prefers the oldest items. complete is false when the step budget ran out before the search ended:
// then one set found is not known to be the only one. vals must be positive.
func subsets(vals []units, lo, hi units, minSize, maxSize, maxSteps int) (found [][]int, complete bool) {
	suffix := make([]units, len(vals)+1)
	for i := len(vals) - 1; i >= 0; i-- {
		suffix[i] = suffix[i+1] + vals[i]
	}
	steps := 0
	var pick []int
	var walk func(from int, sum units) bool
	walk = func(from int, sum units) bool {
		for i := from; i < len(vals) && len(found) < 2; i++ {
			if steps++; steps > maxSteps {
				return false
			}
			if sum+suffix[i] < lo {
				return true // even all the rest cannot reach lo
			}
			s := sum + vals[i]
			if s > hi {
				continue
			}
			pick = append(pick, i)
			if s >= lo && len(pick) >= minSize {
				found = append(found, append([]int(nil), pick...))
			}
			if s < hi && len(pick) < maxSize && !walk(i+1, s) {
				return false
			}
			pick = pick[:len(pick)-1]
		}
		return true
	}
	complete = walk(0, 0)
	return found, complete
}
