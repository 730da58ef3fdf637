#!/usr/bin/env bats
# nw-clean: the classes and their reasons, the repeat table, block hints,
# options and their errors, the seeds against hand labels, the BBC corpus.
bats_require_minimum_version 1.5.0
load helpers

BBC="$TOP/../shared/corpus/bbc"
LONG1='The minister said on Monday that the talks with the unions would go on for as long as it takes, and that he was sure there would be a deal in the end because both sides wanted one, and because the cost of a long strike would be too high for all of them.'
LONG2='Union leaders said they were ready to meet him again this week, but that they would not accept any plan that cut the pensions of workers who had already paid in for many years, or that asked them to work for longer before they could retire.'
LONG3='Officials said that the next round of the talks would be held in the capital, and that the results of the vote on the offer would be known by the end of the month, when the members of the three unions will have had their say on it.'

# recs ID TEXT...: records ID<TAB>N<TAB>TEXT, N counting from 1.
recs() {
	local id=$1 n=0
	shift
	for t in "$@"; do
		n=$((n + 1))
		printf '%s\t%s\t%s\n' "$id" "$n" "$t"
	done
}

@test "nw-clean: the seeds lose exactly the paragraphs labelled boilerplate by hand" {
	cd "$TOP"
	run --separate-stderr bash -c 'nw-split seeds | nw-clean -k -v | cut -f1,2'
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(grep -v '^#' "$DATA/nw-clean-seeds.labels" |
	    grep -v '	title$' | cut -f1,2)" ]
	# Without -k the headline of the one page goes too.
	run --separate-stderr bash -c 'nw-split seeds | nw-clean -v | cut -f1,2'
	[ "$status" -eq 0 ]
	[ "$output" = "$(grep -v '^#' "$DATA/nw-clean-seeds.labels" | cut -f1,2)" ]
}

@test "nw-clean: kept and dropped records interleave to the input, unchanged" {
	nw-split "$SEEDS" >"$BATS_TEST_TMPDIR/in"
	nw-clean --explain "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/both"
	nw-clean -v --explain "$BATS_TEST_TMPDIR/in" >>"$BATS_TEST_TMPDIR/both"
	sort -t "$(printf '\t')" -k1,1 -k2,2n "$BATS_TEST_TMPDIR/both" |
	    cut -f1,2,4 >"$BATS_TEST_TMPDIR/merged"
	diff -u "$BATS_TEST_TMPDIR/in" "$BATS_TEST_TMPDIR/merged"
	nw-clean "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/kept"
	[ "$(grep -cvFxf "$BATS_TEST_TMPDIR/in" "$BATS_TEST_TMPDIR/kept")" -eq 0 ]
	[ "$(wc -l <"$BATS_TEST_TMPDIR/kept")" -eq 146 ]
}

@test "nw-clean: the scanner's AVX2 and SSE2 builds count the same words" {
	# NW_CLEAN_SIMD=sse2 forces the SSE2 build where AVX2 would run.
	nw-split "$SEEDS" >"$BATS_TEST_TMPDIR/in"
	long=$(printf 'word%.0s' $(seq 20))
	recs odd "Don't U.S. -- ... www.example.com WWW.EXAMPLE.ORG $long the" \
	    "  Café  naïve  — “Quoted” «the» of and to it is  $long.x  a" \
	    "$LONG1 $LONG1 ${long}z ab-cd e.f.g (the) [of] 'and'" \
	    "Wellington-Supercalifragilistic supercalifragilistic16 x" \
	    >>"$BATS_TEST_TMPDIR/in"
	for opt in '-v --explain' --explain --features; do
		nw-clean $opt "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/best"
		NW_CLEAN_SIMD=sse2 nw-clean $opt "$BATS_TEST_TMPDIR/in" \
		    >"$BATS_TEST_TMPDIR/sse2"
		[ -s "$BATS_TEST_TMPDIR/best" ]
		diff -u "$BATS_TEST_TMPDIR/best" "$BATS_TEST_TMPDIR/sse2"
	done
}

@test "nw-clean: --explain gives the class and the reason of each record" {
	run --separate-stderr nw-clean --explain < <(recs d 'Home' 'News' \
	    'Sport' "$LONG1" 'He said: "No."' "$LONG2" \
	    'Share on Facebook' 'Contact us at desk@example.com or https://example.com/contact')
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' \
	    "d	4	clean=content:model 0.90	$LONG1" \
	    'd	5	clean=content:model 0.83	He said: "No."' \
	    "d	6	clean=content:model 0.84	$LONG2")" ]
	run --separate-stderr nw-clean -v --explain < <(recs d 'Home' 'News' \
	    'Sport' "$LONG1" 'He said: "No."' "$LONG2" \
	    'Share on Facebook' 'Contact us at desk@example.com or https://example.com/contact')
	[ "$output" = "$(printf '%s\n' \
	    'd	1	clean=boilerplate:phrase	Home' \
	    'd	2	clean=boilerplate:model 0.12	News' \
	    'd	3	clean=boilerplate:model 0.35	Sport' \
	    'd	7	clean=boilerplate:phrase	Share on Facebook' \
	    'd	8	clean=boilerplate:links	Contact us at desk@example.com or https://example.com/contact')" ]
	# A copy whose first copies all went is judged on its own: what
	# its text condemns (a phrase) or the model, not "duplicate", is
	# its reason (nw-clean(1) EXAMPLES).
	run --separate-stderr sh -c 'nw-split "$1" | nw-clean -v --explain |
	    sed -n 23,27p | cut -f2,3' - "$SEEDS/004_7a5bc6e74635390f.txt"
	[ "$output" = "$(printf '%s\n' '23	clean=boilerplate:phrase' \
	    '24	clean=boilerplate:model 0.05' '25	clean=boilerplate:model 0.09' \
	    '26	clean=boilerplate:model 0.12' '27	clean=boilerplate:model 0.14')" ]
}

@test "nw-clean: a headline that starts with a word of a phrase (Share, Facebook, Related) stays" {
	# "^share" and the like condemned any line with no final stop that
	# started so: "Share boost for feud-hit Reliance" (BBC business/352)
	# went, and as a sign of a page took the lead paragraph with it.
	for h in 'Share boost for feud-hit Reliance' \
	    'Facebook shares soar after results' 'Twitter buys London start-up' \
	    'Print sales slump at newspaper group' 'Related stocks rally'; do
		run --separate-stderr nw-clean --explain < <(recs d "$h" "$LONG1")
		[ "$status" -eq 0 ]
		[ "$(cut -f2,3 <<<"$output")" = "$(printf '%s\n' \
		    '1	clean=content:heading' '2	clean=content:long-prose')" ] ||
		    { echo "$h: $output"; return 1; }
	done
	# Such a word alone, or with one more, still goes, as the phrases do.
	run --separate-stderr nw-clean -v --explain < <(recs d "$LONG1" 'Share' \
	    'Related stories' 'Share this article' 'Print')
	[ "$(cut -f2,3 <<<"$output")" = "$(printf '%s\n' \
	    '2	clean=boilerplate:phrase' '3	clean=boilerplate:phrase' \
	    '4	clean=boilerplate:phrase' '5	clean=boilerplate:phrase')" ]
}

@test "nw-clean: on a page, the title, sidebar headlines and copyright go; a text's heading stays" {
	run --separate-stderr nw-clean --explain -v < <(recs d \
	    'Talks Go On Into the Night' "$LONG1" "$LONG2" 'MOST READ' \
	    'Storm Closes Schools Across the North' \
	    'Prices Rise Again as Fuel Costs Bite' '© 2024 Example News')
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    'd	1	clean=boilerplate:model 0.42	Talks Go On Into the Night' \
	    'd	4	clean=boilerplate:phrase	MOST READ' \
	    'd	5	clean=boilerplate:model 0.10	Storm Closes Schools Across the North' \
	    'd	6	clean=boilerplate:model 0.05	Prices Rise Again as Fuel Costs Bite' \
	    'd	7	clean=boilerplate:copyright	© 2024 Example News')" ]
	run nw-clean --explain < <(recs d 'Talks Go On Into the Night' "$LONG1")
	[ "${lines[0]}" = 'd	1	clean=content:heading	Talks Go On Into the Night' ]
}

@test "nw-clean: a text with no sign of a page keeps its edges; one with signs does not" {
	# A title and a closing line-up, nothing around them: all kept.
	run nw-clean < <(recs d 'Reds sink Magpies' "$LONG1" "$LONG2" \
	    'Subs not used: Hamann, Harrison.')
	[ "${#lines[@]}" -eq 4 ]
	# The same with a share line: the page's edges count as boilerplate.
	run nw-clean -v < <(recs d 'Reds sink Magpies' "$LONG1" "$LONG2" \
	    'Subs not used: Hamann, Harrison.' 'Share this')
	[ "$output" = "$(printf '%s\n' 'd	1	Reds sink Magpies' \
	    'd	4	Subs not used: Hamann, Harrison.' \
	    'd	5	Share this')" ]
}

@test "nw-clean: a paragraph repeated across documents of one host goes from its third" {
	{
		for i in 1 2 3 4; do
			recs "https://news.example/a$i" "$LONG1 $i" "$LONG2 $i" \
			    'Sign-up: get the best of the day by mail, free, every morning with us.'
		done
		recs "https://other.example/b" "$LONG1" "$LONG2" \
		    'Sign-up: get the best of the day by mail, free, every morning with us.'
	} >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr nw-clean -v --explain "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    'https://news.example/a3	3	clean=boilerplate:repeated×3	Sign-up: get the best of the day by mail, free, every morning with us.' \
	    'https://news.example/a4	3	clean=boilerplate:repeated×4	Sign-up: get the best of the day by mail, free, every morning with us.')" ]
	# Case, spacing and punctuation do not hide a repeat.
	sed 's/Sign-up: get/SIGN UP   get/' "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/in2"
	run nw-clean -v "$BATS_TEST_TMPDIR/in2"
	[ "${#lines[@]}" -eq 2 ]
	# -t repeats=0 and -S 0 turn the table off.
	run nw-clean -v -t repeats=0 "$BATS_TEST_TMPDIR/in"
	[ -z "$output" ]
	run nw-clean -v -S 0 "$BATS_TEST_TMPDIR/in"
	[ -z "$output" ]
	# Any other size is at least one bucket of four entries.
	run nw-clean -v -S 1b "$BATS_TEST_TMPDIR/in"
	[ "${#lines[@]}" -eq 2 ]
}

