package app

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"mime"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract"
	"github.com/o2c-project/o2c/extract/layout/reader"
	"github.com/o2c-project/o2c/intake/email"
)

// What the pipeline archives, and how (see Orders.Archiver):
//   - every original, when it is stored: its entry is created in the transaction that stores its
//     Document record, its blob written just before (a blob without an entry is harmless);
//   - the tags read from it once it is read and verified (customer, PO number, dates, amount),
//     added with a tag record of the archive log;
//   - every answer sent (acknowledgements, order responses, confirmations) and every file an ERP
//     connector left in its outbox, each tagged with its order, customer and PO number.
// The same bytes archived twice are one entry: a second original with them adds its tags.

// Tag keys the pipeline sets besides the root's Tag* keys.
const (
	tagCustomerName = "customer_name" // the customer's name, as master data has it
	tagDeliveryDate = "delivery_date" // the requested delivery date, YYYY-MM-DD
	tagSender       = "sender"        // who sent the original: an address, an EDI id, an API key
	tagRecipient    = "recipient"     // whom an answer went to
	tagOrderID      = "order_id"      // our order's id
	tagDocumentID   = "document_id"   // the id of the original's Document record
	tagChannel      = "channel"       // how the original came
	tagKind         = "kind"          // what an answer or ERP file is: ORDRSP, 855, CONTRL, erp_export...
	tagDocumentKind = "document_type" // the document type extraction found (purchase_order, cmr...)
)

// maxArchiveBody bounds the text kept of one document for search.
const maxArchiveBody = 1 << 20

// prepareOriginal writes the blob of an incoming document and returns its entry, to be created in
// the transaction that stores the document. nil without an archive.
func (s *Orders) prepareOriginal(p ReceiveParams, doc *o2c.Document) (*o2c.ArchiveEntry, error) {
	if s.Archiver == nil {
		return nil, nil
	}
	tags := map[string]string{tagChannel: string(p.Channel)}
	setTag(tags, tagSender, p.Sender)
	e, err := s.Archiver.Prepare(bytes.NewReader(p.Content), o2c.ArchiveDocument{
		ContentType: contentTypeOf(p.Filename, p.ContentType, p.Content),
		FileName:    cleanText(p.Filename, o2c.MaxArchiveName),
		DocType:     originalType(p),
		Tags:        tags,
		Body:        textOf(p.Filename, p.Content),
		Actor:       actorOr(p.Actor),
	})
	if err != nil {
		return nil, fmt.Errorf("archive %s: %w", doc.NaturalKey, err)
	}
	return e, nil
}

// archiveOriginal creates the prepared entry of an original in the transaction storing it, with
// the tags of the orders already read from it (an API submission). Bytes archived already (the
// same file by another channel) get these tags instead.
func (s *Orders) archiveOriginal(ctx context.Context, tx o2c.Tx, e *o2c.ArchiveEntry, orders []*o2c.Order, actor string) error {
	if e == nil {
		return nil
	}
	entry := *e // a shared transaction may run this twice: the prepared entry stays as it was
	entry.Tags = maps.Clone(e.Tags)
	if len(orders) > 0 {
		setTag(entry.Tags, tagDocumentID, strconv.FormatInt(orders[0].DocumentID, 10))
	}
	if len(orders) > 0 && orders[0].Draft != nil {
		tags, err := orderTags(ctx, tx, orders[0])
		if err != nil {
			return err
		}
		for k, v := range tags {
			if _, ok := entry.Tags[k]; !ok {
				entry.Tags[k] = v
			}
		}
	}
	err := tx.CreateArchiveEntry(ctx, &entry)
	if o2c.ErrorCode(err) == o2c.CodeConflict {
		return s.addTags(ctx, tx, entry.SHA256, actorOr(actor), entry.Tags)
	}
	if err != nil {
		return fmt.Errorf("archive %s: %w", entry.FileName, err)
	}
	return nil
}

