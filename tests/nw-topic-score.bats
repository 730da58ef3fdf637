#!/usr/bin/env bats
# nw-topic-score: topic files, matching, scores, options, the shipped
# topics on the seeds, and tests/eval-topics.
bats_require_minimum_version 1.5.0
load helpers

TOPICS=$DATA/nw-topic-score-topics

# topic NAME LINE...: write $BATS_TEST_TMPDIR/NAME.topic.
topic() {
	local name=$1
	shift
	printf '%s\n' "$@" >"$BATS_TEST_TMPDIR/$name.topic"
}

# The whole pipeline over the seeds.
seed_scores() {
	nw-split "$SEEDS" | nw-normalize | nw-tokenize -l -w |
	    nw-topic-score "$@"
}

@test "nw-topic-score: documents, phrases, prefixes, weak terms, negative weights" {
	fixture nw-topic-score nw-topic-score-basic -T "$TOPICS"
}

@test "nw-topic-score: --explain lists the entries that counted, largest first" {
	fixture nw-topic-score nw-topic-score-explain -T "$TOPICS" --explain
}

@test "nw-topic-score: --explain writes an entry's own commas after a backslash" {
	# A number token holds commas, and "10:30,000" a colon and digits
	# before one: escaped, every other comma ends an entry.
	topic n '2 "1,000 troops"' '1 10:30,000' '1 war'
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/n.topic" \
	    --explain < <(printf 'd\t1,000 troops war 10:30,000 war\n')
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = 'd	n	0.347	4	1\,000 troops:1,war:2,10:30\,000:1' ]
}

@test "nw-topic-score: -r scores each record and keeps its metadata" {
	run --separate-stderr nw-topic-score -r -T "$TOPICS" \
	    "$DATA/nw-topic-score-basic.in"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' \
	    'd1	1	fruit	0.337	2' \
	    'd1	1	colour	0.252	2' \
	    'd1	2	fruit	0.211	2' \
	    'd1	2	colour	0.169	1' \
	    'd2	1	colour	0.359	3' \
	    'd5	1	fruit	0.295	2')" ]
}

@test "nw-topic-score: -m begins a document's lines with its first record's metadata, for nw-trend" {
	cd "$BATS_TEST_TMPDIR"
	printf '%s\n' 'd1	2026-01-05 10:00	1	apple orange juice' \
	    'd1	2026-01-05 10:00	2	apple' \
	    'd2	2026-01-06	1	date=x	orange' \
	    'd3	1	nothing' >in
	run --separate-stderr nw-topic-score -m -T "$TOPICS" in
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' \
	    'd1	2026-01-05 10:00	1	fruit	0.359	3' \
	    'd1	2026-01-05 10:00	1	colour	0.264	3' \
	    'd2	2026-01-06	1	date=x	colour	0.169	1')" ]
	# The date of each document reaches nw-trend, as -r's do.
	run --separate-stderr nw-trend -d 2 < <(nw-topic-score -m -T "$TOPICS" in)
	[ "$status" -eq 0 ]
	[ "$(cut -f 1-3 <<<"$output")" = "$(printf '%s\n' \
	    '2026-01-05	colour	1' '2026-01-05	fruit	1' '2026-01-06	colour	1')" ]
	run --separate-stderr nw-topic-score -m -r -T "$TOPICS" in
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-topic-score: -m and -r: a line of -r has its record's fields" ]
}

@test "nw-topic-score: -m keeps a metadata field that is empty, as -r does" {
	cd "$BATS_TEST_TMPDIR"
	printf '%s\n' 'd1		apple' 'd2	2026-01-06	apple' 'd3	apple' >in
	run --separate-stderr nw-topic-score -m -T "$TOPICS" in
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' 'd1		fruit	0.169	1' \
	    'd2	2026-01-06	fruit	0.169	1' 'd3	fruit	0.169	1')" ]
	[ "$(nw-topic-score -r -T "$TOPICS" in)" = "$output" ]
	# So the empty date is no date to nw-trend, not the topic.
	run --separate-stderr nw-trend -d 2 < <(nw-topic-score -m -T "$TOPICS" \
	    <(head -2 in))
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-trend: -: line 1: no date (the date field is empty)" ]
	[ "$(cut -f 1-3 <<<"$output")" = '2026-01-06	fruit	1' ]
}

@test "nw-topic-score: bare text is one document named after its input" {
	run --separate-stderr nw-topic-score -T "$TOPICS" --explain \
	    < <(printf 'apple\norange juice\n')
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    '-	fruit	0.337	2	apple:1,orange juice:1' \
	    '-	colour	0.253	2	orange:1,apple:1')" ]
	printf 'apple\norange juice\n' >"$BATS_TEST_TMPDIR/bare.txt"
	run --separate-stderr nw-topic-score -T "$TOPICS" -r -k 1 \
	    "$BATS_TEST_TMPDIR/bare.txt"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    "$BATS_TEST_TMPDIR/bare.txt	fruit	0.169	1" \
	    "$BATS_TEST_TMPDIR/bare.txt	colour	0.169	1")" ]
}

