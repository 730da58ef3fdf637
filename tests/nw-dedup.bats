#!/usr/bin/env bats
# nw-dedup: exact and near copies, the modes, paragraphs, the index kept
# across runs (killed runs, locking, ageing), determinism, errors.
bats_require_minimum_version 1.5.0
load helpers

BASIC=$DATA/nw-dedup-basic.in

# Every paragraph of the seeds as a document of its own, d1, d2, ...:
# distinct texts, so each one is indexed.
paragraph_docs() {
	nw-split -u para "$SEEDS" | awk -F'\t' '{ print "d" NR "\t" $3 }'
}

# N generated documents of 12 words from 10,007, no two alike: g1, g2, ...
# Enough of them fill the 1M write cache several times over.
generated_docs() {
	awk -v n="$1" 'BEGIN {
		split("7 13 31 61 101 151 211 307 401 503 601 701", p, " ")
		for (i = 1; i <= n; i++) {
			line = "g" i "\t"
			for (k = 1; k <= 12; k++)
				line = line " w" (i * p[k] + k) % 10007
			print line
		}
	}'
}

# ns: the command to run a script in a mount namespace of the test's
# own, where it mounts a tmpfs of 1 MB on DIR; skip when none can be had.
tmpfs_namespace() {
	ns=(unshare -m)
	[ "$(id -u)" -eq 0 ] || ns=(unshare -rm)
	mkdir "$1"
	"${ns[@]}" mount -t tmpfs -o size=1m tmpfs "$1" 2>/dev/null ||
	    skip "mounting a small tmpfs needs root or user namespaces (unshare -rm)"
}

# Each file of the index in DIR with its checksum, to tell that a run
# changed none of them, added none and removed none.
state_sums() {
	(cd "$1" && find . -type f | sort | xargs sha256sum)
}

@test "nw-dedup: exact and near copies dropped, the first copy kept" {
	fixture nw-dedup nw-dedup-basic
}

@test "nw-dedup: --report names each copy, its first copy and the similarity" {
	run --separate-stderr nw-dedup --report "$BASIC"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' \
	    's1-copy	s1	1.000' \
	    's1-near	s1	0.938' \
	    's2-reordered	s2	0.984')" ]
}

# Headlines of a few words fill a few of the 256 bins; the rest are
# filled by densification, which sets both the band keys (which pairs
# are candidates) and the estimates printed.
@test "nw-dedup: texts of a few words are compared by their exact similarity" {
	# h1 has 5 shingles, h2 6 with those 5: 5/6; h10 and h12 5 of 8.
	run --separate-stderr nw-dedup --report -j 0.3 "$DATA/nw-dedup-short.in"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' \
	    'h2	h1	0.833' \
	    'h3	h1	0.375' \
	    'h12	h10	0.625')" ]
}

@test "nw-dedup: short texts that share no shingle, or 1 of 2, are no copies" {
	# One shingle each: every bin of a sketch is that shingle's, and
	# these two agreed on all 256 (16 bits of one value) at 0.999.
	run --separate-stderr nw-dedup --report < <(printf '%s\n' \
	    'n117	minister said on Tuesday 117' \
	    'n119	minister said on Tuesday 119')
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ -z "$output" ]
	# Two shingles, one shared: 1/3, not a copy even at -j 1.
	for j in 0.8 1; do
		run --separate-stderr nw-dedup --report -j "$j" \
		    < <(printf '%s\n' \
		    'd3660	The minister said on Tuesday 3660' \
		    'd3934	The minister said on Tuesday 3934')
		[ "$status" -eq 0 ]
		[ -z "$output" ]
	done
	# Among 30,000 such titles, none is a copy of another.
	run --separate-stderr nw-dedup --stats < <(seq 30000 |
	    awk '{ print "n" $1 "\tminister said on Tuesday " $1 }')
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 30000 ]
	[ "$stderr" = "nw-dedup: 30000 documents, 0 duplicates (0 exact, \
0 near), 30000 in the index" ]
}

# Three documents of 2,000 records of 100 words: big, big-near (a word
# in every record changed, and another in every other one) and other.
@test "nw-dedup: documents of 200,000 words are signed whole: a near copy found, another text kept" {
	awk 'BEGIN {
		for (d = 1; d <= 3; d++) {
			id = d == 1 ? "big" : d == 2 ? "big-near" : "other"
			for (r = 1; r <= 2000; r++) {
				line = id "\t" r "\t"
				for (k = 1; k <= 100; k++) {
					w = (r * 100 + k) * (d == 3 ? 7919 : 31) % 100003
					if (d == 2 && (k == 20 || k == 50 && r % 2 == 0))
						w = "x" w
					line = line " w" w
				}
				print line
			}
		}
	}' >"$BATS_TEST_TMPDIR/big"
	run --separate-stderr nw-dedup --report "$BATS_TEST_TMPDIR/big"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'big-near\tbig\t0.843')" ]
	nw-dedup "$BATS_TEST_TMPDIR/big" | cut -f 1 | uniq -c >"$BATS_TEST_TMPDIR/ids"
	printf '   2000 big\n   2000 other\n' | diff - "$BATS_TEST_TMPDIR/ids"
}

@test "nw-dedup: --mark keeps every record and adds dup=FIRST_ID:SIMILARITY" {
	nw-dedup --mark "$BASIC" | diff -u "$DATA/nw-dedup-mark.out" -
	# The similarity follows the last colon, whatever the id holds.
	run --separate-stderr nw-dedup --mark < <(printf 'a:b\tone two three four five six\nc\tOne two three four five, six.\n')
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' 'a:b	one two three four five six' \
	    'c	dup=a:b:1.000	One two three four five, six.')" ]
}

@test "nw-dedup: the seeds are five articles on one story, not copies: all kept" {
	nw-split "$SEEDS" >"$BATS_TEST_TMPDIR/seeds"
	run --separate-stderr nw-dedup --report "$BATS_TEST_TMPDIR/seeds"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# They share sentences in places, yet at -j 0.3 still none is a copy:
	# their word 5-gram similarity is 0.003 at most.
	run --separate-stderr nw-dedup --report -j 0.3 "$BATS_TEST_TMPDIR/seeds"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run --separate-stderr nw-dedup -u para --report "$BATS_TEST_TMPDIR/seeds"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	nw-dedup "$BATS_TEST_TMPDIR/seeds" | cmp - "$BATS_TEST_TMPDIR/seeds"
}

@test "nw-dedup: case, white space and punctuation make no copy distinct" {
	run --separate-stderr nw-dedup --report < <(printf '%s\n' \
	    'a	The Minister said: "No."' 'b	the minister  SAID no' \
	    'c	Théâtre ÉTÉ' 'd	théâtre été!' 'e	x' 'f	x y')
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' 'b	a	1.000' 'd	c	1.000')" ]
}

@test "nw-dedup: documents without words are compared as such" {
	run --separate-stderr nw-dedup --report < <(printf '%s\n' \
	    'a	...' 'b	' 'c	-- !')
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' 'b	a	1.000' 'c	a	1.000')" ]
}

@test "nw-dedup: bare text is one document named after its input" {
	printf 'one two three four five six\n' >"$BATS_TEST_TMPDIR/x.txt"
	run --separate-stderr nw-dedup --report "$BATS_TEST_TMPDIR/x.txt" \
	    "$BATS_TEST_TMPDIR/x.txt"
	[ "$status" -eq 0 ]
	[ "$output" = "$BATS_TEST_TMPDIR/x.txt	$BATS_TEST_TMPDIR/x.txt	1.000" ]
}

@test "nw-dedup -u para: a paragraph an earlier document holds is dropped, its document kept" {
	run --separate-stderr nw-dedup -u para "$DATA/nw-dedup-para.in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    'p1	First paragraph of the first story, about the port.' \
	    'p1	Reuters reported this.' 'p1	Reuters reported this.' \
	    'p2	An other story opens here.' 'p2	Its own closing words.' \
	    'p3	. . .')" ]
	run --separate-stderr nw-dedup -u para --report "$DATA/nw-dedup-para.in"
	[ "$output" = "$(printf '%s\n' 'p2	2	p1	1.000' 'p3	2	p1	1.000')" ]
	run --separate-stderr nw-dedup -u para --mark "$DATA/nw-dedup-para.in"
	[ "${lines[4]}" = 'p2	dup=p1:1.000	reuters  REPORTED this!' ]
	[ "${#lines[@]}" -eq 8 ]
}

@test "nw-dedup -u para --report: each copy told by its record's number in its document" {
	printf 'a\t1\tFirst paragraph here.\na\t2\tSecond paragraph here.\nb\t1\tFirst paragraph here.\nb\t2\tA new one.\nb\t3\tSecond paragraph here.\n' >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr nw-dedup -u para --report "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'b\t1\ta\t1.000\nb\t3\ta\t1.000')" ]
	[ -z "$stderr" ]
	# The number counts the records, whatever their fields hold.
	cut -f 1,3 "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/bare"
	run --separate-stderr nw-dedup -u para --report "$BATS_TEST_TMPDIR/bare"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'b\t1\ta\t1.000\nb\t3\ta\t1.000')" ]
	# Documents keep their three columns.
	printf 'c\tFirst paragraph here. Second paragraph here.\n' >>"$BATS_TEST_TMPDIR/bare"
	run --separate-stderr nw-dedup --report "$BATS_TEST_TMPDIR/bare"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'c\ta\t1.000')" ]
}

@test "nw-dedup --state: one run over A+B equals a run over A then one over B" {
	local t=$BATS_TEST_TMPDIR
	head -n 183 "$BASIC" >"$t/A"
	tail -n +184 "$BASIC" >"$t/B"
	nw-dedup --stats "$t/A" "$t/B" >"$t/one" 2>"$t/one.err"
	nw-dedup --state "$t/st" "$t/A" >"$t/two"
	nw-dedup --state "$t/st" --stats "$t/B" >>"$t/two" 2>"$t/two.err"
	cmp "$t/one" "$t/two"
	[ "$(cat "$t/one.err")" = "nw-dedup: 6 documents, 3 duplicates (1 exact, 2 near), 3 in the index" ]
	[ "$(cat "$t/two.err")" = "nw-dedup: 3 documents, 1 duplicate (0 exact, 1 near), 3 in the index" ]
	# Yesterday's story in today's run is a copy.
	run --separate-stderr nw-dedup --state "$t/st" --report "$BASIC"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 6 ]
	[ "${lines[0]}" = 's1	s1	1.000' ]
}

@test "nw-dedup --keep-same-id: a document seen again under its id is kept, not a copy of itself" {
	local t=$BATS_TEST_TMPDIR
	nw-dedup --state "$t/st" "$BASIC" >/dev/null
	run --separate-stderr nw-dedup --keep-same-id --state "$t/st" --stats "$BASIC"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$DATA/nw-dedup-basic.out")" ]
	[ "$stderr" = "nw-dedup: 6 documents, 3 duplicates (1 exact, 2 near), 3 in the index" ]
	# The run's own document under its id is a copy: a rerun would drop it.
	run --separate-stderr nw-dedup --keep-same-id --report < <(printf '%s\n' \
	    'a	one two three four five six' 'b	one two three four five six' \
	    'a	one two three four five six')
	[ "$output" = "$(printf 'b\ta\t1.000\na\ta\t1.000')" ]
	printf '%s\n' 'p1	Reuters reported this.' 'p2	Reuters reported this.' >"$t/p"
	nw-dedup -u para --state "$t/para" "$t/p" >/dev/null
	run --separate-stderr nw-dedup -u para --keep-same-id --state "$t/para" "$t/p"
	[ "$output" = "p1	Reuters reported this." ]
}

