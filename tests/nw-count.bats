#!/usr/bin/env bats
# nw-count: terms, n-grams and document frequencies; --by-doc, --merge,
# spilling to temporary files under -S, and the error paths.
bats_require_minimum_version 1.5.0
load helpers

# corpus DOCS RECORDS SEED: DOCS documents of 1..RECORDS records each,
# words drawn from a skewed vocabulary of 3000, now and then two spaces.
corpus() {
	awk -v docs="$1" -v recs="$2" -v seed="$3" 'BEGIN {
		srand(seed)
		for (d = 1; d <= docs; d++) {
			nr = 1 + int(rand() * recs)
			for (r = 1; r <= nr; r++) {
				line = ""
				nw = int(rand() * 25)
				for (w = 0; w < nw; w++) {
					sep = rand() < 0.1 ? "  " : " "
					line = line (w == 0 ? "" : sep) \
					    "w" int(rand() ^ 3 * 3000)
				}
				printf "doc%d\t%d\t%s\n", d, r, line
			}
		}
	}'
}

# A corpus of few, long documents: with -S 1b every spill cuts one.
long_corpus() {
	corpus 6 400 11 | awk -F '\t' '$3 != ""'
}

# The reference: counts (and DF with df=1) of 1..n-grams, sorted as
# nw-count sorts them.
reference() {
	awk -F '\t' -v n="$1" -v df="$2" '
	{
		if ($1 != last) { doc++; last = $1 }
		m = 0
		k = split($NF, w, /[ ]+/)
		for (i = 1; i <= k; i++)
			if (w[i] != "")
				t[++m] = w[i]
		for (i = 1; i <= m; i++) {
			g = ""
			for (j = i; j <= m && j - i < n; j++) {
				g = j == i ? t[j] : g " " t[j]
				c[g]++
				if (seen[g] != doc) { seen[g] = doc; d[g]++ }
			}
		}
	}
	END { for (g in c) print g "\t" c[g] (df ? "\t" d[g] : "") }' |
	    sort -t "$(printf '\t')" -k2,2nr -k1,1
}

@test "terms of the last field, by count then byte order of the term" {
	fixture nw-count nw-count-basic
}

@test "bare records: any ASCII white space separates terms" {
	fixture nw-count nw-count-bare
}

@test "control characters other than white space belong to terms, short or long" {
	run --separate-stderr nw-count - <<<"$(printf 'a\001b c\002\nabcdefgh\001ijk lmnopqrstu\033vwxyz12345 \001\n\001x\v\001')"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '\001\t2\n\001x\t1\na\001b\t1\nabcdefgh\001ijk\t1\nc\002\t1\nlmnopqrstu\033vwxyz12345\t1')" ]
}

@test "--sort term: the order LC_ALL=C sort gives the lines, control bytes too" {
	# A term sorts as if the TAB after it were part of it: "a\001\002"
	# before "a\001", "a\001" before "a", "a" before "a!" and "ab".
	cd "$BATS_TEST_TMPDIR"
	printf 'd\t1\ta a\001 ab a! a\001\002\n' >in
	run --separate-stderr nw-count --sort term in
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'a\001\002\t1\na\001\t1\na\t1\na!\t1\nab\t1')" ]
	nw-count --sort term in | LC_ALL=C sort -c
	printf 'd\t1\ta\001 c\n' >in2
	nw-count --sort term in >x.counts
	nw-count --sort term in2 >y.counts
	[ "$(nw-count --merge --sort term x.counts y.counts)" = "$(printf 'a\001\002\t1\na\001\t2\na\t1\na!\t1\nab\t1\nc\t1')" ]
	[ "$(LC_ALL=C sort -m x.counts y.counts | cut -f1 | uniq | tr '\n' ' ')" = "$(printf 'a\001\002 a\001 a a! ab c ')" ]
}

