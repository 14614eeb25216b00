package corpus

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// WriteDir writes each document as NAME.pdf, .jpg, .png, .txt or .html, its truth as
// NAME.truth.json (the canonical order), and an index.tsv with a header row and the columns
// name, layout, channel, held_out and file (the document's file name).
func WriteDir(dir string, docs []*Doc) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write corpus: %w", err)
	}
	var index strings.Builder
	index.WriteString("name\tlayout\tchannel\theld_out\tfile\n")
	for _, d := range docs {
		keys := make([]string, 0, len(d.Files))
		for k := range d.Files {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var files []string
		for _, k := range keys {
			file := d.Name + ext(k)
			if len(keys) > 1 {
				file = d.Name + "." + k
			}
			if err := os.WriteFile(filepath.Join(dir, file), d.Files[k], 0o644); err != nil {
				return fmt.Errorf("write corpus document %s: %w", d.Name, err)
			}
			files = append(files, file)
		}
		truth, err := json.MarshalIndent(d.Truth, "", "  ")
		if err != nil {
			return fmt.Errorf("encode truth of %s: %w", d.Name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, d.Name+".truth.json"), append(truth, '\n'), 0o644); err != nil {
			return fmt.Errorf("write truth of %s: %w", d.Name, err)
		}
		fmt.Fprintf(&index, "%s\t%s\t%s\t%t\t%s\n", d.Name, d.Layout, d.Channel, d.HeldOut, strings.Join(files, ","))
	}
	if err := os.WriteFile(filepath.Join(dir, "index.tsv"), []byte(index.String()), 0o644); err != nil {
		return fmt.Errorf("write corpus index: %w", err)
	}
	return nil
}