// tagOriginal adds to the archived original of an order what reading and verifying it found, in
// a transaction after the one that stored the outcome: a failure makes the job run again, which
// finds the order done and tags again. The document's first order gives the tags.
func (s *Orders) tagOriginal(ctx context.Context, o *o2c.Order, read *reading) error {
	if s.Archiver == nil {
		return nil
	}
	var sum string
	if read != nil && read.doc != nil {
		sum = read.doc.SHA256
	} else {
		doc, err := s.Store.FindDocumentByID(ctx, o.DocumentID)
		if err != nil {
			return fmt.Errorf("find document %d of order %d: %w", o.DocumentID, o.ID, err)
		}
		sum = doc.SHA256
	}
	return s.archived.do(ctx, func(tx o2c.Tx) error {
		orders, _, err := tx.FindOrders(ctx, o2c.OrderFilter{DocumentID: o.DocumentID, Limit: 500})
		if err != nil {
			return fmt.Errorf("find orders of document %d: %w", o.DocumentID, err)
		}
		slices.SortFunc(orders, func(a, b *o2c.Order) int { return int(a.ID - b.ID) })
		for _, first := range orders {
			if first.Draft == nil {
				continue
			}
			tags, err := orderTags(ctx, tx, first)
			if err != nil {
				return err
			}
			tags[tagDocumentID] = strconv.FormatInt(o.DocumentID, 10)
			if err := s.addTags(ctx, tx, sum, "job:process", tags); err != nil {
				return err
			}
			return s.tagAnswers(ctx, tx, tags)
		}
		return nil
	})
}

// tagAnswers gives the documents archived as answers to a document before it was read (its
// acknowledgement) the tags of its order.
func (s *Orders) tagAnswers(ctx context.Context, tx o2c.Tx, tags map[string]string) error {
	made, _, err := tx.FindArchiveEntries(ctx, o2c.ArchiveFilter{Tags: map[string]string{tagDocumentID: tags[tagDocumentID]}, Limit: 100})
	if err != nil {
		return fmt.Errorf("find the archived answers of document %s: %w", tags[tagDocumentID], err)
	}
	for _, e := range made {
		if _, answer := e.Tags[tagKind]; !answer || e.Tags[o2c.TagPONumber] != "" {
			continue
		}
		add := map[string]string{}
		for _, k := range []string{tagOrderID, o2c.TagCustomer, tagCustomerName, o2c.TagPONumber} {
			if v := tags[k]; v != "" {
				add[k] = v
			}
		}
		if err := s.addTags(ctx, tx, e.SHA256, "job:process", add); err != nil {
			return err
		}
	}
	return nil
}

// addTags adds to the entry of the blob sum the tags it lacks; those it has keep their values,
// since archived tags never change. No entry (archived before the archive was kept) is no error,
// nor is a tag the archive refuses: the order goes on, and the log says why.
func (s *Orders) addTags(ctx context.Context, tx o2c.Tx, sum, actor string, tags map[string]string) error {
	e, err := tx.FindArchiveEntryBySHA256(ctx, sum)
	if o2c.ErrorCode(err) == o2c.CodeNotFound {
		return nil
	} else if err != nil {
		return fmt.Errorf("find the archive entry of %s: %w", sum, err)
	}
	added := map[string]string{}
	for k, v := range tags {
		if _, ok := e.Tags[k]; !ok && v != "" {
			added[k] = v
		}
	}
	if len(added) == 0 {
		return nil
	}
	_, err = tx.TagArchiveEntry(ctx, sum, actor, added)
	if code := o2c.ErrorCode(err); code == o2c.CodeInvalid || code == o2c.CodeConflict {
		if s.Log != nil {
			s.Log.WarnContext(ctx, "archive tags refused", "sha256", sum, "cause", o2c.ErrorMessage(err))
		}
		return nil
	}
	return err
}

