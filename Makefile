# kaderrapport — build, test, install.
# `make deps` installs the Debian packages (the only network step); `make` builds ./kaderrapport;
# `make test` runs every test and ends with "N passed, N failed".

PREFIX  ?= /usr/local
DESTDIR ?=
VERSION := 0.1.0

CC      ?= cc
PKGS    := pangocairo pangoft2 cairo-pdf fontconfig glib-2.0 xlsxwriter libzip expat zlib libdeflate
OPT     ?= -O2 -g
WERROR  ?=
CFLAGS  += -std=c11 -D_GNU_SOURCE $(OPT) -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
           -Wno-missing-field-initializers $(WERROR) -Isrc -DKR_VERSION='"$(VERSION)"' \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(EXTRA_CFLAGS)
# Start-up is mostly the dynamic loader relocating ~50 shared libraries: link only what is used
# and let the linker optimise the symbol hash tables.
LDFLAGS += -Wl,-O1 -Wl,--as-needed
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -liniparser -lhyphen -lm -lpthread $(EXTRA_LDLIBS)

BUILD   ?= build
SRCS    := $(sort $(wildcard src/*.c src/*/*.c))
LIBSRCS := $(filter-out src/main.c,$(SRCS))
OBJS    := $(patsubst src/%.c,$(BUILD)/%.o,$(LIBSRCS))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))

DEBIAN_PACKAGES := build-essential pkg-config libcairo2-dev libpango1.0-dev libfontconfig-dev \
  libxlsxwriter-dev libcsv-dev libiniparser-dev libzip-dev libexpat1-dev zlib1g-dev libdeflate-dev \
  libhyphen-dev hyphen-nl hyphen-en-gb poppler-utils qpdf python3 python3-openpyxl zip unzip valgrind clang \
  libclang-rt-14-dev

.PHONY: all deps test unit e2e check leakcheck threadcheck bench gallery install clean fuzz fuzz-bins

all: kaderrapport

kaderrapport: $(BUILD)/main.o $(BUILD)/libkr.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

$(BUILD)/libkr.a: $(OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: src/%.c $(wildcard src/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h tests/unit/unit_diag.h $(BUILD)/libkr.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libkr.a $(LDFLAGS) $(LDLIBS)

deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(DEBIAN_PACKAGES)

# Every unit binary and every e2e script prints "PASS name" / "FAIL name" lines;
# tests/run.sh counts them and prints the closing line.
test: kaderrapport $(UNIT_BINS)
	@tests/run.sh $(UNIT_BINS)

# The whole suite under AddressSanitizer + UBSan, built in build-asan/ and run in a private tree
# (tests/sanitize/run-tree.sh) so that ./kaderrapport stays the normal build.
ASAN_OPT := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
check:
	$(MAKE) BUILD=build-asan OPT="$(ASAN_OPT)" LDFLAGS="-fsanitize=address,undefined" \
	  build-asan/kaderrapport $(patsubst $(BUILD)/%,build-asan/%,$(UNIT_BINS))
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitize/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1 \
	  tests/sanitize/run-tree.sh build-asan "$(ASAN_OPT)" "-fsanitize=address,undefined" \
	  $(patsubst $(BUILD)/%,build-asan/%,$(UNIT_BINS))

# The end-to-end builds under valgrind; definite leaks and memory errors fail (tests/valgrind.supp
# covers third-party internals only).
leakcheck: kaderrapport
	tests/sanitize/leakcheck.sh

# The examples and the threaded unit tests under ThreadSanitizer, built in build-tsan/.
TSAN_OPT := -O1 -g -fsanitize=thread
threadcheck:
	$(MAKE) BUILD=build-tsan OPT="$(TSAN_OPT)" LDFLAGS="-fsanitize=thread" build-tsan/kaderrapport build-tsan/tests/test_doc \
	  build-tsan/tests/test_pdfobj
	tests/sanitize/threadcheck.sh build-tsan

$(BUILD)/kaderrapport: $(BUILD)/main.o $(BUILD)/libkr.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

# libFuzzer targets (tests/fuzz/fuzz_*.c) built with clang; the library gets its own objects in
# build-fuzz/. `make fuzz FUZZ_SECONDS=60` runs each target that long.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BINS    := $(addprefix build-fuzz/fuzz_,$(FUZZ_TARGETS))
FUZZ_SAN     := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

fuzz:
	$(MAKE) BUILD=build-fuzz CC=$(FUZZ_CC) OPT="$(FUZZ_SAN) -fsanitize=fuzzer-no-link" build-fuzz/libkr.a
	$(MAKE) fuzz-bins
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh $(FUZZ_TARGETS)

fuzz-bins: $(FUZZ_BINS)

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) build-fuzz/libkr.a
	$(FUZZ_CC) $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -DKR_SOURCE_ROOT='"$(CURDIR)"' -Itests/fuzz \
	  -o $@ $< build-fuzz/libkr.a $(LDLIBS)

# The replay test includes every fuzz target; rebuild it when they change.
$(BUILD)/tests/test_fuzz_replay: $(wildcard tests/fuzz/*.c tests/fuzz/*.h)

install: kaderrapport
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/kaderrapport/fonts \
	  $(DESTDIR)$(PREFIX)/share/kaderrapport/layouts
	install -m 755 kaderrapport $(DESTDIR)$(PREFIX)/bin/kaderrapport
	cp -R fonts/. $(DESTDIR)$(PREFIX)/share/kaderrapport/fonts/
	cp -R layouts/. $(DESTDIR)$(PREFIX)/share/kaderrapport/layouts/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 src/man/kaderrapport.1 $(DESTDIR)$(PREFIX)/share/man/man1/kaderrapport.1

# Optimised build, then every scenario of tests/bench/bench.sh; prints a table, never fails on timings.
bench:
	$(MAKE) OPT="-O2 -DNDEBUG" kaderrapport
	@mkdir -p $(BUILD)/bench
	$(CC) -O2 -o $(BUILD)/bench/runbench tests/bench/runbench.c
	tests/bench/bench.sh

# Every chart type with normal and edge-case data, to build/gallery/gallery.pdf and PNGs.
gallery: $(BUILD)/libkr.a
	@mkdir -p $(BUILD)/gallery
	$(CC) $(CFLAGS) -o $(BUILD)/gallery/gallery tests/gallery/gallery.c $(BUILD)/libkr.a $(LDFLAGS) $(LDLIBS)
	$(BUILD)/gallery/gallery $(BUILD)/gallery

clean:
	rm -rf $(BUILD) build-asan build-tsan build-bench kaderrapport
