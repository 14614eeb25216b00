package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/o2c-project/o2c"
)

// oneLine renders an error for a person on one line: an *o2c.Error's message with its first
// faults, any other error as is (the CLI user is the operator, who may see internal causes).
func oneLine(err error) string {
	var e *o2c.Error
	if errors.As(err, &e) {
		msg := e.Message
		for i, f := range e.Faults {
			if i == 3 {
				msg += fmt.Sprintf("; ... %d more", len(e.Faults)-3)
				break
			}
			if i > 0 || !strings.Contains(msg, f.Message) {
				msg += fmt.Sprintf("; %s: %s", f.Path, f.Message)
			}
		}
		return strings.ReplaceAll(msg, "\n", " ")
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}
