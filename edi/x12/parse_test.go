package x12_test

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/edi/x12"
)

// TestParseCorpus: every file of the corpus parses, with the interchanges, groups and sets that
// it holds, counted by hand from the files.
func TestParseCorpus(t *testing.T) {
	t.Parallel()
	tests := map[string]string{ // file -> interchanges: sets of each group, groups apart by "|"
		"bots-plugins/810-004010-01.x12":         "810 810",
		"bots-plugins/810-004030VICS-01.x12":     "810 810",
		"bots-plugins/810_1.x12":                 "810",
		"bots-plugins/810_2.x12":                 "810",
		"bots-plugins/820-004010-01.x12":         "820",
		"bots-plugins/820-004010VICS-03.x12":     "820",
		"bots-plugins/850-004010-01.x12":         "850",
		"bots-plugins/850-004010-02.x12":         "850 850|850 850",
		"bots-plugins/850-004010-03.x12":         "850",
		"bots-plugins/850-004010-04.x12":         "850",
		"bots-plugins/850-004010-05.x12":         "850 850",
		"bots-plugins/850-004010-06.x12":         "850",
		"bots-plugins/850-004010-10.x12":         "850 850",
		"bots-plugins/850-004010-11.x12":         "850",
		"bots-plugins/850-004010-ascii-lf.x12":   "850",
		"bots-plugins/850-004010VICS-01.x12":     "850 850 850 850",
		"bots-plugins/850-004010VICS-02.x12":     "850",
		"bots-plugins/850-004030-01.x12":         "850",
		"bots-plugins/850-004030-02.x12":         "850 850 850",
		"bots-plugins/850-004030VICS-01.x12":     "850",
		"bots-plugins/855-004010UCS-01.x12":      "855 855 855 855 855 855",
		"bots-plugins/856_1.x12":                 "856",
		"bots-plugins/856_2.x12":                 "856 856",
		"bots-plugins/997-004010VICS-01.x12":     "997",
		"bots-plugins/mailbag01_997_850_820.x12": "997 / 850 / 820 820 / 850 / 850 850|850 850 / 850 850 / 850 850 / 850",
		"edi-net/x12.810b.edi":                   "810",
		"edi-net/x12.820.issue140_5010.edi":      "820",
		"staedi/810_850_dual.edi":                "810 810|850",
		"staedi/invalid997.edi":                  "997",
		"staedi/simple810.edi":                   "810 810",
		"staedi/simple997.edi":                   "997",
	}
	files := corpusFiles(t)
	if len(files) != len(tests) {
		t.Fatalf("the corpus has %d files, the table %d: %v", len(files), len(tests), files)
	}
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			want, ok := tests[file]
			if !ok {
				t.Fatalf("%s is not in the table", file)
			}
			ics, err := x12.ParseAll(readCorpus(t, file))
			if err != nil {
				t.Fatalf("ParseAll: %v", err)
			}
			if got := shape(ics); got != want {
				t.Fatalf("sets = %q, want %q", got, want)
			}
			if _, err := x12.Parse(readCorpus(t, file)); (err == nil) != (len(ics) == 1) {
				t.Fatalf("Parse of %d interchanges: %v", len(ics), err)
			}
		})
	}
}

// shape writes the sets of interchanges: "850 850|810" is one interchange of two groups.
func shape(ics []*x12.Interchange) string {
	var out []string
	for _, ic := range ics {
		var groups []string
		for _, g := range ic.Groups {
			var ids []string
			for _, s := range g.Sets {
				ids = append(ids, s.ID)
			}
			groups = append(groups, strings.Join(ids, " "))
		}
		out = append(out, strings.Join(groups, "|"))
	}
	return strings.Join(out, " / ")
}

