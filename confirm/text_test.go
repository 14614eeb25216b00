package confirm

import (
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
)

// expectation is what every rendering of a testdata case must show.
type expectation struct {
	po     string
	lines  [][3]string // code (ours, else the buyer's), quantity as written in the language, and a word of the row's first text line
	total  string      // "" for a rejected order
	reason string      // a phrase of the reason, for a rejected order
}

var expected = map[string]expectation{
	"accepted_en": {po: "PO-4711", total: "2,799.85\u00a0EUR",
		lines: [][3]string{{"SN-33", "120", "SN-33"}, {"SN-34", "48", "SN-34"}, {"GL-9001", "250", "GL-9001"}, {"TW-2", "12.5", "TW-2"}}},
	"changed_fr": {po: "CMD-2026-0815", total: "6\u00a0215,00\u00a0EUR",
		lines: [][3]string{{"CF-500", "300", "CF-500"}, {"TH-20", "80", "TH-20"}, {"SU-1", "150", "SU-1"}, {"MUG-3", "0", "MUG-3"}}},
	"rejected_de": {po: "B-2026/117", reason: "keinem Kundenkonto zuordnen",
		// never resolved: the lines as written, with the buyer's codes under the descriptions
		lines: [][3]string{{"MEHL-550", "40", "Weizenmehl"}, {"HEFE", "1.200,5", "Frischhefe"}}},
}

func TestSubject(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"accepted_en": "Order confirmation OC-000123 for your order PO-4711",
		"changed_fr":  "Confirmation de commande OC-000124 avec modifications pour votre commande CMD-2026-0815",
		"rejected_de": "Ihre Bestellung B-2026/117 kann nicht angenommen werden (OC-000125)",
	} {
		if got := Subject(loadCase(t, name)); got != want {
			t.Errorf("%s: Subject = %q, want %q", name, got, want)
		}
	}
}

func TestSubjectWithoutPONumber(t *testing.T) {
	t.Parallel()
	c := loadCase(t, "changed_fr")
	o := *c.Order
	o.PONumber = ""
	c.Order = &o
	want := "Confirmation de commande OC-000124 avec modifications pour votre commande du 26 novembre 2026"
	if got := Subject(c); got != want {
		t.Fatalf("Subject = %q, want %q", got, want)
	}
}

// TestSubjectIsOneLine: a PO number is outside input; it must not add a header to the e-mail.
func TestSubjectIsOneLine(t *testing.T) {
	t.Parallel()
	c := loadCase(t, "accepted_en")
	o := *c.Order
	o.PONumber = "PO-1\r\nBcc: victim@example.com"
	c.Order = &o
	got := Subject(c)
	if strings.ContainsAny(got, "\r\n") {
		t.Fatalf("Subject has a line break: %q", got)
	}
	if want := "Order confirmation OC-000123 for your order PO-1 Bcc: victim@example.com"; got != want {
		t.Fatalf("Subject = %q, want %q", got, want)
	}
}

func TestText(t *testing.T) {
	t.Parallel()
	for name, c := range cases(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want, ok := expected[name]
			if !ok {
				t.Fatalf("no expectation for testdata/%s.json", name)
			}
			text := Text(c)
			golden(t, name+".txt", []byte(text))
			if !strings.Contains(text, want.po) {
				t.Errorf("no PO number %s", want.po)
			}
			for _, l := range want.lines {
				if row := tableRow(text, l[2]); !strings.Contains(row, " "+l[1]+" ") {
					t.Errorf("the row of %s is %q: no quantity %s", l[0], row, l[1])
				}
				if !strings.Contains(text, l[0]) {
					t.Errorf("no code %s", l[0])
				}
			}
			if want.total != "" && !strings.Contains(text, want.total) {
				t.Errorf("no total %q", want.total)
			}
			if want.total == "" && strings.Contains(text, localeFor(c.Language).netTotal) {
				t.Errorf("a rejected order shows a total")
			}
			if want.reason != "" && !strings.Contains(strings.Join(strings.Fields(text), " "), want.reason) {
				t.Errorf("no reason %q", want.reason)
			}
		})
	}
}

// tableRow returns the first line of the text that holds word between spaces, or "".
func tableRow(text, word string) string {
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, " "+word+" ") {
			return line
		}
	}
	return ""
}

// TestTotalInEachLanguage writes the same order in the three languages.
func TestTotalInEachLanguage(t *testing.T) {
	t.Parallel()
	for lang, want := range map[string]string{"en": "2,799.85\u00a0EUR", "fr": "2\u00a0799,85\u00a0EUR", "de": "2.799,85\u00a0EUR"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			c := loadCase(t, "accepted_en")
			c.Language = lang
			if text := Text(c); !strings.Contains(text, want) {
				t.Errorf("Text has no total %q", want)
			}
			if h := HTML(c); !strings.Contains(h, want) {
				t.Errorf("HTML has no total %q", want)
			}
		})
	}
}

func TestChanges(t *testing.T) {
	t.Parallel()
	got := build(loadCase(t, "changed_fr")).Changes
	want := []string{
		"Ligne 2 (TH-20)\u00a0: quantité 80 au lieu de 100. Stock limité : le solde sera proposé en janvier.",
		"Ligne 3 (SU-1)\u00a0: prix unitaire 2,10\u00a0EUR au lieu de 1,95\u00a0EUR, livraison le 9 décembre 2026. Nouveau tarif au 1er décembre.",
		"Ligne 4 (MUG-3)\u00a0: non livrée. Article arrêté.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("Changes:\n got %q\nwant %q", got, want)
	}
}

// TestLineStatus: a line without an answer has the order's status, accepted in a changed order.
func TestLineStatus(t *testing.T) {
	t.Parallel()
	v := build(loadCase(t, "changed_fr"))
	var got []Status
	for _, r := range v.Lines {
		got = append(got, r.Status)
	}
	want := []Status{Accepted, Changed, Changed, Rejected}
	if len(got) != len(want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("statuses %v, want %v", got, want)
		}
	}
	for _, r := range build(loadCase(t, "rejected_de")).Lines {
		if r.Status != Rejected {
			t.Fatalf("line %s of a rejected order is %s", r.No, r.Status)
		}
	}
}

func TestBadConfirmationPanics(t *testing.T) {
	t.Parallel()
	good := loadCase(t, "accepted_en")
	for name, c := range map[string]Confirmation{
		"ErrNoOrder":     {Status: Accepted, Number: "OC-1"},
		"ErrStatus":      {Order: good.Order, Status: "refused", Number: "OC-1"},
		"ErrLineStatus":  {Order: good.Order, Status: Changed, Lines: []LineAnswer{{LineNo: 1, Status: "ok"}}},
		"ErrEmptyStatus": {Order: &o2c.Order{}, Number: "OC-1"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			defer func() {
				if recover() == nil {
					t.Fatal("Text did not panic")
				}
			}()
			Text(c)
		})
	}
}
