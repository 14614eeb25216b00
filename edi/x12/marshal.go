package x12

import (
	"fmt"
	"strconv"

	"github.com/o2c-project/o2c"
)

// Marshal writes an interchange with its separators (DefaultSeparators when they are the zero
// value). It writes ST…SE around each set's segments and GS…GE and ISA…IEA around them, with
// the counts computed and the control numbers repeated; ISA01 to ISA04 are written "no
// authorization, no security" (00 and blanks), and the ID fields are padded to their width.
// Parse reads the result back to an equal Interchange.
//
// It returns CodeInvalid (rule X12-20) for what would not parse back: a value that holds a
// separator (X12 has no escape character; a repetition separator is allowed inside an element,
// where it separates repetitions), an ISA field too long or not of its format, an empty or
// reserved segment ID, a missing control number.
func Marshal(ic *Interchange) ([]byte, error) {
	w := &writer{sep: ic.Separators}
	if w.sep.Element == 0 {
		w.sep = DefaultSeparators
	}
	if msg := w.sep.check(); msg != "" {
		return nil, w.fail("ISA", "%s", msg)
	}
	if w.sep.Repetition != 0 && ic.Version < "00402" {
		return nil, w.fail("ISA", "a repetition separator needs ISA12 version 00402 or later, not %s", quote(ic.Version))
	}
	size := 200
	for i := range ic.Groups {
		for j := range ic.Groups[i].Sets {
			size += 60 * (len(ic.Groups[i].Sets[j].Segments) + 2)
		}
	}
	w.b = make([]byte, 0, size)
	if err := w.isa(ic); err != nil {
		return nil, err
	}
	for gi := range ic.Groups {
		g := &ic.Groups[gi]
		w.where = fmt.Sprintf("group %d", gi+1)
		if g.FunctionalID == "" || g.Version == "" || !digits(g.ControlNumber, 1, 9) {
			return nil, w.fail("GS", "a group needs GS01, GS08 and a GS06 control number of 1 to 9 digits; it has %s, %s and %s",
				quote(g.FunctionalID), quote(g.Version), quote(g.ControlNumber))
		}
		if err := w.segment("GS", g.FunctionalID, g.SenderCode, g.ReceiverCode, g.Date, g.Time, g.ControlNumber, g.Agency, g.Version); err != nil {
			return nil, err
		}
		for si := range g.Sets {
			set := &g.Sets[si]
			w.where = fmt.Sprintf("group %d, set %d", gi+1, si+1)
			if set.ID == "" || set.ControlNumber == "" {
				return nil, w.fail("ST", "a transaction set needs ST01 and ST02; it has %s and %s", quote(set.ID), quote(set.ControlNumber))
			}
			st := []string{set.ID, set.ControlNumber}
			if set.Convention != "" {
				st = append(st, set.Convention)
			}
			if err := w.segment("ST", st...); err != nil {
				return nil, err
			}
			for k := range set.Segments {
				seg := &set.Segments[k]
				w.where = fmt.Sprintf("group %d, set %d, segment %d", gi+1, si+1, k+2)
				if err := w.body(seg); err != nil {
					return nil, err
				}
			}
			w.where = fmt.Sprintf("group %d, set %d", gi+1, si+1)
			if err := w.segment("SE", strconv.Itoa(len(set.Segments)+2), set.ControlNumber); err != nil {
				return nil, err
			}
		}
		w.where = fmt.Sprintf("group %d", gi+1)
		if err := w.segment("GE", strconv.Itoa(len(g.Sets)), g.ControlNumber); err != nil {
			return nil, err
		}
	}
	w.where = ""
	if err := w.segment("IEA", strconv.Itoa(len(ic.Groups)), ic.ControlNumber); err != nil {
		return nil, err
	}
	return w.b, nil
}

type writer struct {
	b     []byte
	sep   Separators
	where string // the place being written, for errors
}

