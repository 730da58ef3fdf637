#!/usr/bin/env bats
# nw-shard: whole documents to shards, stable assignment, the byte-block
# recipe's error against the sharded recipe, the map/reduce kit, errors.
bats_require_minimum_version 1.5.0
load helpers

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	KIT=$TOP/share/newswire/cluster
	PATH=$KIT:$PATH
}

# Records of four documents, the third of three records.
records() {
	printf 'a\t1\tone\nb\t1\ttwo\nc\t1\tthree\nc\t2\tfour\nc\t3\tfive\nd\t1\tsix\n'
}

@test "nw-shard: every document goes whole to exactly one shard, in order" {
	records >in
	run nw-shard -n 3 -o part. in
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ -f part.0 ]
	[ -f part.1 ]
	[ -f part.2 ]
	[ ! -e part.3 ]
	# The shards together hold each record once.
	diff -u <(sort in) <(cat part.0 part.1 part.2 | sort)
	# Each id lies in one shard only.
	run sh -c 'for f in part.*; do cut -f1 "$f" | sort -u; done | sort | uniq -d'
	[ -z "$output" ]
	# Order is kept inside a shard.
	for f in part.*; do
		diff -u <(grep -F -x -f "$f" in) "$f"
	done
}

@test "nw-shard: --strict abandons a file at invalid UTF-8 or a NUL, what came before it written" {
	printf 'a\t1\tok\nb\t1\tbad \377 x\nc\t1\tafter\n' >bad
	printf 'a\t1\tok\nb\t1\tnul \000 x\n' >nul
	run -1 --separate-stderr nw-shard -n 1 -o s. --strict bad
	[ "$stderr" = "nw-shard: bad: line 2: invalid UTF-8" ]
	[ "$(cat s.0)" = "$(printf 'a\t1\tok')" ]
	run -1 --separate-stderr nw-shard -n 1 -o n. --strict nul
	[ "$stderr" = "nw-shard: nul: line 2: NUL byte" ]
	[ "$(cat n.0)" = "$(printf 'a\t1\tok')" ]
	# Without it, replaced and counted once a file.
	run -0 --separate-stderr nw-shard -n 1 -o r. bad
	[ "$stderr" = "nw-shard: bad: 1 invalid UTF-8 sequence replaced with U+FFFD" ]
	[ "$(cat r.0)" = "$(printf 'a\t1\tok\nb\t1\tbad \357\277\275 x\nc\t1\tafter')" ]
}

@test "nw-shard: -n 512 -o under a soft limit of 64 open files" {
	# The soft limit is raised as far as the hard one allows (any
	# system allows 576 files): -n 4096 works under the usual 1024.
	records >in
	run bash -c 'ulimit -Sn 64 && nw-shard -n 512 -o part. in'
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(ls part.* | wc -l)" -eq 512 ]
	diff -u <(sort in) <(cat part.* | sort)
	# Past the hard limit, the file that cannot be opened is named.
	# (Under the sanitizers, the leak checker needs a descriptor of
	# its own at exit, and every one is in use: it is off for this run.)
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    run bash -c 'ulimit -n 64 && nw-shard -n 512 -o more. in'
	[ "$status" -eq 1 ]
	[[ "$output" = "nw-shard: more."*": Too many open files" ]]
}

@test "nw-shard: -i I writes what -o writes to shard I, and the assignment is fixed" {
	records >in
	nw-shard -n 3 -o part. in
	for i in 0 1 2; do
		diff -u part.$i <(nw-shard -n 3 -i $i in)
	done
	# The hash is defined byte by byte (FNV-1a and a final mix): these
	# shards are the same on every machine and in every version.
	run nw-shard -n 3 -i 0 in
	[ "$output" = "" ]
	run nw-shard -n 3 -i 1 in
	[ "$output" = "$(printf 'b\t1\ttwo\nc\t1\tthree\nc\t2\tfour\nc\t3\tfive')" ]
	run nw-shard -n 3 -i 2 in
	[ "$output" = "$(printf 'a\t1\tone\nd\t1\tsix')" ]
}

@test "nw-shard: --key source keeps every document of a source in one shard" {
	for n in 1 2 3 4 5 6; do
		printf 'https://news-%s.example/a/%s\t1\ttext\n' $((n % 3)) $n
		printf 'dump-%s.tar:%s.txt\t1\ttext\n' $((n % 3)) $n
		printf 'dir-%s/%s.txt\t1\ttext\n' $((n % 3)) $n
	done >in
	nw-shard -n 4 --key source -o part. in
	# The sources nw-clean tells: news-N.example, dump-N.tar, dir-N.
	run sh -c 'for f in part.*; do
		sed "s|^https://||; s|[:/].*||" "$f" | sort -u; done | sort | uniq -d'
	[ -z "$output" ]
	[ "$(cat part.* | wc -l)" -eq 18 ]
	# By id, the same documents spread over the shards.
	nw-shard -n 4 -o byid. in
	run sh -c 'for f in byid.*; do
		sed "s|^https://||; s|[:/].*||" "$f" | sort -u; done | sort | uniq -d'
	[ -n "$output" ]
}

