package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"reflect"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
)

func (s *server) routeArchive() {
	const tag = "Archive"
	read := o2c.ScopeOrdersRead
	about := " The archive keeps every original o2c received and every document it made (order responses, " +
		"confirmations, acknowledgements, ERP outbox files), write-once under the SHA-256 of their bytes, with tags " +
		"read from the orders: customer, customer_name, po_number, date (the order date), delivery_date, amount and " +
		"currency, sender, order_id, document_id, kind."

	op := s.operation(http.MethodGet, "/archive", "search-archive", tag, read, "Search the archive")
	op.Description += about + " Every condition given must hold; entries come newest first, without their text."
	op.Errors = append(op.Errors, http.StatusBadRequest)
	huma.Register(s.api, op, s.searchArchive)

	op = s.operation(http.MethodGet, "/archive/{sha256}", "get-archive-entry", tag, read, "Get an archive entry")
	op.Description += " The entry with its tags and its text."
	op.Errors = append(op.Errors, http.StatusNotFound)
	huma.Register(s.api, op, s.archiveEntry)

	op = s.operation(http.MethodGet, "/archive/{sha256}/content", "get-archive-content", tag, read, "Download an archived document")
	op.Description += " The bytes as archived, with their content type and file name. They are checked while they are " +
		"sent: if they are not the archived ones (their SHA-256 differs), the answer is cut short before its " +
		"announced Content-Length, so no client takes them for whole."
	op.Responses = map[string]*huma.Response{"200": {Description: "The archived bytes.",
		Content: map[string]*huma.MediaType{"application/octet-stream": {Schema: &huma.Schema{Type: huma.TypeString, Format: "binary"}}}}}
	op.Errors = append(op.Errors, http.StatusNotFound)
	huma.Register(s.api, op, s.archiveContent)

	body := s.body(reflect.TypeFor[archiveQuery]())
	op = withBody(s.operation(http.MethodPost, "/archive/export", "export-archive", tag, read,
		"Export the documents a search finds as a zip"), body.schema, "The search, as GET /archive takes it.")
	op.Description += " The zip holds each document under TYPE/FILE_NAME and a manifest.json listing every entry with " +
		"its SHA-256, tags and archive log records (put, and tags added later), so that a recipient can check them."
	op.Responses = map[string]*huma.Response{"200": {Description: "The zip.",
		Content: map[string]*huma.MediaType{"application/zip": {Schema: &huma.Schema{Type: huma.TypeString, Format: "binary"}}}}}
	huma.Register(s.api, op, func(ctx context.Context, in *archiveExportInput) (*huma.StreamResponse, error) {
		var q archiveQuery
		if err := body.read(in.ContentType, in.RawBody, &q); err != nil {
			return nil, err
		}
		f, err := q.filter()
		if err != nil {
			return nil, err
		}
		return s.exportArchive(ctx, f)
	})

	op = s.operation(http.MethodGet, "/archive/verify", "verify-archive", tag, o2c.ScopeAdmin, "Verify the archive")
	op.Description += " Recomputes the archive log's hash chain, compares every entry with its records and reads every " +
		"blob to recompute its SHA-256, as `o2c archive verify` does; intact is false when problems are listed."
	huma.Register(s.api, op, func(ctx context.Context, _ *struct{}) (*archiveVerifyOutput, error) {
		rep, err := s.archive.Verify(ctx)
		if err != nil {
			return nil, err
		}
		out := &archiveVerifyOutput{}
		out.Body.ArchiveReport = *rep
		out.Body.Intact = len(rep.Problems) == 0
		if out.Body.Problems == nil {
			out.Body.Problems = []o2c.ArchiveProblem{}
		}
		return out, nil
	})
}

