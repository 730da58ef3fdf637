# Tests of nw-batch(1): exactly-once processing of incoming dumps.
# shellcheck disable=SC2154 # bats run sets stderr_lines
bats_require_minimum_version 1.5.0
load helpers

setup() {
	in=$BATS_TEST_TMPDIR/in
	out=$BATS_TEST_TMPDIR/out
	mkdir -p "$in"
	seed=("$SEEDS"/*.txt)
	# The stand-in pipeline: topics come from the dump as written.
	standin="sh '$DATA/nw-batch-pipeline.sh' \"\$@\""
}

# batch ARGS: nw-batch over $in into $out, files counting as settled.
batch() {
	nw-batch --settle 0 "$@" "$in" "$out"
}

# tokens DUMP...: the token records the default pipeline makes of dumps.
tokens() {
	(cd "$in" && nw-split -- "$@") | nw-clean | nw-normalize |
	    nw-tokenize -l -w
}

# run_sources OUTDIR: the runs' source files and totals/sources, each
# line without the time its run was made.
run_sources() {
	(cd "$1" && for f in runs/*/source totals/sources; do
		echo "$f"
		cut -f 1-4 "$f"
	done)
}

# count_of DUMP...: a single count over the dumps as the default
# pipeline counts them: stopwords and clitic fragments left out.
count_of() {
	(cd "$in" && nw-split -- "$@") | nw-clean | nw-lang | nw-normalize |
	    nw-tokenize -l -w -s auto --clitics drop | nw-count --sort term --df
}

# install_layout PREFIX [TOOL]: make install's layout under PREFIX,
# nw-batch and its library copied, the other tools (but TOOL) linked
# from the build tree.
install_layout() {
	mkdir -p "$1/bin" "$1/share/newswire/sh"
	cp "$TOP/bin/nw-batch" "$1/bin/"
	cp "$TOP"/lib/batch-*.sh "$1/share/newswire/sh/"
	for t in "$TOP"/bin/nw-*; do
		if [ -x "$t" ] && [ "${t##*/}" != nw-batch ] &&
		    [ "${t##*/}" != "${2:-}" ]; then
			ln -s "$t" "$1/bin/"
		fi
	done
}

# as_user CMD...: run CMD as an unprivileged user when we are root, so
# that permissions apply; as ourselves otherwise.
as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}

# snapshot DIR: every file and directory under DIR with its type, mtime
# and size, then every file's checksum.
snapshot() {
	(cd "$1" && find . -printf '%p %y %T@ %s\n' | sort &&
	    find . -type f -exec sha256sum {} + | sort)
}

# dedup_view OUTDIR INCOMING: what the dedup index of OUTDIR holds, as
# the copies it finds among the dumps of INCOMING under new ids (on a
# copy of the index).
dedup_view() {
	local view
	view=$(mktemp -d "$BATS_TEST_TMPDIR/view.XXXXXX")
	cp -a "$1/dedup/." "$view"
	(cd "$2" && nw-split -- *) | sed 's/^/probe:/' | nw-clean |
	    nw-dedup --report --state "$view"
	rm -rf "$view"
}

# sport_week: a dump of the stand-in pipeline's dated topic lines,
# week-2026-11-08.tsv: eight days of 100 documents, 20 of them sport,
# then 60 on the eighth.
sport_week() {
	for d in 01 02 03 04 05 06 07 08; do
		n=20
		[ "$d" = 08 ] && n=60
		awk -v d="2026-11-$d" -v n="$n" 'BEGIN {
			for (i = 1; i <= 100; i++)
				printf "%s-%d\t%s\t%s\t1.0\n", d, i, d,
				    i <= n ? "sport" : "other"
		}'
	done >"$in/week-2026-11-08.tsv"
}

# three_dumps: a.txt, b.txt.gz and c.txt made of the first seeds.
three_dumps() {
	cp "${seed[0]}" "$in/a.txt"
	gzip -n -c "${seed[1]}" >"$in/b.txt.gz"
	cp "${seed[2]}" "$in/c.txt"
}

@test "nw-batch: two dumps are processed once, with topics and counts per dump" {
	cp "${seed[0]}" "$in/a.txt"
	gzip -n -c "${seed[1]}" >"$in/b.txt.gz"
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ -z "$stderr" ]
	[ "$(ls "$out/runs")" = "$(printf 'a.txt\nb.txt.gz')" ]
	for d in a.txt b.txt.gz; do
		diff -u <(tokens "$d" | nw-topic-score) "$out/runs/$d/topics.tsv"
		diff -u <(count_of "$d") "$out/runs/$d/counts.tsv"
		[ -s "$out/runs/$d/counts.tsv" ]
	done
	sum=$(sha256sum <"$in/b.txt.gz")
	size=$(stat -c %s "$in/b.txt.gz")
	[[ "$(cat "$out/runs/b.txt.gz/source")" == \
	    "b.txt.gz	$size	${sum%% *}	"????-??-??"	"????-??-??T??:??:??.?????????Z ]]
	[ -z "$(ls "$out/failed")" ]
	before=$(snapshot "$out")
	run --separate-stderr batch --progress
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ -z "$stderr" ]
	[ "$(snapshot "$out")" = "$before" ]
}

@test "nw-batch: a dump added later is processed alone" {
	cp "${seed[0]}" "$in/a.txt"
	gzip -n -c "${seed[1]}" >"$in/b.txt.gz"
	batch
	before_a=$(snapshot "$out/runs/a.txt")
	before_b=$(snapshot "$out/runs/b.txt.gz")
	cp "${seed[2]}" "$in/c.txt"
	run --separate-stderr batch --progress
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 4 ]
	[ "${stderr_lines[0]}" = "nw-batch: 1 dump to process" ]
	[[ "${stderr_lines[1]}" == "nw-batch: [1/1] c.txt: 1 document, "* ]]
	[ "${stderr_lines[2]}" = "nw-batch: totals rebuilt from 3 runs" ]
	[[ "${stderr_lines[3]}" == "nw-batch: 1 dump processed, 0 not: "* ]]
	# The older runs are untouched: same files, same mtimes.
	[ "$(snapshot "$out/runs/a.txt")" = "$before_a" ]
	[ "$(snapshot "$out/runs/b.txt.gz")" = "$before_b" ]
	diff -u <(count_of c.txt) "$out/runs/c.txt/counts.tsv"
}

@test "nw-batch: the totals equal a single count over all three dumps" {
	cp "${seed[0]}" "$in/a.txt"
	gzip -n -c "${seed[1]}" >"$in/b.txt.gz"
	batch
	cp "${seed[2]}" "$in/c.txt"
	batch
	diff -u <(count_of a.txt b.txt.gz c.txt) "$out/totals/counts.tsv"
	printf '%s\n' a.txt b.txt.gz c.txt >"$BATS_TEST_TMPDIR/names"
	diff -u "$BATS_TEST_TMPDIR/names" <(cut -f 1 "$out/totals/sources")
}

@test "nw-batch: a re-run with nothing new changes nothing (same bytes, same mtimes)" {
	three_dumps
	batch
	before=$(snapshot "$out")
	sleep 0.05
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ -z "$stderr" ]
	[ "$(snapshot "$out")" = "$before" ]
}

@test "nw-batch: a touched but unchanged dump is not processed again" {
	three_dumps
	batch
	before=$(snapshot "$out/runs")
	totals=$(snapshot "$out/totals")
	touch -d '1 hour ago' "$in/b.txt.gz"
	cp "$in/a.txt" "$in/a.new" && mv "$in/a.new" "$in/a.txt"
	run --separate-stderr batch --progress
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ -z "$stderr" ]
	[ "$(snapshot "$out/runs")" = "$before" ]
	[ "$(snapshot "$out/totals")" = "$totals" ]
}

@test "nw-batch: a dump replaced by different content is reprocessed and the totals corrected" {
	three_dumps
	batch
	gzip -n -c "${seed[3]}" >"$in/b.txt.gz"
	run --separate-stderr batch --progress
	[ "$status" -eq 0 ]
	[[ "${stderr_lines[1]}" == "nw-batch: [1/1] b.txt.gz: "* ]]
	diff -u <(count_of b.txt.gz) "$out/runs/b.txt.gz/counts.tsv"
	diff -u <(count_of a.txt b.txt.gz c.txt) "$out/totals/counts.tsv"
	sum=$(sha256sum <"$in/b.txt.gz")
	[ "$(grep -c "${sum%% *}" "$out/totals/sources")" -eq 1 ]
	[ "$(wc -l <"$out/totals/sources")" -eq 3 ]
	[ "$(ls -A "$out/runs")" = "$(printf 'a.txt\nb.txt.gz\nc.txt')" ]
}

@test "nw-batch: a corrupt dump lands in failed/ with its log while the others succeed" {
	cp "${seed[0]}" "$in/a.txt"
	gzip -n -c "${seed[4]}" | head -c 300 >"$in/bad.gz"
	cp "${seed[2]}" "$in/c.txt"
	run --separate-stderr batch
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ "$stderr" =~ ^nw-batch:\ bad\.gz:\ nw-split:\ .*\(attempt\ 1\ of\ 4\)$ ]]
	[ "$(ls "$out/runs")" = "$(printf 'a.txt\nc.txt')" ]
	[ "$(ls "$out/failed")" = bad.gz ]
	[ "$(ls "$out/failed/bad.gz")" = "$(printf 'attempts\nlog')" ]
	grep -q '^nw-split: ' "$out/failed/bad.gz/log"
	grep -q '^nw-split: exit status 1$' "$out/failed/bad.gz/log"
	sum=$(sha256sum <"$in/bad.gz")
	[ "$(cat "$out/failed/bad.gz/attempts")" = "bad.gz	300	${sum%% *}	1" ]
	diff -u <(count_of a.txt c.txt) "$out/totals/counts.tsv"
}

@test "nw-batch: a failing setup (no data directory, a damaged dedup index) uses up no attempt" {
	cp "${seed[0]}" "$in/a.txt"
	cp "${seed[2]}" "$in/c.txt"
	# Tools that exit 2 (configuration): the dump is not to blame.
	for i in 1 2 3 4 5; do
		NW_SHAREDIR=$BATS_TEST_TMPDIR/none run --separate-stderr batch
		[ "$status" -eq 1 ]
		[ "${#stderr_lines[@]}" -eq 2 ]
		[[ "${stderr_lines[0]}" =~ ^nw-batch:\ a\.txt:\ nw-[a-z-]+:\ [^:]*/none(/[^:]*)?:\ No\ such\ file\ or\ directory\;\ left\ for\ the\ next\ run\ \(not\ counted\ as\ an\ attempt\)$ ]]
		[ "${stderr_lines[1]}" = "nw-batch: $out: 1 more dump left for the next run" ]
		[ ! -e "$out/failed/a.txt" ]
	done
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(ls "$out/runs")" = "$(printf 'a.txt\nc.txt')" ]
	# A damaged index: every dump would fail until it is mended.
	cp "${seed[4]}" "$in/e.txt"
	truncate -s 8192 "$out/dedup/index.mdb"
	run --separate-stderr batch
	[ "$status" -eq 1 ]
	[[ "$stderr" == "nw-batch: e.txt: nw-dedup: "*"/dedup/index.mdb: damaged: 8192 bytes, the index says "*"; left for the next run (not counted as an attempt)" ]]
	[ ! -e "$out/failed/e.txt" ]
	rm -r "$out/dedup"
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(ls "$out/runs")" = "$(printf 'a.txt\nc.txt\ne.txt')" ]
}

@test "nw-batch: a pipeline of other tools that exits 2 on a corrupt dump uses up an attempt" {
	# bzip2, tar, grep and awk exit 2 on bad input: only a newswire
	# stage's 2 is a configuration error, not the dump's.
	printf 'd1\tsport\t1\tgoal\n' >"$in/a.tsv"
	printf 'not bzip2\n' >"$in/b.bz2"
	printf 'd2\thealth\t2\tflu\n' >"$in/c.tsv"
	p='case $1 in *.bz2) bzip2 -dc -- "$1" >/dev/null || exit ;; esac; '
	run --separate-stderr batch --pipeline "$p$standin"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "nw-batch: b.bz2: bzip2: "*"(attempt 1 of 4)" ]]
	[ "$(ls "$out/runs")" = "$(printf 'a.tsv\nc.tsv')" ]
	[ "$(cut -f 4 "$out/failed/b.bz2/attempts")" = 1 ]
}

@test "nw-batch: a failing dump is retried up to --retries times, then left alone until it changes" {
	printf 'd1\tsport\t1\tgoal\n' >"$in/good.tsv"
	printf 'FAIL\tno good\n' >"$in/bad.tsv"
	run --separate-stderr batch --retries 1 --pipeline "$standin"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: bad.tsv: no good (attempt 1 of 2)" ]
	run --separate-stderr batch --retries 1 --pipeline "$standin"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: bad.tsv: no good (attempt 2 of 2, giving up)" ]
	[ "$(cut -f 4 "$out/failed/bad.tsv/attempts")" = 2 ]
	run --separate-stderr batch --retries 1 --pipeline "$standin"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	run --separate-stderr batch --retries 1 --pipeline "$standin" --progress
	[ "$status" -eq 0 ]
	[ "$stderr" = "nw-batch: bad.tsv: given up after 2 attempts" ]
	# Fixed content is a new dump: processed, and failed/ forgets it.
	printf 'd2\thealth\t2\tvaccine\n' >"$in/bad.tsv"
	run --separate-stderr batch --retries 1 --pipeline "$standin"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ -z "$(ls "$out/failed")" ]
	[ "$(cat "$out/runs/bad.tsv/topics.tsv")" = "d2	health	2	1" ]
}

