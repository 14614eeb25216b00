package reconcile

import (
	"fmt"
	"slices"
	"strings"
)

// proposal is one way to read a transaction, with the confidence that it is the right one.
type proposal struct {
	fit    fit
	conf   float64
	reason string // the evidence, in words
	named  bool   // the payer named these invoices, and is their customer
}

// Confidences. A proposal is applied from Options.AutoThreshold (0.9 by default) when no different
// proposal comes within rivalMargin of it.
const (
	confAmbiguous = 0.6  // one of several equally good fits
	confHint      = 0.5  // something links them, but the amount fits nothing
	rivalMargin   = 0.1  // a different proposal this close makes the best one only a suggestion
	confMax       = 0.99 // never certain
)

var refBase = map[refKind]float64{refExact: 0.99, refRF: 0.99, refNorm: 0.97, refCustomer: 0.96, refDigits: 0.93}

var refWords = map[refKind]string{
	refExact:    "named in the remittance text",
	refNorm:     "named in the remittance text (up to case, separators and leading zeros)",
	refDigits:   "named by its digits in the remittance text",
	refRF:       "named by the RF creditor reference %s (check digits valid)",
	refCustomer: "named by the customer's reference %s",
}

func (e *engine) openFor(i int32, cur string) bool {
	return e.rem[i] > 0 && e.items[i].currency == cur
}

// refProposals reads the invoices the transaction names (passes 1, 2 and 4).
func (e *engine) refProposals(t *Transaction, ev *evidence, notes *[]string) []proposal {
	var chosen []int32
	var words []string
	base, penalty := confMax, 0.0
	for _, h := range ev.refs {
		open := slices.DeleteFunc(slices.Clone(h.items), func(i int32) bool { return !e.openFor(i, t.Currency) })
		if len(open) == 0 {
			*notes = append(*notes, fmt.Sprintf("%s names %s, no longer open in %s", h.written, e.numbers(h.items), t.Currency))
			continue
		}
		if len(open) > 1 {
			// One key, several invoices (two series with the same digits): the payer decides.
			vouched := slices.DeleteFunc(slices.Clone(open), func(i int32) bool { return !e.vouches(ev, e.items[i].cust) })
			if len(vouched) != 1 {
				*notes = append(*notes, fmt.Sprintf("%s may be any of %s", h.written, e.numbers(open)))
				continue
			}
			open, penalty = vouched, max(penalty, 0.03)
		}
		if !slices.Contains(chosen, open[0]) {
			chosen = append(chosen, open[0])
			base = min(base, refBase[h.kind])
			w := refWords[h.kind]
			if strings.Contains(w, "%s") {
				w = fmt.Sprintf(w, h.written)
			}
			words = append(words, fmt.Sprintf("invoice %s %s", e.items[open[0]].number, w))
		}
	}
	if len(chosen) == 0 {
		return nil
	}
	slices.Sort(chosen)
	vouched, contradicted := true, false
	for _, i := range chosen {
		vouched = vouched && e.vouches(ev, e.items[i].cust)
		contradicted = contradicted || e.contradicts(ev, e.items[i].cust)
	}
	reason := strings.Join(words, "; ")
	if vouched && ev.payer >= 0 {
		reason += "; " + ev.payerHow
	}
	if contradicted {
		reason += "; but the payer is " + e.customerLabel(ev.payer)
	}
	f := e.fit(ev.amount, chosen, t.Date())
	conf := base - penalty
	switch f.kind {
	case fitDiscount:
		conf -= 0.01
	case fitWriteOff:
		conf -= 0.02
	case fitOver:
		conf = pick(vouched, 0.92, 0.75)
	case fitShort:
		if len(chosen) > 1 {
			return e.shortOfSeveral(t, ev, chosen, reason, vouched)
		}
		conf = pick(vouched, 0.93, 0.75)
	}
	if contradicted {
		conf = min(conf, pick(f.kind.settles(), 0.85, confHint))
	}
	return []proposal{{fit: f, conf: conf, reason: reason, named: vouched && !contradicted}}
}

