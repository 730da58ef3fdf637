# newswire: plain GNU make, C11 + POSIX.1-2008.
#
#   make                build every tool in place (bin/nw-*)
#   make check          build, then run every test
#   make check-cluster  sharded runs on Slurm, parallel over ssh, xargs -P
#                       (root: network namespaces and daemons)
#   make check-report   nw-trend's report in headless Chromium (about 10 s)
#   make demo           build, then run the main pipeline over seeds/
#   make install        PREFIX=/usr/local DESTDIR= (binaries, data, man pages)
#   make deps           install missing build dependencies (apt-get as root)
#
# SANITIZE=1 builds with AddressSanitizer and UndefinedBehaviorSanitizer.

PREFIX	?= /usr/local
DESTDIR	?=
BINDIR	 = $(PREFIX)/bin
DATADIR	 = $(PREFIX)/share/newswire
MANDIR	 = $(PREFIX)/share/man

CC	?= cc
CXX	?= g++
AR	?= ar
CFLAGS	?= -O2 -g
NW_CFLAGS = -std=c11 -D_GNU_SOURCE \
	-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Ilib -DNW_SHAREDIR='"$(DATADIR)"'

# The one C++ file (lib/cld2.cc, CLD2 has no C API) is built with the C
# flags bar the language; programs stay linked by $(CC), with -lstdc++.
# Tools are linked --as-needed, so that only those that call CLD2 or ICU
# load them (and the C++ runtime).
NW_CXXFLAGS = -std=c++11 -Wall -Wextra -Ilib

ifeq ($(SANITIZE),1)
CFLAGS	 = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	   -fno-sanitize-recover=undefined
LDFLAGS	+= -fsanitize=address,undefined
export NW_SANITIZE = 1
endif

# Build dependencies, one a line so that a change adds or drops a line:
# pkg-config modules, libraries without a .pc file (linked by flag and
# checked by header), and the Debian packages providing all of them.
# OPTIONAL_MODULES are used when pkg-config finds them, each defining
# NW_<NAME> (libisal: NW_ISAL, gzip inflated by ISA-L, else by zlib);
# ISAL=0 builds without it all the same.
PKG_MODULES = \
	zlib \
	libbsd-overlay \
	libutf8proc \
	libarchive \
	libxml-2.0 \
	libxxhash \
	lmdb \
	icu-uc \
	liblzma \
	libzstd \
	liblz4
OPTIONAL_MODULES = \
	libisal
PLAIN_LIBS = \
	-llinear \
	-lstemmer \
	-lbz2 \
	-lcld2 \
	-lstdc++
PLAIN_HEADERS = \
	linear.h \
	libstemmer.h \
	bzlib.h \
	cld2/public/compact_lang_det.h
DEB_PACKAGES = \
	liblinear-dev \
	pkg-config \
	zlib1g-dev \
	libbsd-dev \
	libutf8proc-dev \
	libarchive-dev \
	libxml2-dev \
	libstemmer-dev \
	libxxhash-dev \
	liblmdb-dev \
	libcld2-dev \
	g++ \
	libicu-dev \
	liblzma-dev \
	libzstd-dev \
	liblz4-dev \
	libbz2-dev \
	libisal-dev
TEST_PACKAGES = \
	bats \
	bzip2 \
	chromium \
	groff-base \
	libarchive-tools \
	liblinear-tools \
	libxml2-utils \
	lmdb-utils \
	lz4 \
	lzip \
	mandoc \
	parallel \
	shellcheck \
	time \
	xz-utils \
	zstd

ISAL	?= $(shell pkg-config --exists libisal 2>/dev/null && echo 1 || echo 0)
ifeq ($(ISAL),1)
FOUND_MODULES += libisal
endif
OPTIONAL_CFLAGS = $(foreach m,$(FOUND_MODULES),-DNW_$(shell echo $(m:lib%=%) | tr a-z A-Z))

# Libraries that lib/lazylib.c opens when first needed, by the soname of
# the one the linker finds here (NW_SONAME_STEMMER="libstemmer.so.0d").
LAZY_LIBS = \
	archive \
	bz2 \
	isal \
	lz4 \
	lzma \
	stemmer \
	zstd