@test "nw-shard: --key source takes a path's directory past empty and '.' names" {
	local T=$'\t'
	printf '%s\t1\ttext\n' corpus/sport/1.txt corpus/sport//2.txt \
	    corpus/sport/./3.txt corpus/sport/.//./4.txt corpus/tech/5.txt >in
	nw-shard -n 16 --key source -o s. in
	run grep -H . s.11 s.12
	[ "$output" = "$(printf '%s\n' \
	    "s.11:corpus/sport/1.txt${T}1${T}text" \
	    "s.11:corpus/sport//2.txt${T}1${T}text" \
	    "s.11:corpus/sport/./3.txt${T}1${T}text" \
	    "s.11:corpus/sport/.//./4.txt${T}1${T}text" \
	    "s.12:corpus/tech/5.txt${T}1${T}text")" ]
	[ "$(cat s.* | wc -l)" -eq 5 ]
}

@test "nw-shard: --key source takes a URL's host in lower case, without user name and port" {
	local T=$'\t'
	printf '%s\t1\ttext\n' https://www.example.com/a \
	    https://WWW.Example.com/b https://user@www.example.com/c \
	    https://u:p@www.example.COM:8443/d 'http://[2001:db8::1]/x' \
	    'http://[2001:DB8::1]:80/y' 'http://[2001:db8::2]/z' \
	    https://www.example.com./e https://www.Example.com.:443/f >in
	nw-shard -n 16 --key source -o s. in
	run grep -H . s.2 s.9 s.13
	[ "$output" = "$(printf '%s\n' \
	    "s.2:https://www.example.com/a${T}1${T}text" \
	    "s.2:https://WWW.Example.com/b${T}1${T}text" \
	    "s.2:https://user@www.example.com/c${T}1${T}text" \
	    "s.2:https://u:p@www.example.COM:8443/d${T}1${T}text" \
	    "s.2:https://www.example.com./e${T}1${T}text" \
	    "s.2:https://www.Example.com.:443/f${T}1${T}text" \
	    "s.9:http://[2001:db8::1]/x${T}1${T}text" \
	    "s.9:http://[2001:DB8::1]:80/y${T}1${T}text" \
	    "s.13:http://[2001:db8::2]/z${T}1${T}text")" ]
	[ "$(cat s.* | wc -l)" -eq 9 ]
}

@test "nw-shard: --key source: a URL with no host has the empty source, with or without a path" {
	printf '%s\t1\ttext\n' https:///x http:// file:///y ftp:// >in
	nw-shard -n 16 --key source -o s. in
	# All in the shard of the empty source, as ":x" is.
	printf ':x\t1\ttext\n' | nw-shard -n 16 --key source -o e.
	for f in e.*; do
		[ -s "$f" ] && k=${f#e.}
	done
	run grep -c . "s.$k"
	[ "$output" = 4 ]
	[ "$(cat s.* | wc -l)" -eq 4 ]
}

@test "nw-shard --key source: ids that name no source go by the id, so a shard file is its own shard" {
	for n in $(seq 1 40); do
		printf 'story%d\t1\tthe minister said the budget would grow %d\n' $n $n
	done >news.rec
	printf 'one bare line\nanother bare line\n' >bare
	nw-shard -n 4 --key source -o s. news.rec bare
	[ "$(cat s.? | wc -l)" -eq 42 ]
	# The records of news.rec spread; the bare records of one input stay
	# together.
	[ "$(grep -l '^story' s.? | wc -l)" -gt 1 ]
	[ "$(grep -l '^bare	' s.? | wc -l)" -eq 1 ]
	# A shard of a shard file, by name or on standard input, is all of it,
	# and map over the shard files gives what one process gives.
	for i in 0 1 2 3; do
		run nw-shard -n 4 -i $i --key source s.$i
		[ "$output" = "$(cat s.$i)" ]
		run nw-shard -n 4 -i $i --key source <s.$i
		[ "$output" = "$(cat s.$i)" ]
		grep -v '^bare	' s.$i >r.$i || true
		run map -r -k source -n 4 -i $i -o out r.$i
		[ "$status" -eq 0 ]
		[ -z "$output" ]
	done
	run reduce -p 4 out
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	map -r -k source -o one news.rec
	reduce -p 1 one
	for f in counts.tsv topics.tsv documents; do
		cmp "one/$f" "out/$f"
	done
	[ "$(cat out/documents)" = 40 ]
	[ "$(grep '^budget	' out/counts.tsv)" = "budget	40	40" ]
}

@test "nw-shard: a bare record is written with its document id" {
	printf 'x\n\ny\n' >one
	printf 'z\n' >two
	run nw-shard -n 1 -i 0 one two
	[ "$status" -eq 0 ]
	# A blank line stays blank: a record with an id has text.
	[ "$output" = "$(printf 'one\tx\n\none\ty\ntwo\tz')" ]
	nw-shard -n 1 -o part. one two
	[ "$(cat part.0)" = "$output" ]
	# Six one-line files, each its own document, in four shards: the
	# merged document frequencies are the whole stream's.
	for i in 1 2 3 4 5 6; do printf 'bare story %s\n' $i >$i.txt; done
	nw-count --df --sort term ?.txt >ref
	grep -q "^bare	6	6\$" ref
	nw-shard -n 4 -o s. ?.txt
	for i in 0 1 2 3; do
		nw-count --df --sort term s.$i >c.$i
	done
	cat c.? | nw-count --merge --df --sort term >sharded
	cmp ref sharded
}

@test "byte blocks count a document cut between them twice; shards do not" {
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	# 200 documents of 5 records each, every record with the word "common".
	awk 'BEGIN { for (d = 1; d <= 200; d++) for (r = 1; r <= 5; r++)
	    printf "doc%d\t%d\tcommon words of document %d part %d\n", d, r, d, r }' >in
	nw-tokenize -l -w in | nw-count --df --sort term >ref
	grep -q "^common	1000	200\$" ref
	# parallel --pipe cuts the stream into byte blocks at line ends.
	parallel --will-cite --pipe --block 2k -j 2 \
	    'nw-tokenize -l -w | nw-count --df --sort term' <in |
	    nw-count --merge --df --sort term >blocks
	run grep "^common	" blocks
	[ "${output%	*}" = "common	1000" ]
	[ "${output##*	}" -gt 200 ]	# documents counted twice
	! cmp -s ref blocks || false
	# Whole documents per shard: merged, identical to one process.
	nw-shard -n 4 -o shard. in
	parallel --will-cite -j 2 'nw-tokenize -l -w {} | nw-count --df --sort term' \
	    ::: shard.0 shard.1 shard.2 shard.3 |
	    nw-count --merge --df --sort term >sharded
	cmp ref sharded
}

