package app

import (
	"container/list"
	"sync"

	"github.com/o2c-project/o2c/extract/layout"
)

// viewCaches hold what the review screen shows of documents, which never change once stored:
// the words read of a file and its drawn pages, by content hash. Each is bounded, the least
// recently used entry leaving first.
type viewCaches struct {
	pages  *lru[*layout.Document]
	images *lru[[]byte]
}

var viewCachesMu sync.Mutex

// viewCache returns the service's caches, made on first use so that an Orders made without
// NewOrders works too.
func (s *Orders) viewCache() *viewCaches {
	viewCachesMu.Lock()
	defer viewCachesMu.Unlock()
	if s.views == nil {
		s.views = &viewCaches{pages: newLRU[*layout.Document](64), images: newLRU[[]byte](256)}
	}
	return s.views
}

// lru is a small least-recently-used cache, safe for concurrent use.
type lru[V any] struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recent; values are *lruEntry[V]
	items map[string]*list.Element
}

type lruEntry[V any] struct {
	key   string
	value V
}

func newLRU[V any](max int) *lru[V] {
	return &lru[V]{max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (c *lru[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*lruEntry[V]).value, true
	}
	var zero V
	return zero, false
}

func (c *lru[V]) put(key string, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		e.Value.(*lruEntry[V]).value = v
		c.order.MoveToFront(e)
		return
	}
	c.items[key] = c.order.PushFront(&lruEntry[V]{key, v})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*lruEntry[V]).key)
	}
}
