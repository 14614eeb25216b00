package extract

import (
	"bytes"
	"strings"

	"github.com/o2c-project/o2c/edi/edifact"
)

// NaturalKey returns what identifies an EDI interchange across re-deliveries, its sender and
// control reference ("edifact:SENDER:REF", "x12:SENDER:CONTROL"), or "" when the content is no
// interchange whose header can be read. It reads only the header, so a broken interchange still
// has a key.
func NaturalKey(name string, content []byte) string {
	switch Detect(name, content) {
	case FormatEDIFACT:
		ic, err := edifact.ParseHeader(content)
		if err != nil || ic.Sender.ID == "" || ic.ControlRef == "" {
			return ""
		}
		return "edifact:" + ic.Sender.ID + ":" + ic.ControlRef
	case FormatX12:
		sender, control, ok := isaKey(content)
		if !ok {
			return ""
		}
		return "x12:" + sender + ":" + control
	}
	return ""
}

// isaKey reads ISA06 (sender) and ISA13 (control number) from the fixed-width ISA segment, whose
// fourth byte is the element separator.
func isaKey(content []byte) (sender, control string, ok bool) {
	start := bytes.TrimLeft(bytes.TrimPrefix(content, []byte("\xEF\xBB\xBF")), " \t\r\n")
	if len(start) < 106 {
		return "", "", false
	}
	fields := strings.Split(string(start[:105]), string(start[3:4]))
	if len(fields) < 17 {
		return "", "", false
	}
	sender, control = strings.TrimSpace(fields[6]), strings.TrimSpace(fields[13])
	return sender, control, sender != "" && control != ""
}
