package reader

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/o2c-project/o2c/extract/layout"
)

// Tesseract reads the rules of a ruled table as words: a vertical rule becomes "|", "i" or "l",
// a crossing of rules a speck read as ">", "©" or ";". These are no text of the order, and a
// table with them gains false columns and loses its numbers ("2|pce"). cleanLine takes them out.

// specks are words this small, in points, on both sides: a dot of ink, not a character.
const speck = 1.5

// keptMarks are the words of punctuation alone that mean something on an order: a label's
// colon set apart ("N° BL :"), a dash for none, a currency or percent sign in its own column.
var keptMarks = map[string]bool{":": true, "-": true, "%": true, "€": true, "$": true, "£": true, "#": true, "*": true, "/": true, "&": true, "+": true}

// cleanLine returns a line's words without the rules read as words; ok is false when none is left.
func cleanLine(l layout.Line) (layout.Line, bool) {
	var out layout.Line
	for _, w := range l.Words {
		for _, piece := range splitRules(w) {
			if isRuleNoise(piece) {
				continue
			}
			out.Words = append(out.Words, piece)
			out.Box = out.Box.Union(piece.Box)
		}
	}
	return out, len(out.Words) > 0
}

// splitRules cuts a word at the "|" a rule between two cells put into it, sharing its box among
// the pieces by their characters.
func splitRules(w layout.Word) []layout.Word {
	if !strings.ContainsRune(w.Text, '|') {
		return []layout.Word{w}
	}
	total := utf8.RuneCountInString(w.Text)
	per := (w.Box.X1 - w.Box.X0) / float64(total)
	var out []layout.Word
	at := 0
	for _, part := range strings.Split(w.Text, "|") {
		n := utf8.RuneCountInString(part)
		if part != "" {
			b := w.Box
			b.X0, b.X1 = w.Box.X0+float64(at)*per, w.Box.X0+float64(at+n)*per
			out = append(out, layout.Word{Text: part, Box: b, Conf: w.Conf})
		}
		at += n + 1
	}
	return out
}

// isRuleNoise reports whether a word is a speck of ink or punctuation standing for nothing.
func isRuleNoise(w layout.Word) bool {
	if w.Box.X1-w.Box.X0 < speck && w.Box.Y1-w.Box.Y0 < speck && w.Text != "-" && w.Text != "." {
		return true
	}
	if keptMarks[w.Text] {
		return false
	}
	for _, r := range w.Text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}
