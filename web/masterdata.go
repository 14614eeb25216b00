package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/masterdata"
)

func (s *server) routeMasterData() {
	const tag = "Master data"
	read, write := o2c.ScopeMasterDataRead, o2c.ScopeMasterDataWrite

	huma.Register(s.api, s.operation(http.MethodGet, "/customers", "list-customers", tag, read, "List customers"),
		func(ctx context.Context, in *listMasterInput) (*listOutput[o2c.Customer], error) {
			p, err := s.md.Customers(ctx, in.Q, in.Offset, in.Limit)
			if err != nil {
				return nil, err
			}
			return pageOf(p, in), nil
		})
	op := s.operation(http.MethodGet, "/customers/{id}", "get-customer", tag, read, "Get a customer with its addresses, codes and prices")
	op.Errors = append(op.Errors, http.StatusNotFound)
	huma.Register(s.api, op, func(ctx context.Context, in *customerIDInput) (*customerDetailOutput, error) {
		d, err := s.md.CustomerDetail(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &customerDetailOutput{Body: d}, nil
	})
	customer := s.body(reflect.TypeFor[customerBody]())
	op = withBody(s.operation(http.MethodPut, "/customers/{id}", "put-customer", tag, write, "Create or update a customer"),
		customer.schema, "The customer; customer_id may be left out, else it must equal the id of the path.")
	op.Description += " The record is held to the rules of customers.csv. Answers 201 when the customer is new."
	op.Responses = map[string]*huma.Response{"201": s.response("The customer was created.", reflect.TypeFor[o2c.Customer]())}
	huma.Register(s.api, op, func(ctx context.Context, in *putInput) (*putOutput[o2c.Customer], error) {
		var b customerBody
		if err := customer.read(in.ContentType, in.RawBody, &b); err != nil {
			return nil, err
		}
		if err := samePathKey("customer_id", b.ID, in.Key); err != nil {
			return nil, err
		}
		b.Customer.ID = in.Key
		recs, err := customerRecords.check([]o2c.Customer{b.Customer}, false)
		if err != nil {
			return nil, err
		}
		report, err := s.md.Upsert(ctx, &o2c.MasterData{Customers: recs}, actor(ctx))
		if err != nil {
			return nil, err
		}
		return putResult(recs[0], report), nil
	})

	huma.Register(s.api, s.operation(http.MethodGet, "/products", "list-products", tag, read, "List products"),
		func(ctx context.Context, in *listMasterInput) (*listOutput[o2c.Product], error) {
			p, err := s.md.Products(ctx, in.Q, in.Offset, in.Limit)
			if err != nil {
				return nil, err
			}
			return pageOf(p, in), nil
		})
	op = s.operation(http.MethodGet, "/products/{sku}", "get-product", tag, read, "Get a product")
	op.Errors = append(op.Errors, http.StatusNotFound)
	huma.Register(s.api, op, func(ctx context.Context, in *skuInput) (*productOutput, error) {
		p, err := s.md.Product(ctx, in.SKU)
		if err != nil {
			return nil, err
		}
		return &productOutput{Body: p}, nil
	})
	product := s.body(reflect.TypeFor[productBody]())
	op = withBody(s.operation(http.MethodPut, "/products/{sku}", "put-product", tag, write, "Create or update a product"),
		product.schema, "The product; sku may be left out, else it must equal the sku of the path.")
	op.Description += " The record is held to the rules of products.csv. Answers 201 when the product is new."
	op.Responses = map[string]*huma.Response{"201": s.response("The product was created.", reflect.TypeFor[o2c.Product]())}
	huma.Register(s.api, op, func(ctx context.Context, in *putSKUInput) (*putOutput[o2c.Product], error) {
		var b productBody
		if err := product.read(in.ContentType, in.RawBody, &b); err != nil {
			return nil, err
		}
		if err := samePathKey("sku", b.SKU, in.SKU); err != nil {
			return nil, err
		}
		b.Product.SKU = in.SKU
		recs, err := productRecords.check([]o2c.Product{b.Product}, false)
		if err != nil {
			return nil, err
		}
		report, err := s.md.Upsert(ctx, &o2c.MasterData{Products: recs}, actor(ctx))
		if err != nil {
			return nil, err
		}
		return putResult(recs[0], report), nil
	})

	upsertMany(s, "/ship-to", "upsert-ship-to", "Create or update delivery addresses", shipToRecords,
		func(recs []o2c.ShipTo) *o2c.MasterData { return &o2c.MasterData{ShipTos: recs} })
	upsertMany(s, "/customer-items", "upsert-customer-items", "Create or update customers' article codes", customerItemRecords,
		func(recs []o2c.CustomerItem) *o2c.MasterData { return &o2c.MasterData{CustomerItems: recs} })
	upsertMany(s, "/customer-prices", "upsert-customer-prices", "Create or update customers' agreed prices", customerPriceRecords,
		func(recs []o2c.CustomerPrice) *o2c.MasterData { return &o2c.MasterData{CustomerPrices: recs} })

	s.routeImport()
}

type listMasterInput struct {
	Q      string `query:"q" maxLength:"200" doc:"Text the key, name, codes or description contain."`
	Offset int    `query:"offset" minimum:"0" default:"0"`
	Limit  int    `query:"limit" minimum:"1" maximum:"500" default:"50"`
}

type listOutput[T any] struct{ Body listPage[T] }

func pageOf[T any](p app.Page[T], in *listMasterInput) *listOutput[T] {
	items := p.Items
	if items == nil {
		items = []T{}
	}
	return &listOutput[T]{Body: listPage[T]{Items: items, Total: p.Total, Offset: in.Offset, Limit: in.Limit}}
}

type customerIDInput struct {
	ID string `path:"id" doc:"The customer's id, as the ERP keys it."`
}

type customerDetailOutput struct{ Body *app.CustomerDetail }

type skuInput struct {
	SKU string `path:"sku" doc:"Our article code."`
}

type productOutput struct{ Body *o2c.Product }

// customerBody is a customer as PUT sends it: the path names it, so customer_id is optional.
type customerBody struct {
	o2c.Customer
	ID string `json:"customer_id,omitempty" doc:"Optional; when given, it must equal the id of the path."`
}

// productBody is a product as PUT sends it: the path names it, so sku is optional.
type productBody struct {
	o2c.Product
	SKU string `json:"sku,omitempty" doc:"Optional; when given, it must equal the sku of the path."`
}

type putInput struct {
	Key         string `path:"id" doc:"The customer's id, as the ERP keys it."`
	ContentType string `header:"Content-Type" hidden:"true"`
	RawBody     []byte
}

type putSKUInput struct {
	SKU         string `path:"sku" doc:"Our article code."`
	ContentType string `header:"Content-Type" hidden:"true"`
	RawBody     []byte
}

type putOutput[T any] struct {
	Status int
	Body   T
}

// putResult answers a PUT with the record as stored: 201 when it is new, else 200.
func putResult[T any](rec T, report o2c.ImportReport) *putOutput[T] {
	out := &putOutput[T]{Status: http.StatusOK, Body: rec}
	for _, f := range report.Files {
		if f.Inserted > 0 {
			out.Status = http.StatusCreated
		}
	}
	return out
}

// samePathKey checks that a key given in the body names the record of the path.
func samePathKey(field, inBody, inPath string) error {
	if inBody == "" || inBody == inPath {
		return nil
	}
	return o2c.Invalid(o2c.Fault{Rule: ruleRecord, Path: "$." + field,
		Message: field + " " + quote(inBody) + " differs from " + quote(inPath) + " of the path; leave it out or make them equal"})
}

func quote(s string) string {
	if len(s) > 60 {
		s = s[:60] + "..."
	}
	return `"` + s + `"`
}

type upsertInput struct {
	ContentType string `header:"Content-Type" hidden:"true"`
	RawBody     []byte
}

type reportOutput struct{ Body o2c.ImportReport }

// upsertMany registers a POST that creates or updates one record, or an array of them, in one
// transaction: all of them or, on any fault, none.
func upsertMany[T any](s *server, path, id, summary string, kind recordKind[T], wrap func([]T) *o2c.MasterData) {
	body, doc := s.bodyOneOrMany(reflect.TypeFor[T]())
	op := withBody(s.operation(http.MethodPost, path, id, "Master data", o2c.ScopeMasterDataWrite, summary),
		doc, "One record, or an array of them.")
	op.Description += " Records are held to the rules of " + kind.file + ", and the customers and products they name must exist. " +
		"All records are written in one transaction, or, on any fault, none."
	huma.Register(s.api, op, func(ctx context.Context, in *upsertInput) (*reportOutput, error) {
		recs, err := readMany[T](body, in.ContentType, in.RawBody)
		if err != nil {
			return nil, err
		}
		isArray := bytes.HasPrefix(bytes.TrimLeft(in.RawBody, " \t\r\n"), []byte("["))
		if recs, err = kind.check(recs, isArray); err != nil {
			return nil, err
		}
		report, err := s.md.Upsert(ctx, wrap(recs), actor(ctx))
		if err != nil {
			return nil, kind.asRecords(err, isArray)
		}
		return &reportOutput{Body: report}, nil
	})
}

// importJSON is an import sent as JSON: file names to CSV text. It documents the body; the body is
// checked against importSchema, because huma's validator loses its place in the path after a key
// with a dot in it ("customers.csv"), and then names the wrong field.
type importJSON struct {
	Files map[string]string `json:"files" minProperties:"1" doc:"File name (customers.csv, ship_to.csv, products.csv, customer_items.csv or customer_prices.csv) to its CSV text."`
}

// importSchema checks the shape of an import sent as JSON, but not inside files: importedFiles does.
func importSchema() *huma.Schema {
	one := 1
	s := &huma.Schema{Type: huma.TypeObject, AdditionalProperties: false, Required: []string{"files"},
		Properties: map[string]*huma.Schema{"files": {Type: huma.TypeObject, AdditionalProperties: true, MinProperties: &one}}}
	s.PrecomputeMessages()
	return s
}

type importInput struct {
	ContentType string `header:"Content-Type" hidden:"true"`
	RawBody     []byte
}

// importFiles are the file names an import accepts.
var importFiles = []string{masterdata.CustomersFile, masterdata.ShipToFile, masterdata.ProductsFile,
	masterdata.CustomerItemsFile, masterdata.CustomerPricesFile}

func (s *server) routeImport() {
	asJSON := jsonBody{registry: s.registry, schema: importSchema()}
	op := s.operation(http.MethodPost, "/masterdata/import", "import-masterdata", "Master data", o2c.ScopeMasterDataWrite,
		"Import master-data CSV files")
	op.Description += " Send the spec's CSV files as multipart/form-data, each in a field named file whose file name " +
		"says which file it is, or as JSON {\"files\": {\"customers.csv\": \"<csv text>\"}}. All or nothing: any bad " +
		"cell refuses the whole import with a fault per cell (path file:line:column), and nothing is imported."
	op.Metadata[metaBody] = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
		"multipart/form-data": {Schema: &huma.Schema{Type: huma.TypeObject, Required: []string{"file"},
			Properties: map[string]*huma.Schema{"file": {Type: huma.TypeArray,
				Items: &huma.Schema{Type: huma.TypeString, Format: "binary"}}}}},
		"application/json": {Schema: s.registry.Schema(reflect.TypeFor[importJSON](), true, "")},
	}}
	op.Errors = append(op.Errors, http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType)
	huma.Register(s.api, op, func(ctx context.Context, in *importInput) (*reportOutput, error) {
		files, err := importedFiles(asJSON, in.ContentType, in.RawBody)
		if err != nil {
			return nil, err
		}
		report, err := s.md.Import(ctx, files, actor(ctx))
		if err != nil {
			return nil, err
		}
		return &reportOutput{Body: report}, nil
	})
}