soname = $(shell objdump -p "$$($(CC) -print-file-name=lib$(1).so)" \
	2>/dev/null | sed -n 's/^ *SONAME *//p')
LAZY_CFLAGS = $(foreach l,$(LAZY_LIBS),-DNW_SONAME_$(shell echo $(l) | \
	tr a-z A-Z)='"$(call soname,$(l))"')

# Recursive (=) on purpose: expanded only when a recipe runs, that is after
# the dependency check below has had its chance to install what is missing.
PKG_CFLAGS	= $(shell pkg-config --cflags $(PKG_MODULES) $(FOUND_MODULES)) \
		  $(OPTIONAL_CFLAGS) $(LAZY_CFLAGS)
PKG_LIBS	= $(shell pkg-config --libs $(PKG_MODULES) $(FOUND_MODULES)) \
		  $(PLAIN_LIBS)

LIB_SRC	= $(sort $(wildcard lib/*.c))
LIB_CXX_SRC = $(sort $(wildcard lib/*.cc))
LIB_OBJ	= $(LIB_SRC:.c=.o) $(LIB_CXX_SRC:.cc=.o)
TOOL_SRC = $(sort $(wildcard bin/nw-*.c))
TOOLS	= $(TOOL_SRC:.c=)
SCRIPTS	= $(filter-out $(TOOLS) $(TOOL_SRC),$(wildcard bin/nw-*))
# Shell libraries of the scripts (nw-batch), installed in $(DATADIR)/sh.
SCRIPT_LIBS = $(sort $(wildcard lib/*.sh))
MAN1	= $(sort $(wildcard share/man/man1/*.1))
MAN7	= $(sort $(wildcard share/man/man7/*.7))

DEPSTAMP = lib/.deps-ok

# Objects depend on the flags they were built with, so that switching
# between a normal and a SANITIZE=1 build rebuilds everything; and on
# every header they include, as the compiler lists them (lib/*.d), so
# that a change to a lib-private struct rebuilds each object that lays
# it out, never leaving two layouts in one library.
FLAGSTAMP = lib/.build-flags
DEPFLAGS = -MMD -MP
BUILD_FLAGS := $(CC) $(CFLAGS) $(DEPFLAGS) $(LDFLAGS) $(FOUND_MODULES)
ifneq ($(BUILD_FLAGS),$(shell cat $(FLAGSTAMP) 2>/dev/null))
$(shell echo '$(BUILD_FLAGS)' > $(FLAGSTAMP))
endif

FUZZ_SECONDS ?= 60
FUZZ_CC	 = clang
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_CXXFLAGS = -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=undefined
FUZZ_CXX_OBJ = $(patsubst lib/%.cc,tests/fuzz/build/%.o,$(LIB_CXX_SRC))
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_BIN = $(patsubst tests/fuzz/%.c,tests/fuzz/build/%,$(FUZZ_SRC))

all: $(TOOLS)

$(DEPSTAMP): Makefile
	@missing=""; \
	for m in $(PKG_MODULES); do \
		pkg-config --exists $$m 2>/dev/null || missing="$$missing $$m"; \
	done; \
	for h in $(PLAIN_HEADERS); do \
		[ -r /usr/include/$$h ] || missing="$$missing $$h"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "newswire: missing build dependencies:$$missing"; \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "newswire: apt-get install $(DEB_PACKAGES)"; \
			apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			    $(DEB_PACKAGES) >/dev/null || exit 1; \
		else \
			echo "newswire: run: sudo apt-get install $(DEB_PACKAGES)"; \
			exit 1; \
		fi; \
	fi
	@touch $@

deps: $(DEPSTAMP)
	@missing=""; \
	for c in bats groff mandoc shellcheck parallel xmllint \
	    bzip2 lz4 lzip xz zstd; do \
		command -v $$c >/dev/null || missing="$$missing $$c"; \
	done; \
	[ -x /usr/bin/time ] || missing="$$missing time"; \
	if [ -n "$$missing" ]; then \
		echo "newswire: missing test tools:$$missing"; \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			    $(TEST_PACKAGES) >/dev/null || exit 1; \
		else \
			echo "newswire: run: sudo apt-get install $(TEST_PACKAGES)"; \
			exit 1; \
		fi; \
	fi

lib/%.o: lib/%.c lib/nw.h lib/nw-private.h $(FLAGSTAMP) | $(DEPSTAMP)
	$(CC) $(CFLAGS) $(DEPFLAGS) $(NW_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

lib/%.o: lib/%.cc lib/cld2.h $(FLAGSTAMP) | $(DEPSTAMP)
	$(CXX) $(CFLAGS) $(DEPFLAGS) $(NW_CXXFLAGS) -c -o $@ $<

-include $(wildcard lib/*.d)

lib/libnw.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

bin/nw-%: bin/nw-%.c lib/libnw.a lib/nw.h | $(DEPSTAMP)
	$(CC) $(CFLAGS) $(NW_CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< \
	    lib/libnw.a -Wl,--as-needed $(PKG_LIBS) -lm

check: all deps
	@tests/run

# Exit 77 is the check saying why it could not run here (not root, no
# network namespaces): reported, not a failure.
check-cluster: all deps
	@tests/cluster/run; st=$$?; [ $$st -eq 0 ] || [ $$st -eq 77 ]

# The report in a real browser: Chromium's screenshot and DOM (77: no
# Chromium here, said on stderr).
check-report: all
	@tests/report/run; st=$$?; [ $$st -eq 0 ] || [ $$st -eq 77 ]

demo: all
	@tests/demo

bench: all
	@tests/bench/run

valgrind: all
	@tests/valgrind

# libFuzzer harnesses link the library sources directly, built with clang.
tests/fuzz/build/%.o: lib/%.cc lib/cld2.h | $(DEPSTAMP)
	@mkdir -p tests/fuzz/build
	$(FUZZ_CC)++ $(FUZZ_CXXFLAGS) $(NW_CXXFLAGS) -c -o $@ $<

# Every header under lib/ too: they compile lib/*.c themselves.
tests/fuzz/build/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(LIB_SRC) $(FUZZ_CXX_OBJ) \
    $(wildcard lib/*.h) | $(DEPSTAMP)
	@mkdir -p tests/fuzz/build
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(NW_CFLAGS) $(PKG_CFLAGS) -o $@ $< \
	    $(LIB_SRC) $(FUZZ_CXX_OBJ) $(PKG_LIBS) -lm

fuzz-build: $(FUZZ_BIN)

fuzz: $(FUZZ_BIN)
	@tests/fuzz/run $(FUZZ_SECONDS) $(FUZZ_BIN)

lint:
	mandoc -Tlint -Wwarning $(MAN1) $(MAN7)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(TOOLS) $(SCRIPTS) $(DESTDIR)$(BINDIR)
	install -d $(DESTDIR)$(DATADIR)/sh
	install -m 644 $(SCRIPT_LIBS) $(DESTDIR)$(DATADIR)/sh
	cd share/newswire && find . -type d -exec install -d \
	    $(DESTDIR)$(DATADIR)/{} \;
	cd share/newswire && find . -type f ! -perm -u+x -exec install -m 644 \
	    {} $(DESTDIR)$(DATADIR)/{} \;
	cd share/newswire && find . -type f -perm -u+x -exec install -m 755 \
	    {} $(DESTDIR)$(DATADIR)/{} \;
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(MAN7) $(DESTDIR)$(MANDIR)/man7

# What is there of an install goes, a part missing or not.
uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(TOOLS) $(SCRIPTS)))
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(MAN7)))

# The data directory compiled into lib/share.o, which is rebuilt when it
# changes: make install PREFIX=... after a plain make installs tools that
# look in PREFIX/share/newswire.  make uninstall PREFIX=... leaves the
# stamp, and so the tree, as it was built.
SHARESTAMP = lib/.share-dir
ifeq ($(filter clean uninstall,$(MAKECMDGOALS)),)
ifneq ($(DATADIR),$(shell cat $(SHARESTAMP) 2>/dev/null))
$(shell echo '$(DATADIR)' > $(SHARESTAMP))
endif
endif
lib/share.o: $(SHARESTAMP)

clean:
	rm -f $(TOOLS) lib/*.o lib/*.d lib/libnw.a $(FLAGSTAMP) $(SHARESTAMP)
	rm -rf tests/fuzz/build

.PHONY: all bench check check-cluster check-report clean deps demo fuzz \
	fuzz-build install lint uninstall valgrind
