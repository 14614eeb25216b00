package file

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/o2c-project/o2c"
)

var _ o2c.ERPDocuments = (*Connector)(nil)

// PostedDocuments implements o2c.ERPDocuments: the CSV and the JSON written for the order posted
// under key, those that are there.
func (c *Connector) PostedDocuments(_ context.Context, key string) ([]o2c.ERPDocument, error) {
	if !safeKey.MatchString(key) {
		return nil, o2c.Errorf(o2c.CodeInvalid, "idempotency key %q cannot name a file", key)
	}
	var out []o2c.ERPDocument
	for _, f := range []struct{ ext, ct string }{{".csv", "text/csv"}, {".json", "application/json"}} {
		b, err := os.ReadFile(filepath.Join(c.Dir, key+f.ext))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("read the outbox file %s%s: %w", key, f.ext, err)
		}
		out = append(out, o2c.ERPDocument{Name: key + f.ext, ContentType: f.ct, Content: b})
	}
	return out, nil
}
