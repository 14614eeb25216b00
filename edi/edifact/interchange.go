package edifact

// Interchange is one UNB...UNZ envelope with the functional groups and messages it holds.
type Interchange struct {
	Syntax     Syntax  // character set, version and service characters
	Sender     Partner // UNB S002: who sent the interchange
	Recipient  Partner // UNB S003: whom it is for
	Date       string  // UNB 0017: date of preparation, YYMMDD (CCYYMMDD in syntax version 4)
	Time       string  // UNB 0019: time of preparation, HHMM
	ControlRef string  // UNB 0020 = UNZ 0020: the sender's reference; with Sender.ID, the natural key of the interchange
	AppRef     string  // UNB 0026: application reference, often the message type
	AckRequest bool    // UNB 0031 = 1: the sender asks for a CONTRL
	Test       bool    // UNB 0035 = 1: a test interchange, not to be acted upon
	Groups     []Group // the functional groups (UNG...UNE), in order; empty when the messages are not grouped

	// Messages holds every message of the interchange in order, grouped or not.
	Messages []Message

	// Problems lists what a lenient Parser accepted although the syntax forbids it (wrong counts,
	// references that do not match, a missing UNZ). A strict Parser never fills it: it fails.
	Problems []Problem

	// Notes says how the text was read where the interchange does not say it plainly: an 8-bit
	// character set whose bytes are valid UTF-8, or a syntax identifier of no known character set.
	Notes []string
}

// Syntax says how an interchange is written.
type Syntax struct {
	ID      string // UNB 0001: UNOA, UNOB, UNOC... (UN/ECE level and character repertoire)
	Version string // UNB 0002: syntax version number, "1" to "4"
	Charset string // the character set the text was decoded from, e.g. "ISO-8859-1" or "UTF-8"
	Delims  Delims // the service characters in force
}

// Delims are the service characters of an interchange: from its UNA, or the defaults of its level.
type Delims struct {
	Component  byte // component data element separator, ':' by default
	Element    byte // data element separator, '+' by default
	Decimal    byte // decimal mark, '.' or ','
	Release    byte // release character, '?' by default; 0 when there is none
	Repetition byte // repetition separator (syntax version 4 only), '*' by default; 0 when there is none
	Segment    byte // segment terminator, '\'' by default
}

// Partner identifies the sender or recipient of an interchange or of a functional group.
type Partner struct {
	ID        string `json:"id"`                  // identification, e.g. a GLN
	Qualifier string `json:"qualifier,omitempty"` // code qualifier of ID, e.g. "14" for a GS1 GLN
	Routing   string `json:"routing,omitempty"`   // address for reverse routing (sender) or routing address (recipient)
}

// Group is one functional group (UNG...UNE). Its messages are the Messages of the interchange whose
// Group is its Ref.
type Group struct {
	ID          string  // UNG 0038: message group identification, e.g. "ORDERS"
	Sender      Partner // UNG S006: application sender
	Recipient   Partner // UNG S007: application recipient
	Date        string  // UNG S004 0017
	Time        string  // UNG S004 0019
	Ref         string  // UNG 0048 = UNE 0048: group reference number
	Agency      string  // UNG 0051: controlling agency, e.g. "UN"
	Version     string  // UNG S008 0052: message version number
	Release     string  // UNG S008 0054: message release number
	Association string  // UNG S008 0057: association assigned code
}

// Message is one message (UNH...UNT).
type Message struct {
	Ref         string // UNH 0062 = UNT 0062: message reference number
	Type        string // UNH S009 0065: ORDERS, INVOIC, DESADV...
	Version     string // UNH S009 0052: "D" for a directory version
	Release     string // UNH S009 0054: "96A", "01B"...
	Agency      string // UNH S009 0051: "UN"
	Association string // UNH S009 0057: e.g. "EAN008" for EANCOM
	Group       string // Ref of the functional group holding the message; "" when there is none

	// Segments are the segments between UNH and UNT. Segments[i] is at position i+2 of the
	// message, the position a CONTRL names (UNH is 1).
	Segments []Segment

	// Start is the number of the message's UNH segment in the file, counting every segment
	// from 1 (UNA included), as parse errors count them.
	Start int
}

// Segment is one segment: its tag and its data elements, each a list of components. A simple data
// element is an element of one component. Components are as written, released characters
// restored and text decoded to UTF-8.
type Segment struct {
	Tag      string
	Elements [][]string
}

// Value returns component c of data element e, both counted from 0 after the tag, or "" when the
// segment has no such element or component. QTY+21:5:PCE has Value(0, 1) == "5".
func (s Segment) Value(e, c int) string {
	if e < 0 || e >= len(s.Elements) {
		return ""
	}
	el := s.Elements[e]
	if c < 0 || c >= len(el) {
		return ""
	}
	return el[c]
}

// String writes the segment with the default service characters, releasing what needs it and
// without its terminator: for messages and logs.
func (s Segment) String() string {
	w := writer{d: defaultDelims}
	w.segment(s)
	return string(w.buf[:len(w.buf)-1])
}