@test "nw-topic-score: a document ends with its input, even if the next starts with its id" {
	printf 'd\tapple\n' >"$BATS_TEST_TMPDIR/a"
	printf 'd\tapple\n' >"$BATS_TEST_TMPDIR/b"
	run --separate-stderr nw-topic-score -T "$TOPICS" \
	    "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'd\tfruit\t0.169\t1\nd\tfruit\t0.169\t1')" ]
	run --separate-stderr nw-topic-score -T "$TOPICS" <"$BATS_TEST_TMPDIR/a" \
	    - "$BATS_TEST_TMPDIR/a"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'd\tfruit\t0.169\t1\nd\tfruit\t0.169\t1')" ]
}

@test "nw-topic-score: -k keeps the best N topics of each document" {
	run --separate-stderr nw-topic-score -T "$TOPICS" -k 1 \
	    "$DATA/nw-topic-score-basic.in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' 'd1	fruit	0.545	4' \
	    'd2	colour	0.359	3' 'd5	fruit	0.295	2')" ]
}

@test "nw-topic-score: -t compares with the score as written" {
	run --separate-stderr nw-topic-score -T "$TOPICS" -t 0.359 \
	    "$DATA/nw-topic-score-basic.in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' 'd1	fruit	0.545	4' \
	    'd1	colour	0.419	3' 'd2	colour	0.359	3')" ]
	run --separate-stderr nw-topic-score -T "$TOPICS" -t .36 -k 5 \
	    "$DATA/nw-topic-score-basic.in"
	[ "$output" = "$(printf '%s\n' 'd1	fruit	0.545	4' \
	    'd1	colour	0.419	3')" ]
	run --separate-stderr nw-topic-score -T "$TOPICS" -t 0 \
	    "$DATA/nw-topic-score-basic.in"
	[ "$output" = "$(cat "$DATA/nw-topic-score-basic.out")" ]
	run --separate-stderr nw-topic-score -T "$TOPICS" -t 1000000 \
	    "$DATA/nw-topic-score-basic.in"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# Not rounded: 0.359 is below 0.3594, and 0.001 above 0.0004.
	run --separate-stderr nw-topic-score -T "$TOPICS" -t 0.3594 \
	    "$DATA/nw-topic-score-basic.in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' 'd1	fruit	0.545	4' \
	    'd1	colour	0.419	3')" ]
	# "delta" once in one token: (2.2 / 1.3018 - 1.67) / 20 = 0.001.
	cd "$BATS_TEST_TMPDIR"
	topic tiny '@bias -1.67' '1 delta'
	printf 'd\tdelta\n' >tiny.in
	for t in 0.0004 0.001 0.0010000; do
		run --separate-stderr nw-topic-score -T tiny.topic -t "$t" tiny.in
		[ "$output" = "$(printf 'd\ttiny\t0.001\t1')" ]
	done
	for t in 0.0014 0.00100001; do
		run --separate-stderr nw-topic-score -T tiny.topic -t "$t" tiny.in
		[ "$status" -eq 0 ]
		[ -z "$output" ]
	done
}

@test "nw-topic-score: a positive bias scores a document that meets none of the topic's entries" {
	cd "$BATS_TEST_TMPDIR"
	mkdir t
	printf '@bias 20\n1 football\n1 weak goal\n' >t/b.topic
	printf '@bias 0.0829\n2 match\n' >t/s.topic
	printf '@bias 0.0099\n2 league\n' >t/u.topic
	printf '@bias -5\n1 rain\n' >t/w.topic
	printf 'd1\tzzz\nd2\tgoal\nd3\tfootball\n' >in
	# The bias over 20, HITS 0, whether nothing was found or only a weak
	# entry; 0.0099 / 20 rounds to 0.000 and is not written.
	run --separate-stderr nw-topic-score -T t --explain in
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' 'd1	b	1.000	0	' 'd1	s	0.004	0	' \
	    'd2	b	1.000	0	' 'd2	s	0.004	0	' \
	    'd3	b	1.084	1	football:1' 'd3	s	0.004	0	')" ]
	run --separate-stderr nw-topic-score -T t -r -k 1 in
	[ "$output" = "$(printf '%s\n' 'd1	b	1.000	0' 'd2	b	1.000	0' \
	    'd3	b	1.084	1')" ]
	# Above -t only where there is evidence; --best gives the others
	# their best topic, the same score.
	run --separate-stderr nw-topic-score -T t -t 1.001 in
	[ "$output" = "$(printf 'd3\tb\t1.084\t1')" ]
	run --separate-stderr nw-topic-score -T t -t 1.001 --best in
	[ "$output" = "$(printf '%s\n' 'd1	b	1.000	0' 'd2	b	1.000	0' \
	    'd3	b	1.084	1')" ]
	run --separate-stderr nw-topic-score -T t/u.topic --best in
	[ "$output" = "$(printf '%s\n' 'd1	u	0.000	0' 'd2	u	0.000	0' \
	    'd3	u	0.000	0')" ]
}

