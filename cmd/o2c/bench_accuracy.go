package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/extract/layout/accuracy"
	"github.com/o2c-project/o2c/extract/layout/reader"
)

// benchAccuracy reads every document of a corpus folder whose truth lies beside it
// (NAME.truth.json), scores what extraction read against the truth, and prints, per channel,
// documents, documents fully exact, field accuracy, line-item F1, the share of wrong fields that
// were flagged by a low confidence, and the time per page. index.tsv (name, layout, channel,
// held_out), when present, gives each document's channel and whether its layout was kept out of
// development.
func (m *Main) benchAccuracy(ctx context.Context, args []string) error {
	fs := m.flags("bench accuracy")
	heldOut := fs.Bool("held-out", false, "score only the documents of held-out layouts")
	wrong := fs.Bool("wrong", false, "list each document's wrong fields")
	docs := fs.String("docs", "", "another folder to find the documents in, when only their truths are in DIR")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(m.Stderr, "usage: o2c bench accuracy DIR [--held-out] [--wrong] [--docs DIR]")
		return errUsage
	}
	dir := pos[0]
	index, err := readIndex(filepath.Join(dir, "index.tsv"))
	if err != nil {
		return err
	}
	truths, err := filepath.Glob(filepath.Join(dir, "*.truth.json"))
	if err != nil {
		return err
	}
	if len(truths) == 0 {
		return fmt.Errorf("%s holds no NAME.truth.json", dir)
	}
	sort.Strings(truths)
	all, held := map[string]*accuracy.Summary{}, map[string]*accuracy.Summary{}
	r := &reader.Reader{}
	for _, tp := range truths {
		name := strings.TrimSuffix(filepath.Base(tp), ".truth.json")
		entry := index[name]
		if *heldOut && !entry.heldOut {
			continue
		}
		docPath, err := documentOf(dir, name)
		if err != nil && *docs != "" {
			docPath, err = documentOf(*docs, name)
		}
		if err != nil {
			return err
		}
		var truth o2c.OrderDraft
		b, err := os.ReadFile(tp)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, &truth); err != nil {
			return fmt.Errorf("%s: %w", tp, err)
		}
		content, err := os.ReadFile(docPath)
		if err != nil {
			return err
		}
		start := time.Now()
		drafts, err := app.ExtractDocumentWith(ctx, filepath.Base(docPath), content, app.ExtractOptions{Reader: r})
		took := time.Since(start)
		var got *o2c.OrderDraft
		if err == nil && len(drafts) > 0 {
			got = &drafts[0]
		}
		sc := accuracy.Compare(&truth, got)
		if err != nil {
			sc.Err = o2c.ErrorMessage(err)
		}
		channel := entry.channel
		if channel == "" {
			channel = strings.TrimPrefix(filepath.Ext(docPath), ".")
		}
		pages := pagesOf(got)
		add(all, channel, sc, pages, took)
		if entry.heldOut {
			add(held, channel, sc, pages, took)
		}
		if *wrong && (len(sc.Wrong) > 0 || sc.Err != "") {
			fmt.Fprintf(m.Stdout, "%s (%s): %s %v\n", name, channel, sc.Err, sc.Wrong)
		}
	}
	fmt.Fprintf(m.Stdout, "all layouts (%s)\n", dir)
	accuracy.Print(m.Stdout, all)
	if len(held) > 0 && !*heldOut {
		fmt.Fprintln(m.Stdout, "\nheld-out layouts only")
		accuracy.Print(m.Stdout, held)
	}
	return nil
}

func add(sums map[string]*accuracy.Summary, channel string, sc accuracy.Score, pages int, took time.Duration) {
	s := sums[channel]
	if s == nil {
		s = &accuracy.Summary{Channel: channel}
		sums[channel] = s
	}
	s.Add(sc, pages, took)
}

// pagesOf guesses a document's pages from what was read; the time per page needs it.
func pagesOf(d *o2c.OrderDraft) int {
	return 1 // refined when drafts carry their page count
}

type indexEntry struct {
	layout, channel string
	heldOut         bool
}

// readIndex reads index.tsv: name, layout, channel, held_out (true/false), with a header row.
func readIndex(path string) (map[string]indexEntry, error) {
	out := map[string]indexEntry{}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return out, nil
	} else if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for first := true; sc.Scan(); first = false {
		cols := strings.Split(sc.Text(), "\t")
		if first && len(cols) > 0 && cols[0] == "name" || len(cols) < 4 {
			continue
		}
		out[cols[0]] = indexEntry{layout: cols[1], channel: cols[2], heldOut: cols[3] == "true"}
	}
	return out, sc.Err()
}

// documentOf finds the document a truth file is for.
func documentOf(dir, name string) (string, error) {
	for _, ext := range []string{".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".txt", ".html", ".eml"} {
		p := filepath.Join(dir, name+ext)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no document beside %s.truth.json", name)
}
