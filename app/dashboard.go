package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// Dashboard is what the order desk sees first: how many orders came in today and this week, by
// channel and by status, how many flowed to the ERP untouched, how fast, and what stopped the
// others.
type Dashboard struct {
	Today DashboardPeriod
	Week  DashboardPeriod
	// Touchless counts the week's orders that reached the ERP and were never in review: no person
	// touched them. TouchlessRate is their share of all the week's orders, in percent.
	Touchless     int
	TouchlessRate int
	// ReachedERP counts the week's orders that the ERP accepted, touched or not.
	ReachedERP int
	// MedianToERP is the median time from receipt to the ERP's acceptance over those; zero when
	// none reached it.
	MedianToERP time.Duration
	// Exceptions counts the week's orders per anomaly code, most frequent first.
	Exceptions []Count
	// InReview is how many orders wait in the review queue now, whenever they came.
	InReview int
	// WeekStart is the Monday the week began on, in the company's zone.
	WeekStart cal.Date
	// Today's date in the company's zone.
	Date cal.Date
}

// DashboardPeriod counts the orders received in one period.
type DashboardPeriod struct {
	Total     int
	ByChannel []Count // most first
	ByStatus  []Count // in the order of o2c.OrderStatuses
}

// Count is a number of orders under a key (a channel, a status, an anomaly code).
type Count struct {
	Key string
	N   int
}

// Dashboard computes the dashboard from the facts of this week's orders. "Today" and "this week"
// (from Monday) are the company's, in s.Location.
func (s *Orders) Dashboard(ctx context.Context) (*Dashboard, error) {
	now := s.Now()
	today := cal.DateIn(now, s.Location)
	monday := today.AddDays(-((int(today.Weekday()) + 6) % 7))
	dayStart := time.Date(today.Year, today.Month, today.Day, 0, 0, 0, 0, s.Location)
	weekStart := time.Date(monday.Year, monday.Month, monday.Day, 0, 0, 0, 0, s.Location)
	facts, err := s.Store.FindOrderFacts(ctx, weekStart)
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	stats, err := s.Store.CountOrders(ctx)
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	d := &Dashboard{WeekStart: monday, Date: today, InReview: stats.ByStatus[o2c.OrderNeedsReview]}
	var todays []o2c.OrderFact
	var toERP []time.Duration
	exceptions := map[string]int{}
	for _, f := range facts {
		if !f.ReceivedAt.Before(dayStart) {
			todays = append(todays, f)
		}
		if !f.PostedAt.IsZero() {
			d.ReachedERP++
			toERP = append(toERP, f.PostedAt.Sub(f.ReceivedAt))
			if !f.Reviewed {
				d.Touchless++
			}
		}
		seen := map[o2c.AnomalyCode]bool{}
		for _, c := range f.Anomalies {
			if !seen[c] {
				seen[c] = true
				exceptions[string(c)]++
			}
		}
	}
	d.Today, d.Week = period(todays), period(facts)
	if len(facts) > 0 {
		d.TouchlessRate = (d.Touchless*100 + len(facts)/2) / len(facts)
	}
	d.MedianToERP = median(toERP)
	d.Exceptions = sortedCounts(exceptions)
	return d, nil
}

func period(facts []o2c.OrderFact) DashboardPeriod {
	channels, statuses := map[string]int{}, map[o2c.OrderStatus]int{}
	for _, f := range facts {
		channels[string(f.Channel)]++
		statuses[f.Status]++
	}
	p := DashboardPeriod{Total: len(facts), ByChannel: sortedCounts(channels)}
	for _, st := range o2c.OrderStatuses {
		if n := statuses[st]; n > 0 {
			p.ByStatus = append(p.ByStatus, Count{Key: string(st), N: n})
		}
	}
	return p
}

// sortedCounts orders counts most first, then by key.
func sortedCounts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{Key: k, N: n})
	}
	slices.SortFunc(out, func(a, b Count) int {
		return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Key, b.Key))
	})
	return out
}

// median returns the middle duration (the mean of the two middle ones for an even count).
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	if len(ds)%2 == 1 {
		return ds[len(ds)/2]
	}
	return (ds[len(ds)/2-1] + ds[len(ds)/2]) / 2
}

// reviewQueueCap bounds the orders the review queue sorts in memory. A queue longer than this is
// a backlog to be worked through in any order; the most urgent are then among the first read.
const reviewQueueCap = 10_000

// ReviewQueue returns one page of the orders in review, most urgent first: the earliest
// requested delivery date (orders without one after those with one), then the highest value,
// then the oldest. Values of different currencies are compared by their numbers alone. It
// returns the total in review too.
func (s *Orders) ReviewQueue(ctx context.Context, offset, limit int) ([]*o2c.Order, int, error) {
	// Sorted on keys alone, then only the page's orders are read whole.
	keys, err := s.Store.FindOrderKeys(ctx, o2c.OrderNeedsReview, reviewQueueCap)
	if err != nil {
		return nil, 0, fmt.Errorf("review queue: %w", err)
	}
	slices.SortStableFunc(keys, urgency)
	total := len(keys)
	if limit <= 0 {
		limit = 50
	}
	offset = min(max(offset, 0), total)
	keys = keys[offset:min(offset+limit, total)]
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
	}
	orders, _, err := s.Store.FindOrders(ctx, o2c.OrderFilter{IDs: ids, Limit: len(ids) + 1})
	if err != nil {
		return nil, 0, fmt.Errorf("review queue: %w", err)
	}
	byID := make(map[int64]*o2c.Order, len(orders))
	for _, o := range orders {
		byID[o.ID] = o
	}
	page := make([]*o2c.Order, 0, len(ids))
	for _, id := range ids {
		if o, ok := byID[id]; ok { // one that left review between the two reads is left out
			page = append(page, o)
		}
	}
	return page, total, nil
}

// urgency orders two orders in review: which must be looked at first.
func urgency(a, b o2c.OrderKey) int {
	da, db := a.RequestedDeliveryDate, b.RequestedDeliveryDate
	switch {
	case da.IsZero() != db.IsZero():
		if da.IsZero() {
			return 1
		}
		return -1
	case da.Before(db):
		return -1
	case da.After(db):
		return 1
	}
	if c := b.NetTotal.Cmp(a.NetTotal); c != 0 {
		return c
	}
	return cmp.Or(a.ReceivedAt.Compare(b.ReceivedAt), cmp.Compare(a.ID, b.ID))
}
