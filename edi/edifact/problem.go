package edifact

import (
	"errors"
	"fmt"
	"strings"

	"github.com/o2c-project/o2c"
)

// SyntaxCode is a UN/EDIFACT syntax error code (data element 0085), the code a CONTRL reports.
type SyntaxCode string

// Syntax error codes this package reports (ISO 9735-4, code list 0085).
const (
	SyntaxLevelNotSupported    SyntaxCode = "2"  // syntax version or level not supported
	SyntaxInvalidValue         SyntaxCode = "12" // a value does not conform to its specification
	SyntaxMissing              SyntaxCode = "13" // a mandatory segment or element is missing
	SyntaxTooManyConstituents  SyntaxCode = "16" // too many elements in a segment, or components in an element
	SyntaxUnspecified          SyntaxCode = "18" // an error with no code of its own
	SyntaxInvalidCharacter     SyntaxCode = "21" // characters outside the declared character set
	SyntaxInvalidServiceChar   SyntaxCode = "22" // a service character where it may not stand (a bad release)
	SyntaxDuplicate            SyntaxCode = "26" // a reference used twice where it must be unique
	SyntaxReferencesDiffer     SyntaxCode = "28" // header and trailer references do not match
	SyntaxCountMismatch        SyntaxCode = "29" // a control count does not match what was received
	SyntaxGroupsAndMessagesMix SyntaxCode = "30" // functional groups and ungrouped messages in one interchange
	SyntaxOutsideMessage       SyntaxCode = "33" // a segment outside any message (invalid occurrence)
	SyntaxTooLong              SyntaxCode = "39" // a data element is too long
)

// Problem is one thing wrong with a received interchange, placed the way a CONTRL places it.
type Problem struct {
	Code      SyntaxCode `json:"code"`                // what is wrong
	Tag       string     `json:"tag,omitempty"`       // the service segment at fault (UNB, UNZ, UNH, UNT...); "" for a data segment
	Group     string     `json:"group,omitempty"`     // reference of the functional group concerned (UNG 0048)
	Message   string     `json:"message,omitempty"`   // reference of the message concerned (UNH 0062); "" for the interchange or a group
	Segment   int        `json:"segment,omitempty"`   // position of the segment in the message, UNH = 1; 0 for the message as a whole
	Element   int        `json:"element,omitempty"`   // position of the data element in the segment, from 1; 0 for the whole segment
	Component int        `json:"component,omitempty"` // position of the component in the element, from 1; 0 for the whole element
	Text      string     `json:"text,omitempty"`      // what a person reads
}

// rulePrefix starts the Rule of every parse fault; the syntax error code follows ("EDIFACT-29").
const rulePrefix = "EDIFACT-"

// ProblemOf returns the problem that made Parse fail with err: its syntax error code and text,
// for a CONTRL that rejects the interchange. It returns false when err is not a parse error.
func ProblemOf(err error) (Problem, bool) {
	var e *o2c.Error
	if !errors.As(err, &e) || len(e.Faults) == 0 {
		return Problem{}, false
	}
	f := e.Faults[0]
	code, ok := strings.CutPrefix(f.Rule, rulePrefix)
	if !ok {
		return Problem{}, false
	}
	return Problem{Code: SyntaxCode(code), Text: e.Message}, true
}

// parseError is the *o2c.Error of a broken interchange: where, what, and the syntax error code in
// the fault's rule.
func parseError(code SyntaxCode, place, format string, args ...any) *o2c.Error {
	msg := fmt.Sprintf(format, args...)
	return &o2c.Error{
		Code:    o2c.CodeInvalid,
		Message: place + ": " + msg,
		Faults:  []o2c.Fault{{Rule: rulePrefix + string(code), Path: place, Message: msg}},
	}
}
