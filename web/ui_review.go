package web

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
)

// The review screen: the original document page by page beside the order's fields, each field's
// box lit on the page when the field has focus; low-confidence fields and anomalies marked where
// they are; inline correction with type-ahead pickers over customers and products; approve,
// reject, hold; the full history. The document loads after the page (htmx), so that a scan's
// first OCR never holds up the fields.

// reviewScreen is the review screen.
type reviewScreen struct {
	Order        *o2c.Order
	CustomerName string
	Form         reviewForm
	Header       []reviewField // the draft's header fields, in the order a clerk checks them
	General      []o2c.Anomaly // anomalies of no single field: the order as a whole, "lines"
	History      []o2c.AuditEvent
	ShipTos      []o2c.ShipTo
	Editable     bool // in review, and the user may review
	CanReview    bool
	Held         bool
	Errors       []string // what could not be read of a submitted correction
	Done         string   // what the last action did, for the banner
	Next         int64    // the next order in the queue, 0 when none
	Threshold    float64
}

// reviewForm is the correction form as strings, so that a rejected submission shows again as typed.
type reviewForm struct {
	Version                                                       int64
	PONumber, OrderDate, DeliveryDate, Currency, Customer, ShipTo string
	Net, Gross                                                    string
	Lines                                                         []reviewLine
}

// reviewLine is one editable line, with what the screen says about it.
type reviewLine struct {
	Index                                                     int
	Pos                                                       int // 1-based, as people count
	LineNo, SKU, BuyerSKU, Description, Quantity, Unit, Price string
	Agreed, Total                                             string // the price that will be charged, the line total, from verification
	PriceDiffers                                              bool
	Flags                                                     map[string]fieldFlag // by field name: quantity, unit_price...
	Anomalies                                                 []o2c.Anomaly
}

// reviewField is one header field of the form.
type reviewField struct {
	Name, Label, Value, Type, Path string // Path: the draft path whose box lights up
	List                           string // a datalist for type-ahead
	Flag                           fieldFlag
}

// fieldFlag says what is doubtful about a field.
type fieldFlag struct {
	Confidence float64 // 0 when none was recorded
	Low        bool
	Anomalies  []o2c.Anomaly
}

func (f fieldFlag) Class() string {
	switch {
	case len(f.Anomalies) > 0:
		return "f-anomaly"
	case f.Low:
		return "f-low"
	}
	return ""
}

// Title is the tooltip of a flagged field: the anomalies' sentences, or the confidence.
func (f fieldFlag) Title() string {
	var parts []string
	for _, a := range f.Anomalies {
		parts = append(parts, string(a.Code)+": "+a.Message)
	}
	if f.Low {
		parts = append(parts, fmt.Sprintf("read with confidence %.0f%%", f.Confidence*100))
	}
	return strings.Join(parts, "\n")
}

// reviewPage shows an order on the review screen.
func (u *ui) reviewPage(w http.ResponseWriter, r *http.Request) {
	o, ok := u.orderOf(w, r)
	if !ok {
		return
	}
	u.showReview(w, r, http.StatusOK, o, formOf(o), nil)
}