@test "nw-topic-score: bad option values are usage errors" {
	run --separate-stderr nw-topic-score -k 0
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-topic-score: -k: 0: too small (allowed: 1 to 1000000)" ]
	run --separate-stderr nw-topic-score -k 1000001
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-topic-score: -k: 1000001: too large (allowed: 1 to 1000000)" ]
	run --separate-stderr nw-topic-score -k three
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-topic-score: -k: three: invalid (allowed: 1 to 1000000)" ]
	for t in -1 x 0.5x 1e9 1e3 0x10 nan inf '' . 1.2.3 ' 1'; do
		run --separate-stderr nw-topic-score -t "$t"
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[ "$stderr" = "nw-topic-score: -t: $t: invalid (allowed: 0 to 1000000)" ]
	done
	run --separate-stderr nw-topic-score -t 1000001
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-topic-score: -t: 1000001: too large (allowed: 0 to 1000000)" ]
	run --separate-stderr nw-topic-score -T ''
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-topic-score: -T: empty path" ]
	for t in - +-; do
		run --separate-stderr nw-topic-score -T "$t" </dev/null
		[ "$status" -eq 2 ]
		[ "$stderr" = "nw-topic-score: -T: -: standard input carries the tokens (allowed: a path; ./- for one called -)" ]
	done
	run --separate-stderr nw-topic-score -T
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"usage: nw-topic-score"* ]]
}

@test "nw-topic-score: topic file syntax: weights, weak, quotes, comments, prefixes in phrases" {
	topic syntax '# a comment' '   # an indented comment' '' \
	    '2.5 alpha beta   # a trailing comment' \
	    'weak' \
	    '-0.5 gamma' \
	    '+1.5 weak delta' \
	    '"weak link"' \
	    '1 "2024 election"' \
	    '3 "#metoo" # a hashtag needs quotes' \
	    '.5	Libya'"'"'s  Forces' \
	    'zeta*	2'
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/syntax.topic" --list
	[ "$status" -eq 0 ]
	[ "$output" = "syntax	9	$BATS_TEST_TMPDIR/syntax.topic" ]
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/syntax.topic" \
	    --explain < <(echo "alpha beta weak gamma delta weak link 2024" \
	    "election #metoo libya 's forces zetas 2")
	[ "$status" -eq 0 ]
	[ "$output" = "-	syntax	0.923	10	#metoo:1,alpha beta:1,delta:1,weak:2,2024 election:1,weak link:1,zeta* 2:1,libya 's forces:1,gamma:-1" ]
}

@test "nw-topic-score: a '*' in quotes is text, cut away as the tokenizer cuts it, not a prefix" {
	topic q '1 anchor' '1 "abc*"' '2 "a*b"'
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/q.topic" \
	    --explain < <(echo 'anchor abcdef abcxyz abc a b')
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf -- '-\tq\t0.336\t3\ta b:1,abc:1,anchor:1')" ]
}

@test "nw-topic-score: '@bias' and 'weak' are keywords only as written, not folded" {
	cd "$BATS_TEST_TMPDIR"
	mkdir t
	printf '2 dollar\n2 Weak demand\n1 WEAK supply\n' >t/econ.topic
	run --separate-stderr nw-topic-score -T t --explain < <(echo 'weak demand weak supply')
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf -- '-\tecon\t0.252\t2\tweak demand:1,weak supply:1')" ]
	printf '3 anchor\n@BIAS 5\n@Bias 6\n' >t/econ.topic
	run --separate-stderr nw-topic-score -T t --list
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'econ\t3\tt/econ.topic')" ]
	run --separate-stderr nw-topic-score -T t --best --explain < <(echo '@bias 5')
	[ "$output" = "$(printf -- '-\tecon\t0.084\t1\t@bias 5:1')" ]
}

@test "nw-topic-score: blanks that folding makes (a no-break space) are trimmed, the entry kept whole" {
	printf '\302\240attack\n2\302\240border guard\302\240\n' >"$BATS_TEST_TMPDIR/nbsp.topic"
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/nbsp.topic" \
	    --explain < <(printf 'd\tattack attac border guard\n')
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "d	nbsp	0.252	2	border guard:1,attack:1" ]
}

