package corpus

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// rasterize renders every page of a PDF to a grey image at dpi with poppler's pdftoppm.
func rasterize(pdf []byte, dpi int) ([]*image.Gray, error) {
	dir, err := os.MkdirTemp("", "o2c-corpus-")
	if err != nil {
		return nil, fmt.Errorf("rasterize: %w", err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		return nil, fmt.Errorf("rasterize: %w", err)
	}
	cmd := exec.Command("pdftoppm", "-r", strconv.Itoa(dpi), "-gray", in, filepath.Join(dir, "p"))
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pdftoppm (Debian package poppler-utils): %w: %s", err, bytes.TrimSpace(out))
	}
	files, err := filepath.Glob(filepath.Join(dir, "p-*.pgm"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("pdftoppm wrote no page")
	}
	pageNo := func(f string) int {
		n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "p-"), ".pgm"))
		return n
	}
	slices.SortFunc(files, func(a, b string) int { return pageNo(a) - pageNo(b) })
	var pages []*image.Gray
	for _, f := range files {
		img, err := readPGM(f)
		if err != nil {
			return nil, err
		}
		pages = append(pages, img)
	}
	return pages, nil
}

// readPGM decodes a binary 8-bit PGM (P5) file, as pdftoppm -gray writes it.
func readPGM(path string) (*image.Gray, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read page image: %w", err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var fields []int
	magic := ""
	for len(fields) < 3 {
		tok, err := pgmToken(br)
		if err != nil {
			return nil, fmt.Errorf("read PGM header of %s: %w", path, err)
		}
		if magic == "" {
			if tok != "P5" {
				return nil, fmt.Errorf("%s is not a binary PGM", path)
			}
			magic = tok
			continue
		}
		n, err := strconv.Atoi(tok)
		if err != nil {
			return nil, fmt.Errorf("read PGM header of %s: %w", path, err)
		}
		fields = append(fields, n)
	}
	w, h, maxVal := fields[0], fields[1], fields[2]
	if maxVal != 255 || w <= 0 || h <= 0 {
		return nil, fmt.Errorf("%s: unsupported PGM %dx%d max %d", path, w, h, maxVal)
	}
	img := image.NewGray(image.Rect(0, 0, w, h))
	if _, err := io.ReadFull(br, img.Pix); err != nil {
		return nil, fmt.Errorf("read PGM pixels of %s: %w", path, err)
	}
	return img, nil
}

// pgmToken reads one whitespace-separated header token, skipping comments; it consumes the single
// whitespace byte after the token, as the format requires before the pixels.
func pgmToken(br *bufio.Reader) (string, error) {
	var b []byte
	for {
		c, err := br.ReadByte()
		if err != nil {
			return "", err
		}
		switch {
		case c == '#' && len(b) == 0:
			if _, err := br.ReadString('\n'); err != nil {
				return "", err
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if len(b) > 0 {
				return string(b), nil
			}
		default:
			b = append(b, c)
		}
	}
}
