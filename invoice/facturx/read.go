package facturx

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
)

// MaxSize is the largest PDF ExtractXML reads, and the most a stream may decode to.
const MaxSize = 64 << 20

// maxObjects bounds the objects read from object streams: a crafted file must not make us
// parse millions of them.
const maxObjects = 1 << 20

// entry is one object of the file and where it was defined: a later definition (an incremental
// update) replaces an earlier one.
type entry struct {
	v   any
	pos int
}

// file is a PDF's objects, found by scanning for "N G obj" rather than by trusting the cross
// reference table, which damaged and hand-edited files often get wrong.
type file struct {
	b    []byte
	objs map[int]entry
}

var objHeader = regexp.MustCompile(`(\d{1,10})[ \t\r\n\f\x00]+(\d{1,5})[ \t\r\n\f\x00]+obj\b`)

// readFile scans b for its objects and the objects of its object streams.
func readFile(b []byte) (*file, error) {
	if len(b) > MaxSize {
		return nil, fmt.Errorf("the PDF has %d bytes, more than %d", len(b), MaxSize)
	}
	if !bytes.HasPrefix(bytes.TrimLeft(b[:min(len(b), 1024)], "\x00\t\n\r\f "), []byte("%PDF-")) && bytes.Index(b[:min(len(b), 1024)], []byte("%PDF-")) < 0 {
		return nil, errors.New("not a PDF: no %PDF- header")
	}
	f := &file{b: b, objs: map[int]entry{}}
	pos := 0
	for pos < len(b) {
		loc := objHeader.FindSubmatchIndex(b[pos:])
		if loc == nil {
			break
		}
		start := pos + loc[0]
		if start > 0 && !isWhite(b[start-1]) && !isDelim(b[start-1]) {
			pos += loc[1] // "12 0 obj" inside a longer token is not an object
			continue
		}
		num, _ := strconv.Atoi(string(b[pos+loc[2] : pos+loc[3]]))
		l := &lexer{b: b, pos: pos + loc[1]}
		pos += loc[1]
		v, err := l.object(0)
		if err != nil {
			continue
		}
		if d, ok := v.(dict); ok {
			if s, end, ok := f.streamAfter(d, l.pos); ok {
				v = s
				l.pos = end
			}
		}
		pos = l.pos
		f.objs[num] = entry{v, start}
	}
	f.resolveLengths()
	f.expandObjectStreams()
	return f, nil
}

// streamAfter reads the data of a stream whose dictionary ends at pos, if "stream" follows. The
// length is the stated /Length when "endstream" follows it, else the distance to "endstream".
func (f *file) streamAfter(d dict, pos int) (stream, int, bool) {
	l := &lexer{b: f.b, pos: pos}
	l.skip()
	if !bytes.HasPrefix(f.b[l.pos:], []byte("stream")) {
		return stream{}, 0, false
	}
	p := l.pos + len("stream")
	if p < len(f.b) && f.b[p] == '\r' {
		p++
	}
	if p < len(f.b) && f.b[p] == '\n' {
		p++
	}
	if n, ok := integer(d["Length"]); ok && n >= 0 && p+n <= len(f.b) {
		rest := bytes.TrimLeft(f.b[p+n:min(len(f.b), p+n+16)], "\r\n \t")
		if bytes.HasPrefix(rest, []byte("endstream")) {
			return stream{d: d, data: f.b[p : p+n]}, p + n, true
		}
	}
	end := bytes.Index(f.b[p:], []byte("endstream"))
	if end < 0 {
		return stream{d: d, data: f.b[p:]}, len(f.b), true
	}
	data := bytes.TrimRight(f.b[p:p+end], "\r\n")
	start := 0
	if _, ok := d["Length"].(ref); ok {
		start = p // resolveLengths reads the length once every object is known
	}
	return stream{d: d, data: data, start: start}, p + end, true
}