@test "nw-topic-score: entries and tokens are folded and cut alike" {
	topic fold '2 Libya'"'"'s forces' '2 U.S. Embassy' '2 CAFÉ' '2 ﬁnance' \
	    "2 women 's rights"
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/fold.topic" \
	    --explain < <(echo "LIBYA 's Forces u.s. embassy Café finance" \
	    "women 's rights")
	[ "$status" -eq 0 ]
	[ "$output" = "-	fold	0.835	5	café:1,finance:1,libya 's forces:1,u.s. embassy:1,women 's rights:1" ]
	# A letter whose fold is a letter and marks (ΐ, ǰ), in an entry and
	# in the pipeline's tokens, a prefix too.
	topic marks '2 Μαΐου' '2 ǰab*'
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/marks.topic" \
	    --explain < <(echo 'Την 15η ΜΑΐΟΥ, ǰabc' | nw-normalize |
	    nw-tokenize -l -w)
	[ "$status" -eq 0 ]
	[ "$output" = "-	marks	0.337	2	ǰab*:1,μαΐου:1" ]
}

@test "nw-topic-score: phrases match within a record, prefixes anywhere in them" {
	topic attack '2 suicide bomb*' '2 car bomb' '2 terror*'
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/attack.topic" \
	    -r --explain < <(printf '%s\n' 'd	suicide bombers' \
	    'd	suicide bomb' 'd	suicide' 'd	bombers car' 'd	bomb terror' \
	    'd	ter terrorism terrorists terror')
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    'd	attack	0.169	1	suicide bomb*:1' \
	    'd	attack	0.169	1	suicide bomb*:1' \
	    'd	attack	0.169	1	terror*:1' \
	    'd	attack	0.200	3	terror*:3')" ]
}

@test "nw-topic-score: a word that extends a prefix entry counts the same folded or not" {
	topic attack '2 terror*' '2 terrorism act' '1 terrorism'
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/attack.topic" \
	    -r --explain < <(printf '%s\n' \
	    'd	terrorism act TERRORISM act terrorism' \
	    'd	Terrorism Act terrorism')
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    'd	attack	0.490	8	terror*:3,terrorism act:2,terrorism:3' \
	    'd	attack	0.455	5	terror*:2,terrorism act:1,terrorism:2')" ]
}

@test "nw-topic-score: overlapping entries all count, and negative ones take words back" {
	topic sec '3 security cooperation' '1.5 security' '-1.5 social security' \
	    '2 border security'
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/sec.topic" \
	    -r --explain < <(printf '%s\n' 'border security cooperation' \
	    'social security' 'social security social security security')
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    '-	sec	0.548	3	security cooperation:1,border security:1,security:1' \
	    '-	sec	0.007	5	security:3,social security:-2')" ]
}

@test "nw-topic-score: a weak term counts only beside a strong positive one" {
	topic sport '2 football' '1 weak goal' '1 weak strike' '-1 penalty'
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/sport.topic" \
	    -r --explain < <(printf '%s\n' 'goal strike goal' \
	    'goal penalty' 'football goal strike' 'football penalty')
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    '-	sport	0.337	3	football:1,goal:1,strike:1' \
	    '-	sport	0.084	2	football:1,penalty:-1')" ]
}

@test "nw-topic-score: the score is BM25, 1.0 for a total weight of 20 in 500 tokens" {
	topic t '2 apple' '3 pear'
	# 500 tokens, apple once: K = k1, so apple contributes its weight.
	doc=$(printf 'apple'; for i in $(seq 499); do printf ' x'; done)
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/t.topic" \
	    < <(echo "$doc")
	[ "$output" = "-	t	0.100	1" ]
	# 100 times: 2 * 100 * 2.2 / (100 + 1.2) = 4.348 -> 0.217
	doc=$(for i in $(seq 100); do printf 'apple '; done
	    for i in $(seq 400); do printf 'x '; done)
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/t.topic" \
	    < <(echo "$doc")
	[ "$output" = "-	t	0.217	100" ]
	# One token: K = 1.2 * (0.25 + 0.75 / 500), 2 * 2.2 / (1 + K) / 20
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/t.topic" \
	    < <(echo "apple")
	[ "$output" = "-	t	0.169	1" ]
	# Ten different weight-2 entries once in 500 tokens: 1.000.
	topic ten '2 a1' '2 a2' '2 a3' '2 a4' '2 a5' '2 a6' '2 a7' '2 a8' '2 a9' '2 a10'
	doc=$(printf 'a1 a2 a3 a4 a5 a6 a7 a8 a9 a10'
	    for i in $(seq 490); do printf ' x'; done)
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/ten.topic" \
	    < <(echo "$doc")
	[ "$output" = "-	ten	1.000	10" ]
}

@test "nw-topic-score: tokens are separated by any run of blanks" {
	run --separate-stderr nw-topic-score -T "$TOPICS" --explain \
	    < <(printf '  orange \v juice\f\fbanana  \n')
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    '-	fruit	0.295	2	orange juice:1,banana*:1' \
	    '-	colour	0.169	1	orange:1')" ]
}

