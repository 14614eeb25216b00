package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/demo"
)

// TestBrowserUI runs the real server on SQLite with the demo data and drives the staff web app in
// headless Chromium: sign in, the dashboard, the review queue, the order list with an htmx search,
// an order, and the tablet width. Screenshots go to $O2C_ARTIFACTS (else a temporary folder);
// the page must log no error, so a script or style refused by the CSP fails the test.
//
// Without Chromium the test is skipped, except in CI (CI=true), where it fails:
// scripts/install-deps.sh installs Debian's chromium.
func TestBrowserUI(t *testing.T) {
	t.Parallel()
	ctx, br := startBrowserTest(t, "ui-screenshots", "")
	t0 := time.Now()
	base := startDemoServer(t, ctx)
	t.Logf("server with demo data in %v", time.Since(t0))

	br.open()
	do, text, shoot := br.do, br.text, br.shoot

	// Anonymous: the dashboard sends us to sign in.
	do("open the app", chromedp.Navigate(base+"/ui/"), chromedp.WaitVisible(chromedp.CSS(`form[action="/ui/login"]`)))
	shoot("01-login")
	do("sign in",
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "admin@example.com"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), browserPassword),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.kpis`)))
	if got := text(".kpi-value"); got == "0" || got == "" {
		t.Fatalf("the dashboard counts %q orders today", got)
	}
	if n := text(".charts"); !strings.Contains(n, "Exceptions this week") {
		t.Fatalf("dashboard charts: %q", n)
	}
	shoot("02-dashboard")

	do("open the review queue", chromedp.Click(chromedp.CSS(`nav.nav a[href="/ui/review"]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.grid tbody tr`)))
	if !strings.Contains(text(".page-head"), "orders wait for a person") {
		t.Fatalf("review queue head: %q", text(".page-head"))
	}
	shoot("03-review-queue")

	do("open the order list", chromedp.Click(chromedp.CSS(`nav.nav a[href="/ui/orders"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#results tbody tr`)))
	all := text("#results .table-meta")
	shoot("04-orders")
	// Typing in the search box makes htmx fetch the results only, and push the URL.
	do("search", chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "BKS"),
		chromedp.Poll[chromedp.Void](`location.search.includes("q=BKS") && document.querySelectorAll("#results tbody tr").length >= 1`))
	if got := text("#results .table-meta"); got == all {
		t.Fatalf("the search changed nothing: %q", got)
	}
	shoot("05-orders-search")

	do("open an order", chromedp.Click(chromedp.CSS(`#results tbody tr td a`)),
		chromedp.WaitVisible(chromedp.CSS(`#correct`)))
	shoot("06-order")

	do("tablet width", chromedp.EmulateViewport(768, 1024), chromedp.Navigate(base+"/ui/orders"),
		chromedp.WaitVisible(chromedp.CSS(`#results tbody tr`)))
	shoot("07-orders-tablet")
	do("tablet dashboard", chromedp.Navigate(base+"/ui/"), chromedp.WaitVisible(chromedp.CSS(`.kpis`)))
	shoot("08-dashboard-tablet")

	do("users", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/ui/users"),
		chromedp.WaitVisible(chromedp.CSS(`table.grid tbody tr`)))
	shoot("09-users")

	do("sign out", chromedp.Click(chromedp.CSS(`.usermenu summary`)),
		chromedp.Click(chromedp.CSS(`.usermenu button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/ui/login"]`)))

	br.noProblems()
}

const browserPassword = "browser test password"

// browsers lets one browser test run at a time: each starts a server and Chromium, and several at
// once on two cores, beside the rest of the suite, time out.
var browsers sync.Mutex

// lockBrowser waits for the other browser tests to finish, and holds the turn until t ends.
func lockBrowser(t *testing.T) {
	browsers.Lock()
	t.Cleanup(browsers.Unlock)
}

// findChromium returns the path of Chromium or Chrome, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startDemoServer serves o2c on a free port of loopback with the demo master data and orders, and
// an admin user, and returns its base URL; it stops when the test ends.
func startDemoServer(t *testing.T, ctx context.Context) string {
	t.Helper()
	_, base := startDemoStack(t, ctx)
	return base
}

// startDemoStack is startDemoServer that also returns the running stack.
func startDemoStack(t *testing.T, ctx context.Context) (*stack, string) {
	t.Helper()
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := openStack(ctx, stackParams{store: &storeConfig{dataDir: dir}, inbox: "-", workers: 8, zone: "Europe/Paris", log: log})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.masterData.Upsert(ctx, demo.MasterData(), "test"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := app.NewUsers(s.db).Create(ctx, app.CreateUserParams{Email: "admin@example.com", Name: "Ada Admin",
		Role: o2c.RoleAdmin, Password: browserPassword, Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- s.run(runCtx, "127.0.0.1:0", func(url string) { ready <- url }) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("server: %v", err)
		}
		s.close()
	})
	var base string
	select {
	case base = <-ready:
	case err := <-done:
		t.Fatalf("server stopped: %v", err)
	case <-ctx.Done():
		t.Fatal("the server did not start")
	}
	if _, err := sendDemoOrders(ctx, s.orders, demo.Orders(cal.DateIn(time.Now(), s.orders.Location))); err != nil {
		t.Fatal(err)
	}
	return s, base
}

// watchConsole collects what the page logs as errors; the returned func lists them so far.
func watchConsole(tab context.Context) func() []string {
	var (
		mu   sync.Mutex
		errs []string
	)
	messages := chromedp.Console(tab)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				errs = append(errs, fmt.Sprintf("%s %s (%s:%d)", m.Type, m.Text, m.URL, m.Line+1))
				mu.Unlock()
			}
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), errs...)
	}
}
