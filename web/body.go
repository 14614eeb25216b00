package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"

	"github.com/o2c-project/o2c"
)

// JSON bodies are read here rather than by huma, so that every body gets the same strict treatment:
// a JSON content type, one well-formed value, valid UTF-8, no key given twice, no unknown field,
// every value of the documented type (decimals as strings), and faults that name the field.
// huma still describes each body in the OpenAPI document from the same schema.

// isJSON reports whether a Content-Type names JSON (application/json or a +json type).
func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// needJSON refuses a body sent as anything but JSON.
func needJSON(contentType string) error {
	if isJSON(contentType) {
		return nil
	}
	shown := contentType
	if shown == "" {
		shown = "none"
	}
	return newProblem(http.StatusUnsupportedMediaType, o2c.CodeInvalid,
		fmt.Sprintf("send the body as application/json (Content-Type was %s)", shown),
		o2c.Fault{Rule: ruleParam, Path: "header.Content-Type", Message: "expected application/json"})
}

// parseJSON reads one JSON value for validation: 400 when it is not well-formed, 422 when it holds
// invalid UTF-8 or a key twice.
func parseJSON(body []byte) (any, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, malformed("$", "the body is empty: expected a JSON value")
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, malformed("$", fmt.Sprintf("the body is not well-formed JSON (at byte %d)", syn.Offset))
		}
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) { // a number too large for any use
			return nil, o2c.Invalid(o2c.Fault{Rule: ruleSchema, Path: fieldPath(typ.Field), Message: "number out of range"})
		}
		return nil, malformed("$", "the body is not well-formed JSON")
	}
	if faults := scanJSON(body); len(faults) > 0 {
		return nil, o2c.Invalid(faults...)
	}
	return v, nil
}

// maxScanFaults bounds the faults reported for one body.
const maxScanFaults = 20

// scanJSON finds what encoding/json lets through silently: a key given twice in one object (the
// last would win) and bytes that are not UTF-8 (they would become U+FFFD). body is well-formed.
func scanJSON(body []byte) []o2c.Fault {
	dec := json.NewDecoder(bytes.NewReader(body))
	var faults []o2c.Fault
	add := func(path, msg string) {
		if len(faults) < maxScanFaults {
			faults = append(faults, o2c.Fault{Rule: ruleJSON, Path: path, Message: msg})
		}
	}
	// token reads the next token and checks that the bytes it came from are UTF-8.
	token := func(path string) (json.Token, error) {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err == nil && !utf8.Valid(body[start:dec.InputOffset()]) {
			add(path, "the text is not valid UTF-8")
		}
		return tok, err
	}
	var value func(path string) error
	value = func(path string) error {
		tok, err := token(path)
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				kt, err := token(path)
				if err != nil {
					return err
				}
				key, _ := kt.(string)
				child := path + pathKey(key)
				if seen[key] {
					add(child, "the key is given more than once")
				}
				seen[key] = true
				if err := value(child); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if err := value(fmt.Sprintf("%s[%d]", path, i)); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		}
		return nil
	}
	if err := value("$"); err != nil {
		// Unreachable for a body json.Unmarshal accepted; say so rather than pass it.
		add("$", "the body is not well-formed JSON")
	}
	return faults
}

var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// pathKey writes one step of a JSON path: .name, or ["odd key"].
func pathKey(key string) string {
	if plainKey.MatchString(key) {
		return "." + key
	}
	b, _ := json.Marshal(key) // a string always marshals
	return "[" + string(b) + "]"
}

// fieldPath turns encoding/json's dotted field name into a JSON path.
func fieldPath(field string) string {
	if field == "" {
		return "$"
	}
	return "$." + field
}

// validate checks a parsed body against a schema of the registry and returns a fault per problem.
func validate(r huma.Registry, s *huma.Schema, v any) []o2c.Fault {
	pb := huma.NewPathBuffer([]byte{}, 0)
	pb.Push("$")
	res := &huma.ValidateResult{}
	huma.Validate(r, s, pb, huma.ModeWriteToServer, v, res)
	var faults []o2c.Fault
	for _, err := range res.Errors {
		var d huma.ErrorDetailer
		if errors.As(err, &d) {
			faults = append(faults, faultOf(d.ErrorDetail()))
		}
	}
	return faults
}

// decodeInto fills dst from a body already validated against dst's schema.
func decodeInto(body []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			return o2c.Invalid(o2c.Fault{Rule: ruleSchema, Path: fieldPath(typ.Field), Message: "expected " + typ.Type.String()})
		}
		// The schema and the Go type disagree, or a value's own decoder refused it.
		return o2c.Invalid(o2c.Fault{Rule: ruleSchema, Path: "$", Message: "the body does not have the documented shape"})
	}
	return nil
}

// jsonBody is a body schema of the API: what the OpenAPI document shows and what bodies are
// checked against.
type jsonBody struct {
	registry huma.Registry
	schema   *huma.Schema
	// many, when set, is the schema of an array of the same records: the body may be one or many.
	many *huma.Schema
}

// read checks a body and fills dst.
func (b jsonBody) read(contentType string, body []byte, dst any) error {
	if err := needJSON(contentType); err != nil {
		return err
	}
	v, err := parseJSON(body)
	if err != nil {
		return err
	}
	if faults := validate(b.registry, b.schema, v); len(faults) > 0 {
		return o2c.Invalid(faults...)
	}
	return decodeInto(body, dst)
}

// readMany checks a body that holds one record or an array of them and returns the records.
func readMany[T any](b jsonBody, contentType string, body []byte) ([]T, error) {
	if err := needJSON(contentType); err != nil {
		return nil, err
	}
	v, err := parseJSON(body)
	if err != nil {
		return nil, err
	}
	if _, isArray := v.([]any); isArray {
		if faults := validate(b.registry, b.many, v); len(faults) > 0 {
			return nil, o2c.Invalid(faults...)
		}
		var out []T
		return out, decodeInto(body, &out)
	}
	if faults := validate(b.registry, b.schema, v); len(faults) > 0 {
		return nil, o2c.Invalid(faults...)
	}
	var one T
	if err := decodeInto(body, &one); err != nil {
		return nil, err
	}
	return []T{one}, nil
}
