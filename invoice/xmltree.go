package invoice

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/charmap"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// Limits on what the readers accept: invoices come from outside.
const (
	MaxSize     = 50 << 20  // bytes of one XML invoice
	maxDepth    = 64        // element nesting; invoices nest about 10 deep
	maxElements = 2_000_000 // elements in one document
)

// elem is one element of a parsed document: its namespace URI and local name, attributes, text
// (trimmed, only for leaves) and children.
type elem struct {
	space, local string
	attr         []xml.Attr
	text         string
	kids         []*elem
}

// prefixes maps the prefixes used in this package's paths to namespace URIs. Documents are
// matched by URI, whatever prefixes they use.
var prefixes = map[string]string{"rsm": nsRSM, "ram": nsRAM, "udt": nsUDT, "qdt": nsQDT, "cac": nsCAC, "cbc": nsCBC}

// parseTree reads a whole document into a tree. It refuses DOCTYPE and other declarations (so no
// entity can expand), nesting deeper than maxDepth, more than maxElements elements and charsets
// other than UTF-8, US-ASCII, ISO-8859-1/-15 and Windows-1252. Embedded attachments are skipped.
func parseTree(b []byte) (*elem, error) {
	if len(b) > MaxSize {
		return nil, &o2c.Error{Code: o2c.CodeTooLarge, Message: fmt.Sprintf("the XML invoice is %d bytes; the limit is %d MB", len(b), MaxSize>>20)}
	}
	dec := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})))
	dec.Strict = true
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(strings.TrimSpace(label)) {
		case "us-ascii", "ascii":
			return in, nil
		case "iso-8859-1", "iso8859-1", "latin1", "latin-1":
			return charmap.ISO8859_1.NewDecoder().Reader(in), nil
		case "iso-8859-15", "iso8859-15", "latin9", "latin-9":
			return charmap.ISO8859_15.NewDecoder().Reader(in), nil
		case "windows-1252", "cp1252":
			return charmap.Windows1252.NewDecoder().Reader(in), nil
		}
		return nil, fmt.Errorf("the declared encoding %q is not supported; send UTF-8", label)
	}
	var stack []*elem
	var root *elem
	var text []byte
	count, skip := 0, 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, invalid(RuleXML, "$", fmt.Sprintf("the input is not well-formed XML: %s", err.Error()))
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, invalid(RuleXML, "$", "the document holds a DOCTYPE or other declaration, which invoices never need")
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			if count++; count > maxElements {
				return nil, invalid(RuleXML, "$", fmt.Sprintf("the document holds more than %d elements", maxElements))
			}
			if len(stack) >= maxDepth {
				return nil, invalid(RuleXML, "$", fmt.Sprintf("elements nest deeper than %d levels", maxDepth))
			}
			e := &elem{space: t.Name.Space, local: t.Name.Local, attr: t.Attr}
			if len(stack) == 0 {
				if root != nil {
					return nil, invalid(RuleXML, "$", "the document has a second root element")
				}
				root = e
			} else {
				parent := stack[len(stack)-1]
				parent.kids = append(parent.kids, e)
			}
			stack = append(stack, e)
			text = text[:0]
			if t.Name.Local == "AttachmentBinaryObject" || t.Name.Local == "EmbeddedDocumentBinaryObject" {
				skip = 1
			}
		case xml.EndElement:
			if skip > 0 {
				if skip--; skip > 0 {
					continue
				}
			}
			e := stack[len(stack)-1]
			if len(e.kids) == 0 {
				e.text = strings.TrimSpace(string(text))
			}
			text = text[:0]
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if skip == 0 && len(stack) > 0 {
				text = append(text, t...)
			}
		}
	}
	if root == nil {
		return nil, invalid(RuleXML, "$", "the input holds no XML element")
	}
	return root, nil
}

// all returns the elements at path p below e ("ram:A/ram:B"), in document order.
func (e *elem) all(p string) []*elem {
	if e == nil {
		return nil
	}
	cur := []*elem{e}
	for _, part := range strings.Split(p, "/") {
		prefix, local, _ := strings.Cut(part, ":")
		space, ok := prefixes[prefix]
		if !ok {
			panic("invoice: bad path " + p)
		}
		var next []*elem
		for _, c := range cur {
			for _, k := range c.kids {
				if k.space == space && k.local == local {
					next = append(next, k)
				}
			}
		}
		cur = next
	}
	return cur
}

