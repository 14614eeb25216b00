package layout

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/gs1"
	"github.com/o2c-project/o2c/money"
	"github.com/o2c-project/o2c/sheet"
)

// Options say what the engine knows besides the document.
type Options struct {
	// Self lists our own names and identifiers (VAT id, GLN, e-mail domain): a document meant
	// for us carries them in the supplier's block, and they are never the buyer's.
	Self []string
	// FileName is copied into the draft's source.
	FileName string
}

// Read turns a document meant for people into its canonical order: the kind of document from
// its title, the header fields from their labels, the lines from the line-item table, numbers
// and dates in the conventions the whole document shows, arithmetic as evidence, and a
// confidence for every field in the draft's confidence map. A document that is no order (an
// invoice, a quotation, an order confirmation) or holds no line-item table is CodeInvalid with
// the reason.
func Read(doc *Document, opts Options) (*o2c.OrderDraft, error) {
	if doc == nil || len(doc.Pages) == 0 {
		return nil, o2c.Errorf(o2c.CodeInvalid, "the document has no page")
	}
	var rows []row
	for i := range doc.Pages {
		rows = append(rows, pageRows(&doc.Pages[i])...)
	}
	if len(rows) == 0 {
		return nil, o2c.Errorf(o2c.CodeInvalid, "the document holds no text: an empty page, or an image too poor to read")
	}
	kind, name := classify(rows, doc.Pages[0])
	switch {
	case kind == o2c.DocInvoice:
		return nil, o2c.Errorf(o2c.CodeInvalid, "the document is an invoice (%q), not an order", name)
	case kind == o2c.DocOther && name != "":
		return nil, o2c.Errorf(o2c.CodeInvalid, "the document is %q, not an order", name)
	case kind == o2c.DocOther:
		kind = o2c.DocPurchaseOrder // no title: an order is what people send us
	}
	if kind == o2c.DocCMR {
		return readCMRDoc(rows, opts)
	}
	tables := readTables(rows, kind)
	if !tables.Found || len(tables.Lines) == 0 {
		return nil, o2c.Errorf(o2c.CodeInvalid, "no line-item table found: no row names a quantity and an article or description")
	}
	fields := labelled(rows, tables.Used, name)
	d := &o2c.OrderDraft{DocumentType: kind, Confidence: map[string]float64{}, Lines: []o2c.DraftLine{}}
	if opts.FileName != "" {
		d.Source = &o2c.Source{File: opts.FileName}
	}
	b := builder{d: d, self: opts.Self}

	// Conventions from every number of the tables and every date of the header.
	var numbers, dates []string
	for _, l := range tables.Lines {
		for _, f := range []string{"quantity", "unit_price", "line_total"} {
			if s := l.Text[f]; s != "" {
				numbers = append(numbers, s)
			}
		}
	}
	for _, t := range tables.Totals {
		numbers = append(numbers, t.Text)
	}
	for _, f := range []string{"order_date", "requested_delivery_date"} {
		for _, v := range fields[f] {
			dates = append(dates, v.Text)
		}
	}
	currency := b.currency(fields, tables)
	if currency == "" {
		currency = currencyWritten(rows)
	}
	b.conv = decideConventions(numbers, dates, tables.Lang, currency)

	b.header(fields, name)
	if kind == o2c.DocDeliveryNote || kind == o2c.DocCMR {
		b.delivery(rows, tables.Used, name)
	} else if d.Buyer == nil || d.Buyer.Name == "" || b.buyerIsPerson {
		if b.buyerIsPerson {
			d.Buyer.Name = ""
		}
		b.letterhead(rows, tables.Used, name)
		if d.Buyer != nil && d.Buyer.Name == "" {
			d.Buyer.Name = b.person // no company found: the person who ordered is better than nothing
		}
	}
	if currency != "" {
		d.Currency = currency
		b.set("currency", 0.97)
	}
	for i, l := range tables.Lines {
		b.line(i, l)
	}
	b.positionsAsLineNumbers()
	b.totals(tables.Totals)
	b.arithmetic()
	if readByOCR(doc) {
		b.capUnproven()
	}
	for _, n := range doc.Notes {
		b.note(n)
	}
	return d, nil
}

