// Package dunning decides which overdue invoices get a reminder today, and at which level. It is
// pure: open items, the reminders already sent, a date and a policy in; reminders out, with the
// reason each other item gets none, for the UI.
package dunning

import (
	"fmt"
	"slices"

	"github.com/o2c-project/o2c"
)

// Level is how firmly a reminder asks.
type Level string

// Reminder levels, in the order a policy sends them.
const (
	// Friendly says the invoice is due and may have been overlooked.
	Friendly Level = "friendly"
	// Firm asks for payment within days.
	Firm Level = "firm"
	// Final is the last notice before collection: it states the late-payment interest and, to a
	// French business customer, the 40 EUR recovery indemnity (Code de commerce L441-10).
	Final Level = "final"
)

// Levels lists the levels, mildest first.
var Levels = []Level{Friendly, Firm, Final}

// Step is one level of a policy and how many days overdue an invoice must be to get it.
type Step struct {
	Level Level `json:"level"`
	After int   `json:"after_days"` // days past the due date, at least 1
}

// Policy is a company's dunning rules. Levels are sent in the order of Steps, each at most once
// per invoice and never skipped: an invoice found 50 days overdue with no reminder yet gets the
// first level, and the next ones MinGap days apart.
type Policy struct {
	Steps  []Step `json:"steps"`        // in order, with After strictly increasing
	MinGap int    `json:"min_gap_days"` // days at least between two reminders of one invoice
}

// DefaultPolicy is friendly 7 days after the due date, firm after 21, final after 45, and at
// least 7 days between two reminders of one invoice.
func DefaultPolicy() Policy {
	return Policy{Steps: []Step{{Friendly, 7}, {Firm, 21}, {Final, 45}}, MinGap: 7}
}

// Rules of the faults Validate reports.
const (
	RuleSteps = "DUN-01" // a policy has one to three steps, of distinct known levels
	RuleAfter = "DUN-02" // a step comes at least 1 day overdue, later than the step before it
	RuleGap   = "DUN-03" // the gap between reminders is not negative
)

// Validate checks a policy as a person entered it.
//
// Errors: CodeInvalid with a fault per broken rule (DUN-01 to DUN-03).
func (p Policy) Validate() error {
	var faults []o2c.Fault
	add := func(rule, path, format string, args ...any) {
		faults = append(faults, o2c.Fault{Rule: rule, Path: path, Message: fmt.Sprintf(format, args...)})
	}
	if len(p.Steps) == 0 || len(p.Steps) > len(Levels) {
		add(RuleSteps, "$.steps", "a policy has 1 to %d steps, not %d", len(Levels), len(p.Steps))
	}
	seen := map[Level]bool{}
	for i, s := range p.Steps {
		path := fmt.Sprintf("$.steps[%d]", i)
		switch {
		case !slices.Contains(Levels, s.Level):
			add(RuleSteps, path+".level", "level %q is none of friendly, firm, final", s.Level)
		case seen[s.Level]:
			add(RuleSteps, path+".level", "level %s comes twice", s.Level)
		}
		seen[s.Level] = true
		if s.After < 1 {
			add(RuleAfter, path+".after_days", "a reminder goes out at least 1 day after the due date, not %d", s.After)
		} else if i > 0 && s.After <= p.Steps[i-1].After {
			add(RuleAfter, path+".after_days", "%s after %d days comes no later than %s after %d",
				s.Level, s.After, p.Steps[i-1].Level, p.Steps[i-1].After)
		}
	}
	if p.MinGap < 0 {
		add(RuleGap, "$.min_gap_days", "the gap between reminders is %d days; it cannot be negative", p.MinGap)
	}
	if len(faults) > 0 {
		return o2c.Invalid(faults...)
	}
	return nil
}