// importedFiles reads the files of an import, as multipart/form-data or JSON.
func importedFiles(asJSON jsonBody, contentType string, body []byte) (map[string][]byte, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err == nil && mt == "multipart/form-data" {
		return multipartFiles(body, params["boundary"])
	}
	if !isJSON(contentType) {
		return nil, newProblem(http.StatusUnsupportedMediaType, o2c.CodeInvalid,
			"send the files as multipart/form-data or application/json",
			o2c.Fault{Rule: ruleParam, Path: "header.Content-Type", Message: "expected multipart/form-data or application/json"})
	}
	var b struct {
		Files map[string]json.RawMessage `json:"files"`
	}
	if err := asJSON.read(contentType, body, &b); err != nil {
		return nil, err
	}
	files := make(map[string][]byte, len(b.Files))
	var faults []o2c.Fault
	for _, name := range slices.Sorted(maps.Keys(b.Files)) {
		path := "$.files" + pathKey(name)
		var text string
		if err := json.Unmarshal(b.Files[name], &text); err != nil {
			faults = append(faults, o2c.Fault{Rule: ruleSchema, Path: path, Message: "expected the CSV text as a string"})
		} else if f := importName(name, path); f != nil {
			faults = append(faults, *f)
		} else {
			files[name] = []byte(text)
		}
	}
	if len(faults) > 0 {
		return nil, o2c.Invalid(faults...)
	}
	return files, nil
}

