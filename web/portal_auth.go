package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// Cookies of the portal: names of their own, path /portal, HttpOnly, SameSite=Strict, and Secure
// when the request came over TLS. The staff app's cookies are never read here, nor these there.
const (
	portalSessionCookie   = "o2c_portal_session"
	portalLoginCSRFCookie = "o2c_portal_login_csrf"
)

// guard wraps a portal route: security headers, then the session and, for anything but GET and
// HEAD, the CSRF token and the origin.
func (p *portal) guard(rt portalRoute) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		uiHeaders(w.Header())
		static := rt.pattern == "GET "+portalPrefix+"/static/{file}"
		sess := (*portalSession)(nil)
		if !static {
			sess = p.currentSession(r)
		}
		if sess != nil {
			r = r.WithContext(context.WithValue(r.Context(), portalSessionKey{}, sess))
			if info := infoFrom(r.Context()); info != nil {
				info.actor = sess.user.Actor()
			}
		}
		if rt.access == anyone {
			rt.handler(w, r)
			return
		}
		if sess == nil {
			p.toLogin(w, r)
			return
		}
		if !safeMethod(r.Method) && (!sameOrigin(r) || !app.CheckCSRF(sess.session, p.csrfToken(r))) {
			p.fail(w, r, newProblem(http.StatusForbidden, o2c.CodeUnauthorized,
				"This form has expired or did not come from this site: reload the page and try again."))
			return
		}
		rt.handler(w, r)
	})
}

// csrfToken reads the token of a request: the htmx header, else the form field. A multipart
// form (the upload) is parsed by its handler, with its own limit, so its field is not read here:
// the upload form sends the token in the URL's query too.
func (p *portal) csrfToken(r *http.Request) string {
	if t := r.Header.Get(csrfHeader); t != "" {
		return t
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return r.URL.Query().Get(csrfField)
	}
	return r.PostFormValue(csrfField)
}

// currentSession returns the live portal session of the request's cookie, or nil.
func (p *portal) currentSession(r *http.Request) *portalSession {
	c, err := r.Cookie(portalSessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	user, sess, err := p.svc.Session(r.Context(), c.Value)
	if err != nil {
		if o2c.ErrorCode(err) != o2c.CodeUnauthorized {
			logger(r.Context()).ErrorContext(r.Context(), "read portal session", "err", err)
		}
		return nil
	}
	out := &portalSession{user: user, session: sess, customer: user.CustomerID}
	if c, err := p.svc.Customer(r.Context(), user); err == nil {
		out.customer = c.Name
	}
	return out
}

// toLogin sends an anonymous visitor to sign in, remembering where they were going.
func (p *portal) toLogin(w http.ResponseWriter, r *http.Request) {
	target := portalPrefix + "/login"
	if r.Method == http.MethodGet && r.URL.Path != portalPrefix+"/" {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// portalNext keeps only a path of the portal as where to go after signing in.
func portalNext(next string) string {
	if strings.HasPrefix(next, portalPrefix+"/") && !strings.HasPrefix(next, "//") && !strings.Contains(next, "\\") &&
		!strings.HasPrefix(next, portalPrefix+"/login") {
		return next
	}
	return portalPrefix + "/"
}

func setPortalCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: portalPrefix, MaxAge: maxAge,
		HttpOnly: true, Secure: secure(r), SameSite: http.SameSiteStrictMode})
}

