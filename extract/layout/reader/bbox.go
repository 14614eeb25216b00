package reader

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/o2c-project/o2c/extract/layout"
)

// parseBBox reads the XHTML of `pdftotext -bbox-layout`: <page width height> holding
// <flow><block><line><word xMin yMin xMax yMax>text</word></line></block></flow>, coordinates in
// points from the top left. Each <line> becomes a Line, so poppler's line grouping is kept;
// flows and blocks are not kept. Pages are numbered from 1 in the order they come.
//
// It is lenient where poppler is sloppy (control characters in text, which XML forbids) and drops
// what cannot be a word (empty text, a coordinate that is not a finite number).
func parseBBox(data []byte) ([]layout.Page, error) {
	d := xml.NewDecoder(bytes.NewReader(xmlSafe(data)))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	var (
		pages []layout.Page
		page  *layout.Page
		line  *layout.Line
		word  *layout.Word // the word whose text is being read
		text  strings.Builder
	)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("parse pdftotext output: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "page":
				pages = append(pages, layout.Page{Number: len(pages) + 1, Source: layout.SourceText})
				page, line, word = &pages[len(pages)-1], nil, nil
				page.Width = nonNegative(attr(t, "width"))
				page.Height = nonNegative(attr(t, "height"))
			case "line":
				if page != nil {
					line, word = &layout.Line{}, nil
				}
			case "word":
				word = nil
				if b, ok := box(attr(t, "xMin"), attr(t, "yMin"), attr(t, "xMax"), attr(t, "yMax")); ok && line != nil {
					word = &layout.Word{Box: b, Conf: 1}
					text.Reset()
				}
			}
		case xml.CharData:
			if word != nil {
				text.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "word":
				if word != nil && line != nil {
					if word.Text = strings.TrimSpace(text.String()); word.Text != "" {
						line.Words = append(line.Words, *word)
						line.Box = line.Box.Union(word.Box)
					}
				}
				word = nil
			case "line":
				if line != nil && page != nil && len(line.Words) > 0 {
					page.Lines = append(page.Lines, *line)
				}
				line, word = nil, nil
			case "page":
				page, line, word = nil, nil, nil
			}
		}
	}
	return pages, nil
}

// attr returns the value of the attribute named name, or "".
func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// box makes a box of four coordinates written as numbers, in order; ok is false unless all four
// are finite numbers.
func box(x0, y0, x1, y1 string) (layout.Box, bool) {
	var v [4]float64
	for i, s := range []string{x0, y0, x1, y1} {
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return layout.Box{}, false
		}
		v[i] = f
	}
	return layout.Box{X0: min(v[0], v[2]), Y0: min(v[1], v[3]), X1: max(v[0], v[2]), Y1: max(v[1], v[3])}, true
}

// nonNegative parses a size; anything but a finite number ≥ 0 is 0.
func nonNegative(s string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return 0
	}
	return f
}

// xmlSafe replaces what XML 1.0 forbids (control characters, U+FFFE, U+FFFF, invalid UTF-8) with
// U+FFFD, which encoding/xml rejects even when not strict. A PDF's text can hold any of them, and
// poppler writes them through.
func xmlSafe(data []byte) []byte {
	ok := func(r rune) bool {
		return r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r != 0xFFFE && r != 0xFFFF && r != utf8.RuneError)
	}
	clean := true
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if !ok(r) && !(r == utf8.RuneError && n == 3) {
			clean = false
			break
		}
		i += n
	}
	if clean {
		return data
	}
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if ok(r) || (r == utf8.RuneError && n == 3) {
			out = append(out, data[i:i+n]...)
		} else {
			out = utf8.AppendRune(out, utf8.RuneError)
		}
		i += n
	}
	return out
}
