package web

import (
	"bytes"
	"context"
	"mime"
	"net/http"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// uploadInput is any file sent as the raw body: an EDI interchange, a UBL order, a spreadsheet,
// a PDF. Its name comes from the filename parameter or a Content-Disposition header.
type uploadInput struct {
	IdempotencyKey     string `header:"Idempotency-Key" maxLength:"200" pattern:"^[!-~]+$" doc:"Makes a retry safe: a second upload with the same key stores nothing and returns the first one's orders."`
	ContentType        string `header:"Content-Type" hidden:"true"`
	ContentDisposition string `header:"Content-Disposition" doc:"attachment; filename=\"...\" names the file, when the filename parameter does not."`
	Filename           string `query:"filename" maxLength:"255" doc:"The file's name; its extension helps recognise the format."`
	RawBody            []byte
}

func (s *server) routeDocuments() {
	op := s.operation(http.MethodPost, "/documents", "upload-document", "Orders", o2c.ScopeOrdersWrite, "Upload an order document of any format")
	op.Description += " The body is the file itself (EDIFACT, X12, UBL, CSV, XLSX, JSON, PDF...). The original is stored " +
		"before it is read; reading it is a job, so the answer lists the order in its first state (received). " +
		"A document that cannot be read is kept and its order waits in review as UNREADABLE, with the cause."
	op.DefaultStatus = http.StatusAccepted
	op.Responses = map[string]*huma.Response{"200": s.response("A re-delivery: the orders of the first upload, created false.", reflect.TypeFor[submitResult]())}
	op.Metadata[metaBody] = &huma.RequestBody{Required: true, Description: "The file.",
		Content: map[string]*huma.MediaType{"application/octet-stream": {Schema: &huma.Schema{Type: huma.TypeString, Format: "binary"}}}}
	op.Errors = append(op.Errors, http.StatusBadRequest, http.StatusConflict, http.StatusRequestEntityTooLarge)
	huma.Register(s.api, op, s.uploadDocument)
}

func (s *server) uploadDocument(ctx context.Context, in *uploadInput) (*submitOutput, error) {
	key := keyFrom(ctx)
	content := bytes.Clone(in.RawBody) // huma reuses its buffer after the handler
	p := app.ReceiveParams{Channel: o2c.ChannelAPI, Sender: key.Name, Filename: uploadName(in),
		ContentType: in.ContentType, Content: content, Actor: actor(ctx)}
	if in.IdempotencyKey != "" {
		p.NaturalKey = "api:key:" + in.IdempotencyKey
	}
	rec, err := s.orders.Receive(ctx, p)
	if err != nil {
		return nil, err
	}
	return receivedOutput(rec, key.Name, content)
}

// uploadName is the file's base name, from the query or the Content-Disposition header; paths
// and control characters are dropped, since the name is shown to people and used in files.
func uploadName(in *uploadInput) string {
	name := in.Filename
	if name == "" && in.ContentDisposition != "" {
		if _, params, err := mime.ParseMediaType(in.ContentDisposition); err == nil {
			name = params["filename"]
		}
	}
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if name == "." || name == "/" {
		return ""
	}
	return name
}