// ocrCap is the most a field read by OCR is trusted without proof: under the review threshold.
// Tesseract is sure of words it reads wrong (a 3 for an 8, a line dropped under a rule), so on
// a scan its confidence alone is no evidence; arithmetic that agrees is.
const ocrCap = 0.85

// readByOCR reports whether any page of the document was read by OCR.
func readByOCR(doc *Document) bool {
	for _, p := range doc.Pages {
		if p.Source == SourceOCR {
			return true
		}
	}
	return false
}

// capUnproven lowers every field arithmetic did not confirm to ocrCap.
func (b *builder) capUnproven() {
	for path, c := range b.d.Confidence {
		if !b.proven[path] && c > ocrCap {
			b.d.Confidence[path] = ocrCap
		}
	}
	// A row OCR did not see leaves no field to doubt: unless the lines add up to the stated
	// net, the table as a whole is unproven.
	if c, ok := b.d.Confidence["lines"]; !b.proven["lines"] && (!ok || c > ocrCap) {
		b.d.Confidence["lines"] = ocrCap
	}
}

// builder fills a draft and its confidences.
type builder struct {
	d             *o2c.OrderDraft
	buyerIsPerson bool   // the buyer's name came from a one-line label (Acheteur, Besteller): a person
	person        string // that name
	conv          conventions
	self          []string
	notes         []string
	proven        map[string]bool // fields arithmetic confirmed
}

func (b *builder) set(path string, conf float64) {
	if old, ok := b.d.Confidence[path]; !ok || conf < old {
		b.d.Confidence[path] = round2(conf)
	}
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

func (b *builder) note(s string) {
	b.notes = append(b.notes, s)
	b.d.Notes = strings.Join(b.notes, "\n")
}

// mine reports whether a value is one of our own identifiers.
func (b *builder) mine(s string) bool {
	f := sheet.Fold(s)
	for _, x := range b.self {
		if x != "" && strings.Contains(f, sheet.Fold(x)) {
			return true
		}
	}
	return false
}

// header fills the order's header from its labelled fields.
func (b *builder) header(fields map[string][]found, title string) {
	d := b.d
	if v, ok := first(fields, "po_number"); ok {
		if po := poNumber(v.Text); po != "" {
			d.PONumber = po
			b.set("po_number", v.Conf)
		}
	}
	if d.PONumber == "" && title != "" {
		// "Bestellung 4500012345": the number in the title.
		if po := poNumber(titleTail(title)); po != "" {
			d.PONumber = po
			b.set("po_number", 0.85)
		}
	}
	for _, f := range []string{"order_date", "requested_delivery_date"} {
		v, ok := first(fields, f)
		if !ok {
			continue
		}
		date, ok, sure := b.conv.date(v.Text)
		if !ok {
			continue
		}
		conf := v.Conf
		if !sure {
			conf *= 0.85 // day and month could be the other way round
		}
		if f == "order_date" {
			d.OrderDate = date
		} else {
			d.RequestedDeliveryDate = date
		}
		b.set(f, conf)
	}
	if v, ok := first(fields, "buyer_name"); ok {
		if p := address(v.Text); p != nil {
			d.Buyer = p
			b.set("buyer", v.Conf)
			// "Acheteur : Nicolas Girard" names the person who ordered, not the company.
			if !strings.Contains(v.Text, "\n") && personLabels[sheet.Fold(v.Label)] {
				b.buyerIsPerson, b.person = true, p.Name
			}
		}
	}
	if v, ok := first(fields, "buyer_street"); ok && d.Buyer != nil && d.Buyer.Street == "" {
		d.Buyer.Street = strings.TrimSpace(v.Text)
	}
	if v, ok := first(fields, "buyer_postal_city"); ok && d.Buyer != nil && d.Buyer.City == "" {
		if p := address("x\n" + v.Text); p != nil {
			d.Buyer.PostalCode, d.Buyer.City = p.PostalCode, p.City
		}
	}
	if v, ok := first(fields, "ship_to"); ok {
		if p := address(v.Text); p != nil {
			d.ShipTo = p
			b.set("ship_to", v.Conf)
		}
	}
	buyer := func() *o2c.Party {
		if d.Buyer == nil {
			d.Buyer = &o2c.Party{}
		}
		return d.Buyer
	}
	for _, v := range fields["buyer_vat_id"] {
		if vat := vatPattern.FindString(strings.ToUpper(v.Text)); vat != "" && !b.mine(vat) {
			buyer().VATID = strings.ReplaceAll(vat, " ", "")
			b.set("buyer.vat_id", v.Conf)
			break
		}
	}
	for _, v := range fields["buyer_gln"] {
		if g := glnPattern.FindString(v.Text); g != "" && gs1.ValidGLN(g) && !b.mine(g) {
			buyer().GLN = g
			b.set("buyer.gln", v.Conf)
			break
		}
	}
	for _, v := range fields["buyer_email"] {
		if e := strings.ReplaceAll(emailPattern.FindString(v.Text), " ", ""); e != "" && !b.mine(e) {
			buyer().Email = e
			b.set("buyer.email", v.Conf)
			break
		}
	}
	if v, ok := first(fields, "notes"); ok {
		b.note(strings.ReplaceAll(v.Text, "\n", " "))
	}
}

func first(fields map[string][]found, f string) (found, bool) {
	if vs := fields[f]; len(vs) > 0 {
		return vs[0], true
	}
	return found{}, false
}

// poNumber picks the order number out of a value: its first word holding a digit ("N° 4711 du
// 02/11" is 4711).
func poNumber(s string) string {
	s = strings.TrimSpace(strings.Split(s, "\n")[0])
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, ".,;:()#°*_")
		if strings.ContainsAny(w, "0123456789") && len(w) >= 3 {
			return w
		}
	}
	return ""
}

