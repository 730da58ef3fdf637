bats_require_minimum_version 1.5.0
load helpers

# tok TEXT [ARGS...]: TEXT as one bare record through nw-tokenize ARGS.
tok() {
	local text=$1
	shift
	printf '%s\n' "$text" | nw-tokenize "$@"
}

# Delete the separators: space, the controls other than TAB and LF, and
# the Unicode separators the generated text uses (NBSP, THIN SPACE,
# IDEOGRAPHIC SPACE, ZERO WIDTH SPACE, LINE SEPARATOR).
unspace() {
	sed 's/[ \x01-\x08\x0b\x0c\x0e-\x1f\x7f]//g;
	    s/\xc2\xa0//g; s/\xe2\x80\x89//g; s/\xe3\x80\x80//g;
	    s/\xe2\x80\x8b//g; s/\xe2\x80\xa8//g'
}

@test "nw-tokenize: every token class (classes fixture)" {
	fixture nw-tokenize nw-tokenize-classes
}

@test "nw-tokenize: the AVX2 and SSE2 scans of runs write the same tokens" {
	# NW_TOKENIZE_SIMD=sse2 forces the SSE2 loop where AVX2 would run;
	# runs of 33 bytes and more take the AVX2 one.
	nw-split "$SEEDS" >"$BATS_TEST_TMPDIR/in"
	printf 'd\t1\t%s\n' \
	    "Words of a long run of plain words and then, a comma and the end." \
	    "A run of plain words up to a café and then naïve words after it." \
	    "Plain words in a row, thirty-three bytes on  two spaces Libya's." \
	    "$(printf 'abcdefghij%.0s' $(seq 40)) tail" >>"$BATS_TEST_TMPDIR/in"
	for opt in '' -l '-l -w' '-l -w -s en' '--clitics keep'; do
		nw-tokenize $opt "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/best"
		NW_TOKENIZE_SIMD=sse2 nw-tokenize $opt "$BATS_TEST_TMPDIR/in" \
		    >"$BATS_TEST_TMPDIR/sse2"
		[ -s "$BATS_TEST_TMPDIR/best" ]
		diff -u "$BATS_TEST_TMPDIR/best" "$BATS_TEST_TMPDIR/sse2"
	done
}

@test "nw-tokenize: words, punctuation and runs" {
	run --separate-stderr tok "cross-border Al-Haddad rock'n'roll, R&D: snake_case... Really?! Yes!!"
	[ "$status" -eq 0 ]
	[ "$output" = "cross-border Al-Haddad rock'n'roll , R&D : snake_case ... Really ? ! Yes !!" ]
	[ -z "$stderr" ]
}

@test "nw-tokenize: numbers" {
	run --separate-stderr tok 'In 2024, 103.4 and 23,000 cost $100.00 (5th Q1, -3.5, 10:30, 9/11, 10-12).'
	[ "$status" -eq 0 ]
	[ "$output" = 'In 2024 , 103.4 and 23,000 cost $100.00 ( 5th Q1 , -3.5 , 10:30 , 9/11 , 10-12 ) .' ]
}

@test "nw-tokenize: abbreviations keep their period, also at the end of a sentence" {
	run --separate-stderr tok 'AFRICOM met the U.S. envoy at 9 a.m., e.g. George W. Bush, in the U.S.'
	[ "$status" -eq 0 ]
	[ "$output" = 'AFRICOM met the U.S. envoy at 9 a.m. , e.g. George W. Bush , in the U.S.' ]
}

@test "nw-tokenize: an abbreviation after a hyphen is a token, as before one" {
	nbh=$(printf '\xe2\x80\x91')	# U+2011, a non-breaking hyphen
	maqaf=$(printf '\xd6\xbe')
	run --separate-stderr tok "anti-U.S. protests, D-N.Y., ex-U.S.S.R. states, the U.S.-led force, non${nbh}U.N. staff, anti${maqaf}U.S."
	[ "$status" -eq 0 ]
	[ "$output" = "anti - U.S. protests , D - N.Y. , ex - U.S.S.R. states , the U.S. - led force , non $nbh U.N. staff , anti $maqaf U.S." ]
	# An initial, or no final period: one word, as before.
	run --separate-stderr tok 'Plan-B. Type-A. Covid-19. x-U.S'
	[ "$status" -eq 0 ]
	[ "$output" = 'Plan-B . Type-A . Covid-19 . x-U . S' ]
	# -l -w: the abbreviation counted, no word cut from it.
	printf 'x\tSen. Smith, D-N.Y., on Mexico-U.S. trade\n' >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr nw-tokenize -l -w "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'x\tsen smith d n.y. on mexico u.s. trade')" ]
}

@test "nw-tokenize: glued sentences come apart" {
	run --separate-stderr tok 'in North Africa.This article was 2024.The end.'
	[ "$status" -eq 0 ]
	[ "$output" = 'in North Africa . This article was 2024 . The end .' ]
}

