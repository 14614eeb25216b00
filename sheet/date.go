package sheet

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/o2c-project/o2c/cal"
)

// months maps folded month names and abbreviations of French, German and English to 1-12.
var months = map[string]int{}

// ignoredDateWords may stand in a written date without changing it: weekdays, ordinal endings
// ("1er", "2nd", "2."), and small words ("le", "the", "of", "den").
var ignoredDateWords = map[string]bool{}

func init() {
	names := [12][]string{
		{"janvier", "janv", "jan", "januar", "jänner", "jän", "january"},
		{"février", "févr", "fév", "fevr", "fev", "februar", "feb", "february", "febr"},
		{"mars", "mar", "märz", "mär", "maerz", "march", "mrz"},
		{"avril", "avr", "april", "apr"},
		{"mai", "may"},
		{"juin", "juni", "june", "jun"},
		{"juillet", "juil", "juli", "july", "jul"},
		{"août", "aout", "aug", "august", "aoû"},
		{"septembre", "sept", "sep", "september"},
		{"octobre", "oct", "oktober", "okt", "october"},
		{"novembre", "nov", "november"},
		{"décembre", "déc", "dec", "dezember", "dez", "december"},
	}
	for i, ns := range names {
		for _, n := range ns {
			months[fold(n)] = i + 1
		}
	}
	for _, w := range []string{"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
		"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"lun", "mer", "jeu", "ven", "sam", "dim", "mo", "di", "mi", "do", "fr", "sa", "so",
		"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
		"er", "st", "nd", "rd", "th", "le", "the", "of", "den", "am"} {
		ignoredDateWords[w] = true
	}
}

// dateText is a date cell taken apart: either a whole date, or three numbers whose order is unknown.
type dateText struct {
	date      cal.Date  // set when the text alone gives the date
	a, b, y   int       // day and month in some order, and the year, when date is zero
	evidence  dateOrder // what the text says about the order: a first part over 12 is a day
	ambiguous bool      // both a and b could be the month
	dotted    bool      // written with dots, as only day-first locales do
}

// splitDate reads a date cell. ok is false when the text is no date at all.
func splitDate(s string) (dateText, bool) {
	var t dateText
	s = strings.TrimFunc(s, isSpace)
	s = cutTime(s)
	if len(s) == 8 && allDigitsOrEmpty(s) { // 20261102
		y, _ := strconv.Atoi(s[:4])
		m, _ := strconv.Atoi(s[4:6])
		d, _ := strconv.Atoi(s[6:])
		date, ok := makeDate(y, m, d)
		t.date = date
		return t, ok && y >= 1900
	}
	// Split into runs of digits and of letters; anything else separates.
	var nums []string
	month := 0
	seps := map[rune]bool{}
	for _, tok := range tokens(s, seps) {
		if unicode.IsDigit([]rune(tok)[0]) {
			nums = append(nums, tok)
			continue
		}
		w := fold(tok)
		if m, ok := months[w]; ok && month == 0 {
			month = m
			continue
		}
		if !ignoredDateWords[w] {
			return t, false
		}
	}
	if month > 0 {
		if len(nums) != 2 {
			return t, false
		}
		var day, year string
		switch {
		case len(nums[0]) == 4 && len(nums[1]) <= 2:
			year, day = nums[0], nums[1]
		case len(nums[1]) == 4 && len(nums[0]) <= 2, len(nums[0]) <= 2 && len(nums[1]) == 2:
			day, year = nums[0], nums[1]
		default:
			return t, false
		}
		d, _ := strconv.Atoi(day)
		y := fullYear(year)
		date, ok := makeDate(y, month, d)
		t.date = date
		return t, ok
	}
	if len(nums) != 3 || len(seps) != 1 {
		return t, false
	}
	for r := range seps {
		if r != '/' && r != '.' && r != '-' {
			return t, false
		}
		t.dotted = r == '.'
	}
	if len(nums[0]) == 4 { // 2026-11-02, 2026/11/02
		if len(nums[1]) > 2 || len(nums[2]) > 2 {
			return t, false
		}
		y, _ := strconv.Atoi(nums[0])
		m, _ := strconv.Atoi(nums[1])
		d, _ := strconv.Atoi(nums[2])
		date, ok := makeDate(y, m, d)
		t.date = date
		return t, ok
	}
	if len(nums[0]) > 2 || len(nums[1]) > 2 || (len(nums[2]) != 4 && len(nums[2]) != 2) {
		return t, false
	}
	t.a, _ = strconv.Atoi(nums[0])
	t.b, _ = strconv.Atoi(nums[1])
	t.y = fullYear(nums[2])
	_, dmy := makeDate(t.y, t.b, t.a)
	_, mdy := makeDate(t.y, t.a, t.b)
	switch {
	case dmy && mdy && t.a == t.b: // 05/05/2026 reads the same both ways
		t.date, _ = makeDate(t.y, t.a, t.b)
	case dmy && mdy:
		t.ambiguous = true
	case dmy:
		t.evidence = orderDMY
	case mdy:
		t.evidence = orderMDY
	default:
		return t, false
	}
	if t.dotted && t.ambiguous {
		t.evidence, t.ambiguous = orderDMY, false // 2.11.2026: dots are written day first
	}
	if t.evidence != orderUnknown {
		t.date, _ = t.in(t.evidence)
	}
	return t, true
}

// in returns the date read in the given order; a text that gives its date alone (ISO, a month
// name) ignores the order.
func (t dateText) in(o dateOrder) (cal.Date, bool) {
	if t.a == 0 || o == orderUnknown { // a date that its text alone gives
		return t.date, !t.date.IsZero()
	}
	switch o {
	case orderDMY:
		return makeDate(t.y, t.b, t.a)
	case orderMDY:
		return makeDate(t.y, t.a, t.b)
	}
	return cal.Date{}, false
}

// tokens splits s into runs of digits and runs of letters, noting the other characters between
// numbers (spaces included) in seps.
func tokens(s string, seps map[rune]bool) []string {
	var out []string
	kind := 0 // 1 digits, 2 letters
	start := -1
	flush := func(end int) {
		if start >= 0 {
			out = append(out, s[start:end])
			start = -1
		}
	}
	for i, r := range s {
		k := 0
		switch {
		case unicode.IsDigit(r):
			k = 1
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			k = 2
		}
		if k != kind || k == 0 {
			flush(i)
			if k == 0 {
				seps[r] = true
			} else {
				start = i
			}
			kind = k
		}
	}
	flush(len(s))
	return out
}

// cutTime drops a time of day after a date: "2026-11-02T00:00:00Z", "02.11.2026 00:00".
func cutTime(s string) string {
	if i := strings.IndexByte(s, 'T'); i == 10 && len(s) > 13 && s[13] == ':' {
		return s[:10]
	}
	if i := strings.LastIndexByte(s, ' '); i > 0 {
		tail := s[i+1:]
		if c := strings.Count(tail, ":"); c >= 1 && c <= 2 && strings.Trim(tail, "0123456789:.") == "" {
			return strings.TrimFunc(s[:i], isSpace)
		}
	}
	return s
}

// fullYear reads a 2-digit year as 20yy: order files are about this century.
func fullYear(s string) int {
	y, _ := strconv.Atoi(s)
	if len(s) == 2 {
		y += 2000
	}
	return y
}

// makeDate checks y-m-d and returns it; 2026-02-30 is refused, not moved to March.
func makeDate(y, m, d int) (cal.Date, bool) {
	if y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return cal.Date{}, false
	}
	date := cal.MakeDate(y, time.Month(m), d)
	if date.Day != d {
		return cal.Date{}, false
	}
	return date, true
}
