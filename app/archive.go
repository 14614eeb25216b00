package app

import (
	"context"
	"io"

	"github.com/o2c-project/o2c"
)

// Archive is the archive's use cases for people and the API: search, read, export and check.
// Documents get into it through the order pipeline (Orders.Archiver).
type Archive struct {
	Store    o2c.Store
	Archiver o2c.Archiver
}

// available is CodeUnavailable when no archive is kept.
func (a *Archive) available() error {
	if a == nil || a.Archiver == nil || a.Store == nil {
		return o2c.Errorf(o2c.CodeUnavailable, "this o2c keeps no archive")
	}
	return nil
}

// Search returns one page of the entries matching f, newest first, and how many match.
// CodeInvalid for a filter that cannot be run.
func (a *Archive) Search(ctx context.Context, f o2c.ArchiveFilter) ([]*o2c.ArchiveEntry, int, error) {
	if err := a.available(); err != nil {
		return nil, 0, err
	}
	return a.Store.FindArchiveEntries(ctx, f)
}

// Entry returns the entry of a blob, with its text. CodeNotFound.
func (a *Archive) Entry(ctx context.Context, sum string) (*o2c.ArchiveEntry, error) {
	if err := a.available(); err != nil {
		return nil, err
	}
	if !o2c.IsSHA256Hex(sum) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "no archive entry holds the blob %s", sum)
	}
	return a.Store.FindArchiveEntryBySHA256(ctx, sum)
}

// Content returns the entry of a blob and a reader of its bytes, which fails at their end if they
// are not the archived ones; the caller closes it. CodeNotFound.
func (a *Archive) Content(ctx context.Context, sum string) (*o2c.ArchiveEntry, io.ReadCloser, error) {
	if err := a.available(); err != nil {
		return nil, nil, err
	}
	if !o2c.IsSHA256Hex(sum) {
		return nil, nil, o2c.Errorf(o2c.CodeNotFound, "no archive entry holds the blob %s", sum)
	}
	return a.Archiver.OpenBlob(ctx, sum)
}

// Export writes every entry matching f to w as a zip with a manifest, and returns how many.
func (a *Archive) Export(ctx context.Context, w io.Writer, f o2c.ArchiveFilter) (int, error) {
	if err := a.available(); err != nil {
		return 0, err
	}
	return a.Archiver.Export(ctx, w, f)
}

// Verify checks the archive log's chain, every entry against its records and every blob's
// SHA-256, and reports what is wrong.
func (a *Archive) Verify(ctx context.Context) (*o2c.ArchiveReport, error) {
	if err := a.available(); err != nil {
		return nil, err
	}
	return a.Archiver.Check(ctx)
}
