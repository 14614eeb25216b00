package sqlstore

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// instant writes t as the engine's instant, or NULL for the zero time. Instants are stored in UTC
// at microsecond precision, the finest both engines keep.
func (r *reader) instant(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return r.d.Instant(storedInstant(t))
}

// storedInstant is t as the database will give it back.
func storedInstant(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// instantScanner reads a timestamptz, a TextInstantLayout string or NULL (the zero time) into T, in UTC.
type instantScanner struct{ T *time.Time }

func (s instantScanner) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.T = time.Time{}
		return nil
	case time.Time:
		*s.T = v.UTC()
		return nil
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	}
	return fmt.Errorf("cannot scan %T into an instant", src)
}

func (s instantScanner) parse(v string) error {
	t, err := time.Parse(TextInstantLayout, v)
	if err != nil {
		return fmt.Errorf("instant %q is not in the layout %s: %w", v, TextInstantLayout, err)
	}
	*s.T = t
	return nil
}

// decText writes d exactly as it is, trailing zeros included ("12.50" stays "12.50"), whatever
// decimal.TrimTrailingZeros says: the decimal's own Value() would follow that global.
func decText(d decimal.Decimal) string {
	return d.StringFixed(max(0, -d.Exponent()))
}

// decOrNull writes an optional decimal, NULL for nil.
func decOrNull(d *decimal.Decimal) any {
	if d == nil {
		return nil
	}
	return decText(*d)
}

// decPtr returns the optional decimal that was read.
func decPtr(n decimal.NullDecimal) *decimal.Decimal {
	if !n.Valid {
		return nil
	}
	return &n.Decimal
}

// textOrNull writes "" as NULL.
func textOrNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// jsonText encodes v for a JSON text column.
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// jsonOrNull encodes a raw JSON document, NULL when empty.
func jsonOrNull(b json.RawMessage) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}

// rawJSON returns a JSON text column's content, nil for NULL.
func rawJSON(s *string) json.RawMessage {
	if s == nil {
		return nil
	}
	return json.RawMessage(*s)
}

// likeContains returns a LIKE pattern (with ESCAPE '\') matching s anywhere.
func likeContains(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// where collects the conditions and parameters of a dynamic query.
type where struct {
	conds []string
	args  []any
}

// arg adds a parameter and returns its placeholder.
func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

// add appends one condition.
func (w *where) add(cond string) { w.conds = append(w.conds, cond) }

// sql returns the WHERE clause, or "" when there is no condition.
func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}
