package reader

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/o2c-project/o2c/extract/layout"
)

// tsvPage is one page of Tesseract's TSV, in pixels of the image Tesseract read.
type tsvPage struct {
	Number        int // page_num, from 1
	Width, Height int // pixels, from the page's level-1 row
	Lines         []layout.Line
}

// The columns of Tesseract's TSV.
const (
	colLevel = iota
	colPage
	colBlock
	colPar
	colLine
	colWord
	colLeft
	colTop
	colWidth
	colHeight
	colConf
	colText
	tsvColumns
)

// parseTSV reads Tesseract's TSV (`tesseract IMG stdout tsv`): one row per page (level 1),
// block (2), paragraph (3), line (4) and word (5), each with its box in pixels. Words (level 5)
// with text and a confidence from 0 to 100 are kept, with Conf from 0 to 1; the words of one
// (page, block, paragraph, line) make a Line, in Tesseract's reading order. Rows of the wrong
// shape are an error: the TSV comes from Tesseract, so they mean something is wrong with it.
func parseTSV(data []byte) ([]tsvPage, error) {
	var (
		pages   []tsvPage
		lastKey [4]int // page, block, par, line of the last word kept
		hasLast bool
	)
	pageOf := func(n int) *tsvPage {
		if len(pages) == 0 || pages[len(pages)-1].Number != n {
			pages = append(pages, tsvPage{Number: n})
			hasLast = false
		}
		return &pages[len(pages)-1]
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for row := 1; sc.Scan(); row++ {
		s := strings.TrimRight(sc.Text(), "\r")
		if s == "" || (row == 1 && strings.HasPrefix(s, "level")) {
			continue
		}
		f := strings.SplitN(s, "\t", tsvColumns)
		if len(f) < tsvColumns-1 {
			return nil, fmt.Errorf("tesseract TSV row %d has %d columns, want %d", row, len(f), tsvColumns)
		}
		var n [colConf]int
		for i := range colConf {
			v, err := strconv.Atoi(f[i])
			if err != nil || v < 0 || v > 1<<30 {
				return nil, fmt.Errorf("tesseract TSV row %d column %d: %q is not a count", row, i+1, f[i])
			}
			n[i] = v
		}
		switch n[colLevel] {
		case 1:
			p := pageOf(n[colPage])
			p.Width, p.Height = n[colWidth], n[colHeight]
		case 5:
			conf, err := strconv.ParseFloat(f[colConf], 64)
			if err != nil || math.IsNaN(conf) {
				return nil, fmt.Errorf("tesseract TSV row %d: confidence %q is not a number", row, f[colConf])
			}
			text := ""
			if len(f) > colText {
				text = strings.TrimSpace(f[colText])
			}
			if conf < 0 || text == "" {
				continue
			}
			p := pageOf(n[colPage])
			w := layout.Word{
				Text: text,
				Box: layout.Box{
					X0: float64(n[colLeft]), Y0: float64(n[colTop]),
					X1: float64(n[colLeft] + n[colWidth]), Y1: float64(n[colTop] + n[colHeight]),
				},
				Conf: min(conf, 100) / 100,
			}
			key := [4]int{n[colPage], n[colBlock], n[colPar], n[colLine]}
			if !hasLast || key != lastKey || len(p.Lines) == 0 {
				p.Lines = append(p.Lines, layout.Line{})
			}
			l := &p.Lines[len(p.Lines)-1]
			l.Words = append(l.Words, w)
			l.Box = l.Box.Union(w.Box)
			lastKey, hasLast = key, true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read tesseract TSV: %w", err)
	}
	return pages, nil
}
