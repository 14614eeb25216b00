package extract

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/o2c-project/o2c"
)

// RuleFormat is the fault of a file that is empty or of no format this package reads.
const RuleFormat = "FILE-01"

// File extracts the drafts of one file, choosing the reader by its content and, where the content
// does not tell, its name. For now it reads canonical-order JSON (DecodeJSON; a leading UTF-8
// byte-order mark, which Windows tools write, is dropped). An empty file, or one of any other
// format, is CodeInvalid. The drafts are not checked: see CheckDraft.
func File(name string, content []byte) ([]o2c.OrderDraft, error) {
	body := bytes.TrimPrefix(content, []byte("\xEF\xBB\xBF"))
	start := bytes.TrimLeft(body, " \t\r\n")
	if len(start) == 0 {
		return nil, formatError(fmt.Sprintf("%s is empty", short(filepath.Base(name))))
	}
	if start[0] == '{' || start[0] == '[' || strings.EqualFold(filepath.Ext(name), ".json") {
		return DecodeJSON(body)
	}
	return nil, formatError(fmt.Sprintf("%s is not a supported format: o2c reads canonical-order JSON for now",
		short(filepath.Base(name))))
}

func formatError(msg string) *o2c.Error {
	return &o2c.Error{Code: o2c.CodeInvalid, Message: msg, Faults: []o2c.Fault{{Rule: RuleFormat, Path: "$", Message: msg}}}
}
