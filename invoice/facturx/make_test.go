package facturx

import (
	"bytes"
	"testing"

	"github.com/o2c-project/o2c/invoice"
)

// TestMakeStructure checks every Factur-X file of the table as a PDF/A-3b reader would look at
// it, in its bytes: the binary header comment, the XMP with pdfaid part 3 B, the Factur-X
// extension schema and the fx: properties of the profile, the embedded factur-x.xml with its
// AFRelationship, MIME subtype and parameters, the catalog's /AF and /OutputIntents, and the
// trailer /ID; and that ExtractXML gives back the very XML embedded.
func TestMakeStructure(t *testing.T) {
	t.Parallel()
	ms := makeTable(t)
	var credit, usd, long bool
	for _, m := range ms {
		credit = credit || m.inv.Type.IsCreditNote()
		usd = usd || m.inv.Currency == "USD"
		long = long || len(m.inv.Lines) >= 500
		level := map[invoice.Profile]string{"": "EN 16931", invoice.ProfileBasic: "BASIC", invoice.ProfileExtended: "EXTENDED"}[m.profile]
		f, err := readFile(m.pdf)
		if err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
		_, trailer, err := f.lastTrailer()
		if err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
		if id, ok := trailer["ID"].(array); !ok || len(id) != 2 || len(id[0].(pdfStr)) != 16 {
			t.Errorf("%s: the trailer ID is %v", m.name, trailer["ID"])
		}
		cat, _ := f.resolve(trailer["Root"]).(dict)
		af, _ := cat["AF"].(array)
		if len(af) != 1 {
			t.Fatalf("%s: the catalog /AF is %v", m.name, cat["AF"])
		}
		spec, _ := f.resolve(af[0]).(dict)
		if fileName(spec) != "factur-x.xml" || spec["AFRelationship"] != name("Alternative") {
			t.Errorf("%s: the file specification is %v", m.name, spec)
		}
		ef, _ := spec["EF"].(dict)
		file, _ := f.resolve(ef["F"]).(stream)
		params, _ := file.d["Params"].(dict)
		if size, _ := integer(params["Size"]); file.d["Subtype"] != name("text/xml") || size != len(m.xml) || params["ModDate"] == nil {
			t.Errorf("%s: the embedded file's dictionary is %v", m.name, file.d)
		}
		tree, _ := f.resolve(cat["Names"]).(dict)
		if ef, _ := tree["EmbeddedFiles"].(dict); ef == nil {
			t.Errorf("%s: no EmbeddedFiles name tree in %v", m.name, cat["Names"])
		}
		intents, _ := cat["OutputIntents"].(array)
		if len(intents) != 1 {
			t.Fatalf("%s: OutputIntents %v", m.name, cat["OutputIntents"])
		}
		intent, _ := f.resolve(intents[0]).(dict)
		icc, _ := f.resolve(intent["DestOutputProfile"]).(stream)
		if data, err := decode(icc); err != nil || !bytes.Equal(data, srgb) || intent["S"] != name("GTS_PDFA1") {
			t.Errorf("%s: the output intent %v has no sRGB profile (%v)", m.name, intent, err)
		}
		xmp, _ := f.resolve(cat["Metadata"]).(stream)
		for _, want := range []string{"<pdfaid:part>3</pdfaid:part>", "<pdfaid:conformance>B</pdfaid:conformance>",
			"<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>",
			"<pdfaSchema:prefix>fx</pdfaSchema:prefix>", "<fx:DocumentType>INVOICE</fx:DocumentType>",
			"<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>", "<fx:Version>1.0</fx:Version>",
			"<fx:ConformanceLevel>" + level + "</fx:ConformanceLevel>"} {
			if !bytes.Contains(xmp.data, []byte(want)) {
				t.Errorf("%s: the XMP lacks %s", m.name, want)
			}
		}
		if xmp.d["Filter"] != nil {
			t.Errorf("%s: the XMP stream is filtered", m.name)
		}
		info, _ := f.resolve(trailer["Info"]).(dict)
		if text(info["Title"].(pdfStr)) == "" || !bytes.Contains(xmp.data, []byte(esc(text(info["Title"].(pdfStr))))) ||
			string(info["CreationDate"].(pdfStr)) != pdfDate(created(m.inv)) {
			t.Errorf("%s: the Info dictionary %v disagrees with the XMP", m.name, info)
		}
		if !binaryHeader(m.pdf) {
			t.Errorf("%s: the header is %q; PDF/A wants a comment of 4 bytes over 127 on line 2", m.name, m.pdf[:20])
		}
		got, err := ExtractXML(m.pdf)
		if err != nil || !bytes.Equal(got, m.xml) {
			t.Errorf("%s: ExtractXML gives %d bytes (%v), want the %d embedded", m.name, len(got), err, len(m.xml))
		}
	}
	if !credit || !usd || !long {
		t.Errorf("the table lacks a credit note (%v), a USD invoice (%v) or a 500-line invoice (%v)", credit, usd, long)
	}
}

// TestRoundTrip: Make, ExtractXML and the CII reader give back the calculated invoice.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, m := range makeTable(t) {
		xml, err := ExtractXML(m.pdf)
		if err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
		got, err := invoice.ParseCII(xml)
		if err != nil {
			t.Fatalf("%s: ParseCII: %v", m.name, err)
		}
		want, err := invoice.Calculate(m.inv)
		if err != nil {
			t.Fatal(err)
		}
		if m.profile == invoice.ProfileBasic { // BASIC drops details: compare with the CII read directly
			if want, err = invoice.ParseCII(m.xml); err != nil {
				t.Fatal(err)
			}
		}
		want.TaxExchangeRate = want.TaxExchangeRate.Sub(want.TaxExchangeRate) // not part of EN 16931
		if g, w := canonical(t, got), canonical(t, want); g != w {
			t.Errorf("%s: the invoice read back differs:\n got %s\nwant %s", m.name, g, w)
		}
	}
}

// TestMakeIsDeterministic: the same invoice gives the same bytes.
func TestMakeIsDeterministic(t *testing.T) {
	t.Parallel()
	m := makeTable(t)[0]
	again, err := Make(m.inv, Params{Profile: m.profile, Lang: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, m.pdf) {
		t.Error("a second Make differs")
	}
}

// TestMakeRefusesInvalid: an invoice that does not validate is no Factur-X.
func TestMakeRefusesInvalid(t *testing.T) {
	t.Parallel()
	inv := makeTable(t)[0].inv
	inv.Seller.Name = ""
	if _, err := Make(inv, Params{}); err == nil {
		t.Error("Make accepts an invoice without a seller name")
	}
	if _, err := Make(makeTable(t)[0].inv, Params{Profile: "urn:factur-x.eu:1p0:minimum"}); err == nil {
		t.Error("Make accepts the MINIMUM profile, which WriteCII cannot write")
	}
}

// binaryHeader reports whether b starts "%PDF-1.n", then a comment of at least four bytes over
// 127 on the second line, as PDF/A wants.
func binaryHeader(b []byte) bool {
	first, rest, ok := bytes.Cut(b, []byte("\n"))
	if !ok || len(first) != 8 || !bytes.HasPrefix(first, []byte("%PDF-1.")) || first[7] < '0' || first[7] > '7' {
		return false
	}
	second, _, _ := bytes.Cut(rest, []byte("\n"))
	if len(second) < 5 || second[0] != '%' {
		return false
	}
	for _, c := range second[1:5] {
		if c < 128 {
			return false
		}
	}
	return true
}