@test "nw-dedup --run: a rerun under its name keeps its documents; the same id under another name is a copy" {
	local t=$BATS_TEST_TMPDIR
	printf '%s\n' 'u1	the minister resigned on tuesday after the vote in parliament' \
	    'u2	shares fell sharply as the central bank raised its rate again' >"$t/a"
	printf '%s\n' 'u1	the minister resigned on tuesday after the vote in parliament' \
	    'u3	floods closed the northern roads for a third day running now' >"$t/b"
	run --separate-stderr nw-dedup --run a --state "$t/st" --stats "$t/a"
	[ "$output" = "$(cat "$t/a")" ]
	[ "$stderr" = "nw-dedup: 2 documents, 0 duplicates (0 exact, 0 near), 2 in the index" ]
	# Another dump with the same URL: a copy, dropped.
	run --separate-stderr nw-dedup --run b --state "$t/st" --stats "$t/b"
	[ "$output" = "u3	floods closed the northern roads for a third day running now" ]
	[ "$stderr" = "nw-dedup: 2 documents, 1 duplicate (1 exact, 0 near), 3 in the index" ]
	# The first dump again: its own documents, kept; the index unchanged.
	run --separate-stderr nw-dedup --run a --state "$t/st" --stats "$t/a"
	[ "$output" = "$(cat "$t/a")" ]
	[ "$stderr" = "nw-dedup: 2 documents, 0 duplicates (0 exact, 0 near), 3 in the index" ]
	# b's document under a's id: b added it, so it is a copy for a.
	run --separate-stderr nw-dedup --run a --state "$t/st" --report \
	    < <(printf '%s\n' 'u3	floods closed the northern roads for a third day running now')
	[ "$output" = "u3	u3	1.000" ]
	# --keep-same-id keeps it whoever added it.
	run --separate-stderr nw-dedup --keep-same-id --state "$t/st" --report \
	    < <(printf '%s\n' 'u3	floods closed the northern roads for a third day running now')
	[ "$output" = "" ]
	# A run that fails leaves no trace under its name: c's documents,
	# never committed, are later added by d, and copies of d's for c.
	printf '%s\n' 'u4	a new bridge opened in the capital this morning to traffic' >"$t/c"
	run --separate-stderr bash -c 'nw-dedup --run c --state "$1" "$2" >/dev/full' - "$t/st" "$t/c"
	[ "$status" -eq 1 ]
	run --separate-stderr nw-dedup --run d --state "$t/st" "$t/c"
	[ "$output" = "$(cat "$t/c")" ]
	run --separate-stderr nw-dedup --run c --state "$t/st" "$t/c"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	# Paragraphs alike.
	printf '%s\n' 'p1	Reuters reported this.' 'p1	Our own line.' >"$t/p"
	printf '%s\n' 'p1	Reuters reported this.' 'p1	Another line.' >"$t/q"
	nw-dedup -u para --run p --state "$t/para" "$t/p" >/dev/null
	run --separate-stderr nw-dedup -u para --run q --state "$t/para" "$t/q"
	[ "$output" = "p1	Another line." ]
	run --separate-stderr nw-dedup -u para --run p --state "$t/para" "$t/p"
	[ "$output" = "$(cat "$t/p")" ]
	# Usage.
	run --separate-stderr nw-dedup --run a "$t/a"
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-dedup: --run: needs --state" ]
	run --separate-stderr nw-dedup --run '' --state "$t/st" "$t/a"
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-dedup: --run: empty name" ]
	run --separate-stderr nw-dedup --run "$(printf '%0401d' 0)" --state "$t/st" "$t/a"
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-dedup: --run: a name of more than 400 bytes" ]
}

@test "nw-dedup: a text written decomposed (NFD) is an exact copy of it precomposed" {
	cd "$BATS_TEST_TMPDIR"
	# "Le président a annoncé une série de réformes économiques",
	# then with each accent a combining mark after its letter.
	nfc='Le pr\303\251sident a annonc\303\251 une s\303\251rie de r\303\251formes \303\251conomiques'
	nfd='Le pre\314\201sident a annonce\314\201 une se\314\201rie de re\314\201formes e\314\201conomiques'
	printf "a\t$nfc\nb\t$nfd\n" >fr
	run -0 --separate-stderr nw-dedup --report fr
	[ "$output" = "$(printf 'b\ta\t1.000')" ]
	# A mark that composes with nothing stays: Thai vowel signs.
	printf 'c\t\340\270\243\340\270\261\340\270\220\n' >th
	run -0 nw-dedup th
	[ "$output" = "$(cat th)" ]
}

@test "nw-dedup: marks after a precomposed letter, or out of order, are NFC" {
	cd "$BATS_TEST_TMPDIR"
	# "Việt Nam công bố kết quả": precomposed, then as Vietnamese
	# keyboards write it, the vowel with its circumflex precomposed and
	# the tone after it as a combining mark ("ê" U+0323 for "ệ").
	nfc='Vi\341\273\207t Nam c\303\264ng b\341\273\221'
	nfc="$nfc k\\341\\272\\277t qu\\341\\272\\243"
	vi='Vi\303\252\314\243t Nam c\303\264ng b\303\264\314\201'
	vi="$vi k\\303\\252\\314\\201t qua\\314\\211"
	# "ạ̇": U+0323 and U+0307 in canonical order and the other way.
	printf "a\t$nfc\nb\t$vi\nc\ta\314\243\314\207 x\nd\ta\314\207\314\243 x\n" >vi
	run -0 --separate-stderr nw-dedup --report vi
	[ "$output" = "$(printf 'b\ta\t1.000\nd\tc\t1.000')" ]
	run -0 --separate-stderr nw-dedup -u para --report vi
	[ "$output" = "$(printf 'b\t1\ta\t1.000\nd\t1\tc\t1.000')" ]
}

@test "nw-dedup: Hangul written as its jamo is the same words as its syllables" {
	cd "$BATS_TEST_TMPDIR"
	# "각 한국" in syllables, then "각" as its jamo (U+1100 U+1161
	# U+11A8), as NFD has it and as macOS names files.
	printf 'a\t\352\260\201 \355\225\234\352\265\255 x\n' >ko
	printf 'b\t\341\204\200\341\205\241\341\206\250 ' >>ko
	printf '\355\225\234\352\265\255 x\n' >>ko
	run -0 --separate-stderr nw-dedup --report ko
	[ "$output" = "$(printf 'b\ta\t1.000')" ]
}

@test "nw-dedup: Turkish İ and ı are i, as I is: capitals are no other words" {
	cd "$BATS_TEST_TMPDIR"
	# DİYARBAKIR, and İ written decomposed (I U+0307), in capitals.
	{ printf 'a\tDiyarbak\304\261r\047da kar '
	  printf 'ya\304\237\304\261\305\237\304\261 x\n'
	  printf 'b\tD\304\260YARBAKIR\047DA KAR YA\304\236I\305\236I X\n'
	  printf 'c\tDI\314\207YARBAKIR\047DA KAR YA\304\236I\305\236I X\n'
	} >tr
	run -0 --separate-stderr nw-dedup --report tr
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'b\ta\t1.000\nc\ta\t1.000')" ]
	# İ and a dot below, in either order of the marks, is one word, and
	# z with a dot above (ż) keeps it.
	{ printf 'a\t\304\260\314\243 \305\274 x\n'
	  printf 'b\tI\314\207\314\243 z\314\207 x\n'
	  printf 'c\ti z x\n'
	} >dots
	run -0 nw-dedup --report dots
	[ "$output" = "$(printf 'b\ta\t1.000')" ]
	# The dot written twice goes as once; before another mark it stays,
	# as that mark would otherwise compose with the i: I U+0307 U+0301
	# is not í.
	{ printf 'a\tsi\314\207\314\207 t x\n'
	  printf 'b\tsi t x\n'
	  printf 'c\tI\314\207\314\201 t x\n'
	  printf 'd\t\303\255 t x\n'
	} >twice
	run -0 nw-dedup --report twice
	[ "$output" = "$(printf 'b\ta\t1.000')" ]
}

@test "nw-dedup: a mark NFC writes as others (U+0340, U+0344, U+0F73) is NFC" {
	cd "$BATS_TEST_TMPDIR"
	# "è" as "e" U+0340; "ΐ" as "ι" U+0344; Tibetan "ཱི" as U+0F73
	# after U+0F40, which NFC writes U+0F71 U+0F72.
	printf 'a\tcaf\303\250 \316\220 \340\275\200\340\275\261\340\275\262 x\n' >m
	printf 'b\tcafe\315\200 \316\271\315\204 \340\275\200\340\275\263 x\n' >>m
	run -0 --separate-stderr nw-dedup --report m
	[ "$output" = "$(printf 'b\ta\t1.000')" ]
}

@test "nw-dedup: a letter NFC writes otherwise (U+095B, U+1F71) is NFC" {
	cd "$BATS_TEST_TMPDIR"
	# "zinda" with U+095B, which NFC writes U+091C U+093C, as a word's
	# first letter and inside one; Greek alpha with oxia (U+1F71) and
	# with tonos (U+03AC), its NFC.
	printf 'a\t\340\245\233\340\244\277\340\244\202\340\244\246\340\244\276 ' >l
	printf 'x\340\245\233 \341\275\261\316\262 x\n' >>l
	printf 'b\t\340\244\234\340\244\274\340\244\277\340\244\202\340\244\246' >>l
	printf '\340\244\276 x\340\244\234\340\244\274 \316\254\316\262 x\n' >>l
	run -0 --separate-stderr nw-dedup --report l
	[ "$output" = "$(printf 'b\ta\t1.000')" ]
	# And so for each paragraph.
	run -0 --separate-stderr nw-dedup -u para --report l
	[ "$output" = "$(printf 'b\t1\ta\t1.000')" ]
}

@test "nw-dedup: invisible characters and the tatweel split no word and make none" {
	cd "$BATS_TEST_TMPDIR"
	t='Manchester United beat Chelsea two nil at Old Trafford on Sunday'
	# An emoji with and without its variation selector (U+FE0F), a
	# soft hyphen, a zero-width space and a word joiner inside words,
	# and an Arabic word stretched by tatweels.
	{
		printf 'a\t%s \342\232\275\n' "$t"
		printf 'b\t%s \342\232\275\357\270\217\n' "$t"
		printf 'c\t%s\n' "$t"
		printf 'd\tManchester Uni\302\255ted beat Chel\342\200\213sea two nil at Old Traf\342\201\240ford on Sunday\n'
		printf 'e\tfamily \342\235\244\357\270\217 flag\n'
		printf 'f\tfamily flag\n'
		printf 'g\t\331\203\330\252\331\200\331\200\330\247\330\250 x\n'
		printf 'h\t\331\203\330\252\330\247\330\250 x\n'
	} >inv
	run -0 --separate-stderr nw-dedup --report inv
	[ "$output" = "$(printf '%s\n' 'b	a	1.000' 'c	a	1.000' 'd	a	1.000' \
	    'f	e	1.000' 'h	g	1.000')" ]
	[ -z "$stderr" ]
}