@test "terms of equal count: the order --sort term gives, with -k and spilled" {
	# "a\001" before "a", as LC_ALL=C sort -t TAB -k2,2nr orders lines.
	cd "$BATS_TEST_TMPDIR"
	printf 'd\ta a\001 a\001\002 ab a! b b\n' >in
	want=$(printf 'b\t2\na\001\002\t1\na\001\t1\na\t1\na!\t1\nab\t1')
	run --separate-stderr nw-count in
	[ "$status" -eq 0 ]
	[ "$output" = "$want" ]
	nw-count in | LC_ALL=C sort -t "$(printf '\t')" -k2,2nr -c
	run --separate-stderr nw-count -k 3 in
	[ "$output" = "$(printf 'b\t2\na\001\002\t1\na\001\t1')" ]
	nw-count --sort term in >counts
	run --separate-stderr nw-count --merge -S 64K counts counts
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' "$want" | awk -F '\t' -v OFS='\t' \
	    '{ $2 *= 2; print }')" ]
}

@test "-n 3: n-grams within a record, joined by one space, never across records" {
	fixture nw-count nw-count-ngram -n 3
}

@test "--df: documents are runs of records with the same id" {
	fixture nw-count nw-count-df --df
}

@test "--df -n 2 --sort term: byte order of the term" {
	run --separate-stderr nw-count --df -n 2 --sort term "$DATA/nw-count-df.in"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'blue\t1\t1\ngreen\t2\t2\nred\t4\t2\nred green\t1\t1\nred red\t1\t1')" ]
}

@test "-k: the most frequent terms, ties in byte order; with --sort term, those in term order" {
	run --separate-stderr nw-count -k 3 "$DATA/nw-count-basic.in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'the\t4\ncat\t2\nzebra\t2')" ]
	run --separate-stderr nw-count -k 4 --sort term "$DATA/nw-count-basic.in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'Zebra\t1\ncat\t2\nthe\t4\nzebra\t2')" ]
	run --separate-stderr nw-count -k 100 "$DATA/nw-count-basic.in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(nw-count "$DATA/nw-count-basic.in")" ]
}

@test "-m: terms counted at least N times; applied before -k" {
	run --separate-stderr nw-count -m 2 "$DATA/nw-count-basic.in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'the\t4\ncat\t2\nzebra\t2')" ]
	run --separate-stderr nw-count -m 2 -k 10 --sort term "$DATA/nw-count-basic.in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'cat\t2\nthe\t4\nzebra\t2')" ]
	run --separate-stderr nw-count -m 5 "$DATA/nw-count-basic.in"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "--by-doc: per-document counts, ID first, documents without terms print nothing" {
	fixture nw-count nw-count-bydoc --by-doc
}

@test "--by-doc: a document is written when the next begins and the input has no more yet" {
	local t=$BATS_TEST_TMPDIR w pid i
	mkfifo "$t/feed"
	nw-count --by-doc "$t/feed" >"$t/out" &
	pid=$!
	exec {w}>"$t/feed"
	# More than the 4 KB every input is sniffed for UTF-16 by, then d1,
	# and the first record of d2.
	awk 'BEGIN { for (i = 0; i < 600; i++) printf "d0\tw%d w%d\n", i, i }' >&"$w"
	printf 'd1\tthe cat\nd1\tthe mat\nd2\tthe dog\n' >&"$w"
	# The input open, d0 and d1 arrive; d2 may go on.
	for i in $(seq 100); do
		grep -q '^d1' "$t/out" && break
		sleep 0.1
	done
	[ "$(grep -c '^d0' "$t/out")" -eq 600 ]
	[ "$(grep '^d[12]' "$t/out")" = "$(printf 'd1\tthe\t2\nd1\tcat\t1\nd1\tmat\t1')" ]
	printf 'd2\tthe end\n' >&"$w"
	exec {w}>&-
	wait "$pid"
	[ "$(grep '^d2' "$t/out")" = "$(printf 'd2\tthe\t2\nd2\tdog\t1\nd2\tend\t1')" ]
}

