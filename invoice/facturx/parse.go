package facturx

import (
	"errors"
	"strconv"
)

// maxDepth bounds the nesting of arrays and dictionaries: outside input must not exhaust the stack.
const maxDepth = 64

var errSyntax = errors.New("PDF syntax error")

// lexer reads PDF objects from b starting at pos.
type lexer struct {
	b   []byte
	pos int
}

func isWhite(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// skip passes white space and comments.
func (l *lexer) skip() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		switch {
		case isWhite(c):
			l.pos++
		case c == '%':
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
		default:
			return
		}
	}
}

// token reads a regular token: a number, keyword or the like.
func (l *lexer) token() string {
	start := l.pos
	for l.pos < len(l.b) && !isWhite(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		l.pos++
	}
	return string(l.b[start:l.pos])
}

// object reads one object; "N G R" becomes a ref.
func (l *lexer) object(depth int) (any, error) {
	if depth > maxDepth {
		return nil, errSyntax
	}
	l.skip()
	if l.pos >= len(l.b) {
		return nil, errSyntax
	}
	switch c := l.b[l.pos]; {
	case c == '/':
		l.pos++
		return l.name(), nil
	case c == '(':
		l.pos++
		return l.literal()
	case c == '<' && l.pos+1 < len(l.b) && l.b[l.pos+1] == '<':
		l.pos += 2
		return l.dictionary(depth)
	case c == '<':
		l.pos++
		return l.hex()
	case c == '[':
		l.pos++
		var a array
		for {
			l.skip()
			if l.pos >= len(l.b) {
				return nil, errSyntax
			}
			if l.b[l.pos] == ']' {
				l.pos++
				return a, nil
			}
			v, err := l.object(depth + 1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	case isDelim(c):
		return nil, errSyntax
	}
	t := l.token()
	if t == "" {
		return nil, errSyntax
	}
	if _, err := strconv.ParseFloat(t, 64); err != nil {
		if t[0] == '+' || t[0] == '-' || t[0] == '.' || (t[0] >= '0' && t[0] <= '9') {
			return number("0"), nil // a malformed number, as readers take it
		}
		return keyword(t), nil
	}
	// An integer may start "N G R".
	if n, err := strconv.Atoi(t); err == nil && n >= 0 {
		save := l.pos
		l.skip()
		g := l.token()
		if gi, err := strconv.Atoi(g); err == nil && gi >= 0 {
			l.skip()
			if l.pos < len(l.b) && l.b[l.pos] == 'R' && (l.pos+1 == len(l.b) || isWhite(l.b[l.pos+1]) || isDelim(l.b[l.pos+1])) {
				l.pos++
				return ref{n, gi}, nil
			}
		}
		l.pos = save
	}
	return number(t), nil
}

// dictionary reads the entries after "<<" up to ">>".
func (l *lexer) dictionary(depth int) (dict, error) {
	d := dict{}
	for {
		l.skip()
		if l.pos+1 < len(l.b) && l.b[l.pos] == '>' && l.b[l.pos+1] == '>' {
			l.pos += 2
			return d, nil
		}
		if l.pos >= len(l.b) || l.b[l.pos] != '/' {
			return nil, errSyntax
		}
		l.pos++
		k := l.name()
		v, err := l.object(depth + 1)
		if err != nil {
			return nil, err
		}
		d[string(k)] = v
	}
}

// name reads a name after its slash, decoding #xx escapes.
func (l *lexer) name() name {
	t := l.token()
	out := make([]byte, 0, len(t))
	for i := 0; i < len(t); i++ {
		if t[i] == '#' && i+2 < len(t) {
			if v, err := strconv.ParseUint(t[i+1:i+3], 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, t[i])
	}
	return name(out)
}

// literal reads a (string) after its parenthesis: balanced parentheses and backslash escapes.
func (l *lexer) literal() (pdfStr, error) {
	var out []byte
	depth := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return out, nil
			}
		case '\\':
			if l.pos >= len(l.b) {
				return nil, errSyntax
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return nil, errSyntax
}

// hex reads a <hex string> after its angle bracket.
func (l *lexer) hex() (pdfStr, error) {
	var out []byte
	var hi byte
	half := false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		var v byte
		switch {
		case c == '>':
			if half {
				out = append(out, hi<<4)
			}
			return out, nil
		case isWhite(c):
			continue
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			return nil, errSyntax
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	return nil, errSyntax
}
