package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/invoice"
	"github.com/o2c-project/o2c/invoice/facturx"
	"github.com/o2c-project/o2c/invoice/pdf"
)

// renderOptions are what a writer of `o2c invoice render` may use.
type renderOptions struct {
	profile  invoice.Profile
	lang     string
	branding pdf.Branding
	edi      ediOptions // envelopes of invoic and 810 (invoice_render.go)
}

// invoiceWriters are the formats of `o2c invoice render` and of the running service's renderer
// (invoice_render.go). A writer gets a calculated, valid invoice.
var invoiceWriters = map[string]func(invoice.Invoice, renderOptions) ([]byte, error){
	"pdf": func(inv invoice.Invoice, o renderOptions) ([]byte, error) { return pdf.Render(inv, o.branding, o.lang) },
	"facturx": func(inv invoice.Invoice, o renderOptions) ([]byte, error) {
		return facturx.Make(inv, facturx.Params{Profile: o.profile, Branding: o.branding, Lang: o.lang})
	},
	"cii":    func(inv invoice.Invoice, o renderOptions) ([]byte, error) { return invoice.WriteCII(inv, o.profile) },
	"ubl":    func(inv invoice.Invoice, _ renderOptions) ([]byte, error) { return invoice.WriteUBL(inv) },
	"invoic": writeINVOIC,
	"810":    write810,
}

// profiles are the CII profiles --profile names.
var profiles = map[string]invoice.Profile{"en16931": invoice.ProfileEN16931, "basic": invoice.ProfileBasic, "extended": invoice.ProfileExtended}

const invoiceUsage = `usage: o2c invoice render FILE.json --format pdf|facturx|cii|ubl|invoic|810 [--profile en16931|basic|extended] [--lang en|fr|de] [--logo FILE] [--accent #RRGGBB] [-o OUT]
       o2c invoice extract FILE.pdf|FILE.xml      print the invoice JSON of a Factur-X/ZUGFeRD PDF, a CII or a UBL file`

// invoice renders invoices and reads them back, offline.
func (m *Main) invoice(_ context.Context, args []string) error {
	if len(args) > 0 && args[0] == "render" {
		return m.invoiceRender(args[1:])
	}
	if len(args) > 0 && args[0] == "extract" {
		return m.invoiceExtract(args[1:])
	}
	fmt.Fprintln(m.Stderr, invoiceUsage)
	return errUsage
}

func (m *Main) invoiceRender(args []string) error {
	fs := m.flags("invoice render")
	formats := make([]string, 0, len(invoiceWriters))
	for f := range invoiceWriters {
		formats = append(formats, f)
	}
	slices.Sort(formats)
	format := fs.String("format", "pdf", "output format: "+strings.Join(formats, ", "))
	profile := fs.String("profile", "en16931", "CII profile of cii and facturx: en16931, basic or extended")
	lang := fs.String("lang", "en", "language of the PDF: en, fr or de")
	logo := fs.String("logo", "", "PNG or JPEG logo for the PDF")
	accent := fs.String("accent", "", "accent colour of the PDF, #RRGGBB")
	out := fs.String("o", "", "write to this file instead of standard output")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	write, ok := invoiceWriters[*format]
	p, okp := profiles[strings.ToLower(*profile)]
	if len(pos) != 1 || !ok || !okp {
		fmt.Fprintln(m.Stderr, invoiceUsage)
		return errUsage
	}
	raw, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("read %s: %w", pos[0], err)
	}
	var in invoice.Invoice
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields() // a misspelt field would silently vanish from a legal document
	if err := dec.Decode(&in); err != nil {
		return fmt.Errorf("read %s: not an invoice JSON: %w", pos[0], err)
	}
	o := renderOptions{profile: p, lang: *lang, branding: pdf.Branding{Accent: *accent}}
	if *logo != "" {
		if o.branding.Logo, err = os.ReadFile(*logo); err != nil {
			return fmt.Errorf("read the logo: %w", err)
		}
	}
	inv, err := invoice.Calculate(in)
	if err == nil {
		err = invoice.Validate(inv)
	}
	if err != nil {
		m.printFaults(err)
		return fmt.Errorf("invoice %q is not valid, nothing written: %w", in.Number, err)
	}
	b, err := write(inv, o)
	if err != nil {
		return fmt.Errorf("write invoice %s as %s: %w", inv.Number, *format, err)
	}
	if *out == "" {
		_, err = m.Stdout.Write(b)
		return err
	}
	return os.WriteFile(*out, b, 0o644)
}

// printFaults lists every broken rule, one a line: the error line shows only the first three.
func (m *Main) printFaults(err error) {
	for _, f := range o2c.ErrorFaults(err) {
		fmt.Fprintf(m.Stderr, "  %s %s: %s\n", f.Rule, f.Path, f.Message)
	}
}

func (m *Main) invoiceExtract(args []string) error {
	fs := m.flags("invoice extract")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(m.Stderr, invoiceUsage)
		return errUsage
	}
	raw, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("read %s: %w", pos[0], err)
	}
	if bytes.HasPrefix(bytes.TrimLeft(raw[:min(len(raw), 1024)], "\x00\t\r\n "), []byte("%PDF-")) {
		if raw, err = facturx.ExtractXML(raw); err != nil {
			return fmt.Errorf("read %s: %w", pos[0], err)
		}
	}
	inv, err := invoice.Parse(raw)
	if err != nil {
		m.printFaults(err)
		return fmt.Errorf("read %s: %w", pos[0], err)
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(inv)
}
