package hook_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/alert/hook"
)

func TestPostAlert(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		want   o2c.Code
	}{
		{"OK", http.StatusOK, ""},
		{"NoContent", http.StatusNoContent, ""},
		{"ErrServerDown", http.StatusBadGateway, o2c.CodeUnavailable},
		{"ErrTooMany", http.StatusTooManyRequests, o2c.CodeUnavailable},
		{"ErrGone", http.StatusGone, o2c.CodeInvalid},
		{"ErrBadPayload", http.StatusBadRequest, o2c.CodeInvalid},
		{"ErrMoved", http.StatusFound, o2c.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				got = r.Method + " " + r.Header.Get("Content-Type") + " " + string(b)
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte("invalid_token"))
			}))
			defer srv.Close()
			err := hook.New(5*time.Second).PostAlert(t.Context(), srv.URL+"/services/SECRET", []byte(`{"text":"hi"}`))
			if code := o2c.ErrorCode(err); code != tt.want {
				t.Fatalf("error %v (code %q), want code %q", err, code, tt.want)
			}
			if got != `POST application/json {"text":"hi"}` {
				t.Fatalf("receiver got %q", got)
			}
			if err != nil && (strings.Contains(err.Error(), "SECRET") || !strings.Contains(err.Error(), "invalid_token")) {
				t.Fatalf("cause %q shows the secret or lacks the answer", err)
			}
		})
	}
	t.Run("ErrUnreachable", func(t *testing.T) {
		t.Parallel()
		srv := httptest.NewServer(http.NotFoundHandler())
		url := srv.URL + "/hooks/SECRET"
		srv.Close()
		err := hook.New(time.Second).PostAlert(t.Context(), url, []byte(`{}`))
		if o2c.ErrorCode(err) != o2c.CodeUnavailable || strings.Contains(err.Error(), "SECRET") {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("ErrTimeout", func(t *testing.T) {
		t.Parallel()
		block := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-block }))
		defer srv.Close()
		defer close(block)
		err := hook.New(100*time.Millisecond).PostAlert(t.Context(), srv.URL, []byte(`{}`))
		if o2c.ErrorCode(err) != o2c.CodeUnavailable {
			t.Fatalf("error %v", err)
		}
	})
}
