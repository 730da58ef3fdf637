#!/usr/bin/env bats
# The one reading path (lib/input.c, lib/sniff.c) as every tool sees it:
# compressed input of every kind is read by what it holds, never by its
# name, and damage is reported in one wording.
bats_require_minimum_version 1.5.0
load helpers

TOOLS="nw-normalize nw-tokenize nw-count nw-topic-score nw-split"
CODECS="gzip xz zstd bzip2 lz4 lzip"

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'doc\t1\tThe U.S. Embassy in Tripoli said talks on security went on.\n' >r.txt
}

@test "every tool reads gzip, xz, zstd, bzip2, lz4 and lzip as the plain text" {
	for t in $TOOLS; do
		"$t" r.txt >expected
		[ -s expected ]
		for z in $CODECS; do
			"$z" -c r.txt >"r.$z"
			run --separate-stderr "$t" "r.$z"
			[ "$status" -eq 0 ] || { echo "$t $z: $stderr"; false; }
			[ -z "$stderr" ]
			[ "$output" = "$(sed "s,^r\.txt,r.$z," expected)" ] ||
			    { echo "$t $z: $output"; false; }
			run --separate-stderr "$t" - <"r.$z"
			[ "$status" -eq 0 ]
		done
	done
}

# libarchive's filters drop what they decoded in the read that meets the
# cut; zlib is driven directly and keeps it.
@test "a compressed stream cut short: one message in one wording, exit 1" {
	yes 'Words of a long line that goes on.' | head -2000 >long.txt
	for z in gzip xz zstd lzip; do
		"$z" -c long.txt >"long.$z"
		size=$(wc -c <"long.$z")
		head -c $((size - 8)) "long.$z" >"cut.$z"
		run --separate-stderr nw-normalize "cut.$z"
		[ "$status" -eq 1 ]
		[ "$stderr" = "nw-normalize: cut.$z: unexpected end of file (truncated $z data)" ] ||
		    { echo "$z: $stderr"; false; }
		[ "$z" != gzip ] || [ "${#lines[@]}" -gt 100 ]
	done
}

@test "concatenated compressed streams are read whole" {
	for z in gzip xz zstd bzip2 lzip; do
		"$z" -c r.txt >"two.$z"
		"$z" -c r.txt >>"two.$z"
		run --separate-stderr nw-normalize "two.$z"
		[ "$status" -eq 0 ]
		[ "${#lines[@]}" -eq 2 ] || { echo "$z: $output"; false; }
	done
}