# A run of Chinese, Japanese or Thai is many words: each letter is one,
# so an edited copy shares most of its 5-character shingles.
@test "nw-dedup: in scripts written without spaces each letter is a word: edited copies are near copies" {
	cd "$BATS_TEST_TMPDIR"
	zh='美国总统唐纳德・特朗普与前副总统乔・拜登周二晚上在克利夫兰举行首场电视辩论，双方就经济和疫情问题激烈交锋。辩论持续了九十分钟，主持人多次打断双方发言。分析人士认为，这场辩论对选情影响有限，但双方支持者都认为己方候选人表现更好。选举将于十一月三日举行，目前民调显示拜登领先。'
	ja='東京都は昨日、新型感染症の対策として飲食店の営業時間を午後八時までに短縮するよう要請した。都知事は記者会見で、感染者数の増加が続いていることから、今後二週間が正念場だと述べた。経済団体からは反発の声も上がっている。'
	th='รัฐบาลประกาศมาตรการเศรษฐกิจใหม่เมื่อวานนี้เพื่อควบคุมเงินเฟ้อ ผู้เชี่ยวชาญกล่าวว่ามาตรการเหล่านี้จะเริ่มใช้ในเดือนหน้า และคาดว่าจะส่งผลดีต่อตลาด นักวิเคราะห์หลายคนเห็นด้วยกับแนวทางนี้ แต่บางคนกังวลเรื่องผลกระทบต่อผู้มีรายได้น้อยในชนบทและในเมืองใหญ่'
	{ printf 'zh1\t%s\n' "$zh"
	  printf 'ja1\t%s\n' "$ja"
	  printf 'th1\t%s\n' "$th"
	  printf 'zh2\t%s\n' "${zh/九十分钟/一个半小时}"
	  printf 'ja2\t%s\n' "${ja/二週間/三週間}"
	  printf 'th2\t%s\n' "${th/เดือนหน้า/สัปดาห์หน้า}"
	  # Spaces between Han characters: the same words.
	  printf 'zh3\t%s\n' "${zh//总统/总 统 }"
	  # Another story in the same words' script is no copy.
	  printf 'zh4\t%s\n' '中国国家统计局今天公布的数据显示，十月份全国居民消费价格同比上涨百分之二点一，涨幅比上月回落零点三个百分点，其中食品价格上涨明显。'
	} >in
	run -0 --separate-stderr nw-dedup --report in
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' \
	    'zh2	zh1	0.869' \
	    'ja2	ja1	0.902' \
	    'th2	th1	0.913' \
	    'zh3	zh1	1.000')" ]
	# Latin letters after Han ones start a word of their own.
	printf 'a\t苹果iPhone发布会\nb\t苹果 iphone 发布会\n' >mixed
	run -0 nw-dedup --report mixed
	[ "$output" = "$(printf 'b\ta\t1.000')" ]
}

@test "nw-dedup --state: a file where the index directory should be is named, not its lock" {
	cd "$BATS_TEST_TMPDIR"
	printf 'a\t1\tsome words\n' >f
	run -1 --separate-stderr nw-dedup --state f f
	[ -z "$output" ]
	[ "$stderr" = "nw-dedup: f: Not a directory" ]
	run -1 --separate-stderr nw-dedup --state /dev/null f
	[ "$stderr" = "nw-dedup: /dev/null: Not a directory" ]
}

@test "nw-dedup --commit where no index is says so, and makes none" {
	cd "$BATS_TEST_TMPDIR"
	printf 'd:1\tthe minister resigned on tuesday after the vote in parliament\n' >v
	nw-dedup --run d --pending --state st v >/dev/null
	# A mistyped name: no directory, or an empty one.
	run -1 --separate-stderr nw-dedup --run d --commit --state sr
	[ -z "$output" ]
	[ "$stderr" = "nw-dedup: sr: no index, so no run d to commit" ]
	[ ! -e sr ]
	mkdir empty
	run -1 --separate-stderr nw-dedup --run d --commit --state empty
	[ "$stderr" = "nw-dedup: empty: no index, so no run d to commit" ]
	[ -z "$(ls -A empty)" ]
	# The run is still pending where it was, and commits there.
	run -0 --separate-stderr nw-dedup --run d --commit --state st
	[ -z "$output$stderr" ]
	run -0 nw-dedup --state st --report v
	[ "$output" = "$(printf 'd:1\td:1\t1.000')" ]
}

@test "nw-dedup --run --replace: a new version's documents are no copies of the old one's, which go with its last commit" {
	cd "$BATS_TEST_TMPDIR"
	a='the minister resigned on tuesday after the vote in parliament'
	b='shares fell sharply as the central bank raised its rate again'
	c='floods closed the northern roads for a third day running now'
	# Ids are line numbers, as nw-split gives JSON without URLs.
	printf 'd:1\t%s\nd:2\t%s\n' "$a" "$b" >v1
	printf 'd:1\t%s\nd:2\t%s\nd:3\t%s\n' "$c" "$a" "$b" >v2
	nw-dedup --run d --replace --state st v1 >/dev/null
	# Without --replace, the moved documents are copies of themselves.
	cp -r st st2
	run -0 --separate-stderr nw-dedup --run d --state st2 --stats v2
	[ "$output" = "$(printf 'd:1\t%s' "$c")" ]
	# With it, every document of the new version is kept.
	run -0 --separate-stderr nw-dedup --run d --replace --state st --stats v2
	[ "$output" = "$(cat v2)" ]
	[ "$stderr" = "nw-dedup: 3 documents, 0 duplicates (0 exact, 0 near), 3 in the index" ]
	# A run that fails forgets nothing: v2's documents are still there.
	printf 'd:1\t%s\n' "$c" >v3
	run -1 --separate-stderr bash -c 'nw-dedup --run d --replace --state st v3 >/dev/full'
	run -0 nw-dedup --run other --state st --report v2
	[ "$output" = "$(printf 'd:1\td:1\t1.000\nd:2\td:2\t1.000\nd:3\td:3\t1.000')" ]
	# The third version holds c alone: a and b are forgotten, and a
	# later input under another name holding them keeps them.
	run -0 --separate-stderr nw-dedup --run d --replace --state st --stats v3
	[ "$output" = "$(cat v3)" ]
	[ "$stderr" = "nw-dedup: 1 document, 0 duplicates (0 exact, 0 near), 1 in the index" ]
	printf 'e:1\t%s\ne:2\t%s\n' "$a" "$c" >e
	run -0 nw-dedup --run e --state st e
	[ "$output" = "$(printf 'e:1\t%s' "$a")" ]
	# No input: the name's documents forgotten.
	run -0 --separate-stderr nw-dedup --run d --replace --state st --stats </dev/null
	[ "$stderr" = "nw-dedup: 0 documents, 0 duplicates (0 exact, 0 near), 1 in the index" ]
	run -0 nw-dedup --run f --state st --report v3
	[ "$output" = "" ]
	# Paragraphs alike.
	printf 'p\tReuters reported this.\np\tOur own line.\n' >p1
	printf 'p\tOur own line.\n' >p2
	nw-dedup -u para --run p --replace --state para p1 >/dev/null
	run -0 nw-dedup -u para --run p --replace --state para p2
	[ "$output" = "$(cat p2)" ]
	run -0 nw-dedup -u para --run q --state para p1
	[ "$output" = "$(printf 'p\tReuters reported this.')" ]
	run -2 --separate-stderr nw-dedup --replace --state st v1
	[ "$stderr" = "nw-dedup: --replace: needs --run" ]
}

@test "nw-dedup --pending, --commit: a pending run is part of the index once committed; any other run drops it" {
	cd "$BATS_TEST_TMPDIR"
	a='the minister resigned on tuesday after the vote in parliament'
	b='shares fell sharply as the central bank raised its rate again'
	c='floods closed the northern roads for a third day running now'
	printf 'd:1\t%s\nd:2\t%s\n' "$a" "$b" >v1
	printf 'd:1\t%s\nd:2\t%s\n' "$c" "$b" >v2
	printf 'p:a\t%s\np:b\t%s\np:c\t%s\n' "$a" "$b" "$c" >probe
	nw-dedup --run d --replace --state st v1 >/dev/null
	# A new version, pending: its output and counts as without --pending...
	run -0 --separate-stderr nw-dedup --run d --replace --pending --state st --stats v2
	[ "$output" = "$(cat v2)" ]
	[ "$stderr" = "nw-dedup: 2 documents, 0 duplicates (0 exact, 0 near), 2 in the index" ]
	# ...but the index is as it was, and any other run drops it.
	cp -r st dropped
	run -0 --separate-stderr nw-dedup --state dropped --stats --report probe
	[ "$output" = "$(printf 'p:a\td:1\t1.000\np:b\td:2\t1.000')" ]
	[ "$stderr" = "nw-dedup: 3 documents, 2 duplicates (2 exact, 0 near), 3 in the index" ]
	run -0 --separate-stderr nw-dedup --run d --commit --state dropped
	[ -z "$output$stderr" ]
	run -0 nw-dedup --run e --state dropped --report v1
	[ "$output" = "$(printf 'd:1\td:1\t1.000\nd:2\td:2\t1.000')" ]
	# So does a commit under another name.
	cp -r st other
	run -0 --separate-stderr nw-dedup --run e --commit --state other
	[ -z "$output$stderr" ]
	run -0 nw-dedup --run d --commit --state other
	run -0 nw-dedup --state other --report probe
	[ "$output" = "$(printf 'p:a\td:1\t1.000\np:b\td:2\t1.000')" ]
	# Committed: v2's documents in, v1's forgotten (but b, which v2
	# holds too); committed again, nothing changes.
	for _ in 1 2; do
		run -0 --separate-stderr nw-dedup --run d --commit --state st
		[ -z "$output$stderr" ]
		cp -r st view
		run -0 --separate-stderr nw-dedup --state view --stats --report probe
		[ "$output" = "$(printf 'p:b\td:2\t1.000\np:c\td:1\t1.000')" ]
		[ "$stderr" = "nw-dedup: 3 documents, 2 duplicates (2 exact, 0 near), 3 in the index" ]
		rm -r view
	done
	# The run under d is v2's: run again, it keeps its documents.
	run -0 nw-dedup --run d --state st v2
	[ "$output" = "$(cat v2)" ]
	# The index keeps its parameters: no -j or -u to give again.
	nw-dedup -u para --run q --pending --state para v1 >/dev/null
	run -0 --separate-stderr nw-dedup --run q --commit --state para
	[ -z "$stderr" ]
	run -0 nw-dedup -u para --state para --report v1
	[ "$output" = "$(printf 'd:1\t1\td:1\t1.000\nd:2\t1\td:2\t1.000')" ]
	# Usage.
	run -2 --separate-stderr nw-dedup --pending --state st v1
	[ "$stderr" = "nw-dedup: --pending: needs --run" ]
	run -2 --separate-stderr nw-dedup --commit --state st
	[ "$stderr" = "nw-dedup: --commit: needs --run" ]
	run -2 --separate-stderr nw-dedup --run d --commit --pending --state st
	[ "$stderr" = "nw-dedup: --commit cannot be used with --pending or --replace" ]
	run -2 --separate-stderr nw-dedup --run d --commit --replace --state st
	[ "$stderr" = "nw-dedup: --commit cannot be used with --pending or --replace" ]
	run -2 --separate-stderr nw-dedup --run d --commit --state st v1
	[ "$stderr" = "nw-dedup: --commit: reads no file" ]
}

@test "nw-dedup --run, --keep-same-id: a rerun of an input holding an id twice writes what its first run wrote" {
	local t=$BATS_TEST_TMPDIR o u n
	printf '%s\n' 'u1	The minister said on Tuesday that the budget would be presented next week.' \
	    'u2	A different story about the weather turning cold across the north today.' \
	    'u1	The minister said on Tuesday that the budget would be presented next week.' >"$t/in"
	head -n 2 "$t/in" >"$t/out"
	for o in '--run dump1' --keep-same-id; do
		for u in doc para; do
			n='documents, 1 duplicate (1 exact, 0 near), 2'
			[ "$u" = doc ] ||
				n='paragraphs, 1 duplicate (1 exact, 0 near), 2 documents'
			rm -rf "$t/st"
			# shellcheck disable=SC2086
			for _ in 1 2; do
				run --separate-stderr nw-dedup -u $u $o --state "$t/st" --stats "$t/in"
				[ "$status" -eq 0 ]
				[ "$output" = "$(cat "$t/out")" ]
				[ "$stderr" = "nw-dedup: 3 $n in the index" ]
			done
		done
	done
	# A document of two paragraphs, seen again: both kept, then its copy dropped.
	printf '%s\n' 'u1	The minister said on Tuesday that the budget would be presented next week.' \
	    'u1	She added that taxes on fuel would rise by two pence a litre in April.' \
	    'u2	A different story about the weather turning cold across the north today.' >"$t/out"
	{ cat "$t/out"; head -n 2 "$t/out"; } >"$t/in"
	nw-dedup -u para --run p --state "$t/para" "$t/in" >/dev/null
	run --separate-stderr nw-dedup -u para --run p --state "$t/para" --report "$t/in"
	[ "$output" = "$(printf 'u1\t1\tu1\t1.000\nu1\t2\tu1\t1.000')" ]
}

