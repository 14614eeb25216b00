// Package trytontest runs a real Tryton server for tests, with the repository's scripts/tryton.sh,
// and does in it what a warehouse clerk would: put stock in, ship a sale.
//
// A server starts in about 2 s from a template database that the script builds once per machine
// (about 30 s). Where trytond is not installed, Require skips the test, except in CI (CI=true),
// which must run it.
package trytontest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/erp/tryton"
)

// The database, user and password of every server Start starts.
const (
	DB       = "o2c"
	User     = "admin"
	Password = "admin" // scripts/tryton.sh's default
)

// Missing says why Tryton tests cannot run here; "" when they can.
func Missing() string {
	if _, err := exec.LookPath("trytond"); err != nil {
		return "trytond is not installed (scripts/install-deps.sh installs it)"
	}
	return ""
}

// Require skips t where trytond is missing, except in CI, which must run it: there t fails.
func Require(t testing.TB) {
	t.Helper()
	why := Missing()
	if why == "" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI must run the Tryton tests: %s", why)
	}
	t.Skip(why)
}

// script is scripts/tryton.sh, found from this file's place in the repository.
func script() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", errors.New("trytontest: cannot locate its own source")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "scripts", "tryton.sh"), nil
}

// Start starts a server whose database lives under dir and returns its URL. The server stops
// with Stop, or when this process ends, even when it is killed.
func Start(dir string) (string, error) {
	sh, err := script()
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, sh, dir)
	cmd.Env = append(os.Environ(), "O2C_TRYTON_PASSWORD="+Password, fmt.Sprintf("O2C_TRYTON_WATCH_PID=%d", os.Getpid()))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("start tryton with %s: %w", sh, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// Stop stops the server started under dir.
func Stop(dir string) error {
	sh, err := script()
	if err != nil {
		return err
	}
	if err := exec.Command(sh, "stop", dir).Run(); err != nil {
		return fmt.Errorf("stop tryton in %s: %w", dir, err)
	}
	return nil
}

// Server starts a server of t's own, stopped when t ends, and returns its URL. It calls Require.
func Server(t testing.TB) string {
	t.Helper()
	Require(t)
	dir := t.TempDir()
	url, err := Start(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := Stop(dir); err != nil {
			t.Error(err)
		}
	})
	return url
}

// Connect returns a connector to the server at url, closed when t ends.
func Connect(t testing.TB, url string) *tryton.Connector {
	t.Helper()
	c, err := tryton.New(tryton.Config{URL: url, DB: DB, User: User, Password: Password})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	return c
}

// SetStock makes the first warehouse hold qty of the product whose code is code, by an inventory
// of its storage zone; a product Tryton lacks is created first, as a salable good in pieces in
// the category that carries the accounts.
func SetStock(ctx context.Context, c *tryton.Connector, code string, qty decimal.Decimal) error {
	product, err := ensureProduct(ctx, c, code)
	if err != nil {
		return err
	}
	var warehouses []struct {
		StorageLocation int64 `json:"storage_location"`
	}
	if err := c.Client.Call(ctx, "stock.location", "search_read", &warehouses, []any{[]any{"type", "=", "warehouse"}},
		0, 1, [][]string{{"id", "ASC"}}, []string{"storage_location"}); err != nil {
		return fmt.Errorf("find tryton warehouse: %w", err)
	}
	if len(warehouses) != 1 {
		return errors.New("tryton has no warehouse")
	}
	company, err := c.Client.Company(ctx)
	if err != nil {
		return err
	}
	var inv []int64
	if err := c.Client.Call(ctx, "stock.inventory", "create", &inv, []any{map[string]any{"location": warehouses[0].StorageLocation,
		"company": company, "lines": []any{[]any{"create", []any{map[string]any{"product": product, "quantity": tryton.Float{Decimal: qty}}}}}}}); err != nil {
		return fmt.Errorf("create tryton inventory of %s: %w", code, err)
	}
	if err := c.Client.Call(ctx, "stock.inventory", "confirm", nil, inv); err != nil {
		return fmt.Errorf("confirm tryton inventory of %s: %w", code, err)
	}
	return nil
}