// resolveLengths gives the streams whose /Length is a reference (an object written after the
// stream, as many writers do) their exact data: the end-of-line before "endstream" may belong
// to the data.
func (f *file) resolveLengths() {
	for num, e := range f.objs {
		s, ok := e.v.(stream)
		if !ok || s.start == 0 {
			continue
		}
		n, ok := integer(f.resolve(s.d["Length"]))
		if ok && n >= 0 && s.start+n <= len(f.b) {
			rest := bytes.TrimLeft(f.b[s.start+n:min(len(f.b), s.start+n+16)], "\r\n \t")
			if bytes.HasPrefix(rest, []byte("endstream")) {
				s.data = f.b[s.start : s.start+n]
			}
		}
		s.start = 0
		f.objs[num] = entry{s, e.pos}
	}
}

// expandObjectStreams adds the objects compressed in object streams (PDF 1.5), each at the
// position of its stream.
func (f *file) expandObjectStreams() {
	count := 0
	var streams []entry
	for _, e := range f.objs {
		if s, ok := e.v.(stream); ok && s.d["Type"] == name("ObjStm") {
			streams = append(streams, e)
		}
	}
	for _, e := range streams {
		s := e.v.(stream)
		data, err := decode(s)
		if err != nil {
			continue
		}
		n, ok1 := integer(s.d["N"])
		first, ok2 := integer(s.d["First"])
		if !ok1 || !ok2 || n < 0 || first < 0 || first > len(data) {
			continue
		}
		l := &lexer{b: data[:first]}
		for range n {
			if count++; count > maxObjects {
				return
			}
			num, err1 := l.object(0)
			off, err2 := l.object(0)
			on, ok1 := integer(num)
			oo, ok2 := integer(off)
			if err1 != nil || err2 != nil || !ok1 || !ok2 || oo < 0 || first+oo >= len(data) {
				break
			}
			v, err := (&lexer{b: data, pos: first + oo}).object(0)
			if err != nil {
				continue
			}
			if old, ok := f.objs[on]; !ok || old.pos < e.pos {
				f.objs[on] = entry{v, e.pos}
			}
		}
	}
}

// resolve follows references, at most a few deep.
func (f *file) resolve(v any) any {
	for range 8 {
		r, ok := v.(ref)
		if !ok {
			return v
		}
		v = f.objs[r.n].v
	}
	return nil
}

// decode returns the decoded data of a stream: FlateDecode and ASCIIHexDecode, in the order
// the /Filter array gives. Others are refused.
func decode(s stream) ([]byte, error) {
	var filters []any
	switch fl := s.d["Filter"].(type) {
	case nil:
	case name:
		filters = []any{fl}
	case array:
		filters = fl
	default:
		return nil, errors.New("a stream filter is not a name")
	}
	data := s.data
	for i, fl := range filters {
		switch fl {
		case name("FlateDecode"), name("Fl"):
			if hasPredictor(s.d["DecodeParms"], i) {
				return nil, errors.New("FlateDecode with a predictor is not supported")
			}
			out, err := inflate(data)
			if err != nil {
				return nil, err
			}
			data = out
		case name("ASCIIHexDecode"), name("AHx"):
			out, err := (&lexer{b: append(bytes.Clone(data), '>')}).hex()
			if err != nil {
				return nil, err
			}
			data = out
		default:
			return nil, fmt.Errorf("the stream filter %v is not supported", fl)
		}
	}
	return data, nil
}

// hasPredictor reports whether the decode parameters of filter i ask for a predictor.
func hasPredictor(parms any, i int) bool {
	if a, ok := parms.(array); ok {
		if i >= len(a) {
			return false
		}
		parms = a[i]
	}
	d, ok := parms.(dict)
	if !ok {
		return false
	}
	p, ok := integer(d["Predictor"])
	return ok && p > 1
}

// inflate decompresses zlib data up to MaxSize. A truncated stream yields what it holds, as
// PDF readers do.
func inflate(data []byte) ([]byte, error) {
	r, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("inflate: %w", err)
	}
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if len(out) > MaxSize {
		return nil, fmt.Errorf("a stream inflates to more than %d bytes", MaxSize)
	}
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && len(out) == 0 {
		return nil, fmt.Errorf("inflate: %w", err)
	}
	return out, nil
}