@test "nw-dedup -n: a preview adds nothing: the dump's run keeps its own" {
	cd "$BATS_TEST_TMPDIR"
	z='An older story on the harbour, from a dump before.'
	a='The first story about the harbour strike and its long history.'
	b='Another story on the budget vote in parliament today.'
	c='A third story, on the floods in the north this week.'
	printf 'z\t1\t%s\n' "$z" >old.rec
	printf 'a\t1\t%s\nb\t1\t%s\n' "$a" "$b" >T.rec
	printf 'c\t1\t%s\n' "$c" >U.rec
	nw-dedup --state sr old.rec >/dev/null
	run -0 --separate-stderr nw-dedup --state sr -n --report T.rec
	[ -z "$output$stderr" ]
	run -0 --separate-stderr nw-dedup --state sr T.rec
	[ -z "$stderr" ]
	[ "$output" = "$(cat T.rec)" ]
	# The preview names copies of what the index holds...
	run -0 --separate-stderr nw-dedup --state sr --dry-run --report T.rec
	[ "$output" = "$(printf 'a\ta\t1.000\nb\tb\t1.000')" ]
	# ...and without it, --report adds the documents as a run does: the
	# dump's own run then drops each as a copy of itself.
	run -0 nw-dedup --state sr --report U.rec
	[ -z "$output" ]
	run -0 nw-dedup --state sr U.rec
	[ -z "$output" ]
}

@test "nw-dedup -n: the index is left byte for byte as it was" {
	cd "$BATS_TEST_TMPDIR"
	a='the minister resigned on tuesday after the vote in parliament and'
	a="$a said she would return to her seat in the north of the country"
	b='shares fell sharply as the central bank raised its rate again'
	c='floods closed the northern roads for a third day running now'
	printf 'd:1\t%s next year\nd:2\t%s\n' "$a" "$b" >v1
	# A near copy of d:1, a new document, a copy of d:2, a copy of p:2.
	printf 'p:1\t%s next month\np:2\t%s\np:3\t%s\np:4\t%s\n' \
	    "$a" "$c" "$b" "$c" >probe
	report=$(printf '%s\n' 'p:1	d:1	0.913' 'p:3	d:2	1.000' \
	    'p:4	p:2	1.000')
	nw-dedup --run d --state st v1 >/dev/null
	state_sums st >before
	run -0 --separate-stderr nw-dedup -n --state st --report probe
	[ -z "$stderr" ]
	[ "$output" = "$report" ]
	state_sums st | diff before -
	run -0 --separate-stderr nw-dedup -n --state st --mark probe
	[ "$output" = "$(printf '%s\n' \
	    "p:1	dup=d:1:0.913	$a next month" "p:2	$c" \
	    "p:3	dup=d:2:1.000	$b" "p:4	dup=p:2:1.000	$c")" ]
	state_sums st | diff before -
	run -0 --separate-stderr nw-dedup -n --state st probe
	[ "$output" = "p:2	$c" ]
	state_sums st | diff before -
	# A rerun under the name keeps the name's documents, once.
	run -0 --separate-stderr nw-dedup -n --run d --state st v1 v1
	[ "$output" = "$(cat v1)" ]
	state_sums st | diff before -
	run -0 --separate-stderr nw-dedup -n --run d --replace --state st probe
	[ "$output" = "$(head -n 3 probe)" ]
	state_sums st | diff before -
	# No file of the index is opened for writing: it may be read-only.
	if unshare -m true 2>/dev/null; then
		run -0 unshare -m sh -c 'mount --bind st st &&
		    mount -o remount,ro,bind st &&
		    nw-dedup -n --state st --report probe'
		[ "$output" = "$report" ]
	fi
	# What the preview said, the run does.
	run -0 --separate-stderr nw-dedup --state st --report probe
	[ "$output" = "$report" ]
	! state_sums st | diff -q before - >/dev/null
}

@test "nw-dedup -n: a preview writes what the run would, whatever the options" {
	local t=$BATS_TEST_TMPDIR opts n
	cd "$t"
	{ paragraph_docs; generated_docs 1500; } >docs
	# Dated long ago, for --max-age; near copies, a word put before each.
	head -n 700 docs | sed 's/\t/\tdate=2001-02-03\t/' >old
	sed -n '701,1200p' docs >new
	sed -n '1~3s/\t/-near\tbreaking /p' docs >near
	cat docs near >probe
	nw-split -u para "$SEEDS" >paras
	# -S 1M: the indexes and the previews' own documents spill to runs.
	nw-dedup -S 1M --run old --state st old >/dev/null
	nw-dedup -S 1M --run new --state st new >/dev/null
	nw-dedup -u para --run seeds --state para paras >/dev/null
	n=$(nw-dedup -n --stats --state st </dev/null 2>&1 >/dev/null)
	n=${n##*, }
	[ "$n" = "1153 in the index" ]
	state_sums st >before
	state_sums para >para.before
	for opts in '' '--report' '--mark -S 1M' '--run new' \
	    '--run new --replace -S 1M' '--run old --replace --report' \
	    '--max-age 30 --report' '--max-age 30 --run old --replace' \
	    '--keep-same-id -S 1M' '--run new --pending'; do
		rm -rf real
		cp -r st real
		nw-dedup --stats $opts --state real probe >real.out 2>real.err
		run -0 --separate-stderr nw-dedup -n --stats $opts \
		    --state st probe
		cmp -s real.out <(printf '%s\n' "$output") ||
		    { echo "-n $opts: another output" >&2; return 1; }
		[ "$stderr" = "$(sed "s/, [0-9]* in the index\$/, $n/" \
		    real.err)" ]
		state_sums st | diff before -
	done
	for opts in '--report' '--run seeds --replace' '--mark -S 1M'; do
		rm -rf real
		cp -r para real
		nw-dedup -u para $opts --state real paras probe >real.out
		run -0 --separate-stderr nw-dedup -n -u para $opts \
		    --state para paras probe
		cmp -s real.out <(printf '%s\n' "$output") ||
		    { echo "-n -u para $opts: another output" >&2; return 1; }
		state_sums para | diff para.before -
	done
}

@test "nw-dedup -n: --stats as the index stands; no --commit; no --state" {
	cd "$BATS_TEST_TMPDIR"
	w='one two three four five six'
	two='nw-dedup: 2 documents,' in=', 1 in the index'
	printf 'old\tdate=2001-02-03\t%s\n' "$w" >old
	printf 'new\t%s\nnew2\t%s\n' "$w" "$w" >new
	nw-dedup --state st old >/dev/null
	state_sums st >before
	run -0 --separate-stderr nw-dedup -n --stats --state st new
	[ -z "$output" ]
	[ "$stderr" = "$two 2 duplicates (2 exact, 0 near)$in" ]
	# --max-age: what a run would forget is no copy, and stays.
	run -0 --separate-stderr nw-dedup -n --max-age 365 --stats --report \
	    --state st new
	[ "$output" = "new2	new	1.000" ]
	[ "$stderr" = "$two 1 duplicate (1 exact, 0 near)$in" ]
	run -0 --separate-stderr nw-dedup -n --state st --report new
	[ "$output" = "$(printf 'new\told\t1.000\nnew2\told\t1.000')" ]
	state_sums st | diff before -
	# A commit writes and does nothing else.
	run -2 --separate-stderr nw-dedup -n --run d --commit --state st
	[ "$stderr" = "nw-dedup: --commit cannot be used with --dry-run" ]
	state_sums st | diff before -
	# Without --state, nothing is kept either way.
	run -0 --separate-stderr nw-dedup -n --stats --report new
	[ "$output" = "new2	new	1.000" ]
	[ "$stderr" = "$two 1 duplicate (1 exact, 0 near)$in" ]
}

@test "nw-dedup -n: a shared lock; no directory, lock or index made" {
	local t=$BATS_TEST_TMPDIR lock pid
	cd "$t"
	nw-dedup --state st "$BASIC" >/dev/null
	exec {lock}<st/lock
	flock -s "$lock"
	# A dry run reads beside another's shared lock...
	run -0 --separate-stderr timeout 10 \
	    nw-dedup -n --state st --report "$BASIC"
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 6 ]
	# ...which a run waits for.
	nw-dedup --state st --stats </dev/null 2>err {lock}<&- &
	pid=$!
	sleep 1
	kill -0 "$pid"
	[ "$(cat err)" = "nw-dedup: waiting for the run holding st/lock" ]
	flock -u "$lock"
	exec {lock}<&-
	wait "$pid"
	# A dry run waits for a run.
	exec {lock}>>st/lock
	flock -x "$lock"
	run -124 --separate-stderr timeout 1 nw-dedup -n --state st "$BASIC"
	[ "$stderr" = "nw-dedup: waiting for the run holding st/lock" ]
	flock -u "$lock"
	exec {lock}>&-
	# No index: every document is new, and nothing is made.
	run -0 nw-dedup -n --state none "$BASIC"
	[ "$output" = "$(nw-dedup "$BASIC")" ]
	[ ! -e none ]
	mkdir empty
	run -0 nw-dedup -n --state empty --report "$BASIC"
	[ "$output" = "$(nw-dedup --report "$BASIC")" ]
	[ -z "$(ls -A empty)" ]
	# Where a run could not make the directory, it says so.
	run -1 --separate-stderr nw-dedup -n --state none/st "$BASIC"
	[ "$stderr" = "nw-dedup: none/st: No such file or directory" ]
	# An index without its lock file is not read unlocked.
	cp -r st nolock
	rm nolock/lock
	run -1 --separate-stderr nw-dedup -n --state nolock "$BASIC"
	msg='missing, and a dry run makes no file: create it, empty, to read'
	[ "$stderr" = "nw-dedup: nolock/lock: $msg the index" ]
	[ ! -e nolock/lock ]
}

@test "nw-dedup --report, --mark: a near copy is never 1.000, the similarity of an exact copy" {
	local t=$BATS_TEST_TMPDIR
	# 300 words and the same with one more: every bin agrees (estimate 1).
	awk 'BEGIN { for (i = 1; i <= 300; i++) s = s " w" (i * 7919 % 10007)
		print "a\t" s; print "b\t" s " extra"; print "c\t" s }' >"$t/in"
	run --separate-stderr nw-dedup --report --stats "$t/in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'b\ta\t0.999\nc\ta\t1.000')" ]
	[ "$stderr" = "nw-dedup: 3 documents, 2 duplicates (1 exact, 1 near), 1 in the index" ]
	run --separate-stderr nw-dedup --mark "$t/in"
	[ "$(printf '%s\n' "$output" | sed 's/\t .*//')" = "$(printf 'a\nb\tdup=a:0.999\nc\tdup=a:1.000')" ]
}

@test "nw-dedup --stats: a count of 1 is in the singular" {
	run --separate-stderr nw-dedup --stats <<<'a	one two three'
	[ "$status" -eq 0 ]
	[ "$output" = 'a	one two three' ]
	[ "$stderr" = "nw-dedup: 1 document, 0 duplicates (0 exact, 0 near), 1 in the index" ]
	run --separate-stderr nw-dedup -u para --stats < <(printf 'a\tone two three\nb\tone two three\n')
	[ "$status" -eq 0 ]
	[ "$output" = 'a	one two three' ]
	[ "$stderr" = "nw-dedup: 2 paragraphs, 1 duplicate (1 exact, 0 near), 1 document in the index" ]
	run --separate-stderr nw-dedup -u para --stats <<<'a	one two three'
	[ "$status" -eq 0 ]
	[ "$stderr" = "nw-dedup: 1 paragraph, 0 duplicates (0 exact, 0 near), 1 document in the index" ]
}

@test "nw-dedup -u para --stats: paragraphs read, documents in the index" {
	printf '%s\n' 'a	One paragraph of the first story.' 'a	Reuters reported this.' \
	    'b	Reuters reported this.' 'b	Another paragraph.' >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr nw-dedup -u para --stats "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	[ "$stderr" = "nw-dedup: 4 paragraphs, 1 duplicate (1 exact, 0 near), 2 documents in the index" ]
}

