package web

import (
	"errors"
	"io"
	"net/http"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

type portalUploadData struct {
	Error    string
	Result   *app.Uploaded
	FileName string
	MaxMB    int
}

func (p *portal) uploadPage(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusOK, "upload", portalPage{Title: "Upload order", Nav: "upload", Data: portalUploadData{MaxMB: app.MaxUploadBytes >> 20}})
}

// upload reads one CSV or XLSX file of at most app.MaxUploadBytes and shows what was read and
// the orders it became, or why it could not be read.
func (p *portal) upload(w http.ResponseWriter, r *http.Request) {
	d := portalUploadData{MaxMB: app.MaxUploadBytes >> 20}
	show := func(status int) {
		p.render(w, r, status, "upload", portalPage{Title: "Upload order", Nav: "upload", Data: d})
	}
	// The file and the form's few fields; anything past that is refused, not buffered.
	r.Body = http.MaxBytesReader(w, r.Body, app.MaxUploadBytes+64<<10)
	f, hdr, err := r.FormFile("file")
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		d.Error = "The file is larger than 10 MB. Split it into smaller files."
		show(http.StatusRequestEntityTooLarge)
		return
	case err != nil:
		d.Error = "Choose a CSV or Excel (.xlsx) file to upload."
		show(http.StatusBadRequest)
		return
	}
	defer f.Close()
	content, err := io.ReadAll(io.LimitReader(f, app.MaxUploadBytes+1))
	if err != nil {
		p.fail(w, r, err)
		return
	}
	d.FileName = hdr.Filename
	d.Result, err = p.svc.Upload(r.Context(), portalUser(r), hdr.Filename, content)
	switch code := o2c.ErrorCode(err); {
	case err == nil:
		show(http.StatusOK)
	case code == o2c.CodeInvalid || code == o2c.CodeTooLarge:
		d.Error = o2c.ErrorMessage(err)
		status := http.StatusUnprocessableEntity
		if code == o2c.CodeTooLarge {
			status = http.StatusRequestEntityTooLarge
		}
		show(status)
	default:
		p.fail(w, r, err)
	}
}
