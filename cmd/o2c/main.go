// Command o2c is the order-to-cash server and its tools: serve, demo, import, check, extract,
// bench and apikey. main only wires: configuration comes from flags and O2C_* variables, never globals.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	_ "time/tzdata" // a single-binary install must not rely on the host's zone files
)

// Main holds what a command needs from its environment.
type Main struct {
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	os.Exit(m.Run(ctx, os.Args[1:]))
}

// errUsage marks a command line that could not be understood; its message was already printed.
var errUsage = errors.New("usage")

const usage = `o2c — order-to-cash automation

Usage:
  o2c serve   [--data DIR] [--db DSN] [--addr :8080]      run the API and the pipeline
  o2c demo    [--data DIR] [--addr :8080]                 serve with demo master data and orders
  o2c import  DIR [--data DIR] [--db DSN]                 load master-data CSV files (all or nothing)
  o2c import-mail FILE.eml|FILE.mbox... [--data DIR]      take archived mail in as if it had just arrived
  o2c check   FILE --data DIR [--today YYYY-MM-DD]        extract and verify an order against master data
  o2c extract FILE                                        print the canonical order(s) of a document
  o2c reconcile --invoices OPEN.csv STATEMENT...          match bank credits against open invoices (JSON lines)
  o2c bank import FILE... [--data DIR] [--db DSN]        import bank statements, match and apply their payments
  o2c bench   pipeline --orders N [--db DSN]              measure the pipeline end to end
  o2c invoice render FILE.json --format pdf|facturx|cii|ubl [--lang fr] [-o OUT]   write an invoice offline
  o2c invoice extract FILE.pdf|FILE.xml                   print the invoice JSON of a Factur-X PDF, CII or UBL
  o2c apikey  create --name NAME --scopes a,b [--data DIR] [--db DSN]
  o2c version

Databases: --db postgres://user@host/db selects PostgreSQL; otherwise SQLite in DIR/o2c.db.
Environment: O2C_DATA, O2C_DB, O2C_ADDR set the defaults of --data, --db and --addr.
`

// Run runs one command and returns the process exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return 2
	}
	commands := map[string]func(context.Context, []string) error{
		"serve":       m.serve,
		"demo":        m.demo,
		"import":      m.importDir,
		"import-mail": m.importMail,
		"check":       m.check,
		"extract":     m.extract,
		"reconcile":   m.reconcile,
		"bank":        m.bankCmd,
		"bench":       m.bench,
		"apikey":      m.apikey,
		"archive":     m.archive,
		"invoice":     m.invoice,
		"user":        m.user,
		"version":     func(context.Context, []string) error { fmt.Fprintln(m.Stdout, "o2c", version); return nil },
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(m.Stderr, "o2c: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err := cmd(ctx, args[1:]); err != nil {
		if errors.Is(err, errUsage) || errors.Is(err, flag.ErrHelp) {
			return 2
		}
		fmt.Fprintf(m.Stderr, "o2c %s: %s\n", args[0], oneLine(err))
		return 1
	}
	return 0
}

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// flags returns a flag set that prints its errors to the command's stderr.
func (m *Main) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("o2c "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	return fs
}

// env returns the variable's value, or def when it is unset.
func (m *Main) env(name, def string) string {
	if v := m.Getenv(name); v != "" {
		return v
	}
	return def
}

// parseInterspersed parses flags that may come before or after positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, errUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}