@test "nw-topic-score: every malformed line is reported as file: line N: reason, exit 2" {
	topic bad '2 fine' \
	    '0 zero' \
	    '-0.0 zero again' \
	    '100.5 heavy' \
	    '"unterminated' \
	    '"quoted" tail' \
	    '""' \
	    '2 -- ,' \
	    'ter*ror' \
	    'bomb**' \
	    'u.s*' \
	    'ab*' \
	    'fine' \
	    '3 weak   FINE  # the same entry, folded' \
	    '1 *' \
	    '1 ...*' \
	    'alpha ...*' \
	    '"..."' \
	    '"*"' \
	    '"  "'
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/bad.topic" \
	    < <(echo fine)
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	f=$BATS_TEST_TMPDIR/bad.topic
	[ "$stderr" = "$(printf '%s\n' \
	    "nw-topic-score: $f: line 2: zero weight" \
	    "nw-topic-score: $f: line 3: zero weight" \
	    "nw-topic-score: $f: line 4: weight out of range (-100 to 100)" \
	    "nw-topic-score: $f: line 5: unterminated quote" \
	    "nw-topic-score: $f: line 6: text after the closing quote" \
	    "nw-topic-score: $f: line 7: empty quoted term" \
	    "nw-topic-score: $f: line 8: no word in the term" \
	    "nw-topic-score: $f: line 9: '*' is allowed only at the end of a word" \
	    "nw-topic-score: $f: line 10: '*' is allowed only at the end of a word" \
	    "nw-topic-score: $f: line 11: a prefix must be one word" \
	    "nw-topic-score: $f: line 12: prefix shorter than 3 characters" \
	    "nw-topic-score: $f: line 13: duplicate entry (first at line 1)" \
	    "nw-topic-score: $f: line 14: duplicate entry (first at line 1)" \
	    "nw-topic-score: $f: line 15: no word before the '*'" \
	    "nw-topic-score: $f: line 16: no word before the '*'" \
	    "nw-topic-score: $f: line 17: no word before the '*'" \
	    "nw-topic-score: $f: line 18: no word in the term" \
	    "nw-topic-score: $f: line 19: no word in the term" \
	    "nw-topic-score: $f: line 20: empty quoted term")" ]
}

@test "nw-topic-score: errors in several topic files are all reported" {
	topic one '0 zero'
	topic two 'fine' '100.5 heavy'
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR" </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "$(printf '%s\n' \
	    "nw-topic-score: $BATS_TEST_TMPDIR/one.topic: line 1: zero weight" \
	    "nw-topic-score: $BATS_TEST_TMPDIR/two.topic: line 2: weight out of range (-100 to 100)")" ]
}

@test "nw-topic-score: a topic file without entries, with nothing strong or only negative entries, is an error" {
	topic empty '# nothing here' ''
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/empty.topic"
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-topic-score: $BATS_TEST_TMPDIR/empty.topic: no entries" ]
	topic feeble '1 weak goal' '-2 penalty'
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/feeble.topic"
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-topic-score: $BATS_TEST_TMPDIR/feeble.topic: no strong entry (weak entries count only beside one)" ]
	# Only negative entries, weak or not: nothing for the topic.
	topic against '-1 social security' '-2 weak security council'
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/against.topic"
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-topic-score: $BATS_TEST_TMPDIR/against.topic: no entry with a positive weight (negative entries are only evidence against)" ]
}

@test "nw-topic-score: invalid UTF-8 in a topic file is an error" {
	printf '2 apple\n2 caf\351\n' >"$BATS_TEST_TMPDIR/latin1.topic"
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/latin1.topic"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-topic-score: $BATS_TEST_TMPDIR/latin1.topic: line 2: invalid UTF-8" ]
	# Every bad line is told, those after a NUL or bad UTF-8 too.
	printf 'foo\n\377bar\nbaz\376\n0 zero\na\000b\n"open\n' >"$BATS_TEST_TMPDIR/u.topic"
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/u.topic"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "$(printf "nw-topic-score: $BATS_TEST_TMPDIR/u.topic: line %s\n" \
	    '2: invalid UTF-8' '3: invalid UTF-8' '4: zero weight' '5: NUL byte' \
	    '6: unterminated quote')" ]
}

@test "nw-topic-score: invalid UTF-16 in a topic file is an error too" {
	# "1 war", "1 p", a lone high surrogate, "eace": little-endian.
	printf '\377\3761\0 \0w\0a\0r\0\n\0001\0 \0p\0\0\330e\0a\0c\0e\0\n\0' \
	    >"$BATS_TEST_TMPDIR/u16.topic"
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/u16.topic" \
	    <<<'war peace'
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-topic-score: $BATS_TEST_TMPDIR/u16.topic: byte 20: invalid UTF-16" ]
}

