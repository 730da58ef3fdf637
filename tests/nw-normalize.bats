#!/usr/bin/env bats
# nw-normalize: Unicode forms, typographic folding, bullets, spacing
# repair, case and diacritics, idempotence, and the failures of a filter.
bats_require_minimum_version 1.5.0
load helpers

# The twelve option sets idempotence is checked under.
OPTION_SETS=("" "-l" "-a" "-la" "--form nfc" "--form nfc -l" "--form nfc -a"
    "--form nfc -la" "--form none" "--form none -l" "--form none -a"
    "--form none -la")

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

# outcase CASE OUT ARGS...: nw-normalize ARGS on CASE.in must print OUT.out.
outcase() {
	local case=$1 out=$2
	shift 2
	run --separate-stderr nw-normalize "$@" "$DATA/$case.in"
	[ "$status" -eq 0 ] && [ -z "$stderr" ] ||
	    { echo "exit $status: $stderr"; return 1; }
	diff -u "$DATA/$out.out" <(printf '%s\n' "$output")
}

# norm TEXT [ARGS]: normalize one bare record, result in $output.
norm() {
	local text=$1
	shift
	run --separate-stderr nw-normalize "$@" <<<"$text"
	[ "$status" -eq 0 ] && [ -z "$stderr" ] ||
	    { echo "exit $status: $stderr"; return 1; }
}

# A mixed text with a seeded generator: glued punctuation, numbers, URLs,
# addresses, abbreviations, typographic and invisible characters,
# combining marks, bullets and runs of spaces, in random order.
generate() {
	awk 'BEGIN {
		n = split("libya|Libya|The|security|,|.|;|:|!|?|2,000|103.4|" \
		    "10:30|https://a.b/c?d=e,f|john.Smith@Example.com|U.S.A.|" \
		    "e.g.|Node.js|www.Foo.com|\342\200\231|\342\200\234|" \
		    "\342\200\235|\342\200\224|\342\200\223|\342\200\246|" \
		    "\302\240|\342\200\213|\302\255|\303\251|e\314\201|" \
		    "\304\260|\303\237|\357\254\201|\342\200\242|\342\226\252|" \
		    "- |* | |  |\343\200\200|\305\201\303\263d\305\272|" \
		    "\331\204\331\212\330\250\331\212\330\247|\344\270\255|" \
		    "\341\204\200\341\205\241|\342\221\240|Mr.|A|a|\"|)|%|" \
		    "\001|\342\200\250|\357\273\277|\315\205|\316\243", w, "|")
		srand(7)
		for (i = 0; i < 3000; i++) {
			line = ""
			k = 1 + int(rand() * 40)
			for (j = 0; j < k; j++)
				line = line w[1 + int(rand() * n)]
			print line
		}
	}'
}

@test "typographic quotes, primes, dashes, ellipsis, spaces and invisible characters are folded" {
	fixture nw-normalize nw-normalize-typography
}

@test "the Arabic tatweel is dropped: a stretched word is the word" {
	run --separate-stderr nw-normalize < <(printf 'a\tكتـــاب الـعـام\nb\tـ\n')
	[ "$status" -eq 0 ]
	# A text of tatweel alone is emptied, and dropped, as said.
	[ "$stderr" = "nw-normalize: -: 1 record dropped: no text left after normalization" ]
	[ "$output" = "$(printf 'a\tكتاب العام')" ]
	[ "$(printf '%s' "$output" | nw-tokenize -l | cut -f 2)" = "كتاب العام" ]
}

@test "a presentation form's tatweel goes before marks are ordered: the output is NFKC and stays so" {
	# U+FE77 is tatweel and fatha (class 30) after NFKC; after a shadda
	# (class 33) the fatha goes first once the tatweel is gone.
	printf 'a\t\330\250\331\221\357\271\267\n' >"$BATS_TEST_TMPDIR/fe77"
	run --separate-stderr nw-normalize "$BATS_TEST_TMPDIR/fe77"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'a\t\330\250\331\216\331\221')" ]
	[ "$(printf '%s\n' "$output" | nw-normalize)" = "$output" ]
}

