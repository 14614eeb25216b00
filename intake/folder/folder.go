// Package folder takes documents from a watched directory: a network share where an ERP, a
// scanner or a partner drops files. A file is taken only once its size and modification time
// have stopped changing (a copy may still be under way), stored through the sink, and then moved
// to processed/ or, when it can never be taken, to failed/ with the reason beside it.
// fsnotify makes it prompt; a periodic scan makes it work where no events come (network shares).
package folder

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/intake"
)

// Config configures one watched folder.
type Config struct {
	Dir       string        // the folder to watch; processed/ and failed/ are made inside it
	Channel   o2c.Channel   // the channel its files count as (default "folder")
	Sink      intake.Sink   // where each file goes
	Scan      time.Duration // period of the full scan; default 2 s
	StableFor time.Duration // how long size and time must not change; default 1 s
	MaxSize   int64         // larger files go to failed/; default 100 MB
	Log       *slog.Logger
	Now       func() time.Time // the clock that times stability; default time.Now
}

// Watcher watches one folder.
type Watcher struct {
	cfg  Config
	seen map[string]sighting // files waiting to be stable
}

type sighting struct {
	size  int64
	mtime time.Time
	since time.Time // when this size and time were first seen
}

// New checks the folder and makes processed/ and failed/.
func New(cfg Config) (*Watcher, error) {
	if cfg.Channel == "" {
		cfg.Channel = o2c.ChannelFolder
	}
	if cfg.Scan <= 0 {
		cfg.Scan = 2 * time.Second
	}
	if cfg.StableFor <= 0 {
		cfg.StableFor = time.Second
	}
	if cfg.MaxSize <= 0 {
		cfg.MaxSize = 100 << 20
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	for _, sub := range []string{"", "processed", "failed"} {
		if err := os.MkdirAll(filepath.Join(cfg.Dir, sub), 0o755); err != nil {
			return nil, fmt.Errorf("watched folder %s: %w", cfg.Dir, err)
		}
	}
	return &Watcher{cfg: cfg, seen: map[string]sighting{}}, nil
}

// Run watches until ctx ends. Events only make the next look come sooner; the scan decides.
func (w *Watcher) Run(ctx context.Context) error {
	events := make(chan struct{}, 1)
	if fw, err := fsnotify.NewWatcher(); err == nil {
		defer fw.Close()
		if err := fw.Add(w.cfg.Dir); err == nil {
			go forward(ctx, fw, events)
		}
	}
	tick := time.NewTicker(w.cfg.Scan)
	defer tick.Stop()
	// A short wake-up while files are settling, so a stable file is taken within StableFor.
	settle := time.NewTicker(w.cfg.StableFor / 2)
	defer settle.Stop()
	for {
		w.ScanOnce(ctx)
	wait:
		for {
			select {
			case <-ctx.Done():
				return nil
			case <-tick.C:
				break wait
			case <-events:
				break wait
			case <-settle.C:
				if len(w.seen) > 0 {
					break wait
				}
			}
		}
	}
}

func forward(ctx context.Context, fw *fsnotify.Watcher, events chan<- struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-fw.Events:
			if !ok {
				return
			}
			select {
			case events <- struct{}{}:
			default:
			}
		case _, ok := <-fw.Errors:
			if !ok {
				return
			}
		}
	}
}

// ScanOnce looks at the folder once and takes every file that has become stable.
func (w *Watcher) ScanOnce(ctx context.Context) {
	entries, err := os.ReadDir(w.cfg.Dir)
	if err != nil {
		w.cfg.Log.Warn("watched folder unreadable", "dir", w.cfg.Dir, "err", err)
		return
	}
	present := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || ignored(name) {
			continue
		}
		present[name] = true
		info, err := e.Info()
		if err != nil {
			continue
		}
		if !w.stable(name, info) {
			continue
		}
		delete(w.seen, name)
		w.take(ctx, name, info.Size())
		if ctx.Err() != nil {
			return
		}
	}
	for name := range w.seen {
		if !present[name] {
			delete(w.seen, name)
		}
	}
}

// ignored names are hidden files and the usual names of copies still being written.
func ignored(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~") ||
		strings.HasSuffix(lower, ".tmp") || strings.HasSuffix(lower, ".part") ||
		strings.HasSuffix(lower, ".crdownload") || strings.HasSuffix(lower, ".filepart")
}

// stable reports whether the file's size and time have not changed for StableFor.
func (w *Watcher) stable(name string, info os.FileInfo) bool {
	now := w.cfg.Now()
	s, ok := w.seen[name]
	if !ok || s.size != info.Size() || !s.mtime.Equal(info.ModTime()) {
		w.seen[name] = sighting{size: info.Size(), mtime: info.ModTime(), since: now}
		return false
	}
	return now.Sub(s.since) >= w.cfg.StableFor
}

// take stores one file and moves it out of the way. A failure worth retrying leaves it in place.
func (w *Watcher) take(ctx context.Context, name string, size int64) {
	path := filepath.Join(w.cfg.Dir, name)
	log := w.cfg.Log.With("file", path)
	if size > w.cfg.MaxSize {
		w.setAside(path, fmt.Sprintf("the file is %d bytes, more than the %s a watched folder takes", size, sizeText(w.cfg.MaxSize)), log)
		return
	}
	content, err := readAtMost(path, w.cfg.MaxSize)
	if err != nil {
		log.Warn("watched file unreadable, will retry", "err", err)
		return
	}
	err = w.cfg.Sink(ctx, intake.Delivery{Channel: w.cfg.Channel, Filename: name, Content: content})
	switch {
	case err == nil:
		if err := moveInto(path, filepath.Join(w.cfg.Dir, "processed")); err != nil {
			log.Error("file stored but not moved to processed/", "err", err)
		}
	case o2c.ErrorCode(err) == o2c.CodeInvalid:
		w.setAside(path, o2c.ErrorMessage(err), log)
	default:
		log.Warn("file not stored, will retry", "err", err)
	}
}

// setAside moves a file that can never be taken to failed/, with the reason in NAME.error.txt.
func (w *Watcher) setAside(path, reason string, log *slog.Logger) {
	failed := filepath.Join(w.cfg.Dir, "failed")
	if err := moveInto(path, failed); err != nil {
		log.Error("file refused but not moved to failed/", "reason", reason, "err", err)
		return
	}
	log.Warn("file refused, moved to failed/", "reason", reason)
	note := filepath.Join(failed, filepath.Base(path)+".error.txt")
	if err := os.WriteFile(note, []byte(reason+"\n"), 0o644); err != nil {
		log.Error("reason not written", "err", err)
	}
}

// sizeText writes a size limit for a person: in MB when it is a whole number of them.
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

func readAtMost(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, errors.New("the file grew past the size limit while being read")
	}
	return b, nil
}

// moveInto renames path into dir atomically, adding a number when the name is taken (the same
// file name sent twice with different contents).
func moveInto(path, dir string) error {
	base := filepath.Base(path)
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	for i := 0; i < 10000; i++ {
		target := filepath.Join(dir, base)
		if i > 0 {
			target = filepath.Join(dir, fmt.Sprintf("%s.%d%s", stem, i, ext))
		}
		// Link fails when the target exists, where Rename would replace it silently.
		if err := os.Link(path, target); err != nil {
			if errors.Is(err, os.ErrExist) {
				continue
			}
			return err
		}
		return os.Remove(path)
	}
	return fmt.Errorf("no free name for %s in %s", base, dir)
}
