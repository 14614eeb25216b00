package edifact

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Envelope is what an interchange we write needs from the caller. Nothing in it comes from a
// clock or a random source, so that the same envelope always gives the same bytes.
type Envelope struct {
	Sender     Partner   `json:"sender"`         // us
	Recipient  Partner   `json:"recipient"`      // the partner we answer
	Prepared   time.Time `json:"prepared"`       // UNB S004: date and time of preparation, written in its own zone
	ControlRef string    `json:"control_ref"`    // UNB 0020 = UNZ 0020: ours, unique for Sender (an..14)
	MessageRef string    `json:"message_ref"`    // UNH 0062 = UNT 0062 (an..14)
	Test       bool      `json:"test,omitempty"` // UNB 0035: mark the interchange as a test
}

// check panics on an envelope no interchange can be written with: a caller's bug.
func (e Envelope) check(what string) {
	switch {
	case e.Sender.ID == "" || e.Recipient.ID == "":
		panic(fmt.Sprintf("edifact: write %s: the envelope needs a sender and a recipient", what))
	case e.ControlRef == "" || e.MessageRef == "":
		panic(fmt.Sprintf("edifact: write %s: the envelope needs a control reference and a message reference", what))
	case len(e.ControlRef) > 14 || len(e.MessageRef) > 14:
		panic(fmt.Sprintf("edifact: write %s: references are at most 14 characters: %q, %q", what, e.ControlRef, e.MessageRef))
	case e.Prepared.IsZero():
		panic(fmt.Sprintf("edifact: write %s: the envelope needs the time of preparation", what))
	}
}

// writeMessage writes one message in an interchange of its own. The text goes in UNOC (ISO 8859-1,
// syntax version 3) when it can, else in UNOW (UTF-8, syntax version 4).
func writeMessage(env Envelope, m Message) []byte {
	m.Ref = clean(m.Ref)
	ic := &Interchange{
		Syntax:     Syntax{ID: "UNOC", Version: "3", Charset: latin1.name},
		Sender:     cleanPartner(env.Sender),
		Recipient:  cleanPartner(env.Recipient),
		ControlRef: clean(env.ControlRef),
		Test:       env.Test,
		Messages:   []Message{m},
	}
	if !fitsLatin1(ic) {
		ic.Syntax = Syntax{ID: "UNOW", Version: "4", Charset: utf8cs.name}
	}
	layout := "060102"
	if ic.Syntax.Version == "4" {
		layout = "20060102"
	}
	ic.Date, ic.Time = env.Prepared.Format(layout), env.Prepared.Format("1504")
	b, err := Encode(ic)
	if err != nil {
		panic(fmt.Sprintf("edifact: write %s: %s", m.Type, err.Error())) // clean() leaves nothing Encode refuses
	}
	return b
}

// fitsLatin1 reports whether every value of ic can be written in ISO 8859-1.
func fitsLatin1(ic *Interchange) bool {
	ok := func(s string) bool {
		for _, r := range s {
			if r > 0xFF {
				return false
			}
		}
		return true
	}
	for _, p := range []Partner{ic.Sender, ic.Recipient} {
		if !ok(p.ID) || !ok(p.Qualifier) || !ok(p.Routing) {
			return false
		}
	}
	if !ok(ic.ControlRef) {
		return false
	}
	for _, m := range ic.Messages {
		for _, s := range m.Segments {
			for _, el := range s.Elements {
				for _, c := range el {
					if !ok(c) {
						return false
					}
				}
			}
		}
	}
	return true
}

// clean makes a value writable: line breaks become spaces and invalid UTF-8 the replacement
// character, so that what we write never fails.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.ContainsAny(s, "\r\n") {
		s = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
	}
	return s
}

func cleanPartner(p Partner) Partner {
	return Partner{ID: clean(p.ID), Qualifier: clean(p.Qualifier), Routing: clean(p.Routing)}
}

// seg builds a segment from elements, each a list of components, cleaning every value and
// leaving out trailing empty components and elements, as a sender should.
func seg(tag string, elems ...[]string) Segment {
	out := make([][]string, 0, len(elems))
	for _, el := range elems {
		n := len(el)
		for n > 0 && el[n-1] == "" {
			n--
		}
		c := make([]string, n)
		for i := range n {
			c[i] = clean(el[i])
		}
		out = append(out, c)
	}
	n := len(out)
	for n > 0 && len(out[n-1]) == 0 {
		n--
	}
	return Segment{Tag: tag, Elements: out[:n]}
}

// el is a data element of the given components.
func el(c ...string) []string { return c }
