// Package archive keeps every original and every output of o2c for as long as the law wants it:
// write-once blobs on disk named by their SHA-256 (Blobs), and their entries and the archive log,
// a hash chain of every put, tagging and delete, in the database (o2c.ArchiveStore). Verify
// recomputes the chain and every blob's digest; Export writes a search result as a zip with a
// manifest.
package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// Archive is the blobs and the records of the archive.
type Archive struct {
	Blobs     *Blobs
	Store     o2c.ArchiveStore
	Retention Retention
	// Now is the clock that dates a document without a date of its own; nil means time.Now.
	Now func() time.Time
}

// New returns the archive whose blobs are in dir and whose records are in store, with the
// default retention.
func New(dir string, store o2c.ArchiveStore) *Archive {
	return &Archive{Blobs: NewBlobs(dir), Store: store, Retention: DefaultRetention()}
}

// Document is what is known of a document to archive, besides its bytes.
type Document = o2c.ArchiveDocument

// Prepare stores the blob read from content and returns its entry, ready for
// Tx.CreateArchiveEntry in the caller's transaction. The entry is checked before the bytes are
// written: CodeInvalid. A blob whose entry is never created is harmless: putting the same bytes
// again finds it.
func (a *Archive) Prepare(content io.Reader, d Document) (*o2c.ArchiveEntry, error) {
	date := d.Date
	if date.IsZero() {
		if t, err := cal.Parse(d.Tags[o2c.TagDate]); err == nil {
			date = t
		} else {
			date = cal.DateOf(a.now().UTC())
		}
	}
	e := &o2c.ArchiveEntry{
		SHA256:         o2c.ArchiveGenesisHash, // a stand-in until the bytes are written
		ContentType:    d.ContentType,
		FileName:       d.FileName,
		DocType:        d.DocType,
		Tags:           d.Tags,
		Body:           d.Body,
		CreatedBy:      d.Actor,
		RetentionUntil: a.Retention.Until(d.DocType, date),
	}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	sum, size, err := a.Blobs.Put(content)
	if err != nil {
		return nil, err
	}
	e.SHA256, e.Size = sum, size
	return e, nil
}

// Put archives content in a transaction of its own and returns its entry. CodeInvalid, and
// CodeConflict when the same bytes are archived already (the blob is left as it was).
func (a *Archive) Put(ctx context.Context, content []byte, d Document) (*o2c.ArchiveEntry, error) {
	e, err := a.Prepare(bytes.NewReader(content), d)
	if err != nil {
		return nil, err
	}
	if err := a.Store.InTx(ctx, func(tx o2c.Tx) error { return tx.CreateArchiveEntry(ctx, e) }); err != nil {
		return nil, err
	}
	return e, nil
}

// Open returns the entry of the blob sum and a reader of its bytes, which fails at their end if
// they are not the archived ones. CodeNotFound when no entry holds it; an error when the blob is
// missing or its size is not the archived one.
func (a *Archive) Open(ctx context.Context, sum string) (*o2c.ArchiveEntry, *Blob, error) {
	e, err := a.Store.FindArchiveEntryBySHA256(ctx, sum)
	if err != nil {
		return nil, nil, err
	}
	b, err := a.Blobs.Open(sum, e.Size)
	if o2c.ErrorCode(err) == o2c.CodeNotFound {
		// The entry exists, so this is damage, not a document that is not there.
		return nil, nil, fmt.Errorf("the blob %s of archive entry %d is missing from %s", sum, e.ID, a.Blobs.Dir())
	} else if err != nil {
		return nil, nil, err
	}
	return e, b, nil
}

// purgeBatch is how many entries one purge transaction deletes.
const purgeBatch = 500

// Purge deletes the entries whose retention is over, with a delete record each, and then their
// blobs; it returns how many it deleted. A blob archived again meanwhile is kept.
func (a *Archive) Purge(ctx context.Context, actor string) (int, error) {
	total := 0
	for {
		var deleted []*o2c.ArchiveEntry
		err := a.Store.InTx(ctx, func(tx o2c.Tx) error {
			var err error
			deleted, err = tx.DeleteExpiredArchiveEntries(ctx, actor, purgeBatch)
			return err
		})
		if err != nil {
			return total, fmt.Errorf("purge expired archive entries: %w", err)
		}
		for _, e := range deleted {
			if _, err := a.Store.FindArchiveEntryBySHA256(ctx, e.SHA256); err == nil {
				continue
			} else if o2c.ErrorCode(err) != o2c.CodeNotFound {
				return total, err
			}
			if err := a.Blobs.Remove(e.SHA256); err != nil {
				return total, err
			}
		}
		total += len(deleted)
		if len(deleted) < purgeBatch {
			return total, nil
		}
		if err := ctx.Err(); err != nil {
			return total, errors.Join(fmt.Errorf("purge stopped after %d entries", total), err)
		}
	}
}

func (a *Archive) now() time.Time {
	if a.Now == nil {
		return time.Now()
	}
	return a.Now()
}
