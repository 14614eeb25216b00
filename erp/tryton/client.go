// Package tryton is the ERP connector for Tryton 6.0: it posts approved orders as confirmed sales
// over Tryton's JSON-RPC, and reads back stock levels and how far a sale has shipped.
//
// The protocol facts it relies on were checked against Debian's tryton-server 6.0 and are written
// down in shared/notes/tryton-jsonrpc.md; scripts/tryton.sh starts a server set up the same way.
package tryton

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/o2c-project/o2c"
)

// Config says which Tryton to reach and as whom.
type Config struct {
	URL      string       // the server, e.g. http://127.0.0.1:8000/ (without the database)
	DB       string       // the database name
	User     string       // a user whose current company is the one selling
	Password string       //
	HTTP     *http.Client // nil: one with a 2-minute timeout (confirming a sale processes it in the same request)
}

// Client calls model methods in one Tryton session, logging in on first use and again when the
// session has expired. It is safe for concurrent use.
type Client struct {
	endpoint string // URL of the database, where model calls go
	cfg      Config
	http     *http.Client

	mu      sync.Mutex
	auth    string         // the session's Authorization header; "" before login
	context map[string]any // sent as the last parameter of every model call: the user's company
	company int64
}

// NewClient returns a client for cfg; it does not connect yet.
func NewClient(cfg Config) (*Client, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, o2c.Errorf(o2c.CodeInvalid, "Tryton URL %q is not an http(s) URL", cfg.URL)
	}
	if cfg.DB == "" || cfg.User == "" {
		return nil, o2c.Errorf(o2c.CodeInvalid, "Tryton needs a database and a user")
	}
	c := &Client{cfg: cfg, http: cfg.HTTP}
	if c.http == nil {
		c.http = &http.Client{Timeout: 2 * time.Minute}
	}
	c.endpoint = strings.TrimSuffix(cfg.URL, "/") + "/" + url.PathEscape(cfg.DB) + "/"
	return c, nil
}

// errSessionExpired is an HTTP 401 on a call made with a session: log in again and retry.
var errSessionExpired = errors.New("tryton session expired")

// Call calls model.method (e.g. "sale.sale", "search") with args followed by the session's
// context, and decodes the result into out (nil to discard it).
//
// Errors: CodeUnavailable when Tryton cannot be reached or answers 5xx/429; CodeInvalid with
// Tryton's message for a UserError (validation, access rules) or UserWarning; CodeUnauthorized
// when the login is refused; any other error for an unexpected answer.
func (c *Client) Call(ctx context.Context, model, method string, out any, args ...any) error {
	return c.CallWith(ctx, nil, model, method, out, args...)
}

// CallWith is Call with more keys in the context, e.g. {"locations": [warehouse]} for stock
// quantities.
func (c *Client) CallWith(ctx context.Context, extra map[string]any, model, method string, out any, args ...any) error {
	name := "model." + model + "." + method
	for retried := false; ; retried = true {
		auth, callCtx, err := c.session(ctx)
		if err != nil {
			return err
		}
		if len(extra) > 0 {
			merged := make(map[string]any, len(callCtx)+len(extra))
			maps.Copy(merged, callCtx)
			maps.Copy(merged, extra)
			callCtx = merged
		}
		err = c.post(ctx, name, append(args[:len(args):len(args)], callCtx), auth, out)
		if errors.Is(err, errSessionExpired) {
			c.forget(auth)
			if !retried {
				continue
			}
			return fmt.Errorf("call tryton %s: %w", name, o2c.Errorf(o2c.CodeUnauthorized, "Tryton refused the session of user %s", c.cfg.User))
		}
		return err
	}
}

// Company returns the id of the session user's current company, logging in if needed.
func (c *Client) Company(ctx context.Context) (int64, error) {
	if _, _, err := c.session(ctx); err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.company, nil
}

// Close ends the session, if there is one.
func (c *Client) Close(ctx context.Context) error {
	c.mu.Lock()
	auth := c.auth
	c.auth = ""
	c.mu.Unlock()
	if auth == "" {
		return nil
	}
	if err := c.post(ctx, "common.db.logout", []any{}, auth, nil); err != nil && !errors.Is(err, errSessionExpired) {
		return err
	}
	return nil
}

// session returns the Authorization header and context of the current session, logging in
// first when there is none.
func (c *Client) session(ctx context.Context) (string, map[string]any, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.auth != "" {
		return c.auth, c.context, nil
	}
	var login []json.RawMessage // [user id, session key]
	err := c.post(ctx, "common.db.login", []any{c.cfg.User, map[string]string{"password": c.cfg.Password}, "en"}, "", &login)
	if errors.Is(err, errSessionExpired) || o2c.ErrorCode(err) == o2c.CodeUnauthorized {
		// A wrong password is a 401; a missing one a LoginException.
		return "", nil, fmt.Errorf("log in to tryton: %w", o2c.Errorf(o2c.CodeUnauthorized, "Tryton refused the login of user %s to database %s", c.cfg.User, c.cfg.DB))
	} else if err != nil {
		return "", nil, fmt.Errorf("log in to tryton: %w", err)
	}
	var uid int64
	var key string
	if len(login) != 2 || json.Unmarshal(login[0], &uid) != nil || json.Unmarshal(login[1], &key) != nil {
		return "", nil, fmt.Errorf("log in to tryton: unexpected answer %s", bytes.Join(rawList(login), []byte(",")))
	}
	auth := "Session " + base64.StdEncoding.EncodeToString(fmt.Appendf(nil, "%s:%d:%s", c.cfg.User, uid, key))
	// The client's context is the user's preferences; the company is the part the server needs
	// (without it, creating sale lines breaks the "User in companies" rule).
	var prefs struct {
		Company *int64 `json:"company"`
	}
	if err := c.post(ctx, "model.res.user.get_preferences", []any{true, map[string]any{}}, auth, &prefs); err != nil {
		return "", nil, fmt.Errorf("read tryton preferences of %s: %w", c.cfg.User, err)
	}
	c.auth, c.context, c.company = auth, map[string]any{}, 0
	if prefs.Company != nil {
		c.company = *prefs.Company
		c.context["company"] = c.company
	}
	return c.auth, c.context, nil
}

