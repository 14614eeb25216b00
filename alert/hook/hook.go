// Package hook posts alert messages to webhooks (Slack, Microsoft Teams, any JSON receiver) over
// HTTP: one POST per call, with a timeout. Retries belong to the job that calls it: a failure that
// may pass is CodeUnavailable, a refusal CodeInvalid.
package hook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"strings"
	"time"

	"github.com/o2c-project/o2c"
)

// Poster is an o2c.AlertPoster over net/http.
type Poster struct {
	Client    *http.Client // nil: a client with Timeout
	Timeout   time.Duration
	UserAgent string
}

var _ o2c.AlertPoster = (*Poster)(nil)

// New returns a poster whose every POST ends after timeout (10 s when 0).
func New(timeout time.Duration) *Poster {
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	return &Poster{Timeout: timeout, UserAgent: "o2c-alerts"}
}

// PostAlert implements o2c.AlertPoster. A 2xx answer is success. A receiver that cannot be reached,
// times out, or answers 408, 425, 429 or 5xx may take it later (CodeUnavailable); any other answer
// is a refusal that a retry would not change (CodeInvalid): the hook was removed (404, 410) or
// moved (3xx), or the message was not what it takes (400).
func (p *Poster) PostAlert(ctx context.Context, url string, body []byte) error {
	client := p.Client
	if client == nil {
		// A redirect is answered, not followed: a POST followed to a 302 would become a GET,
		// and the hook moved is for its owner to fix in the rule.
		client = &http.Client{Timeout: p.Timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return o2c.Errorf(o2c.CodeInvalid, "webhook %s: %v", redact(url), err)
	}
	req.Header.Set("Content-Type", "application/json")
	if p.UserAgent != "" {
		req.Header.Set("User-Agent", p.UserAgent)
	}
	resp, err := client.Do(req)
	if err != nil {
		if errors.Is(err, context.Canceled) && ctx.Err() != nil {
			return fmt.Errorf("post to webhook %s: %w", redact(url), err)
		}
		return o2c.Errorf(o2c.CodeUnavailable, "webhook %s could not be reached: %v", redact(url), unwrapURL(err))
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 512)) // a part of the answer, for the cause; a short read loses nothing
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	cause := fmt.Sprintf("webhook %s answered %s", redact(url), resp.Status)
	if text := strings.TrimSpace(string(answer)); text != "" {
		cause += ": " + strings.ToValidUTF8(text, "?")
	}
	switch resp.StatusCode {
	case http.StatusRequestTimeout, http.StatusTooEarly, http.StatusTooManyRequests:
		return o2c.Errorf(o2c.CodeUnavailable, "%s", cause)
	}
	if resp.StatusCode >= 500 {
		return o2c.Errorf(o2c.CodeUnavailable, "%s", cause)
	}
	return o2c.Errorf(o2c.CodeInvalid, "%s", cause)
}

// redact keeps a webhook's secret out of messages: Slack and Teams URLs carry their token in the
// path, so only the scheme and host are shown.
func redact(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return "(unreadable URL)"
	}
	host, _, _ := strings.Cut(rest, "/")
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	return scheme + "://" + host + "/…"
}

// unwrapURL drops the *url.Error wrapping, which repeats the whole URL with its secret.
func unwrapURL(err error) error {
	var ue *neturl.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
