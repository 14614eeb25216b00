// Package o2c is the domain vocabulary of the order-to-cash system: orders, master data, documents,
// anomalies, audit events, their states, and the interfaces that stores, connectors and the queue
// implement. It imports only the standard library and small value packages.
package o2c

import (
	"errors"
	"fmt"
)

// Code classifies an error for callers: HTTP status, job retry policy, CLI exit.
type Code string

// Error codes.
const (
	CodeConflict     Code = "conflict"     // the thing exists already, or changed under us
	CodeInternal     Code = "internal"     // a bug or an outside failure; never shown in detail
	CodeInvalid      Code = "invalid"      // the input breaks a rule; Faults say which
	CodeNotFound     Code = "not_found"    // no such thing
	CodeUnauthorized Code = "unauthorized" // no valid credentials, or not allowed
	CodeUnavailable  Code = "unavailable"  // an outside system is down for now; try again later
	CodeTooLarge     Code = "too_large"    // the input is larger than allowed
)

// Error is an error a user may see. Any other error reaches users only as "Internal error."
type Error struct {
	Code    Code
	Message string  // safe to show to a person
	Faults  []Fault // per-field rule failures when Code == CodeInvalid
}

// Fault is one broken rule at one place, e.g. {"ORDER-07", "$.lines[2].quantity", "quantity must be > 0"}.
type Fault struct {
	Rule    string `json:"rule"`
	Path    string `json:"path"`
	Message string `json:"message"`
}

func (e *Error) Error() string {
	return fmt.Sprintf("o2c error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns a CodeInvalid error carrying faults; its message is the first fault's.
func Invalid(faults ...Fault) *Error {
	msg := "the input is invalid"
	if len(faults) > 0 {
		msg = faults[0].Path + ": " + faults[0].Message
		if len(faults) > 1 {
			msg += fmt.Sprintf(" (and %d more)", len(faults)-1)
		}
	}
	return &Error{Code: CodeInvalid, Message: msg, Faults: faults}
}

// ErrorCode returns the code of the first *Error in err's chain, "" for nil, else CodeInternal.
func ErrorCode(err error) Code {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// ErrorMessage returns the message safe to show a person: an *Error's own, else "Internal error.".
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ErrorFaults returns the faults of the first *Error in err's chain.
func ErrorFaults(err error) []Fault {
	var e *Error
	if errors.As(err, &e) {
		return e.Faults
	}
	return nil
}
