package edifact

import "strings"

// segment turns the lexer's current segment into a Segment, decoding its text.
func (ps *parser) segment() (Segment, error) {
	lx := &ps.lx
	data := lx.buf
	if ps.highInput && !isASCII(data) {
		var err error
		if data, err = ps.decode(); err != nil {
			return Segment{}, err
		}
	}
	text := ps.intern(data)
	comps := ps.strs(len(lx.comps))
	prev := 0
	for i, end := range lx.comps {
		comps[i] = text[prev:end]
		prev = end
	}
	elems := ps.elements(len(lx.elems))
	prev = 0
	for i, end := range lx.elems {
		elems[i] = comps[prev:end:end]
		prev = end
	}
	return Segment{Tag: lx.tag, Elements: elems}, nil
}

// decode decodes the current segment's text to UTF-8, component by component, and moves the
// component ends to match.
func (ps *parser) decode() ([]byte, error) {
	lx := &ps.lx
	ps.high = true
	out := ps.text[:0]
	prev := 0
	for i, end := range lx.comps {
		var ok bool
		if out, ok = ps.cs.decode(out, lx.buf[prev:end]); !ok {
			return nil, lx.fail(SyntaxInvalidCharacter, "element %d holds bytes that are not valid %s", ps.elementOf(i)+1, ps.cs.name)
		}
		prev = end
		lx.comps[i] = len(out)
	}
	ps.text = out
	return out, nil
}

// elementOf returns the element of component i of the current segment, from 0.
func (ps *parser) elementOf(i int) int {
	for e, end := range ps.lx.elems {
		if i < end {
			return e
		}
	}
	return len(ps.lx.elems)
}

// Components and elements are carved out of shared slabs, so that a segment costs no allocation
// of its own for them. A slab doubles from slabMin to slabMax strings, so that a small
// interchange allocates little and a large one few times.
const (
	slabMin = 64
	slabMax = 4096
)

func (ps *parser) strs(n int) []string {
	if n > len(ps.slab) {
		ps.slabSize = min(max(2*ps.slabSize, slabMin), slabMax)
		ps.slab = make([]string, max(n, ps.slabSize))
	}
	s := ps.slab[:n:n]
	ps.slab = ps.slab[n:]
	return s
}

func (ps *parser) elements(n int) [][]string {
	if n > len(ps.eslab) {
		ps.eslabSize = min(max(2*ps.eslabSize, slabMin), slabMax)
		ps.eslab = make([][]string, max(n, ps.eslabSize))
	}
	e := ps.eslab[:n:n]
	ps.eslab = ps.eslab[n:]
	return e
}

// addSegment appends seg to the open message. The message's segments are built in place in the
// free part of a slab; when it is full, the message so far moves to a new slab.
func (ps *parser) addSegment(seg Segment) {
	if len(ps.body) == cap(ps.body) {
		ps.sslabSize = min(max(2*ps.sslabSize, slabMin), slabMax)
		grown := make([]Segment, len(ps.body), max(2*len(ps.body), ps.sslabSize))
		copy(grown, ps.body)
		ps.body = grown
	}
	ps.body = append(ps.body, seg)
}

// chunkSize is the size of the blocks that hold the text of segments: one allocation for many
// segments rather than one each.
const chunkSize = 32 << 10

// intern returns b as a string that shares a block with the text of other segments. A
// strings.Builder never changes what it has written, so the strings stay valid as it grows.
func (ps *parser) intern(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if ps.chunk.Cap()-ps.chunk.Len() < len(b) {
		ps.chunk = strings.Builder{}
		ps.chunk.Grow(max(chunkSize, len(b)))
	}
	start := ps.chunk.Len()
	_, _ = ps.chunk.Write(b) // a strings.Builder's Write never fails
	return ps.chunk.String()[start:]
}
