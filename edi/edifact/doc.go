// Package edifact reads and writes UN/EDIFACT interchanges (ISO 9735): it parses any interchange
// to its segments, maps ORDERS (and ORDCHG) messages to canonical order drafts, and writes the
// answers a supplier sends back, CONTRL and ORDRSP. It takes bytes and returns values: no
// database, no network, no clock.
//
// # Reading
//
// Parse reads an input of one interchange, ParseAll one of several (files often hold several,
// one after the other). The service characters are those of the service string advice (UNA) when
// there is one, else the defaults of the syntax level: `:+.? '` for level A (and, in practice,
// UNOC and above), the IS1 to IS4 control characters for level B. The release character restores
// a service character to data; a release character before any other character is an error,
// because it means the sender escaped carelessly and the text around it cannot be trusted. The
// repetition separator exists from syntax version 4 on; a repeated data element is refused, since
// no order message uses one. Carriage returns and line feeds are not data anywhere in an
// interchange: files indented, one segment a line, all on one line or wrapped at 80 columns all
// read the same. A UTF-8 byte-order mark and a trailing Ctrl-Z are skipped.
//
// Text is decoded to UTF-8 from the character set that UNB names: UNOA and UNOB (ISO 646),
// UNOC (ISO 8859-1), UNOD to UNOK (ISO 8859-2, -5, -7, -3, -4, -6, -8, -9), UNOW and UNOY (UTF-8).
// What real senders do instead is read and said so in Interchange.Notes: an 8-bit set whose bytes
// are in fact valid UTF-8 is read as UTF-8; bytes over 0x7F in UNOA or UNOB, and any syntax
// identifier of no known set (UNOX, KECA, IATB...), are read as ISO 8859-1.
//
// The parser is strict by default: segment counts (UNT), message and group counts (UNE, UNZ) and
// control references must match, and every problem is a *o2c.Error with CodeInvalid whose message
// names the segment (its number in the file, counting every segment from 1 with UNA, and its
// tag), its byte offset and the problem; its Fault's Rule is "EDIFACT-" and the UN/EDIFACT syntax
// error code. Parser{Lenient: true} accepts wrong counts and references, a missing UNZ or UNE, and
// groups mixed with ungrouped messages, and lists each in Interchange.Problems. Input over MaxSize
// bytes is CodeTooLarge; a segment of more than MaxElements data elements, or an element of more
// than MaxElements components, is CodeInvalid. The parser never panics: FuzzParse holds it to that.
//
// # Orders
//
// Orders maps each ORDERS or ORDCHG message of an interchange to an o2c.OrderDraft; Order maps one
// message. The mapping takes only what the message carries (Order lists the segments read) and
// never fills a gap: an unknown unit code is passed on as written, a party identified by anything
// but a GLN has no GLN. A value that cannot be read (a quantity "12A", a date 19991332) is a Fault.
//
// # Writing
//
// WriteCONTRL acknowledges or rejects a received interchange (CONTRL D:3, syntax version 3). For
// an interchange too broken to parse, ParseHeader still reads its sender and control reference,
// and ProblemOf turns the parse error into the Problem to report. WriteORDRSP answers an order,
// with a status for the order and for each line. Both are deterministic: dates and references come
// from the caller, and the same input always gives the same bytes, which Parse reads back.
// Encode writes any Interchange, so that what Parse accepts can be written and read back equal.
package edifact
