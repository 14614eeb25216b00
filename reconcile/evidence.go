package reconcile

import (
	"slices"
	"strings"
)

// refKind says how an invoice was found among a transaction's references; it sets the confidence.
type refKind int

const (
	refExact    refKind = iota // the number as printed on the invoice
	refNorm                    // the number up to case, separators and leading zeros
	refDigits                  // the number's digits only ("2026/123" for F2026-000123)
	refRF                      // an ISO 11649 creditor reference with valid check digits
	refCustomer                // the customer's own reference (PO) of the invoice
)

// refHit is one reference in the text: the items it can name (usually one) and how.
type refHit struct {
	items   []int32
	kind    refKind
	written string
}

// typoHit is a word that looks like an invoice number and the open items one edit away from it.
type typoHit struct {
	written string
	exists  bool // the word itself is an open invoice's number
	near    []int32
}

// evidence is what a transaction says, read without looking at what is still open, so that it can
// be gathered in parallel.
type evidence struct {
	amount    units
	valid     bool // the amount is a positive amount the engine can represent
	refs      []refHit
	typos     []typoHit
	rfBad     string // a creditor reference starting "RF" whose check digits fail
	payer     int32  // the customer the payer is, -1 when unknown
	payerHow  string // how the payer was identified, for the reason
	byIBAN    bool   // identified by a learned IBAN, the surest way
	payerKey  string // nameKey of the payer's name
	payerName nameForm
	weak      []int32
}

func (e *engine) gather(t *Transaction, sc *scratch) evidence {
	ev := evidence{payer: -1}
	ev.amount, ev.valid = toUnits(t.Amount)
	ev.valid = ev.valid && ev.amount > 0
	if t.NotPayment != "" || !ev.valid {
		return ev
	}
	e.identifyPayer(t, &ev, sc)
	seen := seenSet{}
	if cr := strings.TrimSpace(t.CreditorRef); cr != "" {
		if body := creditorRef(cr); body != "" {
			e.lookupRF(cr, body, &ev, &seen)
		} else if strings.HasPrefix(strings.ToUpper(cr), "RF") && len(cr) > 4 && isDigit(cr[2]) {
			ev.rfBad = cr
		} else {
			e.scan(cr, &ev, &seen, sc)
		}
	}
	for _, text := range t.Remittance {
		e.scan(text, &ev, &seen, sc)
	}
	e.scan(t.EndToEndID, &ev, &seen, sc)
	e.scan(t.Info, &ev, &seen, sc)
	if !e.namesAmount(&ev) && !e.payerOwnsRefs(&ev) {
		for _, text := range t.Remittance {
			e.scanTypos(text, &ev, &seen)
		}
		e.scanTypos(t.EndToEndID, &ev, &seen)
		e.scanTypos(t.Info, &ev, &seen)
	}
	return ev
}

// lookupRF finds the items a valid creditor reference names: one that carries it as its reference,
// else the invoice whose number is the reference part.
func (e *engine) lookupRF(written, body string, ev *evidence, seen *seenSet) {
	written = strings.TrimSpace(written)
	rs := splitRuns(body)
	for _, items := range [][]int32{e.byRef[normKey(splitRuns(written))], e.byNorm[normKey(rs)], e.byComp[compactKey(rs)], e.byDigits[normKey(rs)]} {
		if len(items) > 0 {
			ev.add(refHit{items: items, kind: refRF, written: written}, seen)
			return
		}
	}
}

func (ev *evidence) add(h refHit, seen *seenSet) {
	fresh := h.items[:0:0]
	for _, i := range h.items {
		if !seen.has(i) {
			fresh = append(fresh, i)
		}
	}
	if len(fresh) == 0 {
		return
	}
	for _, i := range fresh {
		seen.add(i)
	}
	h.items = fresh
	ev.refs = append(ev.refs, h)
}

// scan reads the references of one text: at each run, the longest window of runs that names an
// item, left to right, windows never overlapping.
func (e *engine) scan(text string, ev *evidence, seen *seenSet, sc *scratch) {
	if text == "" || e.maxRuns == 0 {
		return
	}
	rs := splitRuns(text)
	for i := 0; i < len(rs); {
		n := 0
		for j := min(len(rs), i+e.maxRuns+1); j > i && n == 0; j-- {
			if h, ok := e.lookupWindow(text, rs[i:j], sc); ok {
				ev.add(h, seen)
				n = j - i
			}
		}
		i += max(n, 1)
	}
}