@test "nw-clean: repeats and copies are found whatever the case of letters beyond ASCII" {
	for pair in 'Économie et société|ÉCONOMIE ET SOCIÉTÉ' \
	    'Zürich news today|ZÜRICH NEWS TODAY' \
	    'Новости и погода|НОВОСТИ И ПОГОДА' \
	    'Straße des Tages|STRASSE DES TAGES'; do
		run --separate-stderr nw-clean --rules -t repeats=2 -v --explain \
		    < <(recs https://x.example/1 "${pair%|*}"
		    recs https://x.example/2 "${pair#*|}")
		[ "$status" -eq 0 ]
		[ "$output" = "https://x.example/2	1	clean=boilerplate:repeated×2	${pair#*|}" ]
	done
	# A copy in the same document, the first kept.
	run --separate-stderr nw-clean -v --explain < <(recs d "$LONG1" \
	    'Экономика и общество России сегодня.' "$LONG2" \
	    'ЭКОНОМИКА И ОБЩЕСТВО РОССИИ СЕГОДНЯ.' "$LONG3")
	[ "$status" -eq 0 ]
	[ "$output" = 'd	4	clean=boilerplate:duplicate	ЭКОНОМИКА И ОБЩЕСТВО РОССИИ СЕГОДНЯ.' ]
}

@test "nw-clean: a text written decomposed (NFD) is read as it is composed" {
	python3 -c 'import unicodedata as u
t = ["Die Bundesregierung hat am Dienstag über die künftige Förderung"
     " der Wärmepumpen beraten, während die Opposition scharfe Kritik"
     " übte.",
     "Für die Bürger würde sich dadurch wenig ändern, sagte ein Sprecher"
     " des Ministeriums gegenüber Journalisten.",
     "Mehr zum Thema", "Über uns · Impressum · Datenschutz",
     "Außerdem müssen die Länder über die Verteilung der Mittel für die"
     " Gemeinden entscheiden, bevor der Bundestag zustimmt."]
for f in "NFC", "NFD":
    for i, x in enumerate(t):
        print("%s\t%d\t%s" % (f, i + 1, u.normalize(f, x)))' \
	    >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr nw-clean --explain "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(grep ^NFC <<<"$output" | cut -f2,3)" = \
	    "$(grep ^NFD <<<"$output" | cut -f2,3)" ]
	# The records are written as they were read, decomposed.
	run nw-clean "$BATS_TEST_TMPDIR/in"
	[ "$(grep -c ^NFD <<<"$output")" -eq 1 ]
	[ -z "$(grep -vxF -f "$BATS_TEST_TMPDIR/in" <<<"$output")" ]
	# A paragraph repeated in either form is one paragraph.
	nfd=$(printf 'U\314\210ber uns und Impressum')
	run --separate-stderr nw-clean --rules -t repeats=2 -v --explain \
	    < <(recs https://x.example/1 'Über uns und Impressum'
	    recs https://x.example/2 "$nfd")
	[ "$(cut -f3 <<<"$output")" = 'clean=boilerplate:repeated×2' ]
}

@test "nw-clean: phrases and stopwords are found in typographic punctuation" {
	lex=$BATS_TEST_TMPDIR/lex
	printf 'weather report\n^breaking news\nsign up now$\n' >"$lex"
	for p in '“Weather report”' '«Weather report»' 'Weather report！' \
	    'Weather — report' '“Breaking news here' '— Breaking news here' \
	    'Please sign up now »' 'Please sign up now。'; do
		run --separate-stderr nw-clean --rules -b "$lex" -v \
		    --explain < <(recs d "$p")
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$output" = "$(printf 'd\t1\tclean=boilerplate:phrase\t%s' \
		    "$p")" ]
	done
	run --separate-stderr nw-clean --rules -v --explain \
	    < <(recs d 'Read more…')
	[ "$output" = "$(printf 'd\t1\tclean=boilerplate:phrase\t%s' \
	    'Read more…')" ]
	# “The is the stopword the, as "The is.
	for q in '"%s"' '“%s”' '«%s»'; do
		t=$(printf "$q " The and of to in it is)
		run --separate-stderr nw-clean --rules --explain \
		    < <(recs d "${t}said Smith Jones Brown Green Fox Hill Dale")
		[ "$status" -eq 0 ]
		[ "$(cut -f3 <<<"$output")" = 'clean=content:prose' ]
	done
}

@test "nw-clean: a space beyond ASCII parts words; punctuation beyond it is none" {
	# A no-break space, a narrow one and an ideographic one part words
	# as a blank does: the phrase is found, the stopwords counted.
	for b in $'\xc2\xa0' $'\xe2\x80\xaf' $'\xe3\x80\x80'; do
		p="Share${b}on${b}Facebook"
		run --separate-stderr nw-clean --rules -v --explain \
		    < <(recs d "$LONG1" "$p")
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$output" = "$(printf 'd\t2\tclean=boilerplate:phrase\t%s' \
		    "$p")" ]
	done
	# The features of the third paragraph: 7 p0.stops, 8 p0.stops-low,
	# 9 p0.stops-high, 11 p0.titled, 12 p0.symbols, 21 p0.fewwords.
	f() {
		nw-clean --features < <(recs d News "$LONG1" "$1" \
		    'Share on Facebook') | sed -n 3p | cut -f3 | tr ' ' '\n' |
		    grep -E '^(7|8|9|11|12|21):' | paste -sd ' '
	}
	# Four words, three of them stopwords, one capital, no symbol.
	[ "$(f $'Le\xc2\xa0ministre\xc2\xa0a\xc2\xa0dit')" = \
	    '7:0.75 9:1 11:0.25' ]
	# “Breaking is a capital; a dash standing alone no word.
	[ "$(f '“Breaking News Today”')" = '8:1 11:1 12:0.105263' ]
	[ "$(f '— home — world')" = '8:1 12:0.181818 21:1' ]
}

@test "nw-clean: punctuation between words or beyond ASCII hides no repeat" {
	# A spaced dash or bar, CJK and full-width punctuation, a space
	# beyond ASCII: each pair A@B is one paragraph, punctuation and
	# spacing aside.
	for pair in 'Home - World - Sport - Weather@Home World Sport Weather' \
	    'Home | World | Sport | Weather@Home World Sport Weather' \
	    'Weather — traffic for the region@Weather traffic for the region' \
	    '天气，交通和新闻。@天气交通和新闻' \
	    'Weather and traffic today！@Weather and traffic today!' \
	    'Weather　and traffic today@Weather and traffic today' \
	    'Weather and traffic today@Weather and traffic today'; do
		run --separate-stderr nw-clean --rules -t repeats=2 -v \
		    --explain < <(recs https://x.example/1 "${pair%@*}"
		    recs https://x.example/2 "${pair#*@}")
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$output" = "https://x.example/2	1	\
clean=boilerplate:repeated×2	${pair#*@}" ]
	done
	# Words run together are another text.
	run --separate-stderr nw-clean --rules -t repeats=2 -v --explain \
	    < <(recs https://x.example/1 'Weather and traffic today'
	    recs https://x.example/2 'Weatherand traffic today')
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "nw-clean: a URL's host is one source in any case, with a user name or a port" {
	sign='Sign-up: get the best of the day by mail, free, every morning with us.'
	{
		recs "https://news.example/a1" "$LONG1 1" "$sign"
		recs "https://NEWS.Example/a2" "$LONG1 2" "$sign"
		recs "https://user@news.example:443/a3" "$LONG1 3" "$sign"
		# Three IPv6 hosts are three sources, whatever their colons.
		recs "http://[2001:db8::1]/x" "$LONG2 1" "$sign"
		recs "http://[2001:db8::2]/y" "$LONG2 2" "$sign"
		recs "http://[2001:db8::3]/z" "$LONG2 3" "$sign"
	} >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr nw-clean -v --explain "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "https://user@news.example:443/a3	2	clean=boilerplate:repeated×3	$sign" ]
}

@test "nw-clean: --two-pass counts repeats over all the files, then classes" {
	{
		for i in 1 2 3; do
			recs "https://news.example/a$i" "$LONG1 $i" \
			    'Sign-up: get the best of the day by mail, free, every morning with us.'
		done
	} >"$BATS_TEST_TMPDIR/in1"
	recs "https://news.example/a4" "$LONG2" \
	    'Sign-up: get the best of the day by mail, free, every morning with us.' \
	    >"$BATS_TEST_TMPDIR/in2"
	# One pass: from the third document on.  Two: every one of the four.
	run --separate-stderr nw-clean -v --explain "$BATS_TEST_TMPDIR/in1" \
	    "$BATS_TEST_TMPDIR/in2"
	[ "${#lines[@]}" -eq 2 ]
	run --separate-stderr nw-clean -v --explain --two-pass \
	    "$BATS_TEST_TMPDIR/in1" "$BATS_TEST_TMPDIR/in2"
	[ "$status" -eq 0 ]
	[ "$output" = "$(for i in 1 2 3 4; do printf '%s\n' "https://news.example/a$i	2	clean=boilerplate:repeated×4	Sign-up: get the best of the day by mail, free, every morning with us."; done)" ]
	run --separate-stderr nw-clean --two-pass "$BATS_TEST_TMPDIR/in1" \
	    "$BATS_TEST_TMPDIR/in2"
	[ "$output" = "$(printf '%s\n' "https://news.example/a1	1	$LONG1 1" \
	    "https://news.example/a2	1	$LONG1 2" \
	    "https://news.example/a3	1	$LONG1 3" "https://news.example/a4	1	$LONG2")" ]
	# Standard input cannot be read twice; nor can a pipe or a
	# directory, which are left out with a message; a missing file too.
	run --separate-stderr nw-clean --two-pass <"$BATS_TEST_TMPDIR/in1"
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = 'nw-clean: --two-pass reads its input twice: give files, not standard input' ]
	run --separate-stderr nw-clean --two-pass "$BATS_TEST_TMPDIR/in2" - \
	    <"$BATS_TEST_TMPDIR/in1"
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = 'nw-clean: --two-pass reads its input twice: give files, not standard input' ]
	run --separate-stderr nw-clean --two-pass "$BATS_TEST_TMPDIR" \
	    "$BATS_TEST_TMPDIR/none" "$BATS_TEST_TMPDIR/in2"
	[ "$status" -eq 1 ]
	[ "$output" = "$(recs https://news.example/a4 "$LONG2" \
	    'Sign-up: get the best of the day by mail, free, every morning with us.')" ]
	[ "$stderr" = "$(printf '%s\n' \
	    "nw-clean: $BATS_TEST_TMPDIR: --two-pass reads its input twice: not a regular file" \
	    "nw-clean: $BATS_TEST_TMPDIR/none: No such file or directory")" ]
}

@test "nw-clean: --two-pass writes what it could read of a file that fails part-way, as one pass does" {
	nw-split "$SEEDS" >"$BATS_TEST_TMPDIR/in"
	gzip -c "$BATS_TEST_TMPDIR/in" | head -c 8000 >"$BATS_TEST_TMPDIR/cut.gz"
	nw-clean "$BATS_TEST_TMPDIR/cut.gz" >"$BATS_TEST_TMPDIR/one" 2>/dev/null ||
	    true
	[ "$(wc -l <"$BATS_TEST_TMPDIR/one")" -gt 50 ]
	# Each pass reads it to the cut and says so.
	run --separate-stderr nw-clean --two-pass "$BATS_TEST_TMPDIR/cut.gz"
	[ "$status" -eq 1 ]
	[ "$output" = "$(cat "$BATS_TEST_TMPDIR/one")" ]
	[ "$stderr" = "$(printf '%s\n' \
	    "nw-clean: $BATS_TEST_TMPDIR/cut.gz: unexpected end of file (truncated gzip data)" \
	    "nw-clean: $BATS_TEST_TMPDIR/cut.gz: unexpected end of file (truncated gzip data)")" ]
	# --strict stops at the invalid byte: the records before it stay.
	{ recs "https://news.example/a1" "$LONG1" "$LONG2"
	  printf 'bad\t1\tx\377y\n'; } >"$BATS_TEST_TMPDIR/bad"
	run --separate-stderr nw-clean --strict --two-pass "$BATS_TEST_TMPDIR/bad"
	[ "$status" -eq 1 ]
	[ "$output" = "$(recs "https://news.example/a1" "$LONG1" "$LONG2")" ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = "${stderr_lines[1]}" ]
}

@test "nw-clean: --two-pass with the repeat table off is a usage error" {
	recs d "$LONG1" >"$BATS_TEST_TMPDIR/in"
	for args in '--two-pass -S 0' '-S 0 --two-pass' \
	    '--two-pass -S 0 -t repeats=0'; do
		run --separate-stderr nw-clean $args "$BATS_TEST_TMPDIR/in"
		[ "$status" -eq 2 ]
		[ "$output" = "" ]
		[ "$stderr" = 'nw-clean: --two-pass cannot be used with -S 0' ]
	done
	for args in '--two-pass -t repeats=0' '-t repeats=0 --two-pass'; do
		run --separate-stderr nw-clean $args "$BATS_TEST_TMPDIR/in"
		[ "$status" -eq 2 ]
		[ "$output" = "" ]
		[ "$stderr" = 'nw-clean: --two-pass cannot be used with -t repeats=0' ]
	done
	# The smallest table, one bucket, counts.
	run --separate-stderr nw-clean --two-pass -S 1b "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "d	1	$LONG1" ]
}

@test "nw-clean: --two-pass reports the repairs of each input once" {
	printf 'a\t1\tbad \377 byte\na\t2\tnul \000 here\na\t3\tc1 \302\223quoted\302\224\n' \
	    >"$BATS_TEST_TMPDIR/a"
	printf 'b\t1\tmore \377\377 bad\n' >"$BATS_TEST_TMPDIR/b"
	run --separate-stderr nw-clean --two-pass "$BATS_TEST_TMPDIR/a" \
	    "$BATS_TEST_TMPDIR/b"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'a\t1\tbad \357\277\275 byte\na\t2\tnul   here\na\t3\tc1 \342\200\234quoted\342\200\235\nb\t1\tmore \357\277\275\357\277\275 bad')" ]
	[ "$stderr" = "$(printf '%s\n' \
	    "nw-clean: $BATS_TEST_TMPDIR/a: 1 invalid UTF-8 sequence replaced with U+FFFD" \
	    "nw-clean: $BATS_TEST_TMPDIR/a: 1 NUL byte replaced with space" \
	    "nw-clean: $BATS_TEST_TMPDIR/a: 2 C1 control characters read as Windows-1252" \
	    "nw-clean: $BATS_TEST_TMPDIR/b: 2 invalid UTF-8 sequences replaced with U+FFFD")" ]
}

@test "nw-clean: the model's probability decides a page; -t model= moves the cut" {
	in=$(recs d 'Home' 'News' 'Sport' "$LONG1" 'He said: "No."' "$LONG2" \
	    'Share on Facebook')
	run --separate-stderr nw-clean --explain -t model=0.85 \
	    < <(printf '%s\n' "$in")
	[ "$status" -eq 0 ]
	[ "$output" = "d	4	clean=content:model 0.89	$LONG1" ]
	# A weights file of one bias keeps all but what the rules condemn.
	printf '# everything\nplain1 doc.bias 9\n' >"$BATS_TEST_TMPDIR/all"
	run nw-clean -v --explain -m "$BATS_TEST_TMPDIR/all" < <(printf '%s\n' "$in")
	[ "$output" = "$(printf '%s\n' 'd	1	clean=boilerplate:phrase	Home' \
	    'd	7	clean=boilerplate:phrase	Share on Facebook')" ]
	# --rules: the hand-set rules and their reasons.
	run nw-clean --rules --explain < <(printf '%s\n' "$in")
	[ "${lines[0]}" = "d	4	clean=content:long-prose	$LONG1" ]
}

@test "nw-clean: --explain gives the probability in the decimals that show its side of the threshold" {
	nw-split "$SEEDS/000_016826e9c3a75ff5.txt" >"$BATS_TEST_TMPDIR/in"
	# Thresholds just above a paragraph's probability (retraining moves
	# them): two decimals where they show it under the cut, else more.
	run --separate-stderr nw-clean -t model=0.82 -v --explain "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f2,3 | grep -E '	clean=boilerplate:model 0\.8[12]')" = \
	    "$(printf '%s\n' '6	clean=boilerplate:model 0.816' \
	    '7	clean=boilerplate:model 0.81' '13	clean=boilerplate:model 0.81')" ]
	run --separate-stderr nw-clean -t model=0.72 -v --explain "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f2,3 | grep '	clean=boilerplate:model 0\.7[12]')" = \
	    "$(printf '%s\n' '17	clean=boilerplate:model 0.715' \
	    '24	clean=boilerplate:model 0.71' '27	clean=boilerplate:model 0.71')" ]
	# Nothing shown at the threshold or above goes, nothing below it stays.
	for t in 0.45 0.82 0.72; do
		nw-clean -t model=$t --explain "$BATS_TEST_TMPDIR/in" |
		    cut -f3 | sed -n 's/^clean=content:model //p' |
		    awk -v t=$t '$1 < t { bad++ } END { exit bad > 0 }'
		nw-clean -t model=$t -v --explain "$BATS_TEST_TMPDIR/in" |
		    cut -f3 | sed -n 's/^clean=boilerplate:model //p' |
		    awk -v t=$t '$1 >= t { bad++ } END { exit bad > 0 }'
	done
}

@test "nw-clean: --features writes each record with its vector, --feature-names the names" {
	run --separate-stderr nw-clean --feature-names
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 426 ]
	[ "${lines[0]}" = '1	p0.present' ]
	[ "${lines[45]}" = '46	p0.ctx-m' ]
	[ "${lines[66]}" = '67	p0.ctx-E' ]
	[ "${lines[69]}" = '70	p0.el-h1' ]
	[ "${lines[414]}" = '415	s2.span-chars' ]
	[ "${lines[422]}" = '423	s2.best-depth' ]
	[ "${lines[425]}" = '426	s2.box-size' ]
	run --separate-stderr nw-clean --features < <(recs d 'News' "$LONG1" \
	    'Share on Facebook')
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]:0:42}" = 'd	1	features=1:1 2:0.20118 3:1 4:1 5:1 8:1' ]
	[ "${lines[2]: -18}" = '	Share on Facebook' ]
	# A text with no sign of a page is left to the rules: no vector.
	run nw-clean --features < <(recs d "$LONG1" "$LONG2")
	[ "$output" = "$(printf '%s\n' "d	1	features=	$LONG1" \
	    "d	2	features=	$LONG2")" ]
}

