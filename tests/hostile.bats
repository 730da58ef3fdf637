#!/usr/bin/env bats
# The input and output contract of the library (lib/input.c, lib/utf8.c,
# lib/output.c), asserted here once for every tool, table-driven: invalid
# UTF-8, NUL bytes, CRLF, a byte-order mark, --strict, gzip damage,
# missing operands, a full disk.  The library's messages are spelled in
# this file only; each tool's own .bats file tests what that tool alone
# does.  Most cases are differential: a tool's output on the damaged
# input must equal its output on the clean input the damage stands for
# (same file name, so ids agree), with the exact message and exit status
# the damage calls for.  (nw-topic-train reads the same way but writes
# topic files, not standard output; compressed input of every kind is
# input.bats's.)
bats_require_minimum_version 1.5.0
load helpers

# Every tool that reads operands through lib/input.c and writes to stdout.
TOOLS="nw-split nw-normalize nw-tokenize nw-count nw-topic-score nw-clean
    nw-dedup nw-lang nw-shard nw-trend"
# Of them, those that read records (all but nw-trend).
RECORD_TOOLS="nw-split nw-normalize nw-tokenize nw-count nw-topic-score
    nw-clean nw-dedup nw-lang nw-shard"
TEXT='Police arrested a suspect after the bomb attack in Tripoli, officials said.'
OTHER='Ministers met in Brussels to agree the budget, the finance office said.'

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	mkdir -p clean bad
}

# tool NAME ARGS...: run the tool NAME with what it needs besides ARGS.
tool() {
	local t=$1
	shift
	case $t in
	nw-shard) nw-shard -n 1 -i 0 "$@" ;;
	*) "$t" "$@" ;;
	esac
}

# in_dir DIR NAME ARGS...: tool NAME ARGS, run in DIR.
in_dir() {
	cd "$1" && shift && tool "$@"
}

# line TOOL ID TEXT [EOL]: one line of TOOL's input holding TEXT, ended
# by EOL (default LF), both printf formats: a record ID<TAB>1<TAB>TEXT,
# for nw-trend a dated count line whose term is TEXT.
line() {
	local eol=${4-\\n}
	case $1 in
	nw-trend) printf "2026-11-01\t$3\t1\t1$eol" ;;
	*) printf "$2\t1\t$3$eol" ;;
	esac
}