func (p *portal) loginPage(w http.ResponseWriter, r *http.Request) {
	if portalSessionFrom(r.Context()) != nil {
		http.Redirect(w, r, portalNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	d := portalLoginData{Next: portalNext(r.URL.Query().Get("next"))}
	if r.URL.Query().Get("changed") == "1" {
		d.Notice = "Your password was changed. Sign in with the new one."
	}
	p.showLogin(w, r, http.StatusOK, d)
}

func (p *portal) showLogin(w http.ResponseWriter, r *http.Request, status int, d portalLoginData) {
	token := loginToken()
	setPortalCookie(w, r, portalLoginCSRFCookie, token, 3600)
	p.render(w, r, status, "login", portalPage{Title: "Sign in", CSRF: token, Data: d})
}

// login checks the form's double-submit token, then the e-mail and password, and opens a session.
func (p *portal) login(w http.ResponseWriter, r *http.Request) {
	d := portalLoginData{Email: strings.TrimSpace(r.PostFormValue("email")), Next: portalNext(r.PostFormValue("next"))}
	if !loginFormValid(r, portalLoginCSRFCookie) {
		d.Error = "The sign-in form had expired. Please try again."
		p.showLogin(w, r, http.StatusForbidden, d)
		return
	}
	res, err := p.svc.Login(r.Context(), app.LoginParams{Email: d.Email, Password: r.PostFormValue("password"),
		IP: clientIP(r), UserAgent: r.UserAgent()})
	if err != nil {
		if o2c.ErrorCode(err) != o2c.CodeUnauthorized {
			p.fail(w, r, err)
			return
		}
		status := http.StatusUnauthorized
		if errors.Is(err, app.ErrTooManyAttempts) {
			status = http.StatusTooManyRequests
		}
		d.Error = o2c.ErrorMessage(err)
		p.showLogin(w, r, status, d)
		return
	}
	setPortalCookie(w, r, portalLoginCSRFCookie, "", -1)
	setPortalCookie(w, r, portalSessionCookie, res.Token, 0) // a browser-session cookie; the server ends it too
	http.Redirect(w, r, d.Next, http.StatusSeeOther)
}

func (p *portal) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(portalSessionCookie); err == nil {
		if err := p.svc.Logout(r.Context(), c.Value); err != nil {
			p.fail(w, r, err)
			return
		}
	}
	setPortalCookie(w, r, portalSessionCookie, "", -1)
	http.Redirect(w, r, portalPrefix+"/login", http.StatusSeeOther)
}

type portalLoginData struct {
	Email, Next, Error, Notice string
}

type passwordData struct {
	Faults map[string]string
	Error  string
}

func (p *portal) passwordPage(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusOK, "password", portalPage{Title: "Change password", Data: passwordData{}})
}

// changePassword sets a new password; every session ends, and the user signs in again with it.
func (p *portal) changePassword(w http.ResponseWriter, r *http.Request) {
	if r.PostFormValue("new") != r.PostFormValue("repeat") {
		p.render(w, r, http.StatusUnprocessableEntity, "password", portalPage{Title: "Change password",
			Data: passwordData{Faults: map[string]string{"repeat": "the two new passwords differ"}}})
		return
	}
	err := p.svc.ChangePassword(r.Context(), portalUser(r), r.PostFormValue("current"), r.PostFormValue("new"), clientIP(r))
	switch code := o2c.ErrorCode(err); {
	case err == nil:
		setPortalCookie(w, r, portalSessionCookie, "", -1)
		http.Redirect(w, r, portalPrefix+"/login?changed=1", http.StatusSeeOther)
	case code == o2c.CodeInvalid:
		p.render(w, r, http.StatusUnprocessableEntity, "password", portalPage{Title: "Change password",
			Data: passwordData{Faults: faultMap(err)}})
	case code == o2c.CodeUnauthorized:
		p.render(w, r, http.StatusTooManyRequests, "password", portalPage{Title: "Change password",
			Data: passwordData{Error: o2c.ErrorMessage(err)}})
	default:
		p.fail(w, r, err)
	}
}

// faultMap keys the faults of an error by their path, for the form to show each by its field.
func faultMap(err error) map[string]string {
	out := map[string]string{}
	for _, f := range o2c.ErrorFaults(err) {
		if _, ok := out[f.Path]; !ok {
			out[f.Path] = f.Message
		}
	}
	return out
}