@test "nw-clean: --feature-names checks the options before or after it" {
	for args in '--feature-names -S abc' '-S abc --feature-names'; do
		run --separate-stderr nw-clean $args
		[ "$status" -eq 2 ]
		[ "$output" = "" ]
		[ "$stderr" = 'nw-clean: -S: abc: invalid size (a number with an optional suffix b, K, M, G or T)' ]
	done
	for args in '--feature-names --thresholds' '--thresholds --feature-names'; do
		run --separate-stderr nw-clean $args
		[ "$status" -eq 2 ]
		[ "$output" = "" ]
		[ "$stderr" = 'nw-clean: --feature-names cannot be used with --thresholds' ]
	done
	run --separate-stderr nw-clean -k --feature-names -t model=0.5
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(nw-clean --feature-names)" ]
}

@test "nw-clean: --feature-names and --thresholds read no file" {
	recs d "$LONG1" >"$BATS_TEST_TMPDIR/a"
	for opt in --feature-names --thresholds; do
		for f in "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/none" -; do
			run --separate-stderr nw-clean $opt "$f" </dev/null
			[ "$status" -eq 2 ]
			[ "$output" = "" ]
			[ "$stderr" = "nw-clean: $opt: reads no file" ]
		done
	done
}

@test "nw-clean: a weights file that is missing or not of this build is a usage error" {
	run --separate-stderr nw-clean -m "$BATS_TEST_TMPDIR/none" </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-clean: $BATS_TEST_TMPDIR/none: No such file or directory" ]
	printf '# a comment\nplain1 p0.nosuch 1\n' >"$BATS_TEST_TMPDIR/m"
	run --separate-stderr nw-clean -m "$BATS_TEST_TMPDIR/m" </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-clean: $BATS_TEST_TMPDIR/m: line 2: no such feature (SET FEATURE WEIGHT, SET split FEATURE THRESHOLD or SET leaf VALUE of this build)" ]
	printf 'plain1 s2.self 1\n' >"$BATS_TEST_TMPDIR/m"
	run --separate-stderr nw-clean -m "$BATS_TEST_TMPDIR/m" </dev/null
	[ "$stderr" = "nw-clean: $BATS_TEST_TMPDIR/m: line 1: a second-stage feature in a first-stage set (SET FEATURE WEIGHT, SET split FEATURE THRESHOLD or SET leaf VALUE of this build)" ]
	printf 'plain1 doc.bias nan\n' >"$BATS_TEST_TMPDIR/m"
	run --separate-stderr nw-clean -m "$BATS_TEST_TMPDIR/m" </dev/null
	[ "$stderr" = "nw-clean: $BATS_TEST_TMPDIR/m: line 1: not a finite number (SET FEATURE WEIGHT, SET split FEATURE THRESHOLD or SET leaf VALUE of this build)" ]
	printf 'plainX doc.bias 1\n' >"$BATS_TEST_TMPDIR/m"
	run --separate-stderr nw-clean -m "$BATS_TEST_TMPDIR/m" </dev/null
	[ "$stderr" = "nw-clean: $BATS_TEST_TMPDIR/m: line 1: no such set (SET FEATURE WEIGHT, SET split FEATURE THRESHOLD or SET leaf VALUE of this build)" ]
	printf 'plain1 doc.bias 1\nplain1 doc.bias 2\n' >"$BATS_TEST_TMPDIR/m"
	run --separate-stderr nw-clean -m "$BATS_TEST_TMPDIR/m" </dev/null
	[ "$stderr" = "nw-clean: $BATS_TEST_TMPDIR/m: line 2: a weight given twice (SET FEATURE WEIGHT, SET split FEATURE THRESHOLD or SET leaf VALUE of this build)" ]
	printf 'hints1 doc.bias 1\n' >"$BATS_TEST_TMPDIR/m"
	run --separate-stderr nw-clean -m "$BATS_TEST_TMPDIR/m" </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-clean: $BATS_TEST_TMPDIR/m: no plain1 weights" ]
	# Cut short in its last line: 0.12 might be 0.125.
	printf 'plain1 doc.bias 0.12' >"$BATS_TEST_TMPDIR/m"
	run --separate-stderr nw-clean -m "$BATS_TEST_TMPDIR/m" </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-clean: $BATS_TEST_TMPDIR/m: line 1: cut short (no newline at its end)" ]
}

@test "nw-clean: a weights file saved with CRLF and a BOM is read as with LF" {
	m=$BATS_TEST_TMPDIR/crlf.model
	printf '\357\273\277' >"$m"
	sed 's/$/\r/' "$TOP/share/newswire/clean.model" >>"$m"
	nw-split "$SEEDS" >"$BATS_TEST_TMPDIR/in"
	# Refused: "not a finite number", a weight read with its CR.
	run --separate-stderr nw-clean --explain -v -m "$m" \
	    "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(nw-clean --explain -v "$BATS_TEST_TMPDIR/in")" ]
}

