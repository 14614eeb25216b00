package app

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract"
	"github.com/o2c-project/o2c/sheet"
)

// Uploaded is what an upload gave: the orders received from the file, and whether the file is
// new (false: it was uploaded before, and these are the orders of that upload).
type Uploaded struct {
	Orders  []*o2c.Order
	Drafts  []o2c.OrderDraft // what was read of the file, as read
	Created bool
}

// Upload reads an order file a customer uploaded, CSV or XLSX only, judged by its content, at
// most MaxUploadBytes: read with the customer's sheet profile when it has one, its orders are
// received as the customer's. A file that cannot be read is not stored: CodeInvalid says why, so
// the customer can fix it and upload it again. CodeTooLarge past the limit.
func (p *Portal) Upload(ctx context.Context, u *o2c.PortalUser, filename string, content []byte) (*Uploaded, error) {
	if len(content) > MaxUploadBytes {
		return nil, o2c.Errorf(o2c.CodeTooLarge, "the file is larger than %d MB; split it into smaller files", MaxUploadBytes>>20)
	}
	name, contentType, err := uploadKind(filepath.Base(strings.ReplaceAll(filename, `\`, "/")), content)
	if err != nil {
		return nil, err
	}
	customer, err := p.Customer(ctx, u)
	if err != nil {
		return nil, err
	}
	profile, _, err := sheetProfileOf(ctx, p.store(), u.CustomerID)
	if err != nil {
		return nil, err
	}
	drafts, err := ExtractDocumentWith(ctx, name, content, ExtractOptions{Sender: u.CustomerID,
		SheetProfile: func(string) (*sheet.Profile, error) { return profile, nil }})
	if o2c.ErrorCode(err) == o2c.CodeInternal {
		return nil, err
	} else if err != nil {
		return nil, o2c.Errorf(o2c.CodeInvalid, "%s could not be read: %s", name, o2c.ErrorMessage(err))
	}
	if len(drafts) == 0 {
		return nil, o2c.Errorf(o2c.CodeInvalid, "%s holds no order line", name)
	} else if len(drafts) > maxUploadOrders {
		return nil, o2c.Errorf(o2c.CodeInvalid, "%s holds %d orders; upload at most %d at a time", name, len(drafts), maxUploadOrders)
	}
	read := make([]o2c.OrderDraft, len(drafts))
	copy(read, drafts)
	for i := range drafts {
		d := &drafts[i]
		d.Buyer = buyerOf(customer) // whatever the file says: the user orders for their customer
		if d.Source == nil {
			d.Source = &o2c.Source{}
		}
		d.Source.Sender, d.Source.File = u.CustomerID, name
		d.Notes = strings.TrimSpace(d.Notes + "\nUploaded in the customer portal by " + u.Email + ".")
	}
	sum := sha256.Sum256(content)
	rec, err := p.Orders.Receive(ctx, ReceiveParams{Channel: o2c.ChannelPortal, Sender: u.CustomerID, Filename: name,
		ContentType: contentType, Content: content, Drafts: drafts, Actor: u.Actor(),
		// Per customer: the same file from two customers is two orders, never one's answer to the other.
		NaturalKey: "portal:" + u.CustomerID + ":sha256:" + hex.EncodeToString(sum[:])})
	if err != nil {
		return nil, err
	}
	if !rec.Created && (rec.Document.Channel != o2c.ChannelPortal || rec.Document.Sender != u.CustomerID) {
		return nil, fmt.Errorf("upload of customer %s came back as another sender's", u.CustomerID)
	}
	return &Uploaded{Orders: rec.Orders, Drafts: read, Created: rec.Created}, nil
}

// uploadKind accepts a CSV or XLSX file by what its bytes are, whatever its name says, and
// returns the name to read it under (with the extension of its kind) and its media type.
func uploadKind(name string, content []byte) (string, string, error) {
	if name == "" || name == "." || name == "/" {
		name = "upload"
	}
	base := strings.TrimSuffix(name, filepath.Ext(name))
	refuse := func(what string) error {
		return o2c.Errorf(o2c.CodeInvalid, "%s is %s: upload a CSV file or an Excel workbook (.xlsx)", name, what)
	}
	switch {
	case len(bytes.TrimSpace(content)) == 0:
		return "", "", refuse("empty")
	case bytes.HasPrefix(content, []byte("PK\x03\x04")):
		if !isWorkbook(content) {
			return "", "", refuse("a ZIP archive but no Excel workbook")
		}
		return base + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", nil
	case bytes.HasPrefix(content, []byte("%PDF")):
		return "", "", refuse("a PDF")
	case bytes.HasPrefix(content, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "", "", refuse("an old Excel workbook (.xls); save it as .xlsx or CSV first, and it")
	case bytes.IndexByte(content, 0) >= 0 || binary(content):
		return "", "", refuse("not a text file")
	}
	csvName := base + ".csv"
	if ext := strings.ToLower(filepath.Ext(name)); ext == ".tsv" || ext == ".txt" {
		csvName = name
	}
	if f := extract.Detect(csvName, content); f != extract.FormatCSV {
		return "", "", refuse("a " + strings.ToUpper(string(f)) + " document, not a table")
	}
	return csvName, "text/csv", nil
}

// isWorkbook reports whether a ZIP archive is an Office Open XML workbook.
func isWorkbook(content []byte) bool {
	z, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return false
	}
	for _, f := range z.File {
		if f.Name == "xl/workbook.xml" {
			return true
		}
	}
	return false
}

// binary reports a text that holds control characters other than tab and line ends in its first
// kilobytes: an executable or an image, not a table.
func binary(content []byte) bool {
	head := content[:min(len(content), 8192)]
	bad := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			bad++
		}
	}
	return bad > len(head)/100
}
