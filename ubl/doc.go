// Package ubl reads UBL 2.x orders into the canonical order and writes Peppol order responses.
// It is pure: bytes in, values out.
//
//   - ParseOrder: UBL 2.0/2.1 Order and Peppol BIS Ordering 3 Order (T01) -> o2c.OrderDraft
//     (purchase_order); OrderChange -> order_change. An OrderCancellation, an order response, an
//     invoice or any other document is an error that says what the document is.
//   - WriteOrderResponse: OrderResponse -> Peppol BIS Ordering 3 Order Response (T76), valid
//     against the UBL 2.1 XSD and the Peppol T76 schematron (both run in the tests).
//   - ParseOrderResponse: UBL OrderResponse or OrderResponseSimple -> OrderResponse, so that what
//     we write reads back equal, and responses of others can be read.
//
// # Reading hostile XML
//
// Documents come from outside, so the reader (encoding/xml, token by token) refuses input over
// MaxSize (50 MB, CodeTooLarge), any DOCTYPE or other <!...> declaration (no entity is ever
// defined, so none can expand), elements nested deeper than 64, undeclared namespace prefixes,
// and charsets other than UTF-8, UTF-16 with a byte-order mark, US-ASCII, ISO-8859-1/-15 and
// Windows-1252. Elements are matched by namespace URI, never by prefix. Only the children of the
// root that the mapping reads are built, one at a time (a line is mapped, then dropped), and
// attachments (EmbeddedDocumentBinaryObject), extensions and signatures are skipped unread. So
// that memory stays bounded by a small multiple of the input, a document may hold at most
// 100,000 lines (CodeTooLarge), 10,000 elements in one child of the root, 1,000 notes,
// deliveries, allowances or tax totals, and 1,000 namespace declarations in scope.
//
// # Order mapping
//
//	po_number               cbc:ID; for an OrderChange, cac:OrderReference/cbc:ID (the order it changes)
//	order_date              cbc:IssueDate (a time zone, which xsd:date allows, is dropped)
//	requested_delivery_date the first of cac:Delivery's RequestedDeliveryPeriod StartDate, then
//	                        EndDate, PromisedDeliveryPeriod StartDate, EndDate, LatestDeliveryDate;
//	                        with none, the date every line requests, when all request the same one
//	currency                cbc:DocumentCurrencyCode, else the currencyID every amount carries
//	buyer                   cac:BuyerCustomerParty/cac:Party
//	bill_to                 cac:AccountingCustomerParty/cac:Party
//	ship_to                 the first cac:Delivery with one: address of DeliveryLocation/Address,
//	                        else DeliveryAddress, else DeliveryParty/PostalAddress; name of
//	                        DeliveryParty, else DeliveryLocation/Name; GLN of DeliveryLocation/ID,
//	                        its address's ID, or DeliveryParty's identifiers; DeliveryParty's e-mail
//	lines                   cac:OrderLine/cac:LineItem (OrderChange lines with status 2 or
//	                        Cancelled are deleted lines and left out)
//	  line_no               cbc:ID when it is a number from 1 to 999,999,999 ("A1" gives none)
//	  quantity, unit        cbc:Quantity and its unitCode, as written (no unit code is translated)
//	  unit_price            cac:Price/cbc:PriceAmount, divided by cac:Price/cbc:BaseQuantity;
//	                        the quotient is exact when it ends within max(6, the price's decimals)
//	                        places and is rounded half away from zero there otherwise
//	  line_total            cbc:LineExtensionAmount
//	  description           cac:Item/cbc:Name, then each cbc:Description that differs, joined by " - "
//	  buyer_sku             cac:Item/cac:BuyersItemIdentification/cbc:ID
//	  supplier_sku          cac:Item/cac:SellersItemIdentification/cbc:ID
//	  gtin                  cac:Item/cac:StandardItemIdentification/cbc:ID with schemeID 0160 or
//	                        GTIN, or with no scheme when it is a GTIN by length and check digit
//	totals.net              cac:AnticipatedMonetaryTotal/cbc:LineExtensionAmount
//	totals.gross            TaxInclusiveAmount, else PayableAmount (which has prepaid amounts
//	                        taken off, so it is the gross total only when nothing was prepaid)
//	totals.tax              the sum of cac:TaxTotal/cbc:TaxAmount (in one currency)
//	notes                   each cbc:Note, then one line per header cac:AllowanceCharge
//	                        ("Charge: Freight (25.00 EUR)"), which the canonical order cannot hold
//	source                  channel ubl; sender the buyer's EndpointID as scheme:value
//	                        (0088:7300010000001), else the buyer's name
//
// A party (cac:Party) gives: name from PartyName/Name, else PartyLegalEntity/RegistrationName,
// else PartyTaxScheme/RegistrationName; vat_id from the CompanyID of a PartyTaxScheme whose tax
// scheme is VAT; gln from EndpointID, PartyIdentification/ID or PartyLegalEntity/CompanyID in
// scheme 0088 or GLN (the first with a right check digit, else the first as written); email from
// Contact/ElectronicMail; street (StreetName, with BuildingNumber when the name carries no number,
// else the first AddressLine), postal_code, city and country from PostalAddress, else from the
// legal or tax registration address.
//
// Values are read exactly as written; text is trimmed and, but for notes, its white space
// collapsed. Two readings are uncertain rather than wrong, and say so in the draft's confidence
// (0.5, under verification's threshold, so that a person looks): an amount whose currencyID is not
// the order's currency, and a unit price per a base quantity in another unit than the line's.
//
// # Rules
//
// The parsers fail with CodeInvalid and faults under these rules (Path is the field of the
// canonical order, or $ for the whole document):
//
//	UBL-01  the input is not well-formed XML (or not in a supported charset)
//	UBL-02  the document holds a DOCTYPE or other declaration
//	UBL-03  the document is not an order (not an order response, for ParseOrderResponse): the
//	        message names what it is (a UBL Invoice, an order response...)
//	UBL-04  the document is an order cancellation; the message names the order it cancels
//	UBL-05  a limit is passed: nesting deeper than 64, 10,000 elements in one child of the root,
//	        1,000 repeated header elements or namespace declarations (more than 100,000 lines is
//	        CodeTooLarge)
//	UBL-06  a date that is read is not YYYY-MM-DD
//	UBL-07  a quantity or amount that is read is not a decimal (no exponent, no comma, at most
//	        40 characters), or a base quantity is not > 0
//	UBL-08  an order line has no cac:LineItem, or an AcceptedIndicator is not true or false
//
// WriteOrderResponse fails with CodeInvalid under these:
//
//	UBL-20  a required field is missing (id, issue_date, order_id, endpoints, a party's name or
//	        id, a line's line_id and name, the unit of a quantity)
//	UBL-21  a code is not in its Peppol list (response code AB/AP/RE/CA, line status
//	        1/3/5/7/42, ISO 4217 currency)
//	UBL-22  a value is malformed: a GLN (scheme 0088) or GTIN with a wrong check digit, a
//	        negative quantity or price, a base quantity not > 0 or without a price, a period that
//	        ends before it starts, a duplicate line_id, control characters
//	UBL-23  the lines do not fit the code: CA answers every order line; AB, AP and RE take none
package ubl
