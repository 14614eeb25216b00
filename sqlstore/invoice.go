package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
)

// Invoices keep their EN 16931 content as JSON text, written and compared byte for byte: the store
// refuses any change of it once the invoice is issued. Amounts are BIGINT minor units of the
// invoice's currency, since SQL will sum open items.

const invoiceColumns = `id, number, series, kind, status, customer_id, order_ids, po_numbers, document, currency,
	issue_date, due_date, net_total, vat_total, gross_total, amount_due, amount_paid, amount_disputed,
	corrects_id, credited_by_id, format, language, reason, faults, version, created_at, updated_at,
	issued_at, sent_at`

// Page sizes of FindInvoices.
const (
	DefaultInvoiceLimit = 50
	MaxInvoiceLimit     = 500
)

func scanInvoice(s rowScanner) (*o2c.Invoice, error) {
	var (
		inv                                   o2c.Invoice
		orderIDs, poNumbers, document, faults string
		net, vat, gross, due, paid, disputed  int64
		corrects, creditedBy                  sql.NullInt64
	)
	err := s.Scan(&inv.ID, &inv.Number, &inv.Series, &inv.Kind, &inv.Status, &inv.CustomerID, &orderIDs, &poNumbers,
		&document, &inv.Currency, &inv.IssueDate, &inv.DueDate, &net, &vat, &gross, &due, &paid, &disputed,
		&corrects, &creditedBy, &inv.Format, &inv.Language, &inv.Reason, &faults, &inv.Version,
		instantScanner{&inv.CreatedAt}, instantScanner{&inv.UpdatedAt}, instantScanner{&inv.IssuedAt}, instantScanner{&inv.SentAt})
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(orderIDs), &inv.OrderIDs); err != nil {
		return nil, fmt.Errorf("invoice %d order_ids: %w", inv.ID, err)
	}
	if err := json.Unmarshal([]byte(faults), &inv.Faults); err != nil {
		return nil, fmt.Errorf("invoice %d faults: %w", inv.ID, err)
	}
	inv.PONumbers = strings.Fields(poNumbers)
	inv.Document = json.RawMessage(document)
	cur := money.Currency(inv.Currency)
	inv.NetTotal, inv.VATTotal, inv.GrossTotal = cur.FromMinor(net), cur.FromMinor(vat), cur.FromMinor(gross)
	inv.AmountDue, inv.AmountPaid, inv.AmountDisputed = cur.FromMinor(due), cur.FromMinor(paid), cur.FromMinor(disputed)
	inv.CorrectsID, inv.CreditedByID = corrects.Int64, creditedBy.Int64
	return &inv, nil
}

func (r *reader) findInvoices(ctx context.Context, query string, args ...any) ([]*o2c.Invoice, error) {
	rows, err := r.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*o2c.Invoice
	for rows.Next() {
		inv, err := scanInvoice(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, inv)
	}
	return out, rows.Err()
}

