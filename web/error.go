package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"

	"github.com/o2c-project/o2c"
)

// statusOf is the one table from error codes to HTTP statuses. A code missing here is treated as
// internal, so a code added to the root later can never leak a message by accident.
var statusOf = map[o2c.Code]int{
	o2c.CodeInvalid:      http.StatusUnprocessableEntity,
	o2c.CodeNotFound:     http.StatusNotFound,
	o2c.CodeConflict:     http.StatusConflict,
	o2c.CodeUnauthorized: http.StatusUnauthorized,
	o2c.CodeTooLarge:     http.StatusRequestEntityTooLarge,
	o2c.CodeUnavailable:  http.StatusServiceUnavailable,
	o2c.CodeInternal:     http.StatusInternalServerError,
}

// internalMessage is all a user learns of an internal error.
const internalMessage = "Internal error."

// problem is the JSON body of every error response, and the error huma's handlers and validators
// produce once huma.NewError is ours. Its status is the HTTP status; it is never shown as a field
// because the response line already carries it.
type problem struct {
	status  int
	Code    o2c.Code    `json:"code" doc:"What kind of error: invalid, not_found, conflict, unauthorized, too_large, unavailable or internal."`
	Message string      `json:"message" doc:"A sentence safe to show to a person."`
	Faults  []o2c.Fault `json:"faults" doc:"Each broken rule and where: path is a JSON path into the body ($.lines[0].quantity), a parameter (query.limit) or a file position (customers.csv:3:country)."`
}

// Error returns the message; it implements error so that huma can carry a problem as one.
func (p *problem) Error() string { return p.Message }

// GetStatus implements huma.StatusError.
func (p *problem) GetStatus() int { return p.status }

// newProblem returns a problem with an explicit status, for the few answers whose status is not the
// code's usual one: 400 for malformed JSON, 403 for a key lacking a scope, 405, 415.
func newProblem(status int, code o2c.Code, msg string, faults ...o2c.Fault) *problem {
	if faults == nil {
		faults = []o2c.Fault{}
	}
	return &problem{status: status, Code: code, Message: msg, Faults: faults}
}

// malformed is the answer to a body that is not well-formed JSON (400), naming where it breaks.
func malformed(path, msg string) *problem {
	return newProblem(http.StatusBadRequest, o2c.CodeInvalid, path+": "+msg, o2c.Fault{Rule: ruleJSON, Path: path, Message: msg})
}

// Rules of the faults this package reports itself.
const (
	ruleJSON   = "HTTP-JSON"   // the body is not well-formed JSON
	ruleSchema = "HTTP-SCHEMA" // the body or a parameter does not fit the documented schema
	ruleParam  = "HTTP-PARAM"  // a parameter is not acceptable
	ruleRecord = "HTTP-RECORD" // a master-data record breaks a rule
)

// Error writes err as the JSON error body with the status of its code. It is the one place where
// errors become HTTP answers: an internal error is logged with the request and shown only as
// "Internal error."; no other error text than an *o2c.Error's message ever reaches the client.
func Error(w http.ResponseWriter, r *http.Request, err error) {
	p := toProblem(r.Context(), err)
	writeProblem(w, p)
}

