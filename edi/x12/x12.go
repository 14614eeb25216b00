package x12

// Interchange is one ISA…IEA envelope: who sent it to whom, and its functional groups.
type Interchange struct {
	SenderQual    string     // ISA05: the qualifier of SenderID (01 DUNS, 08 UCC comm ID, 12 phone, ZZ mutually defined…)
	SenderID      string     // ISA06, without its padding
	ReceiverQual  string     // ISA07
	ReceiverID    string     // ISA08, without its padding
	Date          string     // ISA09 as written, YYMMDD
	Time          string     // ISA10 as written, HHMM
	Version       string     // ISA12: 00200, 00401, 00501…
	ControlNumber string     // ISA13 as written: 9 digits; IEA02 repeats it
	AckRequested  string     // ISA14: "1" when the sender asks for a TA1, else "0"
	Usage         string     // ISA15: P production, T test, I information
	Separators    Separators // the delimiters the interchange was written with
	Groups        []Group
}

// Separators are the delimiters of an interchange, declared by its ISA segment.
type Separators struct {
	Element    byte // the 4th byte of the ISA, usually '*'
	Repetition byte // ISA11 from version 00402 on, usually '^'; 0 when there is none
	Component  byte // ISA16, usually '>' or ':'
	Segment    byte // the byte after ISA16, usually '~'
	// LineBreak is true when a line break follows each segment terminator. It is layout, not
	// syntax: Parse accepts line breaks either way, and a writer adds them when this is set
	// (never after a terminator that is itself CR or LF).
	LineBreak bool
}

// DefaultSeparators are the common ones: '*' between elements, '>' between components, '~' after
// each segment, no repetition separator and no line breaks.
var DefaultSeparators = Separators{Element: '*', Component: '>', Segment: '~'}

// Group is one GS…GE functional group: transaction sets of one kind (PO for 850s, IN for 810s, FA
// for 997s…) in one version.
type Group struct {
	FunctionalID  string // GS01: PO, IN, FA, PR, SH, RA…
	SenderCode    string // GS02, the application sender's code
	ReceiverCode  string // GS03, the application receiver's code
	Date          string // GS04 as written: CCYYMMDD (YYMMDD before version 004010)
	Time          string // GS05 as written: HHMM, HHMMSS…
	ControlNumber string // GS06 as written: 1 to 9 digits; GE02 repeats it
	Agency        string // GS07: X for ASC X12, T for TDCC
	Version       string // GS08: 004010, 004010VICS, 005010…
	Sets          []Set
}

// Set is one ST…SE transaction set, a business document: an 850 purchase order, an 810 invoice…
type Set struct {
	ID            string    // ST01: 850, 810, 855, 997…
	ControlNumber string    // ST02 as written; SE02 repeats it
	Convention    string    // ST03, the implementation convention (from version 00403; often empty)
	Segments      []Segment // the segments between ST and SE, without them
}

// Segment is one segment: its ID (BEG, PO1…) and its elements. Elements[0] is the first element
// after the ID (BEG01), and each element is the list of its components: a simple element has one.
// An element left empty has one empty component. A repetition separator (version 00402 on) stays
// in the text of the component it appears in: 850s do not use repeated elements.
type Segment struct {
	ID       string
	Elements [][]string
}

// Element returns the first component of the n-th element, counted from 1 as the standard counts
// (Element(3) of a BEG is BEG03), or "" when the segment has no such element.
func (s *Segment) Element(n int) string {
	if n < 1 || n > len(s.Elements) || len(s.Elements[n-1]) == 0 {
		return ""
	}
	return s.Elements[n-1][0]
}

// Rules of the faults this package reports; the package documentation explains each.
const (
	RuleNotX12    = "X12-01"
	RuleISA       = "X12-02"
	RuleSegment   = "X12-03"
	RuleEnvelope  = "X12-04"
	RuleControl   = "X12-05"
	RuleCount     = "X12-06"
	RuleNoOrder   = "X12-10"
	RuleBEG       = "X12-11"
	RuleDate      = "X12-12"
	RuleNumber    = "X12-13"
	RuleLineCount = "X12-14"
	RuleCurrency  = "X12-15"
	RuleWrite     = "X12-20"
)
