package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/o2c-project/o2c"
)

// Config configures a Connector. Only URL and Secret are required.
type Config struct {
	URL    string // where orders are POSTed: http:// or https://
	Secret string // the key of the HMAC signature, shared with the receiver; never logged
	// Tries is how many times one PostOrder sends the order before it gives the queue the
	// failure to retry later; default 3.
	Tries int
	// Backoff is the wait after the first failed try; it doubles after each (plus up to half
	// again as jitter, so that many orders do not come back at once); default 500 ms.
	Backoff time.Duration
	// MaxWait caps any wait between two tries, a Retry-After included; default 10 s. A post job
	// runs for a limited time, and the queue's own retries take over after the tries.
	MaxWait time.Duration
	// Timeout bounds one try, from sending to the end of the answer; default 30 s.
	Timeout time.Duration
	Client  *http.Client     // default: a client of its own; redirects are never followed
	Now     func() time.Time // the clock of the timestamp, sent_at and Retry-After dates; default time.Now
	Log     *slog.Logger     // retries are logged here; default: not logged
}

// Defaults of Config.
const (
	DefaultTries   = 3
	DefaultBackoff = 500 * time.Millisecond
	DefaultMaxWait = 10 * time.Second
	DefaultTimeout = 30 * time.Second
)

// maxAnswer is the most of an answer's body that is read; an ERP's reference or error fits well
// within it, and a misbehaving server cannot make us hold more.
const maxAnswer = 64 << 10

// excerptLen is how much of an answer's body an error quotes.
const excerptLen = 200

// Connector posts orders to a webhook. It is safe for concurrent use.
type Connector struct {
	url     string
	where   string // the URL without its query or credentials, for messages
	secret  string
	tries   int
	backoff time.Duration
	maxWait time.Duration
	timeout time.Duration
	client  *http.Client
	now     func() time.Time
	log     *slog.Logger
}

var _ o2c.ERPConnector = (*Connector)(nil)

// New returns a connector for cfg; it refuses a URL that is not http or https and an empty secret.
func New(cfg Config) (*Connector, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("webhook: the URL %q is not an http:// or https:// URL", redact(cfg.URL))
	}
	if cfg.Secret == "" {
		return nil, errors.New("webhook: a secret is required to sign posts")
	}
	c := &Connector{url: cfg.URL, where: (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String(),
		secret: cfg.Secret, tries: cfg.Tries, backoff: cfg.Backoff, maxWait: cfg.MaxWait, timeout: cfg.Timeout,
		now: cfg.Now, log: cfg.Log}
	if c.tries <= 0 {
		c.tries = DefaultTries
	}
	if c.backoff <= 0 {
		c.backoff = DefaultBackoff
	}
	if c.maxWait <= 0 {
		c.maxWait = DefaultMaxWait
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	client := http.Client{}
	if cfg.Client != nil {
		client = *cfg.Client
	}
	// A POST redirected becomes a GET on most servers' 302s: a redirect is an answer, not a path.
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.client = &client
	return c, nil
}

// redact drops what may be a credential from a URL that could not be parsed well.
func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	return "(unparsable)"
}

// Name implements o2c.ERPConnector.
func (c *Connector) Name() string { return "webhook" }

// Payload is the body of a post.
type Payload struct {
	IdempotencyKey string        `json:"idempotency_key"` // the same on every try of one order
	Order          *o2c.Order    `json:"order"`           // the approved order as resolved
	Customer       *o2c.Customer `json:"customer"`        // the resolved customer; null when unknown
	SentAt         time.Time     `json:"sent_at"`         // when this try was sent, UTC to the second
}

// answer is what one try got: a status and the start of the body, or an error when there was no
// answer at all.
type answer struct {
	status     int
	statusText string // "503 Service Unavailable"
	body       []byte
	retryAfter string
	err        error // no answer, or one cut short: worth another try
	fatal      error // the request could not be made: not worth another
}

// PostOrder implements o2c.ERPConnector. It sends the order up to Tries times while the answers
// say "later" (see the package doc), then returns CodeUnavailable with the last answer; it
// returns CodeInvalid when the receiver refuses the order, and stops as soon as ctx ends.
func (c *Connector) PostOrder(ctx context.Context, req o2c.ERPPost) (o2c.ERPAck, error) {
	if req.Order == nil {
		return o2c.ERPAck{}, o2c.Errorf(o2c.CodeInvalid, "no order to post under %q", req.IdempotencyKey)
	}
	order, err := json.Marshal(req.Order)
	if err != nil {
		return o2c.ERPAck{}, fmt.Errorf("encode order %d: %w", req.Order.ID, err)
	}
	customer, err := json.Marshal(req.Customer)
	if err != nil {
		return o2c.ERPAck{}, fmt.Errorf("encode customer of order %d: %w", req.Order.ID, err)
	}
	return c.deliver(ctx, req.IdempotencyKey, fmt.Sprintf("order %d", req.Order.ID), func(now time.Time) ([]byte, error) {
		return json.Marshal(envelope{IdempotencyKey: req.IdempotencyKey, Order: order, Customer: customer, SentAt: now})
	})
}

