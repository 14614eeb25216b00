package reader

import (
	"context"
	"strings"
	"testing"

	"github.com/o2c-project/o2c/extract/layout"
)

func TestFromText(t *testing.T) {
	t.Parallel()
	doc := FromText("Qty\tItem\r\n12\tWidget  bleu\n\n品名 x\n")
	if len(doc.Pages) != 1 || len(doc.Notes) != 0 {
		t.Fatalf("got %d pages, notes %q; want 1 page, no notes", len(doc.Pages), doc.Notes)
	}
	p := doc.Pages[0]
	want := []struct {
		text string
		box  layout.Box
	}{
		{"Qty", layout.Box{X0: 0, Y0: 0, X1: 18, Y1: 12}},
		{"Item", layout.Box{X0: 48, Y0: 0, X1: 72, Y1: 12}}, // the tab goes to column 8
		{"12", layout.Box{X0: 0, Y0: 12, X1: 12, Y1: 24}},
		{"Widget", layout.Box{X0: 48, Y0: 12, X1: 84, Y1: 24}},
		{"bleu", layout.Box{X0: 96, Y0: 12, X1: 120, Y1: 24}}, // two spaces: column 16
		{"品名", layout.Box{X0: 0, Y0: 36, X1: 24, Y1: 48}},     // wide: two columns each
		{"x", layout.Box{X0: 30, Y0: 36, X1: 36, Y1: 48}},
	}
	got := p.Words()
	if len(got) != len(want) {
		t.Fatalf("got words %q, want %d", texts(got), len(want))
	}
	for i, w := range want {
		if got[i].Text != w.text || got[i].Box != w.box || got[i].Conf != 1 {
			t.Errorf("word %d = %q %+v conf %v, want %q %+v conf 1", i, got[i].Text, got[i].Box, got[i].Conf, w.text, w.box)
		}
	}
	if len(p.Lines) != 3 || p.Lines[1].Box != (layout.Box{X0: 0, Y0: 12, X1: 120, Y1: 24}) {
		t.Errorf("lines = %d, line 2 box %+v; want 3 lines, the second 0,12-120,24", len(p.Lines), p.Lines[1].Box)
	}
	if p.Width != 120 || p.Height != 48 || p.Source != layout.SourcePlain || p.Number != 1 {
		t.Errorf("page = %v × %v %q number %d, want 120 × 48 plain 1", p.Width, p.Height, p.Source, p.Number)
	}
}

func TestFromTextPages(t *testing.T) {
	t.Parallel()
	doc := FromText("page one\fpage two")
	if len(doc.Pages) != 2 || doc.Pages[1].Number != 2 || strings.Join(texts(doc.Pages[1].Words()), " ") != "page two" {
		t.Fatalf("pages = %+v, want two, the second saying page two", doc.Pages)
	}
	if w := doc.Pages[1].Words()[0]; w.Box.Y0 != 0 {
		t.Errorf("page 2 starts at y %v, want 0", w.Box.Y0)
	}
	if empty := FromText(""); len(empty.Pages) != 1 || len(empty.Pages[0].Lines) != 0 {
		t.Errorf("FromText(\"\") = %+v, want one empty page", empty)
	}
}

