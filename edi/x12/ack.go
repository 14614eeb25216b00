package x12

import (
	"fmt"
	"strconv"
	"time"

	"github.com/o2c-project/o2c"
)

// Control holds what a writer must not invent: the control numbers of what it writes, and the
// time it writes into the ISA and GS segments. Control numbers are the caller's to keep unique
// per trading partner (a counter row, like invoice numbers).
type Control struct {
	Interchange int       // ISA13 and IEA02: 1 to 999999999
	Group       int       // GS06 and GE02 of the first group; further groups count on from it
	Set         int       // ST02 and SE02 of the first set, at least 4 digits; further sets count on
	Time        time.Time // ISA09 and ISA10, GS04 and GS05, in its own location
	// Separators to write with; the zero value means the received interchange's for a 997, and
	// DefaultSeparators for an 855.
	Separators Separators
}

// check returns the fault of control numbers out of range or a missing time; groups and sets
// are the numbers of groups and sets the writer will number from ctl.
func (ctl *Control) check(groups, sets int) error {
	const maxControl = 999999999
	switch {
	case ctl.Interchange < 1 || ctl.Interchange > maxControl:
		return writeFault("Control.Interchange", "the interchange control number %d is not from 1 to 999999999", ctl.Interchange)
	case ctl.Group < 1 || ctl.Group+groups-1 > maxControl:
		return writeFault("Control.Group", "the group control numbers from %d do not fit 1 to 999999999", ctl.Group)
	case ctl.Set < 1 || ctl.Set+sets-1 > maxControl:
		return writeFault("Control.Set", "the transaction set control numbers from %d do not fit 1 to 999999999", ctl.Set)
	case ctl.Time.IsZero():
		return writeFault("Control.Time", "the time to write into the ISA and GS is missing")
	}
	return nil
}

// envelope returns the ISA fields of an interchange written by us, at ctl.
func (ctl *Control) envelope(version, usage string, sep Separators) *Interchange {
	return &Interchange{
		Date: ctl.Time.Format("060102"), Time: ctl.Time.Format("1504"), Version: version,
		ControlNumber: fmt.Sprintf("%09d", ctl.Interchange), AckRequested: "0", Usage: usage, Separators: sep,
	}
}

// group returns the GS fields of the i-th group written by us (from 0), in GS08 version.
func (ctl *Control) group(i int, functionalID, sender, receiver, version string) Group {
	return Group{
		FunctionalID: functionalID, SenderCode: sender, ReceiverCode: receiver,
		Date: ctl.Time.Format(dateLayout(version)), Time: ctl.Time.Format("1504"),
		ControlNumber: strconv.Itoa(ctl.Group + i), Agency: "X", Version: version,
	}
}

// setNumber returns the ST02 of the i-th set written by us (from 0).
func (ctl *Control) setNumber(i int) string { return fmt.Sprintf("%04d", ctl.Set+i) }

// dateLayout is the layout of dates in a GS08 version: CCYYMMDD from 004010, YYMMDD before.
func dateLayout(version string) string {
	if version < "004010" {
		return "060102"
	}
	return "20060102"
}

// Write997 writes the functional acknowledgment of a received interchange: an interchange back
// to its sender (the ISA sender and receiver, and each group's GS02 and GS03, swapped; the usage
// indicator and versions kept), with one FA group and one 997 per functional group received:
// AK1 names the group, then AK2 and AK5 each transaction set, accepted (A) or, when accepted is
// false, rejected (R, code 5: one or more segments in error), and AK9 sums up the group. Groups
// of 997s are skipped: acknowledgments are never acknowledged. Groups and sets are numbered
// from ctl, in order.
//
// Errors: CodeInvalid when the interchange holds nothing to acknowledge, when ctl is incomplete,
// or when Marshal refuses a value (X12-20).
func Write997(ic *Interchange, accepted bool, ctl Control) ([]byte, error) {
	var groups []*Group
	for i := range ic.Groups {
		if ic.Groups[i].FunctionalID != "FA" {
			groups = append(groups, &ic.Groups[i])
		}
	}
	if len(groups) == 0 {
		return nil, o2c.Errorf(o2c.CodeInvalid, "interchange %s holds no functional group to acknowledge: acknowledgments are not acknowledged", ic.ControlNumber)
	}
	if err := ctl.check(len(groups), len(groups)); err != nil {
		return nil, err
	}
	sep := ctl.Separators
	if sep.Element == 0 {
		sep = ic.Separators
	}
	out := ctl.envelope(ic.Version, ic.Usage, sep)
	out.SenderQual, out.SenderID, out.ReceiverQual, out.ReceiverID = ic.ReceiverQual, ic.ReceiverID, ic.SenderQual, ic.SenderID
	code, setCode := "A", []string{"A"}
	if !accepted {
		code, setCode = "R", []string{"R", "5"}
	}
	for i, g := range groups {
		segs := []Segment{seg("AK1", g.FunctionalID, g.ControlNumber)}
		for _, s := range g.Sets {
			segs = append(segs, seg("AK2", s.ID, s.ControlNumber), seg("AK5", setCode...))
		}
		n := strconv.Itoa(len(g.Sets))
		ok := n
		if !accepted {
			ok = "0"
		}
		segs = append(segs, seg("AK9", code, n, n, ok))
		fa := ctl.group(i, "FA", g.ReceiverCode, g.SenderCode, g.Version)
		fa.Sets = []Set{{ID: "997", ControlNumber: ctl.setNumber(i), Segments: segs}}
		out.Groups = append(out.Groups, fa)
	}
	return Marshal(out)
}

// seg builds a segment of simple elements.
func seg(id string, elems ...string) Segment {
	s := Segment{ID: id, Elements: make([][]string, len(elems))}
	for i, e := range elems {
		s.Elements[i] = []string{e}
	}
	return s
}

func writeFault(path, format string, args ...any) *o2c.Error {
	return o2c.Invalid(o2c.Fault{Rule: RuleWrite, Path: path, Message: fmt.Sprintf(format, args...)})
}
