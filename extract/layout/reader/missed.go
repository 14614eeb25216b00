package reader

import (
	"cmp"
	"context"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/o2c-project/o2c/extract/layout"
)

// Text the page reading missed. Tesseract's layout analysis drops a short word that stands alone
// (issues tesseract-ocr/tesseract#3874 and #1108): a quantity "8" or a line number in a ruled
// table cell, often the column's header too, so that a table loses its quantity column. Sparse
// text (--psm 11) has the same blind spot for a lone character, and reads the rest of the page
// worse (on our corpus of 6 scans it fell from 93% of fields to 70%). So after psm 3, the ink
// that no word it read covers is looked for in Go: the ink left once the words read and the
// table's rules are taken out, cut into connected components and grouped into runs of
// characters about the page's text height. Each group is cut out on its own, and all are read in
// one more Tesseract run, each as a line of text (--psm 7), which reads a lone character well.
//
// Three kinds of words psm 3 read are looked at again:
//   - a word it is unsure of (confidence below minSureConf) is read as left-over ink too; the
//     crops over it replace it when each is surer of every word it reads and together they hold
//     nearly all its ink ("Pos" read as "2 8");
//   - a word whose box left part of its ink out (a group of ink touches it) is read again with
//     that ink, and the new reading replaces it when it holds the word and more ("Qt" of "Qté"
//     read as "é");
//   - a word 2.5 lines of text tall read at a confidence below maxTallConf is not a word (a
//     column of line numbers read across as "eclolsfalulalaln", a logo read as "Re"): it is
//     dropped, and its ink read.
//
// Measured on the corpus of `o2c bench corpus -per-layout 1 -channels scan,photo` (19 photos,
// 22 scans), fields right went from 13.2% to 78.9% on photos and from 87.9% to 90.1% on scans.
// The second run costs about 0.45 s on a page with a few groups (most of it Tesseract starting
// with three languages) and 1 s on a photo with a hundred; the search in Go 30 to 50 ms. Reading
// the crops in English only halves the start but loses the accents ("Qté"): 79% fell to 59% on
// photos.
const (
	minMissedConf = 0.5    // Tesseract's confidence below which a word read from left-over ink is noise
	minSureConf   = 0.8    // confidence of psm 3 below which a word is read again
	maxTallConf   = 0.3    // confidence below which a word 2.5 lines of text tall is not a word
	maxMissed     = 300    // groups read at most; a page with more is noise (a photo's texture)
	maxComponents = 50_000 // connected components of left-over ink looked at, at most
)

// Pixel states of the ink map.
const (
	paper   = iota
	ink     // dark, not yet looked at
	rule    // a table's rule
	word    // a word psm 3 read
	visited // ink of a component already measured
)

// inkGroup is a run of characters of left-over ink: its box in pixels and the word psm 3 read
// that it touches, an index of the page's words, or -1.
type inkGroup struct {
	Box    image.Rectangle
	Beside int
}

// pageWord is a word psm 3 read and where it is in the page's lines.
type pageWord struct {
	layout.Word
	Line, Index int
}

// readMissed reads the text of g that lines (what psm 3 read, in pixels of g) do not hold, and
// returns lines with it: new lines for text apart from the words read, and new readings in place
// of words read (see above).
func (j *job) readMissed(ctx context.Context, img ocrImage, g *image.Gray, lines []layout.Line) ([]layout.Line, error) {
	words, doubt, drop, tall := sortWords(lines)
	groups, state := missedInk(g, words, tall)
	if len(groups) > maxMissed {
		j.log.DebugContext(ctx, "left-over ink", "page", img.Page, "groups", len(groups))
		return lines, nil
	}
	crops := cropsOf(groups, words, g.Bounds().Size(), tall)
	var read [][]layout.Line
	if len(crops) > 0 {
		var err error
		if read, err = j.readCrops(ctx, img, g, state, crops); err != nil {
			return nil, err
		}
	}
	out, added, replaced := mergeMissed(lines, words, doubt, drop, crops, read, inkedShare(state, g.Bounds().Dx()))
	j.log.DebugContext(ctx, "left-over ink", "page", img.Page, "groups", len(groups), "added", added, "replaced", replaced)
	return out, nil
}

