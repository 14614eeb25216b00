package email

import (
	"strings"
	"testing"
)

func TestSafeName(t *testing.T) {
	t.Parallel()

	long := strings.Repeat("é", 150) + ".pdf"
	tests := []struct{ in, want string }{
		{"order.pdf", "order.pdf"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\anna\Desktop\order.pdf`, "order.pdf"},
		{"order\x00\x07.pdf", "order.pdf"},
		{"\u202egpj.exe", "gpj.exe"},
		{"a  \t b.pdf", "a b.pdf"},
		{`what?<x>:"y"|*.pdf`, "what__x___y___.pdf"},
		{"bestellung m\xfcller.pdf", "bestellung müller.pdf"}, // raw 8-bit name read as Windows-1252
		{"..", ""},
		{" . ", ""},
		{"dir/", ""},
		{"", ""},
		{"CON.txt", "_CON.txt"},
		{long, strings.Repeat("é", 98) + ".pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got := safeName(tt.in)
			if got != tt.want {
				t.Errorf("safeName(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if len(got) > maxNameLen {
				t.Errorf("safeName(%q) is %d bytes long", tt.in, len(got))
			}
		})
	}
}

func TestFallbackName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mediaType string
		n         int
		want      string
	}{
		{"application/pdf", 1, "attachment.pdf"},
		{"application/edifact", 2, "attachment-2.edi"},
		{"application/x-whatever", 1, "attachment.bin"},
		{"", 3, "attachment-3.bin"},
	}
	for _, tt := range tests {
		if got := fallbackName(tt.mediaType, tt.n); got != tt.want {
			t.Errorf("fallbackName(%q, %d) = %q, want %q", tt.mediaType, tt.n, got, tt.want)
		}
	}
}
