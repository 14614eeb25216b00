// Package bank reads bank statements into values: ISO 20022 camt.053 (versions .001.02 to
// .001.13), camt.052 and camt.054, SWIFT MT940 and MT942 (with the German structured :86: field),
// and CSV exports, recognised with no set-up or read through a saved CSVMapping.
//
// The package is pure: bytes in, values out, no database and no network. Parse detects the format;
// ParseCamt, ParseMT940 and ParseCSV read one format each.
//
// A file that cannot be read is an *o2c.Error with CodeInvalid whose Fault names where: "line 12"
// for text formats, the element path and line for XML. A file that reads but does not add up (the
// opening balance plus the entries is not the closing balance, a batch's details do not sum to the
// entry) is no error: the statement carries a Fault that says so, and a person decides.
//
// # Natural keys
//
// Every entry has a Key, stable across imports of the same statement, so that a statement or entry
// imported twice creates nothing new (a UNIQUE constraint on the key). It is built, separated by
// '|', from:
//
//   - the account: the IBAN, else the account number as the bank writes it (empty for a CSV
//     export that names no account: the importer then scopes keys by the account a person chose);
//   - the booking date (else the value date), YYYY-MM-DD;
//   - C or D, and the amount without trailing zeros ("12.5", never "12.50");
//   - the bank's own reference for the entry when it gives one: "ref:" and the account servicer
//     reference (camt AcctSvcrRef, MT940 :61: bank reference after "//"), else the entry reference
//     (camt NtryRef), else a transaction detail's account servicer reference;
//   - otherwise "h:" and the first 16 hex digits of a SHA-256 over what the entry says (value
//     date, currency, references, end-to-end ID, counterparty, remittance text, bank transaction
//     code), followed by "#n" when n-1 earlier entries of the same statement have the same hash:
//     two identical card payments on one day stay two entries, and importing the same statement
//     again numbers them the same way.
package bank
