package webhook

import (
	"net/http"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 27, 16, 20, 0, 0, time.UTC)
	for _, tc := range []struct {
		header string
		want   time.Duration
		ok     bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{" 7 ", 7 * time.Second, true},
		{"60", 60 * time.Second, true},
		{"61", 60 * time.Second, true},
		{"99999999999999999", 60 * time.Second, true},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{now.Add(42 * time.Second).Format(http.TimeFormat), 42 * time.Second, true},
		{now.Add(42 * time.Second).Format(time.RFC850), 42 * time.Second, true},
		{now.Add(time.Hour).Format(http.TimeFormat), 60 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
	} {
		t.Run(tc.header, func(t *testing.T) {
			got, ok := retryAfter(tc.header, now, time.Minute)
			if got != tc.want || ok != tc.ok {
				t.Fatalf("retryAfter(%q) = %s, %t; want %s, %t", tc.header, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestBackoffDoublesWithJitterUpToTheCap(t *testing.T) {
	t.Parallel()
	base, limit := 100*time.Millisecond, 2*time.Second
	for try, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond, 5: 1600 * time.Millisecond, 6: limit, 200: limit} {
		seen := map[time.Duration]bool{}
		for range 200 {
			d := backoff(base, try, limit)
			if d < want || d > min(want+want/2, limit) {
				t.Fatalf("backoff after try %d = %s, want %s plus up to half", try, d, want)
			}
			seen[d] = true
		}
		if want < limit && len(seen) < 10 {
			t.Fatalf("backoff after try %d took %d values in 200 draws: no jitter", try, len(seen))
		}
	}
}
