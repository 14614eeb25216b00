// Package invoice is the invoice core: an EN 16931 model of invoices and credit notes, their
// calculation and validation, and the CII and UBL syntaxes, written and read. It is pure: values
// in and values out, no database, no network, no clock.
//
//   - Invoice follows the EN 16931 semantic model; each field names its BT/BG number.
//   - Calculate computes line net amounts, percentage allowances and charges, the VAT breakdown
//     per category and rate, and the totals, so that BR-CO-10 to BR-CO-17 hold exactly.
//   - Validate checks the business rules the model can check by itself (required fields, the
//     VAT category rules BR-S, -Z, -E, -AE, -IC, -G, -O with their exemption reasons, the
//     consistency of amounts) and returns every failure as an o2c.Fault with the rule id.
//   - WriteCII writes a UN/CEFACT Cross Industry Invoice D16B under the EN 16931 guideline
//     (urn:cen.eu:en16931:2017), or the Factur-X BASIC or EXTENDED profile.
//   - WriteUBL writes a UBL 2.1 Invoice or CreditNote as Peppol BIS Billing 3.0.
//   - Parse (ParseCII, ParseUBL) reads CII and UBL invoices and credit notes back into the same
//     model, with the amounts they state; what we write reads back equal to what was written.
//   - Series, Counter and Assign are the numbering interface: gap-free numbers per series and
//     year, handed out by the store inside the transaction that issues the invoice.
//
// # Calculation
//
// Amounts have the currency's decimals but never more than 2, the most EN 16931 allows (EUR 2,
// JPY 0). Rounding is half away from zero, at these points only: a percentage allowance or
// charge; a line net amount (quantity x net price / base quantity + charges - allowances, the
// price product kept exact); the VAT of each breakdown (taxable amount x rate / 100, once per
// category and rate, never per line); the VAT total in the accounting currency. Every total is a
// sum of rounded amounts, so the totals reconcile to the cent. A document-level percentage
// allowance or charge without a base applies to the lines of its own VAT category and rate.
//
// # Mapping notes
//
// Identifiers: BT-29/BT-46 with a scheme go to CII GlobalID (ISO 6523: 0088 GLN, 0009 SIRET),
// without one to ID; BT-30 (SIREN: scheme 0002) to SpecifiedLegalOrganization/ID and UBL
// PartyLegalEntity/CompanyID. The trading name (BT-28) is UBL PartyName; the registered name
// (BT-27) PartyLegalEntity/RegistrationName. A note's subject code (BT-21) is written #CODE#text
// in UBL. In a UBL CreditNote the due date goes to PaymentMeans/PaymentDueDate. The exemption
// reason belongs to a breakdown (BT-120, BT-121); the model also carries it on each line's and
// charge's VAT, and the readers copy it there from the breakdown. TaxExchangeRate is not part of
// EN 16931 and is not written: only the VAT total it gives in the accounting currency (BT-111).
//
// # Rules
//
// Faults carry the EN 16931 rule id (BR-02, BR-S-05, BR-CO-16...), the Peppol id for the Peppol
// rules WriteUBL enforces (PEPPOL-EN16931-R002, R003, R005, R010, R020, R040), or one of this package:
//
//	INV-01  a credit note (381) or corrected invoice (384) names the invoice it corrects
//	INV-02  the lines and charges of one VAT category and rate give one exemption reason
//	INV-03  a note has a text, an identifier a value
//	INV-04  a UBL credit note with a due date has a payment means, where UBL carries the date
//	INV-10  a price's base quantity is > 0
//	INV-11  line ids are unique
//	INV-12  a unit is a UN/ECE Rec. 20 or 21 code (2 or 3 upper-case letters or digits)
//	INV-13  allowance and charge amounts, percentages and VAT rates are not negative
//	INV-20  the input is not well-formed XML, holds a DOCTYPE, or breaks a reader limit
//	INV-21  the XML is not a CII or UBL invoice or credit note
//	INV-22  a date, amount or decimal in the XML cannot be read
//
// The readers refuse input over MaxSize (CodeTooLarge), any DOCTYPE (so no entity expands),
// nesting deeper than 64 and charsets other than UTF-8, US-ASCII, ISO-8859-1/-15 and
// Windows-1252; attachments are skipped unread.
package invoice