@test "nw-clean: a set of trees sums a leaf of each; a tree unfinished, or weights with trees, is an error" {
	# A leaf of 0.5, then a tree: under 54 characters -3, else 2.
	printf '%s\n' '# trees' 'plain1 leaf 0.5' \
	    'plain1 split p0.logchars 0.5' 'plain1 leaf -3' 'plain1 leaf 2' \
	    >"$BATS_TEST_TMPDIR/t"
	run --separate-stderr nw-clean -v --explain -m "$BATS_TEST_TMPDIR/t" \
	    < <(recs d 'Sport' "$LONG1" 'Share on Facebook')
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' 'd	1	clean=boilerplate:model 0.08	Sport' \
	    'd	3	clean=boilerplate:phrase	Share on Facebook')" ]
	run nw-clean --explain -m "$BATS_TEST_TMPDIR/t" \
	    < <(recs d 'Sport' "$LONG1" 'Share on Facebook')
	[ "$output" = "d	2	clean=content:model 0.92	$LONG1" ]
	head -n 3 "$BATS_TEST_TMPDIR/t" >"$BATS_TEST_TMPDIR/m"
	run --separate-stderr nw-clean -m "$BATS_TEST_TMPDIR/m" </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-clean: $BATS_TEST_TMPDIR/m: plain1: a tree unfinished or deeper than 32" ]
	printf 'plain1 doc.bias 1\nplain1 leaf 1\n' >"$BATS_TEST_TMPDIR/m"
	run --separate-stderr nw-clean -m "$BATS_TEST_TMPDIR/m" </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-clean: $BATS_TEST_TMPDIR/m: line 2: weights and trees in one set (SET FEATURE WEIGHT, SET split FEATURE THRESHOLD or SET leaf VALUE of this build)" ]
	printf 'plain1 split s2.self 0\nplain1 leaf 1\nplain1 leaf 1\n' \
	    >"$BATS_TEST_TMPDIR/m"
	run --separate-stderr nw-clean -m "$BATS_TEST_TMPDIR/m" </dev/null
	[ "$stderr" = "nw-clean: $BATS_TEST_TMPDIR/m: line 1: a second-stage feature in a first-stage set (SET FEATURE WEIGHT, SET split FEATURE THRESHOLD or SET leaf VALUE of this build)" ]
}

# Each short paragraph looks past runs of short ones (and of near-good ones)
# to its nearest decided neighbours on both sides; a run of thousands of
# them must cost no more per paragraph than a run of three.
@test "nw-clean: --rules: short paragraphs take the class of their nearest decided neighbours" {
	near1='He said that it was not the time for it, and that they had to wait for the vote of all the members in the spring.'
	near2='She said that there was no plan for a strike, and that the members would be asked for their view in the autumn.'
	recs d 'Share this' 'Home' 'News' "$LONG1" 'Yes.' 'No.' 'Well.' \
	    "$LONG2" 'Sport' 'Weather' "$near1" 'Maybe.' 'Share on Facebook' \
	    'Travel' "$near2" 'Tech' 'Jobs' 'Sign up' "$LONG3" >"$BATS_TEST_TMPDIR/ctx"
	run --separate-stderr nw-clean --rules --explain "$BATS_TEST_TMPDIR/ctx"
	[ "$status" -eq 0 ]
	[ "$(cut -f2,3 <<<"$output")" = "$(printf '%s\n' \
	    '4	clean=content:long-prose' '5	clean=content:context' \
	    '6	clean=content:context' '7	clean=content:context' \
	    '8	clean=content:long-prose' '9	clean=content:context' \
	    '10	clean=content:context' '11	clean=content:prose' \
	    '19	clean=content:long-prose')" ]
	run --separate-stderr nw-clean --rules --explain -v "$BATS_TEST_TMPDIR/ctx"
	[ "$(cut -f2,3 <<<"$output")" = "$(printf '%s\n' \
	    '1	clean=boilerplate:phrase' '2	clean=boilerplate:phrase' \
	    '3	clean=boilerplate:context' '12	clean=boilerplate:menu-run' \
	    '13	clean=boilerplate:phrase' '14	clean=boilerplate:menu-run' \
	    '15	clean=boilerplate:context' '16	clean=boilerplate:menu-run' \
	    '17	clean=boilerplate:menu-run' '18	clean=boilerplate:phrase')" ]
	# 20000 one-word paragraphs between two of prose: all go with them.
	{ printf 'd\t0\t%s\n' "$LONG1"; seq -f 'd\t%g\tword' 1 20000
	    printf 'd\t20001\t%s\n' "$LONG2"; } >"$BATS_TEST_TMPDIR/run"
	run --separate-stderr nw-clean --rules "$BATS_TEST_TMPDIR/run"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 20002 ]
}

@test "nw-clean: a paragraph seen twice in a document goes the second time" {
	run nw-clean -v --explain < <(recs d "$LONG1" "$LONG2" "$LONG1")
	[ "$output" = "d	3	clean=boilerplate:duplicate	$LONG1" ]
}

@test "nw-clean: a paragraph first seen in a menu run stays in the article" {
	teaser='The unions will meet the minister again on Thursday, their leaders said.'
	in=$(recs d Home World Business Politics "$teaser" 'Read more' Sport \
	    Weather Travel 'Share on Facebook' "$LONG1" "$teaser" "$LONG2" \
	    "$LONG3")
	run nw-clean --explain < <(printf '%s\n' "$in")
	[ "$output" = "$(printf '%s\n' "d	11	clean=content:model 0.85	$LONG1" \
	    "d	12	clean=content:model 0.55	$teaser" \
	    "d	13	clean=content:model 0.93	$LONG2" \
	    "d	14	clean=content:model 0.90	$LONG3")" ]
	run nw-clean -v < <(printf '%s\n' "$in")
	[ "$(printf '%s\n' "$output" | cut -f2 | tr '\n' ' ')" = \
	    '1 2 3 4 5 6 7 8 9 10 ' ]
	# The rules: long prose that the markup put in a menu first.
	in=$(printf '%s\n' "u	1	block=li,nM,100,7	Home" \
	    "u	2	block=li,nM,100,7	$LONG2" "u	3	block=li,nM,100,7	Sport" \
	    "u	4	block=p,c,0,9	$LONG1" "u	5	block=p,c,0,9	$LONG2" \
	    "u	6	block=p,c,0,9	$LONG3")
	run nw-clean --rules -v --explain < <(printf '%s\n' "$in")
	[ "$output" = "$(printf '%s\n' \
	    "u	1	block=li,nM,100,7	clean=boilerplate:markup	Home" \
	    "u	2	block=li,nM,100,7	clean=boilerplate:markup	$LONG2" \
	    "u	3	block=li,nM,100,7	clean=boilerplate:markup	Sport")" ]
	# A hint that does not parse is ignored whole: five fields, a
	# letter that is no context, a depth with a tail, links over 100 or
	# of four digits, context letters out of order or twice.
	for h in li,nM,100,7,12 li,nMz,100,7 li,nM,100,7x li,nM,101,7 \
	    Li,nM,100,7 li,nM,100 li,Mn,100,7 li,nnM,100,7 li,nM,0100,7; do
		run nw-clean --rules -v --explain < <(printf '%s\n' \
		    "u	1	block=$h	$LONG2" "u	2	block=p,c,0,9	$LONG1")
		[ "$status" -eq 0 ]
		[ -z "$output" ] || { echo "$h: $output"; false; }
	done
	# Kept the first time, the second copy goes.
	run nw-clean -v --explain < <(recs d "$LONG1" "$teaser" "$LONG2" \
	    'Share on Facebook' "$teaser")
	[ "${lines[1]}" = "d	5	clean=boilerplate:duplicate	$teaser" ]
}

@test "nw-clean: a copy of a repeated paragraph or of a phrase line goes as its first copy does" {
	about='The Daily Example is an independent newspaper founded in 1901 that covers the politics, business and culture of the region, and it is funded by the readers who subscribe to it every year, in print and online.'
	for i in 1 2 3 4; do
		recs "https://news.example/a$i" "$about" "$LONG1 $i" "$about"
	done >"$BATS_TEST_TMPDIR/in"
	# Its earlier copy gone as a repeat, the second copy is no content:
	# neither the model (whatever its cut) nor the rules keep it.
	for opt in '-t model=0.3' --rules; do
		run --separate-stderr nw-clean $opt -v --explain "$BATS_TEST_TMPDIR/in"
		[ "$status" -eq 0 ]
		[ "$(printf '%s\n' "$output" | cut -f1-3)" = "$(printf '%s\n' \
		    'https://news.example/a1	3	clean=boilerplate:duplicate' \
		    'https://news.example/a2	3	clean=boilerplate:duplicate' \
		    'https://news.example/a3	1	clean=boilerplate:repeated×3' \
		    'https://news.example/a3	3	clean=boilerplate:repeated×3' \
		    'https://news.example/a4	1	clean=boilerplate:repeated×4' \
		    'https://news.example/a4	3	clean=boilerplate:repeated×4')" ]
		# --two-pass: both copies go from every document.
		run --separate-stderr nw-clean $opt --two-pass "$BATS_TEST_TMPDIR/in"
		[ "$status" -eq 0 ]
		[ "$output" = "$(for i in 1 2 3 4; do
		    printf 'https://news.example/a%s\t2\t%s %s\n' $i "$LONG1" $i; done)" ]
	done
	# A line of lexicon phrases seen twice goes twice as a phrase.
	run --separate-stderr nw-clean -t model=0 -v --explain < <(recs d \
	    'Sign up for our newsletter today' "$LONG1" \
	    'Sign up for our newsletter today')
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    'd	1	clean=boilerplate:phrase	Sign up for our newsletter today' \
	    'd	3	clean=boilerplate:phrase	Sign up for our newsletter today')" ]
}

@test "nw-clean: block hints put navigation, share boxes and link lists out" {
	# BOX and OUTER: the article's paragraphs are all in element 20, the
	# share box is nested in it (25 in 20), the aside apart (30 in 2).
	in=$(printf '%s\n' \
	    "u	1	block=li,noM,100,7,12,11	Home" \
	    "u	2	block=p,cms,0,9,20,19	$LONG1" \
	    "u	3	block=h2,cms,0,8,20,19	What comes next." \
	    "u	4	block=p,cms,0,9,20,19	$LONG2" \
	    "u	5	block=div,oS,0,9,25,20	Tell your friends about it today" \
	    "u	6	block=p,cms,80,9,20,19	$LONG3" \
	    "u	7	block=div,ao,0,5,30,2	$LONG3 More." \
	    "u	8	block=p,-,x,5	$LONG3 Again.")
	run --separate-stderr nw-clean --explain -v < <(printf '%s\n' "$in")
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    'u	1	block=li,noM,100,7,12,11	clean=boilerplate:model 0.32	Home' \
	    'u	5	block=div,oS,0,9,25,20	clean=boilerplate:model 0.01	Tell your friends about it today' \
	    "u	6	block=p,cms,80,9,20,19	clean=boilerplate:model 0.29	$LONG3" \
	    "u	7	block=div,ao,0,5,30,2	clean=boilerplate:model 0.06	$LONG3 More." \
	    "u	8	block=p,-,x,5	clean=boilerplate:model 0.30	$LONG3 Again.")" ]
	# Element 20 is the heaviest container (s2.box-best, 416); the share
	# box lies one element inside it (s2.best-nested, 422), the aside not.
	run --separate-stderr nw-clean --features < <(printf '%s\n' "$in")
	[[ "${lines[1]}" =~ \ 416:1[[:space:]] ]]
	[[ "${lines[4]}" =~ \ 422:1[[:space:]] ]]
	[[ ! "${lines[4]}" =~ \ 416: ]]
	[[ ! "${lines[6]}" =~ \ 422: ]]
	# The rules say why.
	run --separate-stderr nw-clean --rules --explain -v < <(printf '%s\n' "$in")
	[ "$output" = "$(printf '%s\n' \
	    'u	1	block=li,noM,100,7,12,11	clean=boilerplate:markup	Home' \
	    'u	5	block=div,oS,0,9,25,20	clean=boilerplate:markup	Tell your friends about it today' \
	    "u	6	block=p,cms,80,9,20,19	clean=boilerplate:links	$LONG3" \
	    "u	7	block=div,ao,0,5,30,2	clean=boilerplate:markup	$LONG3 More.")" ]
}