// shortOfSeveral handles a payment short of the several invoices it names: exactly a subset of them
// paid is applied; anything else is a proposal (perhaps a dispute over the others).
func (e *engine) shortOfSeveral(t *Transaction, ev *evidence, named []int32, reason string, vouched bool) []proposal {
	vals := make([]units, len(named))
	for k, i := range named {
		vals[k] = e.rem[i]
	}
	found, complete := subsets(vals, ev.amount, ev.amount, 1, len(named), e.opt.MaxSubsetSteps)
	if len(found) == 1 && complete {
		var paid, unpaid []int32
		for k, i := range named {
			if slices.Contains(found[0], k) {
				paid = append(paid, i)
			} else {
				unpaid = append(unpaid, i)
			}
		}
		r := fmt.Sprintf("%s; the amount pays exactly %s, %s stays open", reason, e.numbers(paid), e.numbers(unpaid))
		return []proposal{{fit: e.fit(ev.amount, paid, t.Date()), conf: pick(vouched, 0.92, 0.8), reason: r}}
	}
	r := reason + "; a shortfall across several invoices: perhaps a dispute"
	return []proposal{{fit: e.fit(ev.amount, named, t.Date()), conf: 0.7, reason: r}}
}

// typoProposals reads words one edit away from an open invoice's number (pass 1, typos).
func (e *engine) typoProposals(t *Transaction, ev *evidence) []proposal {
	var out []proposal
	for _, h := range ev.typos {
		open := slices.DeleteFunc(slices.Clone(h.near), func(i int32) bool { return !e.openFor(i, t.Currency) })
		var fitting []fit
		for _, i := range open {
			if e.fitOne(ev.amount, i, t.Date()).settles() {
				fitting = append(fitting, e.fit(ev.amount, []int32{i}, t.Date()))
			}
		}
		for _, f := range fitting {
			i := f.items[0]
			cust := e.items[i].cust
			vouched := e.vouches(ev, cust)
			var conf float64
			var why string
			switch {
			case len(fitting) > 1:
				conf, why = confAmbiguous, fmt.Sprintf("one typo, but %d open invoices that close fit the amount", len(fitting))
			case len(open) == 1 && !h.exists:
				conf, why = pick(vouched, 0.96, 0.92), "one typo; the only open invoice that close"
			default:
				conf, why = pick(vouched, 0.91, 0.85), fmt.Sprintf("one typo; of the %d open invoices that close only it fits the amount", len(open))
			}
			if vouched && len(fitting) == 1 {
				why += "; paid by its customer"
			}
			if e.contradicts(ev, cust) {
				conf = confAmbiguous
				why += "; but the payer is " + e.customerLabel(ev.payer)
			}
			out = append(out, proposal{fit: f, conf: conf, reason: fmt.Sprintf("invoice %s read from %s (%s)", e.items[i].number, h.written, why)})
		}
	}
	return out
}

// payerProposals reads the payer and the amount (pass 3): one open invoice of the customer, else a
// combination of them.
func (e *engine) payerProposals(t *Transaction, ev *evidence, notes *[]string) []proposal {
	if ev.payer < 0 {
		return e.weakProposals(t, ev)
	}
	base := 0.95
	if !ev.byIBAN {
		base = 0.93
		if strings.Contains(ev.payerHow, "resembles") {
			base = 0.91
		}
	}
	var open []int32
	for _, i := range e.customers[ev.payer].items {
		if e.openFor(i, t.Currency) {
			open = append(open, i)
		}
	}
	if len(open) == 0 {
		*notes = append(*notes, ev.payerHow+", which has no open invoice in "+t.Currency)
		return nil
	}
	singles := e.singleFits(t, ev, open, base, ev.payerHow)
	if len(singles) > 0 && singles[0].fit.kind == fitExact {
		return singles
	}
	// A single invoice only near the amount competes with a combination that is exact.
	if ps := e.subsetFits(t, ev, open, base, len(singles) > 0); len(ps) > 0 || len(singles) > 0 {
		return append(singles, ps...)
	}
	if !ev.byIBAN {
		// A name alone, and an amount that fits nothing: nothing plausible.
		*notes = append(*notes, fmt.Sprintf("%s, but the amount fits none of its %d open invoices", ev.payerHow, len(open)))
		return nil
	}
	f := e.fit(ev.amount, open, t.Date())
	r := fmt.Sprintf("%s; the amount fits none of its %d open invoices, nor a combination of them", ev.payerHow, len(open))
	return []proposal{{fit: f, conf: confHint, reason: r}}
}

