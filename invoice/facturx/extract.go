package facturx

import (
	"bytes"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/o2c-project/o2c"
)

// invoiceNames are the names under which hybrid invoices embed their XML, in order of
// preference: Factur-X and ZUGFeRD 2, ZUGFeRD 1, and XRechnung in a ZUGFeRD container.
var invoiceNames = []string{"factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml"}

// ExtractXML returns the invoice XML embedded in a Factur-X or ZUGFeRD PDF: the embedded file
// named factur-x.xml, zugferd-invoice.xml or xrechnung.xml, else any embedded XML file that holds
// a CII invoice. Streams may be FlateDecode-compressed and inside object streams; the cross
// reference table is not trusted, objects are found by scanning.
//
// Errors: CodeInvalid for input that is not a PDF, is larger than MaxSize or is encrypted;
// CodeNotFound when the PDF embeds no invoice XML.
func ExtractXML(pdf []byte) ([]byte, error) {
	f, err := readFile(pdf)
	if err != nil {
		return nil, o2c.Errorf(o2c.CodeInvalid, "read PDF: %s", err.Error())
	}
	if bytes.Contains(pdf, []byte("/Encrypt")) && f.trailerHas("Encrypt") {
		return nil, o2c.Errorf(o2c.CodeInvalid, "the PDF is encrypted")
	}
	var best []found
	consider := func(d dict) {
		rank := slices.Index(invoiceNames, strings.ToLower(path.Base(fileName(d))))
		if rank < 0 {
			rank = len(invoiceNames) // any other XML file, if it holds a CII invoice
		}
		data, ok := f.embedded(d)
		if !ok || (rank == len(invoiceNames) && !isInvoiceXML(data)) {
			return
		}
		best = append(best, found{rank, data})
	}
	// The files the current catalog names come first: an older revision may hold an older XML.
	for _, spec := range f.catalogFiles() {
		consider(spec)
	}
	if len(best) == 0 {
		nums := make([]int, 0, len(f.objs))
		for n := range f.objs {
			nums = append(nums, n)
		}
		sort.Ints(nums) // the same file gives the same answer every time
		for _, n := range nums {
			f.walk(f.objs[n].v, 0, consider)
		}
	}
	if len(best) == 0 {
		return nil, o2c.Errorf(o2c.CodeNotFound, "the PDF embeds no invoice XML (factur-x.xml, zugferd-invoice.xml, xrechnung.xml)")
	}
	slices.SortStableFunc(best, func(a, b found) int { return a.rank - b.rank })
	return best[0].data, nil
}

// found is an embedded invoice XML and the rank of its name in invoiceNames.
type found struct {
	rank int
	data []byte
}

// catalogFiles returns the file specifications of the current catalog: its /AF array and its
// EmbeddedFiles name tree.
func (f *file) catalogFiles() []dict {
	_, trailer, err := f.lastTrailer()
	if err != nil {
		return nil
	}
	cat, _ := f.resolve(trailer["Root"]).(dict)
	var out []dict
	if af, ok := f.resolve(cat["AF"]).(array); ok {
		for _, a := range af {
			if d, ok := f.resolve(a).(dict); ok {
				out = append(out, d)
			}
		}
	}
	names, _ := f.resolve(cat["Names"]).(dict)
	var tree func(node any, depth int)
	tree = func(node any, depth int) {
		d, ok := f.resolve(node).(dict)
		if !ok || depth > maxDepth {
			return
		}
		if kv, ok := f.resolve(d["Names"]).(array); ok {
			for i := 1; i < len(kv); i += 2 {
				if spec, ok := f.resolve(kv[i]).(dict); ok {
					out = append(out, spec)
				}
			}
		}
		if kids, ok := f.resolve(d["Kids"]).(array); ok {
			for _, k := range kids {
				tree(k, depth+1)
			}
		}
	}
	tree(names["EmbeddedFiles"], 0)
	return out
}

// walk calls fn on every file specification (a dictionary with /EF) reachable inside v, without
// following references: every object of the file is walked anyway.
func (f *file) walk(v any, depth int, fn func(dict)) {
	if depth > maxDepth {
		return
	}
	switch v := v.(type) {
	case dict:
		if _, ok := v["EF"]; ok {
			fn(v)
		}
		for _, e := range v {
			f.walk(e, depth+1, fn)
		}
	case array:
		for _, e := range v {
			f.walk(e, depth+1, fn)
		}
	}
}

// fileName is the name of a file specification: /UF, else /F.
func fileName(d dict) string {
	for _, k := range []string{"UF", "F"} {
		if s, ok := d[k].(pdfStr); ok && len(s) > 0 {
			return text(s)
		}
	}
	return ""
}

// embedded returns the decoded data of a file specification's embedded file.
func (f *file) embedded(spec dict) ([]byte, bool) {
	ef, ok := f.resolve(spec["EF"]).(dict)
	if !ok {
		return nil, false
	}
	for _, k := range []string{"UF", "F"} {
		if s, ok := f.resolve(ef[k]).(stream); ok {
			data, err := decode(s)
			return data, err == nil
		}
	}
	return nil, false
}

// isInvoiceXML reports whether data looks like a CII invoice (ZUGFeRD 1 called it
// CrossIndustryDocument).
func isInvoiceXML(data []byte) bool {
	head := data[:min(len(data), 4096)]
	return bytes.Contains(head, []byte("CrossIndustryInvoice")) || bytes.Contains(head, []byte("CrossIndustryDocument"))
}

// trailerHas reports whether a trailer dictionary (classic, or a cross-reference stream's) has key.
func (f *file) trailerHas(key string) bool {
	for _, e := range f.objs {
		if s, ok := e.v.(stream); ok && s.d["Type"] == name("XRef") && s.d[key] != nil {
			return true
		}
	}
	for i := 0; ; {
		j := bytes.Index(f.b[i:], []byte("trailer"))
		if j < 0 {
			return false
		}
		i += j + len("trailer")
		if d, err := (&lexer{b: f.b, pos: i}).object(0); err == nil {
			if dd, ok := d.(dict); ok && dd[key] != nil {
				return true
			}
		}
	}
}
