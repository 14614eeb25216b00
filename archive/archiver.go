package archive

import (
	"context"
	"io"

	"github.com/o2c-project/o2c"
)

var _ o2c.Archiver = (*Archive)(nil)

// OpenBlob implements o2c.Archiver with Open.
func (a *Archive) OpenBlob(ctx context.Context, sum string) (*o2c.ArchiveEntry, io.ReadCloser, error) {
	e, b, err := a.Open(ctx, sum)
	if err != nil {
		return nil, nil, err
	}
	return e, b, nil
}

// Check implements o2c.Archiver with Verify, without anchors.
func (a *Archive) Check(ctx context.Context) (*o2c.ArchiveReport, error) { return a.Verify(ctx) }
