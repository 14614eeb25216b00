# The two commands of the README: `make demo` and `make test`. Everything else is a helper.
SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(PATH)
GO ?= go
BIN := bin/o2c
O2C_TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable
export O2C_TEST_POSTGRES_URL

.PHONY: demo test build deps postgres vet bench fuzz clean

## demo: serve o2c on http://localhost:8080 with demo master data and orders (Ctrl-C to stop)
demo: build
	./$(BIN) demo --data ./o2c-data --addr :8080

## test: install what the tests need, make sure PostgreSQL runs, run the whole suite
test: deps postgres vet
	$(GO) test -count=1 -timeout 14m ./...

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

## fuzz: run each fuzz target for a while (FUZZTIME=60s)
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./extract/ -run '^$$' -fuzz FuzzDecodeJSON -fuzztime $(FUZZTIME)
	$(GO) test ./masterdata/ -run '^$$' -fuzz FuzzReadFiles -fuzztime $(FUZZTIME)
	$(GO) test ./edi/edifact/ -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME)
	$(GO) test ./edi/x12/ -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME)
	$(GO) test ./ubl/ -run '^$$' -fuzz 'FuzzParseOrder$$' -fuzztime $(FUZZTIME)
	$(GO) test ./sheet/ -run '^$$' -fuzz FuzzParseCSV -fuzztime $(FUZZTIME)
	$(GO) test ./intake/email/ -run '^$$' -fuzz FuzzSplit -fuzztime $(FUZZTIME)

clean:
	rm -rf bin o2c-data
