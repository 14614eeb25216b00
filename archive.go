package o2c

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// ArchiveDocType is what an archived document is. Its retention period follows from it.
type ArchiveDocType string

// Document types of the archive.
const (
	ArchiveOrder         ArchiveDocType = "order"          // a customer's purchase order
	ArchiveDeliveryNote  ArchiveDocType = "delivery_note"  // a delivery note or despatch advice
	ArchiveInvoice       ArchiveDocType = "invoice"        // an invoice we issued or received
	ArchiveCreditNote    ArchiveDocType = "credit_note"    // a credit note
	ArchiveOrderResponse ArchiveDocType = "order_response" // an order response (ORDRSP, 855)
	ArchiveConfirmation  ArchiveDocType = "confirmation"   // an order confirmation sent by mail
	ArchiveStatement     ArchiveDocType = "statement"      // a bank or account statement
	ArchiveOther         ArchiveDocType = "other"          // any other business letter
)

// ArchiveDocTypes lists every document type.
var ArchiveDocTypes = []ArchiveDocType{ArchiveOrder, ArchiveDeliveryNote, ArchiveInvoice, ArchiveCreditNote,
	ArchiveOrderResponse, ArchiveConfirmation, ArchiveStatement, ArchiveOther}

// Valid reports whether t is one of ArchiveDocTypes.
func (t ArchiveDocType) Valid() bool { return slices.Contains(ArchiveDocTypes, t) }

// Tag keys the pipeline sets on archive entries. Any other key of the form ArchiveTagKey allows
// is accepted too (e.g. due_date, delivery_date).
const (
	TagCustomer = "customer"  // our customer id
	TagPONumber = "po_number" // the buyer's order number
	TagNumber   = "number"    // the document's own number (invoice number, delivery note number)
	TagDate     = "date"      // the document's date, YYYY-MM-DD
	TagAmount   = "amount"    // its total, a plain decimal ("1234.50")
	TagCurrency = "currency"  // ISO 4217 code of the amount
)

// ArchiveEntry is one document kept in the archive: a write-once blob, named by the SHA-256 of its
// bytes, with what is known of it. Entries are never changed; one is deleted only once its
// retention period is over, and both its creation and its deletion are records of the archive log.
type ArchiveEntry struct {
	// ID is the entry's surrogate key.
	ID int64 `json:"id"`
	// SHA256 is the lowercase hex SHA-256 of the blob: its name in the blob store. At most one
	// entry holds a blob.
	SHA256 string `json:"sha256"`
	// Size is the blob's length in bytes.
	Size int64 `json:"size"`
	// ContentType is the blob's media type, e.g. application/pdf.
	ContentType string `json:"content_type"`
	// FileName is the name the document came with, or was given when it was made.
	FileName string `json:"file_name"`
	// DocType is what the document is.
	DocType ArchiveDocType `json:"doc_type"`
	// Tags are what the document is about, by key (TagCustomer, TagPONumber, TagDate, ...). Dates
	// are written YYYY-MM-DD and amounts as plain decimals, so that ranges of them can be searched.
	Tags map[string]string `json:"tags,omitempty"`
	// Body is the document's text as the caller extracted it, for full-text search. Lists of
	// entries leave it empty.
	Body string `json:"body,omitempty"`
	// CreatedAt is when the entry was archived (UTC): the store sets it to the transaction's Now.
	CreatedAt time.Time `json:"created_at"`
	// CreatedBy is who archived it (system, job:<kind>, user:<login>).
	CreatedBy string `json:"created_by"`
	// RetentionUntil is the last day the document must be kept; it may be deleted after it.
	RetentionUntil cal.Date `json:"retention_until"`
	// Seq is the number of the archive log record that put the entry: the store sets it.
	Seq int64 `json:"seq"`
}

// Limits of archive entries.
const (
	MaxArchiveTags     = 64
	MaxArchiveTagValue = 1024
	MaxArchiveName     = 1024
)

