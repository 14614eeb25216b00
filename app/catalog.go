package app

import (
	"context"
	"fmt"
	"sync"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/verify"
)

// Catalog caches the verification index of the master data. Master data changes rarely and
// orders arrive often, so the index is rebuilt only when the store's master-data version moves;
// checking the version is one small query, which keeps several processes on one database correct.
type Catalog struct {
	mu      sync.Mutex
	version int64
	index   *verify.Index
}

// Index returns an index of the master data as r sees it now.
func (c *Catalog) Index(ctx context.Context, r o2c.Reader) (*verify.Index, error) {
	v, err := r.MasterDataVersion(ctx)
	if err != nil {
		return nil, fmt.Errorf("read master data version: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.index != nil && c.version == v {
		return c.index, nil
	}
	m, err := r.LoadMasterData(ctx)
	if err != nil {
		return nil, fmt.Errorf("load master data: %w", err)
	}
	c.index, c.version = verify.NewIndex(m), v
	return c.index, nil
}