func writeProblem(w http.ResponseWriter, p *problem) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Del("Content-Length")
	if p.status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="o2c"`)
	}
	w.WriteHeader(p.status)
	_ = json.NewEncoder(w).Encode(p) // the client may be gone; nothing more can be told to it
}

// toProblem maps any error to the problem shown to the client, logging internal errors with the
// request they happened in.
func toProblem(ctx context.Context, err error) *problem {
	var p *problem
	if errors.As(err, &p) {
		return p
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return newProblem(http.StatusRequestEntityTooLarge, o2c.CodeTooLarge,
			fmt.Sprintf("the request body is larger than the limit of %d bytes", tooLarge.Limit))
	}
	code := o2c.ErrorCode(err)
	status, known := statusOf[code]
	if !known || code == o2c.CodeInternal {
		logger(ctx).ErrorContext(ctx, "internal error", "err", err)
		return newProblem(http.StatusInternalServerError, o2c.CodeInternal, internalMessage)
	}
	return newProblem(status, code, o2c.ErrorMessage(err), o2c.ErrorFaults(err)...)
}

// codeForStatus names the code of an error huma answers with a status of its own (a parameter
// that does not parse, a body it could not read).
func codeForStatus(status int) o2c.Code {
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return o2c.CodeUnauthorized
	case status == http.StatusNotFound:
		return o2c.CodeNotFound
	case status == http.StatusConflict || status == http.StatusPreconditionFailed:
		return o2c.CodeConflict
	case status == http.StatusRequestEntityTooLarge:
		return o2c.CodeTooLarge
	case status == http.StatusServiceUnavailable:
		return o2c.CodeUnavailable
	case status >= 400 && status < 500:
		return o2c.CodeInvalid
	}
	return o2c.CodeInternal
}

var installHumaErrors sync.Once

// useOurErrors makes huma build our problem for every error it reports: parameter validation,
// unreadable bodies and the errors our handlers return. huma keeps these factories in package
// variables, so this is process-wide; web is the only user of huma in o2c.
func useOurErrors() {
	installHumaErrors.Do(func() {
		huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
			return fromHuma(context.Background(), status, msg, errs)
		}
		huma.NewErrorWithContext = func(ctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
			c := context.Background()
			if ctx != nil {
				c = ctx.Context()
			}
			return fromHuma(c, status, msg, errs)
		}
		// Field names are exact: "Quantity" is not "quantity".
		huma.ValidateStrictCasing = true
	})
}

// fromHuma turns what huma reports into a problem. A handler's error arrives here as a 500 with the
// error itself; it is mapped by its code like any other. huma's own 4xx errors carry details
// (location and message, both written by huma, never an error string of ours) that become faults.
func fromHuma(ctx context.Context, status int, msg string, errs []error) *problem {
	var faults []o2c.Fault
	for _, err := range errs {
		if err == nil {
			continue
		}
		var d huma.ErrorDetailer
		if errors.As(err, &d) {
			faults = append(faults, faultOf(d.ErrorDetail()))
			continue
		}
		// Not a validation detail: a handler's error or a failure reading the body.
		return toProblem(ctx, err)
	}
	code := codeForStatus(status)
	if code == o2c.CodeInternal {
		if status != 0 { // status 0 is huma asking for the shape of our errors
			logger(ctx).ErrorContext(ctx, "internal error", "err", msg, "status", status)
		}
		return newProblem(status, code, internalMessage)
	}
	if len(faults) > 0 {
		return newProblem(status, code, o2c.Invalid(faults...).Message, faults...)
	}
	return newProblem(status, code, humaMessage(msg))
}

// humaMessage rewrites huma's few fixed messages into sentences for a person.
func humaMessage(msg string) string {
	switch {
	case strings.HasPrefix(msg, "request body is too large"):
		return "the request body is too large"
	case msg == "":
		return "the request is invalid"
	}
	return msg
}

var requiredProperty = regexp.MustCompile(`^expected required property (.+) to be present$`)

// faultOf turns one huma validation detail into a fault whose path names the field: locations
// under "body" become JSON paths ($.lines[0].quantity); parameters keep huma's "query.limit".
func faultOf(d *huma.ErrorDetail) o2c.Fault {
	f := o2c.Fault{Rule: ruleSchema, Path: d.Location, Message: d.Message}
	if rest, ok := strings.CutPrefix(f.Path, "body"); ok {
		f.Path = "$" + rest
	}
	if !strings.HasPrefix(f.Path, "$") {
		f.Rule = ruleParam
	}
	if m := requiredProperty.FindStringSubmatch(d.Message); m != nil {
		f.Path += "." + m[1]
		f.Message = m[1] + " is required"
	}
	return f
}

// logger returns the request's logger, which carries its id, method and path.
func logger(ctx context.Context) *slog.Logger {
	if info := infoFrom(ctx); info != nil {
		return info.log
	}
	return slog.Default()
}
