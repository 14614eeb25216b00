package email

import (
	"bufio"
	"bytes"
	"net/textproto"
	"strings"

	"github.com/jhillyerd/enmime/v2"
	"github.com/jhillyerd/enmime/v2/mediatype"

	"github.com/o2c-project/o2c"
)

// inlineImageLimit is the size under which an inline image is taken for a logo or a signature.
const inlineImageLimit = 20 << 10

// entity is one MIME entity: its header and its still transfer-encoded body, a subslice of the
// raw message.
type entity struct {
	header    textproto.MIMEHeader
	body      []byte
	mediaType string            // lowercased; "" when missing or unreadable
	params    map[string]string // Content-Type parameters
}

// message collects the body text of one message level: the top one, or a forwarded one.
type message struct {
	plain []string
	html  []string
}

// text returns the message's body as UTF-8 with "\n" line ends: its plain parts, else the text
// of its HTML parts; "" when there is nothing but white space.
func (m *message) text() string {
	parts := m.plain
	if len(parts) == 0 {
		for _, h := range m.html {
			parts = append(parts, htmlText(h))
		}
	}
	var b strings.Builder
	for _, p := range parts {
		p = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(p, "\r\n", "\n"), "\r", "\n"))
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(p)
	}
	if b.Len() == 0 {
		return ""
	}
	b.WriteString("\n")
	return b.String()
}

type attachment struct {
	name      string // as the mail gives it, decoded; sanitised later
	mediaType string
	content   []byte
}

type splitter struct {
	parts       int // MIME parts seen
	copied      int // bytes of forwarded messages decoded into copies
	attachments []attachment
	messages    []*message
}

// parseEntity separates header and body. The header is read by enmime's lenient reader. ok is
// false when a message (top) has no header at all.
func parseEntity(raw []byte, top bool) (entity, bool) {
	headerEnd, bodyStart := headerBounds(raw)
	e := entity{header: textproto.MIMEHeader{}, body: raw[bodyStart:]}
	if headerEnd > 0 {
		h, err := enmime.ReadHeader(bufio.NewReader(bytes.NewReader(raw[:headerEnd])), ignoreErrors{})
		if err == nil {
			e.header = h
		}
	}
	if top && len(e.header) == 0 {
		return e, false
	}
	ctype := e.header.Get("Content-Type")
	if ctype == "" {
		return e, true
	}
	mt, params, _, err := mediatype.Parse(ctype)
	if err == nil {
		e.mediaType = strings.ToLower(mt)
		e.params = params
	} else {
		e.mediaType = bareMediaType(ctype)
	}
	return e, true
}

