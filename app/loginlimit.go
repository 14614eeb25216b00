package app

import (
	"sync"
	"time"
)

// LoginLimiter counts failed sign-ins, in memory, per account and per client address. An account
// with MaxPerAccount failures within Window, or an address with MaxPerAddress, is refused until
// the oldest of them leaves the window; a successful sign-in clears the account's count.
//
// The counts live in this process: several `o2c serve` behind a balancer each count their own,
// and a restart forgets them. That bounds guessing to a few attempts a minute per process, which
// argon2id's cost makes slow anyway.
type LoginLimiter struct {
	MaxPerAccount int
	MaxPerAddress int // higher: an office behind one address has many people
	Window        time.Duration
	Now           func() time.Time

	mu    sync.Mutex
	fails map[string][]time.Time
}

// NewLoginLimiter allows 5 failures per account and 20 per address in 15 minutes.
func NewLoginLimiter() *LoginLimiter {
	return &LoginLimiter{MaxPerAccount: 5, MaxPerAddress: 20, Window: 15 * time.Minute, Now: time.Now}
}

// maxTracked bounds the memory of the limiter; past it, windows already over are dropped first.
const maxTracked = 100_000

// Locked reports whether the account or the address may not try now, and for how long.
func (l *LoginLimiter) Locked(account, address string) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.Now()
	wait := max(l.wait("a:"+account, l.MaxPerAccount, now), l.wait("ip:"+address, l.MaxPerAddress, now))
	return wait, wait > 0
}

// wait is how long key stays locked; 0 when it is not.
func (l *LoginLimiter) wait(key string, limit int, now time.Time) time.Duration {
	recent := l.recent(key, now)
	if limit <= 0 || len(recent) < limit {
		return 0
	}
	return recent[len(recent)-limit].Add(l.Window).Sub(now)
}

// recent returns the failures of key still in the window, forgetting older ones.
func (l *LoginLimiter) recent(key string, now time.Time) []time.Time {
	times := l.fails[key]
	i := 0
	for i < len(times) && now.Sub(times[i]) >= l.Window {
		i++
	}
	if i == len(times) {
		delete(l.fails, key)
		return nil
	}
	if i > 0 {
		l.fails[key] = times[i:]
	}
	return l.fails[key]
}

// Fail counts a failed sign-in against the account and the address.
func (l *LoginLimiter) Fail(account, address string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.Now()
	if l.fails == nil {
		l.fails = map[string][]time.Time{}
	}
	if len(l.fails) >= maxTracked {
		for k := range l.fails {
			l.recent(k, now)
		}
	}
	for _, key := range []string{"a:" + account, "ip:" + address} {
		times := append(l.recent(key, now), now)
		if len(times) > 100 { // enough to know it is locked
			times = times[len(times)-100:]
		}
		l.fails[key] = times
	}
}

// Succeed clears the account's failures.
func (l *LoginLimiter) Succeed(account string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, "a:"+account)
}