// TestParseEnvelope checks what Parse reads from the ISA and GS of files of every kind of
// separator and ISA version.
func TestParseEnvelope(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		sep  x12.Separators
		isa  string // SenderQual SenderID ReceiverQual ReceiverID Date Time Version ControlNumber Usage
		gs   string // FunctionalID SenderCode ReceiverCode ControlNumber Version, of the first group
	}{
		{"bots-plugins/850-004010-01.x12", x12.Separators{Element: '*', Component: '@', Segment: '\n'},
			"08 AAAAAAAAAA ZZ test22222 971107 1220 00302 112240001 P", "PO test111111 test22222 123456789 004010"},
		{"bots-plugins/850-004010-02.x12", x12.Separators{Element: '*', Component: '+', Segment: '~', LineBreak: true},
			"01 0011223456 01 999999999 950120 0147 00300 000000005 P", "PO 0011223456 999999999 5 004010"},
		{"bots-plugins/850-004010-03.x12", x12.Separators{Element: '*', Component: '>', Segment: '~', LineBreak: true},
			"ZZ 1111111 ZZ 22222222 980319 1430 00200 000000001 P", "PO 1135309 2002450 200 004010"},
		{"bots-plugins/850-004010-05.x12", x12.Separators{Element: '*', Component: '>', Segment: '~', LineBreak: true}, // 00403 but ISA11 U
			"01 111111111 01 Duns 050718 1700 00403 000000010 P", "PO 092173731 Suppliers Duns 8 004010"},
		{"bots-plugins/850-004010-10.x12", x12.Separators{Element: '*', Component: '}', Segment: 0x15, LineBreak: true},
			"ZZ SSSSSSSS ZZ QQQQQQ 061204 1439 00401 000001000 P", "PO SPSLAMPS RENWIL 1000 004010"},
		{"bots-plugins/850-004010-11.x12", x12.Separators{Element: '*', Component: '>', Segment: '~'},
			"ZZ CCCCCCCC ZZ YYYYYYYYYY 060210 1235 00401 000000821 P", "PO CLMERV YYYYYYYYYY 142 004010"},
		{"bots-plugins/850-004010VICS-01.x12", x12.Separators{Element: 0x7F, Component: '>', Segment: 0x15},
			"01 111111111 ZZ 22222222 040805 0226 00401 000001693 P", "PO 111111111 222222222 3408 004010VICS"},
		{"bots-plugins/850-004030-01.x12", x12.Separators{Element: '*', Component: ':', Segment: 0x15, LineBreak: true},
			"12 1111111111 ZZ 2222222 050531 2110 00400 001000113 P", "PO 1111111122 2222222 1000034 004030"},
		{"bots-plugins/850-004030VICS-01.x12", x12.Separators{Element: '*', Repetition: '^', Component: '>', Segment: '~', LineBreak: true},
			"08 9251750000 01 Your ID 011001 1446 00403 000000164 P", "PO 8019721193 Your ID 121 004030VICS"},
		{"staedi/810_850_dual.edi", x12.Separators{Element: '*', Component: '>', Segment: '~', LineBreak: true},
			"ZZ SENDERISA ZZ RECEIVERISA 960807 1548 00401 000000020 T", "IN SENDERDEPT 007326879 1 004010"},
		{"staedi/simple997.edi", x12.Separators{Element: '*', Repetition: '^', Component: ':', Segment: '~', LineBreak: true},
			"ZZ ReceiverID ZZ Sender 050812 1953 00501 508121953 P", "FA ReceiverDept SenderDept 000005 005010X230"},
		// A byte-order mark, ISA02/ISA04/ISA08 not padded to their width, tabs before segments.
		{"edi-net/x12.810b.edi", x12.Separators{Element: '*', Component: '>', Segment: '~', LineBreak: true},
			"ZZ ABCMUSICSUPPLY ZZ ARIBAEDI 030910 1059 00401 000000001 T", "IN ABCMUSIC AN02000012345 1 004010"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			ic, err := x12.Parse(readCorpus(t, tt.file))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if ic.Separators != tt.sep {
				t.Fatalf("separators = %+v, want %+v", ic.Separators, tt.sep)
			}
			isa := strings.Join([]string{ic.SenderQual, ic.SenderID, ic.ReceiverQual, ic.ReceiverID, ic.Date, ic.Time, ic.Version, ic.ControlNumber, ic.Usage}, " ")
			if isa != tt.isa {
				t.Fatalf("ISA = %q, want %q", isa, tt.isa)
			}
			g := ic.Groups[0]
			if gs := strings.Join([]string{g.FunctionalID, g.SenderCode, g.ReceiverCode, g.ControlNumber, g.Version}, " "); gs != tt.gs {
				t.Fatalf("GS = %q, want %q", gs, tt.gs)
			}
		})
	}
}