@test "nw-tokenize: URLs, addresses, handles and hashtags stay whole" {
	run --separate-stderr tok 'See https://example.com/a_(b)). and www.bbc.co.uk/news, write to press@un.org. @AFRICOM #Libya #1'
	[ "$status" -eq 0 ]
	[ "$output" = 'See https://example.com/a_(b) ) . and www.bbc.co.uk/news , write to press@un.org . @AFRICOM #Libya # 1' ]
	# "www." and a word character, ASCII or not; not a blank or a stop.
	run --separate-stderr tok 'www.élysée.fr, www.例子.cn; https://élysée.fr www. x www.'
	[ "$status" -eq 0 ]
	[ "$output" = 'www.élysée.fr , www.例子.cn ; https://élysée.fr www . x www .' ]
}

@test "nw-tokenize: a URL ends where Chinese, Japanese, Korean or Thai text goes on" {
	# Those scripts write the text around an address without a space;
	# an address in them, after "//", "." or "/", stays whole.
	run --separate-stderr tok '新华社www.xinhua.org报道 www.naver.com에서'
	[ "$status" -eq 0 ]
	[ "$output" = '新华社 www.xinhua.org 报道 www.naver.com 에서' ]
	run --separate-stderr tok 'はwww.example.co.jp/newsを http://例子.测试/页'
	[ "$status" -eq 0 ]
	[ "$output" = 'は www.example.co.jp/news を http://例子.测试/页' ]
	run --separate-stderr tok 'ข่าวwww.sanook.comรายงาน https://zh.wikipedia.org/wiki/北京'
	[ "$status" -eq 0 ]
	[ "$output" = 'ข่าว www.sanook.com รายงาน https://zh.wikipedia.org/wiki/北京' ]
}

@test "nw-tokenize: a handle or hashtag holds a ZWJ or ZWNJ as a word does" {
	# #SriLanka, whose "Sri" conjunct is written with a ZWJ (U+200D); a
	# Persian name and verb with a ZWNJ (U+200C).  The joiner is inside
	# the tag, so -w has no joiner token to drop and nothing is cut.
	local zwj=$(printf '\342\200\215') zwnj=$(printf '\342\200\214')
	local text="#ශ්${zwj}රීලංකා ශ්${zwj}රී @علی${zwnj}رضا #می${zwnj}خواهم, @a${zwj}"
	run --separate-stderr tok "$text"
	[ "$status" -eq 0 ]
	# A joiner after the tag's last letter is a token, as after a word's.
	local tags="#ශ්${zwj}රීලංකා ශ්${zwj}රී @علی${zwnj}رضا #می${zwnj}خواهم"
	[ "$output" = "$tags , @a ${zwj}" ]
	[ -z "$stderr" ]
	run --separate-stderr tok "$text" -w
	[ "$status" -eq 0 ]
	[ "$output" = "$tags @a" ]
	# A format character does not start a tag, as it does not start a word.
	run --separate-stderr tok "#${zwj}x @${zwnj}y" -w
	[ "$status" -eq 0 ]
	[ "$output" = "x y" ]
}

@test "nw-tokenize: a bidi mark after a hashtag or handle is a token" {
	lrm=$'\xe2\x80\x8e' rlm=$'\xe2\x80\x8f'
	run --separate-stderr tok "#tag$lrm @user$rlm @AFRICOM$lrm's"
	[ "$status" -eq 0 ]
	[ "$output" = "#tag $lrm @user $rlm @AFRICOM$lrm 's" ]
	run --separate-stderr tok "#Iran$rlm #iran" -l -w
	[ "$status" -eq 0 ]
	[ "$output" = "#iran #iran" ]
}

@test "nw-tokenize: format characters after a word are tokens of their own, as before it" {
	# Bytes, not \u escapes, which need a UTF-8 locale.
	pdf=$'\xe2\x80\xac' lrm=$'\xe2\x80\x8e' rlo=$'\xe2\x80\xae'
	bom=$'\xef\xbb\xbf' zwnj=$'\xe2\x80\x8c'
	run --separate-stderr tok "evil$pdf and the$lrm ${rlo}evil$pdf$bom. می${zwnj}خواهم"
	[ "$status" -eq 0 ]
	[ "$output" = "evil $pdf and the $lrm $rlo evil $pdf $bom . می${zwnj}خواهم" ]
	# So -w keeps the word alone, and a stopword list finds it.
	run --separate-stderr tok "evil$pdf and the$lrm thing" -l -w -s en
	[ "$status" -eq 0 ]
	[ "$output" = "evil thing" ]
}

@test "nw-tokenize: a format character after Han or kana is a token" {
	lrm=$'\xe2\x80\x8e' wj=$'\xe2\x81\xa0'
	de=$'\xe7\x9a\x84' bei=$'\xe5\x8c\x97' a=$'\xe3\x81\x82'
	run --separate-stderr tok "said$lrm$bei ${de}${lrm}abc q$a${wj}B"
	[ "$status" -eq 0 ]
	[ "$output" = "said $lrm $bei $de $lrm abc q $a $wj B" ]
	run --separate-stderr tok "said$lrm$bei ${de}${lrm}abc" -w -s en -s zh
	[ "$status" -eq 0 ]
	[ "$output" = "$bei abc" ]
}