@test "bullet markers at the start are dropped; numbered markers and inner bullets are kept" {
	fixture nw-normalize nw-normalize-bullets
}

@test "glued words get their space; numbers, URLs, addresses, domains and abbreviations do not" {
	fixture nw-normalize nw-normalize-spacing
}

@test "id and metadata pass through unchanged; bare records stay bare; empty texts stay, texts emptied are dropped" {
	fixture nw-normalize nw-normalize-records
}

@test "the default form is NFKC" {
	fixture nw-normalize nw-normalize-forms
	outcase nw-normalize-forms nw-normalize-forms --form nfkc
}

@test "--form nfc keeps compatibility characters, composes accents, still folds" {
	outcase nw-normalize-forms nw-normalize-forms-nfc --form nfc
}

@test "--form none leaves decomposed and compatibility characters alone, still folds" {
	outcase nw-normalize-forms nw-normalize-forms-none --form none
	run --separate-stderr nw-normalize --form none <<<"$(printf 'e\314\201 \342\204\253')"
	[ "$output" = "$(printf 'e\314\201 \342\204\253')" ]
}

@test "-l case folds, -a strips nonspacing marks, -la does both" {
	fixture nw-normalize nw-normalize-case
	outcase nw-normalize-case nw-normalize-case-l -l
	outcase nw-normalize-case nw-normalize-case-a -a
	outcase nw-normalize-case nw-normalize-case-la -la
	outcase nw-normalize-case nw-normalize-case-la -a -l
	outcase nw-normalize-case nw-normalize-case-la --lower --strip-accents
}

@test "-a strips combining accents whatever the form" {
	for f in nfkc nfc none; do
		norm "$(printf 'Cafe\314\201 Charg\303\251 \303\205ngstr\303\266m')" -a --form "$f"
		[ "$output" = "Cafe Charge Angstrom" ] || { echo "$f: $output"; return 1; }
	done
}

@test "www. after an opening bracket or quote is a URL still" {
	norm "(www.Example.Com) 'www.BBC.co.uk'. [www.X.Org]"
	[ "$output" = "(www.Example.Com) 'www.BBC.co.uk'. [www.X.Org]" ]
	# Other bracketed words are repaired as before.
	norm "(ab.Cd) (wwwx.Yz)"
	[ "$output" = "(ab. Cd) (wwwx. Yz)" ]
	# A curly quote is folded to '"' first.
	norm $'\xe2\x80\x9cwww.NYTimes.com\xe2\x80\x9d said'
	[ "$output" = '"www.NYTimes.com" said' ]
}

@test "-l decides spacing on the original case" {
	norm "region.This and region.this" -l
	[ "$output" = "region. this and region.this" ]
	norm "$(printf 'na\303\257ve.\303\211ric')" -l
	[ "$output" = "$(printf 'na\303\257ve. \303\251ric')" ]
}

@test "Cherokee is of no case: -l, which folds it to capitals, is idempotent" {
	# U+AB70 folds to U+13A0: the spacing rules see no case in either.
	local a=$'\xea\xad\xb0' A=$'\xe1\x8e\xa0'
	norm "ab:${a}x xA.$a ab:${A}x xA.$A" -l
	[ "$output" = "ab:${A}x xa.$A ab:${A}x xa.$A" ]
	norm "$output" -l
	[ "$output" = "ab:${A}x xa.$A ab:${A}x xa.$A" ]
}

