// Package sheet reads purchase orders from CSV and XLSX files as customers make them: a header
// row somewhere under a title block, columns named in French, English or German, numbers and
// dates written the way each locale writes them. It yields canonical orders (o2c.OrderDraft), one
// per purchase order number, and never invents a value the file does not carry. Like extract, it
// is pure: bytes in, drafts out.
//
// # Reading a file
//
// CSV: UTF-8 with or without a byte-order mark, UTF-16 with one, else Windows-1252 (which covers
// Latin-1); the delimiter (; , tab |) is the one that splits the first 30 records most
// consistently and yields a header row, or Excel's "sep=;" first line, or the profile's. Quoted
// cells may hold delimiters and line breaks. XLSX: the first visible sheet (then hidden ones) that
// holds a header row, or the profile's sheet; cells are read raw, so a numeric cell is its stored
// decimal (rounded to Excel's 15 significant digits), never a float, and a number in a date column
// is an Excel date serial (1900 or 1904 system, as the workbook says).
//
// # The header row
//
// Each of the first 30 rows is read as a header: every cell is matched against the dictionary of
// words.go (case, accents and punctuation do not count; "Art.-Nr." is "ArtNr"). The longest phrase
// wins, so "Date de livraison" is the delivery date and not the order date, and columns we know to
// ignore (VAT rate, discount, delivered quantity) keep their words from being misread. The row
// that names the most columns wins, provided it names a quantity and something that says what is
// ordered: our code, the customer's code, a GTIN or a description. A profile's columns are placed
// first, and its header row, when it gives one, is taken as is.
//
// Above the header (and in rows below it that are not lines), "label: value" pairs are read as
// order fields, in one cell ("N° de commande : 4711") or in two ("Bestellnummer" | "4711"), and
// titles such as "Bestellung Nr. 4711" give the purchase order number. Order fields in columns
// (PO number, customer, dates, currency...) take precedence over the pairs, row by row.
//
// # Rows below the header
//
// Blank rows and copies of the header row are skipped. A row whose first text starts with a total
// word (Total, Sous-total, Summe, Gesamt, TVA, MwSt, VAT...), or holds one when the row has no
// quantity ("zzgl. 19 % MwSt."), and that has no unit price and no article code is a total row.
// Sub-totals are dropped; a net (HT, netto, net, excl.), gross (TTC, brutto, gross, incl.) or tax
// total goes to the order's totals, and tax rows per rate are added up unless a total tax is
// stated. An unqualified total ("Total", "Gesamtbetrag") takes the qualifier of the line-total
// column's header ("Montant HT": net); else it is kept only where the stated figures prove what
// it is (net + tax: the gross; the sum of the line totals: the net), and dropped otherwise. A row
// with a quantity, an article code, or a description with a price is a line. Any other row is
// read for pairs, and a row of a single free text below the header goes to the notes.
//
// Several orders in one file are split by the purchase order number column; a row with an empty
// PO cell belongs to the PO above it. Totals below an order's lines belong to it, except after the
// last line of a file with several orders, where they may be the file's grand total and are
// dropped. Line numbers come from the line-number column when every line has a distinct whole
// number there, else lines are numbered 1..n within each order.
//
// # Numbers and dates
//
// A number may carry group separators (1 234,56 with any kind of space, 1.234,56, 1,234.56,
// 1'234.50), a currency sign or ISO code before or after it (12,50 €, EUR 12.50; the currency
// becomes the order's when no column or pair gives one), a sign before or after it, or
// parentheses for a negative. A quantity may end with a unit ("12 Stk"). Only "1.234" and "1,234"
// (one separator before exactly three digits) are ambiguous; they are settled, in this order, by
// the profile's decimal_comma, the column's other numbers, the file's other numbers, the locale
// option, and the header language (French or German: decimal comma). Dates may be ISO, numeric
// with / . or - (dots mean day first), with a month name in French, German or English
// ("2. November 2026", "2 novembre 2026", "Nov 2, 2026"), YYYYMMDD, or Excel serials. 02/11/2026
// is settled by the profile's date_format, then by the column's dates (a first part over 12 is a
// day), the file's dates, the locale option, and the header language (French or German: day
// first). A value that nothing settles is a fault, never a guess. A value settled by the header
// language alone is marked in the draft's confidence (0.95: noted, under certainty, above verify's
// default review threshold).
//
// Units are written as UN/ECE Recommendation 20 codes where the table of unit.go knows the word
// (pce, Stück, kg, carton...), else kept as written. A customer number, the delivery address of a
// pair, and free text go to the notes, since the canonical order has no field for them.
//
// # Errors
//
// Errors are *o2c.Error. CodeTooLarge: over 32 MB, 100,000 rows, 1,000 cells in a row, 10,000
// lines in an order or 10,000 orders. CodeInvalid, with faults whose path is the cell (C12, or
// Sheet1!C12) and whose message names the row, the column and its header:
//
//	SHEET-01  the file cannot be read: empty, not text, not an XLSX workbook
//	SHEET-02  no header row: none of the first 30 rows names a quantity column and an article column
//	SHEET-03  the row that looks like the header lacks a quantity or article column, or a column
//	          the profile names, or two columns claim one field
//	SHEET-04  the options or the profile are invalid, or name a sheet or row the file lacks
//	SHEET-05  a quantity, price or amount cell is not a number, or its separators cannot be told apart
//	SHEET-06  a date cell is not a date, or its day and month cannot be told apart
//	SHEET-07  an order states two values of one order field, amounts in two currencies, or a
//	          currency that is not ISO 4217
//	SHEET-08  the header row has no line below it
//
// Reading goes on past a bad cell, so that one error lists every bad cell (up to 100).
package sheet
