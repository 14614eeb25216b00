package accuracy

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"time"
)

// Summary adds up the scores of the documents of one channel.
type Summary struct {
	Channel                             string
	Docs, Exact, Failed                 int
	Fields, Right, Wrong, Flagged       int
	LinesMatched, LinesTruth, LinesRead int
	Pages                               int
	PerPage                             []time.Duration // time to read each document, divided by its pages
}

// Add counts one document read in took over pages pages.
func (s *Summary) Add(sc Score, pages int, took time.Duration) {
	s.Docs++
	if sc.Exact {
		s.Exact++
	}
	if sc.Err != "" {
		s.Failed++
	}
	s.Fields += sc.Fields
	s.Right += sc.Right
	s.Wrong += len(sc.Wrong)
	s.Flagged += sc.Flagged
	s.LinesMatched += sc.LinesMatched
	s.LinesTruth += sc.LinesTruth
	s.LinesRead += sc.LinesRead
	pages = max(pages, 1)
	s.Pages += pages
	s.PerPage = append(s.PerPage, took/time.Duration(pages))
}

// FieldAccuracy is the share of the truth's fields read exactly.
func (s *Summary) FieldAccuracy() float64 { return ratio(s.Right, s.Fields) }

// ExactShare is the share of documents read with every field right.
func (s *Summary) ExactShare() float64 { return ratio(s.Exact, s.Docs) }

// FlaggedShare is the share of wrong fields a person is sent to check (1 when none is wrong).
func (s *Summary) FlaggedShare() float64 {
	if s.Wrong == 0 {
		return 1
	}
	return ratio(s.Flagged, s.Wrong)
}

// LineF1 is the harmonic mean of line-item precision and recall.
func (s *Summary) LineF1() float64 {
	p, r := ratio(s.LinesMatched, s.LinesRead), ratio(s.LinesMatched, s.LinesTruth)
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Percentile of the seconds per page.
func (s *Summary) Percentile(q float64) time.Duration {
	if len(s.PerPage) == 0 {
		return 0
	}
	d := slices.Clone(s.PerPage)
	slices.Sort(d)
	return d[min(len(d)-1, int(q*float64(len(d))))]
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Print writes the summaries as a table, one channel a row.
func Print(w io.Writer, sums map[string]*Summary) {
	names := make([]string, 0, len(sums))
	for n := range sums {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "%-14s %5s %7s %9s %8s %9s %8s %8s\n", "channel", "docs", "exact", "fields", "line F1", "flagged", "p50/pg", "p95/pg")
	for _, n := range names {
		s := sums[n]
		fmt.Fprintf(w, "%-14s %5d %6.1f%% %8.2f%% %8.3f %8.1f%% %8s %8s\n", n, s.Docs, 100*s.ExactShare(), 100*s.FieldAccuracy(),
			s.LineF1(), 100*s.FlaggedShare(), s.Percentile(0.5).Round(time.Millisecond), s.Percentile(0.95).Round(time.Millisecond))
	}
}