@test "nw-dedup -S: a write cache that cannot be allocated is named, exit 1" {
	# 256G, the most -S takes: about 91G of entries, more than the
	# machines it runs on hold.  AddressSanitizer (make check
	# SANITIZE=1) is told to refuse it (over 64G) and to fail it as
	# libc does, and may say so in a line of its own, which is not
	# nw-dedup's.
	run --separate-stderr env \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_may_return_null=1:max_allocation_size_mb=65536" \
	    nw-dedup -S 256G --state "$BATS_TEST_TMPDIR/st" < <(printf 'a\tx\n')
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ -n "${NW_SANITIZE:-}" ] || [ "${#stderr_lines[@]}" -eq 1 ]
	[ "$(grep -v '^==[0-9]*==WARNING: AddressSanitizer failed to allocate ' <<<"$stderr")" = "nw-dedup: -S 256G: cannot allocate the write cache: Cannot allocate memory" ]
	[ ! -e "$BATS_TEST_TMPDIR/st" ]
}

@test "nw-dedup: the same output whatever -S, with or without --state" {
	local t=$BATS_TEST_TMPDIR
	paragraph_docs >"$t/docs"
	generated_docs 2000 >"$t/gen"
	# Copies of early documents after the cache was written out.
	cat "$BASIC" "$t/docs" "$t/gen" "$BASIC" "$t/docs" >"$t/all"
	head -n 100 "$t/gen" | sed 's/^g/again/' >>"$t/all"
	nw-dedup --report "$t/all" >"$t/default"
	nw-dedup --report -S 1M "$t/all" >"$t/small"
	nw-dedup --report -S 1G "$t/all" >"$t/large"
	nw-dedup --report -S 1M --state "$t/st" "$t/all" >"$t/state"
	cmp "$t/default" "$t/small"
	cmp "$t/default" "$t/large"
	cmp "$t/default" "$t/state"
	[ "$(grep -c '^again' "$t/default")" -eq 100 ]
	[ "$(grep -c "^g" "$t/default")" -eq 0 ]
}

# 200 documents of one block of 350 words, each with 50 words of its own
# (t1 to t200, none a copy of another), then copies of three of the last
# ones: one of its own words changed, three words of the block changed,
# its last five words dropped.  Each band key the block fills would lead
# to most of the documents, each of which would be compared with most
# of those before it: a key leads to 32 documents, the others are not
# indexed under it (counted by --stats), and their copies are found
# under the keys their own words fill, in one run or in two.
@test "nw-dedup: documents sharing a block: a band key leads to 32 of them, a copy of a later one still found" {
	local t=$BATS_TEST_TMPDIR
	awk 'BEGIN {
		for (i = 1; i <= 350; i++)
			block = block " b" i * 7919 % 100003
		for (d = 1; d <= 200; d++) {
			for (k = 1; k <= 50; k++)
				own[d] = own[d] " d" d "w" k
			print "t" d "\t" block own[d]
		}
		sub(/ d150w10 /, " changed ", own[150])
		print "t150-own\t" block own[150]
		b = block
		sub(/ b7919 b15838 b23757 /, " x y z ", b)
		print "t180-block\t" b own[180]
		sub(/( d199w4[6-9]| d199w50)+$/, "", own[199])
		print "t199-cut\t" block own[199]
	}' >"$t/in"
	printf '%s\n' 't150-own	t150	0.973' 't180-block	t180	0.992' \
	    't199-cut	t199	0.977' >"$t/copies"
	run --separate-stderr nw-dedup --report --stats "$t/in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$t/copies")" ]
	[ "$stderr" = "nw-dedup: 203 documents, 3 duplicates (0 exact, 3 near), 200 in the index, 1025 band keys left out" ]
	head -n 120 "$t/in" >"$t/a"
	tail -n +121 "$t/in" >"$t/b"
	nw-dedup --report -S 1M --state "$t/st" "$t/a" >"$t/state"
	run --separate-stderr nw-dedup --report --stats -S 1M --state "$t/st" "$t/b"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$t/copies")" ]
	[ "$stderr" = "nw-dedup: 83 documents, 3 duplicates (0 exact, 3 near), 200 in the index, 749 band keys left out" ]
	[ ! -s "$t/state" ]
}

@test "nw-dedup --state: kill -9 during an index update, then a normal run gives the uninterrupted result" {
	local t=$BATS_TEST_TMPDIR pid size0 i
	{ paragraph_docs; generated_docs 3000; } >"$t/docs"
	head -n 20 "$t/docs" >"$t/base"
	# Filler: copies of the documents under new ids, 2 MB, so that once
	# it is all written the tool has read and indexed every document
	# before it (a pipe and the input buffer hold far less).
	for i in $(seq 12); do sed "s/^/f$i-/" "$t/docs"; done >"$t/fill1"
	for i in $(seq 8); do cat "$t/fill1"; done >"$t/filler"

	nw-dedup --state "$t/ref" "$t/base" >"$t/ref.out"
	nw-dedup --state "$t/ref" "$t/docs" >>"$t/ref.out"

	nw-dedup --state "$t/st" "$t/base" >"$t/run.out"
	size0=$(wc -c <"$t/st/index.mdb")
	mkfifo "$t/fifo"
	nw-dedup -S 1M --state "$t/st" "$t/fifo" >/dev/null &
	pid=$!
	exec 5>"$t/fifo"
	cat "$t/docs" "$t/filler" >&5
	kill -9 "$pid"
	wait "$pid" || true
	exec 5>&-
	# Transactions of the killed run were committed (the file grew)...
	[ "$(wc -c <"$t/st/index.mdb")" -gt "$size0" ]
	# ...and band runs written, that no committed run names...
	ls "$t/st" | grep -q '^band\.'
	# ...but the run never was: its runs are removed.
	nw-dedup --state "$t/st" "$t/docs" >>"$t/run.out"
	cmp "$t/ref.out" "$t/run.out"
	[ "$(cat "$t"/st/band.* | wc -c)" = "$(cat "$t"/ref/band.* | wc -c)" ]
	# The shingle hashes and slots it appended are cut off.
	[ "$(wc -c <"$t/st/hashes.0")" = "$(wc -c <"$t/ref/hashes.0")" ]
	[ "$(wc -c <"$t/st/docs.0")" = "$(wc -c <"$t/ref/docs.0")" ]
	nw-dedup --report --state "$t/st" "$t/docs" >"$t/again"
	nw-dedup --report --state "$t/ref" "$t/docs" | cmp - "$t/again"
}

@test "nw-dedup --state: a run adds files and never rewrites one; a damaged run file is refused, cut short, zeroed or garbled" {
	local t=$BATS_TEST_TMPDIR f
	head -n 183 "$BASIC" >"$t/A"
	tail -n +184 "$BASIC" >"$t/B"
	generated_docs 300 >"$t/gen"
	nw-dedup --state "$t/st" "$t/gen" >/dev/null
	for f in "$t"/st/band.*; do
		printf '%s %s %s\n' "$f" "$(stat -c %i "$f")" "$(cksum <"$f")"
	done >"$t/before"
	nw-dedup --state "$t/st" "$t/A" >/dev/null
	nw-dedup --state "$t/st" "$t/B" >/dev/null
	# The first run's file is there as it was (9,900 keys, a filter of
	# 233 blocks), the two small runs' were merged into one, and there is
	# no filter of the whole index.
	read -r f _ <"$t/before"
	printf '%s %s %s\n' "$f" "$(stat -c %i "$f")" "$(cksum <"$f")" |
	    cmp - "$t/before"
	[ "$(wc -c <"$f")" -eq $((39 * 4096 + 233 * 64)) ]
	[ "$(ls "$t/st" | grep -c '^band\.')" -eq 2 ]
	[ ! -e "$t/st/filter" ]
	nw-dedup --state "$t/st" --report "$BASIC" >"$t/ref"
	[ "$(cat "$t/ref")" = "$(printf '%s\n' 's1	s1	1.000' 's1-copy	s1	1.000' \
	    's1-near	s1	0.938' 's2	s2	1.000' 's3	s3	1.000' \
	    's2-reordered	s2	0.984')" ]
	truncate -s -1 "$f"
	run --separate-stderr nw-dedup --state "$t/st" --report "$BASIC"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-dedup: $f: damaged: 174655 bytes, the index says 174656" ]
	# Gone, it is said so, and not made anew, empty.
	mv "$f" "$t/moved"
	run --separate-stderr nw-dedup --state "$t/st" --report "$BASIC"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-dedup: $f: damaged: missing, the index says 174656 bytes" ]
	[ ! -e "$f" ]
	mv "$t/moved" "$f"
	# The right length, but zeros, as a crash may leave it, or other
	# bytes: no lookup would find a key.
	head -c 174656 /dev/zero >"$f"
	run --separate-stderr nw-dedup --state "$t/st" --report "$BASIC"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-dedup: $f: damaged: its keys, directory and filter disagree" ]
	head -c 174656 /dev/urandom >"$f"
	run --separate-stderr nw-dedup --state "$t/st" --report "$BASIC"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-dedup: $f: damaged: its keys, directory and filter disagree" ]
}

@test "nw-dedup --state: an index.mdb cut short, garbled, emptied or gone is refused" {
	local t=$BATS_TEST_TMPDIR
	generated_docs 300 >"$t/gen"
	nw-dedup --state "$t/st" "$t/gen" >/dev/null
	cp -R "$t/st" "$t/keep"
	# LMDB maps the file: a page past its end would be a bus error.
	truncate -s 8192 "$t/st/index.mdb"
	run --separate-stderr nw-dedup --state "$t/st" "$t/gen"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-dedup: $t/st/index.mdb: damaged: 8192 bytes, the index says $(wc -c <"$t/keep/index.mdb")" ]
	# A header whose last page is past any map (the last page and the
	# commit number of the first meta page, garbled): not "Cannot
	# allocate memory", which sends the user to the wrong place.
	cp "$t/keep/index.mdb" "$t/st/index.mdb"
	printf '\0\0\0\0\0\020\0\0\377\377\0\0\0\0\0\0' |
	    dd of="$t/st/index.mdb" bs=1 seek=136 conv=notrunc 2>/dev/null
	run --separate-stderr nw-dedup --state "$t/st" "$t/gen"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-dedup: $t/st/index.mdb: damaged: its header asks for a map larger than memory can hold; index again, in another directory" ]
	: >"$t/st/index.mdb"
	run --separate-stderr nw-dedup --state "$t/st" "$t/gen"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "$stderr" =~ ^"nw-dedup: $t/st/index.mdb: empty, but $t/st/"(band|docs|hashes)".0 is there: the index is damaged; index again, in another directory"$ ]]
	rm "$t/st/index.mdb"
	run --separate-stderr nw-dedup --state "$t/st" "$t/gen"
	[ "$status" -eq 1 ]
	[[ "$stderr" =~ ^"nw-dedup: $t/st/index.mdb: missing, but " ]]
	# Nothing was written to the damaged directory; the intact copy
	# still knows every document.
	[ ! -e "$t/st/index.mdb" ]
	[ -z "$(nw-dedup --state "$t/keep" "$t/gen")" ]
	# The shingle hashes gone: said so, not made anew, empty.
	size=$(wc -c <"$t/keep/hashes.0")
	rm "$t/keep/hashes.0"
	run --separate-stderr nw-dedup --state "$t/keep" "$t/gen"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-dedup: $t/keep/hashes.0: damaged: missing, the index says $size bytes" ]
	[ ! -e "$t/keep/hashes.0" ]
}

@test "nw-dedup --state: concurrent runs are serialised, one sees the other's documents" {
	local t=$BATS_TEST_TMPDIR p1 p2
	paragraph_docs >"$t/docs"
	nw-dedup -S 1M --state "$t/st" "$t/docs" >"$t/1.out" &
	p1=$!
	nw-dedup -S 1M --state "$t/st" "$t/docs" >"$t/2.out" &
	p2=$!
	wait "$p1"
	wait "$p2"
	cat "$t/1.out" "$t/2.out" >"$t/both"
	nw-dedup "$t/docs" | cmp - "$t/both"
}

