package engine

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// recorded is one recorded response of a service, as stored in testdata/recorded/*.recorded.json:
// its status, headers and body, in the shape the real API answers (testdata/README.md says
// where each shape comes from). "{{server}}" in a header stands for the replaying server's URL.
type recorded struct {
	Comment string            `json:"comment"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    json.RawMessage   `json:"body"` // null: no body
}

// step is one exchange the replaying server expects: a request's method and path, answered with
// a recorded response.
type step struct {
	method, path string
	file         string            // under testdata/recorded/
	header       map[string]string // replaces the recorded headers of these names
}

// received is a request the replaying server got.
type received struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   []byte
}

// replay serves the recorded responses of steps, in order, to the requests it receives, and
// keeps those requests for the test to check. A request out of step fails the test.
type replay struct {
	*httptest.Server
	mu  sync.Mutex
	got []received
}

func newReplay(t *testing.T, steps ...step) *replay {
	t.Helper()
	answers := make([]recorded, len(steps))
	for i, s := range steps {
		answers[i] = loadRecorded(t, s.file)
	}
	r := &replay{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			t.Errorf("read request: %v", err)
		}
		r.mu.Lock()
		n := len(r.got)
		r.got = append(r.got, received{Method: req.Method, Path: req.URL.Path, Query: req.URL.RawQuery, Header: req.Header.Clone(), Body: body})
		r.mu.Unlock()
		if n >= len(steps) {
			t.Errorf("request %d %s %s: the recording has only %d exchanges", n+1, req.Method, req.URL.Path, len(steps))
			http.Error(w, "not recorded", http.StatusTeapot)
			return
		}
		s, a := steps[n], answers[n]
		if req.Method != s.method || req.URL.Path != s.path {
			t.Errorf("request %d is %s %s, the recording has %s %s", n+1, req.Method, req.URL.Path, s.method, s.path)
		}
		for k, v := range a.Headers {
			if o, ok := s.header[k]; ok {
				v = o
			}
			w.Header().Set(k, strings.ReplaceAll(v, "{{server}}", r.URL))
		}
		w.WriteHeader(a.Status)
		if len(a.Body) > 0 && !bytes.Equal(a.Body, []byte("null")) {
			if _, err := w.Write(a.Body); err != nil {
				t.Errorf("write response: %v", err)
			}
		}
	}))
	t.Cleanup(r.Close)
	return r
}

// requests returns the requests received so far.
func (r *replay) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

func loadRecorded(t testing.TB, name string) recorded {
	t.Helper()
	if !strings.HasSuffix(name, ".recorded.json") {
		t.Fatalf("%s: a recorded exchange is named *.recorded.json", name)
	}
	b, err := os.ReadFile(filepath.Join("testdata", "recorded", name))
	if err != nil {
		t.Fatal(err)
	}
	var r recorded
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if r.Status == 0 {
		t.Fatalf("%s: no status", name)
	}
	return r
}
