package bank

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/charmap"

	"github.com/o2c-project/o2c/cal"
)

// mtField is one ":tag:value" field of an MT940 message, with its continuation lines.
type mtField struct {
	tag   string
	lines []string
	line  int // 1-based line of the tag
}

func (f mtField) where() string { return fmt.Sprintf("line %d", f.line) }

// ParseMT940 reads SWIFT MT940 customer statements (and MT942 interim reports): one Statement per
// :20: field, whether the file wraps each in SWIFT blocks {1:}{2:}{4: ... -}, separates them with
// "-" lines, or just starts the next with :20:. Opening and closing balances may be final (:60F:,
// :62F:) or intermediate (:60M:, :62M:) when a statement runs over several messages.
func ParseMT940(data []byte) ([]Statement, error) {
	fields, err := mtFields(mtText(data))
	if err != nil {
		return nil, err
	}
	var out []Statement
	var cur *mtStatement
	flush := func() error {
		if cur == nil {
			return nil
		}
		s, err := cur.statement()
		if err != nil {
			return err
		}
		s.finish(fmt.Sprintf("statements[%d]", len(out)))
		out = append(out, s)
		cur = nil
		return nil
	}
	for _, f := range fields {
		if f.tag == "20" {
			if err := flush(); err != nil {
				return nil, err
			}
			cur = &mtStatement{start: f}
			continue
		}
		if cur == nil {
			return nil, invalid(f.where(), "the field :%s: comes before any :20: transaction reference: this is no MT940 statement", f.tag)
		}
		if err := cur.add(f); err != nil {
			return nil, err
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, invalid("line 1", "the file holds no MT940 statement (no :20: field)")
	}
	return out, nil
}

// mtText returns the file as UTF-8 lines: UTF-8 when it is valid, else Windows-1252 (the superset
// of Latin-1 that banks' Windows software writes); SOH/ETX bytes of the transmission dropped.
func mtText(data []byte) []string {
	text := ""
	if utf8.Valid(data) {
		text = string(data)
	} else if b, err := charmap.Windows1252.NewDecoder().Bytes(data); err == nil {
		text = string(b)
	} else {
		text = strings.ToValidUTF8(string(data), "\uFFFD")
	}
	text = strings.TrimPrefix(text, "\uFEFF")
	text = strings.Map(func(r rune) rune {
		if r == '\x01' || r == '\x03' || r == 0 {
			return -1
		}
		return r
	}, text)
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.Split(text, "\n")
}

// mtFields splits the lines into fields. Header lines before a message ("940", a BIC, ":940:",
// SWIFT blocks {1:...}{2:...}{4:) are skipped; a lone "-" ends a message only when what follows is
// no continuation (ING writes "-" inside :86:).
func mtFields(lines []string) ([]mtField, error) {
	var out []mtField
	inField := false
	for i := 0; i < len(lines); i++ {
		raw := lines[i]
		line := strings.TrimRight(raw, " \t")
		// SWIFT block headers and trailers: {1:..}{2:..}{4: opens the text block, -} closes it.
		if strings.HasPrefix(line, "{") {
			if j := strings.Index(line, "{4:"); j >= 0 {
				line = line[j+3:]
				inField = false
				if line == "" {
					continue
				}
			} else {
				inField = false
				continue
			}
		}
		if strings.HasPrefix(line, "-}") || line == "-" && endsMessage(lines, i) {
			inField = false
			continue
		}
		if tag, value, ok := cutTag(line); ok {
			if tag == "940" || tag == "942" {
				inField = false
				continue
			}
			out = append(out, mtField{tag: tag, lines: []string{value}, line: i + 1})
			inField = true
			continue
		}
		if inField {
			f := &out[len(out)-1]
			f.lines = append(f.lines, strings.TrimRight(raw, "\r"))
			continue
		}
		// Text outside any field: a header line before the first message, or a blank line.
	}
	return out, nil
}

// endsMessage reports whether the "-" line at i is the end of a message: the next field is a new
// statement's :20:, or a SWIFT block starts, or the file ends. ING writes "-" inside :86:, where
// the next field is another :61: or the closing balance; ABN AMRO writes header lines after it.
func endsMessage(lines []string, i int) bool {
	for _, l := range lines[i+1:] {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "{") {
			return true
		}
		if tag, _, ok := cutTag(l); ok {
			return tag == "20" || tag == "940" || tag == "942"
		}
	}
	return true
}

