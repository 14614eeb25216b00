package ubl

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/out")

// corpusDir is the public UBL corpus beside the repository (../shared/corpus/public/ubl), or
// $O2C_CORPUS/ubl. Without it the test skips, except in CI, where a skip would hide a failure.
func corpusDir(tb testing.TB) string {
	tb.Helper()
	root := os.Getenv("O2C_CORPUS")
	if root == "" {
		root = filepath.Join("..", "..", "shared", "corpus", "public")
	}
	dir := filepath.Join(root, "ubl")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("the UBL corpus is missing: %v", err)
		}
		tb.Skipf("the UBL corpus is missing (%v); set O2C_CORPUS", err)
	}
	return dir
}

// readCorpus reads one corpus file by its path under the ubl folder.
func readCorpus(tb testing.TB, rel string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir(tb), filepath.FromSlash(rel)))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