@test "'.' after a letter with combining marks gets its space, as ',' does" {
	# Yoruba: the lower-case letter before the '.' is U+1EB9 U+0300,
	# which has no precomposed form, so a mark ends it even after NFC.
	local ile=$(printf 'il\341\272\271\314\200') aare=$(printf '\303\200\303\240r\341\272\271')
	norm "$ile.$aare s$ile,$aare"
	[ "$output" = "$ile. $aare s$ile, $aare" ]
	# Decomposed text left so: the same as its precomposed equivalent;
	# a single letter with its mark is still an abbreviation.
	norm "$(printf 'cafe\314\201.The caf\303\251.The e\314\201.The')" --form none
	[ "$output" = "$(printf 'cafe\314\201. The caf\303\251. The e\314\201.The')" ]
	# A capital with a mark before the '.' is an initial, as without one.
	norm "$(printf 'J.R\314\200.Tolkien')" --form none
	[ "$output" = "$(printf 'J.R\314\200.Tolkien')" ]
	# The letter after the '.' with its marks, then a '.': an initial.
	norm "$(printf 'ile.O\314\243\314\200.B cafe.E\314\201.U ile.\303\223.B')" --form none
	[ "$output" = "$(printf 'ile.O\314\243\314\200.B cafe.E\314\201.U ile.\303\223.B')" ]
}

@test "C1 controls are read as Windows-1252, not made spaces, as the man page says" {
	run --separate-stderr nw-normalize <<<"$(printf 'a\302\205b c\302\222d e\302\237f g\302\201h')"
	[ "$status" -eq 0 ]
	[ "$output" = "a...b c'd e$(printf '\305\270')f g h" ]
	[ "$stderr" = "nw-normalize: -: 4 C1 control characters read as Windows-1252" ]
	# The folding table's "a space" says so and points to newswire(7).
	sed -n '/^\.It a space$/,/^\.It nothing$/p' \
	    "$TOP/share/man/man1/nw-normalize.1" >item
	grep -q 'Windows-1252' item
	grep -qx '\.Xr newswire 7' item
}

@test "whitespace is collapsed and trimmed" {
	norm "$(printf '  a \001 b\v\fc   d\033  ')"
	[ "$output" = "a b c d" ]
	norm "$(printf '\302\240\342\200\203a\342\200\213 \342\200\213b\342\200\250')"
	[ "$output" = "a b" ]
	norm "   "
	[ "$output" = "" ]
}

@test "the same decisions wherever a text falls in the 16-byte blocks" {
	for case in spacing typography; do
		for k in $(seq 1 18); do
			pre=$(printf '%*s' "$k" '' | tr ' ' w)
			awk -F'\t' -v OFS='\t' -v pre="$pre " '{ $NF = pre $NF; print }' \
			    "$DATA/nw-normalize-$case.in" >in
			awk -F'\t' -v OFS='\t' -v pre="$pre" \
			    '{ $NF = $NF == "" ? pre : pre " " $NF; print }' \
			    "$DATA/nw-normalize-$case.out" >want
			nw-normalize in >got
			diff -u want got || { echo "$case, prefix of $k"; return 1; }
		done
	done
	# Runs of white space and controls across a block boundary.
	for k in $(seq 1 18); do
		pre=$(printf '%*s' "$k" '' | tr ' ' w)
		norm "$(printf '%s x \001 y \v\f z  a\033 b   c   d,Efgh  ijklmnop q' "$pre")"
		[ "$output" = "$pre x y z a b c d, Efgh ijklmnop q" ] || { echo "$k: $output"; return 1; }
	done
}

@test "a combining mark after an ASCII letter composes with it" {
	norm "$(printf 'Cafe\314\201, nai\314\210ve and A\314\212')"
	[ "$output" = "$(printf 'Caf\303\251, na\303\257ve and \303\205')" ]
	norm "$(printf 'e\342\200\213\314\201')"
	[ "$output" = "$(printf '\303\251')" ]
}