@test "nw-clean: --rules: class names count only outside the article, links more inside it" {
	# A menu or share class on a wrapper of the article (S, N) does not
	# condemn its text; outside the article it lowers the class a step:
	# a caption and a short line go, prose stays by its good neighbours.
	# A short link-free <p> of the article next to a menu is text; half
	# of a paragraph in links is too much outside the article only.
	run --separate-stderr nw-clean --rules --explain < <(printf '%s\n' \
	    "u	1	block=li,nM,100,7	Home" \
	    "u	2	block=p,c,0,9	He said no." \
	    "u	3	block=p,cS,0,9	$LONG1" \
	    "u	4	block=p,cN,0,9	Tell your friends about it today" \
	    "u	5	block=figcaption,c,0,9	The minister and the union leaders on Monday, after the talks." \
	    "u	6	block=p,cN,40,9	$LONG2" \
	    "u	7	block=p,N,0,9	$LONG3" \
	    "u	8	block=div,M,0,9	Most read this week" \
	    "u	9	block=p,c,30,9	He said yes." \
	    "u	10	block=p,-,40,9	$LONG1 Again." \
	    "u	11	block=li,nM,100,7	About us")
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    'u	2	block=p,c,0,9	clean=content:context	He said no.' \
	    "u	3	block=p,cS,0,9	clean=content:long-prose	$LONG1" \
	    'u	4	block=p,cN,0,9	clean=content:context	Tell your friends about it today' \
	    "u	6	block=p,cN,40,9	clean=content:long-prose	$LONG2" \
	    "u	7	block=p,N,0,9	clean=content:long-prose	$LONG3")" ]
	run --separate-stderr nw-clean --rules -v --explain -t links-article-max=0.3 \
	    < <(printf '%s\n' "u	1	block=p,c,40,9	$LONG2")
	[ "$output" = "u	1	block=p,c,40,9	clean=boilerplate:links	$LONG2" ]
}

@test "nw-clean: --rules: the page's main container (m, o) is the article when there is one" {
	# In the main container, class names are ignored and a short
	# link-free <p> is text; outside it an <article> (co) counts for
	# nothing: a class name lowers, 30% of links is too much.
	run --separate-stderr nw-clean --rules --explain < <(printf '%s\n' \
	    "u	1	block=li,noM,100,7	Home" \
	    "u	2	block=p,m,0,9	He said no." \
	    "u	3	block=p,mS,0,9	$LONG1" \
	    "u	4	block=p,mN,0,9	Tell your friends about it today" \
	    "u	5	block=p,co,0,9	He said yes." \
	    "u	6	block=p,coN,0,9	Share it with everyone you know" \
	    "u	7	block=p,m,0,9	$LONG2" \
	    "u	8	block=p,co,30,9	$LONG3" \
	    "u	9	block=li,noM,100,7	About us")
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    'u	2	block=p,m,0,9	clean=content:context	He said no.' \
	    "u	3	block=p,mS,0,9	clean=content:long-prose	$LONG1" \
	    'u	4	block=p,mN,0,9	clean=content:context	Tell your friends about it today' \
	    "u	7	block=p,m,0,9	clean=content:long-prose	$LONG2")" ]
	run --separate-stderr nw-clean --rules -v --explain < <(printf '%s\n' \
	    "u	1	block=p,m,0,9	$LONG1" \
	    "u	2	block=p,co,0,9	He said yes." \
	    "u	3	block=p,coN,0,9	Tell your friends about it today" \
	    "u	4	block=p,co,30,9	$LONG3")
	[ "$output" = "$(printf '%s\n' \
	    'u	2	block=p,co,0,9	clean=boilerplate:context	He said yes.' \
	    'u	3	block=p,coN,0,9	clean=boilerplate:markup	Tell your friends about it today' \
	    "u	4	block=p,co,30,9	clean=boilerplate:links	$LONG3")" ]
}

@test "nw-clean: --rules: hints: captions go, h1 is the title, cells of the article stay, bylines outside go" {
	# A figcaption is never text; an h1 is lowered a step (the title,
	# which --keep-title keeps); short link-free cells of the article
	# are text by the long prose before them; a byline class outside
	# the article lowers prose a step.
	in=$(printf '%s\n' \
	    "u	1	block=h1,-,0,5	Storm hits the coast" \
	    "u	2	block=p,m,0,9	$LONG1" \
	    "u	3	block=figcaption,m,0,10	The harbour on Monday, after the storm had passed." \
	    "u	4	block=p,m,0,9	$LONG2" \
	    "u	5	block=td,m,0,11	Dover" \
	    "u	6	block=td,m,0,11	12 mm" \
	    "u	7	block=div,oB,0,6	Jane Smith is our science correspondent and writes on the weather." \
	    "u	8	block=li,noM,100,7	Home")
	run --separate-stderr nw-clean --rules -v --explain <<<"$in"
	[ "$status" -eq 0 ]
	[ "$output" = "u	1	block=h1,-,0,5	clean=boilerplate:markup	Storm hits the coast
u	3	block=figcaption,m,0,10	clean=boilerplate:markup	The harbour on Monday, after the storm had passed.
u	7	block=div,oB,0,6	clean=boilerplate:markup	Jane Smith is our science correspondent and writes on the weather.
u	8	block=li,noM,100,7	clean=boilerplate:markup	Home" ]
	run --separate-stderr nw-clean --rules --keep-title --explain <<<"$in"
	[ "${lines[0]}" = "u	1	block=h1,-,0,5	clean=content:title	Storm hits the coast" ]
	[ "${lines[3]}" = "u	5	block=td,m,0,11	clean=content:context	Dover" ]
	[ "${#lines[@]}" -eq 5 ]
}

@test "nw-clean: --rules: in the main container, a link-free <p> of prose stays, a list goes with its neighbours" {
	# Near-good prose is kept though a menu and a caption flank it; a
	# line short of function words is settled by its neighbours, not
	# dropped for it.
	run --separate-stderr nw-clean --rules --explain < <(printf '%s\n' \
	    "u	1	block=li,noM,100,7	Home" \
	    "u	2	block=p,m,0,9	He told the crowd outside the hall on Friday that the talks would go on." \
	    "u	3	block=figcaption,m,0,10	The harbour on Monday." \
	    "u	4	block=p,m,0,9	$LONG1" \
	    "u	5	block=p,m,0,9	Flour, eggs, sugar, butter, salt, milk, yeast, lemon zest, vanilla, cream" \
	    "u	6	block=p,m,0,9	$LONG2" \
	    "u	7	block=li,noM,100,7	About us")
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    'u	2	block=p,m,0,9	clean=content:prose	He told the crowd outside the hall on Friday that the talks would go on.' \
	    "u	4	block=p,m,0,9	clean=content:long-prose	$LONG1" \
	    'u	5	block=p,m,0,9	clean=content:context	Flour, eggs, sugar, butter, salt, milk, yeast, lemon zest, vanilla, cream' \
	    "u	6	block=p,m,0,9	clean=content:long-prose	$LONG2")" ]
}

@test "nw-clean: a wrapped line goes on in the next when that starts lower case, in any script" {
	in=$(recs ru 'Главная Новости Спорт Погода' \
	    'Городской совет во вторник проголосовал за новый бюджет на' \
	    'следующий год после долгих дебатов, в которых члены всех' \
	    'партий высказали опасения по поводу стоимости этого плана' \
	    'и его последствий для жителей города и всего региона.' \
	    '© 2024 Example Ltd')
	run --separate-stderr nw-clean --rules --explain < <(printf '%s\n' "$in")
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f2,3)" = "$(printf '%s\n' \
	    '2	clean=content:long-prose' '3	clean=content:long-prose' \
	    '4	clean=content:long-prose' '5	clean=content:long-prose')" ]
	run --separate-stderr nw-clean --explain < <(printf '%s\n' "$in")
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f2,3)" = "$(printf '%s\n' \
	    '1	clean=content:model 0.84' '2	clean=content:model 0.93' \
	    '3	clean=content:model 0.97' '4	clean=content:model 0.99' \
	    '5	clean=content:model 0.94')" ]
	# Two lines joined are prose; after an upper-case letter each is a
	# short line of its own, kept by context.
	for c in с С; do
		run --separate-stderr nw-clean --rules --explain < <(recs ru \
		    'Городской совет во вторник проголосовал за новый бюджет на' \
		    "${c}ледующий год после долгих дебатов, в которых члены всех")
		[ "$status" -eq 0 ]
		printf '%s\n' "$output" | cut -f3 >>"$BATS_TEST_TMPDIR/two"
	done
	[ "$(cat "$BATS_TEST_TMPDIR/two")" = "$(printf '%s\n' \
	    'clean=content:prose' 'clean=content:prose' \
	    'clean=content:context' 'clean=content:context')" ]
}

@test "nw-clean: the stopword list follows lang=, short words stand in when none fits" {
	de='Die Regierung hat am Montag gesagt, dass die Gespräche mit den Gewerkschaften so lange weitergehen, wie es nötig ist, und dass es am Ende eine Einigung geben wird.'
	run nw-clean --explain < <(recs d "$de" "$de und mehr.")
	[ "${lines[0]}" = "d	1	clean=content:prose	$de" ]
	# A list given with -s is used whatever the text.
	printf 'zzz\n' >"$BATS_TEST_TMPDIR/stop"
	run nw-clean --explain -s "$BATS_TEST_TMPDIR/stop" < <(recs d "$LONG1")
	[ "$output" = "d	1	clean=content:context	$LONG1" ]
	# lang=en picks the English list: German text has no stopwords then.
	run nw-clean --explain < <(printf 'd\tlang=en\t%s\n' "$de")
	[ "$output" = "d	lang=en	clean=content:context	$de" ]
}