// TestParseSegments checks segments, elements and components as read.
func TestParseSegments(t *testing.T) {
	t.Parallel()
	ic, err := x12.Parse(readCorpus(t, "bots-plugins/850-004010-11.x12"))
	if err != nil {
		t.Fatal(err)
	}
	set := ic.Groups[0].Sets[0]
	if set.ID != "850" || set.ControlNumber != "101308635" || len(set.Segments) != 24 {
		t.Fatalf("set %s %s has %d segments, want 850 101308635 with 24 between ST and SE (SE01 0000000026)", set.ID, set.ControlNumber, len(set.Segments))
	}
	po1 := set.Segments[14]
	want := x12.Segment{ID: "PO1", Elements: [][]string{{"1"}, {"2"}, {"EA"}, {"37.65"}, {""}, {"CB"}, {"956591117"}, {"VA"}, {"ASSORTMENT"}, {"UP"}, {"499565911171"}}}
	if !reflect.DeepEqual(po1, want) {
		t.Fatalf("segment 16 = %+v, want %+v", po1, want)
	}
	if po1.Element(3) != "EA" || po1.Element(12) != "" || po1.Element(0) != "" {
		t.Fatalf("Element(3), Element(12), Element(0) = %q, %q, %q", po1.Element(3), po1.Element(12), po1.Element(0))
	}
	// Components: ISA16 is ':' in this file.
	ic, err = x12.Parse([]byte("ISA*00*          *00*          *ZZ*A              *ZZ*B              *260101*1200*U*00401*000000001*0*P*:~" +
		"GS*PO*A*B*20260101*1200*1*X*004010~ST*850*0001~SLN*1*:A:*I~CTT~CTT*~SE*5*0001~GE*1*1~IEA*1*000000001~"))
	if err != nil {
		t.Fatal(err)
	}
	segs := ic.Groups[0].Sets[0].Segments
	if !reflect.DeepEqual(segs[0].Elements, [][]string{{"1"}, {"", "A", ""}, {"I"}}) || len(segs[1].Elements) != 0 || !reflect.DeepEqual(segs[2].Elements, [][]string{{""}}) {
		t.Fatalf("segments = %+v", segs)
	}
}

// valid is a small interchange the error tests break, one segment a line: ISA is segment 1, GS
// 2, ST 3, BEG 4, PO1 5, SE 6, GE 7, IEA 8.
var valid = []string{
	"ISA*00*          *00*          *ZZ*A              *ZZ*B              *260101*1200*U*00401*000000007*0*P*>",
	"GS*PO*A*B*20260101*1200*77*X*004010",
	"ST*850*0001",
	"BEG*00*SA*1**20260101",
	"PO1*1*1*EA",
	"SE*4*0001",
	"GE*1*77",
	"IEA*1*000000007",
}

