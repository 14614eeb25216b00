package ubl

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
)

// addSeeds adds the small XML files of the corpus folders and of testdata/out as seeds, beside
// the committed ones under testdata/fuzz. Without the corpus, the committed seeds remain.
func addSeeds(f *testing.F, dirs ...string) {
	root := os.Getenv("O2C_CORPUS")
	if root == "" {
		root = filepath.Join("..", "..", "shared", "corpus", "public")
	}
	for _, d := range dirs {
		if !strings.HasPrefix(d, "testdata") {
			d = filepath.Join(root, d)
		}
		_ = filepath.WalkDir(d, func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.EqualFold(filepath.Ext(path), ".xml") {
				return nil //nolint:nilerr // a missing seed folder only means fewer seeds
			}
			if info, err := e.Info(); err == nil && info.Size() < 20_000 {
				if b, err := os.ReadFile(path); err == nil {
					f.Add(b)
				}
			}
			return nil
		})
	}
}

// FuzzParseOrder: ParseOrder never panics; it returns a draft or a typed error, never both; a
// draft is a purchase order or an order change of the ubl channel that marshals to JSON, and
// parsing the same bytes again gives the same draft.
func FuzzParseOrder(f *testing.F) {
	addSeeds(f, "ubl/peppol-ordering", "ubl/oasis-ubl-ordering")
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := ParseOrder(b)
		if err != nil {
			if d != nil {
				t.Fatal("a draft and an error")
			}
			if c := o2c.ErrorCode(err); c != o2c.CodeInvalid && c != o2c.CodeTooLarge {
				t.Fatalf("error code %s: %v", c, err)
			}
			if o2c.ErrorMessage(err) == "" || (o2c.ErrorCode(err) == o2c.CodeInvalid && len(o2c.ErrorFaults(err)) == 0) {
				t.Fatalf("an error without a message or faults: %v", err)
			}
			return
		}
		if d.DocumentType != o2c.DocPurchaseOrder && d.DocumentType != o2c.DocOrderChange {
			t.Fatalf("document type %s", d.DocumentType)
		}
		if d.Source == nil || d.Source.Channel != o2c.ChannelUBL || len(d.Lines) > maxLines {
			t.Fatalf("source %+v, %d lines", d.Source, len(d.Lines))
		}
		for k, v := range d.Confidence {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("confidence %s = %v", k, v)
			}
		}
		first, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseOrder(b)
		if err != nil {
			t.Fatalf("a second parse fails: %v", err)
		}
		if second, _ := json.Marshal(again); string(second) != string(first) {
			t.Fatalf("a second parse differs:\n%s\n%s", first, second)
		}
	})
}

// FuzzParseOrderResponse: ParseOrderResponse never panics, and a response it reads that
// WriteOrderResponse accepts reads back equal after writing.
func FuzzParseOrderResponse(f *testing.F) {
	addSeeds(f, "ubl/peppol-ordering/order-response", "ubl/oasis-ubl-ordering", "testdata/out")
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseOrderResponse(b)
		if err != nil {
			if r != nil {
				t.Fatal("a response and an error")
			}
			if c := o2c.ErrorCode(err); c != o2c.CodeInvalid && c != o2c.CodeTooLarge {
				t.Fatalf("error code %s: %v", c, err)
			}
			return
		}
		out, err := WriteOrderResponse(*r)
		if err != nil {
			if o2c.ErrorCode(err) != o2c.CodeInvalid {
				t.Fatalf("write: %v", err)
			}
			return
		}
		back, err := ParseOrderResponse(out)
		if err != nil {
			t.Fatalf("what was written does not read back: %v\n%s", err, out)
		}
		want, _ := json.Marshal(r)
		if got, _ := json.Marshal(back); string(got) != string(want) {
			t.Fatalf("round trip:\n got %s\nwant %s", got, want)
		}
	})
}
