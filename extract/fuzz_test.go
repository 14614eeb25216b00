package extract_test

import (
	"os"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract"
)

// FuzzDecodeJSON: decoding never panics; a rejection is CodeInvalid with located faults; accepted
// input marshals and decodes again to an equal value, and CheckDraft can look at every draft.
// Seeds: testdata/*.json plus testdata/fuzz/FuzzDecodeJSON.
func FuzzDecodeJSON(f *testing.F) {
	for _, name := range goodFiles(f) {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		drafts, err := extract.DecodeJSON(b)
		if err != nil {
			if o2c.ErrorCode(err) != o2c.CodeInvalid || drafts != nil {
				t.Fatalf("DecodeJSON = %v, %v; want nil drafts and CodeInvalid", drafts, err)
			}
			for _, f := range o2c.ErrorFaults(err) {
				if f.Rule == "" || f.Path == "" || f.Path[0] != '$' || f.Message == "" {
					t.Fatalf("fault not located: %+v", f)
				}
			}
			return
		}
		for i := range drafts {
			extract.CheckDraft(&drafts[i])
		}
		first := marshal(t, drafts)
		again, err := extract.DecodeJSON([]byte(first))
		if err != nil {
			t.Fatalf("re-decoding %s: %v %+v", first, err, o2c.ErrorFaults(err))
		}
		if second := marshal(t, again); second != first {
			t.Fatalf("round trip changed the drafts:\nfirst  %s\nsecond %s", first, second)
		}
	})
}
