package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/bank"
)

// Audit entity of bank CSV mappings.
const entityBankMapping = "bank_csv_mapping"

// SaveCSVMapping saves a mapping for one bank's CSV export under m.Bank, the name people know it
// by; the next import of a CSV file that cannot be read on its own tries it. CodeInvalid for a
// mapping without a name or that names no amount column.
func (s *Payments) SaveCSVMapping(ctx context.Context, m bank.CSVMapping, actor string) (*o2c.BankCSVMapping, error) {
	m.Bank = strings.TrimSpace(m.Bank)
	if m.Bank == "" || len(m.Bank) > 100 {
		return nil, o2c.Invalid(o2c.Fault{Rule: "BANKMAP-01", Path: "$.bank", Message: "a mapping needs the bank's name (1 to 100 characters)"})
	}
	if !slices.Contains([]string{"", ";", ",", "\t", "|"}, m.Delimiter) {
		return nil, o2c.Invalid(o2c.Fault{Rule: "BANKMAP-03", Path: "$.delimiter", Message: "the delimiter is ; , | or a tab"})
	}
	if !slices.Contains([]string{"", ",", "."}, m.DecimalSeparator) {
		return nil, o2c.Invalid(o2c.Fault{Rule: "BANKMAP-04", Path: "$.decimal_separator", Message: "the decimal separator is , or ."})
	}
	if len(m.Columns) == 0 {
		return nil, o2c.Invalid(o2c.Fault{Rule: "BANKMAP-02", Path: "$.columns", Message: "a mapping names the columns that matter"})
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode bank CSV mapping %q: %w", m.Bank, err)
	}
	saved := o2c.BankCSVMapping{Name: m.Bank, Mapping: raw, UpdatedBy: actorOr(actor)}
	err = s.Store.InTx(ctx, func(tx o2c.Tx) error {
		if err := tx.SaveBankCSVMapping(ctx, saved); err != nil {
			return err
		}
		saved.UpdatedAt = tx.Now()
		return tx.AddEvent(ctx, &o2c.AuditEvent{Entity: entityBankMapping, EntityID: m.Bank, Action: "saved",
			Actor: actorOr(actor), After: raw})
	})
	if err != nil {
		return nil, err
	}
	return &saved, nil
}

// CSVMappings lists the saved bank CSV mappings by name.
func (s *Payments) CSVMappings(ctx context.Context) ([]*o2c.BankCSVMapping, error) {
	return s.Store.FindBankCSVMappings(ctx)
}

// DeleteCSVMapping removes a saved mapping. CodeNotFound when there is none of that name.
func (s *Payments) DeleteCSVMapping(ctx context.Context, name, actor string) error {
	return s.Store.InTx(ctx, func(tx o2c.Tx) error {
		if err := tx.DeleteBankCSVMapping(ctx, name); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &o2c.AuditEvent{Entity: entityBankMapping, EntityID: name, Action: "deleted", Actor: actorOr(actor)})
	})
}

// parseStatements reads a statement file: as bank.Parse does, and for a CSV export that it cannot
// read by its column names, with each saved mapping in turn; the first that reads it wins and is
// named in the report. When none does, the error says what was tried.
func (s *Payments) parseStatements(ctx context.Context, name string, content []byte, rep *StatementReport) ([]bank.Statement, error) {
	statements, err := bank.Parse(name, content)
	if err == nil || bank.Detect(name, content) != bank.FormatCSV {
		return statements, err
	}
	saved, ferr := s.Store.FindBankCSVMappings(ctx)
	if ferr != nil {
		return nil, fmt.Errorf("read the saved bank CSV mappings: %w", ferr)
	}
	var tried []string
	for _, sm := range saved {
		var m bank.CSVMapping
		if json.Unmarshal(sm.Mapping, &m) != nil {
			continue
		}
		if got, perr := bank.ParseCSV(content, &m); perr == nil && len(got) > 0 {
			rep.Mapping = sm.Name
			return got, nil
		}
		tried = append(tried, sm.Name)
	}
	if len(tried) == 0 {
		return nil, o2c.Errorf(o2c.ErrorCode(err), "%s (PUT /api/v1/bank/csv-mappings/{bank}), then import the file again", o2c.ErrorMessage(err))
	}
	return nil, o2c.Errorf(o2c.ErrorCode(err), "%s; none of the saved mappings (%s) reads it either", o2c.ErrorMessage(err), strings.Join(tried, ", "))
}
