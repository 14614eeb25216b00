package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// How an archive search runs on SQLite, which keeps no statistics of tag values or words: the
// search first counts, up to a cap, the entries each tag, range or word condition keeps (a few
// milliseconds from their indexes), and then
//   - the page walks the entries in page order (created_at, id) and keeps those in the sets of
//     the conditions; an exact tag that most entries have (currency EUR) is checked entry by
//     entry in its index instead, since making a set of it costs more than the whole page;
//   - the count, needed only when the page is full, starts from the smallest set, checks the
//     other exact tags entry by entry and the other sets by membership. A filter of one
//     condition is counted from its set alone, or is its estimate when that is under the cap.
// Range sets are never checked entry by entry: SQLite would search them through the range's
// index for each entry. PostgreSQL has statistics and plans the sets as semi-joins by itself.

// archiveCond is one condition of an archive search on archive_entries e.
type archiveCond struct {
	// column is a condition on e's own columns; plus is what keeps the planner from using an
	// index for a column, which it needs unless index is set. nil for the other conditions.
	column func(w *where, plus string, index bool) string
	// set is a SELECT of the ids of the entries that meet the condition, each once.
	set func(w *where) string
	// check is the condition on one entry e.id: set for exact tags only.
	check func(w *where) string
	// est is how many entries the set holds, up to the search's cap; -1 when not counted.
	est int
}

// archiveSearch is a filter's conditions, planned.
type archiveSearch struct {
	r     *reader
	conds []*archiveCond
	cap   int // estimates stop here
}

// archiveEstimateFloor is the least cap of the estimates: under it, walking or counting costs
// little whatever is chosen.
const archiveEstimateFloor = 1000

// archiveSearch estimates the conditions' sets on SQLite; see above.
func (r *reader) archiveSearch(ctx context.Context, conds []*archiveCond) (*archiveSearch, error) {
	s := &archiveSearch{r: r, conds: conds}
	for _, c := range conds {
		c.est = -1
	}
	if r.d.Engine != "sqlite" || !slices.ContainsFunc(conds, func(c *archiveCond) bool { return c.set != nil }) {
		return s, nil
	}
	// A quarter of the entries: a tag held by more is checked entry by entry in the page.
	var last int
	if err := r.queryRow(ctx, `SELECT coalesce(max(id), 0) FROM archive_entries`).Scan(&last); err != nil {
		return nil, fmt.Errorf("estimate archive search: %w", err)
	}
	s.cap = max(last/4, archiveEstimateFloor)
	for _, c := range conds {
		if c.set == nil {
			continue
		}
		var w where
		q := `SELECT count(*) FROM (` + c.set(&w) + ` LIMIT ` + w.arg(s.cap) + `) x`
		if err := r.queryRow(ctx, q, w.args...).Scan(&c.est); err != nil {
			return nil, fmt.Errorf("estimate archive search: %w", err)
		}
	}
	return s, nil
}

// unindexed is SQLite's unary +, which keeps the planner from using an index for a column; a
// set behind it is only looked into, entry by entry, never walked.
func (s *archiveSearch) unindexed() string {
	if s.r.d.Engine == "sqlite" {
		return "+"
	}
	return ""
}

// big reports whether c's set holds at least the cap's entries.
func (s *archiveSearch) big(c *archiveCond) bool { return s.cap > 0 && c.est >= s.cap }

// pageWhere returns the conditions of the page's walk in page order.
func (s *archiveSearch) pageWhere() *where {
	var w where
	for _, c := range s.conds {
		switch {
		case c.column != nil:
			w.add(c.column(&w, s.unindexed(), true))
		case c.check != nil && s.big(c):
			w.add(c.check(&w))
		default:
			w.add(s.unindexed() + "e.id IN (" + c.set(&w) + ")")
		}
	}
	return &w
}

// count counts the entries that meet every condition.
func (s *archiveSearch) count(ctx context.Context) (int, error) {
	var w where
	var driver *archiveCond
	if s.cap > 0 {
		for _, c := range s.conds {
			if c.set != nil && (driver == nil || c.est < driver.est) {
				driver = c
			}
		}
	}
	var q string
	switch {
	case driver != nil && len(s.conds) == 1 && !s.big(driver):
		return driver.est, nil
	case driver != nil && len(s.conds) == 1:
		q = `SELECT count(*) FROM (` + driver.set(&w) + `) x`
	default:
		for _, c := range s.conds {
			switch {
			case c == driver:
				w.add("e.id IN (" + c.set(&w) + ")") // the entries are looked up from the set
			case c.column != nil:
				w.add(c.column(&w, s.unindexed(), driver == nil))
			case c.check != nil && driver != nil:
				w.add(c.check(&w))
			default:
				w.add(s.unindexed() + "e.id IN (" + c.set(&w) + ")")
			}
		}
		q = `SELECT count(*) FROM archive_entries e` + w.sql()
	}
	var n int
	if err := s.r.queryRow(ctx, q, w.args...).Scan(&n); err != nil {
		return 0, err
	}
	return n, nil
}

// fullTextSet returns the SELECT of the ids of the entries whose words match the query in param,
// taken from f.Match, which is "[+]e.id IN (SELECT ...)".
func fullTextSet(f FullText, param string) string {
	cond := f.Match(param)
	_, set, ok := strings.Cut(cond, "e.id IN (")
	if !ok || !strings.HasSuffix(set, ")") {
		// Another shape: the condition itself, as a set of ids.
		return `SELECT e.id FROM archive_entries e WHERE ` + cond
	}
	return strings.TrimSuffix(set, ")")
}