@test "nw-dedup --max-age: documents dated earlier are forgotten" {
	local t=$BATS_TEST_TMPDIR
	printf 'old\tdate=2001-02-03\tone two three four five six\n' >"$t/old"
	printf 'new\tone two three four five six\n' >"$t/new"
	nw-dedup --state "$t/st" "$t/old" >/dev/null
	run --separate-stderr nw-dedup --state "$t/st" --max-age 365 --report "$t/new"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# "new" was indexed with today's date: a year's age keeps it.
	run --separate-stderr nw-dedup --state "$t/st" --max-age 365 --report "$t/old"
	[ "$output" = "old	new	1.000" ]
	run --separate-stderr nw-dedup --max-age 1
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-dedup: --max-age: needs --state" ]
}

@test "nw-dedup --max-age: a date= that names no day is the day of indexing" {
	local t=$BATS_TEST_TMPDIR
	# 1970-02-30 and 1970-04-31 are no days (not 2 March, not 1 May).
	printf 'feb\tdate=1970-02-30\tone two three four five six\n' >"$t/old"
	printf 'apr\tdate=1970-04-31T10:00:00Z\tseven eight nine ten eleven twelve\n' >>"$t/old"
	printf 'x\tone two three four five six\ny\tseven eight nine ten eleven twelve\n' >"$t/new"
	nw-dedup --state "$t/st" "$t/old" >/dev/null
	run --separate-stderr nw-dedup --state "$t/st" --max-age 365 --report "$t/new"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'x\tfeb\t1.000\ny\tapr\t1.000')" ]
}

@test "nw-dedup --state: band keys go to runs, merged as they grow; a merge drops aged-out documents' keys" {
	local t=$BATS_TEST_TMPDIR i
	generated_docs 300 >"$t/gen"
	# 33 keys of 16 bytes a document (32 bands, the exact key), a
	# directory of 2^b + 1 numbers of 8 bytes (b = 6, 2 and 6 here), to
	# the next 4 KB page; then a filter of 64 bytes a 42.67 keys, and one
	# more.  A run is merged with the one before while it holds at least
	# an eighth of its keys.  Four batches of 2475 entries merge as they
	# come, into one run of 9900 (39 pages, 233 filter blocks); one of
	# 30 documents (990 entries: 4 pages, 24 blocks) is less than an
	# eighth of it and stays a run of its own.
	for i in 0 1 2 3; do
		sed -n "$((i * 75 + 1)),$((i * 75 + 75))p" "$t/gen" |
		    nw-dedup --state "$t/st" >/dev/null
	done
	[ "$(cat "$t"/st/band.* | wc -c)" -eq $((39 * 4096 + 233 * 64)) ]
	generated_docs 400 | sed -n 301,330p >"$t/more"
	nw-dedup --state "$t/st" "$t/more" >/dev/null
	[ "$(cat "$t"/st/band.* | wc -c)" -eq $((39 * 4096 + 233 * 64 + 4 * 4096 + 24 * 64)) ]
	[ "$(ls "$t/st" | grep -c '^band\.')" -eq 2 ]
	# 70 more (2310 entries) merge with the 990, and those 3300 with the
	# 9900: one run of 13200 (52 pages, 310 blocks).
	generated_docs 400 | sed -n 331,400p >>"$t/more"
	generated_docs 400 | sed -n 331,400p | nw-dedup --state "$t/st" >/dev/null
	[ "$(cat "$t"/st/band.* | wc -c)" -eq $((52 * 4096 + 310 * 64)) ]
	[ "$(ls "$t/st" | grep -c '^band\.')" -eq 1 ]
	cat "$t/more" >>"$t/gen"
	nw-dedup --report --state "$t/st" "$t/gen" | cut -f1,2 >"$t/found"
	[ "$(wc -l <"$t/found")" -eq 400 ]
	[ "$(grep -cv '^\(g[0-9]*\)	\1$' "$t/found")" -eq 0 ]
	# An old document aged out: the next merge drops its keys.
	printf 'old\tdate=2001-02-03\tone two three four five six\n' >"$t/old"
	nw-dedup --state "$t/aged" "$t/old" >/dev/null
	printf 'new\tsix five four three two one\n' |
	    nw-dedup --state "$t/aged" --max-age 365 >/dev/null
	[ "$(cat "$t"/aged/band.* | wc -c)" -eq $((4096 + 64)) ]
}

@test "nw-dedup --state: a large run's entries are read by pread(), then through its mapping, with the same result" {
	local t=$BATS_TEST_TMPDIR
	# 3000 documents: one run of 99,000 entries (1.5 MB), read by
	# pread() for its first 48 ranges (one a 32 KB of entries), then
	# through the mapping.  Near copies (a word added: 8 shingles of 9)
	# of every 50th document and new documents, interleaved, so that
	# both ways find copies.
	generated_docs 3000 >"$t/gen"
	nw-dedup --state "$t/st" "$t/gen" >/dev/null
	generated_docs 3200 | awk -F '\t' 'NR % 50 == 0 {
		if (NR <= 3000)
			print "c" NR "\t" $2 " extra"
		else
			print "n" NR "\t" $2
	}' >"$t/probe"
	run --separate-stderr nw-dedup --report --state "$t/st" "$t/probe"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(printf '%s\n' "$output" | cut -f1,2)" = "$(seq 50 50 3000 |
	    awk '{ print "c" $1 "\tg" $1 }')" ]
	# The new documents were added, the copies not.
	run nw-dedup --report --state "$t/st" "$t/probe"
	[ "$(printf '%s\n' "$output" | cut -f1,2)" = "$(seq 50 50 3200 |
	    awk '{ print ($1 <= 3000 ? "c" $1 "\tg" : "n" $1 "\tn") $1 }')" ]
}

@test "nw-dedup --state: shingle hashes go to DIR/hashes.N, rewritten once mostly aged out" {
	local t=$BATS_TEST_TMPDIR
	generated_docs 100 | sed 's/\t/\tdate=2001-02-03\t/' >"$t/old"
	generated_docs 130 | tail -n 30 >"$t/new"
	# B is A with two words of 100 changed: exact similarity 86/106, a
	# borderline estimate, judged on the two documents' hashes.
	awk 'BEGIN {
		printf "A\t"
		for (i = 1; i <= 100; i++)
			printf " a%d", i
		printf "\nB\t"
		for (i = 1; i <= 100; i++)
			printf " %s", (i == 30 ? "x" : i == 70 ? "y" : "a" i)
		print ""
	}' >"$t/ab"
	head -n 1 "$t/ab" >>"$t/new"
	nw-dedup --state "$t/st" "$t/old" >/dev/null
	# 12 words, 8 shingles of 4 bytes a document.
	[ "$(wc -c <"$t/st/hashes.0")" -eq $((100 * 8 * 4)) ]
	nw-dedup --state "$t/st" --max-age 365 "$t/new" >/dev/null
	# All of the old ones aged out: their hashes outweigh the rest.
	[ "$(ls "$t/st" | grep '^hashes')" = "hashes.1" ]
	[ "$(wc -c <"$t/st/hashes.1")" -eq $((30 * 8 * 4 + 96 * 4)) ]
	# The new documents are still found, the old ones no more, and A's
	# hashes are read from where they moved.
	run --separate-stderr nw-dedup --state "$t/st" --report "$t/ab" "$t/new" "$t/old"
	[ "${lines[0]}" = "A	A	1.000" ]
	[ "${lines[1]}" = "B	A	0.811" ]
	[ "$(cut -f1,2 <<<"$output" | grep -cv '^\([gA][0-9]*\)	\1$')" -eq 1 ]
	[ "${#lines[@]}" -eq 33 ]
}

@test "nw-dedup --state: each document has a slot in DIR/docs.N; without them (an index another nw-dedup changed) they start anew" {
	local t=$BATS_TEST_TMPDIR id
	generated_docs 330 >"$t/gen"
	head -n 300 "$t/gen" >"$t/A"
	tail -n 30 "$t/gen" >"$t/B"
	# An id longer than a slot holds (88 bytes): read from LMDB.
	id=$(printf 'long%0100d' 7)
	printf '%s\tone two three four five six seven eight nine\n' "$id" >>"$t/B"
	nw-dedup --state "$t/ref" "$t/A" "$t/B" >/dev/null
	nw-dedup --state "$t/ref" --report "$t/gen" "$t/B" >"$t/ref.out"
	[ "$(wc -l <"$t/ref.out")" -eq 361 ]
	[ "$(grep -cv '^\([g0-9a-z]*\)	\1	1.000$' "$t/ref.out")" -eq 0 ]
	# 640 bytes a document.
	[ "$(wc -c <"$t/ref/docs.0")" -eq $((331 * 640)) ]

	nw-dedup --state "$t/st" "$t/A" >/dev/null
	[ "$(wc -c <"$t/st/docs.0")" -eq $((300 * 640)) ]
	# As if an nw-dedup that keeps no slots had added documents: the
	# next run starts them anew from there, the documents before are
	# read from LMDB.
	rm "$t/st/docs.0"
	nw-dedup --state "$t/st" "$t/B" >/dev/null
	[ "$(ls "$t/st" | grep '^docs')" = "docs.1" ]
	[ "$(wc -c <"$t/st/docs.1")" -eq $((31 * 640)) ]
	nw-dedup --state "$t/st" --report "$t/gen" "$t/B" | cmp - "$t/ref.out"
	# Cleared slots (a purged document's) send the lookup to LMDB.
	truncate -s 0 "$t/st/docs.1"
	truncate -s $((31 * 640)) "$t/st/docs.1"
	nw-dedup --state "$t/st" --report "$t/gen" "$t/B" | cmp - "$t/ref.out"
}

# refused_format N: an index whose meta says format N (made by mdb_load)
# is refused with a message naming both formats, and left as it is.
refused_format() {
	local t=$BATS_TEST_TMPDIR/$1
	mkdir "$t"
	printf '%s\n' VERSION=3 format=print type=btree HEADER=END ' params' \
	    " nw-dedup $1 unit=doc shingle=5 bins=256 bands=32 rows=8" DATA=END |
	    mdb_load -n -s meta "$t/index.mdb"
	cp "$t/index.mdb" "$t.copy"
	run --separate-stderr nw-dedup --state "$t" "$BASIC"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-dedup: $t: an index of format $1; this nw-dedup reads format 5: index again, in another directory" ]
	cmp "$t/index.mdb" "$t.copy"
	[ "$(ls "$t" | grep -c '^band\|^hashes')" -eq 0 ]
}

@test "nw-dedup --state: an index of an older format is refused, and left as it is" {
	refused_format 2
	# Format 4: exact and paragraph keys in LMDB, one filter of the
	# whole index in DIR/filter.
	refused_format 4
}

@test "nw-dedup --commit: an index of another format is refused, and left as it is" {
	local t=$BATS_TEST_TMPDIR f
	nw-dedup --state "$t/st" --run A "$BASIC" >/dev/null
	nw-dedup --state "$t/st" --run B --pending "$BASIC" >/dev/null
	for f in 4 6; do
		cp -a "$t/st" "$t/st$f"
		mdb_dump -n -s meta -p "$t/st$f/index.mdb" |
		    sed "s/^ nw-dedup 5 / nw-dedup $f /" |
		    mdb_load -n -s meta "$t/st$f/index.mdb"
		echo junk >"$t/st$f/band.77"
		ls "$t/st$f" >"$t/ls.before"
		cp "$t/st$f/index.mdb" "$t/copy"
		run --separate-stderr nw-dedup --state "$t/st$f" --run B --commit
		[ "$status" -eq 1 ]
		[ -z "$output" ]
		[ "$stderr" = "nw-dedup: $t/st$f: an index of format $f; this nw-dedup reads format 5: index again, in another directory" ]
		cmp "$t/st$f/index.mdb" "$t/copy"
		ls "$t/st$f" | cmp - "$t/ls.before"
	done
}

