package outbox_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/outbox"
)

func TestPlaceNeverOverwrites(t *testing.T) {
	t.Parallel()
	d, err := outbox.Open(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Has("a.txt") {
		t.Fatal("an empty outbox has a.txt")
	}
	if err := d.Place("a.txt", []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := d.Place("a.txt", []byte("second")); err != nil {
		t.Fatal(err)
	}
	if err := d.Sync(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(d.Path, "a.txt"))
	if err != nil || string(got) != "first" || !d.Has("a.txt") {
		t.Fatalf("a.txt = %q, %v; want the first write kept", got, err)
	}
	entries, err := os.ReadDir(d.Path)
	if err != nil || len(entries) != 1 {
		t.Fatalf("outbox holds %v, want a.txt alone (no temporary files)", entries)
	}
}

func TestAnswersRefuseNamesThatAreNotFiles(t *testing.T) {
	t.Parallel()
	d, err := outbox.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a := outbox.Answers{Dir: d}
	if _, err := a.SendAnswer(context.Background(), o2c.Answer{Filename: "../x.edi", Content: []byte("x")}); o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Fatalf("error %v, want CodeInvalid", err)
	}
	ref, err := a.SendAnswer(context.Background(), o2c.Answer{Filename: "CONTRL-1-1.edi", Content: []byte("UNB")})
	if err != nil || ref != filepath.Join(d.Path, "CONTRL-1-1.edi") {
		t.Fatalf("ref %q, %v", ref, err)
	}
}
