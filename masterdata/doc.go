// Package masterdata reads and writes the master-data CSV files of the spec (shared/spec/README.md §2):
// customers.csv, ship_to.csv, products.csv, customer_items.csv and customer_prices.csv.
//
// # Format
//
// UTF-8 (a leading byte-order mark is dropped), comma-separated, RFC 4180 quoting, a header row
// first. Columns are found by header name (trimmed, any case) in any order; columns the spec does
// not name are ignored, and an optional column the header leaves out means "unknown" for every row.
// Cells are trimmed; an empty cell means unknown (a nil pointer, a zero date, ""). Rows whose cells
// are all empty are skipped, since spreadsheets often export trailing ",,,," rows.
//
// # Policy: all-or-nothing
//
// An import is all-or-nothing. Reading checks every cell of every file and reports each bad one as
// an o2c.RowError (file, line, column, and a reason that quotes the value and says what was
// expected). If there is any, the reader returns no master data, so nothing is imported, and the
// person fixing the files sees all of their mistakes at once rather than one per attempt. A partial
// import would leave, say, prices without their products, and a second run could not tell which
// rows had already gone in.
//
// Only errors about the input as a whole come back as an error: none of the five files present, a
// file over 50 MB or over 1,000,000 rows (o2c.CodeTooLarge), or a file that cannot be read.
// To keep that answer readable, each file lists at most 1,000 row errors, followed by one that
// counts the rest.
//
// # What is checked
//
// Keys are present and unique within their file (the error names the line of the first
// occurrence). Decimals use '.' only and no exponent, are parsed exactly from their text, carry at
// most 6 decimal places and stay within sane bounds. Codes are real: ISO 3166-1 countries,
// ISO 4217 currencies, GS1 check digits of GLN and GTIN, UN/ECE Rec. 20 unit codes by shape. Dates
// are YYYY-MM-DD and a price's valid_to is not before its valid_from.
//
// References between files are not checked: a ship-to, customer item or customer price may name a
// customer or SKU that this import does not hold, because the store may hold it already. The caller
// checks them against the store.
package masterdata