@test "--by-doc: a document of a gzip feed is written when the next begins and no more has come" {
	local t=$BATS_TEST_TMPDIR w pid i
	mkfifo "$t/feed"
	nw-count --by-doc "$t/feed" >"$t/out" &
	pid=$!
	# One gzip stream, flushed (Z_SYNC_FLUSH) after each write it is
	# given, as a live feed's writer flushes after each document.
	exec {w}> >(python3 -c 'import os, zlib
z = zlib.compressobj(6, zlib.DEFLATED, 31)
while True:
    b = os.read(0, 65536)
    if not b:
        break
    os.write(1, z.compress(b) + z.flush(zlib.Z_SYNC_FLUSH))
os.write(1, z.flush())' >"$t/feed")
	# More than the 4 KB of decoded text sniffed for UTF-16: the
	# inflater takes in all the bytes of the first write and holds back
	# what it decodes past them.  Then d1 and the first record of d2.
	awk 'BEGIN { for (i = 0; i < 600; i++) printf "d0\tw%d w%d\n", i, i }' >&"$w"
	printf 'd1\tthe cat\nd1\tthe mat\nd2\tthe dog\n' >&"$w"
	# The stream open, d0 and d1 arrive; d2 may go on.
	for i in $(seq 100); do
		grep -q '^d1' "$t/out" && break
		sleep 0.1
	done
	[ "$(grep -c '^d0' "$t/out")" -eq 600 ]
	[ "$(grep '^d[12]' "$t/out")" = "$(printf 'd1\tthe\t2\nd1\tcat\t1\nd1\tmat\t1')" ]
	printf 'd2\tthe end\n' >&"$w"
	exec {w}>&-
	wait "$pid"
	[ "$(grep '^d2' "$t/out")" = "$(printf 'd2\tthe\t2\nd2\tdog\t1\nd2\tend\t1')" ]
}

@test "--by-doc: -k, -m, -n and --sort apply within each document" {
	run --separate-stderr nw-count --by-doc -k 1 "$DATA/nw-count-bydoc.in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'n1\tb\t3\nn2\ty\t1\nn4\tq\t3')" ]
	run --separate-stderr nw-count --by-doc -m 2 --sort term "$DATA/nw-count-bydoc.in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'n1\tb\t3\nn1\tc\t2\nn4\tq\t3')" ]
	run --separate-stderr nw-count --by-doc -n 2 -k 2 "$DATA/nw-count-bydoc.in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'n1\tb\t3\nn1\tc\t2\nn2\ty\t1\nn2\tz\t1\nn4\tq\t3\nn4\tq q\t2')" ]
}

@test "--by-doc: a bare record's document is its input's name" {
	run --separate-stderr nw-count --by-doc - "$DATA/nw-count-bare.in" <<<'one two two'
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf -- '-\ttwo\t2\n-\tone\t1\n%s\tthe\t3\n%s\tcat\t1\n%s\tdog\t1\n%s\tend\t1\n%s\tran\t1\n%s\tsat\t1' \
	    "$DATA/nw-count-bare.in" "$DATA/nw-count-bare.in" "$DATA/nw-count-bare.in" \
	    "$DATA/nw-count-bare.in" "$DATA/nw-count-bare.in" "$DATA/nw-count-bare.in")" ]
}

@test "--merge --df: counts and DFs summed over sorted and unsorted files" {
	run --separate-stderr nw-count --merge --df "$DATA/nw-count-merge-a.in" "$DATA/nw-count-merge-b.in"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(cat "$DATA/nw-count-merge.out")" ]
	run --separate-stderr nw-count --merge --df --sort term -k 2 "$DATA/nw-count-merge-b.in" "$DATA/nw-count-merge-a.in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'blue\t4\t3\nred\t9\t3')" ]
}

@test "--merge without --df: a DF column is not merged, the output has none" {
	run --separate-stderr nw-count --merge "$DATA/nw-count-merge-a.in" - <<<"$(printf 'red\t1\nnew\t2')"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'red\t5\ngreen\t2\nnew\t2\nblue\t1')" ]
}

@test "--merge: zero counts are numbers; a term summing to zero is not written" {
	run --separate-stderr nw-count --merge --df - <<<"$(printf 'a\t0\t0\nb\t0\t0\nb\t2\t1\nc\t007\t3')"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'c\t7\t3\nb\t2\t1')" ]
}

