package reconcile

import "strings"

// A written reference is read as runs: maximal sequences of ASCII letters or of digits, upper
// case. "Rg. f2026/000123" is RG, F, 2026, 000123. Invoice numbers are compared on runs, so that
// spaces, dashes, dots and slashes never matter.
type run struct {
	text  string // upper case, as written
	norm  string // text without leading zeros for a digit run ("0" for zeros only); text for letters
	digit bool
}

func splitRuns(s string) []run {
	if s == "" {
		return nil
	}
	up := []byte(s) // one upper-case copy; runs are slices of it
	for i, c := range up {
		if c >= 'a' && c <= 'z' {
			up[i] = c - 'a' + 'A'
		}
	}
	u := string(up)
	out := make([]run, 0, 8)
	start, kind := -1, 0 // kind 1 letters, 2 digits
	flush := func(end int) {
		if start >= 0 {
			r := run{text: u[start:end], digit: kind == 2}
			r.norm = r.text
			if r.digit {
				r.norm = strings.TrimLeft(r.text, "0")
				if r.norm == "" {
					r.norm = "0"
				}
			}
			out = append(out, r)
		}
		start, kind = -1, 0
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		k := 0
		switch {
		case c >= '0' && c <= '9':
			k = 2
		case c >= 'A' && c <= 'Z':
			k = 1
		}
		if k != kind {
			flush(i)
			if k != 0 {
				start, kind = i, k
			}
		}
	}
	flush(len(u))
	return out
}

// normKey is the normalised form of runs: joined by '-', leading zeros of digit runs dropped.
// "F2026-000123", "f 2026 123" and "F2026/00123" all read F-2026-123.
func normKey(rs []run) string { return string(appendNorm(nil, rs)) }

func appendNorm(b []byte, rs []run) []byte {
	for i, r := range rs {
		if i > 0 {
			b = append(b, '-')
		}
		b = append(b, r.norm...)
	}
	return b
}

func appendCompact(b []byte, rs []run) []byte {
	for _, r := range rs {
		b = append(b, r.text...)
	}
	return b
}

// compactKey is the runs as written, with nothing between them: "F2026000123".
func compactKey(rs []run) string { return string(appendCompact(nil, rs)) }

// digitRuns returns only the digit runs: an invoice F2026-000123 is often written 2026/123.
func digitRuns(rs []run) []run {
	var out []run
	for _, r := range rs {
		if r.digit {
			out = append(out, r)
		}
	}
	return out
}

func countDigits(rs []run) int {
	n := 0
	for _, r := range rs {
		if r.digit {
			n += len(r.text)
		}
	}
	return n
}

// editDistance1 reports whether a and b differ by at most one edit: a change, an insertion, a
// deletion, or the swap of two neighbours (the optimal string alignment distance is <= 1).
func editDistance1(a, b string) bool {
	if a == b {
		return true
	}
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 {
		return false
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	switch {
	case la == lb:
		if a[i+1:] == b[i+1:] {
			return true // one change
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case la > lb:
		return a[i+1:] == b[i:]
	default:
		return a[i:] == b[i+1:]
	}
}

// hashKey is FNV-1a over s without the byte at skip (-1: skip nothing), so it depends only on the
// resulting string. The typo index keys each invoice number by itself and by each of its one-byte
// deletions; a word's own key and its deletions then find every number one edit away.
func hashKey(s string, skip int) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		if i == skip {
			continue
		}
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