@test "nw-tokenize: non-Latin scripts, marks and emoji are not broken" {
	run --separate-stderr tok '北京市是中国的首都。Ελλάδα, Россия، café 👍🏽🇱🇾'
	[ "$status" -eq 0 ]
	[ "$output" = '北京市 是 中国 的 首都 。 Ελλάδα , Россия ، café 👍🏽 🇱🇾' ]
}

@test "nw-tokenize: a punctuation token ends with its grapheme cluster" {
	# Flags whose first letters are the same (US UA, FR FI), ZWJ
	# sequences that begin with the same emoji (woman technologist,
	# woman scientist; woman technologist with a skin tone, kiss), and
	# runs of the same mark, each a cluster alone: "!!" then a combining
	# acute accent is "!" and "!" with the accent.
	local zwj=$(printf '\342\200\215')
	run --separate-stderr tok "🇺🇸🇺🇦 🇫🇷🇫🇮 👩${zwj}💻👩${zwj}🔬 👩🏽${zwj}💻👩${zwj}❤️${zwj}💋${zwj}👨 👍🏽👍🏽 ... 🔥🔥🔥 ……$(printf '!!\314\201')"
	[ "$status" -eq 0 ]
	[ "$output" = "🇺🇸 🇺🇦 🇫🇷 🇫🇮 👩${zwj}💻 👩${zwj}🔬 👩🏽${zwj}💻 👩${zwj}❤️${zwj}💋${zwj}👨 👍🏽 👍🏽 ... 🔥🔥🔥 …… ! $(printf '!\314\201')" ]
	[ "$stderr" = "" ]
}

@test "nw-tokenize: --clitics split is the default (Penn Treebank)" {
	run --separate-stderr tok "Libya's Libya’s don't won’t they're"
	[ "$status" -eq 0 ]
	[ "$output" = "Libya 's Libya ’s do n't wo n’t they 're" ]
	run --separate-stderr tok "Libya's Libya’s don't won’t they're" --clitics split
	[ "$output" = "Libya 's Libya ’s do n't wo n’t they 're" ]
}

@test "nw-tokenize: --clitics keep and drop" {
	run --separate-stderr tok "Libya's Libya’s don't O'Neill's U.S.'s" --clitics keep
	[ "$status" -eq 0 ]
	[ "$output" = "Libya's Libya’s don't O'Neill's U.S.'s" ]
	run --separate-stderr tok "Libya's Libya’s don't O'Neill's U.S.'s" --clitics drop
	[ "$status" -eq 0 ]
	[ "$output" = "Libya Libya do O'Neill U.S." ]
}

@test "nw-tokenize: --hyphens split and keep" {
	run --separate-stderr tok 'cross-border COVID-19 talks, -3.5' --hyphens split
	[ "$status" -eq 0 ]
	[ "$output" = 'cross - border COVID - 19 talks , -3.5' ]
	run --separate-stderr tok 'cross-border COVID-19' --hyphens keep
	[ "$output" = 'cross-border COVID-19' ]
}

@test "nw-tokenize: -l folds case, Unicode included" {
	run --separate-stderr tok 'Libya LIBYA Ελλάδα STRAẞE Straße ÉTÉ' -l
	[ "$status" -eq 0 ]
	[ "$output" = 'libya libya ελλάδα strasse strasse été' ]
}

@test "nw-tokenize: -l folds the words after a letter whose fold is longer or shorter" {
	# İ folds to two code points (three bytes for two), ẞ to "ss" and the
	# Kelvin sign K to "k" (fewer bytes): the text after them is folded
	# token by token, not copied from a fold of the whole text.
	run --separate-stderr tok 'ÉCOLE İSTANBUL, ÉCOLE “ẞ” ΣΟΦΙΑ 5K Libya’s ÀÉÎ' -l
	[ "$status" -eq 0 ]
	[ "$output" = 'école i̇stanbul , école “ ss ” σοφια 5k libya ’s àéî' ]
	run --separate-stderr tok 'KELVIN KK, ÉTÉ ĲSSEL' -l -w
	[ "$status" -eq 0 ]
	[ "$output" = 'kelvin kk été ĳssel' ]
	# Lower-case letters whose fold is a letter and marks stay the one
	# code point, as nw-normalize -l gives them: ǰ (U+01F0), ΐ (U+0390).
	run --separate-stderr tok 'ǰabc ΜΑΐΟΥ Μαΐου' -l
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '\307\260abc \316\274\316\261\316\220\316\277\317\205 \316\274\316\261\316\220\316\277\317\205')" ]
	[ "$output" = "$(echo 'ǰabc ΜΑΐΟΥ Μαΐου' | nw-normalize -l)" ]
}

@test "nw-tokenize: -w keeps words, numbers, abbreviations, URLs and clitics" {
	run --separate-stderr tok '“Libya’s U.S. envoy”, said: $5 (see www.x.org) -- #tag!' -w
	[ "$status" -eq 0 ]
	[ "$output" = 'Libya ’s U.S. envoy said $5 see www.x.org #tag' ]
}

