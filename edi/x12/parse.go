package x12

import (
	"fmt"
	"strings"

	"github.com/o2c-project/o2c"
)

// MaxSize is the largest input Parse and ParseAll read: 100 MB, far above any real interchange.
const MaxSize = 100 << 20

// maxParsed bounds the memory of the parsed form: a segment costs about 40 bytes, an element 24
// and a component 16 on top of the input. Real interchanges need 5 to 8 times their size; only a
// file of empty elements (100 MB of "*") would need 40 times, and is refused instead.
const maxParsed = 1 << 30

// Sizes of the parsed form, for the memory bound (64-bit).
const (
	segmentBytes   = 40
	elementBytes   = 24
	componentBytes = 16
)

// Parse reads one interchange: ISA, functional groups of transaction sets, IEA. The separators
// are those the ISA declares, whatever bytes they are; line breaks and indentation between
// segments, a UTF-8 byte-order mark before the ISA and a DOS end-of-file mark (0x1A) after the
// IEA are tolerated. It checks the envelopes: every set closed by SE with the right segment count
// and control number, every group by GE, the interchange by IEA, with the right counts and
// control numbers. A file of several interchanges is an error here: ParseAll reads those.
//
// Errors: CodeTooLarge for input over MaxSize (or whose parsed form would pass 1 GiB), else
// CodeInvalid with one fault naming the segment (its number in the file, from 1 at the ISA, its
// ID and its byte offset) and what is wrong with it. See the package documentation for the rules.
func Parse(b []byte) (*Interchange, error) {
	ics, err := parse(b, true)
	if err != nil {
		return nil, err
	}
	return ics[0], nil
}

// ParseAll reads a file of one or more interchanges one after another, each with its own
// separators, as mailboxes and value-added networks deliver them. Errors as Parse.
func ParseAll(b []byte) ([]*Interchange, error) {
	return parse(b, false)
}

func parse(b []byte, one bool) ([]*Interchange, error) {
	if len(b) > MaxSize {
		return nil, o2c.Errorf(o2c.CodeTooLarge, "the X12 file is %d bytes; the limit is %d (100 MB)", len(b), MaxSize)
	}
	p := &parser{s: string(b), budget: maxParsed}
	pos := 0
	if strings.HasPrefix(p.s, "\xEF\xBB\xBF") {
		pos = 3
	}
	pos = skipSpace(p.s, pos, nil)
	var ics []*Interchange
	for {
		ic, next, err := p.interchange(pos)
		if err != nil {
			return nil, err
		}
		ics = append(ics, ic)
		pos = skipTrailer(p.s, next)
		if pos == len(p.s) {
			return ics, nil
		}
		if one && strings.HasPrefix(p.s[pos:], "ISA") {
			p.segNo++
			return nil, p.fault(RuleEnvelope, pos, "ISA", "a second interchange starts after the IEA; this reader takes one interchange at a time")
		}
		if !strings.HasPrefix(p.s[pos:], "ISA") {
			p.segNo++
			return nil, p.fault(RuleEnvelope, pos, segmentIDAt(p.s, pos, ic.Separators.Element), "data follows the IEA that ends the interchange")
		}
	}
}

// parser holds the input, as one string whose substrings become the parsed values (one copy of
// the input, no allocation per value), and the number of the segment being read.
type parser struct {
	s      string
	segNo  int // the file-wide number of the last segment read, from 1
	budget int // bytes of parsed form still allowed
	sep    Separators
	// Arenas for the current interchange: the parsed values are subslices of these, so that
	// parsing allocates a few large arrays instead of one per segment and element.
	segs  []Segment
	elems [][]string
	comps []string
}

// Envelope states.
const (
	inInterchange = iota // after ISA or GE: GS or IEA comes next
	inGroup              // after GS or SE: ST or GE comes next
	inSet                // after ST: segments of the set, then SE
)

