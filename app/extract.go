package app

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract"
	"github.com/o2c-project/o2c/extract/engine"
	"github.com/o2c-project/o2c/extract/layout"
	"github.com/o2c-project/o2c/extract/layout/reader"
	"github.com/o2c-project/o2c/intake/email"
	"github.com/o2c-project/o2c/sheet"
)

// ExtractOptions say how ExtractDocumentWith reads a document.
type ExtractOptions struct {
	// Sender is who sent the document, as its channel names it (an e-mail address for mail).
	Sender string
	// SheetProfile returns the mapping to read a sender's CSV and XLSX files with, or nil to read
	// them by their header words alone. It is asked once per such file, with Sender, or with the
	// From of an e-mail for the files it carries. nil asks nothing.
	SheetProfile func(sender string) (*sheet.Profile, error)
	// Templates returns the layouts learned of a sender's PDFs and scans from people's
	// corrections. A PDF or scan is read by the layout engine, then the fields that the template
	// of its layout (the most similar, from layout.SameLayout) knows are read where it says. It
	// is asked once per such file, with Sender, or with the From of an e-mail for the files it
	// carries; nil, or an unknown sender, asks nothing.
	Templates func(sender string) ([]layout.Template, error)
	// Reader reads PDFs, scans and photos into words with their places; nil uses the default
	// limits.
	Reader *reader.Reader
	// Self lists our own names and identifiers, never the buyer's on a document.
	Self []string
	// Engines are outside extraction engines (an OpenAI-compatible model, Azure Document
	// Intelligence), tried in order when the built-in engine cannot read a PDF or an image. None
	// by default.
	Engines []engine.Engine
	// OnRead, when set, is given the words read of each PDF or image, so that the review screen
	// need not read them again.
	OnRead func(content []byte, doc *layout.Document)
}

// ExtractDocument reads the canonical orders of a stored document: any format extract.File reads,
// or an e-mail (.eml, such as a mail that a mailbox could not split) by reading each document it
// carries: its attachments, or its body when it has none.
func ExtractDocument(ctx context.Context, name string, content []byte) ([]o2c.OrderDraft, error) {
	return ExtractDocumentWith(ctx, name, content, ExtractOptions{})
}

// ExtractDocumentWith is ExtractDocument with options: CSV and XLSX files are read with the
// profile that opts gives for their sender.
func ExtractDocumentWith(ctx context.Context, name string, content []byte, opts ExtractOptions) ([]o2c.OrderDraft, error) {
	if !strings.EqualFold(filepath.Ext(name), ".eml") {
		return extractFile(ctx, name, content, opts.Sender, opts)
	}
	mail, err := email.Split(content)
	if err != nil {
		return nil, err
	}
	sender := mail.From
	if sender == "" {
		sender = opts.Sender
	}
	var drafts []o2c.OrderDraft
	var reasons []string
	for _, d := range mail.Deliveries {
		got, err := extractFile(ctx, d.Filename, d.Content, sender, opts)
		var lookup *lookupError
		if errors.As(err, &lookup) {
			return nil, err // worth a retry, not a verdict on the attachment
		} else if err != nil {
			reasons = append(reasons, d.Filename+": "+o2c.ErrorMessage(err))
			continue
		}
		for i := range got {
			if got[i].Source == nil {
				got[i].Source = &o2c.Source{}
			}
			got[i].Source.Channel, got[i].Source.Sender = o2c.ChannelEmail, mail.From
			if got[i].Source.File == "" {
				got[i].Source.File = d.Filename
			}
		}
		drafts = append(drafts, got...)
	}
	if len(drafts) == 0 {
		return nil, o2c.Errorf(o2c.CodeInvalid, "%s holds no order it can read: %s", name, strings.Join(reasons, "; "))
	}
	return drafts, nil
}

// extractFile reads one file: a PDF or an image by its layout, a CSV or XLSX file with the
// sender's profile when there is one, any other format extract.File reads.
func extractFile(ctx context.Context, name string, content []byte, sender string, opts ExtractOptions) ([]o2c.OrderDraft, error) {
	switch k := reader.Kind(name, content); {
	case k == "pdf" || k == "image":
		return readLayout(ctx, name, content, sender, opts)
	case k == "text" && isTextFile(name):
		// A mail's body, or a text someone saved: read as people write, else as a delimited file.
		drafts, err := readText(name, content)
		if err == nil {
			return drafts, nil
		}
		if again, err2 := extract.File(name, content); err2 == nil {
			return again, nil
		}
		return nil, err
	case k == "text" && extract.Detect(name, content) == extract.FormatUnknown:
		// Text under another name: an order written as text, else the format's own verdict.
		if drafts, err := readText(name, content); err == nil {
			return drafts, nil
		}
	}
	var xo extract.Options
	if f := extract.Detect(name, content); opts.SheetProfile != nil && (f == extract.FormatCSV || f == extract.FormatXLSX) {
		p, err := opts.SheetProfile(sender)
		if err != nil {
			return nil, &lookupError{what: "sheet profile", name: name, err: err}
		}
		xo.Sheet.Profile = p
	}
	return extract.FileWith(name, content, xo)
}

