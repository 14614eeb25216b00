package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/erp/file"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
)

// CheckResult is what `o2c check` prints per order (spec §3).
type CheckResult struct {
	Order      o2c.OrderDraft `json:"order"`
	CustomerID *string        `json:"customer_id"`
	Lines      []CheckLine    `json:"lines"`
	Anomalies  []o2c.Anomaly  `json:"anomalies"`
	Decision   o2c.Decision   `json:"decision"`
}

// CheckLine names the product a line resolved to.
type CheckLine struct {
	LineNo int     `json:"line_no"`
	SKU    *string `json:"sku"`
}

func (m *Main) check(ctx context.Context, args []string) error {
	fs := m.flags("check")
	dataDir := fs.String("data", "", "directory of master-data CSV files")
	todayFlag := fs.String("today", "", "the date that date checks compare against (default: today, UTC)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *dataDir == "" {
		fmt.Fprintln(m.Stderr, "usage: o2c check FILE --data DIR [--today YYYY-MM-DD]")
		return errUsage
	}
	today := cal.DateOf(time.Now().UTC())
	if *todayFlag != "" {
		if today, err = cal.Parse(*todayFlag); err != nil {
			return fmt.Errorf("--today: %w", err)
		}
	}
	results, err := checkFile(ctx, pos[0], *dataDir, today)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	if len(results) == 1 {
		return enc.Encode(results[0])
	}
	return enc.Encode(results)
}

// checkFile runs the real pipeline steps on a private in-memory database: import the master
// data, receive the file's orders, then process them one after the other, so that a PO repeated
// inside the file is found as a duplicate of the first.
func checkFile(ctx context.Context, path, dataDir string, today cal.Date) ([]CheckResult, error) {
	content, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	drafts, err := app.ExtractDocument(ctx, filepath.Base(path), content)
	if err != nil {
		return nil, err
	}
	noon := time.Date(today.Year, today.Month, today.Day, 12, 0, 0, 0, time.UTC)
	db, err := sqlite.Open(ctx, ":memory:", sqlstore.Options{Now: func() time.Time { return noon }, Enqueue: sqlstore.DiscardJobs})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if _, err := (&app.MasterData{Store: db}).ImportDir(ctx, dataDir, "cli"); err != nil {
		return nil, fmt.Errorf("master data: %w", err)
	}
	outbox, err := os.MkdirTemp("", "o2c-check-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(outbox)
	erp, err := file.New(outbox)
	if err != nil {
		return nil, err
	}
	orders := app.NewOrders(db, erp)
	received, err := orders.Receive(ctx, app.ReceiveParams{Channel: channelOf(drafts[0]), Filename: filepath.Base(path),
		Content: content, Drafts: drafts, Actor: "cli"})
	if err != nil {
		return nil, err
	}
	results := make([]CheckResult, len(received.Orders))
	for i, o := range received.Orders {
		if err := orders.ProcessOrder(ctx, o.ID); err != nil {
			return nil, fmt.Errorf("check order %d of %s: %w", i+1, path, err)
		}
		done, err := orders.Order(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		results[i] = checkResult(drafts[i], done)
	}
	return results, nil
}

func channelOf(d o2c.OrderDraft) o2c.Channel {
	if d.Source != nil && d.Source.Channel != "" {
		return d.Source.Channel
	}
	return o2c.ChannelAPI
}

func checkResult(d o2c.OrderDraft, o *o2c.Order) CheckResult {
	r := CheckResult{Order: d, Lines: []CheckLine{}, Anomalies: o.Anomalies, Decision: o.Decision}
	if r.Anomalies == nil {
		r.Anomalies = []o2c.Anomaly{}
	}
	if o.CustomerID != "" {
		r.CustomerID = &o.CustomerID
	}
	for _, l := range o.Lines {
		cl := CheckLine{LineNo: l.LineNo}
		if l.SKU != "" {
			sku := l.SKU
			cl.SKU = &sku
		}
		r.Lines = append(r.Lines, cl)
	}
	return r
}
