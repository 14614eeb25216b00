package ubl

import (
	"strconv"
	"strings"

	"github.com/o2c-project/o2c"
)

var (
	pPeriodStart   = mustPath("cbc:StartDate")
	pPeriodEnd     = mustPath("cbc:EndDate")
	pPromised      = mustPath("cac:PromisedDeliveryPeriod")
	pLinePromised  = mustPath("cac:Delivery/cac:PromisedDeliveryPeriod")
	pLineNote      = mustPath("cbc:Note")
	pOrderLineRef  = mustPath("cac:OrderLineReference/cbc:LineID")
	pPartyIDNode   = mustPath("cac:PartyIdentification/cbc:ID")
	pResponseParty = mustPath("cac:Party")
)

// ParseOrderResponse reads a UBL OrderResponse (Peppol T76, what WriteOrderResponse writes, or
// any other) or OrderResponseSimple (AcceptedIndicator true is AP, false RE) into an
// OrderResponse. It reads what the document says and checks no Peppol rule: a response from
// outside may well break some.
//
// Errors: as ParseOrder, with UBL-03 for a document that is not an order response.
func ParseOrderResponse(b []byte) (*OrderResponse, error) {
	r, err := newReader(b)
	if err != nil {
		return nil, err
	}
	k := rootKind(r.root)
	if k != "OrderResponse" && k != "OrderResponseSimple" {
		msg := "the document is not an order response"
		if k != "" {
			msg = "the document is a UBL " + k + ", not an order response"
		}
		return nil, docFault(RuleNotOrder, msg)
	}
	p := &responseParser{}
	for len(p.faults) < maxFaults {
		n, err := r.next(wantResponse)
		if err != nil {
			return nil, err
		}
		if n == nil {
			break
		}
		p.child(n)
		if len(p.r.Lines) > maxLines {
			return nil, &o2c.Error{Code: o2c.CodeTooLarge, Message: "the order response has more than " + strconv.Itoa(maxLines) + " lines"}
		}
	}
	if len(p.faults) > 0 {
		return nil, o2c.Invalid(p.faults...)
	}
	p.r.Note = strings.Join(p.notes, "\n")
	return &p.r, nil
}

func wantResponse(k kind, local string) bool {
	if k == kindCBC {
		switch local {
		case "ID", "SalesOrderID", "IssueDate", "OrderResponseCode", "AcceptedIndicator", "Note", "RejectionNote",
			"DocumentCurrencyCode", "CustomerReference":
			return true
		}
		return false
	}
	switch local {
	case "OrderReference", "SellerSupplierParty", "BuyerCustomerParty", "Delivery", "OrderLine":
		return true
	}
	return false
}

type responseParser struct {
	collector
	r     OrderResponse
	notes []string
	seen  map[string]bool
}

func (p *responseParser) once(local string) bool {
	if p.seen == nil {
		p.seen = make(map[string]bool)
	}
	if p.seen[local] {
		return false
	}
	p.seen[local] = true
	return true
}

func (p *responseParser) child(n *node) {
	r := &p.r
	if n.kind == kindCBC {
		switch {
		case n.local == "Note" || n.local == "RejectionNote":
			if len(p.notes) >= maxRepeats {
				p.fault(RuleLimit, "$.note", "the response has more than %d notes", maxRepeats)
			} else if n.text != "" {
				p.notes = append(p.notes, n.text)
			}
		case !p.once(n.local):
		case n.local == "ID":
			r.ID = oneLine(n.text)
		case n.local == "SalesOrderID":
			r.SalesOrderID = oneLine(n.text)
		case n.local == "IssueDate":
			r.IssueDate = p.date(n, "$.issue_date")
		case n.local == "OrderResponseCode":
			r.Code = ResponseCode(oneLine(n.text))
		case n.local == "AcceptedIndicator":
			switch strings.TrimSpace(n.text) {
			case "true", "1":
				r.Code = ResponseAccepted
			case "false", "0":
				r.Code = ResponseRejected
			default:
				p.fault(RuleStructure, "$.code", "cbc:AcceptedIndicator %s on line %d is not true or false", quote(n.text), n.line)
			}
		case n.local == "DocumentCurrencyCode":
			r.Currency = oneLine(n.text)
		case n.local == "CustomerReference":
			r.CustomerReference = oneLine(n.text)
		}
		return
	}
	switch {
	case n.local == "OrderLine":
		p.line(n)
	case !p.once(n.local):
	case n.local == "OrderReference":
		r.OrderID = oneLine(n.textAt(pID))
	case n.local == "SellerSupplierParty":
		r.Seller = responseParty(n.find(pResponseParty))
	case n.local == "BuyerCustomerParty":
		r.Buyer = responseParty(n.find(pResponseParty))
	case n.local == "Delivery":
		r.PromisedDelivery = p.period(n.find(pPromised), "$.promised_delivery")
	}
}

func (p *responseParser) line(n *node) {
	i := len(p.r.Lines)
	at := func(field string) string { return "$.lines[" + strconv.Itoa(i) + "]." + field }
	li := n.find(pLineItem)
	if li == nil {
		p.fault(RuleStructure, "$.lines", "cac:OrderLine on line %d has no cac:LineItem", n.line)
		return
	}
	l := ResponseLine{
		LineID: oneLine(n.textAt(pOrderLineRef)),
		Status: LineStatus(oneLine(li.textAt(pLineStatus))),
		Note:   li.textAt(pLineNote),
	}
	if l.LineID == "" {
		l.LineID = oneLine(li.textAt(pID))
	}
	if q := li.find(pQuantity); q != nil {
		l.Quantity = p.decimal(q, at("quantity"))
		l.Unit = q.attrValue("unitCode")
	}
	if pa := li.find(pPriceAmount); pa != nil {
		l.Price = p.decimal(pa, at("price"))
	}
	if bq := li.find(pBaseQuantity); bq != nil {
		l.BaseQuantity = p.decimal(bq, at("base_quantity"))
		if l.Unit == "" {
			l.Unit = bq.attrValue("unitCode")
		}
	}
	l.PromisedDelivery = p.period(li.find(pLinePromised), at("promised_delivery"))
	if item := li.find(pItem); item != nil {
		l.Name = oneLine(item.textAt(pItemName))
		l.BuyerSKU = oneLine(item.textAt(pBuyersItemID))
		l.SupplierSKU = oneLine(item.textAt(pSellersItemID))
		l.GTIN = itemGTIN(item)
	}
	p.r.Lines = append(p.r.Lines, l)
}

func (p *responseParser) period(n *node, path string) Period {
	var v Period
	if s := n.find(pPeriodStart); s != nil {
		v.Start = p.date(s, path+".start")
	}
	if e := n.find(pPeriodEnd); e != nil {
		v.End = p.date(e, path+".end")
	}
	return v
}

// responseParty reads a cac:Party: its endpoint, first identification and legal name (else its
// trading name, as UBL examples outside Peppol give).
func responseParty(n *node) ResponseParty {
	var rp ResponseParty
	if ep := n.find(pEndpoint); ep != nil {
		rp.Endpoint = Identifier{Scheme: oneLine(ep.attrValue("schemeID")), Value: oneLine(ep.text)}
	}
	if id := n.find(pPartyIDNode); id != nil {
		rp.ID = Identifier{Scheme: oneLine(id.attrValue("schemeID")), Value: oneLine(id.text)}
	}
	rp.Name = firstText(n, pLegalName, pPartyName)
	return rp
}