@test "nw-batch: a dump replaced by content that fails keeps its previous run in the totals" {
	printf 'd1\tsport\t1\tgoal\n' >"$in/news.tsv"
	batch --pipeline "$standin"
	before=$(snapshot "$out/runs")
	totals=$(cat "$out/totals/counts.tsv")
	printf 'FAIL\tbad upload\n' >"$in/news.tsv"
	run --separate-stderr batch --pipeline "$standin"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: news.tsv: bad upload (attempt 1 of 4)" ]
	[ "$(snapshot "$out/runs")" = "$before" ]
	[ "$(cat "$out/totals/counts.tsv")" = "$totals" ]
	[ "$totals" = "goal	1	1" ]
}

@test "nw-batch: --retries 0 gives up after the first failure" {
	printf 'FAIL\tbroken\n' >"$in/bad.tsv"
	run --separate-stderr batch --retries 0 --pipeline "$standin"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: bad.tsv: broken (attempt 1 of 1, giving up)" ]
	run --separate-stderr batch --retries 0 --pipeline "$standin"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
}

@test "nw-batch: runs killed with SIGKILL at random points, then a normal run, give the outputs of an uninterrupted run" {
	in1=$BATS_TEST_TMPDIR/in1
	in2=$BATS_TEST_TMPDIR/in2
	mkdir "$in1" "$in2"
	cp "${seed[0]}" "$in1/a.txt"
	gzip -n -c "${seed[1]}" >"$in1/b.txt.gz"
	# The second state of INCOMING: a unchanged, b replaced, c and d new.
	cp "${seed[0]}" "$in2/a.txt"
	gzip -n -c "${seed[3]}" >"$in2/b.txt.gz"
	cp "${seed[2]}" "$in2/c.txt"
	gzip -n -c "${seed[4]}" >"$in2/d.txt.gz"
	nw-batch --settle 0 "$in1" "$BATS_TEST_TMPDIR/base"
	cp -a "$BATS_TEST_TMPDIR/base" "$BATS_TEST_TMPDIR/ref"
	t0=$(date +%s%N)
	nw-batch --settle 0 "$in2" "$BATS_TEST_TMPDIR/ref"
	ms=$((($(date +%s%N) - t0) / 1000000 + 1))
	diff -u <(in=$in2 count_of a.txt b.txt.gz c.txt d.txt.gz) \
	    "$BATS_TEST_TMPDIR/ref/totals/counts.tsv"
	refview=$(dedup_view "$BATS_TEST_TMPDIR/ref" "$in2")
	[ "$refview" = "$(printf 'probe:%s\t%s\t1.000\n' a.txt a.txt \
	    b.txt.gz b.txt.gz c.txt c.txt d.txt.gz d.txt.gz)" ]
	killed=0
	for i in $(seq 20); do
		rm -rf "$out"
		cp -a "$BATS_TEST_TMPDIR/base" "$out"
		setsid nw-batch --settle 0 "$in2" "$out" &
		pid=$!
		sleep "$(printf '0.%03d' $((RANDOM % ms % 1000)))"
		# Kill the script alone (its children live on, holding the
		# lock) or its whole process group.
		if ((i % 2)); then
			kill -KILL "$pid" 2>/dev/null || true
		else
			kill -KILL -- "-$pid" 2>/dev/null || true
		fi
		{ wait "$pid"; } 2>/dev/null && st=0 || st=$?
		[ "$st" -eq 137 ] && killed=$((killed + 1))
		nw-batch --settle 0 "$in2" "$out"
		# The dedup index is compared by what it holds, not byte for
		# byte: LMDB pages depend on the transactions that made them;
		# the runs named without the time each was made.
		diff -r -x dedup -x source -x sources "$BATS_TEST_TMPDIR/ref" \
		    "$out" &&
		    diff <(run_sources "$BATS_TEST_TMPDIR/ref") \
		    <(run_sources "$out") &&
		    [ "$(dedup_view "$out" "$in2")" = "$refview" ] ||
		    { echo "iteration $i (killed after $ms ms at most)"; return 1; }
	done
	echo "$killed of 20 runs killed midway" >&3
	[ "$killed" -gt 0 ]
}

@test "nw-batch: what a killed run left half done is completed: a run moved aside, stale totals, scratch files" {
	three_dumps
	batch
	before=$(snapshot "$out")
	# Killed between moving the old run aside and moving the new in.
	mkdir "$out/.tmp"
	mv "$out/runs/b.txt.gz" "$out/.tmp/old"
	echo partial >"$out/totals/.counts.tsv.tmp"
	echo partial >"$out/report.html.Ab3xZ9"
	echo partial >"$out/spikes.state.q1W2e3"
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	# The same files, mtimes included (directories have new mtimes).
	[ "$(snapshot "$out" | grep -v ' d ')" = "$(echo "$before" | grep -v ' d ')" ]
	# Killed after a new run arrived, before the totals were rebuilt.
	echo stale >"$out/totals/counts.tsv"
	echo stale >"$out/topics-by-day.tsv"
	rm "$out/totals/sources"
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	diff -u <(count_of a.txt b.txt.gz c.txt) "$out/totals/counts.tsv"
	[ "$(snapshot "$out" | grep -v ' d ' | grep -v 'totals/sources\|totals/counts.tsv\|topics-by-day\|report.html')" = \
	    "$(echo "$before" | grep -v ' d ' | grep -v 'totals/sources\|totals/counts.tsv\|topics-by-day\|report.html')" ]
	diff <(echo "$before" | grep '  ./totals/\|  ./topics-by-day') \
	    <(snapshot "$out" | grep '  ./totals/\|  ./topics-by-day')
	# Killed after committing a dump that had failed before, and before
	# removing its failure record.
	mkdir "$out/failed/c.txt"
	printf 'c.txt\t3\tabc\t1\n' >"$out/failed/c.txt/attempts"
	echo "an old failure" >"$out/failed/c.txt/log"
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ -z "$(ls "$out/failed")" ]
}

@test "nw-batch: concurrent runs wait for each other and process every dump once" {
	three_dumps
	gzip -n -c "${seed[3]}" >"$in/d.txt.gz"
	for i in 1 2 3 4; do
		batch --progress 2>"$BATS_TEST_TMPDIR/err$i" &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do
		wait "$pid"
	done
	# Each dump was processed by exactly one of the runs.
	[ "$(cat "$BATS_TEST_TMPDIR"/err? | grep -c '^nw-batch: \[')" -eq 4 ]
	diff -u <(count_of a.txt b.txt.gz c.txt d.txt.gz) "$out/totals/counts.tsv"
	[ "$(ls "$out/runs")" = "$(printf 'a.txt\nb.txt.gz\nc.txt\nd.txt.gz')" ]
	[ "$(ls -A "$out")" = "$(printf '.checksums\n.lock\ndedup\ndocuments-by-day.tsv\nfailed\nlanguages-by-day.tsv\nreport.html\nruns\ntopics-by-day.tsv\ntotals')" ]
}

@test "nw-batch: a run waits for the lock; --no-wait exits 0 at once and changes nothing" {
	three_dumps
	mkdir "$out"
	exec 8>>"$out/.lock"
	flock 8
	run --separate-stderr timeout 1 nw-batch --progress --settle 0 "$in" "$out"
	[ "$status" -eq 124 ]
	[ "$stderr" = "nw-batch: waiting for the run holding $out/.lock" ]
	run --separate-stderr batch --no-wait
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ -z "$stderr" ]
	[ "$(ls -A "$out")" = .lock ]
	flock -u 8
	exec 8>&-
	run --separate-stderr batch --no-wait
	[ "$status" -eq 0 ]
	[ "$(ls "$out/runs")" = "$(printf 'a.txt\nb.txt.gz\nc.txt')" ]
}

@test "nw-batch: --settle leaves files modified recently for a later run" {
	cp "${seed[0]}" "$in/a.txt"
	cp "${seed[1]}" "$in/b.txt"
	touch -d '2 minutes ago' "$in/a.txt"
	run --separate-stderr nw-batch "$in" "$out"
	[ "$status" -eq 0 ]
	[ "$(ls "$out/runs")" = a.txt ]
	run --separate-stderr nw-batch --settle 300 "$in" "$out"
	[ "$status" -eq 0 ]
	[ "$(ls "$out/runs")" = a.txt ]
	touch -d '10 minutes ago' "$in/b.txt"
	run --separate-stderr nw-batch --settle 300 "$in" "$out"
	[ "$status" -eq 0 ]
	[ "$(ls "$out/runs")" = "$(printf 'a.txt\nb.txt')" ]
}

@test "nw-batch: --progress counts every document of a dump, with or without topics" {
	printf 'qqqq zzzz\n' >"$in/zzz.txt"
	run --separate-stderr batch --progress
	[ "$status" -eq 0 ]
	[ ! -s "$out/runs/zzz.txt/topics.tsv" ]
	[[ "${stderr_lines[1]}" =~ ^nw-batch:\ \[1/1\]\ zzz\.txt:\ 1\ document,\ 0\.0\ MB\ in\ [0-9.]+\ s\ \([0-9.]+\ documents/s,\ [0-9.]+\ MB/s\)$ ]]
	# Without a count from the pipeline, the documents with topic scores.
	printf 'n1\tsport\t1\tgoal\nn2\thealth\t1\tflu\n' >"$in/news.tsv"
	run --separate-stderr batch --progress --pipeline "$standin"
	[ "$status" -eq 0 ]
	[[ "${stderr_lines[1]}" == "nw-batch: [1/1] news.tsv: 2 documents, 0.0 MB in "* ]]
	[[ "${stderr_lines[3]}" == "nw-batch: 1 dump processed, 0 not: 2 documents, 0.0 MB in "* ]]
}

@test "nw-batch: an archive is one dump of many documents, with ARCHIVE:MEMBER ids" {
	mkdir "$BATS_TEST_TMPDIR/tree"
	cp "${seed[0]}" "${seed[1]}" "$BATS_TEST_TMPDIR/tree"
	printf 'qqqq zzzz\n' >"$BATS_TEST_TMPDIR/tree/zzz.txt"
	tar -C "$BATS_TEST_TMPDIR/tree" -czf "$in/dump-2026-11-19.tar.gz" .
	run --separate-stderr batch --progress
	[ "$status" -eq 0 ]
	[[ "${stderr_lines[1]}" == "nw-batch: [1/1] dump-2026-11-19.tar.gz: 3 documents, "* ]]
	run="$out/runs/dump-2026-11-19.tar.gz"
	diff -u <(tokens dump-2026-11-19.tar.gz | nw-topic-score) "$run/topics.tsv"
	[ "$(cut -f 1 "$run/topics.tsv" | uniq)" = \
	    "$(printf 'dump-2026-11-19.tar.gz:%s\n' "${seed[0]##*/}" "${seed[1]##*/}")" ]
	diff -u <(count_of dump-2026-11-19.tar.gz) "$out/totals/counts.tsv"
	[ "$(cut -f 1 "$out/topics-by-day.tsv" | uniq)" = 2026-11-19 ]
}

@test "nw-batch: --alert prints each document at or above the threshold, once" {
	printf 'n1\tsport\t1.5\tgoal\nn2\tsport\t0.5\tgoal\nn3\thealth\t2.0\tflu\nn4\tsport\t1\tcup\n' \
	    >"$in/news.tsv"
	printf 'm1\thealth\t1.9\tflu\n' >"$in/more.tsv"
	# Alerts that cannot be written leave the dump for the next run.
	run --separate-stderr bash -c 'nw-batch --settle 0 "$@" >/dev/full' - \
	    --pipeline "$standin" --alert sport:1 --alert health:2 \
	    --alert health:3 "$in" "$out"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: news.tsv: stdout: No space left on device; left for the next run (not counted as an attempt)" ]
	[ "$(ls "$out/runs")" = more.tsv ]
	# A closed pipe, which kills awk with SIGPIPE: said so too.
	run --separate-stderr bash -c \
	    'nw-batch --settle 0 "$@" | { exec 0<&-; sleep 1; }' - \
	    --pipeline "$standin" --alert sport:1 "$in" "$out"
	[ "$stderr" = "nw-batch: news.tsv: stdout: Broken pipe; left for the next run (not counted as an attempt)" ]
	[ "$(ls "$out/runs")" = more.tsv ]
	run --separate-stderr batch --pipeline "$standin" --alert sport:1 \
	    --alert health:2 --alert health:3
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'news.tsv\tn1\tsport\t1.5\nnews.tsv\tn3\thealth\t2.0\nnews.tsv\tn4\tsport\t1')" ]
	run --separate-stderr batch --pipeline "$standin" --alert sport:1
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "nw-batch: topics-by-day.tsv has documents, mean score and score sum per day and topic" {
	printf 'n1\tsport\t1.5\tgoal\nn2\tsport\t0.5\tgoal\nn3\thealth\t0\tflu\n' \
	    >"$in/news-2026-11-20.tsv"
	printf 'f1\tsport\t1.0\tcup\nf1\thealth\t0.25\tcup\n' \
	    >"$in/feed-20261121T0300.tsv"
	printf 'w1\tsport\t2\tcup\n' >"$in/wire-20261121000000.tsv"
	printf 'x1\thealth\t3\tflu\n' >"$in/misc.tsv"
	touch -d '2026-01-02 12:00 UTC' "$in/misc.tsv"
	run --separate-stderr batch --pipeline "$standin"
	[ "$status" -eq 0 ]
	diff -u "$DATA/nw-batch-days.out" "$out/topics-by-day.tsv"
	[ "$(cut -f 4 "$out/runs/misc.tsv/source")" = 2026-01-02 ]
	# Removing a run from the outputs takes it out of the totals.
	rm -r "$out/runs/misc.tsv"
	rm "$in/misc.tsv"
	run --separate-stderr batch --pipeline "$standin"
	[ "$status" -eq 0 ]
	diff -u <(sed 1d "$DATA/nw-batch-days.out") "$out/topics-by-day.tsv"
}

@test "nw-batch: topics-by-day.tsv gives nw-trend the exact score sum of a day" {
	# 100 documents of mean 0.54049, which a MEAN of four decimals,
	# 0.5405, would make 0.541.
	awk 'BEGIN { for (i = 1; i <= 100; i++)
		printf "d%d\tsport\t%s\tgoal\n", i, i == 1 ? "0.589" : "0.540" }' \
	    >"$in/news-2026-11-20.tsv"
	run --separate-stderr batch --pipeline "$standin"
	[ "$status" -eq 0 ]
	[ "$(cat "$out/topics-by-day.tsv")" = "2026-11-20	sport	100	0.5405	54.049" ]
	run --separate-stderr nw-trend "$out/topics-by-day.tsv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "2026-11-20	sport	100	1000.000	0.540	-	-	-	0	-" ]
}

@test "nw-batch: --pipeline runs in INCOMING with the dump, the topics and counts files, and a scratch TMPDIR" {
	printf 'x\n' >"$in/-odd name.txt"
	# shellcheck disable=SC2016 # the command is for sh -c
	run --separate-stderr batch --pipeline '
	    [ -d "$TMPDIR" ] && [ -z "$(ls "$TMPDIR")" ] || exit 1
	    printf "%s\t%s\t1\t1\n" "$1" "${PWD##*/}" >"$2" &&
	    printf "bytes\t%s\t1\n" "$(wc -c <"$1")" >"$3"'
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cat "$out/runs/-odd name.txt/topics.tsv")" = "-odd name.txt	in	1	1" ]
	[ "$(cat "$out/runs/-odd name.txt/counts.tsv")" = "bytes	2	1" ]
	[ ! -e "$out/runs/-odd name.txt/tmp" ]
	[ ! -e "$out/.tmp" ]
}

