package edifact

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/o2c-project/o2c"
)

// Parser reads interchanges. The zero value is strict.
type Parser struct {
	// Lenient accepts what real senders get wrong but the syntax forbids, and lists each in
	// Interchange.Problems: segment and message counts that do not match, trailer references that
	// differ from their headers, a missing UNZ (or UNE) at the end, and functional groups mixed
	// with ungrouped messages. Broken syntax (a bad release character, a truncated segment, a
	// message without UNT) still fails.
	Lenient bool
}

// Parse reads an input that holds exactly one interchange, strictly. See Parser.Parse.
func Parse(b []byte) (*Interchange, error) { return Parser{}.Parse(b) }

// ParseAll reads every interchange of an input, strictly. See Parser.ParseAll.
func ParseAll(b []byte) ([]*Interchange, error) { return Parser{}.ParseAll(b) }

// Parse reads an input that holds exactly one interchange. An input with several is CodeInvalid,
// its message naming the second UNB: read it with ParseAll.
func (p Parser) Parse(b []byte) (*Interchange, error) {
	all, err := p.parse(b, 1)
	if err != nil {
		return nil, err
	}
	return all[0], nil
}

// ParseAll reads every interchange of an input, in order: files often hold several, one after the
// other. Errors are *o2c.Error: CodeTooLarge past MaxSize, CodeInvalid for anything broken, the
// message naming the segment (its number in the file, UNA included, and its tag) and the problem.
func (p Parser) ParseAll(b []byte) ([]*Interchange, error) {
	return p.parse(b, -1)
}

// ParseHeader reads only the UNA and UNB of the first interchange of b: the sender, recipient,
// control reference and syntax, which a CONTRL rejecting a broken interchange needs.
func ParseHeader(b []byte) (*Interchange, error) {
	ps, err := newParser(b, Parser{Lenient: true})
	if err != nil {
		return nil, err
	}
	ps.lx.skipSpace()
	ic, err := ps.header()
	if err != nil {
		return nil, err
	}
	return ic, nil
}

// parser is the state of one Parse call.
type parser struct {
	Parser
	lx lexer

	utf8Input bool // the whole input is valid UTF-8
	highInput bool // the input holds bytes over 0x7F

	cs     charset // how the current interchange's text is decoded
	noteCS string  // the note to add once the current interchange decodes a byte over 0x7F
	high   bool    // the current interchange decoded a byte over 0x7F

	body      []Segment // the segments of the open message, until its UNT: the start of sslab
	chunk     strings.Builder
	sslab     []Segment  // the segments of messages are carved out of it
	text      []byte     // scratch for decoding
	slab      []string   // components are carved out of it
	eslab     [][]string // elements are carved out of it
	slabSize  int
	eslabSize int
	sslabSize int
}

func newParser(b []byte, opts Parser) (*parser, error) {
	if len(b) > MaxSize {
		return nil, &o2c.Error{Code: o2c.CodeTooLarge,
			Message: fmt.Sprintf("the input is %d bytes: o2c reads EDIFACT interchanges of at most %d bytes (100 MB)", len(b), MaxSize)}
	}
	ps := &parser{Parser: opts, lx: lexer{b: b}}
	if bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) { // a UTF-8 byte-order mark, which Windows tools write
		ps.lx.pos = 3
	}
	ps.highInput = !isASCII(b[ps.lx.pos:])
	ps.utf8Input = !ps.highInput || utf8.Valid(b[ps.lx.pos:])
	return ps, nil
}