@test "nw-clean: --keep-title keeps the title that context would drop" {
	in=$(recs d 'Wednesday, November 12, 2025' 'Share on Facebook' \
	    'Haftar Meets AFRICOM Commander in Benghazi' 'Share on Twitter' \
	    'By Staff Writer, Libya Review, Benghazi office, on August 27, 2024.' \
	    "$LONG1" "$LONG2")
	run nw-clean -t heading-distance=10 < <(printf '%s\n' "$in")
	[ "${#lines[@]}" -eq 2 ]
	run nw-clean -t heading-distance=10 --keep-title --explain \
	    < <(printf '%s\n' "$in")
	[ "${lines[0]}" = 'd	3	clean=content:title	Haftar Meets AFRICOM Commander in Benghazi' ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "nw-clean: --keep-title takes no menu link in <nav> for the title, under the model too" {
	p1='The council voted on Tuesday to approve the new budget for the coming year, after a long debate in which members of every party raised concerns about the cost of the plan.'
	p2='Officials said that the money would be spent on schools and roads, and that the tax rate would not change, although some residents told the meeting that they were not convinced.'
	in=$(printf '%s\n' 'p	1	block=li,no,100,5,6,5	Home World Business Sport' \
	    'p	2	block=h1,cms,0,5,9,8	Council approves new budget for next year' \
	    "p	3	block=p,cms,0,5,9,8	$p1" "p	4	block=p,cms,0,5,9,8	$p2" \
	    'p	5	block=p,fo,0,4,13,4	Copyright 2024 Example Ltd. All rights reserved.')
	# Under the model the <h1> goes as markup, whatever its probability:
	# it is the page's title.
	run --separate-stderr nw-clean --explain < <(printf '%s\n' "$in")
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f2,4)" = "$(printf '%s\n' \
	    '3	clean=content:model 0.98' '4	clean=content:model 0.89')" ]
	run --separate-stderr nw-clean -v --explain < <(printf '%s\n' "$in")
	[ "$(printf '%s\n' "$output" | cut -f2,4)" = "$(printf '%s\n' \
	    '1	clean=boilerplate:model 0.13' '2	clean=boilerplate:markup' \
	    '5	clean=boilerplate:model 0.00')" ]
	# -k keeps it as the title, as with the rules.
	for opt in '' '-t model=0.5' --rules; do
		run --separate-stderr nw-clean $opt -k --explain < <(printf '%s\n' "$in")
		[ "$status" -eq 0 ]
		[ "${lines[0]}" = 'p	2	block=h1,cms,0,5,9,8	clean=content:title	Council approves new budget for next year' ]
		[ "${#lines[@]}" -eq 3 ]
	done
}

@test "nw-clean: under the model an <h1> goes though its first copy went in a menu" {
	p1='The council voted on Tuesday to approve the new budget for the coming year, after a long debate in which members of every party raised concerns about the cost of the plan.'
	p2='Officials said that the money would be spent on schools and roads, and that the tax rate would not change, although some residents told the meeting that they were not convinced.'
	t='Council approves new budget for next year'
	in=$(printf '%s\n' "p	1	block=li,no,100,5,6,5	$t" \
	    "p	2	block=h1,cms,0,5,9,8	$t" \
	    "p	3	block=p,cms,0,5,9,8	$p1" "p	4	block=p,cms,0,5,9,8	$p2" \
	    'p	5	block=p,fo,0,4,13,4	Copyright 2024 Example Ltd. All rights reserved.')
	# A copy whose first went is judged on its own: the <h1> is markup.
	run --separate-stderr nw-clean -v --explain < <(printf '%s\n' "$in")
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f2,4)" = "$(printf '%s\n' \
	    '1	clean=boilerplate:model 0.19' '2	clean=boilerplate:markup' \
	    '5	clean=boilerplate:model 0.00')" ]
}

@test "nw-clean: a photo's caption goes by its credit, under the rules and the model" {
	recs d "$LONG1" \
	    'Union leaders arrive for the talks at the ministry in Paris on Monday. (AP Photo/Jean Dupont)' \
	    "$LONG2" \
	    'The talks went on late into the night, and the minister said the pictures of the strike were unfair (photos were taken later).' \
	    'Le ministre à Paris lundi (Crédit photo : AFP)' "$LONG3" \
	    'Strikers outside the ministryCredit: EPA' 'Photo: Getty Images' \
	    >"$BATS_TEST_TMPDIR/in"
	for opt in --rules -tmodel=0.45; do
		run --separate-stderr nw-clean "$opt" -v --explain "$BATS_TEST_TMPDIR/in"
		[ "$status" -eq 0 ]
		[ "$(printf '%s\n' "$output" | cut -f2,3)" = "$(printf '%s\n' \
		    '2	clean=boilerplate:caption' '5	clean=boilerplate:caption' \
		    '7	clean=boilerplate:caption' '8	clean=boilerplate:caption')" ]
		# "photos" in a sentence's own parentheses is no credit.
		run --separate-stderr nw-clean "$opt" "$BATS_TEST_TMPDIR/in"
		[ "$(printf '%s\n' "$output" | cut -f2)" = "$(printf '%s\n' 1 3 4 6)" ]
	done
}

@test "nw-clean: a phrase in a sentence of prose does not condemn it" {
	s='By aligning the efforts of local forces with international support, these initiatives aim to create a durable framework for peace.'
	run nw-clean < <(recs d "$LONG1" "$s" "$LONG2")
	[ "${#lines[@]}" -eq 3 ]
	printf 'aligning the efforts\n' >"$BATS_TEST_TMPDIR/lex"
	run nw-clean -b "$BATS_TEST_TMPDIR/lex" -v --explain < <(recs d "$LONG1" 'aligning the efforts of all' "$LONG2")
	[ "$output" = 'd	2	clean=boilerplate:phrase	aligning the efforts of all' ]
}

@test "nw-clean: the phrases of every shipped language count, -b replaces them all" {
	in=$(recs d "$LONG1" 'Hinterlasse jetzt einen Kommentar' \
	    'Votre adresse e-mail ne sera pas publiée' 'Leave a reply')
	run nw-clean -v --explain < <(printf '%s\n' "$in")
	[ "$output" = "$(printf '%s\n' \
	    'd	2	clean=boilerplate:phrase	Hinterlasse jetzt einen Kommentar' \
	    'd	3	clean=boilerplate:phrase	Votre adresse e-mail ne sera pas publiée' \
	    'd	4	clean=boilerplate:phrase	Leave a reply')" ]
	# Pointers to other stories, in pt, nl, pl, de, es, en.
	run nw-clean -v --explain < <(recs d "$LONG1" 'Veja também' 'Lees ook' \
	    'Czytaj także' 'Lesen Sie auch' 'PUEDES VER' 'Explore further')
	[ "$output" = "$(printf '%s\n' \
	    'd	2	clean=boilerplate:phrase	Veja também' \
	    'd	3	clean=boilerplate:phrase	Lees ook' \
	    'd	4	clean=boilerplate:phrase	Czytaj także' \
	    'd	5	clean=boilerplate:phrase	Lesen Sie auch' \
	    'd	6	clean=boilerplate:phrase	PUEDES VER' \
	    'd	7	clean=boilerplate:phrase	Explore further')" ]
	printf 'leave a reply\n' >"$BATS_TEST_TMPDIR/lex"
	run nw-clean -b "$BATS_TEST_TMPDIR/lex" -v --explain < <(printf '%s\n' "$in")
	[ "${lines[0]}" = 'd	2	clean=boilerplate:model 0.10	Hinterlasse jetzt einen Kommentar' ]
	[ "${lines[2]}" = 'd	4	clean=boilerplate:phrase	Leave a reply' ]
}

@test "nw-clean: a -b phrase of any number of words matches" {
	ap='This material may not be published, broadcast, rewritten or redistributed without permission'
	printf '%s\n' 'this material may not be published broadcast rewritten or redistributed' \
	    '^w1 w2 w3 w4 w5 w6 w7 w8 w9$' 'share on' >"$BATS_TEST_TMPDIR/lex"
	# Ten words; nine, the paragraph whole; and ten words that start
	# like the first phrase but are none (gone by context, no phrase).
	run --separate-stderr nw-clean --rules -b "$BATS_TEST_TMPDIR/lex" -v \
	    --explain < <(recs d "$ap" 'w1 w2 w3 w4 w5 w6 w7 w8 w9' \
	    'this material may not be published by anyone or redistributed' \
	    "$LONG1")
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' \
	    "d	1	clean=boilerplate:phrase	$ap" \
	    'd	2	clean=boilerplate:phrase	w1 w2 w3 w4 w5 w6 w7 w8 w9' \
	    'd	3	clean=boilerplate:context	this material may not be published by anyone or redistributed')" ]
}

@test "nw-clean: bare text is one document named after its input" {
	printf '%s\n' 'Home' 'News' "$LONG1" "$LONG2" >"$BATS_TEST_TMPDIR/bare.txt"
	run --separate-stderr nw-clean "$BATS_TEST_TMPDIR/bare.txt"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' "$LONG1" "$LONG2")" ]
	run nw-clean -v --explain "$BATS_TEST_TMPDIR/bare.txt"
	[ "${lines[0]}" = "$BATS_TEST_TMPDIR/bare.txt	clean=boilerplate:phrase	Home" ]
}

@test "nw-clean: -m with --rules is a usage error, whatever the file" {
	recs d "$LONG1" >"$BATS_TEST_TMPDIR/in"
	printf 'plain1 doc.bias 9\n' >"$BATS_TEST_TMPDIR/m"
	for m in "$BATS_TEST_TMPDIR/none" "$BATS_TEST_TMPDIR/m"; do
		run --separate-stderr nw-clean --rules -m "$m" "$BATS_TEST_TMPDIR/in"
		[ "$status" -eq 2 ]
		[ "$output" = "" ]
		[ "$stderr" = 'nw-clean: -m cannot be used with --rules' ]
		run --separate-stderr nw-clean -m "$m" --rules "$BATS_TEST_TMPDIR/in"
		[ "$status" -eq 2 ]
		[ "$output" = "" ]
		[ "$stderr" = 'nw-clean: -m cannot be used with --rules' ]
	done
}

@test "nw-clean: --thresholds lists the values, -t changes them" {
	run --separate-stderr nw-clean --thresholds
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 'length-low=70	characters below which a paragraph is short' ]
	[ "${#lines[@]}" -eq 13 ]
	[ "${lines[11]}" = 'links-article-max=0.5	the same inside <article> or <main> (block hints)' ]
	[ "${lines[12]}" = "model=0.45	the model's probability from which a paragraph is content" ]
	run nw-clean -t length-low=10 -t stopwords-high=0.5 --thresholds
	[ "${lines[0]}" = 'length-low=10	characters below which a paragraph is short' ]
	[ "${lines[3]}" = 'stopwords-high=0.5	stopword share from which a paragraph is prose' ]
}

@test "nw-clean: --thresholds prints each value as set, in a form -t takes back" {
	run --separate-stderr nw-clean -t heading-distance=1234567 \
	    -t repeats=1000000 -t phrase-words=1000000000 \
	    -t model=0.123456789 -t url-max=0.00001 --thresholds
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	printf '%s\n' "$output" | cut -f1 >"$BATS_TEST_TMPDIR/set"
	[ "$(grep -E '^(heading-distance|repeats|phrase-words|model|url-max)=' \
	    "$BATS_TEST_TMPDIR/set")" = "$(printf '%s\n' url-max=0.00001 \
	    phrase-words=1000000000 heading-distance=1234567 repeats=1000000 \
	    model=0.123456789)" ]
	# Every line given back to -t sets the same values.
	run --separate-stderr nw-clean $(sed 's/^/-t /' "$BATS_TEST_TMPDIR/set") \
	    --thresholds
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f1)" = "$(cat "$BATS_TEST_TMPDIR/set")" ]
}