@test "nw-batch: a dump named - is read as ./-, not as standard input" {
	cp "${seed[0]}" "$in/-"
	run --separate-stderr batch --no-dedup
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cut -f 2- "$out/runs/-/documents.tsv")" = "dump-mtime	1" ]
	[ "$(cut -f 1 "$out/runs/-/topics.tsv" | sort -u)" = "./-" ]
	cmp "$out/runs/-/counts.tsv" <(count_of ./-)
	rm -rf "$out"
	run --separate-stderr batch --pipeline '
	    printf "%s\t%s\t1\t1\n" "$1" "$(wc -c <"$1")" >"$2" && : >"$3"'
	[ "$status" -eq 0 ]
	[ "$(cat "$out/runs/-/topics.tsv")" = "./-	$(wc -c <"$in/-")	1	1" ]
}

@test "nw-batch: a pipeline that writes no counts, or fails silently, fails" {
	printf 'x\n' >"$in/a.txt"
	# shellcheck disable=SC2016 # the command is for sh -c
	run --separate-stderr batch --pipeline ': >"$2"'
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: a.txt: the pipeline wrote no counts.tsv (attempt 1 of 4)" ]
	printf 'x\n' >"$in/b.txt"
	rm -r "$out"
	run --separate-stderr batch --pipeline 'exit 3'
	[ "$status" -eq 1 ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = "nw-batch: a.txt: pipeline exit status 3 (attempt 1 of 4)" ]
	[ "${stderr_lines[1]}" = "nw-batch: b.txt: pipeline exit status 3 (attempt 1 of 4)" ]
}

@test "nw-batch: a pipeline's exit status is its own, whatever a process it left behind writes after it" {
	printf 'x\n' >"$in/a.txt"
	printf 'y\n' >"$in/b.txt"
	# A stage left running in the background writes to stderr after
	# the pipeline has ended: a.txt's failed, b.txt's succeeded.
	# shellcheck disable=SC2016 # the command is for sh -c
	run --separate-stderr batch --pipeline '
	    (sleep 1; echo "late $1" >&2) &
	    printf "x\tsport\t1\tgoal\n" >"$2" && : >"$3" || exit 1
	    [ "$1" = b.txt ] || { echo broken >&2; exit 3; }'
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: a.txt: broken (attempt 1 of 4)" ]
	[ "$(cat "$out/failed/a.txt/log")" = "$(printf 'broken\nlate a.txt')" ]
	[ ! -e "$out/runs/a.txt" ]
	[ "$(cat "$out/runs/b.txt/log")" = "late b.txt" ]
	[ "$(cut -f 2 "$out/runs/b.txt/topics.tsv")" = sport ]
}

@test "nw-batch: a stage the pipeline leaves running is ended 10 s on and fails the dump, with --timeout or without" {
	printf 'x\n' >"$in/a.txt"
	# A length of sleep of this run's own: another run of the suite at
	# the same time leaves its own sleeps, not this one's.
	nap=997.$$
	for t in 0 2; do
		rm -rf "$out"
		run --separate-stderr timeout 60 nw-batch --settle 0 --timeout "$t" \
		    --pipeline "sleep $nap & : >\"\$2\"; : >\"\$3\"" "$in" "$out"
		[ "$status" -eq 1 ]
		[ "$stderr" = "nw-batch: a.txt: the pipeline exited, a process of it still running 10 s on: ended (attempt 1 of 4)" ]
		[ ! -e "$out/runs/a.txt" ]
		# The run and its lock are free again.
		run --separate-stderr nw-batch --settle 0 --no-wait "$in" "$out"
		[ "$status" -eq 0 ]
		[ -e "$out/runs/a.txt" ]
	done
	[ -z "$(pgrep -fx "sleep $nap" || true)" ]
}

@test "nw-batch: counts that nw-count --merge cannot read fail the dump, not the totals" {
	printf 'x\n' >"$in/a.txt"
	# shellcheck disable=SC2016 # the command is for sh -c
	run --separate-stderr batch --pipeline ': >"$2"; printf "word\t1\n" >"$3"'
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: a.txt: nw-count: $out/.tmp/work/counts.tsv: line 1: no document frequency (--df needs one) (attempt 1 of 4)" ]
	[ -z "$(ls "$out/runs")" ]
	[ ! -s "$out/totals/counts.tsv" ]
}

@test "nw-batch: a language count that is no number fails the dump" {
	printf 'x\n' >"$in/a.txt"
	# Committed, such a run made every later rebuild of the totals fail.
	# shellcheck disable=SC2016 # the command is for sh -c
	p=': >"$2"; : >"$3"; printf "en\t5\n\nfr\tfive\n" >"$5"'
	# shellcheck disable=SC2016 # $5, as the message names it
	bad='languages ($5): line 3: not LANG<TAB>DOCUMENTS'
	run --separate-stderr batch --pipeline "$p"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: a.txt: $bad (attempt 1 of 4)" ]
	[ -z "$(ls "$out/runs")" ]
	printf 'y\n' >"$in/b.txt"
	run --separate-stderr batch --pipeline "$p"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: a.txt: $bad (attempt 2 of 4)
nw-batch: b.txt: $bad (attempt 1 of 4)" ]
	# shellcheck disable=SC2016 # the command is for sh -c
	run --separate-stderr batch --pipeline ': >"$2"; : >"$3"; echo 1 >"$4"
	    printf "en\t5\n\nfr\t0\n" >"$5"'
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cut -f 2- "$out/languages-by-day.tsv")" = \
	    "$(printf 'en\t10\nfr\t0')" ]
}

@test "nw-batch: a topic score that is no finite number fails the dump" {
	printf 'x\n' >"$in/a.txt"
	# 1e999 summed to inf in the run's days.tsv, which every later
	# rebuild of the totals refused.
	# shellcheck disable=SC2016 # the command is for sh -c
	p='printf "d1\tsport\t0.5\t1\nd2\tsport\t1e999\t1\n" >"$2"; : >"$3"'
	# shellcheck disable=SC2016 # $2, as the message names it
	bad='topic scores ($2): line 2: not a finite number'
	run --separate-stderr batch --pipeline "$p"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: a.txt: $bad (attempt 1 of 4)" ]
	[ -z "$(ls "$out/runs")" ]
	p=${p/1e999/nan}
	run --separate-stderr batch --pipeline "$p"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: a.txt: $bad (attempt 2 of 4)" ]
	# What awk reads as a finite number is one.
	# shellcheck disable=SC2016 # the command is for sh -c
	run --separate-stderr batch --pipeline \
	    'printf "d1\tsport\t+.5\t1\nd2\tsport\t2e0\t1\n" >"$2"; : >"$3"'
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cut -f 2- "$out/topics-by-day.tsv")" = \
	    "$(printf 'sport\t2\t1.2500\t2.500')" ]
}

@test "nw-batch: --timeout fails a dump whose pipeline runs too long" {
	printf 'x\n' >"$in/a.txt"
	run --separate-stderr batch --timeout 1 --pipeline 'sleep 30'
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: a.txt: timed out after 1 s (attempt 1 of 4)" ]
}

@test "nw-batch: --timeout kills a stage that ignores TERM, 10 seconds on" {
	printf 'x\n' >"$in/a.txt"
	# Let go of nw-batch's pipe, so that nothing waits for the stage.
	run --separate-stderr batch --timeout 1 --pipeline \
	    "exec >/dev/null 2>&1; trap '' TERM; echo \$\$ >'$BATS_TEST_TMPDIR/pid'; sleep 60"
	pid=$(cat "$BATS_TEST_TMPDIR/pid")
	# Killed, it may take its new parent a moment to reap it.
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	alive=0
	kill -0 "$pid" 2>/dev/null && { alive=1; kill -KILL "$pid"; }
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: a.txt: timed out after 1 s (attempt 1 of 4)" ]
	[ "$alive" -eq 0 ]
}

@test "nw-batch: under --timeout, a pipeline's own exit status 124 is no timeout" {
	printf 'x\n' >"$in/a.txt"
	run --separate-stderr batch --timeout 100 \
	    --pipeline 'echo "real error" >&2; exit 124'
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: a.txt: real error (attempt 1 of 4)" ]
	[ "$(cat "$out/failed/a.txt/log")" = "real error" ]
	[ "$(ls "$out/failed/a.txt")" = "attempts
log" ]
}

@test "nw-batch: hidden files and directories are left alone; a name with a newline is reported" {
	printf 'd1\tsport\t1\tgoal\n' >"$in/ok.tsv"
	printf 'd2\tsport\t1\tgoal\n' >"$in/.partial.tsv"
	mkdir "$in/sub"
	printf 'd3\tsport\t1\tgoal\n' >"$in/sub/x.tsv"
	printf 'd4\tsport\t1\tgoal\n' >"$in/new
line.tsv"
	run --separate-stderr batch --pipeline "$standin"
	[ "$status" -eq 1 ]
	# Named as the C tools name it, the newline as \n (vis(3)).
	[ "$stderr" = "nw-batch: $in/new\\nline.tsv: file name has a tab or newline; skipped" ]
	[ "$(ls -A "$out/runs")" = ok.tsv ]
}

@test "nw-batch: INCOMING and OUTDIR may hold backslashes, which awk -v would read as escapes" {
	in="$BATS_TEST_TMPDIR/in\\tab"
	out="$BATS_TEST_TMPDIR/out\\new"
	mkdir -p "$in"
	cp "${seed[0]}" "$in/a.txt"
	cp "${seed[1]}" "$in/b.txt"
	touch -d '+1 hour' "$in/b.txt"
	when=$(date -u -r "$in/b.txt" '+%Y-%m-%d %H:%M:%S UTC')
	ln -s none "$in/gone"
	run --separate-stderr batch
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-batch: $in/gone: symbolic link to a missing file; skipped
nw-batch: $in/b.txt: modified in the future ($when); settling by this host's clock" ]
	[ "$(ls "$out/runs")" = "$(printf 'a.txt\nb.txt')" ]
	[ -z "$(ls "$out/failed")" ]
	[ -s "$out/runs/a.txt/topics.tsv" ]
	diff -u <(count_of a.txt b.txt) "$out/totals/counts.tsv"
}

@test "nw-batch: a dump removed from INCOMING keeps its place in the totals" {
	three_dumps
	batch
	totals=$(snapshot "$out/totals")
	rm "$in/b.txt.gz"
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	[ "$(snapshot "$out/totals")" = "$totals" ]
	rm -r "$out/runs/b.txt.gz"
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	diff -u <(count_of a.txt c.txt) "$out/totals/counts.tsv"
}

@test "nw-batch: a run's damaged counts.tsv is named when the totals cannot be rebuilt" {
	three_dumps
	batch
	cp -p "$out/totals/counts.tsv" "$BATS_TEST_TMPDIR/totals"
	# Its last line cut short: no line feed at its end.
	f=$out/runs/b.txt.gz/counts.tsv
	n=$(wc -l <"$f")
	head -c -1 "$f" >"$BATS_TEST_TMPDIR/cut"
	cat "$BATS_TEST_TMPDIR/cut" >"$f"
	rm "$out/totals/sources"
	run --separate-stderr batch
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-batch: $out: cannot rebuild the totals: nw-count: $f: line $n: cut short (no line feed at its end)" ]
	# The totals are left as they were, and nothing half made beside them.
	[ "$(ls -A "$out/totals")" = counts.tsv ]
	cmp "$BATS_TEST_TMPDIR/totals" "$out/totals/counts.tsv"
}

@test "nw-batch: a run's damaged per-day tables are named when the totals cannot be rebuilt" {
	three_dumps
	batch
	cd "$out"
	for f in topics-by-day.tsv languages-by-day.tsv documents-by-day.tsv \
	    totals/counts.tsv; do
		cp -p "$f" "$BATS_TEST_TMPDIR/${f##*/}"
	done
	r=$out/runs/b.txt.gz
	cp "$r/days.tsv" days.good
	# A line cut short: awk would add 0 to the day's score sum.
	head -n 1 days.good | cut -f 1-3 >"$r/days.tsv"
	rm totals/sources
	run --separate-stderr batch
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-batch: $out: cannot rebuild the totals: $r/days.tsv: line 1: not DAY<TAB>TOPIC<TAB>DOCUMENTS<TAB>SCORE SUM" ]
	printf 'garbage\n' >"$r/days.tsv"
	run --separate-stderr batch
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: $out: cannot rebuild the totals: $r/days.tsv: line 1: not DAY<TAB>TOPIC<TAB>DOCUMENTS<TAB>SCORE SUM" ]
	cp days.good "$r/days.tsv"
	{ cat "$r/languages.tsv"; printf '2026-11-03\ten\tmany\n'; } >lang
	n=$(wc -l <lang)
	cp lang "$r/languages.tsv"
	run --separate-stderr batch
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: $out: cannot rebuild the totals: $r/languages.tsv: line $n: not DAY<TAB>LANGUAGE<TAB>DOCUMENTS" ]
	# The totals are left as they were.
	for f in topics-by-day.tsv languages-by-day.tsv documents-by-day.tsv \
	    totals/counts.tsv; do
		cmp "$BATS_TEST_TMPDIR/${f##*/}" "$f"
	done
	[ "$(ls -A totals)" = counts.tsv ]
}

@test "nw-batch: the check of the runs' tables reads a dump named like an awk assignment as a file" {
	# awk takes an operand NAME=VALUE for an assignment: a run named so
	# was never checked, and one named fields=... refused the good
	# tables after it.
	cp "${seed[0]}" "$in/fields=2.txt"
	cp "${seed[1]}" "$in/z.txt"
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ -s "$out/topics-by-day.tsv" ]
	cut -f 1,2 "$out/runs/z.txt/days.tsv" >"$BATS_TEST_TMPDIR/z"
	cut -f 1,2 "$out/topics-by-day.tsv" >"$BATS_TEST_TMPDIR/all"
	[ -z "$(comm -23 "$BATS_TEST_TMPDIR/z" "$BATS_TEST_TMPDIR/all")" ]
	rm "$in/fields=2.txt" "$in/z.txt"
	cp "${seed[2]}" "$in/date=2026-11-21.txt"
	r=$out/runs/date=2026-11-21.txt
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	cp -p "$out/topics-by-day.tsv" "$BATS_TEST_TMPDIR/topics"
	printf 'garbage\n' >"$r/days.tsv"
	rm "$out/totals/sources"
	run --separate-stderr batch
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: $out: cannot rebuild the totals: $r/days.tsv: line 1: not DAY<TAB>TOPIC<TAB>DOCUMENTS<TAB>SCORE SUM" ]
	cmp "$BATS_TEST_TMPDIR/topics" "$out/topics-by-day.tsv"
}