// archiveQuery is a search of the archive as a JSON body (export) and, member for member, as the
// query parameters of GET /archive.
type archiveQuery struct {
	Q       string               `json:"q,omitempty" maxLength:"500" doc:"Words that must all occur in the text, file name or tag values (case is ignored); \"quoted words\" in that order; word* a prefix."`
	Types   []string             `json:"types,omitempty" doc:"Document types: order, delivery_note, invoice, credit_note, order_response, confirmation, statement, other."`
	Tags    map[string]string    `json:"tags,omitempty" doc:"Exact tag values, by key: {\"po_number\": \"PO-4711\", \"customer\": \"C1\"}."`
	Dates   []archiveDateRange   `json:"dates,omitempty" doc:"Tags that hold a date within a range."`
	Amounts []archiveAmountRange `json:"amounts,omitempty" doc:"Tags that hold an amount within a range."`
}

type archiveDateRange struct {
	Key  string `json:"key" doc:"The tag: date (the document's date), delivery_date..."`
	From string `json:"from,omitempty" doc:"The first day, YYYY-MM-DD; left out, open."`
	To   string `json:"to,omitempty" doc:"The last day, YYYY-MM-DD; left out, open."`
}

type archiveAmountRange struct {
	Key string `json:"key" doc:"The tag: amount (the document's total), order_amount..."`
	Min string `json:"min,omitempty" doc:"The least amount, a decimal string; left out, open."`
	Max string `json:"max,omitempty" doc:"The greatest amount, a decimal string; left out, open."`
}

// filter reads the query into the archive's filter: CodeInvalid with a fault per bad member.
func (q archiveQuery) filter() (o2c.ArchiveFilter, error) {
	f := o2c.ArchiveFilter{Text: q.Q, Tags: q.Tags}
	var faults []o2c.Fault
	bad := func(path, format string, args ...any) {
		faults = append(faults, o2c.Fault{Rule: ruleParam, Path: path, Message: fmt.Sprintf(format, args...)})
	}
	for i, t := range q.Types {
		for part := range strings.SplitSeq(t, ",") {
			dt := o2c.ArchiveDocType(strings.TrimSpace(part))
			switch {
			case dt == "":
			case !dt.Valid():
				bad(fmt.Sprintf("$.types[%d]", i), "%q is not a document type; expected one of %s", dt, strings.Join(names(o2c.ArchiveDocTypes), ", "))
			default:
				f.Types = append(f.Types, dt)
			}
		}
	}
	for k := range q.Tags {
		if !o2c.ValidArchiveTagKey(k) {
			bad("$.tags", "%q is not a tag key: lowercase letters, digits and _", k)
		}
	}
	for i, d := range q.Dates {
		r := o2c.ArchiveDateRange{Key: d.Key}
		if !o2c.ValidArchiveTagKey(d.Key) {
			bad(fmt.Sprintf("$.dates[%d].key", i), "%q is not a tag key", d.Key)
		}
		for _, end := range []struct {
			name, s string
			d       *cal.Date
		}{{"from", d.From, &r.From}, {"to", d.To, &r.To}} {
			if end.s == "" {
				continue
			}
			v, err := cal.Parse(end.s)
			if err != nil {
				bad(fmt.Sprintf("$.dates[%d].%s", i, end.name), "%q is not a date YYYY-MM-DD", end.s)
			}
			*end.d = v
		}
		f.Dates = append(f.Dates, r)
	}
	for i, a := range q.Amounts {
		r := o2c.ArchiveAmountRange{Key: a.Key}
		if !o2c.ValidArchiveTagKey(a.Key) {
			bad(fmt.Sprintf("$.amounts[%d].key", i), "%q is not a tag key", a.Key)
		}
		for _, end := range []struct {
			name, s string
			d       **decimal.Decimal
		}{{"min", a.Min, &r.Min}, {"max", a.Max, &r.Max}} {
			if end.s == "" {
				continue
			}
			if !money.IsPlainDecimal(end.s) {
				bad(fmt.Sprintf("$.amounts[%d].%s", i, end.name), "%q is not an amount such as 1234.50", end.s)
				continue
			}
			v := decimal.RequireFromString(end.s)
			*end.d = &v
		}
		f.Amounts = append(f.Amounts, r)
	}
	if len(faults) > 0 {
		return f, o2c.Invalid(faults...)
	}
	return f, nil
}

