package facturx

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf16"
)

// A minimal model of PDF objects (ISO 32000-1 §7.3): enough to read the object table of any
// PDF and to write the objects of an incremental update.

type (
	name    string             // /Type
	number  string             // 12, -3.5: kept as written
	pdfStr  []byte             // (literal) or <hex>: the decoded bytes
	array   []any              // [ ... ]
	dict    map[string]any     // << /Key value >>, keys without the slash
	ref     struct{ n, g int } // 12 0 R
	keyword string             // true, false, null, or a stray keyword
)

// stream is a stream object: its dictionary and its data, still encoded.
type stream struct {
	d     dict
	data  []byte
	start int // where data starts in the file, when /Length was a reference still to resolve
}

// integer reads a number as an int; ok is false for anything else.
func integer(v any) (int, bool) {
	n, ok := v.(number)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(string(n))
	return i, err == nil
}

// text decodes a PDF text string: UTF-16BE with a byte order mark, or PDFDocEncoding, which
// for the file names we look for is ASCII.
func text(s pdfStr) string {
	if len(s) >= 2 && s[0] == 0xfe && s[1] == 0xff {
		u := make([]uint16, 0, len(s)/2)
		for i := 2; i+1 < len(s); i += 2 {
			u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
		}
		return string(utf16.Decode(u))
	}
	return string(s)
}

// textString encodes a text string: as it is when ASCII, else UTF-16BE with a byte order mark.
func textString(s string) pdfStr {
	ascii := true
	for i := 0; i < len(s); i++ {
		ascii = ascii && s[i] < 0x80
	}
	if ascii {
		return pdfStr(s)
	}
	b := []byte{0xfe, 0xff}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return b
}

// write serializes v; dictionary keys are sorted so that the output is deterministic.
func write(b *bytes.Buffer, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case name:
		b.WriteByte('/')
		for i := 0; i < len(v); i++ {
			c := v[i]
			if c <= ' ' || c >= 0x7f || bytes.IndexByte([]byte("()<>[]{}/%#"), c) >= 0 {
				fmt.Fprintf(b, "#%02X", c)
			} else {
				b.WriteByte(c)
			}
		}
	case number:
		b.WriteString(string(v))
	case int:
		b.WriteString(strconv.Itoa(v))
	case keyword:
		b.WriteString(string(v))
	case pdfStr:
		printable := true
		for _, c := range v {
			printable = printable && c >= ' ' && c < 0x7f
		}
		if !printable {
			fmt.Fprintf(b, "<%X>", []byte(v))
			return
		}
		b.WriteByte('(')
		for _, c := range v {
			if c == '(' || c == ')' || c == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		}
		b.WriteByte(')')
	case array:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(' ')
			}
			write(b, e)
		}
		b.WriteByte(']')
	case dict:
		b.WriteString("<<")
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			write(b, name(k))
			b.WriteByte(' ')
			write(b, v[k])
		}
		b.WriteString(">>")
	case ref:
		fmt.Fprintf(b, "%d %d R", v.n, v.g)
	default:
		panic(fmt.Sprintf("facturx: cannot write a PDF object of type %T", v))
	}
}
