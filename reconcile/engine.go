package reconcile

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/shopspring/decimal"
)

// Reconcile matches transactions, in order, against the open items and returns one result per
// transaction. An invoice applied by one transaction is no longer open for the next. It fails only
// for bad options, patterns or open items, never for a transaction.
func Reconcile(open []OpenItem, txs []Transaction, k Knowledge, opt Options) ([]Result, error) {
	e, err := newEngine(open, k, opt)
	if err != nil {
		return nil, err
	}
	evs := e.gatherAll(txs)
	out := make([]Result, len(txs))
	for i := range txs {
		out[i] = e.decide(&txs[i], &evs[i])
	}
	return out, nil
}

// gatherAll reads every transaction's evidence, in parallel: it depends on nothing that changes.
func (e *engine) gatherAll(txs []Transaction) []evidence {
	evs := make([]evidence, len(txs))
	workers := e.opt.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	const chunk = 256
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sc scratch
			for {
				mu.Lock()
				from := next
				next += chunk
				mu.Unlock()
				if from >= len(txs) {
					return
				}
				for i := from; i < min(from+chunk, len(txs)); i++ {
					evs[i] = e.gather(&txs[i], &sc)
				}
			}
		}()
	}
	wg.Wait()
	return evs
}

// decide scores the proposals of one transaction and applies the best when it is confident and
// clear.
func (e *engine) decide(t *Transaction, ev *evidence) Result {
	res := Result{TransactionID: t.ID, Amount: t.Amount, Currency: t.Currency, Status: StatusUnmatched}
	switch {
	case t.NotPayment != "":
		res.Reason = t.NotPayment
		return res
	case !ev.valid:
		res.Reason = fmt.Sprintf("amount %s is not a positive amount of at most %d decimals", t.Amount, unitPlaces)
		return res
	}
	e.scales.of(t.Currency)
	var notes []string
	if ev.rfBad != "" {
		notes = append(notes, fmt.Sprintf("creditor reference %s fails its check digits", ev.rfBad))
	}
	refs := e.refProposals(t, ev, &notes)
	var payerNotes []string // said only when nothing else is
	payers := e.payerProposals(t, ev, &payerNotes)
	for k := range payers {
		p := &payers[k]
		if len(refs) == 0 || !refs[0].named || slices.Equal(refs[0].fit.items, p.fit.items) {
			continue
		}
		if w := e.typoOfRef(ev, p.fit); w != "" && !refs[0].fit.kind.settles() && p.fit.kind.settles() {
			// The named invoice does not fit; one of the payer's, one typo from what was written, does.
			p.reason += fmt.Sprintf("; one typo from %s", w)
			refs[0].conf = min(refs[0].conf, 0.75)
			continue
		}
		// The payer named other invoices of its own than those the amount alone points to: its
		// words count for more than a coincidence of amounts.
		p.conf -= 0.15
	}
	ps := append(refs, e.typoProposals(t, ev)...)
	ps = append(ps, payers...)
	ps = merge(ps)
	if len(ps) == 0 {
		res.Reason = e.unmatchedReason(t, ev, append(notes, payerNotes...))
		return res
	}
	best := ps[0]
	var rival *proposal
	for k := 1; k < len(ps); k++ {
		if !slices.Equal(ps[k].fit.items, best.fit.items) && ps[k].conf >= best.conf-rivalMargin {
			rival = &ps[k]
			break
		}
	}
	res.Confidence = best.conf
	res.Reason = best.reason + "; " + e.describe(best.fit, t.Currency)
	if len(notes) > 0 {
		res.Reason += "; " + strings.Join(notes, "; ")
	}
	if rival != nil {
		res.Confidence = min(best.conf, 0.7)
		res.Reason += fmt.Sprintf("; as plausible: invoices %s (%s)", e.numbers(rival.fit.items), rival.reason)
	}
	e.fill(&res, best.fit, t.Currency)
	if res.Confidence < e.opt.AutoThreshold {
		res.Status = StatusSuggested
		return res
	}
	res.Status = StatusPartial
	if best.fit.kind.settles() {
		res.Status = StatusMatched
	}
	for k, i := range best.fit.items {
		e.rem[i] -= best.fit.cash[k] + best.fit.writeOff[k] + best.fit.discount[k]
	}
	return res
}

