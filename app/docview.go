package app

import (
	"context"
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract/layout"
	"github.com/o2c-project/o2c/extract/layout/reader"
	"github.com/o2c-project/o2c/intake/email"
)

// DocumentView is an order's original as the review screen shows it: each file the document
// holds (an e-mail holds its attachments, or its body), with its pages and the boxes of the
// order's fields on them, or its text.
type DocumentView struct {
	Document *o2c.Document
	Parts    []DocumentPart
}

// Kinds of document parts.
const (
	PartPages = "pages" // a PDF, scan or photo: drawn page by page
	PartText  = "text"  // a mail body, EDI, XML or CSV: shown as text
	PartFile  = "file"  // a spreadsheet or what cannot be shown: downloaded
)

// DocumentPart is one file of a document.
type DocumentPart struct {
	Index     int
	Name      string
	Kind      string
	Pages     []PageView
	Text      string
	Truncated bool   // Text is only the start of the file
	Note      string // why the part cannot be drawn, for the reviewer
}

// PageView is one page of a part: its size in points and the field boxes on it.
type PageView struct {
	Number        int
	Width, Height float64
	Rotation      int
	Boxes         []layout.FieldBox
}

// maxShownText is how much of a text part the review screen shows.
const maxShownText = 200 << 10

// ViewDocument lays out the original of an order for the review screen. Reading a PDF's words
// takes a few tens of milliseconds, a scan's OCR seconds: both are cached by content, and the
// process job leaves what it read in the cache, so that the first look at an order in review
// costs nothing more.
func (s *Orders) ViewDocument(ctx context.Context, o *o2c.Order) (*DocumentView, error) {
	doc, err := s.Store.FindDocumentByID(ctx, o.DocumentID)
	if err != nil {
		return nil, fmt.Errorf("find document %d of order %d: %w", o.DocumentID, o.ID, err)
	}
	v := &DocumentView{Document: doc}
	for i, f := range documentFiles(doc) {
		part := DocumentPart{Index: i, Name: f.name, Kind: PartFile}
		switch reader.Kind(f.name, f.content) {
		case "pdf", "image":
			read, err := s.readPages(ctx, f.name, f.content)
			if err != nil {
				part.Note = o2c.ErrorMessage(err)
				break
			}
			part.Kind = PartPages
			var boxes []layout.FieldBox
			if draftFrom(o.Draft, f.name, len(v.Parts)) {
				boxes = layout.Locate(read, o.Draft)
			}
			for _, p := range read.Pages {
				pv := PageView{Number: p.Number, Width: p.Width, Height: p.Height, Rotation: p.Rotation}
				for _, b := range boxes {
					if b.Page == p.Number {
						pv.Boxes = append(pv.Boxes, b)
					}
				}
				part.Pages = append(part.Pages, pv)
			}
		case "text":
			part.Kind = PartText
			text := strings.ToValidUTF8(string(f.content[:min(len(f.content), maxShownText)]), "�")
			if len(f.content) > maxShownText {
				text, part.Truncated = strings.TrimRightFunc(text, func(r rune) bool { return r == utf8.RuneError }), true
			}
			part.Text = text
		default:
			part.Note = "this file cannot be shown here: download it"
		}
		v.Parts = append(v.Parts, part)
	}
	return v, nil
}

// PageImage draws page n of part of a document as a PNG about width pixels wide. Drawn pages are
// cached by content.
func (s *Orders) PageImage(ctx context.Context, documentID int64, part, n, width int) ([]byte, error) {
	doc, err := s.Store.FindDocumentByID(ctx, documentID)
	if err != nil {
		return nil, err
	}
	files := documentFiles(doc)
	if part < 0 || part >= len(files) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "document %d has no part %d", documentID, part)
	}
	f := files[part]
	key := fmt.Sprintf("%x/%d/%d", sha256.Sum256(f.content), n, width)
	if img, ok := s.viewCache().images.get(key); ok {
		return img, nil
	}
	rotation := 0
	if read, err := s.readPages(ctx, f.name, f.content); err == nil && n >= 1 && n <= len(read.Pages) {
		rotation = read.Pages[n-1].Rotation
	}
	img, err := s.reader().RenderPage(ctx, f.name, f.content, n, width, rotation)
	if err != nil {
		return nil, err
	}
	s.viewCache().images.put(key, img)
	return img, nil
}

// DocumentFile returns one file of a document (an e-mail's attachment), for download.
func (s *Orders) DocumentFile(ctx context.Context, documentID int64, part int) (name string, content []byte, err error) {
	doc, err := s.Store.FindDocumentByID(ctx, documentID)
	if err != nil {
		return "", nil, err
	}
	files := documentFiles(doc)
	if part < 0 || part >= len(files) {
		return "", nil, o2c.Errorf(o2c.CodeNotFound, "document %d has no part %d", documentID, part)
	}
	return files[part].name, files[part].content, nil
}

// readPages reads a PDF's or an image's words, from the cache when it was read before.
func (s *Orders) readPages(ctx context.Context, name string, content []byte) (*layout.Document, error) {
	key := fmt.Sprintf("%x", sha256.Sum256(content))
	if d, ok := s.viewCache().pages.get(key); ok {
		return d, nil
	}
	d, err := s.reader().Read(ctx, name, content)
	if err != nil {
		return nil, err
	}
	s.viewCache().pages.put(key, d)
	return d, nil
}

// remember keeps the words read of a file, for the review screen (ExtractOptions.OnRead).
func (s *Orders) remember(content []byte, d *layout.Document) {
	s.viewCache().pages.put(fmt.Sprintf("%x", sha256.Sum256(content)), d)
}

func (s *Orders) reader() *reader.Reader {
	if s.Reader != nil {
		return s.Reader
	}
	return &reader.Reader{}
}

// namedFile is one file of a stored document.
type namedFile struct {
	name    string
	content []byte
}

// documentFiles returns the files of a document: an e-mail's deliveries (its attachments, or its
// body), else the document itself. A mail that does not split is shown as it is.
func documentFiles(doc *o2c.Document) []namedFile {
	if strings.EqualFold(filepath.Ext(doc.Filename), ".eml") {
		if m, err := email.Split(doc.Content); err == nil && len(m.Deliveries) > 0 {
			out := make([]namedFile, len(m.Deliveries))
			for i, d := range m.Deliveries {
				out[i] = namedFile{d.Filename, d.Content}
			}
			return out
		}
	}
	return []namedFile{{doc.Filename, doc.Content}}
}

// draftFrom reports whether the draft was read from the file name, the i-th drawable one: its
// source names it, or it names none and this is the first.
func draftFrom(d *o2c.OrderDraft, name string, i int) bool {
	if d == nil {
		return false
	}
	if d.Source != nil && d.Source.File != "" {
		return d.Source.File == name || filepath.Base(d.Source.File) == filepath.Base(name)
	}
	return i == 0
}
