package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/sqlstore"
)

const userUsage = "usage: o2c user create --email ADDRESS --role admin|order_desk|accounts_receivable|read_only [--name NAME] [--password-stdin] [--data DIR] [--db DSN]\n" +
	"       o2c user create --portal --customer ID --email ADDRESS [--name NAME] [--password-stdin] [--data DIR] [--db DSN]"

// user manages the staff who sign in to the web app. The first admin is made here; admins make
// the others in the app.
func (m *Main) user(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(m.Stderr, userUsage)
		return errUsage
	}
	fs := m.flags("user create")
	store := m.storeFlags(fs)
	email := fs.String("email", "", "the user's e-mail address, their login")
	role := fs.String("role", "", fmt.Sprintf("one of %v", o2c.Roles))
	name := fs.String("name", "", "the user's name, as the app shows it")
	portal := fs.Bool("portal", false, "create a customer portal user of --customer instead of a member of staff")
	customer := fs.String("customer", "", "with --portal: the id of the customer the user orders for")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input; otherwise one is generated and printed once")
	if _, err := parseInterspersed(fs, args[1:]); err != nil {
		return err
	}
	if *email == "" || (*role == "") != *portal || (*portal && *customer == "") {
		fmt.Fprintln(m.Stderr, userUsage)
		return errUsage
	}
	var password string
	if *fromStdin {
		var err error
		if password, err = readPassword(m.stdin()); err != nil {
			return err
		}
	}
	db, err := store.open(ctx, sqlstore.Options{Enqueue: sqlstore.DiscardJobs})
	if err != nil {
		return err
	}
	defer db.Close()
	if *portal {
		return m.createPortalUser(ctx, db, app.CreatePortalUserParams{CustomerID: *customer, Email: *email, Name: *name,
			Password: password, Actor: "cli"}, !*fromStdin)
	}
	u, password, err := app.NewUsers(db).Create(ctx, app.CreateUserParams{Email: *email, Name: *name,
		Role: o2c.Role(*role), Password: password, Actor: "cli"})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "created user %s (%s), id %d\n", u.Email, u.Role, u.ID)
	if !*fromStdin {
		fmt.Fprintf(m.Stdout, "password (shown only this once): %s\n", password)
	}
	return nil
}

// stdin is where --password-stdin reads; Main has no field for it, so tests swap os.Stdin.
func (m *Main) stdin() io.Reader { return os.Stdin }

// readPassword reads the first line of r, without its line end.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from standard input: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", o2c.Errorf(o2c.CodeInvalid, "no password on standard input")
	}
	return line, nil
}

// hintFirstUser tells the operator how to make the first admin while the web app has no user.
func (m *Main) hintFirstUser(ctx context.Context, s *stack) {
	users, err := app.NewUsers(s.db).List(ctx)
	if err == nil && len(users) == 0 {
		fmt.Fprintln(m.Stderr, "the web app (/ui/) has no user yet: create the first admin with\n  o2c user create --email you@example.com --role admin")
	}
}