@test "--merge --df: a line without DF is malformed (reported, skipped, exit 1)" {
	run --separate-stderr nw-count --merge --df "$DATA/nw-count-merge-a.in" - <<<"$(printf 'red\t1\nblue\t2\t2')"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-count: -: line 1: no document frequency (--df needs one)" ]
	[ "$output" = "$(printf 'red\t4\t2\nblue\t3\t3\ngreen\t2\t2')" ]
}

@test "--merge: malformed lines are told as file: line N, skipped, and exit 1 at the end" {
	printf 'a\t1\nb\nc\t-1\nd\tx\ne\t18446744073709551616\nf\t3\t4\ng\t1\t1\t1\n\t4\nh\t5\t\ni\t\nj\t+3\nk\t18446744073709551615\n' \
	    >"$BATS_TEST_TMPDIR/bad"
	run --separate-stderr nw-count --merge "$BATS_TEST_TMPDIR/bad" "$DATA/nw-count-merge-a.in"
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'k\t18446744073709551615\nred\t4\ngreen\t2\na\t1\nblue\t1')" ]
	f=$BATS_TEST_TMPDIR/bad
	[ "$stderr" = "nw-count: $f: line 2: no TAB after the term
nw-count: $f: line 3: negative count
nw-count: $f: line 4: count is not a number
nw-count: $f: line 5: count too large (more than 64 bits)
nw-count: $f: line 6: document frequency greater than count
nw-count: $f: line 7: more than three fields
nw-count: $f: line 8: empty term
nw-count: $f: line 9: empty document frequency
nw-count: $f: line 10: empty count
nw-count: $f: line 11: count is not a number" ]
}

@test "--merge: a last line with no line feed is a file cut short: told, skipped, exit 1" {
	cd "$BATS_TEST_TMPDIR"
	printf 'd1\t1\tzebra zebra apple\nd2\t1\tzebra apple\n' |
	    nw-count --sort term >part0
	printf 'd3\t1\tzebra zebra zebra zebra zebra zebra zebra zebra zebra zebra zebra zebra\n' |
	    nw-count --sort term >part1
	run --separate-stderr nw-count --merge part0 part1
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'zebra\t15\napple\t2')" ]
	# Cut in the middle of "zebra<TAB>12": no 1 taken for the 12.
	head -c -2 part1 >part1.cut
	run --separate-stderr nw-count --merge part0 part1.cut
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-count: part1.cut: line 1: cut short (no line feed at its end)" ]
	[ "$output" = "$(printf 'zebra\t3\napple\t2')" ]
	# A DF cut short, and a line that is whole but for its line feed.
	printf 'zebra\t40\t1' >df.cut
	printf 'apple\t2\t2\nzebra\t40\t12' >lf.cut
	run --separate-stderr nw-count --merge --df df.cut lf.cut
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-count: df.cut: line 1: cut short (no line feed at its end)
nw-count: lf.cut: line 2: cut short (no line feed at its end)" ]
	[ "$output" = "$(printf 'apple\t2\t2')" ]
	# Standard input too; a CR LF is a line feed.
	run --separate-stderr nw-count --merge - < <(printf 'a\t1\r\nb\t2')
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-count: -: line 2: cut short (no line feed at its end)" ]
	[ "$output" = "$(printf 'a\t1')" ]
}

@test "--merge: after ten malformed lines, the rest are counted in one message" {
	for i in $(seq 25); do echo "junk $i"; done >"$BATS_TEST_TMPDIR/junk"
	printf 'ok\t2\n' >>"$BATS_TEST_TMPDIR/junk"
	run --separate-stderr nw-count --merge "$BATS_TEST_TMPDIR/junk"
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'ok\t2')" ]
	[ "${#stderr_lines[@]}" -eq 11 ]
	[ "${stderr_lines[0]}" = "nw-count: $BATS_TEST_TMPDIR/junk: line 1: no TAB after the term" ]
	[ "${stderr_lines[10]}" = "nw-count: $BATS_TEST_TMPDIR/junk: 25 malformed lines in all, skipped" ]
}

