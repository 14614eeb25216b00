// Package outbox writes files into a directory that another system reads (an ERP's import
// folder, an EDI gateway's send folder): each file appears whole or not at all, is synced before
// it appears, and is never overwritten, so writing the same file again after a crash is a no-op.
package outbox

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/o2c-project/o2c"
)

// Dir is one outbox directory.
type Dir struct {
	Path string
}

// Open makes the directory if needed.
func Open(path string) (*Dir, error) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, fmt.Errorf("create outbox %s: %w", path, err)
	}
	return &Dir{Path: path}, nil
}

// Has reports whether a file of that name is in the outbox.
func (d *Dir) Has(name string) bool {
	_, err := os.Stat(filepath.Join(d.Path, name))
	return err == nil
}

// Place writes content under name: to a file with no name yet, synced, then linked into place.
// A name already taken is left as it is (an earlier try of the same write). The caller calls
// Sync once its files are placed. An outbox that cannot be written is CodeUnavailable.
func (d *Dir) Place(name string, content []byte) error {
	f, err := newPendingFile(d.Path)
	if err != nil {
		return o2c.Errorf(o2c.CodeUnavailable, "the outbox %s is not writable", d.Path)
	}
	defer f.discard()
	if _, err := f.Write(content); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", name, err)
	}
	if err := f.linkAs(filepath.Join(d.Path, name)); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("place %s in the outbox: %w", name, err)
	}
	return nil
}

// Sync makes the new directory entries durable, so a crash right after cannot lose a file.
func (d *Dir) Sync() error {
	dir, err := os.Open(d.Path)
	if err != nil {
		return fmt.Errorf("open outbox %s: %w", d.Path, err)
	}
	defer dir.Close()
	if err := dir.Sync(); err != nil {
		return fmt.Errorf("sync outbox %s: %w", d.Path, err)
	}
	return nil
}
