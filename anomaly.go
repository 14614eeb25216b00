package o2c

// AnomalyCode is one of the spec's reasons why an order cannot flow on its own.
type AnomalyCode string

// Anomaly codes of the spec (shared/spec/README.md §3).
const (
	AnomalyUnreadable        AnomalyCode = "UNREADABLE"         // the document could not be read or is not an order
	AnomalyMissingField      AnomalyCode = "MISSING_FIELD"      // a required field is absent
	AnomalyLowConfidence     AnomalyCode = "LOW_CONFIDENCE"     // a field was extracted with low confidence
	AnomalyUnknownCustomer   AnomalyCode = "UNKNOWN_CUSTOMER"   // no customer matches the buyer
	AnomalyUnknownShipTo     AnomalyCode = "UNKNOWN_SHIP_TO"    // the delivery address matches none of the customer's
	AnomalyUnknownProduct    AnomalyCode = "UNKNOWN_PRODUCT"    // a line matches no product
	AnomalyPriceMismatch     AnomalyCode = "PRICE_MISMATCH"     // unit price differs from the agreed price
	AnomalyInsufficientStock AnomalyCode = "INSUFFICIENT_STOCK" // stock cannot cover a line
	AnomalyQuantityRule      AnomalyCode = "QUANTITY_RULE"      // minimum order quantity or pack size broken
	AnomalyTotalsMismatch    AnomalyCode = "TOTALS_MISMATCH"    // lines and totals do not add up
	AnomalyDuplicateOrder    AnomalyCode = "DUPLICATE_ORDER"    // same PO number or same content already received
	AnomalyCreditLimit       AnomalyCode = "CREDIT_LIMIT"       // the order would pass the credit limit
	AnomalyDeliveryDate      AnomalyCode = "DELIVERY_DATE"      // requested date in the past or too soon
	AnomalyCurrencyMismatch  AnomalyCode = "CURRENCY_MISMATCH"  // the order's currency is not the customer's
)

// AnomalyCodes lists every code of the spec.
var AnomalyCodes = []AnomalyCode{
	AnomalyUnreadable, AnomalyMissingField, AnomalyLowConfidence, AnomalyUnknownCustomer,
	AnomalyUnknownShipTo, AnomalyUnknownProduct, AnomalyPriceMismatch, AnomalyInsufficientStock,
	AnomalyQuantityRule, AnomalyTotalsMismatch, AnomalyDuplicateOrder, AnomalyCreditLimit,
	AnomalyDeliveryDate, AnomalyCurrencyMismatch,
}

// Anomaly is one problem found on an order, with the field it concerns and a sentence a person
// can act on (the values compared, the cause).
type Anomaly struct {
	Code    AnomalyCode `json:"code"`
	Field   string      `json:"field"`   // path in the canonical order, e.g. "lines[2].unit_price"
	Message string      `json:"message"` // what is wrong and why, with the values compared
}

// Decision is what the rules decided for a verified order.
type Decision string

// Decisions.
const (
	DecisionAuto   Decision = "auto"   // flows to the ERP with no human touch
	DecisionReview Decision = "review" // waits for a person
)
