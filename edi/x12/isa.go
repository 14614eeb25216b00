package x12

import (
	"strings"
)

// The ISA is 106 bytes: "ISA", 16 elements of fixed width, each after an element separator, and
// the segment terminator. isaWidths are the widths of ISA01 to ISA16.
var isaWidths = [16]int{2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1}

// isaLen is the length of a well-formed ISA, terminator included.
const isaLen = 106

// isa reads the ISA at pos, which declares the separators, and returns the interchange it opens
// and the offset after its terminator. The element separator is the byte after "ISA"; the
// component separator is ISA16, and the segment terminator the byte after it. Fields must have
// their fixed width, except that the padded text fields (ISA01 to ISA08) may be shorter, as some
// senders write them: they are read without their padding.
func (p *parser) isa(pos int) (*Interchange, int, error) {
	s := p.s
	if !strings.HasPrefix(s[pos:], "ISA") || len(s)-pos < 4 {
		return nil, 0, p.fault(RuleNotX12, pos, segmentIDAt(s, pos, 0), "the input does not start with an ISA segment: it is not an X12 interchange")
	}
	es := s[pos+3]
	if es == ' ' || isAlnum(es) || es == '\r' || es == '\n' || es == '\t' {
		return nil, 0, p.fault(RuleISA, pos, "ISA", "the element separator after \"ISA\" is %s: a separator cannot be a letter, a digit or a blank", quoteByte(es))
	}
	var f [16]string
	end := 0
	if fixed(s[pos:], es) {
		at := pos + 4
		for i, w := range isaWidths {
			f[i] = s[at : at+w]
			at += w + 1
		}
		end = pos + isaLen
	} else {
		// Fields shorter than their width: find the 16 element separators in the first 106 bytes.
		at := pos + 4
		limit := min(len(s), pos+isaLen)
		for i := range 15 {
			j := strings.IndexByte(s[at:limit], es)
			if j < 0 {
				return nil, 0, p.fault(RuleISA, pos, "ISA", "the ISA has %d of its 16 elements: it must be 106 bytes with 16 elements separated by %s", i+1, quoteByte(es))
			}
			f[i] = s[at : at+j]
			at += j + 1
		}
		if at+2 > len(s) {
			return nil, 0, p.fault(RuleISA, pos, "ISA", "the input ends inside the ISA")
		}
		f[15] = s[at : at+1]
		end = at + 2
	}
	for i, w := range isaWidths {
		if len(f[i]) > w || i >= 8 && len(f[i]) != w {
			return nil, 0, p.fault(RuleISA, pos, "ISA", "ISA%02d is %s: it must be %d characters", i+1, quote(f[i]), w)
		}
	}
	ic := &Interchange{
		SenderQual: strings.TrimSpace(f[4]), SenderID: strings.TrimSpace(f[5]),
		ReceiverQual: strings.TrimSpace(f[6]), ReceiverID: strings.TrimSpace(f[7]),
		Date: f[8], Time: f[9], Version: f[11], ControlNumber: f[12], AckRequested: f[13], Usage: f[14],
	}
	sep := Separators{Element: es, Component: f[15][0], Segment: s[end-1]}
	if ic.Version >= "00402" && !isAlnum(f[10][0]) && f[10][0] != ' ' {
		sep.Repetition = f[10][0] // before 00402, or when a letter, ISA11 is the standards identifier (U)
	}
	switch {
	case !digits(ic.Date, 6, 6):
		return nil, 0, p.fault(RuleISA, pos, "ISA", "ISA09, the date, is %s: it must be YYMMDD", quote(ic.Date))
	case !digits(ic.Time, 4, 4):
		return nil, 0, p.fault(RuleISA, pos, "ISA", "ISA10, the time, is %s: it must be HHMM", quote(ic.Time))
	case !digits(ic.Version, 5, 5):
		return nil, 0, p.fault(RuleISA, pos, "ISA", "ISA12, the version, is %s: it must be 5 digits such as 00401", quote(ic.Version))
	case !digits(ic.ControlNumber, 9, 9):
		return nil, 0, p.fault(RuleISA, pos, "ISA", "ISA13, the control number, is %s: it must be 9 digits", quote(ic.ControlNumber))
	case ic.AckRequested != "0" && ic.AckRequested != "1":
		return nil, 0, p.fault(RuleISA, pos, "ISA", "ISA14, acknowledgment requested, is %s: it must be 0 or 1", quote(ic.AckRequested))
	case ic.Usage != "P" && ic.Usage != "T" && ic.Usage != "I":
		return nil, 0, p.fault(RuleISA, pos, "ISA", "ISA15, the usage, is %s: it must be P (production), T (test) or I (information)", quote(ic.Usage))
	}
	if msg := sep.check(); msg != "" {
		return nil, 0, p.fault(RuleISA, pos, "ISA", "%s", msg)
	}
	for i, v := range f[:15] {
		if k := indexByteFunc(v, sep.has); k >= 0 && i != 10 {
			return nil, 0, p.fault(RuleISA, pos, "ISA", "ISA%02d %s holds the separator %s", i+1, quote(v), quoteByte(v[k]))
		}
	}
	if c := sep.Segment; c != '\r' && c != '\n' && end < len(s) && (s[end] == '\r' || s[end] == '\n') {
		sep.LineBreak = true
	}
	ic.Separators = sep
	return ic, end, nil
}

// fixed reports whether s starts with a well-formed 106-byte ISA: separator es at each of the
// 16 places the fixed widths give.
func fixed(s string, es byte) bool {
	if len(s) < isaLen {
		return false
	}
	at := 3
	for _, w := range isaWidths {
		if s[at] != es {
			return false
		}
		at += w + 1
	}
	return true
}

// check returns what is wrong with the separators, or "": each must be a distinct byte that is
// neither a letter nor a digit; only the segment terminator may be a line break (CR or LF), and
// none a space or a tab.
func (s Separators) check() string {
	type named struct {
		name string
		c    byte
	}
	all := []named{{"element separator", s.Element}, {"component separator (ISA16)", s.Component}, {"segment terminator", s.Segment}}
	if s.Repetition != 0 {
		all = append(all, named{"repetition separator (ISA11)", s.Repetition})
	}
	for i, a := range all {
		switch {
		case isAlnum(a.c):
			return "the " + a.name + " is " + quoteByte(a.c) + ": a separator cannot be a letter or a digit"
		case a.c == ' ' || a.c == '\t' || (a.c == '\r' || a.c == '\n') && a.name != "segment terminator":
			return "the " + a.name + " is " + quoteByte(a.c) + ": a separator cannot be a blank"
		}
		for _, b := range all[:i] {
			if a.c == b.c {
				return "the " + a.name + " and the " + b.name + " are both " + quoteByte(a.c) + ": separators must differ"
			}
		}
	}
	return ""
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}
