#!/usr/bin/env bats
# Hostile input, the same for every tool.  Most cases are differential:
# the tool's output on the damaged input must equal its output on the
# clean input the damage stands for (same file name, so ids agree), with
# the exact message and exit status the damage calls for.
bats_require_minimum_version 1.5.0
load helpers

TOOLS="nw-split nw-normalize nw-tokenize nw-count nw-topic-score nw-clean"
TEXT='Police arrested a suspect after the bomb attack in Tripoli, officials said.'

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	mkdir -p clean bad
}

# put DIR BYTES...: write printf-escaped bytes to DIR/in.
put() {
	local dir=$1
	shift
	printf "$@" >"$dir/in"
}

# same TOOL STATUS STDERR: run TOOL on bad/in and clean/in; the outputs
# must be equal, clean must succeed quietly, bad must exit STATUS with
# exactly STDERR.
same() {
	local tool=$1 want_status=$2 want_stderr=$3
	(cd clean && "$tool" in >../clean.out 2>../clean.err) ||
	    { echo "$tool failed on clean input"; cat clean.err; return 1; }
	[ ! -s clean.err ] || { echo "$tool: clean stderr:"; cat clean.err; return 1; }
	run --separate-stderr sh -c "cd bad && exec $tool in"
	diff -u clean.out <(printf '%s' "$output"; [ -z "$output" ] || echo) ||
	    { echo "$tool: output differs"; return 1; }
	[ "$status" -eq "$want_status" ] ||
	    { echo "$tool: exit $status, want $want_status: $stderr"; return 1; }
	[ "$stderr" = "$want_stderr" ] ||
	    { printf '%s: stderr\n%s\nwant\n%s\n' "$tool" "$stderr" "$want_stderr"; return 1; }
}

@test "empty input: no output, no message, exit 0" {
	for t in $TOOLS; do
		run --separate-stderr "$t" </dev/null
		[ "$status" -eq 0 ] || { echo "$t: $status $stderr"; return 1; }
		[ -z "$output" ] && [ -z "$stderr" ] || { echo "$t: '$output' '$stderr'"; return 1; }
	done
}

@test "a file without a final newline reads like one with it" {
	put clean 'a\t1\t%s\nb\t1\t%s\n' "$TEXT" "$TEXT"
	put bad 'a\t1\t%s\nb\t1\t%s' "$TEXT" "$TEXT"
	for t in $TOOLS; do same "$t" 0 ""; done
}

@test "CRLF line ends read like LF; a lone CR is a space" {
	put clean 'a\t1\t%s\nb\t1\tone two\n' "$TEXT"
	put bad 'a\t1\t%s\r\nb\t1\tone\rtwo\r\n' "$TEXT"
	for t in $TOOLS; do same "$t" 0 ""; done
}

@test "a UTF-8 byte-order mark at the start is dropped" {
	put clean 'a\t1\t%s\n' "$TEXT"
	put bad '\357\273\277a\t1\t%s\n' "$TEXT"
	for t in $TOOLS; do same "$t" 0 ""; done
}

# One class of invalid UTF-8 a case: the bytes, and how many U+FFFD the
# Unicode recommended practice gives for them.
invalid_case() {
	local bytes=$1 n=$2 fffd="" i word=sequences
	for ((i = 0; i < n; i++)); do fffd="$fffd\357\277\275"; done
	[ "$n" -eq 1 ] && word=sequence
	put clean "a\t1\tbomb attack x${fffd}y in Tripoli\n"
	put bad "a\t1\tbomb attack x${bytes}y in Tripoli\n"
	for t in $TOOLS; do
		same "$t" 0 "$t: in: $n invalid UTF-8 $word replaced with U+FFFD"
	done
}

@test "invalid UTF-8: lone continuation bytes" { invalid_case '\200\277' 2; }
@test "invalid UTF-8: overlong forms" { invalid_case '\300\257\340\200\257' 5; }
@test "invalid UTF-8: surrogates" { invalid_case '\355\240\200' 3; }
@test "invalid UTF-8: above U+10FFFF" { invalid_case '\364\220\200\200\370\210' 6; }
@test "invalid UTF-8: a truncated sequence" { invalid_case '\342\202' 1; }

@test "invalid UTF-8: a truncated sequence at the end of input" {
	put clean 'a\t1\tbomb attack x\357\277\275'
	put bad 'a\t1\tbomb attack x\342\202'
	for t in $TOOLS; do
		same "$t" 0 "$t: in: 1 invalid UTF-8 sequence replaced with U+FFFD"
	done
}

@test "--strict makes invalid UTF-8 an error naming the line" {
	put bad 'a\t1\tfine\na\t1\tbad \377 byte\n'
	for t in $TOOLS; do
		run --separate-stderr sh -c "cd bad && exec $t --strict in"
		[ "$status" -eq 1 ] || { echo "$t: exit $status"; return 1; }
		[ "$stderr" = "$t: in: line 2: invalid UTF-8" ] ||
		    { echo "$t: $stderr"; return 1; }
	done
}

