package layout

import (
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/sheet"
)

// Ways people write an order line in a mail, once its bullet is taken off. Each names its parts;
// the first that matches reads the line.
var (
	codeShape = `[A-Z]{2,5}-?\d{3,7}`
	refWords  = `(?:réf\.?|ref\.?|référence|code|art\.?-?nr\.?|artikel(?:nummer)?|item|sku|item no\.?)`
	textLines = []*regexp.Regexp{
		// 15 x Iced tea (réf. BEV-1061) — 12 x Latte glass (code KIT-6032)
		regexp.MustCompile(`(?i)^(?P<qty>\d+(?:[.,]\d+)?)\s*[x×]\s*(?P<desc>.+?)\s*\(\s*` + refWords + `\s*:?\s*(?P<sku>` + codeShape + `)\s*\)$`),
		// réf. BEV-1015 : 5 — Art.-Nr. BEV-1001: 1
		regexp.MustCompile(`(?i)^` + refWords + `\s*:?\s*(?P<sku>` + codeShape + `)\s*[:=-]\s*(?P<qty>\d+(?:[.,]\d+)?)$`),
		// BEV-1013 x 10
		regexp.MustCompile(`(?i)^(?P<sku>` + codeShape + `)\s*[x×]\s*(?P<qty>\d+(?:[.,]\d+)?)$`),
		// 60 DSP-5006 Lids for 12 and 16 oz cups — 10x KIT-6008 Paring knife 10 cm
		regexp.MustCompile(`(?i)^(?P<qty>\d+(?:[.,]\d+)?)\s*[x×]?\s+(?P<sku>` + codeShape + `)\s+(?P<desc>.+)$`),
		regexp.MustCompile(`(?i)^(?P<qty>\d+(?:[.,]\d+)?)\s*[x×]\s*(?P<sku>` + codeShape + `)\s+(?P<desc>.+)$`),
		// KIT-6039 - Espresso machine 2 groups - qté 2
		regexp.MustCompile(`(?i)^(?P<sku>` + codeShape + `)\s+[-–:]\s+(?P<desc>.+?)\s+[-–,]\s+(?:qté|qte|qty|quantity|quantité|menge|anzahl|anz\.?|stk\.?)\s*:?\s*(?P<qty>\d+(?:[.,]\d+)?)$`),
		// 15 x Couscous medium grain
		regexp.MustCompile(`(?i)^(?P<qty>\d+(?:[.,]\d+)?)\s*[x×]\s+(?P<desc>.+)$`),
		// 20 packs of Centre-feed paper rolls — 4 Karton Toilet cleaner — 6 boîtes Fruit infusion
		regexp.MustCompile(`(?i)^(?P<qty>\d+(?:[.,]\d+)?)\s+(?P<unit>[\p{L}.]+)(?:\s+(?:of|de|d'))?\s+(?P<desc>.+)$`),
		// Green tea Sencha : 4 — Espresso capsules decaffeinated - 12
		regexp.MustCompile(`^(?P<desc>.+?)\s*(?::|\s-)\s*(?P<qty>\d+(?:[.,]\d+)?)$`),
	}
	// "Please quote order number PO-776095", "Bitte angeben: Bestellung 4500082673", "notre commande n° 1234".
	poInSentence = regexp.MustCompile(`(?i)(?:order (?:number|no\.?|#)|po (?:number|no\.?|#)|purchase order|bestellung(?: nr\.?)?|bestellnummer|bestell-nr\.?|commande(?: n°| no| numéro)?|n° de commande|pedido(?: n[º°])?)\s*(?::|\bis\b|\best\b|\bist\b|\blautet\b|\bes\b)?\s*([A-Z0-9][A-Z0-9/_-]*\d[A-Z0-9/_-]*)`)
	bullet       = regexp.MustCompile(`^\s*(?:[-*•·–]|\d{1,3}[.)])\s+`)
	closingWord  = regexp.MustCompile(`(?i)^(cordialement|bien cordialement|bonne journée|salutations|mit freundlichen grüßen|viele grüße|beste grüße|freundliche grüße|mfg|best regards|kind regards|regards|thanks|thank you|many thanks|cheers|best)[,.!]?$`)
	phoneLine    = regexp.MustCompile(`(?i)^(?:tél\.?|tel\.?|téléphone|telefon|phone|fax|mobile|mob\.?|portable)\s*[:.]?\s*[+0-9(]`)
)

// ReadText reads an order written in a mail's text: its lines as people write them ("15 x Iced
// tea (réf. BEV-1061)", "Art.-Nr. BEV-1001: 1", "Latte glass 30 cl: 72"), the delivery date and
// order number from the sentences, and the buyer from the signature. A mail with no such line
// is CodeInvalid.
func ReadText(text string) (*o2c.OrderDraft, error) {
	d := &o2c.OrderDraft{DocumentType: o2c.DocPurchaseOrder, Lines: []o2c.DraftLine{}, Confidence: map[string]float64{}}
	b := builder{d: d}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	signature := -1
	for i, l := range lines {
		if closingWord.MatchString(strings.TrimSpace(l)) {
			signature = i + 1
		}
	}
	for i, raw := range lines {
		if signature >= 0 && i >= signature {
			break
		}
		l := strings.TrimSpace(raw)
		if l == "" {
			continue
		}
		item := bullet.ReplaceAllString(l, "")
		isBullet := item != l
		if dl, ok := textLine(item); ok && (isBullet || looksLikeItem(item)) {
			b.d.Lines = append(b.d.Lines, dl)
		}
	}
	if len(d.Lines) == 0 {
		return nil, o2c.Errorf(o2c.CodeInvalid, "the text holds no order line (quantity and article)")
	}
	TextHeader(text, d)
	for i := range d.Lines {
		b.set(linePath(i, "quantity"), 0.95)
	}
	return d, nil
}