@test "--merge: a sum beyond 64 bits is an error, never wrapped, and nothing is printed" {
	printf 'a\t18446744073709551615\nb\t1\n' >"$BATS_TEST_TMPDIR/max"
	run --separate-stderr nw-count --merge "$BATS_TEST_TMPDIR/max" - <<<"$(printf 'b\t7\na\t1')"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-count: -: line 2: count overflows 64 bits when summed" ]
}

@test "--merge: a sum beyond 64 bits met only in merging spilled runs names the term" {
	cd "$BATS_TEST_TMPDIR"
	awk 'BEGIN { print "zz top\t18446744073709551615"
		for (i = 0; i < 20000; i++) printf "t%06d\t10\n", i }' >a.cnt
	awk 'BEGIN { print "zz top\t1"
		for (i = 0; i < 20000; i++) printf "u%06d\t10\n", i }' >b.cnt
	# Without a spill, the line that overflowed.
	run --separate-stderr nw-count --merge a.cnt b.cnt
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-count: b.cnt: line 1: count overflows 64 bits when summed" ]
	# With one, the runs keep no line: the term.
	run --separate-stderr nw-count --merge -S 64K a.cnt b.cnt
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-count: term zz top: count overflows 64 bits when summed" ]
	run --separate-stderr nw-count --merge -S 64K --sort term a.cnt b.cnt
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-count: term zz top: count overflows 64 bits when summed" ]
	# Some of the terms before it in byte order, never it.
	[ -n "$output" ]
	run grep -c '^zz' <<<"$output"
	[ "$output" = 0 ]
}

@test "merge property: count(A+B+C) == merge(count(A), count(B), count(C)), split by document" {
	cd "$BATS_TEST_TMPDIR"
	corpus 300 6 5 >whole
	awk -F '\t' '{ d = substr($1, 4) + 0
		print > (d <= 90 ? "a" : d <= 200 ? "b" : "c") }' whole
	[ "$(cat a b c | cmp - whole && echo same)" = same ]
	for opts in "" "--df" "-n 2" "-n 2 --df" "-n 3 --df"; do
		mopts=${opts#-n [0-9]}
		nw-count $opts a >a.cnt
		nw-count $opts --sort term b >b.cnt
		nw-count $opts c >c.cnt
		nw-count $opts whole >whole.cnt
		nw-count --merge $mopts a.cnt b.cnt c.cnt >merged
		cmp whole.cnt merged
		nw-count --merge $mopts c.cnt a.cnt b.cnt >merged
		cmp whole.cnt merged
		# The merge spills too, with the same result.
		nw-count --merge -S 1b $mopts c.cnt b.cnt a.cnt >merged
		cmp whole.cnt merged
		nw-count --sort term $opts whole >whole.cnt
		nw-count --merge --sort term $mopts a.cnt b.cnt c.cnt >merged
		cmp whole.cnt merged
	done
	# The counts are right, not only consistent.
	reference 2 1 <whole >ref
	nw-count -n 2 --df whole | cmp - ref
}

@test "-S 1b spills (sizes under 64K count as 64K) with output identical to the in-memory run" {
	cd "$BATS_TEST_TMPDIR"
	long_corpus >c
	for opts in "" "--df" "-n 3 --df" "-n 2 --sort term --df" "-k 40 --df" \
	    "-n 2 -k 40 --sort term" "-n 2 -m 3 --df" "-n 3 -m 2 -k 500 --sort term --df"; do
		nw-count $opts c >mem
		nw-count -S 1b $opts c >spilled
		cmp mem spilled
		nw-count -S 1 $opts c >spilled
		cmp mem spilled
		# A spill is needed: without a temporary directory it fails.
		run --separate-stderr env TMPDIR=/nonexistent nw-count -S 1b $opts c
		[ "$status" -eq 1 ]
		[ -z "$output" ]
		[ "$stderr" = "nw-count: /nonexistent: cannot create a temporary file: No such file or directory" ]
	done
	# Documents cut by spills are counted once in DF.
	reference 3 1 <c >ref
	nw-count -S 1b -n 3 --df c | cmp - ref
}