// multipartFiles reads the parts of a multipart body: each a file named for the spec's file it is.
func multipartFiles(body []byte, boundary string) (map[string][]byte, error) {
	if boundary == "" {
		return nil, malformed("header.Content-Type", "the multipart body has no boundary")
	}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	files := map[string][]byte{}
	var faults []o2c.Fault
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, malformed("$", "the multipart body cannot be read")
		}
		name, filename := part.FormName(), part.FileName()
		content, err := io.ReadAll(part)
		if err != nil {
			return nil, malformed("$", "the multipart body cannot be read")
		}
		switch {
		case name != "file":
			faults = append(faults, o2c.Fault{Rule: ruleParam, Path: "form." + name, Message: "unknown form field; send files in the field file"})
		case filename == "":
			faults = append(faults, o2c.Fault{Rule: ruleParam, Path: "form.file", Message: "a part of field file has no file name; the name says which file it is"})
		default:
			if f := importName(filename, "form.file"); f != nil {
				faults = append(faults, *f)
			} else if _, dup := files[filename]; dup {
				faults = append(faults, o2c.Fault{Rule: ruleParam, Path: "form.file", Message: filename + " is sent twice"})
			} else {
				files[filename] = content
			}
		}
	}
	if len(files) == 0 && len(faults) == 0 {
		faults = append(faults, o2c.Fault{Rule: ruleParam, Path: "form.file", Message: "no file: send one or more CSV files in the field file"})
	}
	if len(faults) > 0 {
		return nil, o2c.Invalid(faults...)
	}
	return files, nil
}

// importName refuses a file name that is not one of the spec's: the reader would skip it, and a
// misspelt file would be left out of the import without a word.
func importName(name, path string) *o2c.Fault {
	if slices.Contains(importFiles, name) {
		return nil
	}
	return &o2c.Fault{Rule: ruleParam, Path: path,
		Message: quote(name) + " is not a master-data file; expected " + strings.Join(importFiles, ", ")}
}