@test "nw-batch: finds the tools installed beside it under cron's short PATH" {
	cp "${seed[0]}" "$in/a.txt"
	run --separate-stderr env PATH=/usr/bin:/bin "$TOP/bin/nw-batch" \
	    --settle 0 "$in" "$out"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	diff -u <(count_of a.txt) "$out/totals/counts.tsv"
}

@test "nw-batch: an empty INCOMING gives empty totals" {
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ -f "$out/totals/counts.tsv" ]
	[ ! -s "$out/totals/counts.tsv" ]
	[ -f "$out/topics-by-day.tsv" ]
	[ ! -s "$out/topics-by-day.tsv" ]
}

@test "nw-batch: a missing INCOMING or an OUTDIR that cannot be made is an error (exit 1)" {
	run --separate-stderr nw-batch "$BATS_TEST_TMPDIR/none" "$out"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-batch: $BATS_TEST_TMPDIR/none: No such directory" ]
	run --separate-stderr nw-batch "$in" "$in/"
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-batch: $in: incoming and outdir must differ" ]
	touch "$BATS_TEST_TMPDIR/file"
	run --separate-stderr nw-batch "$in" "$BATS_TEST_TMPDIR/file/out"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: $BATS_TEST_TMPDIR/file/out: Not a directory" ]
	run --separate-stderr nw-batch "$in" "$BATS_TEST_TMPDIR/file"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: $BATS_TEST_TMPDIR/file: Not a directory" ]
	run --separate-stderr nw-batch "$BATS_TEST_TMPDIR/file" "$out"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: $BATS_TEST_TMPDIR/file: Not a directory" ]
	[ ! -e "$out" ]
}

@test "nw-batch: an INCOMING or OUTDIR that cannot be entered is named with the reason, exit 1" {
	# Run as nobody when we are root, who could enter them.
	top=$(mktemp -d /tmp/nw-batch-perm.XXXXXX)
	chmod 755 "$top"
	mkdir "$top/in" "$top/out" "$top/locked"
	cp "${seed[0]}" "$top/in/a.txt"
	chmod 000 "$top/locked"
	cd "$top"
	run --separate-stderr as_user "$TOP/bin/nw-batch" --settle 0 locked out
	s1=$status e1=$stderr
	run --separate-stderr as_user "$TOP/bin/nw-batch" --settle 0 in locked
	s2=$status e2=$stderr
	chmod 755 "$top/locked"
	rm -rf "$top"
	[ "$s1" -eq 1 ]
	[ "$e1" = "nw-batch: locked: Permission denied" ]
	[ "$s2" -eq 1 ]
	[ "$e2" = "nw-batch: locked: Permission denied" ]
}

@test "nw-batch: an unreadable dump fails in its pipeline, told once, without a line of sh's" {
	# Run as nobody when we are root, who could read it.
	top=$(mktemp -d /tmp/nw-batch-perm.XXXXXX)
	mkdir "$top/in"
	cp "${seed[0]}" "$top/in/a.txt"
	cp "${seed[1]}" "$top/in/b.txt"
	chmod 000 "$top/in/a.txt"
	[ "$(id -u)" -ne 0 ] || chown -R 65534:65534 "$top"
	cd "$top"
	run --separate-stderr as_user "$TOP/bin/nw-batch" --settle 0 in out
	log=$(cat out/failed/a.txt/log)
	ls out/runs >"$BATS_TEST_TMPDIR/runs"
	rm -rf "$top"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-batch: a.txt: nw-split: a.txt: Permission denied (attempt 1 of 4)" ]
	[ "${log%%$'\n'*}" = "nw-split: a.txt: Permission denied" ]
	[ "$(cat "$BATS_TEST_TMPDIR/runs")" = b.txt ]
}

@test "nw-batch: an INCOMING that cannot be read is named once, with why, exit 1" {
	# Run as nobody when we are root, who could read it.
	top=$(mktemp -d /tmp/nw-batch-perm.XXXXXX)
	mkdir "$top/in"
	cp "${seed[0]}" "$top/in/a.txt"
	[ "$(id -u)" -ne 0 ] || chown -R 65534:65534 "$top"
	chmod 311 "$top/in"
	top=$(cd "$top" && pwd -P)
	cd "$top"
	run --separate-stderr as_user "$TOP/bin/nw-batch" --settle 0 in out
	ls -A out/runs >"$BATS_TEST_TMPDIR/runs"
	rm -rf "$top"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-batch: $top/in: Permission denied" ]
	[ ! -s "$BATS_TEST_TMPDIR/runs" ]
}

@test "nw-batch: -h and --version" {
	run --separate-stderr nw-batch -h
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "usage: nw-batch [--dedup | --no-dedup] [--fail-empty] [--no-wait]" ]
	[[ "$output" == *"--settle SECONDS"* ]]
	[ -z "$stderr" ]
	run --separate-stderr nw-batch --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^nw-batch\ \(newswire\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	# Output that cannot be written is told as the tools tell it; a
	# closed pipe ends quietly.
	for o in -h --version; do
		run --separate-stderr bash -c 'nw-batch "$1" >/dev/full' - "$o"
		[ "$status" -eq 1 ]
		[ "$stderr" = "nw-batch: stdout: No space left on device" ]
	done
	run --separate-stderr bash -c 'nw-batch -h | head -1; echo "${PIPESTATUS[0]}"'
	[ "$output" = "$(printf '%s\n' "usage: nw-batch [--dedup | --no-dedup] [--fail-empty] [--no-wait]" 0)" ]
	[ -z "$stderr" ]
}

@test "nw-batch: standard output closed is told as the tools tell it, exit 1" {
	# As nw-normalize --version >&- says it: no message of the shell's,
	# and not the usage error's status 2.
	for o in -h --version; do
		run --separate-stderr bash -c 'nw-batch "$1" >&-' - "$o"
		[ "$status" -eq 1 ]
		[ "$stderr" = "nw-batch: stdout: Bad file descriptor" ]
		[ -z "$output" ]
	done
	# Alerts that cannot be written leave the dump for the next run.
	printf 'n1\tsport\t1.5\tgoal\n' >"$in/news.tsv"
	run --separate-stderr bash -c 'nw-batch --settle 0 "$@" >&-' - \
	    --pipeline "$standin" --alert sport:1 "$in" "$out"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: news.tsv: stdout: Bad file descriptor; left for the next run (not counted as an attempt)" ]
	[ -z "$output" ]
	[ -z "$(ls "$out/runs")" ]
	run --separate-stderr batch --pipeline "$standin" --alert sport:1
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'news.tsv\tn1\tsport\t1.5')" ]
}

@test "nw-batch: a reader that goes away ends it quietly, SIGPIPE ignored too" {
	# A caller that ignores SIGPIPE (Python's subprocess, systemd): the
	# write fails with EPIPE, and nw-batch ends as nw-normalize does,
	# with no message and status 1.  The reader is gone before the
	# write.
	for t in nw-batch nw-normalize; do
		run --separate-stderr bash -c "trap '' PIPE
		    { sleep 0.3; $t -h; } | true; echo \${PIPESTATUS[0]}"
		[ "$output" = 1 ]
		[ -z "$stderr" ]
	done
}

@test "nw-batch: option errors exit 2 with a message" {
	check() {
		local msg=$1
		shift
		run --separate-stderr nw-batch "$@"
		[ "$status" -eq 2 ] || { echo "$*: exit $status"; return 1; }
		[ -z "$output" ]
		[ "${stderr_lines[0]}" = "nw-batch: $msg" ] ||
		    { echo "$*: $stderr"; return 1; }
	}
	check "expected two operands: incoming outdir"
	check "expected two operands: incoming outdir" "$in"
	check "expected two operands: incoming outdir" "$in" "$out" extra
	check "unrecognized option '--bogus'" --bogus "$in" "$out"
	check "invalid option -- 'x'" -x "$in" "$out"
	check "option '--no-wait' doesn't allow an argument" --no-wait=1 "$in" "$out"
	check "option '--progress' doesn't allow an argument" --progress= "$in" "$out"
	check "option '--no-dedup' doesn't allow an argument" --no-dedup=yes "$in" "$out"
	check "option '--settle' requires an argument" "$in" "$out" --settle
	check "--settle: soon: invalid (allowed: 0 to 31536000)" --settle soon "$in" "$out"
	check "--retries: 5000: too large (allowed: 0 to 1000)" --retries=5000 "$in" "$out"
	check "--timeout: -1: invalid (allowed: 0 to 31536000)" --timeout=-1 "$in" "$out"
	check "--alert: sport: expected topic:score" --alert sport "$in" "$out"
	check "--alert: :1: expected topic:score" --alert :1 "$in" "$out"
	check "--alert: sport:high: expected topic:score" --alert sport:high "$in" "$out"
	# A topic the default pipeline's nw-topic-score does not have.
	check "--alert: spoort: no such topic (nw-topic-score --list lists them)" \
	    --alert sport:1 --alert spoort:1 "$in" "$out"
	check "--pipeline: empty command" --pipeline '' "$in" "$out"
	# From nw-batch "$IN" "$OUT" with a variable unset.
	check "incoming: empty path" '' "$out"
	check "outdir: empty path" "$in" ''
	[ ! -e "$out" ]
	# Usage follows the message.
	run --separate-stderr nw-batch --bogus
	[ "${stderr_lines[1]}" = "usage: nw-batch [--dedup | --no-dedup] [--fail-empty] [--no-wait]" ]
}

@test "nw-batch: a leading zero does not make a number octal" {
	printf 'FAIL\tbroken\n' >"$in/bad.tsv"
	run --separate-stderr batch --retries 010 --pipeline "$standin"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: bad.tsv: broken (attempt 1 of 11)" ]
	rm -r "$out"
	run --separate-stderr batch --retries=0999 --pipeline "$standin"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: bad.tsv: broken (attempt 1 of 1000)" ]
	rm -r "$out"
	run --separate-stderr batch --retries 00000000000000000002 --timeout 09 \
	    --pipeline "$standin"
	[ "$stderr" = "nw-batch: bad.tsv: broken (attempt 1 of 3)" ]
	run --separate-stderr nw-batch --retries 01001 "$in" "$out"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nw-batch: --retries: 01001: too large (allowed: 0 to 1000)" ]
}

@test "nw-batch: a dangling symbolic link or a link loop in INCOMING is reported, the rest processed" {
	printf 'd1\tsport\t1\tgoal\n' >"$in/ok.tsv"
	ln -s "$BATS_TEST_TMPDIR/nowhere.tsv" "$in/gone.tsv"
	ln -s loop.tsv "$in/loop.tsv"
	ln -s ok.tsv "$in/link.tsv"
	run --separate-stderr batch --pipeline "$standin"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = "nw-batch: $in/gone.tsv: symbolic link to a missing file; skipped" ]
	[ "${stderr_lines[1]}" = "nw-batch: $in/loop.tsv: Too many levels of symbolic links; skipped" ]
	[ "$(ls "$out/runs")" = "$(printf 'link.tsv\nok.tsv')" ]
}