// lookupError is a sheet profile or layout templates that could not be looked up (the database
// failed): the file was not read, and reading it later may succeed.
type lookupError struct {
	what string // what was looked up: "sheet profile", "layout templates"
	name string
	err  error
}

func (e *lookupError) Error() string {
	return "look up the " + e.what + " to read " + e.name + ": " + e.err.Error()
}

func (e *lookupError) Unwrap() error { return e.err }

// readLayout reads a document meant for people: its words and their places (poppler for a PDF's
// text, Tesseract for scans and photos), then the layout engine, then the layout learned of the
// sender's earlier documents of that layout, if any.
func readLayout(ctx context.Context, name string, content []byte, sender string, opts ExtractOptions) ([]o2c.OrderDraft, error) {
	r := opts.Reader
	if r == nil {
		r = &reader.Reader{}
	}
	doc, err := r.Read(ctx, name, content)
	if err != nil {
		return nil, err
	}
	if opts.OnRead != nil {
		opts.OnRead(content, doc)
	}
	d, err := layout.Read(doc, layout.Options{Self: opts.Self, FileName: name})
	if err != nil {
		if d = outsideEngines(ctx, name, content, doc, opts, err); d == nil {
			return nil, err
		}
	}
	if opts.Templates != nil && sender != "" {
		templates, err := opts.Templates(sender)
		if err != nil {
			return nil, &lookupError{what: "layout templates", name: name, err: err}
		}
		if i := closestTemplate(templates, layout.Signature(doc)); i >= 0 {
			if applied := templates[i].Apply(doc, d); len(applied) > 0 {
				note := "read with the layout learned from earlier corrections (fields: " + strings.Join(applied, ", ") + ")"
				d.Notes = strings.TrimPrefix(d.Notes+"\n"+note, "\n")
			}
		}
	}
	channel := o2c.ChannelPDF
	for _, p := range doc.Pages {
		if p.Source == layout.SourceOCR {
			channel = o2c.ChannelScan
		}
	}
	if d.Source == nil {
		d.Source = &o2c.Source{File: name}
	}
	d.Source.Channel = channel
	return []o2c.OrderDraft{*d}, nil
}

// readText reads an order written as text (a mail's body, plain or HTML): a table set in columns
// by the layout engine, else lines as people write them.
func readText(name string, content []byte) ([]o2c.OrderDraft, error) {
	text := reader.PlainText(content)
	doc := reader.FromText(text)
	d, err := layout.Read(&doc, layout.Options{FileName: name})
	if err == nil {
		layout.TextHeader(text, d) // the sentences around the table: order number, date, signature
	} else if d, err = layout.ReadText(text); err != nil {
		return nil, o2c.Errorf(o2c.ErrorCode(err), "%s: %s", name, o2c.ErrorMessage(err))
	}
	d.Source = &o2c.Source{Channel: o2c.ChannelEmail, File: name}
	return []o2c.OrderDraft{*d}, nil
}

// isTextFile reports a file whose name says it is text for people: a mail body, a note.
func isTextFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".text", ".html", ".htm":
		return true
	}
	return false
}

// outsideEngines asks the configured outside engines, in order, to read a document the built-in
// engine could not; nil when none is configured or none could. A passing failure of an engine is
// not the document's fault: the built-in verdict stands, and the order waits in review with it.
func outsideEngines(ctx context.Context, name string, content []byte, doc *layout.Document, opts ExtractOptions, builtIn error) *o2c.OrderDraft {
	if o2c.ErrorCode(builtIn) != o2c.CodeInvalid {
		return nil
	}
	for _, e := range opts.Engines {
		d, err := e.Extract(ctx, engine.NewInput(name, "", content, doc))
		if err != nil {
			continue
		}
		d.Notes = strings.TrimPrefix(d.Notes+"\nread by "+e.Name()+": "+o2c.ErrorMessage(builtIn), "\n")
		return d
	}
	return nil
}