// typoOfRef returns the written reference that a single-invoice fit is one typo away from, or "".
func (e *engine) typoOfRef(ev *evidence, f fit) string {
	if len(f.items) != 1 {
		return ""
	}
	c := e.items[f.items[0]].compact
	for _, h := range ev.refs {
		if w := strings.ReplaceAll(h.written, " ", ""); editDistance1(c, w) {
			return h.written
		}
	}
	return ""
}

// merge joins proposals of the same invoices (each finding confirms the other) and sorts them, most
// confident first, then oldest invoices first.
func merge(ps []proposal) []proposal {
	var out []proposal
	for _, p := range ps {
		k := slices.IndexFunc(out, func(q proposal) bool { return slices.Equal(q.fit.items, p.fit.items) })
		if k < 0 {
			out = append(out, p)
			continue
		}
		q := &out[k]
		if p.conf > q.conf {
			*q, p = p, *q
		}
		if p.conf > confHint {
			// A hint (the payer is known, the amount fits nothing) confirms nothing.
			q.conf = min(confMax, q.conf+0.02)
			for _, part := range strings.Split(p.reason, "; ") {
				if !strings.Contains(q.reason, part) {
					q.reason += "; " + part
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b proposal) int {
		if a.conf != b.conf {
			if a.conf > b.conf {
				return -1
			}
			return 1
		}
		return slices.Compare(a.fit.items, b.fit.items)
	})
	return out
}

// fill writes a fit into a result as decimals.
func (e *engine) fill(res *Result, f fit, cur string) {
	var wo, disc units
	for k, i := range f.items {
		if f.cash[k] == 0 {
			continue // a short payment that does not reach this invoice
		}
		res.Allocations = append(res.Allocations, Allocation{InvoiceNumber: e.items[i].number, Amount: e.dec(f.cash[k], cur),
			WriteOff: e.dec(f.writeOff[k], cur), Discount: e.dec(f.discount[k], cur)})
		wo += f.writeOff[k]
		disc += f.discount[k]
	}
	if len(f.items) > 0 {
		res.CustomerID = e.customers[e.items[f.items[0]].cust].id
	}
	res.WriteOff, res.Discount, res.Credit = e.dec(wo, cur), e.dec(disc, cur), e.dec(f.credit, cur)
}

// dec turns units back into a decimal at the currency's places, or more when it has more.
func (e *engine) dec(u units, cur string) decimal.Decimal { return u.decimalAt(e.scales[cur]) }

func (e *engine) unmatchedReason(t *Transaction, ev *evidence, notes []string) string {
	var parts []string
	if len(ev.refs) == 0 && len(ev.typos) == 0 {
		parts = append(parts, "no open invoice named")
	}
	parts = append(parts, notes...)
	if ev.payer < 0 {
		who := strings.TrimSpace(t.Payer.Name)
		if who == "" {
			who = "without a name"
		} else {
			who = fmt.Sprintf("%q", who)
		}
		if iban := compactIBAN(t.Payer.IBAN); iban != "" {
			who += " (" + iban + ")"
		}
		parts = append(parts, "payer "+who+" is no known customer")
	}
	if same := e.byAmount[ev.amount]; len(same) > 0 {
		open := slices.DeleteFunc(slices.Clone(same), func(i int32) bool { return !e.openFor(i, t.Currency) })
		switch {
		case len(open) == 1:
			parts = append(parts, fmt.Sprintf("the amount equals open invoice %s of %s, but nothing else links them", e.items[open[0]].number, e.customerLabel(e.items[open[0]].cust)))
		case len(open) > 1:
			parts = append(parts, fmt.Sprintf("the amount equals %d open invoices, but nothing links it to one", len(open)))
		}
	} else {
		parts = append(parts, "the amount matches no open invoice")
	}
	return strings.Join(parts, "; ")
}
