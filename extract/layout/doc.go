// Package layout is the vocabulary of documents meant for people: words with their boxes on
// pages, as poppler reads them from a native PDF or Tesseract from an image, and as plain text
// (an e-mail body) lays them out on a grid. Readers of such documents (package layout/reader,
// the OCR and PDF runners) produce a Document; the layout engine turns it into canonical orders.
//
// Coordinates are PDF points (1/72 inch) from the top left corner of the page, whatever the
// source: an OCR reader converts pixels by the resolution it rendered at; plain text gives each
// character 6 points of width and each line 12 points of height.
package layout

// Box is a rectangle on a page: X0 < X1 left to right, Y0 < Y1 top to bottom, in points.
type Box struct {
	X0 float64 `json:"x0"`
	Y0 float64 `json:"y0"`
	X1 float64 `json:"x1"`
	Y1 float64 `json:"y1"`
}

// Width and Height of the box.
func (b Box) Width() float64  { return b.X1 - b.X0 }
func (b Box) Height() float64 { return b.Y1 - b.Y0 }

// Union returns the smallest box holding b and c; the zero box is no box.
func (b Box) Union(c Box) Box {
	if b == (Box{}) {
		return c
	}
	if c == (Box{}) {
		return b
	}
	return Box{min(b.X0, c.X0), min(b.Y0, c.Y0), max(b.X1, c.X1), max(b.Y1, c.Y1)}
}

// Word is one word as the reader saw it.
type Word struct {
	Text string `json:"text"`
	Box  Box    `json:"box"`
	// Conf is how sure the reader is of the text, in [0,1]: 1 for text a PDF holds, Tesseract's
	// word confidence for OCR. A score, not money.
	Conf float64 `json:"conf"`
}

// Line is a run of words the reader saw as one line of text, left to right.
type Line struct {
	Words []Word `json:"words"`
	Box   Box    `json:"box"`
}

// Source says how a page's words were read.
type Source string

// Sources of words.
const (
	SourceText  Source = "text"  // the text layer of a native PDF
	SourceOCR   Source = "ocr"   // Tesseract, on a scan, photo or image page
	SourcePlain Source = "plain" // plain text (an e-mail body) laid out on a grid
)

// Page is one page of a document.
type Page struct {
	Number int     `json:"number"` // from 1
	Width  float64 `json:"width"`  // points
	Height float64 `json:"height"` // points
	Source Source  `json:"source"`
	// Rotation is the clockwise turn, in degrees, that was undone before reading (0, 90, 180,
	// 270 from orientation detection; small skew angles are not listed).
	Rotation int    `json:"rotation,omitempty"`
	Lines    []Line `json:"lines"`
}

// Document is every page of one document, in order.
type Document struct {
	Pages []Page `json:"pages"`
	// Notes say what the reader had to do or guess (a page read by OCR, a rotation undone), for
	// the order's notes.
	Notes []string `json:"notes,omitempty"`
}

// Words returns every word of the page in reading order.
func (p *Page) Words() []Word {
	var out []Word
	for _, l := range p.Lines {
		out = append(out, l.Words...)
	}
	return out
}
