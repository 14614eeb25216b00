package app

import (
	"errors"
	"path/filepath"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract"
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
}

// ExtractDocument reads the canonical orders of a stored document: any format extract.File reads,
// or an e-mail (.eml, such as a mail that a mailbox could not split) by reading each document it
// carries: its attachments, or its body when it has none.
func ExtractDocument(name string, content []byte) ([]o2c.OrderDraft, error) {
	return ExtractDocumentWith(name, content, ExtractOptions{})
}

// ExtractDocumentWith is ExtractDocument with options: CSV and XLSX files are read with the
// profile that opts gives for their sender.
func ExtractDocumentWith(name string, content []byte, opts ExtractOptions) ([]o2c.OrderDraft, error) {
	if !strings.EqualFold(filepath.Ext(name), ".eml") {
		return extractFile(name, content, opts.Sender, opts)
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
		got, err := extractFile(d.Filename, d.Content, sender, opts)
		var lookup *profileLookupError
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

// extractFile reads one file, a CSV or XLSX file with the sender's profile when there is one.
func extractFile(name string, content []byte, sender string, opts ExtractOptions) ([]o2c.OrderDraft, error) {
	var xo extract.Options
	if f := extract.Detect(name, content); opts.SheetProfile != nil && (f == extract.FormatCSV || f == extract.FormatXLSX) {
		p, err := opts.SheetProfile(sender)
		if err != nil {
			return nil, &profileLookupError{name: name, err: err}
		}
		xo.Sheet.Profile = p
	}
	return extract.FileWith(name, content, xo)
}

// profileLookupError is a sheet profile that could not be looked up (the database failed): the
// file was not read, and reading it later may succeed.
type profileLookupError struct {
	name string
	err  error
}

func (e *profileLookupError) Error() string {
	return "look up the sheet profile to read " + e.name + ": " + e.err.Error()
}

func (e *profileLookupError) Unwrap() error { return e.err }