@test "map and reduce over shards give what one process gives" {
	nw-split --meta date "$SEEDS" >/dev/null
	for i in 0 1 2; do
		map -m date -n 3 -i $i -o out "$SEEDS"
	done
	reduce -p 3 out
	map -m date -o one "$SEEDS"
	reduce -p 1 one
	for f in counts.tsv topics.tsv topics-by-day.tsv documents; do
		cmp "one/$f" "out/$f"
	done
	[ "$(cat out/documents)" -eq 5 ]
	[ "$(wc -l <out/topics-by-day.tsv)" -ge 1 ]
	run reduce -p 4 out
	[ "$status" -eq 1 ]
	[ "$output" = "reduce: out: 3 parts, expected 4, missing: part-3" ]
}

@test "map and reduce: an output directory with backslashes, which awk -v would read as escapes" {
	map -m date -o one "$SEEDS"
	reduce -p 1 one
	run --separate-stderr map -m date -o 'o\new' "$SEEDS"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	reduce -p 1 'o\new'
	for f in counts.tsv topics.tsv topics-by-day.tsv documents; do
		cmp "one/$f" "o\\new/$f"
	done
	cmp one/part-0/days.tsv 'o\new/part-0/days.tsv'
}

@test "reduce: a part a map left unfinished is no part, and -p counts it missing" {
	for i in 0 1 3; do
		map -n 4 -i $i -o out "$SEEDS"
	done
	run map -n 4 -i 2 -o out missing
	[ "$status" -eq 1 ]
	[ -d out/part-2.tmp ]
	[ ! -e out/part-2 ]
	run reduce -p 4 out
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf '%s\n' \
	    "reduce: out/part-2.tmp: not a finished part, left out" \
	    "reduce: out: 3 parts, expected 4, missing: part-2")" ]
	[ ! -e out/documents ]
	# Without -p, the finished parts are combined, the rest named.
	run --separate-stderr reduce out
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$stderr" = "reduce: out/part-2.tmp: not a finished part, left out" ]
	[ "$(cat out/documents)" -eq "$(cat out/part-[013]/documents |
	    awk '{ n += $1 } END { print n }')" ]
	# Parts beyond -p, and -p itself.
	cp -R out/part-0 out/part-4
	run reduce -p 4 out
	[ "$status" -eq 1 ]
	[ "${lines[1]}" = "reduce: out: 4 parts, expected 4, missing: part-2, unexpected: part-4" ]
	for p in 0 4097 '' x; do
		run reduce -p "$p" out
		[ "$status" -eq 2 ]
		[ "$output" = "reduce: -p: $p: not a number from 1 to 4096" ]
	done
}

