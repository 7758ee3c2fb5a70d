# akimwatch developer tasks. `make run` and `make test` first install the
# Debian/Ubuntu packages that Fyne and cgo need, when they are missing.

GO        ?= go
TAGS      := migrated_fynedo
DEB_PKGS  := gcc pkg-config libgl1-mesa-dev xorg-dev
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: deps run build test lint check bench-store fuzz fuzz-ci crash-long bench

# deps installs the missing OS packages (Debian/Ubuntu only; elsewhere it
# does nothing and says so).
deps:
	@if command -v dpkg >/dev/null 2>&1; then \
		missing=""; \
		for p in $(DEB_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
		if [ -n "$$missing" ]; then \
			echo "installing:$$missing"; \
			SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
			$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
		fi; \
	else echo "not a Debian system: install a C compiler and OpenGL/X11 headers yourself (see README)"; fi

run: deps
	$(GO) run -tags $(TAGS) .

build: deps
	$(GO) build -tags $(TAGS) -o akimwatch .

test: deps
	$(GO) test -race -tags $(TAGS) ./...

lint: deps
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet -tags $(TAGS) ./...
	$(GO) run $(STATICCHECK) -tags $(TAGS) ./...

check: lint test

bench-store:
	$(GO) test -run '^$$' -bench . -benchtime 2s ./data/

# bench runs the national-scale benchmarks (issue 8): a synthetic 16 M-row
# history is generated once into BENCH_DIR and reused; every figure is
# printed beside its baseline from the same run (the sqlite3 shell, go-chart)
# and the table is written to docs/BENCHMARKS.md. About 10 minutes on 2 cores.
BENCH_DIR ?= $(or $(TMPDIR),/tmp)/akimwatch-bench
bench:
	@command -v sqlite3 >/dev/null 2>&1 || { \
		echo "installing: sqlite3"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq sqlite3 >/dev/null; }
	$(GO) run ./app/benchtable -dir $(BENCH_DIR) -out docs/BENCHMARKS.md

# fuzz runs every fuzz target for FUZZTIME (default 30s) and prints the
# executions of each; fuzz-ci is the short pass CI runs.
FUZZTIME ?= 30s
fuzz:
	FUZZTIME=$(FUZZTIME) GO=$(GO) TAGS=$(TAGS) .ci/fuzz

fuzz-ci:
	FUZZTIME=2s GO=$(GO) TAGS=$(TAGS) .ci/fuzz

# crash-long kills akimwatch refresh and import 100 times (make test kills 10).
crash-long:
	AKIMWATCH_CRASH_KILLS=100 $(GO) test -tags $(TAGS) -run Kill -v -timeout 60m ./app/cli/crashtest/