@test "nw-tokenize: -l -w counts Libya and Libya's the same" {
	run --separate-stderr tok "Libya, Libya's and LIBYA’S" -l -w
	[ "$status" -eq 0 ]
	[ "$output" = "libya libya 's and libya ’s" ]
}

@test "nw-tokenize: -s en drops the shipped stopwords, case-folded, with or without -l" {
	run --separate-stderr tok "The U.S. said Libya's security is what they've discussed" -s en
	[ "$status" -eq 0 ]
	[ "$output" = "U.S. Libya security discussed" ]
	run --separate-stderr tok "The U.S. said Libya's security is what they've discussed" -s en -l
	[ "$output" = "u.s. libya security discussed" ]
}

@test "nw-tokenize: -s FILE reads a list with comments and blanks" {
	printf '# my list\n\n  Libya  \nsecurity # the word\n#not a word\n' >"$BATS_TEST_TMPDIR/stop"
	run --separate-stderr tok 'LIBYA security talks #not' -s "$BATS_TEST_TMPDIR/stop"
	[ "$status" -eq 0 ]
	[ "$output" = 'talks #not' ]
}

@test "nw-tokenize: -s auto or -s en with no data directory is a configuration error" {
	# A language with no list has none; no data directory at all is no
	# such language: said, exit 2, where stopwords were kept quietly.
	for s in auto en; do
		NW_SHAREDIR=$BATS_TEST_TMPDIR/none run --separate-stderr \
		    nw-tokenize -s "$s" <<<'d	1	the cat'
		[ "$status" -eq 2 ]
		[ "$output" = "" ]
		[ "$stderr" = "nw-tokenize: $BATS_TEST_TMPDIR/none: No such file or directory" ]
	done
	NW_SHAREDIR=$BATS_TEST_TMPDIR run --separate-stderr \
	    nw-tokenize -s auto <<<'d	1	the cat'
	[ "$status" -eq 0 ]
	[ "$output" = "d	1	the cat" ]
}

@test "nw-tokenize: a missing stopword list is a configuration error (exit 2)" {
	run --separate-stderr nw-tokenize -s "$BATS_TEST_TMPDIR/nonesuch" /dev/null
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "nw-tokenize: $BATS_TEST_TMPDIR/nonesuch: No such file or directory" ]
	# A name of lower-case letters alone is a shipped list, even when
	# a file of that name is here: the message says how to name it.
	printf 'cat\n' >"$BATS_TEST_TMPDIR/xx"
	cd "$BATS_TEST_TMPDIR"
	run --separate-stderr nw-tokenize -s xx /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-tokenize: -s xx: no list stopwords.xx is shipped; a file is named by a path, as ./xx" ]
	run --separate-stderr nw-tokenize -s ./xx <<<'the cat sat'
	[ "$status" -eq 0 ]
	[ "$output" = 'the sat' ]
	# An empty name names no file and no list: said as such, not as
	# ": No such file or directory".
	run --separate-stderr nw-tokenize -s '' /dev/null
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "nw-tokenize: -s: empty list name" ]
	run --separate-stderr nw-tokenize --stopwords= /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-tokenize: -s: empty list name" ]
}

# Hebrew joins words with its maqaf and marks abbreviations with geresh
# and gershayim, often typed as ' and ": צה"ל is one word, the army.
@test "nw-tokenize: Hebrew's maqaf, geresh and gershayim stay inside the word" {
	in=$(printf 'a\t%s' 'בית־הספר של צה״ל ו-ארה"ב. ג׳ורג׳ בוש וכו׳; ח"כ אמר: ו"אמר" a"b')
	run --separate-stderr nw-tokenize <<<"$in"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'a\t%s' 'בית־הספר של צה״ל ו-ארה"ב . ג׳ורג׳ בוש וכו׳ ; ח"כ אמר : ו " אמר " a " b')" ]
	# Split with the hyphens; the same through the general writer.
	run --separate-stderr nw-tokenize --hyphens split <<<"$in"
	[ "$(printf '%s' "$output" | cut -f 2 | cut -d ' ' -f 1-3)" = 'בית ־ הספר' ]
	run --separate-stderr nw-tokenize -s /dev/null <<<"$in"
	[ "$output" = "$(nw-tokenize <<<"$in")" ]
}

@test "nw-tokenize: the Arabic decimal and thousands separators join digits, and only digits" {
	run --separate-stderr nw-tokenize < <(printf 'a\t%s\n' '١٢٫٥ ١٬٠٠٠ ٫٥ ١٢٫ كلمة٬كلمة')
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'a\t%s' '١٢٫٥ ١٬٠٠٠ ٫ ٥ ١٢ ٫ كلمة ٬ كلمة')" ]
}

