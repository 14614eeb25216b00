package invoice

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// corpusRoot is the shared public corpus (../../shared/corpus/public), or $O2C_CORPUS. Without it
// the test skips, except in CI, where a skip would hide a failure.
func corpusRoot(tb testing.TB) string {
	tb.Helper()
	root := os.Getenv("O2C_CORPUS")
	if root == "" {
		root = filepath.Join("..", "..", "shared", "corpus", "public")
	}
	if _, err := os.Stat(filepath.Join(root, "en16931-validation")); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("the corpus is missing: %v", err)
		}
		tb.Skipf("the corpus is missing (%v); set O2C_CORPUS", err)
	}
	return root
}

// tool finds a command, or skips without it, except in CI where it fails.
func tool(tb testing.TB, name, install string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s is missing (scripts/install-deps.sh installs it): %v", name, err)
		}
		tb.Skipf("%s is missing; install it: %s", name, install)
	}
	return p
}

// written is the output of the table: one folder per syntax and document kind, so that each
// validator runs once over a folder.
type written struct {
	cii, ublInvoice, ublCredit string   // folders
	ciiBasic, ciiExtended      []string // CII files written under the Factur-X profiles
	basicDir, extendedDir      string   // the same files, a folder per profile
}

var (
	writeOnce sync.Once
	writeDir  string
	writeOut  written
	writeErr  error
)

// writeTable writes every case of the table as CII and UBL, once per test binary.
func writeTable(t *testing.T) written {
	t.Helper()
	writeOnce.Do(func() {
		writeDir, writeErr = os.MkdirTemp("", "invoice-validation-")
		if writeErr != nil {
			return
		}
		w := written{cii: filepath.Join(writeDir, "cii"), ublInvoice: filepath.Join(writeDir, "ubl-invoice"), ublCredit: filepath.Join(writeDir, "ubl-creditnote"),
			basicDir: filepath.Join(writeDir, "cii-basic"), extendedDir: filepath.Join(writeDir, "cii-extended")}
		for _, dir := range []string{w.cii, w.ublInvoice, w.ublCredit, w.basicDir, w.extendedDir} {
			if writeErr = os.MkdirAll(dir, 0o755); writeErr != nil {
				return
			}
		}
		for _, c := range testCases() {
			cii, err := WriteCII(c.inv, c.profile)
			if err != nil {
				writeErr = fmt.Errorf("%s: WriteCII: %w: %v", c.name, err, faultsOf(err))
				return
			}
			f := filepath.Join(w.cii, c.name+".xml")
			if writeErr = os.WriteFile(f, cii, 0o644); writeErr != nil {
				return
			}
			switch c.profile {
			case ProfileBasic:
				w.ciiBasic = append(w.ciiBasic, f)
				writeErr = os.WriteFile(filepath.Join(w.basicDir, c.name+".xml"), cii, 0o644)
			case ProfileExtended:
				w.ciiExtended = append(w.ciiExtended, f)
				writeErr = os.WriteFile(filepath.Join(w.extendedDir, c.name+".xml"), cii, 0o644)
			}
			if writeErr != nil {
				return
			}
			ubl, err := WriteUBL(c.inv)
			if err != nil {
				writeErr = fmt.Errorf("%s: WriteUBL: %w: %v", c.name, err, faultsOf(err))
				return
			}
			dir := w.ublInvoice
			if c.inv.Type.IsCreditNote() {
				dir = w.ublCredit
			}
			if writeErr = os.WriteFile(filepath.Join(dir, c.name+".xml"), ubl, 0o644); writeErr != nil {
				return
			}
		}
		writeOut = w
	})
	if writeErr != nil {
		t.Fatal(writeErr)
	}
	return writeOut
}

func TestMain(m *testing.M) {
	code := m.Run()
	if writeDir != "" && os.Getenv("O2C_KEEP_INVOICES") == "" {
		_ = os.RemoveAll(writeDir)
	} else if writeDir != "" {
		fmt.Println("invoices written to", writeDir)
	}
	os.Exit(code)
}

func xmlFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no files in %s: %v", dir, err)
	}
	return files
}