@test "nw-dedup --state: a run waits for DIR/lock, but through the holder's descriptor in NW_DEDUP_LOCK_FD" {
	local t=$BATS_TEST_TMPDIR lock pid n
	nw-dedup --state "$t/st" --run A --pending "$BASIC" >/dev/null
	n=$(nw-dedup "$BASIC" | cut -f 1 | uniq | wc -l)
	# The test holds the lock, as nw-batch(1) does for a whole run.
	exec {lock}>>"$t/st/lock"
	flock -x "$lock"
	# A run it starts, given its descriptor, takes the lock at once.
	run -0 --separate-stderr env NW_DEDUP_LOCK_FD="$lock" timeout 10 \
	    nw-dedup --state "$t/st" --run A --commit
	[ -z "$stderr" ]
	# Any other run waits for the lock.
	nw-dedup --state "$t/st" --stats </dev/null 2>"$t/err" {lock}>&- &
	pid=$!
	sleep 1
	kill -0 "$pid"
	[ "$(cat "$t/err")" = "nw-dedup: waiting for the run holding $t/st/lock" ]
	flock -u "$lock"
	exec {lock}>&-
	wait "$pid"
	[ "$(cat "$t/err")" = "nw-dedup: waiting for the run holding $t/st/lock
nw-dedup: 0 documents, 0 duplicates (0 exact, 0 near), $n in the index" ]
	# A descriptor of another file is no lock of the index: it waits.
	exec {lock}>>"$t/st/lock"
	flock -x "$lock"
	exec 9>"$t/other"
	run -124 env NW_DEDUP_LOCK_FD=9 timeout 1 nw-dedup --state "$t/st" --stats </dev/null
	exec 9>&-
	flock -u "$lock"
	exec {lock}>&-
}

@test "nw-dedup --state: another -j or -u is refused" {
	local t=$BATS_TEST_TMPDIR
	nw-dedup --state "$t/st" "$BASIC" >/dev/null
	run --separate-stderr nw-dedup --state "$t/st" -j 0.9 "$BASIC"
	[ "$status" -eq 2 ]
	# The message says the options the index takes: -j is not kept,
	# but the bands and rows of the default are those of 0.78 to 0.81.
	[ "$stderr" = "nw-dedup: $t/st: made with -u doc and a -j of 0.78 to 0.81; use them, or another directory" ]
	run --separate-stderr nw-dedup --state "$t/st" -u para "$BASIC"
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-dedup: $t/st: made with -u doc and a -j of 0.78 to 0.81; use them, or another directory" ]
	run -0 nw-dedup --state "$t/st" -j 0.79 "$BASIC"
	nw-dedup --state "$t/one" -j 0.92 "$BASIC" >/dev/null
	run --separate-stderr nw-dedup --state "$t/one" "$BASIC"
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-dedup: $t/one: made with -u doc -j 0.92; use them, or another directory" ]
	run --separate-stderr nw-dedup --state /dev/null/x "$BASIC"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-dedup: /dev/null/x: Not a directory" ]
}

@test "nw-dedup -u para --state: any -j is taken, as -u para has no use for it" {
	# -j sets the bands and rows of near copies of documents; an index
	# of paragraphs was refused when a run's -j needed other ones.
	cd "$BATS_TEST_TMPDIR"
	printf 'a\tA paragraph that repeats.\na\tOne of its own.\n' >a
	printf 'b\tA paragraph that repeats.\nb\tAnother of its own.\n' >b
	nw-dedup -u para --state st a >/dev/null
	run --separate-stderr nw-dedup -n -u para -j 0.5 --state st --report b
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'b\t1\ta\t1.000')" ]
	[ -z "$stderr" ]
	run --separate-stderr nw-dedup -u para -j 0.95 --state st --stats b
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'b\tAnother of its own.')" ]
	[ "$stderr" = "nw-dedup: 2 paragraphs, 1 duplicate (1 exact, 0 near), 2 documents in the index" ]
	# The unit is still checked.
	run --separate-stderr nw-dedup -j 0.5 --state st b
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-dedup: st: made with -u para; use it, or another directory" ]
}

@test "nw-dedup --curve: the parameters and their S-curve" {
	run --separate-stderr nw-dedup --curve
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = "bands	32" ]
	[ "${lines[3]}" = "rows	8" ]
	[ "${lines[19]}" = "0.80	0.9972" ]
	[ "${lines[17]}" = "0.70	0.8504" ]
	[ "${lines[13]}" = "0.50	0.1177" ]
	run --separate-stderr nw-dedup --curve -j 0.9
	[ "${lines[2]}" = "bands	18" ]
	[ "${lines[3]}" = "rows	14" ]
	# It reads no file: an operand is not left unread without a word.
	run --separate-stderr nw-dedup --curve in.txt
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-dedup: --curve: reads no file" ]
}

@test "nw-dedup: bad options and values are usage errors (exit 2)" {
	run --separate-stderr nw-dedup -j 2
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-dedup: -j: 2: too large (allowed: 0.1 to 1)" ]
	run --separate-stderr nw-dedup -j x
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-dedup: -j: x: invalid (allowed: 0.1 to 1)" ]
	run --separate-stderr nw-dedup -u line
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-dedup: -u: line: invalid (allowed: doc or para)" ]
	run --separate-stderr nw-dedup -S 10K
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-dedup: -S: 10K: too small (at least 1M)" ]
	run --separate-stderr nw-dedup -S 257G </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-dedup: -S: 257G: too large (at most 256G)" ]
	run --separate-stderr nw-dedup -S 99999999999999999999 </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-dedup: -S: 99999999999999999999: too large (at most 256G)" ]
	run --separate-stderr nw-dedup --max-age -1 --state x
	[ "$status" -eq 2 ]
	run --separate-stderr nw-dedup --state ''
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-dedup: --state: empty path" ]
	# "-" is standard input, not a directory to make.
	run --separate-stderr nw-dedup --state - </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-dedup: --state: -: the state is a directory of files (allowed: a path; ./- for one called -)" ]
	[ ! -e - ]
	run --separate-stderr nw-dedup --mark --report /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-dedup: --mark cannot be used with --report" ]
	run --separate-stderr nw-dedup --report --mark /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-dedup: --mark cannot be used with --report" ]
	run --separate-stderr nw-dedup --bogus
	[ "$status" -eq 2 ]
	[ "${stderr_lines[1]%% *}" = "usage:" ]
}

@test "nw-dedup: -h lists every option; --version" {
	run --separate-stderr nw-dedup -h
	[ "$status" -eq 0 ]
	for o in -j -n -S -u --commit --curve --dry-run --keep-same-id \
	    --mark --max-age --pending --replace --report --run --state \
	    --stats --strict --version; do
		[[ "$output" == *" $o"* ]]
	done
	run --separate-stderr nw-dedup --version
	[ "$output" = "nw-dedup (newswire) 0.1.0" ]
}

@test "nw-dedup: a missing file is reported, the others are read (exit 1)" {
	run --separate-stderr nw-dedup --report "$BATS_TEST_TMPDIR/none" "$BASIC"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-dedup: $BATS_TEST_TMPDIR/none: No such file or directory" ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "nw-dedup: /dev/full is a write error, exit 1, and the index is not updated" {
	local t=$BATS_TEST_TMPDIR
	run --separate-stderr bash -c 'nw-dedup --state "$1" "$2" >/dev/full' - "$t/st" "$BASIC"
	[ "$status" -eq 1 ]
	nw-dedup --state "$t/st" "$BASIC" | cmp - "$DATA/nw-dedup-basic.out"
}

@test "nw-dedup: stdout or stdin closed is an error, exit 1; nothing goes into the index's own files" {
	local t=$BATS_TEST_TMPDIR
	# A file nw-dedup opens (DIR/lock, the temporary index) must not
	# take the closed descriptor's number and the records with it.
	run --separate-stderr bash -c 'nw-dedup --state "$1" "$2" >&-' - \
	    "$t/st" "$BASIC"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-dedup: stdout: Bad file descriptor" ]
	[ ! -s "$t/st/lock" ]
	run --separate-stderr bash -c 'nw-dedup "$1" >&-' - "$BASIC"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-dedup: stdout: Bad file descriptor" ]
	run --separate-stderr bash -c 'nw-dedup --state "$1" <&-' - "$t/st"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-dedup: -: Bad file descriptor" ]
	# The index took none of those runs' documents.
	nw-dedup --state "$t/st" "$BASIC" | cmp - "$DATA/nw-dedup-basic.out"
}

@test "nw-dedup --state: a full disk at any stage of a run is reported, exit 1, and the index left as it was" {
	local t=$BATS_TEST_TMPDIR ns
	tmpfs_namespace "$t/m"
	generated_docs 100 >"$t/gen"
	# The index holds one document; the disk is filled, then given 4 KB
	# more at each run until one has room: each stage that writes (the
	# keys of a run, its directory and filter, the slots, LMDB's commit)
	# meets the full disk in turn.  A line a run: its status, its message.
	cat >"$t/full.sh" <<'SH'
m=$1 t=$2
mount -t tmpfs -o size=1m tmpfs "$m" || exit 99
printf 'x1\tthe one document before the disk is full\n' |
    nw-dedup --state "$m/st" >/dev/null || exit 98
dd if=/dev/zero of="$m/filler" bs=4k 2>/dev/null
size=$(stat -c %s "$m/filler")
while :; do
	nw-dedup --stats -S 1M --state "$m/st" "$t/gen" >"$t/out" 2>"$t/err"
	rc=$?
	echo "$rc $(cat "$t/err")"
	[ "$rc" -eq 0 ] || [ "$size" -eq 0 ] && break
	size=$((size - 4096))
	truncate -s "$size" "$m/filler"
done
umount "$m"
SH
	run --separate-stderr "${ns[@]}" bash "$t/full.sh" "$t/m" "$t"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	# The run with room wrote every document: none of the runs before
	# it left one in the index.  Only it says what the index holds (--stats):
	# the line is said once the commit is made.
	[ "${lines[-1]}" = "0 nw-dedup: 100 documents, 0 duplicates (0 exact, 0 near), 101 in the index" ]
	cmp "$t/out" "$t/gen"
	# Each of the others said the disk was full, with exit 1: a run's
	# directory and filter, written through a mapping, are no SIGBUS,
	# and LMDB's short write is no "Input/output error".
	[ "$(grep -cv "^1 nw-dedup: $t/m/st[^ ]*: .*No space left on device$" <<<"$output")" -eq 1 ]
	grep -Eq "^1 nw-dedup: $t/m/st: band run [0-9]+: No space left on device$" <<<"$output"
	grep -q "^1 nw-dedup: $t/m/st: cannot commit: No space left on device$" <<<"$output"
}

@test "nw-dedup --state: a new index the full disk cut short is removed; the next run starts it" {
	local t=$BATS_TEST_TMPDIR ns
	tmpfs_namespace "$t/m"
	generated_docs 100 >"$t/gen"
	# One page left: LMDB's first two pages are written in part.
	cat >"$t/new.sh" <<'SH'
m=$1 t=$2
mount -t tmpfs -o size=1m tmpfs "$m" || exit 99
dd if=/dev/zero of="$m/filler" bs=4k 2>/dev/null
truncate -s $(($(stat -c %s "$m/filler") - 4096)) "$m/filler"
nw-dedup --state "$m/st" "$t/gen" >"$t/out"
echo "exit $?"
ls "$m/st"
rm "$m/filler"
nw-dedup --state "$m/st" "$t/gen" >"$t/out"
echo "exit $?"
umount "$m"
SH
	run --separate-stderr "${ns[@]}" bash "$t/new.sh" "$t/m" "$t"
	[ "$stderr" = "nw-dedup: $t/m/st/index.mdb: No space left on device" ]
	[ "$output" = "$(printf 'exit 1\nlock\nexit 0')" ]
	cmp "$t/out" "$t/gen"
}

