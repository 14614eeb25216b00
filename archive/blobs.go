package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/o2c-project/o2c"
)

// Blobs is a directory of write-once files, each named by the SHA-256 of its bytes in lowercase
// hex: DIR/ab/cdef... holds the bytes whose digest is abcdef.... A file is written aside, synced,
// made read-only and renamed into place, so that a blob is either whole or absent; it is never
// written again.
type Blobs struct {
	dir string
}

// NewBlobs returns the blob store in dir. Nothing is created until the first Put.
func NewBlobs(dir string) *Blobs { return &Blobs{dir: dir} }

// Dir returns the directory of the blobs.
func (b *Blobs) Dir() string { return b.dir }

// path returns where the blob of sum lives; sum must be a SHA-256 in lowercase hex.
func (b *Blobs) path(sum string) string { return filepath.Join(b.dir, sum[:2], sum[2:]) }

// Put stores the bytes read from r and returns their SHA-256 and size. Bytes stored already are
// left as they are: putting them again does nothing and returns the same digest.
func (b *Blobs) Put(r io.Reader) (sum string, size int64, err error) {
	if err := os.MkdirAll(b.dir, 0o755); err != nil {
		return "", 0, fmt.Errorf("create blob directory: %w", err)
	}
	tmp, err := os.CreateTemp(b.dir, ".put-*")
	if err != nil {
		return "", 0, fmt.Errorf("create blob: %w", err)
	}
	name, closed := tmp.Name(), false
	defer func() {
		if !closed {
			_ = tmp.Close()
		}
		// After the rename the temporary name is gone; otherwise remove what was written.
		if rmErr := os.Remove(name); rmErr != nil && !errors.Is(rmErr, fs.ErrNotExist) && err == nil {
			err = fmt.Errorf("remove temporary blob: %w", rmErr)
		}
	}()
	h := sha256.New()
	size, err = io.Copy(io.MultiWriter(tmp, h), r)
	if err != nil {
		return "", 0, fmt.Errorf("write blob: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return "", 0, fmt.Errorf("sync blob: %w", err)
	}
	if err := tmp.Chmod(0o444); err != nil {
		return "", 0, fmt.Errorf("make blob read-only: %w", err)
	}
	closed = true
	if err := tmp.Close(); err != nil {
		return "", 0, fmt.Errorf("close blob: %w", err)
	}
	sum = hex.EncodeToString(h.Sum(nil))
	final := b.path(sum)
	if _, err := os.Lstat(final); err == nil {
		return sum, size, nil // stored already: write once
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", 0, fmt.Errorf("look for blob %s: %w", sum, err)
	}
	sub := filepath.Dir(final)
	if _, err := os.Stat(sub); errors.Is(err, fs.ErrNotExist) {
		if err := os.Mkdir(sub, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return "", 0, fmt.Errorf("create blob directory: %w", err)
		}
		if err := syncDir(b.dir); err != nil {
			return "", 0, err
		}
	}
	// Two writers of the same bytes may both get here; the second rename replaces a file with
	// an identical one.
	if err := os.Rename(name, final); err != nil {
		return "", 0, fmt.Errorf("store blob %s: %w", sum, err)
	}
	if err := syncDir(sub); err != nil {
		return "", 0, err
	}
	return sum, size, nil
}

// syncDir makes a directory's new names durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	err = d.Sync()
	return errors.Join(err, d.Close())
}

// Open returns a reader of the blob sum, which must be size bytes long: CodeNotFound when there
// is no such blob, CodeInvalid for a malformed digest, and an error when its size is not size.
// At the end of the bytes the reader fails instead of returning io.EOF if they are not the ones
// sum names.
func (b *Blobs) Open(sum string, size int64) (*Blob, error) {
	if !o2c.IsSHA256Hex(sum) {
		return nil, o2c.Errorf(o2c.CodeInvalid, "%q is not a SHA-256 in lowercase hex", sum)
	}
	f, err := os.Open(b.path(sum))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "there is no blob %s", sum)
	} else if err != nil {
		return nil, fmt.Errorf("open blob %s: %w", sum, err)
	}
	fi, err := f.Stat()
	if err != nil {
		return nil, errors.Join(fmt.Errorf("open blob %s: %w", sum, err), f.Close())
	}
	if fi.Size() != size {
		return nil, errors.Join(fmt.Errorf("blob %s is %d bytes long, not %d: it was changed", sum, fi.Size(), size), f.Close())
	}
	return &Blob{f: f, sum: sum, size: size, h: sha256.New()}, nil
}

// Blob reads one stored blob and checks its digest at the end.
type Blob struct {
	f    *os.File
	sum  string
	size int64
	h    hash.Hash
}

// Size returns the blob's length.
func (b *Blob) Size() int64 { return b.size }

// Read reads the blob. Where io.EOF would be, it returns an error if the bytes read are not the
// ones the blob's name says.
func (b *Blob) Read(p []byte) (int, error) {
	n, err := b.f.Read(p)
	b.h.Write(p[:n])
	if errors.Is(err, io.EOF) {
		if got := hex.EncodeToString(b.h.Sum(nil)); got != b.sum {
			return n, fmt.Errorf("blob %s has the SHA-256 %s: it was changed", b.sum, got)
		}
	}
	return n, err
}

// Close closes the file.
func (b *Blob) Close() error { return b.f.Close() }

// Check reads the whole blob sum and reports what is wrong with it: "" when it is there, size
// bytes long, with that digest.
func (b *Blobs) Check(sum string, size int64) (problem string, err error) {
	f, err := os.Open(b.path(sum))
	if errors.Is(err, fs.ErrNotExist) {
		return "missing", nil
	} else if err != nil {
		return "", fmt.Errorf("open blob %s: %w", sum, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", fmt.Errorf("read blob %s: %w", sum, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sum || n != size {
		return fmt.Sprintf("its %d bytes have the SHA-256 %s, not %d bytes of %s", n, got, size, sum), nil
	}
	return "", nil
}

// Remove deletes the blob sum; a blob already gone is no error.
func (b *Blobs) Remove(sum string) error {
	if !o2c.IsSHA256Hex(sum) {
		return o2c.Errorf(o2c.CodeInvalid, "%q is not a SHA-256 in lowercase hex", sum)
	}
	if err := os.Remove(b.path(sum)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove blob %s: %w", sum, err)
	}
	return nil
}
