package app

import (
	"context"
	"fmt"
	"slices"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice/notice"
)

// send mails one reminder and records it. A reminder that can never go out as things are is
// written into res.Error and is no error of the run; an error that may pass is returned.
func (s *Reminders) send(ctx context.Context, inv *o2c.Invoice, res *ReminderResult, today cal.Date) error {
	r := res.Reminder
	fail := func(err error) error {
		if o2c.ErrorCode(err) == o2c.CodeInvalid {
			res.Error = o2c.ErrorMessage(err)
			s.Invoices.Log.WarnContext(ctx, "reminder not sent", "invoice", inv.Number, "level", r.Level, "cause", res.Error)
			return nil
		}
		return err
	}
	if s.Invoices.Mail == nil {
		return fail(o2c.Errorf(o2c.CodeInvalid, "reminders cannot be mailed: no SMTP server is configured (o2c serve --smtp)"))
	}
	c, err := s.Invoices.Store.FindCustomerByID(ctx, inv.CustomerID)
	if o2c.ErrorCode(err) == o2c.CodeNotFound {
		return fail(o2c.Errorf(o2c.CodeInvalid, "customer %s of invoice %s is unknown", inv.CustomerID, inv.Number))
	} else if err != nil {
		return err
	}
	st, err := s.Invoices.Settings(ctx, c.ID)
	if err != nil {
		return err
	}
	res.To = or(st.Email, c.Email)
	if res.To == "" {
		return fail(o2c.Errorf(o2c.CodeInvalid, "customer %s has no e-mail address to remind of invoice %s", c.ID, inv.Number))
	}
	lang := notice.Lang(or(inv.Language, languageOfInvoice(c, st)))
	if !slices.Contains(notice.Languages, lang) {
		lang = notice.English
	}
	seller := s.Invoices.Seller
	data := notice.Data{Company: or(seller.TradingName, seller.Name), Customer: c.Name, CustomerCountry: c.Country,
		InvoiceNumber: inv.Number, IssueDate: inv.IssueDate, DueDate: inv.DueDate, Currency: inv.Currency,
		Total: inv.GrossTotal, Amount: r.Amount, Disputed: r.Disputed, DaysOverdue: r.DaysOverdue,
		IBAN: seller.IBAN, BIC: seller.BIC}
	if seller.LatePenaltyRate != nil {
		data.PenaltyRate = *seller.LatePenaltyRate
	}
	msg, err := notice.Render(notice.ReminderKind(r.Level), lang, data)
	if err != nil {
		return fmt.Errorf("write the %s reminder of invoice %s: %w", r.Level, inv.Number, err)
	}
	// The file name makes the mail's Message-ID: one per invoice and level, so a reminder mailed
	// again after a crash is shown once, and never taken for the invoice's own mail.
	a := o2c.Answer{Kind: "reminder", To: res.To, Filename: fmt.Sprintf("reminder-%s-%s", inv.Number, r.Level),
		Subject: msg.Subject, Text: msg.Text, HTML: msg.HTML}
	if s.Invoices.Renderer != nil {
		if name, ct, body, err := s.attachment(inv, lang); err != nil {
			s.Invoices.Log.WarnContext(ctx, "reminder goes without its invoice", "invoice", inv.Number, "err", err)
		} else {
			a.Filename, a.ContentType, a.Content = a.Filename+"-"+name, ct, body
		}
	}
	ref, err := s.Invoices.Mail.SendAnswer(ctx, a)
	if err != nil {
		return fail(fmt.Errorf("mail the %s reminder of invoice %s: %w", r.Level, inv.Number, err))
	}
	res.Sent, res.Ref = true, ref
	rec := &o2c.SentReminder{InvoiceID: inv.ID, Level: string(r.Level), Date: today, To: res.To, Amount: r.Amount,
		Currency: inv.Currency, Ref: ref, Actor: actorReminderJob}
	return s.Invoices.Store.InTx(ctx, func(tx o2c.Tx) error {
		if err := tx.CreateSentReminder(ctx, rec); o2c.ErrorCode(err) == o2c.CodeConflict {
			return nil // another run recorded it first; the mail had the same Message-ID
		} else if err != nil {
			return err
		}
		cur, err := tx.FindInvoiceByID(ctx, inv.ID)
		if err != nil {
			return err
		}
		note := fmt.Sprintf("%s reminder for %s %s mailed to %s", r.Level, r.Amount.StringFixed(2), inv.Currency, res.To)
		return invoiceEvent(ctx, tx, cur, actionReminded, actorReminderJob, "", note, rec)
	})
}

// attachment is the invoice file a reminder carries: the invoice in its own format.
func (s *Reminders) attachment(inv *o2c.Invoice, lang notice.Lang) (name, contentType string, body []byte, err error) {
	m, err := Model(inv)
	if err != nil {
		return "", "", nil, err
	}
	return s.Invoices.Renderer.Render(m, string(inv.Format), string(lang))
}
