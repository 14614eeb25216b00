package email_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/intake/email"
)

// The attachment bytes of the fixtures (intake/mime/testdata), as their senders attached them.
const (
	pdf  = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
	csv  = "sku;qty;price\nA-100;12;4,50\nB-200;3;19,90\n"
	edi  = "UNA:+.? 'UNB+UNOC:3+4012345000016:14+4098765000019:14+260112:1030+ICR123'UNH+1+ORDERS:D:96A:UN:EAN008'BGM+220+PO-778+9'LIN+1++4000862141404:SRV'QTY+21:48'UNS+S'UNT+6+1'UNZ+1+ICR123'\n"
	xlsx = "PK\x03\x04 fake xlsx"
)

var jpg = "\xff\xd8\xff\xe0" + strings.Repeat("scanned order page", 60) + "\xff\xd9"

type file struct{ name, content string }

func TestSplit(t *testing.T) {
	t.Parallel()

	tests := []struct {
		fixture string
		id      string // Message-ID; "" when the key must use the message's hash
		from    string
		subject string
		date    time.Time
		files   []file
	}{
		{
			fixture: "mixed-pdf-csv.eml", id: "order-4711@acme.example", from: "buyer@acme.example", subject: "Order 4711",
			date: time.Date(2026, 1, 12, 9, 30, 0, 0, time.UTC),
			// The fixture has CRLF line ends, as IMAP serves mail; the CSV's last line end
			// belongs to the delimiter that follows it (RFC 2046 §5.1.1).
			files: []file{{"order-4711.pdf", pdf}, {"lines.csv", "sku;qty;price\r\nA-100;12;4,50\r\nB-200;3;19,90"}},
		},
		{
			fixture: "alternative-body.eml", id: "alt-1@shop.example", from: "purchasing@shop.example", subject: "Bestellung",
			date:  time.Date(2026, 1, 13, 8, 0, 0, 0, time.UTC),
			files: []file{{"body.txt", "Please deliver:\n10 x A-100\n5 x B-200\n"}},
		},
		{
			fixture: "html-only.eml", id: "html-1@shop.example", from: "purchasing@shop.example", subject: "order",
			files: []file{{"body.txt", "Order & delivery:\n\nA-100 12\n"}},
		},
		{
			fixture: "forward-edi.eml", id: "fwd-9@acme.example", from: "buyer@acme.example", subject: "Fwd: ORDERS PO-778",
			date:  time.Date(2026, 1, 14, 8, 15, 0, 0, time.UTC),
			files: []file{{"ORDERS_PO-778.edi", edi}},
		},
		{
			fixture: "latin1-qp.eml", id: "latin1-1@ferme.example", from: "francois@ferme.example", subject: "Commande",
			files: []file{{"body.txt", "Bonjour,\n\nMerci de livrer 12 pièces de la référence A-100 à l'entrepôt d'Orléans.\n\nFrançois\n"}},
		},
		{
			fixture: "cp1252-subject.eml", id: "cp1252-1@acme.example", from: "buyer@acme.example",
			subject: "Commande n° 4711 – livraison “urgente”",
			files:   []file{{"body.txt", "Prix unitaire : 4,50 € – merci\n"}},
		},
		{
			fixture: "utf8-base64-body.eml", id: "b64-1@acme.example", from: "buyer@acme.example", subject: "Bestellung über 10 Stück",
			files: []file{{"body.txt", "Bitte liefern Sie 10 Stück Artikel A-100 nach Köln.\n"}},
		},
		{
			fixture: "rfc2231-name.eml", id: "names-1@acme.example", from: "buyer@acme.example", subject: "names",
			files: []file{
				{"commande n° 4711 été.pdf", pdf}, // RFC 2231 with UTF-8 percent-encoding
				{"Bestellung Müller.xlsx", xlsx},  // RFC 2047 in a name parameter, ISO-8859-1
				{"übersicht teil 2.txt", "lines"}, // RFC 2231 continuations
				{"order.pdf", pdf + "2"},          // a Windows path, stripped
				{"gpj.pdf", pdf + "3"},            // a right-to-left override, dropped
				{"attachment.pdf", pdf + "4"},     // no name: named by its type
			},
		},
		{
			fixture: "inline-logo.eml", id: "logo-1@acme.example", from: "buyer@acme.example", subject: "scan",
			// The inline logo and the S/MIME signature are skipped; an inline PDF and an image
			// attachment are kept. There are attachments, so the body is not delivered.
			files: []file{{"order.pdf", pdf}, {"scan.jpg", jpg}},
		},
		{
			fixture: "no-message-id.eml", from: "buyer@acme.example", subject: "no id",
			files: []file{{"order.csv", csv}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			t.Parallel()
			raw := readFixture(t, tt.fixture)
			m, err := email.Split(raw)
			if err != nil {
				t.Fatalf("Split: %v", err)
			}
			if m.MessageID != tt.id || m.From != tt.from || m.Subject != tt.subject {
				t.Errorf("got id %q from %q subject %q, want %q %q %q", m.MessageID, m.From, m.Subject, tt.id, tt.from, tt.subject)
			}
			if !m.Date.Equal(tt.date) {
				t.Errorf("date %v, want %v", m.Date, tt.date)
			}
			keyID := tt.id
			if keyID == "" {
				keyID = "sha256-" + sum(bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n")))
			}
			if len(m.Deliveries) != len(tt.files) {
				for _, d := range m.Deliveries {
					t.Logf("got %q (%d bytes)", d.Filename, len(d.Content))
				}
				t.Fatalf("got %d deliveries, want %d", len(m.Deliveries), len(tt.files))
			}
			for i, want := range tt.files {
				d := m.Deliveries[i]
				if d.Filename != want.name {
					t.Errorf("delivery %d: file name %q, want %q", i, d.Filename, want.name)
				}
				if string(d.Content) != want.content {
					t.Errorf("delivery %d (%s): content %q, want %q", i, want.name, d.Content, want.content)
				}
				if wantKey := "email:" + keyID + ":" + sum([]byte(want.content)); d.NaturalKey != wantKey {
					t.Errorf("delivery %d (%s): key %q, want %q", i, want.name, d.NaturalKey, wantKey)
				}
				if d.Channel != o2c.ChannelEmail || d.Sender != tt.from {
					t.Errorf("delivery %d: channel %q sender %q", i, d.Channel, d.Sender)
				}
			}
		})
	}
}

// Splitting the same message again, or the same message with other line ends (an IMAP copy
// and a saved file), gives the same natural keys: a re-delivery is a no-op downstream.
func TestSplitKeysAreStable(t *testing.T) {
	t.Parallel()
	fixtures, err := filepath.Glob("testdata/*.eml")
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, path := range fixtures {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			raw := readFixture(t, filepath.Base(path))
			lf := bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
			crlf := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
			want := keys(t, raw)
			for name, variant := range map[string][]byte{"again": raw, "LF": lf, "CRLF": crlf} {
				if got := keys(t, variant); !equal(got, want) {
					t.Errorf("%s: keys %v, want %v", name, got, want)
				}
			}
		})
	}
}

