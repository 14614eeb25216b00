package bank

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// node is one XML element read into memory: a statement is small enough, and a tree lets the
// parser read the elements every camt version shares without a struct per version.
type node struct {
	name  string // local name; the namespace is checked once, on the root
	space string // namespace URI
	attrs []xml.Attr
	text  string // character data directly inside, trimmed
	kids  []*node
	line  int    // 1-based line of the start tag
	path  string // "/Document/BkToCstmrStmt[1]/Stmt[2]", for errors and faults

	seen map[string]int // children by name so far, while reading
}

// maxNodes bounds the elements read from one file, so that a hostile file cannot make us build an
// unbounded tree (a real month of camt.053 for a busy account is far below).
const maxNodes = 2_000_000

// readTree reads an XML document into a tree. Errors carry the line where reading stopped.
func readTree(data []byte) (*node, error) {
	lines := lineStarts(data)
	lineAt := func(off int64) int {
		return 1 + sort.Search(len(lines), func(i int) bool { return lines[i] > int(off) })
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "iso-8859-1", "latin1", "latin-1", "iso8859-1":
			return charmap.ISO8859_1.NewDecoder().Reader(in), nil
		case "windows-1252", "cp1252":
			return charmap.Windows1252.NewDecoder().Reader(in), nil
		case "iso-8859-15", "latin9":
			return charmap.ISO8859_15.NewDecoder().Reader(in), nil
		}
		return nil, fmt.Errorf("the XML declares the encoding %q, which we do not read", label)
	}
	var root *node
	var stack []*node
	var text [][]byte
	count := 0
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, invalid(fmt.Sprintf("line %d", se.Line), "the XML is malformed: %s", se.Msg)
			}
			return nil, invalid(fmt.Sprintf("line %d", lineAt(dec.InputOffset())), "the XML cannot be read: %s", err.Error())
		}
		switch t := tok.(type) {
		case xml.StartElement:
			count++
			if count > maxNodes {
				return nil, invalid(fmt.Sprintf("line %d", lineAt(off)), "the file holds more than %d XML elements", maxNodes)
			}
			n := &node{name: t.Name.Local, space: t.Name.Space, attrs: t.Attr, line: lineAt(off)}
			if len(stack) == 0 {
				if root != nil {
					return nil, invalid(fmt.Sprintf("line %d", n.line), "the XML has a second root element <%s>", n.name)
				}
				root = n
				n.path = "/" + n.name
			} else {
				parent := stack[len(stack)-1]
				if parent.seen == nil {
					parent.seen = map[string]int{}
				}
				parent.seen[n.name]++
				n.path = fmt.Sprintf("%s/%s[%d]", parent.path, n.name, parent.seen[n.name])
				parent.kids = append(parent.kids, n)
			}
			stack = append(stack, n)
			text = append(text, nil)
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, invalid(fmt.Sprintf("line %d", lineAt(off)), "the XML closes an element it never opened")
			}
			n := stack[len(stack)-1]
			n.text = strings.TrimSpace(string(text[len(text)-1]))
			n.seen = nil
			stack, text = stack[:len(stack)-1], text[:len(text)-1]
		case xml.CharData:
			if len(text) > 0 {
				text[len(text)-1] = append(text[len(text)-1], t...)
			} else if len(bytes.TrimSpace(t)) > 0 {
				return nil, invalid(fmt.Sprintf("line %d", lineAt(off)), "the XML has text outside its root element")
			}
		}
	}
	if root == nil {
		return nil, invalid("line 1", "the file holds no XML element")
	}
	if len(stack) > 0 {
		return nil, invalid(fmt.Sprintf("line %d", len(lines)+1), "the XML ends before <%s> is closed", stack[len(stack)-1].name)
	}
	return root, nil
}

// lineStarts returns the offsets at which each line after the first starts.
func lineStarts(data []byte) []int {
	var out []int
	for i, b := range data {
		if b == '\n' {
			out = append(out, i+1)
		}
	}
	return out
}

// kid returns the first child named name along the path of names, or nil.
func (n *node) kid(names ...string) *node {
	cur := n
	for _, name := range names {
		if cur == nil {
			return nil
		}
		var next *node
		for _, k := range cur.kids {
			if k.name == name {
				next = k
				break
			}
		}
		cur = next
	}
	return cur
}

// all returns every child named name.
func (n *node) all(name string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// str returns the text of the child at the path of names, "" when it is missing.
func (n *node) str(names ...string) string {
	if k := n.kid(names...); k != nil {
		return k.text
	}
	return ""
}

// attr returns the value of the attribute with this local name.
func (n *node) attr(name string) string {
	for _, a := range n.attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// where names the element for an error: its path and line.
func (n *node) where() string { return fmt.Sprintf("line %d: %s", n.line, n.path) }
