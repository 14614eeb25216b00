package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browserTest is one browser test's headless Chromium tab and what the tests do with it.
type browserTest struct {
	t        *testing.T
	shots    string // where screenshots go
	prefix   string // of the screenshots' names
	tab      context.Context
	problems func() []string
}

// startBrowserTest prepares a browser test: it is skipped without Chromium (and fails in CI,
// where scripts/install-deps.sh installs it), waits for its turn, and returns a context of 180 s
// for the test. Screenshots go to $O2C_ARTIFACTS/dir (else a temporary folder), named prefix+name.
// open starts Chromium once the test's server runs.
func startBrowserTest(t *testing.T, dir, prefix string) (context.Context, *browserTest) {
	t.Helper()
	browser := findChromium()
	if browser == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed (scripts/install-deps.sh installs it)")
		}
		t.Skip("chromium is not installed; scripts/install-deps.sh installs it")
	}
	shots := os.Getenv("O2C_ARTIFACTS")
	if shots == "" {
		shots = t.TempDir()
	}
	shots = filepath.Join(shots, dir)
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", shots)
	lockBrowser(t)
	ctx, cancel := context.WithTimeout(context.Background(), 180*time.Second)
	t.Cleanup(cancel)
	alloc, stopAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.WindowSize(1280, 900))...)
	t.Cleanup(stopAlloc)
	return ctx, &browserTest{t: t, shots: shots, prefix: prefix, tab: alloc}
}

// open starts Chromium and its tab, and watches what the pages log.
func (b *browserTest) open() {
	b.t.Helper()
	tab, stopTab := chromedp.NewContext(b.tab)
	b.t.Cleanup(stopTab)
	if err := chromedp.Do(tab); err != nil { // starts the browser and opens the tab
		b.t.Fatalf("start chromium: %v", err)
	}
	b.tab, b.problems = tab, watchConsole(tab)
}

// do runs steps, failing the test with what they were for.
func (b *browserTest) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.tab, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// text is the trimmed text of the first element sel matches.
func (b *browserTest) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.tab, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("read %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// shoot saves a screenshot of the whole page.
func (b *browserTest) shoot(name string) {
	b.t.Helper()
	b.save(name, chromedp.FullScreenshot(100))
}

// shootView saves a screenshot of the window only: pages whose panes scroll on their own.
func (b *browserTest) shootView(name string) {
	b.t.Helper()
	b.save(name, chromedp.CaptureScreenshot())
}

func (b *browserTest) save(name string, shot chromedp.Action[[]byte]) {
	b.t.Helper()
	png, err := chromedp.Run(b.tab, shot)
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.shots, b.prefix+name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// noProblems fails the test when a page logged an error (a script or style the CSP refused).
func (b *browserTest) noProblems() {
	b.t.Helper()
	if p := b.problems(); len(p) > 0 {
		b.t.Fatalf("the pages logged errors:\n%s", strings.Join(p, "\n"))
	}
}
