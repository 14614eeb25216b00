package sheet

import (
	"fmt"
	"slices"
	"strings"
)

// phrase is one folded header word of the dictionary.
type phrase struct {
	folded, compact string
	tokens          []string
	f, alt          field
	langs           lang
	weight          int
}

var (
	phrases   []phrase
	totalPhr  [][]string // totalWords, folded into tokens
	subPhr    [][]string
	grossPhr  [][]string
	netPhr    [][]string
	taxPhr    [][]string
	unitTable = map[string]string{} // folded unit word -> Rec. 20 code; filled from units

	exactIndex = map[string][]int{} // folded or compact phrase -> indexes in phrases
	firstToken = map[string][]int{} // first word -> indexes of the phrases that may be contained in a header
)

func init() {
	index := make(map[string]int) // folded|field -> position in phrases, to merge languages
	for _, e := range dictionary {
		for _, w := range e.words {
			fw := fold(w)
			key := fw + "|" + string(e.f)
			if i, ok := index[key]; ok {
				phrases[i].langs |= e.l
				continue
			}
			index[key] = len(phrases)
			phrases = append(phrases, phrase{folded: fw, compact: compact(fw), tokens: strings.Fields(fw), f: e.f, alt: e.alt,
				langs: e.l, weight: e.weight})
		}
	}
	for i, p := range phrases {
		exactIndex[p.folded] = append(exactIndex[p.folded], i)
		if p.compact != p.folded {
			exactIndex[p.compact] = append(exactIndex[p.compact], i)
		}
		if len(p.compact) >= 3 { // shorter phrases ("PU", "ME", "N°") must match a whole header
			firstToken[p.tokens[0]] = append(firstToken[p.tokens[0]], i)
		}
	}
	tok := func(ws []string) [][]string {
		out := make([][]string, len(ws))
		for i, w := range ws {
			out[i] = strings.Fields(fold(w))
		}
		return out
	}
	totalPhr, subPhr, grossPhr, netPhr, taxPhr = tok(totalWords), tok(subtotalWords), tok(grossWords), tok(netWords), tok(taxWords)
	for code, ws := range units {
		for _, w := range ws {
			unitTable[compact(fold(w))] = code
		}
		unitTable[strings.ToLower(code)] = code
	}
}

// match is what a header cell says: the field it names, how strongly, and in which language.
type match struct {
	f, alt field
	score  int
	exact  bool
	langs  lang
}

// matchHeader finds the field a header cell names. An exact match scores over 1000, a contained
// phrase 10 per word; a longer phrase wins. A tie between two fields leaves the cell unread, unless
// one of them is a column we know to ignore, which then wins: an unknown column is safer than a
// wrong one.
func matchHeader(text string) (match, bool) {
	h := fold(text)
	if h == "" || len(h) > 80 {
		return match{}, false
	}
	hc, ht := compact(h), strings.Fields(h)
	scores := make(map[int]int) // phrase index -> score
	for _, key := range []string{h, hc} {
		for _, i := range exactIndex[key] {
			scores[i] = 1000 + 10*len(phrases[i].tokens) + phrases[i].weight
		}
	}
	for _, tok := range ht {
		for _, i := range firstToken[tok] {
			if _, ok := scores[i]; !ok && containsRun(ht, phrases[i].tokens) {
				scores[i] = 10*len(phrases[i].tokens) + phrases[i].weight
			}
		}
	}
	var best match
	tie := false
	for i := range phrases { // in dictionary order, so that the result never depends on map order
		score, ok := scores[i]
		if !ok {
			continue
		}
		p := &phrases[i]
		m := match{f: p.f, alt: p.alt, score: score, exact: score >= 1000, langs: p.langs}
		switch {
		case score > best.score:
			best, tie = m, false
		case score == best.score && m.f != best.f:
			if m.f == fIgnore {
				best, tie = m, false
			} else if best.f != fIgnore {
				tie = true
			}
		}
	}
	if best.score == 0 || tie {
		return match{}, false
	}
	return best, true
}

