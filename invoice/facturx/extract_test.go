package facturx

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
)

// TestExtractCorpus reads the invoice XML out of the Factur-X and ZUGFeRD PDFs of the shared
// corpus, made by other software (object streams, ZUGFeRD 1 names, incremental updates): the XML
// is the file poppler's pdfdetach saves under the same name.
func TestExtractCorpus(t *testing.T) {
	t.Parallel()
	pdfdetach := tool(t, "pdfdetach")
	root := corpusRoot(t)
	var files []string
	for _, dir := range []string{"cii/zugferd-corpus-valid", "cii/facturx-akretion", "cii/oca-edi-pdf", "cii/mustang/pdf"} {
		fs, _ := filepath.Glob(filepath.Join(root, dir, "*.pdf"))
		files = append(files, fs...)
	}
	if len(files) < 20 {
		t.Fatalf("only %d corpus PDFs", len(files))
	}
	found := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ExtractXML(b)
		list, _ := exec.Command(pdfdetach, "-list", f).Output()
		want, rank := "", len(invoiceNames) // the number in pdfdetach's list of the preferred invoice name
		for i, l := range strings.Split(string(list), "\n") {
			num, n, ok := strings.Cut(l, ": ")
			if r := slices.Index(invoiceNames, strings.ToLower(n)); ok && i > 0 && r >= 0 && r < rank {
				want, rank = num, r
			}
		}
		if want == "" {
			if err == nil && !isInvoiceXML(got) {
				t.Errorf("%s: ExtractXML gives %d bytes that are no invoice", filepath.Base(f), len(got))
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		saved := filepath.Join(t.TempDir(), "x.xml")
		if out, err := exec.Command(pdfdetach, "-save", want, "-o", saved, f).CombinedOutput(); err != nil {
			t.Fatalf("%s: pdfdetach: %v %s", f, err, out)
		}
		ref, _ := os.ReadFile(saved)
		// Three files of the corpus have a damaged cross-reference table, and poppler then keeps
		// the end of line before "endstream" in the data: trailing white space is not compared.
		if !bytes.Equal(bytes.TrimRight(got, "\r\n"), bytes.TrimRight(ref, "\r\n")) {
			t.Errorf("%s: ExtractXML gives %d bytes, pdfdetach %d", filepath.Base(f), len(got), len(ref))
		}
		found++
	}
	t.Logf("%d of %d corpus PDFs hold an invoice XML, all extracted", found, len(files))
	if found < 15 {
		t.Errorf("only %d corpus PDFs gave their XML", found)
	}
}

// TestExtractErrors: not a PDF is CodeInvalid, a PDF without an invoice CodeNotFound.
func TestExtractErrors(t *testing.T) {
	t.Parallel()
	if _, err := ExtractXML([]byte("<xml/>")); o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Errorf("not a PDF: %v", err)
	}
	plain := []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
	if _, err := ExtractXML(plain); o2c.ErrorCode(err) != o2c.CodeNotFound {
		t.Errorf("a PDF without attachments: %v", err)
	}
}

// FuzzExtractXML: any input, no panic, and no more XML out than the PDF could inflate to. The
// seeds are small (a large seed makes each run slow): a Factur-X update of a minimal PDF.
func FuzzExtractXML(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "seed", "*.pdf"))
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("%PDF-1.7\n1 0 obj<</EF<</F 2 0 R>>/UF(factur-x.xml)>>endobj 2 0 obj<</Length 5>>stream\n<a/>\nendstream endobj"))
	f.Fuzz(func(t *testing.T, b []byte) {
		xml, err := ExtractXML(b)
		if err == nil && len(xml) > len(b)*1100+1024 {
			t.Fatalf("%d bytes of XML out of %d of PDF", len(xml), len(b))
		}
	})
}