func TestSplitRefuses(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name    string
		raw     []byte
		message string // part of the error's message
	}{
		{"ErrTooManyParts1001", manyParts(1001), "at least 1001 MIME parts, more than the 1000 allowed"},
		{"ErrTooManyParts10000", manyParts(10000), "at least 10000 MIME parts"},
		{"ErrTooLarge", append([]byte("Subject: big\r\n\r\n"), make([]byte, email.MaxSize)...), "more than the 50 MB allowed"},
		{"ErrTooDeep", nested(email.MaxDepth + 5), "more than 30 deep"},
		{"ErrForwardedTooDeep", forwarded(email.MaxDepth + 5), "more than 30 deep"},
		{"ErrNestedCopies", forwardedQP(29, 4<<20), "encodes forwarded messages into one another"},
		{"ErrNoHeader", []byte("\x00\x01binary garbage, no header\n"), "no header"},
		{"ErrEmpty", nil, "no header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := email.Split(tt.raw)
			if o2c.ErrorCode(err) != o2c.CodeInvalid {
				t.Fatalf("got %v, want a CodeInvalid error", err)
			}
			if msg := o2c.ErrorMessage(err); !strings.Contains(msg, tt.message) {
				t.Errorf("message %q, want it to contain %q", msg, tt.message)
			}
		})
	}
}