func (w *writer) isa(ic *Interchange) error {
	ack := ic.AckRequested
	if ack == "" {
		ack = "0"
	}
	rep := byte('U')
	if w.sep.Repetition != 0 {
		rep = w.sep.Repetition
	}
	f := [16]string{"00", "", "00", "", ic.SenderQual, ic.SenderID, ic.ReceiverQual, ic.ReceiverID,
		ic.Date, ic.Time, string([]byte{rep}), ic.Version, ic.ControlNumber, ack, ic.Usage, string([]byte{w.sep.Component})}
	switch {
	case !digits(ic.Date, 6, 6) || !digits(ic.Time, 4, 4):
		return w.fail("ISA", "ISA09 and ISA10 must be YYMMDD and HHMM, not %s and %s", quote(ic.Date), quote(ic.Time))
	case !digits(ic.Version, 5, 5):
		return w.fail("ISA", "ISA12 must be 5 digits such as 00401, not %s", quote(ic.Version))
	case !digits(ic.ControlNumber, 9, 9):
		return w.fail("ISA", "ISA13 must be 9 digits, not %s", quote(ic.ControlNumber))
	case ack != "0" && ack != "1":
		return w.fail("ISA", "ISA14 must be 0 or 1, not %s", quote(ack))
	case ic.Usage != "P" && ic.Usage != "T" && ic.Usage != "I":
		return w.fail("ISA", "ISA15 must be P, T or I, not %s", quote(ic.Usage))
	}
	w.b = append(w.b, "ISA"...)
	for i, v := range f {
		if i < 15 {
			if len(v) > isaWidths[i] {
				return w.fail("ISA", "ISA%02d is %s, longer than its %d characters", i+1, quote(v), isaWidths[i])
			}
			if i != 10 && indexByteFunc(v, w.sep.has) >= 0 {
				return w.fail("ISA", "ISA%02d %s holds a separator", i+1, quote(v))
			}
		}
		w.b = append(w.b, w.sep.Element)
		w.b = append(w.b, v...)
		for range isaWidths[i] - len(v) {
			w.b = append(w.b, ' ')
		}
	}
	w.end()
	return nil
}

// body writes a segment of a transaction set.
func (w *writer) body(seg *Segment) error {
	switch {
	case !validID(seg.ID):
		return w.fail(seg.ID, "%s is not a segment ID", quote(seg.ID))
	case seg.ID == "ST" || seg.ID == "SE" || seg.ID == "GS" || seg.ID == "GE" || seg.ID == "ISA" || seg.ID == "IEA":
		return w.fail(seg.ID, "%s is an envelope segment: Marshal writes the envelopes itself", seg.ID)
	}
	w.b = append(w.b, seg.ID...)
	for i, el := range seg.Elements {
		w.b = append(w.b, w.sep.Element)
		for j, c := range el {
			if j > 0 {
				w.b = append(w.b, w.sep.Component)
			}
			if k := indexByteFunc(c, w.holds); k >= 0 {
				return w.fail(seg.ID, "%s%02d %s holds the separator %s", seg.ID, i+1, quote(c), quoteByte(c[k]))
			}
			w.b = append(w.b, c...)
		}
	}
	w.end()
	return nil
}

// segment writes an envelope segment of simple elements, dropping trailing empty ones.
func (w *writer) segment(id string, elems ...string) error {
	for len(elems) > 0 && elems[len(elems)-1] == "" {
		elems = elems[:len(elems)-1]
	}
	w.b = append(w.b, id...)
	for i, e := range elems {
		if k := indexByteFunc(e, w.holds); k >= 0 {
			return w.fail(id, "%s%02d %s holds the separator %s", id, i+1, quote(e), quoteByte(e[k]))
		}
		w.b = append(w.b, w.sep.Element)
		w.b = append(w.b, e...)
	}
	w.end()
	return nil
}

// holds reports whether c cannot stand inside a component: any separator but the repetition one.
func (w *writer) holds(c byte) bool {
	return c == w.sep.Element || c == w.sep.Component || c == w.sep.Segment
}

func (w *writer) end() {
	w.b = append(w.b, w.sep.Segment)
	if w.sep.LineBreak && w.sep.Segment != '\n' && w.sep.Segment != '\r' {
		w.b = append(w.b, '\n')
	}
}

func (w *writer) fail(id, format string, args ...any) *o2c.Error {
	path := id
	if w.where != "" {
		path = w.where + " (" + id + ")"
	}
	return o2c.Invalid(o2c.Fault{Rule: RuleWrite, Path: path, Message: fmt.Sprintf(format, args...)})
}

// indexByteFunc returns the index of the first byte of s for which f is true, or -1.
func indexByteFunc(s string, f func(byte) bool) int {
	for i := 0; i < len(s); i++ {
		if f(s[i]) {
			return i
		}
	}
	return -1
}