// titleTail is what follows the document's name in its title.
func titleTail(title string) string {
	f := strings.Fields(title)
	if len(f) < 2 {
		return ""
	}
	return strings.Join(f[1:], " ")
}

// currency finds the order's currency: a labelled field, else the code or sign its amounts carry.
func (b *builder) currency(fields map[string][]found, t tableRead) string {
	for _, v := range fields["currency"] {
		for _, w := range strings.Fields(strings.ToUpper(v.Text)) {
			if c, err := money.ParseCurrency(strings.Trim(w, ".,:;()")); err == nil {
				return string(c)
			}
		}
	}
	votes := map[string]int{}
	add := func(s string) {
		if n, ok := sheet.ReadNumber(s); ok && n.Currency() != "" {
			votes[n.Currency()]++
		}
	}
	for _, l := range t.Lines {
		add(l.Text["unit_price"])
		add(l.Text["line_total"])
	}
	for _, tt := range t.Totals {
		add(tt.Text)
	}
	best, n := "", 0
	for c, k := range votes {
		if k > n || k == n && c < best {
			best, n = c, k
		}
	}
	return best
}

// line reads one line item.
func (b *builder) line(i int, r rawLine) {
	var l o2c.DraftLine
	p := func(f string) string { return fmt.Sprintf("lines[%d].%s", i, f) }
	if s := r.Text["line_no"]; s != "" {
		if n, ok, _ := b.conv.number(s); ok && n.IsInteger() && n.IsPositive() && n.LessThan(decimal.NewFromInt(100000)) {
			l.LineNo = int(n.IntPart())
			b.set(p("line_no"), r.Conf["line_no"])
		}
	}
	for _, f := range []string{"supplier_sku", "buyer_sku"} {
		if s := strings.TrimSpace(r.Text[f]); s != "" {
			if f == "supplier_sku" {
				l.SupplierSKU = s
			} else {
				l.BuyerSKU = s
			}
			b.set(p(f), r.Conf[f])
		}
	}
	if s := strings.ReplaceAll(r.Text["gtin"], " ", ""); s != "" {
		l.GTIN = s
		conf := r.Conf["gtin"]
		if !gs1.ValidGTIN(s) {
			conf = min(conf, 0.5) // a wrong check digit: a misread, or a wrong number
		}
		b.set(p("gtin"), conf)
	}
	if s := strings.TrimSpace(r.Text["description"]); s != "" {
		l.Description = s
		b.set(p("description"), r.Conf["description"])
	}
	if s := r.Text["quantity"]; s != "" {
		if q, ok, sure := b.conv.number(s); ok {
			l.Quantity = &q
			conf := r.Conf["quantity"]
			if !sure {
				conf *= 0.8
			}
			b.set(p("quantity"), conf)
			if u := unitPart(s); u != "" {
				l.Unit = u
			}
		} else {
			b.set(p("quantity"), 0.3)
		}
	}
	if s := r.Text["unit"]; s != "" {
		if code, ok := sheet.UnitCode(s); ok {
			l.Unit = code
		} else {
			l.Unit = s
		}
		b.set(p("unit"), r.Conf["unit"])
	}
	for _, f := range []string{"unit_price", "line_total"} {
		s := r.Text[f]
		if s == "" {
			continue
		}
		v, ok, sure := b.conv.number(s)
		if !ok {
			b.set(p(f), 0.3)
			continue
		}
		conf := r.Conf[f]
		if !sure {
			conf *= 0.8
		}
		if f == "unit_price" {
			l.UnitPrice = &v
		} else {
			l.LineTotal = &v
		}
		b.set(p(f), conf)
	}
	b.d.Lines = append(b.d.Lines, l)
}