// cutTag splits ":61:value" into "61" and "value". Tags are two digits and an optional letter,
// or a bank's own two letters (":NS:").
func cutTag(line string) (tag, value string, ok bool) {
	if len(line) < 4 || line[0] != ':' {
		return "", "", false
	}
	end := strings.IndexByte(line[1:], ':')
	if end < 2 || end > 3 {
		return "", "", false
	}
	tag = line[1 : 1+end]
	for i := 0; i < len(tag); i++ {
		c := tag[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return "", "", false
		}
	}
	return tag, line[2+end:], true
}

// mtStatement collects the fields of one statement.
type mtStatement struct {
	start    mtField
	account  *mtField
	sequence string
	opening  *mtField
	closing  *mtField
	entries  []mtEntry
	info     []string
	mt942    bool
	floor    string    // MT942 :34F: floor limit, "EUR0,"
	totals   []mtField // :90D: and :90C:
}

type mtEntry struct {
	line mtField
	info []mtField
}

func (m *mtStatement) add(f mtField) error {
	switch f.tag {
	case "25":
		m.account = &f
	case "28", "28C":
		m.sequence = strings.TrimSpace(strings.Join(f.lines, ""))
	case "60F", "60M":
		m.opening = &f
	case "62F", "62M":
		m.closing = &f
	case "61":
		m.entries = append(m.entries, mtEntry{line: f})
	case "86":
		if n := len(m.entries); n > 0 && m.closing == nil {
			m.entries[n-1].info = append(m.entries[n-1].info, f)
		} else {
			m.info = append(m.info, strings.TrimSpace(strings.Join(f.lines, "\n")))
		}
	case "34F":
		m.mt942 = true
		m.floor = strings.TrimSpace(f.lines[0])
	case "13D", "13":
		m.mt942 = true
	case "90D", "90C":
		m.mt942 = true
		m.totals = append(m.totals, f)
	}
	return nil
}

func (m *mtStatement) statement() (Statement, error) {
	s := Statement{Format: FormatMT940, ID: strings.TrimSpace(strings.Join(m.start.lines, "")), Sequence: m.sequence}
	if m.account != nil {
		s.Account = mtAccount(strings.TrimSpace(strings.Join(m.account.lines, "")))
	}
	if m.opening == nil && m.closing == nil && m.mt942 {
		s.Format = FormatMT942
		if s.Account.Currency == "" && len(m.floor) >= 3 && isCurrencyCode(m.floor[:3]) {
			s.Account.Currency = m.floor[:3]
		}
	} else {
		// A statement cut short (no :62F:) still says what was booked: it is read, and flagged.
		for _, b := range []struct {
			f    *mtField
			into **Balance
			name string
		}{{m.opening, &s.Opening, "opening balance (:60F: or :60M:)"}, {m.closing, &s.Closing, "closing balance (:62F: or :62M:)"}} {
			if b.f == nil {
				s.fault(RuleBalance, m.start.where(), "the statement %q has no %s: the file may be cut short", s.ID, b.name)
				continue
			}
			bal, err := mtBalance(*b.f)
			if err != nil {
				return s, err
			}
			*b.into = &bal
			if s.Account.Currency == "" {
				s.Account.Currency = bal.Currency
			}
		}
	}
	for _, e := range m.entries {
		entry, err := mtEntryOf(e, s.Account.Currency)
		if err != nil {
			return s, err
		}
		s.Entries = append(s.Entries, entry)
	}
	s.Info = strings.Join(m.info, "\n")
	for _, t := range m.totals {
		if err := mtTotals(&s, t); err != nil {
			return s, err
		}
	}
	return s, nil
}

