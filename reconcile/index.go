package reconcile

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"

	"github.com/o2c-project/o2c/cal"
)

// item is an open item as the engine keeps it: amounts in units, its customer by index.
type item struct {
	number    string
	cust      int32
	due       cal.Date
	currency  string
	amount    units // the amount due when the run began
	discount  units // the early-payment discount on amount, 0 when none
	discUntil cal.Date
	discPct   string // the percent as written, for the reason
	compact   string
}

// customer is a customer known from the open items or from Knowledge.
type customer struct {
	id    string
	name  string     // as the open items give it
	keys  []nameForm // the name and each alias
	items []int32    // its open items, oldest due date first
}

// engine holds the indexes of one run. Everything but rem is read only once built, so evidence is
// gathered in parallel.
type engine struct {
	opt       Options
	items     []item
	rem       []units // what is still open of each item; changes as transactions are applied
	scales    scales
	maxRuns   int
	byNorm    map[string][]int32 // normKey of the number
	byComp    map[string][]int32 // compactKey of the number
	byDigits  map[string][]int32 // normKey of the number's digit runs, when they hold 5 digits or more
	byRef     map[string][]int32 // normKey of the customer's reference
	byAmount  map[units][]int32
	starts    map[string]bool // the first run (normalised) of any key: a cheap filter for windows
	compFirst [256]bool       // the first bytes of the compact numbers
	typo      typoIndex
	typoReady chan struct{} // closed once typo is built

	customers []customer
	custByID  map[string]int32
	byName    map[string][]int32 // nameKey -> customers
	byWord    map[string][]int32 // word of a nameKey -> customers
	accounts  map[string]int32   // IBAN -> customer
	patterns  []*regexp.Regexp
	woAmount  units
	woPPM     int64
}

func newEngine(open []OpenItem, k Knowledge, opt Options) (*engine, error) {
	if err := opt.check(); err != nil {
		return nil, err
	}
	n := len(open)
	e := &engine{opt: opt, scales: scales{}, byNorm: make(map[string][]int32, n), byComp: make(map[string][]int32, n),
		byDigits: make(map[string][]int32, n), byRef: map[string][]int32{}, byAmount: make(map[units][]int32, n),
		starts: map[string]bool{}, custByID: map[string]int32{}, byName: map[string][]int32{},
		byWord: map[string][]int32{}, accounts: map[string]int32{}}
	var ok bool
	if e.woAmount, ok = toUnits(opt.WriteOffAmount); !ok {
		return nil, fmt.Errorf("write-off amount %s has more than %d decimals", opt.WriteOffAmount, unitPlaces)
	}
	e.woPPM = opt.WriteOffPercent.Shift(4).IntPart()
	for _, p := range k.InvoicePatterns {
		re, err := regexp.Compile(`^(?:` + p + `)$`)
		if err != nil {
			return nil, fmt.Errorf("invoice pattern %q: %w", p, err)
		}
		e.patterns = append(e.patterns, re)
	}
	// Sorting first makes every index list, and so every tie-break, independent of input order.
	order := make([]int32, len(open))
	for i := range order {
		order[i] = int32(i)
	}
	due := make([]int, len(open))
	for i := range open {
		d := open[i].DueDate
		due[i] = d.Year*10000 + int(d.Month)*100 + d.Day
	}
	slices.SortStableFunc(order, func(x, y int32) int {
		a, b := &open[x], &open[y]
		return cmp.Or(cmp.Compare(due[x], due[y]), cmp.Compare(a.Number, b.Number), cmp.Compare(a.CustomerID, b.CustomerID), a.AmountDue.Cmp(b.AmountDue))
	})
	e.addCustomers(open, order, k)
	e.items = make([]item, 0, len(open))
	for i, x := range order {
		if err := e.addItem(int32(i), &open[x]); err != nil {
			return nil, err
		}
	}
	e.rem = make([]units, len(e.items))
	for i, it := range e.items {
		e.rem[i] = it.amount
	}
	// The typo index is the largest; it is built while evidence gathering starts (scanTypos waits).
	e.typoReady = make(chan struct{})
	go func() {
		e.typo = buildTypoIndex(e)
		close(e.typoReady)
	}()
	return e, nil
}

