package reader

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/inbucket/html2text"
	"golang.org/x/text/encoding/charmap"
	unicodeenc "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"

	"github.com/o2c-project/o2c/extract/layout"
)

// The grid plain text is laid out on, in points: a monospaced character and a line.
const (
	charWidth  = 6.0
	lineHeight = 12.0
	tabStop    = 8 // columns
)

// FromText lays plain text out on a grid: each character is 6 points wide (an East Asian wide
// character 12), each line 12 points high, a tab goes on to the next multiple of 8 columns, and
// a form feed starts a new page. Words are runs of characters between white space; each text
// line that holds a word is one Line. HTML (an e-mail's HTML body) is first turned into text,
// with tables laid out in aligned columns, so that a table's columns stay columns on the grid.
//
// The result always has at least one page; its size is that of the text.
func FromText(text string) layout.Document {
	var doc layout.Document
	if looksHTML(text) {
		text = htmlToText(text)
		doc.Notes = append(doc.Notes, "the HTML body was turned into text")
	}
	text = norm.NFC.String(strings.ToValidUTF8(text, "\uFFFD"))
	text = strings.ReplaceAll(text, "\r\n", "\n")
	for i, sheet := range strings.Split(text, "\f") {
		doc.Pages = append(doc.Pages, gridPage(i+1, sheet))
	}
	return doc
}

// gridPage lays one page of text out.
func gridPage(number int, text string) layout.Page {
	page := layout.Page{Number: number, Source: layout.SourcePlain}
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if text == "" {
		lines = nil
	}
	cols := 0
	for row, s := range lines {
		var line layout.Line
		col, start := 0, -1 // start is the column where the current word began
		var word []rune
		flush := func() {
			if start >= 0 {
				w := layout.Word{
					Text: string(word),
					Box:  layout.Box{X0: float64(start) * charWidth, Y0: float64(row) * lineHeight, X1: float64(col) * charWidth, Y1: float64(row+1) * lineHeight},
					Conf: 1,
				}
				line.Words = append(line.Words, w)
				line.Box = line.Box.Union(w.Box)
			}
			start, word = -1, word[:0]
		}
		for _, r := range s {
			switch {
			case r == '\t':
				flush()
				col = (col/tabStop + 1) * tabStop
			case unicode.IsSpace(r) || unicode.IsControl(r):
				flush()
				col++
			default:
				if start < 0 {
					start = col
				}
				word = append(word, r)
				col += columns(r)
			}
		}
		flush()
		cols = max(cols, col)
		if len(line.Words) > 0 {
			page.Lines = append(page.Lines, line)
		}
	}
	page.Width = float64(cols) * charWidth
	page.Height = float64(len(lines)) * lineHeight
	return page
}

// columns is how many grid columns a character takes: 2 for East Asian wide and full-width
// characters, 0 for combining marks, else 1. html2text aligns table columns the same way.
func columns(r rune) int {
	switch {
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r):
		return 0
	case width.LookupRune(r).Kind() == width.EastAsianWide || width.LookupRune(r).Kind() == width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// looksHTML reports text that starts with a tag and names an HTML element early on.
func looksHTML(text string) bool {
	head := strings.ToLower(strings.TrimLeftFunc(text[:min(len(text), 2048)], unicode.IsSpace))
	if !strings.HasPrefix(head, "<") {
		return false
	}
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<div", "<p>", "<p ", "<table", "<br", "<span", "<meta", "<font"} {
		if strings.Contains(head, tag) {
			return true
		}
	}
	return false
}

// htmlToText turns HTML into text with tables as borderless aligned columns. html2text's table
// rendering is the rich path; should it fail or panic on odd markup, the plain rendering is used.
func htmlToText(s string) string {
	pretty := &html2text.PrettyTablesOptions{ColumnSeparator: " ", RowSeparator: " ", CenterSeparator: " "}
	if out, ok := tryHTML(s, html2text.Options{PrettyTables: true, PrettyTablesOptions: pretty}); ok {
		return out
	}
	if out, ok := tryHTML(s, html2text.Options{}); ok {
		return out
	}
	return s
}

// tryHTML runs html2text, turning a panic into a failure.
func tryHTML(s string, o html2text.Options) (out string, ok bool) {
	defer func() {
		if recover() != nil {
			out, ok = "", false
		}
	}()
	out, err := html2text.FromString(s, o)
	return out, err == nil
}

// decodeText returns content as UTF-8: UTF-16 by its byte order mark, UTF-8 without its byte
// order mark, anything else as Windows-1252 (a superset of Latin-1, which e-mail bodies without
// a charset mostly are).
func decodeText(content []byte) string {
	switch {
	case bytes.HasPrefix(content, []byte{0xFF, 0xFE}), bytes.HasPrefix(content, []byte{0xFE, 0xFF}):
		out, err := unicodeenc.UTF16(unicodeenc.BigEndian, unicodeenc.ExpectBOM).NewDecoder().Bytes(content)
		if err == nil {
			return string(out)
		}
	case utf8.Valid(content):
		return string(bytes.TrimPrefix(content, []byte("\xEF\xBB\xBF")))
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(content)
	if err != nil {
		return strings.ToValidUTF8(string(content), "\uFFFD")
	}
	return string(out)
}

// PlainText decodes a text file (UTF-8, UTF-16 or Windows-1252) and turns HTML into text, as
// FromText reads it, for readers of text that need no places.
func PlainText(content []byte) string {
	t := decodeText(content)
	if looksHTML(t) {
		t = htmlToText(t)
	}
	return t
}
