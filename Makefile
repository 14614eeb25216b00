# The two commands of the README: `make demo` and `make test`. Everything else is a helper.
SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(PATH)
GO ?= go
BIN := bin/o2c
O2C_TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable
export O2C_TEST_POSTGRES_URL

.PHONY: demo test build deps postgres vet bench accuracy fuzz clean

## demo: serve o2c on http://localhost:8080 with demo master data and orders (Ctrl-C to stop)
demo: build
	./$(BIN) demo --data ./o2c-data --addr :8080

## test: install what the tests need, make sure PostgreSQL runs, run the whole suite
test: deps postgres vet
	$(GO) test -count=1 -timeout 12m ./...
	@$(MAKE) --no-print-directory fuzz FUZZTIME=5000x

build:
	$(GO) build -trimpath -o $(BIN) ./cmd/o2c

deps:
	@scripts/install-deps.sh

postgres:
	@scripts/ensure-postgres.sh

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

## bench: the pipeline benchmark on SQLite and on PostgreSQL (figures in the README)
bench: build postgres
	./$(BIN) bench pipeline --orders 5000
	./$(BIN) bench pipeline --orders 5000 --db "$(O2C_TEST_POSTGRES_URL)"

## accuracy: generate the document corpus (every layout, every channel) and score extraction on it,
## held-out layouts apart (figures in the README); CORPUS is where the generated documents go
CORPUS ?= /tmp/o2c-corpus
accuracy: build deps
	./$(BIN) bench corpus -out $(CORPUS) -per-layout $(or $(PER_LAYOUT),4)
	./$(BIN) bench accuracy $(CORPUS)

## fuzz: run every fuzz target for FUZZTIME each (a duration, or a count like 20000x: make test runs a
## count, since a time limit can end a run in the middle of an input and report that as a failure)
FUZZTIME ?= 30s
FUZZ_TARGETS := extract:FuzzDecodeJSON masterdata:FuzzReadFiles verify:FuzzVerify edi/edifact:FuzzParse \
	edi/x12:FuzzParse ubl:FuzzParseOrder ubl:FuzzParseOrderResponse sheet:FuzzParseCSV intake/email:FuzzSplit \
	extract/layout/reader:FuzzParseBBox extract/layout/reader:FuzzParseTSV extract/layout/reader:FuzzTIFFPages \
	extract/layout/reader:FuzzFromText extract/engine:FuzzChatAnswer extract/engine:FuzzAzureResult \
	bank:FuzzCamt bank:FuzzMT940 bank:FuzzCSV invoice/facturx:FuzzExtractXML reconcile:FuzzReadOpenItems
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; \
		echo "fuzz $$pkg $$fn for $(FUZZTIME)"; \
		out=$$($(GO) test ./$$pkg/ -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 0 2>&1) || { echo "$$out"; exit 1; }; \
	done

clean:
	rm -rf bin o2c-data
