package email

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/inbucket/html2text"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
)

// transferDecode undoes a Content-Transfer-Encoding. Both decoders are lenient, as mail
// clients are: what cannot be decoded is skipped (base64) or kept as it is (quoted-printable),
// never a reason to lose the rest of the part. The result never aliases body.
//
// Outside base64 and binary, a line end is a matter of transport: MIME's canonical form is
// CRLF (RFC 2045 §2.10, §6.7), which IMAP serves but a saved .eml or an mbox often lacks. Line
// ends are made CRLF, so that both copies of a message give the same bytes and keys.
func transferDecode(body []byte, cte string) []byte {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		return decodeBase64(body)
	case "binary":
		return bytes.Clone(body)
	case "quoted-printable":
		return decodeQuotedPrintable(canonicalLineEnds(body))
	}
	return canonicalLineEnds(body)
}

// canonicalLineEnds returns a copy of b with every lone LF made CRLF.
func canonicalLineEnds(b []byte) []byte {
	out := make([]byte, 0, len(b)+bytes.Count(b, []byte("\n"))-bytes.Count(b, []byte("\r\n")))
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return append(out, b...)
		}
		out = append(out, b[:i]...)
		if i == 0 && len(out) > 0 && out[len(out)-1] == '\r' || i > 0 && b[i-1] == '\r' {
			out = append(out, '\n')
		} else {
			out = append(out, '\r', '\n')
		}
		b = b[i+1:]
	}
	return out
}

// decodeBase64 decodes base64 that may hold line breaks, stray characters, or several padded
// chunks glued together (some mailers encode each line on its own).
func decodeBase64(b []byte) []byte {
	out := make([]byte, 0, len(b)/4*3+3)
	chunk := make([]byte, 0, 1024)
	flush := func() {
		if len(chunk)%4 == 1 {
			chunk = chunk[:len(chunk)-1] // a lone sextet holds no whole byte
		}
		n := base64.RawStdEncoding.DecodedLen(len(chunk))
		start := len(out)
		out = append(out, make([]byte, n)...)
		// Only alphabet characters are in chunk and never 4n+1 of them: Decode cannot fail.
		written, _ := base64.RawStdEncoding.Decode(out[start:], chunk)
		out = out[:start+written]
		chunk = chunk[:0]
	}
	for _, c := range b {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '+', c == '/':
			chunk = append(chunk, c)
		case c == '=':
			if len(chunk) > 0 {
				flush()
			}
		}
	}
	flush()
	return out
}

// decodeQuotedPrintable decodes quoted-printable; an '=' that starts no escape is kept.
func decodeQuotedPrintable(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		i := bytes.IndexByte(b, '=')
		if i < 0 {
			return append(out, b...)
		}
		out = append(out, b[:i]...)
		b = b[i+1:]
		j := 0
		for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
			j++
		}
		switch {
		case j == len(b): // a soft line break at the very end
			b = b[j:]
		case b[j] == '\n':
			b = b[j+1:]
		case b[j] == '\r' && j+1 < len(b) && b[j+1] == '\n':
			b = b[j+2:]
		case len(b) >= 2 && isHex(b[0]) && isHex(b[1]):
			out = append(out, unhex(b[0])<<4|unhex(b[1]))
			b = b[2:]
		default:
			out = append(out, '=')
		}
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// charsetEncoding finds the encoding of a charset label; nil when unknown. WHATWG labels come
// first, so ISO-8859-1 is read as Windows-1252, its superset that mailers really send.
func charsetEncoding(label string) encoding.Encoding {
	label = strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	if label == "" {
		return nil
	}
	if e, err := htmlindex.Get(label); err == nil {
		return e
	}
	if e, err := ianaindex.IANA.Encoding(label); err == nil && e != nil {
		return e
	}
	return nil
}

// decodeText converts a text body to UTF-8. Text that is not valid UTF-8 and has no known
// charset is read as Windows-1252, the usual mislabel; so is "UTF-8" text that is not.
func decodeText(b []byte, charset string) string {
	enc := charsetEncoding(charset)
	if enc == nil || enc == encoding.Nop || isUTF8(enc) {
		if utf8.Valid(b) {
			return string(b)
		}
		enc = charmap.Windows1252
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		out, _ = charmap.Windows1252.NewDecoder().Bytes(b)
	}
	return string(bytes.ToValidUTF8(out, []byte("\uFFFD")))
}

func isUTF8(e encoding.Encoding) bool {
	name, err := htmlindex.Name(e)
	return err == nil && name == "utf-8"
}

// wordDecoder decodes RFC 2047 encoded words in any charset that x/text knows; an unknown
// charset is read like an undeclared one rather than failing the whole header.
var wordDecoder = &mime.WordDecoder{
	CharsetReader: func(charset string, input io.Reader) (io.Reader, error) {
		b, err := io.ReadAll(input)
		if err != nil {
			return nil, err
		}
		return strings.NewReader(decodeText(b, charset)), nil
	},
}

// decodeWords decodes the RFC 2047 encoded words of a header value; a value it cannot decode
// is returned as it is.
func decodeWords(v string) string {
	if !strings.Contains(v, "=?") {
		return v
	}
	if d, err := wordDecoder.DecodeHeader(v); err == nil {
		return d
	}
	return v
}

// cleanHeaderText makes a decoded header value safe to show: raw 8-bit bytes read as
// Windows-1252, no control characters, white space runs collapsed.
func cleanHeaderText(v string) string {
	if !utf8.ValidString(v) {
		v = decodeText([]byte(v), "windows-1252")
	}
	v = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, v)
	return strings.Join(strings.Fields(v), " ")
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

var tagRE = regexp.MustCompile(`(?s)<[^>]*>`)

// maxHTMLParse is the largest HTML body given to the HTML parser, whose tree takes several
// times the text's size; a larger one only has its tags stripped.
const maxHTMLParse = 2 << 20

var errHTMLTooLarge = errors.New("HTML body too large to parse")

// htmlText returns the readable text of an HTML body: tags stripped, entities decoded, tables
// and paragraphs on lines of their own.
func htmlText(h string) string {
	var text string
	err := errHTMLTooLarge
	if len(h) <= maxHTMLParse {
		text, err = html2text.FromString(h, html2text.Options{TextOnly: true})
	}
	if err != nil {
		return strings.TrimSpace(tagRE.ReplaceAllString(h, " "))
	}
	return text
}