@test "nw-dedup: a temporary index that cannot be made leaves nothing in TMPDIR" {
	local t=$BATS_TEST_TMPDIR ns
	tmpfs_namespace "$t/m"
	generated_docs 100 >"$t/gen"
	cat >"$t/tmp.sh" <<'SH'
m=$1 t=$2
mount -t tmpfs -o size=1m tmpfs "$m" || exit 99
dd if=/dev/zero of="$m/filler" bs=4k 2>/dev/null
TMPDIR=$m nw-dedup "$t/gen" >"$t/out"
echo "exit $?"
ls -A "$m"
umount "$m"
SH
	run --separate-stderr "${ns[@]}" bash "$t/tmp.sh" "$t/m" "$t"
	[ "$stderr" = "nw-dedup: $t/m: cannot create the temporary index: No space left on device" ]
	[ "$output" = "$(printf 'exit 1\nfiller')" ]
	[ ! -s "$t/out" ]
}

@test "nw-dedup: a TMPDIR that the shingle hashes fill is named, exit 1, nothing left" {
	# Without --state the hashes go to a nameless file in TMPDIR as
	# they come, index or no index: 5,000 documents of 100 words, 2 MB.
	local t=$BATS_TEST_TMPDIR ns
	tmpfs_namespace "$t/m"
	awk 'BEGIN { for (i = 1; i <= 5000; i++) { line = "g" i "\t"
		for (k = 1; k <= 100; k++)
			line = line " w" (i * 7919 + k * 104729) % 1000003
		print line } }' >"$t/gen"
	cat >"$t/tmp.sh" <<'SH'
m=$1 t=$2
mount -t tmpfs -o size=256k tmpfs "$m" || exit 99
TMPDIR=$m nw-dedup "$t/gen" >"$t/out"
echo "exit $?"
ls -A "$m"
umount "$m"
SH
	run --separate-stderr "${ns[@]}" bash "$t/tmp.sh" "$t/m" "$t"
	[ "$stderr" = "nw-dedup: $t/m: the temporary file of shingle hashes: No space left on device" ]
	[ "$output" = "exit 1" ]
}

@test "nw-dedup: a TMPDIR that is missing or no directory is named, the temporary index not made" {
	local t=$BATS_TEST_TMPDIR
	printf 'd1\tsome text here\n' >"$t/in"
	: >"$t/notdir"
	run --separate-stderr env TMPDIR="$t/missing" nw-dedup "$t/in"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-dedup: $t/missing: cannot create the temporary index: No such file or directory" ]
	run --separate-stderr env TMPDIR="$t/notdir" nw-dedup "$t/in"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-dedup: $t/notdir: cannot create the temporary index: Not a directory" ]
}

@test "eval-dedup: recall >= 0.95 and precision >= 0.99 on the BBC corpus and on the synthetic copies (test sample)" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	[ -d "$TOP/../shared/corpus/bbc" ] || skip "no ../shared/corpus/bbc"
	run --separate-stderr "$TOP/tests/eval-dedup"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "BBC: 2225 articles; 157 true pairs at J >= 0.80 (103 at J = 1)" ]]
	awk '/^BBC: recall/ { exit !($3 >= 0.95 && $5 >= 0.99) }' <<<"$output"
	awk '/^synthetic: recall/ { exit !($3 >= 0.95 && $5 >= 0.99) }' <<<"$output"
}

@test "nw-batch --dedup: copies in a dump or from an earlier dump are dropped, the dump's log says how many" {
	local in=$BATS_TEST_TMPDIR/in out=$BATS_TEST_TMPDIR/out s=("$SEEDS"/*.txt)
	mkdir -p "$in"
	cp "${s[0]}" "$in/a.txt"
	cp "${s[0]}" "$in/b.txt"
	cp "${s[1]}" "$in/c.txt"
	nw-batch --dedup --settle 0 "$in" "$out"
	[ "$(cat "$out/runs/b.txt/log")" = "nw-dedup: 1 document, 1 duplicate (1 exact, 0 near), 1 in the index" ]
	[ ! -s "$out/runs/b.txt/topics.tsv" ]
	[ -s "$out/runs/c.txt/topics.tsv" ]
	cp "${s[1]}" "$in/d.txt"
	nw-batch --dedup --settle 0 "$in" "$out"
	[ "$(cat "$out/runs/d.txt/log")" = "nw-dedup: 1 document, 1 duplicate (1 exact, 0 near), 2 in the index" ]
	# With --no-dedup every copy is counted.
	nw-batch --no-dedup --settle 0 "$in" "$BATS_TEST_TMPDIR/all"
	[ -s "$BATS_TEST_TMPDIR/all/runs/d.txt/topics.tsv" ]
}

@test "nw-dedup: a character that is no letter ends a word, even right after a mark (fuzz-dedup)" {
	# An invalid byte after a combining mark was folded into the word,
	# as the mark's code point was looked at again.  Through nw-dedup the
	# byte arrives as U+FFFD, which separates words like a space.
	run --separate-stderr nw-dedup --report < <(printf '%b\n' \
	    'a\tx\xd6\xa0\xfey one two three four' \
	    'b\tx\xd6\xa0 y one two three four')
	[ "$status" -eq 0 ]
	[ "$output" = "b	a	1.000" ]
}

@test "nw-dedup --state: a memory fault while the index is open is reported as damage, exit 1" {
	# LMDB trusts its map: damaged pages can make it read past the map
	# (SIGBUS) or through a wild pointer (SIGSEGV), which crashed
	# nw-dedup without a word.  A SIGBUS sent while it waits on its
	# input stands for one.
	[ -z "${NW_SANITIZE:-}" ] || skip "a sanitizer build reports a fault itself"
	cd "$BATS_TEST_TMPDIR"
	mkfifo in
	nw-dedup --state idx in >out 2>err &
	pid=$!
	exec 7>in
	for i in $(seq 100); do
		cgt=$(awk '/^SigCgt:/ { print $2 }' "/proc/$pid/status")
		[ $((0x$cgt >> 6 & 1)) -eq 1 ] && break
		sleep 0.1
	done
	kill -BUS "$pid"
	st=0
	wait "$pid" || st=$?
	exec 7>&-
	[ "$st" -eq 1 ]
	[ "$(cat err)" = "nw-dedup: idx: damaged: a memory fault reading its index (remove the directory to start anew)" ]
	[ ! -s out ]
}

@test "nw-dedup --state: an index whose page size reads 0 is reported as damage, exit 1" {
	# The page size in LMDB's first meta page (at byte 40) zeroed:
	# LMDB divides by it, and the run died of SIGFPE without a word.
	[ -z "${NW_SANITIZE:-}" ] || skip "a sanitizer build reports a fault itself"
	cd "$BATS_TEST_TMPDIR"
	printf 'a\tone two three four five six\n' | nw-dedup --state idx >out
	printf '\0\0\0\0' |
	    dd of=idx/index.mdb bs=1 seek=40 conv=notrunc 2>/dev/null
	msg="nw-dedup: idx: damaged: an arithmetic fault reading its index"
	msg="$msg (remove the directory to start anew)"
	for dry in '' -n; do
		run --separate-stderr nw-dedup --state idx $dry <<<'b	x y z'
		[ "$status" -eq 1 ]
		[ "$stderr" = "$msg" ]
		[ "$output" = "" ]
	done
}

@test "nw-dedup --state: an index LMDB finds inconsistent is reported as damage, exit 1" {
	# The roots of the main table in both of LMDB's meta pages (at 128
	# in each; LMDB's pages are the system's) zeroed: LMDB's own check
	# of a root fails and aborted the run with a message that named no
	# index.
	cd "$BATS_TEST_TMPDIR"
	printf 'a\tone two three four five six\n' | nw-dedup --state idx >out
	for off in 128 $(($(getconf PAGESIZE) + 128)); do
		printf '\0\0\0\0\0\0\0\0' |
		    dd of=idx/index.mdb bs=1 seek=$off conv=notrunc 2>/dev/null
	done
	for dry in '' -n; do
		run --separate-stderr nw-dedup --state idx $dry <<<'b	x y z'
		[ "$status" -eq 1 ]
		[[ "$stderr" == "nw-dedup: idx: damaged: LMDB's check of its "\
"index failed: "*"Assertion 'root > 1' failed"*" (remove the directory "\
"to start anew)" ]]
		[ "$output" = "" ]
	done
}

@test "nw-dedup --state DIR//: the files of the index are named DIR/NAME" {
	cd "$BATS_TEST_TMPDIR"
	printf 'a\t1\tsome words\n' >f
	mkdir st
	echo junk >st/hashes.0
	run -1 --separate-stderr nw-dedup --state st// f
	[ -z "$output" ]
	[ "$stderr" = "nw-dedup: st/index.mdb: missing, but st/hashes.0 is there: the index is damaged; index again, in another directory" ]
	mkdir dry
	echo junk >dry/index.mdb
	run -1 --separate-stderr nw-dedup -n --state dry/ f
	[ "$stderr" = "nw-dedup: dry/lock: missing, and a dry run makes no file: create it, empty, to read the index" ]
	run -0 nw-dedup --state new/// f
	[ "$output" = "$(printf 'a\t1\tsome words')" ]
	[ -f new/index.mdb ]
}

@test "nw-dedup --state: another program's LMDB database is refused as such, and left as it is" {
	local t=$BATS_TEST_TMPDIR d
	mkdir "$t/plain" "$t/meta" "$t/named" "$t/bytes"
	# Data of its own, a key called as a table of the index, a table
	# called as one of the index's holding something else.
	printf '%s\n' VERSION=3 format=print type=btree HEADER=END ' user' \
	    ' alice' DATA=END | mdb_load -n "$t/plain/index.mdb"
	printf '%s\n' VERSION=3 format=print type=btree HEADER=END ' meta' \
	    ' x' DATA=END | mdb_load -n "$t/meta/index.mdb"
	printf '%s\n' VERSION=3 format=print type=btree HEADER=END \
	    ' params' ' x' DATA=END | mdb_load -n -s meta "$t/named/index.mdb"
	for d in plain meta named; do
		cp "$t/$d/index.mdb" "$t/copy"
		run -1 --separate-stderr nw-dedup --state "$t/$d" "$BASIC"
		[ -z "$output" ]
		[ "$stderr" = "nw-dedup: $t/$d/index.mdb: not an index of nw-dedup but another program's LMDB database; use another directory" ]
		run -1 --separate-stderr nw-dedup -n --state "$t/$d" "$BASIC"
		[ -z "$output" ]
		[ "$stderr" = "nw-dedup: $t/$d/index.mdb: not an index of nw-dedup but another program's LMDB database; use another directory" ]
		cmp "$t/$d/index.mdb" "$t/copy"
		[ "$(ls "$t/$d" | grep -c '^band\|^hashes\|^docs')" -eq 0 ]
	done
	head -c 8192 /dev/zero | tr '\0' x >"$t/bytes/index.mdb"
	run -1 --separate-stderr nw-dedup --state "$t/bytes" "$BASIC"
	[ -z "$output" ]
	[ "$stderr" = "nw-dedup: $t/bytes/index.mdb: not an LMDB file, so no index of nw-dedup (damaged, or another program's); use another directory" ]
}

@test "nw-dedup --state: an index.mdb that is no regular file is said to be, and left" {
	cd "$BATS_TEST_TMPDIR"
	printf 'a\t1\tsome words\n' >f
	mkdir null fifo dir dir/index.mdb
	ln -s /dev/null null/index.mdb
	mkfifo fifo/index.mdb
	for d in null fifo dir; do
		run -1 --separate-stderr timeout 10 nw-dedup --state $d f
		[ -z "$output" ]
		[ "$stderr" = "nw-dedup: $d/index.mdb: not a regular file" ]
		touch $d/lock
		run -1 --separate-stderr timeout 10 nw-dedup -n --state $d f
		[ "$stderr" = "nw-dedup: $d/index.mdb: not a regular file" ]
	done
	[ "$(readlink null/index.mdb)" = /dev/null ]
	[ -p fifo/index.mdb ]
}
