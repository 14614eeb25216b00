package x12_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/edi/x12"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/out")

// golden compares b with testdata/out/name, or rewrites it with -update.
func golden(t *testing.T, name string, b []byte) {
	t.Helper()
	path := filepath.Join("testdata", "out", name)
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(b, want) {
		t.Fatalf("%s differs from the golden file:\n got %q\nwant %q", name, b, want)
	}
}

// fixedControl numbers everything written from known values at a fixed time.
func fixedControl() x12.Control {
	return x12.Control{Interchange: 905, Group: 31, Set: 7, Time: time.Date(2026, 1, 6, 14, 5, 0, 0, time.UTC)}
}

func TestWrite997(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string
		accepted   bool
		sep        x12.Separators
	}{
		// Two groups of two 850s each (the same control numbers twice, as the file has them).
		{"997_850-004010-02_accepted", "bots-plugins/850-004010-02.x12", true, x12.Separators{}},
		// Non-printable separators (0x7F, 0x15), kept in the answer.
		{"997_850-004010VICS-01_rejected", "bots-plugins/850-004010VICS-01.x12", false, x12.Separators{}},
		// A group of 810s and one of an 850 in version 003010 (YYMMDD in GS04); our own separators.
		{"997_810_850_dual_accepted", "staedi/810_850_dual.edi", true, x12.Separators{Element: '*', Component: ':', Segment: '~', LineBreak: true}},
		// ISA 00403 with a repetition separator.
		{"997_850-004030VICS-01_accepted", "bots-plugins/850-004030VICS-01.x12", true, x12.Separators{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ic, err := x12.Parse(readCorpus(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			ctl := fixedControl()
			ctl.Separators = tt.sep
			b, err := x12.Write997(ic, tt.accepted, ctl)
			if err != nil {
				t.Fatalf("Write997: %v %+v", err, o2c.ErrorFaults(err))
			}
			golden(t, tt.name+".x12", b)
			ack, err := x12.Parse(b)
			if err != nil {
				t.Fatalf("the 997 does not parse: %v\n%q", err, b)
			}
			check997(t, ic, ack, tt.accepted)
		})
	}
}

// check997 reads the acknowledgment back: addressed to the sender, one FA group and one 997
// per received group, an AK2/AK5 pair per received set, AK9 with the counts.
func check997(t *testing.T, ic, ack *x12.Interchange, accepted bool) {
	t.Helper()
	if ack.SenderID != ic.ReceiverID || ack.ReceiverID != ic.SenderID || ack.ControlNumber != "000000905" || ack.Usage != ic.Usage {
		t.Fatalf("ISA = %+v", ack)
	}
	if len(ack.Groups) != len(ic.Groups) {
		t.Fatalf("%d FA groups for %d groups", len(ack.Groups), len(ic.Groups))
	}
	for i, g := range ack.Groups {
		in := ic.Groups[i]
		if g.FunctionalID != "FA" || g.SenderCode != in.ReceiverCode || g.ReceiverCode != in.SenderCode || g.Version != in.Version || len(g.Sets) != 1 || g.Sets[0].ID != "997" {
			t.Fatalf("group %d = %+v", i, g)
		}
		segs := g.Sets[0].Segments
		if len(segs) != 2+2*len(in.Sets) || segs[0].ID != "AK1" || segs[0].Element(2) != in.ControlNumber {
			t.Fatalf("group %d: 997 = %+v", i, segs)
		}
		for k, s := range in.Sets {
			ak2, ak5 := segs[1+2*k], segs[2+2*k]
			if ak2.ID != "AK2" || ak2.Element(1) != s.ID || ak2.Element(2) != s.ControlNumber || ak5.ID != "AK5" || (ak5.Element(1) == "A") != accepted {
				t.Fatalf("group %d set %d: %+v %+v", i, k, ak2, ak5)
			}
		}
		ak9 := segs[len(segs)-1]
		if ak9.ID != "AK9" || ak9.Element(2) != ak9.Element(3) || (ak9.Element(4) == ak9.Element(2)) != accepted && len(in.Sets) > 0 {
			t.Fatalf("group %d: %+v", i, ak9)
		}
	}
}

func TestWrite855(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"855_changed", "855_rejected"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var in struct {
				Separators string
				LineBreak  bool `json:"line_break"`
				Response   x12.OrderResponse
			}
			b, err := os.ReadFile(filepath.Join("testdata", name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &in); err != nil {
				t.Fatal(err)
			}
			ctl := fixedControl()
			if s := in.Separators; s != "" {
				ctl.Separators = x12.Separators{Element: s[0], Component: s[1], Segment: s[2], LineBreak: in.LineBreak}
			}
			out, err := x12.Write855(in.Response, ctl)
			if err != nil {
				t.Fatalf("Write855: %v %+v", err, o2c.ErrorFaults(err))
			}
			golden(t, name+".x12", out)
			check855(t, out, in.Response)
		})
	}
}

