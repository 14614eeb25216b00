package verify

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
)

// Ledger is the order history Verify needs. o2c.Reader satisfies it.
type Ledger interface {
	// FindDuplicateOrders returns earlier orders of the customer with the same PO number, or the
	// same content within the window.
	FindDuplicateOrders(ctx context.Context, q o2c.DuplicateQuery) ([]*o2c.Order, error)
	// CustomerExposure sums the net value of the customer's open orders, excluding one order.
	CustomerExposure(ctx context.Context, customerID string, excludeOrderID int64) (decimal.Decimal, error)
}

var _ Ledger = (o2c.Reader)(nil)

// Input is one draft to check and the moment it is checked at.
type Input struct {
	Draft   *o2c.OrderDraft
	OrderID int64     // the order being checked, left out of duplicate and exposure look-ups; 0 if not stored
	Sender  string    // e-mail address or sender id of the channel; Draft.Source.Sender is used too
	Today   cal.Date  // the business date that date checks and price validity compare against
	Now     time.Time // the instant the duplicate window ends at
	// Stock is the stock of products by SKU as the ERP reports it; a product found here is checked
	// against this level instead of its master data's StockQty. nil: the master data's stock only.
	Stock map[string]decimal.Decimal
	// StockFrom names where Stock comes from (the ERP), for the INSUFFICIENT_STOCK message.
	StockFrom string
}

// Verify checks in.Draft against the master data of idx and the history of led. It returns an
// error only when the ledger fails; every problem of the order is an anomaly of the result,
// sorted in the order of the document's fields. A nil led skips the duplicate and credit checks.
func Verify(ctx context.Context, idx *Index, led Ledger, in Input, rules Rules) (*o2c.Verification, error) {
	c := &checker{x: idx, in: in, r: rules, d: in.Draft, v: &o2c.Verification{
		Lines:     []o2c.OrderLine{},
		Anomalies: []o2c.Anomaly{},
	}}
	if c.readable() {
		c.checkConfidence()
		c.checkPONumber()
		c.resolveCustomer()
		c.checkCurrency()
		c.checkShipTo()
		c.checkDates()
		c.checkLines()
		c.checkTotals()
		c.v.ContentHash = contentHash(c.v.CustomerID, c.v.Lines)
		if led != nil {
			if err := c.checkDuplicates(ctx, led); err != nil {
				return nil, err
			}
			if err := c.checkCredit(ctx, led); err != nil {
				return nil, err
			}
		}
		c.checkAutoLimit()
	}
	sortAnomalies(c.v.Anomalies)
	c.v.Decision = o2c.DecisionAuto
	if len(c.v.Anomalies) > 0 {
		c.v.Decision = o2c.DecisionReview
	}
	return c.v, nil
}

// checker is the state of one Verify call.
type checker struct {
	x  *Index
	in Input
	r  Rules
	d  *o2c.OrderDraft
	v  *o2c.Verification

	cust             *o2c.Customer  // resolved customer, nil while unknown
	cur              money.Currency // the order's currency; "" when neither stated nor known
	currencyMismatch bool           // CURRENCY_MISMATCH was raised: prices are not comparable
}

func (c *checker) add(code o2c.AnomalyCode, field, format string, args ...any) {
	c.v.Anomalies = append(c.v.Anomalies, o2c.Anomaly{Code: code, Field: field, Message: fmt.Sprintf(format, args...)})
}

// readable checks that the draft is an order at all; nothing else is checked on one that is not.
func (c *checker) readable() bool {
	if c.d == nil {
		c.add(o2c.AnomalyUnreadable, "document_type", "no order was read from the document")
		return false
	}
	switch c.d.DocumentType {
	case o2c.DocPurchaseOrder, o2c.DocOrderChange:
		return true
	case "":
		c.add(o2c.AnomalyUnreadable, "document_type", "the document type is unknown; only purchase orders and order changes are processed")
	default:
		c.add(o2c.AnomalyUnreadable, "document_type", "the document is %s, not a purchase order or order change", documentNames[c.d.DocumentType])
	}
	return false
}

