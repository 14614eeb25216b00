// Package extract turns an order document into canonical orders (o2c.OrderDraft, the shape of
// shared/spec/order.schema.json). It is pure: bytes in, drafts out, no database and no network,
// so `o2c extract` and `o2c check` run it alone. For now it reads canonical-order JSON, which the
// REST API and `o2c check` take; EDI, UBL, CSV, PDF and the others will come here too.
//
// # Strict JSON
//
// DecodeJSON is the decoder of the API, where a machine sends us orders, so it rejects anything
// that is not exactly the schema, rather than guess: a guessed field is a wrong order later. It
// walks the JSON tokens itself instead of using json.Unmarshal, because encoding/json matches keys
// case-insensitively ("PO_Number" fills po_number even with DisallowUnknownFields), keeps the last
// of two duplicate keys without a word, replaces invalid UTF-8, accepts 1e5 as a decimal, and
// names no array index in its errors. Every fault names its JSON path, e.g. $.lines[2].quantity
// (array indexes count from 0).
//
// Rules of DecodeJSON:
//
//	JSON-01  the input is not valid UTF-8
//	JSON-02  the input is not JSON, or ends too early
//	JSON-03  data follows the JSON value
//	JSON-04  a field the schema does not define (names are case-sensitive)
//	JSON-05  a key appears twice in one object
//	JSON-06  a value has the wrong JSON type (a number where a string belongs, null where not allowed...)
//	JSON-07  a decimal is not written ^-?[0-9]+(\.[0-9]+)?$, as a string ("12.50") or a bare number (12.50)
//	JSON-08  a date is not written YYYY-MM-DD
//	JSON-09  an integer is not a whole number
//	JSON-10  a required field (document_type, lines) is missing, or an array holds no order
//	JSON-11  a limit is passed: nesting deeper than 32, more than 10,000 lines in an order or
//	         10,000 orders in an array, more than 100 faults (decoding stops there)
//
// # Structural checks
//
// CheckDraft finds what a sender must never send, whatever the format: codes outside their lists,
// impossible numbers, unreadable text. It does not look for missing business facts (no PO number,
// an unknown product): verification reports those as anomalies, so that a person can complete the
// order. Its rules:
//
//	ORDER-01  document_type is one of the schema's
//	ORDER-02  source.channel, when set, is one of the schema's
//	ORDER-03  currency, when set, is an ISO 4217 code in upper case
//	ORDER-04  a party's country, when set, is an ISO 3166-1 alpha-2 code in upper case
//	ORDER-05  a purchase_order or order_change has at least one line
//	ORDER-06  line_no, when set, is from 1 to 999,999,999 and unique in the order
//	ORDER-07  quantity, when set, is > 0, < 1,000,000,000 and has at most 6 decimals
//	ORDER-08  unit_price and line_total, when set, are >= 0, < 1,000,000,000,000 and have at most 6 decimals
//	ORDER-09  totals (net, tax, gross), when set, likewise
//	ORDER-10  delivery packages and gross_weight_kg, when set, are >= 0, < 1,000,000,000 and have at most 6 decimals
//	ORDER-11  confidence keys are field paths (po_number, lines[2].quantity) and values lie in [0,1]
//	ORDER-12  text is valid UTF-8 without control characters (tab and line breaks allowed), at most
//	          1,000 characters (notes and reservations 10,000)
package extract
