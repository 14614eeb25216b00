package noisy

import (
	"slices"

	"github.com/o2c-project/o2c/reconcile"
)

// Score compares an engine's results with the truth.
type Score struct {
	Transactions int
	Payments     int             // transactions that pay invoices
	RightAuto    int             // payments applied with no person, allocations exactly the truth's
	Auto         int             // transactions applied with no person (matched, partial)
	WrongAuto    int             // of those, allocations other than the truth's
	Unrelated    int             // credits that pay no invoice
	UnrelatedOK  int             // of those, left unmatched
	Suggested    int             // transactions proposed to a person
	ByKind       map[Kind][2]int // per kind: transactions, applied exactly right
	Wrong        []int           // indexes of the wrong automatic results (the first 20)
}

// Rate returns n/d, 0 when d is 0.
func Rate(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// Grade scores results, in the order of the set's transactions.
func Grade(set *Set, results []reconcile.Result) Score {
	s := Score{Transactions: len(results), ByKind: map[Kind][2]int{}}
	for i, r := range results {
		t := set.Truth[i]
		right := same(t.Paid, r.Allocations)
		k := s.ByKind[t.Kind]
		k[0]++
		if t.Kind == KindUnrelated {
			s.Unrelated++
			if r.Status == reconcile.StatusUnmatched {
				s.UnrelatedOK++
				k[1]++
			}
		} else {
			s.Payments++
			if r.Applied() && right {
				s.RightAuto++
				k[1]++
			}
		}
		s.ByKind[t.Kind] = k
		if r.Status == reconcile.StatusSuggested {
			s.Suggested++
		}
		if r.Applied() {
			s.Auto++
			if !right || t.Kind == KindUnrelated {
				s.WrongAuto++
				if len(s.Wrong) < 20 {
					s.Wrong = append(s.Wrong, i)
				}
			}
		}
	}
	return s
}

func same(paid []Paid, allocs []reconcile.Allocation) bool {
	if len(paid) != len(allocs) {
		return false
	}
	want := slices.Clone(paid)
	for _, a := range allocs {
		k := slices.IndexFunc(want, func(p Paid) bool { return p.Invoice == a.InvoiceNumber && p.Amount.Equal(a.Amount) })
		if k < 0 {
			return false
		}
		want = slices.Delete(want, k, k+1)
	}
	return true
}
