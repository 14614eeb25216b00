package x12

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/charmap"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
)

// el returns the first component of the n-th element of the current segment, from 1.
func (m *mapper) el(n int) string { return m.seg.Element(n) }

// date reads element n of the current segment as a date: CCYYMMDD, or YYMMDD in versions before
// 004010 (years 50 to 99 in the 1900s, 00 to 49 in the 2000s). The zero date when it is empty.
func (m *mapper) date(n int, what string) cal.Date {
	s := m.el(n)
	if s == "" {
		return cal.Date{}
	}
	var iso string
	switch {
	case digits(s, 8, 8):
		iso = s[:4] + "-" + s[4:6] + "-" + s[6:]
	case digits(s, 6, 6) && m.version < "004010":
		century := "20"
		if s[0] >= '5' {
			century = "19"
		}
		iso = century + s[:2] + "-" + s[2:4] + "-" + s[4:]
	}
	d, err := cal.Parse(iso)
	if iso == "" || err != nil {
		format := "CCYYMMDD"
		if m.version < "004010" {
			format = "YYMMDD or CCYYMMDD"
		}
		m.fault(RuleDate, "%s is %s: it must be a date written %s", what, quote(s), format)
		return cal.Date{}
	}
	return d
}

// decimal reads element n of the current segment as an X12 decimal: an optional minus sign and
// digits with an optional decimal point anywhere (".5", "10."), written back plainly ("0.5",
// "10") with the scale the sender gave. Nil when it is empty.
func (m *mapper) decimal(n int, what string) *decimal.Decimal {
	s := m.el(n)
	if s == "" {
		return nil
	}
	v, ok := parseDecimal(s)
	if !ok {
		m.fault(RuleNumber, "%s is %s: it must be a number such as 12.50", what, quote(s))
		return nil
	}
	// The decimals of an order share one array rather than an allocation each.
	if len(m.decimals) == cap(m.decimals) {
		m.decimals = make([]decimal.Decimal, 0, max(16, 2*cap(m.decimals)))
	}
	m.decimals = append(m.decimals, v)
	return &m.decimals[len(m.decimals)-1]
}

func parseDecimal(s string) (decimal.Decimal, bool) {
	if len(s) > 32 {
		return decimal.Decimal{}, false
	}
	if money.IsPlainDecimal(s) {
		v, err := decimal.NewFromString(s)
		return v, err == nil
	}
	neg := strings.HasPrefix(s, "-")
	body := strings.TrimPrefix(s, "-")
	intPart, frac, point := strings.Cut(body, ".")
	if intPart == "" && frac == "" {
		return decimal.Decimal{}, false
	}
	if intPart == "" {
		intPart = "0"
	}
	plain := intPart
	if point && frac != "" {
		plain += "." + frac
	}
	if neg {
		plain = "-" + plain
	}
	if !money.IsPlainDecimal(plain) {
		return decimal.Decimal{}, false
	}
	v, err := decimal.NewFromString(plain)
	return v, err == nil
}

func (m *mapper) note(format string, args ...any) {
	m.notes = append(m.notes, text(fmt.Sprintf(format, args...)))
}

func (m *mapper) fault(rule, format string, args ...any) {
	path := fmt.Sprintf("set %s (850)", m.set.ControlNumber)
	if m.seg != nil {
		path += fmt.Sprintf(", segment %d (%s)", m.k+2, m.seg.ID)
	}
	m.faults = append(m.faults, o2c.Fault{Rule: rule, Path: path, Message: fmt.Sprintf(format, args...)})
}

// Limits of the canonical order's texts (extract.CheckDraft, ORDER-12).
const (
	maxText  = 1000
	maxNotes = 10000
)

// text makes a value of the interchange a text of the draft: UTF-8 (a value that is not is read
// as Windows-1252, the usual 8-bit character set of X12 files), control characters as spaces,
// without surrounding spaces.
func text(s string) string {
	if !utf8.ValidString(s) {
		if t, err := charmap.Windows1252.NewDecoder().String(s); err == nil {
			s = t
		}
	}
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' && c != '\n' || c == 0x7F {
			clean = false
			break
		}
	}
	if !clean {
		s = strings.Map(func(r rune) rune {
			if r < ' ' && r != '\n' || r == 0x7F || r >= 0x80 && r < 0xA0 {
				return ' '
			}
			return r
		}, s)
	}
	return strings.TrimSpace(s)
}

// capText cuts s to at most n characters, marking the cut.
func capText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

func nameOr(names map[string]string, code, fallback string) string {
	if n, ok := names[code]; ok {
		return n
	}
	return fallback
}

func orDash(s string) string {
	if s == "" {
		return "unit"
	}
	return s
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
