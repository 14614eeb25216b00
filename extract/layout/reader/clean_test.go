package reader

import (
	"slices"
	"testing"

	"github.com/o2c-project/o2c/extract/layout"
)

// TestCleanLine takes out the table rules Tesseract reads as words and keeps what an order says.
func TestCleanLine(t *testing.T) {
	w := func(text string, x0, y0, x1, y1 float64) layout.Word {
		return layout.Word{Text: text, Box: layout.Box{X0: x0, Y0: y0, X1: x1, Y1: y1}, Conf: 0.9}
	}
	for _, tc := range []struct {
		name string
		in   []layout.Word
		want []string
	}{
		{"RuleBetweenCells", []layout.Word{w("2|pce", 100, 10, 120, 16)}, []string{"2", "pce"}},
		{"RuleBeforeUnit", []layout.Word{w("18", 80, 10, 87, 16), w("|L", 98, 10, 102, 16)}, []string{"18", "L"}},
		{"SpecksAtCrossings", []layout.Word{w("Ladle", 10, 10, 30, 16), w(">", 60, 12, 61, 12.5), w("©", 90, 12, 90.5, 12.5), w("i", 120, 2, 120, 3)}, []string{"Ladle"}},
		{"PunctuationAlone", []layout.Word{w(";", 10, 10, 12, 16), w("—", 20, 10, 28, 11.2), w("Kunde", 30, 10, 50, 16)}, []string{"Kunde"}},
		{"MarksThatMean", []layout.Word{w("N°", 10, 10, 18, 16), w("BL", 20, 10, 28, 16), w(":", 30, 11, 30.5, 16), w("-", 40, 13, 42, 14), w("€", 50, 10, 55, 16)}, []string{"N°", "BL", ":", "-", "€"}},
		{"OneDigitKept", []layout.Word{w("1", 10, 10, 11.2, 16)}, []string{"1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var in layout.Line
			for _, x := range tc.in {
				in.Words = append(in.Words, x)
				in.Box = in.Box.Union(x.Box)
			}
			out, ok := cleanLine(in)
			var got []string
			for _, x := range out.Words {
				got = append(got, x.Text)
			}
			if !slices.Equal(got, tc.want) || ok != (len(tc.want) > 0) {
				t.Fatalf("got %q (ok %v), want %q", got, ok, tc.want)
			}
		})
	}
	t.Run("SplitBoxes", func(t *testing.T) {
		out, _ := cleanLine(layout.Line{Words: []layout.Word{w("2|pce", 100, 10, 120, 16)}})
		if b := out.Words[1].Box; b.X0 != 108 || b.X1 != 120 {
			t.Errorf("pce box %+v, want x 108-120: the pipe's share between", b)
		}
		if out.Box.X0 != 100 || out.Box.X1 != 120 {
			t.Errorf("line box %+v", out.Box)
		}
	})
	t.Run("NothingLeft", func(t *testing.T) {
		if _, ok := cleanLine(layout.Line{Words: []layout.Word{w("|", 10, 0, 11, 40)}}); ok {
			t.Error("a line of one rule was kept")
		}
	})
}
