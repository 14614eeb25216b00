//go:build !linux

package outbox

import "os"

func newPendingFile(dir string) (*pendingFile, error) { return namedTemp(dir) }

func (p *pendingFile) linkAs(path string) error { return os.Link(p.tmpPath, path) }
