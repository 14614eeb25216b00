// Package pdf renders invoices, credit notes and statements of account as readable A4 PDF
// documents, in English, French or German.
//
// The text is set in the Go fonts (golang.org/x/image/font/gofont, BSD licence), embedded as
// TrueType subsets, so that any Unicode text the fonts cover renders and the file needs no font
// of the reader: PDF/A, which package facturx makes of these files, forbids fonts that are not
// embedded. Output is deterministic: the same invoice, branding and language give the same bytes.
//
// It is pure: values in, bytes out, no clock, no files.
package pdf
