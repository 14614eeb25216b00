package edifact

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/out")

// golden compares got with testdata/out/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "out", name)
	if *update {
		if err := os.WriteFile(path, got, 0o600); err != nil { //nolint:gosec // a golden file of testdata
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path) //nolint:gosec // a golden file of testdata
	if err != nil {
		t.Fatalf("read golden file (run go test -update to write it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("output differs from %s (run go test -update and review the diff):\n%s", path, got)
	}
}

// contrlCase is a testdata/contrl_*.json input: an interchange to answer and the answer.
type contrlCase struct {
	Input         string       `json:"input"`          // an .edi file under testdata
	Lenient       bool         `json:"lenient"`        // parse it leniently
	ParseProblems bool         `json:"parse_problems"` // report what the lenient parse found
	HeaderOnly    bool         `json:"header_only"`    // the file is broken: answer from its header and the parse error
	Params        CONTRLParams `json:"params"`
}

func TestWriteCONTRL(t *testing.T) {
	t.Parallel()

	files, err := filepath.Glob(filepath.Join("testdata", "contrl_*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/contrl_*.json: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()

			var c contrlCase
			readJSON(t, file, &c)
			in, err := os.ReadFile(filepath.Join("testdata", c.Input))
			if err != nil {
				t.Fatal(err)
			}
			var ic *Interchange
			if c.HeaderOnly {
				_, perr := Parse(in)
				pr, ok := ProblemOf(perr)
				if !ok {
					t.Fatalf("Parse error %v is no parse problem", perr)
				}
				c.Params.Problems = append(c.Params.Problems, pr)
				if ic, err = ParseHeader(in); err != nil {
					t.Fatalf("ParseHeader: %v", err)
				}
			} else if ic, err = (Parser{Lenient: c.Lenient}).Parse(in); err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if c.ParseProblems {
				c.Params.Problems = append(c.Params.Problems, ic.Problems...)
			}

			out := WriteCONTRL(ic, c.Params)
			golden(t, name+".edi", out)
			if again := WriteCONTRL(ic, c.Params); !bytes.Equal(again, out) {
				t.Fatalf("a second WriteCONTRL differs")
			}

			// It reads back with our own parser and names the interchange it answers.
			back, err := Parse(out)
			if err != nil {
				t.Fatalf("Parse(CONTRL): %v\n%s", err, out)
			}
			m := back.Messages[0]
			eq(t, "message", m.Type+":"+m.Version+":"+m.Release+":"+m.Agency, "CONTRL:D:3:UN")
			uci := m.Segments[0]
			eq(t, "UCI", uci.Tag+" "+uci.Value(0, 0)+" "+uci.Value(1, 0)+" "+uci.Value(2, 0),
				"UCI "+ic.ControlRef+" "+ic.Sender.ID+" "+ic.Recipient.ID)
			action := "4"
			if c.Params.Accepted {
				action = "7"
			}
			eq(t, "UCI action", uci.Value(3, 0), action)
			eq(t, "CONTRL sender", back.Sender.ID, ic.Recipient.ID)
		})
	}
}

func TestWriteORDRSP(t *testing.T) {
	t.Parallel()

	files, err := filepath.Glob(filepath.Join("testdata", "ordrsp_*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/ordrsp_*.json: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()

			var r OrderResponse
			readJSON(t, file, &r)
			out := WriteORDRSP(r)
			golden(t, name+".edi", out)

			back, err := Parse(out)
			if err != nil {
				t.Fatalf("Parse(ORDRSP): %v\n%s", err, out)
			}
			eq(t, "control reference", back.ControlRef, r.Envelope.ControlRef)
			m := back.Messages[0]
			eq(t, "message", m.Ref+" "+m.Type, r.Envelope.MessageRef+" ORDRSP")
			bgm := m.Segments[0]
			eq(t, "BGM", bgm.Value(0, 0)+" "+bgm.Value(1, 0)+" "+bgm.Value(2, 0), "231 "+r.Number+" "+messageFunction[r.Status])
			var rff string
			var lins []string
			for _, s := range m.Segments {
				switch s.Tag {
				case "RFF":
					rff = s.Value(0, 1)
				case "LIN":
					lins = append(lins, s.Value(0, 0)+":"+s.Value(1, 0))
				case "CNT":
					eq(t, "CNT", s.Value(0, 1), itoa(len(r.Lines)))
				}
			}
			eq(t, "order number", rff, r.OrderNumber)
			var want []string
			for _, l := range r.Lines {
				want = append(want, itoa(l.LineNo)+":"+lineAction[l.Status])
			}
			eq(t, "lines", strings.Join(lins, " "), strings.Join(want, " "))
		})
	}
}