// containsRun reports whether words holds run as consecutive words.
func containsRun(words, run []string) bool {
	for i := 0; i+len(run) <= len(words); i++ {
		if slices.Equal(words[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

// startsWithAny reports whether words begins with one of the runs, and how many words it took.
func startsWithAny(words []string, runs [][]string) (int, bool) {
	best := 0
	for _, r := range runs {
		if len(r) > 0 && len(r) <= len(words) && slices.Equal(words[:len(r)], r) && len(r) > best {
			best = len(r)
		}
	}
	return best, best > 0
}

// anyRun reports whether words holds one of the runs anywhere.
func anyRun(words []string, runs [][]string) bool {
	for _, r := range runs {
		if len(r) > 0 && containsRun(words, r) {
			return true
		}
	}
	return false
}

// layout is a header row read: which column holds which field.
type layout struct {
	row       int           // 0-based row index of the header in the grid
	col       map[field]int // field -> 0-based column
	header    []string      // the header row's texts
	folded    []string      // and folded
	exact     int           // fields matched exactly or by the profile
	langs     map[lang]int  // header words per language
	ambiguous []string      // "quantity: columns C "Qté" and D "Quantité""
	profiled  map[field]bool
	missing   []string // profile headers the row does not hold
}

// score ranks candidate header rows.
func (l *layout) score() int { return len(l.col) + l.exact }

// hasArticle reports whether the layout names a column that says what is ordered.
func (l *layout) hasArticle() bool {
	for _, f := range articleFields {
		if _, ok := l.col[f]; ok {
			return true
		}
	}
	return false
}

// usable reports whether the row can be the header: quantity, an article column, and every
// column of the profile.
func (l *layout) usable() bool {
	_, q := l.col[fQuantity]
	return q && l.hasArticle() && len(l.missing) == 0 && len(l.ambiguous) == 0
}

// language is the header language when one wins clearly, else 0.
func (l *layout) language() lang {
	var best lang
	n, second := 0, 0
	for _, x := range []lang{fr, de, en, es} {
		switch c := l.langs[x]; {
		case c > n:
			best, second, n = x, n, c
		case c > second:
			second = c
		}
	}
	if n > second {
		return best
	}
	return 0
}

// found lists the recognised columns for a message: `quantity (C "Menge"), description (B "Text")`.
func (l *layout) found() string {
	var parts []string
	for _, name := range Fields {
		if c, ok := l.col[field(name)]; ok {
			parts = append(parts, fmt.Sprintf("%s (%s %s)", name, colName(c), quote(l.header[c])))
		}
	}
	if len(parts) == 0 {
		return "no column we know"
	}
	return strings.Join(parts, ", ")
}

// readLayout reads row r of the grid as a header row. Profile columns are placed first; the
// dictionary places the rest.
func readLayout(g *grid, r int, p *Profile) *layout {
	cells := g.rows[r]
	l := &layout{row: r, col: make(map[field]int), header: make([]string, len(cells)), folded: make([]string, len(cells)),
		langs: make(map[lang]int), profiled: make(map[field]bool)}
	taken := make(map[int]bool)
	for i, c := range cells {
		l.header[i], l.folded[i] = c.text, fold(c.text)
	}
	if p != nil {
		for _, name := range Fields { // a fixed order, so that messages do not vary
			want, ok := p.Columns[name]
			if !ok {
				continue
			}
			fw := fold(want)
			at := -1
			for i, c := range cells {
				if !taken[i] && c.text != "" && (l.folded[i] == fw || compact(l.folded[i]) == compact(fw)) {
					at = i
					break
				}
			}
			if at < 0 {
				l.missing = append(l.missing, fmt.Sprintf("%s %s", name, quote(want)))
				continue
			}
			f := field(name)
			l.col[f], taken[at], l.profiled[f] = at, true, true
			l.exact++
		}
	}

	type claim struct {
		col   int
		m     match
		field field
	}
	claims := make(map[field][]claim)
	for i, c := range cells {
		if taken[i] || !headerLike(c) {
			continue
		}
		m, ok := matchHeader(c.text)
		if !ok || m.f == fIgnore {
			continue
		}
		claims[m.f] = append(claims[m.f], claim{i, m, m.f})
	}
	var losers []claim
	win := func(f field, cs []claim) {
		slices.SortStableFunc(cs, func(a, b claim) int { // best first; on a tie, the column with no second field
			if a.m.score != b.m.score {
				return b.m.score - a.m.score
			}
			return boolInt(a.m.alt != "") - boolInt(b.m.alt != "")
		})
		if len(cs) > 1 && cs[0].m.score == cs[1].m.score && cs[1].m.alt == "" {
			l.ambiguous = append(l.ambiguous, fmt.Sprintf("%s: columns %s %s and %s %s", f, colName(cs[0].col),
				quote(cells[cs[0].col].text), colName(cs[1].col), quote(cells[cs[1].col].text)))
		}
		l.col[f] = cs[0].col
		if cs[0].m.exact {
			l.exact++
		}
		for _, x := range cs[:1] {
			for _, b := range []lang{fr, de, en, es} {
				if x.m.langs&b != 0 {
					l.langs[b]++
				}
			}
		}
		losers = append(losers, cs[1:]...)
	}
	for _, name := range Fields {
		f := field(name)
		if cs := claims[f]; len(cs) > 0 && !l.profiled[f] {
			win(f, cs)
		}
	}
	// A column that lost its first field reads its second one, when no column claims that.
	alts := make(map[field][]claim)
	for _, c := range losers {
		if c.m.alt != "" {
			if _, ok := l.col[c.m.alt]; !ok {
				alts[c.m.alt] = append(alts[c.m.alt], c)
			}
		}
	}
	for _, name := range Fields {
		if cs := alts[field(name)]; len(cs) > 0 {
			for i := range cs {
				cs[i].m.alt = "" // no third choice
			}
			win(field(name), cs)
		}
	}
	// Two equal claims on a field the file does not need to tell apart are not worth an error.
	l.ambiguous = slices.DeleteFunc(l.ambiguous, func(s string) bool {
		f, _, _ := strings.Cut(s, ":")
		return orderFields[field(f)] && field(f) != fPONumber
	})
	return l
}

// headerLike reports whether a cell may be a column header: text, not a number or a date, not a
// "label: value" pair, not a paragraph.
func headerLike(c cell) bool {
	if c.text == "" || c.num || len(c.text) > 80 || !hasLetter(c.text) {
		return false
	}
	if _, v, ok := strings.Cut(c.text, ":"); ok && strings.TrimFunc(v, isSpace) != "" {
		return false
	}
	return true
}

// colName is the spreadsheet name of a 0-based column: A, B, ..., Z, AA...
func colName(c int) string {
	name := ""
	for c++; c > 0; c = (c - 1) / 26 {
		name = string(rune('A'+(c-1)%26)) + name
	}
	return name
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
