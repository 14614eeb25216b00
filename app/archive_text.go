package app

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract/layout"
	"github.com/o2c-project/o2c/extract/layout/reader"
)

// tagTextOf names, on a text rendition, the SHA-256 of the original whose words it holds.
const tagTextOf = "text_of"

// archiveText makes the words of a PDF or a scan findable: archived entries never change, so the
// text read from the original (its text layer, or what OCR read) is archived beside it as a text
// rendition, with the same tags and text_of naming the original. A search by words finds the
// rendition, and the rendition names the original. Only what the process job just read is used
// (the review screen's cache): a document is never read again for this.
func (s *Orders) archiveText(ctx context.Context, o *o2c.Order, read *reading) error {
	if s.Archiver == nil || read == nil || read.doc == nil || read.err != nil {
		return nil
	}
	var parts []string
	for _, f := range documentFiles(read.doc) {
		if k := reader.Kind(f.name, f.content); k != "pdf" && k != "image" {
			continue
		}
		words, ok := s.viewCache().pages.get(fmt.Sprintf("%x", sha256.Sum256(f.content)))
		if !ok {
			continue
		}
		if text := layoutText(words); text != "" {
			parts = append(parts, text)
		}
	}
	if len(parts) == 0 {
		return nil
	}
	text := cleanText(strings.Join(parts, "\n\f\n"), maxArchiveBody)
	docType := o2c.ArchiveOrder
	if len(read.drafts) > 0 {
		docType = archiveTypeOf(read.drafts[0].DocumentType)
	}
	return s.archiveMade(ctx, []byte(text), o.ID, o2c.ArchiveDocument{ContentType: "text/plain; charset=utf-8",
		FileName: read.doc.Filename + ".txt", DocType: docType, Body: text, Actor: "job:process",
		Tags: map[string]string{tagTextOf: read.doc.SHA256, tagDocumentID: fmt.Sprint(read.doc.ID)}})
}

// layoutText is a document's words line by line, pages apart.
func layoutText(d *layout.Document) string {
	var b strings.Builder
	for i, p := range d.Pages {
		if i > 0 {
			b.WriteString("\n\f\n")
		}
		for _, l := range p.Lines {
			for j, w := range l.Words {
				if j > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(w.Text)
			}
			b.WriteByte('\n')
		}
	}
	return strings.TrimSpace(b.String())
}