func (p *parser) interchange(pos int) (*Interchange, int, error) {
	isaPos := pos
	p.segNo++
	ic, pos, err := p.isa(pos)
	if err != nil {
		return nil, 0, err
	}
	p.sep = ic.Separators
	if err := p.allocate(pos); err != nil {
		return nil, 0, err
	}
	state := inInterchange
	var g *Group
	var set *Set
	var setNo, setStart, setSegPos int // segment number, arena index and byte offset of the current ST
	for {
		segPos := skipSpace(p.s, pos, &p.sep)
		if segPos == len(p.s) {
			return nil, 0, p.truncated(state, ic, g, set, isaPos)
		}
		p.segNo++
		id, elems, next, err := p.segment(segPos)
		if err != nil {
			return nil, 0, err
		}
		pos = next
		switch state {
		case inInterchange:
			switch id {
			case "GS":
				grp, err := p.gs(segPos, elems)
				if err != nil {
					return nil, 0, err
				}
				ic.Groups = append(ic.Groups, grp)
				g = &ic.Groups[len(ic.Groups)-1]
				state = inGroup
			case "IEA":
				if err := p.iea(segPos, elems, ic); err != nil {
					return nil, 0, err
				}
				return ic, pos, nil
			case "ISA":
				return nil, 0, p.fault(RuleEnvelope, segPos, id, "a new interchange starts before the IEA of the interchange of byte %d", isaPos)
			default:
				return nil, 0, p.fault(RuleEnvelope, segPos, id, "%s stands outside a functional group: GS or IEA must come next", id)
			}
			p.release(elems)
		case inGroup:
			switch id {
			case "ST":
				if len(elems) < 2 || first(elems, 1) == "" || first(elems, 2) == "" {
					return nil, 0, p.fault(RuleEnvelope, segPos, id, "ST needs ST01 (the transaction set ID) and ST02 (its control number)")
				}
				g.Sets = append(g.Sets, Set{ID: first(elems, 1), ControlNumber: first(elems, 2), Convention: first(elems, 3)})
				set = &g.Sets[len(g.Sets)-1]
				setNo, setStart, setSegPos = p.segNo, len(p.segs), segPos
				state = inSet
			case "GE":
				if err := p.ge(segPos, elems, g); err != nil {
					return nil, 0, err
				}
				g = nil
				state = inInterchange
			default:
				return nil, 0, p.fault(RuleEnvelope, segPos, id, "%s stands outside a transaction set: ST or GE must come next (group %s)", id, g.ControlNumber)
			}
			p.release(elems)
		case inSet:
			switch id {
			case "SE":
				body := p.segs[setStart:len(p.segs):len(p.segs)]
				if err := p.se(segPos, elems, set, len(body)); err != nil {
					return nil, 0, err
				}
				set.Segments = body
				set = nil
				state = inGroup
				p.release(elems)
			case "ST", "GS", "GE", "IEA", "ISA":
				return nil, 0, p.fault(RuleEnvelope, segPos, id, "transaction set %s (%s) of segment %d at byte %d has no SE before this %s",
					set.ControlNumber, set.ID, setNo, setSegPos, id)
			default:
				p.segs = append(p.segs, Segment{ID: id, Elements: elems})
			}
		}
	}
}

// truncated explains an input that ends inside an interchange.
func (p *parser) truncated(state int, ic *Interchange, g *Group, set *Set, isaPos int) error {
	p.segNo++
	what := fmt.Sprintf("the interchange %s of byte %d has no IEA", ic.ControlNumber, isaPos)
	switch state {
	case inGroup:
		what = fmt.Sprintf("functional group %s has no GE, and the interchange no IEA", g.ControlNumber)
	case inSet:
		what = fmt.Sprintf("transaction set %s (%s) has no SE", set.ControlNumber, set.ID)
	}
	return p.fault(RuleEnvelope, len(p.s), "end", "the input ends too early: %s", what)
}

// release gives back the arena space of an envelope segment's elements, which are not kept.
func (p *parser) release(elems [][]string) {
	if n := len(p.elems) - len(elems); n >= 0 && len(elems) > 0 {
		comps := 0
		for _, e := range elems {
			comps += len(e)
		}
		p.elems = p.elems[:n]
		p.comps = p.comps[:len(p.comps)-comps]
	}
}

// allocate sizes the arenas for the interchange that starts its body at pos, from the counts of
// its separators up to its IEA, and refuses a parsed form past the memory bound.
func (p *parser) allocate(pos int) error {
	end := p.findEnd(pos)
	body := p.s[pos:end]
	segs := strings.Count(body, string([]byte{p.sep.Segment}))
	elems := strings.Count(body, string([]byte{p.sep.Element}))
	comps := elems + strings.Count(body, string([]byte{p.sep.Component}))
	need := segs*segmentBytes + elems*elementBytes + comps*componentBytes
	if need > p.budget {
		return o2c.Errorf(o2c.CodeTooLarge, "the X12 file holds %d segments and %d elements in %d bytes: too many to read within the memory limit", segs, elems, len(body))
	}
	p.budget -= need
	p.segs = make([]Segment, 0, segs)
	p.elems = make([][]string, 0, elems)
	p.comps = make([]string, 0, comps)
	return nil
}

// findEnd returns the offset just after the IEA segment that follows pos, or the end of the input.
func (p *parser) findEnd(pos int) int {
	needle := "IEA" + string([]byte{p.sep.Element})
	for k := pos; k < len(p.s); {
		i := strings.Index(p.s[k:], needle)
		if i < 0 {
			break
		}
		at := k + i
		// The IEA must start a segment: only layout may stand between it and a terminator.
		j := at - 1
		for j >= pos && isSpace(p.s[j]) && !p.sep.has(p.s[j]) {
			j--
		}
		if j >= pos && p.s[j] == p.sep.Segment {
			if t := strings.IndexByte(p.s[at:], p.sep.Segment); t >= 0 {
				return at + t + 1
			}
			break
		}
		k = at + len(needle)
	}
	return len(p.s)
}