# same TOOL STATUS STDERR [ARGS...]: run TOOL ARGS (default: the operand
# in) in bad/ and in clean/; the outputs must be equal, clean must succeed
# quietly with some output, bad must exit STATUS with exactly STDERR.
same() {
	local t=$1 want_status=$2 want_stderr=$3
	shift 3
	[ $# -gt 0 ] || set -- in
	(in_dir clean "$t" "$@" >clean.out 2>clean.err) ||
	    { echo "$t failed on clean input"; cat clean.err; return 1; }
	[ ! -s clean.err ] || { echo "$t: clean stderr:"; cat clean.err; return 1; }
	[ -s clean.out ] || { echo "$t: no output on clean input"; return 1; }
	run --separate-stderr in_dir bad "$t" "$@"
	diff -u clean.out <(printf '%s' "$output"; [ -z "$output" ] || echo) ||
	    { echo "$t: output differs"; return 1; }
	[ "$status" -eq "$want_status" ] ||
	    { echo "$t: exit $status, want $want_status: $stderr"; return 1; }
	[ "$stderr" = "$want_stderr" ] ||
	    { printf '%s: stderr\n%s\nwant\n%s\n' "$t" "$stderr" "$want_stderr"; return 1; }
}

@test "empty input: no output, no message, exit 0" {
	for t in $TOOLS; do
		run --separate-stderr tool "$t" </dev/null
		[ "$status" -eq 0 ] || { echo "$t: $status $stderr"; return 1; }
		[ -z "$output" ] && [ -z "$stderr" ] || { echo "$t: '$output' '$stderr'"; return 1; }
	done
}

@test "a file without a final newline reads like one with it" {
	# Records only: nw-trend reads lines of numbers that a tool wrote
	# whole, where a last line with no line feed is a file cut short, its
	# last number maybe cut too (tests/nw-trend.bats), as nw-count --merge
	# reads count files.
	for t in $RECORD_TOOLS; do
		{ line "$t" a "$TEXT"; line "$t" b "$TEXT"; } >clean/in
		{ line "$t" a "$TEXT"; line "$t" b "$TEXT" ''; } >bad/in
		same "$t" 0 ""
	done
}

@test "CRLF line ends read like LF; a lone CR is a space" {
	for t in $TOOLS; do
		{ line "$t" a "$TEXT"; echo; line "$t" b 'one two'; } >clean/in
		{ line "$t" a "$TEXT" '\r\n'; printf '\r\n';
		    line "$t" b 'one\rtwo' '\r\n'; } >bad/in
		same "$t" 0 ""
	done
}

@test "a UTF-8 byte-order mark at the start is dropped" {
	for t in $TOOLS; do
		line "$t" a "$TEXT" >clean/in
		{ printf '\357\273\277'; line "$t" a "$TEXT"; } >bad/in
		same "$t" 0 ""
	done
}

# One class of invalid UTF-8 a case: the bytes, and how many U+FFFD the
# Unicode recommended practice gives for them.
invalid_case() {
	local bytes=$1 n=$2 fffd="" i word=sequences t
	for ((i = 0; i < n; i++)); do fffd="$fffd\357\277\275"; done
	[ "$n" -eq 1 ] && word=sequence
	for t in $TOOLS; do
		line "$t" a "bomb attack x${fffd}y in Tripoli" >clean/in
		line "$t" a "bomb attack x${bytes}y in Tripoli" >bad/in
		same "$t" 0 "$t: in: $n invalid UTF-8 $word replaced with U+FFFD"
	done
}

@test "invalid UTF-8: lone continuation bytes" { invalid_case '\200\277' 2; }
@test "invalid UTF-8: overlong forms" { invalid_case '\300\257\340\200\257' 5; }
@test "invalid UTF-8: surrogates" { invalid_case '\355\240\200' 3; }
@test "invalid UTF-8: above U+10FFFF" { invalid_case '\364\220\200\200\370\210' 6; }
@test "invalid UTF-8: a truncated sequence" { invalid_case '\342\202' 1; }

@test "invalid UTF-8: a truncated sequence at the end of input" {
	# Not nw-trend: a count line ends in its numbers, never in text.
	for t in $RECORD_TOOLS; do
		line "$t" a 'bomb attack x\357\277\275' '' >clean/in
		line "$t" a 'bomb attack x\342\202' '' >bad/in
		same "$t" 0 "$t: in: 1 invalid UTF-8 sequence replaced with U+FFFD"
	done
}

@test "--strict: invalid UTF-8 or a NUL ends the input at its line; what came before is kept, the next operand read" {
	local t damage what
	for t in $TOOLS; do
		line "$t" b "$OTHER" >good
		line "$t" a "$TEXT" >clean/in
		for damage in 'bad \377 byte:invalid UTF-8' 'nul\000here:NUL byte'; do
			what=${damage#*:}
			{ line "$t" a "$TEXT"; line "$t" a "${damage%%:*}";
			    line "$t" a 'never'; } >bad/in
			same "$t" 1 "$t: in: line 2: $what" --strict in ../good
		done
	done
}

@test "NUL bytes become spaces and are reported" {
	for t in $TOOLS; do
		line "$t" a 'bomb attack in Tripoli' >clean/in
		line "$t" a 'bomb\000attack\000in Tripoli' >bad/in
		same "$t" 0 "$t: in: 2 NUL bytes replaced with spaces"
	done
}

@test "records with no TAB, with empty fields, with twenty fields" {
	local twenty=""
	for i in $(seq 1 19); do twenty="${twenty}f$i\t"; done
	printf "bare text: bomb attack\n\t\t\nid\t\t\tbomb attack\n${twenty}bomb attack\n" >clean/in
	cp clean/in bad/in
	for t in nw-normalize nw-tokenize; do
		(cd clean && "$t" in) >out
		[ "$(cut -f1-19 out | sed -n 4p)" = "$(printf "${twenty}" | cut -f1-19)" ] ||
		    { echo "$t lost metadata"; cat out; return 1; }
		[ "$(sed -n 1p out | tr -cd '\t' | wc -c)" -eq 0 ]
		[ "$(sed -n 2p out)" = "$(printf '\t\t')" ]
		[ "$(sed -n 3p out | cut -f1-3)" = "$(printf 'id\t\t')" ]
		[ "$(wc -l <out)" -eq 4 ]
	done
	for t in $RECORD_TOOLS; do same "$t" 0 ""; done
}

@test "a nonexistent operand among good ones: the good ones are processed, exit 1" {
	for t in $TOOLS; do
		line "$t" a "$TEXT" >good1
		line "$t" b "$TEXT" >good2
		tool "$t" good1 good2 >want
		run --separate-stderr tool "$t" good1 nosuch good2
		[ "$status" -eq 1 ] || { echo "$t: exit $status"; return 1; }
		[ "$stderr" = "$t: nosuch: No such file or directory" ] ||
		    { echo "$t: $stderr"; return 1; }
		diff -u want <(printf '%s\n' "$output")
	done
}

@test "a symbolic link to nothing among good operands: said to be one, the good ones processed, exit 1" {
	ln -s missing/target dangling
	for t in $TOOLS; do
		line "$t" a "$TEXT" >good1
		tool "$t" good1 >want
		run --separate-stderr tool "$t" dangling good1
		[ "$status" -eq 1 ] || { echo "$t: exit $status"; return 1; }
		[ "$stderr" = "$t: dangling: a symbolic link to missing/target, which does not exist" ] ||
		    { echo "$t: $stderr"; return 1; }
		diff -u want <(printf '%s\n' "$output")
	done
}

@test "a directory operand to a record filter is an error; the rest is processed" {
	for t in nw-normalize nw-tokenize nw-count nw-topic-score; do
		printf 'a\t1\t%s\n' "$TEXT" >good
		"$t" good >want
		run --separate-stderr "$t" clean good
		[ "$status" -eq 1 ] || { echo "$t: exit $status"; return 1; }
		[ "$stderr" = "$t: clean: Is a directory" ] || { echo "$t: $stderr"; return 1; }
		diff -u want <(printf '%s\n' "$output")
	done
}

# gz_text TOOL: 2000 lines of TOOL's input (as line() writes them), of
# 200 documents; one awk, as a shell loop under bats takes seconds.
gz_text() {
	awk -v tool="$1" -v text="$TEXT" 'BEGIN {
		for (i = 1; i <= 2000; i++)
			if (tool == "nw-trend")
				printf "2026-11-01\t%s %d\t1\t1\n", text, i
			else
				printf "d%d\t1\t%s %d\n", int(i / 10), text, i
	}'
}

@test "a multi-member gzip reads like the text it holds" {
	for t in $TOOLS; do
		gz_text "$t" >clean/in
		head -n 700 clean/in | gzip >bad/in
		tail -n +701 clean/in | gzip >>bad/in
		same "$t" 0 ""
	done
}

@test "a file that is not gzip but named .gz is read as text" {
	for t in $TOOLS; do
		gz_text "$t" >plain.gz
		if [ "$t" = nw-split ]; then
			"$t" - <plain.gz | sed 's/^-\t/plain.gz\t/' >want
		else
			tool "$t" <plain.gz >want
		fi
		[ -s want ]
		run --separate-stderr tool "$t" plain.gz
		[ "$status" -eq 0 ] && [ -z "$stderr" ] || { echo "$t: $status $stderr"; return 1; }
		diff -u want <(printf '%s\n' "$output")
	done
}

@test "gzip with trailing garbage: everything before it, then the message, exit 1" {
	for t in $TOOLS; do
		gz_text "$t" >clean/in
		gzip -c clean/in >bad/in
		printf 'this is not gzip' >>bad/in
		same "$t" 1 "$t: in: trailing garbage after gzip data"
	done
}

@test "a corrupt gzip member between good ones: the others read as their text, the message, exit 1" {
	for t in $TOOLS; do
		gz_text "$t" >all
		head -n 700 all >a
		sed -n '701,1300p' all >b
		tail -n +1301 all >c
		cat a c >clean/in
		gzip -n <a >m1
		gzip -n <b >m2
		gzip -n <c >m3
		# Reserved header flags: the same words from either inflater.
		printf '\340' | dd of=m2 bs=1 seek=3 conv=notrunc status=none
		cat m1 m2 m3 >bad/in
		same "$t" 1 "$t: in: invalid gzip data at byte $(wc -c <m1) (unknown header flags set): $(wc -c <m2) bytes skipped to the next member"
	done
}

@test "bytes crafted to look like gzip members after a corrupt one cost time as their length does" {
	# Every 20 bytes a member header and a stored block whose end
	# starts another: each would be inflated to the end of them all.
	python3 - <<'PY'
import gzip
unit = (b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03'
        b'\x00\xff\xff\x00\x00' + b'U' * 5)
first = gzip.compress(b'first\n', mtime=0)
bad = bytearray(gzip.compress(b'lost\n', mtime=0))
bad[3] = 0xe0
last = gzip.compress(b'last\n', mtime=0)
crafted = unit * (15 * 1024 * 1024 // 20)
open('crafted.gz', 'wb').write(first + bytes(bad) + crafted + last)
open('want', 'w').write('nw-normalize: crafted.gz: invalid gzip data at byte %d '
    '(unknown header flags set): %d bytes skipped to the next member'
    % (len(first), len(bad) + len(crafted)))
PY
	run --separate-stderr timeout 60 nw-normalize crafted.gz
	[ "$status" -eq 1 ]
	[ "$output" = "first
last" ]
	[ "$stderr" = "$(cat want)" ]
}

@test "gzip cut inside its trailer: all the text, then the message, exit 1" {
	for t in $TOOLS; do
		gz_text "$t" >clean/in
		gzip -c clean/in >full.gz
		head -c $(($(wc -c <full.gz) - 3)) full.gz >bad/in
		same "$t" 1 "$t: in: unexpected end of file (truncated gzip data)"
	done
}

@test "gzip cut in the middle: a prefix of the output, the message, exit 1" {
	for t in nw-split nw-normalize nw-tokenize; do
		gz_text "$t" >clean/in
		gzip -c clean/in >full.gz
		head -c $(($(wc -c <full.gz) / 2)) full.gz >bad/in
		(cd clean && "$t" in) >want
		run --separate-stderr sh -c "cd bad && exec $t in"
		[ "$status" -eq 1 ] || { echo "$t: exit $status"; return 1; }
		[ "$stderr" = "$t: in: unexpected end of file (truncated gzip data)" ] ||
		    { echo "$t: $stderr"; return 1; }
		[ -n "$output" ]
		# Every complete line but the last must be a line of the full output.
		printf '%s\n' "$output" | sed '$d' >got
		[ "$(wc -l <got)" -gt 100 ]
		diff -u got <(head -n "$(wc -l <got)" want)
	done
}

# to_full TOOL: TOOL in, writing to /dev/full.
to_full() {
	tool "$1" in >/dev/full
}

@test "/dev/full as stdout: exit 1 with a message" {
	for t in $TOOLS; do
		gz_text "$t" >in
		run --separate-stderr to_full "$t"
		[ "$status" -eq 1 ] || { echo "$t: exit $status"; return 1; }
		[ "$stderr" = "$t: stdout: No space left on device" ] ||
		    { echo "$t: $stderr"; return 1; }
	done
}

@test "| head -1: quiet exit, no message" {
	for i in $(seq 1 20); do gz_text; done >in
	for t in nw-split nw-normalize nw-tokenize; do
		run --separate-stderr sh -c "$t in | head -1"
		[ "$status" -eq 0 ]
		[ "${#lines[@]}" -eq 1 ]
		[ -z "$stderr" ] || { echo "$t: $stderr"; return 1; }
	done
}

@test "a 64 MB line goes through whole" {
	awk 'BEGIN { s = "Bomb attack in Tripoli, officials said. ";
	    while (length(s) < 64 * 1024 * 1024) s = s s; printf "a\t1\t%s\n", s }' >in
	run --separate-stderr sh -c 'nw-normalize in | nw-tokenize -l | nw-count'
	[ "$status" -eq 0 ] && [ -z "$stderr" ] || { echo "$status $stderr"; return 1; }
	n=2097152	# 40-byte sentence doubled until the line passes 64 MB
	[[ "$output" == *"$(printf 'tripoli\t%d' "$n")"* ]]
	[[ "$output" == *"$(printf 'bomb\t%d' "$n")"* ]]
	[[ "$output" == *"$(printf '.\t%d' "$n")"* ]]
}

@test "a million one-byte lines" {
	yes a | head -n 1000000 >in
	run --separate-stderr sh -c 'nw-normalize in | nw-tokenize | nw-count'
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'a\t1000000')" ]
	run --separate-stderr sh -c 'nw-normalize in | nw-tokenize | nw-count --df'
	[ "$output" = "$(printf 'a\t1000000\t1')" ]
	run --separate-stderr sh -c 'nw-split in | wc -l'
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" -eq 1000000 ]
}

# absurd EXPECTED-FIRST-STDERR-LINE TOOL ARGS...: a usage error, exit 2.
absurd() {
	local want=$1
	shift
	run --separate-stderr "$@" </dev/null
	[ "$status" -eq 2 ] || { echo "$*: exit $status"; return 1; }
	[ -z "$output" ]
	[ "${stderr%%$'\n'*}" = "$want" ] || { echo "$*: $stderr"; return 1; }
}

@test "absurd option values are usage errors that say what is allowed" {
	absurd "nw-count: -k: -1: invalid (allowed: 1 to 9223372036854775807)" nw-count -k -1
	absurd "nw-count: -n: 99999999999: too large (allowed: 1 to 100)" nw-count -n 99999999999
	absurd "nw-count: -n: 0: too small (allowed: 1 to 100)" nw-count -n 0
	absurd "nw-count: -S: 1Q: invalid size (a number with an optional suffix b, K, M, G or T)" nw-count -S 1Q
	absurd "nw-count: -S: 99999999999999999999: too large (at most 16 EiB, 18446744073709551615 bytes)" nw-count -S 99999999999999999999
	absurd "nw-count: -S: 20000000T: too large (at most 16 EiB, 18446744073709551615 bytes)" nw-count -S 20000000T
	absurd "nw-topic-score: -k: -1: invalid (allowed: 1 to 1000000)" nw-topic-score -k -1
	absurd "nw-topic-score: -k: +1: invalid (allowed: 1 to 1000000)" nw-topic-score -k +1
	absurd "nw-shard: -n: +2: invalid (allowed: 1 to 4096)" nw-shard -n +2
	absurd "nw-trend: -w: -0: invalid (allowed: 1 to 100000)" nw-trend -w -0
	absurd "nw-dedup: --max-age: +3: invalid (allowed: 0 to 1000000)" nw-dedup --max-age +3 --state s
	absurd "nw-topic-score: -t: abc: invalid (allowed: 0 to 1000000)" nw-topic-score -t abc
	absurd "nw-topic-score: -t: 0x10: invalid (allowed: 0 to 1000000)" nw-topic-score -t 0x10
	absurd "nw-split: -u: foo: invalid (allowed: para, sentence or doc)" nw-split -u foo
	absurd "nw-split: -d: (: Unmatched ( or \\(" nw-split -d '('
	absurd "nw-tokenize: --clitics: x: invalid (allowed: split, keep or drop)" nw-tokenize --clitics x
	absurd "nw-normalize: --form: x: invalid (allowed: nfc, nfkc or none)" nw-normalize --form x
}

@test "usage errors name the tool as nw-NAME, not by the path it was run by" {
	local t
	for t in nw-normalize nw-tokenize nw-count nw-topic-score; do
		run --separate-stderr "$TOP/bin/$t" -x </dev/null
		[ "$status" -eq 2 ] || { echo "$t: exit $status"; return 1; }
		[ "${stderr%%$'\n'*}" = "$t: invalid option -- 'x'" ] ||
		    { echo "$t: $stderr"; return 1; }
		run --separate-stderr "$TOP/bin/$t" --no-such-option </dev/null
		[ "$status" -eq 2 ]
		[ "${stderr%%$'\n'*}" = "$t: unrecognized option '--no-such-option'" ] ||
		    { echo "$t: $stderr"; return 1; }
	done
}

@test "a list file that never ends (/dev/zero) is refused with one message" {
	run --separate-stderr nw-topic-score -T /dev/zero </dev/null
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-topic-score: /dev/zero: topic file larger than 32 MiB" ]
	run --separate-stderr nw-tokenize -s /dev/zero </dev/null
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-tokenize: /dev/zero: word list larger than 32 MiB" ]
}

@test "-S 1 is raised to the smallest table, and the count is still right" {
	printf 'a\t1\tx y x z x y\n' >in
	run --separate-stderr nw-count -S 1 in
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'x\t3\ny\t2\nz\t1')" ]
}
