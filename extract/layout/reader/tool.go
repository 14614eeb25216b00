package reader

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/o2c-project/o2c"
)

// maxOutput caps what one tool run may write to stdout. The biggest legitimate output is a
// rendered page: 60 Mpx as a PNG is far below it; pdftotext's XHTML of one page is a few hundred KB.
const maxOutput = 64 << 20

// packages names the Debian package that ships each tool we run, for the error a missing tool gives.
var packages = map[string]string{
	"pdfinfo":   "poppler-utils",
	"pdftotext": "poppler-utils",
	"pdftoppm":  "poppler-utils",
	"tesseract": "tesseract-ocr",
	"tiff2pdf":  "libtiff-tools",
}

// run is one run of an outside tool.
type run struct {
	Tool string   // a key of packages
	Args []string // arguments after the tool's name
	Dir  string   // the private temporary folder the input is in
	What string   // what is read, for errors: "page 3", "the PDF"
	// Timeout bounds the run; the caller's context may end it sooner.
	Timeout time.Duration
	Max     int // bytes of stdout allowed; 0 is maxOutput
}

// exitError says a tool ran and failed; Stderr is its first words, for the log and messages.
type exitError struct {
	Tool   string
	Code   int
	Stderr string
}

func (e *exitError) Error() string {
	return fmt.Sprintf("%s exited with status %d: %s", e.Tool, e.Code, e.Stderr)
}

// exec runs the tool and returns its stdout. It fails with CodeUnavailable when the tool is not
// installed, with CodeTooLarge when the run takes longer than its timeout or writes more than
// maxOutput, and with an *exitError (wrapped) when the tool fails.
//
// OMP_THREAD_LIMIT=1: pages run in parallel, one process per core, and Tesseract's OpenMP
// threads would only compete with the other pages' for the same cores.
func (r run) exec(ctx context.Context) ([]byte, error) {
	path, err := exec.LookPath(r.Tool)
	if err != nil {
		return nil, o2c.Errorf(o2c.CodeUnavailable, "%s is not installed: install the Debian package %s", r.Tool, packages[r.Tool])
	}
	runCtx, cancel := context.WithTimeout(ctx, r.Timeout)
	defer cancel()
	cmd := exec.CommandContext(runCtx, path, r.Args...)
	cmd.Dir = r.Dir
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	cmd.WaitDelay = 2 * time.Second // a killed tool's pipes must not hold us
	stderr := &headWriter{max: 2048}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("run %s on %s: %w", r.Tool, r.What, err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("run %s on %s: %w", r.Tool, r.What, err)
	}
	limit := cmp.Or(r.Max, maxOutput)
	out, readErr := io.ReadAll(io.LimitReader(stdout, int64(limit)+1))
	tooMuch := len(out) > limit
	if tooMuch {
		cancel() // kills the tool, which would otherwise block on a full pipe
		_, _ = io.Copy(io.Discard, stdout)
	}
	waitErr := cmd.Wait()
	switch {
	case tooMuch:
		return nil, o2c.Errorf(o2c.CodeTooLarge, "%s: %s wrote more than %d bytes; the document is too large to read", r.What, r.Tool, limit)
	case ctx.Err() != nil:
		return nil, fmt.Errorf("run %s on %s: %w", r.Tool, r.What, ctx.Err())
	case errors.Is(runCtx.Err(), context.DeadlineExceeded):
		return nil, o2c.Errorf(o2c.CodeTooLarge, "%s: %s took longer than %s; it is too complex to read", r.What, r.Tool, r.Timeout)
	case readErr != nil:
		return nil, fmt.Errorf("read output of %s on %s: %w", r.Tool, r.What, readErr)
	}
	var exit *exec.ExitError
	if errors.As(waitErr, &exit) {
		msg := strings.ReplaceAll(stderr.String(), r.Dir+string(os.PathSeparator), "")
		return nil, fmt.Errorf("%s: %w", r.What, &exitError{Tool: r.Tool, Code: exit.ExitCode(), Stderr: msg})
	} else if waitErr != nil {
		return nil, fmt.Errorf("run %s on %s: %w", r.Tool, r.What, waitErr)
	}
	return out, nil
}

// run runs the tool in the job's folder and logs what it cost.
func (j *job) run(ctx context.Context, r run) ([]byte, error) {
	r.Dir = j.dir
	start := time.Now()
	out, err := r.exec(ctx)
	j.log.DebugContext(ctx, "tool run", "tool", r.Tool, "what", r.What, "took", time.Since(start), "bytes", len(out), "err", err)
	return out, err
}

// headWriter keeps the first max bytes written to it and drops the rest without failing, so a
// chatty tool never blocks on its stderr.
type headWriter struct {
	buf bytes.Buffer
	max int
}

func (w *headWriter) Write(p []byte) (int, error) {
	if room := w.max - w.buf.Len(); room > 0 {
		w.buf.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// String returns the kept text on one line, at most 300 characters.
func (w *headWriter) String() string {
	s := strings.Join(strings.Fields(strings.ToValidUTF8(w.buf.String(), "?")), " ")
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return s
}