func TestSplitAtTheLimits(t *testing.T) {
	t.Parallel()
	m, err := email.Split(manyParts(email.MaxParts))
	if err != nil {
		t.Fatalf("Split of %d parts: %v", email.MaxParts, err)
	}
	if len(m.Deliveries) != email.MaxParts {
		t.Fatalf("got %d deliveries, want %d", len(m.Deliveries), email.MaxParts)
	}
	if got, want := m.Deliveries[1].Filename, "attachment-2.csv"; got != want {
		t.Errorf("second unnamed attachment is %q, want %q", got, want)
	}
	if _, err := email.Split(nested(email.MaxDepth - 1)); err != nil {
		t.Errorf("Split of a message nested %d deep: %v", email.MaxDepth-1, err)
	}
}

// Real mail breaks the rules; what can be read is kept.
func TestSplitLenient(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name  string
		raw   string
		files []file
	}{
		{
			name: "NoClosingDelimiter",
			raw: "Message-ID: <a@b>\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/csv; name=x.csv\n\n" +
				"1;2\n",
			files: []file{{"x.csv", "1;2\r\n"}}, // MIME's canonical line end
		},
		{
			name:  "MultipartWithoutDelimiter",
			raw:   "Message-ID: <a@b>\nContent-Type: multipart/mixed; boundary=b\n\nan order in a broken multipart\n",
			files: []file{{"body.txt", "an order in a broken multipart\n"}},
		},
		{
			name:  "MultipartWithoutBoundary",
			raw:   "Message-ID: <a@b>\nContent-Type: multipart/mixed\n\n12 x A-100\n",
			files: []file{{"body.txt", "12 x A-100\n"}},
		},
		{
			name:  "LeadingEmptyLines",
			raw:   "\r\n\nMessage-ID: <a@b>\n\n12 x A-100\n",
			files: []file{{"body.txt", "12 x A-100\n"}},
		},
		{
			name:  "UnreadableContentTypeParameters",
			raw:   "Message-ID: <a@b>\nContent-Type: text/plain; charset=\"utf-8\n\n12 x A-100\n",
			files: []file{{"body.txt", "12 x A-100\n"}},
		},
		{
			name:  "NoContentType",
			raw:   "Message-ID: <a@b>\nSubject: hi\n\n12 x A-100\n",
			files: []file{{"body.txt", "12 x A-100\n"}},
		},
		{
			name: "BrokenBase64",
			raw: "Message-ID: <a@b>\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/pdf; name=a.pdf\n" +
				"Content-Transfer-Encoding: base64\n\nJVBE!!Ri0x\nLjQ=\nJVBERg==\n--b--\n",
			files: []file{{"a.pdf", "%PDF-1.4%PDF"}},
		},
		{
			name:  "BrokenQuotedPrintable",
			raw:   "Message-ID: <a@b>\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n3 =3D 3, 50=% off=ZZ\n",
			files: []file{{"body.txt", "3 = 3, 50=% off=ZZ\n"}},
		},
		{
			name:  "UnknownCharset",
			raw:   "Message-ID: <a@b>\nContent-Type: text/plain; charset=x-unknown\nContent-Transfer-Encoding: 8bit\n\nd\xe9j\xe0 vu\n",
			files: []file{{"body.txt", "déjà vu\n"}},
		},
		{
			name:  "MislabelledUTF8",
			raw:   "Message-ID: <a@b>\nContent-Type: text/plain; charset=utf-8\n\nd\xe9j\xe0 vu\n",
			files: []file{{"body.txt", "déjà vu\n"}},
		},
		{
			name: "SameFileTwice",
			raw: "Message-ID: <a@b>\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/csv; name=a.csv\n\n1;2\n" +
				"--b\nContent-Type: text/csv; name=copy.csv\n\n1;2\n--b--\n",
			files: []file{{"a.csv", "1;2"}},
		},
		{
			name:  "EmptyMail",
			raw:   "Message-ID: <a@b>\nSubject: nothing\n\n \n",
			files: nil,
		},
		{
			name:  "MboxPostmark",
			raw:   "From buyer@acme.example Mon Jan 12 10:30:00 2026\nMessage-ID: <a@b>\n\nhello\n",
			files: []file{{"body.txt", "hello\n"}},
		},
		{
			name: "ForwardedBodyOnly",
			raw: "Message-ID: <a@b>\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nFYI\n" +
				"--b\nContent-Type: message/rfc822\n\nMessage-ID: <c@d>\nSubject: order\n\n12 x A-100\n--b--\n",
			files: []file{{"body.txt", "FYI\n"}, {"forwarded-body.txt", "12 x A-100\n"}},
		},
		{
			name:  "LargeInlineImageKept",
			raw:   "Message-ID: <a@b>\nContent-Type: multipart/related; boundary=b\n\n--b\nContent-Type: text/html\n\n<img src=cid:x>\n--b\nContent-Type: image/png\nContent-ID: <x>\n\n" + strings.Repeat("p", 30<<10) + "\n--b--\n",
			files: []file{{"attachment.png", strings.Repeat("p", 30<<10)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := email.Split([]byte(tt.raw))
			if err != nil {
				t.Fatalf("Split: %v", err)
			}
			if len(m.Deliveries) != len(tt.files) {
				for _, d := range m.Deliveries {
					t.Logf("got %q %q", d.Filename, d.Content)
				}
				t.Fatalf("got %d deliveries, want %d", len(m.Deliveries), len(tt.files))
			}
			for i, want := range tt.files {
				if d := m.Deliveries[i]; d.Filename != want.name || string(d.Content) != want.content {
					t.Errorf("delivery %d: %q %q, want %q %q", i, d.Filename, d.Content, want.name, want.content)
				}
			}
		})
	}
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func keys(t *testing.T, raw []byte) []string {
	t.Helper()
	m, err := email.Split(raw)
	if err != nil {
		t.Fatalf("Split: %v", err)
	}
	var ks []string
	for _, d := range m.Deliveries {
		ks = append(ks, d.NaturalKey)
	}
	return ks
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// manyParts builds a multipart/mixed message of n small unnamed CSV attachments.
func manyParts(n int) []byte {
	var b bytes.Buffer
	b.WriteString("Message-ID: <many@acme.example>\r\nContent-Type: multipart/mixed; boundary=\"p\"\r\n\r\n")
	for i := range n {
		fmt.Fprintf(&b, "--p\r\nContent-Type: text/csv\r\n\r\nline;%d\r\n", i)
	}
	b.WriteString("--p--\r\n")
	return b.Bytes()
}

// nested builds a message whose attachment sits depth multiparts deep.
func nested(depth int) []byte {
	var b bytes.Buffer
	b.WriteString("Message-ID: <deep@acme.example>\r\n")
	for i := range depth {
		fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n--b%d\r\n", i, i)
	}
	b.WriteString("Content-Type: text/csv; name=deep.csv\r\n\r\n1;2\r\n")
	for i := depth - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "--b%d--\r\n", i)
	}
	return b.Bytes()
}

// forwarded builds a message forwarded depth times, each as the whole body of the next.
func forwarded(depth int) []byte {
	var b bytes.Buffer
	for i := range depth {
		fmt.Fprintf(&b, "Message-ID: <fwd-%d@acme.example>\r\nContent-Type: message/rfc822\r\n\r\n", i)
	}
	b.WriteString("Subject: order\r\n\r\n12 x A-100\r\n")
	return b.Bytes()
}

// forwardedQP builds a message forwarded depth times, each level quoted-printable (which RFC
// 2046 forbids for message/rfc822, and which costs a decoded copy per level), around a
// payload of size bytes.
func forwardedQP(depth, size int) []byte {
	var b bytes.Buffer
	for range depth {
		b.WriteString("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	}
	b.WriteString("Subject: order\r\n\r\n")
	line := strings.Repeat("x", 76) + "\r\n"
	for b.Len() < size {
		b.WriteString(line)
	}
	return b.Bytes()
}
