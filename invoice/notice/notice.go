// Package notice writes the mails that go with invoices: the mail that sends an invoice and
// the reminders of each dunning level, in English, French and German, each as a subject, a plain
// text and an HTML body. The texts are text/template and html/template files embedded in the
// binary; they read every value from a map and fail on a key they do not know
// (missingkey=error), so that a misspelt field is an error and never an empty hole in a mail.
package notice

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"slices"
	"strings"
	texttemplate "text/template"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice/dunning"
)

// Lang is the language of a mail: an ISO 639-1 code.
type Lang string

// Languages of the mails.
const (
	English Lang = "en"
	French  Lang = "fr"
	German  Lang = "de"
)

// Languages lists the languages there are texts for.
var Languages = []Lang{English, French, German}

// Kind is which mail: the invoice itself or a reminder of a dunning level.
type Kind string

// Kinds of mail.
const (
	KindInvoice  Kind = "invoice"              // sends a new invoice or credit note
	KindFriendly Kind = Kind(dunning.Friendly) // first reminder
	KindFirm     Kind = Kind(dunning.Firm)     // second reminder
	KindFinal    Kind = Kind(dunning.Final)    // last notice: penalties and, in France, the 40 EUR indemnity
)

// Kinds lists every kind of mail.
var Kinds = []Kind{KindInvoice, KindFriendly, KindFirm, KindFinal}

// ReminderKind is the kind of mail of a dunning level.
func ReminderKind(l dunning.Level) Kind { return Kind(l) }

// Data is what a mail says. Amounts are in Currency.
type Data struct {
	Company         string          // our name, as the customer knows us
	Customer        string          // the customer's name
	CustomerCountry string          // ISO 3166-1 alpha-2; FR adds the 40 EUR recovery indemnity to the final notice
	InvoiceNumber   string          // BT-1
	IssueDate       cal.Date        // BT-2
	DueDate         cal.Date        // BT-9
	Currency        string          // ISO 4217
	Total           decimal.Decimal // the invoice's total with VAT
	Amount          decimal.Decimal // what the mail asks for: for a reminder, the open and undisputed amount
	Disputed        decimal.Decimal // the contested part a reminder leaves out; zero when none
	DaysOverdue     int             // for a reminder
	PaymentLink     string          // where to pay online; optional
	IBAN            string          // where to pay by transfer; optional
	BIC             string
	PortalLink      string          // where the customer sees its invoices; optional
	PenaltyRate     decimal.Decimal // yearly late-payment interest in percent, stated in the final notice; zero: not stated
}

// Message is a mail's content.
type Message struct {
	Subject string
	Text    string
	HTML    string
}

//go:embed templates
var files embed.FS

// The templates of each language, parsed once; a template that does not parse is a bug of the
// binary, found by the first test.
var (
	texts = map[Lang]*texttemplate.Template{}
	pages = map[Lang]*htmltemplate.Template{}
)

func init() {
	for _, l := range Languages {
		texts[l] = texttemplate.Must(texttemplate.New(string(l)).Option("missingkey=error").
			ParseFS(files, "templates/"+string(l)+".txt"))
		pages[l] = htmltemplate.Must(htmltemplate.New(string(l)).Option("missingkey=error").Funcs(htmlFuncs).
			ParseFS(files, "templates/layout.html", "templates/"+string(l)+".html"))
	}
}

// htmlFuncs lets a page hand its labels and values to the shared "amounts" table.
var htmlFuncs = htmltemplate.FuncMap{"list": func(v ...string) []string { return v }}

// frenchIndemnity is the fixed recovery indemnity a French business debtor owes on any late
// payment (Code de commerce, L441-10 and D441-5).
var frenchIndemnity = decimal.NewFromInt(40)

// Render writes the mail of a kind in a language.
//
// Errors: CodeInvalid for a kind or language there are no texts for; CodeInternal when a
// template fails, which is a bug.
func Render(kind Kind, lang Lang, d Data) (Message, error) {
	if !slices.Contains(Kinds, kind) {
		return Message{}, o2c.Errorf(o2c.CodeInvalid, "there is no mail of kind %q", kind)
	}
	if !slices.Contains(Languages, lang) {
		return Message{}, o2c.Errorf(o2c.CodeInvalid, "there are no mail texts in language %q (only en, fr, de)", lang)
	}
	return render(kind, lang, viewOf(lang, d))
}

// render executes the templates of a kind on a view.
func render(kind Kind, lang Lang, view map[string]any) (Message, error) {
	var subject, text, page bytes.Buffer
	if err := texts[lang].ExecuteTemplate(&subject, string(kind)+".subject", view); err != nil {
		return Message{}, fmt.Errorf("render the subject of the %s mail in %s: %w", kind, lang, err)
	}
	// A subject is one header line; its no-break spaces stay.
	view["subject"] = strings.TrimSpace(strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(subject.String()))
	if err := texts[lang].ExecuteTemplate(&text, string(kind)+".text", view); err != nil {
		return Message{}, fmt.Errorf("render the text of the %s mail in %s: %w", kind, lang, err)
	}
	if err := pages[lang].ExecuteTemplate(&page, string(kind)+".html", view); err != nil {
		return Message{}, fmt.Errorf("render the HTML of the %s mail in %s: %w", kind, lang, err)
	}
	return Message{Subject: view["subject"].(string), Text: strings.TrimSpace(text.String()) + "\n", HTML: page.String()}, nil
}

// viewOf is what the templates read: every value already written for the language, so that the
// templates hold no logic beyond "if".
func viewOf(lang Lang, d Data) map[string]any {
	penalty := ""
	if d.PenaltyRate.Sign() > 0 {
		penalty = strings.Replace(d.PenaltyRate.String(), ".", map[Lang]string{English: ".", French: ",", German: ","}[lang], 1)
	}
	disputed := ""
	if d.Disputed.Sign() > 0 {
		disputed = FormatAmount(lang, d.Disputed, d.Currency)
	}
	return map[string]any{
		"lang":             string(lang),
		"company":          d.Company,
		"customer":         d.Customer,
		"number":           d.InvoiceNumber,
		"issue_date":       FormatDate(lang, d.IssueDate),
		"due_date":         FormatDate(lang, d.DueDate),
		"total":            FormatAmount(lang, d.Total, d.Currency),
		"amount":           FormatAmount(lang, d.Amount, d.Currency),
		"disputed":         disputed,
		"days_overdue":     d.DaysOverdue,
		"payment_link":     d.PaymentLink,
		"iban":             d.IBAN,
		"bic":              d.BIC,
		"portal_link":      d.PortalLink,
		"penalty_rate":     penalty,
		"french_indemnity": strings.EqualFold(d.CustomerCountry, "FR"),
		"indemnity":        FormatAmount(lang, frenchIndemnity, "EUR"),
	}
}