@test "idempotent on the seeds under every option set" {
	for o in "${OPTION_SETS[@]}"; do
		nw-normalize $o "$SEEDS"/*.txt >once
		nw-normalize $o once >twice
		cmp once twice || { echo "not idempotent: '$o'"; diff once twice | head; return 1; }
		[ "$(wc -l <once)" -eq "$(awk 'END { print NR }' "$SEEDS"/*.txt)" ]
	done
}

@test "idempotent on generated text under every option set" {
	generate >gen
	[ "$(wc -l <gen)" -eq 3000 ]
	for o in "${OPTION_SETS[@]}"; do
		nw-normalize $o gen >once 2>err
		nw-normalize $o once >twice
		cmp once twice || { echo "not idempotent: '$o'"; diff once twice | head; return 1; }
		[ "$(wc -l <once)" -eq 3000 ]
		# No folded character survives, and the layout is clean.
		! grep -q -e $'\xe2\x80\x99' -e $'\xe2\x80\x9c' -e $'\xe2\x80\x94' -e $'\xe2\x80\xa6' \
		    -e $'\xc2\xa0' -e $'\xe2\x80\x8b' -e $'\xc2\xad' -e $'\xef\xbb\xbf' \
		    -e $'\xe3\x80\x80' -e $'\xe2\x80\xa8' -e '  ' -e '^ ' -e ' $' once ||
		    { echo "left over in '$o':"; grep -n -m3 -e $'\xe2\x80\x99' -e '  ' once; return 1; }
		! grep -q -e $'^\xe2\x80\xa2' -e '^- ' -e '^\* ' once || false
	done
}

@test "the seeds as nw-split records: three fields, no curly quotes, bullets or glued words" {
	for f in "$SEEDS"/*.txt; do
		awk -v OFS='\t' -v id="$f" '{ print id, NR, $0 }' "$f"
	done >records
	run --separate-stderr nw-normalize records
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	printf '%s\n' "$output" >out
	[ "$(wc -l <out)" -eq "$(wc -l <records)" ]
	[ "$(awk -F'\t' 'NF != 3' out | wc -l)" -eq 0 ]
	diff <(cut -f1,2 records) <(cut -f1,2 out)
	! grep -q -e $'\xe2\x80\x98' -e $'\xe2\x80\x99' -e $'\xe2\x80\x9c' -e $'\xe2\x80\x9d' -e $'\xe2\x80\xa2' out || false
	! grep -q -E '[a-z]{2}[,;.][A-Z][a-z]' out || false
	grep -q 'relations, Libya and the United Kingdom' out
	grep -q 'North Africa. This article' out
	grep -q "$(printf '\tCapacity Building: Strengthening Libyan')" out
	grep -q "US Chargé d'Affaires Jeremy Berndt" out
}

@test "marks after a letter are put in canonical order, however many" {
	# U+0301 (class 230) before U+0323 (class 220): the dot below goes
	# first and composes with the letter, the acute stays.
	acute=$(printf '\314\201') below=$(printf '\314\243')
	norm "e$acute$below"
	[ "$output" = "$(printf '\341\272\271')$acute" ]
	# 40 marks, then 12000 of four classes (Zalgo text).
	run20=$(printf "$acute$below%.0s" $(seq 20))
	norm "a$run20"
	[ "$output" = "$(printf '\341\272\241')$(printf "$below%.0s" $(seq 19))$(printf "$acute%.0s" $(seq 20))" ]
	zalgo=$(printf '\314\201\314\202\314\243\314\250%.0s' $(seq 3000))
	norm "o$zalgo" --form nfc
	# Ogonek (202) composes; then the dots below (220), then acute and
	# circumflex (both 230) in the order they came.
	want="$(printf '\307\253')$(printf '\314\250%.0s' $(seq 2999))"
	want="$want$(printf "$below%.0s" $(seq 3000))"
	want="$want$(printf '\314\201\314\202%.0s' $(seq 3000))"
	[ "$output" = "$want" ]
	norm "o$zalgo" -a
	[ "$output" = o ]
}

@test "a glued line of 20 MB is repaired whole, in linear time" {
	awk 'BEGIN { s = "relations,Libya said.This ";
	    while (length(s) < 20 * 1024 * 1024) s = s s; print s }' >big
	run --separate-stderr timeout 60 nw-normalize big
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(sed 's/,L/, L/g; s/\.T/. T/g; s/ $//' big)" ]
	# One token of 20 MB with a / at its end: no repair, and no rescan.
	awk 'BEGIN { s = "a,b.C";
	    while (length(s) < 20 * 1024 * 1024) s = s s; print s "/" }' >url
	run --separate-stderr timeout 60 nw-normalize url
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(cat url)" ]
}

@test "a file without a final newline gets one" {
	printf 'a\t1\tlast,Line  ' >in
	nw-normalize in >out
	[ "$(tail -c 1 out | od -An -c | tr -d ' ')" = '\n' ]
	[ "$(cat out)" = "$(printf 'a\t1\tlast, Line')" ]
}

@test "standard input, - and several files, in order" {
	printf 'a\t1\tx,Y\n' >one
	printf 'b\t1\tz.Zed\n' >two
	run --separate-stderr sh -c 'nw-normalize one - two <one'
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'a\t1\tx, Y\na\t1\tx, Y\nb\t1\tz.Zed')" ]
	run --separate-stderr sh -c 'nw-normalize <two'
	[ "$output" = "$(printf 'b\t1\tz.Zed')" ]
}

@test "gzip input is read by its magic, whatever the name" {
	printf 'a\t1\t\342\200\234Hi\342\200\235,there\n' | gzip >in.txt
	run --separate-stderr nw-normalize in.txt
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'a\t1\t"Hi", there')" ]
}

@test "a missing file among good ones: message, exit 1, the good ones processed" {
	printf 'a\t1\tfirst,One\n' >good1
	printf 'b\t1\tsecond,Two\n' >good2
	run --separate-stderr nw-normalize good1 nosuch good2
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'a\t1\tfirst, One\nb\t1\tsecond, Two')" ]
	[ "$stderr" = "nw-normalize: nosuch: No such file or directory" ]
}

@test "a directory operand: message, exit 1, the rest processed" {
	mkdir dir
	printf 'a\t1\tok\n' >good
	run --separate-stderr nw-normalize dir good
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'a\t1\tok')" ]
	[ "$stderr" = "nw-normalize: dir: Is a directory" ]
}

@test "a truncated gzip file: what could be read, a message, exit 1" {
	for i in $(seq 1 3000); do printf 'd\t%d\tline,Number %d\n' "$i" "$i"; done >full
	gzip -c full >full.gz
	head -c $(($(wc -c <full.gz) / 2)) full.gz >cut.gz
	run --separate-stderr nw-normalize cut.gz
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-normalize: cut.gz: unexpected end of file (truncated gzip data)" ]
	printf '%s\n' "$output" | sed '$d' >got
	[ "$(wc -l <got)" -gt 100 ]
	diff got <(sed 's/,N/, N/' full | head -n "$(wc -l <got)")
}

@test "a closed pipe ends it quietly" {
	for i in $(seq 1 50000); do echo "line,Number $i"; done >in
	run --separate-stderr sh -c 'nw-normalize in | head -n 1'
	[ "$status" -eq 0 ]
	[ "$output" = "line, Number 1" ]
	[ -z "$stderr" ]
}

@test "an unknown --form is a usage error" {
	run --separate-stderr nw-normalize --form nfd
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-normalize: --form: nfd: invalid (allowed: nfc, nfkc or none)" ]
	run --separate-stderr nw-normalize --form
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "nw-normalize: option '--form' requires an argument" ]
	[[ "$stderr" == *"usage: nw-normalize"* ]]
}

@test "-h and --help print the usage on stdout; --version names the tool" {
	run --separate-stderr nw-normalize -h
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[0]}" = "usage: nw-normalize [-ahl] [--form nfc|nfkc|none] [--strict] [file ...]" ]
	run --separate-stderr nw-normalize --help
	[ "${lines[0]}" = "usage: nw-normalize [-ahl] [--form nfc|nfkc|none] [--strict] [file ...]" ]
	run --separate-stderr nw-normalize --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^nw-normalize\ \(newswire\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "an unknown option is a usage error" {
	run --separate-stderr nw-normalize -x
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"usage: nw-normalize"* ]]
}

@test "the man page is mandoc -Tlint clean" {
	run mandoc -Tlint -Wwarning "$TOP/share/man/man1/nw-normalize.1"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}