@test "nw-topic-score: missing topics are a configuration error (exit 2)" {
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/none" </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-topic-score: $BATS_TEST_TMPDIR/none: No such file or directory" ]
	mkdir "$BATS_TEST_TMPDIR/empty"
	touch "$BATS_TEST_TMPDIR/empty/readme.txt"
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/empty" </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-topic-score: $BATS_TEST_TMPDIR/empty: no topic files (*.topic)" ]
	# A *.topic that cannot be one is said, not passed over.
	printf 'apple\n' >"$BATS_TEST_TMPDIR/empty/a.topic"
	ln -s missing.topic "$BATS_TEST_TMPDIR/empty/b.topic"
	mkfifo "$BATS_TEST_TMPDIR/empty/f.topic"
	mkdir "$BATS_TEST_TMPDIR/empty/sub.topic"
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/empty" </dev/null
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "$(printf '%s\n' \
	    "nw-topic-score: $BATS_TEST_TMPDIR/empty/b.topic: a symbolic link to missing.topic, which does not exist" \
	    "nw-topic-score: $BATS_TEST_TMPDIR/empty/f.topic: not a regular file")" ]
	NW_SHAREDIR=$BATS_TEST_TMPDIR/share run --separate-stderr nw-topic-score \
	    </dev/null
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-topic-score: $BATS_TEST_TMPDIR/share/topics: No such file or directory" ]
}

@test "nw-topic-score: a topic file linked under another name is a topic of that name too" {
	cd "$BATS_TEST_TMPDIR"
	mkdir td
	printf '1.0 oil\n' >td/energy.topic
	# Hard and symbolic links: each name is a topic, as nw-split's
	# once-only walk must not make them.
	ln td/energy.topic td/backup.topic
	ln -s energy.topic td/power.topic
	run --separate-stderr nw-topic-score -T td < <(printf 'd\t1\toil\n')
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cut -f2 <<<"$output")" = "$(printf '%s\n' backup energy power)" ]
}

@test "nw-topic-score: a topic file over 32 MiB is refused as a topic file (exit 2)" {
	local t=$BATS_TEST_TMPDIR
	mkdir "$t/topics"
	# 32 MiB and one line of 60 letters.
	awk 'BEGIN { s = sprintf("%60s", ""); gsub(/ /, "a", s)
		for (i = 0; i <= 32 * 1024 * 1024 / 61; i++) print s }' >"$t/topics/big.topic"
	[ "$(wc -c <"$t/topics/big.topic")" -gt $((32 * 1024 * 1024)) ]
	run --separate-stderr nw-topic-score --list -T "$t/topics/big.topic"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-topic-score: $t/topics/big.topic: topic file larger than 32 MiB" ]
	run --separate-stderr nw-topic-score -T "$t/topics" </dev/null
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-topic-score: $t/topics/big.topic: topic file larger than 32 MiB" ]
}

@test "nw-topic-score: a topic whose file name is not UTF-8 is refused (exit 2)" {
	local t=$BATS_TEST_TMPDIR
	mkdir "$t/topics"
	printf 'apple\n' >"$t/topics/$(printf 'caf\351').topic"
	printf 'apple\n' >"$t/topics/$(printf 'caf\303\251').topic"
	run --separate-stderr nw-topic-score -T "$t/topics" < <(printf 'd\tapple\n')
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-topic-score: $t/topics/caf\\351.topic: the topic name is not valid UTF-8" ]
	rm "$t/topics/$(printf 'caf\351').topic"
	run --separate-stderr nw-topic-score -T "$t/topics" < <(printf 'd\tapple\n')
	[ "$status" -eq 0 ]
	[ "$(cut -f1,2 <<<"$output")" = "$(printf 'd\tcafé')" ]
}

@test "nw-topic-score: -T replaces the shipped topics, -T + adds to them, later names win" {
	run --separate-stderr nw-topic-score -T "$TOPICS" --list
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' "colour	3	$TOPICS/colour.topic" \
	    "fruit	5	$TOPICS/fruit.topic")" ]
	shipped=$(nw-topic-score --list | wc -l)
	run --separate-stderr nw-topic-score -T "+$TOPICS" --list
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq $((shipped + 2)) ]
	[[ "$output" == *"fruit	5	$TOPICS/fruit.topic"* ]]
	[[ "$output" == *"security-cooperation	"* ]]
	topic fruit '7 apple'
	run --separate-stderr nw-topic-score -T "$TOPICS" \
	    -T "$BATS_TEST_TMPDIR/fruit.topic" --list
	[ "$output" = "$(printf '%s\n' "colour	3	$TOPICS/colour.topic" \
	    "fruit	1	$BATS_TEST_TMPDIR/fruit.topic")" ]
	topic sport '7 apple'
	run --separate-stderr nw-topic-score -T "+$BATS_TEST_TMPDIR/sport.topic" \
	    -k 1 < <(echo apple)
	[ "$output" = "-	sport	0.591	1" ]
	# A file given by name need not end in .topic.
	cp "$TOPICS/colour.topic" "$BATS_TEST_TMPDIR/colours"
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/colours" --list
	[ "$output" = "colours	3	$BATS_TEST_TMPDIR/colours" ]
}

