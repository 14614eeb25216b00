package mailbox

import (
	"context"
	"sync"
)

// MemoryState is a StateStore held in memory, for tests and one-off runs. Its zero value is
// ready to use.
type MemoryState struct {
	mu    sync.Mutex
	state map[string][2]uint32
}

var _ StateStore = (*MemoryState)(nil)

// Load returns what Save last stored for mailbox, or zeros.
func (s *MemoryState) Load(_ context.Context, mailbox string) (uidValidity, lastUID uint32, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.state[mailbox]
	return v[0], v[1], nil
}

// Save stores the UIDVALIDITY and the last UID taken of mailbox.
func (s *MemoryState) Save(_ context.Context, mailbox string, uidValidity, lastUID uint32) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state == nil {
		s.state = map[string][2]uint32{}
	}
	s.state[mailbox] = [2]uint32{uidValidity, lastUID}
	return nil
}
