package edifact

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/o2c-project/o2c"
)

// writer writes segments with a set of service characters, releasing what needs it and encoding
// text in a character set. Its first error sticks.
type writer struct {
	buf []byte
	d   Delims
	cs  charset
	err error
	n   int // segments written since the last UNH, the UNH included
}

// segment writes one segment as it is, empty elements and components included.
func (w *writer) segment(s Segment) {
	w.buf = append(w.buf, s.Tag...)
	for _, el := range s.Elements {
		w.buf = append(w.buf, w.d.Element)
		for j, c := range el {
			if j > 0 {
				w.buf = append(w.buf, w.d.Component)
			}
			w.value(c)
		}
	}
	w.buf = append(w.buf, w.d.Segment)
	w.n++
}

// seg writes a segment built from elements, each a list of components, leaving out trailing empty
// components and elements, as a sender should.
func (w *writer) seg(tag string, elems ...[]string) {
	out := make([][]string, 0, len(elems))
	for _, el := range elems {
		n := len(el)
		for n > 0 && el[n-1] == "" {
			n--
		}
		out = append(out, el[:n])
	}
	n := len(out)
	for n > 0 && len(out[n-1]) == 0 {
		n--
	}
	w.segment(Segment{Tag: tag, Elements: out[:n]})
}

// value writes one component, releasing service characters and encoding the text.
func (w *writer) value(s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == w.d.Component || c == w.d.Element || c == w.d.Segment || c == w.d.Release && c != 0 ||
				c == w.d.Repetition && c != 0 {
				if w.d.Release == 0 {
					w.fail("%q holds the service character %q and the interchange has no release character", s, c)
					return
				}
				w.buf = append(w.buf, w.d.Release)
			}
			if c == '\r' || c == '\n' {
				// Line breaks are not data in an interchange: a reader would drop them.
				w.fail("%q holds a line break, which an interchange cannot carry", s)
				return
			}
			w.buf = append(w.buf, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			w.fail("%q is not valid UTF-8", s)
			return
		}
		var ok bool
		if w.buf, ok = w.cs.encodeRune(w.buf, r); !ok {
			w.fail("%q holds %q, which %s cannot write", s, r, w.cs.name)
			return
		}
		i += size
	}
}

func (w *writer) fail(format string, args ...any) {
	if w.err == nil {
		w.err = fmt.Errorf(format, args...)
	}
}

// una writes the service string advice of w's service characters.
func (w *writer) una() {
	rep, rel := w.d.Repetition, w.d.Release
	if rep == 0 {
		rep = ' '
	}
	if rel == 0 {
		rel = ' '
	}
	w.buf = append(w.buf, 'U', 'N', 'A', w.d.Component, w.d.Element, w.d.Decimal, rel, rep, w.d.Segment)
}