// positionsAsLineNumbers reads an "Item" column of small rising whole numbers (10, 20, 30, as
// SAP numbers positions) as the lines' numbers, not as article codes, when the lines have no
// number of their own.
func (b *builder) positionsAsLineNumbers() {
	if len(b.d.Lines) == 0 {
		return
	}
	last := 0
	for _, l := range b.d.Lines {
		n, err := strconv.Atoi(l.SupplierSKU)
		if l.LineNo != 0 || err != nil || n <= last || n > 99999 || l.SupplierSKU[0] == '0' {
			return
		}
		last = n
	}
	for i := range b.d.Lines {
		l := &b.d.Lines[i]
		l.LineNo, _ = strconv.Atoi(l.SupplierSKU)
		l.SupplierSKU = ""
		from := fmt.Sprintf("lines[%d].supplier_sku", i)
		b.d.Confidence[fmt.Sprintf("lines[%d].line_no", i)] = b.d.Confidence[from]
		delete(b.d.Confidence, from)
	}
}

// totals reads the order's stated totals.
func (b *builder) totals(ts []rawTotal) {
	var t o2c.Totals
	for _, x := range ts {
		v, ok, _ := b.conv.number(x.Text)
		if !ok {
			continue
		}
		v = v.Abs()
		switch x.Kind {
		case "net":
			if t.Net == nil {
				t.Net = &v
				b.set("totals.net", x.Conf)
			}
		case "tax":
			// Several rates make several tax rows: the order's tax is their sum.
			if t.Tax == nil {
				t.Tax = &v
			} else {
				sum := t.Tax.Add(v)
				t.Tax = &sum
			}
			b.set("totals.tax", x.Conf)
		case "gross":
			if t.Gross == nil {
				t.Gross = &v
				b.set("totals.gross", x.Conf)
			}
		case "plain":
			// A total that says not what it is: the net when it comes first, the gross after
			// the net (and the tax).
			switch {
			case t.Net == nil && t.Gross == nil:
				t.Net = &v
				b.set("totals.net", x.Conf*0.95)
			case t.Gross == nil:
				t.Gross = &v
				b.set("totals.gross", x.Conf*0.95)
			}
		}
	}
	if t.Net != nil || t.Tax != nil || t.Gross != nil {
		b.d.Totals = &t
	}
}