@test "nw-batch: a dump modified in the future is settled by this host's clock, with a warning" {
	cp "${seed[0]}" "$in/a.txt"
	touch -d '+2 days' "$in/a.txt"
	when=$(date -u -r "$in/a.txt" '+%Y-%m-%d %H:%M:%S UTC')
	warning="nw-batch: $in/a.txt: modified in the future ($when); settling by this host's clock"
	run --separate-stderr nw-batch --settle 1 "$in" "$out"
	[ "$status" -eq 0 ]
	[ "$stderr" = "$warning" ]
	[ -z "$(ls "$out/runs")" ]
	sleep 1.1
	run --separate-stderr nw-batch --settle 1 "$in" "$out"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(ls "$out/runs")" = a.txt ]
	# Its day is today's, not the future one.
	[ "$(cut -f 4 "$out/runs/a.txt/source")" = "$(date -u +%Y-%m-%d)" ]
	run --separate-stderr nw-batch --settle 1 "$in" "$out"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	# With --settle 0 it is processed at once, and still reported.
	cp "${seed[1]}" "$in/b.txt"
	touch -d '+1 hour' "$in/b.txt"
	when=$(date -u -r "$in/b.txt" '+%Y-%m-%d %H:%M:%S UTC')
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	[ "$stderr" = "nw-batch: $in/b.txt: modified in the future ($when); settling by this host's clock" ]
	[ "$(ls "$out/runs")" = "$(printf 'a.txt\nb.txt')" ]
}

@test "nw-batch: a dump of some bytes and no document is a warning, a failure with --fail-empty" {
	printf '\n\n  \n' >"$in/blank.txt"
	printf 'd1\tsport\t1\tgoal\n' >"$in/ok.tsv"
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	[ "$stderr" = "nw-batch: blank.txt: no document in 5 bytes" ]
	[ "$(ls "$out/runs")" = "$(printf 'blank.txt\nok.tsv')" ]
	# An empty file is no news.
	: >"$in/empty.txt"
	printf '\n' >"$in/nl.txt"
	run --separate-stderr batch --fail-empty
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: nl.txt: no document in 1 bytes (attempt 1 of 4)" ]
	[ "$(ls "$out/runs")" = "$(printf 'blank.txt\nempty.txt\nok.tsv')" ]
	[ "$(cut -f 4 "$out/failed/nl.txt/attempts")" = 1 ]
}

@test "nw-batch: -h lists every option of the man page, one line each" {
	run --separate-stderr nw-batch -h
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	man=$(grep '^\.It Fl' "$TOP/share/man/man1/nw-batch.1" |
	    sed 's/^\.It Fl h , Fl \\-help.*/-h, --help/; s/^\.It Fl \\-\([a-z-]*\).*/--\1/' | sort)
	help=$(printf '%s\n' "${lines[@]}" | grep '^  *-' |
	    sed 's/^  *\(-h, --help\|--[a-z-]*\).*/\1/' | sort)
	diff -u <(echo "$man") <(echo "$help")
	# Every line of the option list begins with an option.
	[ -z "$(printf '%s\n' "${lines[@]}" | sed '1,/^ *-/d' | grep -v '^  *-')" ]
}

@test "nw-batch: topics only for English documents; languages-by-day.tsv counts them all" {
	cp "$DATA/nw-batch-lang.jsonl" "$in/news-2026-11-20.jsonl"
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cut -f1 "$out/runs/news-2026-11-20.jsonl/topics.tsv" | uniq)" = "$(printf 'http://example.com/en-1\nhttp://example.com/en-2')" ]
	[ "$(cat "$out/languages-by-day.tsv")" = "$(printf '2026-11-20\tde\t1\n2026-11-20\ten\t2\n2026-11-20\tfr\t1')" ]
	# Every document is counted: the German words are in the counts.
	grep -q '^verteidigungsministeriums	1	1$' "$out/totals/counts.tsv"
}

@test "nw-batch: languages-by-day.tsv sums the runs of a day and drops a replaced run" {
	cp "$DATA/nw-batch-lang.jsonl" "$in/a-2026-11-20.jsonl"
	head -2 "$DATA/nw-batch-lang.jsonl" >"$in/b-2026-11-20.jsonl"
	head -1 "$DATA/nw-batch-lang.jsonl" >"$in/c-2026-11-21.jsonl"
	# The dumps share documents: counted in each, as copies are with
	# --no-dedup.
	run --separate-stderr batch --no-dedup
	[ "$status" -eq 0 ]
	[ "$(cat "$out/languages-by-day.tsv")" = "$(printf '2026-11-20\tde\t2\n2026-11-20\ten\t3\n2026-11-20\tfr\t1\n2026-11-21\ten\t1')" ]
	sed -n 3p "$DATA/nw-batch-lang.jsonl" >"$in/b-2026-11-20.jsonl"
	run --separate-stderr batch --no-dedup
	[ "$status" -eq 0 ]
	[ "$(cat "$out/languages-by-day.tsv")" = "$(printf '2026-11-20\tde\t1\n2026-11-20\ten\t2\n2026-11-20\tfr\t2\n2026-11-21\ten\t1')" ]
}

@test "nw-batch: OUTDIR full: no attempt used, the cause named, the dump processed once there is room; totals say why" {
	# OUTDIR is a tmpfs of 1 MB in a mount namespace of the test's own.
	ns=(unshare -m)
	[ "$(id -u)" -eq 0 ] || ns=(unshare -rm)
	mkdir "$out"
	"${ns[@]}" mount -t tmpfs -o size=1m tmpfs "$out" 2>/dev/null ||
	    skip "mounting a small tmpfs as OUTDIR needs root or user namespaces (unshare -rm)"
	cp "${seed[0]}" "$in/a.txt"
	cat >"$BATS_TEST_TMPDIR/full.sh" <<'SH'
in=$1 out=$2
mount -t tmpfs -o size=1m tmpfs "$out" || exit 99
batch() { nw-batch --settle 0 "$in" "$out" 2>&1; echo "exit $?"; }
batch
cp "$in/a.txt" "$in/b.txt"
echo more >>"$in/b.txt"
cp "$in/b.txt" "$in/c.txt"
echo more >>"$in/c.txt"
dd if=/dev/zero of="$out/filler" bs=4k 2>/dev/null
echo "-- full"
batch
ls -A "$out/failed"
echo "-- totals"
rm "$out/totals/sources"
batch
ls -A "$out/totals"
echo "-- room again"
rm "$out/filler"
batch
ls -A "$out/runs" "$out/failed" "$out/totals"
SH
	run --separate-stderr "${ns[@]}" bash "$BATS_TEST_TMPDIR/full.sh" "$in" "$out"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	nospace='*No space left on device*; left for the next run (not counted as an attempt)'
	[ "${lines[0]}" = "exit 0" ]
	[ "${lines[1]}" = "-- full" ]
	[ "${lines[2]}" = "nw-batch: $out/.checksums: cannot write: No space left on device" ]
	[[ "${lines[3]}" == "nw-batch: b.txt: "$nospace ]]
	[ "${lines[4]}" = "nw-batch: $out: 1 more dump left for the next run" ]
	[ "${lines[5]}" = "exit 1" ]
	# No failure recorded: the dump keeps all its attempts.
	[ "${lines[6]}" = "-- totals" ]
	[[ "${lines[7]}" == "nw-batch: b.txt: "$nospace ]]
	[ "${lines[8]}" = "nw-batch: $out: 1 more dump left for the next run" ]
	# Whichever stage of the rebuild finds the disk full first says so.
	[[ "${lines[9]}" == "nw-batch: $out: cannot rebuild the totals: "*": No space left on device" ]]
	[ "${lines[10]}" = "exit 1" ]
	[ "${lines[11]}" = "counts.tsv" ]
	[ "${lines[12]}" = "-- room again" ]
	[ "${lines[13]}" = "exit 0" ]
	[ "${lines[14]}" = "$out/failed:" ]
	[ "${lines[15]}" = "$out/runs:" ]
	[ "${lines[16]}" = "a.txt" ]
	[ "${lines[17]}" = "b.txt" ]
	[ "${lines[18]}" = "c.txt" ]
	[ "${lines[19]}" = "$out/totals:" ]
	[ "${lines[20]}" = "counts.tsv" ]
	[ "${lines[21]}" = "sources" ]
	[ "${#lines[@]}" -eq 22 ]
}

@test "nw-batch: a file size limit or a permission denied in OUTDIR is the machine's failure: no attempt used" {
	cp "${seed[0]}" "$in/a.txt"
	cp "${seed[1]}" "$in/b.txt"
	run --separate-stderr bash -c 'ulimit -f 8; nw-batch --settle 0 "$1" "$2"' - \
	    "$in" "$out"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-batch: a.txt: File size limit exceeded; left for the next run (not counted as an attempt)
nw-batch: $out: 1 more dump left for the next run" ]
	[ -z "$(ls -A "$out/failed")" ]
	[ -z "$(ls -A "$out/runs")" ]
	# A stage that names a path in OUTDIR it may not write: the same.
	run --separate-stderr batch --pipeline \
	    "echo \"nw-dedup: $out/dedup/band.2: Permission denied\" >&2; exit 1"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: a.txt: nw-dedup: $out/dedup/band.2: Permission denied; left for the next run (not counted as an attempt)
nw-batch: $out: 1 more dump left for the next run" ]
	[ -z "$(ls -A "$out/failed")" ]
	# One naming another path is the dump's: an attempt.
	run --separate-stderr batch --pipeline \
	    "echo \"nw-split: /elsewhere/x: Permission denied\" >&2; exit 1"
	[ "$status" -eq 1 ]
	[[ "${stderr_lines[0]}" == "nw-batch: a.txt: "*"Permission denied (attempt 1 of 4)" ]]
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	[ "$(ls "$out/runs")" = "a.txt
b.txt" ]
}

@test "nw-batch: OUTDIR read-only: one line naming the lock file and why, exit 1" {
	# OUTDIR is a tmpfs in a mount namespace of the test's own, made
	# read-only after a first run: o/ has its .lock, empty/ has none.
	ns=(unshare -m)
	[ "$(id -u)" -eq 0 ] || ns=(unshare -rm)
	mkdir "$out"
	"${ns[@]}" mount -t tmpfs -o size=1m tmpfs "$out" 2>/dev/null ||
	    skip "mounting a tmpfs as OUTDIR needs root or user namespaces (unshare -rm)"
	cp "${seed[0]}" "$in/a.txt"
	cat >"$BATS_TEST_TMPDIR/ro.sh" <<'SH'
in=$1 out=$2
mount -t tmpfs -o size=1m tmpfs "$out" || exit 99
nw-batch --settle 0 "$in" "$out/o" >/dev/null 2>&1 || exit 98
mkdir "$out/empty" || exit 97
mount -o remount,ro "$out" || exit 96
for o in "$out/o" "$out/empty"; do
	nw-batch --settle 0 "$in" "$o" 2>&1
	echo "exit $?"
done
SH
	run --separate-stderr "${ns[@]}" bash "$BATS_TEST_TMPDIR/ro.sh" "$in" "$out"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[0]}" = "nw-batch: $out/o/.lock: Read-only file system" ]
	[ "${lines[1]}" = "exit 1" ]
	[ "${lines[2]}" = "nw-batch: $out/empty/.lock: Read-only file system" ]
	[ "${lines[3]}" = "exit 1" ]
	[ "${#lines[@]}" -eq 4 ]
}

@test "nw-batch: the default counts and totals leave out stopwords and clitic fragments" {
	three_dumps
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	diff -u <(count_of a.txt b.txt.gz c.txt) "$out/totals/counts.tsv"
	for w in the to of and a in said "'s" "n't" s; do
		! grep -q "^$w	" "$out/totals/counts.tsv" ||
		    { echo "$w is counted"; return 1; }
	done
	run nw-count --merge --df -k 3 "$out/totals/counts.tsv"
	[ "$output" = "$(printf 'security\t92\t3\nlibya\t41\t3\nmilitary\t33\t3')" ]
	# The topic scores still see every token.
	diff -u <(tokens a.txt | nw-topic-score) "$out/runs/a.txt/topics.tsv"
}

@test "nw-batch: the man page shows the default pipeline as it is" {
	script=$(sed -n "/^default_pipeline=\$(cat <<'EOF'\$/,/^EOF\$/p" "$TOP/lib/batch-process.sh" | sed '1d;$d')
	man=$(sed -n '/^\.Bd -literal -offset indent$/,/^\.Ed$/p' "$TOP/share/man/man1/nw-batch.1" |
	    awk '/^s=\$TMPDIR\/status$/ { on = 1 } on && /^\.Ed$/ { exit } on' | sed 's/\\e/\\/g')
	[ -n "$script" ]
	diff -u <(echo "$script") <(echo "$man")
}

