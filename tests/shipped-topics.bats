#!/usr/bin/env bats
# The shipped topics on the ambiguous words they used to decide on alone,
# and tests/eval-shipped (with tests/reuters-records) on a tiny corpus.
# Each case is a short hand-written text, tests/data/shipped-topics/CASE.in,
# scored by the whole pipeline against CASE.out.
bats_require_minimum_version 1.5.0
load helpers

CASES=$DATA/shipped-topics

# shipped CASE: the pipeline over CASE.in gives exactly CASE.out.
shipped() {
	nw-normalize <"$CASES/$1.in" | nw-tokenize -l -w | nw-topic-score \
	    >"$BATS_TEST_TMPDIR/$1.out"
	diff -u "$CASES/$1.out" "$BATS_TEST_TMPDIR/$1.out"
}

@test "shipped topics: a basketball quarter is sport, not finance" {
	shipped basketball-quarter
}

@test "shipped topics: the World Series is sport, not entertainment" {
	shipped world-series
}

@test "shipped topics: Virginia Tech is a college team, not science" {
	shipped virginia-tech
}

@test "shipped topics: the Sprint-Nextel merger is business, not sport" {
	shipped sprint-nextel
}

@test "shipped topics: a poison pill is a takeover defence, not human rights" {
	shipped poison-pill
}

@test "shipped topics: a probe of Fannie Mae is finance, not crime" {
	shipped fannie-mae-probe
}

@test "shipped topics: team names and weak words make a sports report" {
	shipped team-names
}

@test "shipped topics: a wire earnings line is finance" {
	shipped wire-earnings
}

@test "reuters-records: the labelled ModApte articles, labels kept or filtered" {
	run --separate-stderr "$TOP/tests/reuters-records" "$CASES/reuters"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 6 ]
	[ "${lines[0]}" = "TRAIN	1	earn	ACME CORP 1ST QTR NET. Shr 12 cts vs 10 cts Net 1.2 mln dlrs vs 1.0 mln Revs 50 mln vs 44 mln " ]
	[ "${lines[2]}" = "TEST	3	trade	MINISTER SEES <TRADE> TALKS. The minister said he would meet his counterpart next week." ]
	run --separate-stderr "$TOP/tests/reuters-records" "$CASES/reuters" earn crude
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f 1-3)" = "$(printf '%s\n' \
	    'TRAIN	1	earn' 'TEST	2	crude' 'TEST	3	other' 'TEST	4	other' \
	    'TEST	6	other' 'TRAIN	7	other')" ]
	run --separate-stderr "$TOP/tests/reuters-records" "$BATS_TEST_TMPDIR"
	[ "$status" -eq 2 ]
	[ "$stderr" = "reuters-records: $BATS_TEST_TMPDIR: no reut2-*.xml" ]
}

@test "eval-shipped: BBC accuracy, Reuters topic and desk accuracy, labels by topic" {
	d=$BATS_TEST_TMPDIR/topics
	mkdir "$d"
	printf '3 shr\n' >"$d/finance-markets.topic"
	printf '3 crude\n' >"$d/energy.topic"
	printf '3 trade talks\n' >"$d/economy-trade.topic"
	printf '3 knicks\n' >"$d/sport.topic"
	run --separate-stderr "$TOP/tests/eval-shipped" -T "$d" "$CASES/bbc" \
	    "$CASES/reuters"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	printf '%s\n' "$output" | sed "s|$d|TOPICS|g; s|$CASES|CASES|g" |
	    diff -u "$CASES/eval-shipped.out" -
}

@test "eval-shipped: an absent corpus is passed over, both absent is exit 77" {
	run --separate-stderr "$TOP/tests/eval-shipped" "$BATS_TEST_TMPDIR/no-bbc" \
	    "$CASES/reuters"
	[ "$status" -eq 0 ]
	[ "$stderr" = "eval-shipped: $BATS_TEST_TMPDIR/no-bbc: no BBC corpus, passed over" ]
	run --separate-stderr "$TOP/tests/eval-shipped" "$BATS_TEST_TMPDIR/a" \
	    "$BATS_TEST_TMPDIR/b"
	[ "$status" -eq 77 ]
	[ "$stderr" = "$(printf '%s\n' \
	    "eval-shipped: $BATS_TEST_TMPDIR/a: no BBC corpus, passed over" \
	    "eval-shipped: $BATS_TEST_TMPDIR/b: no Reuters-21578, passed over")" ]
	run --separate-stderr "$TOP/tests/eval-shipped" -x
	[ "$status" -eq 2 ]
	[ "$(printf '%s\n' "$stderr" | tail -1)" = \
	    "usage: eval-shipped [-r rev] [-T path]... [bbcdir [reutersdir]]" ]
	run --separate-stderr "$TOP/tests/eval-shipped" -r no-such-revision \
	    "$CASES/bbc" "$CASES/reuters"
	[ "$status" -eq 2 ]
	[ "$stderr" = "eval-shipped: no-such-revision: not a revision" ]
}
