package reader

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract/layout"
)

// When to doubt a page's orientation: Tesseract reads a page turned by 180° as confident-looking
// garbage (a mean confidence near 0.5 on our fixtures, against 0.85 upright), and a page turned
// by 90° correctly but with every word taller than wide.
const (
	doubtConf     = 0.75 // mean confidence, weighted by characters, below which we ask OSD
	doubtTall     = 0.5  // share of words of 3+ characters taller than wide above which we ask
	minOSDConf    = 2.0  // Tesseract's orientation confidence below which we keep the page as is
	minOSDLetters = 10   // fewer characters read than this, and OSD has too little to go on
)

// ocrImage is an image for Tesseract: a file in the job's folder and what we know of it.
type ocrImage struct {
	Page   int     // page number, from 1
	Path   string  // file in the job's folder: PGM, PNG or JPEG
	Width  int     // pixels
	Height int     // pixels
	DPI    float64 // pixels per inch, to turn pixels into points
}

// ocr reads one image with Tesseract into a page in points, straightened, and turned upright
// when orientation detection says it is turned, then reads the text the page reading missed
// (see the package doc and missed.go). It returns notes for the document.
func (j *job) ocr(ctx context.Context, img ocrImage) (layout.Page, []string, error) {
	what := fmt.Sprintf("page %d", img.Page)
	original := img
	img, g, err := j.prepare(ctx, original, 0)
	if err != nil {
		return layout.Page{}, nil, err
	}
	lines, err := j.tesseract(ctx, img, what)
	if err != nil {
		return layout.Page{}, nil, err
	}
	turned, err := j.upright(ctx, img, lines)
	if err != nil {
		return layout.Page{}, nil, err
	}
	if turned != 0 {
		upright, g2, err := j.prepare(ctx, original, turned)
		if err != nil {
			return layout.Page{}, nil, err
		}
		lines2, err := j.tesseract(ctx, upright, what)
		if err != nil {
			return layout.Page{}, nil, err
		}
		// Orientation detection can be wrong on a page with little text: keep whichever reading
		// found more confident text.
		if score(lines2) < 0.8*score(lines) {
			turned = 0
		} else {
			img, g, lines = upright, g2, lines2
		}
	}
	lines, err = j.readMissed(ctx, img, g, lines)
	if err != nil {
		return layout.Page{}, nil, err
	}
	page := pageInPoints(img, lines)
	if turned == 0 {
		return page, nil, nil
	}
	page.Rotation = turned
	return page, []string{fmt.Sprintf("page %d was turned %d° clockwise; it was turned upright before reading", img.Page, turned)}, nil
}

// upright says how far clockwise the page read as lines seems turned: 0 unless the reading
// looks wrong and orientation detection is sure enough.
func (j *job) upright(ctx context.Context, img ocrImage, lines []layout.Line) (int, error) {
	conf, tall, letters := judge(lines)
	if letters < minOSDLetters || (conf >= doubtConf && tall <= doubtTall) {
		return 0, nil
	}
	turned, osdConf, err := j.orientation(ctx, img, fmt.Sprintf("page %d", img.Page))
	if err != nil {
		return 0, err
	}
	j.log.DebugContext(ctx, "orientation", "page", img.Page, "conf", conf, "tall", tall, "turned", turned, "osd_conf", osdConf)
	if osdConf < minOSDConf {
		return 0, nil
	}
	return turned, nil
}

// tesseract runs Tesseract's page segmentation and recognition (--psm 3) on the image.
func (j *job) tesseract(ctx context.Context, img ocrImage, what string) ([]layout.Line, error) {
	out, err := j.run(ctx, run{
		Tool:    "tesseract",
		Args:    []string{img.Path, "stdout", "--dpi", strconv.Itoa(int(img.DPI + 0.5)), "-l", j.limits.Languages, "--psm", "3", "tsv"},
		What:    what,
		Timeout: j.limits.PageTimeout,
	})
	if err != nil {
		return nil, j.tesseractError(err, what)
	}
	pages, err := parseTSV(out)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	var lines []layout.Line
	for _, p := range pages {
		lines = append(lines, p.Lines...)
	}
	return lines, nil
}

// tesseractError names the Debian packages of missing languages, and says an image Tesseract
// cannot read is invalid.
func (j *job) tesseractError(err error, what string) error {
	var exit *exitError
	if !errors.As(err, &exit) {
		return err
	}
	if strings.Contains(exit.Stderr, "Failed loading language") {
		var pkgs []string
		for _, lang := range strings.Split(j.limits.Languages, "+") {
			pkgs = append(pkgs, "tesseract-ocr-"+strings.ToLower(lang))
		}
		return o2c.Errorf(o2c.CodeUnavailable, "tesseract has no data for the languages %s: install the Debian packages %s", j.limits.Languages, strings.Join(pkgs, " "))
	}
	return o2c.Errorf(o2c.CodeInvalid, "%s cannot be read as an image: %s", what, exit.Stderr)
}

