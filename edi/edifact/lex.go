package edifact

import (
	"fmt"
	"unicode/utf8"

	"github.com/o2c-project/o2c"
)

// Limits that keep hostile input cheap.
const (
	// MaxSize is the largest input Parse reads, in bytes (100 MB).
	MaxSize = 100 << 20
	// MaxElements is the most data elements a segment, or components an element, may have.
	MaxElements = 10_000
)

// Byte classes of the lexer.
const (
	clsData byte = iota
	clsComponent
	clsElement
	clsSegment
	clsRelease
	clsRepetition
	clsSkip // CR and LF: line breaks, never data
)

// defaultDelims are the service characters of level A (and, in practice, of UNOC and above).
var defaultDelims = Delims{Component: ':', Element: '+', Decimal: '.', Release: '?', Repetition: '*', Segment: '\''}

// levelBDelims are the defaults of level B (UNOB) without a UNA: IS1 to IS4, and no release character.
var levelBDelims = Delims{Component: 0x1F, Element: 0x1D, Decimal: '.', Segment: 0x1C}

// lexer splits an input into raw segments: a tag, the unescaped bytes of the data, and where each
// component and element ends.
type lexer struct {
	b   []byte
	pos int
	cls [256]byte
	rel [256]bool // characters a release character may stand before

	n     int    // segments read so far; the current one's number
	start int    // byte offset of the current segment
	tag   string // tag of the current segment
	buf   []byte // its data, released characters restored
	comps []int  // end offset in buf of each component
	elems []int  // number of components at the end of each element
}

// setDelims makes d the service characters; repetition says whether d.Repetition separates
// repetitions (syntax version 4) or is only a character that may be released.
func (l *lexer) setDelims(d Delims, repetition bool) {
	l.cls = [256]byte{}
	l.rel = [256]bool{}
	l.cls['\r'], l.cls['\n'] = clsSkip, clsSkip
	set := func(c, cls byte) {
		if c != 0 {
			l.cls[c] = cls
			l.rel[c] = true
		}
	}
	set(d.Component, clsComponent)
	set(d.Element, clsElement)
	set(d.Segment, clsSegment)
	set(d.Release, clsRelease)
	if d.Repetition != 0 {
		l.rel[d.Repetition] = true
		if repetition {
			l.cls[d.Repetition] = clsRepetition
		}
	}
}

// skipSpace skips the white space between segments.
func (l *lexer) skipSpace() {
	for l.pos < len(l.b) {
		switch l.b[l.pos] {
		case ' ', '\t', '\r', '\n':
			l.pos++
		default:
			return
		}
	}
}

// place names the current segment for an error message.
func (l *lexer) place() string {
	if l.tag == "" {
		return fmt.Sprintf("segment %d at byte %d", l.n, l.start)
	}
	return fmt.Sprintf("segment %d (%s) at byte %d", l.n, l.tag, l.start)
}

func (l *lexer) fail(code SyntaxCode, format string, args ...any) *o2c.Error {
	return parseError(code, l.place(), format, args...)
}

// next reads the next segment. It returns false at the end of the input.
func (l *lexer) next() (bool, error) {
	l.skipSpace()
	if l.pos >= len(l.b) {
		return false, nil
	}
	l.n++
	l.start = l.pos
	l.tag = ""
	l.buf, l.comps, l.elems = l.buf[:0], l.comps[:0], l.elems[:0]

	var tag [3]byte
	n := 0
	for ; l.pos < len(l.b); l.pos++ {
		c := l.b[l.pos]
		cls := l.cls[c]
		if cls == clsSkip {
			continue
		}
		if cls != clsData {
			break
		}
		if n == len(tag) || (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false, l.fail(SyntaxInvalidValue, "%s is not a segment tag: a tag is 3 letters or digits such as LIN",
				quoteStart(l.b[l.start:]))
		}
		tag[n] = c
		n++
	}
	if n != len(tag) {
		if l.pos >= len(l.b) {
			return false, l.fail(SyntaxMissing, "the input ends inside a segment: it is truncated")
		}
		return false, l.fail(SyntaxInvalidValue, "%s is not a segment tag: a tag is 3 letters or digits such as LIN",
			quoteStart(l.b[l.start:]))
	}
	l.tag = internTag(tag[:])
	if l.tag == "UNA" {
		// A service string advice has no data elements; the caller reads its characters.
		return true, nil
	}
	if l.pos >= len(l.b) {
		return false, l.fail(SyntaxMissing, "the input ends inside the segment: it is truncated (no segment terminator)")
	}
	switch l.cls[l.b[l.pos]] {
	case clsSegment:
		l.pos++
		return true, nil
	case clsElement:
		l.pos++
	case clsComponent:
		return false, l.fail(SyntaxInvalidValue, "a segment tag with components (explicit nesting) is not supported")
	default:
		return false, l.fail(SyntaxInvalidServiceChar, "the tag is followed by %q, not by a data element separator",
			l.b[l.pos])
	}
	return true, l.data()
}

