package verify

import (
	"cmp"
	"math"
	"slices"
	"sync"
)

// textIndex finds the documents (product descriptions, customer names) most similar to a query.
// A word index gives the candidates: each query word is looked up as is, or, when the
// vocabulary lacks it (a typo, an abbreviation), through a trigram index of the vocabulary.
// The best candidates are then scored exactly with softF, weighting each word by its inverse
// document frequency so that "pen" counts less than "ballpoint" in a stationery catalogue.
type textIndex struct {
	docs     [][]int32          // document -> its distinct word ids
	vocab    map[string]int32   // word -> id
	words    []string           // id -> word
	idf      []float64          // id -> ln(1 + N/df)
	postings [][]int32          // id -> documents holding the word, ascending
	grams    map[string][]int32 // trigram of "^word$" -> word ids
	maxIDF   float64            // the idf of a word only one document holds
	beta     float64            // softF's weight of recall over precision
	scratch  sync.Pool          // *searchScratch, so that a search allocates little
}

// hit is one document and its similarity to a query.
type hit struct {
	doc   int
	score float64
}

type searchScratch struct {
	acc     []float32 // document -> rough score
	touched []int32   // documents with acc != 0
	counts  map[int32]int
}

// Search sizes.
const (
	searchCandidates = 24 // documents rescored exactly per query
	fuzzyPerWord     = 4  // vocabulary words tried for a query word the vocabulary lacks
)

func newTextIndex(docs [][]string, beta float64) *textIndex {
	x := &textIndex{
		beta:  beta,
		docs:  make([][]int32, len(docs)),
		vocab: make(map[string]int32),
		grams: make(map[string][]int32),
	}
	for d, ws := range docs {
		ids := make([]int32, 0, len(ws))
		for _, w := range ws {
			id, ok := x.vocab[w]
			if !ok {
				id = int32(len(x.words))
				x.vocab[w] = id
				x.words = append(x.words, w)
				x.postings = append(x.postings, nil)
				for _, g := range trigrams(w) {
					x.grams[g] = append(x.grams[g], id)
				}
			}
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
				x.postings[id] = append(x.postings[id], int32(d))
			}
		}
		x.docs[d] = ids
	}
	n := float64(len(docs))
	x.idf = make([]float64, len(x.words))
	for id, p := range x.postings {
		x.idf[id] = math.Log(1 + n/float64(len(p)))
	}
	x.maxIDF = math.Log(1 + max(n, 1))
	x.scratch.New = func() any {
		return &searchScratch{acc: make([]float32, len(docs)), counts: make(map[int32]int)}
	}
	return x
}

// trigrams returns the byte trigrams of "^w$"; a word of one letter has one.
func trigrams(w string) []string {
	p := "^" + w + "$"
	out := make([]string, 0, len(p)-2)
	for i := 0; i+3 <= len(p); i++ {
		out = append(out, p[i:i+3])
	}
	return out
}

// termMatch is a vocabulary word standing for a query word, with its similarity.
type termMatch struct {
	id  int32
	sim float64
}

// lookup returns the vocabulary words a query word stands for: itself, or the few most similar.
func (x *textIndex) lookup(w string, s *searchScratch) []termMatch {
	if id, ok := x.vocab[w]; ok {
		return []termMatch{{id, 1}}
	}
	if len(w) <= 2 || isDigit(w[0]) { // wordSim gives such words no fuzzy match
		return nil
	}
	clear(s.counts)
	gs := trigrams(w)
	for _, g := range gs {
		for _, id := range x.grams[g] {
			s.counts[id]++
		}
	}
	need := max(1, len(gs)/3)
	var out []termMatch
	for id, c := range s.counts {
		if c < need {
			continue
		}
		if sim := wordSim(w, x.words[id]); sim > 0 {
			out = append(out, termMatch{id, sim})
		}
	}
	slices.SortFunc(out, func(a, b termMatch) int {
		if c := cmp.Compare(b.sim, a.sim); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	if len(out) > fuzzyPerWord {
		out = out[:fuzzyPerWord]
	}
	return out
}

// search returns up to k documents most similar to the query words q, best first, ties in
// document order. Only documents sharing at least one (fuzzy) word with q are considered.
func (x *textIndex) search(q []string, k int) []hit {
	if len(q) == 0 || len(x.docs) == 0 {
		return nil
	}
	s := x.scratch.Get().(*searchScratch)
	defer x.scratch.Put(s)

	// Weight of each query word: its own idf, or that of the word it stands for. A word that no
	// document holds anything like is often noise (a reference, "pcs") and weighs half the most.
	qw := make([]float64, len(q))
	for i, w := range q {
		qw[i] = x.maxIDF / 2
		for j, m := range x.lookup(w, s) {
			if j == 0 {
				qw[i] = x.idf[m.id]
			}
			for _, d := range x.postings[m.id] {
				if s.acc[d] == 0 {
					s.touched = append(s.touched, d)
				}
				s.acc[d] += float32(x.idf[m.id] * m.sim)
			}
		}
	}
	// Keep the best rough scores, ties to the lower document, without sorting them all.
	cands := make([]hit, 0, searchCandidates)
	for _, d := range s.touched {
		h := hit{int(d), float64(s.acc[d])}
		s.acc[d] = 0
		if len(cands) == searchCandidates {
			last := cands[len(cands)-1]
			if h.score < last.score || (h.score == last.score && h.doc > last.doc) {
				continue
			}
			cands = cands[:len(cands)-1]
		}
		k := len(cands)
		for k > 0 && (cands[k-1].score < h.score || (cands[k-1].score == h.score && cands[k-1].doc > h.doc)) {
			k--
		}
		cands = slices.Insert(cands, k, h)
	}
	s.touched = s.touched[:0]
	for i, c := range cands {
		cands[i].score = x.similarity(q, qw, c.doc)
	}
	sortHits(cands)
	if len(cands) > k {
		cands = cands[:k]
	}
	return cands
}

// similarity is softF of the query words against document d, with idf weights.
func (x *textIndex) similarity(q []string, qw []float64, d int) float64 {
	ids := x.docs[d]
	var buf [32]string
	dw := buf[:0]
	for _, id := range ids {
		dw = append(dw, x.words[id])
	}
	return softF(q, dw,
		func(i int) float64 { return qw[i] },
		func(j int) float64 { return x.idf[ids[j]] }, x.beta)
}