// archiveTagKey is what a tag key may be: lowercase ASCII words joined by underscores.
var archiveTagKey = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// ValidArchiveTagKey reports whether k may be a tag key: lowercase ASCII letters, digits and
// underscores, starting with a letter, at most 63 characters.
func ValidArchiveTagKey(k string) bool { return archiveTagKey.MatchString(k) }

// Validate checks an entry before it is stored: CodeInvalid with a fault per broken rule.
func (e *ArchiveEntry) Validate() error {
	var faults []Fault
	add := func(rule, path, msg string) { faults = append(faults, Fault{Rule: rule, Path: path, Message: msg}) }
	if !IsSHA256Hex(e.SHA256) {
		add("ARCHIVE-01", "$.sha256", "must be 64 lowercase hex digits")
	}
	if e.Size < 0 {
		add("ARCHIVE-02", "$.size", "must not be negative")
	}
	if !e.DocType.Valid() {
		add("ARCHIVE-03", "$.doc_type", fmt.Sprintf("%q is not a document type", e.DocType))
	}
	if e.RetentionUntil.IsZero() {
		add("ARCHIVE-04", "$.retention_until", "is required")
	}
	for path, s := range map[string]string{"$.content_type": e.ContentType, "$.file_name": e.FileName, "$.created_by": e.CreatedBy} {
		if !plainText(s) || len(s) > MaxArchiveName {
			add("ARCHIVE-05", path, fmt.Sprintf("must be UTF-8 text without NUL of at most %d bytes", MaxArchiveName))
		}
	}
	if !plainText(e.Body) {
		add("ARCHIVE-05", "$.body", "must be UTF-8 text without NUL")
	}
	if len(e.Tags) > MaxArchiveTags {
		add("ARCHIVE-06", "$.tags", fmt.Sprintf("at most %d tags", MaxArchiveTags))
	}
	for k, v := range e.Tags {
		if !ValidArchiveTagKey(k) {
			add("ARCHIVE-07", "$.tags", fmt.Sprintf("key %q must be lowercase letters, digits and _", k))
		}
		if !plainText(v) || len(v) > MaxArchiveTagValue {
			add("ARCHIVE-08", "$.tags."+k, fmt.Sprintf("must be UTF-8 text without NUL of at most %d bytes", MaxArchiveTagValue))
		}
	}
	if len(faults) > 0 {
		// Faults found in maps come in random order: sort them, so that a report reads the same every time.
		slices.SortFunc(faults, func(a, b Fault) int {
			return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Message, b.Message))
		})
		return Invalid(faults...)
	}
	return nil
}

// plainText reports whether s is UTF-8 without NUL, which PostgreSQL's text refuses.
func plainText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// IsSHA256Hex reports whether s is a SHA-256 digest in lowercase hex.
func IsSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !('0' <= s[i] && s[i] <= '9' || 'a' <= s[i] && s[i] <= 'f') {
			return false
		}
	}
	return true
}

// ArchiveFilter selects archive entries. Every condition given must hold.
type ArchiveFilter struct {
	// Text is a full-text query over the body, the file name and the tag values: every word must
	// occur (case is ignored, accents are not); "several words" in quotes must occur in that order,
	// and a trailing * makes the last word a prefix (invo*).
	Text string `json:"text,omitempty"`
	// Types keeps entries of any of these document types.
	Types []ArchiveDocType `json:"types,omitempty"`
	// Tags keeps entries with exactly these values, by key.
	Tags map[string]string `json:"tags,omitempty"`
	// Dates keeps entries whose tag's date is within each range.
	Dates []ArchiveDateRange `json:"dates,omitempty"`
	// Amounts keeps entries whose tag's amount is within each range.
	Amounts []ArchiveAmountRange `json:"amounts,omitempty"`
	// Offset skips the first entries of the result.
	Offset int `json:"-"`
	// Limit is the page size; 0 means the store's default.
	Limit int `json:"-"`
}

// ArchiveDateRange keeps entries whose tag Key holds a date YYYY-MM-DD from From to To, both
// included. A zero end is open.
type ArchiveDateRange struct {
	Key  string   `json:"key"`
	From cal.Date `json:"from"`
	To   cal.Date `json:"to"`
}