type archiveSearchInput struct {
	Q         string   `query:"q" maxLength:"500" doc:"Words that must all occur in the text, file name or tag values; \"quoted words\" in that order; word* a prefix."`
	Type      []string `query:"type,explode" doc:"Entries of any of these document types; repeat the parameter or separate with commas."`
	Tag       []string `query:"tag,explode" doc:"key:value (or key=value): the tag holds exactly value; repeatable, all must hold."`
	DateTag   string   `query:"date_tag" maxLength:"63" default:"date" doc:"The tag date_from and date_to apply to."`
	DateFrom  string   `query:"date_from" doc:"Entries whose date tag is this day (YYYY-MM-DD) or later."`
	DateTo    string   `query:"date_to" doc:"Entries whose date tag is this day (YYYY-MM-DD) or earlier."`
	AmountTag string   `query:"amount_tag" maxLength:"63" default:"amount" doc:"The tag amount_min and amount_max apply to."`
	AmountMin string   `query:"amount_min" doc:"Entries whose amount tag is at least this decimal."`
	AmountMax string   `query:"amount_max" doc:"Entries whose amount tag is at most this decimal."`
	Offset    int      `query:"offset" minimum:"0" default:"0"`
	Limit     int      `query:"limit" minimum:"1" maximum:"500" default:"50"`
}

type archiveSearchOutput struct{ Body listPage[*o2c.ArchiveEntry] }

func (s *server) searchArchive(ctx context.Context, in *archiveSearchInput) (*archiveSearchOutput, error) {
	q := archiveQuery{Q: in.Q, Types: in.Type}
	var faults []o2c.Fault
	for _, t := range in.Tag {
		k, v, ok := strings.Cut(t, ":")
		if k2, v2, ok2 := strings.Cut(t, "="); ok2 && (!ok || len(k2) < len(k)) {
			k, v, ok = k2, v2, true
		}
		if !ok {
			faults = append(faults, o2c.Fault{Rule: ruleParam, Path: "query.tag", Message: fmt.Sprintf("%q: write key:value", t)})
			continue
		}
		if q.Tags == nil {
			q.Tags = map[string]string{}
		}
		q.Tags[k] = v
	}
	if len(faults) > 0 {
		return nil, o2c.Invalid(faults...)
	}
	if in.DateFrom != "" || in.DateTo != "" {
		q.Dates = append(q.Dates, archiveDateRange{Key: in.DateTag, From: in.DateFrom, To: in.DateTo})
	}
	if in.AmountMin != "" || in.AmountMax != "" {
		q.Amounts = append(q.Amounts, archiveAmountRange{Key: in.AmountTag, Min: in.AmountMin, Max: in.AmountMax})
	}
	f, err := q.filter()
	if err != nil {
		return nil, queryFaults(err)
	}
	f.Offset, f.Limit = in.Offset, in.Limit
	entries, total, err := s.archive.Search(ctx, f)
	if err != nil {
		return nil, err
	}
	if entries == nil {
		entries = []*o2c.ArchiveEntry{}
	}
	return &archiveSearchOutput{Body: listPage[*o2c.ArchiveEntry]{Items: entries, Total: total, Offset: in.Offset, Limit: in.Limit}}, nil
}

// queryFaults names the query parameters behind a filter's faults, which name body members.
func queryFaults(err error) error {
	var e *o2c.Error
	if !errors.As(err, &e) {
		return err
	}
	out := *e
	out.Faults = make([]o2c.Fault, len(e.Faults))
	for i, f := range e.Faults {
		switch {
		case strings.HasPrefix(f.Path, "$.types"):
			f.Path = "query.type"
		case strings.HasPrefix(f.Path, "$.tags"):
			f.Path = "query.tag"
		case strings.HasPrefix(f.Path, "$.dates"):
			f.Path = "query.date_" + f.Path[strings.LastIndexByte(f.Path, '.')+1:]
		case strings.HasPrefix(f.Path, "$.amounts"):
			f.Path = "query.amount_" + f.Path[strings.LastIndexByte(f.Path, '.')+1:]
		}
		out.Faults[i] = f
	}
	return &out
}

