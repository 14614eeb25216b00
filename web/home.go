package web

import (
	"embed"
	"html/template"
	"net/http"
)

//go:embed templates/home.html
var templateFS embed.FS

// homeTemplate is parsed at start-up: a broken template stops the program, not a request.
var homeTemplate = template.Must(template.ParseFS(templateFS, "templates/home.html"))

// home is the page a person finds at the server's root: what runs here and where the API is.
func (s *server) home(w http.ResponseWriter, r *http.Request) {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	data := struct{ BaseURL, Version string }{scheme + "://" + r.Host, s.version}
	if err := homeTemplate.Execute(w, data); err != nil {
		s.log.Error("render home page", "err", err)
	}
}