// orientation asks Tesseract's orientation detection (--psm 0) how far clockwise the page is
// turned, with its confidence. A page it cannot judge (too little text) is not turned.
func (j *job) orientation(ctx context.Context, img ocrImage, what string) (turned int, conf float64, err error) {
	out, err := j.run(ctx, run{
		Tool:    "tesseract",
		Args:    []string{img.Path, "stdout", "--dpi", strconv.Itoa(int(img.DPI + 0.5)), "--psm", "0"},
		What:    what,
		Timeout: j.limits.PageTimeout,
	})
	var exit *exitError
	if errors.As(err, &exit) {
		j.log.DebugContext(ctx, "no orientation", "page", img.Page, "err", err)
		return 0, 0, nil
	} else if err != nil {
		return 0, 0, err
	}
	turned, conf = parseOSD(out)
	return turned, conf, nil
}

// parseOSD reads "Orientation in degrees: 90" (how far clockwise the page is turned) and
// "Orientation confidence: 2.75" from Tesseract's --psm 0 output.
func parseOSD(out []byte) (turned int, conf float64) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		switch strings.TrimSpace(key) {
		case "Orientation in degrees":
			if d, err := strconv.Atoi(value); err == nil && (d == 90 || d == 180 || d == 270) {
				turned = d
			}
		case "Orientation confidence":
			if c, err := strconv.ParseFloat(value, 64); err == nil {
				conf = c
			}
		}
	}
	return turned, conf
}

// prepare turns the image back by turned degrees (0, 90, 180, 270) and straightens a skew of
// up to maxSkew degrees. When it changes anything, it writes the result as a PGM beside the
// original; else it returns img as it is. It returns the grey pixels of the image it returns.
func (j *job) prepare(ctx context.Context, img ocrImage, turned int) (ocrImage, *image.Gray, error) {
	data, err := os.ReadFile(img.Path)
	if err != nil {
		return ocrImage{}, nil, fmt.Errorf("page %d: %w", img.Page, err)
	}
	g, err := decodeGray(data)
	if err != nil {
		return ocrImage{}, nil, o2c.Errorf(o2c.CodeInvalid, "page %d cannot be decoded: %s", img.Page, err)
	}
	if turned != 0 {
		g = rotate(g, (360-turned)%360)
	}
	skew := skewAngle(g)
	if math.Abs(skew) >= minSkew {
		j.log.DebugContext(ctx, "straighten", "page", img.Page, "degrees", skew)
		g = straighten(g, skew)
	} else if turned == 0 {
		return img, g, nil
	}
	out := img
	out.Path = filepath.Join(j.dir, fmt.Sprintf("page-%d-turned-%d.pgm", img.Page, turned))
	out.Width, out.Height = g.Bounds().Dx(), g.Bounds().Dy()
	if err := os.WriteFile(out.Path, writePGM(g), 0o600); err != nil {
		return ocrImage{}, nil, fmt.Errorf("page %d: %w", img.Page, err)
	}
	return out, g, nil
}

// pageInPoints turns lines in pixels of img into a page in points.
func pageInPoints(img ocrImage, lines []layout.Line) layout.Page {
	k := 72 / img.DPI
	scale := func(b layout.Box) layout.Box {
		return layout.Box{X0: b.X0 * k, Y0: b.Y0 * k, X1: b.X1 * k, Y1: b.Y1 * k}
	}
	page := layout.Page{
		Number: img.Page,
		Width:  float64(img.Width) * k,
		Height: float64(img.Height) * k,
		Source: layout.SourceOCR,
	}
	for _, l := range lines {
		out := layout.Line{Box: scale(l.Box), Words: make([]layout.Word, len(l.Words))}
		for i, w := range l.Words {
			out.Words[i] = layout.Word{Text: w.Text, Box: scale(w.Box), Conf: w.Conf}
		}
		if out, ok := cleanLine(out); ok {
			page.Lines = append(page.Lines, out)
		}
	}
	return page
}

// judge returns the mean confidence of the words weighted by their characters, the share of
// words of 3 or more characters that are taller than wide, and the number of characters.
func judge(lines []layout.Line) (conf, tall float64, letters int) {
	var sum float64
	var long, high int
	for _, l := range lines {
		for _, w := range l.Words {
			n := utf8.RuneCountInString(w.Text)
			sum += w.Conf * float64(n)
			letters += n
			if n >= 3 {
				long++
				if w.Box.Height() > w.Box.Width() {
					high++
				}
			}
		}
	}
	if letters > 0 {
		conf = sum / float64(letters)
	}
	if long > 0 {
		tall = float64(high) / float64(long)
	}
	return conf, tall, letters
}

// score is how much confident text a reading holds: characters weighted by confidence.
func score(lines []layout.Line) float64 {
	conf, _, letters := judge(lines)
	return conf * float64(letters)
}
