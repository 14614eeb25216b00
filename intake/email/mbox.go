package email

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/o2c-project/o2c"
)

// SplitMbox reads an mbox archive message by message and calls each with the raw bytes of one
// message: its "From " separator line removed and its ">From " lines unquoted (mboxrd: one '>'
// less on any line of '>'s followed by "From "). Only one message is held in memory at a time.
// A "From " line separates messages at the start of the file or after an empty line. Text
// before the first separator counts as a message, so a lone .eml file also works.
//
// An error from each stops the reading and is returned. A message larger than MaxSize is
// skipped; the others are still read, and a CodeInvalid error naming the skipped ones is
// returned at the end.
func SplitMbox(r io.Reader, each func(raw []byte) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var (
		msg       []byte
		msgNo     int  // number of the current message, from 1
		msgLine   int  // line where the current message starts
		tooLarge  bool // the current message passed MaxSize: it is being skipped
		skipped   []int
		line      int
		prevEmpty = true // the start of the file counts as after an empty line
	)
	flush := func() error {
		defer func() { msg, tooLarge = nil, false }()
		if tooLarge {
			skipped = append(skipped, msgLine)
			return nil
		}
		// The empty line before a separator belongs to the separator.
		if bytes.HasSuffix(msg, []byte("\r\n\r\n")) {
			msg = msg[:len(msg)-2]
		} else if bytes.HasSuffix(msg, []byte("\n\n")) {
			msg = msg[:len(msg)-1]
		}
		if len(bytes.TrimSpace(msg)) == 0 {
			return nil
		}
		msgNo++
		if err := each(msg); err != nil {
			return fmt.Errorf("mbox message %d (line %d): %w", msgNo, msgLine, err)
		}
		return nil
	}
	for {
		// A line may be longer than the buffer: its first fragment decides what the line is,
		// the rest is copied as it comes.
		frag, err := br.ReadSlice('\n')
		if len(frag) > 0 {
			line++
			whole := !errors.Is(err, bufio.ErrBufferFull)
			empty := whole && len(bytes.TrimRight(frag, "\r\n")) == 0
			switch {
			case prevEmpty && bytes.HasPrefix(frag, []byte("From ")):
				if ferr := flush(); ferr != nil {
					return ferr
				}
				msgLine = line + 1
				frag = nil
				if !whole {
					if serr := skipRestOfLine(br); serr != nil {
						return fmt.Errorf("read mbox: %w", serr)
					}
					err = nil
				}
			case isQuotedFrom(frag):
				frag = frag[1:]
			}
			if msgLine == 0 {
				msgLine = line
			}
			for {
				if !tooLarge && len(frag) > 0 {
					if len(msg)+len(frag) > MaxSize {
						tooLarge, msg = true, nil
					} else {
						msg = append(msg, frag...)
					}
				}
				if !errors.Is(err, bufio.ErrBufferFull) {
					break
				}
				frag, err = br.ReadSlice('\n')
			}
			prevEmpty = empty
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return fmt.Errorf("read mbox: %w", err)
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if len(skipped) > 0 {
		return o2c.Errorf(o2c.CodeInvalid, "%d message(s) of the archive are larger than %d MB and were skipped (the first starts at line %d)",
			len(skipped), MaxSize>>20, skipped[0])
	}
	return nil
}

// isQuotedFrom tells a line of one or more '>' followed by "From ".
func isQuotedFrom(line []byte) bool {
	rest := bytes.TrimLeft(line, ">")
	return len(rest) < len(line) && bytes.HasPrefix(rest, []byte("From "))
}

func skipRestOfLine(br *bufio.Reader) error {
	for {
		_, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		return err
	}
}
