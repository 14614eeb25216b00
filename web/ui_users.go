package web

import (
	"net/http"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// usersData is the user management page.
type usersData struct {
	Users []*o2c.User
	// Created is the user just made, shown with its password once.
	Created  *o2c.User
	Password string
	// Form is the creation form as sent, with its faults by field, when it was refused.
	Form   newUserForm
	Faults map[string]string
	Error  string
}

type newUserForm struct {
	Email, Name, Role string
}

func (u *ui) userList(w http.ResponseWriter, r *http.Request) {
	u.showUsers(w, r, http.StatusOK, usersData{Form: newUserForm{Role: string(o2c.RoleOrderDesk)}})
}

func (u *ui) showUsers(w http.ResponseWriter, r *http.Request, status int, d usersData) {
	users, err := u.users.List(r.Context())
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d.Users = users
	u.render(w, r, status, "users", page{Title: "Users", Nav: "users", Data: d})
}

// createUser makes a user; the password is the one typed, or a generated one shown once.
func (u *ui) createUser(w http.ResponseWriter, r *http.Request) {
	form := newUserForm{Email: strings.TrimSpace(r.PostFormValue("email")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Role: r.PostFormValue("role")}
	me := sessionFrom(r.Context()).user
	created, password, err := u.users.Create(r.Context(), app.CreateUserParams{Email: form.Email, Name: form.Name,
		Role: o2c.Role(form.Role), Password: r.PostFormValue("password"), Actor: me.Actor()})
	switch o2c.ErrorCode(err) {
	case "":
		d := usersData{Created: created, Form: newUserForm{Role: string(o2c.RoleOrderDesk)}}
		if r.PostFormValue("password") == "" {
			d.Password = password // generated: shown this once
		}
		u.showUsers(w, r, http.StatusOK, d)
	case o2c.CodeInvalid, o2c.CodeConflict:
		d := usersData{Form: form, Faults: map[string]string{}}
		for _, f := range o2c.ErrorFaults(err) {
			d.Faults[f.Path] = f.Message
		}
		if len(d.Faults) == 0 {
			d.Error = o2c.ErrorMessage(err)
		}
		u.showUsers(w, r, http.StatusUnprocessableEntity, d)
	default:
		u.fail(w, r, err)
	}
}

func (u *ui) changeRole(w http.ResponseWriter, r *http.Request) {
	u.changeUser(w, r, func(id int64, actor string) (*o2c.User, error) {
		return u.users.SetRole(r.Context(), id, o2c.Role(r.PostFormValue("role")), actor)
	})
}

func (u *ui) disableUser(w http.ResponseWriter, r *http.Request) {
	u.changeUser(w, r, func(id int64, actor string) (*o2c.User, error) {
		return u.users.SetDisabled(r.Context(), id, true, actor)
	})
}

func (u *ui) enableUser(w http.ResponseWriter, r *http.Request) {
	u.changeUser(w, r, func(id int64, actor string) (*o2c.User, error) {
		return u.users.SetDisabled(r.Context(), id, false, actor)
	})
}

// changeUser applies one change to the user of the path and shows the list again (after a
// redirect, so that a reload does not repeat it); a refused change is shown above the list.
func (u *ui) changeUser(w http.ResponseWriter, r *http.Request, change func(id int64, actor string) (*o2c.User, error)) {
	id, err := parseID("user", r.PathValue("id"))
	if err == nil {
		_, err = change(id, sessionFrom(r.Context()).user.Actor())
	}
	switch o2c.ErrorCode(err) {
	case "":
		if r.Header.Get("HX-Request") == "true" {
			w.Header().Set("HX-Redirect", uiPrefix+"/users")
			return
		}
		http.Redirect(w, r, uiPrefix+"/users", http.StatusSeeOther)
	case o2c.CodeInvalid, o2c.CodeConflict, o2c.CodeNotFound:
		u.showUsers(w, r, statusOf[o2c.ErrorCode(err)], usersData{Error: o2c.ErrorMessage(err),
			Form: newUserForm{Role: string(o2c.RoleOrderDesk)}})
	default:
		u.fail(w, r, err)
	}
}