// TestFromTextHTML turns an HTML e-mail into text whose table columns line up on the grid.
func TestFromTextHTML(t *testing.T) {
	t.Parallel()
	doc := FromText(`<html><head><style>p { color: red }</style></head><body><p>Bonjour,</p>
<table><tr><th>Article</th><th>Qté</th><th>Prix</th></tr>
<tr><td>Widget bleu</td><td>12</td><td>3,50 €</td></tr>
<tr><td>Gadget</td><td>7</td><td>19,99</td></tr></table>
<div>Cordialement<br>Jean &amp; Cie</div></body></html>`)
	if !hasNote(&doc, "HTML") {
		t.Errorf("notes = %q, want one saying the HTML was turned into text", doc.Notes)
	}
	at := map[string]layout.Box{}
	for _, w := range doc.Pages[0].Words() {
		at[w.Text] = w.Box
	}
	for _, w := range []string{"Bonjour,", "Widget", "12", "3,50", "€", "Gadget", "7", "19,99", "Cordialement", "Jean", "&", "Cie"} {
		if _, ok := at[w]; !ok {
			t.Errorf("no word %q in %q", w, texts(doc.Pages[0].Words()))
		}
	}
	if strings.Contains(strings.Join(texts(doc.Pages[0].Words()), " "), "color") {
		t.Errorf("the style sheet was read as text")
	}
	// Columns: each cell starts where the cell above it does.
	for _, pair := range [][2]string{{"Widget", "Gadget"}, {"12", "7"}, {"3,50", "19,99"}} {
		if at[pair[0]].X0 != at[pair[1]].X0 || at[pair[0]].Y0 >= at[pair[1]].Y0 {
			t.Errorf("%q at %+v and %q at %+v: not one column", pair[0], at[pair[0]], pair[1], at[pair[1]])
		}
	}
}

func TestReadText(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"UTF8", []byte("\xEF\xBB\xBFStraße 5"), "Straße 5"},
		{"Windows1252", []byte("Stra\xdfe 5 \x80"), "Straße 5 €"},
		{"UTF16LE", []byte("\xFF\xFES\x00t\x00r\x00a\x00\xDF\x00e\x00"), "Straße"},
		{"UTF16BE", []byte("\xFE\xFF\x00S\x00t\x00r\x00a\x00\xDF\x00e"), "Straße"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := read(t, &Reader{}, "body.txt", tt.data)
			if got := strings.Join(texts(doc.Pages[0].Words()), " "); got != tt.want {
				t.Errorf("words = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestKind(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		data string
		want string
	}{
		{"PDF", "%PDF-1.7\n", "pdf"},
		{"PDFAfterJunk", "\r\n\x00junk%PDF-1.4\n", "pdf"},
		{"PNG", "\x89PNG\r\n\x1a\n\x00\x00", "image"},
		{"JPEG", "\xFF\xD8\xFF\xE0", "image"},
		{"TIFFLittle", "II*\x00\x08\x00\x00\x00", "image"},
		{"TIFFBig", "MM\x00*\x00\x00\x00\x08", "image"},
		{"BigTIFF", "II+\x00\x08\x00\x00\x00", ""},
		{"GIF", "GIF89a\x01\x00\x01\x00\x00\x00", ""},
		{"Zip", "PK\x03\x04\x14\x00\x00\x00", ""},
		{"Text", "Bonjour,\r\nmerci.\n", "text"},
		{"HTML", "<html><body>Hi</body></html>", "text"},
		{"Latin1", "Stra\xdfe", "text"},
		{"UTF16", "\xFF\xFEH\x00i\x00", "text"},
		{"Binary", "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\xfe\xfd", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Kind("file", []byte(tt.data)); got != tt.want {
				t.Errorf("Kind(%q) = %q, want %q", tt.data, got, tt.want)
			}
		})
	}
}

func TestParsePDFInfo(t *testing.T) {
	t.Parallel()
	out := "Producer:        FPDF 1.7\nPages:           2\nEncrypted:       yes (print:yes copy:no)\n" +
		"Page    1 size:  595.28 x 841.89 pts (A4)\nPage    1 rot:   0\nPage    2 size:  200 x 100.5 pts\nPage    2 rot:   90\n"
	info := parsePDFInfo([]byte(out))
	if info.Pages != 2 || !info.Encrypted || len(info.Sizes) != 2 || info.Sizes[0] != [2]float64{595.28, 841.89} || info.Sizes[1] != [2]float64{200, 100.5} {
		t.Errorf("parsePDFInfo = %+v", info)
	}
}

func TestReadTextContext(t *testing.T) {
	t.Parallel()
	// Text needs no tool and no folder; a canceled context does not matter to it.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (&Reader{}).Read(ctx, "body.txt", []byte("hello")); err != nil {
		t.Errorf("Read = %v", err)
	}
}
