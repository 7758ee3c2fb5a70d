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

# bench runs the national-scale benchmarks (issues 8 and 18): a synthetic
# 16 M-row history is generated once into BENCH_DIR and reused; every figure
# is printed beside its baseline from the same run (the sqlite3 shell with
# the app's page cache, go-chart with the app's encoder and its own, a bare
# Fyne window) with its target and verdict, and the table is written to
# docs/BENCHMARKS.md (generated; explanations in docs/PERFORMANCE.md). The
# real akimwatch binary is started under Xvfb (on BENCH_XVFB_DISPLAY, or a
# free display when empty) for start-up, memory and idle CPU. About 10
# minutes on 2 cores.
BENCH_DIR ?= $(or $(TMPDIR),/tmp)/akimwatch-bench
BENCH_XVFB_DISPLAY ?=
bench:
	@command -v sqlite3 >/dev/null 2>&1 || { \
		echo "installing: sqlite3"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq sqlite3 >/dev/null; }
	@command -v Xvfb >/dev/null 2>&1 || { \
		echo "installing: xvfb"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq xvfb >/dev/null; }
	$(GO) run ./app/benchtable -dir $(BENCH_DIR) -out docs/BENCHMARKS.md -xvfb-display "$(BENCH_XVFB_DISPLAY)"

# fuzz runs every fuzz target for FUZZTIME (default 30s) and prints the
# executions of each; fuzz-ci is the short pass CI runs.
FUZZTIME ?= 30s
fuzz:
	FUZZTIME=$(FUZZTIME) GO=$(GO) TAGS=$(TAGS) .ci/fuzz

fuzz-ci:
	FUZZTIME=2s GO=$(GO) TAGS=$(TAGS) .ci/fuzz

# crash-long kills akimwatch refresh, import and restore 100 times (make test
# kills 10).
crash-long:
	AKIMWATCH_CRASH_KILLS=100 $(GO) test -tags $(TAGS) -run Kill -v -timeout 60m ./app/cli/crashtest/

# ---- Packaging (see README "Install" and .github/workflows/release.yml) ----
FYNE_TOOL_VERSION := v1.7.4
FYNE := $(shell $(GO) env GOPATH)/bin/fyne
# fyne package bumps Build in FyneApp.toml on every run; the targets below
# restore the file so packaging leaves the work tree clean.
FYNE_PKG := package --tags $(TAGS) --release
KEEP_TOML := cp FyneApp.toml .FyneApp.toml.keep
RESTORE_TOML := mv .FyneApp.toml.keep FyneApp.toml

.PHONY: fyne-tool windows package-linux package-windows-native package-darwin

fyne-tool:
	@[ -x $(FYNE) ] || $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_TOOL_VERSION)

# windows cross-compiles akimwatch.exe (windows/amd64, cgo through
# mingw-w64) with the icon and version info embedded, then checks it is a
# PE32+ GUI executable carrying them (assets/pe_test.go).
windows: deps fyne-tool
	@command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || { \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gcc-mingw-w64-x86-64 >/dev/null; }
	$(KEEP_TOML); CC=x86_64-w64-mingw32-gcc CGO_ENABLED=1 GOOS=windows GOARCH=amd64 $(FYNE) $(FYNE_PKG) -os windows; rc=$$?; $(RESTORE_TOML); exit $$rc
	AKIMWATCH_EXE=$(CURDIR)/akimwatch.exe $(GO) test -run TestWindowsExecutable -count=1 ./assets/
	file akimwatch.exe

# package-linux makes akimwatch.tar.xz: the binary, the icon and a .desktop file.
package-linux: deps fyne-tool
	$(KEEP_TOML); $(FYNE) $(FYNE_PKG) -os linux; rc=$$?; $(RESTORE_TOML); exit $$rc
	tar -tJf akimwatch.tar.xz | grep -E 'bin/akimwatch$$|\.desktop$$|pixmaps/.*\.png$$'

# On a Windows machine (MinGW gcc on PATH), as the release workflow does.
package-windows-native: fyne-tool
	$(KEEP_TOML); $(FYNE) $(FYNE_PKG) -os windows; rc=$$?; $(RESTORE_TOML); exit $$rc
	AKIMWATCH_EXE=$(CURDIR)/akimwatch.exe $(GO) test -run TestWindowsExecutable -count=1 ./assets/

# On a Mac (Xcode command line tools), as the release workflow does.
package-darwin: fyne-tool
	$(KEEP_TOML); $(FYNE) $(FYNE_PKG) -os darwin; rc=$$?; $(RESTORE_TOML); exit $$rc