// data reads the data elements of the current segment, up to and including its terminator.
func (l *lexer) data() error {
	b, cls := l.b, &l.cls
	for {
		s, i := l.pos, l.pos
		for i < len(b) && cls[b[i]] == clsData {
			i++
		}
		l.pos = i
		l.buf = append(l.buf, b[s:i]...)
		if l.pos >= len(b) {
			return l.fail(SyntaxMissing, "the input ends inside the segment: it is truncated (no segment terminator)")
		}
		switch c := b[l.pos]; l.cls[c] {
		case clsComponent:
			if err := l.endComponent(); err != nil {
				return err
			}
		case clsElement:
			if err := l.endElement(); err != nil {
				return err
			}
		case clsSegment:
			l.pos++
			return l.endElement()
		case clsRelease:
			l.pos++
			for l.pos < len(b) && l.cls[b[l.pos]] == clsSkip {
				l.pos++
			}
			if l.pos >= len(b) {
				return l.fail(SyntaxMissing, "the input ends after a release character: it is truncated")
			}
			r := b[l.pos]
			if !l.rel[r] {
				return l.fail(SyntaxInvalidServiceChar,
					"release character %q before %s in element %d: only a service character may be released (write it alone, or escape the release character as %q)",
					c, quoteByte(r), len(l.elems)+1, string([]byte{c, c}))
			}
			l.buf = append(l.buf, r)
		case clsRepetition:
			return l.fail(SyntaxTooManyConstituents,
				"element %d repeats (repetition separator %q): repeated data elements are not supported", len(l.elems)+1, c)
		}
		l.pos++
	}
}

func (l *lexer) endComponent() error {
	l.comps = append(l.comps, len(l.buf))
	first := 0
	if len(l.elems) > 0 {
		first = l.elems[len(l.elems)-1]
	}
	if len(l.comps)-first > MaxElements {
		return l.fail(SyntaxTooManyConstituents, "element %d has more than %d components", len(l.elems)+1, MaxElements)
	}
	return nil
}

func (l *lexer) endElement() error {
	if err := l.endComponent(); err != nil {
		return err
	}
	l.elems = append(l.elems, len(l.comps))
	if len(l.elems) > MaxElements {
		return l.fail(SyntaxTooManyConstituents, "the segment has more than %d data elements", MaxElements)
	}
	return nil
}

// quoteStart quotes the start of b, up to a few characters, for an error message.
func quoteStart(b []byte) string {
	const most = 12
	if len(b) > most {
		return fmt.Sprintf("%q...", b[:most])
	}
	return fmt.Sprintf("%q", b)
}

func quoteByte(c byte) string {
	if c < utf8.RuneSelf {
		return fmt.Sprintf("%q", rune(c))
	}
	return fmt.Sprintf("byte 0x%02X", c)
}

// internTag returns a tag as a string. The tags of the segments this package reads are
// constants, so that reading one allocates nothing.
func internTag(b []byte) string {
	switch string(b) {
	case "UNA":
		return "UNA"
	case "UNB":
		return "UNB"
	case "UNG":
		return "UNG"
	case "UNH":
		return "UNH"
	case "UNT":
		return "UNT"
	case "UNE":
		return "UNE"
	case "UNZ":
		return "UNZ"
	case "UNS":
		return "UNS"
	case "BGM":
		return "BGM"
	case "DTM":
		return "DTM"
	case "NAD":
		return "NAD"
	case "RFF":
		return "RFF"
	case "CUX":
		return "CUX"
	case "LIN":
		return "LIN"
	case "PIA":
		return "PIA"
	case "IMD":
		return "IMD"
	case "QTY":
		return "QTY"
	case "PRI":
		return "PRI"
	case "MOA":
		return "MOA"
	case "CNT":
		return "CNT"
	case "FTX":
		return "FTX"
	case "CTA":
		return "CTA"
	case "COM":
		return "COM"
	case "LOC":
		return "LOC"
	case "TAX":
		return "TAX"
	case "ALC":
		return "ALC"
	}
	return string(b)
}