// orderTags are the tags an order gives its documents: customer (id and name), PO number, order
// and requested delivery dates, total and currency, sender, and the document type read.
func orderTags(ctx context.Context, tx o2c.Reader, o *o2c.Order) (map[string]string, error) {
	tags := map[string]string{tagOrderID: strconv.FormatInt(o.ID, 10)}
	setTag(tags, o2c.TagCustomer, o.CustomerID)
	if o.CustomerID != "" {
		c, err := tx.FindCustomerByID(ctx, o.CustomerID)
		if err == nil {
			setTag(tags, tagCustomerName, c.Name)
		} else if o2c.ErrorCode(err) != o2c.CodeNotFound {
			return nil, fmt.Errorf("find customer %s of order %d: %w", o.CustomerID, o.ID, err)
		}
	}
	setTag(tags, o2c.TagPONumber, o.PONumber)
	if !o.OrderDate.IsZero() {
		tags[o2c.TagDate] = o.OrderDate.String()
	}
	if !o.RequestedDeliveryDate.IsZero() {
		tags[tagDeliveryDate] = o.RequestedDeliveryDate.String()
	}
	if len(o.Lines) > 0 {
		tags[o2c.TagAmount] = o.NetTotal.String()
		setTag(tags, o2c.TagCurrency, o.Currency)
	}
	setTag(tags, tagSender, o.Sender)
	if d := o.Draft; d != nil {
		setTag(tags, tagDocumentKind, string(d.DocumentType))
		if d.Delivery != nil {
			setTag(tags, o2c.TagNumber, d.Delivery.DocumentNumber)
		}
	}
	return tags, nil
}

// archiveAnswer archives an answer that went out, tagged with the order it answers.
func (s *Orders) archiveAnswer(ctx context.Context, a o2c.Answer, orderIDs []int64, actor string) error {
	if s.Archiver == nil {
		return nil
	}
	tags := map[string]string{tagKind: a.Kind, tagChannel: string(a.Channel)}
	setTag(tags, tagRecipient, a.To)
	if a.DocumentID != 0 {
		tags[tagDocumentID] = strconv.FormatInt(a.DocumentID, 10)
	}
	id := a.OrderID
	if id == 0 && len(orderIDs) > 0 {
		id = orderIDs[0]
	}
	tags[o2c.TagDate] = s.Now().In(s.Location).Format("2006-01-02") // the day it was issued
	body := a.Subject
	if a.Text != "" {
		body += "\n\n" + a.Text
	} else if reader.Kind(a.Filename, a.Content) == "text" {
		body += "\n\n" + reader.PlainText(a.Content)
	}
	return s.archiveMade(ctx, a.Content, id, o2c.ArchiveDocument{
		ContentType: contentTypeOf(a.Filename, a.ContentType, a.Content),
		FileName:    cleanText(a.Filename, o2c.MaxArchiveName),
		DocType:     answerType(a.Kind),
		Tags:        tags,
		Body:        cleanText(strings.TrimSpace(body), maxArchiveBody),
		Actor:       actorOr(actor),
	})
}

