#!/usr/bin/env bats
# Inputs that the fuzzing harnesses under tests/fuzz/ found to break
# something, fed through the real tools.  Each input is also kept in the
# harness corpus (tests/fuzz/corpus/NAME/) so that fuzzing starts from it.
# Some defects show only in a sanitizer build (make check SANITIZE=1).
bats_require_minimum_version 1.5.0
load helpers

CORPUS="$TOP/tests/fuzz/corpus"

@test "nw-split: a null member asked for as text and title (fuzz-json)" {
	# A null copied to a second member of the same name passed a null
	# pointer to memcpy.
	run --separate-stderr nw-split --jsonl --title-field text \
	    <"$CORPUS/json/null-asked-twice"
	[ "$status" -eq 0 ]
	[ "$output" = "-:1	1	Body." ]
	[ "$stderr" = "nw-split: -: no id (url) in 1 of 1 documents: ids are FILE:LINE
nw-split: -: no title (text) in 1 of 1 documents" ]
}

@test "nw-normalize: a second gzip member with bad data (fuzz-gzip)" {
	# igzip gave back more input than the call gave it, and the search
	# for the next member was asked to hold 16 EiB.
	run --separate-stderr nw-normalize - <"$CORPUS/gzip/second-member-damaged.gz"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "one	two" ]
	[ "$stderr" = "nw-normalize: -: invalid gzip data at byte 34 (invalid distance too far back): no member after it" ]
}
