package outbox

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// newPendingFile opens a file with no name in dir (O_TMPFILE): writing an order then touches the
// directory once, when the finished file is linked in, and a crash leaves nothing behind. On a
// file system without O_TMPFILE it falls back to a named temporary file.
func newPendingFile(dir string) (*pendingFile, error) {
	fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_WRONLY|unix.O_CLOEXEC, 0o644)
	if err != nil {
		return namedTemp(dir)
	}
	return &pendingFile{File: os.NewFile(uintptr(fd), dir)}, nil
}

// linkAs gives the file its name; the error wraps fs.ErrExist when the name is taken.
func (p *pendingFile) linkAs(path string) error {
	if p.tmpPath != "" {
		return os.Link(p.tmpPath, path)
	}
	proc := fmt.Sprintf("/proc/self/fd/%d", p.Fd())
	if err := unix.Linkat(unix.AT_FDCWD, proc, unix.AT_FDCWD, path, unix.AT_SYMLINK_FOLLOW); err != nil {
		return &os.LinkError{Op: "link", Old: proc, New: path, Err: err}
	}
	return nil
}