@test "nw-tokenize: full-width . , : / join full-width digits, only digits" {
	run --separate-stderr nw-tokenize < <(printf 'a\t%s%s\n' \
	    '成長率は５．２％。１２：３０に１，０００人、' \
	    '１／２。売上は５，それから．２')
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'a\t%s%s' '成長率 は ５．２ ％ 。 ' \
	    '１２：３０ に １，０００ 人 、 １／２ 。 売上 は ５ ， それから ． ２')" ]
}

@test "nw-tokenize: --stem gives the real Snowball English stems" {
	run --separate-stderr tok 'Cooperation cooperate cooperative terrorism terrorist terrorists Security securities Libya' --stem
	[ "$status" -eq 0 ]
	# Snowball strips suffixes only: terrorist does not meet terrorism.
	[ "$output" = 'cooper cooper cooper terror terrorist terrorist secur secur libya' ]
}

@test "nw-tokenize: --stem leaves numbers, abbreviations, clitics and URLs alone" {
	run --separate-stderr tok "Libya's U.S. elections in 1990s at www.elections.org" --stem
	[ "$status" -eq 0 ]
	[ "$output" = "libya 's u.s. elect in 1990s at www.elections.org" ]
}

@test "nw-tokenize: libstemmer is loaded for --stem only, and its absence is an error naming it" {
	# The soname the build found, as the binary carries it.
	so=$(grep -ao 'libstemmer\.so[.0-9a-z]*' "$(command -v nw-tokenize)" | head -n 1)
	[ -n "$so" ]
	mkdir "$BATS_TEST_TMPDIR/lib"
	: >"$BATS_TEST_TMPDIR/lib/$so"
	LD_LIBRARY_PATH=$BATS_TEST_TMPDIR/lib run --separate-stderr tok 'Cooperation' -l
	[ "$status" -eq 0 ]
	[ "$output" = 'cooperation' ]
	[ -z "$stderr" ]
	LD_LIBRARY_PATH=$BATS_TEST_TMPDIR/lib run --separate-stderr tok 'Cooperation' --stem
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-tokenize: cannot start the Snowball english stemmer: $BATS_TEST_TMPDIR/lib/$so: file too short" ]
}

@test "nw-tokenize: stopwords are matched before stemming" {
	run --separate-stderr tok 'He was saying the states' --stem -s en
	[ "$status" -eq 0 ]
	[ "$output" = 'state' ]
}

@test "nw-tokenize: ids and metadata pass through, bare stays bare, empty stays empty" {
	run --separate-stderr nw-tokenize <<-'EOF'
	doc1	3.2	Hello, world!
	doc1		
	bare text, here.

	   
	EOF
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'doc1\t3.2\tHello , world !\ndoc1\t\t\nbare text , here .\n\n')" ]
	[ -z "$stderr" ]
}

@test "nw-tokenize: a text that gives no token is dropped, never written empty; blanks only are reported" {
	printf 'a\t, . ! ?\nb\tm\tthe of and\nc\tLibya\nd\t   \ne\t\nf\t\001\302\240\n' >"$BATS_TEST_TMPDIR/in"
	# -w and -s drop what they are asked to, and a record left with nothing.
	run --separate-stderr nw-tokenize -w -s en "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'c\tLibya\ne\t')" ]
	[ "$stderr" = "nw-tokenize: $BATS_TEST_TMPDIR/in: 2 records dropped: no token in the text" ]
	# Once per input, in the singular for one; none dropped, no message.
	run --separate-stderr nw-tokenize - "$BATS_TEST_TMPDIR/in" <<<$'x\t  '
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'a\t, . ! ?\nb\tm\tthe of and\nc\tLibya\ne\t')" ]
	[ "$stderr" = "$(printf 'nw-tokenize: -: 1 record dropped: no token in the text\nnw-tokenize: %s: 2 records dropped: no token in the text' "$BATS_TEST_TMPDIR/in")" ]
	run --separate-stderr nw-tokenize -l -w <<<$'x\t* * *\ny\tA, b.'
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'y\ta b')" ]
	[ -z "$stderr" ]
	run --separate-stderr nw-tokenize -s auto "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	[ "$stderr" = "nw-tokenize: $BATS_TEST_TMPDIR/in: 2 records dropped: no token in the text" ]
}

