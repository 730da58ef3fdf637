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

# warc_huge: a WARC record that gives no document (a request) of MB MB,
# a line that starts "WARC/1." near its start, then a response.
warc_huge() {
	local n=$((MB * 1024 * 1024)) page='<p>After the large record.</p>'
	printf 'WARC/1.0\r\nWARC-Type: request\r\nContent-Length: %d\r\n\r\n' "$n"
	{ printf 'GET / HTTP/1.1\nWARC/1.0 quoted in a body\n'; raw; } |
	    head -c "$n"
	printf '\r\n\r\nWARC/1.0\r\nWARC-Type: response\r\n'
	printf 'WARC-Target-URI: http://a/2\r\nContent-Length: %d\r\n\r\n' \
	    $((${#page} + 44))
	printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n%s' "$page"
	printf '\r\n\r\n'
}

@test "nw-split: bounded memory over a huge WARC record that gives no document" {
	kb=$(warc_huge | peak nw-split)
	echo "peak $kb KB"
	[ "$kb" -lt "$LIMIT_KB" ]
	run -0 --separate-stderr sh -c "$(declare -f warc_huge raw); SENTENCE='$SENTENCE' MB=1 warc_huge | nw-split"
	[ "$output" = "$(printf 'http://a/2\t1\tAfter the large record.')" ]
	[ -z "$stderr" ]
}

# warc_member_tar: a tar holding one WARC file of MB conversion records
# of 1 MiB of text each, written as it is read.
warc_member_tar() {
	python3 - "$MB" "$SENTENCE" <<'PY'
import sys, tarfile
mb, line = int(sys.argv[1]), (sys.argv[2] + "\n").encode()
text = (line * ((1 << 20) // len(line) + 1))[:(1 << 20) - 1] + b"\n"
def record(i):
    return (b"WARC/1.0\r\nWARC-Type: conversion\r\n"
        b"WARC-Target-URI: http://a/%010d\r\n"
        b"Content-Length: %d\r\n\r\n" % (i, len(text)), text + b"\r\n\r\n")
size = sum(len(h) + len(t) for h, t in (record(1),)) * mb
info = tarfile.TarInfo("crawl.warc")
info.size = size
out = sys.stdout.buffer
out.write(info.tobuf(format=tarfile.USTAR_FORMAT))
for i in range(1, mb + 1):
    for part in record(i):
        out.write(part)
out.write(b"\0" * (-size % 512 + 1024))
PY
}

@test "nw-split: bounded memory over a huge WARC member of a tar, read record by record" {
	kb=$(warc_member_tar | peak nw-split)
	echo "peak $kb KB"
	[ "$kb" -lt "$LIMIT_KB" ]
	run -0 --separate-stderr sh -c "$(declare -f warc_member_tar); SENTENCE='$SENTENCE' MB=2 warc_member_tar | nw-split -u doc | cut -f1,2"
	[ "$output" = "$(printf 'http://a/0000000001\t0\nhttp://a/0000000002\t0')" ]
	[ -z "$stderr" ]
}
