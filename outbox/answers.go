package outbox

import (
	"context"
	"path/filepath"
	"regexp"

	"github.com/o2c-project/o2c"
)

// Answers sends answers by placing them in an outbox directory, where an EDI gateway or a
// partner's file transfer picks them up.
type Answers struct {
	Dir *Dir
}

var _ o2c.AnswerSender = Answers{}

var safeName = regexp.MustCompile(`^[A-Za-z0-9._-]{1,200}$`)

// SendAnswer implements o2c.AnswerSender; the reference is the file's path.
func (a Answers) SendAnswer(ctx context.Context, ans o2c.Answer) (string, error) {
	if !safeName.MatchString(ans.Filename) {
		return "", o2c.Errorf(o2c.CodeInvalid, "answer name %q cannot name a file", ans.Filename)
	}
	if err := a.Dir.Place(ans.Filename, ans.Content); err != nil {
		return "", err
	}
	if err := a.Dir.Sync(); err != nil {
		return "", err
	}
	return filepath.Join(a.Dir.Path, ans.Filename), ctx.Err()
}
