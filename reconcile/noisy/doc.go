// Package noisy generates, from a seed, customers, open invoices, what earlier payments taught, and
// a bank statement of incoming payments, each with the truth of what it pays: the test bed of the
// reconciliation engine. The same parameters always give the same set.
//
// # The mix of transactions
//
// Shares of all transactions (Mix lists them; the numbers are exact, the order shuffled):
//
//	38.0 %  invoice number as printed ("Rechnung F2026-001234", "INV F2026-001234 thank you")
//	10.0 %  invoice number written otherwise: case, spaces, slashes, no dash, leading zeros dropped
//	 4.0 %  invoice number with one typo: a digit changed, two swapped, one dropped or doubled
//	 4.0 %  ISO 11649 RF creditor reference built from the invoice number (structured field)
//	 2.0 %  the customer's own reference (its PO number) instead of ours
//	 3.0 %  invoice number, a bank fee of 0.50 to 15.00 deducted
//	 3.0 %  invoice number, early-payment discount taken within its period
//	 1.0 %  invoice number, the discount taken after its period ended
//	 1.0 %  invoice number, overpaid by 1 to 50
//	 2.0 %  invoice number, paid by a subsidiary no one knows (other name, other IBAN)
//	 8.0 %  no reference; the payer's IBAN is known (half of them under another name)
//	 5.0 %  no reference; unknown IBAN, the customer's name as a bank writes it (upper case,
//	        legal form dropped or changed, umlauts spelt out, cut at 27 letters, one letter off)
//	 2.0 %  no reference; the payer is a known alias of the customer (a trading name)
//	 1.0 %  no reference; known IBAN, a bank fee within the default tolerance deducted
//	 2.5 %  two or three invoices of one customer, all numbers in the text
//	 1.5 %  two or three invoices of one customer, no reference (known IBAN or the name)
//	 4.0 %  part of one invoice (30 to 90 %), its number in the text
//	 2.0 %  the rest of such an invoice, later, its number in the text
//	 6.0 %  unrelated credits: interest, tax refunds, supplier refunds, own transfers, people;
//	        a fifth of them of an amount equal to an open invoice's
//
// Invoice numbers are F2026-NNNNNN, drawn without repeats from three times as many numbers as
// there are invoices, so a typo often lands on another open invoice. A customer has about five
// open invoices; 3 % of customers are billed a fixed monthly amount (several invoices of one
// amount). 60 % of customers have an IBAN the Knowledge knows; every customer has a second one it
// does not. A sixth of the invoices carry early-payment terms (2 % within 10 days), a third a
// customer PO number.
package noisy