func TestWritePanicsOnBugs(t *testing.T) {
	t.Parallel()

	ok := OrderResponse{Number: "1", Status: Accepted, Envelope: Envelope{Sender: Partner{ID: "S"}, Recipient: Partner{ID: "R"},
		ControlRef: "1", MessageRef: "1"}}
	ok.Envelope.Prepared = ok.Envelope.Prepared.AddDate(2024, 0, 0)
	tests := []struct {
		name string
		edit func(r *OrderResponse)
	}{
		{"NoControlRef", func(r *OrderResponse) { r.Envelope.ControlRef = "" }},
		{"LongMessageRef", func(r *OrderResponse) { r.Envelope.MessageRef = "123456789012345" }},
		{"NoRecipient", func(r *OrderResponse) { r.Envelope.Recipient = Partner{} }},
		{"NoTime", func(r *OrderResponse) { r.Envelope.Prepared = ok.Envelope.Prepared.AddDate(-2024, 0, 0) }},
		{"Status", func(r *OrderResponse) { r.Status = "maybe" }},
		{"LineStatus", func(r *OrderResponse) { r.Lines = []ResponseLine{{LineNo: 1}} }},
	}
	_ = WriteORDRSP(ok)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			r := ok
			tt.edit(&r)
			defer func() {
				if recover() == nil {
					t.Fatalf("WriteORDRSP did not panic")
				}
			}()
			WriteORDRSP(r)
		})
	}
}

// TestEncodeRoundTrip writes every interchange of the corpus and reads it back equal.
func TestEncodeRoundTrip(t *testing.T) {
	t.Parallel()

	files, err := filepath.Glob(filepath.Join(corpusDir, "*", "*.edi"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus under %s: %v", corpusDir, err)
	}
	files = append(files, "testdata/orders_two.edi", "testdata/orders_groups.edi")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()

			b, err := os.ReadFile(f) //nolint:gosec // a file of the corpus or of testdata
			if err != nil {
				t.Fatal(err)
			}
			all, err := Parser{Lenient: true}.ParseAll(b)
			if err != nil {
				return // broken beyond Lenient: TestCorpus checks the error
			}
			for _, ic := range all {
				out, err := Encode(ic)
				if err != nil {
					t.Fatalf("Encode: %v", err)
				}
				back, err := Parse(out)
				if err != nil {
					t.Fatalf("Parse(Encode): %v\n%s", err, out)
				}
				if diff := sameContent(ic, back); diff != "" {
					t.Fatalf("read back differs: %s", diff)
				}
			}
		})
	}
}

func TestEncodeRefuses(t *testing.T) {
	t.Parallel()

	base := func() *Interchange {
		return &Interchange{Syntax: Syntax{ID: "UNOC", Version: "3"}, Sender: Partner{ID: "S"}, Recipient: Partner{ID: "R"},
			Date: "240105", Time: "1200", ControlRef: "X",
			Messages: []Message{{Ref: "1", Type: "ORDERS", Segments: []Segment{{Tag: "FTX", Elements: [][]string{{"AAI"}}}}}}}
	}
	tests := []struct {
		name string
		edit func(ic *Interchange)
		want string
	}{
		{"NotLatin1", func(ic *Interchange) { ic.Messages[0].Segments[0].Elements[0][0] = "東" }, `holds '東', which ISO-8859-1 cannot write`},
		{"NotASCII", func(ic *Interchange) { ic.Syntax.ID = "UNOA"; ic.Messages[0].Segments[0].Elements[0][0] = "é" }, "which ISO-646 cannot write"},
		{"LineBreak", func(ic *Interchange) { ic.Messages[0].Segments[0].Elements[0][0] = "a\nb" }, "holds a line break"},
		{"InvalidUTF8", func(ic *Interchange) { ic.Messages[0].Segments[0].Elements[0][0] = "\xff" }, "is not valid UTF-8"},
		{"Tag", func(ic *Interchange) { ic.Messages[0].Segments[0].Tag = "FTXX" }, `a segment with tag "FTXX"`},
		{"NoRef", func(ic *Interchange) { ic.ControlRef = "" }, "needs a sender, a recipient and a control reference"},
		{"NoGroup", func(ic *Interchange) { ic.Messages[0].Group = "G" }, `message "1" is in functional group "G"`},
	}
	if _, err := Encode(base()); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			ic := base()
			tt.edit(ic)
			_, err := Encode(ic)
			if o2c.ErrorCode(err) != o2c.CodeInvalid || !strings.Contains(o2c.ErrorMessage(err), tt.want) {
				t.Fatalf("error %v, want CodeInvalid saying %q", err, tt.want)
			}
		})
	}
}

// sameContent describes how b differs from a in what Encode writes, or returns "".
func sameContent(a, b *Interchange) string {
	strip := func(ic *Interchange) Interchange {
		c := *ic
		c.Problems, c.Notes = nil, nil
		c.Syntax = Syntax{ID: ic.Syntax.ID, Version: ic.Syntax.Version, Charset: ic.Syntax.Charset,
			Delims: Delims{Decimal: ic.Syntax.Delims.Decimal}}
		c.Messages = make([]Message, len(ic.Messages))
		for i, m := range ic.Messages {
			m.Start = 0
			c.Messages[i] = m
		}
		if len(c.Groups) == 0 {
			c.Groups = nil
		}
		return c
	}
	ja, _ := json.Marshal(strip(a))
	jb, _ := json.Marshal(strip(b))
	if !bytes.Equal(ja, jb) {
		return string(ja) + "\n!=\n" + string(jb)
	}
	return ""
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path) //nolint:gosec // an input of testdata
	if err != nil {
		t.Fatal(err)
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
