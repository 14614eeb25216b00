package edifact

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
)

// FuzzParse holds the parser to never panicking, to failing only with a parse error that carries
// its syntax error code, and to reading back what Encode writes of an accepted interchange. The
// orders mapping and the CONTRL writer must not panic on anything it accepts. Seeds: the .edi
// files of testdata and the corpus files copied under testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.edi"))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file) //nolint:gosec // a file of testdata
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(order))
	env := Envelope{Prepared: time.Date(2024, 1, 5, 12, 0, 0, 0, time.UTC), ControlRef: "C1", MessageRef: "M1"}

	f.Fuzz(func(t *testing.T, b []byte) {
		for _, p := range []Parser{{}, {Lenient: true}} {
			all, err := p.ParseAll(b)
			if err != nil {
				if _, ok := ProblemOf(err); !ok || o2c.ErrorCode(err) != o2c.CodeInvalid {
					t.Fatalf("error %v (%s) is no CodeInvalid parse problem", err, o2c.ErrorCode(err))
				}
				continue
			}
			for _, ic := range all {
				_, _ = Orders(ic)
				for i := range ic.Messages {
					_, _ = Order(ic, &ic.Messages[i])
				}
				if _, err := Parse(WriteCONTRL(ic, CONTRLParams{Envelope: env, Problems: ic.Problems})); err != nil {
					t.Fatalf("our CONTRL does not parse: %v", err)
				}

				out, err := Encode(ic)
				if err != nil && o2c.ErrorCode(err) == o2c.CodeInvalid && strings.Contains(o2c.ErrorMessage(err), "cannot write") {
					// Bytes that the declared set does not define were read by a fallback
					// (see Interchange.Notes); such text cannot go back into that set. A clear
					// refusal is the right answer there, not a round trip.
					continue
				}
				if err != nil {
					t.Fatalf("Encode of an accepted interchange: %v", err)
				}
				back, err := p.Parse(out)
				if err != nil {
					t.Fatalf("Parse(Encode): %v\n%q", err, out)
				}
				// An input that is not all valid UTF-8 may be read as ISO 8859-1 and written back as
				// valid UTF-8, which reads differently: that is the charset guess, not a bug.
				if len(ic.Problems) == 0 && back.Syntax.Charset == ic.Syntax.Charset {
					if diff := sameContent(ic, back); diff != "" {
						t.Fatalf("read back differs:\n%s", diff)
					}
				}
			}
		}
	})
}
