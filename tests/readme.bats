#!/usr/bin/env bats
# Every README example that reads the sample dumps runs as printed, from
# the top of the tree, and prints something (issue 11 item 20).
bats_require_minimum_version 1.5.0
load helpers

@test "the sample dumps are what tests/data/samples/make makes" {
	cp -r "$TOP/tests/data/samples" "$BATS_TEST_TMPDIR/samples"
	mkdir -p "$BATS_TEST_TMPDIR/tests/data" "$BATS_TEST_TMPDIR/seeds"
	mv "$BATS_TEST_TMPDIR/samples" "$BATS_TEST_TMPDIR/tests/data/"
	cp "$SEEDS"/*.txt "$BATS_TEST_TMPDIR/seeds/"
	rm "$BATS_TEST_TMPDIR"/tests/data/samples/*.gz \
	    "$BATS_TEST_TMPDIR"/tests/data/samples/*.json*
	"$BATS_TEST_TMPDIR/tests/data/samples/make"
	for f in seeds.tar.gz crawl.warc.wet.gz news.jsonl article.json; do
		cmp "$TOP/tests/data/samples/$f" \
		    "$BATS_TEST_TMPDIR/tests/data/samples/$f"
	done
}

@test "README examples over the sample dumps run as printed" {
	cd "$TOP"
	n=0
	while IFS= read -r cmd; do
		n=$((n + 1))
		run --separate-stderr bash -o pipefail -c "$cmd"
		[ "$status" -eq 0 ] || { echo "$cmd: exit $status: $stderr"; false; }
		[ -n "$output" ] || { echo "$cmd: no output"; false; }
		[ -z "$stderr" ] || { echo "$cmd: $stderr"; false; }
	done < <(sed -n 's/^    \(.*tests\/data\/samples\/.*\)$/\1/p' README.md |
	    grep -v '^tests/data/samples/make')
	[ "$n" -ge 6 ]
}

@test "every format of the samples gives the same documents' text" {
	cd "$TOP/tests/data/samples"
	run --separate-stderr nw-split -u doc seeds.tar.gz crawl.warc.wet.gz news.jsonl article.json
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 16 ]
	[ "$(cut -f1 <<<"$output" | sort -u | wc -l)" -eq 10 ]
}

@test "README has a section headed by the name of each filter tool" {
	cd "$TOP"
	for c in bin/nw-*.c; do
		t=${c#bin/}
		t=${t%.c}
		case $t in
		nw-shard) h='## More than one machine' ;;	# with the map/reduce kit
		*) h="## $t: " ;;
		esac
		grep -q "^$h" README.md || { echo "README: no '$h' heading"; false; }
	done
}
