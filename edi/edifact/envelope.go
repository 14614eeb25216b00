package edifact

import (
	"fmt"
	"strconv"
)

// interchange reads one interchange, from its UNA or UNB to its UNZ.
func (ps *parser) interchange() (*Interchange, error) {
	lx := &ps.lx
	ic, err := ps.header()
	if err != nil {
		return nil, err
	}
	var (
		grp      *Group // the open group
		grpCount int    // messages in the open group
		msg      *Message
		direct   int // messages outside any group
	)
	finish := func() {
		if ps.high && ps.noteCS != "" {
			ic.Notes = append(ic.Notes, ps.noteCS)
		}
	}
	for {
		ok, err := lx.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			lx.n, lx.start, lx.tag = lx.n+1, lx.pos, "end of input"
			if msg != nil {
				return nil, parseError(SyntaxMissing, fmt.Sprintf("segment %d (UNH)", msg.Start),
					"the input ends inside message %q: its UNT is missing (the interchange is truncated)", msg.Ref)
			}
			if grp != nil {
				if err := ps.problem(ic, Problem{Code: SyntaxMissing, Tag: "UNE", Group: grp.Ref},
					"the input ends inside functional group %q: its UNE is missing", grp.Ref); err != nil {
					return nil, err
				}
			}
			if err := ps.problem(ic, Problem{Code: SyntaxMissing, Tag: "UNZ"},
				"the input ends before the UNZ of interchange %q: the interchange is truncated", ic.ControlRef); err != nil {
				return nil, err
			}
			finish()
			return ic, nil
		}
		switch lx.tag {
		case "UNH":
			if msg != nil {
				return nil, lx.fail(SyntaxMissing, "message %q has no UNT before this UNH", msg.Ref)
			}
			seg, err := ps.segment()
			if err != nil {
				return nil, err
			}
			m := Message{Ref: seg.Value(0, 0), Type: seg.Value(1, 0), Version: seg.Value(1, 1), Release: seg.Value(1, 2),
				Agency: seg.Value(1, 3), Association: seg.Value(1, 4), Start: lx.n}
			if m.Ref == "" {
				return nil, lx.fail(SyntaxMissing, "the message reference number (0062) is missing")
			}
			if m.Type == "" {
				return nil, lx.fail(SyntaxMissing, "the message type (S009 0065) is missing")
			}
			if grp != nil {
				m.Group = grp.Ref
				grpCount++
			} else {
				direct++
			}
			ic.Messages = append(ic.Messages, m)
			msg = &ic.Messages[len(ic.Messages)-1]
			ps.body = ps.sslab[:0]
		case "UNT":
			if msg == nil {
				return nil, lx.fail(SyntaxOutsideMessage, "UNT without a UNH before it")
			}
			seg, err := ps.segment()
			if err != nil {
				return nil, err
			}
			msg.Segments = ps.body[:len(ps.body):len(ps.body)]
			ps.sslab = ps.body[len(ps.body):cap(ps.body)]
			got := len(msg.Segments) + 2
			if err := ps.count(ic, seg, got, Problem{Tag: "UNT", Group: msg.Group, Message: msg.Ref},
				fmt.Sprintf("message %q has %d segments (UNH and UNT included)", msg.Ref, got)); err != nil {
				return nil, err
			}
			if ref := seg.Value(1, 0); ref != msg.Ref {
				if err := ps.problem(ic, Problem{Code: SyntaxReferencesDiffer, Tag: "UNT", Group: msg.Group, Message: msg.Ref,
					Element: 2}, "the UNT message reference is %q but the UNH says %q", ref, msg.Ref); err != nil {
					return nil, err
				}
			}
			msg = nil
		case "UNG":
			if msg != nil {
				return nil, lx.fail(SyntaxMissing, "message %q has no UNT before this UNG", msg.Ref)
			}
			if grp != nil {
				return nil, lx.fail(SyntaxMissing, "functional group %q has no UNE before this UNG", grp.Ref)
			}
			seg, err := ps.segment()
			if err != nil {
				return nil, err
			}
			g := Group{ID: seg.Value(0, 0),
				Sender:    Partner{ID: seg.Value(1, 0), Qualifier: seg.Value(1, 1)},
				Recipient: Partner{ID: seg.Value(2, 0), Qualifier: seg.Value(2, 1)},
				Date:      seg.Value(3, 0), Time: seg.Value(3, 1), Ref: seg.Value(4, 0), Agency: seg.Value(5, 0),
				Version: seg.Value(6, 0), Release: seg.Value(6, 1), Association: seg.Value(6, 2)}
			if g.Ref == "" {
				return nil, lx.fail(SyntaxMissing, "the functional group reference number (0048) is missing")
			}
			for _, other := range ic.Groups {
				if other.Ref == g.Ref {
					return nil, lx.fail(SyntaxDuplicate, "a second functional group with reference %q", g.Ref)
				}
			}
			ic.Groups = append(ic.Groups, g)
			grp, grpCount = &ic.Groups[len(ic.Groups)-1], 0
		case "UNE":
			if msg != nil {
				return nil, lx.fail(SyntaxMissing, "message %q has no UNT before this UNE", msg.Ref)
			}
			if grp == nil {
				return nil, lx.fail(SyntaxOutsideMessage, "UNE without a UNG before it")
			}
			seg, err := ps.segment()
			if err != nil {
				return nil, err
			}
			if err := ps.count(ic, seg, grpCount, Problem{Tag: "UNE", Group: grp.Ref},
				fmt.Sprintf("functional group %q holds %d messages", grp.Ref, grpCount)); err != nil {
				return nil, err
			}
			if ref := seg.Value(1, 0); ref != grp.Ref {
				if err := ps.problem(ic, Problem{Code: SyntaxReferencesDiffer, Tag: "UNE", Group: grp.Ref, Element: 2},
					"the UNE group reference is %q but the UNG says %q", ref, grp.Ref); err != nil {
					return nil, err
				}
			}
			grp = nil
		case "UNZ":
			if msg != nil {
				return nil, lx.fail(SyntaxMissing, "message %q has no UNT before this UNZ", msg.Ref)
			}
			seg, err := ps.segment()
			if err != nil {
				return nil, err
			}
			if grp != nil {
				if err := ps.problem(ic, Problem{Code: SyntaxMissing, Tag: "UNE", Group: grp.Ref},
					"functional group %q has no UNE before the UNZ", grp.Ref); err != nil {
					return nil, err
				}
			}
			if len(ic.Groups) > 0 && direct > 0 {
				if err := ps.problem(ic, Problem{Code: SyntaxGroupsAndMessagesMix, Tag: "UNZ"},
					"the interchange holds %d functional groups and %d messages outside any group", len(ic.Groups), direct); err != nil {
					return nil, err
				}
			}
			what, got := fmt.Sprintf("the interchange holds %d messages", len(ic.Messages)), len(ic.Messages)
			if len(ic.Groups) > 0 {
				what, got = fmt.Sprintf("the interchange holds %d functional groups", len(ic.Groups)), len(ic.Groups)
			}
			if err := ps.count(ic, seg, got, Problem{Tag: "UNZ"}, what); err != nil {
				return nil, err
			}
			if ref := seg.Value(1, 0); ref != ic.ControlRef {
				if err := ps.problem(ic, Problem{Code: SyntaxReferencesDiffer, Tag: "UNZ", Element: 2},
					"the UNZ control reference is %q but the UNB says %q", ref, ic.ControlRef); err != nil {
					return nil, err
				}
			}
			finish()
			return ic, nil
		case "UNB", "UNA":
			if msg != nil {
				return nil, lx.fail(SyntaxMissing, "message %q has no UNT before this %s", msg.Ref, lx.tag)
			}
			if err := ps.problem(ic, Problem{Code: SyntaxMissing, Tag: "UNZ"},
				"interchange %q has no UNZ before the next interchange", ic.ControlRef); err != nil {
				return nil, err
			}
			// Read this segment again as the start of the next interchange.
			lx.pos, lx.n = lx.start, lx.n-1
			finish()
			return ic, nil
		default:
			if msg == nil {
				return nil, lx.fail(SyntaxOutsideMessage, "a %s segment outside any message (no UNH before it)", lx.tag)
			}
			seg, err := ps.segment()
			if err != nil {
				return nil, err
			}
			ps.addSegment(seg)
		}
	}
}

// count checks the control count in element 1 of a trailer against got.
func (ps *parser) count(ic *Interchange, seg Segment, got int, at Problem, what string) error {
	s := seg.Value(0, 0)
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || !digits(s, 1, 9) {
		at.Code, at.Element = SyntaxInvalidValue, 1
		return ps.problem(ic, at, "the control count %q is not a number", s)
	}
	if n != got {
		at.Code, at.Element = SyntaxCountMismatch, 1
		return ps.problem(ic, at, "%s but its %s counts %d", what, at.Tag, n)
	}
	return nil
}

// problem fails the parse, or with Lenient records the problem and goes on.
func (ps *parser) problem(ic *Interchange, pr Problem, format string, args ...any) error {
	err := ps.lx.fail(pr.Code, format, args...)
	if !ps.Lenient {
		return err
	}
	pr.Text = err.Message
	ic.Problems = append(ic.Problems, pr)
	return nil
}
