package tryton

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// Tryton's JSON-RPC carries the Python types JSON lacks as objects tagged with "__class__"
// (Decimal, date, datetime). Numeric fields (prices, amounts) are Decimals; quantities are Float
// fields, sent and read as JSON numbers. Both are read here from their text, never through a Go
// float, so no digit is lost or invented.

// Decimal is the value of a Tryton Numeric field. It marshals as {"__class__": "Decimal",
// "decimal": "12.50"} and unmarshals from that object, a JSON number, a string or null (zero).
type Decimal struct{ decimal.Decimal }

// MarshalJSON implements json.Marshaler.
func (d Decimal) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{"__class__": "Decimal", "decimal": d.String()})
}

// UnmarshalJSON implements json.Unmarshaler.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	v, err := parseNumber(b)
	if err != nil {
		return err
	}
	d.Decimal = v
	return nil
}

// Float is the value of a Tryton Float field (quantities), written as a JSON number from its
// decimal text: Tryton's Float fields take a number; Python reads "3.0" as a float.
type Float struct{ decimal.Decimal }

// MarshalJSON implements json.Marshaler.
func (f Float) MarshalJSON() ([]byte, error) {
	s := f.String()
	if f.Exponent() >= 0 {
		s += ".0"
	}
	return []byte(s), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (f *Float) UnmarshalJSON(b []byte) error {
	v, err := parseNumber(b)
	if err != nil {
		return err
	}
	f.Decimal = v
	return nil
}

// parseNumber reads a number from a Decimal object, a JSON number or string, or null.
func parseNumber(b []byte) (decimal.Decimal, error) {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		return decimal.Zero, nil
	case len(b) > 0 && b[0] == '{':
		var obj struct {
			Class   string `json:"__class__"`
			Decimal string `json:"decimal"`
		}
		if err := json.Unmarshal(b, &obj); err != nil {
			return decimal.Zero, fmt.Errorf("read tryton decimal: %w", err)
		}
		if obj.Class != "Decimal" {
			return decimal.Zero, fmt.Errorf("read tryton decimal: got a %q object", obj.Class)
		}
		b = []byte(obj.Decimal)
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return decimal.Zero, fmt.Errorf("read tryton decimal: %w", err)
		}
		b = []byte(s)
	}
	v, err := decimal.NewFromString(string(b))
	if err != nil {
		return decimal.Zero, fmt.Errorf("read tryton number %q: %w", b, err)
	}
	return v, nil
}

// Date is the value of a Tryton Date field: {"__class__": "date", "year": 2026, "month": 11,
// "day": 27}, or null (the zero date).
type Date struct{ cal.Date }

// MarshalJSON implements json.Marshaler; the zero date is null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(map[string]any{"__class__": "date", "year": d.Year, "month": int(d.Month), "day": d.Day})
}

// UnmarshalJSON implements json.Unmarshaler.
func (d *Date) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		d.Date = cal.Date{}
		return nil
	}
	var obj struct {
		Class string `json:"__class__"`
		Year  int    `json:"year"`
		Month int    `json:"month"`
		Day   int    `json:"day"`
	}
	if err := json.Unmarshal(b, &obj); err != nil {
		return fmt.Errorf("read tryton date: %w", err)
	}
	if obj.Class != "date" {
		return fmt.Errorf("read tryton date: got a %q object", obj.Class)
	}
	d.Date = cal.MakeDate(obj.Year, time.Month(obj.Month), obj.Day)
	return nil
}

// Bool is a Tryton Boolean field as read back: SQLite stores booleans as integers, so stored
// fields come as 0/1 and computed ones as false/true.
type Bool bool

// UnmarshalJSON implements json.Unmarshaler.
func (v *Bool) UnmarshalJSON(b []byte) error {
	switch string(bytes.TrimSpace(b)) {
	case "true", "1":
		*v = true
	case "false", "0", "null":
		*v = false
	default:
		return fmt.Errorf("read tryton boolean: %s", b)
	}
	return nil
}
