#!/usr/bin/env bats
# Libraries loaded when first needed (lib/lazylib.c): a run that does
# not need one never loads it, so it runs even where the library cannot
# be loaded; a run that needs it says which library and why, and exits 1.
# An empty file of the library's name first in LD_LIBRARY_PATH stands for
# a library that cannot be loaded.
bats_require_minimum_version 1.5.0
load helpers

# broken TOOL PATTERN: an empty file named as the soname TOOL carries
# (the one the build found) in $BATS_TEST_TMPDIR/lib; prints the name.
broken() {
	local so
	so=$(grep -aoE "$2" "$(command -v "$1")" | head -n 1)
	[ -n "$so" ] || return 1
	mkdir -p "$BATS_TEST_TMPDIR/lib"
	: >"$BATS_TEST_TMPDIR/lib/$so"
	echo "$so"
}

setup() {
	cd "$BATS_TEST_TMPDIR"
}

@test "lazylib: ICU is loaded for the scripts written without spaces only" {
	so=$(broken nw-tokenize 'libicuuc\.so\.[0-9]+')
	LD_LIBRARY_PATH=$BATS_TEST_TMPDIR/lib run --separate-stderr nw-tokenize <<<'Café in Москва, Ελλάδα'
	[ "$status" -eq 0 ]
	[ "$output" = 'Café in Москва , Ελλάδα' ]
	[ -z "$stderr" ]
	LD_LIBRARY_PATH=$BATS_TEST_TMPDIR/lib run --separate-stderr nw-tokenize <<<'Talks in 北京市'
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-tokenize: ICU word break iterator: $BATS_TEST_TMPDIR/lib/$so: file too short" ]
}

@test "lazylib: libarchive is loaded for archives only" {
	printf 'A line of text.\n' >a.txt
	tar cf a.tar a.txt
	so=$(broken nw-split 'libarchive\.so\.[0-9]+')
	LD_LIBRARY_PATH=$BATS_TEST_TMPDIR/lib run --separate-stderr nw-split a.txt
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'a.txt\t1\tA line of text.')" ]
	[ -z "$stderr" ]
	LD_LIBRARY_PATH=$BATS_TEST_TMPDIR/lib run --separate-stderr nw-split a.tar a.txt
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'a.txt\t1\tA line of text.')" ]
	[ "$stderr" = "nw-split: a.tar: cannot be read: $BATS_TEST_TMPDIR/lib/$so: file too short" ]
}

@test "lazylib: a decoder's library is loaded for its own format only" {
	printf 'doc\t1\tA line of text.\n' >r.txt
	zstd -q -c r.txt >r.zst
	xz -c r.txt >r.xz
	so=$(broken nw-tokenize 'libzstd\.so\.[0-9]+')
	LD_LIBRARY_PATH=$BATS_TEST_TMPDIR/lib run --separate-stderr nw-tokenize r.txt r.xz
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'doc\t1\tA line of text .\ndoc\t1\tA line of text .')" ]
	[ -z "$stderr" ]
	# Without libzstd, libarchive cannot be loaded either: it needs it.
	LD_LIBRARY_PATH=$BATS_TEST_TMPDIR/lib run --separate-stderr nw-tokenize r.zst r.txt
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'doc\t1\tA line of text .')" ]
	[ "$stderr" = "nw-tokenize: r.zst: cannot be read: $BATS_TEST_TMPDIR/lib/$so: file too short" ]
}

@test "lazylib: gzip is inflated by zlib where ISA-L cannot be loaded, the same bytes" {
	grep -q 'libisal\.so' "$(command -v nw-tokenize)" ||
	    skip "built without ISA-L (ISAL=0)"
	seq 1 20000 | sed 's/^/doc\t1\tWords of a numbered line: /' >r.txt
	gzip -c r.txt >r.gz
	nw-tokenize r.txt >expected
	so=$(broken nw-tokenize 'libisal\.so\.[0-9]+')
	LD_LIBRARY_PATH=$BATS_TEST_TMPDIR/lib run --separate-stderr nw-tokenize r.gz
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(sed 's/^r\.txt/r.gz/' expected)" ]
}