@test "nw-clean: bad options and values are usage errors" {
	run --separate-stderr nw-clean -t nosuch=1
	[ "$status" -eq 2 ]
	[ "$stderr" = 'nw-clean: -t: nosuch=1: unknown threshold (nw-clean --thresholds lists them)' ]
	run --separate-stderr nw-clean -t stopwords-low=2
	[ "$status" -eq 2 ]
	[ "$stderr" = 'nw-clean: -t: stopwords-low=2: not a number from 0 to 1' ]
	run --separate-stderr nw-clean -t length-low
	[ "$status" -eq 2 ]
	[ "$stderr" = 'nw-clean: -t: length-low: not NAME=VALUE' ]
	run --separate-stderr nw-clean -t length-low=-1
	[ "$status" -eq 2 ]
	[ "$stderr" = 'nw-clean: -t: length-low=-1: not a whole number from 0 to 1000000000' ]
	run --separate-stderr nw-clean -t length-low=0x10
	[ "$status" -eq 2 ]
	[ "$stderr" = 'nw-clean: -t: length-low=0x10: not a whole number from 0 to 1000000000' ]
	# A count is whole: 0.5 is not 0, which turns the repeat table off.
	run --separate-stderr nw-clean -t repeats=0.5
	[ "$status" -eq 2 ]
	[ "$stderr" = 'nw-clean: -t: repeats=0.5: not a whole number from 0 to 1000000000' ]
	# Every paragraph is in one document at least.
	run --separate-stderr nw-clean -t repeats=1 /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = 'nw-clean: -t: repeats=1: 1 would drop every paragraph (0 turns the table off; 2 or more)' ]
	# --features writes every record, with its vector alone; the rules
	# make none.
	for opt in --explain -v --rules; do
		run --separate-stderr nw-clean --features $opt /dev/null
		[ "$status" -eq 2 ]
		[ "$stderr" = "nw-clean: --features cannot be used with $opt" ]
	done
	run --separate-stderr nw-clean -t length-low=70. </dev/null
	[ "$status" -eq 2 ]
	run --separate-stderr nw-clean -t url-max=nan
	[ "$status" -eq 2 ]
	[ "$stderr" = 'nw-clean: -t: url-max=nan: not a number from 0 to 1' ]
	run --separate-stderr nw-clean -S 1x
	[ "$status" -eq 2 ]
	[ "$stderr" = 'nw-clean: -S: 1x: invalid size (a number with an optional suffix b, K, M, G or T)' ]
	run --separate-stderr nw-clean -S 2T
	[ "$status" -eq 2 ]
	[ "$stderr" = 'nw-clean: -S: 2T: too large (at most 1T)' ]
	# Past what 64 bits hold, the limit said is still the tool's.
	run --separate-stderr nw-clean -S 99999999T
	[ "$status" -eq 2 ]
	[ "$stderr" = 'nw-clean: -S: 99999999T: too large (at most 1T)' ]
	run --separate-stderr nw-clean -x
	[ "$status" -eq 2 ]
	[ "${stderr_lines[1]}" = 'usage: nw-clean [-hkv] [-b lexicon] [-m model | --rules] [-S size]' ]
	run --separate-stderr nw-clean -b "$BATS_TEST_TMPDIR/none" </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-clean: $BATS_TEST_TMPDIR/none: No such file or directory" ]
	run --separate-stderr nw-clean -s "$BATS_TEST_TMPDIR/none" </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-clean: $BATS_TEST_TMPDIR/none: No such file or directory" ]
}

@test "nw-clean: a -s list with no word in it is an error, not every paragraph dropped" {
	printf '# comments only\n\n' >"$BATS_TEST_TMPDIR/empty"
	for list in /dev/null "$BATS_TEST_TMPDIR/empty"; do
		run --separate-stderr nw-clean --rules -s "$list" < <(recs d "$LONG1")
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[ "$stderr" = "nw-clean: $list: no words in the stopword list (-s)" ]
	done
	# One word is a list: the text is classed with it.
	printf 'the\n' >"$BATS_TEST_TMPDIR/one"
	run --separate-stderr nw-clean --rules -s "$BATS_TEST_TMPDIR/one" < <(recs d "$LONG1")
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
}

@test "nw-clean: -s given twice: the lists add up, as one for every language" {
	cd "$BATS_TEST_TMPDIR"
	printf 'zzz\n' >stop
	# With zzz alone LONG1 has no stopword: prose only by its context.
	run --separate-stderr nw-clean --explain -s ./stop < <(recs d "$LONG1")
	[ "$status" -eq 0 ]
	[ "$output" = "d	1	clean=content:context	$LONG1" ]
	for order in './stop en' 'en ./stop'; do
		set -- $order
		run --separate-stderr nw-clean --explain -s "$1" -s "$2" \
		    < <(recs d "$LONG1")
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$output" = "d	1	clean=content:long-prose	$LONG1" ]
	done
	# Lists that add up to no word are the error one empty list is.
	run --separate-stderr nw-clean -s /dev/null -s /dev/null \
	    < <(recs d "$LONG1")
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-clean: no words in the stopword lists of -s" ]
	run --separate-stderr nw-clean --explain -s /dev/null -s ./stop \
	    < <(recs d "$LONG1")
	[ "$status" -eq 0 ]
	[ "$output" = "d	1	clean=content:context	$LONG1" ]
}

@test "nw-clean: -s en names the shipped list, as in nw-tokenize; ./en a file" {
	cd "$BATS_TEST_TMPDIR"
	recs d "$LONG1" >in
	run --separate-stderr nw-clean --rules -s en in
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(cat in)" ]
	run --separate-stderr nw-clean --rules -s xx in
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-clean: -s xx: no list stopwords.xx is shipped; a file is named by a path, as ./xx" ]
	: >en
	run --separate-stderr nw-clean --rules -s ./en in
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-clean: ./en: no words in the stopword list (-s)" ]
	run --separate-stderr nw-clean --rules -s '' in
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-clean: -s: empty list name" ]
}

@test "nw-clean: the EXAMPLES of nw-clean(1) print what the page shows" {
	# The record numbers and classes with scores, the text cut there.
	sed -n '/^\$ nw-split seeds\/004/,/^\.Ed/p' "$TOP/share/man/man1/nw-clean.1" |
	    grep '^[0-9]' | cut -f1,2 >"$BATS_TEST_TMPDIR/want"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/want")" -eq 5 ]
	nw-split "$TOP/seeds/004_7a5bc6e74635390f.txt" |
	    nw-clean -v --explain | sed -n 23,27p | cut -f2,3 >"$BATS_TEST_TMPDIR/got"
	diff -u "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "nw-clean: -h and --version" {
	run --separate-stderr nw-clean -h
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 'usage: nw-clean [-hkv] [-b lexicon] [-m model | --rules] [-S size]' ]
	[ "${lines[1]}" = '                [-s stopwords] [-t name=value] [--explain] [--features]' ]
	[ "${lines[2]}" = '                [--feature-names] [--strict] [--thresholds] [--two-pass]' ]
	[ "${lines[3]}" = '                [file ...]' ]
	[ "${#lines[@]}" -eq 20 ]
	[ "${lines[17]}" = "      --two-pass          count repeats over all the files first" ]
	run nw-clean --version
	[ "$output" = 'nw-clean (newswire) 0.1.0' ]
}

@test "nw-clean: a missing file is reported, the others are still cleaned" {
	recs d "$LONG1" >"$BATS_TEST_TMPDIR/a"
	run --separate-stderr nw-clean "$BATS_TEST_TMPDIR/none" "$BATS_TEST_TMPDIR/a"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-clean: $BATS_TEST_TMPDIR/none: No such file or directory" ]
	[ "$output" = "d	1	$LONG1" ]
}

@test "nw-clean: the BBC corpus, which has no boilerplate, keeps 99% of its paragraphs" {
	[ -d "$BBC" ] || skip "no BBC corpus at $BBC"
	find "$BBC" -mindepth 2 -name '*.txt' | sort | xargs nw-split 2>/dev/null \
	    >"$BATS_TEST_TMPDIR/bbc"
	all=$(wc -l <"$BATS_TEST_TMPDIR/bbc")
	kept=$(nw-clean "$BATS_TEST_TMPDIR/bbc" | wc -l)
	echo "kept $kept of $all"
	[ "$all" -gt 12000 ]
	[ $((kept * 100)) -ge $((all * 99)) ]
	# The files read as they are, paragraphs apart by blank lines: a
	# blank line is no evidence against the prose beside it.
	kept=$(find "$BBC" -mindepth 2 -name '*.txt' | sort | xargs nw-clean \
	    2>/dev/null | grep -c .)
	echo "as files: kept $kept of $all"
	[ $((kept * 100)) -ge $((all * 99)) ]
}

@test "nw-clean: blank lines between the paragraphs of a text are no context" {
	printf '%s\n' 'Budget talks resume' '' \
	    'The minister said the budget would be presented next week.' '' \
	    'Talks with the unions and the employers went on for months, and the minister said on Tuesday that the new budget would be presented to parliament next week after all of them.' \
	    >"$BATS_TEST_TMPDIR/blank.txt"
	run --separate-stderr nw-clean "$BATS_TEST_TMPDIR/blank.txt"
	[ "$status" -eq 0 ]
	[ "$output" = "$(grep . "$BATS_TEST_TMPDIR/blank.txt")" ]
}

@test "nw-clean: Chinese and Japanese prose is read by its words, a menu item is no stopword" {
	# Chinese and Japanese are written without spaces: a clause is one
	# run of characters.  Read as one word, a paragraph of prose was one
	# short of function words, and a menu item of two characters a short
	# word, which stood in for a stopword: the --rules took neither.
	recs zh '首页' '新闻' '体育' '财经' \
	    '我们在这个问题上的看法是，他们应该和我们一起努力，因为这是我们大家的事情。市政府的官员说，这项计划已经在全市的学校里进行了两年，效果比他们原来想的要好得多。' \
	    '他说，很多家长都认为这个计划对孩子们很有帮助，所以他们希望政府能够把它推广到其他的城市去，让更多的孩子可以从中受益。' \
	    '不过也有人表示，这个计划的费用太高了，如果没有中央政府的支持，地方政府很难长期承担这样的开支，所以还需要再研究。' \
	    '关于我们' '联系我们' >"$BATS_TEST_TMPDIR/zh"
	run --separate-stderr nw-clean --rules --explain -v "$BATS_TEST_TMPDIR/zh"
	[ "$status" -eq 0 ]
	[ "$(cut -f2,3 <<<"$output")" = "$(printf '%s\n' \
	    '1	clean=boilerplate:phrase' '2	clean=boilerplate:menu-run' \
	    '3	clean=boilerplate:menu-run' '4	clean=boilerplate:context' \
	    '8	clean=boilerplate:phrase' '9	clean=boilerplate:phrase')" ]
	run --separate-stderr nw-clean --rules --explain "$BATS_TEST_TMPDIR/zh"
	[ "$(cut -f2,3 <<<"$output")" = "$(printf '%s\n' \
	    '5	clean=content:prose' '6	clean=content:prose' '7	clean=content:prose')" ]
	recs ja 'ホーム' 'ニュース' 'スポーツ' \
	    '東京都は金曜日、新しい防災計画を発表した。計画では、大きな地震が起きたときに住民がすぐに避難できるように、学校や公園などの避難場所を増やすことになっている。' \
	    '都の担当者は、この計画は去年から専門家と一緒に作ってきたもので、来年の春までにすべての区で説明会を開く予定だと話している。' \
	    '一方で、費用がかかりすぎるという意見もあり、議会ではこれからも話し合いが続く見込みだ。' \
	    '関連記事' 'お問い合わせ' '利用規約' >"$BATS_TEST_TMPDIR/ja"
	run --separate-stderr nw-clean --rules --explain "$BATS_TEST_TMPDIR/ja"
	[ "$status" -eq 0 ]
	[ "$(cut -f2,3 <<<"$output")" = "$(printf '%s\n' \
	    '4	clean=content:prose' '5	clean=content:prose' '6	clean=content:prose')" ]
}

