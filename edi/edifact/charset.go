package edifact

import (
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Names of the character sets in Syntax.Charset.
const (
	charsetASCII = "ISO-646"
	charsetUTF8  = "UTF-8"
)

// charset decodes the text of an interchange to UTF-8 and encodes it back.
type charset struct {
	name  string
	ascii bool             // ISO 646 (UNOA, UNOB): 7 bits only
	cm    *charmap.Charmap // an 8-bit set; nil with ascii false means UTF-8
}

// eightBit maps the syntax identifiers of ISO 8859 sets to their tables (ISO 9735 code list 0001).
var eightBit = map[string]charset{
	"UNOC": {name: "ISO-8859-1", cm: charmap.ISO8859_1},
	"UNOD": {name: "ISO-8859-2", cm: charmap.ISO8859_2},
	"UNOE": {name: "ISO-8859-5", cm: charmap.ISO8859_5},
	"UNOF": {name: "ISO-8859-7", cm: charmap.ISO8859_7},
	"UNOG": {name: "ISO-8859-3", cm: charmap.ISO8859_3},
	"UNOH": {name: "ISO-8859-4", cm: charmap.ISO8859_4},
	"UNOI": {name: "ISO-8859-6", cm: charmap.ISO8859_6},
	"UNOJ": {name: "ISO-8859-8", cm: charmap.ISO8859_8},
	"UNOK": {name: "ISO-8859-9", cm: charmap.ISO8859_9},
}

var (
	latin1 = eightBit["UNOC"]
	utf8cs = charset{name: charsetUTF8}
	ascii  = charset{name: charsetASCII, ascii: true}
)

// declaredCharset returns the character set a syntax identifier declares, and whether the
// identifier is one this package knows.
func declaredCharset(id string) (charset, bool) {
	switch id {
	case "UNOA", "UNOB":
		return ascii, true
	case "UNOW", "UNOY":
		return utf8cs, true
	}
	cs, ok := eightBit[id]
	return cs, ok
}

// charsetByName returns the character set of Syntax.Charset, for writing.
func charsetByName(name string) (charset, bool) {
	switch name {
	case charsetASCII:
		return ascii, true
	case charsetUTF8:
		return utf8cs, true
	}
	for _, cs := range eightBit {
		if cs.name == name {
			return cs, true
		}
	}
	return charset{}, false
}

// decode appends src, which holds bytes over 0x7F, decoded to UTF-8, to dst. It reports false
// when src is not valid in the set (invalid UTF-8, a byte over 0x7F in ISO 646).
func (cs charset) decode(dst, src []byte) ([]byte, bool) {
	switch {
	case cs.ascii:
		return dst, false
	case cs.cm == nil:
		if !utf8.Valid(src) {
			return dst, false
		}
		return append(dst, src...), true
	}
	for _, b := range src {
		if b < utf8.RuneSelf {
			dst = append(dst, b)
			continue
		}
		r := cs.cm.DecodeByte(b)
		if r == utf8.RuneError {
			return dst, false
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst, true
}

// encodeRune appends r in the set to dst, and reports false when the set has no such character.
func (cs charset) encodeRune(dst []byte, r rune) ([]byte, bool) {
	switch {
	case r < utf8.RuneSelf:
		return utf8.AppendRune(dst, r), true
	case cs.ascii:
		return dst, false
	case cs.cm == nil:
		return utf8.AppendRune(dst, r), utf8.ValidRune(r)
	}
	b, ok := cs.cm.EncodeRune(r)
	if !ok {
		return dst, false
	}
	return append(dst, b), true
}

// isASCII reports whether b holds no byte over 0x7F.
func isASCII(b []byte) bool {
	for len(b) >= 8 {
		if (uint64(b[0])|uint64(b[1])<<8|uint64(b[2])<<16|uint64(b[3])<<24|
			uint64(b[4])<<32|uint64(b[5])<<40|uint64(b[6])<<48|uint64(b[7])<<56)&0x8080808080808080 != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
