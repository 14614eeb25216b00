package folder_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/intake"
	"github.com/o2c-project/o2c/intake/folder"
)

// recorder is a sink that keeps what it was given and answers with err.
type recorder struct {
	mu   sync.Mutex
	got  []intake.Delivery
	err  error
	took chan string
}

func newRecorder() *recorder { return &recorder{took: make(chan string, 16)} }

func (r *recorder) sink(_ context.Context, d intake.Delivery) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, d)
	r.took <- d.Filename
	return r.err
}

// clock is a test clock that moves only when told.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func setup(t *testing.T, r *recorder) (*folder.Watcher, string, *clock) {
	t.Helper()
	dir := t.TempDir()
	c := &clock{t: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	w, err := folder.New(folder.Config{Dir: dir, Sink: r.sink, StableFor: time.Second, Scan: time.Hour, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	return w, dir, c
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// scanUntilStable scans twice, StableFor apart, as the watcher's own loop would.
func scanUntilStable(w *folder.Watcher, c *clock) {
	w.ScanOnce(context.Background())
	c.advance(time.Second)
	w.ScanOnce(context.Background())
}

func TestStableFileIsTakenAndMovedToProcessed(t *testing.T) {
	t.Parallel()
	r := newRecorder()
	w, dir, c := setup(t, r)
	write(t, filepath.Join(dir, "ORDERS_4711.edi"), "UNB+UNOC:3+SENDER+US+261127:1000+1'")
	write(t, filepath.Join(dir, ".hidden"), "x")
	write(t, filepath.Join(dir, "copy.part"), "x")

	w.ScanOnce(context.Background())
	if len(r.got) != 0 {
		t.Fatal("a file was taken at first sight, before its size could be seen to settle")
	}
	c.advance(time.Second)
	w.ScanOnce(context.Background())
	if len(r.got) != 1 || r.got[0].Filename != "ORDERS_4711.edi" || r.got[0].Channel != o2c.ChannelFolder ||
		!strings.HasPrefix(string(r.got[0].Content), "UNB+") {
		t.Fatalf("deliveries %+v, want the one stable order file", r.got)
	}
	if exists(filepath.Join(dir, "ORDERS_4711.edi")) || !exists(filepath.Join(dir, "processed", "ORDERS_4711.edi")) {
		t.Fatal("the stored file was not moved to processed/")
	}
	if !exists(filepath.Join(dir, ".hidden")) || !exists(filepath.Join(dir, "copy.part")) {
		t.Fatal("hidden files and partial copies must be left alone")
	}
}

func TestGrowingFileWaits(t *testing.T) {
	t.Parallel()
	r := newRecorder()
	w, dir, c := setup(t, r)
	path := filepath.Join(dir, "big.csv")
	write(t, path, "a;b\n")
	w.ScanOnce(context.Background())
	for i := range 3 {
		c.advance(time.Second)
		write(t, path, strings.Repeat("a;b\n", i+2)) // still being copied
		w.ScanOnce(context.Background())
	}
	if len(r.got) != 0 {
		t.Fatal("a file was taken while it was still growing")
	}
	scanUntilStable(w, c)
	if len(r.got) != 1 || len(r.got[0].Content) != len(strings.Repeat("a;b\n", 4)) {
		t.Fatalf("deliveries %d, want the whole file once", len(r.got))
	}
}

func TestRefusedFileGoesToFailedWithItsReason(t *testing.T) {
	t.Parallel()
	r := newRecorder()
	r.err = o2c.Errorf(o2c.CodeInvalid, "not an order: an invoice")
	w, dir, c := setup(t, r)
	write(t, filepath.Join(dir, "inv.xml"), "<Invoice/>")
	scanUntilStable(w, c)
	reason, err := os.ReadFile(filepath.Join(dir, "failed", "inv.xml.error.txt"))
	if err != nil || !strings.Contains(string(reason), "an invoice") {
		t.Fatalf("reason file: %q, %v", reason, err)
	}
	if !exists(filepath.Join(dir, "failed", "inv.xml")) || exists(filepath.Join(dir, "inv.xml")) {
		t.Fatal("the refused file was not moved to failed/")
	}
}

func TestTransientFailureKeepsTheFileForTheNextScan(t *testing.T) {
	t.Parallel()
	r := newRecorder()
	r.err = errors.New("database is down")
	w, dir, c := setup(t, r)
	write(t, filepath.Join(dir, "po.json"), "{}")
	scanUntilStable(w, c)
	if !exists(filepath.Join(dir, "po.json")) {
		t.Fatal("a file that could not be stored was moved away")
	}
	r.mu.Lock()
	r.err = nil
	r.mu.Unlock()
	scanUntilStable(w, c)
	if !exists(filepath.Join(dir, "processed", "po.json")) || len(r.got) < 2 {
		t.Fatalf("the retry did not store the file (%d tries)", len(r.got))
	}
}

func TestSameNameTwiceKeepsBothOriginals(t *testing.T) {
	t.Parallel()
	r := newRecorder()
	w, dir, c := setup(t, r)
	for _, content := range []string{"first", "second"} {
		write(t, filepath.Join(dir, "order.csv"), content)
		scanUntilStable(w, c)
	}
	first, err1 := os.ReadFile(filepath.Join(dir, "processed", "order.csv"))
	second, err2 := os.ReadFile(filepath.Join(dir, "processed", "order.1.csv"))
	if err1 != nil || err2 != nil || string(first) != "first" || string(second) != "second" {
		t.Fatalf("processed/ holds %q and %q (%v, %v)", first, second, err1, err2)
	}
}

func TestOversizeFileIsRefused(t *testing.T) {
	t.Parallel()
	r := newRecorder()
	dir := t.TempDir()
	c := &clock{t: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	w, err := folder.New(folder.Config{Dir: dir, Sink: r.sink, StableFor: time.Second, MaxSize: 10, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "huge.edi"), strings.Repeat("x", 11))
	scanUntilStable(w, c)
	if len(r.got) != 0 || !exists(filepath.Join(dir, "failed", "huge.edi")) {
		t.Fatal("a file over the size limit must go to failed/ without being read")
	}
	reason, err := os.ReadFile(filepath.Join(dir, "failed", "huge.edi.error.txt"))
	if want := "the file is 11 bytes, more than the 10 bytes a watched folder takes\n"; err != nil || string(reason) != want {
		t.Fatalf("reason %q (%v), want %q", reason, err, want)
	}
}

// TestRunNoticesNewFilesWithoutWaitingForTheScan proves the events path: the full scan is an
// hour away, yet a dropped file is taken within moments.
func TestRunNoticesNewFilesWithoutWaitingForTheScan(t *testing.T) {
	t.Parallel()
	r := newRecorder()
	dir := t.TempDir()
	// The real clock here: Run's own timers decide when the file is stable.
	w, err := folder.New(folder.Config{Dir: dir, Sink: r.sink, StableFor: 20 * time.Millisecond, Scan: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	defer func() {
		cancel()
		<-done
	}()
	write(t, filepath.Join(dir, "dropped.edi"), "UNA:+.? '")
	select {
	case name := <-r.took:
		if name != "dropped.edi" {
			t.Fatalf("took %s", name)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the dropped file was not taken within 5 s")
	}
}