// deliver posts the body that body makes for each try, as PostOrder describes; what names the
// thing posted in messages ("order 42").
func (c *Connector) deliver(ctx context.Context, key, what string, body func(time.Time) ([]byte, error)) (o2c.ERPAck, error) {
	var last answer
	for try := 1; ; try++ {
		last = c.send(ctx, key, body)
		if last.fatal != nil {
			return o2c.ERPAck{}, fmt.Errorf("post %s to %s: %w", what, c.where, last.fatal)
		}
		switch {
		case last.err == nil && last.status >= 200 && last.status < 300:
			return c.ack(key, last, last.statusText), nil
		case last.status == http.StatusConflict:
			return c.ack(key, last, last.statusText+": the receiver had it already"), nil
		case last.err == nil && !retryable(last.status):
			return o2c.ERPAck{}, o2c.Errorf(o2c.CodeInvalid, "the webhook %s refused %s: %s%s",
				c.where, what, last.statusText, excerpt(last.body))
		case ctx.Err() != nil:
			return o2c.ERPAck{}, c.stopped(ctx, what, try, last)
		}
		if try >= c.tries {
			return o2c.ERPAck{}, c.unavailable(what, try, last)
		}
		wait := c.wait(try, last)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			// The job would be cut off while waiting: the queue's retry is the next try.
			return o2c.ERPAck{}, c.unavailable(what, try, last)
		}
		c.log.WarnContext(ctx, "webhook post failed; trying again", "key", key, "try", try,
			"of", c.tries, "wait", wait, "answer", last.describe())
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return o2c.ERPAck{}, c.stopped(ctx, what, try, last)
		case <-timer.C:
		}
	}
}

// envelope is Payload with the order and customer encoded once for all tries.
type envelope struct {
	IdempotencyKey string          `json:"idempotency_key"`
	Order          json.RawMessage `json:"order"`
	Customer       json.RawMessage `json:"customer"`
	SentAt         time.Time       `json:"sent_at"`
}

// send makes one try, signed at the time it is sent.
func (c *Connector) send(ctx context.Context, key string, makeBody func(time.Time) ([]byte, error)) answer {
	now := c.now().UTC().Truncate(time.Second)
	body, err := makeBody(now)
	if err != nil {
		return answer{fatal: fmt.Errorf("encode the post: %w", err)}
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return answer{fatal: fmt.Errorf("build the request: %w", err)}
	}
	ts := now.Unix()
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set(HeaderIdempotencyKey, key)
	hr.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	hr.Header.Set(HeaderSignature, Sign(c.secret, ts, body))
	resp, err := c.client.Do(hr)
	if err != nil {
		return answer{err: c.noAnswer(err)}
	}
	defer resp.Body.Close()
	a := answer{status: resp.StatusCode, statusText: resp.Status, retryAfter: resp.Header.Get("Retry-After")}
	if a.statusText == "" {
		a.statusText = strconv.Itoa(resp.StatusCode)
	}
	if a.body, err = io.ReadAll(io.LimitReader(resp.Body, maxAnswer)); err != nil && retryable(resp.StatusCode) {
		// A 2xx or 4xx cut short still says what it says; a retry covers the others anyway.
		a.err = fmt.Errorf("%s, then %w", a.statusText, c.noAnswer(err))
	}
	return a
}

// noAnswer words a failed exchange for a reviewer: a timeout as such, and without the URL that
// url.Error repeats (its query may hold a token).
func (c *Connector) noAnswer(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("no answer within %s", c.timeout)
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	return fmt.Errorf("no answer: %w", err)
}

// retryable reports whether a status means "try again later".
func retryable(status int) bool {
	switch status {
	case http.StatusRequestTimeout, http.StatusTooEarly, http.StatusTooManyRequests:
		return true
	}
	return status >= 500 && status <= 599
}

// ack acknowledges a taken post: the ERP's reference from the answer, else the key.
func (c *Connector) ack(key string, a answer, message string) o2c.ERPAck {
	ref := key
	var body struct {
		Ref json.RawMessage `json:"ref"`
		ID  json.RawMessage `json:"id"`
	}
	if json.Unmarshal(a.body, &body) == nil {
		if r := refText(body.Ref); r != "" {
			ref = r
		} else if r := refText(body.ID); r != "" {
			ref = r
		}
	}
	return o2c.ERPAck{Ref: ref, Message: message}
}

// refText reads a reference given as a JSON string or number.
func refText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// wait is how long to wait after the try-th failed try: the answer's Retry-After if it has one,
// else the backoff; never more than maxWait.
func (c *Connector) wait(try int, a answer) time.Duration {
	if d, ok := retryAfter(a.retryAfter, c.now(), c.maxWait); ok {
		return d
	}
	return backoff(c.backoff, try, c.maxWait)
}

// unavailable is the error of a post whose tries are used up.
func (c *Connector) unavailable(what string, tries int, last answer) *o2c.Error {
	return o2c.Errorf(o2c.CodeUnavailable, "the webhook %s did not take %s after %d tries: %s",
		c.where, what, tries, last.describe())
}

// stopped is the error of a post stopped by its context: still CodeUnavailable for the queue's
// retry policy, and also ctx's error, so that a shutdown is recognised as one.
func (c *Connector) stopped(ctx context.Context, what string, tries int, last answer) error {
	return fmt.Errorf("%w (%w)", c.unavailable(what, tries, last), ctx.Err())
}

// describe says what a try got, in words safe to show a reviewer.
func (a answer) describe() string {
	if a.err != nil {
		return a.err.Error()
	}
	return a.statusText + excerpt(a.body)
}

// excerpt is the start of an answer's body, on one line, for an error message; "" for none.
func excerpt(body []byte) string {
	s := strings.Join(strings.Fields(strings.ToValidUTF8(string(body[:min(len(body), 4*excerptLen)]), "?")), " ")
	if s == "" {
		return ""
	}
	if len(s) > excerptLen {
		cut := excerptLen
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return ": " + s
}