var documentNames = map[o2c.DocumentType]string{
	o2c.DocDeliveryNote: "a delivery note",
	o2c.DocCMR:          "a CMR consignment note",
	o2c.DocInvoice:      "an invoice",
	o2c.DocOther:        "not an order",
}

func (c *checker) checkConfidence() {
	for _, f := range sortedKeys(c.d.Confidence) {
		s := c.d.Confidence[f]
		if !(s < c.r.ConfidenceThreshold) {
			continue
		}
		if strings.TrimSpace(f) == "" { // extraction named no field: the whole read is in doubt
			c.add(o2c.AnomalyLowConfidence, "confidence", "a field without a name was read with confidence %.2f, under the threshold %.2f; check the order against the original",
				s, c.r.ConfidenceThreshold)
			continue
		}
		c.add(o2c.AnomalyLowConfidence, f, "%s was read with confidence %.2f, under the threshold %.2f; check it against the original",
			fieldName(f), s, c.r.ConfidenceThreshold)
	}
}

func (c *checker) checkPONumber() {
	if strings.TrimSpace(c.d.PONumber) == "" {
		c.add(o2c.AnomalyMissingField, "po_number", "the order has no PO number; ask the buyer for it or enter it")
	}
}

func (c *checker) checkCurrency() {
	stated := strings.ToUpper(strings.TrimSpace(c.d.Currency))
	if stated != "" {
		cur, err := money.ParseCurrency(stated)
		if err != nil {
			c.add(o2c.AnomalyCurrencyMismatch, "currency", "currency %q is not an ISO 4217 code", c.d.Currency)
			c.currencyMismatch = true
			return
		}
		c.cur = cur
		c.v.Currency = string(cur)
		if c.cust != nil && c.cust.Currency != "" && !strings.EqualFold(c.cust.Currency, stated) {
			c.add(o2c.AnomalyCurrencyMismatch, "currency", "the order is in %s but customer %s is invoiced in %s",
				stated, c.cust.ID, strings.ToUpper(c.cust.Currency))
			c.currencyMismatch = true
		}
		return
	}
	if c.cust != nil && c.cust.Currency != "" {
		c.cur = money.Currency(strings.ToUpper(c.cust.Currency))
		c.v.Currency = string(c.cur)
		return
	}
	if c.cust != nil {
		c.add(o2c.AnomalyMissingField, "currency", "the order states no currency and customer %s has none on file", c.cust.ID)
	}
}

func (c *checker) checkDates() {
	rdd := c.d.RequestedDeliveryDate
	if rdd.IsZero() {
		return
	}
	if !c.in.Today.IsZero() {
		earliest := c.in.Today.AddDays(c.r.MinLeadDays)
		if rdd.Before(c.in.Today) {
			c.add(o2c.AnomalyDeliveryDate, "requested_delivery_date", "the requested delivery date %s is in the past (today is %s)", rdd, c.in.Today)
		} else if rdd.Before(earliest) {
			c.add(o2c.AnomalyDeliveryDate, "requested_delivery_date", "the requested delivery date %s is too soon: the earliest possible is %s (lead time %d %s from %s)",
				rdd, earliest, c.r.MinLeadDays, plural(c.r.MinLeadDays, "day", "days"), c.in.Today)
		}
	}
	if od := c.d.OrderDate; !od.IsZero() && rdd.Before(od) {
		c.add(o2c.AnomalyDeliveryDate, "requested_delivery_date", "the requested delivery date %s is before the order date %s; one of them is wrong", rdd, od)
	}
}

// priceDate is the day whose customer prices apply: the order date, else today.
func (c *checker) priceDate() cal.Date {
	if !c.d.OrderDate.IsZero() {
		return c.d.OrderDate
	}
	return c.in.Today
}