// ArchiveAmountRange keeps entries whose tag Key holds a plain decimal from Min to Max, both
// included. A nil end is open.
type ArchiveAmountRange struct {
	Key string           `json:"key"`
	Min *decimal.Decimal `json:"min"`
	Max *decimal.Decimal `json:"max"`
}

// ArchiveAction is what an archive log record did.
type ArchiveAction string

// Archive log actions.
const (
	ArchivePut    ArchiveAction = "put"    // an entry was archived
	ArchiveDelete ArchiveAction = "delete" // an entry was deleted once its retention period was over
	// ArchiveTagged ("tag", archive_tag.go): tags were added to an entry.
)

// ArchiveGenesisHash is the PrevHash of the first archive log record.
var ArchiveGenesisHash = strings.Repeat("0", 64)

// ArchiveRecord is one record of the archive log, a hash chain: RecordHash is
// ArchiveChainHash(PrevHash, Record), and PrevHash is the RecordHash of the record before. Any
// change to a record, or to its place, breaks the chain from there on.
type ArchiveRecord struct {
	// Seq numbers the records 1, 2, 3, ... without gaps.
	Seq int64 `json:"seq"`
	// Action is what the record did.
	Action ArchiveAction `json:"action"`
	// SHA256 is the blob of the entry concerned.
	SHA256 string `json:"sha256"`
	// Record is the canonical encoding of the record's ArchiveRecordData: the bytes hashed.
	Record string `json:"record"`
	// PrevHash is the RecordHash of the record before, ArchiveGenesisHash for the first.
	PrevHash string `json:"prev_hash"`
	// RecordHash is the lowercase hex SHA-256 of PrevHash (its 64 hex characters) followed by Record.
	RecordHash string `json:"record_hash"`
}

// ArchiveInstantLayout is how instants are written in archive log records: UTC, microseconds,
// fixed width.
const ArchiveInstantLayout = "2006-01-02T15:04:05.000000Z"

// ArchiveRecordData is what an archive log record says: the action, when and by whom, and the
// whole entry concerned, its body by its SHA-256. Its canonical encoding is compact JSON with the
// fields in this order, tag keys sorted, no HTML escaping.
type ArchiveRecordData struct {
	Seq            int64             `json:"seq"`
	Action         ArchiveAction     `json:"action"`
	At             string            `json:"at"` // ArchiveInstantLayout
	Actor          string            `json:"actor"`
	SHA256         string            `json:"sha256"`
	Size           int64             `json:"size"`
	ContentType    string            `json:"content_type"`
	FileName       string            `json:"file_name"`
	DocType        ArchiveDocType    `json:"doc_type"`
	Tags           map[string]string `json:"tags"`
	BodySHA256     string            `json:"body_sha256"`
	CreatedAt      string            `json:"created_at"` // ArchiveInstantLayout
	CreatedBy      string            `json:"created_by"`
	RetentionUntil string            `json:"retention_until"` // YYYY-MM-DD
}

// MakeArchiveRecordData returns what the log record seq says when actor does action to e at at.
func MakeArchiveRecordData(seq int64, action ArchiveAction, at time.Time, actor string, e *ArchiveEntry) ArchiveRecordData {
	body := sha256.Sum256([]byte(e.Body))
	tags := maps.Clone(e.Tags)
	return ArchiveRecordData{
		Seq:            seq,
		Action:         action,
		At:             at.UTC().Format(ArchiveInstantLayout),
		Actor:          actor,
		SHA256:         e.SHA256,
		Size:           e.Size,
		ContentType:    e.ContentType,
		FileName:       e.FileName,
		DocType:        e.DocType,
		Tags:           tags,
		BodySHA256:     hex.EncodeToString(body[:]),
		CreatedAt:      e.CreatedAt.UTC().Format(ArchiveInstantLayout),
		CreatedBy:      e.CreatedBy,
		RetentionUntil: e.RetentionUntil.String(),
	}
}

