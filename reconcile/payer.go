package reconcile

import (
	"fmt"
	"slices"
)

// identifyPayer sets who paid: the customer of a learned IBAN, else the one customer whose name or
// alias the payer's name is (up to legal form, accents, case), else the one clearly most similar.
// Customers that resemble the payer without identifying it are kept as weak candidates.
func (e *engine) identifyPayer(t *Transaction, ev *evidence, sc *scratch) {
	ev.payerName = makeNameForm(t.Payer.Name)
	ev.payerKey = ev.payerName.key
	if iban := compactIBAN(t.Payer.IBAN); iban != "" {
		if c, ok := e.accounts[iban]; ok {
			ev.payer, ev.byIBAN = c, true
			ev.payerHow = fmt.Sprintf("payer's IBAN %s learned from earlier payments of %s", iban, e.customerLabel(c))
			return
		}
	}
	key := ev.payerKey
	if key == "" {
		return
	}
	if cs := e.byName[key]; len(cs) == 1 {
		ev.payer = cs[0]
		how := "name"
		if e.customers[cs[0]].keys[0].key != key {
			how = "known alias"
		}
		ev.payerHow = fmt.Sprintf("payer %q is the %s of %s", t.Payer.Name, how, e.customerLabel(cs[0]))
		return
	} else if len(cs) > 1 {
		ev.weak = slices.Clone(cs)
		return
	}
	best, second, bestSim, secondSim := int32(-1), int32(-1), 0.0, 0.0
	for _, c := range e.nameCandidates(key, sc) {
		s := e.similarity(ev.payerName, c)
		switch {
		case s > bestSim:
			second, secondSim = best, bestSim
			best, bestSim = c, s
		case s > secondSim:
			second, secondSim = c, s
		}
	}
	if best < 0 {
		return
	}
	if bestSim >= e.opt.NameThreshold && bestSim-secondSim >= 0.03 {
		ev.payer = best
		ev.payerHow = fmt.Sprintf("payer %q resembles %s (similarity %.2f)", t.Payer.Name, e.customerLabel(best), bestSim)
		return
	}
	if bestSim >= weakSimilarity {
		ev.weak = append(ev.weak, best)
		if second >= 0 && secondSim >= weakSimilarity {
			ev.weak = append(ev.weak, second)
		}
	}
}

// scratch is a worker's reusable memory for counting shared words.
type scratch struct {
	counts  []uint8
	touched []int32
	buf     []byte
}

// weakSimilarity is the name similarity from which a customer is proposed, never applied, when the
// amount equals one of its invoices.
const weakSimilarity = 0.88

// nameCandidates are the customers sharing the most words with a name key; words shared by very
// many customers are skipped, they tell nothing.
func (e *engine) nameCandidates(key string, sc *scratch) []int32 {
	const maxPosting, maxCandidates = 2000, 8 // up to 32 candidates
	if len(sc.counts) < len(e.customers) {
		sc.counts = make([]uint8, len(e.customers))
	}
	sc.touched = sc.touched[:0]
	best := uint8(0)
	for _, w := range wordKeys(key) {
		if len(w) < 2 {
			continue
		}
		if list := e.byWord[w]; len(list) <= maxPosting {
			for _, c := range list {
				if sc.counts[c] == 0 {
					sc.touched = append(sc.touched, c)
				}
				if sc.counts[c] < 255 {
					sc.counts[c]++
				}
				best = max(best, sc.counts[c])
			}
		}
	}
	// Those sharing the most words; one word shared with very many customers singles out none.
	var out []int32
	for _, c := range sc.touched {
		if sc.counts[c] == best {
			out = append(out, c)
		}
	}
	if best == 1 && len(out) > maxCandidates*4 {
		out = out[:0]
	}
	slices.Sort(out)
	out = out[:min(len(out), maxCandidates*4)]
	for _, c := range sc.touched {
		sc.counts[c] = 0
	}
	return out
}

// similarity is the best similarity of a name to a customer's name and aliases.
func (e *engine) similarity(n nameForm, c int32) float64 {
	best := 0.0
	for _, k := range e.customers[c].keys {
		best = max(best, nameSimilarity(n, k))
	}
	return best
}

func (e *engine) customerLabel(c int32) string {
	cu := e.customers[c]
	if cu.name == "" {
		return "customer " + cu.id
	}
	return fmt.Sprintf("customer %s %s", cu.id, cu.name)
}

// vouches reports whether the payer is, or resembles, the customer of an item.
func (e *engine) vouches(ev *evidence, c int32) bool {
	if ev.payer >= 0 {
		return ev.payer == c
	}
	return ev.payerKey != "" && e.similarity(ev.payerName, c) >= 0.85
}

// contradicts reports whether the payer is identified as another customer than c.
func (e *engine) contradicts(ev *evidence, c int32) bool {
	return ev.payer >= 0 && ev.payer != c && !(ev.payerKey != "" && e.similarity(ev.payerName, c) >= 0.85)
}
