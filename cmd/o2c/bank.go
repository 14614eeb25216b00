package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/bank"
	"github.com/o2c-project/o2c/erp/file"
	"github.com/o2c-project/o2c/intake"
	"github.com/o2c-project/o2c/sqlstore"
)

// bankCmd runs `o2c bank import FILE...`: each statement file is imported and matched, and its
// report printed as one JSON line.
func (m *Main) bankCmd(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(m.Stderr, "usage: o2c bank import FILE... [--data DIR] [--db DSN]")
		return errUsage
	}
	fs := m.flags("bank import")
	store := m.storeFlags(fs)
	files, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fmt.Fprintln(m.Stderr, "usage: o2c bank import FILE... [--data DIR] [--db DSN]")
		return errUsage
	}
	// Importing starts no job, so no queue is needed.
	db, err := store.open(ctx, sqlstore.Options{Enqueue: sqlstore.DiscardJobs})
	if err != nil {
		return err
	}
	defer db.Close()
	pay, err := newPayments(db, nil, filepath.Join(store.dataDir, "outbox"), time.UTC, slog.New(slog.NewTextHandler(m.Stderr, nil)))
	if err != nil {
		return err
	}
	enc := json.NewEncoder(m.Stdout)
	for _, f := range files {
		content, err := os.ReadFile(f) //nolint:gosec // a file the operator names
		if err != nil {
			return fmt.Errorf("read %s: %w", f, err)
		}
		rep, err := pay.Import(ctx, filepath.Base(f), content, "cli")
		if err != nil {
			for _, flt := range o2c.ErrorFaults(err) {
				fmt.Fprintf(m.Stderr, "%s: %s: %s\n", f, flt.Path, flt.Message)
			}
			return fmt.Errorf("import %s: %w", f, err)
		}
		if err := enc.Encode(rep); err != nil {
			return err
		}
	}
	return nil
}

// newPayments makes the payment service of a stack. Allocations go to the ERP when its connector
// takes payments; otherwise they are written as files into the outbox, as the file connector
// writes orders.
func newPayments(db *sqlstore.DB, erp o2c.ERPConnector, outboxDir string, loc *time.Location, log *slog.Logger) (*app.Payments, error) {
	pay := app.NewPayments(db)
	pay.Location, pay.Log = loc, log
	if poster, ok := erp.(o2c.PaymentPoster); ok {
		pay.ERP = poster
		return pay, nil
	}
	files, err := file.New(outboxDir)
	if err != nil {
		return nil, err
	}
	pay.ERP = files
	return pay, nil
}

// camtNamespace starts the namespace of every camt message; an order in XML (UBL, cXML) has
// another.
var camtNamespace = []byte("urn:iso:std:iso:20022:tech:xsd:camt.05")

// isStatement reports whether a file dropped among orders is a bank statement by its content:
// camt XML or MT940. A CSV export is not guessed, since an order may be CSV too: it goes in the
// bank/ folder.
func isStatement(name string, content []byte) bool {
	switch bank.Detect(name, content) {
	case bank.FormatCamt053:
		return bytes.Contains(content[:min(len(content), 4096)], camtNamespace)
	case bank.FormatMT940:
		return bytes.Contains(content, []byte(":60F:")) || bytes.Contains(content, []byte(":61:"))
	}
	return false
}

// receiveStatement imports a statement delivered by a channel (the watched folder's bank/).
// A file that is no statement is CodeInvalid, which the folder sets aside with the reason.
func (s *stack) receiveStatement(ctx context.Context, d intake.Delivery) error {
	rep, err := s.payments.Import(ctx, d.Filename, d.Content, string(d.Channel))
	if err != nil {
		return err
	}
	s.log.InfoContext(ctx, "bank statement imported", "file", d.Filename, "statements", rep.Statements,
		"transactions", rep.Transactions, "duplicates", rep.Duplicates, "flagged", rep.Flagged, "matched", rep.Matched)
	return nil
}
