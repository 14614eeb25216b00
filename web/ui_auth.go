package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// Cookies of the web app. Both are HttpOnly and SameSite=Lax, and Secure when the request came
// over TLS (directly, or through a proxy that says so).
const (
	sessionCookie   = "o2c_session"    // the session id; the database keeps only its SHA-256
	loginCSRFCookie = "o2c_login_csrf" // double-submit token of the sign-in form, before any session
	csrfField       = "csrf_token"     // the form field of the CSRF token
	csrfHeader      = "X-CSRF-Token"   // the header htmx sends it in (hx-headers on <body>)
)

// uiSession is the signed-in user of a request.
type uiSession struct {
	user    *o2c.User
	session *o2c.Session
}

type uiSessionKey struct{}

func sessionFrom(ctx context.Context) *uiSession {
	s, _ := ctx.Value(uiSessionKey{}).(*uiSession)
	return s
}

// guard wraps a route: security headers, then the session, the permission and the CSRF token
// the route needs. Anonymous visitors of a page are sent to sign in; a signed-in user whose role
// lacks the permission gets 403.
func (u *ui) guard(rt uiRoute) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		uiHeaders(w.Header())
		if rt.perm == "" {
			// Public routes may still show who is signed in (the 404 page's nav).
			if rt.pattern != "GET "+uiPrefix+"/static/{file}" {
				if sess := u.currentSession(r); sess != nil {
					r = r.WithContext(context.WithValue(r.Context(), uiSessionKey{}, sess))
				}
			}
			rt.handler(w, r)
			return
		}
		sess := u.currentSession(r)
		if sess == nil {
			u.toLogin(w, r)
			return
		}
		if info := infoFrom(r.Context()); info != nil {
			info.actor = sess.user.Actor()
		}
		r = r.WithContext(context.WithValue(r.Context(), uiSessionKey{}, sess))
		if rt.perm != needsSession && !sess.user.Role.Can(rt.perm) {
			u.forbidden(w, r)
			return
		}
		if !safeMethod(r.Method) {
			if !sameOrigin(r) || !app.CheckCSRF(sess.session, csrfToken(r)) {
				u.fail(w, r, newProblem(http.StatusForbidden, o2c.CodeUnauthorized,
					"This form has expired or did not come from this app: reload the page and try again."))
				return
			}
		}
		rt.handler(w, r)
	})
}

func safeMethod(m string) bool { return m == http.MethodGet || m == http.MethodHead }

// csrfToken reads the token of a request: the htmx header, else the form field.
func csrfToken(r *http.Request) string {
	if t := r.Header.Get(csrfHeader); t != "" {
		return t
	}
	return r.PostFormValue(csrfField)
}

// sameOrigin refuses a request a browser marks as coming from another site; requests without
// these headers (older browsers, tools) rely on the CSRF token alone.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" {
		return false
	}
	if origin := r.Header.Get("Origin"); origin != "" && origin != "null" {
		o, err := url.Parse(origin)
		if err != nil || o.Host != r.Host {
			return false
		}
	}
	return true
}

// currentSession returns the live session of the request's cookie, or nil.
func (u *ui) currentSession(r *http.Request) *uiSession {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	user, sess, err := u.users.Session(r.Context(), c.Value)
	if err != nil {
		if o2c.ErrorCode(err) != o2c.CodeUnauthorized {
			u.log(r).ErrorContext(r.Context(), "read session", "err", err)
		}
		return nil
	}
	return &uiSession{user: user, session: sess}
}

// toLogin sends an anonymous visitor to the sign-in page, remembering where they were going.
// htmx follows HX-Redirect with a full page load.
func (u *ui) toLogin(w http.ResponseWriter, r *http.Request) {
	target := uiPrefix + "/login"
	if r.Method == http.MethodGet && r.URL.Path != uiPrefix+"/" {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// nextPath keeps only a path of this app as where to go after signing in: never another site.
func nextPath(next string) string {
	if strings.HasPrefix(next, uiPrefix+"/") && !strings.HasPrefix(next, "//") && !strings.Contains(next, "\\") &&
		!strings.HasPrefix(next, uiPrefix+"/login") {
		return next
	}
	return uiPrefix + "/"
}

// secure reports whether the browser reached us over TLS.
func secure(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

func setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: uiPrefix, MaxAge: maxAge,
		HttpOnly: true, Secure: secure(r), SameSite: http.SameSiteLaxMode})
}

type loginData struct {
	Email, Next, Error string
}

// loginPage shows the sign-in form with a fresh double-submit token; a signed-in user goes on.
func (u *ui) loginPage(w http.ResponseWriter, r *http.Request) {
	if sessionFrom(r.Context()) != nil {
		http.Redirect(w, r, nextPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	u.showLogin(w, r, http.StatusOK, loginData{Next: nextPath(r.URL.Query().Get("next"))})
}

func (u *ui) showLogin(w http.ResponseWriter, r *http.Request, status int, d loginData) {
	token := loginToken()
	setCookie(w, r, loginCSRFCookie, token, 3600)
	u.render(w, r, status, "login", page{Title: "Sign in", CSRF: token, Data: d})
}

// login checks the form's double-submit token, then the e-mail and password, and opens a session.
func (u *ui) login(w http.ResponseWriter, r *http.Request) {
	d := loginData{Email: strings.TrimSpace(r.PostFormValue("email")), Next: nextPath(r.PostFormValue("next"))}
	if !loginFormValid(r, loginCSRFCookie) {
		d.Error = "The sign-in form had expired. Please try again."
		u.showLogin(w, r, http.StatusForbidden, d)
		return
	}
	res, err := u.users.Login(r.Context(), app.LoginParams{Email: d.Email, Password: r.PostFormValue("password"),
		IP: clientIP(r), UserAgent: r.UserAgent()})
	if err != nil {
		status := http.StatusUnauthorized
		if errors.Is(err, app.ErrTooManyAttempts) {
			status = http.StatusTooManyRequests
		}
		if o2c.ErrorCode(err) != o2c.CodeUnauthorized {
			u.fail(w, r, err)
			return
		}
		d.Error = o2c.ErrorMessage(err)
		u.showLogin(w, r, status, d)
		return
	}
	setCookie(w, r, loginCSRFCookie, "", -1)
	setCookie(w, r, sessionCookie, res.Token, 0) // a browser-session cookie; the server ends it too
	http.Redirect(w, r, d.Next, http.StatusSeeOther)
}

// logout ends the session on the server and in the browser.
func (u *ui) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := u.users.Logout(r.Context(), c.Value); err != nil {
			u.fail(w, r, err)
			return
		}
	}
	setCookie(w, r, sessionCookie, "", -1)
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", uiPrefix+"/login")
		return
	}
	http.Redirect(w, r, uiPrefix+"/login", http.StatusSeeOther)
}

// clientIP is the address the connection came from. Forwarding headers are not trusted: behind a
// proxy every sign-in counts against the proxy's address.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// loginToken is the double-submit token of a sign-in form: 256 random bits, URL-safe.
func loginToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// loginFormValid reports whether a sign-in form came from this app: its token equals the cookie's
// (double submit), and the browser does not call the request cross-site.
func loginFormValid(r *http.Request, cookie string) bool {
	c, err := r.Cookie(cookie)
	form := r.PostFormValue(csrfField)
	return err == nil && form != "" && subtle.ConstantTimeCompare([]byte(c.Value), []byte(form)) == 1 && sameOrigin(r)
}