// sortWords sorts the words of lines, but a table's rules read as characters: the words psm 3
// is sure of, those it is unsure of, and those that are not words (marked in drop, by line and
// index). tall is the height of the page's text in pixels.
func sortWords(lines []layout.Line) (sure, doubt []pageWord, drop map[[2]int]bool, tall float64) {
	var all []pageWord
	for li, l := range lines {
		for wi, w := range l.Words {
			if !isRule(w.Text) {
				all = append(all, pageWord{Word: w, Line: li, Index: wi})
			}
		}
	}
	tall = textHeight(all)
	drop = map[[2]int]bool{}
	for _, w := range all {
		switch {
		case w.Box.Height() > 2.5*tall && w.Conf < maxTallConf:
			drop[[2]int{w.Line, w.Index}] = true
		case w.Conf < minSureConf:
			doubt = append(doubt, w)
		default:
			sure = append(sure, w)
		}
	}
	return sure, doubt, drop, tall
}

// crop is one image read in the second run: a rectangle of the page in pixels, and the part of
// it whose ink is shown (the rest is painted the paper's grey).
type crop struct {
	Rect, Keep image.Rectangle
	Word       int // the word psm 3 read that the crop reads again, or -1
}

// cropsOf cuts one crop per group; groups beside the same word psm 3 read make one crop with it.
func cropsOf(groups []inkGroup, words []pageWord, size image.Point, tall float64) []crop {
	var out []crop
	byWord := map[int]int{} // word -> its crop in out
	for _, gr := range groups {
		if gr.Beside < 0 {
			out = append(out, crop{Keep: gr.Box, Word: -1})
			continue
		}
		if k, ok := byWord[gr.Beside]; ok {
			out[k].Keep = out[k].Keep.Union(gr.Box)
			continue
		}
		b := words[gr.Beside].Box
		wb := image.Rect(int(b.X0), int(b.Y0), int(math.Ceil(b.X1)), int(math.Ceil(b.Y1)))
		byWord[gr.Beside] = len(out)
		out = append(out, crop{Keep: gr.Box.Union(wb), Word: gr.Beside})
	}
	pad := max(10, int(tall))
	page := image.Rectangle{Max: size}
	for i := range out {
		c := &out[i]
		c.Keep = c.Keep.Inset(-2).Intersect(page)
		c.Rect = c.Keep.Inset(-pad).Intersect(page)
	}
	return out
}