// mtTotals compares an MT942 :90D:/:90C: field (number of entries, currency, sum) with the entries.
func mtTotals(s *Statement, f mtField) error {
	v := strings.TrimSpace(strings.Join(f.lines, ""))
	i := 0
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	if i == 0 || len(v) < i+4 {
		return invalid(f.where(), ":%s: %q is not a number of entries, a currency and an amount", f.tag, v)
	}
	n, _ := strconv.Atoi(v[:i])
	sum, err := mtAmount(v[i+3:])
	if err != nil {
		return invalid(f.where(), ":%s: amount %q is not an amount such as 1234,56", f.tag, v[i+3:])
	}
	mark := Debit
	if f.tag == "90C" {
		mark = Credit
	}
	count, got := 0, decimal.Zero
	for _, e := range s.Entries {
		if e.Mark == mark {
			count++
			got = got.Add(e.Amount)
		}
	}
	if count != n {
		s.fault(RuleCount, f.where(), ":%s: counts %d entries but the report lists %d", f.tag, n, count)
	} else if !got.Equal(sum) {
		s.fault(RuleTotals, f.where(), ":%s: says %s but the entries sum to %s", f.tag, sum, got)
	}
	return nil
}

// mtAccount reads :25:, an IBAN (with the currency appended by some banks) or "BLZ/account".
func mtAccount(v string) Account {
	a := Account{Number: v}
	compact := strings.ReplaceAll(v, " ", "")
	if n := len(compact); n > 3 && isCurrencyCode(compact[n-3:]) {
		if ibanShaped(compact[:n-3]) {
			a.IBAN, a.Currency = compact[:n-3], compact[n-3:]
			return a
		}
		if allDigits(strings.ReplaceAll(compact[:n-3], ".", "")) {
			a.Number, a.Currency = compact[:n-3], compact[n-3:]
		}
	}
	if ibanShaped(compact) {
		a.IBAN = compact
	}
	return a
}

// mtBalance reads a balance field: C or D, YYMMDD, currency, amount ("C110522EUR3236,28").
func mtBalance(f mtField) (Balance, error) {
	v := strings.TrimSpace(f.lines[0])
	if len(v) < 11 || v[0] != 'C' && v[0] != 'D' {
		return Balance{}, invalid(f.where(), ":%s: %q is not a balance such as C110522EUR3236,28", f.tag, v)
	}
	d, ok := mtDate(v[1:7])
	if !ok {
		return Balance{}, invalid(f.where(), ":%s: the date %q is no valid YYMMDD date", f.tag, v[1:7])
	}
	ccy := v[7:10]
	if !isCurrencyCode(ccy) {
		return Balance{}, invalid(f.where(), ":%s: the currency %q is not an ISO 4217 code", f.tag, ccy)
	}
	a, err := mtAmount(v[10:])
	if err != nil {
		return Balance{}, invalid(f.where(), ":%s: the amount %q is not an amount such as 3236,28", f.tag, v[10:])
	}
	return Balance{Amount: a, Mark: Mark(v[:1]), Currency: ccy, Date: d}, nil
}

// mtAmount reads a SWIFT amount: digits with a decimal comma ("3236,28", "9,", "0,"); some banks
// leave the comma out of whole amounts ("500").
func mtAmount(s string) (decimal.Decimal, error) {
	intPart, frac, _ := strings.Cut(s, ",")
	if !allDigits(intPart) || frac != "" && !allDigits(frac) || len(s) > 20 {
		return decimal.Decimal{}, fmt.Errorf("amount %q is not digits with a decimal comma", s)
	}
	if frac == "" {
		return decimal.NewFromString(intPart)
	}
	return decimal.NewFromString(intPart + "." + frac)
}

// mtDate reads YYMMDD; years 70-99 are 1970-1999, the rest 2000-2069.
func mtDate(s string) (cal.Date, bool) {
	if len(s) != 6 || !allDigits(s) {
		return cal.Date{}, false
	}
	yy, _ := strconv.Atoi(s[:2])
	y := 2000 + yy
	if yy >= 70 {
		y = 1900 + yy
	}
	return civil(y, s[2:4], s[4:6])
}

func civil(y int, mm, dd string) (cal.Date, bool) {
	m, err1 := strconv.Atoi(mm)
	d, err2 := strconv.Atoi(dd)
	if err1 != nil || err2 != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return cal.Date{}, false
	}
	date := cal.MakeDate(y, time.Month(m), d)
	if date.Day != d { // 30 February normalised into March
		return cal.Date{}, false
	}
	return date, true
}

