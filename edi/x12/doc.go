// Package x12 reads and writes ANSI ASC X12 interchanges: it parses any interchange into its
// envelopes and segments, turns 850 purchase orders into canonical orders (o2c.OrderDraft), and
// writes the answers a trading partner expects: the 997 functional acknowledgment and the 855
// purchase order acknowledgment. It is pure: bytes in, values out.
//
// # Syntax
//
// An interchange opens with an ISA segment of fixed width, which declares the separators: the
// byte after "ISA" separates elements, ISA16 separates components, the byte after ISA16 ends each
// segment, and from version 00402 ISA11 separates repetitions. Any byte may serve, printable or
// not (0x1D, 0x7F, 0x15 are common), as long as the separators differ and none is a letter or a
// digit. Line breaks or indentation between segments are layout and are skipped.
//
// Parse checks the envelopes and nothing of the business content: ISA…IEA holds GS…GE groups,
// each holding ST…SE transaction sets; SE01 counts the segments of its set (ST and SE included),
// GE01 the sets of its group, IEA01 the groups of the interchange; SE02, GE02 and IEA02 repeat the
// control numbers of ST02, GS06 and ISA13 (compared as numbers where they are digits). It does
// not check element types, lengths or code lists against the X12 dictionaries.
//
// Every error is an *o2c.Error. CodeTooLarge: the input is over 100 MB, or its parsed form would
// pass 1 GiB. CodeInvalid, with one fault whose Path names the segment (its number in the file,
// counted from 1 at the first ISA, its ID and its byte offset):
//
//	X12-01  the input does not start with an ISA segment
//	X12-02  the ISA is malformed: separators, field widths, date, time, version, control number,
//	        usage indicator
//	X12-03  a segment is malformed: no terminator before the end of the input, an ID that is not
//	        2 or 3 upper-case letters and digits
//	X12-04  the envelopes do not nest: a segment outside ST…SE, a missing SE, GE or IEA, a
//	        missing or non-numeric count, data after the IEA (Parse reads one interchange,
//	        ParseAll several)
//	X12-05  a trailer's control number differs from its header's (SE02/ST02, GE02/GS06, IEA02/ISA13)
//	X12-06  a trailer's count is wrong (SE01, GE01, IEA01)
//
// # 850 purchase orders
//
// Orders maps each 850 transaction set of an interchange to an o2c.OrderDraft, and ignores the
// other sets (810, 820, 997…) that mixed files carry; Order maps one set, and ReadOrders the
// 850s of every interchange of a file. It takes only what the order states, never
// invents a value, and keeps what has no field of its own (references, party codes, messages) in
// the notes. Its faults, CodeInvalid, name the set (its ST02 and ID) and the segment (its number
// in the set, from 1 at the ST):
//
//	X12-10  the interchange holds no 850
//	X12-11  the 850 has no BEG, or BEG01 is not a purpose code
//	X12-12  a date is not a valid CCYYMMDD (or YYMMDD, in versions before 004010)
//	X12-13  a quantity, price or amount is not a number
//	X12-14  CTT01, the number of line items, differs from the number of PO1 segments
//	X12-15  CUR02 is not an ISO 4217 currency code
//
// # Writing
//
// Write997 and Write855 build their interchange and write it with Marshal, which any parsed
// interchange also goes through: Marshal computes the trailers (counts and control numbers),
// pads the ISA to its fixed width, and refuses a value that holds a separator, since X12 has no
// escape character. Control numbers, dates and times come from the caller, never from a clock
// or a random source, so that the same call writes the same bytes.
package x12