// readCrops writes each crop as an image and reads them all in one Tesseract run, each as one
// line of text. It returns the lines read from each crop, in pixels of the page.
func (j *job) readCrops(ctx context.Context, img ocrImage, g *image.Gray, state []uint8, crops []crop) ([][]layout.Line, error) {
	what := fmt.Sprintf("page %d", img.Page)
	b := g.Bounds()
	w := b.Dx()
	var list strings.Builder
	for i, c := range crops {
		grey := paperLevel(g, state, c.Keep)
		out := image.NewGray(image.Rect(0, 0, c.Rect.Dx(), c.Rect.Dy()))
		for y := c.Rect.Min.Y; y < c.Rect.Max.Y; y++ {
			for x := c.Rect.Min.X; x < c.Rect.Max.X; x++ {
				v := grey
				s := state[y*w+x]
				if (image.Point{x, y}).In(c.Keep) && s != rule && (s != word || c.Word >= 0) {
					v = g.Pix[g.PixOffset(b.Min.X+x, b.Min.Y+y)]
				}
				out.Pix[(y-c.Rect.Min.Y)*out.Stride+x-c.Rect.Min.X] = v
			}
		}
		path := filepath.Join(j.dir, fmt.Sprintf("page-%d-missed-%d.pgm", img.Page, i+1))
		if err := os.WriteFile(path, writePGM(out), 0o600); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		list.WriteString(path + "\n")
	}
	// Given a file that is not an image, Tesseract reads the images it lists, one per line.
	listPath := filepath.Join(j.dir, fmt.Sprintf("page-%d-missed.txt", img.Page))
	if err := os.WriteFile(listPath, []byte(list.String()), 0o600); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	out, err := j.run(ctx, run{
		Tool:    "tesseract",
		Args:    []string{listPath, "stdout", "--dpi", strconv.Itoa(int(img.DPI + 0.5)), "-l", j.limits.Languages, "--psm", "7", "tsv"},
		What:    what,
		Timeout: j.limits.PageTimeout,
	})
	if err != nil {
		return nil, j.tesseractError(err, what)
	}
	pages, err := parseTSV(out)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	read := make([][]layout.Line, len(crops))
	for _, p := range pages {
		if p.Number < 1 || p.Number > len(crops) {
			continue
		}
		at := crops[p.Number-1].Rect.Min
		dx, dy := float64(at.X), float64(at.Y)
		for _, l := range p.Lines {
			for k := range l.Words {
				bx := &l.Words[k].Box
				*bx = layout.Box{X0: bx.X0 + dx, Y0: bx.Y0 + dy, X1: bx.X1 + dx, Y1: bx.Y1 + dy}
			}
			l.Box = layout.Box{X0: l.Box.X0 + dx, Y0: l.Box.Y0 + dy, X1: l.Box.X1 + dx, Y1: l.Box.Y1 + dy}
			read[p.Number-1] = append(read[p.Number-1], l)
		}
	}
	return read, nil
}

// mergeMissed returns lines with what the crops read, in pixels, and how many words it added and
// replaced. The words in drop are left out. A crop's reading is taken when its words are
// confident. It replaces the word psm 3 read that the crop reads again when it holds that word's
// text and more; else it is not taken. It replaces the words psm 3 was unsure of that it covers
// when every crop over such a word is surer of each of its words than psm 3 was, and the crops
// hold 90% of the word's ink (a word read in parts is not replaced by some of them: "Purchase",
// whose tall letters were too tall to be grouped, read as "urc" and "1ase"); else no crop over it
// is taken.
func mergeMissed(lines []layout.Line, words, doubt []pageWord, drop map[[2]int]bool, crops []crop, read [][]layout.Line, inked func(layout.Box, []image.Rectangle) float64) (out []layout.Line, added, replaced int) {
	type reading struct {
		got  []layout.Word
		sure bool
		over []int // the unsure words it covers
	}
	readings := make([]reading, len(crops))
	overs := make([][]int, len(doubt)) // crops over each unsure word
	for i, c := range crops {
		r := &readings[i]
		r.got, r.sure = confident(read[i])
		keep := boxOf(c.Keep)
		for k, d := range doubt {
			if sameWord(d.Box, keep) {
				r.over = append(r.over, k)
				overs[k] = append(overs[k], i)
			}
		}
	}
	// Which unsure words are replaced.
	gone := make([]bool, len(doubt))
	for k, d := range doubt {
		if len(overs[k]) == 0 {
			continue
		}
		var rects []image.Rectangle
		ok := true
		for _, i := range overs[k] {
			r := readings[i]
			ok = ok && r.sure && len(r.got) > 0 && slices.MinFunc(r.got, byConf).Conf > d.Conf
			rects = append(rects, crops[i].Keep)
		}
		gone[k] = ok && inked(d.Box, rects) >= 0.9
	}
	var extra []layout.Line
	for i, c := range crops {
		r := readings[i]
		if len(r.got) == 0 || slices.ContainsFunc(r.over, func(k int) bool { return !gone[k] }) {
			continue
		}
		if c.Word >= 0 {
			w := words[c.Word]
			if !r.sure || !longer(r.got, w.Text) {
				continue
			}
			drop[[2]int{w.Line, w.Index}] = true
			replaced++
		}
		for _, k := range r.over {
			drop[[2]int{doubt[k].Line, doubt[k].Index}] = true
		}
		l := layout.Line{Words: r.got}
		for _, w := range r.got {
			l.Box = l.Box.Union(w.Box)
		}
		extra = append(extra, l)
		added += len(r.got)
	}
	for k := range doubt {
		if gone[k] {
			replaced++
		}
	}
	for li, l := range lines {
		kept := layout.Line{}
		for wi, w := range l.Words {
			if !drop[[2]int{li, wi}] {
				kept.Words = append(kept.Words, w)
				kept.Box = kept.Box.Union(w.Box)
			}
		}
		if len(kept.Words) > 0 {
			out = append(out, kept)
		}
	}
	return append(out, extra...), added, replaced
}