// broken returns the valid interchange with segment n (from 1) replaced by the given ones;
// broken(0) is the valid interchange.
func broken(n int, with ...string) []byte {
	segs := valid
	if n > 0 {
		segs = append(append(append([]string{}, valid[:n-1]...), with...), valid[n:]...)
	}
	return []byte(strings.Join(segs, "~\n") + "~\n")
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		input     []byte
		rule      string
		fragments []string
	}{
		{"ErrEmpty", nil, x12.RuleNotX12, []string{"segment 1 (?) at byte 0", "not an X12 interchange"}},
		{"ErrNotX12", []byte("UNA:+.? 'UNB+UNOC:3+X+Y'"), x12.RuleNotX12, []string{"segment 1 (UNA)"}},
		{"ErrISAShort", []byte("ISA*00*   *00"), x12.RuleISA, []string{"segment 1 (ISA)", "the ISA has 3 of its 16 elements"}},
		{"ErrISAControl", broken(1, strings.Replace(valid[0], "000000007", "00000000X", 1)), x12.RuleISA, []string{"ISA13", `"00000000X"`}},
		{"ErrISAUsage", broken(1, strings.Replace(valid[0], "*P*>", "*X*>", 1)), x12.RuleISA, []string{"ISA15"}},
		{"ErrISAFieldTooLong", broken(1, strings.Replace(valid[0], "*ZZ*A              *", "*ZZ*A               *", 1)), x12.RuleISA, []string{"ISA06"}},
		{"ErrSameSeparators", broken(1, strings.Replace(valid[0], "*P*>", "*P**", 1)), x12.RuleISA, []string{"separators must differ"}},
		{"ErrLetterSeparator", broken(1, strings.Replace(valid[0], "*P*>", "*P*A", 1)), x12.RuleISA, []string{"cannot be a letter"}},
		{"ErrTerminatorInISA", []byte(strings.Replace(string(broken(0)), "*ZZ*A    ", "*ZZ*A~   ", 1)), x12.RuleISA, []string{"ISA06", "holds the separator '~'"}},
		{"ErrSegmentID", broken(5, "po1*1*1*EA"), x12.RuleSegment, []string{"segment 5 (po1) at byte", "is not a segment ID"}},
		{"ErrTruncatedSegment", []byte(strings.Join(valid[:4], "~\n") + "~\nPO1*1*1"), x12.RuleSegment, []string{"segment 5 (PO1)", "no segment terminator '~'"}},
		{"ErrTruncatedSet", []byte(strings.Join(valid[:5], "~\n") + "~\n"), x12.RuleEnvelope, []string{"end of input at byte", "transaction set 0001 (850) has no SE"}},
		{"ErrTruncatedGroup", []byte(strings.Join(valid[:6], "~\n") + "~\n"), x12.RuleEnvelope, []string{"functional group 77 has no GE"}},
		{"ErrTruncatedInterchange", []byte(strings.Join(valid[:7], "~\n") + "~\n"), x12.RuleEnvelope, []string{"the interchange 000000007 of byte 0 has no IEA"}},
		{"ErrSECount", broken(6, "SE*5*0001"), x12.RuleCount, []string{"segment 6 (SE)", "SE01 says 5 segments but transaction set 0001 (850) has 4"}},
		{"ErrSENotNumber", broken(6, "SE*four*0001"), x12.RuleEnvelope, []string{"SE01"}},
		{"ErrSEControl", broken(6, "SE*4*0002"), x12.RuleControl, []string{"segment 6 (SE)", `SE02 is "0002" but the ST02 of its transaction set (850) is "0001"`}},
		{"ErrGECount", broken(7, "GE*2*77"), x12.RuleCount, []string{"segment 7 (GE)", "GE01 says 2 transaction sets but group 77 has 1"}},
		{"ErrGEControl", broken(7, "GE*1*78"), x12.RuleControl, []string{"GE02"}},
		{"ErrIEACount", broken(8, "IEA*2*000000007"), x12.RuleCount, []string{"segment 8 (IEA)", "IEA01 says 2 functional groups"}},
		{"ErrIEAControl", broken(8, "IEA*1*000000008"), x12.RuleControl, []string{"IEA02"}},
		{"ErrGSShort", broken(2, "GS*PO*A*B"), x12.RuleEnvelope, []string{"segment 2 (GS)", "GS has 3 elements"}},
		{"ErrGSControl", broken(2, "GS*PO*A*B*20260101*1200*G77*X*004010"), x12.RuleEnvelope, []string{"GS06"}},
		{"ErrSTEmpty", broken(3, "ST*850"), x12.RuleEnvelope, []string{"segment 3 (ST)", "ST02"}},
		{"ErrSegmentOutsideSet", broken(3, "BEG*00*SA*1**20260101", "ST*850*0001"), x12.RuleEnvelope, []string{"segment 3 (BEG)", "outside a transaction set"}},
		{"ErrSegmentOutsideGroup", broken(2, "REF*DP*1", valid[1]), x12.RuleEnvelope, []string{"segment 2 (REF)", "outside a functional group"}},
		{"ErrMissingSE", broken(6), x12.RuleEnvelope, []string{"segment 6 (GE)", "transaction set 0001 (850) of segment 3 at byte", "has no SE"}},
		{"ErrNestedISA", broken(8, valid[0]), x12.RuleEnvelope, []string{"segment 8 (ISA)", "a new interchange starts before the IEA"}},
		{"ErrDataAfterIEA", append(broken(0), "GS*PO~"...), x12.RuleEnvelope, []string{"segment 9 (GS)", "data follows the IEA"}},
		{"ErrTwoInterchanges", append(broken(0), broken(0)...), x12.RuleEnvelope, []string{"segment 9 (ISA)", "a second interchange"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ic, err := x12.Parse(tt.input)
			if ic != nil {
				t.Fatalf("Parse returned an interchange with the error %v", err)
			}
			wantFault(t, err, o2c.CodeInvalid, tt.rule, tt.fragments...)
		})
	}
}

// TestParseLayout: line breaks, indentation, a byte-order mark and a DOS end-of-file mark around
// segments change nothing; a file of two interchanges is ParseAll's.
func TestParseLayout(t *testing.T) {
	t.Parallel()
	plain, err := x12.Parse(broken(0))
	if err != nil {
		t.Fatal(err)
	}
	plain.Separators.LineBreak = false
	for name, input := range map[string]string{
		"NoBreaks": strings.Join(valid, "~") + "~",
		"CRLF":     "\xEF\xBB\xBF" + strings.Join(valid, "~\r\n") + "~\r\n\x1A",
		"Indented": "  " + strings.Join(valid, "~ \t") + "~",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ic, err := x12.Parse([]byte(input))
			if err != nil {
				t.Fatal(err)
			}
			ic.Separators.LineBreak = false
			if !reflect.DeepEqual(ic, plain) {
				t.Fatalf("got %+v, want %+v", ic, plain)
			}
		})
	}
	ics, err := x12.ParseAll(append(broken(0), broken(0)...))
	if err != nil || len(ics) != 2 {
		t.Fatalf("ParseAll = %d interchanges, %v", len(ics), err)
	}
	// Where line breaks end the segments, a blank line is layout too.
	ic, err := x12.Parse([]byte(strings.Join(valid, "\n\n") + "\n\n"))
	if err != nil {
		t.Fatal(err)
	}
	if ic.Separators.Segment != '\n' || len(ic.Groups[0].Sets[0].Segments) != 2 {
		t.Fatalf("got %+v", ic)
	}
}

