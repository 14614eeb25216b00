package verify

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text similarity works on words: a description, a name or a street is folded (lower case, no
// accents), cut into words at every character that is neither a letter nor a digit and between
// letters and digits ("500ml" -> "500", "ml"), and two texts are compared word against word.
// Words, not characters, because order documents reorder and abbreviate words ("Stylo bille
// bleu" for "Bille stylo bleu") far more often than they misspell whole texts.

// fold lowers s and strips accents: "Crème Brûlée" -> "creme brulee", "Straße" -> "strasse". It
// decomposes compatibility characters too, as OCR output holds them: "m²" -> "m2", "ﬁ" -> "fi".
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining accent
		case r == 'ß':
			b.WriteString("ss")
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
		case r == 'ø' || r == 'Ø':
			b.WriteByte('o')
		case r == 'ł' || r == 'Ł':
			b.WriteByte('l')
		case r == 'đ' || r == 'Đ':
			b.WriteByte('d')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// words cuts folded text into words: runs of letters or runs of digits.
func words(s string) []string {
	var out []string
	start, kind := -1, 0 // kind: 1 letters, 2 digits
	for i, r := range s {
		k := 0
		if unicode.IsDigit(r) {
			k = 2
		} else if unicode.IsLetter(r) {
			k = 1
		}
		if k != kind {
			if kind != 0 {
				out = append(out, s[start:i])
			}
			start, kind = i, k
		}
	}
	if kind != 0 {
		out = append(out, s[start:])
	}
	return out
}

// uniq removes repeated words, keeping the first of each.
func uniq(ws []string) []string {
	out := ws[:0]
	for i, w := range ws {
		dup := false
		for _, p := range ws[:i] {
			if p == w {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, w)
		}
	}
	return out
}

// descriptionWords returns the distinct words of a product description.
func descriptionWords(s string) []string { return uniq(words(fold(s))) }

// legalForms are the words of company legal forms, dropped from names so that "Dupont SARL"
// and "Dupont S.A.R.L." and "Dupont" compare as equal. Dots are removed before cutting words,
// so "S.L." is "sl" and "B.V." is "bv".
var legalForms = map[string]bool{
	"gmbh": true, "mbh": true, "ag": true, "kg": true, "kgaa": true, "ohg": true, "ug": true, "gbr": true, "ev": true,
	"sarl": true, "sas": true, "sasu": true, "sa": true, "eurl": true, "snc": true, "sci": true, "scop": true,
	"ltd": true, "limited": true, "plc": true, "llp": true, "llc": true, "inc": true, "corp": true, "corporation": true,
	"sl": true, "slu": true, "sau": true, "scl": true, "bv": true, "nv": true, "bvba": true, "sprl": true, "srl": true,
	"spa": true, "sro": true, "ab": true, "oy": true, "aps": true, "as": true, "asa": true, "co": true, "cie": true,
	"company": true, "und": true, "and": true, "et": true, "y": true, "the": true,
}

// nameWords returns the distinct words of a company name without its legal form.
func nameWords(s string) []string {
	ws := words(strings.ReplaceAll(fold(s), ".", ""))
	out := ws[:0]
	for _, w := range ws {
		if !legalForms[w] {
			out = append(out, w)
		}
	}
	if len(out) == 0 { // a name that is all legal form ("SA Co") keeps its words
		out = words(strings.ReplaceAll(fold(s), ".", ""))
	}
	return uniq(out)
}

// streetWords are the words of a street with the usual abbreviations written out.
var streetAbbreviations = map[string]string{
	"str": "strasse", "av": "avenue", "ave": "avenue", "bd": "boulevard", "bld": "boulevard",
	"blvd": "boulevard", "bvd": "boulevard", "rd": "road", "ln": "lane", "sq": "square", "pl": "place",
	"c": "calle", "cl": "calle", "avda": "avenida", "pza": "plaza", "pso": "paseo", "chee": "chaussee",
	"stwg": "steenweg", "pk": "park", "dr": "drive", "st": "street", "fg": "faubourg", "fbg": "faubourg",
}

// streetWords returns the distinct words of a street: "Hauptstr. 5" -> "hauptstrasse", "5".
func streetWords(s string) []string {
	ws := words(fold(s))
	for i, w := range ws {
		if long, ok := streetAbbreviations[w]; ok {
			ws[i] = long
		} else if len(w) > 3 && strings.HasSuffix(w, "str") { // German compounds: Hauptstr.
			ws[i] = w + "asse"
		}
	}
	return uniq(ws)
}

// normPostalCode compares postal codes without spaces, dashes or case: "75 008" = "75008".
func normPostalCode(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// wordSim is the similarity in [0,1] of two folded words. Numbers and words of up to two
// letters must be equal. A word of four letters or more that starts another is an
// abbreviation of it (0.85). Otherwise it is 1 - edit distance / length, with transpositions
// counting as one edit ("bleu" ~ "blue" 0.75), and 0 under 0.7 so that unrelated words of
// similar length add nothing.
func wordSim(a, b string) float64 {
	if a == b {
		return 1
	}
	if a == "" || b == "" || isDigit(a[0]) || isDigit(b[0]) {
		return 0
	}
	la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	if la <= 2 || lb <= 2 {
		return 0
	}
	sim := 0.0
	if (la >= 4 && strings.HasPrefix(b, a)) || (lb >= 4 && strings.HasPrefix(a, b)) {
		sim = 0.85
	}
	// 1 - d/n >= 0.7 needs d <= 0.3 n: longer distances need not be computed.
	n := max(la, lb)
	limit := n * 3 / 10
	if abs(la-lb) <= limit {
		if d := osaDistance(a, b, limit); d <= limit {
			sim = max(sim, 1-float64(d)/float64(n))
		}
	}
	if sim < 0.7 {
		return 0
	}
	return sim
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// osaDistance is the optimal-string-alignment edit distance: insertions, deletions,
// substitutions and transpositions of adjacent letters each cost one. Once every alignment
// costs more than limit it stops and returns limit + 1.
func osaDistance(a, b string, limit int) int {
	var bufA, bufB [64]rune
	ra, rb := appendRunes(bufA[:0], a), appendRunes(bufB[:0], b)
	n, m := len(ra), len(rb)
	var rowsBuf [3 * 65]int
	var rows []int
	if 3*(m+1) <= len(rowsBuf) {
		rows = rowsBuf[:3*(m+1)]
	} else {
		rows = make([]int, 3*(m+1))
	}
	prev2, prev, cur := rows[:m+1], rows[m+1:2*(m+1)], rows[2*(m+1):]
	for j := 0; j <= m; j++ {
		prev[j] = j
	}
	for i := 1; i <= n; i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= m; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		// A transposition reaches back two rows, so stop only when both are over the limit.
		if rowMin > limit && minOf(prev) > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[m]
}

func minOf(xs []int) int {
	m := xs[0]
	for _, x := range xs[1:] {
		m = min(m, x)
	}
	return m
}

func appendRunes(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}

// softF1 compares two word sets: every word of q is matched to its most similar word of d and
// the other way round, each side's matches are averaged with the words' weights (recall over
// q, precision over d), and the score is their harmonic mean. Equal sets score 1; a missing or
// an extra word costs in proportion to its weight. wq and wd give the weight of q[i] and d[j];
// nil means equal weights.
func softF1(q, d []string, wq, wd func(i int) float64) float64 {
	return softF(q, d, wq, wd, 1)
}

// softF is softF1 with recall counting beta times as much as precision (F-beta): with beta 2,
// "stapler" fits "stapler heavy duty" at 0.71 where F1 gives 0.5. Order lines name a product
// in fewer words than a catalogue does, so descriptions are compared this way.
func softF(q, d []string, wq, wd func(i int) float64, beta float64) float64 {
	if len(q) == 0 || len(d) == 0 {
		return 0
	}
	var bestQBuf, bestDBuf [32]float64
	bestQ, bestD := bestQBuf[:0], bestDBuf[:0]
	if len(q) > len(bestQBuf) {
		bestQ = make([]float64, 0, len(q))
	}
	if len(d) > len(bestDBuf) {
		bestD = make([]float64, 0, len(d))
	}
	bestQ, bestD = bestQ[:len(q)], bestD[:len(d)]
	clear(bestQ)
	clear(bestD)
	for i, a := range q {
		for j, b := range d {
			s := wordSim(a, b)
			bestQ[i] = max(bestQ[i], s)
			bestD[j] = max(bestD[j], s)
		}
	}
	recall := weightedMean(bestQ, wq)
	precision := weightedMean(bestD, wd)
	b2 := beta * beta
	if b2*precision+recall == 0 {
		return 0
	}
	return (1 + b2) * recall * precision / (b2*precision + recall)
}

func weightedMean(v []float64, w func(i int) float64) float64 {
	var sum, total float64
	for i, x := range v {
		wi := 1.0
		if w != nil {
			wi = w(i)
		}
		sum += wi * x
		total += wi
	}
	if total == 0 {
		return 0
	}
	return sum / total
}
