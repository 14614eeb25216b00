package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/o2c-project/o2c/invoice"
)

// Render returns inv as an A4 PDF in lang ("en", "fr" or "de"; English for any other): the
// seller with the logo, the title (a credit note is titled so, with the invoice it corrects), the
// buyer and the delivery address when it differs, the dates and references, the lines in a
// table whose header repeats on every page, the document-level allowances and charges, the VAT
// breakdown with exemption reasons, the totals, the payment instructions and the legal mentions
// (for a French B2B invoice the early-payment discount, the late-payment penalty rate and the
// 40 € recovery indemnity), and "Page n of N" on every page.
//
// Render calculates inv first (totals are recomputed from the lines, never trusted) but does not
// validate it: callers that issue invoices validate them. Errors: CodeInvalid from Calculate,
// for an accent that is not #RRGGBB and for a logo that is not a PNG or JPEG fpdf can read.
func Render(in invoice.Invoice, b Branding, lang string) ([]byte, error) {
	inv, err := invoice.Calculate(in)
	if err != nil {
		return nil, err
	}
	accent, err := b.accent()
	if err != nil {
		return nil, err
	}
	logo, err := b.logoType()
	if err != nil {
		return nil, err
	}
	n := numbersFor(lang)
	// The page count is known only after layout; it does not change the layout, so a second pass
	// with the right count is needed only for documents of more than one page.
	pages := 1
	for range 2 {
		d := layoutInvoice(&inv, b, logo, n, accent, pages)
		if err := d.f.Error(); err != nil {
			return nil, fmt.Errorf("lay out invoice %s: %w", inv.Number, err)
		}
		if d.f.PageCount() == pages {
			return d.output()
		}
		pages = d.f.PageCount()
	}
	return nil, fmt.Errorf("lay out invoice %s: the page count does not settle", inv.Number)
}

// Title is the document's title and number in lang: "Invoice F2026-000001", "Avoir A2026-000003".
func Title(inv invoice.Invoice, lang string) string {
	w, _ := wordsFor(lang)
	return strings.TrimSpace(titleOf(inv.Type, w) + " " + inv.Number)
}

func titleOf(t invoice.TypeCode, w *words) string {
	switch {
	case t == invoice.TypeCorrected:
		return w.corrected
	case t == invoice.TypeSelfBilled:
		return w.selfBilled
	case t == invoice.TypePartial:
		return w.partial
	case t == invoice.TypePrepayment:
		return w.prepayment
	case t.IsCreditNote():
		return w.creditNote
	}
	return w.invoice
}

// midnight is the document's creation instant: the issue date, so that output is deterministic.
func midnight(inv *invoice.Invoice) time.Time {
	return time.Date(inv.IssueDate.Year, inv.IssueDate.Month, inv.IssueDate.Day, 0, 0, 0, 0, time.UTC)
}

// invoiceDoc is an invoice being laid out.
type invoiceDoc struct {
	*doc
	inv  *invoice.Invoice
	b    Branding
	logo string // the image type of the logo, "" without one
}

func layoutInvoice(inv *invoice.Invoice, b Branding, logo string, n numbers, accent rgb, pages int) *invoiceDoc {
	title := titleOf(inv.Type, n.w)
	d := &invoiceDoc{doc: newDoc(n, accent, midnight(inv), title+" "+inv.Number, inv.Seller.Name, pages), inv: inv, b: b, logo: logo}
	d.f.SetSubject(title+" "+inv.Number+" – "+inv.Buyer.Name, true)
	d.footer = d.footerLines()
	d.running = func() {
		d.font("B", 9, d.accent)
		d.text(marginX, d.y, contentW*0.6, 5, "L", d.shorten(inv.Seller.Name, contentW*0.6))
		d.font("", 8, muted)
		d.text(marginX+contentW*0.6, d.y, contentW*0.4, 5, "R", title+" "+inv.Number)
		d.hrule(marginX, d.y+6.5, contentW, 0.3, ruleGrey)
		d.y += 10
	}
	d.f.AddPage()
	d.y = marginTop
	d.header(title)
	d.parties()
	d.references()
	d.lines()
	d.documentCharges()
	d.summary()
	d.payment()
	d.legal()
	return d
}