type archiveEntryInput struct {
	SHA256 string `path:"sha256" doc:"The lowercase hex SHA-256 of the document's bytes."`
}

type archiveEntryOutput struct{ Body *o2c.ArchiveEntry }

func (s *server) archiveEntry(ctx context.Context, in *archiveEntryInput) (*archiveEntryOutput, error) {
	e, err := s.archive.Entry(ctx, in.SHA256)
	if err != nil {
		return nil, err
	}
	return &archiveEntryOutput{Body: e}, nil
}

func (s *server) archiveContent(ctx context.Context, in *archiveEntryInput) (*huma.StreamResponse, error) {
	e, blob, err := s.archive.Content(ctx, in.SHA256)
	if err != nil {
		return nil, err
	}
	ct := e.ContentType
	if _, _, err := mime.ParseMediaType(ct); ct == "" || err != nil {
		ct = "application/octet-stream"
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		defer blob.Close()
		hc.SetHeader("Content-Type", ct)
		hc.SetHeader("Content-Disposition", archiveAttachment(e))
		hc.SetHeader("Content-Length", strconv.FormatInt(e.Size, 10))
		hc.SetHeader("ETag", `"`+e.SHA256+`"`)
		hc.SetHeader("X-Content-SHA256", e.SHA256)
		hc.SetStatus(http.StatusOK)
		if _, err := io.Copy(hc.BodyWriter(), blob); err != nil {
			// The bytes are not the archived ones, or the disk failed: the status is sent
			// already, so the answer is cut short of its Content-Length, which every client
			// sees as a failure.
			s.log.ErrorContext(ctx, "archived document not sent whole", "sha256", e.SHA256, "err", err)
			panic(http.ErrAbortHandler)
		}
	}}, nil
}

// archiveAttachment names an archived document's download after its file name.
func archiveAttachment(e *o2c.ArchiveEntry) string {
	name := e.FileName
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if name == "" {
		name = e.SHA256[:16]
	}
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" {
		return v
	}
	return "attachment"
}

type archiveExportInput struct {
	ContentType string `header:"Content-Type" hidden:"true"`
	RawBody     []byte
}

// exportArchive writes the zip aside first, so that a document that cannot be exported (a blob
// changed) is an error answer, not half a zip.
func (s *server) exportArchive(ctx context.Context, f o2c.ArchiveFilter) (*huma.StreamResponse, error) {
	tmp, err := os.CreateTemp("", "o2c-export-*.zip")
	if err != nil {
		return nil, fmt.Errorf("export the archive: %w", err)
	}
	cleanup := func() { _ = tmp.Close(); _ = os.Remove(tmp.Name()) }
	if _, err := s.archive.Export(ctx, tmp, f); err != nil {
		cleanup()
		return nil, err
	}
	size, err := tmp.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	if err != nil {
		cleanup()
		return nil, fmt.Errorf("export the archive: %w", err)
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		defer cleanup()
		hc.SetHeader("Content-Type", "application/zip")
		hc.SetHeader("Content-Disposition", `attachment; filename="archive-export.zip"`)
		hc.SetHeader("Content-Length", strconv.FormatInt(size, 10))
		hc.SetStatus(http.StatusOK)
		if _, err := io.Copy(hc.BodyWriter(), tmp); err != nil {
			s.log.ErrorContext(ctx, "archive export not sent whole", "err", err)
			panic(http.ErrAbortHandler)
		}
	}}, nil
}

type archiveVerifyOutput struct {
	Body struct {
		Intact bool `json:"intact" doc:"No problem was found."`
		o2c.ArchiveReport
	}
}
