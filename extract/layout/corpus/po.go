package corpus

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// hdrStyle is how a purchase order lays out its header fields.
type hdrStyle int

const (
	hdrGrid  hdrStyle = iota // "Label:  value" rows, value right of its label
	hdrBelow                 // label in small type, value under it, side by side
	hdrBoxes                 // each field in a framed box, label at its top
)

// fieldKind is what a header field holds.
type fieldKind int

const (
	fPO fieldKind = iota
	fDate
	fDelivery
	fContact
	fPhone
	fSupplierNo // our supplier number in the buyer's books: a distractor
	fCurrency
	fTerms // payment terms: a distractor
	fCostCentre
)

// hfield is one labelled header field.
type hfield struct {
	label string
	kind  fieldKind
}

// colKind is what a column of the line table holds.
type colKind int

const (
	cNo colKind = iota
	cSKU
	cBuyer
	cGTIN
	cDesc
	cQty
	cUnit
	cQtyUnit // "12 Stk" in one cell
	cPrice
	cTotal
)

// col is one column of the line table, widths in mm adding up to 174.
type col struct {
	kind  colKind
	title string
	w     float64
}

// poDesign is a purchase-order layout: what it prints and how.
type poDesign struct {
	content   contentSpec
	title     string
	num       numFmt
	qtyPlaces int32 // decimals every quantity shows (0: as many as it has)
	df        dateFmt
	font      string
	header    hdrStyle
	fields    []hfield
	letter    letterStyle
	supplier  string // label over our address
	shipTo    string // label over the delivery address
	cols      []col
	ruled     bool      // cell borders; else only rules under the header
	zebra     bool      // shade every other row
	carried   [2]string // page sub-totals: label at a page's foot, label at the next page's head
	totals    int       // 1 net only, 2 net, VAT per rate and gross
	netLabel  string    // {cur} is replaced by the currency code
	vatLabel  string    // {rate} is replaced by the rate
	grossLbl  string
	page      string // "Page %d/%d"
	footer    []string
	sign      string // signature caption; "" for none
	symbol    bool   // prices carry the currency symbol (€, £)
}

// letterStyle says how the buyer's letterhead is printed.
type letterStyle struct {
	right           bool   // on the right of the page
	vat, gln, email string // labels; the field is printed when the content spec asks for it
	phone           string
}

// render writes the order in the design; pages is the page count for "Page x/y" (0 while counting).
func (d *poDesign) render(o *order, pages int) (*sheet, error) {
	s, err := newSheet(uint64(len(o.po)) + uint64(o.orderDate.Day))
	if err != nil {
		return nil, err
	}
	r := &poRun{d: d, o: o, s: s, pages: pages}
	r.first()
	r.table()
	r.end()
	return s, nil
}

// pdf renders the order twice, the first time to count the pages.
func (d *poDesign) pdf(o *order) ([]byte, int, error) {
	first, err := d.render(o, 0)
	if err != nil {
		return nil, 0, err
	}
	n := first.f.PageCount()
	s, err := d.render(o, n)
	if err != nil {
		return nil, 0, err
	}
	b, err := s.bytes()
	return b, n, err
}

// truthSpec of the design.
func (d *poDesign) truthSpec() truthSpec {
	ts := truthSpec{totals: d.totals, currency: true}
	for _, c := range d.cols {
		switch c.kind {
		case cUnit, cQtyUnit:
			ts.unit = true
		case cPrice:
			ts.price = true
		case cTotal:
			ts.total = true
		}
	}
	return ts
}

// poRun is one rendering pass.
type poRun struct {
	d       *poDesign
	o       *order
	s       *sheet
	pages   int
	y       float64
	running decimal.Decimal // net of the rows printed so far, for page sub-totals
}

const (
	cellPad = 1.4
	lineH   = 4.2
)

func (r *poRun) base(style string, size float64) { r.s.font(r.d.font, style, size); r.s.ink() }

