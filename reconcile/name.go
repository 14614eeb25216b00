package reconcile

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// legalForms are words of a company name that say what kind of company it is, not which one;
// payers add, drop and abbreviate them at will. Dots are removed before words are split, so
// "S.A.R.L." is "sarl" and "Sp. z o.o." is "sp z oo".
var legalForms = map[string]bool{
	"gmbh": true, "mbh": true, "ag": true, "kg": true, "ohg": true, "ug": true, "gbr": true, "ev": true,
	"kgaa": true, "se": true, "co": true, "cie": true, "et": true, "und": true, "and": true, "the": true,
	"sarl": true, "sas": true, "sasu": true, "sa": true, "eurl": true, "sci": true, "snc": true,
	"ltd": true, "limited": true, "plc": true, "llp": true, "llc": true, "inc": true, "corp": true,
	"corporation": true, "company": true, "bv": true, "nv": true, "vof": true, "srl": true, "spa": true,
	"sl": true, "slu": true, "oy": true, "ab": true, "aps": true, "asa": true, "kft": true, "zrt": true,
	"sro": true, "spol": true, "sp": true, "z": true, "oo": true, "lda": true, "ltda": true, "pty": true,
}

// folds spells out the letters that lose more than an accent in ASCII.
var folds = map[rune]string{'ß': "ss", 'æ': "ae", 'ø': "o", 'œ': "oe", 'ł': "l", 'đ': "d", 'þ': "th", 'ð': "d"}

// foldTable maps each lower-case letter of the Latin-1 and Latin Extended-A blocks to ASCII
// ("é" to "e"), built once from the Unicode decompositions.
var foldTable = func() map[rune]string {
	t := map[rune]string{}
	for r := rune(0xC0); r <= 0x24F; r++ {
		lr := unicode.ToLower(r)
		if f, ok := folds[lr]; ok {
			t[r] = f
			continue
		}
		var b strings.Builder
		for _, d := range norm.NFD.String(string(lr)) {
			if d < utf8.RuneSelf {
				b.WriteRune(d)
			}
		}
		if b.Len() > 0 {
			t[r] = b.String()
		}
	}
	return t
}()

// nameKey is a name reduced to what identifies the party: lower case ASCII words without accents,
// punctuation or legal forms, in their order. "Müller & Söhne GmbH" is "muller sohne".
func nameKey(name string) string {
	return strings.Join(nameWords(name), " ")
}

// nameWords splits a name into lower-case words, accents folded to ASCII, dots dropped ("S.A." is
// "sa"), legal forms left out unless nothing else is left. Letters of other scripts stay as they are.
func nameWords(name string) []string {
	var b strings.Builder
	b.Grow(len(name))
	for _, r := range name {
		switch {
		case r == '.':
		case r >= 'A' && r <= 'Z':
			b.WriteByte(byte(r - 'A' + 'a'))
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteByte(byte(r))
		case r < utf8.RuneSelf:
			b.WriteByte(' ')
		default:
			if f, ok := foldTable[r]; ok {
				b.WriteString(f)
			} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(unicode.ToLower(r))
			} else {
				b.WriteByte(' ')
			}
		}
	}
	words := strings.Fields(b.String())
	kept := words[:0:0]
	for _, w := range words {
		if !legalForms[w] {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		return words
	}
	return kept
}

// nameForm is a name key and the same words sorted, computed once per name.
type nameForm struct{ key, sorted string }

func makeNameForm(name string) nameForm {
	k := nameKey(name)
	return nameForm{key: k, sorted: sortedWords(k)}
}

// nameSimilarity compares two names (0..1): Jaro-Winkler on the words as written and on the words
// sorted, whichever is higher, so that "becker hoffmann" and "hoffmann becker" agree.
func nameSimilarity(a, b nameForm) float64 {
	if a.key == "" || b.key == "" {
		return 0
	}
	if a.key == b.key {
		return 1
	}
	s := jaroWinkler(a.key, b.key)
	if a.sorted != a.key || b.sorted != b.key {
		s = max(s, jaroWinkler(a.sorted, b.sorted))
	}
	return s
}

func sortedWords(s string) string {
	if strings.IndexByte(s, ' ') < 0 {
		return s
	}
	w := strings.Fields(s)
	slices.Sort(w)
	return strings.Join(w, " ")
}

// jaroWinkler is the Jaro similarity of a and b, raised for a common prefix of up to 4 bytes.
func jaroWinkler(a, b string) float64 {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	window := max(la, lb)/2 - 1
	window = max(window, 0)
	var bufA, bufB [128]bool
	ma, mb := bufA[:0], bufB[:0]
	if la > len(bufA) || lb > len(bufB) {
		ma, mb = make([]bool, la), make([]bool, lb)
	} else {
		ma, mb = bufA[:la], bufB[:lb]
	}
	matches := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-window), min(lb, i+window+1)
		for j := lo; j < hi; j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	trans, j := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[j] {
			j++
		}
		if a[i] != b[j] {
			trans++
		}
		j++
	}
	m := float64(matches)
	jaro := (m/float64(la) + m/float64(lb) + (m-float64(trans)/2)/m) / 3
	prefix := 0
	for prefix < min(4, la, lb) && a[prefix] == b[prefix] {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}

// compactIBAN writes an IBAN upper case without spaces.
func compactIBAN(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}