// Encode writes an interchange: UNA, UNB, its messages and groups, UNZ, one segment a line. It
// writes the service characters `:+? '` (and the repetition separator '*' in syntax version 4)
// and keeps the interchange's decimal mark, since values are written as they are. Counts and
// trailer references are computed from ic, so that what a lenient Parse accepted comes out right;
// ungrouped messages come before the groups. Text is encoded in ic.Syntax.Charset, or else in the
// set ic.Syntax.ID declares. A value that set cannot write, a line break, a missing reference,
// type or syntax identifier, or two groups of one reference is CodeInvalid. Parse reads what
// Encode writes back to an equal Interchange.
func Encode(ic *Interchange) ([]byte, error) {
	cs, ok := charsetByName(ic.Syntax.Charset)
	if !ok {
		if cs, ok = declaredCharset(ic.Syntax.ID); !ok {
			cs = latin1 // as Parse reads an unknown identifier
		}
	}
	d := defaultDelims
	if ic.Syntax.Delims.Decimal == ',' {
		d.Decimal = ','
	}
	if ic.Syntax.Version != "4" {
		d.Repetition = 0
	}
	switch {
	case len(ic.Syntax.ID) != 4 || len(ic.Syntax.Version) != 1:
		return nil, encodeError("the syntax identifier and version %q:%q are not like UNOC:3", ic.Syntax.ID, ic.Syntax.Version)
	case ic.ControlRef == "" || ic.Sender.ID == "" || ic.Recipient.ID == "":
		return nil, encodeError("the interchange needs a sender, a recipient and a control reference")
	}
	w := &writer{d: d, cs: cs}
	w.una()
	w.buf = append(w.buf, '\n')
	w.seg("UNB", []string{ic.Syntax.ID, ic.Syntax.Version}, partner(ic.Sender), partner(ic.Recipient),
		[]string{ic.Date, ic.Time}, []string{ic.ControlRef}, nil, []string{ic.AppRef}, nil, oneIf(ic.AckRequest), nil,
		oneIf(ic.Test))
	w.buf = append(w.buf, '\n')
	messages := func(group string) error {
		for i := range ic.Messages {
			m := &ic.Messages[i]
			if m.Group != group {
				continue
			}
			if m.Ref == "" || m.Type == "" {
				return encodeError("message %d needs a reference and a type", i+1)
			}
			w.n = 0
			w.seg("UNH", []string{m.Ref}, []string{m.Type, m.Version, m.Release, m.Agency, m.Association})
			w.buf = append(w.buf, '\n')
			for _, s := range m.Segments {
				if len(s.Tag) != 3 {
					return encodeError("message %q has a segment with tag %q", m.Ref, s.Tag)
				}
				w.segment(s)
				w.buf = append(w.buf, '\n')
			}
			w.seg("UNT", []string{strconv.Itoa(w.n + 1)}, []string{m.Ref})
			w.buf = append(w.buf, '\n')
		}
		return nil
	}
	if err := messages(""); err != nil {
		return nil, err
	}
	count := len(ic.Messages)
	if len(ic.Groups) > 0 {
		count = len(ic.Groups)
	}
	refs := map[string]bool{"": true}
	for _, g := range ic.Groups {
		if refs[g.Ref] {
			return nil, encodeError("two functional groups have the reference %q", g.Ref)
		}
		refs[g.Ref] = true
	}
	for i := range ic.Messages {
		if !refs[ic.Messages[i].Group] {
			return nil, encodeError("message %q is in functional group %q, which the interchange does not have",
				ic.Messages[i].Ref, ic.Messages[i].Group)
		}
	}
	for _, g := range ic.Groups {
		if g.Ref == "" {
			return nil, encodeError("a functional group needs a reference")
		}
		w.seg("UNG", []string{g.ID}, partner(g.Sender), partner(g.Recipient), []string{g.Date, g.Time},
			[]string{g.Ref}, []string{g.Agency}, []string{g.Version, g.Release, g.Association})
		w.buf = append(w.buf, '\n')
		if err := messages(g.Ref); err != nil {
			return nil, err
		}
		n := 0
		for i := range ic.Messages {
			if ic.Messages[i].Group == g.Ref {
				n++
			}
		}
		w.seg("UNE", []string{strconv.Itoa(n)}, []string{g.Ref})
		w.buf = append(w.buf, '\n')
	}
	w.seg("UNZ", []string{strconv.Itoa(count)}, []string{ic.ControlRef})
	w.buf = append(w.buf, '\n')
	if w.err != nil {
		return nil, encodeError("%s", w.err.Error())
	}
	return w.buf, nil
}

func encodeError(format string, args ...any) *o2c.Error {
	return &o2c.Error{Code: o2c.CodeInvalid, Message: "encode EDIFACT: " + fmt.Sprintf(format, args...)}
}

func partner(p Partner) []string { return []string{p.ID, p.Qualifier, p.Routing} }

func oneIf(b bool) []string {
	if b {
		return []string{"1"}
	}
	return nil
}