# vocabulary: 3000 documents of 100 terms each, all 300,000 distinct.
vocabulary() {
	awk 'BEGIN { for (d = 0; d < 3000; d++) { line = ""
		for (i = 0; i < 100; i++) line = line " t" d "x" i
		printf "d%d\t%s\n", d, line } }'
}

# peak ARGS...: run nw-count ARGS >out, print its peak RSS in KB.  The
# sanitizers' shadow memory and quarantine would dominate, so under
# SANITIZE=1 the bounds below are not checked (the outputs still are).
peak() {
	/usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss" nw-count "$@" \
	    >"$BATS_TEST_TMPDIR/out" || return 1
	tail -n 1 "$BATS_TEST_TMPDIR/rss"
}

@test "-S bounds memory: 300,000 terms in under 8 MB with -S 2M, same output" {
	cd "$BATS_TEST_TMPDIR"
	vocabulary >v
	nw-count --df -n 2 v >mem
	[ "$(wc -l <mem)" -eq 597000 ]
	for opts in "" "--sort term" "-k 10" "--df -n 2"; do
		kb=$(peak -S 2M $opts v)
		echo "-S 2M $opts: peak $kb KB"
		[ -n "${NW_SANITIZE:-}" ] || [ "$kb" -lt 8192 ]
		nw-count $opts v | cmp - out
	done
	kb=$(peak v)
	echo "in memory: peak $kb KB"
	[ -n "${NW_SANITIZE:-}" ] || [ "$kb" -gt 16384 ]
}

@test "--by-doc: memory bounded by one document" {
	cd "$BATS_TEST_TMPDIR"
	vocabulary >v
	kb=$(peak --by-doc v)
	echo "peak $kb KB"
	[ -n "${NW_SANITIZE:-}" ] || [ "$kb" -lt 8192 ]
	[ "$(wc -l <out)" -eq 300000 ]
	[ "$(sed -n '1p;$p' out)" = "$(printf 'd0\tt0x0\t1\nd2999\tt2999x99\t1')" ]
}

@test "one record of millions of terms costs the record, not an array of its terms" {
	cd "$BATS_TEST_TMPDIR"
	awk 'BEGIN { printf "r\t"; for (i = 0; i < 4000000; i++) printf "a b "; print "c" }' >r
	kb=$(peak -n 2 r)
	echo "peak $kb KB"
	[ -n "${NW_SANITIZE:-}" ] || [ "$kb" -lt 40960 ]
	[ "$(cat out)" = "$(printf 'a\t4000000\na b\t4000000\nb\t4000000\nb a\t3999999\nb c\t1\nc\t1')" ]
}

@test "the default -S is at most half of ulimit -v and -d; a table that cannot be allocated names -S, exit 1" {
	# AddressSanitizer reserves terabytes of address space for its
	# shadow memory and cannot start under ulimit -v or -d.
	[ -z "${NW_SANITIZE:-}" ] || skip "a SANITIZE=1 build cannot run under ulimit -v or -d"
	cd "$BATS_TEST_TMPDIR"
	# A million distinct terms: about 110 MB in memory, more than twice
	# the limit of 48 MiB below.
	awk 'BEGIN { for (i = 0; i < 1000000; i++) print "w" i }' >v
	nw-count v >mem
	for limit in "-v 49152" "-d 49152"; do
		run --separate-stderr bash -c "ulimit $limit && exec nw-count v"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$output" = "$(cat mem)" ]
		run --separate-stderr bash -c "ulimit $limit && exec nw-count -S 1G v"
		[ "$status" -eq 1 ]
		[ -z "$output" ]
		[ "$stderr" = "nw-count: -S 1G: cannot allocate the table of terms: Cannot allocate memory" ]
	done
}

