package verify

import (
	"fmt"
	"strings"

	"github.com/o2c-project/o2c"
)

// Product matches (OrderLine.MatchedBy).
const (
	MatchSKU          = "sku"           // our article code, without case or spaces
	MatchCustomerItem = "customer_item" // the customer's article code, through customer_items
	MatchGTIN         = "gtin"          // GTIN-8/12/13/14 compared as GTIN-14
	MatchDescription  = "description"   // description similarity; MatchScore says how close
)

// productMatch is how one line's product was found.
type productMatch struct {
	prod  int // index into Index.products; -1 when unknown
	by    string
	score float64
}

// idFind is what one identifier of a line says about its product.
type idFind struct {
	field string // the line field: supplier_sku, buyer_sku, gtin
	label string // for messages: "supplier SKU FR-1002"
	by    string
	prods []int
	note  string // why it found nothing, when it did not
}

// resolveProduct finds a line's product by our SKU, the customer's code, the GTIN, then the
// description. Identifiers that name different products are a conflict, not a choice.
func (c *checker) resolveProduct(i int, l *o2c.DraftLine) productMatch {
	x := c.x
	var finds []idFind
	if s := strings.TrimSpace(l.SupplierSKU); s != "" {
		f := idFind{field: "supplier_sku", label: "supplier SKU " + s, by: MatchSKU}
		if p, ok := x.productBySKU[normSKU(s)]; ok {
			f.prods = []int{p}
		} else if ps := x.productByAlnum[alnumSKU(s)]; len(ps) > 0 {
			f.prods = ps
		} else {
			f.note = "is not one of our SKUs"
		}
		finds = append(finds, f)
	}
	if s := strings.TrimSpace(l.BuyerSKU); s != "" {
		f := idFind{field: "buyer_sku", label: "customer code " + s, by: MatchCustomerItem}
		if c.cust == nil {
			f.note = "cannot be looked up while the customer is unknown"
		} else if sku, ok := x.customerItems[itemKey{c.cust.ID, normSKU(s)}]; !ok {
			f.note = fmt.Sprintf("is not in customer %s's item list", c.cust.ID)
		} else if p, ok := x.productBySKU[normSKU(sku)]; ok {
			f.prods = []int{p}
		} else {
			f.note = fmt.Sprintf("maps to SKU %s, which is not in the product list", sku)
		}
		finds = append(finds, f)
	}
	if s := strings.TrimSpace(l.GTIN); s != "" {
		f := idFind{field: "gtin", label: "GTIN " + s, by: MatchGTIN}
		g, checkOK := normGTIN(s)
		switch {
		case g == "":
			f.note = "is not a GTIN-8, -12, -13 or -14"
		case x.productByGTIN[g] != nil:
			f.prods = x.productByGTIN[g]
		case !checkOK:
			f.note = "has a wrong check digit"
		default:
			f.note = "is not the GTIN of any product"
		}
		finds = append(finds, f)
	}

	label := c.lineLabel(i, l, "")
	var found *idFind
	for k := range finds {
		f := &finds[k]
		if len(f.prods) > 1 {
			c.add(o2c.AnomalyUnknownProduct, c.lineField(i, f.field), "%s: %s fits %s; give our SKU", label, f.label, c.productList(f.prods))
			return productMatch{prod: -1}
		}
		if len(f.prods) == 0 {
			continue
		}
		if found != nil && found.prods[0] != f.prods[0] {
			c.add(o2c.AnomalyUnknownProduct, c.lineField(i, ""), "%s: %s is %s but %s is %s; check which product is meant",
				label, found.label, c.productLabel(found.prods[0]), f.label, c.productLabel(f.prods[0]))
			return productMatch{prod: -1}
		}
		if found == nil {
			found = f
		}
	}
	if found != nil {
		return productMatch{prod: found.prods[0], by: found.by, score: 1}
	}

	var tried []string
	for _, f := range finds {
		tried = append(tried, f.label+" "+f.note)
	}
	desc := strings.TrimSpace(l.Description)
	if desc == "" {
		if len(finds) == 0 {
			c.add(o2c.AnomalyMissingField, c.lineField(i, ""), "%s names no product: no SKU, customer code, GTIN or description", label)
		} else {
			c.add(o2c.AnomalyUnknownProduct, c.lineField(i, finds[0].field), "%s matches no product: %s", label, strings.Join(tried, "; "))
		}
		return productMatch{prod: -1}
	}
	return c.matchDescription(i, l, label, desc, tried)
}

// matchDescription finds a line's product by description alone.
func (c *checker) matchDescription(i int, l *o2c.DraftLine, label, desc string, tried []string) productMatch {
	field := c.lineField(i, "description")
	triedText := ""
	if len(tried) > 0 {
		triedText = " (" + strings.Join(tried, "; ") + ")"
	}
	hits := c.x.description.search(descriptionWords(desc), 4)
	if len(hits) == 0 || hits[0].score < c.r.DescriptionMin {
		closest := ""
		if len(hits) > 0 {
			closest = fmt.Sprintf("; the closest is %s at %.2f, under %.2f", c.productLabel(hits[0].doc), hits[0].score, c.r.DescriptionMin)
		}
		c.add(o2c.AnomalyUnknownProduct, field, "%s: no product matches description %q%s%s", label, desc, triedText, closest)
		return productMatch{prod: -1}
	}
	best := hits[0]
	if len(hits) > 1 && best.score-hits[1].score < c.r.AmbiguityMargin {
		var near []string
		for _, h := range hits {
			if best.score-h.score < c.r.AmbiguityMargin {
				near = append(near, fmt.Sprintf("%s at %.2f", c.productLabel(h.doc), h.score))
			}
		}
		c.add(o2c.AnomalyUnknownProduct, field, "%s: description %q fits %s about equally well%s; give our SKU",
			label, desc, joinList(near, 0), triedText)
		return productMatch{prod: -1}
	}
	if best.score < c.r.ConfidenceThreshold {
		c.add(o2c.AnomalyLowConfidence, field, "%s: product %s was found by description only, with similarity %.2f under %.2f%s; confirm the product",
			label, c.productLabel(best.doc), best.score, c.r.ConfidenceThreshold, triedText)
	}
	return productMatch{prod: best.doc, by: MatchDescription, score: best.score}
}

// lineField is the path of a line or of one of its fields: "lines[2]", "lines[2].quantity".
func (c *checker) lineField(i int, field string) string {
	if field == "" {
		return fmt.Sprintf("lines[%d]", i)
	}
	return fmt.Sprintf("lines[%d].%s", i, field)
}

// lineLabel names a line for a person, by its number on the document: "line 2 (SKU FR-1002)".
func (c *checker) lineLabel(i int, l *o2c.DraftLine, sku string) string {
	n := l.LineNo
	if n <= 0 {
		n = i + 1
	}
	if sku == "" {
		return fmt.Sprintf("line %d", n)
	}
	return fmt.Sprintf("line %d (SKU %s)", n, sku)
}

func (c *checker) productLabel(p int) string {
	pr := &c.x.products[p]
	return fmt.Sprintf("%s (%s)", pr.SKU, pr.Description)
}

func (c *checker) productList(ps []int) string {
	names := make([]string, 0, min(len(ps), 5))
	for _, p := range ps[:min(len(ps), 5)] {
		names = append(names, c.productLabel(p))
	}
	return joinList(names, len(ps)-len(names))
}
