package ubl

// OrderParties reads the seller and the buyer of a UBL Order or OrderChange as an order response
// names them: its seller is the party the order was addressed to, its buyer the party that sent
// it, each with the endpoint, identification and name the order gave.
//
// Errors: as ParseOrder, with UBL-03 for a document that is neither.
func OrderParties(b []byte) (seller, buyer ResponseParty, err error) {
	r, err := newReader(b)
	if err != nil {
		return seller, buyer, err
	}
	if k := rootKind(r.root); k != "Order" && k != "OrderChange" {
		return seller, buyer, notOrder(r.root, k)
	}
	r.prune = pruneOrder
	wantParties := func(k kind, local string) bool {
		return k == kindCAC && (local == "SellerSupplierParty" || local == "BuyerCustomerParty")
	}
	for {
		n, err := r.next(wantParties)
		if err != nil {
			return seller, buyer, err
		}
		if n == nil {
			return seller, buyer, nil
		}
		party := n.find(pResponseParty)
		if party == nil {
			continue
		}
		switch n.local {
		case "SellerSupplierParty":
			seller = responseParty(party)
		case "BuyerCustomerParty":
			buyer = responseParty(party)
		}
	}
}
