package edifact

import (
	"bytes"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
)

// order is a small valid interchange: one ORDERS message of 6 segments.
const order = "UNB+UNOC:3+SENDER:14+RECEIVER:14+240105:1200+REF1'" +
	"UNH+M1+ORDERS:D:96A:UN:EAN008'BGM+220+PO1+9'LIN+1++4000862141404:EN'QTY+21:5:PCE'UNS+S'UNT+6+M1'" +
	"UNZ+1+REF1'"

func TestParseReads(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name  string
		input string
		check func(t *testing.T, ic *Interchange)
	}{
		{"DefaultServiceCharacters", order, func(t *testing.T, ic *Interchange) {
			eq(t, "syntax", ic.Syntax.ID+":"+ic.Syntax.Version, "UNOC:3")
			eq(t, "sender", ic.Sender.ID+"/"+ic.Sender.Qualifier, "SENDER/14")
			eq(t, "recipient", ic.Recipient.ID, "RECEIVER")
			eq(t, "date time", ic.Date+" "+ic.Time, "240105 1200")
			eq(t, "control reference", ic.ControlRef, "REF1")
			m := ic.Messages[0]
			eq(t, "message", strings.Join([]string{m.Ref, m.Type, m.Version, m.Release, m.Agency, m.Association}, ","),
				"M1,ORDERS,D,96A,UN,EAN008")
			if len(m.Segments) != 4 || m.Start != 2 {
				t.Fatalf("%d segments starting at %d, want 4 at 2", len(m.Segments), m.Start)
			}
			eq(t, "LIN item", m.Segments[1].Value(2, 0), "4000862141404")
			eq(t, "QTY unit", m.Segments[2].Value(0, 2), "PCE")
			eq(t, "missing component", m.Segments[2].Value(0, 7), "")
			eq(t, "missing element", m.Segments[2].Value(3, 0), "")
		}},
		{"UNAOfItsOwn", "UNA|*,! ~UNB*UNOC|3*S*R*240105|1200*X~UNH*1*ORDERS|D|96A|UN~FTX*AAI***a!*b!|c!~d!!e~UNT*3*1~UNZ*1*X~",
			func(t *testing.T, ic *Interchange) {
				d := ic.Syntax.Delims
				eq(t, "delims", string([]byte{d.Component, d.Element, d.Decimal, d.Release, d.Segment}), "|*,!~")
				eq(t, "released text", ic.Messages[0].Segments[0].Value(3, 0), "a*b|c~d!e")
			}},
		{"ReleasedServiceCharacters", strings.Replace(order, "BGM+220+PO1+9'", "FTX+AAI+++a?:b?+c?'d??e'", 1),
			func(t *testing.T, ic *Interchange) {
				eq(t, "text", ic.Messages[0].Segments[0].Value(3, 0), "a:b+c'd?e")
			}},
		{"IndentedWithCRLF", "\r\n  " + strings.ReplaceAll(order, "'", "'\r\n\t  ") + "\r\n\r\n", func(t *testing.T, ic *Interchange) {
			eq(t, "QTY", ic.Messages[0].Segments[2].Value(0, 1), "5")
		}},
		{"WrappedInsideSegments", strings.ReplaceAll(order, "40008621", "4000\r\n8621"), func(t *testing.T, ic *Interchange) {
			eq(t, "GTIN across a line break", ic.Messages[0].Segments[1].Value(2, 0), "4000862141404")
		}},
		{"EmptyElementsAndComponents", strings.Replace(order, "BGM+220+PO1+9'", "NAD+DP+++::X++City'", 1),
			func(t *testing.T, ic *Interchange) {
				s := ic.Messages[0].Segments[0]
				if len(s.Elements) != 6 || len(s.Elements[3]) != 3 || s.Value(3, 2) != "X" || s.Value(5, 0) != "City" {
					t.Fatalf("elements %q", s.Elements)
				}
			}},
		{"LevelBSeparators", "UNB\x1dUNOB\x1f3\x1dS\x1dR\x1d240105\x1f1200\x1dX\x1cUNH\x1d1\x1dORDERS\x1fD\x1f96A\x1fUN\x1c" +
			"FTX\x1dAAI\x1d\x1d\x1da:b+c'd\x1cUNT\x1d3\x1d1\x1cUNZ\x1d1\x1dX\x1c", func(t *testing.T, ic *Interchange) {
			eq(t, "text with level A characters", ic.Messages[0].Segments[0].Value(3, 0), "a:b+c'd")
		}},
		{"FunctionalGroups", "UNB+UNOC:3+S+R+240105:1200+X'UNG+ORDERS+S:14+R:14+240105:1200+G1+UN+D:96A'" +
			"UNH+1+ORDERS:D:96A:UN'UNT+2+1'UNH+2+ORDERS:D:96A:UN'UNT+2+2'UNE+2+G1'" +
			"UNG+INVOIC+S+R+240105:1200+G2+UN+D:96A'UNH+3+INVOIC:D:96A:UN'UNT+2+3'UNE+1+G2'UNZ+2+X'",
			func(t *testing.T, ic *Interchange) {
				if len(ic.Groups) != 2 || len(ic.Messages) != 3 {
					t.Fatalf("%d groups, %d messages, want 2 and 3", len(ic.Groups), len(ic.Messages))
				}
				g := ic.Groups[0]
				eq(t, "group", strings.Join([]string{g.ID, g.Sender.ID, g.Recipient.Qualifier, g.Ref, g.Agency, g.Version, g.Release}, ","),
					"ORDERS,S,14,G1,UN,D,96A")
				eq(t, "groups of the messages", ic.Messages[0].Group+ic.Messages[1].Group+ic.Messages[2].Group, "G1G1G2")
			}},
		{"ByteOrderMarkAndCtrlZ", "\xEF\xBB\xBF" + order + "\r\n\x1a", func(t *testing.T, ic *Interchange) {
			eq(t, "control reference", ic.ControlRef, "REF1")
		}},
		{"Latin1", strings.Replace(order, "BGM+220+PO1+9'", "NAD+BY+++M\xfcller+Stra\xdfe 1+M\xfcnchen'", 1),
			func(t *testing.T, ic *Interchange) {
				eq(t, "charset", ic.Syntax.Charset, "ISO-8859-1")
				eq(t, "text", ic.Messages[0].Segments[0].Value(3, 0)+", "+ic.Messages[0].Segments[0].Value(5, 0), "Müller, München")
				if len(ic.Notes) != 0 {
					t.Fatalf("notes %q, want none", ic.Notes)
				}
			}},
		{"Cyrillic", strings.Replace(strings.Replace(order, "UNOC", "UNOE", 1), "PO1", "\xbb\xde\xe0\xd5\xdc", 1),
			func(t *testing.T, ic *Interchange) {
				eq(t, "charset", ic.Syntax.Charset, "ISO-8859-5")
				eq(t, "text", ic.Messages[0].Segments[0].Value(1, 0), "Лорем")
			}},
		{"UTF8Declared", strings.Replace(strings.Replace(order, "UNOC:3", "UNOW:4", 1), "PO1", "Zoë·東京", 1),
			func(t *testing.T, ic *Interchange) {
				eq(t, "text", ic.Messages[0].Segments[0].Value(1, 0), "Zoë·東京")
				eq(t, "repetition separator of syntax 4", string(ic.Syntax.Delims.Repetition), "*")
			}},
		{"UTF8InALatin1Interchange", strings.Replace(order, "PO1", "Zoë", 1), func(t *testing.T, ic *Interchange) {
			eq(t, "text", ic.Messages[0].Segments[0].Value(1, 0), "Zoë")
			eq(t, "note", strings.Join(ic.Notes, "|"), "the interchange declares UNOC but its text is valid UTF-8: read as UTF-8")
		}},
		{"UnknownCharacterSet", strings.Replace(strings.Replace(order, "UNOC", "KECA", 1), "PO1", "Zo\xeb", 1),
			func(t *testing.T, ic *Interchange) {
				eq(t, "text", ic.Messages[0].Segments[0].Value(1, 0), "Zoë")
				eq(t, "note", strings.Join(ic.Notes, "|"), "syntax identifier KECA names no character set o2c decodes: read as ISO-8859-1")
			}},
		{"EightBitInUNOA", strings.Replace(strings.Replace(order, "UNOC", "UNOA", 1), "PO1", "Zo\xeb", 1),
			func(t *testing.T, ic *Interchange) {
				eq(t, "text", ic.Messages[0].Segments[0].Value(1, 0), "Zoë")
				eq(t, "note", strings.Join(ic.Notes, "|"), "UNOA allows no character over 0x7F but the text has some: read as ISO-8859-1")
			}},
		{"AsteriskIsDataBeforeSyntax4", strings.Replace(order, "PO1", "**A**", 1), func(t *testing.T, ic *Interchange) {
			eq(t, "text", ic.Messages[0].Segments[0].Value(1, 0), "**A**")
		}},
		{"ReleasedRepetitionSeparator", strings.Replace(strings.Replace(order, "UNOC:3", "UNOC:4", 1), "PO1", "A?*B", 1),
			func(t *testing.T, ic *Interchange) {
				eq(t, "text", ic.Messages[0].Segments[0].Value(1, 0), "A*B")
			}},
		{"SegmentWithoutElements", order, func(t *testing.T, ic *Interchange) {
			if s := ic.Messages[0].Segments[3]; s.Tag != "UNS" || len(s.Elements) != 1 {
				t.Fatalf("UNS = %+v", s)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			ic, err := Parse([]byte(tt.input))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			tt.check(t, ic)
		})
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()

	noUNT, _, _ := strings.Cut(order, "UNT")
	tooManyElements := strings.Replace(order, "UNS+S'", "FTX"+strings.Repeat("+", MaxElements+1)+"'", 1)
	tooManyComponents := strings.Replace(order, "UNS+S'", "FTX+"+strings.Repeat(":", MaxElements+1)+"'", 1)
	tests := []struct {
		name  string
		input string
		rule  SyntaxCode
		want  string
	}{
		{"Empty", " \r\n", SyntaxMissing, "segment 1: the input is empty"},
		{"NotEDIFACT", "hello world", SyntaxInvalidValue, `segment 1 at byte 0: "hello world" is not a segment tag`},
		{"NoUNB", "UNH+1+ORDERS:D:96A:UN'UNT+2+1'", SyntaxMissing, "segment 1 (UNH) at byte 0: an interchange starts with UNA or UNB"},
		{"UNAWithoutUNB", "UNA:+.? '", SyntaxMissing, "the input ends after UNA: UNB is missing"},
		{"UNATruncated", "UNA:+", SyntaxMissing, "segment 1 (UNA) at byte 0: UNA needs 6 service characters"},
		{"UNADecimalMark", "UNA:+;? '" + order, SyntaxInvalidValue, "the decimal mark ';' is neither '.' nor ','"},
		{"UNATwice", "UNA:+.?:'" + order, SyntaxInvalidServiceChar, "the component separator and the repetition separator are both ':'"},
		{"UNALetter", "UNA:+.?A'" + order, SyntaxInvalidServiceChar, "the repetition separator 'A' cannot be a service character"},
		{"BadRelease", strings.Replace(order, "PO1", "PO?1", 1), SyntaxInvalidServiceChar,
			`segment 3 (BGM) at byte 80: release character '?' before '1' in element 2: only a service character may be released`},
		{"ReleaseAtEnd", "UNB+UNOC:3+S+R+240105:1200+X?", SyntaxMissing, "the input ends after a release character"},
		{"Truncated", order[:100], SyntaxMissing, "segment 4 (LIN) at byte 94: the input ends inside the segment: it is truncated"},
		{"TruncatedTag", order[:96], SyntaxMissing, "segment 4 at byte 94: the input ends inside a segment: it is truncated"},
		{"NoUNT", strings.Replace(order, "UNT+6+M1'", "", 1), SyntaxMissing, `segment 7 (UNZ) at byte 137: message "M1" has no UNT before this UNZ`},
		{"NoUNTAtEnd", noUNT, SyntaxMissing,
			`segment 2 (UNH): the input ends inside message "M1": its UNT is missing`},
		{"NoUNZ", strings.TrimSuffix(order, "UNZ+1+REF1'"), SyntaxMissing,
			`segment 8 (end of input) at byte 146: the input ends before the UNZ of interchange "REF1"`},
		{"SegmentCount", strings.Replace(order, "UNT+6", "UNT+7", 1), SyntaxCountMismatch,
			`segment 7 (UNT) at byte 137: message "M1" has 6 segments (UNH and UNT included) but its UNT counts 7`},
		{"SegmentCountNotANumber", strings.Replace(order, "UNT+6", "UNT+six", 1), SyntaxInvalidValue, `the control count "six" is not a number`},
		{"MessageReference", strings.Replace(order, "UNT+6+M1", "UNT+6+M2", 1), SyntaxReferencesDiffer,
			`segment 7 (UNT) at byte 137: the UNT message reference is "M2" but the UNH says "M1"`},
		{"MessageCount", strings.Replace(order, "UNZ+1", "UNZ+2", 1), SyntaxCountMismatch,
			"segment 8 (UNZ) at byte 146: the interchange holds 1 messages but its UNZ counts 2"},
		{"ControlReference", strings.Replace(order, "UNZ+1+REF1", "UNZ+1+REF2", 1), SyntaxReferencesDiffer,
			`the UNZ control reference is "REF2" but the UNB says "REF1"`},
		{"GroupCount", "UNB+UNOC:3+S+R+240105:1200+X'UNG+ORDERS+S+R+240105:1200+G1+UN+D:96A'UNH+1+ORDERS:D:96A:UN'UNT+2+1'UNE+2+G1'UNZ+1+X'",
			SyntaxCountMismatch, `segment 5 (UNE) at byte 98: functional group "G1" holds 1 messages but its UNE counts 2`},
		{"GroupReference", "UNB+UNOC:3+S+R+240105:1200+X'UNG+ORDERS+S+R+240105:1200+G1+UN+D:96A'UNH+1+ORDERS:D:96A:UN'UNT+2+1'UNE+1+G9'UNZ+1+X'",
			SyntaxReferencesDiffer, `the UNE group reference is "G9" but the UNG says "G1"`},
		{"GroupsAndMessages", "UNB+UNOC:3+S+R+240105:1200+X'UNH+0+ORDERS:D:96A:UN'UNT+2+0'UNG+ORDERS+S+R+240105:1200+G1+UN+D:96A'UNH+1+ORDERS:D:96A:UN'UNT+2+1'UNE+1+G1'UNZ+1+X'",
			SyntaxGroupsAndMessagesMix, "the interchange holds 1 functional groups and 1 messages outside any group"},
		{"GroupReferenceTwice", "UNB+UNOC:3+S+R+240105:1200+X'UNG+ORDERS+S+R+240105:1200+G1+UN+D:96A'UNE+0+G1'UNG+ORDERS+S+R+240105:1200+G1+UN+D:96A'UNE+0+G1'UNZ+2+X'",
			SyntaxDuplicate, `segment 4 (UNG) at byte 77: a second functional group with reference "G1"`},
		{"UNHInsideMessage", strings.Replace(order, "UNS+S'", "UNH+M2+ORDERS:D:96A:UN'", 1), SyntaxMissing,
			`segment 6 (UNH) at byte 131: message "M1" has no UNT before this UNH`},
		{"OutsideMessage", strings.Replace(order, "UNZ", "LIN+2'UNZ", 1), SyntaxOutsideMessage,
			"segment 8 (LIN) at byte 146: a LIN segment outside any message"},
		{"BadTag", strings.Replace(order, "LIN+1", "LINE+1", 1), SyntaxInvalidValue, `segment 4 at byte 94: "LINE+1++4000"... is not a segment tag`},
		{"LowerCaseTag", strings.Replace(order, "LIN+1", "lin+1", 1), SyntaxInvalidValue, `"lin+1++40008"... is not a segment tag`},
		{"TagWithComponents", strings.Replace(order, "LIN+1", "LIN:1+1", 1), SyntaxInvalidValue, "segment 4 (LIN) at byte 94: a segment tag with components"},
		{"TooManyElements", tooManyElements, SyntaxTooManyConstituents, "segment 6 (FTX) at byte 131: the segment has more than 10000 data elements"},
		{"TooManyComponents", tooManyComponents, SyntaxTooManyConstituents, "element 1 has more than 10000 components"},
		{"Repetition", strings.Replace(strings.Replace(order, "UNOC:3", "UNOC:4", 1), "PO1", "A*B", 1), SyntaxTooManyConstituents,
			"segment 3 (BGM) at byte 80: element 2 repeats (repetition separator '*'): repeated data elements are not supported"},
		{"NoControlReference", strings.Replace(order, "+REF1'", "'", 1), SyntaxMissing, "segment 1 (UNB) at byte 0: the interchange control reference (0020) is missing"},
		{"SyntaxVersion", strings.Replace(order, "UNOC:3", "UNOC:9", 1), SyntaxLevelNotSupported, `the syntax version (S001 0002) is "9", not 1 to 4`},
		{"NoSender", strings.Replace(order, "SENDER:14", "", 1), SyntaxMissing, "the interchange sender (S002 0004) is missing"},
		{"BadDate", strings.Replace(order, "240105:1200", "5.1.24:12", 1), SyntaxInvalidValue, `the date and time of preparation (S004) are "5.1.24":"12"`},
		{"NoMessageReference", strings.Replace(order, "UNH+M1", "UNH+", 1), SyntaxMissing, "the message reference number (0062) is missing"},
		{"InvalidUTF8", strings.Replace(strings.Replace(order, "UNOC:3", "UNOW:4", 1), "PO1", "P\xffO", 1), SyntaxInvalidCharacter,
			"segment 3 (BGM) at byte 80: element 2 holds bytes that are not valid UTF-8"},
		{"SecondInterchange", order + order, SyntaxUnspecified,
			"segment 9 at byte 157: a second interchange starts here: read a file of several interchanges with ParseAll"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			ic, err := Parse([]byte(tt.input))
			if err == nil {
				t.Fatalf("Parse accepted the input: %d messages", len(ic.Messages))
			}
			if o2c.ErrorCode(err) != o2c.CodeInvalid || !strings.Contains(o2c.ErrorMessage(err), tt.want) {
				t.Fatalf("error %q (%s), want CodeInvalid saying %q", o2c.ErrorMessage(err), o2c.ErrorCode(err), tt.want)
			}
			pr, ok := ProblemOf(err)
			if !ok || pr.Code != tt.rule || pr.Text != o2c.ErrorMessage(err) {
				t.Fatalf("ProblemOf = %+v, %v; want code %s", pr, ok, tt.rule)
			}
		})
	}
}