// header writes the logo and the seller on the left, the title and number on the right, and a
// rule in the accent colour under both.
func (d *invoiceDoc) header(title string) {
	inv := d.inv
	const leftW, rightW = 100.0, 70.0
	left := d.y
	if d.logo != "" {
		left += d.drawLogo(marginX, left, 45, 20) + 4
	}
	d.fit("B", 13, leftW, inv.Seller.Name)
	d.f.SetTextColor(d.accent.r, d.accent.g, d.accent.b)
	size, _ := d.f.GetFontSize()
	for _, l := range d.wrap(inv.Seller.Name, leftW) {
		d.text(marginX, left, leftW, size*0.42, "L", l)
		left += size * 0.42
	}
	left += 1
	d.font("", 8, muted)
	for _, text := range append(addressLines(inv.Seller.Address, inv.Buyer.Address.Country), d.contactLine(inv.Seller.Contact)) {
		for _, l := range d.wrap(text, leftW) {
			d.text(marginX, left, leftW, 3.7, "L", l)
			left += 3.7
		}
	}

	right := d.y
	x := rightEdge - rightW
	d.fit("B", 22, rightW, strings.ToUpper(title))
	d.f.SetTextColor(d.accent.r, d.accent.g, d.accent.b)
	d.text(x, right, rightW, 9, "R", strings.ToUpper(title))
	right += 10
	d.fit("B", 11, rightW, inv.Number)
	d.f.SetTextColor(ink.r, ink.g, ink.b)
	d.text(x, right, rightW, 5.5, "R", inv.Number)
	right += 6
	for _, p := range inv.Preceding {
		date := ""
		if !p.IssueDate.IsZero() {
			date = " (" + d.n.date(p.IssueDate) + ")"
		}
		d.font("B", 8.5, ink)
		for _, l := range d.wrap(fill(d.w.corrects, "number", p.Number, "date", date), rightW) {
			d.text(x, right, rightW, 4, "R", l)
			right += 4
		}
	}
	d.y = max(left, right) + 3
	d.hrule(marginX, d.y, contentW, 0.6, d.accent)
	d.y += 6
}

// drawLogo places the logo in a box of at most w x h at x, y, keeping its proportions; it
// returns the height used.
func (d *invoiceDoc) drawLogo(x, y, w, h float64) float64 {
	info := d.f.RegisterImageOptionsReader("logo", fpdf.ImageOptions{ImageType: d.logo}, bytes.NewReader(d.b.Logo))
	if info == nil || d.f.Err() {
		return 0
	}
	iw, ih := info.Width(), info.Height()
	if iw <= 0 || ih <= 0 {
		return 0
	}
	sw, sh := w, w*ih/iw
	if sh > h {
		sw, sh = h*iw/ih, h
	}
	d.f.ImageOptions("logo", x, y, sw, sh, false, fpdf.ImageOptions{ImageType: d.logo}, 0, "")
	return sh
}

// block is a titled column of text: an address block.
type block struct {
	title string
	bold  string   // the party's name
	lines []string // address
	small []string // identifiers and contact
}

// parties writes the buyer and, when it differs from the buyer's address, the delivery.
func (d *invoiceDoc) parties() {
	inv := d.inv
	buyer := block{title: d.w.billTo, bold: inv.Buyer.Name, lines: addressLines(inv.Buyer.Address, inv.Seller.Address.Country)}
	if inv.Buyer.TradingName != "" && inv.Buyer.TradingName != inv.Buyer.Name {
		buyer.lines = append([]string{inv.Buyer.TradingName}, buyer.lines...)
	}
	buyer.small = d.partyIDs(inv.Buyer)
	if c := d.contactLine(inv.Buyer.Contact); c != "" {
		buyer.small = append(buyer.small, c)
	}
	blocks := []block{buyer}
	if dl := inv.Delivery; (!dl.Address.IsZero() && dl.Address != inv.Buyer.Address) || (dl.PartyName != "" && dl.PartyName != inv.Buyer.Name) {
		del := block{title: d.w.deliverTo, bold: dl.PartyName, lines: addressLines(dl.Address, inv.Seller.Address.Country)}
		if dl.LocationID.Value != "" {
			del.small = append(del.small, d.w.gln+" "+dl.LocationID.Value)
		}
		blocks = append(blocks, del)
	}
	const colW, gap = 80.0, 14.0
	bottom := d.y
	for i, b := range blocks {
		x, y := marginX+float64(i)*(colW+gap), d.y
		d.font("B", 7, muted)
		d.text(x, y, colW, 4, "L", strings.ToUpper(b.title))
		y += 5
		if b.bold != "" {
			d.font("B", 10, ink)
			for _, l := range d.wrap(b.bold, colW) {
				d.text(x, y, colW, 4.6, "L", l)
				y += 4.6
			}
		}
		d.font("", 9, ink)
		for _, text := range b.lines {
			for _, l := range d.wrap(text, colW) {
				d.text(x, y, colW, 4.3, "L", l)
				y += 4.3
			}
		}
		y += 0.8
		d.font("", 7.5, muted)
		for _, text := range b.small {
			for _, l := range d.wrap(text, colW) {
				d.text(x, y, colW, 3.6, "L", l)
				y += 3.6
			}
		}
		bottom = max(bottom, y)
	}
	d.y = bottom + 5
}