// inkedShare returns the share of the ink in box b (in pixels of the state map, w pixels wide)
// that lies in one of rects, rules left out; 1 when b holds no ink.
func inkedShare(state []uint8, w int) func(layout.Box, []image.Rectangle) float64 {
	return func(b layout.Box, rects []image.Rectangle) float64 {
		h := len(state) / w
		in, all := 0, 0
		for y := max(0, int(b.Y0)); y < min(h, int(math.Ceil(b.Y1))); y++ {
			for x := max(0, int(b.X0)); x < min(w, int(math.Ceil(b.X1))); x++ {
				if s := state[y*w+x]; s != visited && s != ink {
					continue
				}
				all++
				if slices.ContainsFunc(rects, func(r image.Rectangle) bool { return (image.Point{x, y}).In(r) }) {
					in++
				}
			}
		}
		if all == 0 {
			return 1
		}
		return float64(in) / float64(all)
	}
}

func boxOf(r image.Rectangle) layout.Box {
	return layout.Box{X0: float64(r.Min.X), Y0: float64(r.Min.Y), X1: float64(r.Max.X), Y1: float64(r.Max.Y)}
}

// confident returns the words of a reading at least minMissedConf sure, but a table's rules,
// and whether all were; none when no word holds a letter or a digit.
func confident(lines []layout.Line) (got []layout.Word, all bool) {
	all = true
	text := false
	for _, l := range lines {
		for _, w := range l.Words {
			switch {
			case isRule(w.Text):
			case w.Conf < minMissedConf:
				all = false
			default:
				got = append(got, w)
				text = text || strings.ContainsFunc(w.Text, isAlnum)
			}
		}
	}
	if !text {
		return nil, all
	}
	return got, all
}

func byConf(a, b layout.Word) int { return cmp.Compare(a.Conf, b.Conf) }

// overlapArea is the area boxes a and b share.
func overlapArea(a, b layout.Box) float64 {
	return max(0, min(a.X1, b.X1)-max(a.X0, b.X0)) * max(0, min(a.Y1, b.Y1)-max(a.Y0, b.Y0))
}

// sameWord reports whether boxes a and b overlap by a fifth of either's area: a word and a
// reading of the same ink.
func sameWord(a, b layout.Box) bool {
	area := func(b layout.Box) float64 { return b.Width() * b.Height() }
	return overlapArea(a, b) > 0 && overlapArea(a, b) >= 0.2*min(area(a), area(b))
}

// rules are the characters Tesseract reads a table's rule as.
const rules = "|¦[]‖"

// isRule reports a word that is only a table's rule read as characters.
func isRule(text string) bool { return strings.Trim(text, rules+" ") == "" }