@test "nw-batch: documents count on their own day; documents.tsv says where the day came from" {
	dated="sh '$DATA/nw-batch-dated.sh' \"\$@\""
	printf '%s\n' "a1	2026-11-20T23:59:59Z	sport	1.0" \
	    "a2	published=2026-11-21	sport	3.0" "a3	2026-11-21 08:00	health	1.0" \
	    "a4		sport	2.0" "a5	garbage	-	0" "a6	2026-13-01	health	2.0" \
	    >"$in/dump-2026-11-22.tsv"
	run --separate-stderr batch --pipeline "$dated"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cat "$out/topics-by-day.tsv")" = "$(printf '%s\n' \
	    "2026-11-20	sport	1	1.0000	1.000" \
	    "2026-11-21	health	1	1.0000	1.000" \
	    "2026-11-21	sport	1	3.0000	3.000" \
	    "2026-11-22	health	1	2.0000	2.000" \
	    "2026-11-22	sport	1	2.0000	2.000")" ]
	[ "$(cat "$out/documents-by-day.tsv")" = "$(printf '%s\n' \
	    "2026-11-20	1" "2026-11-21	2" "2026-11-22	3")" ]
	[ "$(cat "$out/runs/dump-2026-11-22.tsv/documents.tsv")" = "$(printf '%s\n' \
	    "2026-11-20	date	1" "2026-11-21	date	1" \
	    "2026-11-21	published	1" "2026-11-22	dump-name	3")" ]
	# A pipeline that gives no dates puts every document on the dump's
	# day, here the day of its modification time.
	printf 'b1\tsport\t1\tx\nb2\tsport\t1\tx\n' >"$in/more.tsv"
	touch -d '2026-11-23 12:00:00Z' "$in/more.tsv"
	run --separate-stderr batch --pipeline "$standin"
	[ "$status" -eq 0 ]
	[ "$(cat "$out/runs/more.tsv/documents.tsv")" = "2026-11-23	dump-mtime	2" ]
	[ "$(tail -n 1 "$out/documents-by-day.tsv")" = "2026-11-23	2" ]
}

@test "nw-batch: the default pipeline tells documents apart by their ids as strings: 7, 007 and 7.0 are three" {
	printf '%s\n' \
	    '{"url":"7","date_publish":"2026-11-20","text":"The minister said the budget would grow next year."}' \
	    '{"url":"007","date_publish":"2026-11-21","text":"The football match ended in a draw after extra time."}' \
	    '{"url":"7.0","date_publish":"2026-11-21","text":"Shares fell sharply as the bank reported losses."}' \
	    >"$in/news.jsonl"
	run --separate-stderr batch --progress
	[ "$status" -eq 0 ]
	[[ "${stderr_lines[1]}" == "nw-batch: [1/1] news.jsonl: 3 documents, "* ]]
	[ "$(cat "$out/runs/news.jsonl/documents.tsv")" = "$(printf '%s\n' \
	    "2026-11-20	date_publish	1" "2026-11-21	date_publish	2")" ]
	[ "$(cut -f 2- "$out/languages-by-day.tsv")" = "$(printf 'en\t3')" ]
	[ "$(cut -f 1 "$out/runs/news.jsonl/topics.tsv" | uniq | tr '\n' ' ')" = "7 007 7.0 " ]
	[ "$(cut -f 1 "$out/topics-by-day.tsv" | uniq | tr '\n' ' ')" = "2026-11-20 2026-11-21 " ]
}

@test "nw-batch: the default pipeline dates documents by WARC-Date, date_publish, --date-field; files by the dump" {
	printf '%s\n' \
	    '{"url":"u1","date_publish":"2026-11-20 10:00:00","text":"The football team won the cup final with a late goal."}' \
	    '{"url":"u2","date_publish":"2026-11-21","text":"The striker scored twice as the club won the league match."}' \
	    >"$in/news-2026-11-22.jsonl"
	printf '%s\n' \
	    '{"url":"v1","created":"2026-11-18","date_publish":"2026-11-20","text":"Rain stopped play at the cricket ground before lunch."}' \
	    >"$in/other.jsonl"
	echo "Heavy snow closed the mountain pass for a second day." \
	    >"$in/plain-2026-11-19.txt"
	cp "$DATA/samples/crawl.warc.wet.gz" "$in/"
	# Members numbered as JSON Lines number lines are files all the same.
	mkdir "$BATS_TEST_TMPDIR/numbered"
	echo "The ferry crossing was cancelled in the storm." \
	    >"$BATS_TEST_TMPDIR/numbered/001"
	touch -d 2026-10-01T12:00:00Z "$BATS_TEST_TMPDIR/numbered/001"
	tar -cf "$in/numbered-2026-11-16.tar" -C "$BATS_TEST_TMPDIR/numbered" 001
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cat "$out/runs/numbered-2026-11-16.tar/documents.tsv")" = "2026-11-16	dump-name	1" ]
	[ "$(cat "$out/runs/news-2026-11-22.jsonl/documents.tsv")" = "$(printf '%s\n' \
	    "2026-11-20	date_publish	1" "2026-11-21	date_publish	1")" ]
	[ "$(cat "$out/runs/other.jsonl/documents.tsv")" = "2026-11-20	date_publish	1" ]
	# A file's modification time is no date of the document.
	[ "$(cat "$out/runs/plain-2026-11-19.txt/documents.tsv")" = "2026-11-19	dump-name	1" ]
	[ "$(cut -f 2 "$out/runs/crawl.warc.wet.gz/documents.tsv" | sort -u)" = date ]
	[ "$(cut -f 1 "$out/runs/crawl.warc.wet.gz/documents.tsv" | tr '\n' ' ')" = \
	    "2026-11-17 2026-11-18 2026-11-19 2026-11-20 2026-11-21 " ]
	grep -q '^2026-11-20	sport	2	' "$out/topics-by-day.tsv"
	grep -q '^2026-11-21	sport	1	' "$out/topics-by-day.tsv"
	# The fields a dump lacks are no warning in its log.
	[[ "$(cat "$out/runs/news-2026-11-22.jsonl/log")" == "nw-dedup: 2 documents, 0 duplicates (0 exact, 0 near), "*" in the index" ]]
	[ "$(grep -v '^nw-dedup: ' "$out/runs/other.jsonl/log")" = "" ]
	# --date-field puts a field first.
	rm -r "$out"
	run --separate-stderr batch --date-field created
	[ "$status" -eq 0 ]
	[ "$(cat "$out/runs/other.jsonl/documents.tsv")" = "2026-11-18	created	1" ]
	run --separate-stderr batch --date-field 'a,b'
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-batch: --date-field: a,b: expected one field name" ]
}

@test "nw-batch: a --date-field name with '=' is a usage error, not a field that never dates" {
	# nw-split reads the member "x=y", but its date would reach the
	# dating as the field x, of value y=2026-11-20.
	printf '%s\n' '{"url":"u1","x=y":"2026-11-20","text":"Goal."}' \
	    >"$in/d.jsonl"
	run --separate-stderr batch --date-field 'x=y'
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-batch: --date-field: x=y: expected one field name" ]
	[ ! -e "$out" ]
}

@test "nw-batch: --date-field Date or MTIME dates no file by its mtime" {
	# nw-split takes date and mtime in any case, so that the field
	# Date of a file or an archive member is its modification time.
	echo "Heavy snow closed the mountain pass for a second day." \
	    >"$in/plain-2026-11-19.txt"
	mkdir "$BATS_TEST_TMPDIR/m"
	echo "The ferry crossing was cancelled in the storm." \
	    >"$BATS_TEST_TMPDIR/m/001"
	touch -d 2026-10-01T12:00:00Z "$BATS_TEST_TMPDIR/m/001"
	tar -cf "$in/members-2026-11-16.tar" -C "$BATS_TEST_TMPDIR/m" 001
	touch -d 2026-11-25T12:00:00Z "$in/plain-2026-11-19.txt" \
	    "$in/members-2026-11-16.tar"
	printf '%s\n' \
	    '{"url":"u1","Date":"2026-11-20","text":"The striker scored twice."}' \
	    >"$in/news.jsonl"
	for f in Date MTIME DATE; do
		rm -rf "$out"
		run --separate-stderr batch --date-field "$f"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		r=$out/runs
		[ "$(cat "$r/plain-2026-11-19.txt/documents.tsv")" = \
		    "2026-11-19	dump-name	1" ]
		[ "$(cat "$r/members-2026-11-16.tar/documents.tsv")" = \
		    "2026-11-16	dump-name	1" ]
	done
	# A JSON member so named is a date of the document.
	rm -rf "$out"
	run --separate-stderr batch --date-field Date
	[ "$status" -eq 0 ]
	[ "$(cat "$out/runs/news.jsonl/documents.tsv")" = "2026-11-20	Date	1" ]
	[ "$(cut -f 1,2 "$out/documents-by-day.tsv" | tr '\n' ' ')" = \
	    "2026-11-16	1 2026-11-19	1 2026-11-20	1 " ]
}

@test "nw-batch: a bare date of a custom pipeline dates a document whose id is the dump or one of its members" {
	echo x >"$in/plain.txt"
	echo x >"$in/arch.txt"
	touch -d 2026-10-01T12:00:00Z "$in/plain.txt" "$in/arch.txt"
	run --separate-stderr batch --pipeline ': >"$3"
	case $1 in
	plain.txt)
		printf "plain.txt\tsport\t1\n" >"$2"
		printf "plain.txt\t2026-11-05\n" >"$6" ;;
	arch.txt)
		printf "arch.txt:a1\tsport\t1\narch.txt:b2\tsport\t2\n" >"$2"
		printf "arch.txt:a1\t2026-11-05\narch.txt:b2\tpublished=2026-11-06\n" >"$6" ;;
	esac'
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cat "$out/runs/plain.txt/documents.tsv")" = "2026-11-05	date	1" ]
	[ "$(cat "$out/runs/arch.txt/documents.tsv")" = "$(printf '%s\n' \
	    "2026-11-05	date	1" "2026-11-06	published	1")" ]
	[ "$(cat "$out/topics-by-day.tsv")" = "$(printf '%s\n' \
	    "2026-11-05	sport	2	1.0000	2.000" \
	    "2026-11-06	sport	1	2.0000	2.000")" ]
}

@test "nw-batch: a document of several lines in \$6 counts once in documents-by-day.tsv" {
	printf '%s\n' \
	    '{"url":"u1","date":"2026-11-20","text":"One.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n\nSix."}' \
	    '{"url":"u2","date":"2026-11-21","text":"A.\n\nB.\n\nC.\n\nD."}' \
	    >"$in/d.jsonl"
	run --separate-stderr batch --pipeline ': >"$3"
	nw-split --meta date -- "$1" >"$6" &&
	    cut -f 1 "$6" | uniq | sed "s/\$/	sport	1/" >"$2"'
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(wc -l <"$out/runs/d.jsonl/topics.tsv")" -eq 2 ]
	[ "$(cat "$out/runs/d.jsonl/documents.tsv")" = "$(printf '%s\n' \
	    "2026-11-20	date	1" "2026-11-21	date	1")" ]
	[ "$(cat "$out/documents-by-day.tsv")" = "$(printf '%s\n' \
	    "2026-11-20	1" "2026-11-21	1")" ]
}

@test "nw-batch: documents counted in \$4 but not dated are on the dump's day" {
	printf 'x\n' >"$in/d-2026-11-05.txt"
	# Three documents, one of them dated: the other two were lost.
	# shellcheck disable=SC2016 # the command is for sh -c
	run --separate-stderr batch --pipeline ': >"$3"; echo 3 >"$4"
	printf "a\tsport\t1\nb\tsport\t1\nc\tsport\t1\n" >"$2"
	printf "a\tdate=2026-11-01\n" >"$6"'
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	r=$out/runs/d-2026-11-05.txt
	[ "$(cat "$r/documents.tsv")" = "$(printf '%s\n' \
	    "2026-11-01	date	1" "2026-11-05	dump-name	2")" ]
	[ "$(cat "$out/documents-by-day.tsv")" = "$(printf '%s\n' \
	    "2026-11-01	1" "2026-11-05	2")" ]
	[ "$(cut -f 1-3 "$out/topics-by-day.tsv")" = "$(printf '%s\n' \
	    "2026-11-01	sport	1" "2026-11-05	sport	2")" ]
}

@test "nw-batch: a count in \$4 of more digits than a number holds is none" {
	printf 'x\n' >"$in/d-2026-11-05.txt"
	# The shell's test said "Illegal number" and awk's %d wrapped it;
	# as any $4 that is no number, the documents with scores count.
	# shellcheck disable=SC2016 # the command is for sh -c
	run --separate-stderr batch --pipeline ': >"$3"
	printf "a\tsport\t1\nb\tsport\t1\n" >"$2"
	echo 99999999999999999999 >"$4"'
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cat "$out/documents-by-day.tsv")" = "2026-11-05	2" ]
}

@test "nw-batch: the pipeline of EXAMPLES counts every document in documents-by-day.tsv, with a topic or not" {
	# As nw-batch(1) gives it, but for the shipped topics.
	example='nw-split -d "^=====" -- "$1" >"$TMPDIR/docs" &&
	    nw-normalize "$TMPDIR/docs" >"$TMPDIR/norm" &&
	    nw-tokenize -l -w "$TMPDIR/norm" >"$TMPDIR/tok" &&
	    nw-topic-score "$TMPDIR/tok" >"$2" &&
	    nw-count --sort term --df "$TMPDIR/tok" >"$3" &&
	    cut -f 1 "$TMPDIR/docs" | uniq | wc -l >"$4"'
	grep -F 'cut -f 1 "$TMPDIR/docs" | uniq | wc -l >"$4"' \
	    "$TOP/share/man/man1/nw-batch.1"
	{
		echo =====
		cat "${seed[3]}"
		printf '\n=====\nzzz qqq xxyy\n'
	} >"$in/wire-2026-04-01.txt"
	run --separate-stderr batch --pipeline "$example"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cut -f 1 "$out/runs/wire-2026-04-01.txt/topics.tsv" | uniq)" = \
	    "wire-2026-04-01.txt#1" ]
	[ "$(cat "$out/documents-by-day.tsv")" = "2026-04-01	2" ]
}