// segment reads the segment at pos: its ID and elements, and the offset after its terminator.
func (p *parser) segment(pos int) (string, [][]string, int, error) {
	sep := &p.sep
	n := strings.IndexByte(p.s[pos:], sep.Segment)
	if n < 0 {
		return "", nil, 0, p.fault(RuleSegment, pos, segmentIDAt(p.s, pos, sep.Element),
			"the input ends inside this segment: it has no segment terminator %s", quoteByte(sep.Segment))
	}
	text := p.s[pos : pos+n]
	id, rest, hasElems := strings.Cut(text, string([]byte{sep.Element}))
	if !validID(id) {
		return "", nil, 0, p.fault(RuleSegment, pos, segmentIDAt(p.s, pos, sep.Element),
			"%s is not a segment ID (2 or 3 upper-case letters and digits, the first a letter)", quote(id))
	}
	if !hasElems {
		return id, p.elems[len(p.elems):len(p.elems):len(p.elems)], pos + n + 1, nil
	}
	e0, c0 := len(p.elems), len(p.comps)
	es, cs := sep.Element, sep.Component
	if strings.IndexByte(rest, cs) < 0 {
		// No components, as in most segments: one search per element.
		for {
			j := strings.IndexByte(rest, es)
			if j < 0 {
				break
			}
			p.comps = append(p.comps, rest[:j])
			p.elems = append(p.elems, p.comps[len(p.comps)-1:len(p.comps):len(p.comps)])
			rest = rest[j+1:]
		}
		p.comps = append(p.comps, rest)
		p.elems = append(p.elems, p.comps[len(p.comps)-1:len(p.comps):len(p.comps)])
		return id, p.elems[e0:len(p.elems):len(p.elems)], pos + n + 1, nil
	}
	start := 0
	for j := 0; j < len(rest); j++ {
		switch rest[j] {
		case es:
			p.comps = append(p.comps, rest[start:j])
			p.elems = append(p.elems, p.comps[c0:len(p.comps):len(p.comps)])
			c0 = len(p.comps)
			start = j + 1
		case cs:
			p.comps = append(p.comps, rest[start:j])
			start = j + 1
		}
	}
	p.comps = append(p.comps, rest[start:])
	p.elems = append(p.elems, p.comps[c0:len(p.comps):len(p.comps)])
	return id, p.elems[e0:len(p.elems):len(p.elems)], pos + n + 1, nil
}

