#!/usr/bin/env bats
# Streaming tools keep memory bounded: 1 GB generated on the fly (never
# stored) goes through each, and its peak resident set must stay under
# 32 MB.  Under SANITIZE=1 the sanitizers' own shadow memory would
# dominate, so there 256 MB goes through with a 256 MB bound: still far
# less than the input, which is what the test is about.
bats_require_minimum_version 1.5.0
load helpers

if [ -n "${NW_SANITIZE:-}" ]; then
	MB=256 LIMIT_KB=$((256 * 1024))
else
	MB=1024 LIMIT_KB=$((32 * 1024))
fi

SENTENCE='The U.S. Embassy said security cooperation with Libya’s forces against terrorism and smuggling had grown, “quickly and quietly”, since 2024.'

# peak TOOL ARGS < input: run, print the peak RSS in KB.
peak() {
	/usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss" "$@" >/dev/null ||
	    return 1
	tail -n 1 "$BATS_TEST_TMPDIR/rss"
}

raw() {
	yes "$SENTENCE" | head -c $((MB * 1024 * 1024))
}

records() {
	yes "$(printf 'doc\t1\t%s' "$SENTENCE")" | head -c $((MB * 1024 * 1024))
}

@test "nw-split -u sentence: bounded memory over one huge document" {
	kb=$(raw | peak nw-split -u sentence)
	echo "peak $kb KB"
	[ "$kb" -lt "$LIMIT_KB" ]
}

@test "nw-normalize: bounded memory" {
	kb=$(records | peak nw-normalize)
	echo "peak $kb KB"
	[ "$kb" -lt "$LIMIT_KB" ]
}

@test "nw-tokenize -l -w: bounded memory" {
	kb=$(records | peak nw-tokenize -l -w)
	echo "peak $kb KB"
	[ "$kb" -lt "$LIMIT_KB" ]
}

@test "nw-topic-score: bounded memory over one huge document" {
	kb=$(records | nw-tokenize -l -w | peak nw-topic-score)
	echo "peak $kb KB"
	[ "$kb" -lt "$LIMIT_KB" ]
}