@test "nw-topic-score: --list writes a path's TAB, newline or invalid UTF-8 as an id shows them" {
	mkdir "$BATS_TEST_TMPDIR/a"$'\t'"b" "$BATS_TEST_TMPDIR/c"$'\n'"d" \
	    "$BATS_TEST_TMPDIR/e"$'\xff'"f"
	topic a 'apple'
	cp "$BATS_TEST_TMPDIR/a.topic" "$BATS_TEST_TMPDIR/a"$'\t'"b/tab.topic"
	cp "$BATS_TEST_TMPDIR/a.topic" "$BATS_TEST_TMPDIR/c"$'\n'"d/lf.topic"
	cp "$BATS_TEST_TMPDIR/a.topic" "$BATS_TEST_TMPDIR/e"$'\xff'"f/utf.topic"
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/a"$'\t'"b" \
	    -T "$BATS_TEST_TMPDIR/c"$'\n'"d" -T "$BATS_TEST_TMPDIR/e"$'\xff'"f" \
	    --list
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' "lf	1	$BATS_TEST_TMPDIR/c?d/lf.topic" \
	    "tab	1	$BATS_TEST_TMPDIR/a?b/tab.topic" \
	    "utf	1	$BATS_TEST_TMPDIR/e"$'\xef\xbf\xbd'"f/utf.topic")" ]
}

@test "nw-topic-score: --list reads no file" {
	printf 'apple\n' >"$BATS_TEST_TMPDIR/a"
	for f in "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/none" -; do
		run --separate-stderr nw-topic-score -T "$TOPICS" --list "$f" \
		    </dev/null
		[ "$status" -eq 2 ]
		[ "$output" = "" ]
		[ "$stderr" = "nw-topic-score: --list: reads no file" ]
	done
}

@test "nw-topic-score: the shipped library has at least 16 topics of dozens of entries" {
	run --separate-stderr nw-topic-score --list
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${#lines[@]}" -ge 16 ]
	for t in security-cooperation counterterrorism border-security \
	    migration military diplomacy elections-governance economy-trade \
	    energy finance-markets human-rights health disasters-aid \
	    crime-justice science-technology sport culture-entertainment; do
		n=$(printf '%s\n' "$output" | awk -F'\t' -v t="$t" '$1 == t { print $2 }')
		[ -n "$n" ] || { echo "no topic $t"; return 1; }
		[ "$n" -ge 48 ] || { echo "$t: only $n entries"; return 1; }
	done
}

@test "nw-topic-score: the seeds are about security cooperation, terrorism or the military" {
	run --separate-stderr seed_scores -k 1
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 5 ]
	for line in "${lines[@]}"; do
		topic=$(printf '%s\n' "$line" | cut -f2)
		case $topic in
		security-cooperation|counterterrorism|military) ;;
		*) echo "best topic: $line"; return 1 ;;
		esac
	done
}

@test "nw-topic-score: the UK seed also scores on border security and migration" {
	run --separate-stderr seed_scores
	[ "$status" -eq 0 ]
	uk=$(printf '%s\n' "$output" | grep '/001_')
	border=$(printf '%s\n' "$uk" | awk -F'\t' '$2 == "border-security" { print $3 }')
	migration=$(printf '%s\n' "$uk" | awk -F'\t' '$2 == "migration" { print $3 }')
	echo "border $border migration $migration"
	awk -v b="$border" -v m="$migration" 'BEGIN { exit !(b >= 0.5 && m >= 0.2) }'
	# Second only to security cooperation among the topics.
	[ "$(printf '%s\n' "$uk" | sed -n 2p | cut -f2)" = border-security ]
}

@test "nw-topic-score: sport, entertainment and health score nothing on the seeds" {
	run --separate-stderr seed_scores -t 0.001
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -ge 25 ]
	run grep -E '	(sport|culture-entertainment|health)	' <<<"$output"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
}

