package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/erp/webhook"
)

func TestERPFlags(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		env  string // O2C_WEBHOOK_SECRET
		want string // the connector's name, or what the error says
	}{
		{"FileByDefault", nil, "", "file"},
		{"Webhook", []string{"--erp", "webhook", "--webhook-url", "https://erp.example.com/o2c", "--webhook-secret", "s"}, "", "webhook"},
		{"WebhookSecretFromEnv", []string{"--erp=webhook", "--webhook-url=http://127.0.0.1:9/o2c"}, "s", "webhook"},
		{"ErrWebhookNoSecret", []string{"--erp=webhook", "--webhook-url=https://erp.example.com/o2c"}, "", "O2C_WEBHOOK_SECRET"},
		{"ErrWebhookNoURL", []string{"--erp=webhook"}, "s", "not an http:// or https:// URL"},
		{"ErrWebhookFTP", []string{"--erp=webhook", "--webhook-url=ftp://erp.example.com/in"}, "s", "not an http:// or https:// URL"},
		{"ErrURLWithFile", []string{"--webhook-url=https://erp.example.com/o2c"}, "s", "--erp is file"},
		{"ErrUnknown", []string{"--erp=sap"}, "", `--erp "sap"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := &Main{Stderr: io.Discard, Getenv: func(k string) string {
				if k == "O2C_WEBHOOK_SECRET" {
					return tc.env
				}
				return ""
			}}
			set := m.flags("serve")
			cfg := m.erpFlags(set)
			if err := set.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			erp, err := cfg.connector(t.TempDir(), slog.New(slog.DiscardHandler))
			got := ""
			if err != nil {
				got = err.Error()
			} else {
				got = erp.Name()
			}
			if !strings.Contains(got, tc.want) || (err == nil) != !strings.HasPrefix(tc.name, "Err") {
				t.Fatalf("connector = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestWebhookPostsOrdersEndToEnd runs o2c with --erp webhook: an order dropped into the inbox is
// posted to a receiver that verifies the signature, and ends posted under the receiver's reference.
func TestWebhookPostsOrdersEndToEnd(t *testing.T) {
	t.Parallel()
	const secret = "e2e-secret"
	var mu sync.Mutex
	var keys []string
	erp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "read", http.StatusBadRequest)
			return
		}
		if err := webhook.Verify(secret, r.Header.Get(webhook.HeaderTimestamp), body, r.Header.Get(webhook.HeaderSignature), time.Now(), 5*time.Minute); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		var p webhook.Payload
		if err := json.Unmarshal(body, &p); err != nil || p.Order == nil || p.IdempotencyKey != r.Header.Get(webhook.HeaderIdempotencyKey) {
			http.Error(w, "bad payload", http.StatusBadRequest)
			return
		}
		mu.Lock()
		keys = append(keys, p.IdempotencyKey)
		mu.Unlock()
		fmt.Fprintf(w, `{"ref": "SO-%s"}`, p.Order.PONumber)
	}))
	t.Cleanup(erp.Close)

	s, dir := runningStack(t, stackParams{workers: 2, erp: &erpConfig{kind: "webhook", url: erp.URL, secret: secret}})
	if err := os.WriteFile(filepath.Join(dir, "inbox", "order.json"), cleanOrder(t, "PO-WH-1"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := settledOrders(t, s, o2c.ChannelFolder, 1)[0]
	if o.Status != o2c.OrderPosted || o.ERPRef != "SO-PO-WH-1" {
		t.Fatalf("order ended %s with ERP ref %q (%s), want posted as SO-PO-WH-1", o.Status, o.ERPRef, o.LastError)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(keys) != 1 || keys[0] != fmt.Sprintf("o2c-order-%d", o.ID) {
		t.Fatalf("the receiver took %q", keys)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "outbox"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Fatalf("the file outbox holds %d entries, want none with --erp webhook", len(entries))
	}
}
