package reconcile

import (
	"fmt"
	"strings"

	"github.com/o2c-project/o2c/cal"
)

// fitKind says how a payment's amount fits the open amount of the items it pays.
type fitKind int

const (
	fitExact    fitKind = iota // equal
	fitDiscount                // equal after early-payment discount (and perhaps a small write-off)
	fitWriteOff                // short by no more than the write-off tolerance
	fitShort                   // short by more: the rest stays open
	fitOver                    // more than open: the rest is customer credit
)

// settles reports whether the items are settled in full.
func (k fitKind) settles() bool { return k <= fitWriteOff }

// fit is how a payment would be spread over items, in item (due date) order.
type fit struct {
	kind     fitKind
	items    []int32
	cash     []units
	writeOff []units
	discount []units
	credit   units
	open     units // what would stay open after a short payment
}

// tolerance is the most of an amount due that may be written off.
func (e *engine) tolerance(due units) units {
	tol := units(-1)
	if e.woAmount > 0 {
		tol = e.woAmount
	}
	if e.woPPM > 0 {
		if p := percentOf(due, e.woPPM); tol < 0 || p < tol {
			tol = p
		}
	}
	return max(tol, 0)
}

// discountable reports whether item i earns its early-payment discount on a payment of date.
func (e *engine) discountable(i int32, date cal.Date) bool {
	it := &e.items[i]
	return it.discount > 0 && e.rem[i] == it.amount && !date.IsZero() && !date.After(it.discUntil)
}

// fitOne is the kind of fit of a payment to item i alone, without building the fit: most items
// tried do not fit at all.
func (e *engine) fitOne(amount units, i int32, date cal.Date) fitKind {
	rem := e.rem[i]
	switch {
	case amount == rem:
		return fitExact
	case amount > rem:
		return fitOver
	}
	if e.discountable(i, date) {
		net := rem - e.items[i].discount
		if gap := net - amount; gap >= 0 && gap <= e.tolerance(net) && amount > 0 {
			return fitDiscount
		}
	}
	if gap := rem - amount; gap <= e.tolerance(rem) {
		return fitWriteOff
	}
	return fitShort
}

func (e *engine) fit(amount units, items []int32, date cal.Date) fit {
	f := fit{items: items, cash: make([]units, len(items)), writeOff: make([]units, len(items)), discount: make([]units, len(items))}
	var sum, disc units
	for k, i := range items {
		sum += e.rem[i]
		if e.discountable(i, date) {
			f.discount[k] = e.items[i].discount
			disc += f.discount[k]
		}
	}
	last := len(items) - 1
	settle := func(kind fitKind, gap units) bool {
		for k, i := range items {
			f.cash[k] = e.rem[i] - f.discount[k]
		}
		f.writeOff[last] = gap
		f.cash[last] -= gap
		if f.cash[last] <= 0 {
			return false
		}
		f.kind = kind
		return true
	}
	if amount == sum && settle(fitExact, 0) {
		clear(f.discount)
		f.cash = f.cash[:0]
		for _, i := range items {
			f.cash = append(f.cash, e.rem[i])
		}
		return f
	}
	if disc > 0 {
		if gap := sum - disc - amount; gap >= 0 && gap <= e.tolerance(sum-disc) && settle(fitDiscount, gap) {
			return f
		}
	}
	clear(f.discount)
	if gap := sum - amount; gap > 0 && gap <= e.tolerance(sum) && settle(fitWriteOff, gap) {
		return f
	}
	clear(f.writeOff)
	if amount > sum {
		for k, i := range items {
			f.cash[k] = e.rem[i]
		}
		f.kind, f.credit = fitOver, amount-sum
		return f
	}
	left := amount
	for k, i := range items {
		f.cash[k] = min(e.rem[i], left)
		left -= f.cash[k]
	}
	f.kind, f.open = fitShort, sum-amount
	return f
}

// describe says in words how the amount fits.
func (e *engine) describe(f fit, cur string) string {
	money := func(u units) string { return e.scales.format(u, cur) }
	sum := func(us []units) units {
		var s units
		for _, u := range us {
			s += u
		}
		return s
	}
	switch f.kind {
	case fitExact:
		if len(f.items) > 1 {
			return "amount equal to their sum"
		}
		return "amount equal"
	case fitDiscount:
		var parts []string
		for k, i := range f.items {
			if f.discount[k] > 0 {
				it := e.items[i]
				parts = append(parts, fmt.Sprintf("early-payment discount of %s (%s%% until %s) taken on %s", money(f.discount[k]), it.discPct, it.discUntil, it.number))
			}
		}
		s := strings.Join(parts, ", ")
		if wo := sum(f.writeOff); wo > 0 {
			s += fmt.Sprintf("; a difference of %s written off", money(wo))
		}
		return s
	case fitWriteOff:
		return fmt.Sprintf("%s short: written off as a bank fee or small difference (within tolerance)", money(sum(f.writeOff)))
	case fitOver:
		return fmt.Sprintf("overpays by %s, kept as customer credit", money(f.credit))
	}
	return fmt.Sprintf("pays %s of %s open; %s stays open", money(sum(f.cash)), money(sum(f.cash)+f.open), money(f.open))
}
