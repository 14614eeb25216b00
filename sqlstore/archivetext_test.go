package sqlstore

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

func TestNumKeyOrdersLikeNumbers(t *testing.T) {
	t.Parallel()
	values := []string{"-1000000", "-1000", "-999.99", "-12.5", "-12.05", "-1", "-0.5", "-0.25", "-0.000001",
		"0", "0.000001", "0.25", "0.5", "1", "12.05", "12.5", "999.99", "1000", "1000000",
		"123456789012345678901234567890.12345678901234567890"}
	var keys []string
	for _, v := range values {
		k, ok := numKey(v)
		if !ok {
			t.Fatalf("numKey(%s) refused", v)
		}
		if len(k) != 1+numIntDigits+numFracDigits {
			t.Fatalf("numKey(%s) = %q is not fixed-width", v, k)
		}
		keys = append(keys, k)
	}
	if !slices.IsSorted(keys) {
		for i := 1; i < len(keys); i++ {
			if keys[i-1] >= keys[i] {
				t.Errorf("numKey(%s) = %s is not before numKey(%s) = %s", values[i-1], keys[i-1], values[i], keys[i])
			}
		}
	}
	// Equal numbers, whatever their scale or sign of zero, have one key.
	for _, same := range [][]string{{"12.5", "12.50", "012.500"}, {"0", "-0", "0.00", "-0.000"}, {"-3", "-3.0"}} {
		want, _ := numKey(same[0])
		for _, v := range same[1:] {
			if got, _ := numKey(v); got != want {
				t.Errorf("numKey(%s) = %s, numKey(%s) = %s", v, got, same[0], want)
			}
		}
	}
	for _, bad := range []string{"", "1e3", "+1", "1,5", "12.", ".5", "abc", " 1", "1234567890123456789012345678901", "0.123456789012345678901"} {
		if k, ok := numKey(bad); ok {
			t.Errorf("numKey(%q) = %s, want refused", bad, k)
		}
	}
	// decText writes the filter's bounds as tags are written.
	if k, _ := numKey(decText(decimal.RequireFromString("-12.50"))); k != keys[3] {
		t.Errorf("a decimal bound -12.50 has the key %s, the tag -12.5 %s", k, keys[3])
	}
}

func TestPhrases(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		q    string
		want []Phrase
	}{
		{"", nil},
		{"  -- * ", nil},
		{"Kaffee", []Phrase{{Words: []string{"kaffee"}}}},
		{"kaffee  BOHNEN", []Phrase{{Words: []string{"kaffee"}}, {Words: []string{"bohnen"}}}},
		{"PO-4711", []Phrase{{Words: []string{"po", "4711"}}}},
		{"invo*", []Phrase{{Words: []string{"invo"}, Prefix: true}}},
		{`"kaffee bohn"* milch`, []Phrase{{Words: []string{"kaffee", "bohn"}, Prefix: true}, {Words: []string{"milch"}}}},
		{`"kaffee bohn*"`, []Phrase{{Words: []string{"kaffee", "bohn"}, Prefix: true}}},
		{`"unclosed quote`, []Phrase{{Words: []string{"unclosed", "quote"}}}},
		{`a"b'c`, []Phrase{{Words: []string{"a", "b", "c"}}}},
		{"Größe straße", []Phrase{{Words: []string{"größe"}}, {Words: []string{"straße"}}}},
	} {
		t.Run(tt.q, func(t *testing.T) {
			if got := Phrases(tt.q); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Phrases(%q) = %#v, want %#v", tt.q, got, tt.want)
			}
		})
	}
}

func TestArchiveWords(t *testing.T) {
	t.Parallel()
	e := &o2c.ArchiveEntry{FileName: "RE-2026-0001.pdf", Tags: map[string]string{"z": "Zeta", "a": "buyer@acme.de"}, Body: "Rechnung\n12,50 EUR"}
	if got, want := archiveWords(e), "re 2026 0001 pdf buyer acme de zeta rechnung 12 50 eur"; got != want {
		t.Fatalf("archiveWords = %q, want %q", got, want)
	}
	e = &o2c.ArchiveEntry{Body: strings.Repeat("wort ", maxIndexedText)}
	if got := archiveWords(e); len(got) > maxIndexedText || !strings.HasSuffix(got, "wort") {
		t.Fatalf("a long body gives %d bytes of words, ending %q", len(got), got[len(got)-10:])
	}
}