// ref is a label and its value in the references band.
type ref struct{ label, value string }

// references writes the dates and references in a shaded band, four to a row.
func (d *invoiceDoc) references() {
	inv, w, n := d.inv, d.w, d.n
	var refs []ref
	add := func(label, value string) {
		if value != "" {
			refs = append(refs, ref{label, value})
		}
	}
	add(w.issueDate, n.date(inv.IssueDate))
	add(w.dueDate, n.date(inv.DueDate))
	add(w.taxPointDate, n.date(inv.TaxPointDate))
	add(w.deliveryDate, n.date(inv.Delivery.Date))
	if !inv.Period.IsZero() {
		add(w.period, n.period(inv.Period.Start, inv.Period.End))
	}
	add(w.purchaseOrder, inv.PurchaseOrder)
	add(w.buyerRef, inv.BuyerReference)
	add(w.salesOrder, inv.SalesOrder)
	add(w.contract, inv.ContractRef)
	const perRow, padX = 4, 3.0
	cellW := contentW / perRow
	for start := 0; start < len(refs); start += perRow {
		row := refs[start:min(start+perRow, len(refs))]
		h := 0.0
		values := make([][]string, len(row))
		for i, r := range row {
			d.font("B", 9, ink)
			values[i] = capLines(d.wrap(r.value, cellW-2*padX), 3)
			h = max(h, 7.5+float64(len(values[i]))*4.2)
		}
		d.rect(marginX, d.y, contentW, h, panel)
		for i, r := range row {
			x := marginX + float64(i)*cellW + padX
			d.font("", 7, muted)
			d.text(x, d.y+1.8, cellW-2*padX, 3.6, "L", r.label)
			d.font("B", 9, ink)
			for j, l := range values[i] {
				d.text(x, d.y+5.6+float64(j)*4.2, cellW-2*padX, 4.2, "L", l)
			}
		}
		d.y += h
	}
	d.y += 6
}

// addressLines writes an address; the country is named only when it differs from home's.
func addressLines(a invoice.Address, home string) []string {
	var out []string
	for _, l := range []string{a.Line1, a.Line2, a.Line3} {
		if l != "" {
			out = append(out, l)
		}
	}
	city := strings.TrimSpace(a.PostCode + " " + a.City)
	if a.Subdivision != "" {
		city = strings.TrimSpace(city + ", " + a.Subdivision)
	}
	if city != "" {
		out = append(out, city)
	}
	if a.Country != "" && a.Country != home {
		out = append(out, a.Country)
	}
	return out
}

// contactLine joins a contact's name, phone and e-mail.
func (d *doc) contactLine(c invoice.Contact) string {
	var parts []string
	if c.Name != "" {
		parts = append(parts, c.Name)
	}
	if c.Phone != "" {
		parts = append(parts, d.w.phone+"\u00a0"+c.Phone)
	}
	if c.Email != "" {
		parts = append(parts, c.Email)
	}
	return strings.Join(parts, " · ")
}

// partyIDs lists a party's VAT id, legal registration and other identifiers.
func (d *doc) partyIDs(p invoice.Party) []string {
	var out []string
	if p.VATID != "" {
		out = append(out, d.w.vatID+"\u00a0"+p.VATID)
	}
	if p.TaxID != "" {
		out = append(out, d.w.taxID+"\u00a0"+p.TaxID)
	}
	switch {
	case p.SIREN() != "":
		out = append(out, d.w.siren+"\u00a0"+p.SIREN())
	case p.LegalID.Value != "":
		out = append(out, d.w.legalID+"\u00a0"+p.LegalID.Value)
	}
	for _, id := range p.IDs {
		switch id.Scheme {
		case invoice.SchemeSIRET:
			out = append(out, d.w.siret+"\u00a0"+id.Value)
		case invoice.SchemeGLN:
			out = append(out, d.w.gln+"\u00a0"+id.Value)
		default:
			out = append(out, id.Value)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return []string{strings.Join(out, " · ")}
}

// footerLines are the seller's legal identity and contact, printed at the foot of every page.
func (d *invoiceDoc) footerLines() []string {
	s := d.inv.Seller
	first := []string{s.Name}
	if s.LegalInfo != "" {
		first = append(first, s.LegalInfo)
	}
	first = append(first, d.partyIDs(s)...)
	second := append(addressLines(s.Address, ""), d.contactLine(s.Contact))
	return []string{joinNonEmpty(first), joinNonEmpty(second)}
}

func joinNonEmpty(parts []string) string {
	var kept []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " · ")
}

// Created is the creation instant Render writes in a document's information: midnight UTC of
// the issue date, so that the output depends on the invoice only.
func Created(inv invoice.Invoice) time.Time { return midnight(&inv) }
