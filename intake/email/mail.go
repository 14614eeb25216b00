// Package email turns one e-mail into the deliveries that o2c takes in: every attachment is a
// document of its own, and a mail without one gives its body as text, so that an order written
// in the body reaches the extraction engine. It reads bytes and returns values: no network.
//
// Real-world mail is walked by hand on the raw bytes, with enmime's lenient header and
// parameter parsing, rather than through enmime's part tree: a hostile message must not make
// the tree grow past the part limit before anything can count it. Parts are counted while the
// multipart bodies are cut (subslices of the raw message, nothing copied), so a 10,000-part
// message is refused with its count at the cost of one scan.
package email

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/jhillyerd/enmime/v2"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/intake"
)

// Limits of one message. A message past any of them is refused whole with CodeInvalid.
const (
	MaxSize  = 50 << 20 // bytes of the raw message
	MaxParts = 1000     // MIME parts, nested ones and forwarded messages included
	MaxDepth = 30       // nesting of multiparts and forwarded messages
)

// Mail is one e-mail split into deliveries.
type Mail struct {
	MessageID  string    // the Message-ID without its angle brackets; "" when the mail has none
	From       string    // the sender's address, e.g. "buyer@example.com"
	Subject    string    // decoded to UTF-8
	Date       time.Time // the Date header; zero when missing or unreadable
	Deliveries []intake.Delivery
}

// Split reads one raw message (RFC 5322, as fetched by IMAP or cut from an mbox) and returns a
// delivery per attachment, nested forwarded messages included. Inline images under 20 KB
// (logos, signatures) and signature parts are skipped. When no attachment is left, the body
// becomes a delivery "body.txt" in UTF-8 (the text/plain part, else the text of the HTML part).
// Each delivery's NaturalKey is "email:" + Message-ID + ":" + sha256 of its content, with the
// sha256 of the whole message in place of a missing Message-ID, so splitting the same message
// again gives the same keys. Errors are *o2c.Error with CodeInvalid.
func Split(raw []byte) (*Mail, error) {
	if len(raw) > MaxSize {
		return nil, o2c.Errorf(o2c.CodeInvalid, "the message is %d bytes, more than the %d MB allowed", len(raw), MaxSize>>20)
	}
	// Empty lines before the header, or an mbox postmark left on a saved message, are no
	// header fields.
	raw = bytes.TrimLeft(raw, "\r\n")
	if bytes.HasPrefix(raw, []byte("From ")) {
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			raw = raw[i+1:]
		}
	}
	root, ok := parseEntity(raw, true)
	if !ok {
		return nil, o2c.Errorf(o2c.CodeInvalid, "not an e-mail: the message has no header")
	}
	m := &Mail{
		MessageID: messageID(root.header.Get("Message-Id")),
		From:      fromAddress(root.header.Get("From")),
		Subject:   cleanHeaderText(decodeWords(root.header.Get("Subject"))),
	}
	if d, err := mail.ParseDate(strings.TrimSpace(root.header.Get("Date"))); err == nil {
		m.Date = d
	}

	s := &splitter{}
	top := &message{}
	s.messages = append(s.messages, top)
	if err := s.walk(root, 0, top, false); err != nil {
		return nil, err
	}

	keyID := m.MessageID
	if keyID == "" || len(keyID) > maxKeyIDLen {
		// A missing Message-ID is replaced by the message's own hash; an absurdly long one is
		// hashed so that the key stays short enough for a unique index.
		keyID = "sha256-" + messageHash(raw, keyID)
	}
	seen := map[string]bool{}
	add := func(name string, content []byte) {
		sum := sha256.Sum256(content)
		key := "email:" + keyID + ":" + hex.EncodeToString(sum[:])
		if seen[key] {
			return // the same file attached twice: one document
		}
		seen[key] = true
		m.Deliveries = append(m.Deliveries, intake.Delivery{
			Channel: o2c.ChannelEmail, Filename: name, Sender: m.From, Content: content, NaturalKey: key,
		})
	}
	unnamed := 0
	for _, a := range s.attachments {
		name := safeName(a.name)
		if name == "" {
			unnamed++
			name = fallbackName(a.mediaType, unnamed)
		}
		add(name, a.content)
	}
	if len(m.Deliveries) == 0 {
		forwarded := 0
		for i, msg := range s.messages {
			text := msg.text()
			if text == "" {
				continue
			}
			name := "body.txt"
			if i > 0 {
				forwarded++
				name = "forwarded-body.txt"
				if forwarded > 1 {
					name = fmt.Sprintf("forwarded-body-%d.txt", forwarded)
				}
			}
			add(name, []byte(text))
		}
	}
	return m, nil
}

// messageHash is the hex sha256 of a long Message-ID, or of the whole message when it has none.
// The message is hashed with "\n" line ends, so that the copy fetched by IMAP (CRLF) and the one
// saved in a file (often LF) give the same key.
func messageHash(raw []byte, id string) string {
	h := sha256.New()
	if id != "" {
		h.Write([]byte(id))
	} else {
		for rest := raw; len(rest) > 0; {
			i := bytes.Index(rest, []byte("\r\n"))
			if i < 0 {
				h.Write(rest)
				break
			}
			h.Write(rest[:i])
			h.Write([]byte("\n"))
			rest = rest[i+2:]
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// maxKeyIDLen is the longest Message-ID used as is in a natural key.
const maxKeyIDLen = 200

// messageID returns a Message-ID without angle brackets and white space; "" when there is none.
func messageID(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, '<'); i >= 0 {
		if j := strings.IndexByte(v[i:], '>'); j > 0 {
			v = v[i+1 : i+j]
		}
	}
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f || r == '<' || r == '>' {
			return -1
		}
		return r
	}, v)
}

// fromAddress returns the sender's address. A From header that no parser reads is kept as its
// decoded text, so a person can still see who sent it.
func fromAddress(v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	parser := mail.AddressParser{WordDecoder: wordDecoder}
	if list, err := parser.ParseList(v); err == nil && len(list) > 0 {
		return list[0].Address
	}
	if list, err := enmime.ParseAddressList(v); err == nil && len(list) > 0 && list[0].Address != "" {
		return list[0].Address
	}
	text := cleanHeaderText(decodeWords(v))
	if len(text) > 320 {
		text = truncateUTF8(text, 320)
	}
	return text
}