@test "nw-batch: report.html follows the tables; --spikes prints each spike once" {
	dated="sh '$DATA/nw-batch-dated.sh' \"\$@\""
	sport_week
	run --separate-stderr batch --spikes --pipeline "$dated"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "2026-11-08	sport	60	20.0	3.00" ]
	xmllint --noout "$out/report.html"
	grep -q '<h2>Risers on 2026-11-08</h2>' "$out/report.html"
	[ "$(grep -c '<svg class="chart"' "$out/report.html")" -eq 2 ]
	[ "$(cat "$out/spikes.state")" = "2026-11-08	sport" ]
	# Nothing new: no alert again, the report left as it was.
	before=$(snapshot "$out")
	run --separate-stderr batch --spikes --pipeline "$dated"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(snapshot "$out")" = "$before" ]
	# A new day: the report is made again, with it.
	awk 'BEGIN { for (i = 1; i <= 100; i++)
		printf "9-%d\t2026-11-09\t%s\t1.0\n", i, i <= 20 ? "sport" : "other" }' \
	    >"$in/day-2026-11-09.tsv"
	run --separate-stderr batch --spikes --pipeline "$dated"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	grep -q '<h2>Risers on 2026-11-09</h2>\|2026-11-09</text>' "$out/report.html"
	[ -z "$(ls -A "$out/.tmp" 2>/dev/null)" ]
}

@test "nw-batch: --spikes alerts even when report.html cannot be written" {
	dated="sh '$DATA/nw-batch-dated.sh' \"\$@\""
	sport_week
	# The report published through a link into a directory not there.
	ln -s "$BATS_TEST_TMPDIR/www/report.html" "$BATS_TEST_TMPDIR/link"
	mkdir -p "$out"
	mv "$BATS_TEST_TMPDIR/link" "$out/report.html"
	run -1 --separate-stderr batch --spikes --pipeline "$dated"
	[ "$output" = "2026-11-08	sport	60	20.0	3.00" ]
	[ "$stderr" = "nw-batch: $out/report.html: nw-trend: $BATS_TEST_TMPDIR/www/report.html: No such file or directory" ]
	[ "$(cat "$out/spikes.state")" = "2026-11-08	sport" ]
}

@test "nw-batch: copies are dropped by default, the index in OUTDIR, the log says how many; --no-dedup counts them" {
	cp "${seed[0]}" "$in/a.txt"
	cp "${seed[0]}" "$in/b.txt"
	cp "${seed[1]}" "$in/c.txt"
	run --separate-stderr batch
	[ "$status" -eq 0 ]
	# A dump of copies only is no empty dump.
	[ -z "$stderr" ]
	[ -d "$out/dedup" ]
	[ "$(cat "$out/runs/a.txt/log")" = "nw-dedup: 1 document, 0 duplicates (0 exact, 0 near), 1 in the index" ]
	[ "$(cat "$out/runs/b.txt/log")" = "nw-dedup: 1 document, 1 duplicate (1 exact, 0 near), 1 in the index" ]
	[ ! -s "$out/runs/b.txt/topics.tsv" ]
	[ "$(cat "$out/runs/b.txt/documents.tsv")" = "" ]
	diff -u <(count_of a.txt c.txt) "$out/totals/counts.tsv"
	# Tomorrow's dump brings a story back: not counted again.
	echo >>"$in/d.txt"
	cat "${seed[1]}" >>"$in/d.txt"
	cp "${seed[2]}" "$in/e.txt"
	run --separate-stderr batch --progress
	[ "$status" -eq 0 ]
	[[ "${stderr_lines[1]}" == "nw-batch: [1/2] d.txt: 0 documents (1 copy dropped), "* ]]
	[[ "${stderr_lines[2]}" == "nw-batch: [2/2] e.txt: 1 document, "* ]]
	[ "$(cat "$out/runs/d.txt/log")" = "nw-dedup: 1 document, 1 duplicate (1 exact, 0 near), 2 in the index" ]
	diff -u <(count_of a.txt c.txt e.txt) "$out/totals/counts.tsv"
	# A failure names its cause, not the count of copies.
	head -c 300 "$in/d.txt" | gzip -n | head -c 100 >"$in/f.txt.gz"
	run --separate-stderr batch
	[ "$status" -eq 1 ]
	[[ "$stderr" == "nw-batch: f.txt.gz: nw-split: f.txt.gz: "*" (attempt 1 of 4)" ]]
	# --no-dedup: every copy counted, no index.
	rm "$in/f.txt.gz"
	run --separate-stderr nw-batch --no-dedup --settle 0 "$in" "$BATS_TEST_TMPDIR/all"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ ! -e "$BATS_TEST_TMPDIR/all/dedup" ]
	[ ! -s "$BATS_TEST_TMPDIR/all/runs/b.txt/log" ]
	diff -u <(count_of a.txt b.txt c.txt d.txt e.txt) "$BATS_TEST_TMPDIR/all/totals/counts.tsv"
	# --dedup, the default, is still accepted.
	run --separate-stderr nw-batch --dedup --settle 0 "$in" "$BATS_TEST_TMPDIR/all"
	[ "$status" -eq 0 ]
}

@test "nw-batch: the same URL in a later dump is a copy; a dump run again keeps its own documents" {
	# nw-batch as installed, its nw-topic-score failing once, after
	# nw-dedup has indexed the dump.
	p=$BATS_TEST_TMPDIR/prefix
	install_layout "$p" nw-topic-score
	printf '#!/bin/sh\nif ! [ -e "%s" ]; then : >"%s"; cat >/dev/null; echo "nw-topic-score: failing once" >&2; exit 1; fi\nexec "%s" "$@"\n' \
	    "$p/failed" "$p/failed" "$TOP/bin/nw-topic-score" >"$p/bin/nw-topic-score"
	chmod +x "$p/bin/nw-topic-score"
	u1='{"url":"u1","text":"The minister resigned on Tuesday after losing the vote in parliament."}'
	u2='{"url":"u2","text":"Shares fell sharply as the central bank raised its rate again."}'
	u3='{"url":"u3","text":"Floods closed the northern roads for a third day running."}'
	u4='{"url":"u4","text":"A new bridge opened in the capital to traffic this morning."}'
	printf '%s\n' "$u1" "$u2" >"$in/day1.jsonl"
	run --separate-stderr "$p/bin/nw-batch" --settle 0 "$in" "$out"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: day1.jsonl: nw-topic-score: failing once (attempt 1 of 4)" ]
	# Its index holds day1's documents now; run again, day1 keeps them.
	run --separate-stderr "$p/bin/nw-batch" --settle 0 "$in" "$out"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cat "$out/runs/day1.jsonl/log")" = "nw-dedup: 2 documents, 0 duplicates (0 exact, 0 near), 2 in the index" ]
	diff -u <(count_of day1.jsonl) "$out/totals/counts.tsv"
	# Tomorrow's dump has u1 again, under the same URL: not counted again.
	printf '%s\n' "$u1" "$u3" >"$in/day2.jsonl"
	run --separate-stderr "$p/bin/nw-batch" --settle 0 "$in" "$out"
	[ "$status" -eq 0 ]
	[ "$(cat "$out/runs/day2.jsonl/log")" = "nw-dedup: 2 documents, 1 duplicate (1 exact, 0 near), 3 in the index" ]
	printf '%s\n' "$u1" "$u2" "$u3" >"$BATS_TEST_TMPDIR/once.jsonl"
	diff -u <(count_of "$BATS_TEST_TMPDIR/once.jsonl") "$out/totals/counts.tsv"
	# A new version of day1: processed again, its own documents kept.
	printf '%s\n' "$u1" "$u2" "$u4" >"$in/day1.jsonl"
	run --separate-stderr "$p/bin/nw-batch" --settle 0 "$in" "$out"
	[ "$status" -eq 0 ]
	[ "$(cat "$out/runs/day1.jsonl/log")" = "nw-dedup: 3 documents, 0 duplicates (0 exact, 0 near), 4 in the index" ]
	printf '%s\n' "$u4" >>"$BATS_TEST_TMPDIR/once.jsonl"
	diff -u <(count_of "$BATS_TEST_TMPDIR/once.jsonl") "$out/totals/counts.tsv"
}

@test "nw-batch: a new version of a dump whose documents moved counts every one of them" {
	# No URLs: ids are line numbers, and a line inserted moves them all.
	a='{"text":"The minister resigned on Tuesday after losing the vote in parliament."}'
	b='{"text":"Shares fell sharply as the central bank raised its rate again."}'
	c='{"text":"Floods closed the northern roads for a third day running."}'
	printf '%s\n' "$a" "$b" >"$in/feed.jsonl"
	run -0 nw-batch --settle 0 "$in" "$out"
	printf '%s\n' "$c" "$a" "$b" >"$in/feed.jsonl"
	run -0 nw-batch --settle 0 "$in" "$out"
	[ "$(grep '^nw-dedup' "$out/runs/feed.jsonl/log")" = "nw-dedup: 3 documents, 0 duplicates (0 exact, 0 near), 3 in the index" ]
	diff -u <(count_of feed.jsonl) "$out/totals/counts.tsv"
	# And a dump of another name holding what only the old version held
	# counts it: the old version's documents are forgotten.
	printf '%s\n' "$c" >"$in/feed.jsonl"
	run -0 nw-batch --settle 0 "$in" "$out"
	printf '%s\n' "$a" >"$in/other.jsonl"
	run -0 nw-batch --settle 0 "$in" "$out"
	diff -u <(count_of feed.jsonl other.jsonl) "$out/totals/counts.tsv"
}

@test "nw-batch: a new version that fails, or changes while being processed, leaves the old one's documents in the dedup index" {
	tar -C "$SEEDS" -czf "$in/a-2026-11-20.tar.gz" "${seed[0]##*/}" "${seed[1]##*/}"
	cp "$in/a-2026-11-20.tar.gz" "$BATS_TEST_TMPDIR/a1.tar.gz"
	run -0 batch
	totals=$(cat "$out/totals/counts.tsv")
	diff -u <(count_of a-2026-11-20.tar.gz) "$out/totals/counts.tsv"
	# A new upload of a, cut short: it fails, and a keeps its run.
	head -c 100 "$BATS_TEST_TMPDIR/a1.tar.gz" >"$BATS_TEST_TMPDIR/part"
	mv "$BATS_TEST_TMPDIR/part" "$in/a-2026-11-20.tar.gz"
	run -1 --separate-stderr batch
	[ "$stderr" = "nw-batch: a-2026-11-20.tar.gz: nw-split: a-2026-11-20.tar.gz: unexpected end of file (truncated gzip data) (attempt 1 of 4)" ]
	# The next day's dump reprints a's second article: still a copy, as
	# a's run still counts it.
	cp "${seed[1]}" "$in/b-2026-11-21.txt"
	run -1 --separate-stderr batch
	[ "$stderr" = "nw-batch: a-2026-11-20.tar.gz: nw-split: a-2026-11-20.tar.gz: unexpected end of file (truncated gzip data) (attempt 2 of 4)" ]
	[ "$(cat "$out/runs/b-2026-11-21.txt/log")" = "nw-dedup: 1 document, 1 duplicate (1 exact, 0 near), 2 in the index" ]
	[ ! -s "$out/runs/b-2026-11-21.txt/topics.tsv" ]
	[ "$(cat "$out/documents-by-day.tsv")" = "$(printf '2026-11-20\t2')" ]
	[ "$(cat "$out/totals/counts.tsv")" = "$totals" ]
	[ -z "$(find "$out/runs" -name .dedup-pending)" ]

	# A new version of a that changes while it is processed (nw-topic-score,
	# armed, touches it): left for the next run, as its documents are.
	p=$BATS_TEST_TMPDIR/prefix
	install_layout "$p" nw-topic-score
	printf '#!/bin/sh\nif [ -e "%s" ]; then rm "%s"; touch -d 2026-01-01 a-2026-11-20.tar.gz; fi\nexec "%s" "$@"\n' \
	    "$p/arm" "$p/arm" "$TOP/bin/nw-topic-score" >"$p/bin/nw-topic-score"
	chmod +x "$p/bin/nw-topic-score"
	rm -r "$in" "$out"
	mkdir "$in"
	cp "$BATS_TEST_TMPDIR/a1.tar.gz" "$in/a-2026-11-20.tar.gz"
	run -0 "$p/bin/nw-batch" --settle 0 "$in" "$out"
	tar -C "$SEEDS" -czf "$in/a-2026-11-20.tar.gz" "${seed[0]##*/}" "${seed[2]##*/}"
	cp "${seed[1]}" "$in/b-2026-11-21.txt"
	touch "$p/arm"
	run -0 --separate-stderr "$p/bin/nw-batch" --settle 0 --progress "$in" "$out"
	[ ! -e "$p/arm" ]
	[ "${stderr_lines[1]}" = "nw-batch: a-2026-11-20.tar.gz: changed while being processed; left for the next run" ]
	[ "$(cat "$out/runs/b-2026-11-21.txt/log")" = "nw-dedup: 1 document, 1 duplicate (1 exact, 0 near), 2 in the index" ]
	[ "$(cat "$out/documents-by-day.tsv")" = "$(printf '2026-11-20\t2')" ]
	[ "$(cat "$out/totals/counts.tsv")" = "$totals" ]
	[ "$(cut -f 3 "$out/runs/a-2026-11-20.tar.gz/source")" = "$(sha256sum <"$BATS_TEST_TMPDIR/a1.tar.gz" | cut -d ' ' -f 1)" ]
}

