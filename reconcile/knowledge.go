package reconcile

import "slices"

// Knowledge is what earlier reconciliations taught about payers. Its maps are read only by the
// engine; Learn returns a new value and leaves the old one as it was.
type Knowledge struct {
	// Aliases are other names a customer pays under (a trading name, a parent company), by
	// customer ID.
	Aliases map[string][]string `json:"aliases"`
	// Accounts maps a payer's IBAN (upper case, no spaces) to the customer it paid for.
	Accounts map[string]string `json:"accounts"`
	// InvoicePatterns are regular expressions (RE2) that a written invoice number matches in full,
	// e.g. `F\d{4}-\d{6}`. A word that matches one but names no open invoice is read as a typo. When
	// empty, a word of at least Options.MinTypoLength letters and digits, four of them digits, is.
	InvoicePatterns []string `json:"invoice_patterns"`
}

// Learn records a person's manual match of a transaction to a customer: the payer's IBAN now
// identifies the customer, and the payer's name becomes one of its aliases.
func Learn(k Knowledge, t Transaction, customerID string) Knowledge {
	out := Knowledge{
		Aliases:         make(map[string][]string, len(k.Aliases)+1),
		Accounts:        make(map[string]string, len(k.Accounts)+1),
		InvoicePatterns: slices.Clone(k.InvoicePatterns),
	}
	for c, names := range k.Aliases {
		out.Aliases[c] = slices.Clone(names)
	}
	for iban, c := range k.Accounts {
		out.Accounts[iban] = c
	}
	if iban := compactIBAN(t.Payer.IBAN); iban != "" {
		out.Accounts[iban] = customerID
	}
	if name := t.Payer.Name; nameKey(name) != "" {
		known := false
		for _, a := range out.Aliases[customerID] {
			known = known || nameKey(a) == nameKey(name)
		}
		if !known {
			out.Aliases[customerID] = append(out.Aliases[customerID], name)
		}
	}
	return out
}
