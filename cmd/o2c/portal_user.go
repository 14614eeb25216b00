package main

import (
	"context"
	"fmt"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// createPortalUser makes a customer portal user (o2c user create --portal) and prints its
// password when it was generated.
func (m *Main) createPortalUser(ctx context.Context, db o2c.Store, p app.CreatePortalUserParams, showPassword bool) error {
	u, password, err := app.NewPortal(app.NewOrders(db, nil), nil).CreateUser(ctx, p)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "created portal user %s of customer %s, id %d; they sign in at /portal/\n", u.Email, u.CustomerID, u.ID)
	if showPassword {
		fmt.Fprintf(m.Stdout, "password (shown only this once): %s\n", password)
	}
	return nil
}

// Demo portal logins: `o2c demo` makes them if missing and prints them, as it does its API key.
const (
	demoPortalEmail    = "einkauf@kantinen.example"
	demoPortalCustomer = "C10014" // Berliner Kantinen Service GmbH: own item codes, agreed prices
	demoPortalPassword = "demo portal password"
)

// ensureDemoPortalUser makes the demo's portal login unless it exists, and returns it to print.
func ensureDemoPortalUser(ctx context.Context, s *stack) (string, error) {
	_, _, err := app.NewPortal(s.orders, nil).CreateUser(ctx, app.CreatePortalUserParams{CustomerID: demoPortalCustomer,
		Email: demoPortalEmail, Name: "Demo buyer", Password: demoPortalPassword, Actor: "demo"})
	if err != nil && o2c.ErrorCode(err) != o2c.CodeConflict {
		return "", fmt.Errorf("create the demo portal user: %w", err)
	}
	return fmt.Sprintf("%s / %s (customer %s)", demoPortalEmail, demoPortalPassword, demoPortalCustomer), nil
}