// first writes the first page's letterhead, title, addresses and header fields.
func (r *poRun) first() {
	s, d, o := r.s, r.d, r.o
	s.f.AddPage()
	s.lineWidth(0.2)
	// Letterhead: the buyer.
	lines := []string{o.buyer.Street, o.buyer.PostalCode + " " + o.buyer.City, countryNames[o.lang][o.buyer.Country]}
	if d.letter.phone != "" {
		lines = append(lines, d.letter.phone+" "+o.phone)
	}
	if o.buyer.Email != "" {
		lines = append(lines, d.letter.email+" "+o.buyer.Email)
	}
	if o.buyer.VATID != "" {
		lines = append(lines, d.letter.vat+" "+o.buyer.VATID)
	}
	if o.buyer.GLN != "" {
		lines = append(lines, d.letter.gln+" "+o.buyer.GLN)
	}
	y := 20.0
	r.base("B", 14)
	if d.letter.right {
		s.textR(rightX, y, o.buyer.Name)
	} else {
		s.text(marginX, y, o.buyer.Name)
	}
	r.base("", 8.5)
	for _, l := range lines {
		y += 4
		if d.letter.right {
			s.textR(rightX, y, l)
		} else {
			s.text(marginX, y, l)
		}
	}
	// Title.
	y = max(y+10, 52)
	r.base("B", 17)
	if d.letter.right {
		s.text(marginX, 22, d.title)
	} else {
		s.textR(rightX, y, d.title)
		y += 4
	}
	// Our address, where an envelope window shows it.
	top := y + 6
	r.base("", 7.5)
	s.gray(90)
	s.text(marginX, top, d.supplier)
	r.base("", 10)
	ay := top + 5
	for _, l := range []string{supplier.Name, supplier.Street, supplier.PostalCode + " " + supplier.City,
		countryNames[o.lang][supplier.Country]} {
		s.text(marginX, ay, l)
		ay += 4.6
	}
	left := ay
	// Header fields and the delivery address.
	switch d.header {
	case hdrGrid:
		right := r.grid(112, top)
		if o.shipTo != nil {
			left = r.address(marginX, left+5, d.shipTo, o.shipTo)
		}
		r.y = max(left, right) + 8
	case hdrBelow, hdrBoxes:
		right := top
		if o.shipTo != nil {
			right = r.address(112, top, d.shipTo, o.shipTo)
		}
		r.y = r.band(max(left, right)+6) + 8
	}
}

// address writes a labelled address block and returns where it ends.
func (r *poRun) address(x, y float64, label string, p *o2c.Party) float64 {
	s := r.s
	r.base("B", 8)
	s.text(x, y, label)
	r.base("", 9.5)
	for _, l := range []string{p.Name, p.Street, p.PostalCode + " " + p.City, countryNames[r.o.lang][p.Country]} {
		y += 4.4
		s.text(x, y, l)
	}
	return y + 2
}

// value is the printed value of a header field.
func (r *poRun) value(k fieldKind) string {
	o, d := r.o, r.d
	switch k {
	case fPO:
		return o.po
	case fDate:
		return d.df.date(o.orderDate)
	case fDelivery:
		if o.delivery.IsZero() {
			return ""
		}
		return d.df.date(o.delivery)
	case fContact:
		return o.contact
	case fPhone:
		return o.phone
	case fSupplierNo:
		return fmt.Sprintf("%d", 70000+len(o.buyer.Name)*37+o.orderDate.Year%100)
	case fCurrency:
		return o.currency
	case fTerms:
		switch o.lang {
		case "fr":
			return "30 jours fin de mois"
		case "de":
			return "30 Tage netto"
		}
		return "30 days net"
	case fCostCentre:
		return fmt.Sprintf("KST %d", 4100+o.orderDate.Day*3)
	}
	return ""
}

// grid writes "Label: value" rows at x, y; it returns where they end.
func (r *poRun) grid(x, y float64) float64 {
	s := r.s
	labelW := 0.0
	r.base("", 9)
	for _, f := range r.d.fields {
		labelW = max(labelW, s.width(f.label))
	}
	for _, f := range r.d.fields {
		v := r.value(f.kind)
		if v == "" {
			continue
		}
		r.base("", 9)
		s.text(x, y, f.label)
		if f.kind == fPO {
			r.base("B", 10)
		}
		s.text(x+labelW+4, y, v)
		y += 5.5
	}
	return y
}

// band writes the header fields side by side across the page, label over value, framed for
// hdrBoxes; it returns where the band ends.
func (r *poRun) band(y float64) float64 {
	s, d := r.s, r.d
	var fs []hfield
	for _, f := range d.fields {
		if r.value(f.kind) != "" {
			fs = append(fs, f)
		}
	}
	perRow := 4
	w := (rightX - marginX) / float64(perRow)
	for i, f := range fs {
		col, row := i%perRow, i/perRow
		x := marginX + float64(col)*w
		top := y + float64(row)*13
		if d.header == hdrBoxes {
			s.rect(x, top, w-2, 11.5, "D")
		}
		r.base("", 7)
		s.gray(80)
		s.text(x+1.5, top+3.6, f.label)
		r.base("B", 10)
		s.fit(x+1.5, top+9, w-5, r.value(f.kind))
	}
	rows := (len(fs) + perRow - 1) / perRow
	return y + float64(rows)*13
}
