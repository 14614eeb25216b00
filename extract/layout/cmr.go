package layout

import (
	"regexp"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/sheet"
)

// A CMR consignment note is a form of numbered boxes, each captioned in two or three languages.
// Its boxes are found by the words their captions start with or hold, whatever their numbers.
var cmrBoxes = []struct {
	part   string
	starts []string // the caption starts with one of these (after its box number)
	holds  []string // or holds one of these
}{
	{part: "shipper", starts: []string{"expediteur", "absender", "sender"}},
	{part: "consignee", starts: []string{"destinataire", "empfanger", "consignee"}},
	{part: "carrier", starts: []string{"transporteur /", "transporteur", "frachtfuhrer", "carrier"}},
	{part: "delivery_place", holds: []string{"place of delivery", "lieu prevu pour la livraison", "auslieferungsort", "ablieferungsort"}},
	{part: "taking_over", holds: []string{"taking over", "prise en charge", "ubernahme"}},
	{part: "order", holds: []string{"order ref", "documents attached", "documents annexes", "beigefugte dokumente"}},
	{part: "received", holds: []string{"goods received", "marchandises recues", "gut empfangen", "proof of delivery", "empfangsbestatigung"}},
	{part: "remarks", starts: []string{"reserves", "vorbehalte", "bemerkungen", "remarks", "reservations"}},
}

var (
	cmrNumber = regexp.MustCompile(`\b[A-Z]{2} ?\d{6,8}\b`)
	boxNumber = regexp.MustCompile(`^(\d{1,2})\s+`)
	cmrNotBox = []string{"instructions", "successifs", "nachfolgende", "successive", "signature", "unterschrift", "reservations du", "carrier's", "to be paid", "a payer",
		"du transporteur", "des frachtfuhrers"}
	goodsQty   = []string{"nombre des colis", "anzahl", "packages", "qty", "colis"}
	goodsPack  = []string{"emballage", "verpackung", "packing"}
	goodsWhat  = []string{"nature de la marchandise", "bezeichnung", "nature of goods", "inhalt", "contents"}
	goodsTotal = []string{"total", "summe", "gesamt"}
)

// readCMR reads a consignment note: the parties from their boxes, the places and dates of taking
// over and delivery, the order it names, its goods (packages, packing, nature), and the box where
// the consignee acknowledges receipt (date, signature or stamp, reservations).
func (b *builder) readCMR(rows []row) {
	dl := &o2c.Delivery{}
	d := b.d
	for i, r := range rows {
		for _, c := range r.Cells {
			caption := sheet.Fold(boxNumber.ReplaceAllString(c.Text, ""))
			part := cmrPart(caption)
			if part == "" {
				continue
			}
			v, ok := below(rows, i, c.Box, nil)
			if !ok && part != "received" {
				continue
			}
			v.Text = dropCaptionTail(v.Text)
			switch part {
			case "shipper":
				if dl.Shipper == nil {
					dl.Shipper = address(v.Text)
					b.set("delivery.shipper", 0.85)
				}
			case "consignee":
				if dl.Consignee == nil {
					dl.Consignee = address(v.Text)
					b.set("delivery.consignee", 0.85)
				}
			case "carrier":
				if dl.Carrier == nil {
					dl.Carrier = address(v.Text)
					b.set("delivery.carrier", 0.85)
				}
			case "delivery_place":
				if dl.PlaceOfDelivery == "" {
					dl.PlaceOfDelivery = strings.Split(v.Text, "\n")[0]
					b.set("delivery.place_of_delivery", 0.85)
				}
			case "taking_over":
				if dl.PlaceOfLoading == "" {
					line := strings.Split(v.Text, "\n")[0]
					place := strings.TrimRight(line, " ,")
					if date, ok, _ := b.conv.date(line); ok {
						dl.ShippedDate = date
						b.set("delivery.shipped_date", 0.85)
						if k := strings.LastIndexAny(line, ",0123456789"); k > 0 {
							place = cutDate(line)
						}
					}
					dl.PlaceOfLoading = place
					b.set("delivery.place_of_loading", 0.85)
				}
			case "order":
				if d.PONumber == "" {
					d.PONumber = poNumber(v.Text)
					b.set("po_number", 0.85)
				}
			case "remarks":
				if dl.Reservations == "" {
					dl.Reservations = strings.ReplaceAll(v.Text, "\n", " ")
					b.set("delivery.reservations", 0.85)
				}
			case "received":
				for _, next := range rows[i+1 : min(len(rows), i+5)] {
					for _, nc := range next.Cells {
						if date, ok, _ := b.conv.date(nc.Text); ok && dl.DeliveredDate.IsZero() && len(strings.Fields(nc.Text)) <= 3 {
							dl.DeliveredDate = date
							b.set("delivery.delivered_date", 0.85)
						}
					}
				}
			}
		}
	}
	for _, r := range rows {
		if r.Box.Y0 > 250 {
			break
		}
		if m := cmrNumber.FindString(r.text()); m != "" && dl.DocumentNumber == "" {
			dl.DocumentNumber = m
			b.set("delivery.document_number", 0.85)
		}
	}
	signed, sure := signedBox(rows)
	dl.ReceivedSigned = &signed
	b.set("delivery.received_signed", map[bool]float64{true: 0.9, false: 0.5}[sure])
	b.cmrGoods(rows, dl)
	d.Delivery = dl
	b.set("delivery", 0.85)
}

