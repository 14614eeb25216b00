// Package cp1252 encodes text for PDFs written with the core fonts (Helvetica, Times, Courier),
// which know the 256 characters of Windows-1252.
package cp1252

import (
	"strings"
	"unicode"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// Encode writes text for a PDF's core fonts, which know the 256 characters of Windows-1252:
// French and German letters, €, typographic quotes and dashes. A character outside it becomes its
// base letter when it has one (ő is o, Ł stays '?'), else '?': it is never dropped and never
// crashes the writer. fpdf's own translator writes '.' instead, which hides the loss in an amount.
func Encode(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f:
			b.WriteByte(' ') // a NUL would end the string for fpdf's width tables
			continue
		case r < 0x80:
			b.WriteByte(byte(r))
			continue
		case r == '\u202f' || r == '\u2007': // narrow and figure no-break spaces (CLDR's French grouping)
			b.WriteByte(0xa0)
			continue
		}
		if c, ok := charmap.Windows1252.EncodeRune(r); ok {
			b.WriteByte(c)
			continue
		}
		b.WriteByte(baseLetter(r))
	}
	return b.String()
}

// baseLetter is the Windows-1252 letter a character is built on ('o' for 'ő'), or '?'.
func baseLetter(r rune) byte {
	decomposed := []rune(norm.NFD.String(string(r)))
	if len(decomposed) < 2 {
		return '?'
	}
	for _, m := range decomposed[1:] {
		if !unicode.Is(unicode.Mn, m) {
			return '?'
		}
	}
	if c, ok := charmap.Windows1252.EncodeRune(decomposed[0]); ok && decomposed[0] >= 0x20 {
		return c
	}
	return '?'
}