// bareMediaType reads the type of a Content-Type whose parameters are unreadable, e.g. an
// unterminated quote. When even the type is unreadable the part is kept as a file
// (application/octet-stream) rather than read as text as RFC 2045 §5.2 would have it: a
// binary part read as text would be lost.
func bareMediaType(ctype string) string {
	mt, _, _ := strings.Cut(ctype, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	if typ, sub, ok := strings.Cut(mt, "/"); ok && isToken(typ) && isToken(sub) {
		return mt
	}
	return "application/octet-stream"
}

func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?=`, c) >= 0 {
			return false
		}
	}
	return true
}

// headerBounds finds where the header ends (the first empty line) and the body starts. A part
// whose first line is not a header field has no header: all of it is body.
func headerBounds(raw []byte) (headerEnd, bodyStart int) {
	first := raw
	if i := bytes.IndexByte(raw, '\n'); i >= 0 {
		first = raw[:i]
	}
	if len(bytes.TrimRight(first, "\r")) == 0 {
		return 0, min(len(raw), len(first)+1)
	}
	if colon := bytes.IndexByte(first, ':'); colon <= 0 || !isHeaderName(bytes.TrimRight(first[:colon], " \t")) {
		return 0, 0
	}
	for pos := 0; pos < len(raw); {
		i := bytes.IndexByte(raw[pos:], '\n')
		if i < 0 {
			return len(raw), len(raw)
		}
		if len(bytes.TrimRight(raw[pos:pos+i], "\r")) == 0 {
			return pos, pos + i + 1
		}
		pos += i + 1
	}
	return len(raw), len(raw)
}

func isHeaderName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c <= ' ' || c >= 0x7f || c == ':' {
			return false
		}
	}
	return true
}

// ignoreErrors drops enmime's header warnings: a malformed header line is skipped, as a mail
// client would.
type ignoreErrors struct{}

func (ignoreErrors) AddError(string, string, ...any)   {}
func (ignoreErrors) AddWarning(string, string, ...any) {}

// walk visits one entity: a multipart is cut into its parts, a forwarded message is opened, a
// body text is kept for the message it belongs to, and anything else is an attachment.
func (s *splitter) walk(e entity, depth int, msg *message, related bool) error {
	if depth > MaxDepth {
		return o2c.Errorf(o2c.CodeInvalid, "the message nests parts more than %d deep", MaxDepth)
	}
	if strings.HasPrefix(e.mediaType, "multipart/") {
		boundary := e.params["boundary"]
		if boundary == "" {
			// A multipart without a boundary cannot be cut: its body is read as text.
			return s.leaf(entity{header: textproto.MIMEHeader{}, body: e.body, mediaType: "text/plain"}, msg, related)
		}
		parts := s.cut(e.body, boundary)
		if s.parts > MaxParts {
			return o2c.Errorf(o2c.CodeInvalid, "the message has at least %d MIME parts, more than the %d allowed", s.parts, MaxParts)
		}
		if parts == nil {
			// No delimiter at all: a broken multipart whose body is still worth reading.
			return s.leaf(entity{header: textproto.MIMEHeader{}, body: e.body, mediaType: "text/plain"}, msg, related)
		}
		related = related || e.mediaType == "multipart/related"
		for _, p := range parts {
			child, _ := parseEntity(p, false)
			if err := s.walk(child, depth+1, msg, related); err != nil {
				return err
			}
		}
		return nil
	}
	if e.mediaType == "message/rfc822" || e.mediaType == "message/global" {
		s.parts++
		if s.parts > MaxParts {
			return o2c.Errorf(o2c.CodeInvalid, "the message has at least %d MIME parts, more than the %d allowed", s.parts, MaxParts)
		}
		body, err := s.messageBody(e)
		if err != nil {
			return err
		}
		inner, ok := parseEntity(body, true)
		if !ok {
			return s.leaf(e, msg, related) // not a message after all: keep it as a file
		}
		fwd := &message{}
		s.messages = append(s.messages, fwd)
		return s.walk(inner, depth+1, fwd, false)
	}
	return s.leaf(e, msg, related)
}

// messageBody returns the forwarded message that e holds. It is walked in place when it is not
// encoded, as RFC 2046 §5.2.1 wants; a base64 or quoted-printable one is decoded into a copy,
// and copies are bounded so that nesting cannot multiply the memory a message takes.
func (s *splitter) messageBody(e entity) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(e.header.Get("Content-Transfer-Encoding"))) {
	case "base64", "quoted-printable":
	default:
		return e.body, nil
	}
	body := transferDecode(e.body, e.header.Get("Content-Transfer-Encoding"))
	s.copied += len(body)
	if s.copied > 2*MaxSize {
		return nil, o2c.Errorf(o2c.CodeInvalid, "the message encodes forwarded messages into one another more than %d MB deep", 2*MaxSize>>20)
	}
	return body, nil
}

// leaf keeps a single part: body text for msg, or an attachment.
func (s *splitter) leaf(e entity, msg *message, related bool) error {
	disposition, name := dispositionAndName(e)
	isText := e.mediaType == "" || e.mediaType == "text/plain" || e.mediaType == "text/html"
	if isText && disposition != "attachment" && name == "" {
		text := decodeText(transferDecode(e.body, e.header.Get("Content-Transfer-Encoding")), e.params["charset"])
		if e.mediaType == "text/html" {
			msg.html = append(msg.html, text)
		} else {
			msg.plain = append(msg.plain, text)
		}
		return nil
	}
	if skippedType(e.mediaType) {
		return nil
	}
	content := transferDecode(e.body, e.header.Get("Content-Transfer-Encoding"))
	if len(content) == 0 {
		return nil
	}
	if strings.HasPrefix(e.mediaType, "image/") && len(content) < inlineImageLimit {
		inline := disposition == "inline" || (disposition == "" && (related || e.header.Get("Content-Id") != ""))
		if inline {
			return nil // a logo or a signature image, not a document
		}
	}
	s.attachments = append(s.attachments, attachment{name: name, mediaType: e.mediaType, content: content})
	return nil
}

// skippedType tells the parts that are never documents: signatures of the mail itself and
// the contact cards that mailers attach to a signature.
func skippedType(mt string) bool {
	switch mt {
	case "application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature",
		"text/vcard", "text/x-vcard":
		return true
	}
	return false
}

// dispositionAndName returns the lowercased Content-Disposition and the part's file name,
// decoded (RFC 2231 by the parameter parser, RFC 2047 here) but not yet sanitised.
func dispositionAndName(e entity) (disposition, name string) {
	if cd := e.header.Get("Content-Disposition"); cd != "" {
		if d, params, _, err := mediatype.Parse(cd); err == nil {
			disposition = strings.ToLower(d)
			name = params["filename"]
		} else {
			// mediatype.Parse gives up on some mangled headers; the disposition word is enough.
			d, _, _ := strings.Cut(cd, ";")
			disposition = strings.ToLower(strings.TrimSpace(d))
		}
	}
	if name == "" {
		name = e.params["name"]
	}
	return disposition, decodeWords(name)
}

// cut returns the parts of a multipart body: the bytes between its delimiter lines, the line
// end before each delimiter excluded. It counts every part into s.parts, and past MaxParts it
// only counts. The preamble and the epilogue are dropped; a missing closing delimiter ends the
// last part at the end of the body. nil means no delimiter was found.
func (s *splitter) cut(body []byte, boundary string) [][]byte {
	delim := []byte("--" + boundary)
	var parts [][]byte
	found := false
	start := -1 // start of the current part; -1 in the preamble or after the closing delimiter
	for pos := 0; pos < len(body); {
		next := len(body)
		if i := bytes.IndexByte(body[pos:], '\n'); i >= 0 {
			next = pos + i + 1
		}
		line := body[pos:next]
		if bytes.HasPrefix(line, delim) {
			if kind := delimiterKind(line[len(delim):]); kind != notDelimiter {
				found = true
				if start >= 0 && s.parts <= MaxParts {
					parts = append(parts, trimLineEnd(body[start:pos]))
				}
				start = -1
				if kind == closing {
					break
				}
				s.parts++
				start = next
			}
		}
		pos = next
	}
	if start >= 0 && s.parts <= MaxParts {
		parts = append(parts, body[start:])
	}
	if !found {
		return nil
	}
	if parts == nil {
		parts = [][]byte{}
	}
	return parts
}

type delimiter int

const (
	notDelimiter delimiter = iota
	opening
	closing
)

// delimiterKind reads what follows "--boundary" on a line: white space only for a delimiter,
// "--" and white space for the closing one; anything else means the boundary was the prefix of
// some other text.
func delimiterKind(rest []byte) delimiter {
	kind := opening
	if bytes.HasPrefix(rest, []byte("--")) {
		kind, rest = closing, rest[2:]
	}
	if len(bytes.TrimSpace(rest)) != 0 {
		return notDelimiter
	}
	return kind
}

func trimLineEnd(b []byte) []byte {
	if bytes.HasSuffix(b, []byte("\r\n")) {
		return b[:len(b)-2]
	}
	if bytes.HasSuffix(b, []byte("\n")) {
		return b[:len(b)-1]
	}
	return b
}
