package main

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/demo"
)

// TestBrowserPortal runs the real server (SQLite, job queue, file ERP) with the demo master data
// and drives the customer portal in headless Chromium: a buyer signs in, finds an article by
// their own code, places an order that the order desk must check, and sees it in My orders;
// then the order desk approves it, the pipeline posts it to the ERP, and the buyer sees it
// confirmed on reload and downloads its confirmation. Screenshots (1280 px and the tablet's 768
// px) go beside the staff app's; the pages must log no error.
func TestBrowserPortal(t *testing.T) {
	t.Parallel()
	ctx, br := startBrowserTest(t, "ui-screenshots", "portal-")
	base, s := startPortalServer(t, ctx)

	br.open()
	do, text, shoot := br.do, br.text, br.shoot

	do("open the portal", chromedp.Navigate(base+"/portal/"), chromedp.WaitVisible(chromedp.CSS(`form[action="/portal/login"]`)))
	shoot("01-login")
	do("sign in",
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), portalBrowserEmail),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), browserPassword),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#results`)))
	if got := text(".usermenu .who"); got != "Berliner Kantinen Service GmbH" {
		t.Fatalf("signed in for %q", got)
	}

	do("new order", chromedp.Click(chromedp.CSS(`nav.nav a[href="/portal/new"]`)), chromedp.WaitVisible(chromedp.CSS(`input[name=q]`)))
	// The buyer types their own article code; htmx fetches the matching articles.
	do("search", chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "471100140"),
		chromedp.WaitVisible(chromedp.CSS(`#products .results li`)))
	if got := text("#products .results"); !strings.Contains(got, "BEV-1046") || !strings.Contains(got, "your code 471100140") {
		t.Fatalf("search results: %q", got)
	}
	do("add", chromedp.Click(chromedp.CSS(`#products .results li button`)), chromedp.WaitVisible(chromedp.CSS(`#lines tr.line`)))
	do("search again", chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "\b\b\b\b\b\b\b\b\bcoffee"),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll("#products .results li").length > 1`))
	// More than there is in stock: the order desk will have to look at it.
	do("order details",
		chromedp.SendKeys(chromedp.CSS(`input[name=po_number]`), "PORTAL-BROWSER-1"),
		chromedp.Poll[chromedp.Void](`(document.querySelector("#lines input[name=qty]").value = "60000", true)`))
	shoot("02-new-order")
	do("place", chromedp.Click(chromedp.CSS(`button[form=order]`)), chromedp.WaitVisible(chromedp.CSS(`.timeline`)))
	if h := text("h1"); !strings.Contains(h, "PORTAL-BROWSER-1") || !strings.Contains(h, "Being checked") {
		t.Fatalf("placed order: %q", h)
	}
	shoot("03-order-placed")

	do("my orders", chromedp.Click(chromedp.CSS(`nav.nav a[href="/portal/"]`)), chromedp.WaitVisible(chromedp.CSS(`#results tbody tr`)))
	if row := text("#results tbody tr"); !strings.Contains(row, "PORTAL-BROWSER-1") || !strings.Contains(row, "Being checked") {
		t.Fatalf("My orders: %q", row)
	}
	shoot("04-my-orders")

	// The order desk approves it; the pipeline posts it to the ERP.
	list, _, err := s.orders.List(ctx, o2c.OrderFilter{PONumber: "PORTAL-BROWSER-1"})
	if err != nil || len(list) != 1 || list[0].Status != o2c.OrderNeedsReview || list[0].CustomerID != "C10014" {
		t.Fatalf("the order as the desk sees it: %v %+v", err, list)
	}
	if _, err := s.orders.Approve(ctx, list[0].ID, list[0].Version, "user:desk@example.com", "stock arrives Monday"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(text("#results tbody tr .badge"), "Confirmed") {
		if time.Now().After(deadline) {
			t.Fatalf("the order is still %q after the desk approved it", text("#results tbody tr .badge"))
		}
		time.Sleep(200 * time.Millisecond)
		do("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#results tbody tr`)))
	}
	shoot("05-my-orders-confirmed")

	do("open the order", chromedp.Click(chromedp.CSS(`#results tbody tr td a`)), chromedp.WaitVisible(chromedp.CSS(`.docs`)))
	if tl := text(".timeline"); !strings.Contains(tl, "Being checked") || !strings.Contains(tl, "Confirmed") {
		t.Fatalf("timeline: %q", tl)
	}
	if docs := text(".docs"); !strings.Contains(docs, "Order confirmation") || !strings.Contains(docs, "Your order") {
		t.Fatalf("documents: %q", docs)
	}
	if strings.Contains(text("main"), "stock arrives Monday") || strings.Contains(text("main"), "desk@example.com") {
		t.Fatal("the customer sees the order desk's note or name")
	}
	shoot("06-order-confirmed")

	do("upload page", chromedp.Click(chromedp.CSS(`nav.nav a[href="/portal/upload"]`)), chromedp.WaitVisible(chromedp.CSS(`input[type=file]`)))
	shoot("07-upload")

	do("tablet", chromedp.EmulateViewport(768, 1024), chromedp.Navigate(base+"/portal/"), chromedp.WaitVisible(chromedp.CSS(`#results tbody tr`)))
	shoot("08-my-orders-tablet")
	do("tablet new order", chromedp.Navigate(base+"/portal/new"), chromedp.WaitVisible(chromedp.CSS(`input[name=q]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "milk"), chromedp.WaitVisible(chromedp.CSS(`#products .results li`)),
		chromedp.Click(chromedp.CSS(`#products .results li button`)), chromedp.WaitVisible(chromedp.CSS(`#lines tr.line`)))
	shoot("09-new-order-tablet")
	do("tablet order", chromedp.Navigate(base+"/portal/orders/"+strconv.FormatInt(list[0].ID, 10)), chromedp.WaitVisible(chromedp.CSS(`.docs`)))
	shoot("10-order-tablet")

	do("sign out", chromedp.EmulateViewport(1280, 900), chromedp.Click(chromedp.CSS(`.usermenu summary`)),
		chromedp.Click(chromedp.CSS(`.usermenu button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/portal/login"]`)))
	br.noProblems()
}

const portalBrowserEmail = "einkauf@kantinen.example"

// startPortalServer serves o2c on loopback with the demo master data and one portal user of the
// demo customer C10014, and returns its base URL and the stack; it stops when the test ends.
func startPortalServer(t *testing.T, ctx context.Context) (string, *stack) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := openStack(ctx, stackParams{store: &storeConfig{dataDir: t.TempDir()}, inbox: "-", workers: 4, zone: "Europe/Paris", log: log})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.masterData.Upsert(ctx, demo.MasterData(), "test"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := app.NewPortal(s.orders, nil).CreateUser(ctx, app.CreatePortalUserParams{CustomerID: "C10014",
		Email: portalBrowserEmail, Name: "Anke Einkauf", Password: browserPassword, Actor: "test"}); err != nil {
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
	select {
	case base := <-ready:
		return base, s
	case err := <-done:
		t.Fatalf("server stopped: %v", err)
	case <-ctx.Done():
		t.Fatal("the server did not start")
	}
	return "", nil
}