// Canonical returns the record's canonical encoding: the same data always gives the same bytes.
func (d ArchiveRecordData) Canonical() string {
	if d.Tags == nil {
		d.Tags = map[string]string{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		panic(fmt.Sprintf("encode archive record: %v", err)) // strings, numbers and a map of strings always encode
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// ParseArchiveRecordData reads a record's canonical encoding. CodeInvalid when it is not one:
// not JSON, unknown fields, or bytes that differ from the canonical encoding of what they say.
func ParseArchiveRecordData(record string) (ArchiveRecordData, error) {
	var d ArchiveRecordData
	dec := json.NewDecoder(strings.NewReader(record))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return d, Errorf(CodeInvalid, "the archive record is not a record: %s", err.Error())
	}
	if d.Canonical() != record {
		return d, Errorf(CodeInvalid, "the archive record is not in its canonical encoding")
	}
	return d, nil
}

// ArchiveChainHash returns the RecordHash of a record whose predecessor's hash is prev:
// the lowercase hex SHA-256 of prev's 64 hex characters followed by the record's bytes.
func ArchiveChainHash(prev, record string) string {
	h := sha256.New()
	h.Write([]byte(prev))
	h.Write([]byte(record))
	return hex.EncodeToString(h.Sum(nil))
}

// ArchiveHead is the archive log's last record: its Seq and RecordHash. Seq 0 with
// ArchiveGenesisHash means the log is empty.
type ArchiveHead struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

// ArchiveReader is every read of the archive's records.
type ArchiveReader interface {
	// FindArchiveEntryBySHA256 returns the entry that holds a blob, body included. CodeNotFound.
	FindArchiveEntryBySHA256(ctx context.Context, sha256 string) (*ArchiveEntry, error)
	// FindArchiveEntries returns one page of the entries matching f, newest first, without their
	// bodies, and the total count matching f. CodeInvalid for a filter that cannot be run (a tag
	// key or an amount out of range).
	FindArchiveEntries(ctx context.Context, f ArchiveFilter) ([]*ArchiveEntry, int, error)
	// FindArchiveLog returns up to limit log records after seq afterSeq, in order.
	FindArchiveLog(ctx context.Context, afterSeq int64, limit int) ([]ArchiveRecord, error)
	// FindArchiveRecords returns every log record of the blob sha256 (its put, tags, delete), in
	// order; none is an empty list.
	FindArchiveRecords(ctx context.Context, sha256 string) ([]ArchiveRecord, error)
	// FindArchiveHead returns the log's last record, as the store keeps it apart from the log.
	FindArchiveHead(ctx context.Context) (ArchiveHead, error)
}

// ArchiveWriter is every change to the archive's records. There is no other: entries and log
// records are never updated (tags may only be added, each time with a log record), and entries
// are deleted only past their retention.
type ArchiveWriter interface {
	// CreateArchiveEntry stores e and appends its put record to the log; it sets ID, CreatedAt
	// (the transaction's Now) and Seq. The blob must be stored first. CodeInvalid (Validate),
	// CodeConflict when an entry holds the same blob already.
	CreateArchiveEntry(ctx context.Context, e *ArchiveEntry) error
	// TagArchiveEntry adds tags to the live entry of the blob sha256, with an ArchiveTagged
	// record by actor, and returns the entry as it is afterwards (body included). Tags it has
	// already with the same value are no change; nothing new is no record. CodeNotFound,
	// CodeInvalid (a key or value Validate refuses, too many tags), CodeConflict when a tag it has
	// would get another value: archived tags are never changed.
	TagArchiveEntry(ctx context.Context, sha256, actor string, tags map[string]string) (*ArchiveEntry, error)
	// DeleteExpiredArchiveEntries deletes up to limit entries whose RetentionUntil ended before
	// the day before the transaction's date (UTC), so that no time zone sees a document go early,
	// and appends a delete record by actor for each. It returns them, bodies included, so that
	// their blobs can be removed once the transaction commits.
	DeleteExpiredArchiveEntries(ctx context.Context, actor string, limit int) ([]*ArchiveEntry, error)
}

// ArchiveStore is what the archive needs of a database.
type ArchiveStore interface {
	ArchiveReader
	// InTx runs fn in one transaction, committed when fn returns nil and rolled back otherwise.
	InTx(ctx context.Context, fn func(Tx) error) error
}