// longer reports whether the words read hold text, and more characters of it, than old.
func longer(got []layout.Word, old string) bool {
	var texts []string
	for _, w := range got {
		texts = append(texts, w.Text)
	}
	text := strings.Join(texts, " ")
	return utf8.RuneCountInString(text) > utf8.RuneCountInString(old) && strings.Contains(strings.ToLower(text), strings.ToLower(strings.Trim(old, rules)))
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// textHeight is the height of the page's text in pixels: the median height of its words.
func textHeight(words []pageWord) float64 {
	if len(words) == 0 {
		return 0
	}
	heights := make([]float64, len(words))
	for i, w := range words {
		heights[i] = w.Box.Height()
	}
	slices.Sort(heights)
	return heights[len(heights)/2]
}

// missedInk finds, on g, the groups of ink shaped like text that no word psm 3 read covers: the
// ink left once the words and the table's rules are taken out, cut into 8-connected components,
// which are grouped into runs of characters. tall is the height of the page's text in pixels.
// It returns the groups and the map of pixel states.
func missedInk(g *image.Gray, words []pageWord, tall float64) ([]inkGroup, []uint8) {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	if len(words) == 0 || w == 0 || h == 0 || tall < 6 {
		return nil, nil
	}
	dark := inkLevel(g, max(1, int(math.Sqrt(float64(w*h)/skewSamples))))
	state := make([]uint8, w*h)
	for y := range h {
		row := g.Pix[g.PixOffset(b.Min.X, b.Min.Y+y):]
		for x := range w {
			if row[x] < dark {
				state[y*w+x] = ink
			}
		}
	}
	// A rule is a run of ink longer than any stroke of a character: 2 lines of text across,
	// 1.5 down.
	eraseRuns(state, w, h, int(2*tall), true)
	eraseRuns(state, w, h, int(1.5*tall), false)
	pad := 2 + int(tall/20) // the blurred edge of a word's ink
	for _, wd := range words {
		x0, y0 := max(0, int(wd.Box.X0)-pad), max(0, int(wd.Box.Y0)-pad)
		x1, y1 := min(w, int(wd.Box.X1)+pad), min(h, int(wd.Box.Y1)+pad)
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				if state[y*w+x] == ink {
					state[y*w+x] = word
				}
			}
		}
	}
	comps, ok := components(state, w, h)
	if !ok {
		return nil, state
	}
	// Specks, and what is too tall or too wide for a character (a logo, a signature, the
	// table behind a photographed page).
	comps = slices.DeleteFunc(comps, func(r image.Rectangle) bool {
		return float64(max(r.Dx(), r.Dy())) < 0.12*tall || float64(r.Dy()) > 1.6*tall || float64(r.Dx()) > 8*tall
	})
	var out []inkGroup
	for _, r := range groupComponents(comps, tall) {
		// Too small or too tall for text, or a lone stroke: what is left of a short rule
		// (a "1" is wider).
		if hgt := float64(r.Dy()); hgt < 0.45*tall || hgt > 1.8*tall || r.Dy() >= 5*r.Dx() {
			continue
		}
		out = append(out, inkGroup{Box: r, Beside: besideWord(r, words, 0.3*tall)})
	}
	return out, state
}

