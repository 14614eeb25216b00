package webhook

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// backoff is the wait after the try-th failed try: base doubled try-1 times, plus a random part of
// up to half that, so that orders failed together do not all come back together; at most limit.
func backoff(base time.Duration, try int, limit time.Duration) time.Duration {
	d := base
	for i := 1; i < try && d < limit; i++ {
		d *= 2
	}
	if d > limit {
		d = limit
	}
	return min(d+rand.N(d/2+1), limit)
}

// retryAfter reads a Retry-After header, delay-seconds or an HTTP date (RFC 9110 §10.2.3), as a
// wait from now of at most limit; ok is false when there is no usable header.
func retryAfter(h string, now time.Time, limit time.Duration) (d time.Duration, ok bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(h, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(limit/time.Second) {
			return limit, true
		}
		return min(time.Duration(secs)*time.Second, limit), true
	}
	t, err := http.ParseTime(h)
	if err != nil {
		return 0, false
	}
	return min(max(t.Sub(now), 0), limit), true
}
