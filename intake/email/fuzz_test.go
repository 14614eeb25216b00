package email_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/intake/email"
)

// FuzzSplit feeds Split arbitrary bytes. Seeds are the fixtures, committed under
// testdata/fuzz/FuzzSplit. It must never panic; an error is always a CodeInvalid *o2c.Error;
// an accepted message gives safe file names, non-empty contents, and the same keys again.
func FuzzSplit(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := email.Split(raw)
		if err != nil {
			if o2c.ErrorCode(err) != o2c.CodeInvalid {
				t.Fatalf("error %v is not CodeInvalid", err)
			}
			return
		}
		if len(m.Deliveries) > email.MaxParts+email.MaxParts/2 {
			t.Fatalf("%d deliveries from one message", len(m.Deliveries))
		}
		keys := map[string]bool{}
		for _, d := range m.Deliveries {
			if d.Filename == "" || strings.ContainsAny(d.Filename, `/\`) || strings.IndexFunc(d.Filename, unicode.IsControl) >= 0 {
				t.Fatalf("unsafe file name %q", d.Filename)
			}
			if len(d.Content) == 0 {
				t.Fatalf("empty delivery %q", d.Filename)
			}
			if !strings.HasPrefix(d.NaturalKey, "email:") || keys[d.NaturalKey] {
				t.Fatalf("bad or repeated key %q", d.NaturalKey)
			}
			keys[d.NaturalKey] = true
		}
		again, err := email.Split(raw)
		if err != nil {
			t.Fatalf("second Split failed: %v", err)
		}
		if len(again.Deliveries) != len(m.Deliveries) {
			t.Fatalf("second Split gave %d deliveries, first %d", len(again.Deliveries), len(m.Deliveries))
		}
		for i := range again.Deliveries {
			if again.Deliveries[i].NaturalKey != m.Deliveries[i].NaturalKey {
				t.Fatalf("key %d changed: %q then %q", i, m.Deliveries[i].NaturalKey, again.Deliveries[i].NaturalKey)
			}
		}
	})
}