@test "after a spill, -k with --sort term sorts within -S: the sort by count and the sort by term share it" {
	[ -z "${NW_SANITIZE:-}" ] || skip "a SANITIZE=1 build cannot run under ulimit -v or -d"
	cd "$BATS_TEST_TMPDIR"
	# A million distinct terms spill a table of 20 MiB; the sort by
	# count then hands its terms to the sort by term while it still
	# holds them.  With -S each, the two would peak near 37 MB, over
	# the limit of 32 MiB below: they share it.
	awk 'BEGIN { for (i = 0; i < 1000000; i++) print "w" i }' >v
	nw-count --sort term v >mem
	for limit in "-v 32768" "-d 32768"; do
		run --separate-stderr bash -c "ulimit $limit && exec nw-count -S 20M -k 1000000 --sort term v"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$output" = "$(cat mem)" ]
	done
}

@test "after a spill, a merge that cannot be allocated names -S, exit 1" {
	[ -z "${NW_SANITIZE:-}" ] || skip "a SANITIZE=1 build cannot run under ulimit -v or -d"
	cd "$BATS_TEST_TMPDIR"
	# Eight terms of 4 MB, one a record: each spills a run of its own,
	# which the table held one at a time, but the merge reads all eight
	# back at once, a buffer as long as the term for each run.
	x=$(head -c 4000000 /dev/zero | tr '\0' x)
	for i in 1 2 3 4 5 6 7 8; do printf '%s%s\n' $i "$x"; done >long
	run --separate-stderr nw-count -S 1M long
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(for i in 1 2 3 4 5 6 7 8; do printf '%s%s\t1\n' $i "$x"; done)" ]
	for limit in "-v 24576" "-d 24576"; do
		for sort in count term; do
			run --separate-stderr bash -c "ulimit $limit && exec nw-count -S 1M --sort $sort long"
			[ "$status" -eq 1 ]
			[ -z "$output" ]
			[ "$stderr" = "nw-count: -S 1M: cannot allocate the merge of the spilled terms: Cannot allocate memory" ]
		done
		run --separate-stderr bash -c "ulimit $limit && exec nw-count -S 1M -k 3 --sort term long"
		[ "$status" -eq 1 ]
		[ -z "$output" ]
		[ "$stderr" = "nw-count: -S 1M: cannot allocate the merge of the spilled terms: Cannot allocate memory" ]
	done
}

@test "n-grams across the chunks a record is split in, slices or built" {
	cd "$BATS_TEST_TMPDIR"
	# 10,000 distinct terms in one record, single spaces, then the same
	# with runs of blanks between some: the n-grams of 1 to 3, all once.
	awk 'BEGIN { printf "r\t"; for (i = 0; i < 10000; i++) printf "%st%d", i ? " " : "", i; print "" }' >one
	awk 'BEGIN { printf "r\t"; for (i = 0; i < 10000; i++) printf "%st%d", i ? (i % 7 ? " " : " \r  ") : "", i; print "" }' >blanks
	awk 'BEGIN { for (i = 0; i < 10000; i++) {
		printf "t%d\t1\n", i
		if (i + 1 < 10000) printf "t%d t%d\t1\n", i, i + 1
		if (i + 2 < 10000) printf "t%d t%d t%d\t1\n", i, i + 1, i + 2 } }' |
	    LC_ALL=C sort >want
	nw-count -n 3 --sort term one | cmp - want
	nw-count -n 3 --sort term blanks | cmp - want
	nw-count -n 3 --sort term --by-doc blanks | cut -f 2- | cmp - want
}

@test "temporary files go to TMPDIR and none is left after the run" {
	cd "$BATS_TEST_TMPDIR"
	long_corpus >c
	mkdir tmp
	TMPDIR=$PWD/tmp nw-count -S 1b -n 3 --df c >spilled
	nw-count -n 3 --df c | cmp - spilled
	[ -z "$(ls -A tmp)" ]
}

