package facturx

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPopplerAndQPDF checks every Factur-X file of the table with the tools of other projects:
// poppler's pdffonts finds every font embedded, pdfdetach lists factur-x.xml and saves the very
// XML embedded, and qpdf --check finds no syntax or stream error.
func TestPopplerAndQPDF(t *testing.T) {
	t.Parallel()
	pdffonts, pdfdetach, qpdf := tool(t, "pdffonts"), tool(t, "pdfdetach"), tool(t, "qpdf")
	dir := t.TempDir()
	for _, m := range makeTable(t) {
		f := filepath.Join(dir, m.name+".pdf")
		if err := os.WriteFile(f, m.pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(pdffonts, f).Output()
		if err != nil {
			t.Fatalf("%s: pdffonts: %v", m.name, err)
		}
		rows := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
		if len(rows) == 0 {
			t.Errorf("%s: pdffonts lists no font", m.name)
		}
		for _, r := range rows {
			// name, type (two words), encoding, emb, sub, uni, object id
			fields := strings.Fields(r)
			if len(fields) < 7 || fields[len(fields)-5] != "yes" {
				t.Errorf("%s: a font is not embedded: %s", m.name, r)
			}
		}
		list, err := exec.Command(pdfdetach, "-list", f).Output()
		if err != nil || !strings.Contains(string(list), "1: factur-x.xml") {
			t.Errorf("%s: pdfdetach -list: %v\n%s", m.name, err, list)
		}
		saved := filepath.Join(dir, m.name+".xml")
		if out, err := exec.Command(pdfdetach, "-save", "1", "-o", saved, f).CombinedOutput(); err != nil {
			t.Fatalf("%s: pdfdetach -save: %v\n%s", m.name, err, out)
		}
		if got, err := os.ReadFile(saved); err != nil || !bytes.Equal(got, m.xml) {
			t.Errorf("%s: pdfdetach saves %d bytes (%v), not the %d embedded", m.name, len(got), err, len(m.xml))
		}
		if out, err := exec.Command(qpdf, "--check", f).CombinedOutput(); err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors") {
			t.Errorf("%s: qpdf --check: %v\n%s", m.name, err, out)
		}
	}
}

// TestEmbeddedXMLValidates runs the EN 16931 CII Schematron (Saxon) and the CII D16B XSD
// (xmllint) over the XML that pdfdetach saves from a handful of our Factur-X files: a credit
// note, another currency, the 500-line invoice and reverse charge. An official example broken on
// purpose must fail, so that the check can fail.
func TestEmbeddedXMLValidates(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("Saxon takes seconds; skipped with -short")
	}
	java, xmllint, pdfdetach := tool(t, "java"), tool(t, "xmllint"), tool(t, "pdfdetach")
	jar := "/usr/share/java/Saxon-HE.jar"
	if _, err := os.Stat(jar); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("Saxon-HE is missing (scripts/install-deps.sh installs libsaxonhe-java): %v", err)
		}
		t.Skipf("Saxon-HE is missing: %v", err)
	}
	root := filepath.Join(corpusRoot(t), "en16931-validation")
	pdfs, dir, out := t.TempDir(), t.TempDir(), t.TempDir() // Saxon reads every file of dir
	want := map[string]bool{"credit-note-with-charges": true, "usd-all": true, "500-lines": true, "reverse-charge-ae": true, "s20-one-line": true}
	var files []string
	for _, m := range makeTable(t) {
		if !want[m.name] {
			continue
		}
		f := filepath.Join(pdfs, m.name+".pdf")
		if err := os.WriteFile(f, m.pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		x := filepath.Join(dir, m.name+".xml")
		if msg, err := exec.Command(pdfdetach, "-save", "1", "-o", x, f).CombinedOutput(); err != nil {
			t.Fatalf("pdfdetach: %v %s", err, msg)
		}
		files = append(files, x)
	}
	if len(files) != len(want) {
		t.Fatalf("found %d of the %d cases", len(files), len(want))
	}
	xsd := filepath.Join(root, "cii/schema/D16B-SCRDM-Subset/uncoupled-clm/CII/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd")
	if msg, err := exec.Command(xmllint, append([]string{"--noout", "--nonet", "--schema", xsd}, files...)...).CombinedOutput(); err != nil {
		t.Errorf("xmllint: %v\n%s", err, msg)
	}
	broken := filepath.Join(root, "broken-examples", "CII_example1-BROKEN.xml")
	b, err := os.ReadFile(broken)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "broken.xml"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	xslt := filepath.Join(root, "cii/xslt/EN16931-CII-validation.xslt")
	cmd := exec.Command(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", jar, "net.sf.saxon.Transform", "-s:"+dir, "-xsl:"+xslt, "-o:"+out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("saxon: %v\n%s", err, msg)
	}
	for _, f := range append(files, filepath.Join(dir, "broken.xml")) {
		report, err := os.ReadFile(filepath.Join(out, filepath.Base(f)))
		if err != nil {
			t.Fatalf("no report for %s: %v", f, err)
		}
		var doc struct {
			Failed []struct {
				ID   string `xml:"id,attr"`
				Flag string `xml:"flag,attr"`
				Text string `xml:"text"`
			} `xml:"failed-assert"`
		}
		if err := xml.Unmarshal(report, &doc); err != nil {
			t.Fatal(err)
		}
		fatal := 0
		for _, a := range doc.Failed {
			if a.Flag == "fatal" || a.Flag == "error" {
				fatal++
				if filepath.Base(f) != "broken.xml" {
					t.Errorf("%s: [%s] %s", filepath.Base(f), a.ID, strings.Join(strings.Fields(a.Text), " "))
				}
			}
		}
		if filepath.Base(f) == "broken.xml" && fatal == 0 {
			t.Error("the broken example passes the Schematron: the check proves nothing")
		}
	}
}