// TestTableSize keeps the table at 30 cases or more, one of them with 500 lines.
func TestTableSize(t *testing.T) {
	t.Parallel()
	cs := testCases()
	long := false
	for _, c := range cs {
		long = long || len(c.inv.Lines) >= 500
	}
	if len(cs) < 30 || !long {
		t.Fatalf("the table has %d cases (500-line case: %v); it needs 30 and a 500-line invoice", len(cs), long)
	}
}

// TestXSD validates every written file against the official XSDs with xmllint: the CII D16B
// schema, the UBL 2.1 Invoice and CreditNote schemas, and the Factur-X BASIC and EXTENDED
// schemas for the files written under those profiles.
func TestXSD(t *testing.T) {
	t.Parallel()
	xmllint := tool(t, "xmllint", "apt-get install -y libxml2-utils")
	root := filepath.Join(corpusRoot(t), "en16931-validation")
	w := writeTable(t)
	ciiXSD := filepath.Join(root, "cii/schema/D16B-SCRDM-Subset/uncoupled-clm/CII/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd")
	checks := []struct {
		name  string
		xsd   string
		files []string
	}{
		{"CII D16B", ciiXSD, xmlFiles(t, w.cii)},
		{"UBL Invoice", filepath.Join(root, "ubl-2.1-xsd/maindoc/UBL-Invoice-2.1.xsd"), xmlFiles(t, w.ublInvoice)},
		{"UBL CreditNote", filepath.Join(root, "ubl-2.1-xsd/maindoc/UBL-CreditNote-2.1.xsd"), xmlFiles(t, w.ublCredit)},
		{"Factur-X BASIC", filepath.Join(root, "facturx-xsd/facturx-basic/Factur-X_BASIC.xsd"), w.ciiBasic},
		{"Factur-X EXTENDED", filepath.Join(root, "facturx-xsd/facturx-extended/Factur-X_EXTENDED.xsd"), w.ciiExtended},
	}
	for _, c := range checks {
		if len(c.files) == 0 {
			t.Errorf("%s: no files to validate", c.name)
			continue
		}
		args := append([]string{"--noout", "--nonet", "--schema", c.xsd}, c.files...)
		if out, err := exec.Command(xmllint, args...).CombinedOutput(); err != nil {
			t.Errorf("%s: xmllint: %v\n%s", c.name, err, out)
		}
	}
	// The check must be able to fail: a CII file with its elements out of order.
	good, err := os.ReadFile(filepath.Join(w.cii, "s20-one-line.xml"))
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(good, []byte("<ram:TypeCode>380</ram:TypeCode>"), []byte("<ram:TypeCode>380</ram:TypeCode><ram:Bogus/>"), 1)
	broken := filepath.Join(t.TempDir(), "broken.xml")
	if err := os.WriteFile(broken, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", ciiXSD, broken).CombinedOutput(); err == nil {
		t.Errorf("xmllint accepts a broken CII file; the check proves nothing:\n%s", out)
	}
}

// jvmFlags make a short Saxon run cheaper: the C1 compiler only and the serial collector cut its
// CPU time by about two thirds (7.5 s to 2.7 s for the CII rules here).
var jvmFlags = []string{"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"}

// svrlAssert is one failed assert of a Schematron report.
type svrlAssert struct {
	ID       string `xml:"id,attr"`
	Flag     string `xml:"flag,attr"`
	Location string `xml:"location,attr"`
	Text     string `xml:"text"`
}

// failedAsserts parses an SVRL report and returns its failed asserts.
func failedAsserts(report []byte) ([]svrlAssert, error) {
	var doc struct {
		Failed []svrlAssert `xml:"failed-assert"`
	}
	if err := xml.Unmarshal(report, &doc); err != nil {
		return nil, err
	}
	return doc.Failed, nil
}

