package ubl

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/o2c-project/o2c"
)

// Namespaces of UBL 2.x. Elements are recognised by these URIs, never by their prefixes.
const (
	nsCAC     = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
	nsCBC     = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
	nsDocBase = "urn:oasis:names:specification:ubl:schema:xsd:" // + root name + "-2"
)

// Limits on what a parser reads. MaxSize is exported so that intake can refuse a larger file
// before it reads it whole.
const (
	MaxSize   = 50 << 20 // bytes of one UBL document
	maxDepth  = 64       // element nesting; UBL documents nest about 10 deep
	maxLines  = 100_000  // order lines in one document
	maxFaults = 100      // faults reported before a parser stops

	maxSubtree  = 10_000 // elements in one child of the root (an order line has some 50)
	maxRepeats  = 1_000  // header elements of one name (notes, deliveries) kept until the end
	maxBindings = 1_000  // namespace declarations in scope
)

// kind is the namespace of an element we keep: cac or cbc. Other namespaces (extensions,
// signatures) are skipped whole.
type kind uint8

const (
	kindOther kind = iota
	kindCBC
	kindCAC
)

// node is one element of a kept subtree: its name, its unqualified attributes, its text
// (trimmed) and its child elements. Subtrees are built one child of the root at a time, so that
// memory stays bounded by the largest of them (one order line, one party), not the document.
type node struct {
	kind  kind
	local string
	attr  []xml.Attr
	text  string
	kids  []*node
	line  int // line of the start tag, for messages
}

// step is one element name of a path.
type step struct {
	kind  kind
	local string
}

// path is a precompiled relative path such as "cac:Party/cac:PartyName/cbc:Name".
type path []step

// mustPath compiles a path of cac: and cbc: names; it panics on any other prefix (a bug).
func mustPath(s string) path {
	var p path
	for _, part := range strings.Split(s, "/") {
		prefix, local, ok := strings.Cut(part, ":")
		switch {
		case ok && prefix == "cac":
			p = append(p, step{kindCAC, local})
		case ok && prefix == "cbc":
			p = append(p, step{kindCBC, local})
		default:
			panic("ubl: bad path " + s)
		}
	}
	return p
}

// find returns the first element, in document order, at path p below n, or nil.
func (n *node) find(p path) *node {
	if n == nil {
		return nil
	}
	if len(p) == 0 {
		return n
	}
	for _, k := range n.kids {
		if k.kind == p[0].kind && k.local == p[0].local {
			if m := k.find(p[1:]); m != nil {
				return m
			}
		}
	}
	return nil
}

// findAll appends every element at path p below n, in document order.
func (n *node) findAll(p path, out []*node) []*node {
	if n == nil {
		return out
	}
	if len(p) == 0 {
		return append(out, n)
	}
	for _, k := range n.kids {
		if k.kind == p[0].kind && k.local == p[0].local {
			out = k.findAll(p[1:], out)
		}
	}
	return out
}

// textAt returns the text of the first element at path p, or "".
func (n *node) textAt(p path) string {
	if m := n.find(p); m != nil {
		return m.text
	}
	return ""
}

// attrValue returns the trimmed value of the unqualified attribute local, or "".
func (n *node) attrValue(local string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attr {
		if a.Name.Space == "" && a.Name.Local == local {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// name writes the element as it is usually written, for messages: cbc:Quantity.
func (n *node) name() string {
	switch n.kind {
	case kindCAC:
		return "cac:" + n.local
	case kindCBC:
		return "cbc:" + n.local
	}
	return n.local
}

// Rules of the parsers; doc.go explains each.
const (
	RuleSyntax       = "UBL-01"
	RuleDeclaration  = "UBL-02"
	RuleNotOrder     = "UBL-03"
	RuleCancellation = "UBL-04"
	RuleLimit        = "UBL-05"
	RuleDate         = "UBL-06"
	RuleDecimal      = "UBL-07"
	RuleStructure    = "UBL-08"
)

// reader reads a UBL document as a root element and a stream of its children, refusing what a
// hostile document could use: DOCTYPE and entity declarations, deep nesting, unknown charsets.
//
// It reads with RawToken, which is about a tenth faster than Token, and does what Token would
// do itself: it checks that end tags match and resolves namespace prefixes.
type reader struct {
	dec   *xml.Decoder
	root  xml.Name        // resolved
	open  []xml.Name      // raw names of the open elements, the root first
	ns    []binding       // namespace declarations in scope, innermost last
	prune map[string]bool // local names of cac elements never read below a root child
	text  []byte          // text of the leaf being built
	nodes int             // nodes built in the current child of the root
}

// binding is one namespace declaration: prefix ("" for the default namespace) to URI, made on
// the element at depth.
type binding struct {
	prefix, uri string
	depth       int
}

// newReader checks the size, decodes a byte-order mark and reads up to the root start tag.
func newReader(b []byte) (*reader, error) {
	if len(b) > MaxSize {
		return nil, &o2c.Error{Code: o2c.CodeTooLarge,
			Message: fmt.Sprintf("the UBL document is %d bytes; the limit is %d bytes (%d MB)", len(b), MaxSize, MaxSize>>20)}
	}
	var src io.Reader = bytes.NewReader(b)
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		src = bytes.NewReader(b[3:])
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}), bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		// UTF-16 with a byte-order mark: decode to UTF-8; the declaration's "UTF-16" then
		// names what was already decoded.
		src = transform.NewReader(bytes.NewReader(b), unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder())
	}
	r := &reader{dec: xml.NewDecoder(src)}
	r.dec.Strict = true
	r.dec.CharsetReader = charsetReader
	for {
		tok, space, err := r.token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, syntaxFault("the input holds no XML element")
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			r.root = xml.Name{Space: space, Local: t.Name.Local}
			return r, nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return nil, syntaxFault(fmt.Sprintf("text before the root element on line %d: this is not XML", r.line()))
			}
		}
	}
}