@test "nw-clean: a Chinese page's menu goes by its block hints, as an English one's does" {
	cat >"$BATS_TEST_TMPDIR/zh.html" <<-'EOF'
	<!DOCTYPE html><html><head><meta charset="utf-8"><title>经济新闻</title></head><body>
	<nav><ul><li><a href="/">首页</a></li><li><a href="/news">新闻</a></li><li><a href="/sport">体育</a></li><li><a href="/tech">科技</a></li><li><a href="/money">财经</a></li></ul></nav>
	<article><h1>中国央行宣布下调存款准备金率以支持经济增长</h1>
	<p>中国人民银行周五宣布，将金融机构存款准备金率下调0.5个百分点，此举预计将释放长期资金约一万亿元人民币。分析人士认为，这一措施旨在稳定经济增长预期，支持实体经济发展。</p>
	<p>央行在声明中表示，此次降准是为了保持流动性合理充裕，促进社会融资规模合理增长。今年以来，中国经济面临需求收缩、供给冲击和预期转弱三重压力。</p>
	<p>多位经济学家指出，降准有助于降低银行资金成本，进而推动贷款利率下行。不过，也有专家提醒，货币政策的效果仍需观察，财政政策需要更加积极地配合。</p>
	</article>
	<aside><h3>相关新闻</h3><ul><li><a href="/a1">股市今日大涨</a></li><li><a href="/a2">人民币汇率保持稳定</a></li></ul></aside>
	<footer><p>版权所有 © 2026 新闻网</p><p><a href="/about">关于我们</a> | <a href="/contact">联系我们</a></p></footer>
	</body></html>
	EOF
	run --separate-stderr sh -c "nw-split --block-hints '$BATS_TEST_TMPDIR/zh.html' | nw-clean | cut -f2"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '7\n8\n9')" ]
}

@test "nw-clean: Thai prose is read by its words and their stopwords; the menu goes" {
	cat >"$BATS_TEST_TMPDIR/th.html" <<-'EOF'
	<!DOCTYPE html><html><head><meta charset="utf-8"><title>ข่าวเศรษฐกิจ</title></head><body>
	<nav><ul><li><a href="/">หน้าแรก</a></li><li><a href="/news">ข่าว</a></li><li><a href="/sport">กีฬา</a></li><li><a href="/tech">เทคโนโลยี</a></li></ul></nav>
	<article><h1>ธนาคารแห่งประเทศไทยลดอัตราดอกเบี้ยนโยบายเพื่อช่วยเศรษฐกิจ</h1>
	<p>ธนาคารแห่งประเทศไทยประกาศเมื่อวันศุกร์ว่าจะลดอัตราดอกเบี้ยนโยบายลงร้อยละศูนย์จุดสองห้า เพื่อช่วยพยุงการเติบโตทางเศรษฐกิจที่กำลังชะลอตัว และลดภาระทางการเงินของภาคธุรกิจและครัวเรือน</p>
	<p>ธนาคารกลางระบุในแถลงการณ์ว่าอัตราเงินเฟ้อยังอยู่ในระดับที่มีเสถียรภาพ จึงเปิดโอกาสให้ผ่อนคลายนโยบายการเงินได้ ขณะที่การส่งออกในปีนี้ลดลงและการบริโภคภายในประเทศก็ยังอ่อนแอ</p>
	<p>นักเศรษฐศาสตร์หลายคนมองว่าการลดดอกเบี้ยครั้งนี้จะช่วยให้อัตราดอกเบี้ยเงินกู้ลดลง อย่างไรก็ตาม ผู้เชี่ยวชาญบางส่วนเตือนว่ารัฐบาลควรใช้นโยบายการคลังควบคู่ไปด้วย</p>
	</article>
	<footer><p>Copyright © 2026 ข่าว</p><p><a href="/about">เกี่ยวกับเรา</a> | <a href="/contact">ติดต่อเรา</a></p></footer>
	</body></html>
	EOF
	# Read as clauses, the third paragraph was one short of function
	# words and went.
	run --separate-stderr sh -c "nw-split '$BATS_TEST_TMPDIR/th.html' | nw-clean --rules --explain | cut -f2,3"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' '6	clean=content:prose' \
	    '7	clean=content:prose' '8	clean=content:prose')" ]
	run --separate-stderr sh -c "nw-split --block-hints '$BATS_TEST_TMPDIR/th.html' | nw-clean | cut -f2"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '6\n7\n8')" ]
}

@test "nw-clean: a capital of any script makes a word title-cased: a Russian page's menu goes" {
	# Only A to Z counted: "Спорт" was a lower-case word, and four of
	# six menu items stayed.
	{
		recs ru 'Главная' 'Новости' 'Политика' 'Спорт' 'Культура' 'Войти' \
		    'Городской совет во вторник после долгих обсуждений принял бюджет на следующий год. Депутаты сказали, что деньги пойдут на школы и дороги, но некоторые жители опасаются роста налогов.' \
		    'Мэр заявил, что новый бюджет поможет местной экономике. Он также пообещал в ближайшие годы вместе с жителями сделать город лучше и удобнее для всех.' \
		    'Однако депутаты от оппозиции отметили, что план слишком дорогой. По их словам, без поддержки центрального правительства город не сможет долго нести такие расходы.'
		printf 'ru\t10\t© 2026 Новости\n'
	} >"$BATS_TEST_TMPDIR/ru"
	run --separate-stderr nw-clean --explain "$BATS_TEST_TMPDIR/ru"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cut -f2,3 <<<"$output")" = "$(printf '%s\n' \
	    '7	clean=content:model 0.92' '8	clean=content:model 0.90' \
	    '9	clean=content:model 0.86')" ]
	# The feature itself (11, nw-clean --feature-names): the share of
	# title-cased words, Cyrillic, Latin with an accent, Greek, as ASCII.
	[ "$(nw-clean --feature-names | sed -n 11p)" = '11	p0.titled' ]
	for w in 'Sport' 'Спорт' 'Économie' 'Ökonomie' 'Αθλητισμός'; do
		recs x "$w" "$LONG1" "$LONG2" 'Share on Facebook' |
		    nw-clean --features | sed -n 1p | cut -f3 | tr ' ' '\n' |
		    grep '^11:' >>"$BATS_TEST_TMPDIR/f"
	done
	[ "$(cat "$BATS_TEST_TMPDIR/f")" = "$(printf '11:1\n%.0s' 1 2 3 4 5)" ]
}

@test "nw-clean: a paragraph ends like a sentence with the stops of other scripts, closers looked through" {
	[ "$(nw-clean --feature-names | sed -n 10p)" = '10	p0.terminal' ]
	for p in '会議は終わった。」' '本当ですか？' '素晴らしい！' '『完了。』' \
	    'यह सही है।' 'هل هذا صحيح؟' 'یہ درست ہے۔' "« C'est ça. »" \
	    'He said (yes.)' '［完了。］' 'Այո, ճիշտ է։' 'አዎ ትክክል ነው።' \
	    'ဟုတ်ကဲ့ မှန်ပါတယ်။' 'បាទ ត្រឹមត្រូវ។' 'Really‼'; do
		recs x "$p" "$LONG1" "$LONG2" 'Share on Facebook' |
		    nw-clean --features | sed -n 1p | cut -f3 | tr ' ' '\n' |
		    grep -c '^10:1$' >>"$BATS_TEST_TMPDIR/t" || true
	done
	[ "$(sort -u "$BATS_TEST_TMPDIR/t")" = 1 ]
	# A line with none is no sentence.
	[ "$(recs x '会議' "$LONG1" "$LONG2" 'Share on Facebook' | nw-clean --features |
	    sed -n 1p | cut -f3 | tr ' ' '\n' | grep -c '^10:')" -eq 0 ]
}

@test "nw-clean: most of a Korean page's menu goes and its prose stays, by stopwords.ko" {
	# Without a Korean list, short words stood in for stopwords, and a
	# Hangul syllable counted as one letter: every menu noun of up to
	# three syllables (뉴스, 스포츠) was a "stopword", and the menu stayed.
	{
		recs ko '홈' '뉴스' '스포츠' '경제' \
		    '시의회는 화요일 오랜 논의 끝에 내년 예산안을 통과시켰다. 의원들은 이 계획이 학교와 도로에 쓰일 것이라고 말했지만, 일부 주민들은 세금이 오를 수 있다며 걱정을 나타냈다.' \
		    '시장은 이번 예산이 지역 경제에 도움이 될 것이라고 밝혔다. 그는 또 앞으로 몇 년 동안 시민들과 함께 더 나은 도시를 만들어 가겠다고 덧붙였다.' \
		    '그러나 야당 의원들은 이 계획의 비용이 너무 크다고 지적했다. 이들은 중앙 정부의 지원이 없다면 지방 정부가 이런 지출을 오래 감당하기 어렵다고 주장했다.' \
		    '회사 소개' '문의하기'
		printf 'ko\t10\tCopyright © 2026 뉴스\n'
	} >"$BATS_TEST_TMPDIR/ko"
	run --separate-stderr nw-clean --explain "$BATS_TEST_TMPDIR/ko"
	[ "$status" -eq 0 ]
	# Most of it: two one-word items, with no stopword either way, are
	# near the threshold, on the prose's side.
	[ "$(cut -f2,3 <<<"$output")" = "$(printf '%s\n' \
	    '1	clean=content:model 0.50' '3	clean=content:model 0.45' \
	    '5	clean=content:model 0.87' '6	clean=content:model 0.90' \
	    '7	clean=content:model 0.52')" ]
}

@test "nw-clean: make demo's words show no navigation" {
	run --separate-stderr "$TOP/tests/demo"
	[ "$status" -eq 0 ]
	grep -q 'nw-clean' <<<"$output"
	# The words of each document (not the topic names, economy-trade).
	words=$(awk '/^  words:/ { w = 1 } /^$/ { w = 0 } w' <<<"$output")
	[ "$(grep -c 'words:' <<<"$words")" -eq 5 ]
	! grep -Eiw 'home|sport|economy|entertainment|opinion|result|share|facebook|twitter' <<<"$words" || false
}

@test "nw-clean: a document of 100,000 short paragraphs takes about 500 bytes each, as nw-clean(1) says" {
	[ -z "${NW_SANITIZE:-}" ] || skip "the sanitizers' shadow memory is the larger part"
	cd "$BATS_TEST_TMPDIR"
	{
		recs d "$LONG1" "$LONG2"
		awk 'BEGIN { for (i = 3; i <= 100002; i++) printf "d\t%d\tHome\n", i }'
	} >menu
	run --separate-stderr /usr/bin/time -f %M -o rss nw-clean menu
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(recs d "$LONG1" "$LONG2")" ]
	run -0 bash -c 'nw-clean -v --explain menu | cut -f3 | sort | uniq -c'
	[ "$output" = "$(printf '  99999 clean=boilerplate:duplicate\n      1 clean=boilerplate:phrase')" ]
	# 640 bytes a paragraph: the paragraphs, the model's features of
	# each and the text, with room; a whole vector each took 1.2 KB.
	kb=$(tail -n 1 rss)
	echo "peak $kb KB"
	[ "$kb" -lt 64000 ]
}