@test "nw-batch: a run killed between a dump's commit and its documents' in the dedup index: the next run commits them first" {
	# nw-batch as installed, its whole process group killed (once, when
	# armed) as nw-dedup is to commit the documents of a committed run.
	p=$BATS_TEST_TMPDIR/prefix
	install_layout "$p" nw-dedup
	printf '#!/bin/sh\ncase " $* " in *" --commit "*) if [ -e "%s" ]; then rm "%s"; kill -KILL 0; fi ;; esac\nexec "%s" "$@"\n' \
	    "$p/arm" "$p/arm" "$TOP/bin/nw-dedup" >"$p/bin/nw-dedup"
	chmod +x "$p/bin/nw-dedup"
	cp "${seed[0]}" "$in/a-2026-11-20.txt"
	touch "$p/arm"
	run -137 setsid "$p/bin/nw-batch" --settle 0 "$in" "$out"
	[ ! -e "$p/arm" ]
	[ -e "$out/runs/a-2026-11-20.txt/.dedup-pending" ]
	# The index does not hold a's document yet.
	[ -z "$(dedup_view "$out" "$in")" ]
	cp "${seed[0]}" "$in/b-2026-11-21.txt"
	run -0 --separate-stderr "$p/bin/nw-batch" --settle 0 "$in" "$out"
	[ -z "$stderr" ]
	[ ! -e "$out/runs/a-2026-11-20.txt/.dedup-pending" ]
	[ "$(cat "$out/runs/b-2026-11-21.txt/log")" = "nw-dedup: 1 document, 1 duplicate (1 exact, 0 near), 1 in the index" ]
	[ "$(cat "$out/documents-by-day.tsv")" = "$(printf '2026-11-20\t1')" ]
	diff -u <(count_of a-2026-11-20.txt) "$out/totals/counts.tsv"
}

@test "nw-batch: nw-dedup by hand on OUTDIR/dedup waits for a run, whose documents stay in the index" {
	local gate=$BATS_TEST_TMPDIR/gate g batchpid handpid pipeline
	mkfifo "$gate"
	cp "${seed[0]}" "$in/a-2026-11-20.txt"
	# A pipeline that waits at its end, its documents pending in the
	# index, until the test closes the gate.
	pipeline='nw-split -- "$1" | nw-clean |
	    nw-dedup --run "$1" --replace --pending --stats --state "$NW_DEDUP_STATE" >"$TMPDIR/d" &&
	    nw-normalize "$TMPDIR/d" | nw-tokenize -l -w >"$TMPDIR/t" &&
	    nw-topic-score "$TMPDIR/t" >"$2" && nw-count --sort term --df "$TMPDIR/t" >"$3" &&
	    cat '"'$gate'"' >/dev/null'
	batch --pipeline "$pipeline" >"$BATS_TEST_TMPDIR/batch.out" 2>&1 &
	batchpid=$!
	# Open once the pipeline's nw-dedup has ended.
	exec {g}>"$gate"
	# The command nw-batch(1) gives to forget a run removed by hand.
	nw-dedup --state "$out/dedup" --run old.txt --replace </dev/null \
	    >"$BATS_TEST_TMPDIR/hand.out" 2>&1 {g}>&- &
	handpid=$!
	sleep 1
	kill -0 "$handpid"
	exec {g}>&-
	wait "$batchpid"
	wait "$handpid"
	[ ! -s "$BATS_TEST_TMPDIR/batch.out" ]
	[ "$(cat "$BATS_TEST_TMPDIR/hand.out")" = "nw-dedup: waiting for the run holding $out/dedup/lock" ]
	[ "$(cat "$out/runs/a-2026-11-20.txt/log")" = "nw-dedup: 1 document, 0 duplicates (0 exact, 0 near), 1 in the index" ]
	[ ! -e "$out/runs/a-2026-11-20.txt/.dedup-pending" ]
	run -0 --separate-stderr nw-dedup --state "$out/dedup" --stats </dev/null
	[ "$stderr" = "nw-dedup: 0 documents, 0 duplicates (0 exact, 0 near), 1 in the index" ]
	# The same article in the next dump is a copy, counted once.
	cp "${seed[0]}" "$in/b-2026-11-21.txt"
	run -0 --separate-stderr batch
	[ "$(cat "$out/runs/b-2026-11-21.txt/log")" = "nw-dedup: 1 document, 1 duplicate (1 exact, 0 near), 1 in the index" ]
	[ "$(cat "$out/documents-by-day.tsv")" = "$(printf '2026-11-20\t1')" ]
}

@test "nw-batch: a run removed and made again from the same dump rebuilds the totals" {
	echo "some text" >"$in/d-2026-03-01.txt"
	run -0 batch --pipeline 'printf "%s\tsport\t1.000\t1\n" "$1" >"$2"; printf "ball\t1\t1\n" >"$3"'
	# Taken out to be processed again, with another pipeline.
	rm -r "$out/runs/d-2026-03-01.txt"
	run -0 batch --pipeline 'printf "%s\tpolitics\t1.000\t1\n" "$1" >"$2"; printf "vote\t1\t1\n" >"$3"'
	[ "$(cat "$out/totals/counts.tsv")" = "$(printf 'vote\t1\t1')" ]
	[ "$(cut -f 1-3 "$out/topics-by-day.tsv")" = "$(printf '2026-03-01\tpolitics\t1')" ]
}

@test "nw-batch: two documents with one id count each on its own day" {
	# A live page fetched on two days, under its URL both times.
	j() { printf '{"url":"%s","date":"%s","text":"%s"}\n' "$@"; }
	{ j u1 2026-03-01T10:00:00Z "The striker scored twice as the club won the league with a late goal in the final."
	  j u2 2026-03-02T10:00:00Z "Parliament voted on the budget after a long debate about taxes and spending."
	  j u1 2026-03-03T10:00:00Z "The goalkeeper saved a penalty and the team won the cup final after extra time."
	} >"$in/feed.jsonl"
	run -0 --separate-stderr nw-batch --settle 0 "$in" "$out"
	[ -z "$stderr" ]
	[ "$(cut -f 1,2 "$out/documents-by-day.tsv")" = "$(printf '2026-03-01\t1\n2026-03-02\t1\n2026-03-03\t1')" ]
	[ "$(awk -F '\t' '$2 == "sport" { print $1 FS $3 }' "$out/topics-by-day.tsv")" = "$(printf '2026-03-01\t1\n2026-03-03\t1')" ]
}

@test "nw-batch: a page fetched twice, first with no topic or in French, counts its topics on the day of the fetch that has them" {
	j() { printf '{"url":"%s","date":"%s","text":"%s"}\n' "$@"; }
	sorry="Sorry, the page you were looking for could not be found. Please check the address and try again."
	french="Le gouvernement a annoncé mardi une nouvelle réforme des retraites, et les syndicats appellent à la grève."
	gone="This page is no longer available. It may have been moved or deleted by its owner."
	goal="The goalkeeper saved a penalty and the team won the cup final after extra time."
	league="The striker scored twice as the club won the league with a late goal in the final."
	budget="Parliament voted on the budget after a long debate about taxes and spending."
	{ j u1 2026-03-01T10:00:00Z "$sorry"
	  j u2 2026-03-02T10:00:00Z "$budget"
	  j u1 2026-03-03T10:00:00Z "$goal"
	} >"$in/error.jsonl"
	{ j u3 2026-03-04T10:00:00Z "$french"
	  j u4 2026-03-05T10:00:00Z "$gone"
	  j u3 2026-03-06T10:00:00Z "$league"
	} >"$in/french.jsonl"
	run -0 --separate-stderr nw-batch --settle 0 "$in" "$out"
	[ -z "$stderr" ]
	[ "$(cut -f 1,2 "$out/documents-by-day.tsv")" = "$(printf '2026-03-0%d\t1\n' 1 2 3 4 5 6)" ]
	[ "$(cat "$out/topics-by-day.tsv")" = "$(printf '%s\n' \
	    "2026-03-02	economy-trade	1	0.4570	0.457" \
	    "2026-03-02	elections-governance	1	0.2080	0.208" \
	    "2026-03-03	sport	1	1.0360	1.036" \
	    "2026-03-06	sport	1	1.1160	1.116")" ]
	# The ids in topics.tsv are the documents' own.
	[ "$(cat "$out/runs/error.jsonl/topics.tsv")" = "$(printf '%s\n' \
	    "u2	economy-trade	0.457	3" "u2	elections-governance	0.208	1" \
	    "u1	sport	1.036	7")" ]
	# A custom pipeline says which document of $6 each line of $2 is in
	# $7; without it, the Nth of an id with scores takes the Nth date.
	rm -r "$out" "$in"/*
	printf 'x\n' >"$in/d.txt"
	dated=': >"$3"; printf "u1\t2026-03-01\nu2\t2026-03-02\nu1\t2026-03-03\n" >"$6"
	printf "u1\tsport\t1\t1\n" >"$2"'
	run -0 batch --pipeline "$dated"'; echo 3 >"$7"'
	[ "$(cut -f 1-3 "$out/topics-by-day.tsv")" = "2026-03-03	sport	1" ]
	rm -r "$out"
	run -0 batch --pipeline "$dated"
	[ "$(cut -f 1-3 "$out/topics-by-day.tsv")" = "2026-03-01	sport	1" ]
}

@test "nw-batch: no day that the calendar lacks; dump names with blanks at either end, bad UTF-8 or CR are dated and counted" {
	echo "The football team won the cup final with a late goal." >"$in/dump-2026-02-30.txt"
	echo "The striker scored twice as the club won the league." >"$in/ leading-2026-02-28.txt"
	echo "Rain stopped play at the cricket ground before lunch." >"$in/trailing-2024-02-29.txt "
	printf '%s\n' '{"url":"u1","date":"2026-02-30T10:00:00Z","text":"The goalkeeper saved a penalty in the final minute."}' \
	    >"$in/feed-2026-03-01.jsonl"
	# Names that nw-split must mend to make ids of.
	echo "The coach praised the defence after a clean sheet." \
	    >"$in/$(printf 'odd-2026-03-02-\377.txt')"
	echo "The referee sent off two players in the second half." \
	    >"$in/$(printf 'odd-2026-03-02-\r.txt')"
	touch -d '2026-03-05 12:00:00 UTC' "$in"/*
	run --separate-stderr batch --no-dedup --spikes
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	# 2026-02-30 is no day: the dump's mtime, the feed's name date.
	[ "$(cat "$out/runs/dump-2026-02-30.txt/documents.tsv")" = "2026-03-05	dump-mtime	1" ]
	[ "$(cat "$out/runs/feed-2026-03-01.jsonl/documents.tsv")" = "2026-03-01	dump-name	1" ]
	# 2024 is a leap year.
	[ "$(cat "$out/runs/trailing-2024-02-29.txt /documents.tsv")" = "2024-02-29	dump-name	1" ]
	[ "$(cat "$out/runs/$(printf 'odd-2026-03-02-\r.txt')/documents.tsv")" = "2026-03-02	dump-name	1" ]
	[ "$(cat "$out/documents-by-day.tsv")" = "$(printf '%s\n' "2024-02-29	1" \
	    "2026-02-28	1" "2026-03-01	1" "2026-03-02	2" "2026-03-05	1")" ]
	[ "$(cut -f 1,3 "$out/languages-by-day.tsv")" = "$(printf '%s\n' "2024-02-29	1" \
	    "2026-02-28	1" "2026-03-01	1" "2026-03-02	2" "2026-03-05	1")" ]
}

@test "nw-batch: a table line nw-trend refuses is told as it, not as a report that cannot be written" {
	printf 'd1\t\t1.5\ttext here\nd2\tsport\t1.0\tmore text\n' >"$in/a-2026-11-02.tsv"
	run --separate-stderr batch --pipeline "$standin"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: $out/report.html: nw-trend: $out/topics-by-day.tsv: line 1: empty topic" ]
	# What could be read is in the report.
	grep -q 'sport' "$out/report.html"
	# The line is the pipeline's, not a damaged table: the totals are
	# rebuilt with it, and nw-trend judges it.
	[ "$(cut -f 1,2 "$out/topics-by-day.tsv")" = "$(printf '2026-11-02\t\n2026-11-02\tsport')" ]
	rm "$out/totals/sources"
	run --separate-stderr batch --pipeline "$standin"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ -f "$out/totals/sources" ]
}

@test "nw-batch: installed, it finds its library in PREFIX/share/newswire/sh and the tools beside it" {
	p=$BATS_TEST_TMPDIR/prefix
	install_layout "$p"
	cp "${seed[0]}" "$in/a.txt"
	# Through a symbolic link elsewhere, under cron's short PATH.
	ln -s "$p/bin/nw-batch" "$BATS_TEST_TMPDIR/nw-batch"
	run --separate-stderr env PATH=/usr/bin:/bin "$BATS_TEST_TMPDIR/nw-batch" \
	    --settle 0 "$in" "$out"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	diff -u <(count_of a.txt) "$out/totals/counts.tsv"
	# Without its library it says where the library should be.
	rm "$p/share/newswire/sh/batch-totals.sh"
	run --separate-stderr "$p/bin/nw-batch" -h
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-batch: $p/bin/../share/newswire/sh/batch-totals.sh: No such file (make install puts it there)" ]
	# make install puts it there.
	run make -s -n -C "$TOP" install DESTDIR=/nonexistent PREFIX=/usr
	[ "$status" -eq 0 ]
	[[ "$output" == *"install -m 644 lib/batch-process.sh lib/batch-state.sh lib/batch-totals.sh /nonexistent/usr/share/newswire/sh"* ]]
}

@test "nw-batch: no part of it is over 500 lines" {
	for f in "$TOP/bin/nw-batch" "$TOP"/lib/batch-*.sh; do
		[ "$(wc -l <"$f")" -le 500 ] || { echo "$f: $(wc -l <"$f") lines"; return 1; }
	done
}
