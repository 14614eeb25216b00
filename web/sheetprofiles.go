package web

import (
	"context"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/sheet"
)

func (s *server) routeSheetProfiles() {
	const tag = "Sheet profiles"
	read, write := o2c.ScopeMasterDataRead, o2c.ScopeMasterDataWrite
	about := " A sheet profile tells how to read a customer's CSV and XLSX order files when their header words do not: " +
		"the header row, the delimiter, which column holds which field, the decimal separator, the date order. " +
		"Files from a sender whose address or domain names the customer are read with it; so are files whose " +
		"first read names the customer."

	op := s.operation(http.MethodGet, "/customers/{id}/sheet-profile", "get-sheet-profile", tag, read, "Get a customer's sheet profile")
	op.Description += about
	op.Errors = append(op.Errors, http.StatusNotFound)
	huma.Register(s.api, op, func(ctx context.Context, in *customerIDInput) (*sheetProfileOutput, error) {
		p, err := s.sheets.Get(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &sheetProfileOutput{Body: savedProfileOf(p)}, nil
	})

	body := s.body(reflect.TypeFor[sheetProfile]())
	op = withBody(s.operation(http.MethodPut, "/customers/{id}/sheet-profile", "put-sheet-profile", tag, write,
		"Create or replace a customer's sheet profile"), body.schema, "The profile.")
	op.Description += about + " The profile is checked (known fields, one column per field, a known delimiter, " +
		"a date format with D, M and Y): each problem is a fault naming its member. Answers 201 when the customer had none."
	op.Responses = map[string]*huma.Response{"201": s.response("The profile was created.", reflect.TypeFor[savedSheetProfile]())}
	op.Errors = append(op.Errors, http.StatusNotFound)
	huma.Register(s.api, op, func(ctx context.Context, in *putInput) (*putOutput[savedSheetProfile], error) {
		var b sheetProfile
		if err := body.read(in.ContentType, in.RawBody, &b); err != nil {
			return nil, err
		}
		p, created, err := s.sheets.Save(ctx, in.Key, b.profile(), actor(ctx))
		if err != nil {
			return nil, err
		}
		out := &putOutput[savedSheetProfile]{Status: http.StatusOK, Body: savedProfileOf(p)}
		if created {
			out.Status = http.StatusCreated
		}
		return out, nil
	})

	op = s.operation(http.MethodDelete, "/customers/{id}/sheet-profile", "delete-sheet-profile", tag, write,
		"Delete a customer's sheet profile")
	op.Description += " The customer's files are read by their header words again."
	op.DefaultStatus = http.StatusNoContent
	op.Errors = append(op.Errors, http.StatusNotFound)
	huma.Register(s.api, op, func(ctx context.Context, in *customerIDInput) (*struct{}, error) {
		if err := s.sheets.Delete(ctx, in.ID, actor(ctx)); err != nil {
			return nil, err
		}
		return &struct{}{}, nil
	})

	huma.Register(s.api, s.operation(http.MethodGet, "/sheet-profiles", "list-sheet-profiles", tag, read, "List sheet profiles"),
		func(ctx context.Context, _ *struct{}) (*sheetProfilesOutput, error) {
			ps, err := s.sheets.List(ctx)
			if err != nil {
				return nil, err
			}
			out := &sheetProfilesOutput{}
			out.Body.Items = make([]savedSheetProfile, len(ps))
			for i, p := range ps {
				out.Body.Items[i] = savedProfileOf(p)
			}
			return out, nil
		})

	op = s.operation(http.MethodGet, "/sheet-profiles/fields", "list-sheet-profile-fields", tag, read,
		"List the fields a sheet profile's columns may name")
	huma.Register(s.api, op, func(context.Context, *struct{}) (*sheetFieldsOutput, error) {
		out := &sheetFieldsOutput{}
		out.Body.Fields = slices.Clone(sheet.Fields)
		return out, nil
	})
}

// sheetProfile is a sheet.Profile as the API sends and receives it: the same JSON, described for
// the OpenAPI document. The checks are sheet.Profile.Validate's, so that their faults are the
// same whoever saves a profile.
type sheetProfile struct {
	Name         string            `json:"name,omitempty" maxLength:"200" doc:"Whose files the profile reads, for people; the customer's name when left out."`
	Sheet        string            `json:"sheet,omitempty" doc:"The XLSX sheet to read; left out, the first sheet that holds a header row."`
	HeaderRow    int               `json:"header_row,omitempty" doc:"The 1-based row of column headers (in the sheet, for XLSX); left out or 0, it is detected."`
	Delimiter    string            `json:"delimiter,omitempty" doc:"The CSV cell separator: ; , | or a tab; left out, it is detected."`
	Columns      map[string]string `json:"columns,omitempty" doc:"Maps a field (see GET /sheet-profiles/fields) to the header text of the customer's column, compared without regard to case, accents or punctuation: {\"buyer_sku\": \"Artikel-Code-Kunde\"}. Columns it does not name are still recognised by their header words."`
	DecimalComma *bool             `json:"decimal_comma,omitempty" doc:"Whether 1,234 and 1.234 (a lone separator before three digits) use the comma as decimal separator; unambiguous numbers need no help."`
	DateFormat   string            `json:"date_format,omitempty" doc:"The order of day, month and year in numeric dates: DD/MM/YYYY, MM/DD/YYYY, YYYY-MM-DD (JJ/MM/AAAA and TT.MM.JJJJ are understood)."`
}

func (b sheetProfile) profile() sheet.Profile {
	return sheet.Profile{Name: b.Name, Sheet: b.Sheet, HeaderRow: b.HeaderRow, Delimiter: b.Delimiter,
		Columns: b.Columns, DecimalComma: b.DecimalComma, DateFormat: b.DateFormat}
}

func sheetProfileOf(p sheet.Profile) sheetProfile {
	return sheetProfile{Name: p.Name, Sheet: p.Sheet, HeaderRow: p.HeaderRow, Delimiter: p.Delimiter,
		Columns: maps.Clone(p.Columns), DecimalComma: p.DecimalComma, DateFormat: p.DateFormat}
}

// savedSheetProfile is a customer's profile as stored.
type savedSheetProfile struct {
	CustomerID string       `json:"customer_id" doc:"The customer whose files the profile reads."`
	Profile    sheetProfile `json:"profile"`
	UpdatedAt  time.Time    `json:"updated_at" doc:"When it was last saved."`
	UpdatedBy  string       `json:"updated_by" doc:"Who saved it last: api:<key name>."`
}

func savedProfileOf(p *app.SheetProfile) savedSheetProfile {
	return savedSheetProfile{CustomerID: p.CustomerID, Profile: sheetProfileOf(p.Profile), UpdatedAt: p.UpdatedAt, UpdatedBy: p.UpdatedBy}
}

type sheetProfileOutput struct{ Body savedSheetProfile }

type sheetProfilesOutput struct {
	Body struct {
		Items []savedSheetProfile `json:"items" doc:"Every saved profile, by customer id."`
	}
}

type sheetFieldsOutput struct {
	Body struct {
		Fields []string `json:"fields" doc:"The field names a profile's columns may map: line fields (quantity, buyer_sku...) and order fields (po_number, order_date...)."`
	}
}