// TextHeader fills what a mail's sentences and signature say of the order and the draft lacks:
// the order number after its label, the delivery date, the buyer from the signature.
func TextHeader(text string, d *o2c.OrderDraft) {
	if d.Confidence == nil {
		d.Confidence = map[string]float64{}
	}
	b := builder{d: d}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	signature := -1
	for i, l := range lines {
		if closingWord.MatchString(strings.TrimSpace(l)) {
			signature = i + 1
		}
	}
	var dateTexts []string
	for i, raw := range lines {
		if signature >= 0 && i >= signature {
			break
		}
		l := strings.Trim(strings.TrimSpace(raw), "*_")
		if _, ok := textLine(bullet.ReplaceAllString(l, "")); ok && l != "" && bullet.MatchString(raw) {
			continue // an item line: its numbers are no date
		}
		if m := poInSentence.FindStringSubmatch(l); m != nil && d.PONumber == "" {
			d.PONumber = strings.TrimRight(m[1], ".,;)")
			b.set("po_number", 0.9)
			continue
		}
		if label, value, colon := cutLabel(l); colon && value != "" && d.PONumber == "" {
			if h, ok := matchHeader(label); ok && h.Field == "po_number" && readsAs("po_number", value) {
				d.PONumber = poNumber(value)
				b.set("po_number", 0.95)
				continue
			}
		}
		if _, ok := readDateIn(l); ok {
			dateTexts = append(dateTexts, l)
		}
	}
	b.conv = decideConventions(nil, dateTexts, langOfText(text), "")
	if d.RequestedDeliveryDate.IsZero() {
		for _, s := range dateTexts {
			if date, ok, sure := b.conv.date(s); ok {
				d.RequestedDeliveryDate = date
				conf := 0.95
				if !sure {
					conf = 0.8
				}
				b.set("requested_delivery_date", conf)
				break
			}
		}
	}
	if signature >= 0 && (d.Buyer == nil || d.Buyer.Name == "") {
		b.signature(lines[signature:])
	}
}

func linePath(i int, f string) string { return "lines[" + itoa(i) + "]." + f }

func itoa(i int) string { return decimal.NewFromInt(int64(i)).String() }

// textLine reads one item line.
func textLine(s string) (o2c.DraftLine, bool) {
	for _, re := range textLines {
		m := re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		var l o2c.DraftLine
		ok := true
		for i, name := range re.SubexpNames() {
			v := strings.TrimSpace(m[i])
			switch name {
			case "qty":
				q, err := decimal.NewFromString(strings.Replace(v, ",", ".", 1))
				if err != nil || !q.IsPositive() {
					ok = false
				}
				l.Quantity = &q
			case "sku":
				l.SupplierSKU = strings.ToUpper(v)
			case "desc":
				l.Description = strings.TrimRight(v, " .,;")
			case "unit":
				// "boîtes", "packs", "Boxen", "Kartons": the unit word, plural or not.
				var code string
				known := false
				for _, w := range []string{v, strings.TrimSuffix(v, "s"), strings.TrimSuffix(v, "n"), strings.TrimSuffix(v, "en")} {
					if code, known = sheet.UnitCode(w); known {
						break
					}
				}
				if !known {
					ok = false // "20 Paper cups": a description, not a unit
					break
				}
				l.Unit = code
			}
		}
		if ok && (l.Description != "" || l.SupplierSKU != "") {
			return l, true
		}
	}
	return o2c.DraftLine{}, false
}

// looksLikeItem reports whether a line without a bullet is still an item: it starts with a
// quantity and "x", or a code.
func looksLikeItem(s string) bool {
	return regexp.MustCompile(`(?i)^\d+\s*[x×]\s|^` + codeShape + `\b`).MatchString(s)
}

// langOfText votes on a text's language from a few common words, for date conventions.
func langOfText(text string) langVotes {
	var v langVotes
	f := " " + sheet.Fold(text) + " "
	for _, w := range []string{" le ", " les ", " de ", " merci ", " livrer ", " bonjour "} {
		v.French += strings.Count(f, w)
	}
	for _, w := range []string{" der ", " die ", " und ", " bitte ", " lieferung ", " wir "} {
		v.German += strings.Count(f, w)
	}
	for _, w := range []string{" the ", " and ", " please ", " deliver ", " thanks "} {
		v.English += strings.Count(f, w)
	}
	return v
}

// signature reads the buyer from the lines after a mail's closing words: the sender's name, then
// the company, its street, postal code and city, and an e-mail address; phone lines are skipped.
func (b *builder) signature(lines []string) {
	var block []string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			if len(block) > 0 {
				break
			}
			continue
		}
		if phoneLine.MatchString(l) {
			continue
		}
		block = append(block, l)
	}
	if len(block) < 2 {
		return
	}
	// The first line is a person when a company follows it.
	if len(block) >= 3 && !looksLikeStreet(block[1]) {
		block = block[1:]
	}
	p := address(strings.Join(block, "\n"))
	if p == nil || p.Name == "" {
		return
	}
	for _, l := range block {
		if e := strings.ReplaceAll(emailPattern.FindString(l), " ", ""); e != "" && p.Email == "" {
			p.Email = e
		}
	}
	b.d.Buyer = p
	b.set("buyer", 0.9)
}

// looksLikeStreet reports a line that starts or ends with a house number: "88 Deansgate",
// "Römerberg 11".
func looksLikeStreet(s string) bool {
	return regexp.MustCompile(`^\d+[a-zA-Z]?[ ,]|\s\d+[a-zA-Z]?$`).MatchString(s)
}