// lookupWindow looks a window of runs up in the indexes. Keys are built in a reused buffer, and
// m[string(b)] does not copy it: most windows name nothing, and cost no allocation.
func (e *engine) lookupWindow(text string, w []run, sc *scratch) (refHit, bool) {
	if e.starts[w[0].norm] || w[0].digit {
		sc.buf = appendNorm(sc.buf[:0], w)
		if items := e.byNorm[string(sc.buf)]; len(items) > 0 && len(w) <= e.maxRuns {
			kind := refNorm
			if len(items) == 1 && strings.Contains(text, e.items[items[0]].number) {
				kind = refExact
			}
			return refHit{items: items, kind: kind, written: joinRuns(w)}, true
		}
		if items := e.byRef[string(sc.buf)]; len(items) > 0 {
			return refHit{items: items, kind: refCustomer, written: joinRuns(w)}, true
		}
		if allDigitRuns(w) && countDigits(w) >= 5 {
			if items := e.byDigits[string(sc.buf)]; len(items) > 0 {
				return refHit{items: items, kind: refDigits, written: joinRuns(w)}, true
			}
		}
	}
	if e.compFirst[w[0].text[0]] && (len(w) > 1 || w[0].norm != w[0].text) {
		sc.buf = appendCompact(sc.buf[:0], w)
		if items := e.byComp[string(sc.buf)]; len(items) > 0 {
			return refHit{items: items, kind: refNorm, written: joinRuns(w)}, true
		}
	}
	return refHit{}, false
}

// scanTypos looks for words one edit away from an open invoice's number.
func (e *engine) scanTypos(text string, ev *evidence, seen *seenSet) {
	if text == "" {
		return
	}
	<-e.typoReady
	if len(e.typo.entries) == 0 {
		return
	}
	rs := splitRuns(text)
	for i := 0; i < len(rs); i++ {
		if !e.typo.first[rs[i].text[0]] {
			continue // a typo in the first letter is not looked for
		}
		for j := min(len(rs), i+e.maxRuns+1); j > i; j-- {
			n, digits := 0, 0
			for _, r := range rs[i:j] {
				n += len(r.text)
				if r.digit {
					digits += len(r.text)
				}
			}
			if n < e.typo.minLen-1 || n > e.typo.maxLen+1 || len(e.patterns) == 0 && (n < e.opt.MinTypoLength || digits < 4) {
				continue
			}
			c := compactKey(rs[i:j])
			if len(e.patterns) > 0 && !e.typoable(writtenSpan(text, rs[i:j]), c) && !e.typoable(c, c) {
				continue
			}
			near := slices.DeleteFunc(e.typo.near(e.items, c), seen.has)
			if len(near) == 0 {
				continue
			}
			_, exists := e.byComp[c]
			ev.typos = append(ev.typos, typoHit{written: joinRuns(rs[i:j]), exists: exists, near: near})
			for _, k := range near {
				seen.add(k)
			}
			break
		}
	}
}

// namesAmount reports whether the references found so far add up to the amount (at the amounts due
// when the run began): then no typo needs looking for.
func (e *engine) namesAmount(ev *evidence) bool {
	var sum units
	for _, h := range ev.refs {
		if len(h.items) != 1 {
			return false
		}
		sum += e.items[h.items[0]].amount
	}
	return len(ev.refs) > 0 && sum == ev.amount
}

// seenSet holds the items a transaction's text named already; a handful, so a slice.
type seenSet []int32

func (s *seenSet) has(i int32) bool { return slices.Contains(*s, i) }
func (s *seenSet) add(i int32)      { *s = append(*s, i) }

// payerOwnsRefs reports whether the payer is identified and every invoice named is its own: an
// amount that differs is then a fee, a discount or a part payment, not a typo.
func (e *engine) payerOwnsRefs(ev *evidence) bool {
	if ev.payer < 0 || len(ev.refs) == 0 {
		return false
	}
	for _, h := range ev.refs {
		for _, i := range h.items {
			if e.items[i].cust != ev.payer {
				return false
			}
		}
	}
	return true
}

func allDigitRuns(w []run) bool {
	for _, r := range w {
		if !r.digit {
			return false
		}
	}
	return true
}

func joinRuns(w []run) string {
	parts := make([]string, len(w))
	for i, r := range w {
		parts[i] = r.text
	}
	return strings.Join(parts, " ")
}

// writtenSpan is the text from the first run of w to its last, as written; patterns match it.
func writtenSpan(text string, w []run) string {
	// Runs are upper-cased copies, so find them again in an ASCII upper-cased copy of the same length.
	up := []byte(text)
	for i, c := range up {
		if c >= 'a' && c <= 'z' {
			up[i] = c - 'a' + 'A'
		}
	}
	start := strings.Index(string(up), w[0].text)
	if start < 0 {
		return compactKey(w)
	}
	end := start
	for _, r := range w {
		k := strings.Index(string(up[end:]), r.text)
		if k < 0 {
			return compactKey(w)
		}
		end += k + len(r.text)
	}
	return text[start:end]
}
