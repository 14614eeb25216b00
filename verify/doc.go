// Package verify checks one canonical order draft against master data: it resolves the
// customer, the delivery address and every line's product and price, and reports every problem
// as a spec anomaly (o2c.AnomalyCodes) with the field it concerns and a sentence a person can act
// on. It decides "auto" only for an order with no anomaly at all.
//
// Verify is pure: it reads an Index built once from master data, asks a Ledger for the order
// history (duplicates, credit exposure), and takes "today" and "now" from its Input. It keeps no
// state between calls, so any number may run at once over one Index.
//
// The checks, in the order Verify runs them:
//
//   - The document must be a purchase order or an order change (UNREADABLE); nothing else is
//     checked on one that is not.
//   - Each extraction confidence under Rules.ConfidenceThreshold is LOW_CONFIDENCE; a missing PO
//     number, lines, line quantity or buyer is MISSING_FIELD.
//   - The customer is found by VAT id, GLN, e-mail address, e-mail domain (never a free-mail
//     one), then name and address, and recorded in Verification.CustomerMatch. Candidates that
//     cannot be told apart, identifiers naming different customers, and a stated VAT id that is
//     not the found customer's are UNKNOWN_CUSTOMER, never a guess. A customer found by name with
//     a similarity under the confidence threshold is also LOW_CONFIDENCE.
//   - The order's currency must be the customer's (CURRENCY_MISMATCH); a stated delivery address
//     must be the customer's own or one of its delivery addresses (UNKNOWN_SHIP_TO); the
//     requested delivery date must not be in the past, before today + Rules.MinLeadDays, or
//     before the order date (DELIVERY_DATE).
//   - Each line's product is found by our SKU, the customer's code, the GTIN, then the
//     description; conflicts and ambiguous descriptions are UNKNOWN_PRODUCT. Then quantity
//     rules (QUANTITY_RULE: positive, minimum order quantity, pack size, the product's unit),
//     stock summed over the order's lines (INSUFFICIENT_STOCK) and the unit price against the
//     customer's price on the order date, else the list price (PRICE_MISMATCH).
//   - The document's stated line totals, net, tax and gross must add up (TOTALS_MISMATCH).
//   - The ledger: the same PO number of the customer at any time, or the same content within
//     Rules.DuplicateWindow, is DUPLICATE_ORDER; open orders plus this one over the customer's
//     credit limit, or this one over Rules.AutoMaxNet, is CREDIT_LIMIT.
//
// Similarity (names, streets, descriptions) compares words, not whole strings: see text.go.
// Anomalies are sorted by the field's place in the document, then code, then message, so that
// the same draft and master data always give the same Verification.
package verify