// FindInvoiceByID returns one invoice. CodeNotFound.
func (r *reader) FindInvoiceByID(ctx context.Context, id int64) (*o2c.Invoice, error) {
	inv, err := scanInvoice(r.queryRow(ctx, `SELECT `+invoiceColumns+` FROM invoices WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "invoice %d not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("find invoice %d: %w", id, err)
	}
	return inv, nil
}

// FindInvoiceByNumber returns the invoice of a legal number. CodeNotFound.
func (r *reader) FindInvoiceByNumber(ctx context.Context, number string) (*o2c.Invoice, error) {
	if number == "" {
		return nil, o2c.Errorf(o2c.CodeNotFound, "no invoice has an empty number")
	}
	inv, err := scanInvoice(r.queryRow(ctx, `SELECT `+invoiceColumns+` FROM invoices WHERE number = $1`, number))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "invoice %s not found", number)
	} else if err != nil {
		return nil, fmt.Errorf("find invoice %s: %w", number, err)
	}
	return inv, nil
}

// FindInvoices returns one page of invoices, newest first, and the total count matching f.
func (r *reader) FindInvoices(ctx context.Context, f o2c.InvoiceFilter) ([]*o2c.Invoice, int, error) {
	var w where
	if len(f.Status) > 0 {
		ph := make([]string, len(f.Status))
		for i, s := range f.Status {
			ph[i] = w.arg(s)
		}
		w.add("status IN (" + strings.Join(ph, ", ") + ")")
	}
	if f.Kind != "" {
		w.add("kind = " + w.arg(f.Kind))
	}
	if f.CustomerID != "" {
		w.add("customer_id = " + w.arg(f.CustomerID))
	}
	if f.OrderID != 0 {
		w.add("id IN (SELECT invoice_id FROM invoice_orders WHERE order_id = " + w.arg(f.OrderID) + ")")
	}
	if f.CorrectsID != 0 {
		w.add("corrects_id = " + w.arg(f.CorrectsID))
	}
	if !f.IssuedFrom.IsZero() {
		w.add("issue_date >= " + w.arg(f.IssuedFrom))
	}
	if !f.IssuedTo.IsZero() {
		w.add("issue_date <= " + w.arg(f.IssuedTo))
	}
	if !f.DueBefore.IsZero() {
		closed := []o2c.InvoiceStatus{o2c.InvoiceDraft, o2c.InvoicePaid, o2c.InvoiceCredited}
		w.add("due_date < " + w.arg(f.DueBefore) + " AND status NOT IN (" + w.arg(closed[0]) + ", " +
			w.arg(closed[1]) + ", " + w.arg(closed[2]) + ")")
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		p := w.arg(likeContains(strings.ToLower(q)))
		w.add(`(lower(number) LIKE ` + p + ` ESCAPE '\' OR lower(po_numbers) LIKE ` + p + ` ESCAPE '\')`)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultInvoiceLimit
	}
	limit = min(limit, MaxInvoiceLimit)
	offset := max(f.Offset, 0)
	filter := w.sql()
	filterArgs := len(w.args)
	page := `SELECT ` + invoiceColumns + ` FROM invoices` + filter +
		` ORDER BY issue_date DESC, id DESC LIMIT ` + w.arg(limit) + ` OFFSET ` + w.arg(offset)
	list, err := r.findInvoices(ctx, page, w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find invoices: %w", err)
	}
	if len(list) < limit && (len(list) > 0 || offset == 0) {
		return list, offset + len(list), nil
	}
	var total int
	if err := r.queryRow(ctx, `SELECT count(*) FROM invoices`+filter, w.args[:filterArgs]...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count invoices: %w", err)
	}
	return list, total, nil
}

// invoiceValues returns the parameters of every column but id, version and the instants that
// the store sets, in the order of insertInvoiceQuery.
func (r *reader) invoiceValues(inv *o2c.Invoice) ([]any, error) {
	if !inv.Status.Valid() {
		return nil, o2c.Errorf(o2c.CodeInvalid, "invoice status %q is unknown", inv.Status)
	}
	if inv.Kind != o2c.KindInvoice && inv.Kind != o2c.KindCreditNote {
		return nil, o2c.Errorf(o2c.CodeInvalid, "invoice kind %q is unknown", inv.Kind)
	}
	if inv.Status != o2c.InvoiceDraft && inv.Number == "" {
		return nil, o2c.Errorf(o2c.CodeInvalid, "an invoice that is %s needs its number", inv.Status)
	}
	cur, err := money.ParseCurrency(inv.Currency)
	if err != nil {
		return nil, o2c.Errorf(o2c.CodeInvalid, "invoice currency: %s", err.Error())
	}
	amounts := make([]any, 0, 6)
	for _, d := range [...]struct {
		name string
		v    func() (int64, error)
	}{
		{"net_total", func() (int64, error) { return cur.ToMinor(inv.NetTotal) }},
		{"vat_total", func() (int64, error) { return cur.ToMinor(inv.VATTotal) }},
		{"gross_total", func() (int64, error) { return cur.ToMinor(inv.GrossTotal) }},
		{"amount_due", func() (int64, error) { return cur.ToMinor(inv.AmountDue) }},
		{"amount_paid", func() (int64, error) { return cur.ToMinor(inv.AmountPaid) }},
		{"amount_disputed", func() (int64, error) { return cur.ToMinor(inv.AmountDisputed) }},
	} {
		m, err := d.v()
		if err != nil {
			return nil, o2c.Errorf(o2c.CodeInvalid, "invoice %s: %s", d.name, err.Error())
		}
		amounts = append(amounts, m)
	}
	ids := inv.OrderIDs
	if ids == nil {
		ids = []int64{}
	}
	orderIDs, err := jsonText(ids)
	if err != nil {
		return nil, err
	}
	faults := inv.Faults
	if faults == nil {
		faults = []o2c.Fault{}
	}
	faultsText, err := jsonText(faults)
	if err != nil {
		return nil, err
	}
	po := ""
	if len(inv.PONumbers) > 0 {
		po = " " + strings.Join(inv.PONumbers, " ") + " "
	}
	if len(inv.Document) == 0 || !json.Valid(inv.Document) {
		return nil, o2c.Errorf(o2c.CodeInvalid, "invoice content is not JSON")
	}
	vals := []any{inv.Number, inv.Series, inv.Kind, inv.Status, inv.CustomerID, orderIDs, po, string(inv.Document),
		string(cur), inv.IssueDate, inv.DueDate}
	vals = append(vals, amounts...)
	return append(vals, idOrNull(inv.CorrectsID), idOrNull(inv.CreditedByID), inv.Format, inv.Language, inv.Reason,
		faultsText, r.instant(inv.IssuedAt), r.instant(inv.SentAt)), nil
}

func idOrNull(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const insertInvoiceQuery = `
	INSERT INTO invoices (number, series, kind, status, customer_id, order_ids, po_numbers, document, currency,
		issue_date, due_date, net_total, vat_total, gross_total, amount_due, amount_paid, amount_disputed,
		corrects_id, credited_by_id, format, language, reason, faults, issued_at, sent_at,
		version, created_at, updated_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
		$22, $23, $24, $25, 1, $26, $26)
	RETURNING id`

const updateInvoiceQuery = `
	UPDATE invoices SET number = $1, series = $2, kind = $3, status = $4, customer_id = $5, order_ids = $6,
		po_numbers = $7, document = $8, currency = $9, issue_date = $10, due_date = $11, net_total = $12,
		vat_total = $13, gross_total = $14, amount_due = $15, amount_paid = $16, amount_disputed = $17,
		corrects_id = $18, credited_by_id = $19, format = $20, language = $21, reason = $22, faults = $23,
		issued_at = $24, sent_at = $25, updated_at = $26, version = version + 1
	WHERE id = $27 AND version = $28`

// CreateInvoice stores a new invoice and links its orders. CodeConflict when an order is invoiced
// already or the number is taken.
func (t *tx) CreateInvoice(ctx context.Context, inv *o2c.Invoice) error {
	values, err := t.invoiceValues(inv)
	if err != nil {
		return err
	}
	var id int64
	err = t.queryRow(ctx, insertInvoiceQuery, append(values, t.instant(t.now))...).Scan(&id)
	if t.d.IsUniqueViolation(err) {
		return o2c.Errorf(o2c.CodeConflict, "invoice number %s is taken", inv.Number)
	} else if err != nil {
		return fmt.Errorf("create invoice for customer %s: %w", inv.CustomerID, err)
	}
	if err := t.linkOrders(ctx, id, inv.OrderIDs); err != nil {
		return err
	}
	inv.ID, inv.Version, inv.CreatedAt, inv.UpdatedAt = id, 1, t.now, t.now
	inv.IssuedAt, inv.SentAt = storedInstant(inv.IssuedAt), storedInstant(inv.SentAt)
	return nil
}

// linkOrders records which orders an invoice covers; an order already linked is a conflict.
func (t *tx) linkOrders(ctx context.Context, invoiceID int64, orderIDs []int64) error {
	for _, oid := range orderIDs {
		_, err := t.exec(ctx, `INSERT INTO invoice_orders (order_id, invoice_id) VALUES ($1, $2)`, oid, invoiceID)
		if t.d.IsUniqueViolation(err) {
			return o2c.Errorf(o2c.CodeConflict, "order %d is invoiced already", oid)
		} else if err != nil {
			return fmt.Errorf("link order %d to invoice %d: %w", oid, invoiceID, err)
		}
	}
	return nil
}

// frozen is what an issued invoice may never change: its legal content and identity.
type frozen struct {
	number, series, kind, customerID, orderIDs, document, currency, issueDate, dueDate string
	net, vat, gross, due                                                               int64
	corrects                                                                           sql.NullInt64
}

// UpdateInvoice saves inv under its version. An issued invoice keeps its frozen columns: a change
// of any of them is refused, since only a credit note corrects an invoice.
func (t *tx) UpdateInvoice(ctx context.Context, inv *o2c.Invoice) error {
	values, err := t.invoiceValues(inv)
	if err != nil {
		return err
	}
	var (
		stored  frozen
		status  o2c.InvoiceStatus
		version int64
	)
	// Dates come back as text on SQLite and as time on PostgreSQL: compare them as cal.Date text.
	var issueDate, dueDate dateText
	err = t.queryRow(ctx, `SELECT status, version, number, series, kind, customer_id, order_ids, document, currency,
		issue_date, due_date, net_total, vat_total, gross_total, amount_due, corrects_id FROM invoices WHERE id = $1`, inv.ID).
		Scan(&status, &version, &stored.number, &stored.series, &stored.kind, &stored.customerID, &stored.orderIDs,
			&stored.document, &stored.currency, &issueDate, &dueDate, &stored.net, &stored.vat, &stored.gross, &stored.due,
			&stored.corrects)
	if errors.Is(err, sql.ErrNoRows) {
		return o2c.Errorf(o2c.CodeNotFound, "invoice %d not found", inv.ID)
	} else if err != nil {
		return fmt.Errorf("update invoice %d: %w", inv.ID, err)
	}
	if version != inv.Version {
		return o2c.Errorf(o2c.CodeConflict, "invoice %d was changed by someone else (version %d, not %d): reload it",
			inv.ID, version, inv.Version)
	}
	stored.issueDate, stored.dueDate = string(issueDate), string(dueDate)
	if status != o2c.InvoiceDraft {
		if field := changedFrozen(stored, values); field != "" {
			return o2c.Errorf(o2c.CodeInvalid, "invoice %s is issued and is never edited (its %s would change): "+
				"a credit note corrects it", stored.number, field)
		}
	}
	args := append(values, t.instant(t.now), inv.ID, inv.Version)
	res, err := t.exec(ctx, updateInvoiceQuery, args...)
	if t.d.IsUniqueViolation(err) {
		return o2c.Errorf(o2c.CodeConflict, "invoice number %s is taken", inv.Number)
	} else if err != nil {
		return fmt.Errorf("update invoice %d: %w", inv.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("update invoice %d: %w", inv.ID, err)
	} else if n == 0 {
		return o2c.Errorf(o2c.CodeConflict, "invoice %d was changed by someone else: reload it", inv.ID)
	}
	if status == o2c.InvoiceDraft && stored.orderIDs != values[5] {
		// A draft may be rebuilt for other orders: its links follow.
		if _, err := t.exec(ctx, `DELETE FROM invoice_orders WHERE invoice_id = $1`, inv.ID); err != nil {
			return fmt.Errorf("update invoice %d orders: %w", inv.ID, err)
		}
		if err := t.linkOrders(ctx, inv.ID, inv.OrderIDs); err != nil {
			return err
		}
	}
	inv.Version++
	inv.UpdatedAt = t.now
	inv.IssuedAt, inv.SentAt = storedInstant(inv.IssuedAt), storedInstant(inv.SentAt)
	return nil
}

// changedFrozen names the first frozen column that values (as invoiceValues orders them) would
// change, or "".
func changedFrozen(s frozen, values []any) string {
	text := func(v any) string {
		switch x := v.(type) {
		case string:
			return x
		case fmt.Stringer:
			return x.String()
		case nil:
			return ""
		}
		return fmt.Sprint(v)
	}
	checks := []struct {
		name      string
		was, will string
	}{
		{"number", s.number, text(values[0])},
		{"series", s.series, text(values[1])},
		{"kind", s.kind, text(values[2])},
		{"customer", s.customerID, text(values[4])},
		{"orders", s.orderIDs, text(values[5])},
		{"currency", s.currency, text(values[8])},
		{"issue date", s.issueDate, text(values[9])},
		{"due date", s.dueDate, text(values[10])},
		{"net total", fmt.Sprint(s.net), text(values[11])},
		{"VAT total", fmt.Sprint(s.vat), text(values[12])},
		{"gross total", fmt.Sprint(s.gross), text(values[13])},
		{"amount due", fmt.Sprint(s.due), text(values[14])},
	}
	for _, c := range checks {
		if c.was != c.will {
			return c.name
		}
	}
	if !bytes.Equal([]byte(s.document), []byte(text(values[7]))) {
		return "content"
	}
	corrects := int64(0)
	if v, ok := values[17].(int64); ok {
		corrects = v
	}
	if s.corrects.Int64 != corrects {
		return "corrected invoice"
	}
	return ""
}

// dateText scans a DATE or a 'YYYY-MM-DD' TEXT column (or NULL) as its YYYY-MM-DD text.
type dateText string

func (d *dateText) Scan(src any) error {
	var c cal.Date
	if err := c.Scan(src); err != nil {
		return err
	}
	*d = dateText(c.String())
	return nil
}

// NextInvoiceSeq takes the next number of a series and year. The upsert locks the counter row
// until the transaction ends, so concurrent issuers wait for each other, and a rollback undoes
// the increment: no gap, no duplicate.
func (t *tx) NextInvoiceSeq(ctx context.Context, series string, year int) (int64, error) {
	if strings.TrimSpace(series) == "" {
		return 0, o2c.Errorf(o2c.CodeInvalid, "an invoice series needs a code")
	}
	if year < 1000 || year > 9999 {
		return 0, o2c.Errorf(o2c.CodeInvalid, "invoice year %d is out of range", year)
	}
	var seq int64
	err := t.queryRow(ctx, `
		INSERT INTO invoice_counters (series, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (series, year) DO UPDATE SET last = invoice_counters.last + 1
		RETURNING last`, series, year).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("next number of series %s %d: %w", series, year, err)
	}
	return seq, nil
}

const invoicingSettingsColumns = `customer_id, mode, format, language, email, reminders, updated_by, updated_at`

func scanInvoicingSettings(s rowScanner) (*o2c.InvoicingSettings, error) {
	var st o2c.InvoicingSettings
	err := s.Scan(&st.CustomerID, &st.Mode, &st.Format, &st.Language, &st.Email, &st.Reminders, &st.UpdatedBy,
		instantScanner{&st.UpdatedAt})
	if err != nil {
		return nil, err
	}
	return &st, nil
}

// FindInvoicingSettings returns a customer's settings. CodeNotFound when it has none.
func (r *reader) FindInvoicingSettings(ctx context.Context, customerID string) (*o2c.InvoicingSettings, error) {
	st, err := scanInvoicingSettings(r.queryRow(ctx,
		`SELECT `+invoicingSettingsColumns+` FROM invoicing_settings WHERE customer_id = $1`, customerID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "customer %s has no invoicing settings", customerID)
	} else if err != nil {
		return nil, fmt.Errorf("find invoicing settings of customer %s: %w", customerID, err)
	}
	return st, nil
}

// FindInvoicingSettingsByMode lists the settings of the customers invoiced in mode.
func (r *reader) FindInvoicingSettingsByMode(ctx context.Context, mode o2c.InvoicingMode) ([]*o2c.InvoicingSettings, error) {
	rows, err := r.query(ctx, `SELECT `+invoicingSettingsColumns+` FROM invoicing_settings WHERE mode = $1 ORDER BY customer_id`, mode)
	if err != nil {
		return nil, fmt.Errorf("find invoicing settings in mode %s: %w", mode, err)
	}
	defer rows.Close()
	var out []*o2c.InvoicingSettings
	for rows.Next() {
		st, err := scanInvoicingSettings(rows)
		if err != nil {
			return nil, fmt.Errorf("find invoicing settings in mode %s: %w", mode, err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// SaveInvoicingSettings inserts or replaces a customer's settings. CodeNotFound for an unknown customer.
func (t *tx) SaveInvoicingSettings(ctx context.Context, s *o2c.InvoicingSettings) error {
	if !slices.Contains(o2c.InvoicingModes, s.Mode) || !slices.Contains(o2c.InvoiceFormats, s.Format) {
		return o2c.Errorf(o2c.CodeInvalid, "invoicing mode %q or format %q is unknown", s.Mode, s.Format)
	}
	var n int
	if err := t.queryRow(ctx, `SELECT count(*) FROM customers WHERE customer_id = $1`, s.CustomerID).Scan(&n); err != nil {
		return fmt.Errorf("save invoicing settings of customer %s: %w", s.CustomerID, err)
	}
	if n == 0 {
		return o2c.Errorf(o2c.CodeNotFound, "customer %s not found", s.CustomerID)
	}
	_, err := t.exec(ctx, `
		INSERT INTO invoicing_settings (`+invoicingSettingsColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (customer_id) DO UPDATE SET mode = excluded.mode, format = excluded.format,
			language = excluded.language, email = excluded.email, reminders = excluded.reminders,
			updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		s.CustomerID, s.Mode, s.Format, s.Language, s.Email, s.Reminders, s.UpdatedBy, t.instant(t.now))
	if err != nil {
		return fmt.Errorf("save invoicing settings of customer %s: %w", s.CustomerID, err)
	}
	s.UpdatedAt = t.now
	return nil
}