// archiveERPDocuments archives the files the ERP connector left for a posted order, if it leaves
// any.
func (s *Orders) archiveERPDocuments(ctx context.Context, o *o2c.Order, customer *o2c.Customer) error {
	leaves, ok := s.ERP.(o2c.ERPDocuments)
	if s.Archiver == nil || !ok {
		return nil
	}
	docs, err := leaves.PostedDocuments(ctx, IdempotencyKey(o.ID))
	if err != nil {
		return fmt.Errorf("read what the post of order %d left: %w", o.ID, err)
	}
	for _, d := range docs {
		tags := map[string]string{tagKind: "erp_export", "erp": s.ERP.Name()}
		if customer != nil {
			setTag(tags, tagCustomerName, customer.Name)
		}
		err := s.archiveMade(ctx, d.Content, o.ID, o2c.ArchiveDocument{
			ContentType: contentTypeOf(d.Name, d.ContentType, d.Content),
			FileName:    cleanText(d.Name, o2c.MaxArchiveName),
			DocType:     o2c.ArchiveOther,
			Tags:        tags,
			Body:        textOf(d.Name, d.Content),
			Actor:       "job:post",
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// mergeOrderTags sets the tags of order o that tags lacks.
func mergeOrderTags(ctx context.Context, tx o2c.Reader, tags map[string]string, o *o2c.Order) error {
	ot, err := orderTags(ctx, tx, o)
	if err != nil {
		return err
	}
	for _, k := range []string{tagOrderID, o2c.TagCustomer, tagCustomerName, o2c.TagPONumber, o2c.TagCurrency} {
		if _, ok := tags[k]; !ok && ot[k] != "" {
			tags[k] = ot[k]
		}
	}
	if ot[o2c.TagAmount] != "" {
		// The order's total, under its own key: amount is the document's own total.
		tags["order_amount"] = ot[o2c.TagAmount]
	}
	return nil
}

// archiveMade archives a document o2c made for order orderID (0: none), in a transaction of its
// own, with the order's tags. An acknowledgement is made while its order is being read: the order
// is read again once the entry holds the archive's head, so that either that read sees what
// reading found, or tagOriginal, which takes the head after this transaction, finds the entry.
// Making the same bytes again (a retried job) adds only the tags the entry lacks.
func (s *Orders) archiveMade(ctx context.Context, content []byte, orderID int64, d o2c.ArchiveDocument) error {
	e, err := s.Archiver.Prepare(bytes.NewReader(content), d)
	if err != nil {
		return fmt.Errorf("archive %s: %w", d.FileName, err)
	}
	withOrder := func(tx o2c.Tx, tags map[string]string) error {
		if orderID == 0 {
			return nil
		}
		o, err := tx.FindOrderByID(ctx, orderID)
		if err != nil {
			return fmt.Errorf("find order %d to archive %s: %w", orderID, d.FileName, err)
		}
		return mergeOrderTags(ctx, tx, tags, o)
	}
	return s.archived.do(ctx, func(tx o2c.Tx) error {
		entry := *e
		entry.Tags = maps.Clone(e.Tags)
		if err := withOrder(tx, entry.Tags); err != nil {
			return err
		}
		err := tx.CreateArchiveEntry(ctx, &entry)
		if err != nil && o2c.ErrorCode(err) != o2c.CodeConflict {
			return fmt.Errorf("archive %s: %w", d.FileName, err)
		}
		again := maps.Clone(entry.Tags)
		if err := withOrder(tx, again); err != nil {
			return err
		}
		return s.addTags(ctx, tx, entry.SHA256, d.Actor, again)
	})
}

// originalType is the archive type of an original: what the sender already read says when it
// said it (an API submission), what an EDI or UBL document declares, else an order (what comes
// to the order desk), or another letter when the channel could not take it.
func originalType(p ReceiveParams) o2c.ArchiveDocType {
	if p.Unreadable != "" {
		return o2c.ArchiveOther
	}
	if len(p.Drafts) > 0 {
		return archiveTypeOf(p.Drafts[0].DocumentType)
	}
	switch extract.Detect(p.Filename, p.Content) {
	case extract.FormatEDIFACT, extract.FormatX12, extract.FormatXML:
		// Structured documents say what they are, and reading them takes no time.
		if drafts, err := extract.File(p.Filename, p.Content); err == nil && len(drafts) > 0 {
			return archiveTypeOf(drafts[0].DocumentType)
		}
	}
	return o2c.ArchiveOrder
}

// archiveTypeOf maps a document type read by extraction to the archive's.
func archiveTypeOf(t o2c.DocumentType) o2c.ArchiveDocType {
	switch t {
	case o2c.DocDeliveryNote, o2c.DocCMR:
		return o2c.ArchiveDeliveryNote
	case o2c.DocInvoice:
		return o2c.ArchiveInvoice
	case o2c.DocOther:
		return o2c.ArchiveOther
	}
	return o2c.ArchiveOrder
}

// answerType is the archive type of an answer by its kind.
func answerType(kind string) o2c.ArchiveDocType {
	switch kind {
	case "ORDRSP", "855", "OrderResponse":
		return o2c.ArchiveOrderResponse
	case "confirmation":
		return o2c.ArchiveConfirmation
	}
	return o2c.ArchiveOther // acknowledgements (CONTRL, 997)
}

// textOf is the text of a document for search: the subject and text of a mail, the text of an
// EDI, XML, CSV or other text file (decoded from its code page, HTML made text). PDFs, images and
// spreadsheets give none here.
func textOf(name string, content []byte) string {
	if strings.EqualFold(filepath.Ext(name), ".eml") {
		if m, err := email.Split(content); err == nil {
			var b strings.Builder
			b.WriteString(m.Subject)
			for _, d := range m.Deliveries {
				if reader.Kind(d.Filename, d.Content) == "text" {
					b.WriteString("\n\n" + reader.PlainText(d.Content))
				} else {
					b.WriteString("\n" + d.Filename)
				}
			}
			return cleanText(strings.TrimSpace(b.String()), maxArchiveBody)
		}
	}
	if reader.Kind(name, content) != "text" {
		return ""
	}
	return cleanText(reader.PlainText(content), maxArchiveBody)
}

// contentTypeOf is the media type of a document: the one it came with, else its extension's, else
// what its bytes are.
func contentTypeOf(name, given string, content []byte) string {
	if _, _, err := mime.ParseMediaType(given); err == nil && given != "" && len(given) <= 200 {
		return cleanText(given, 200)
	}
	switch extract.Detect(name, content) {
	case extract.FormatEDIFACT:
		return "application/EDIFACT"
	case extract.FormatX12:
		return "application/EDI-X12"
	case extract.FormatXML:
		return "application/xml"
	case extract.FormatJSON:
		return "application/json"
	case extract.FormatCSV:
		return "text/csv"
	case extract.FormatXLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	if t := mime.TypeByExtension(strings.ToLower(filepath.Ext(name))); t != "" {
		return t
	}
	switch reader.Kind(name, content) {
	case "pdf":
		return "application/pdf"
	case "text":
		return "text/plain"
	}
	return "application/octet-stream"
}

// setTag sets a tag when the value says something.
func setTag(tags map[string]string, k, v string) {
	if v = strings.TrimSpace(cleanText(v, o2c.MaxArchiveTagValue)); v != "" {
		tags[k] = v
	}
}

// cleanText makes s what the archive keeps: UTF-8 without NUL, at most max bytes.
func cleanText(s string, max int) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
	if len(s) > max {
		s = strings.ToValidUTF8(s[:max], "")
	}
	return s
}

func actorOr(actor string) string { return or(actor, o2c.ActorSystem) }

// tagCorrected gives the archived original of an order a person corrected the tags it still
// lacks (the order of an unreadable document, typed in), in the correction's transaction. Tags
// the original has keep their first values: archived tags never change.
func (s *Orders) tagCorrected(ctx context.Context, tx o2c.Tx, o *o2c.Order, actor string) error {
	if s.Archiver == nil {
		return nil
	}
	doc, err := tx.FindDocumentByID(ctx, o.DocumentID)
	if err != nil {
		return fmt.Errorf("find document %d of order %d: %w", o.DocumentID, o.ID, err)
	}
	tags, err := orderTags(ctx, tx, o)
	if err != nil {
		return err
	}
	tags[tagDocumentID] = strconv.FormatInt(o.DocumentID, 10)
	return s.addTags(ctx, tx, doc.SHA256, actorOr(actor), tags)
}
