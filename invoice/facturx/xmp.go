package facturx

import (
	"bytes"
	"encoding/xml"
	"time"
)

// meta is the document information that the Info dictionary and the XMP packet both state:
// PDF/A requires them to agree.
type meta struct {
	title, author, subject, creator, producer string
	created                                   time.Time
}

// xmpDate writes an instant as XMP does: 2026-11-27T00:00:00+00:00.
func xmpDate(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05") + "+00:00" }

// pdfDate writes an instant as a PDF date: D:20261127000000+00'00'.
func pdfDate(t time.Time) string { return "D:" + t.UTC().Format("20060102150405") + "+00'00'" }

// esc escapes text for XML.
func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s)) // writing to a bytes.Buffer does not fail
	return b.String()
}

// xmpPacket writes the XMP metadata of a PDF/A-3b Factur-X file: the PDF/A identification, the
// Dublin Core and XMP basics that mirror the Info dictionary, the PDF/A extension schema that
// declares the fx: properties (PDF/A allows no undeclared schema), and the fx: properties.
func xmpPacket(m meta, level string) []byte {
	var b bytes.Buffer
	b.WriteString("<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<pdfaid:part>3</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc(m.title) + `</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>` + esc(m.author) + `</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">` + esc(m.subject) + `</rdf:li></rdf:Alt></dc:description>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdf:Producer>` + esc(m.producer) + `</pdf:Producer>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreatorTool>` + esc(m.creator) + `</xmp:CreatorTool>
<xmp:CreateDate>` + xmpDate(m.created) + `</xmp:CreateDate>
<xmp:ModifyDate>` + xmpDate(m.created) + `</xmp:ModifyDate>
<xmp:MetadataDate>` + xmpDate(m.created) + `</xmp:MetadataDate>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas>
<rdf:Bag>
<rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>fx</pdfaSchema:prefix>
<pdfaSchema:property>
<rdf:Seq>
`)
	for _, p := range [][2]string{
		{"DocumentFileName", "The name of the embedded XML document"},
		{"DocumentType", "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER"},
		{"Version", "The actual version of the standard applying to the embedded XML document"},
		{"ConformanceLevel", "The conformance level of the embedded XML document"},
	} {
		b.WriteString(`<rdf:li rdf:parseType="Resource">
<pdfaProperty:name>` + p[0] + `</pdfaProperty:name>
<pdfaProperty:valueType>Text</pdfaProperty:valueType>
<pdfaProperty:category>external</pdfaProperty:category>
<pdfaProperty:description>` + p[1] + `</pdfaProperty:description>
</rdf:li>
`)
	}
	b.WriteString(`</rdf:Seq>
</pdfaSchema:property>
</rdf:li>
</rdf:Bag>
</pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
<fx:DocumentType>INVOICE</fx:DocumentType>
<fx:DocumentFileName>` + fileNameXML + `</fx:DocumentFileName>
<fx:Version>1.0</fx:Version>
<fx:ConformanceLevel>` + level + `</fx:ConformanceLevel>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
`)
	// Padding lets an editor rewrite the packet in place, as the XMP specification recommends.
	for range 20 {
		b.WriteString("                                                                                                   \n")
	}
	b.WriteString(`<?xpacket end="w"?>`)
	return b.Bytes()
}
