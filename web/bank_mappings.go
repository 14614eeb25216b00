package web

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"

	"github.com/danielgtaylor/huma/v2"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/bank"
)

// routeBankMappings serves the mappings people save for bank CSV exports that the column names
// alone do not explain.
func (s *server) routeBankMappings(pay *app.Payments) {
	const tag = "Bank"
	read, write := o2c.ScopeInvoicesRead, o2c.ScopeInvoicesWrite
	about := " A CSV export whose columns are not recognised by their names (English, French, German) is read with " +
		"each saved mapping in turn; the import's report names the one that read it."

	op := s.operation(http.MethodGet, "/bank/csv-mappings", "list-bank-csv-mappings", tag, read, "List the saved bank CSV mappings")
	op.Description += about
	huma.Register(s.api, op, func(ctx context.Context, _ *struct{}) (*bankMappingsOutput, error) {
		list, err := pay.CSVMappings(ctx)
		if err != nil {
			return nil, err
		}
		out := &bankMappingsOutput{}
		out.Body.Items = make([]bankMappingShown, 0, len(list))
		for _, m := range list {
			out.Body.Items = append(out.Body.Items, shownBankMapping(m))
		}
		return out, nil
	})

	body := s.body(reflect.TypeFor[bankMappingBody]())
	op = withBody(s.operation(http.MethodPut, "/bank/csv-mappings/{name}", "put-bank-csv-mapping", tag, write,
		"Save a bank's CSV mapping"), body.schema, "The mapping: delimiter, encoding, header row, the columns that matter and what each holds, decimal separator, date order, currency, account.")
	op.Description += about + " The name in the path is the bank's, as people know it."
	huma.Register(s.api, op, func(ctx context.Context, in *bankMappingInput) (*bankMappingOutput, error) {
		var b bankMappingBody
		if err := body.read(in.ContentType, in.RawBody, &b); err != nil {
			return nil, err
		}
		m := b.mapping(in.Name)
		saved, err := pay.SaveCSVMapping(ctx, m, actor(ctx))
		if err != nil {
			return nil, err
		}
		return &bankMappingOutput{Body: shownBankMapping(saved)}, nil
	})

	op = s.operation(http.MethodDelete, "/bank/csv-mappings/{name}", "delete-bank-csv-mapping", tag, write, "Delete a bank's CSV mapping")
	op.DefaultStatus = http.StatusNoContent
	op.Errors = append(op.Errors, http.StatusNotFound)
	huma.Register(s.api, op, func(ctx context.Context, in *bankMappingName) (*struct{}, error) {
		if err := pay.DeleteCSVMapping(ctx, in.Name, actor(ctx)); err != nil {
			return nil, err
		}
		return &struct{}{}, nil
	})
}

// bankMappingBody is a bank.CSVMapping as the API receives it: every member may be left out,
// which means "detect it".
type bankMappingBody struct {
	Delimiter        string `json:"delimiter,omitempty" maxLength:"1" doc:"The delimiter: ; , | or a tab; detected when left out."`
	Encoding         string `json:"encoding,omitempty" enum:"utf-8,windows-1252" doc:"The encoding; detected when left out."`
	HeaderRow        int    `json:"header_row,omitempty" minimum:"-1" doc:"1-based record holding the headers; -1 when there is none (columns by index); detected when left out."`
	DecimalSeparator string `json:"decimal_separator,omitempty" maxLength:"1" doc:"The decimal separator, a comma or a point; decided from the amounts when left out."`
	DateOrder        string `json:"date_order,omitempty" enum:"DMY,MDY,YMD" doc:"The order of day, month and year; decided from the dates when left out."`
	Currency         string `json:"currency,omitempty" pattern:"^[A-Z]{3}$" doc:"ISO 4217 code when no column says it."`
	Negate           bool   `json:"negate,omitempty" doc:"Amounts are written from the bank's side: money out is positive."`
	Account          struct {
		IBAN     string `json:"iban,omitempty"`
		Number   string `json:"number,omitempty"`
		Currency string `json:"currency,omitempty"`
		Owner    string `json:"owner,omitempty"`
		BIC      string `json:"bic,omitempty"`
	} `json:"account,omitzero" doc:"The account the export is for."`
	Columns []struct {
		Header string `json:"header,omitempty" doc:"The header as the bank writes it."`
		Index  int    `json:"index,omitempty" minimum:"0" doc:"1-based column number; found by header when left out."`
		Field  string `json:"field" doc:"What the column holds: booking_date, value_date, amount, debit, credit, mark, currency, description, counterparty_name, counterparty_iban, counterparty_bic, reference, end_to_end_id, creditor_reference."`
	} `json:"columns" minItems:"1" doc:"The columns that matter; others are ignored."`
}

func (b bankMappingBody) mapping(name string) bank.CSVMapping {
	m := bank.CSVMapping{Bank: name, Delimiter: b.Delimiter, Encoding: b.Encoding, HeaderRow: b.HeaderRow,
		DecimalSeparator: b.DecimalSeparator, DateOrder: bank.DateOrder(b.DateOrder), Currency: b.Currency, Negate: b.Negate,
		Account: bank.Account(b.Account)}
	for _, c := range b.Columns {
		m.Columns = append(m.Columns, bank.CSVColumn{Header: c.Header, Index: c.Index, Field: bank.Field(c.Field)})
	}
	return m
}

type bankMappingName struct {
	Name string `path:"name" maxLength:"100" doc:"The bank's name, as people know it."`
}

type bankMappingInput struct {
	Name        string `path:"name" maxLength:"100" doc:"The bank's name, as people know it."`
	ContentType string `header:"Content-Type" hidden:"true"`
	RawBody     []byte
}

// bankMappingShown is a saved mapping as the API shows it.
type bankMappingShown struct {
	Name      string          `json:"name"`
	Mapping   bank.CSVMapping `json:"mapping"`
	UpdatedBy string          `json:"updated_by"`
	UpdatedAt string          `json:"updated_at" doc:"When it was saved last, UTC, RFC 3339."`
}

func shownBankMapping(m *o2c.BankCSVMapping) bankMappingShown {
	out := bankMappingShown{Name: m.Name, UpdatedBy: m.UpdatedBy}
	_ = json.Unmarshal(m.Mapping, &out.Mapping) // saved by SaveCSVMapping from this very type
	if !m.UpdatedAt.IsZero() {
		out.UpdatedAt = m.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	return out
}

type bankMappingOutput struct{ Body bankMappingShown }

type bankMappingsOutput struct {
	Body struct {
		Items []bankMappingShown `json:"items"`
	}
}