@test "reduce -p: a map run again that fails leaves no part of the earlier run" {
	for n in 1 2 3 4 5 6; do
		printf 'old%d\t1\tthe old budget story number %d\n' $n $n
	done >old.rec
	for n in 1 2 3 4 5 6; do
		printf 'new%d\t1\ta new football match report %d\n' $n $n
	done >new.rec
	for i in 0 1; do
		map -r -n 2 -i $i -o out old.rec
	done
	[ -d out/part-1 ]
	map -r -n 2 -i 0 -o out new.rec
	run map -r -n 2 -i 1 -o out new.rec missing
	[ "$status" -eq 1 ]
	[ ! -e out/part-1 ]
	[ -d out/part-1.tmp ]
	run reduce -p 2 out
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf '%s\n' \
	    "reduce: out/part-1.tmp: not a finished part, left out" \
	    "reduce: out: 1 parts, expected 2, missing: part-1")" ]
	[ ! -e out/documents ]
	# Run again and succeeding, the part is this run's.
	map -r -n 2 -i 1 -o out new.rec
	run reduce -p 2 out
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(cat out/documents)" = 6 ]
	[ "$(cut -f1 out/topics.tsv | sort -u | tr '\n' ' ')" = "new1 new2 new3 new4 new5 new6 " ]
	[ -z "$(grep -E '^(old|budget)	' out/counts.tsv)" ]
}

@test "map: ids are compared as strings, as nw-count does: 7, 007, 7.0 and an empty id are four documents" {
	printf '7\t2026-01-02\tthe budget\n007\t2026-01-02\tthe budget again\n7.0\t2026-01-03\tmore budget\n\t2026-01-04\tempty id budget\n' >num.rec
	run nw-count --df --sort term num.rec
	[ "${lines[1]}" = "$(printf 'budget\t4\t4')" ]
	map -r -o one num.rec
	reduce -p 1 one
	[ "$(cat one/documents)" = 4 ]
	[ "$(cat one/part-0/days.tsv)" = "$(printf '%s\n' $'\t2026-01-04' \
	    $'007\t2026-01-02' $'7\t2026-01-02' $'7.0\t2026-01-03')" ]
	# In three shards, the empty id is the first of its shard.
	for i in 0 1 2; do
		map -r -n 3 -i $i -o three num.rec
	done
	[ "$(head -c 1 three/part-2/days.tsv)" = $'\t' ]
	reduce -p 3 three
	for f in counts.tsv topics.tsv topics-by-day.tsv documents; do
		cmp "one/$f" "three/$f"
	done
	[ "$(cut -f1 one/topics-by-day.tsv | tr '\n' ' ')" = "2026-01-02 2026-01-03 2026-01-04 " ]
}

@test "reduce: a malformed line of a part's counts is told by the part's file and its line there" {
	for n in $(seq 1 12); do
		printf 'story%d\t1\tthe minister said the budget would grow by %d points\n' $n $n
	done >in.rec
	for i in 0 1 2; do
		map -r -n 3 -i $i -o out in.rec
	done
	f=out/part-1/counts.tsv
	[ "$(wc -l <"$f")" -ge 10 ]
	sed -i '3s/.*/junk/' "$f"
	run reduce -p 3 out
	[ "$status" -eq 1 ]
	[ "$output" = "nw-count: $f: line 3: no TAB after the term" ]
	[ ! -e out/counts.tsv ]
	# Cut in its last line, the part is told cut short, not run into
	# the next part's first line.
	sed -i '3d' "$f"
	n=$(wc -l <"$f")
	truncate -s -2 "$f"
	run reduce -p 3 out
	[ "$status" -eq 1 ]
	[ "$output" = "nw-count: $f: line $n: cut short (no line feed at its end)" ]
	[ ! -e out/counts.tsv ]
}

