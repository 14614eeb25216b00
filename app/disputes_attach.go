package app

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/o2c-project/o2c"
)

// AttachParams is a document for a dispute: a blob archived already, by its SHA-256, or content
// to archive now.
type AttachParams struct {
	SHA256      string
	Content     []byte
	FileName    string // the name people see; the archive entry's when left out
	ContentType string // of Content; guessed from the name and bytes when left out
}

// Attach adds a document to a dispute. Content is archived first (as an "other" document tagged
// with the customer, the invoice and the dispute), then attached by its SHA-256, so the dispute
// keeps a write-once copy. CodeInvalid (DISPUTE-06) for no content and no archived blob,
// CodeUnavailable for content when no archive is kept, CodeConflict when the blob is attached
// already, CodeNotFound.
func (s *Disputes) Attach(ctx context.Context, id int64, p AttachParams, actor string) (*o2c.Dispute, error) {
	actor = actorOr(actor)
	d, err := s.store().FindDisputeByID(ctx, id)
	if err != nil {
		return nil, err
	}
	var prepared *o2c.ArchiveEntry
	if len(p.Content) > 0 {
		if s.Archiver == nil {
			return nil, o2c.Errorf(o2c.CodeUnavailable, "this o2c keeps no archive to store dispute documents in")
		}
		name := cleanText(or(p.FileName, fmt.Sprintf("dispute-%d", d.ID)), o2c.MaxArchiveName)
		prepared, err = s.Archiver.Prepare(bytes.NewReader(p.Content), o2c.ArchiveDocument{
			ContentType: contentTypeOf(name, p.ContentType, p.Content), FileName: name, DocType: o2c.ArchiveOther,
			Tags: map[string]string{o2c.TagCustomer: d.CustomerID, "invoice_number": d.InvoiceNumber,
				"dispute_id": fmt.Sprint(d.ID)},
			Body: textOf(name, p.Content), Actor: actor})
		if err != nil {
			return nil, fmt.Errorf("archive a document of dispute %d: %w", d.ID, err)
		}
		p.SHA256 = prepared.SHA256
	}
	sum := strings.ToLower(strings.TrimSpace(p.SHA256))
	return s.change(ctx, id, actor, func(tx o2c.Tx, d *o2c.Dispute) error {
		if prepared != nil {
			if err := tx.CreateArchiveEntry(ctx, prepared); err != nil && o2c.ErrorCode(err) != o2c.CodeConflict {
				return err // a conflict: the same bytes were archived before, which is all we need
			}
		}
		if !o2c.IsSHA256Hex(sum) {
			return o2c.Invalid(o2c.Fault{Rule: RuleDisputeDocument, Path: "$.sha256", Message: "attach content, or an archived blob by its SHA-256"})
		}
		e, err := tx.FindArchiveEntryBySHA256(ctx, sum)
		if o2c.ErrorCode(err) == o2c.CodeNotFound {
			return o2c.Invalid(o2c.Fault{Rule: RuleDisputeDocument, Path: "$.sha256", Message: "the archive holds no blob " + sum})
		} else if err != nil {
			return err
		}
		doc := &o2c.DisputeDocument{SHA256: sum, FileName: or(p.FileName, e.FileName), AddedBy: actor}
		if err := tx.AddDisputeDocument(ctx, d.ID, doc); err != nil {
			return err
		}
		return disputeEvent(ctx, tx, d, actionAttached, actor, "", doc)
	})
}
