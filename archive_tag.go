package o2c

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/o2c-project/o2c/cal"
)

// ArchiveTagged is the action of a log record that added tags to a live entry: what became known
// of a document after it was archived (the customer and the order number read from it). Its
// record holds the whole entry as it is afterwards; tags are only ever added, never changed or
// removed, and nothing else of the entry changes.
const ArchiveTagged ArchiveAction = "tag"

// ArchiveDocument is what is known of a document to archive, besides its bytes.
type ArchiveDocument struct {
	ContentType string
	FileName    string
	DocType     ArchiveDocType
	Tags        map[string]string
	// Body is the document's text, as the caller extracted it, for search.
	Body string
	// Date is the document's date, from which its retention is counted. Zero: the tag TagDate
	// when it holds a date, else today (UTC).
	Date cal.Date
	// Actor is who archives it (system, job:<kind>, user:<login>).
	Actor string
}

// ArchiveProblemKind names what a check of the archive found wrong.
type ArchiveProblemKind string

// ArchiveProblem is one thing a check of the archive found wrong.
type ArchiveProblem struct {
	Kind    ArchiveProblemKind `json:"kind"`
	Seq     int64              `json:"seq,omitempty"`    // the log record concerned, if any
	SHA256  string             `json:"sha256,omitempty"` // the blob concerned, if any
	Message string             `json:"message"`
}

func (p ArchiveProblem) String() string {
	var where []string
	if p.Seq != 0 {
		where = append(where, "record "+strconv.FormatInt(p.Seq, 10))
	}
	if p.SHA256 != "" {
		where = append(where, "blob "+p.SHA256)
	}
	if len(where) == 0 {
		return fmt.Sprintf("%s: %s", p.Kind, p.Message)
	}
	return fmt.Sprintf("%s: %s: %s", p.Kind, strings.Join(where, ", "), p.Message)
}

// ArchiveReport is what a check of the archive checked and found.
type ArchiveReport struct {
	// Head is the last record checked: the log as it was when the check began.
	Head ArchiveHead `json:"head"`
	// Records is how many log records were checked.
	Records int `json:"records"`
	// Entries is how many entries (and blobs) were checked.
	Entries int `json:"entries"`
	// Problems is everything found wrong, by record; none means the archive is intact.
	Problems []ArchiveProblem `json:"problems"`
}

// Archiver is the archive's blob store and its whole-archive operations, as use cases reach
// them (package archive implements it); entries and their log records are written through
// Tx.CreateArchiveEntry and Tx.TagArchiveEntry.
type Archiver interface {
	// Prepare stores the blob read from content and returns its entry, ready for
	// Tx.CreateArchiveEntry in the caller's transaction. CodeInvalid for an entry that would
	// not be valid; a blob whose entry is never created is harmless.
	Prepare(content io.Reader, d ArchiveDocument) (*ArchiveEntry, error)
	// OpenBlob returns the entry of the blob sum and a reader of its bytes that fails at their
	// end, instead of io.EOF, when they are not the archived ones. CodeNotFound.
	OpenBlob(ctx context.Context, sum string) (*ArchiveEntry, io.ReadCloser, error)
	// Export writes every entry matching f to w as a zip with a manifest, and returns how many.
	Export(ctx context.Context, w io.Writer, f ArchiveFilter) (int, error)
	// Check walks the log, every entry and every blob, and reports what is wrong.
	Check(ctx context.Context) (*ArchiveReport, error)
}
