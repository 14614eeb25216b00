package email_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/intake/email"
)

func TestSplitMbox(t *testing.T) {
	t.Parallel()
	f := strings.NewReader(string(readFixture(t, "archive.mbox")))
	var got []string
	err := email.SplitMbox(f, func(raw []byte) error {
		got = append(got, string(raw))
		return nil
	})
	if err != nil {
		t.Fatalf("SplitMbox: %v", err)
	}
	want := []string{
		"Message-ID: <mbox-1@acme.example>\nFrom: buyer@acme.example\nSubject: first\n\nOrder one.\n" +
			"From the warehouse: ship Monday.\n>From here on, nothing.\n",
		"Message-ID: <mbox-2@shop.example>\nFrom: other@shop.example\nSubject: second\nContent-Type: text/plain\n\nOrder two.\n",
		"Message-ID: <mbox-3@shop.example>\nFrom: third@shop.example\nSubject: third\n\nOrder three.\n" +
			"From the third sender, not a separator: no empty line before it.\n",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d messages, want %d: %q", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("message %d:\n got %q\nwant %q", i+1, got[i], want[i])
		}
		if _, err := email.Split([]byte(got[i])); err != nil {
			t.Errorf("message %d does not split: %v", i+1, err)
		}
	}
}

func TestSplitMboxEdges(t *testing.T) {
	t.Parallel()

	long := strings.Repeat("x", 200<<10) // longer than the reader's buffer
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"LoneEML", "Subject: a\r\n\r\nbody\r\n", []string{"Subject: a\r\n\r\nbody\r\n"}},
		{"CRLF", "From a b\r\nSubject: a\r\n\r\none\r\n\r\nFrom c d\r\nSubject: b\r\n\r\ntwo\r\n",
			[]string{"Subject: a\r\n\r\none\r\n", "Subject: b\r\n\r\ntwo\r\n"}},
		{"LongLines", "From a b\nSubject: " + long + "\n\n" + long + "\n\nFrom " + long + "\nSubject: b\n\ntwo\n",
			[]string{"Subject: " + long + "\n\n" + long + "\n", "Subject: b\n\ntwo\n"}},
		{"EmptyMessagesDropped", "From a b\n\nFrom c d\nSubject: b\n\ntwo\n", []string{"Subject: b\n\ntwo\n"}},
		{"Empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			if err := email.SplitMbox(strings.NewReader(tt.in), func(raw []byte) error {
				got = append(got, string(raw))
				return nil
			}); err != nil {
				t.Fatalf("SplitMbox: %v", err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d messages, want %d", len(got), len(tt.want))
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("message %d: got %.80q, want %.80q", i+1, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestSplitMboxStopsOnError(t *testing.T) {
	t.Parallel()
	stop := errors.New("stop")
	calls := 0
	err := email.SplitMbox(strings.NewReader(string(readFixture(t, "archive.mbox"))), func([]byte) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("got %v after %d calls, want the callback's error after 1", err, calls)
	}
}

// A message over the limit is skipped without being held whole; the others still come out.
// The archive is generated as it is read: nothing here holds the 50 MB either.
func TestSplitMboxSkipsHugeMessage(t *testing.T) {
	t.Parallel()
	archive := io.MultiReader(
		strings.NewReader("From a b\nSubject: one\n\none\n\nFrom c d\nSubject: huge\n\n"),
		io.LimitReader(repeat('y'), email.MaxSize+1), // one line, longer than the limit
		strings.NewReader("\n\nFrom e f\nSubject: three\n\nthree\n"),
	)
	var got []string
	err := email.SplitMbox(archive, func(raw []byte) error {
		got = append(got, string(raw))
		return nil
	})
	if o2c.ErrorCode(err) != o2c.CodeInvalid || !strings.Contains(o2c.ErrorMessage(err), "1 message(s)") {
		t.Fatalf("got %v, want a CodeInvalid error naming the skipped message", err)
	}
	if len(got) != 2 || got[0] != "Subject: one\n\none\n" || got[1] != "Subject: three\n\nthree\n" {
		t.Fatalf("got %.100q, want the first and the third message", got)
	}
}

// repeat is an endless reader of one byte.
func repeat(c byte) io.Reader { return &repeater{chunk: bytes.Repeat([]byte{c}, 32<<10)} }

type repeater struct{ chunk []byte }

func (r *repeater) Read(p []byte) (int, error) { return copy(p, r.chunk), nil }