// charsetReader decodes the 8-bit charsets that ERP systems still declare. encoding/xml reads
// UTF-8 itself; anything else is refused with its name rather than guessed.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-16", "utf16": // decoded from its byte-order mark in newReader
		return input, nil
	case "us-ascii", "ascii":
		return input, nil // a subset of UTF-8; bytes above 0x7F fail as invalid UTF-8
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1":
		return charmap.ISO8859_1.NewDecoder().Reader(input), nil
	case "iso-8859-15", "iso8859-15", "latin-9", "latin9":
		return charmap.ISO8859_15.NewDecoder().Reader(input), nil
	case "windows-1252", "cp1252":
		return charmap.Windows1252.NewDecoder().Reader(input), nil
	}
	return nil, fmt.Errorf("the declared encoding %q is not supported; send UTF-8", label)
}

// token returns the next token, and for a start tag the namespace URI of its element (its Name
// keeps the raw prefix), translating decoder errors into faults and refusing declarations.
func (r *reader) token() (xml.Token, string, error) {
	tok, err := r.dec.RawToken()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, "", err
		}
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return nil, "", syntaxFault(fmt.Sprintf("the XML is not well-formed: %s (line %d)", se.Msg, se.Line))
		}
		// CharsetReader errors and read errors of the transforms.
		return nil, "", syntaxFault("the XML cannot be read: " + err.Error())
	}
	switch t := tok.(type) {
	case xml.StartElement:
		raw := t.Name
		depth := len(r.open) + 1
		for _, a := range t.Attr {
			switch {
			case a.Name.Space == "" && a.Name.Local == "xmlns":
				r.ns = append(r.ns, binding{"", a.Value, depth})
			case a.Name.Space == "xmlns":
				r.ns = append(r.ns, binding{a.Name.Local, a.Value, depth})
			}
		}
		if len(r.ns) > maxBindings { // each prefix is looked up among them
			return nil, "", docFault(RuleLimit, fmt.Sprintf("more than %d namespace declarations are in scope on line %d", maxBindings, r.line()))
		}
		uri, ok := r.resolve(raw.Space)
		if !ok {
			return nil, "", syntaxFault(fmt.Sprintf("the namespace prefix %q of <%s:%s> on line %d is not declared", raw.Space, raw.Space, raw.Local, r.line()))
		}
		r.open = append(r.open, raw)
		return tok, uri, nil
	case xml.EndElement:
		if len(r.open) == 0 {
			return nil, "", syntaxFault(fmt.Sprintf("an end tag </%s> on line %d closes no element", t.Name.Local, r.line()))
		}
		want := r.open[len(r.open)-1]
		if t.Name != want {
			return nil, "", syntaxFault(fmt.Sprintf("the end tag </%s> on line %d does not close <%s>", rawName(t.Name), r.line(), rawName(want)))
		}
		depth := len(r.open)
		r.open = r.open[:depth-1]
		for len(r.ns) > 0 && r.ns[len(r.ns)-1].depth == depth {
			r.ns = r.ns[:len(r.ns)-1]
		}
	case xml.Directive:
		word, _, _ := strings.Cut(strings.TrimSpace(string(t)), " ")
		return nil, "", docFault(RuleDeclaration,
			fmt.Sprintf("the document holds a <!%s ...> declaration on line %d; DOCTYPE and entity declarations are refused", word, r.line()))
	}
	return tok, "", nil
}

