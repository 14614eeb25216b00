package edifact

import "strconv"

// Action codes of a CONTRL (UNTDID 0083).
const (
	actionRejected     = "4" // this level and all lower levels rejected
	actionAcknowledged = "7" // this level acknowledged, lower levels too unless rejected
)

// CONTRLParams are the answer WriteCONTRL writes.
type CONTRLParams struct {
	// Envelope of the CONTRL. An empty Sender or Recipient is taken from the interchange
	// answered: its recipient becomes our sender, its sender our recipient.
	Envelope Envelope `json:"envelope"`

	// Accepted acknowledges the interchange (action 7); false rejects it with everything in it
	// (action 4).
	Accepted bool `json:"accepted"`

	// Problems are reported where they belong: on the interchange (UCI), a functional group (UCF),
	// a message (UCM), a segment (UCS) or a data element (UCD). A message with a problem is
	// rejected; the UCI and a UCF carry the code of their first problem only.
	Problems []Problem `json:"problems,omitempty"`
}

// WriteCONTRL writes a syntax and service report (CONTRL, directory D:3, syntax version 3) that
// answers ic: the UCI names it by its control reference, sender and recipient. It is
// deterministic: the same interchange and parameters give the same bytes. It panics when the
// envelope lacks its references or time of preparation, which is a bug of the caller.
func WriteCONTRL(ic *Interchange, p CONTRLParams) []byte {
	env := p.Envelope
	if env.Sender == (Partner{}) {
		env.Sender = Partner{ID: ic.Recipient.ID, Qualifier: ic.Recipient.Qualifier}
	}
	if env.Recipient == (Partner{}) {
		env.Recipient = Partner{ID: ic.Sender.ID, Qualifier: ic.Sender.Qualifier, Routing: ic.Sender.Routing}
	}
	env.check("CONTRL")

	var top *Problem // the first problem of the interchange itself
	byGroup := map[string][]Problem{}
	byMessage := map[string][]Problem{}
	for i, pr := range p.Problems {
		switch {
		case pr.Message != "":
			byMessage[pr.Message] = append(byMessage[pr.Message], pr)
		case pr.Group != "":
			byGroup[pr.Group] = append(byGroup[pr.Group], pr)
		case top == nil:
			top = &p.Problems[i]
		}
	}

	action := actionAcknowledged
	if !p.Accepted {
		action = actionRejected
	}
	uci := [][]string{el(ic.ControlRef), el(ic.Sender.ID, ic.Sender.Qualifier), el(ic.Recipient.ID, ic.Recipient.Qualifier), el(action)}
	if top != nil {
		uci = append(uci, el(string(top.Code)), el(top.Tag), position(*top))
	}
	body := []Segment{seg("UCI", uci...)}

	// The messages of a message's problems, in the order of the interchange.
	messages := func(group string) []Segment {
		var out []Segment
		done := map[string]bool{}
		for _, m := range ic.Messages {
			prs := byMessage[m.Ref]
			if m.Group != group || len(prs) == 0 || done[m.Ref] {
				continue
			}
			done[m.Ref] = true
			out = append(out, ucm(m, prs)...)
		}
		return out
	}
	body = append(body, messages("")...)
	for _, g := range ic.Groups {
		inner := messages(g.Ref)
		prs := byGroup[g.Ref]
		if len(inner) == 0 && len(prs) == 0 {
			continue
		}
		ucf := [][]string{el(g.Ref), el(g.Sender.ID, g.Sender.Qualifier), el(g.Recipient.ID, g.Recipient.Qualifier),
			el(actionAcknowledged)}
		if len(prs) > 0 {
			ucf[3] = el(actionRejected)
			ucf = append(ucf, el(string(prs[0].Code)), el(prs[0].Tag), position(prs[0]))
		}
		body = append(body, seg("UCF", ucf...))
		body = append(body, inner...)
	}
	return writeMessage(env, Message{Ref: env.MessageRef, Type: "CONTRL", Version: "D", Release: "3", Agency: "UN",
		Segments: body})
}

// ucm writes the message response of a rejected message and its segment errors.
func ucm(m Message, prs []Problem) []Segment {
	head := [][]string{el(m.Ref), el(m.Type, m.Version, m.Release, m.Agency, m.Association), el(actionRejected)}
	var out []Segment
	for _, pr := range prs {
		if pr.Segment == 0 {
			if len(head) == 3 {
				head = append(head, el(string(pr.Code)), el(pr.Tag), position(pr))
			}
			continue
		}
		if pr.Element == 0 {
			out = append(out, seg("UCS", el(strconv.Itoa(pr.Segment)), el(string(pr.Code))))
			continue
		}
		out = append(out, seg("UCS", el(strconv.Itoa(pr.Segment))), seg("UCD", el(string(pr.Code)), position(pr)))
	}
	return append([]Segment{seg("UCM", head...)}, out...)
}

// position is the data element identification (S011) of a problem: element, then component.
func position(pr Problem) []string {
	if pr.Element == 0 {
		return nil
	}
	c := ""
	if pr.Component > 0 {
		c = strconv.Itoa(pr.Component)
	}
	return el(strconv.Itoa(pr.Element), c)
}
