package extract

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
)

// decoder walks the JSON tokens once, filling drafts and collecting faults. A fault that makes
// going on pointless or costly (bad syntax, a limit) panics with bail, which DecodeJSON recovers.
type decoder struct {
	dec    *json.Decoder
	faults []o2c.Fault
	depth  int
}

type bail struct{}

func (d *decoder) fault(rule, path, msg string) {
	d.faults = append(d.faults, o2c.Fault{Rule: rule, Path: path, Message: msg})
	if len(d.faults) >= maxFaults {
		d.stop(RuleLimit, "$", fmt.Sprintf("more than %d faults; decoding stopped here", maxFaults))
	}
}

func (d *decoder) stop(rule, path, msg string) {
	d.faults = append(d.faults, o2c.Fault{Rule: rule, Path: path, Message: msg})
	panic(bail{})
}

// next reads one token; invalid or truncated JSON stops decoding.
func (d *decoder) next(path string) json.Token {
	tok, err := d.dec.Token()
	if err == nil {
		return tok
	}
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		d.stop(RuleSyntax, path, fmt.Sprintf("invalid JSON at byte %d: %s", se.Offset, se.Error()))
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		d.stop(RuleSyntax, path, "the JSON ends too early; is it cut short?")
	default:
		d.stop(RuleSyntax, path, "invalid JSON: "+err.Error())
	}
	return nil
}

// object reads the start of an object value. It returns true after reading '{'; false after
// null when nullable is set, or after reporting and skipping a value of another type.
func (d *decoder) object(path string, nullable bool) bool {
	switch t := d.next(path); {
	case t == json.Delim('{'):
		return true
	case t == nil && nullable:
		return false
	default:
		want := "an object"
		if nullable {
			want = "an object or null"
		}
		d.wrongType(path, want, t)
		return false
	}
}

// fields reads the members of an object whose '{' has been read. field must read the value of
// each key of known; other keys are faults, and so is a key seen twice.
func (d *decoder) fields(path string, known []string, field func(key, path string)) {
	d.fieldsAny(path, func(key, p string) {
		for _, k := range known {
			if k == key {
				field(key, p)
				return
			}
		}
		d.fault(RuleUnknown, p, unknownMessage(key, known))
		d.skip(p)
	})
}

// fieldsAny reads the members of an object whose '{' has been read; field reads each value.
func (d *decoder) fieldsAny(path string, field func(key, path string)) {
	d.enter(path)
	seen := make(map[string]bool)
	for d.dec.More() {
		key, _ := d.next(path).(string) // inside an object the decoder yields only string keys
		p := path + member(key)
		if seen[key] {
			d.fault(RuleDuplicate, p, fmt.Sprintf("key %s appears twice in the object; each key may appear once", short(key)))
			d.skip(p)
			continue
		}
		seen[key] = true
		field(key, p)
	}
	d.next(path) // '}'
	d.leave()
}

func unknownMessage(key string, known []string) string {
	msg := fmt.Sprintf("unknown field %s", short(key))
	squash := func(s string) string { return strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(s)) }
	for _, k := range known {
		if squash(k) == squash(key) {
			return msg + fmt.Sprintf("; did you mean %q? Field names are case-sensitive snake_case", k)
		}
	}
	return msg + "; expected one of " + strings.Join(known, ", ")
}

func (d *decoder) enter(path string) {
	d.depth++
	if d.depth > maxDepth {
		d.stop(RuleLimit, path, fmt.Sprintf("nested deeper than %d levels", maxDepth))
	}
}

func (d *decoder) leave() { d.depth-- }

// skip reads one value and drops it, still checking depth and duplicate keys.
func (d *decoder) skip(path string) { d.skipRest(path, d.next(path)) }

// skipRest drops the rest of a value whose first token is tok.
func (d *decoder) skipRest(path string, tok json.Token) {
	switch tok {
	case json.Delim('{'):
		d.fieldsAny(path, func(_, p string) { d.skip(p) })
	case json.Delim('['):
		d.enter(path)
		for i := 0; d.dec.More(); i++ {
			d.skip(path + "[" + strconv.Itoa(i) + "]")
		}
		d.next(path) // ']'
		d.leave()
	}
}

// wrongType reports a value of the wrong type and skips the rest of it.
func (d *decoder) wrongType(path, want string, tok json.Token) {
	d.fault(RuleType, path, fmt.Sprintf("must be %s, got %s", want, describe(tok)))
	d.skipRest(path, tok)
}

