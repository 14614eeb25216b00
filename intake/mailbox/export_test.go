package mailbox

import "time"

// SetTestHooks shortens the reconnect backoff and reports each start of IDLE on idling.
func (m *Mailbox) SetTestHooks(retry time.Duration, idling func()) {
	m.retryMin, m.retryMax = retry, retry
	m.idling = idling
}
