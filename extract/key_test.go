package extract_test

import (
	"os"
	"testing"

	"github.com/o2c-project/o2c/extract"
)

func TestNaturalKey(t *testing.T) {
	t.Parallel()
	corpus := "../../shared/corpus/public/"
	read := func(path string) []byte {
		b, err := os.ReadFile(corpus + path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range []struct {
		name    string
		content []byte
		want    string
	}{
		{"x12", read("x12/bots-plugins/850-004010-01.x12"), "x12:" + isa06(t, read("x12/bots-plugins/850-004010-01.x12")) + ":112240001"}, // ISA13 of that file
		{"edifact-header-only", []byte("UNA:+.? 'UNB+UNOC:3+5412345000013:14+8712345000019:14+261127:1000+REF42'"), "edifact:5412345000013:REF42"},
		{"json", []byte(`{"document_type":"purchase_order","lines":[]}`), ""},
		{"short-isa", []byte("ISA*00*"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := extract.NaturalKey("f", tc.content); got != tc.want {
				t.Fatalf("NaturalKey = %q, want %q", got, tc.want)
			}
		})
	}
}

// isa06 reads the sender of an ISA by hand, independently of the code under test.
func isa06(t *testing.T, b []byte) string {
	t.Helper()
	sep := b[3]
	field, start := 0, 0
	for i := 0; i < len(b); i++ {
		if b[i] == sep {
			field++
			if field == 6 {
				start = i + 1
			}
			if field == 7 {
				s := string(b[start:i])
				for len(s) > 0 && s[len(s)-1] == ' ' {
					s = s[:len(s)-1]
				}
				return s
			}
		}
	}
	t.Fatal("no ISA06")
	return ""
}