func TestParseRefusesLargeInput(t *testing.T) {
	t.Parallel()

	b := bytes.Repeat([]byte(" "), MaxSize+1)
	_, err := Parse(b)
	if o2c.ErrorCode(err) != o2c.CodeTooLarge || !strings.Contains(o2c.ErrorMessage(err), "at most 104857600 bytes (100 MB)") {
		t.Fatalf("error %v, want CodeTooLarge", err)
	}
	if _, err := ParseHeader(b); o2c.ErrorCode(err) != o2c.CodeTooLarge {
		t.Fatalf("ParseHeader error %v, want CodeTooLarge", err)
	}
}

func TestParseLenient(t *testing.T) {
	t.Parallel()

	input := strings.Replace(strings.Replace(order, "UNT+6+M1", "UNT+9+M9", 1), "UNZ+1+REF1'", "", 1) + // no UNZ before the next UNB
		"UNB+UNOC:3+S+R+240105:1200+X'UNG+ORDERS+S+R+240105:1200+G1+UN+D:96A'UNH+1+ORDERS:D:96A:UN'UNT+2+1'UNZ+3+Y'"
	all, err := Parser{Lenient: true}.ParseAll([]byte(input))
	if err != nil {
		t.Fatalf("ParseAll: %v", err)
	}
	if len(all) != 2 {
		t.Fatalf("%d interchanges, want 2", len(all))
	}
	want := [][]Problem{
		{
			{Code: SyntaxCountMismatch, Tag: "UNT", Message: "M1", Element: 1},
			{Code: SyntaxReferencesDiffer, Tag: "UNT", Message: "M1", Element: 2},
			{Code: SyntaxMissing, Tag: "UNZ"},
		},
		{
			{Code: SyntaxMissing, Tag: "UNE", Group: "G1"},
			{Code: SyntaxCountMismatch, Tag: "UNZ", Element: 1},
			{Code: SyntaxReferencesDiffer, Tag: "UNZ", Element: 2},
		},
	}
	for i, ic := range all {
		if len(ic.Problems) != len(want[i]) {
			t.Fatalf("interchange %d: problems %+v, want %+v", i, ic.Problems, want[i])
		}
		for j, p := range ic.Problems {
			if p.Text == "" {
				t.Fatalf("interchange %d: problem %d has no text", i, j)
			}
			p.Text = ""
			if p != want[i][j] {
				t.Fatalf("interchange %d: problem %d = %+v, want %+v", i, j, p, want[i][j])
			}
		}
	}
	eq(t, "problem text", all[0].Problems[2].Text,
		`segment 8 (UNB) at byte 146: interchange "REF1" has no UNZ before the next interchange`)
}

func TestParseHeader(t *testing.T) {
	t.Parallel()

	// The header of an interchange broken further on still names it, for the CONTRL that rejects it.
	ic, err := ParseHeader([]byte(strings.Replace(order, "PO1", "PO?1", 1)))
	if err != nil {
		t.Fatalf("ParseHeader: %v", err)
	}
	eq(t, "sender and reference", ic.Sender.ID+" "+ic.ControlRef, "SENDER REF1")
}

func TestSegment(t *testing.T) {
	t.Parallel()

	s := Segment{Tag: "FTX", Elements: [][]string{{"AAI"}, {""}, {""}, {"a:b+c'd?e", "f"}}}
	eq(t, "String", s.String(), "FTX+AAI+++a?:b?+c?'d??e:f")
	eq(t, "Value", s.Value(3, 1), "f")
	eq(t, "Value out of range", s.Value(-1, 0)+s.Value(4, 0)+s.Value(3, 2)+s.Value(0, -1), "")
}