// TestSchematron runs the official EN 16931 Schematron (CII and UBL), the Peppol BIS Billing
// rules (UBL) and the Factur-X BASIC and EXTENDED rules (the CII files of those profiles) over
// every written file: one Saxon run per rule set and folder, so that each
// stylesheet is compiled once. No fatal assert may fail; each failure is reported with its rule
// id and text. Warnings are logged.
func TestSchematron(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("Saxon takes seconds; skipped with -short")
	}
	java := tool(t, "java", "apt-get install -y default-jre-headless")
	jar := "/usr/share/java/Saxon-HE.jar"
	if _, err := os.Stat(jar); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("Saxon-HE is missing (scripts/install-deps.sh installs libsaxonhe-java): %v", err)
		}
		t.Skipf("Saxon-HE is missing (%v); apt-get install -y libsaxonhe-java", err)
	}
	root := filepath.Join(corpusRoot(t), "en16931-validation")
	w := writeTable(t)
	ciiXSLT := filepath.Join(root, "cii/xslt/EN16931-CII-validation.xslt")
	ublXSLT := filepath.Join(root, "ubl/xslt/EN16931-UBL-validation.xslt")
	peppolXSLT := filepath.Join(root, "peppol-2026.5/xslt/PEPPOL-EN16931-UBL.xslt")

	// Saxon reads a folder: the UBL invoices and credit notes are linked into one, so that each
	// rule set runs once. Each folder also gets an official example broken on purpose, which
	// must fail the rules named in expect: the check can fail.
	work := t.TempDir()
	link := func(dir string, files ...string) string {
		dst := filepath.Join(work, dir)
		if err := os.MkdirAll(dst, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dst
	}
	brokenCII := filepath.Join(root, "broken-examples", "CII_example1-BROKEN.xml")
	brokenUBL := filepath.Join(root, "broken-examples", "ubl-tc434-example1-BROKEN.xml")
	ciiAll := link("cii", append(xmlFiles(t, w.cii), brokenCII)...)
	ublAll := link("ubl", append(append(xmlFiles(t, w.ublInvoice), xmlFiles(t, w.ublCredit)...), brokenUBL)...)
	runs := []struct {
		name, xslt, dir string
		expect          map[string][]string // file -> fatal rules it must fail; others must pass
	}{
		{"EN16931-CII", ciiXSLT, ciiAll, map[string][]string{filepath.Base(brokenCII): {"BR-CO-15", "BR-CO-16"}}},
		{"EN16931-UBL", ublXSLT, ublAll, map[string][]string{filepath.Base(brokenUBL): {"BR-CO-16", "BR-CL-01"}}},
		{"PEPPOL-EN16931-UBL", peppolXSLT, ublAll, map[string][]string{filepath.Base(brokenUBL): nil}},
		{"Factur-X-BASIC", filepath.Join(root, "facturx-xsd/facturx-basic/Factur-X_1.09_BASIC.xsl"), w.basicDir, nil},
		{"Factur-X-EXTENDED", filepath.Join(root, "facturx-xsd/facturx-extended/Factur-X_1.09_EXTENDED.xsl"), w.extendedDir, nil},
	}
	for _, run := range runs {
		t.Run(run.name, func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			start := time.Now()
			cmd := exec.Command(java, append(jvmFlags, "-cp", jar, "net.sf.saxon.Transform", "-s:"+run.dir, "-xsl:"+run.xslt, "-o:"+out)...)
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("saxon: %v\n%s", err, msg)
			}
			files := xmlFiles(t, run.dir)
			t.Logf("%d files in %s", len(files), time.Since(start).Round(time.Millisecond))
			warnings := map[string]int{}
			for _, f := range files {
				report, err := os.ReadFile(filepath.Join(out, filepath.Base(f)))
				if err != nil {
					t.Fatalf("no SVRL report for %s: %v", filepath.Base(f), err)
				}
				asserts, err := failedAsserts(report)
				if err != nil {
					t.Fatalf("%s: the SVRL report does not parse: %v", filepath.Base(f), err)
				}
				want, broken := run.expect[filepath.Base(f)]
				fatal := map[string]bool{}
				for _, a := range asserts {
					switch {
					case a.Flag != "fatal" && a.Flag != "error":
						warnings[a.ID]++
					case broken:
						fatal[a.ID] = true
					default:
						t.Errorf("%s: %s [%s] %s\n    at %s", filepath.Base(f), a.Flag, a.ID, strings.Join(strings.Fields(a.Text), " "), a.Location)
					}
				}
				for _, id := range want {
					if !fatal[id] {
						t.Errorf("%s, broken on purpose, does not fail %s (it fails %v): the check proves nothing", filepath.Base(f), id, fatal)
					}
				}
			}
			if len(warnings) > 0 {
				t.Logf("warnings (rule: files): %v", warnings)
			}
		})
	}
}