@test "NUL bytes become spaces and are reported" {
	put clean 'a\t1\tbomb attack in Tripoli\n'
	put bad 'a\t1\tbomb\000attack\000in Tripoli\n'
	for t in $TOOLS; do
		same "$t" 0 "$t: in: 2 NUL bytes replaced with spaces"
	done
}

@test "records with no TAB, with empty fields, with twenty fields" {
	local twenty=""
	for i in $(seq 1 19); do twenty="${twenty}f$i\t"; done
	put clean "bare text: bomb attack\n\t\t\nid\t\t\tbomb attack\n${twenty}bomb attack\n"
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
	for t in $TOOLS; do same "$t" 0 ""; done
}

@test "a nonexistent operand among good ones: the good ones are processed, exit 1" {
	for t in $TOOLS; do
		printf 'a\t1\t%s\n' "$TEXT" >good1
		printf 'b\t1\t%s\n' "$TEXT" >good2
		"$t" good1 good2 >want
		run --separate-stderr "$t" good1 nosuch good2
		[ "$status" -eq 1 ] || { echo "$t: exit $status"; return 1; }
		[ "$stderr" = "$t: nosuch: No such file or directory" ] ||
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

gz_text() {
	local i
	for i in $(seq 1 2000); do printf 'd%d\t1\t%s %d\n' $((i / 10)) "$TEXT" "$i"; done
}

@test "a multi-member gzip reads like the text it holds" {
	gz_text >clean/in
	head -n 700 clean/in | gzip >bad/in
	tail -n +701 clean/in | gzip >>bad/in
	for t in $TOOLS; do same "$t" 0 ""; done
}

@test "a file that is not gzip but named .gz is read as text" {
	gz_text >plain.gz
	for t in $TOOLS; do
		if [ "$t" = nw-split ]; then
			"$t" - <plain.gz | sed 's/^-\t/plain.gz\t/' >want
		else
			"$t" <plain.gz >want
		fi
		[ -s want ]
		run --separate-stderr "$t" plain.gz
		[ "$status" -eq 0 ] && [ -z "$stderr" ] || { echo "$t: $status $stderr"; return 1; }
		diff -u want <(printf '%s\n' "$output")
	done
}

@test "gzip with trailing garbage: everything before it, then the message, exit 1" {
	gz_text >clean/in
	gzip -c clean/in >bad/in
	printf 'this is not gzip' >>bad/in
	for t in $TOOLS; do
		same "$t" 1 "$t: in: trailing garbage after gzip data"
	done
}

@test "gzip cut inside its trailer: all the text, then the message, exit 1" {
	gz_text >clean/in
	gzip -c clean/in >full.gz
	head -c $(($(wc -c <full.gz) - 3)) full.gz >bad/in
	for t in $TOOLS; do
		same "$t" 1 "$t: in: unexpected end of file (truncated gzip data)"
	done
}

@test "gzip cut in the middle: a prefix of the output, the message, exit 1" {
	gz_text >clean/in
	gzip -c clean/in >full.gz
	head -c $(($(wc -c <full.gz) / 2)) full.gz >bad/in
	for t in nw-split nw-normalize nw-tokenize; do
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

@test "/dev/full as stdout: exit 1 with a message" {
	gz_text >in
	for t in $TOOLS; do
		run --separate-stderr sh -c "exec $t in >/dev/full"
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
	[ "$status" -eq 0 ] && [ -z "$stderr" ]
	[ "$output" = "$(printf 'a\t1000000')" ]
	run --separate-stderr sh -c 'nw-normalize in | nw-tokenize | nw-count --df'
	[ "$output" = "$(printf 'a\t1000000\t1')" ]
	run --separate-stderr sh -c 'nw-split in | wc -l'
	[ "$status" -eq 0 ] && [ -z "$stderr" ]
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
	absurd "nw-count: -k: -1: too small (allowed: 1 to 9223372036854775807)" nw-count -k -1
	absurd "nw-count: -n: 99999999999: too large (allowed: 1 to 100)" nw-count -n 99999999999
	absurd "nw-count: -n: 0: too small (allowed: 1 to 100)" nw-count -n 0
	absurd "nw-count: -S: 1Q: invalid size (a number with an optional suffix b, K, M, G or T)" nw-count -S 1Q
	absurd "nw-count: -S: 99999999999999999999: invalid size (a number with an optional suffix b, K, M, G or T)" nw-count -S 99999999999999999999
	absurd "nw-topic-score: -k: -1: too small (allowed: 1 to 1000000)" nw-topic-score -k -1
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
	[ "$status" -eq 2 ] && [ -z "$output" ]
	[ "$stderr" = "nw-topic-score: /dev/zero: larger than 32 MiB: not a list" ]
	run --separate-stderr nw-tokenize -s /dev/zero </dev/null
	[ "$status" -eq 2 ] && [ -z "$output" ]
	[ "$stderr" = "nw-tokenize: /dev/zero: larger than 32 MiB: not a list" ]
}

@test "-S 1 is raised to the smallest table, and the count is still right" {
	printf 'a\t1\tx y x z x y\n' >in
	run --separate-stderr nw-count -S 1 in
	[ "$status" -eq 0 ] && [ -z "$stderr" ]
	[ "$output" = "$(printf 'x\t3\ny\t2\nz\t1')" ]
}