// singleFits are the customer's invoices the amount settles alone, best kind of fit first.
func (e *engine) singleFits(t *Transaction, ev *evidence, open []int32, base float64, how string) []proposal {
	// Tiers: equal; equal after the discount; short within the write-off tolerance (with or
	// without a discount). A fit of one tier is unique only among its tier.
	var tiers [3][]fit
	for _, i := range open {
		if e.fitOne(ev.amount, i, t.Date()).settles() {
			f := e.fit(ev.amount, []int32{i}, t.Date())
			tier := int(f.kind)
			if f.kind == fitDiscount && f.writeOff[0] > 0 {
				tier = 2
			}
			tiers[tier] = append(tiers[tier], f)
		}
	}
	for tier, fits := range tiers {
		switch {
		case len(fits) == 1:
			conf := base - []float64{0, 0.01, 0.02}[tier]
			if tier == 2 && !ev.byIBAN {
				return nil // a name and an amount only near: nothing plausible enough
			}
			r := fmt.Sprintf("%s; invoice %s is its only open invoice the amount settles", how, e.items[fits[0].items[0]].number)
			return []proposal{{fit: fits[0], conf: conf, reason: r}}
		case len(fits) > 1:
			var out []proposal
			for _, f := range fits[:min(len(fits), 3)] {
				r := fmt.Sprintf("%s; %d of its open invoices fit the amount, invoice %s is the oldest", how, len(fits), e.items[f.items[0]].number)
				out = append(out, proposal{fit: f, conf: confAmbiguous, reason: r})
			}
			return out
		}
	}
	return nil
}

// subsetFits looks for the one combination of the customer's oldest invoices the amount pays,
// exactly, else short by no more than the write-off tolerance.
func (e *engine) subsetFits(t *Transaction, ev *evidence, open []int32, base float64, exactOnly bool) []proposal {
	if e.opt.MaxSubsetSize < 2 || len(open) < 2 {
		return nil
	}
	cand := open[:min(len(open), e.opt.MaxSubsetItems)]
	vals := make([]units, len(cand))
	for k, i := range cand {
		vals[k] = e.rem[i]
	}
	hiWO := ev.amount + e.woAmount
	if e.woAmount == 0 {
		hiWO = ev.amount + percentOf(ev.amount, e.woPPM)
	}
	bounds := []units{ev.amount, hiWO}
	if exactOnly || !ev.byIBAN {
		bounds = bounds[:1]
	}
	for _, bound := range bounds {
		found, complete := subsets(vals, ev.amount, bound, 2, e.opt.MaxSubsetSize, e.opt.MaxSubsetSteps)
		if len(found) == 0 {
			if !complete {
				return nil
			}
			continue
		}
		var out []proposal
		for _, set := range found {
			items := make([]int32, len(set))
			for k, x := range set {
				items[k] = cand[x]
			}
			f := e.fit(ev.amount, items, t.Date())
			if !f.kind.settles() {
				continue
			}
			conf := base - 0.02 - 0.02*float64(f.kind)
			r := fmt.Sprintf("%s; invoices %s are the only combination of its open invoices the amount settles", ev.payerHow, e.numbers(items))
			if len(found) > 1 || !complete {
				conf = confAmbiguous
				r = fmt.Sprintf("%s; several combinations of its open invoices fit the amount, e.g. %s (oldest first)", ev.payerHow, e.numbers(items))
			}
			out = append(out, proposal{fit: f, conf: conf, reason: r})
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// weakProposals are invoices of customers the payer only resembles, that the amount settles.
func (e *engine) weakProposals(t *Transaction, ev *evidence) []proposal {
	var out []proposal
	for _, c := range ev.weak {
		var open []int32
		for _, i := range e.customers[c].items {
			if e.openFor(i, t.Currency) {
				open = append(open, i)
			}
		}
		how := fmt.Sprintf("payer %q resembles %s, not enough to be sure", t.Payer.Name, e.customerLabel(c))
		for _, p := range e.singleFits(t, ev, open, confAmbiguous, how) {
			if p.fit.kind == fitExact { // a resemblance and an amount only near: nothing plausible
				p.conf = confAmbiguous
				out = append(out, p)
			}
		}
	}
	return out
}

func (e *engine) numbers(items []int32) string {
	s := make([]string, len(items))
	for k, i := range items {
		s[k] = e.items[i].number
	}
	return strings.Join(s, ", ")
}

func pick(c bool, a, b float64) float64 {
	if c {
		return a
	}
	return b
}