// showReview renders the review screen with the form as given.
func (u *ui) showReview(w http.ResponseWriter, r *http.Request, status int, o *o2c.Order, form reviewForm, problems []string) {
	ctx := r.Context()
	events, err := u.orders.History(ctx, o.ID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	slices.Reverse(events) // newest first
	user := sessionFrom(ctx).user
	threshold := u.orders.Rules.ConfidenceThreshold
	d := reviewScreen{Order: o, Form: form, History: events, Errors: problems, Threshold: threshold,
		CanReview: user.Role.Can(o2c.PermReviewOrders), Held: o.Status == o2c.OrderOnHold,
		Done: doneMessage(r.URL.Query())}
	d.Editable = d.CanReview && o.Status == o2c.OrderNeedsReview
	if o.CustomerID != "" && u.md != nil {
		if c, err := u.md.CustomerDetail(ctx, o.CustomerID); err == nil {
			d.CustomerName, d.ShipTos = c.Name, c.ShipTos
		}
	}
	flags := fieldFlags(o, threshold)
	d.Header = []reviewField{
		{Name: "customer", Label: "Customer", Value: form.Customer, Path: "buyer.name", List: "dl-customers", Flag: flags["buyer"]},
		{Name: "po_number", Label: "PO number", Value: form.PONumber, Path: "po_number", Flag: flags["po_number"]},
		{Name: "order_date", Label: "Order date", Value: form.OrderDate, Type: "date", Path: "order_date", Flag: flags["order_date"]},
		{Name: "requested_delivery_date", Label: "Requested delivery", Value: form.DeliveryDate, Type: "date",
			Path: "requested_delivery_date", Flag: flags["requested_delivery_date"]},
		{Name: "currency", Label: "Currency", Value: form.Currency, Path: "currency", Flag: flags["currency"]},
		{Name: "net", Label: "Stated net total", Value: form.Net, Path: "totals.net", Flag: flags["totals.net"]},
		{Name: "gross", Label: "Stated gross total", Value: form.Gross, Path: "totals.gross", Flag: flags["totals.gross"]},
	}
	used := map[string]bool{"buyer": true, "po_number": true, "order_date": true, "requested_delivery_date": true,
		"currency": true, "totals.net": true, "totals.gross": true, "ship_to": true}
	for i := range d.Form.Lines {
		l := &d.Form.Lines[i]
		l.Flags = map[string]fieldFlag{}
		for _, f := range []string{"supplier_sku", "buyer_sku", "description", "quantity", "unit", "unit_price", "line_total"} {
			path := fmt.Sprintf("lines[%d].%s", i, f)
			l.Flags[f] = flags[path]
			used[path] = true
		}
		path := fmt.Sprintf("lines[%d]", i)
		used[path] = true
		for _, a := range o.Anomalies {
			if a.Field == path || strings.HasPrefix(a.Field, path+".") {
				l.Anomalies = append(l.Anomalies, a)
			}
		}
	}
	for _, a := range o.Anomalies {
		if !used[a.Field] {
			d.General = append(d.General, a)
		}
	}
	if next, err := u.nextInQueue(r, o.ID); err == nil {
		d.Next = next
	}
	title := "Order " + strconv.FormatInt(o.ID, 10)
	if o.PONumber != "" {
		title += " · PO " + o.PONumber
	}
	u.render(w, r, status, "order", page{Title: title, Nav: "review", Data: d})
}

// fieldFlags gathers, by draft path, the confidence recorded and the anomalies raised.
func fieldFlags(o *o2c.Order, threshold float64) map[string]fieldFlag {
	out := map[string]fieldFlag{}
	if o.Draft != nil {
		for path, c := range o.Draft.Confidence {
			out[path] = fieldFlag{Confidence: c, Low: c < threshold}
		}
	}
	for _, a := range o.Anomalies {
		f := out[a.Field]
		f.Anomalies = append(f.Anomalies, a)
		out[a.Field] = f
	}
	return out
}

// formOf fills the correction form from an order's draft and what verification resolved.
func formOf(o *o2c.Order) reviewForm {
	f := reviewForm{Version: o.Version, Customer: o.CustomerID, ShipTo: o.ShipToID}
	d := o.Draft
	if d == nil {
		d = &o2c.OrderDraft{}
	}
	f.PONumber, f.Currency = d.PONumber, d.Currency
	f.OrderDate, f.DeliveryDate = dateText(d.OrderDate), dateText(d.RequestedDeliveryDate)
	if d.Totals != nil {
		f.Net, f.Gross = decText(d.Totals.Net), decText(d.Totals.Gross)
	}
	for i, l := range d.Lines {
		rl := reviewLine{Index: i, Pos: i + 1, SKU: l.SupplierSKU, BuyerSKU: l.BuyerSKU, Description: l.Description,
			Quantity: decText(l.Quantity), Unit: l.Unit, Price: decText(l.UnitPrice)}
		if l.LineNo > 0 {
			rl.LineNo = strconv.Itoa(l.LineNo)
		}
		if i < len(o.Lines) && o.Lines[i].SKU != "" { // a product we know: its agreed price
			ol := o.Lines[i]
			if rl.SKU == "" {
				rl.SKU = ol.SKU // what verification resolved: a clerk confirms it by saving
			}
			rl.Agreed, rl.Total = ol.UnitPrice.String(), ol.LineTotal.StringFixed(2)
			rl.PriceDiffers = l.UnitPrice != nil && !l.UnitPrice.Equal(ol.UnitPrice)
		}
		f.Lines = append(f.Lines, rl)
	}
	return f
}

func dateText(d cal.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func decText(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// correctOrder applies the correction form: the draft as the person corrected it is verified
// again, and flows on by itself when nothing is left to review.
func (u *ui) correctOrder(w http.ResponseWriter, r *http.Request) {
	o, ok := u.orderOf(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		u.fail(w, r, o2c.Errorf(o2c.CodeInvalid, "the form cannot be read: %s", err))
		return
	}
	form := formFromRequest(r)
	draft, problems := u.correctedDraft(r, o, form)
	if len(problems) > 0 {
		u.showReview(w, r, http.StatusUnprocessableEntity, o, form, problems)
		return
	}
	got, err := u.orders.Correct(r.Context(), o.ID, form.Version, sessionFrom(r.Context()).user.Actor(), draft)
	if err != nil {
		u.reviewFailed(w, r, o, form, err)
		return
	}
	done := "corrected"
	if got.Status != o2c.OrderNeedsReview {
		done = "corrected-flowed"
	}
	u.afterAction(w, r, got, done, got.Status == o2c.OrderNeedsReview)
}

// formFromRequest reads the correction form as typed.
func formFromRequest(r *http.Request) reviewForm {
	v := r.PostForm
	f := reviewForm{PONumber: strings.TrimSpace(v.Get("po_number")), OrderDate: strings.TrimSpace(v.Get("order_date")),
		DeliveryDate: strings.TrimSpace(v.Get("requested_delivery_date")), Currency: strings.ToUpper(strings.TrimSpace(v.Get("currency"))),
		Customer: strings.TrimSpace(v.Get("customer")), ShipTo: strings.TrimSpace(v.Get("ship_to")),
		Net: strings.TrimSpace(v.Get("net")), Gross: strings.TrimSpace(v.Get("gross"))}
	f.Version, _ = strconv.ParseInt(v.Get("version"), 10, 64)
	col := func(name string, i int) string {
		if vs := v[name]; i < len(vs) {
			return strings.TrimSpace(vs[i])
		}
		return ""
	}
	for i := range len(v["l.description"]) {
		if col("l.deleted", i) == "1" {
			continue
		}
		l := reviewLine{Index: len(f.Lines), Pos: len(f.Lines) + 1, LineNo: col("l.line_no", i), SKU: col("l.sku", i), BuyerSKU: col("l.buyer_sku", i),
			Description: col("l.description", i), Quantity: col("l.quantity", i), Unit: strings.ToUpper(col("l.unit", i)),
			Price: col("l.unit_price", i)}
		if l.SKU == "" && l.BuyerSKU == "" && l.Description == "" && l.Quantity == "" {
			continue // an added row left empty
		}
		f.Lines = append(f.Lines, l)
	}
	return f
}

// correctedDraft builds the corrected draft: the order's draft with what the form changed. A
// customer or delivery address picked from master data replaces the buyer or ship-to as written
// by that record's identifiers, so that verification finds exactly it. Every field was in front
// of a person, so none keeps a low confidence.
func (u *ui) correctedDraft(r *http.Request, o *o2c.Order, f reviewForm) (*o2c.OrderDraft, []string) {
	var d o2c.OrderDraft
	if o.Draft != nil {
		raw, err := json.Marshal(o.Draft)
		if err == nil {
			err = json.Unmarshal(raw, &d)
		}
		if err != nil {
			return nil, []string{"the order's draft cannot be copied: " + err.Error()}
		}
	}
	if d.DocumentType == "" {
		d.DocumentType = o2c.DocPurchaseOrder
	}
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	d.PONumber, d.Currency = f.PONumber, f.Currency
	for _, x := range []struct {
		label, text string
		to          *cal.Date
	}{{"Order date", f.OrderDate, &d.OrderDate}, {"Requested delivery", f.DeliveryDate, &d.RequestedDeliveryDate}} {
		*x.to = cal.Date{}
		if x.text != "" {
			day, err := cal.Parse(x.text)
			if err != nil {
				bad("%s %q is not a date YYYY-MM-DD", x.label, x.text)
			}
			*x.to = day
		}
	}
	net, ok1 := parseAmount(f.Net)
	gross, ok2 := parseAmount(f.Gross)
	if !ok1 || !ok2 {
		bad("a stated total is not a number")
	}
	if net != nil || gross != nil || d.Totals != nil {
		if d.Totals == nil {
			d.Totals = &o2c.Totals{}
		}
		d.Totals.Net, d.Totals.Gross = net, gross
	}
	ctx := r.Context()
	if f.Customer != "" && f.Customer != o.CustomerID {
		c, err := u.md.Customer(ctx, f.Customer)
		if err != nil {
			bad("customer %q is not in the master data", f.Customer)
		} else {
			d.Buyer = &o2c.Party{Name: c.Name, VATID: c.VATID, GLN: c.GLN, Email: c.Email, Street: c.Street,
				PostalCode: c.PostalCode, City: c.City, Country: c.Country}
		}
	}
	if f.ShipTo != "" && f.ShipTo != o.ShipToID {
		customer := cmp.Or(f.Customer, o.CustomerID)
		found := false
		if detail, err := u.md.CustomerDetail(ctx, customer); err == nil {
			for _, a := range detail.ShipTos {
				if a.AddressID == f.ShipTo {
					d.ShipTo = &o2c.Party{Name: a.Name, Street: a.Street, PostalCode: a.PostalCode, City: a.City, Country: a.Country}
					found = true
				}
			}
		}
		if !found {
			bad("delivery address %q is not one of customer %s's", f.ShipTo, customer)
		}
	}
	old := d.Lines
	d.Lines = nil
	for i, l := range f.Lines {
		var line o2c.DraftLine
		if l.Index < len(old) && i < len(old) {
			line = old[i]
		}
		label := fmt.Sprintf("Line %d", i+1)
		q, okQ := parseAmount(l.Quantity)
		p, okP := parseAmount(l.Price)
		if !okQ {
			bad("%s: quantity %q is not a number", label, l.Quantity)
		}
		if !okP {
			bad("%s: unit price %q is not a number", label, l.Price)
		}
		if !sameAmount(line.Quantity, q) || !sameAmount(line.UnitPrice, p) {
			line.LineTotal = nil // the stated total was of the old quantity or price
		}
		line.Quantity, line.UnitPrice = q, p
		if l.BuyerSKU == "" && line.BuyerSKU == "" && line.SupplierSKU != "" && l.SKU != line.SupplierSKU &&
			unknownProduct(o, i) {
			// The code written on the document was not ours: it is the customer's own, and keeping
			// it teaches it (Orders.Learn) for the next order.
			l.BuyerSKU = line.SupplierSKU
		}
		line.SupplierSKU, line.BuyerSKU, line.Description, line.Unit = l.SKU, l.BuyerSKU, l.Description, l.Unit
		line.LineNo = 0
		if n, err := strconv.Atoi(l.LineNo); err == nil && n > 0 {
			line.LineNo = n
		}
		d.Lines = append(d.Lines, line)
	}
	d.Confidence = nil
	return &d, problems
}

// unknownProduct reports whether verification found no product for line i of the order.
func unknownProduct(o *o2c.Order, i int) bool {
	prefix := fmt.Sprintf("lines[%d]", i)
	for _, a := range o.Anomalies {
		if a.Code == o2c.AnomalyUnknownProduct && (a.Field == prefix || strings.HasPrefix(a.Field, prefix+".")) {
			return true
		}
	}
	return false
}

// parseAmount reads a number typed with a decimal point or comma; "" is none.
func parseAmount(s string) (*decimal.Decimal, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if s == "" {
		return nil, true
	}
	if strings.Contains(s, ",") && !strings.Contains(s, ".") {
		s = strings.ReplaceAll(s, ",", ".")
	}
	d, err := decimal.NewFromString(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		return nil, false
	}
	return &d, true
}

func sameAmount(a, b *decimal.Decimal) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

// approveOrder releases an order in review to the ERP as it is.
func (u *ui) approveOrder(w http.ResponseWriter, r *http.Request) {
	u.reviewAction(w, r, "approved", func(o *o2c.Order, version int64, actor string) (*o2c.Order, error) {
		return u.orders.Approve(r.Context(), o.ID, version, actor, strings.TrimSpace(r.PostFormValue("note")))
	})
}

// rejectOrder refuses an order for good, with a reason.
func (u *ui) rejectOrder(w http.ResponseWriter, r *http.Request) {
	u.reviewAction(w, r, "rejected", func(o *o2c.Order, version int64, actor string) (*o2c.Order, error) {
		return u.orders.Reject(r.Context(), o.ID, version, actor, r.PostFormValue("reason"))
	})
}

// holdOrder puts an order aside with a reason.
func (u *ui) holdOrder(w http.ResponseWriter, r *http.Request) {
	u.reviewAction(w, r, "held", func(o *o2c.Order, version int64, actor string) (*o2c.Order, error) {
		return u.orders.Hold(r.Context(), o.ID, version, actor, r.PostFormValue("reason"))
	})
}

// releaseOrder returns a held order to the queue.
func (u *ui) releaseOrder(w http.ResponseWriter, r *http.Request) {
	u.reviewAction(w, r, "released", func(o *o2c.Order, version int64, actor string) (*o2c.Order, error) {
		return u.orders.Release(r.Context(), o.ID, version, actor)
	})
}

// reviewAction runs one review action on the order of the path and moves on.
func (u *ui) reviewAction(w http.ResponseWriter, r *http.Request, done string, act func(*o2c.Order, int64, string) (*o2c.Order, error)) {
	o, ok := u.orderOf(w, r)
	if !ok {
		return
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	got, err := act(o, version, sessionFrom(r.Context()).user.Actor())
	if err != nil {
		u.reviewFailed(w, r, o, formOf(o), err)
		return
	}
	u.afterAction(w, r, got, done, done == "released")
}

// reviewFailed shows the review screen again with why the action was refused; anything but a
// refusal is an error page.
func (u *ui) reviewFailed(w http.ResponseWriter, r *http.Request, o *o2c.Order, form reviewForm, err error) {
	switch o2c.ErrorCode(err) {
	case o2c.CodeInvalid, o2c.CodeConflict:
		fresh, ferr := u.orders.Order(r.Context(), o.ID)
		if ferr != nil {
			u.fail(w, r, ferr)
			return
		}
		var problems []string
		if faults := o2c.ErrorFaults(err); len(faults) > 0 {
			for _, f := range faults {
				problems = append(problems, f.Message)
			}
		} else {
			problems = append(problems, o2c.ErrorMessage(err))
		}
		status := http.StatusUnprocessableEntity
		if o2c.ErrorCode(err) == o2c.CodeConflict {
			form, status = formOf(fresh), http.StatusConflict // someone else changed it: show theirs
		}
		u.showReview(w, r, status, fresh, form, problems)
	default:
		u.fail(w, r, err)
	}
}

// afterAction goes on to the next order in the queue, saying what was done; stay keeps the
// person on this order (a correction that still needs review).
func (u *ui) afterAction(w http.ResponseWriter, r *http.Request, o *o2c.Order, done string, stay bool) {
	target := fmt.Sprintf("%s/orders/%d?done=%s", uiPrefix, o.ID, done)
	if !stay {
		if next, err := u.nextInQueue(r, o.ID); err == nil && next != 0 {
			target = fmt.Sprintf("%s/orders/%d?done=%s&prev=%d", uiPrefix, next, done, o.ID)
		} else {
			target = fmt.Sprintf("%s/review?done=%s&prev=%d", uiPrefix, done, o.ID)
		}
	}
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", target)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// nextInQueue returns the most urgent order in review other than id.
func (u *ui) nextInQueue(r *http.Request, id int64) (int64, error) {
	queue, _, err := u.orders.ReviewQueue(r.Context(), 0, 2)
	if err != nil {
		return 0, err
	}
	for _, o := range queue {
		if o.ID != id {
			return o.ID, nil
		}
	}
	return 0, nil
}

// doneMessage is the banner after an action, from the redirect's query.
func doneMessage(q url.Values) string {
	prev := q.Get("prev")
	which := "The order"
	if prev != "" {
		which = "Order " + prev
	}
	switch q.Get("done") {
	case "approved":
		return which + " was approved and goes to the ERP."
	case "rejected":
		return which + " was rejected."
	case "held":
		return which + " is on hold."
	case "released":
		return which + " is back in the review queue."
	case "corrected":
		return "Saved. Verification still finds what is listed below."
	case "corrected-flowed":
		return which + " was corrected, passed verification and flows on by itself."
	}
	return ""
}

// orderOf reads the order of the path; a missing one is the not-found page.
func (u *ui) orderOf(w http.ResponseWriter, r *http.Request) (*o2c.Order, bool) {
	id, err := parseID("order", r.PathValue("id"))
	if err == nil {
		var o *o2c.Order
		if o, err = u.orders.Order(r.Context(), id); err == nil {
			return o, true
		}
	}
	u.fail(w, r, err)
	return nil, false
}

// docViewData is the document panel of the review screen.
type docViewData struct {
	OrderID int64
	View    *app.DocumentView
}

// documentPanel renders the order's original, page by page with the fields' boxes (htmx).
func (u *ui) documentPanel(w http.ResponseWriter, r *http.Request) {
	o, ok := u.orderOf(w, r)
	if !ok {
		return
	}
	v, err := u.orders.ViewDocument(r.Context(), o)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.renderBlock(w, r, "docview", "docview", docViewData{OrderID: o.ID, View: v})
}

// pageImage serves one page of a document as a PNG.
func (u *ui) pageImage(w http.ResponseWriter, r *http.Request) {
	id, err := parseID("document", r.PathValue("id"))
	if err != nil {
		u.fail(w, r, err)
		return
	}
	part, err1 := strconv.Atoi(r.PathValue("part"))
	n, err2 := strconv.Atoi(r.PathValue("page"))
	width, err3 := strconv.Atoi(cmp.Or(r.URL.Query().Get("w"), "1000"))
	if err1 != nil || err2 != nil || err3 != nil {
		u.fail(w, r, o2c.Errorf(o2c.CodeNotFound, "there is no such page"))
		return
	}
	img, err := u.orders.PageImage(r.Context(), id, part, n, width)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, max-age=86400") // a stored document never changes
	_, _ = w.Write(img)
}

// documentFile downloads one file of a document (the original, or an e-mail's attachment).
func (u *ui) documentFile(w http.ResponseWriter, r *http.Request) {
	id, err := parseID("document", r.PathValue("id"))
	if err != nil {
		u.fail(w, r, err)
		return
	}
	part, err := strconv.Atoi(r.PathValue("part"))
	if err != nil {
		u.fail(w, r, o2c.Errorf(o2c.CodeNotFound, "there is no such file"))
		return
	}
	name, content, err := u.orders.DocumentFile(r.Context(), id, part)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	// Served as a download, never shown inline: a document is what a customer sent, not ours.
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", "attachment; filename="+strconv.Quote(safeFilename(name)))
	_, _ = w.Write(content)
}

func safeFilename(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == '"' || r == '\\' || r == '/' {
			return '_'
		}
		return r
	}, name)
	if name == "" {
		return "document"
	}
	return name
}