// TestWrite855FromOrder answers a real 850 with ResponseTo: back to its sender, in its versions.
func TestWrite855FromOrder(t *testing.T) {
	t.Parallel()
	ic, err := x12.Parse(readCorpus(t, "bots-plugins/850-004010-10.x12"))
	if err != nil {
		t.Fatal(err)
	}
	drafts, err := x12.Orders(ic)
	if err != nil {
		t.Fatal(err)
	}
	resp := x12.ResponseTo(ic, &ic.Groups[0], &drafts[1])
	out, err := x12.Write855(resp, fixedControl())
	if err != nil {
		t.Fatalf("Write855: %v %+v", err, o2c.ErrorFaults(err))
	}
	golden(t, "855_from_850-004010-10.x12", out)
	ack := check855(t, out, resp)
	if ack.SenderID != "QQQQQQ" || ack.ReceiverID != "SSSSSSSS" || ack.Groups[0].ReceiverCode != "SPSLAMPS" || ack.Separators != ic.Separators {
		t.Fatalf("855 envelope = %+v", ack)
	}
}

// check855 reads an 855 back and compares it with the response it was written from.
func check855(t *testing.T, b []byte, r x12.OrderResponse) *x12.Interchange {
	t.Helper()
	ic, err := x12.Parse(b)
	if err != nil {
		t.Fatalf("the 855 does not parse: %v\n%q", err, b)
	}
	if len(ic.Groups) != 1 || ic.Groups[0].FunctionalID != "PR" || len(ic.Groups[0].Sets) != 1 || ic.Groups[0].Sets[0].ID != "855" {
		t.Fatalf("855 envelope = %+v", ic)
	}
	segs := ic.Groups[0].Sets[0].Segments
	if segs[0].ID != "BAK" || segs[0].Element(2) != string(r.Type) || segs[0].Element(3) != r.PONumber {
		t.Fatalf("BAK = %+v", segs[0])
	}
	var po1, acks []x12.Segment
	for _, s := range segs {
		switch s.ID {
		case "PO1":
			po1 = append(po1, s)
		case "ACK":
			acks = append(acks, s)
		}
	}
	if len(po1) != len(r.Lines) || len(acks) != len(r.Lines) || segs[len(segs)-1].ID != "CTT" || segs[len(segs)-1].Element(1) != strconv.Itoa(len(r.Lines)) {
		t.Fatalf("%d PO1, %d ACK, last %+v for %d lines", len(po1), len(acks), segs[len(segs)-1], len(r.Lines))
	}
	for i, l := range r.Lines {
		if po1[i].Element(2) != l.Quantity.String() || po1[i].Element(3) != x12.X12Unit(l.Unit) || acks[i].Element(1) != string(l.Status) {
			t.Fatalf("line %d: %+v %+v", i, po1[i], acks[i])
		}
	}
	return ic
}

func TestWriteErrors(t *testing.T) {
	t.Parallel()
	ic, err := x12.Parse(broken(0))
	if err != nil {
		t.Fatal(err)
	}
	fa, err := x12.Parse(readCorpus(t, "staedi/simple997.edi"))
	if err != nil {
		t.Fatal(err)
	}
	resp := x12.OrderResponse{SenderQual: "ZZ", SenderID: "S", ReceiverQual: "ZZ", ReceiverID: "R", Usage: "P",
		Type: x12.AckDetailNoChange, PONumber: "1", PODate: cal.MustParse("2026-01-01"),
		Lines: []x12.ResponseLine{{LineNo: 1, Unit: "C62", Status: x12.LineAccepted}}}
	tests := []struct {
		name      string
		write     func() ([]byte, error)
		fragments []string
	}{
		{"ErrNoTime", func() ([]byte, error) {
			ctl := fixedControl()
			ctl.Time = time.Time{}
			return x12.Write997(ic, true, ctl)
		}, []string{"Control.Time"}},
		{"ErrControlRange", func() ([]byte, error) {
			ctl := fixedControl()
			ctl.Interchange = 1_000_000_000
			return x12.Write997(ic, true, ctl)
		}, []string{"Control.Interchange", "1000000000"}},
		{"ErrSeparatorInData", func() ([]byte, error) {
			ctl := fixedControl()
			ctl.Separators = x12.Separators{Element: 0x80, Component: '>', Segment: '~'}
			r := resp
			r.PONumber = "PO\x80"
			return x12.Write855(r, ctl)
		}, []string{"BAK03", "holds the separator 0x80"}},
		{"ErrStatus", func() ([]byte, error) {
			r := resp
			r.Lines = []x12.ResponseLine{{Status: "ia"}}
			return x12.Write855(r, fixedControl())
		}, []string{"Lines[0].Status"}},
		{"ErrGTIN", func() ([]byte, error) {
			r := resp
			r.Lines = []x12.ResponseLine{{Status: x12.LineAccepted, GTIN: "12345"}}
			return x12.Write855(r, fixedControl())
		}, []string{"Lines[0].GTIN"}},
		{"ErrNoPODate", func() ([]byte, error) {
			r := resp
			r.PODate = cal.Date{}
			return x12.Write855(r, fixedControl())
		}, []string{"PODate"}},
		{"ErrSenderTooLong", func() ([]byte, error) {
			r := resp
			r.SenderID = strings.Repeat("S", 16)
			return x12.Write855(r, fixedControl())
		}, []string{"ISA06"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := tt.write()
			if b != nil {
				t.Fatalf("wrote %q with an error", b)
			}
			wantFault(t, err, o2c.CodeInvalid, x12.RuleWrite, tt.fragments...)
		})
	}
	// Acknowledgments are never acknowledged.
	if b, err := x12.Write997(fa, true, fixedControl()); b != nil || o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Fatalf("Write997 of a 997 = %q, %v", b, err)
	}
}