// cmrPart names the box a caption heads, or "".
func cmrPart(caption string) string {
	for _, not := range cmrNotBox {
		if strings.Contains(caption, sheet.Fold(not)) {
			return ""
		}
	}
	for _, box := range cmrBoxes {
		for _, w := range box.starts {
			if strings.HasPrefix(caption, w) {
				return box.part
			}
		}
		for _, w := range box.holds {
			if strings.Contains(caption, w) {
				return box.part
			}
		}
	}
	return ""
}

// cutDate takes the date off the end of "Rungis (FR), 30/06/2026" or "Rungis (FR) 13.11.2026".
func cutDate(line string) string {
	words := strings.Fields(line)
	for len(words) > 0 {
		if _, ok := readDateIn(words[len(words)-1]); !ok {
			break
		}
		words = words[:len(words)-1]
	}
	return strings.TrimRight(strings.Join(words, " "), " ,")
}

// cmrGoods reads the goods boxes: a caption row naming the packages, the packing and the nature
// of the goods, then a row per kind of goods until the total.
func (b *builder) cmrGoods(rows []row, dl *o2c.Delivery) {
	for i, r := range rows {
		var qty, pack, what *cell
		for k := range r.Cells {
			f := sheet.Fold(boxNumber.ReplaceAllString(r.Cells[k].Text, ""))
			switch {
			case qty == nil && anyPrefix(f, goodsQty):
				qty = &r.Cells[k]
			case pack == nil && anyPrefix(f, goodsPack):
				pack = &r.Cells[k]
			case what == nil && anyHolds(f, goodsWhat):
				what = &r.Cells[k]
			}
		}
		if qty == nil || what == nil {
			continue
		}
		// A box's number set before its caption belongs to its column: "7 | Nombre des colis"
		// over a count set flush left in the box.
		for _, c := range []**cell{&qty, &pack, &what} {
			if *c == nil {
				continue
			}
			wide := **c
			for _, before := range r.Cells {
				if before.Box.X1 <= wide.Box.X0 && wide.Box.X0-before.Box.X1 < 2*r.height() && boxNumber.MatchString(before.Text+" ") {
					wide.Box = wide.Box.Union(before.Box)
				}
			}
			*c = &wide
		}
		for _, next := range rows[i+1:] {
			if anyHolds(sheet.Fold(next.text()), goodsTotal) {
				// The total row gives the packages, then the weight: by column, else in that order.
				pk, ok, _ := b.conv.number(cellUnder(next, qty.Box))
				if nums := numbersOf(next); !ok && len(nums) >= 2 {
					pk, ok, _ = b.conv.number(nums[0])
				}
				if ok && dl.Packages == nil {
					dl.Packages = &pk
					b.set("delivery.packages", 0.85)
				}
				if w := lastNumber(next); w != "" && dl.GrossWeightKg == nil {
					if n, ok, _ := b.conv.number(w); ok {
						dl.GrossWeightKg = &n
						b.set("delivery.gross_weight_kg", 0.85)
					}
				}
				return
			}
			q, ok, _ := b.conv.number(cellUnder(next, qty.Box))
			desc := cellUnder(next, what.Box)
			if !ok || desc == "" {
				continue
			}
			l := o2c.DraftLine{Quantity: &q, Description: desc}
			if pack != nil {
				if code, known := sheet.UnitCode(strings.TrimSuffix(cellUnder(next, pack.Box), "s")); known {
					l.Unit = code
				} else if code, known := sheet.UnitCode(cellUnder(next, pack.Box)); known {
					l.Unit = code
				}
			}
			b.d.Lines = append(b.d.Lines, l)
			b.set(linePath(len(b.d.Lines)-1, "quantity"), 0.85)
		}
	}
}

// cellUnder is the text of the row's cell that stands under a caption.
func cellUnder(r row, caption Box) string {
	best, bestO := "", 0.0
	for _, c := range r.Cells {
		if o := min(c.Box.X1, caption.X1) - max(c.Box.X0, caption.X0); o > bestO {
			best, bestO = c.Text, o
		}
	}
	return strings.TrimSpace(best)
}

// numbersOf lists the cells of a row that read as numbers, left to right.
func numbersOf(r row) []string {
	var out []string
	for _, c := range r.Cells {
		if _, ok := sheet.ReadNumber(c.Text); ok {
			out = append(out, c.Text)
		}
	}
	return out
}

// lastNumber is the last cell of a row that reads as a number.
func lastNumber(r row) string {
	for k := len(r.Cells) - 1; k >= 0; k-- {
		if _, ok := sheet.ReadNumber(r.Cells[k].Text); ok {
			return r.Cells[k].Text
		}
	}
	return ""
}

func anyPrefix(s string, ws []string) bool {
	for _, w := range ws {
		if strings.HasPrefix(s, sheet.Fold(w)) {
			return true
		}
	}
	return false
}

func anyHolds(s string, ws []string) bool {
	for _, w := range ws {
		if strings.Contains(s, sheet.Fold(w)) {
			return true
		}
	}
	return false
}

// dropCaptionTail takes off a box's first line when it is the end of the caption, wrapped
// under it ("Place and date of taking" / "over"): a word or two in small letters, no digit,
// with the value under it.
func dropCaptionTail(text string) string {
	first, rest, more := strings.Cut(text, "\n")
	if !more || len(strings.Fields(first)) > 2 || strings.ToLower(first) != first || strings.ContainsAny(first, "0123456789") {
		return text
	}
	return rest
}