@test "nw-topic-score: a missing input is reported, the others scored, exit 1" {
	run --separate-stderr nw-topic-score -T "$TOPICS" -k 1 \
	    "$BATS_TEST_TMPDIR/missing" "$DATA/nw-topic-score-basic.in"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-topic-score: $BATS_TEST_TMPDIR/missing: No such file or directory" ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "nw-topic-score: ten thousand entries load and match" {
	# t0 ... t9999, every third of weight 1.5, every seventh a phrase.
	awk 'BEGIN { for (i = 0; i < 10000; i++) printf "%st%d%s\n",
	    (i % 3 ? "" : "1.5 "), i, (i % 7 ? "" : " w" i) }' \
	    >"$BATS_TEST_TMPDIR/big.topic"
	echo '2 zzz*' >>"$BATS_TEST_TMPDIR/big.topic"
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/big.topic" --list
	[ "$output" = "big	10001	$BATS_TEST_TMPDIR/big.topic" ]
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/big.topic" \
	    --explain < <(echo "t9999 t7 w7 t14 zzzz t9998 w9998")
	[ "$status" -eq 0 ]
	[ "$output" = "-	big	0.461	4	zzz*:1,t9999:1,t7 w7:1,t9998:1" ]
}

@test "nw-topic-score: long distinct tokens do not fill memory: the cache holds 8 MiB of them" {
	[ -z "${NW_SANITIZE:-}" ] || skip "the sanitizers' shadow memory is the larger part"
	cd "$BATS_TEST_TMPDIR"
	topic econ '3 economy'
	# 40 MB of tokens that need folding, each new: 262,144 of them
	# would fill 512 MB.
	awk 'BEGIN { q = "Q"; while (length(q) < 2000) q = q q;
	    q = substr(q, 1, 2000);
	    for (i = 1; i <= 20000; i++) printf "d%d\t1\tX%d%s economy\n", i, i, q }' >long
	awk 'BEGIN { for (i = 1; i <= 20000; i++) printf "d%d\t1\tX%d economy\n", i, i }' >short
	run --separate-stderr /usr/bin/time -f %M -o rss nw-topic-score -T econ.topic long
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 20000 ]
	[ "${lines[0]}" = "d1	econ	0.253	1" ]
	[ "$output" = "$(nw-topic-score -T econ.topic short)" ]
	kb=$(tail -n 1 rss)
	echo "peak $kb KB"
	[ "$kb" -lt 24000 ]
}

@test "nw-topic-score: an entry whose words repeat is found wherever it ends, however long" {
	topic rep '2 a a a b' '1 a b'
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/rep.topic" \
	    --explain < <(echo "a a a a a b x a a a b a a b")
	[ "$status" -eq 0 ]
	[ "$output" = "-	rep	0.288	5	a a a b:2,a b:3" ]
	# 2,000 phrases under way at once: about 2,000,000 operations
	# the first time, as nw-topic-score(1) says.
	awk 'BEGIN { for (i = 0; i < 2000; i++) printf "a "; print "b" }' \
	    >"$BATS_TEST_TMPDIR/long.topic"
	run --separate-stderr nw-topic-score -T "$BATS_TEST_TMPDIR/long.topic" \
	    --explain < <(awk 'BEGIN { for (i = 0; i < 2500; i++) printf "a ";
	    print "b a b" }')
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf -- '-\tlong\t0.019\t1\t%s:1' \
	    "$(cat "$BATS_TEST_TMPDIR/long.topic")")" ]
}

@test "eval-topics: accuracy and confusion matrix of a small labelled corpus" {
	c=$BATS_TEST_TMPDIR/corpus
	mkdir -p "$c/sport" "$c/business" "$c/tech"
	echo 'The striker scored twice and the football club won the league match at a full stadium.' >"$c/sport/1.txt"
	echo 'Shares fell on the stock market as investors feared the central bank would raise interest rates.' >"$c/business/1.txt"
	echo 'The midfielder was booked before half-time in the cup tie.' >"$c/business/2.txt"
	echo 'Nothing to see here.' >"$c/tech/1.txt"
	echo 'Hackers broke into the software of smartphone makers, and broadband users were warned.' >"$c/tech/2.txt"
	run --separate-stderr "$TOP/tests/eval-topics" "$c"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(cat <<'EOF'
documents: 5
accuracy: 0.600 (3/5)

true\predicted       business  entertainment       politics          sport           tech         (none)
business                    1              0              0              1              0              0
entertainment               0              0              0              0              0              0
politics                    0              0              0              0              0              0
sport                       0              0              0              1              0              0
tech                        0              0              0              0              1              1
EOF
)" ]
	printf 'sport business\n' >"$BATS_TEST_TMPDIR/map"
	run --separate-stderr "$TOP/tests/eval-topics" -m "$BATS_TEST_TMPDIR/map" "$c"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "accuracy: 0.200 (1/5)" ]
	run --separate-stderr "$TOP/tests/eval-topics" "$BATS_TEST_TMPDIR/nowhere"
	[ "$status" -eq 2 ]
	[ "$stderr" = "eval-topics: $BATS_TEST_TMPDIR/nowhere: not a directory" ]
}
