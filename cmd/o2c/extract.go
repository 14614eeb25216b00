package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/extract/layout"
	"github.com/o2c-project/o2c/extract/layout/reader"
)

func (m *Main) extract(ctx context.Context, args []string) error {
	fs := m.flags("extract")
	rows := fs.Bool("rows", false, "print a PDF's or image's words as the layout engine sees them (rows, cells), not the order")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(m.Stderr, "usage: o2c extract FILE")
		return errUsage
	}
	content, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("read %s: %w", pos[0], err)
	}
	if *rows {
		doc, err := (&reader.Reader{}).Read(ctx, filepath.Base(pos[0]), content)
		if err != nil {
			return err
		}
		_, err = fmt.Fprint(m.Stdout, layout.Dump(doc))
		return err
	}
	drafts, err := app.ExtractDocument(ctx, filepath.Base(pos[0]), content)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	if len(drafts) == 1 {
		return enc.Encode(drafts[0])
	}
	return enc.Encode(drafts)
}