// mtEntryOf reads a :61: statement line and its :86: information.
func mtEntryOf(me mtEntry, ccy string) (Entry, error) {
	f := me.line
	v := f.lines[0]
	bad := func(format string, args ...any) error {
		return invalid(f.where(), ":61: %q: %s", v, fmt.Sprintf(format, args...))
	}
	if len(v) < 7 {
		return Entry{}, bad("too short for a statement line")
	}
	e := Entry{Currency: ccy, Status: StatusBooked}
	var ok bool
	if e.ValueDate, ok = mtDate(v[:6]); !ok {
		return Entry{}, bad("the value date %q is no valid YYMMDD date", v[:6])
	}
	rest := v[6:]
	// The booking date MMDD is optional (Citi writes four spaces in its place).
	if len(rest) >= 4 && allDigits(rest[:4]) {
		e.BookingDate, ok = civil(e.ValueDate.Year, rest[:2], rest[2:4])
		if !ok {
			return Entry{}, bad("the booking date %q is no valid MMDD date", rest[:4])
		}
		// A booking on 31 December of a payment valued 2 January, and the reverse.
		if e.BookingDate.Month == time.December && e.ValueDate.Month == time.January {
			e.BookingDate, _ = civil(e.ValueDate.Year-1, rest[:2], rest[2:4])
		} else if e.BookingDate.Month == time.January && e.ValueDate.Month == time.December {
			e.BookingDate, _ = civil(e.ValueDate.Year+1, rest[:2], rest[2:4])
		}
		rest = rest[4:]
	} else if strings.HasPrefix(rest, "    ") {
		rest = rest[4:]
	}
	switch {
	case strings.HasPrefix(rest, "RC"): // reversal of a credit: money goes out
		e.Mark, e.Reversal, rest = Debit, true, rest[2:]
	case strings.HasPrefix(rest, "RD"): // reversal of a debit: money comes back
		e.Mark, e.Reversal, rest = Credit, true, rest[2:]
	case strings.HasPrefix(rest, "C"):
		e.Mark, rest = Credit, rest[1:]
	case strings.HasPrefix(rest, "D"):
		e.Mark, rest = Debit, rest[1:]
	default:
		return Entry{}, bad("no debit/credit mark (C, D, RC or RD) after the dates")
	}
	// An optional funds code: the third letter of the currency code.
	if rest != "" && rest[0] >= 'A' && rest[0] <= 'Z' {
		rest = rest[1:]
	}
	n := 0
	for n < len(rest) && (rest[n] >= '0' && rest[n] <= '9' || rest[n] == ',') {
		n++
	}
	amt, err := mtAmount(rest[:n])
	if err != nil {
		return Entry{}, bad("the amount %q is not an amount such as 1234,56", rest[:n])
	}
	e.Amount = amt
	amountText := rest[:n]
	rest = strings.TrimLeft(rest[n:], " ")
	// Transaction type: N, F or S and a three-character code ("NTRF", "N051", "FMSC").
	if rest != "" && strings.IndexByte("NFS", rest[0]) < 0 {
		return Entry{}, bad("the amount %q is not followed by a transaction type (N, F or S)", amountText)
	}
	if rest != "" {
		code := rest[1:min(4, len(rest))]
		e.TxCode = strings.TrimSpace(rest[:1] + code)
		rest = rest[1+len(code):]
	}
	cust, bankRef, _ := strings.Cut(rest, "//")
	e.CustomerRef, e.BankRef = strings.TrimSpace(cust), strings.TrimSpace(bankRef)
	if len(f.lines) > 1 {
		e.Supplementary = strings.TrimSpace(strings.Join(f.lines[1:], "\n"))
	}
	d := TransactionDetail{}
	for _, info := range me.info {
		mt86(&e, &d, info.lines)
	}
	if d.CreditorRef == "" {
		d.CreditorRef = findCreditorRef(strings.Join(d.Remittance, " ") + " " + e.Info)
		if d.CreditorRef != "" {
			d.CreditorRefType = "SCOR"
		}
	}
	if usableRef(d.EndToEndID) {
		e.EndToEndID = d.EndToEndID
	}
	e.Details = []TransactionDetail{d}
	return e, nil
}