// addCustomers indexes every customer of the open items and of Knowledge, in ID order.
func (e *engine) addCustomers(open []OpenItem, order []int32, k Knowledge) {
	names := map[string]string{}
	for _, x := range order {
		o := &open[x]
		if _, ok := names[o.CustomerID]; !ok {
			names[o.CustomerID] = o.CustomerName
		}
	}
	for id := range k.Aliases {
		if _, ok := names[id]; !ok {
			names[id] = ""
		}
	}
	for _, id := range k.Accounts {
		if _, ok := names[id]; !ok {
			names[id] = ""
		}
	}
	ids := make([]string, 0, len(names))
	for id := range names {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for i, id := range ids {
		c := customer{id: id, name: names[id]}
		for _, n := range append([]string{names[id]}, k.Aliases[id]...) {
			if f := makeNameForm(n); f.key != "" && !slices.ContainsFunc(c.keys, func(g nameForm) bool { return g.key == f.key }) {
				c.keys = append(c.keys, f)
			}
		}
		e.customers = append(e.customers, c)
		e.custByID[id] = int32(i)
		for _, f := range c.keys {
			e.byName[f.key] = appendOnce(e.byName[f.key], int32(i))
			for _, w := range wordKeys(f.key) {
				e.byWord[w] = appendOnce(e.byWord[w], int32(i))
			}
		}
	}
	ibans := make([]string, 0, len(k.Accounts))
	for iban := range k.Accounts {
		ibans = append(ibans, iban)
	}
	slices.Sort(ibans)
	for _, iban := range ibans {
		e.accounts[compactIBAN(iban)] = e.custByID[k.Accounts[iban]]
	}
}

func (e *engine) addItem(i int32, o *OpenItem) error {
	amount, ok := toUnits(o.AmountDue)
	if !ok || amount <= 0 {
		return fmt.Errorf("open item %s: amount due %s is not a positive amount of at most %d decimals", o.Number, o.AmountDue, unitPlaces)
	}
	e.scales.of(o.Currency)
	it := item{number: o.Number, cust: e.custByID[o.CustomerID], due: o.DueDate, currency: o.Currency, amount: amount}
	if d := o.Discount; d != nil && d.Percent.IsPositive() {
		p := e.scales.of(o.Currency)
		disc, ok := toUnits(o.AmountDue.Mul(d.Percent).Shift(-2).Round(p))
		if ok && disc < amount {
			it.discount, it.discUntil, it.discPct = disc, d.Until, d.Percent.String()
		}
	}
	rs := splitRuns(o.Number)
	it.compact = compactKey(rs)
	e.items = append(e.items, it)
	c := &e.customers[it.cust]
	c.items = append(c.items, i)
	e.byAmount[amount] = append(e.byAmount[amount], i)
	if len(rs) == 0 {
		return nil
	}
	e.index(e.byNorm, rs, normKey(rs), i)
	e.byComp[it.compact] = appendOnce(e.byComp[it.compact], i)
	e.compFirst[it.compact[0]] = true
	if d := digitRuns(rs); countDigits(d) >= 5 {
		e.index(e.byDigits, d, normKey(d), i)
	}
	if rr := splitRuns(o.Reference); len(rr) > 0 && len(compactKey(rr)) >= 5 {
		e.index(e.byRef, rr, normKey(rr), i)
		// "PO-4500012345" is often written without its prefix.
		if d := digitRuns(rr); len(d) < len(rr) && countDigits(d) >= 6 {
			e.index(e.byRef, d, normKey(d), i)
		}
	}
	return nil
}

func (e *engine) index(m map[string][]int32, rs []run, key string, i int32) {
	m[key] = appendOnce(m[key], i)
	e.starts[rs[0].norm] = true
	e.maxRuns = min(max(e.maxRuns, len(rs)), 8)
}

func appendOnce(s []int32, v int32) []int32 {
	if len(s) > 0 && s[len(s)-1] == v {
		return s
	}
	return append(s, v)
}

// typoIndex finds the open items whose compact number is one edit away from a word: each number is
// keyed by itself and by each of its one-byte deletions (hashes, chained in entries).
type typoIndex struct {
	first   [256]bool // the first bytes of the numbers: a typo in the first one is not looked for
	head    map[uint64]int32
	entries []typoEntry
	minLen  int
	maxLen  int
}

type typoEntry struct{ item, next int32 }

func buildTypoIndex(e *engine) typoIndex {
	t := typoIndex{minLen: 1 << 30}
	n := 0
	for _, it := range e.items {
		n += len(it.compact) + 1
	}
	t.head = make(map[uint64]int32, n)
	t.entries = make([]typoEntry, 0, n)
	for i, it := range e.items {
		if !e.typoable(it.number, it.compact) {
			continue
		}
		t.first[it.compact[0]] = true
		t.minLen, t.maxLen = min(t.minLen, len(it.compact)), max(t.maxLen, len(it.compact))
		for skip := -1; skip < len(it.compact); skip++ {
			h := hashKey(it.compact, skip)
			prev, ok := t.head[h]
			if !ok {
				prev = -1
			}
			t.head[h] = int32(len(t.entries))
			t.entries = append(t.entries, typoEntry{item: int32(i), next: prev})
		}
	}
	return t
}

// typoable reports whether a written word may be a mistyped invoice number: it matches an invoice
// pattern of Knowledge, or, without patterns, it is long enough and mostly a number.
func (e *engine) typoable(written, compact string) bool {
	if len(e.patterns) > 0 {
		for _, re := range e.patterns {
			if re.MatchString(written) {
				return true
			}
		}
		return false
	}
	digits := 0
	for i := 0; i < len(compact); i++ {
		if isDigit(compact[i]) {
			digits++
		}
	}
	return len(compact) >= e.opt.MinTypoLength && digits >= 4
}

// near returns the items one edit away from word (not equal to it), in item order.
func (t *typoIndex) near(items []item, word string) []int32 {
	if len(t.entries) == 0 || len(word) < t.minLen-1 || len(word) > t.maxLen+1 {
		return nil
	}
	var out []int32
	for skip := -1; skip < len(word); skip++ {
		h, ok := t.head[hashKey(word, skip)]
		for ; ok && h >= 0; h = t.entries[h].next {
			i := t.entries[h].item
			if c := items[i].compact; c != word && editDistance1(c, word) && !slices.Contains(out, i) {
				out = append(out, i)
			}
		}
	}
	slices.Sort(out)
	return out
}

// wordKeys are the keys a name is found by: its words, and the first and last three letters of
// its longer words, so that a word with a typo still shares two keys with the right one.
func wordKeys(key string) []string {
	words := splitWords(key)
	out := words
	for _, w := range words {
		if len(w) >= 6 {
			out = append(out, "<"+w[:3], ">"+w[len(w)-3:])
		}
	}
	return out
}

func splitWords(key string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(key); i++ {
		if i == len(key) || key[i] == ' ' {
			if i > start {
				out = append(out, key[start:i])
			}
			start = i + 1
		}
	}
	return out
}