func (p Parser) parse(b []byte, most int) ([]*Interchange, error) {
	ps, err := newParser(b, p)
	if err != nil {
		return nil, err
	}
	var all []*Interchange
	for {
		ps.lx.skipSpace()
		ps.skipEOF()
		if ps.lx.pos >= len(ps.lx.b) {
			break
		}
		if len(all) == most {
			return nil, parseError(SyntaxUnspecified, fmt.Sprintf("segment %d at byte %d", ps.lx.n+1, ps.lx.pos),
				"a second interchange starts here: read a file of several interchanges with ParseAll")
		}
		ic, err := ps.interchange()
		if err != nil {
			return nil, err
		}
		all = append(all, ic)
	}
	if len(all) == 0 {
		return nil, parseError(SyntaxMissing, "segment 1", "the input is empty: an EDIFACT interchange starts with UNA or UNB")
	}
	return all, nil
}

// skipEOF skips the end-of-file character (0x1A, Ctrl-Z) that DOS tools leave at the end of a file.
func (ps *parser) skipEOF() {
	for ps.lx.pos < len(ps.lx.b) && ps.lx.b[ps.lx.pos] == 0x1A {
		ps.lx.pos++
		ps.lx.skipSpace()
	}
}

// header reads the UNA, if any, and the UNB of an interchange.
func (ps *parser) header() (*Interchange, error) {
	lx := &ps.lx
	d := defaultDelims
	rest := lx.b[lx.pos:]
	una := bytes.HasPrefix(rest, []byte("UNA"))
	switch {
	case una:
		lx.n++
		lx.start, lx.tag = lx.pos, "UNA"
		if len(rest) < 9 {
			return nil, lx.fail(SyntaxMissing, "UNA needs 6 service characters after its tag; the input ends first")
		}
		var err error
		if d, err = ps.una(rest[3:9]); err != nil {
			return nil, err
		}
		lx.pos += 9
		lx.skipSpace()
	case bytes.HasPrefix(rest, []byte("UNB")) && len(rest) > 3 && rest[3] == levelBDelims.Element:
		d = levelBDelims
	}
	// Until UNB says the syntax version, a repetition separator is only a character to release.
	lx.setDelims(d, false)
	ok, err := lx.next()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, parseError(SyntaxMissing, fmt.Sprintf("segment %d", lx.n+1), "the input ends after UNA: UNB is missing")
	}
	if lx.tag != "UNB" {
		if una {
			return nil, lx.fail(SyntaxMissing, "UNA must be followed by UNB")
		}
		return nil, lx.fail(SyntaxMissing, "an interchange starts with UNA or UNB")
	}
	ic := &Interchange{Syntax: Syntax{Delims: d}}
	// The UNB is read before its character set is known: as UTF-8 if the input is, else ISO 8859-1.
	ps.cs, ps.noteCS, ps.high = latin1, "", false
	if ps.utf8Input {
		ps.cs = utf8cs
	}
	seg, err := ps.segment()
	if err != nil {
		return nil, err
	}
	if err := ps.unb(ic, seg, una); err != nil {
		return nil, err
	}
	return ic, nil
}

// una reads the six service characters of a UNA.
func (ps *parser) una(c []byte) (Delims, error) {
	d := Delims{Component: c[0], Element: c[1], Decimal: c[2], Release: c[3], Repetition: c[4], Segment: c[5]}
	if d.Release == ' ' {
		d.Release = 0
	}
	if d.Repetition == ' ' {
		d.Repetition = 0
	}
	if d.Decimal != '.' && d.Decimal != ',' {
		return d, ps.lx.fail(SyntaxInvalidValue, "the decimal mark %s is neither '.' nor ','", quoteByte(d.Decimal))
	}
	seen := map[byte]string{}
	for _, s := range []struct {
		c    byte
		name string
	}{{d.Component, "component separator"}, {d.Element, "data element separator"}, {d.Release, "release character"},
		{d.Repetition, "repetition separator"}, {d.Segment, "segment terminator"}} {
		if s.c == 0 {
			continue
		}
		if s.c >= 'A' && s.c <= 'Z' || s.c >= 'a' && s.c <= 'z' || s.c >= '0' && s.c <= '9' || s.c == ' ' ||
			s.c == '\r' && s.name != "segment terminator" || s.c == '\n' && s.name != "segment terminator" {
			return d, ps.lx.fail(SyntaxInvalidServiceChar, "the %s %s cannot be a service character", s.name, quoteByte(s.c))
		}
		if other, ok := seen[s.c]; ok {
			return d, ps.lx.fail(SyntaxInvalidServiceChar, "the %s and the %s are both %s", other, s.name, quoteByte(s.c))
		}
		seen[s.c] = s.name
	}
	return d, nil
}