func TestParseTooLarge(t *testing.T) {
	t.Parallel()
	_, err := x12.Parse(make([]byte, x12.MaxSize+1))
	wantFault(t, err, o2c.CodeTooLarge, "")
	// 60 MB of empty elements would take 2.4 GB parsed: refused before it is allocated.
	b := []byte(strings.Join(valid[:4], "~") + "~REF")
	b = append(b, bytes.Repeat([]byte{'*'}, 60<<20)...)
	_, err = x12.Parse(b)
	wantFault(t, err, o2c.CodeTooLarge, "")
}

// TestMarshalRoundTrip: every interchange of the corpus writes back to bytes that parse to an
// equal interchange.
func TestMarshalRoundTrip(t *testing.T) {
	t.Parallel()
	for _, file := range corpusFiles(t) {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			ics, err := x12.ParseAll(readCorpus(t, file))
			if err != nil {
				t.Fatal(err)
			}
			for i, ic := range ics {
				b, err := x12.Marshal(ic)
				if err != nil {
					t.Fatalf("interchange %d: Marshal: %v", i, err)
				}
				again, err := x12.Parse(b)
				if err != nil {
					t.Fatalf("interchange %d: Parse(Marshal): %v\n%q", i, err, b)
				}
				if !reflect.DeepEqual(again, ic) {
					t.Fatalf("interchange %d: round trip changed it:\n got %+v\nwant %+v", i, again, ic)
				}
			}
		})
	}
}

func TestMarshalErrors(t *testing.T) {
	t.Parallel()
	base := func() *x12.Interchange {
		ic, err := x12.Parse(broken(0))
		if err != nil {
			t.Fatal(err)
		}
		return ic
	}
	tests := []struct {
		name      string
		change    func(ic *x12.Interchange)
		fragments []string
	}{
		{"ErrSeparatorInValue", func(ic *x12.Interchange) { ic.Groups[0].Sets[0].Segments[0].Elements[2][0] = "A*B" },
			[]string{"group 1, set 1, segment 2 (BEG)", `BEG03 "A*B" holds the separator '*'`}},
		{"ErrTerminatorInGS", func(ic *x12.Interchange) { ic.Groups[0].SenderCode = "A~" }, []string{"group 1 (GS)", "holds the separator '~'"}},
		{"ErrSenderTooLong", func(ic *x12.Interchange) { ic.SenderID = "0123456789ABCDEF" }, []string{"ISA06", "longer than its 15 characters"}},
		{"ErrEnvelopeInBody", func(ic *x12.Interchange) { ic.Groups[0].Sets[0].Segments[0].ID = "SE" }, []string{"envelope segment"}},
		{"ErrRepetitionBefore00402", func(ic *x12.Interchange) { ic.Separators.Repetition = '^' }, []string{"repetition separator needs ISA12 version 00402"}},
		{"ErrGroupControl", func(ic *x12.Interchange) { ic.Groups[0].ControlNumber = "" }, []string{"GS06"}},
		{"ErrSetControl", func(ic *x12.Interchange) { ic.Groups[0].Sets[0].ControlNumber = "" }, []string{"ST02"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ic := base()
			tt.change(ic)
			b, err := x12.Marshal(ic)
			if b != nil {
				t.Fatalf("Marshal wrote %q with an error", b)
			}
			wantFault(t, err, o2c.CodeInvalid, x12.RuleWrite, tt.fragments...)
		})
	}
}

func ExampleParse() {
	ic, err := x12.Parse([]byte("ISA*00*          *00*          *ZZ*BUYER          *ZZ*SELLER         *260105*0930*U*00401*000000042*0*P*>~" +
		"GS*PO*BUYER*SELLER*20260105*0930*42*X*004010~ST*850*0001~BEG*00*SA*PO-1**20260105~PO1*1*12*EA*2.50~CTT*1~SE*5*0001~GE*1*42~IEA*1*000000042~"))
	if err != nil {
		fmt.Println(o2c.ErrorMessage(err))
		return
	}
	set := ic.Groups[0].Sets[0]
	fmt.Println(ic.SenderID, set.ID, set.Segments[1].ID, set.Segments[1].Element(2), set.Segments[1].Element(4))
	// Output: BUYER 850 PO1 12 2.50
}