// one returns the first element at path p below e, or nil.
func (e *elem) one(p string) *elem {
	if all := e.all(p); len(all) > 0 {
		return all[0]
	}
	return nil
}

// str returns the text of the first element at path p, or "".
func (e *elem) str(p string) string {
	if c := e.one(p); c != nil {
		return c.text
	}
	return ""
}

// attrOf returns the value of the unqualified attribute name of e, or "".
func (e *elem) attrOf(name string) string {
	if e == nil {
		return ""
	}
	for _, a := range e.attr {
		if a.Name.Space == "" && a.Name.Local == name {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// id returns the identifier at path p, with its scheme from attr.
func (e *elem) id(p, attr string) Identifier {
	c := e.one(p)
	if c == nil {
		return Identifier{}
	}
	return Identifier{Scheme: c.attrOf(attr), Value: c.text}
}

// reading collects the faults of reading values out of a tree.
type reading struct {
	faults []o2c.Fault
}

func (r *reading) fault(path, format string, args ...any) {
	if len(r.faults) < 100 {
		r.faults = append(r.faults, o2c.Fault{Rule: RuleValue, Path: path, Message: fmt.Sprintf(format, args...)})
	}
}

// decimal reads a decimal (plain digits, an optional sign and point) from s; "" gives zero.
func (r *reading) decimal(path, s string) decimal.Decimal {
	if s == "" {
		return decimal.Zero
	}
	s = strings.TrimPrefix(s, "+")
	if len(s) > 40 || strings.ContainsAny(s, "eE, ") {
		r.fault(path, "%q is not a decimal number", s)
		return decimal.Zero
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		r.fault(path, "%q is not a decimal number", s)
		return decimal.Zero
	}
	return d
}

// optDecimal reads an optional decimal: nil for "".
func (r *reading) optDecimal(path, s string) *decimal.Decimal {
	if s == "" {
		return nil
	}
	d := r.decimal(path, s)
	return &d
}

// date reads YYYY-MM-DD; "" gives the zero date.
func (r *reading) date(path, s string) cal.Date {
	if s == "" {
		return cal.Date{}
	}
	// xsd:date may carry a zone (2016-04-04+01:00, 2016-04-04Z); a business date keeps the day.
	day := s
	if len(s) > 10 {
		if zone := s[10:]; zone == "Z" || (len(zone) == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
			day = s[:10]
		}
	}
	d, err := cal.Parse(day)
	if err != nil {
		r.fault(path, "%q is not a YYYY-MM-DD date", s)
	}
	return d
}

// date102 reads a CII date element (format 102, YYYYMMDD) below e; nil gives the zero date.
func (r *reading) date102(path string, e *elem) cal.Date {
	if e == nil || e.text == "" {
		return cal.Date{}
	}
	if f := e.attrOf("format"); f != "" && f != "102" {
		r.fault(path, "date format %q is not 102 (YYYYMMDD)", f)
		return cal.Date{}
	}
	s := e.text
	if len(s) != 8 {
		r.fault(path, "%q is not a YYYYMMDD date", s)
		return cal.Date{}
	}
	return r.date(path, s[:4]+"-"+s[4:6]+"-"+s[6:])
}

// Parse reads a CII (CrossIndustryInvoice) or UBL (Invoice, CreditNote) document into an
// invoice, with the amounts, breakdowns and totals it states. It does not calculate or validate:
// run Calculate and Validate to check what was read.
//
// Errors: CodeTooLarge over MaxSize; CodeInvalid when the input is not well-formed XML or breaks a
// limit (INV-20), is not an invoice in either syntax (INV-21), or holds a date, amount or code
// that cannot be read (INV-22).
func Parse(b []byte) (Invoice, error) {
	root, err := parseTree(b)
	if err != nil {
		return Invoice{}, err
	}
	switch {
	case root.space == nsRSM && root.local == "CrossIndustryInvoice":
		return readCII(root)
	case root.space == nsInvoice && root.local == "Invoice", root.space == nsCredit && root.local == "CreditNote":
		return readUBL(root)
	}
	return Invoice{}, invalid(RuleDocument, "$", fmt.Sprintf("the root element <%s> in namespace %q is not a CII or UBL invoice or credit note", root.local, root.space))
}