func (c *checker) checkDuplicates(ctx context.Context, led Ledger) error {
	if c.cust == nil {
		return nil
	}
	po := strings.TrimSpace(c.d.PONumber)
	q := o2c.DuplicateQuery{
		CustomerID:  c.cust.ID,
		PONumber:    po,
		ContentHash: c.v.ContentHash,
		Since:       c.in.Now.Add(-c.r.DuplicateWindow),
		ExcludeID:   c.in.OrderID,
	}
	found, err := led.FindDuplicateOrders(ctx, q)
	if err != nil {
		return fmt.Errorf("find duplicates of PO %q of customer %s: %w", po, c.cust.ID, err)
	}
	var samePO, sameContent []string
	for _, o := range found {
		if o == nil || (c.in.OrderID != 0 && o.ID == c.in.OrderID) || o.CustomerID != c.cust.ID {
			continue
		}
		// A rejected or cancelled order does not stand: sending it again is no duplicate.
		if o.Status == o2c.OrderRejected || o.Status == o2c.OrderCancelled {
			continue
		}
		desc := fmt.Sprintf("order %d (PO %s) received %s%s", o.ID, orNone(o.PONumber), o.ReceivedAt.UTC().Format(time.DateOnly), statusNote(o))
		switch {
		case po != "" && strings.EqualFold(strings.TrimSpace(o.PONumber), po):
			samePO = append(samePO, desc)
		case o.ContentHash != "" && o.ContentHash == c.v.ContentHash:
			sameContent = append(sameContent, desc)
		}
	}
	if len(samePO) > 0 {
		c.add(o2c.AnomalyDuplicateOrder, "po_number", "customer %s already sent PO %s: %s; reject this one if it is a copy",
			c.cust.ID, po, listFirst(samePO, 3))
	}
	if len(sameContent) > 0 {
		c.add(o2c.AnomalyDuplicateOrder, "lines", "customer %s ordered the same lines within the last %s: %s; reject this one if it is a copy",
			c.cust.ID, windowText(c.r.DuplicateWindow), listFirst(sameContent, 3))
	}
	return nil
}

// listFirst joins up to n items and counts the rest.
func listFirst(items []string, n int) string {
	if len(items) <= n {
		return joinList(items, 0)
	}
	return joinList(items[:n], len(items)-n)
}

func statusNote(o *o2c.Order) string {
	if o.Status == "" {
		return ""
	}
	return ", now " + strings.ReplaceAll(string(o.Status), "_", " ")
}

func windowText(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		n := int(d / (24 * time.Hour))
		return fmt.Sprintf("%d %s", n, plural(n, "day", "days"))
	}
	return d.String()
}

func (c *checker) checkCredit(ctx context.Context, led Ledger) error {
	if c.cust == nil || c.cust.CreditLimit == nil || c.currencyMismatch {
		return nil
	}
	exposure, err := led.CustomerExposure(ctx, c.cust.ID, c.in.OrderID)
	if err != nil {
		return fmt.Errorf("credit exposure of customer %s: %w", c.cust.ID, err)
	}
	limit := *c.cust.CreditLimit
	if total := exposure.Add(c.v.NetTotal); total.GreaterThan(limit) {
		c.add(o2c.AnomalyCreditLimit, "totals.net", "this order's net %s plus open orders of %s make %s, over customer %s's credit limit of %s",
			c.amount(c.v.NetTotal), c.amount(exposure), c.amount(total), c.cust.ID, c.amount(limit))
	}
	return nil
}

func (c *checker) checkAutoLimit() {
	if c.r.AutoMaxNet == nil || !c.v.NetTotal.GreaterThan(*c.r.AutoMaxNet) {
		return
	}
	c.add(o2c.AnomalyCreditLimit, "totals.net", "the order's net %s is above %s, the most an order may be worth to pass without review",
		c.amount(c.v.NetTotal), c.amount(*c.r.AutoMaxNet))
}

// amount writes a money amount in the order's currency: "1234.50 EUR".
func (c *checker) amount(a decimal.Decimal) string {
	s := a.StringFixed(c.cur.Scale())
	if c.cur != "" {
		s += " " + string(c.cur)
	}
	return s
}

// formatPrice writes a unit price with at least the currency's decimals and all of its own.
func formatPrice(p decimal.Decimal, cur string) string {
	places := money.Currency(cur).Scale()
	if e := -p.Exponent(); e > places {
		places = e
	}
	s := p.StringFixed(places)
	if cur != "" {
		s += " " + cur
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 || n == -1 {
		return one
	}
	return many
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "none"
	}
	return s
}