// resolve returns the URI a prefix stands for where the parser is.
func (r *reader) resolve(prefix string) (string, bool) {
	switch prefix {
	case "xml":
		return "http://www.w3.org/XML/1998/namespace", true
	case "xmlns":
		return "http://www.w3.org/2000/xmlns/", true
	}
	for i := len(r.ns) - 1; i >= 0; i-- {
		if r.ns[i].prefix == prefix {
			return r.ns[i].uri, true
		}
	}
	return "", prefix == "" // no default namespace: the element is in none
}

func rawName(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func (r *reader) line() int {
	l, _ := r.dec.InputPos()
	return l
}

// docFault is a CodeInvalid error about the whole document: its message is the fault's, without
// the "$: " that o2c.Invalid would put before it.
func docFault(rule, msg string) error {
	return &o2c.Error{Code: o2c.CodeInvalid, Message: msg, Faults: []o2c.Fault{{Rule: rule, Path: "$", Message: msg}}}
}

func syntaxFault(msg string) error {
	return docFault(RuleSyntax, msg)
}

// want says which root children to build; the rest are skipped unread.
type want func(k kind, local string) bool

// next returns the next child of the root that want accepts, built as a subtree, or nil at the
// root's end tag (after which it checks that only comments and white space follow).
func (r *reader) next(w want) (*node, error) {
	for {
		tok, space, err := r.token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, syntaxFault("the document ends before the root element is closed")
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			k := kindOf(space)
			if k == kindOther || !w(k, t.Name.Local) {
				if err := r.skip(2); err != nil {
					return nil, err
				}
				continue
			}
			r.nodes = 0
			return r.build(t, k, 2)
		case xml.EndElement:
			return nil, r.end()
		}
	}
}

// end reads what follows the root's end tag: only white space, comments and processing
// instructions may.
func (r *reader) end() error {
	for {
		tok, _, err := r.token()
		if errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return syntaxFault(fmt.Sprintf("a second root element <%s> on line %d", t.Name.Local, r.line()))
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return syntaxFault(fmt.Sprintf("text after the root element on line %d", r.line()))
			}
		}
	}
}

func kindOf(space string) kind {
	switch space {
	case nsCBC:
		return kindCBC
	case nsCAC:
		return kindCAC
	}
	return kindOther
}

func (r *reader) tooDeep() error {
	return docFault(RuleLimit, fmt.Sprintf("elements nest deeper than %d levels on line %d", maxDepth, r.line()))
}

// skip reads to the end of the element just started, at depth, keeping nothing.
func (r *reader) skip(depth int) error {
	if depth > maxDepth {
		return r.tooDeep()
	}
	open := 1
	for open > 0 {
		tok, _, err := r.token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return syntaxFault("the document ends inside an element")
			}
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			open++
			if depth+open-1 > maxDepth {
				return r.tooDeep()
			}
		case xml.EndElement:
			open--
		}
	}
	return nil
}

// skipText lists the elements whose content is never needed and may be large: attachments are
// base64 and can run to megabytes.
func skipText(k kind, local string) bool {
	return k == kindCBC && local == "EmbeddedDocumentBinaryObject"
}

// build reads the element just started into a node, at depth.
func (r *reader) build(start xml.StartElement, k kind, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, r.tooDeep()
	}
	if r.nodes++; r.nodes > maxSubtree {
		return nil, docFault(RuleLimit, fmt.Sprintf("<%s> on line %d is in an element of the root that holds more than %d elements",
			start.Name.Local, r.line(), maxSubtree))
	}
	n := &node{kind: k, local: start.Name.Local, attr: start.Attr, line: r.line()}
	if skipText(k, n.local) {
		return n, r.skip(depth)
	}
	r.text = r.text[:0] // shared: only a leaf keeps text, and a leaf has no child to reset it
	for {
		tok, space, err := r.token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, syntaxFault("the document ends inside an element")
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			ck := kindOf(space)
			if ck == kindOther || (ck == kindCAC && r.prune[t.Name.Local]) {
				if err := r.skip(depth + 1); err != nil {
					return nil, err
				}
				continue
			}
			kid, err := r.build(t, ck, depth+1)
			if err != nil {
				return nil, err
			}
			n.kids = append(n.kids, kid)
		case xml.CharData:
			if len(n.kids) == 0 && (len(r.text) > 0 || !isSpace(t)) {
				r.text = append(r.text, t...)
			}
		case xml.EndElement:
			if len(n.kids) == 0 && len(r.text) > 0 {
				n.text = string(bytes.TrimSpace(r.text))
			}
			return n, nil
		}
	}
}

func isSpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// rootKind names the UBL document a root element is: "Order", "Invoice"..., or "" when the
// root is not in a UBL document namespace.
func rootKind(name xml.Name) string {
	rest, ok := strings.CutPrefix(name.Space, nsDocBase)
	if !ok || rest != name.Local+"-2" {
		return ""
	}
	return name.Local
}