// unb reads the interchange header into ic and chooses the character set.
func (ps *parser) unb(ic *Interchange, s Segment, una bool) error {
	lx := &ps.lx
	ic.Syntax.ID, ic.Syntax.Version = s.Value(0, 0), s.Value(0, 1)
	ic.Sender = Partner{ID: s.Value(1, 0), Qualifier: s.Value(1, 1), Routing: s.Value(1, 2)}
	ic.Recipient = Partner{ID: s.Value(2, 0), Qualifier: s.Value(2, 1), Routing: s.Value(2, 2)}
	ic.Date, ic.Time = s.Value(3, 0), s.Value(3, 1)
	ic.ControlRef = s.Value(4, 0)
	ic.AppRef = s.Value(6, 0)
	ic.AckRequest = s.Value(8, 0) == "1"
	ic.Test = s.Value(10, 0) == "1"
	switch {
	case len(ic.Syntax.ID) != 4:
		return lx.fail(SyntaxMissing, "the syntax identifier (S001 0001) is %q, not 4 letters such as UNOC", ic.Syntax.ID)
	case len(ic.Syntax.Version) != 1 || ic.Syntax.Version < "1" || ic.Syntax.Version > "4":
		return lx.fail(SyntaxLevelNotSupported, "the syntax version (S001 0002) is %q, not 1 to 4", ic.Syntax.Version)
	case ic.Sender.ID == "":
		return lx.fail(SyntaxMissing, "the interchange sender (S002 0004) is missing")
	case ic.Recipient.ID == "":
		return lx.fail(SyntaxMissing, "the interchange recipient (S003 0010) is missing")
	case !digits(ic.Date, 6, 8) || !digits(ic.Time, 4, 4):
		return lx.fail(SyntaxInvalidValue, "the date and time of preparation (S004) are %q:%q, not YYMMDD:HHMM", ic.Date, ic.Time)
	case ic.ControlRef == "":
		return lx.fail(SyntaxMissing, "the interchange control reference (0020) is missing")
	}
	d := ic.Syntax.Delims
	switch {
	case ic.Syntax.Version != "4":
		d.Repetition = 0 // before version 4 the UNA position is reserved
	case !una && d != levelBDelims:
		d.Repetition = defaultDelims.Repetition
	}
	ic.Syntax.Delims = d
	lx.setDelims(d, d.Repetition != 0)

	declared, known := declaredCharset(ic.Syntax.ID)
	ps.cs, ps.noteCS = declared, ""
	switch {
	case known && declared.cm == nil && !declared.ascii: // UTF-8 declared: invalid bytes fail where they are
	case ps.highInput && ps.utf8Input:
		ps.cs = utf8cs
		ps.noteCS = fmt.Sprintf("the interchange declares %s but its text is valid UTF-8: read as UTF-8", ic.Syntax.ID)
	case !known:
		ps.cs = latin1
		ps.noteCS = fmt.Sprintf("syntax identifier %s names no character set o2c decodes: read as ISO-8859-1", ic.Syntax.ID)
	case declared.ascii:
		ps.cs = latin1
		ps.noteCS = fmt.Sprintf("%s allows no character over 0x7F but the text has some: read as ISO-8859-1", ic.Syntax.ID)
	}
	ps.high = false
	ic.Syntax.Charset = ps.cs.name
	if ps.cs.ascii {
		ic.Syntax.Charset = charsetASCII
	}
	return nil
}

func digits(s string, minLen, maxLen int) bool {
	if len(s) < minLen || len(s) > maxLen {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
