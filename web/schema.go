package web

import (
	"reflect"
	"slices"

	"github.com/danielgtaylor/huma/v2"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// decimalPattern is how every amount, quantity, price and rate is written in JSON: a string, never
// a number, so that no client ever parses it into a float.
const decimalPattern = `^-?[0-9]+(\.[0-9]+)?$`

// decimalSchema stands in for decimal.Decimal in the OpenAPI document and in body validation.
type decimalSchema struct{}

// Schema implements huma.SchemaProvider.
func (decimalSchema) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeString, Pattern: decimalPattern,
		PatternDescription: "a decimal written as a string with '.' and no exponent, e.g. \"12.50\"",
		Description:        "An exact decimal as a string, e.g. \"12.50\"; never a JSON number.",
		Examples:           []any{"12.50"}}
}

// dateSchema stands in for cal.Date: a civil date YYYY-MM-DD, null or absent when unknown.
type dateSchema struct{}

// Schema implements huma.SchemaProvider.
func (dateSchema) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeString, Format: "date", Nullable: true,
		Description: "A calendar date YYYY-MM-DD.", Examples: []any{"2026-03-31"}}
}

// enumSchema stands in for a string type of the root whose values are listed there.
type enumSchema[T ~string] struct{}

// Schema implements huma.SchemaProvider.
func (enumSchema[T]) Schema(huma.Registry) *huma.Schema {
	s := &huma.Schema{Type: huma.TypeString}
	for _, v := range enumValues[reflect.TypeFor[T]()] {
		s.Enum = append(s.Enum, v)
	}
	return s
}

// enumValues lists the values of the root's enumerated types.
var enumValues = map[reflect.Type][]string{
	reflect.TypeFor[o2c.OrderStatus]():  names(o2c.OrderStatuses),
	reflect.TypeFor[o2c.Channel]():      names(o2c.Channels),
	reflect.TypeFor[o2c.AnomalyCode]():  names(o2c.AnomalyCodes),
	reflect.TypeFor[o2c.Scope]():        names(o2c.Scopes),
	reflect.TypeFor[o2c.DocumentType](): names(o2c.DocumentTypes),
	reflect.TypeFor[o2c.Code]():         errorCodes(),
}

func names[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func errorCodes() []string {
	var out []string
	for c := range statusOf {
		out = append(out, string(c))
	}
	slices.Sort(out)
	return out
}

// registerSchemas makes the registry describe decimals and dates as strings and the root's
// enumerated types with their values.
func registerSchemas(r huma.Registry) {
	r.RegisterTypeAlias(reflect.TypeFor[decimal.Decimal](), reflect.TypeFor[decimalSchema]())
	r.RegisterTypeAlias(reflect.TypeFor[cal.Date](), reflect.TypeFor[dateSchema]())
	r.RegisterTypeAlias(reflect.TypeFor[o2c.OrderStatus](), reflect.TypeFor[enumSchema[o2c.OrderStatus]]())
	r.RegisterTypeAlias(reflect.TypeFor[o2c.Channel](), reflect.TypeFor[enumSchema[o2c.Channel]]())
	r.RegisterTypeAlias(reflect.TypeFor[o2c.AnomalyCode](), reflect.TypeFor[enumSchema[o2c.AnomalyCode]]())
	r.RegisterTypeAlias(reflect.TypeFor[o2c.Scope](), reflect.TypeFor[enumSchema[o2c.Scope]]())
	r.RegisterTypeAlias(reflect.TypeFor[o2c.DocumentType](), reflect.TypeFor[enumSchema[o2c.DocumentType]]())
	r.RegisterTypeAlias(reflect.TypeFor[o2c.Code](), reflect.TypeFor[enumSchema[o2c.Code]]())
}