@test "nw-tokenize: reconstruction on the seeds (each line a bare record)" {
	for f in "$SEEDS"/*.txt; do
		nw-tokenize "$f" | unspace >"$BATS_TEST_TMPDIR/out"
		# Every record ends in LF; input.c drops a CR before it.
		awk 1 "$f" | sed 's/\r$//' | unspace >"$BATS_TEST_TMPDIR/in"
		cmp "$BATS_TEST_TMPDIR/in" "$BATS_TEST_TMPDIR/out"
		[ "$(wc -l <"$BATS_TEST_TMPDIR/out")" -eq "$(awk 1 "$f" | wc -l)" ]
	done
}

@test "nw-tokenize: reconstruction on generated Unicode text, all lossless options" {
	# Pieces of every class, glued and spaced at random (fixed seed).
	awk -v n=3000 'BEGIN {
		srand(42)
		split("Libya|Libya’s|don'"'"'t|U.S.|a.m.|e.g.|cross-border|Al-Haddad|rock'"'"'n'"'"'roll|2024|103.4|23,000|$100.00|-3.5|5th|Q1|https://ex.com/a_(b)|www.bbc.co.uk/x|a@b.org|@user|#tag|“|”|‘|’|«|»|\"|'"'"'|...|!!|--|,|.|;|:|(|)|[|]|?|!|北京市|首都。|Ελλάδα|Россия|العربية|हिन्दी|ภาษาไทย|café|naïve|e\xcc\x81|👍🏽|🇱🇾|€5|£3|−7|½|x²|\xc2\xad|\xe2\x80\x8d|\xef\xbf\xbd|R&D|snake_case|students'"'"'|O'"'"'Neill|y'"'"'all|I.B.M.|W.|Mr.|ok", w, "|")
		split(" | |  | |\xc2\xa0|\xe2\x80\x89|\xe3\x80\x80|\xe2\x80\x8b||||", sp, "|")
		for (i = 0; i < n; i++) {
			line = ""
			k = 1 + int(rand() * 30)
			for (j = 0; j < k; j++)
				line = line w[1 + int(rand() * length(w))] sp[1 + int(rand() * length(sp))]
			print line
		}
	}' >"$BATS_TEST_TMPDIR/gen"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/gen")" -eq 3000 ]
	unspace <"$BATS_TEST_TMPDIR/gen" >"$BATS_TEST_TMPDIR/want"
	for opts in "" "--clitics keep" "--clitics split" "--hyphens split" \
	    "--clitics keep --hyphens split"; do
		run --separate-stderr nw-tokenize $opts "$BATS_TEST_TMPDIR/gen"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		printf '%s\n' "$output" | unspace >"$BATS_TEST_TMPDIR/got"
		cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
		# Tokens are separated by exactly one space.
		! printf '%s\n' "$output" | grep -q '  \|^ \| $'
	done
}

@test "nw-tokenize: -l -w output is the folded tokens of the plain output, minus punctuation" {
	nw-tokenize "$DATA/nw-tokenize-classes.in" >"$BATS_TEST_TMPDIR/plain"
	run --separate-stderr nw-tokenize -l -w "$DATA/nw-tokenize-classes.in"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 16 ]
	[ "${lines[0]}" = "cross-border talks with al-haddad rock'n'roll and r&d on snake_case" ]
	[ "${lines[9]}" = "clitics libya 's libya ’s libya 's do n't ca n't wo n’t i 'm they 're we 've she 'll he 'd" ]
}

@test "nw-tokenize: a missing file among good ones (exit 1, the rest still done)" {
	printf 'one, two\n' >"$BATS_TEST_TMPDIR/a"
	printf 'three!\n' >"$BATS_TEST_TMPDIR/b"
	run --separate-stderr nw-tokenize "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/nonesuch" "$BATS_TEST_TMPDIR/b"
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'one , two\nthree !')" ]
	[ "$stderr" = "nw-tokenize: $BATS_TEST_TMPDIR/nonesuch: No such file or directory" ]
}

@test "nw-tokenize: gzip input, and truncated gzip (exit 1, what was read is written)" {
	printf 'Hello, world!\nSecond line.\n' | gzip >"$BATS_TEST_TMPDIR/t.gz"
	run --separate-stderr nw-tokenize "$BATS_TEST_TMPDIR/t.gz"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'Hello , world !\nSecond line .')" ]
	seq 1 20000 | sed 's/$/, x/' | gzip >"$BATS_TEST_TMPDIR/big.gz"
	head -c 20000 "$BATS_TEST_TMPDIR/big.gz" >"$BATS_TEST_TMPDIR/cut.gz"
	run --separate-stderr nw-tokenize "$BATS_TEST_TMPDIR/cut.gz"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-tokenize: $BATS_TEST_TMPDIR/cut.gz: unexpected end of file (truncated gzip data)" ]
	[ "${lines[0]}" = "1 , x" ]
	[ "${#lines[@]}" -gt 1000 ]
}

@test "nw-tokenize: a 20 MB line" {
	awk 'BEGIN { for (i = 0; i < 1200000; i++) printf "Libya’s ab,cd. "; print "" }' >"$BATS_TEST_TMPDIR/long"
	[ "$(wc -c <"$BATS_TEST_TMPDIR/long")" -gt 20000000 ]
	nw-tokenize "$BATS_TEST_TMPDIR/long" >"$BATS_TEST_TMPDIR/out"
	awk 'BEGIN { for (i = 0; i < 1200000; i++) printf "%sLibya ’s ab , cd .", i ? " " : ""; print "" }' >"$BATS_TEST_TMPDIR/want"
	cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/out"
	# One token longer than any buffer.
	head -c 20000000 /dev/zero | tr '\0' 'a' >"$BATS_TEST_TMPDIR/word"
	run --separate-stderr sh -c 'nw-tokenize -l "$1" | wc -c' sh "$BATS_TEST_TMPDIR/word"
	[ "$status" -eq 0 ]
	[ "$output" -eq 20000001 ]
}

# rep N IN OUT: IN repeated N times, then OUT repeated N times and joined by
# spaces, into the files in and want.
rep() {
	awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s; print "" }' >"$BATS_TEST_TMPDIR/in"
	awk -v n="$1" -v s="$3" 'BEGIN { for (i = 0; i < n; i++) printf "%s%s", i ? " " : "", s; print "" }' >"$BATS_TEST_TMPDIR/want"
}

@test "nw-tokenize: long unspaced runs that could start a URL or an address" {
	# Each word may start an address whose local part runs to the end.
	rep 30000 'a+b.c%' 'a + b . c %'
	nw-tokenize "$BATS_TEST_TMPDIR/in" | cmp - "$BATS_TEST_TMPDIR/want"
	rep 30000 'ab.Cd.' 'ab . Cd .'
	nw-tokenize "$BATS_TEST_TMPDIR/in" | cmp - "$BATS_TEST_TMPDIR/want"
	rep 30000 'a-' 'a -'
	sed 's/$/a/' "$BATS_TEST_TMPDIR/in" | nw-tokenize --hyphens split |
	    cmp - <(sed 's/$/ a/' "$BATS_TEST_TMPDIR/want")
	# ... or a URL at each colon or "www.".
	rep 30000 'a:' 'a :'
	nw-tokenize "$BATS_TEST_TMPDIR/in" | cmp - "$BATS_TEST_TMPDIR/want"
	rep 30000 'a://b<' 'a://b <'
	nw-tokenize "$BATS_TEST_TMPDIR/in" | cmp - "$BATS_TEST_TMPDIR/want"
	rep 30000 'www.a<' 'www.a <'
	nw-tokenize "$BATS_TEST_TMPDIR/in" | cmp - "$BATS_TEST_TMPDIR/want"
	# The address of a long local part is found, and its failure too.
	run tok "$(printf 'a+%.0s' $(seq 5000))a@bbc.co.uk x"
	[ "$output" = "$(printf 'a+%.0s' $(seq 5000))a@bbc.co.uk x" ]
	run tok "$(printf 'ab.%.0s' $(seq 5000))a@bbc.co.u x"
	[ "$output" = "$(printf 'ab . %.0s' $(seq 5000))a @ bbc . co . u x" ]
	# A URL ending in a long run of closing brackets keeps the matched one.
	rep 30000 ')' ')'
	run tok "see (http://x.org/a_(b$(tr -d '\n' <"$BATS_TEST_TMPDIR/in") now"
	[ "$output" = "see ( http://x.org/a_(b) $(head -c 29999 "$BATS_TEST_TMPDIR/in") now" ]
	run tok "http://x.org/a_[b]}])]).,"
	[ "$output" = "http://x.org/a_[b] } ] ) ] ) . ," ]
}

@test "nw-tokenize: bad option values are usage errors (exit 2)" {
	run --separate-stderr nw-tokenize --clitics maybe /dev/null
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "nw-tokenize: --clitics: maybe: invalid (allowed: split, keep or drop)" ]
	run --separate-stderr nw-tokenize --hyphens no /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-tokenize: --hyphens: no: invalid (allowed: keep or split)" ]
	run --separate-stderr nw-tokenize -x /dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"usage: nw-tokenize"* ]]
	run --separate-stderr nw-tokenize -s
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"usage: nw-tokenize"* ]]
	# auto is each record's own list: another beside it is refused.
	run --separate-stderr nw-tokenize -s en -s auto /dev/null
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-tokenize: -s en and -s auto: auto takes each record's list, and no other" ]
	run --separate-stderr nw-tokenize -s auto -s ./mine /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-tokenize: -s auto and -s ./mine: auto takes each record's list, and no other" ]
}

@test "nw-tokenize: -s given twice: the lists add up" {
	cd "$BATS_TEST_TMPDIR"
	printf 'cat\n' >one
	printf '# pets\ndog\n' >two
	run --separate-stderr nw-tokenize -s ./one -s ./two \
	    < <(printf 'd\t1\tThe cat and a dog ran\n')
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'd\t1\tThe and a ran')" ]
	run --separate-stderr nw-tokenize -s en -s ./one \
	    < <(printf 'd\t1\tThe cat and a dog ran\n')
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'd\t1\tdog ran')" ]
	# A list that cannot be read is said at once, whatever came before.
	run --separate-stderr nw-tokenize -s ./one -s ./none /dev/null
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-tokenize: ./none: No such file or directory" ]
}

@test "nw-tokenize: -h, --version" {
	run --separate-stderr nw-tokenize -h
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "usage: nw-tokenize [-lw] [-s list] [--clitics split|keep|drop]" ]]
	run --separate-stderr nw-tokenize --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^nw-tokenize\ \(newswire\)\ [0-9.]+$ ]]
}

@test "nw-tokenize: a clitic standing alone stays the token it was split off as" {
	once=$BATS_TEST_TMPDIR/once
	run --separate-stderr sh -c "echo \"Libya's they're I'm don't\" | nw-tokenize | tee '$once' | nw-tokenize"
	[ "$status" -eq 0 ]
	[ "$output" = "Libya 's they 're I 'm do n't" ]
	[ "$output" = "$(cat "$once")" ]
	run --separate-stderr sh -c "echo \"Libya 's talks they ’re here do n't\" | nw-tokenize -w -s en"
	[ "$output" = "Libya talks" ]
	run --separate-stderr sh -c "echo \"Libya 's talks\" | nw-tokenize --clitics drop"
	[ "$output" = "Libya talks" ]
	# A quote that opens a word is no clitic.
	run --separate-stderr sh -c "echo \"'sup 'twas rock 'n' roll\" | nw-tokenize"
	[ "$output" = "' sup ' twas rock ' n ' roll" ]
}

@test "nw-tokenize: clitics after clitics are each a token, as when read again" {
	once=$BATS_TEST_TMPDIR/once
	run --separate-stderr sh -c "echo \"I shouldn't've gone, he'd've known, y'all'd've DON’T’VE\" | nw-tokenize | tee '$once' | nw-tokenize"
	[ "$status" -eq 0 ]
	[ "$output" = "I should n't 've gone , he 'd 've known , y'all 'd 've DO N’T ’VE" ]
	[ "$output" = "$(cat "$once")" ]
	run --separate-stderr sh -c "echo \"shouldn't've he'd've\" | nw-tokenize --clitics drop"
	[ "$output" = "should he" ]
	run --separate-stderr sh -c "echo \"shouldn't've\" | nw-tokenize --clitics keep"
	[ "$output" = "shouldn't've" ]
	[ "$stderr" = "" ]
}

@test "nw-tokenize: standard input, by default and as -" {
	run --separate-stderr sh -c 'printf "a,b\n" | nw-tokenize; printf "c.\n" | nw-tokenize -'
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'a , b\nc .')" ]
}

@test "nw-tokenize: invalid UTF-8 and C1 controls are repaired wherever they are, as input does it" {
	# The tokenizer checks the text itself (INPUT_UTF8_LATER): a byte
	# order mark, bad bytes and C1 controls in the text, the id, the
	# metadata, a URL and a bare line all come out as every tool has them.
	printf '\357\273\277d1\tCaf\303\251 \377 bar \302\222s\nd\3772\tm\302\205\tX \302\205y\nd3\tlang=\302\222\tsee http://x.com/\302\223a\302\224 now\nd4\tplain Words here\nbare \342\200 line\n' >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr nw-tokenize -l "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'd1\tcaf\303\251 \357\277\275 bar \342\200\231s\nd\357\277\2752\tm\342\200\246\tx \342\200\246 y\nd3\tlang=\342\200\231\tsee http://x.com/ \342\200\234 a \342\200\235 now\nd4\tplain words here\nbare \357\277\275 line')" ]
	[ "$stderr" = "$(printf 'nw-tokenize: %s: 3 invalid UTF-8 sequences replaced with U+FFFD\nnw-tokenize: %s: 6 C1 control characters read as Windows-1252' "$BATS_TEST_TMPDIR/in" "$BATS_TEST_TMPDIR/in")" ]
	run --separate-stderr nw-tokenize --strict "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-tokenize: $BATS_TEST_TMPDIR/in: line 1: invalid UTF-8" ]
}

@test "nw-tokenize: the man page is mandoc -Tlint clean" {
	run mandoc -Tlint -Wwarning "$TOP/share/man/man1/nw-tokenize.1"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "nw-tokenize: the man page's check of the lossless property holds on text with Unicode blanks" {
	cd "$BATS_TEST_TMPDIR"
	# A no-break space, an ideographic space, a zero width space, a
	# narrow no-break space, a line separator, a thin space; a line of blanks.
	printf 'The fare rose to 10\302\240euros.\n\343\200\200M.\342\200\257Dupont\342\200\213said\342\200\250so,\342\200\211here.\n \302\240\n' >notes.txt
	run --separate-stderr nw-tokenize notes.txt
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'The fare rose to 10 euros .\nM. Dupont said so , here .\n')" ]
	[ -z "$stderr" ]
	# The EXAMPLES block, as printed.
	sed -n '/^Check the lossless property/,/^\.Ed$/s/^\$ //p' \
	    "$TOP/share/man/man1/nw-tokenize.1" | sed 's/\\e/\\/g' >check
	[ -s check ]
	run --separate-stderr bash check
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ -z "$stderr" ]
}

@test "nw-tokenize: the fast paths agree with the general one (-s /dev/null)" {
	# An empty stopword list sends every token through the general writer,
	# bypassing the copying of plain word runs.
	cat "$SEEDS"/*.txt "$DATA/nw-tokenize-classes.in" >"$BATS_TEST_TMPDIR/in"
	for opts in "" "-l" "-w" "-l -w" "--hyphens split" "--clitics keep -l"; do
		nw-tokenize $opts "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/fast"
		nw-tokenize $opts -s /dev/null "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/slow"
		cmp "$BATS_TEST_TMPDIR/fast" "$BATS_TEST_TMPDIR/slow"
	done
}
