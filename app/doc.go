// Package app holds the use cases of o2c. Each use case owns its transaction: it reads and writes
// through the root store interfaces, calls the pure packages (extract, verify, masterdata), and
// enqueues the next durable step in the same transaction that records the current one. Business
// rules live here once, never in a store adapter, so both database engines behave alike.
package app
