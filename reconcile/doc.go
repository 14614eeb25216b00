// Package reconcile matches the credit transactions of bank statements against open invoices and
// says, for each transaction, what it pays: allocations, write-off, discount, customer credit, a
// status, a confidence and a reason a person can read.
//
// The package is pure and deterministic: values in, values out, no clock, no database; the same
// input gives the same output, and the order of the open items never changes a result (they are
// sorted by due date and number before anything else).
//
// # Passes
//
// Every transaction gathers evidence, then proposals are scored and the best one is applied when
// it is both confident (Options.AutoThreshold) and clear (no different proposal within 0.1):
//
//  1. references: an invoice number written in the remittance text, the end-to-end id or the
//     structured reference, as written, then normalised (case, spaces, dashes, leading zeros),
//     then with one typo (one edit) where the word looks like an invoice number; an ISO 11649 RF
//     creditor reference whose check digits hold; the customer's own reference (PO) of an item.
//  2. several invoice numbers in one text: each named invoice is paid its open amount; a
//     shortfall is only proposed (a possible dispute), unless exactly a subset of them is paid.
//  3. no usable reference: the payer is identified by an IBAN learned from earlier payments, or by
//     its name compared with the customers' names and known aliases (legal forms, accents, case
//     and word order ignored); the amount then fits one open invoice of that customer, or one
//     combination of them (a bounded subset sum, oldest due dates first). A unique fit is applied;
//     several equally good fits are only suggested.
//  4. tolerances: a shortfall within the write-off tolerance (the smaller of Options.WriteOffAmount
//     and Options.WriteOffPercent of the amount due) is written off as a bank fee or small
//     difference; an early-payment discount is granted when the value date is within its period;
//     a larger shortfall leaves the rest open; an overpayment is kept as customer credit.
//
// Transactions are applied in order: an invoice paid by one is no longer open for the next.
//
// # Statuses
//
//   - matched: applied, and the invoices are settled in full (cash plus any write-off or discount).
//   - partial: applied, but the payment covers its invoice only in part (the rest stays open), or
//     pays more than is open (the rest is kept as customer credit).
//   - suggested: a proposal for a person; nothing is applied and the invoices stay open.
//   - unmatched: nothing plausible, or no customer payment at all (a reversal, a returned payment).
//
// # Transactions from statements
//
// FromStatements takes the credit entries of a statement file; debits are no customer payments and
// are left out, as are entries the bank marks as information only. A transaction's ID is the
// bank's own reference of the entry (camt AcctSvcrRef, else NtryRef; the MT940 bank reference),
// else "#N" for the N-th entry of the file (1-based, debits counted). A batch entry whose details
// each carry an amount gives one transaction per detail, with the ID of the entry followed by "/"
// and the 1-based index of the detail ("B1/2", "#4/1").
package reconcile
