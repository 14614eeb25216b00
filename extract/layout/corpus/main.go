package corpus

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/o2c-project/o2c/demo"
)

// Main runs `gen-corpus -out DIR [-per-layout N] [-channels pdf,scan,...] [-layouts a,b] [-seed S]`:
// it generates N documents per layout and channel the layout supports, from the demo master
// data, with seeds S, S+1, ... (so a seed's PDF, scan and photo show the same order), and writes
// them with WriteDir. It prints a summary on stdout.
func Main(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("gen-corpus", flag.ContinueOnError)
	fs.SetOutput(stdout)
	out := fs.String("out", "", "directory to write the corpus to (required)")
	per := fs.Int("per-layout", 4, "documents per layout and channel")
	chans := fs.String("channels", joinChannels(AllChannels), "channels to generate, comma-separated")
	only := fs.String("layouts", "", "layouts to generate, comma-separated (default: all)")
	seed := fs.Int64("seed", 1, "seed of the first document of each layout and channel")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("gen-corpus: -out DIR is required")
	}
	if *per < 1 {
		return errors.New("gen-corpus: -per-layout must be at least 1")
	}
	var channels []Channel
	for _, c := range strings.Split(*chans, ",") {
		ch := Channel(strings.TrimSpace(c))
		if !slices.Contains(AllChannels, ch) {
			return fmt.Errorf("gen-corpus: unknown channel %q (known: %s)", c, joinChannels(AllChannels))
		}
		channels = append(channels, ch)
	}
	names := Layouts()
	if *only != "" {
		names = nil
		for _, n := range strings.Split(*only, ",") {
			n = strings.TrimSpace(n)
			if _, ok := Describe(n); !ok {
				return fmt.Errorf("gen-corpus: unknown layout %q", n)
			}
			names = append(names, n)
		}
	}
	var specs []Spec
	for _, n := range names {
		for _, ch := range channels {
			if !Supports(n, ch) {
				continue
			}
			for i := range *per {
				specs = append(specs, Spec{Layout: n, Channel: ch, Seed: *seed + int64(i)})
			}
		}
	}
	start := time.Now()
	docs, err := GenerateAll(specs, runtime.GOMAXPROCS(0))
	if err != nil {
		return err
	}
	if err := WriteDir(*out, docs); err != nil {
		return err
	}
	count := map[Channel]int{}
	held := 0
	for _, d := range docs {
		count[d.Channel]++
		if d.HeldOut {
			held++
		}
	}
	fmt.Fprintf(stdout, "gen-corpus: %d documents (%d held out) from %d layouts in %s, written to %s\n",
		len(docs), held, len(names), time.Since(start).Round(time.Millisecond), *out)
	for _, ch := range channels {
		fmt.Fprintf(stdout, "  %-12s %d\n", ch, count[ch])
	}
	return nil
}

// GenerateAll generates the documents of specs with workers goroutines; the result is in the
// order of specs.
func GenerateAll(specs []Spec, workers int) ([]*Doc, error) {
	md := demo.MasterData()
	docs := make([]*Doc, len(specs))
	errs := make([]error, len(specs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				docs[i], errs[i] = Generate(specs[i], md)
			}
		}()
	}
	for i := range specs {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return docs, nil
}

func joinChannels(cs []Channel) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ",")
}