// inkLevel is the grey level below which a pixel is ink: below the paper's grey, for photos of
// documents, sampling every step-th pixel.
func inkLevel(g *image.Gray, step int) uint8 {
	b := g.Bounds()
	var sum, n float64
	for y := b.Min.Y; y < b.Max.Y; y += step {
		for x := b.Min.X; x < b.Max.X; x += step {
			sum += float64(g.Pix[g.PixOffset(x, y)])
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return uint8(min(128, 0.7*sum/n))
}

// eraseRuns marks as rule the ink of each run at least long pixels long, across (rows) or down
// (columns), with gaps of a pixel (noise, a photo's blur), and the ink beside it, the run's
// blurred edge.
func eraseRuns(state []uint8, w, h, long int, across bool) {
	n, m := w, h // along a run, and across runs
	at := func(i, j int) int { return j*w + i }
	if !across {
		n, m = h, w
		at = func(i, j int) int { return i*w + j }
	}
	const gap = 1
	for j := range m {
		start, last := -1, -gap-1
		for i := 0; i <= n; i++ {
			if i < n && state[at(i, j)] != paper {
				if i-last > gap {
					start = i
				}
				last = i
				continue
			}
			if i < n && i-last <= gap {
				continue
			}
			if start >= 0 && last-start+1 >= long {
				for k := start; k <= last; k++ {
					for d := -1; d <= 1; d++ {
						if jj := j + d; jj >= 0 && jj < m && state[at(k, jj)] == ink {
							state[at(k, jj)] = rule
						}
					}
				}
			}
			start = -1
		}
	}
}

// components returns the boxes of the 8-connected components of ink, marking their pixels
// visited; false when there are more than maxComponents.
func components(state []uint8, w, h int) ([]image.Rectangle, bool) {
	var out []image.Rectangle
	var stack []int32
	for p, s := range state {
		if s != ink {
			continue
		}
		if len(out) >= maxComponents {
			return nil, false
		}
		x0, y0, x1, y1 := p%w, p/w, p%w, p/w
		state[p] = visited
		stack = append(stack[:0], int32(p))
		for len(stack) > 0 {
			q := int(stack[len(stack)-1])
			stack = stack[:len(stack)-1]
			x, y := q%w, q/w
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			for yy := max(0, y-1); yy <= min(h-1, y+1); yy++ {
				for xx := max(0, x-1); xx <= min(w-1, x+1); xx++ {
					if k := yy*w + xx; state[k] == ink {
						state[k] = visited
						stack = append(stack, int32(k))
					}
				}
			}
		}
		out = append(out, image.Rect(x0, y0, x1+1, y1+1))
	}
	return out, true
}

// groupComponents joins components into runs of characters: those on one line, no taller
// together than 1.6 lines of text, with less than about half a character between them.
func groupComponents(comps []image.Rectangle, tall float64) []image.Rectangle {
	slices.SortFunc(comps, func(a, b image.Rectangle) int { return cmp.Compare(a.Min.X, b.Min.X) })
	parent := make([]int, len(comps))
	box := slices.Clone(comps)
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	gapX, gapY := int(0.6*tall), int(0.15*tall)
	for i, a := range comps {
		for j := i + 1; j < len(comps) && comps[j].Min.X <= a.Max.X+gapX; j++ {
			c := comps[j]
			if c.Min.Y > a.Max.Y+gapY || a.Min.Y > c.Max.Y+gapY {
				continue
			}
			ri, rj := find(i), find(j)
			if ri == rj {
				continue
			}
			if u := box[ri].Union(box[rj]); float64(u.Dy()) <= 1.6*tall {
				parent[rj] = ri
				box[ri] = u
			}
		}
	}
	var out []image.Rectangle
	for i := range comps {
		if find(i) == i {
			out = append(out, box[i])
		}
	}
	return out
}

// besideWord returns the index of the word of words on r's line less than gap from r, or -1.
func besideWord(r image.Rectangle, words []pageWord, gap float64) int {
	x0, y0, x1, y1 := float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y)
	for i, w := range words {
		overlap := min(y1, w.Box.Y1) - max(y0, w.Box.Y0)
		if overlap < 0.5*min(y1-y0, w.Box.Height()) {
			continue
		}
		if max(w.Box.X0-x1, x0-w.Box.X1) < gap {
			return i
		}
	}
	return -1
}

// paperLevel is the grey of the paper in r: the median grey of its pixels that are not ink.
func paperLevel(g *image.Gray, state []uint8, r image.Rectangle) uint8 {
	var hist [256]int
	n := 0
	b := g.Bounds()
	w := b.Dx()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if state[y*w+x] == paper {
				hist[g.Pix[g.PixOffset(b.Min.X+x, b.Min.Y+y)]]++
				n++
			}
		}
	}
	if n == 0 {
		return 255
	}
	for v, c := 0, 0; v < 256; v++ {
		if c += hist[v]; 2*c >= n {
			return uint8(v)
		}
	}
	return 255
}