@test "killed mid-run (TERM, INT, HUP, PIPE, KILL): no temporary file is left" {
	cd "$BATS_TEST_TMPDIR"
	long_corpus >c
	mkdir tmp
	for sig in TERM INT HUP PIPE KILL; do
		rm -f fifo
		mkfifo fifo
		TMPDIR=$PWD/tmp env --default-signal nw-count -S 1b -n 3 fifo \
		    >/dev/null 3>&- &
		pid=$!
		exec 8>fifo
		cat c >&8
		# Wait until it holds spilled runs, then kill it while it waits
		# for more input.
		held=0
		for i in $(seq 200); do
			if ls -l "/proc/$pid/fd" | grep -q " $PWD/tmp/.* (deleted)\$"; then
				held=1
				break
			fi
			sleep 0.05
		done
		[ "$held" -eq 1 ]
		kill -s "$sig" "$pid"
		exec 8>&-
		status=0
		wait "$pid" || status=$?
		[ "$status" -eq $((128 + $(kill -l "$sig"))) ]
		[ -z "$(ls -A tmp)" ]
	done
}

@test "a reader that goes away during a spilled merge ends it quietly" {
	cd "$BATS_TEST_TMPDIR"
	long_corpus >c
	mkdir tmp
	run --separate-stderr bash -c "TMPDIR=$PWD/tmp nw-count -S 1b -n 3 c | head -1"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ -n "$output" ]
	[ -z "$(ls -A tmp)" ]
}

@test "a TMPDIR that cannot be written is an error only when a spill is needed" {
	run --separate-stderr env TMPDIR=/etc/passwd nw-count -S 1b "$DATA/nw-count-basic.in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(nw-count "$DATA/nw-count-basic.in")" ]
	long_corpus >"$BATS_TEST_TMPDIR/c"
	run --separate-stderr env TMPDIR=/etc/passwd nw-count -S 1b "$BATS_TEST_TMPDIR/c"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-count: /etc/passwd: cannot create a temporary file: Not a directory" ]
}

@test "a missing file among good ones: the others are counted, exit 1" {
	run --separate-stderr nw-count "$DATA/nw-count-df.in" "$BATS_TEST_TMPDIR/missing" - <<<'red'
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'red\t5\ngreen\t2\nblue\t1')" ]
	[ "$stderr" = "nw-count: $BATS_TEST_TMPDIR/missing: No such file or directory" ]
}

@test "gzip input is read whatever its name" {
	gzip -c "$DATA/nw-count-basic.in" >"$BATS_TEST_TMPDIR/in.txt"
	run --separate-stderr nw-count "$BATS_TEST_TMPDIR/in.txt"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$DATA/nw-count-basic.out")" ]
}

@test "bad option values are usage errors (exit 2)" {
	run --separate-stderr nw-count -k -1 </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-count: -k: -1: invalid (allowed: 1 to 9223372036854775807)" ]
	run --separate-stderr nw-count -k 0 </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-count: -k: 0: too small (allowed: 1 to 9223372036854775807)" ]
	run --separate-stderr nw-count -n 0 </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-count: -n: 0: too small (allowed: 1 to 100)" ]
	run --separate-stderr nw-count -n 99999999999 </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-count: -n: 99999999999: too large (allowed: 1 to 100)" ]
	run --separate-stderr nw-count -m x </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-count: -m: x: invalid (allowed: 1 to 9223372036854775807)" ]
	run --separate-stderr nw-count -S foo </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-count: -S: foo: invalid size (a number with an optional suffix b, K, M, G or T)" ]
	run --separate-stderr nw-count --sort size </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-count: --sort: size: invalid (allowed: count or term)" ]
	[ -z "$output" ]
}

@test "options that cannot go together are usage errors (exit 2)" {
	run --separate-stderr nw-count --by-doc --df </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-count: --by-doc cannot be used with --df" ]
	run --separate-stderr nw-count --by-doc --merge </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-count: --by-doc cannot be used with --merge" ]
	run --separate-stderr nw-count --merge -n 2 </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-count: -n cannot be used with --merge" ]
}

@test "no input, no output" {
	run --separate-stderr nw-count </dev/null
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ -z "$stderr" ]
}