// str reads a string, or null (left "") when nullable.
func (d *decoder) str(path string, dst *string, nullable bool) {
	tok := d.next(path)
	switch t := tok.(type) {
	case string:
		*dst = t
		return
	case nil:
		if nullable {
			return
		}
	}
	want := "a string"
	if nullable {
		want = "a string or null"
	}
	d.wrongType(path, want, tok)
}

func (d *decoder) date(path string, dst *cal.Date) {
	switch t := d.next(path).(type) {
	case string:
		v, err := cal.Parse(t)
		if err != nil {
			d.fault(RuleDate, path, fmt.Sprintf("%s is not a date: expected YYYY-MM-DD, e.g. 2026-01-31", short(t)))
			return
		}
		*dst = v
	case nil:
	default:
		d.wrongType(path, "a date string YYYY-MM-DD or null", t)
	}
}

// decimal reads a decimal from a string ("12.50") or a bare number literal (12.50), exactly from
// its text, never through float64; or null.
func (d *decoder) decimal(path string, dst **decimal.Decimal) {
	var text string
	switch t := d.next(path).(type) {
	case string:
		text = t
	case json.Number:
		text = string(t)
	case nil:
		return
	default:
		d.wrongType(path, `a decimal string such as "12.50", or null`, t)
		return
	}
	v, problem := parseDecimal(text)
	if problem != "" {
		d.fault(RuleDecimal, path, short(text)+" "+problem)
		return
	}
	*dst = &v
}

func (d *decoder) integer(path string, dst *int) {
	t := d.next(path)
	n, ok := t.(json.Number)
	if !ok {
		d.wrongType(path, "an integer", t)
		return
	}
	digits := strings.TrimPrefix(string(n), "-")
	v, err := strconv.Atoi(string(n))
	whole := money.IsPlainDecimal(string(n)) && !strings.Contains(digits, ".") // no fraction, no exponent
	if !whole || len(digits) > maxIntegerLen || err != nil {
		d.fault(RuleInteger, path, fmt.Sprintf("%s is not a whole number such as 3", n))
		return
	}
	*dst = v
}

// parseDecimal parses ^-?[0-9]+(\.[0-9]+)?$ exactly; the problem says what is wrong and what was expected.
func parseDecimal(s string) (decimal.Decimal, string) {
	switch {
	case len(s) > maxDecimalLen:
		return decimal.Decimal{}, fmt.Sprintf("is longer than %d characters", maxDecimalLen)
	case strings.ContainsRune(s, ','):
		return decimal.Decimal{}, `is not a decimal: use '.' as the decimal separator and no thousands separator, e.g. "1234.50"`
	case strings.ContainsAny(s, "eE") && strings.ContainsAny(s, "0123456789"):
		return decimal.Decimal{}, `is not a decimal: write it without an exponent, e.g. "1500" rather than 1.5e3`
	case !money.IsPlainDecimal(s):
		return decimal.Decimal{}, `is not a decimal: expected digits with an optional '.' and decimals, e.g. "12.50"`
	}
	v, err := decimal.NewFromString(s)
	if err != nil { // IsPlainDecimal admits only what NewFromString parses
		return decimal.Decimal{}, `is not a decimal: expected e.g. "12.50"`
	}
	return v, ""
}

// describe names a token's JSON type for a message.
func describe(tok json.Token) string {
	switch t := tok.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(t)
	case string:
		return "the string " + short(t)
	case json.Number:
		n := string(t)
		if len(n) > 64 {
			n = n[:64] + "…"
		}
		return "the number " + n
	case json.Delim:
		if t == '{' {
			return "an object"
		}
		return "an array"
	}
	return fmt.Sprintf("%T", tok)
}

// member writes the path step of an object key: .name, or ["odd key"] when it is not a plain name.
func member(key string) string {
	plain := key != ""
	for i := 0; plain && i < len(key); i++ {
		c := key[i]
		plain = c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9'
	}
	if plain && len(key) <= 64 {
		return "." + key
	}
	return "[" + short(key) + "]"
}

// short quotes a value for a message or a path, cut to 64 runes.
func short(s string) string {
	const max = 64
	if utf8.RuneCountInString(s) <= max {
		return strconv.Quote(s)
	}
	return strconv.Quote(string([]rune(s)[:max])) + "…"
}
