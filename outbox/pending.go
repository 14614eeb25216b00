package outbox

import "os"

// pendingFile is a file being written that has no name in the outbox yet.
type pendingFile struct {
	*os.File
	tmpPath string // set when the file system could not give an unnamed file
}

// namedTemp is the portable way: a temporary name in the same directory, linked then removed.
func namedTemp(dir string) (*pendingFile, error) {
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return nil, err
	}
	return &pendingFile{File: f, tmpPath: f.Name()}, nil
}

// discard closes the file and removes its temporary name, if it had one.
func (p *pendingFile) discard() {
	p.Close()
	if p.tmpPath != "" {
		os.Remove(p.tmpPath)
	}
}