// ensureProduct returns the id of the product whose code is code, creating it when needed.
func ensureProduct(ctx context.Context, c *tryton.Connector, code string) (int64, error) {
	var ids []int64
	if err := c.Client.Call(ctx, "product.product", "search", &ids, []any{[]any{"code", "=", code}}, 0, 1, nil); err != nil {
		return 0, fmt.Errorf("find tryton product %s: %w", code, err)
	}
	if len(ids) > 0 {
		return ids[0], nil
	}
	var units []struct {
		DBID int64 `json:"db_id"`
	}
	if err := c.Client.Call(ctx, "ir.model.data", "search_read", &units,
		[]any{[]any{"module", "=", "product"}, []any{"fs_id", "=", "uom_unit"}}, 0, 1, nil, []string{"db_id"}); err != nil || len(units) != 1 {
		return 0, fmt.Errorf("find tryton unit: %v, %w", units, err)
	}
	var categories []int64
	if err := c.Client.Call(ctx, "product.category", "search", &categories, []any{[]any{"accounting", "=", true}}, 0, 1, nil); err != nil {
		return 0, fmt.Errorf("find tryton product category: %w", err)
	}
	unit := units[0].DBID
	vals := map[string]any{"name": code, "code": code, "type": "goods", "default_uom": unit, "sale_uom": unit, "salable": true,
		"list_price": tryton.Decimal{Decimal: decimal.NewFromInt(1)}, "products": []any{[]any{"create", []any{map[string]any{}}}}}
	if len(categories) > 0 {
		vals["account_category"] = categories[0]
	}
	var templates []int64
	if err := c.Client.Call(ctx, "product.template", "create", &templates, []any{vals}); err != nil {
		return 0, fmt.Errorf("create tryton product %s: %w", code, err)
	}
	if err := c.Client.Call(ctx, "product.product", "search", &ids, []any{[]any{"template", "in", templates}}, 0, 1, nil); err != nil || len(ids) != 1 {
		return 0, fmt.Errorf("find the variant of tryton product %s: %v, %w", code, ids, err)
	}
	return ids[0], nil
}

// Ship ships every customer shipment of the sale numbered ref that is not done yet: assigned
// (which needs the stock), picked, packed and done, as the warehouse does.
func Ship(ctx context.Context, c *tryton.Connector, ref string) error {
	var sales []struct {
		Shipments []int64 `json:"shipments"`
	}
	if err := c.Client.Call(ctx, "sale.sale", "search_read", &sales, []any{[]any{"number", "=", ref}}, 0, 1, nil, []string{"shipments"}); err != nil {
		return fmt.Errorf("find tryton sale %s: %w", ref, err)
	}
	if len(sales) != 1 || len(sales[0].Shipments) == 0 {
		return fmt.Errorf("tryton sale %s has no shipment (%+v)", ref, sales)
	}
	var pending []int64
	if err := c.Client.Call(ctx, "stock.shipment.out", "search", &pending, []any{[]any{"id", "in", sales[0].Shipments},
		[]any{"state", "not in", []string{"done", "cancelled"}}}, 0, nil, nil); err != nil {
		return fmt.Errorf("find shipments of tryton sale %s: %w", ref, err)
	}
	if len(pending) == 0 {
		return nil
	}
	var assigned bool
	if err := c.Client.Call(ctx, "stock.shipment.out", "assign_try", &assigned, pending); err != nil {
		return fmt.Errorf("assign shipments of tryton sale %s: %w", ref, err)
	}
	if !assigned {
		return fmt.Errorf("tryton cannot assign the shipments of sale %s: not enough stock", ref)
	}
	// Picking and packing are needed because the warehouse's storage zone is not its output zone.
	for _, button := range []string{"pick", "pack", "done"} {
		if err := c.Client.Call(ctx, "stock.shipment.out", button, nil, pending); err != nil {
			return fmt.Errorf("%s shipments of tryton sale %s: %w", button, ref, err)
		}
	}
	return nil
}
