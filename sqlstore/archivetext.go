package sqlstore

import (
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
)

// Phrase is words that must occur one after the other; with Prefix, the last one is a prefix.
type Phrase struct {
	Words  []string
	Prefix bool
}

// Words returns s lowercased and cut into words: runs of letters and digits. Everything else
// separates words, so "PO-4711" is the words po and 4711 and "buyer@acme.de" is buyer, acme, de.
// The engines' own tokenizers differ (PostgreSQL keeps an e-mail address whole, SQLite does not);
// given these words, separated by spaces, both see the same.
func Words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// maxIndexedText bounds the words indexed of one entry: PostgreSQL's tsvector holds at most 1 MB,
// and a search rarely needs what comes after the first pages.
const maxIndexedText = 256 << 10

// archiveWords returns the words an entry is found by: its file name, its tag values (by key)
// and its body, separated by spaces.
func archiveWords(e *o2c.ArchiveEntry) string {
	var b strings.Builder
	add := func(s string) {
		for _, w := range Words(s) {
			if b.Len()+len(w)+1 > maxIndexedText {
				return
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
	}
	add(e.FileName)
	for _, k := range slices.Sorted(maps.Keys(e.Tags)) {
		add(e.Tags[k])
	}
	add(e.Body)
	return b.String()
}

// Phrases reads a search query: its parts are separated by spaces, or "quoted" to be a phrase;
// the words of one part must occur in order, and a part that ends in * makes its last word a
// prefix. A part without words (punctuation alone) is left out.
func Phrases(q string) []Phrase {
	var out []Phrase
	for q != "" {
		q = strings.TrimLeftFunc(q, unicode.IsSpace)
		if q == "" {
			break
		}
		var part string
		if rest, ok := strings.CutPrefix(q, `"`); ok {
			var found bool
			part, q, found = strings.Cut(rest, `"`)
			if found && strings.HasPrefix(q, "*") {
				part += "*"
				q = q[1:]
			}
		} else if i := strings.IndexFunc(q, unicode.IsSpace); i >= 0 {
			part, q = q[:i], q[i:]
		} else {
			part, q = q, ""
		}
		p := Phrase{Words: Words(part), Prefix: strings.HasSuffix(strings.TrimRightFunc(part, unicode.IsSpace), "*")}
		if len(p.Words) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// Widths of a numKey: amounts with more digits are not range-searchable.
const (
	numIntDigits  = 30
	numFracDigits = 20
)

// numKey returns a plain decimal ("-12.50") as a key whose text order is the numbers' order, and
// false when s is no plain decimal or is too long. A key is a sign digit (0 negative, 1 zero or
// positive) and the digits of the absolute value at fixed width, integer part then fraction; a
// negative number's digits are their nines' complement, so that a larger one sorts first.
func numKey(s string) (string, bool) {
	if !money.IsPlainDecimal(s) {
		return "", false
	}
	abs, neg := strings.CutPrefix(s, "-")
	intPart, frac, _ := strings.Cut(abs, ".")
	intPart = strings.TrimLeft(intPart, "0")
	frac = strings.TrimRight(frac, "0")
	if len(intPart) > numIntDigits || len(frac) > numFracDigits {
		return "", false
	}
	digits := strings.Repeat("0", numIntDigits-len(intPart)) + intPart + frac + strings.Repeat("0", numFracDigits-len(frac))
	if !neg || intPart == "" && frac == "" {
		return "1" + digits, true
	}
	b := []byte(digits)
	for i, c := range b {
		b[i] = '9' - (c - '0')
	}
	return "0" + string(b), true
}

// dayKey returns s when it is a date written YYYY-MM-DD.
func dayKey(s string) (string, bool) {
	d, err := cal.Parse(s)
	if err != nil || d.String() != s {
		return "", false
	}
	return s, true
}