# A WARC response record: URL, paragraph's first word, record number.
warc_page() {
	local body http
	body="<html><body><p>$2 is a long paragraph about something happening in the world today.</p></body></html>"
	http=$(printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n%s' "$body")
	printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\nWARC-Date: 2026-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:%s>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' \
	    "$1" "$3" "${#http}" "$http"
}

@test "map and reduce: a URL fetched twice is one document in its shard; numbered, as one process" {
	{
		warc_page https://ex.com/a First 1
		warc_page https://ex.com/b Second 2
		warc_page https://ex.com/a Third 3
	} >dump.warc
	map -o one dump.warc
	reduce -p 1 one
	for i in 0 1; do
		map -n 2 -i $i -o two dump.warc
	done
	reduce -p 2 two
	[ "$(cat one/documents)" -eq 3 ]
	[ "$(cat two/documents)" -eq 2 ]
	[ "$(grep '^world	' one/counts.tsv)" = "world	3	3" ]
	[ "$(grep '^world	' two/counts.tsv)" = "world	3	2" ]
	# nw-shard(1)'s check names the id, and its numbering makes the
	# sharded run write what one process writes.
	man=$TOP/share/man/man1/nw-shard.1
	check=$(grep '^nw-split dump.warc.gz | cut -f1' "$man")
	run eval "${check//dump.warc.gz/dump.warc}"
	[ "$status" -eq 0 ]
	[ "$output" = "https://ex.com/a" ]
	number=$(sed -n '/^nw-split dump.warc.gz | awk/,/>records$/p' "$man" |
	    sed 's/\\e/\\/g; s/dump\.warc\.gz/dump.warc/')
	[ -n "$number" ]
	eval "$number"
	[ "$(cut -f1 records | uniq | tr '\n' ' ')" = "https://ex.com/a https://ex.com/b https://ex.com/a#2 " ]
	# Ids are compared as strings, as nw-count compares them, the first
	# one too: 7 and 007 are two ids, an empty first id is one.
	printf '\t1\tx\n7\t1\tx\n007\t1\tx\n\t1\tx\n7\t1\tx\n' >ids
	run eval "${number//nw-split dump.warc/cat ids}"
	[ "$status" -eq 0 ]
	[ "$(cut -f1 records | tr '\n' ' ')" = " 7 007 #2 7#2 " ]
	eval "$number"
	for i in 0 1; do
		map -r -n 2 -i $i -o numbered records
	done
	reduce -p 2 numbered
	map -r -o numbered-one records
	reduce -p 1 numbered-one
	for f in counts.tsv topics.tsv documents; do
		cmp "one/$f" "numbered/$f"
		cmp "numbered-one/$f" "numbered/$f"
	done
}

@test "nw-shard(1)'s check of a record file sees its ids as the tools read them" {
	printf 'x\377\t1\talpha beta\ny\t1\talpha\nx\376\t1\talpha gamma\n' >records
	# On the bytes, no id comes back; read, both are x<U+FFFD>, one id
	# to the tools, and the two documents meet in one shard.
	[ -z "$(cut -f1 records | uniq | sort | uniq -d)" ]
	run --separate-stderr nw-count --df --sort term records
	[ "${lines[0]}" = "$(printf 'alpha\t3\t3')" ]
	nw-shard -n 2 -o s. records 2>/dev/null
	for i in 0 1; do
		nw-count --df --sort term s.$i >c.$i
	done
	run nw-count --merge --df --sort term c.0 c.1
	[ "${lines[0]}" = "$(printf 'alpha\t3\t2')" ]
	check=$(grep '^nw-shard -n 1 -i 0 records | cut -f1' \
	    "$TOP/share/man/man1/nw-shard.1")
	[ -n "$check" ]
	run --separate-stderr eval "$check"
	[ "$status" -eq 0 ]
	[ "$output" = $'x\357\277\275' ]
	[ "$stderr" = "nw-shard: records: 2 invalid UTF-8 sequences replaced with U+FFFD" ]
}

@test "map -r: a bare record's document is named after its file, as every tool names it" {
	echo "the budget grew" >a.txt
	echo "the budget fell" >b.txt
	run nw-count --df a.txt b.txt
	[ "${lines[0]}" = "$(printf 'budget\t2\t2')" ]
	map -r -o one a.txt b.txt
	reduce -p 1 one
	[ "$(cat one/documents)" = 2 ]
	[ "$(grep '^budget	' one/counts.tsv)" = "$(printf 'budget\t2\t2')" ]
	[ "$(cut -f1 one/topics.tsv | uniq | tr '\n' ' ')" = "a.txt b.txt " ]
	for i in 0 1 2; do
		map -r -n 3 -i $i -o three a.txt b.txt
	done
	reduce -p 3 three
	for f in counts.tsv topics.tsv documents; do
		cmp "one/$f" "three/$f"
	done
}

@test "map: -n and -i go together, N and I in range, before anything is written" {
	u="usage: map [-r] [-k id|source] [-m names] [-n N -i I] -o DIR [--] input ..."
	run map -i 1 -o out "$SEEDS"
	[ "$status" -eq 2 ]
	[ "$output" = "$(printf 'map: -i needs -n\n%s' "$u")" ]
	run map -n 2 -o out "$SEEDS"
	[ "$status" -eq 2 ]
	[ "$output" = "$(printf 'map: -n needs -i\n%s' "$u")" ]
	run map -n 0 -i 0 -o out "$SEEDS"
	[ "$status" -eq 2 ]
	[ "$output" = "map: -n: 0: too small (allowed: 1 to 4096)" ]
	run map -n '' -i 1 -o out "$SEEDS"
	[ "$status" -eq 2 ]
	[ "$output" = "map: -n: : invalid (allowed: 1 to 4096)" ]
	run map -n 2x -i 1 -o out "$SEEDS"
	[ "$status" -eq 2 ]
	[ "$output" = "map: -n: 2x: invalid (allowed: 1 to 4096)" ]
	run map -n 2 -i 2 -o out "$SEEDS"
	[ "$status" -eq 2 ]
	[ "$output" = "map: -i: 2: too large (allowed: 0 to 1)" ]
	run map -n 2 -i '' -o out "$SEEDS"
	[ "$status" -eq 2 ]
	[ "$output" = "map: -i: : invalid (allowed: 0 to 1)" ]
	run map -k host -o out "$SEEDS"
	[ "$status" -eq 2 ]
	[ "$output" = "map: -k: host: invalid (allowed: id or source)" ]
	[ ! -e out ]
	# Leading zeros name the same part.
	run map -n 02 -i 01 -o out "$SEEDS"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(ls out)" = part-1 ]
}

@test "map: -n and -i are decimal digits, no sign or blank that would be a part's name" {
	refused() {	# refused N I MESSAGE
		run map -n "$1" -i "$2" -o out "$SEEDS"
		[ "$status" -eq 2 ]
		[ "$output" = "$3" ]
		[ ! -e out ]
	}
	refused 4 ' 1' "map: -i:  1: invalid (allowed: 0 to 3)"
	refused 4 +2 "map: -i: +2: invalid (allowed: 0 to 3)"
	refused 4 -0 "map: -i: -0: invalid (allowed: 0 to 3)"
	refused +4 1 "map: -n: +4: invalid (allowed: 1 to 4096)"
	refused ' 4' 1 "map: -n:  4: invalid (allowed: 1 to 4096)"
	refused 99999999999999999999 1 \
	    "map: -n: 99999999999999999999: too large (allowed: 1 to 4096)"
	# 010 is ten, not octal eight.
	refused 010 10 "map: -i: 10: too large (allowed: 0 to 9)"
	run map -n 010 -i 09 -o out "$SEEDS"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(ls out)" = part-9 ]
}

@test "slurm-submit: job scripts that sh reads, whatever bytes the paths hold" {
	# A stand-in sbatch that only takes the job; the job scripts are then
	# run as a node runs them, by their #! line (/bin/sh: dash on Debian).
	mkdir bin
	printf '#!/bin/sh\necho 1\n' >bin/sbatch
	chmod +x bin/sbatch
	in=$'in/M\303\244rz\tit\'s\nnew'
	out=$'o\'ut\t\303\244\n'
	mkdir -p "$in"
	cp "$SEEDS"/* "$in"/
	run env LC_ALL=C PATH="$PWD/bin:$PATH" slurm-submit -m date -n 2 \
	    -o "$out" "$in"
	[ "$status" -eq 0 ]
	[ "$output" = "map job 1, reduce job 1" ]
	[ "$(head -1 "$out/jobs/map.sh")" = "#!/bin/sh" ]
	for i in 0 1; do
		SLURM_ARRAY_TASK_ID=$i run /bin/sh "$out/jobs/map.sh"
		[ "$status" -eq 0 ]
		[ -z "$output" ]
	done
	run /bin/sh "$out/jobs/reduce.sh"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# The ids are the absolute paths slurm-submit gave.
	map -m date -o one "$(realpath "$in")"
	reduce -p 1 one
	for f in counts.tsv topics.tsv topics-by-day.tsv documents; do
		cmp "one/$f" "$out/$f"
	done
	[ "$(cat "$out/documents")" -eq 5 ]
}

@test "slurm-submit: -n read as map and reduce read it, refused before anything is submitted" {
	mkdir bin
	printf '#!/bin/sh\necho "$*" >>"%s/calls"\necho 1\n' "$PWD" >bin/sbatch
	chmod +x bin/sbatch
	# Leading zeros are decimal, for the array as for map and reduce.
	for n in 010:10 08:8; do
		rm -f calls
		run env PATH="$PWD/bin:$PATH" slurm-submit -n "${n%:*}" -o "out$n" "$SEEDS"
		[ "$status" -eq 0 ]
		[ "$output" = "map job 1, reduce job 1" ]
		[ "$(grep -c -e "--array=0-$((${n#*:} - 1)) " calls)" -eq 1 ]
		grep -q -F -e " -n '${n#*:}' -i " "out$n/jobs/map.sh"
		[ "$(tail -1 "out$n/jobs/reduce.sh")" = "exec '$KIT/reduce' -p '${n#*:}' '$PWD/out$n'" ]
	done
	# What map and reduce would refuse is refused here, in map's words.
	for n in 00:'too small' 5000:'too large' 99999999999999999999:'too large' \
	    +2:invalid ' 4':invalid 4x:invalid; do
		run env PATH="$PWD/bin:$PATH" slurm-submit -n "${n%%:*}" -o refused "$SEEDS"
		[ "$status" -eq 2 ]
		[ "$output" = "slurm-submit: -n: ${n%%:*}: ${n#*:} (allowed: 1 to 4096)" ]
		[ ! -e refused ]
	done
	[ "$(wc -l <calls)" -eq 2 ]
}

@test "slurm-submit: an exported CDPATH changes no path" {
	mkdir bin
	printf '#!/bin/sh\necho 1\n' >bin/sbatch
	chmod +x bin/sbatch
	printf 'a\t1\tsome text\n' >in.rec
	t=$PWD
	run env CDPATH=".:$HOME" PATH="$t/bin:$PATH" slurm-submit -r -n 2 \
	    -o out in.rec
	[ "$status" -eq 0 ]
	[ "$output" = "map job 1, reduce job 1" ]
	[ "$(tail -1 out/jobs/reduce.sh)" = "exec '$KIT/reduce' -p '2' '$t/out'" ]
	# Started by a path that CDPATH would look up, too.
	cd "$KIT/.."
	run env CDPATH=".:$HOME" PATH="$t/bin:$PATH" cluster/slurm-submit -r \
	    -n 2 -o "$t/out2" "$t/in.rec"
	cd "$t"
	[ "$status" -eq 0 ]
	[ "$output" = "map job 1, reduce job 1" ]
	[ "$(tail -1 out2/jobs/reduce.sh)" = "exec '$KIT/reduce' -p '2' '$t/out2'" ]
	[ "$(sed -n 3p out2/jobs/map.sh)" = "exec '$KIT/map' -r -k 'id' -m '' -n '2' -i \"\$SLURM_ARRAY_TASK_ID\" -o '$t/out2' -- '$t/in.rec'" ]
}

@test "nw-shard: usage errors" {
	run nw-shard -i 0
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "nw-shard: -n is required" ]
	run nw-shard -n 2
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "nw-shard: give one of -i and -o" ]
	run nw-shard -n 2 -i 0 -o x
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "nw-shard: give one of -i and -o" ]
	run nw-shard -n 2 -i 2
	[ "$status" -eq 2 ]
	[ "$output" = "nw-shard: -i: 2: too large (allowed: 0 to 1)" ]
	run nw-shard -n 0 -i 0
	[ "$status" -eq 2 ]
	[ "$output" = "nw-shard: -n: 0: too small (allowed: 1 to 4096)" ]
	run nw-shard -n 2 -i 0 --key host
	[ "$status" -eq 2 ]
	[ "$output" = "nw-shard: --key: host: invalid (allowed: id or source)" ]
	run nw-shard -h
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "usage: nw-shard -n N (-i I | -o prefix) [--key id|source] [--strict]" ]
}

@test "nw-shard: an empty -o is a usage error, no shard written to the current directory" {
	mkdir "$BATS_TEST_TMPDIR/cwd" && cd "$BATS_TEST_TMPDIR/cwd"
	run --separate-stderr nw-shard -n 3 -o '' < <(printf 'a\tx\nb\ty\n')
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "nw-shard: -o: empty path" ]
	[ -z "$(ls -A)" ]
	# "-" is standard output, which N shards cannot be.
	run --separate-stderr nw-shard -n 3 -o - < <(printf 'a\tx\nb\ty\n')
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "nw-shard: -o: -: the shards are files named by the prefix and their numbers (allowed: a path; ./- for one called -)" ]
	[ -z "$(ls -A)" ]
	# The current directory is still a prefix to give.
	run --separate-stderr nw-shard -n 3 -o ./ < <(printf 'a\tx\nb\ty\n')
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$(ls -A | tr '\n' ' ')" = "0 1 2 " ]
}

@test "nw-shard: an unwritable shard file and a missing input are errors" {
	records >in
	run nw-shard -n 2 -o nodir/part. in
	[ "$status" -eq 1 ]
	[ "$output" = "nw-shard: nodir/part.0: No such file or directory" ]
	run --separate-stderr nw-shard -n 2 -i 0 missing in
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-shard: missing: No such file or directory" ]
	[ "$output" = "$(nw-shard -n 2 -i 0 in)" ]
}

@test "nw-shard: with stderr closed, a warning goes into no shard file" {
	records >in
	# The first shard file opened must not take descriptor 2.
	run bash -c 'nw-shard -n 2 -o part. in missing 2>&-'
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	diff -u <(sort in) <(cat part.0 part.1 | sort)
	run bash -c 'nw-shard -n 2 -o part. in <&- >&-'
	[ "$status" -eq 0 ]
	diff -u <(sort in) <(cat part.0 part.1 | sort)
}

@test "nw-shard: a shard file that fails is named, the others are written in full" {
	# Shard 0 is /dev/full: its first full buffer fails. Shard 1 still
	# gets every one of its records, not what was buffered when shard 0
	# failed.
	for i in $(seq 1 2000); do
		printf 'doc%d\tParagraph %d of a long enough text.\n' $i $i
	done >in
	ln -s /dev/full part.0
	run --separate-stderr nw-shard -n 2 -o part. in
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-shard: part.0: No space left on device" ]
	[ -z "$output" ]
	[ "$(wc -l <part.1)" -eq 984 ]
	cmp part.1 <(nw-shard -n 2 -i 1 in)
	# Each shard that fails is named once, and only once.
	rm part.0 part.1
	ln -s /dev/full part.1
	ln -s /dev/full part.2
	run --separate-stderr nw-shard -n 3 -o part. in
	[ "$status" -eq 1 ]
	[ "$stderr" = "$(printf 'nw-shard: part.%s: No space left on device\n' 1 2)" ]
	cmp part.0 <(nw-shard -n 3 -i 0 in)
	# Too little for a full buffer: the error comes at close.
	rm part.1
	records >small
	run --separate-stderr nw-shard -n 3 -o part. small
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-shard: part.2: No space left on device" ]
	[ "$(cat part.1)" = "$(printf 'b\t1\ttwo\nc\t1\tthree\nc\t2\tfour\nc\t3\tfive')" ]
}

@test "nw-shard: a shard whose reader goes away or that grows too large is named, the others are written in full" {
	# Shard 0 is a FIFO whose reader leaves after one line: SIGPIPE,
	# in its default disposition whatever the caller's, must not end
	# the run and cut shard 1 short with nothing naming it.
	seq 1 20000 | sed 's/.*/doc&\tParagraph & of a long enough text./' >in
	mkfifo part.0 part.1
	head -1 part.0 >/dev/null &
	cat part.1 >out.1 &
	run --separate-stderr env --default-signal=PIPE \
	    nw-shard -n 2 -o part. in
	wait
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-shard: part.0: Broken pipe" ]
	[ -z "$output" ]
	cmp out.1 <(nw-shard -n 2 -i 1 in)
	# Shard 0 past the limit on file size (SIGXFSZ): the same.
	rm part.0 out.1
	cat part.1 >out.1 &
	run --separate-stderr bash -c 'ulimit -f 16 &&
	    exec env --default-signal=XFSZ nw-shard -n 2 -o part. in'
	wait
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-shard: part.0: File too large" ]
	[ -z "$output" ]
	cmp out.1 <(nw-shard -n 2 -i 1 in)
}

@test "nw-shard: two shard names that are one file are refused; /dev/null may be several" {
	for i in 1 2 3 4 5 6; do printf 'd%d\tx\n' "$i"; done >in
	ln -s part.0 part.1
	run --separate-stderr nw-shard -n 3 -o part. in
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-shard: part.1: is also the output part.0" ]
	[ ! -s part.0 ] && [ ! -s part.2 ]
	# A link to a name not made yet, and a hard link.
	rm part.*
	ln -s part.2 part.0
	run --separate-stderr nw-shard -n 3 -o part. in
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-shard: part.2: is also the output part.0" ]
	rm part.*
	: >part.0
	ln part.0 part.2
	run --separate-stderr nw-shard -n 3 -o part. in
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-shard: part.2: is also the output part.0" ]
	# Shards not wanted, sent to /dev/null, twice: every line of the
	# one kept is its shard's.
	rm part.*
	ln -s /dev/null part.0
	ln -s /dev/null part.1
	run --separate-stderr nw-shard -n 3 -o part. in
	[ "$status" -eq 0 ]
	cmp part.2 <(nw-shard -n 3 -i 2 in)
}

@test "nw-shard: an input that is also a shard file is refused, nothing emptied" {
	printf 'a\tx\nb\ty\nc\tz\n' >part.1
	cp part.1 keep
	run nw-shard -n 2 -o part. part.1
	[ "$status" -eq 1 ]
	[ "$output" = "nw-shard: part.1: is also the output part.1" ]
	cmp keep part.1 && ! [ -e part.0 ]
	# The same file under another name, and on standard input.
	ln part.1 link
	run nw-shard -n 2 -o part. keep ./link
	[ "$status" -eq 1 ]
	[ "$output" = "nw-shard: ./link: is also the output part.1" ]
	run nw-shard -n 2 -o part. <part.1
	[ "$status" -eq 1 ]
	[ "$output" = "nw-shard: -: is also the output part.1" ]
	cmp keep part.1 && ! [ -e part.0 ]
	# Shard files left by an earlier run are no inputs: overwritten.
	run nw-shard -n 2 -o part. keep
	[ "$status" -eq 0 ]
	cmp keep <(cat part.0 part.1 | sort)
}

@test "nw-shard: a missing input that opening the shards makes is refused" {
	records >in
	run nw-shard -n 2 -o part. in part.1
	[ "$status" -eq 1 ]
	[ "$output" = "nw-shard: part.1: is also the output part.1" ]
	[ ! -s part.0 ] && [ ! -s part.1 ]
	# A link to a shard file not made yet.
	rm part.*
	ln -s part.0 link
	run nw-shard -n 2 -o part. link
	[ "$status" -eq 1 ]
	[ "$output" = "nw-shard: link: is also the output part.0" ]
}

@test "map and reduce run their own installation's tools, on a short PATH" {
	run env -i PATH=/usr/bin:/bin "$KIT/map" -o short "$SEEDS"
	[ "$status" -eq 0 ]
	run env -i PATH=/usr/bin:/bin "$KIT/reduce" short
	[ "$status" -eq 0 ]
	map -o full "$SEEDS"
	reduce full
	for f in counts.tsv topics.tsv documents; do
		cmp "short/$f" "full/$f"
	done
	[ -s short/counts.tsv ]
}