// validID reports whether id is a segment ID: a letter, then 1 or 2 letters or digits, upper case.
func validID(id string) bool {
	if len(id) < 2 || len(id) > 3 || id[0] < 'A' || id[0] > 'Z' {
		return false
	}
	for i := 1; i < len(id); i++ {
		if c := id[i]; (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

func (p *parser) gs(pos int, elems [][]string) (Group, error) {
	if len(elems) < 8 {
		return Group{}, p.fault(RuleEnvelope, pos, "GS", "GS has %d elements; it needs 8 (GS01 to GS08)", len(elems))
	}
	g := Group{
		FunctionalID: first(elems, 1), SenderCode: first(elems, 2), ReceiverCode: first(elems, 3),
		Date: first(elems, 4), Time: first(elems, 5), ControlNumber: first(elems, 6),
		Agency: first(elems, 7), Version: first(elems, 8),
	}
	switch {
	case g.FunctionalID == "":
		return Group{}, p.fault(RuleEnvelope, pos, "GS", "GS01, the functional identifier, is empty")
	case !digits(g.ControlNumber, 1, 9):
		return Group{}, p.fault(RuleEnvelope, pos, "GS", "GS06, the group control number, is %s: it must be 1 to 9 digits", quote(g.ControlNumber))
	case g.Version == "":
		return Group{}, p.fault(RuleEnvelope, pos, "GS", "GS08, the version, is empty")
	}
	return g, nil
}

func (p *parser) se(pos int, elems [][]string, set *Set, body int) error {
	count, ctl := first(elems, 1), first(elems, 2)
	if !digits(count, 1, 10) {
		return p.fault(RuleEnvelope, pos, "SE", "SE01, the number of segments, is %s: it must be a number", quote(count))
	}
	if ctl != set.ControlNumber {
		return p.fault(RuleControl, pos, "SE", "SE02 is %s but the ST02 of its transaction set (%s) is %s", quote(ctl), set.ID, quote(set.ControlNumber))
	}
	if n := atoi(count); n != body+2 {
		return p.fault(RuleCount, pos, "SE", "SE01 says %d segments but transaction set %s (%s) has %d, ST and SE included", n, set.ControlNumber, set.ID, body+2)
	}
	return nil
}

func (p *parser) ge(pos int, elems [][]string, g *Group) error {
	count, ctl := first(elems, 1), first(elems, 2)
	if !digits(count, 1, 10) {
		return p.fault(RuleEnvelope, pos, "GE", "GE01, the number of transaction sets, is %s: it must be a number", quote(count))
	}
	if !sameNumber(ctl, g.ControlNumber) {
		return p.fault(RuleControl, pos, "GE", "GE02 is %s but the GS06 of its group is %s", quote(ctl), quote(g.ControlNumber))
	}
	if n := atoi(count); n != len(g.Sets) {
		return p.fault(RuleCount, pos, "GE", "GE01 says %d transaction sets but group %s has %d", n, g.ControlNumber, len(g.Sets))
	}
	return nil
}

func (p *parser) iea(pos int, elems [][]string, ic *Interchange) error {
	count, ctl := first(elems, 1), first(elems, 2)
	if !digits(count, 1, 10) {
		return p.fault(RuleEnvelope, pos, "IEA", "IEA01, the number of functional groups, is %s: it must be a number", quote(count))
	}
	if !sameNumber(ctl, ic.ControlNumber) {
		return p.fault(RuleControl, pos, "IEA", "IEA02 is %s but the ISA13 of its interchange is %s", quote(ctl), quote(ic.ControlNumber))
	}
	if n := atoi(count); n != len(ic.Groups) {
		return p.fault(RuleCount, pos, "IEA", "IEA01 says %d functional groups but interchange %s has %d", n, ic.ControlNumber, len(ic.Groups))
	}
	return nil
}

// fault is the error of the segment at pos, numbered p.segNo.
func (p *parser) fault(rule string, pos int, id, format string, args ...any) *o2c.Error {
	path := fmt.Sprintf("segment %d (%s) at byte %d", p.segNo, id, pos)
	if id == "end" {
		path = fmt.Sprintf("end of input at byte %d", pos)
	}
	return o2c.Invalid(o2c.Fault{Rule: rule, Path: path, Message: fmt.Sprintf(format, args...)})
}

// first returns the first component of the n-th element (from 1), or "".
func first(elems [][]string, n int) string {
	if n > len(elems) || len(elems[n-1]) == 0 {
		return ""
	}
	return elems[n-1][0]
}

// has reports whether c is one of the separators.
func (s *Separators) has(c byte) bool {
	return c == s.Element || c == s.Component || c == s.Segment || (s.Repetition != 0 && c == s.Repetition)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// skipSpace skips the layout between segments: spaces, tabs and line breaks that are not
// separators of the interchange (sep nil: before an ISA, where none is known yet), and blank
// lines where the segment terminator is a line break.
func skipSpace(s string, pos int, sep *Separators) int {
	for pos < len(s) && isSpace(s[pos]) && (sep == nil || !sep.has(s[pos]) || s[pos] == sep.Segment && (s[pos] == '\n' || s[pos] == '\r')) {
		pos++
	}
	return pos
}

// skipTrailer skips what may follow an IEA: layout, NUL padding and a DOS end-of-file mark.
func skipTrailer(s string, pos int) int {
	for pos < len(s) && (isSpace(s[pos]) || s[pos] == 0x1A || s[pos] == 0) {
		pos++
	}
	return pos
}

// segmentIDAt returns, for an error message, what stands where a segment ID should be.
func segmentIDAt(s string, pos int, elem byte) string {
	end := min(pos+3, len(s))
	for i := pos; i < end; i++ {
		if c := s[i]; c == elem || c < ' ' || c > '~' {
			end = i
			break
		}
	}
	if end == pos {
		return "?"
	}
	return s[pos:end]
}

// digits reports whether s is from lo to hi ASCII digits.
func digits(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi reads at most 10 ASCII digits (checked by digits before).
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// sameNumber compares two control numbers as numbers ("000000005" is "5"); anything that is not
// digits must be equal as written.
func sameNumber(a, b string) bool {
	if digits(a, 1, 20) && digits(b, 1, 20) {
		return strings.TrimLeft(a, "0") == strings.TrimLeft(b, "0")
	}
	return a == b
}

// quote shows a value in a message, short and printable.
func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return fmt.Sprintf("%q", s)
}

// quoteByte names a separator in a message: '~', or 0x15 for one that does not print.
func quoteByte(c byte) string {
	if c > ' ' && c < 0x7F {
		return fmt.Sprintf("'%c'", c)
	}
	return fmt.Sprintf("0x%02X", c)
}