// forget drops the session auth if it is still the current one.
func (c *Client) forget(auth string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.auth == auth {
		c.auth = ""
	}
}

// request is a JSON-RPC request as trytond wants it: exactly these three keys. Any other key
// (such as "jsonrpc") switches trytond to bare results and HTTP error statuses with HTML bodies.
type request struct {
	ID     int64  `json:"id"`
	Method string `json:"method"`
	Params []any  `json:"params"`
}

type response struct {
	ID     int64           `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  json.RawMessage `json:"error"`
}

// post sends one call, with the session auth unless it is "".
func (c *Client) post(ctx context.Context, method string, params []any, auth string, out any) error {
	body, err := json.Marshal(request{ID: 1, Method: method, Params: params})
	if err != nil {
		return fmt.Errorf("encode tryton call %s: %w", method, err)
	}
	endpoint := c.endpoint
	if strings.HasPrefix(method, "common.server.") || strings.HasPrefix(method, "common.db.list") {
		endpoint = strings.TrimSuffix(c.cfg.URL, "/") + "/"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("call tryton %s: %w", method, err)
	}
	// Without this header trytond answers 500 with an HTML page.
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("call tryton %s: %w", method, ctx.Err())
		}
		// Refused, reset, timed out: the server is down or overloaded, a later try may work.
		return fmt.Errorf("call tryton %s: %w (%w)", method,
			o2c.Errorf(o2c.CodeUnavailable, "Tryton at %s cannot be reached", c.cfg.URL), err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("call tryton %s: %w (%w)", method,
			o2c.Errorf(o2c.CodeUnavailable, "Tryton at %s broke off its answer", c.cfg.URL), err)
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return errSessionExpired
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return fmt.Errorf("call tryton %s: %w", method,
			o2c.Errorf(o2c.CodeUnavailable, "Tryton at %s answered HTTP %d", c.cfg.URL, resp.StatusCode))
	case resp.StatusCode != http.StatusOK:
		return fmt.Errorf("call tryton %s: HTTP %d: %.200s", method, resp.StatusCode, raw)
	}
	var r response
	if err := json.Unmarshal(raw, &r); err != nil {
		return fmt.Errorf("call tryton %s: read answer: %w", method, err)
	}
	if len(r.Error) > 0 && !bytes.Equal(r.Error, []byte("null")) {
		return fmt.Errorf("call tryton %s: %w", method, callError(r.Error))
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(r.Result, out); err != nil {
		return fmt.Errorf("call tryton %s: read result: %w", method, err)
	}
	return nil
}

// callError maps the "error" of an answer, [kind, args]:
//
//	["UserError", [message, description, domain]]       -> CodeInvalid with the message
//	["UserWarning", [name, message, description]]       -> CodeInvalid with the message
//	["LoginException", [name, message, type]]           -> CodeUnauthorized
//	["ConcurrencyException", message]                   -> CodeUnavailable (try again)
//	[str(exception), ""], e.g. an unknown field          -> a plain error
func callError(raw json.RawMessage) error {
	var parts []json.RawMessage
	if err := json.Unmarshal(raw, &parts); err != nil || len(parts) == 0 {
		return fmt.Errorf("tryton error %.300s", raw)
	}
	var kind string
	_ = json.Unmarshal(parts[0], &kind) // not a string: kind stays "" and the raw error is shown
	var args []string
	if len(parts) > 1 {
		var list []json.RawMessage
		if json.Unmarshal(parts[1], &list) == nil {
			for _, a := range list {
				var s string
				if json.Unmarshal(a, &s) == nil {
					args = append(args, s)
				} else {
					args = append(args, "")
				}
			}
		} else {
			var s string
			_ = json.Unmarshal(parts[1], &s)
			args = []string{s}
		}
	}
	arg := func(i int) string {
		if i < len(args) {
			return strings.TrimSpace(args[i])
		}
		return ""
	}
	switch kind {
	case "UserError":
		return o2c.Errorf(o2c.CodeInvalid, "%s", joinMessage(arg(0), arg(1)))
	case "UserWarning":
		return o2c.Errorf(o2c.CodeInvalid, "%s", joinMessage(arg(1), arg(2)))
	case "LoginException":
		return o2c.Errorf(o2c.CodeUnauthorized, "Tryton asks for the login field %q", arg(0))
	case "ConcurrencyException":
		return o2c.Errorf(o2c.CodeUnavailable, "Tryton: %s", joinMessage(arg(0), ""))
	case "":
		return fmt.Errorf("tryton error %.300s", raw)
	}
	return fmt.Errorf("tryton error: %s %s", kind, arg(0))
}

func joinMessage(msg, description string) string {
	if description == "" {
		return msg
	}
	return msg + " " + description
}

func rawList(l []json.RawMessage) [][]byte {
	out := make([][]byte, len(l))
	for i, r := range l {
		out[i] = r
	}
	return out
}
