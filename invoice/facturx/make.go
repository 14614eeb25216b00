package facturx

import (
	"time"

	"crypto/md5"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/invoice"
	"github.com/o2c-project/o2c/invoice/pdf"
)

// fileNameXML is the name Factur-X gives the embedded invoice.
const fileNameXML = "factur-x.xml"

// level is how a profile is named in the XMP (fx:ConformanceLevel) and how the embedded file
// relates to the PDF: Factur-X 1.0.7 wants /Data for MINIMUM and BASIC WL, which are not full
// invoices, and /Alternative for BASIC, EN 16931 and EXTENDED, whose XML is the invoice.
type level struct {
	name         string
	relationship string
}

var levels = map[invoice.Profile]level{
	invoice.ProfileBasic:    {"BASIC", "Alternative"},
	invoice.ProfileEN16931:  {"EN 16931", "Alternative"},
	invoice.ProfileExtended: {"EXTENDED", "Alternative"},
}

// Params are the options of Make.
type Params struct {
	Profile  invoice.Profile // the CII profile: ProfileEN16931 when empty, ProfileBasic or ProfileExtended
	PDF      []byte          // the readable invoice made by pdf.Render; rendered with Branding and Lang when nil
	Branding pdf.Branding    // used only to render the PDF
	Lang     string          // the language of the PDF and of its title; English when empty
}

// Make returns inv as a Factur-X invoice: a PDF/A-3b file that shows the invoice and embeds its
// CII XML in the chosen profile as factur-x.xml. The PDF/A parts that the rendered PDF lacks are
// appended as an incremental update, which PDF/A-3 permits: an sRGB output intent, the XMP
// metadata with pdfaid part 3 conformance B and the Factur-X extension schema and properties,
// the embedded file with its AFRelationship, MIME subtype and parameters, the catalog's /AF
// array and EmbeddedFiles name tree, an Info dictionary that agrees with the XMP, and a trailer
// /ID. The output is deterministic: dates are the issue date.
//
// Errors: CodeInvalid from Calculate and Validate (via WriteCII), for an unknown profile, and for
// a PDF that cannot be updated.
func Make(in invoice.Invoice, p Params) ([]byte, error) {
	if p.Profile == "" {
		p.Profile = invoice.ProfileEN16931
	}
	lv, ok := levels[p.Profile]
	if !ok {
		return nil, o2c.Errorf(o2c.CodeInvalid, "Factur-X has no profile %q here: use EN 16931, BASIC or EXTENDED", p.Profile)
	}
	xml, err := invoice.WriteCII(in, p.Profile)
	if err != nil {
		return nil, err
	}
	inv, err := invoice.Calculate(in)
	if err != nil {
		return nil, err
	}
	visual := p.PDF
	if visual == nil {
		if visual, err = pdf.Render(inv, p.Branding, p.Lang); err != nil {
			return nil, err
		}
	}
	title := pdf.Title(inv, p.Lang)
	m := meta{
		title:    title,
		author:   inv.Seller.Name,
		subject:  title + " – " + inv.Buyer.Name,
		creator:  "o2c",
		producer: "o2c",
		created:  created(inv),
	}
	id := md5.Sum(append(append([]byte(nil), visual...), xml...))
	return appendUpdate(visual, update{xml: xml, meta: m, level: lv, id: id[:]})
}

// created is the creation instant of the document: the issue date, midnight UTC.
func created(inv invoice.Invoice) time.Time { return pdf.Created(inv) }