// arithmetic uses the document's sums as evidence: a line whose quantity times price is its
// total is surely read, one whose sum is off is not; lines that add up to the stated net make
// every line surer. Confidences move up to 0.99 on agreement and down under the review threshold
// on disagreement.
func (b *builder) arithmetic() {
	sum, allTotals := decimal.Zero, true
	for i, l := range b.d.Lines {
		p := func(f string) string { return fmt.Sprintf("lines[%d].%s", i, f) }
		if l.LineTotal == nil {
			allTotals = false
		} else {
			sum = sum.Add(*l.LineTotal)
		}
		if l.Quantity == nil || l.UnitPrice == nil || l.LineTotal == nil {
			continue
		}
		product := l.Quantity.Mul(*l.UnitPrice)
		if product.Sub(*l.LineTotal).Abs().LessThanOrEqual(decimal.New(1, -2)) {
			for _, f := range []string{"quantity", "unit_price", "line_total"} {
				b.raise(p(f))
			}
			continue
		}
		for _, f := range []string{"quantity", "unit_price", "line_total"} {
			b.set(p(f), 0.6)
		}
		b.note(fmt.Sprintf("line %d: %s × %s is %s, not %s as written", i+1, l.Quantity, l.UnitPrice, product.StringFixed(2), l.LineTotal))
	}
	if t := b.d.Totals; t != nil && t.Net != nil && allTotals && len(b.d.Lines) > 0 {
		if sum.Sub(*t.Net).Abs().LessThanOrEqual(decimal.New(1, -2)) {
			b.raise("lines") // no line is missing: they add up to the stated net
		} else {
			b.set("totals.net", 0.6)
			b.set("lines", 0.6)
			b.note(fmt.Sprintf("the lines add up to %s, the order says %s: a line may be missing or misread", sum.StringFixed(2), t.Net))
		}
	}
}

// raise makes a field that arithmetic confirms surer, never past 0.99.
func (b *builder) raise(path string) {
	if b.proven == nil {
		b.proven = map[string]bool{}
	}
	b.proven[path] = true
	if c, ok := b.d.Confidence[path]; ok {
		b.d.Confidence[path] = round2(min(0.99, max(c, (c+1)/2)))
	}
}

// currencyWritten finds a currency the document writes anywhere: an ISO code as a word
// ("Total HT (EUR)", "Price EUR") or a sign that names one currency (€, £). The most written wins.
func currencyWritten(rows []row) string {
	votes := map[string]int{}
	for _, r := range rows {
		for _, c := range r.Cells {
			for _, w := range strings.FieldsFunc(c.Text, func(r rune) bool {
				return r == ' ' || r == '(' || r == ')' || r == ',' || r == ':' || r == '/' || r == '[' || r == ']'
			}) {
				switch {
				case w == "€":
					votes["EUR"]++
				case w == "£":
					votes["GBP"]++
				case len(w) == 3 && w == strings.ToUpper(w) && knownCurrency[w]:
					votes[w]++
				case strings.ContainsRune(w, '€'):
					votes["EUR"]++
				case strings.ContainsRune(w, '£'):
					votes["GBP"]++
				}
			}
		}
	}
	best, n := "", 0
	for c, k := range votes {
		if k > n || k == n && c < best {
			best, n = c, k
		}
	}
	return best
}

// knownCurrency lists the codes written on European orders; other three capitals are more often
// abbreviations (TVA, VAT, PCE) than currencies.
var knownCurrency = map[string]bool{"EUR": true, "GBP": true, "CHF": true, "USD": true, "DKK": true, "SEK": true,
	"NOK": true, "PLN": true, "CZK": true, "HUF": true, "RON": true, "BGN": true, "CAD": true, "JPY": true}

// readCMRDoc reads a CMR consignment note, a form of numbered boxes rather than a table.
func readCMRDoc(rows []row, opts Options) (*o2c.OrderDraft, error) {
	d := &o2c.OrderDraft{DocumentType: o2c.DocCMR, Confidence: map[string]float64{}, Lines: []o2c.DraftLine{}}
	if opts.FileName != "" {
		d.Source = &o2c.Source{File: opts.FileName}
	}
	b := builder{d: d, self: opts.Self}
	var dates []string
	for _, r := range rows {
		dates = append(dates, r.text())
	}
	b.conv = decideConventions(nil, dates, langVotes{}, "")
	b.readCMR(rows)
	return d, nil
}
