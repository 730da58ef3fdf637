#!/usr/bin/env bats
# nw-split: operands and ids, units, paragraph layouts, sentence rules, the
# Golden Rules pass rate, and the failures of a filter.
bats_require_minimum_version 1.5.0
load helpers

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

# split CASE OUT ARGS...: nw-split ARGS CASE.in, run inside tests/data so
# that the ids are file names, must print OUT.out and nothing on stderr.
split() {
	local case=$1 out=$2
	shift 2
	run --separate-stderr bash -c 'cd "$1" && shift && exec nw-split "$@"' \
	    - "$DATA" "$@" "$case.in"
	[ "$status" -eq 0 ] && [ -z "$stderr" ] ||
	    { echo "exit $status: $stderr"; return 1; }
	diff -u "$DATA/$out.out" <(printf '%s\n' "$output")
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

@test "paragraphs: one per line, white space collapsed, empty ones dropped" {
	split nw-split-lines nw-split-lines
}

@test "paragraphs: a hard-wrapped document is found and its blocks joined" {
	split nw-split-wrapped nw-split-wrapped
}

@test "paragraphs: a line that ends in a soft hyphen goes on in the same word; one in a hyphen keeps it" {
	printf '%s\n' 'The minister said on Monday that the talks with the' \
	    "unions would go on for as long as it takes, and the presi$(printf '\302\255')" \
	    'dent of the union said that he was sure there would' \
	    'be a deal in the end because the inter-' \
	    'national envoy had agreed to stay for another week.' '' \
	    'A second paragraph that is here to show the wrapping' \
	    'of the text at the same width as the one before it.' >soft
	run --separate-stderr nw-split soft
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "soft	1	The minister said on Monday that the talks with the unions would go on for as long as it takes, and the president of the union said that he was sure there would be a deal in the end because the inter-national envoy had agreed to stay for another week.
soft	2	A second paragraph that is here to show the wrapping of the text at the same width as the one before it." ]
}

@test "paragraphs: wrapped Chinese and Japanese lines are joined without a space" {
	# Wrapped between any two characters, as such text is: a space
	# there would cut a word in two.  Korean and Latin keep theirs.
	printf '%s\n' '北京市是中国的首都也是政治文化中心今天政府宣布新的' \
	    '经济政策以促进增长并改善民生，北京市是中国的首都也' \
	    '是政治文化中心。' '' \
	    '日本語の文章をここで折り返して、次の行に続けて書いた。' \
	    '「かな」で終わる行もあり、最後はLatin' \
	    'wordと한국어 문장을' '나눈다。' >cjk
	run --separate-stderr nw-split -p blank cjk
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "cjk	1	北京市是中国的首都也是政治文化中心今天政府宣布新的经济政策以促进增长并改善民生，北京市是中国的首都也是政治文化中心。
cjk	2	日本語の文章をここで折り返して、次の行に続けて書いた。「かな」で終わる行もあり、最後はLatin wordと한국어 문장을 나눈다。" ]
}

@test "paragraphs: wrapped Japanese whose paragraphs start with an ideographic space is joined per paragraph" {
	# U+3000 is how Chinese and Japanese indent a paragraph.
	printf '%s\n' '　政府は本日、新しい経済政策を発表し、成長を促進すると述べた。首' \
	    '相は記者会見で、国民生活の改善に全力を尽くすと強調した。' \
	    '　野党はこれに反発しており、国会での審議は難航するとみられる。' \
	    '与党内からも慎重な意見が出ている。' >ja
	run --separate-stderr nw-split ja
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "ja	1	政府は本日、新しい経済政策を発表し、成長を促進すると述べた。首相は記者会見で、国民生活の改善に全力を尽くすと強調した。
ja	2	野党はこれに反発しており、国会での審議は難航するとみられる。与党内からも慎重な意見が出ている。" ]
}

@test "paragraphs: wire copy whose paragraphs start indented, with no blank line between them, is joined per paragraph" {
	# Reuters style: spaces, a headline and a blank line before the body.
	split nw-split-indented nw-split-indented
	# AP style: tabs, no blank line at all.
	split nw-split-indented-ap nw-split-indented-ap
	# The layout is found per document.
	run --separate-stderr bash -c 'cd "$1" && exec nw-split nw-split-indented-ap.in nw-split-lines.in nw-split-indented.in' - "$DATA"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	diff -u <(cat "$DATA"/nw-split-indented-ap.out "$DATA"/nw-split-lines.out "$DATA"/nw-split-indented.out) \
	    <(printf '%s\n' "$output")
	# An indented block inside blank-separated text is no such marking.
	split nw-split-wrapped nw-split-wrapped
	# Indentation alone, lines not wrapped: one paragraph per line.
	printf '    one\n  two and three\n    four\n five\n' >list
	run --separate-stderr nw-split list
	[ "$output" = "$(printf 'list\t%s\t%s\n' 1 one 2 'two and three' 3 four 4 five)" ]
}

@test "paragraphs: -p line and -p blank force the layout" {
	split nw-split-wrapped nw-split-wrapped-line -p line
	split nw-split-wrapped nw-split-wrapped --paragraphs=blank
	split nw-split-lines nw-split-lines-blank -p blank
	split nw-split-lines nw-split-lines --paragraphs line
}

@test "paragraphs: text wrapped by fmt(1) comes back as the same paragraphs" {
	local f w
	for f in "$SEEDS"/00[234]*.txt; do
		nw-split "$f" | cut -f 2- >one
		for w in 60 72 78; do
			# fmt(1) joins lines not separated by a blank line.
			sed G "$f" | fmt -w "$w" >wrapped
			nw-split wrapped | cut -f 2- >two
			diff -u one two
		done
	done
}

@test "paragraphs: a list of short lines with blank lines stays one per line" {
	printf 'Home\nLibya\nEconomy\n\nSport\nPolitics\n' >menu
	run --separate-stderr nw-split menu
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'menu\t1\tHome\nmenu\t2\tLibya\nmenu\t3\tEconomy\nmenu\t4\tSport\nmenu\t5\tPolitics')" ]
}

@test "paragraphs: TAB, CR, NUL, controls and Unicode spaces become single spaces" {
	printf ' a\tb\rc\001d\177e\302\240f\342\200\203g\343\200\200h  \n\t \n' >ws
	run --separate-stderr nw-split ws
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'ws\t1\ta b c d e f g h')" ]
}

@test "paragraphs: lines that end in a bare CR; CRLF; a stray CR" {
	# Old Mac OS text: a CR ends each line, and no LF comes.
	printf 'Libya talks\r\rThe envoy said on Monday that the\r' >mac
	printf 'talks would resume.\r\rA second paragraph.\r' >>mac
	tr '\r' '\n' <mac >unix
	sed 's/$/\r/' unix >dos
	nw-split unix | cut -f 2- >want
	[ "$(wc -l <want)" -eq 3 ]
	run --separate-stderr nw-split mac
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(sed 's/^/mac\t/' want)" ]
	gzip -c mac | nw-split - | cut -f 2- | diff -u want -
	nw-split dos | cut -f 2- | diff -u want -
	# Told by the first MiB after the first CR: a CRLF or an LF after
	# that ends a line too, as one line end.
	# From a file, read in large blocks, as from a pipe.
	{ yes 'A line of old text.' | head -n 60000 | tr '\n' '\r'
	    printf 'two\r\nthree\nfour\r'; } >old
	nw-split -p line old >out
	[ "$(wc -l <out)" -eq 60003 ]
	[ "$(tail -n 4 out | cut -f 2-)" = "$(printf '%s\t%s\n' \
	    60000 'A line of old text.' 60001 two 60002 three 60003 four)" ]
	cat old | nw-split -p line - | cut -f 2- | diff - <(cut -f 2- out)
	# A CRLF whose LF comes in the next read is one line end, no blank
	# line between: one paragraph of blank-separated text.
	{ head -c 1100000 old; printf 'x\r'; sleep 0.2; printf '\ny\r'; } |
	    nw-split -p blank - >out
	[ "$(wc -l <out)" -eq 1 ]
	[ "$(tail -c 5 out)" = "$(printf ' x y\n')" ]
	# Only bytes known whole tell CR line ends: cut short after a CR,
	# a stream might have had its LF further on, so the lines read
	# before the fault are the whole stream's (the end line, cut, may
	# be longer there).
	{ printf 'Loading 10%%\rLoading 20%%\rDone loading it all\r'
	    printf 'then a line\nlast\n'; } | gzip -n | head -c 50 >cut.gz
	run --separate-stderr nw-split -p line cut.gz
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'cut.gz\t1\tLoading 10%% Loading 20%% %s' \
	    'Done loading it all then a')" ]
	[ "$stderr" = \
	    "nw-split: cut.gz: unexpected end of file (truncated gzip data)" ]
	# A gzip member cut short is a gap: what comes before it is a line
	# of its own.  After a fault, CR line ends are told only by a MiB
	# with no LF: the clean end of the bytes after the gap is the end
	# of an input that had a fault.
	{ printf 'A1 A2 ' | gzip -n; printf 'B1\rB2\r' | gzip -n | head -c 15
	    printf 'C1\rC2\r' | gzip -n; } >gap.gz
	run --separate-stderr nw-split -p line gap.gz
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'gap.gz\t%s\t%s\n' 1 'A1 A2' 2 'C1 C2')" ]
	[ "$stderr" = "nw-split: gap.gz: invalid gzip data at byte 26 (invalid \
code): 15 bytes skipped to the next member" ]
	# A CR before an LF comes is a stray one: a space, as CR CR LF is.
	printf 'Loading 10%%\rLoading 20%%\nDone.\r\r\n' |
	    nw-split -p line - >out
	[ "$(cut -f 2- out)" = \
	    "$(printf '1\tLoading 10%% Loading 20%%\n2\tDone.')" ]
}

@test "paragraphs: each kind of white space is found at every place in a line of other alphabets" {
	# Lines are scanned sixteen and eight bytes at a time: the space
	# falls at each offset, after letters of one, two and three bytes.
	local ws pad i
	: >in
	: >want
	for ws in '  ' $'\t' $'\001' $'\177' $'\302\240' \
	    $'\341\232\200' $'\342\200\203' $'\342\200\257' $'\342\201\237' \
	    $'\343\200\200' $' \342\200\203\t '; do
		pad=
		for i in $(seq 0 17); do
			printf '%s’Ω%sКиїв भारत\n' "$pad" "$ws" >>in
			printf '%s’Ω Київ भारत\n' "$pad" >>want
			case $((i % 3)) in
			0) pad+=a ;;
			1) pad+=é ;;
			2) pad+=漢 ;;
			esac
		done
	done
	run --separate-stderr nw-split -p line in
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	diff -u want <(printf '%s\n' "$output" | cut -f 3)
}

@test "sentences: stops are found at every place in text of other alphabets" {
	local stop pad i
	: >in
	: >want
	for stop in . '?' '!' … ‼ 。 ！ ؟ ۔ । ॥ ։ ። ፧ ။ ។ ៕; do
		pad=
		for i in $(seq 0 19); do
			printf '%sΩ Ελλάδα’s%s Київ.\n' "$pad" "$stop" >>in
			printf '%sΩ Ελλάδα’s%s\nКиїв.\n' "$pad" "$stop" >>want
			case $((i % 5)) in
			0) pad+=a ;;
			1) pad+=é ;;
			2) pad+=漢 ;;
			3) pad+=ب ;;
			4) pad+=ही ;;
			esac
		done
	done
	run --separate-stderr nw-split -p line -u sentence in
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	diff -u want <(printf '%s\n' "$output" | cut -f 3)
}

@test "sentences: the full stops of Arabic, Urdu, Hindi, Armenian, Amharic, Burmese and Khmer end sentences; their letters do not" {
	cat >in <<-'EOF'
	هل ستنجح المفاوضات؟ قال الوزير إن المحادثات مستمرة.
	وزیر نے کہا کہ بات چیت جاری ہے۔ انہوں نے مزید کہا کہ معاہدہ قریب ہے۔
	मंत्री ने कहा कि बातचीत जारी है। उन्होंने कहा॥ समझौता करीब है।
	Նախարարը ասաց, որ բանակցությունները շարունակվում են։ Նա ավելացրեց։
	ሚኒስትሩ ድርድሩ ቀጥሏል ብለዋል። ስምምነቱ ቅርብ ነው ወይ፧ አዎ።
	ဝန်ကြီးက ပြောသည်။ သဘောတူညီချက် နီးကပ်နေပြီဖြစ်သည်။
	រដ្ឋមន្ត្រីបាននិយាយថា ការចរចានៅតែបន្ត។ កិច្ចព្រមព្រៀងជិតដល់ហើយ៕
	ॐ ही हूँ ॠ ب ؠ ۓ ۖ ֆ և ፠ ፡ ၊ ၏ ៖ ៗ ៘ ៙ one sentence
	EOF
	run --separate-stderr nw-split -p line -u sentence in
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(printf '%s\n' "$output" | cut -f 2- | tr '\t' ' ')" = "$(cat <<-'EOF'
	1.1 هل ستنجح المفاوضات؟
	1.2 قال الوزير إن المحادثات مستمرة.
	2.1 وزیر نے کہا کہ بات چیت جاری ہے۔
	2.2 انہوں نے مزید کہا کہ معاہدہ قریب ہے۔
	3.1 मंत्री ने कहा कि बातचीत जारी है।
	3.2 उन्होंने कहा॥
	3.3 समझौता करीब है।
	4.1 Նախարարը ասաց, որ բանակցությունները շարունակվում են։
	4.2 Նա ավելացրեց։
	5.1 ሚኒስትሩ ድርድሩ ቀጥሏል ብለዋል።
	5.2 ስምምነቱ ቅርብ ነው ወይ፧
	5.3 አዎ።
	6.1 ဝန်ကြီးက ပြောသည်။
	6.2 သဘောတူညီချက် နီးကပ်နေပြီဖြစ်သည်။
	7.1 រដ្ឋមន្ត្រីបាននិយាយថា ការចរចានៅតែបន្ត។
	7.2 កិច្ចព្រមព្រៀងជិតដល់ហើយ៕
	8.1 ॐ ही हूँ ॠ ب ؠ ۓ ۖ ֆ և ፠ ፡ ၊ ၏ ៖ ៗ ៘ ៙ one sentence
	EOF
	)" ]
}

@test "units: -u doc writes one record per document, UNIT 0" {
	split nw-split-lines nw-split-lines-doc -u doc
}

@test "units: -u sentence numbers sentences P.S" {
	split nw-split-sentences nw-split-sentences -u sentence
}

@test "units: a bad -u or -p value is a usage error" {
	run --separate-stderr nw-split -u word
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: -u: word: invalid (allowed: para, sentence or doc)" ]
	run --separate-stderr nw-split --paragraphs=wrapped
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-split: -p: wrapped: invalid (allowed: auto, line or blank)" ]
}

@test "sentences: titles, U.S., initials, numbers, quotes, lists and glued sentences" {
	run --separate-stderr nw-split -u sentence --name t <<-'EOF'
	The U.S. Embassy and Lt. Gen. Smith met Mr. Jones at 5 p.m. in the U.S. How odd.
	It cost $100.00 and rose 103.4 points in North Africa.This article is glued.
	See example.com and Node.js at the U.S.A. office. Mail Jane.Doe@example.com. Done!
	"Why?" she asked. He left... The end? Yes!? 1. First 2. Second
	EOF
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	diff -u - <(printf '%s\n' "$output") <<-'EOF'
	t	1.1	The U.S. Embassy and Lt. Gen. Smith met Mr. Jones at 5 p.m. in the U.S.
	t	1.2	How odd.
	t	2.1	It cost $100.00 and rose 103.4 points in North Africa.
	t	2.2	This article is glued.
	t	3.1	See example.com and Node.js at the U.S.A. office.
	t	3.2	Mail Jane.Doe@example.com.
	t	3.3	Done!
	t	4.1	"Why?" she asked.
	t	4.2	He left...
	t	4.3	The end?
	t	4.4	Yes!?
	t	4.5	1. First
	t	4.6	2. Second
	EOF
}

@test "sentences: German and French quotes close the sentence they end; dotted abbreviations in any script" {
	run --separate-stderr nw-split -u sentence -p line --name t <<-'EOF'
	„Ja.“ Dann ging er. ‚Ja!‘ Dann ging er.
	»Nein.« Dann ging er.
	Il a demandé : « Vraiment ? » Elle a répondu oui.
	Il a crié « Non ! » puis il est parti.
	Il a dit. « Bonjour ! » Puis rien.
	Foo т.д. и бар. Der Ü.A. und so.
	EOF
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	diff -u - <(printf '%s\n' "$output") <<-'EOF'
	t	1.1	„Ja.“
	t	1.2	Dann ging er.
	t	1.3	‚Ja!‘
	t	1.4	Dann ging er.
	t	2.1	»Nein.«
	t	2.2	Dann ging er.
	t	3.1	Il a demandé : « Vraiment ? »
	t	3.2	Elle a répondu oui.
	t	4.1	Il a crié « Non ! » puis il est parti.
	t	5.1	Il a dit.
	t	5.2	« Bonjour ! »
	t	5.3	Puis rien.
	t	6.1	Foo т.д. и бар.
	t	6.2	Der Ü.A. und so.
	EOF
}

@test "nw-split: U+2029 ends a paragraph in every layout, U+2028 is a space" {
	ps=$(printf '\342\200\251') ls=$(printf '\342\200\250')
	run --separate-stderr nw-split --name t <<-EOF
	First paragraph.$ps Second one$ps $ps third.$ps
	a line${ls}with a line separator
	EOF
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	diff -u - <(printf '%s\n' "$output") <<-EOF
	t	1	First paragraph.
	t	2	Second one
	t	3	third.
	t	4	a line with a line separator
	EOF
	# Hard-wrapped blocks: it ends the paragraph inside a block too.
	run --separate-stderr nw-split -p blank --name t <<-EOF
	The council met on Tuesday and voted to approve the new budget
	after a long debate.$ps The mayor said the plan would help
	the town grow.

	A second block.
	EOF
	[ "$status" -eq 0 ]
	diff -u - <(printf '%s\n' "$output") <<-EOF
	t	1	The council met on Tuesday and voted to approve the new budget after a long debate.
	t	2	The mayor said the plan would help the town grow.
	t	3	A second block.
	EOF
}

@test "sentences: Greek's question mark, a Japanese quotation's particle, one-letter words, NFD initials" {
	nfd=$(python3 -c 'import unicodedata as u; print(u.normalize("NFD", "The É.U. said. Selon Ö. Aydın, it works. Ông đồng ý. Đúng không? Από πού; Εδώ."))')
	run --separate-stderr nw-split -u sentence -p line --name t <<-EOF
	Θα πετύχει; Ο υπουργός είπε ναι. He said this; then that.
	「これは重要だ。」と大臣は述べた。「はい。」って言った。次の文です。
	Ông Nguyễn đồng ý. Đúng không? Ele disse que é. Foi assim.
	$nfd
	EOF
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	diff -u - <(printf '%s\n' "$output") <<-EOF
	t	1.1	Θα πετύχει;
	t	1.2	Ο υπουργός είπε ναι.
	t	1.3	He said this; then that.
	t	2.1	「これは重要だ。」と大臣は述べた。
	t	2.2	「はい。」って言った。
	t	2.3	次の文です。
	t	3.1	Ông Nguyễn đồng ý.
	t	3.2	Đúng không?
	t	3.3	Ele disse que é.
	t	3.4	Foi assim.
	t	4.1	$(python3 -c 'import unicodedata as u; print(u.normalize("NFD", "The É.U. said."))')
	t	4.2	$(python3 -c 'import unicodedata as u; print(u.normalize("NFD", "Selon Ö. Aydın, it works."))')
	t	4.3	$(python3 -c 'import unicodedata as u; print(u.normalize("NFD", "Ông đồng ý."))')
	t	4.4	$(python3 -c 'import unicodedata as u; print(u.normalize("NFD", "Đúng không?"))')
	t	4.5	$(python3 -c 'import unicodedata as u; print(u.normalize("NFD", "Από πού;"))')
	t	4.6	$(python3 -c 'import unicodedata as u; print(u.normalize("NFD", "Εδώ."))')
	EOF
}

@test "sentences: an initial before a surname, Vol. I, Wm., Alex., Ing. end no sentence" {
	printf '%s\n' 'Chairman Robert P. Luciano said so. See Vol. I of the report and Ch. IV. He said no. I think he meant it. Wm. Smith and Alex. Jones met. I spoke to Alex. He agreed. Dr. Ing. h.c. F. Porsche AG said so.' >text
	run --separate-stderr nw-split -u sentence text
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	diff -u <(printf 'text\t1.%s\n' \
	    '1	Chairman Robert P. Luciano said so.' \
	    '2	See Vol. I of the report and Ch. IV.' \
	    '3	He said no.' \
	    '4	I think he meant it.' \
	    '5	Wm. Smith and Alex. Jones met.' \
	    '6	I spoke to Alex.' \
	    '7	He agreed.' \
	    '8	Dr. Ing. h.c. F. Porsche AG said so.') <(printf '%s\n' "$output")
}

@test "sentences: the seeds keep U.S. Embassy and Lt. Gen. whole" {
	cd "$TOP"
	run --separate-stderr nw-split -u sentence seeds
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[[ "$output" == *"U.S. Embassy"* ]]
	! grep -qE '(U\.S\.|Lt\.|Gen\.)$' <<<"$output" || false
	! grep -qP '\t\d+\.\d+\t(Embassy|Gen\.)' <<<"$output" || false
	printf 'The officer, Lt. Gen. John Smith, arrived.\n' |
	    nw-split -u sentence | cut -f 2- >"$BATS_TEST_TMPDIR/out"
	[ "$(cat "$BATS_TEST_TMPDIR/out")" = "$(printf '1.1\tThe officer, Lt. Gen. John Smith, arrived.')" ]
}

@test "sentences: -a reads another word list" {
	printf '# mine\n[prefix]\nAbc.\n[starter]\nThe\n' >list
	printf 'See Abc. Jones now. I am U.S. The end.\n' >text
	run --separate-stderr nw-split -u sentence -a list text
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'text\t1.1\tSee Abc. Jones now.\ntext\t1.2\tI am U.S.\ntext\t1.3\tThe end.')" ]
	run --separate-stderr nw-split -u sentence --abbreviations=list text
	[ "$status" -eq 0 ]
}

@test "sentences: a missing or malformed word list is a usage error" {
	run --separate-stderr nw-split -u sentence -a nosuch /dev/null
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: nosuch: No such file or directory" ]
	printf 'Mr.\n[titles]\n' >bad
	run --separate-stderr nw-split -u sentence -a bad /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-split: bad: line 2: unknown section [titles]" ]
	printf 'Mr.\nz. B.\n' >bad
	run --separate-stderr nw-split -u sentence -a bad /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-split: bad: line 2: an entry is one word: z. B." ]
	# The list is read for other units too: a bad value is an error.
	run --separate-stderr nw-split -a nosuch /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-split: nosuch: No such file or directory" ]
}

@test "sentences: the installed word list is found through NW_SHAREDIR" {
	mkdir share
	printf '[prefix]\nXyz\n' >share/abbreviations.en
	printf 'Hi Xyz. Smith.\n' >text
	NW_SHAREDIR=$PWD/share run --separate-stderr nw-split -u sentence text
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'text\t1.1\tHi Xyz. Smith.')" ]
	run --separate-stderr nw-split -u sentence text
	[ "$output" = "$(printf 'text\t1.1\tHi Xyz.\ntext\t1.2\tSmith.')" ]
	# The installed list is read for sentences only, as nw-split(1) says.
	rm share/abbreviations.en
	NW_SHAREDIR=$PWD/share run --separate-stderr nw-split text
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'text\t1\tHi Xyz. Smith.')" ]
	NW_SHAREDIR=$PWD/share run --separate-stderr nw-split -u sentence text
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-split: $PWD/share/abbreviations.en: No such file or \
directory" ]
}

@test "sentences: the Golden Rules pass rate is 49/52" {
	run --separate-stderr "$TOP/tests/golden/run"
	[ "$status" -eq 1 ]
	[ -z "$stderr" ]
	[ "$output" = "FAIL 18 A.M. / P.M. as non sentence boundary and sentence boundary
FAIL 40 Errant newline in the middle of a sentence (PDF)
FAIL 41 Errant newline in the middle of a sentence
49/52 rules pass" ]
}

@test "sentences: tests/golden/run finds its own tree, CDPATH or not" {
	printf '%s\n' '= two sentences' '< One. Two.' '> One.' '> Two.' \
	    >"$BATS_TEST_TMPDIR/rules"
	# A tree that a cd through CDPATH would go to, and no nw-split in it.
	mkdir -p "$BATS_TEST_TMPDIR/other/tests/golden"
	cd "$TOP"
	for cdpath in . "$BATS_TEST_TMPDIR/other"; do
		run --separate-stderr env CDPATH="$cdpath" tests/golden/run \
		    "$BATS_TEST_TMPDIR/rules"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$output" = "1/1 rules pass" ]
	done
}

@test "seeds: all five split into 3-field records, paragraphs and sentences" {
	cd "$TOP"
	run --separate-stderr nw-split seeds
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	diff -u "$DATA/nw-split-seeds.out" <(printf '%s\n' "$output")
	[ "$(cut -f 1 <<<"$output" | uniq | wc -l)" -eq 5 ]
	awk -F '\t' 'NF != 3 { exit 1 }' <<<"$output"
	run --separate-stderr nw-split -u sentence seeds
	[ "$status" -eq 0 ]
	diff -u "$DATA/nw-split-seeds-sentence.out" <(printf '%s\n' "$output")
	awk -F '\t' 'NF != 3 || $2 !~ /^[0-9]+\.[0-9]+$/ { exit 1 }' <<<"$output"
}

@test "operands: a directory is walked in byte order of path, hidden files skipped" {
	mkdir -p d/a d/.hidden d/b
	echo one >d/a/x
	echo two >d/a-b
	echo three >d/b/y.txt
	echo four >d/a/.dot
	echo five >d/.hidden/z
	echo six >d/Z
	run --separate-stderr nw-split d
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'd/Z\t1\tsix\nd/a-b\t1\ttwo\nd/a/x\t1\tone\nd/b/y.txt\t1\tthree')" ]
	run --separate-stderr nw-split d/
	[ "${lines[0]}" = "$(printf 'd/Z\t1\tsix')" ]
}

@test "operands: a missing file among good ones is reported, the others are split, exit 1" {
	echo first >a
	echo last >b
	run --separate-stderr nw-split a nosuch b
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'a\t1\tfirst\nb\t1\tlast')" ]
	[ "$stderr" = "nw-split: nosuch: No such file or directory" ]
}

@test "operands: a dangling symlink and a symlink loop in a directory are reported, the walk goes on" {
	mkdir d
	echo a >d/a
	ln -s nowhere d/b
	ln -s c d/c
	echo z >d/z
	run --separate-stderr nw-split d
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'd/a\t1\ta\nd/z\t1\tz')" ]
	[ "$stderr" = "nw-split: d/b: a symbolic link to nowhere, which does not exist
nw-split: d/c: Too many levels of symbolic links" ]
}

@test "operands: an unreadable file and an unreadable directory are reported, the walk goes on" {
	# Run as nobody when we are root, who could read them.
	top=$(mktemp -d /tmp/nw-split-perm.XXXXXX)
	chmod 755 "$top"
	mkdir "$top/d" "$top/d/locked"
	echo a >"$top/d/a"
	echo secret >"$top/d/b"
	echo c >"$top/d/locked/c"
	echo z >"$top/d/z"
	chmod 000 "$top/d/b" "$top/d/locked"
	cd "$top"
	run --separate-stderr as_user "$TOP/bin/nw-split" d
	chmod 755 "$top/d/locked"
	rm -rf "$top"
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'd/a\t1\ta\nd/z\t1\tz')" ]
	[ "$stderr" = "nw-split: d/b: Permission denied
nw-split: d/locked: Permission denied" ]
}

@test "operands: a FIFO in a directory is skipped, a directory loop is not followed" {
	mkdir -p d/sub
	mkfifo d/fifo
	echo x >d/sub/x
	ln -s .. d/sub/up
	run --separate-stderr nw-split d
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'd/sub/x\t1\tx')" ]
	[ "$stderr" = "nw-split: d/fifo: not a regular file, skipped
nw-split: d/sub/up: directory loop, not followed" ]
}

@test "operands: a directory or file met again under another path is read once, at the first, and said" {
	mkdir -p w/a w/b
	echo 'x text' >w/a/x.txt
	echo 'y text' >w/b/y.txt
	ln -s a w/alink			# a sibling, sorted after a/
	ln -s ../b w/a/blink		# sorted before b/: read there
	ln w/b/y.txt w/b/hard.txt	# a hard link, sorted first
	ln -s ../a/x.txt w/b/sym.txt
	run --separate-stderr nw-split w
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' 'w/a/blink/hard.txt	1	y text' \
	    'w/a/blink/sym.txt	1	x text')" ]
	[ "$stderr" = "nw-split: w/a/blink/y.txt: a file read already under another path: skipped
nw-split: w/a/x.txt: a file read already under another path: skipped
nw-split: w/alink: the directory w/a, read already: skipped
nw-split: w/b: the directory w/a/blink, read already: skipped" ]
	# Operands are each a walk of their own, as cat reads a file twice.
	run --separate-stderr nw-split w/b w/b
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' 'w/b/hard.txt	1	y text' \
	    'w/b/sym.txt	1	x text' 'w/b/hard.txt	1	y text' \
	    'w/b/sym.txt	1	x text')" ]
	[ "$stderr" = "nw-split: w/b/y.txt: a file read already under another path: skipped
nw-split: w/b/y.txt: a file read already under another path: skipped" ]
}

@test "operands: a file named twice, or split with -d, never gives one id twice in a row" {
	printf 'Some text.\n' >a.txt
	printf '==> x <==\nOne.\n==> y <==\nTwo.\n' >d.txt
	run -0 --separate-stderr nw-split a.txt a.txt a.txt
	[ "$output" = "a.txt	1	Some text.
a.txt#2	1	Some text.
a.txt#3	1	Some text." ]
	[ -z "$stderr" ]
	# d.txt#2 ends one operand and d.txt#1 starts the next: no run.
	run -0 nw-split -d '^==> ' d.txt d.txt
	[ "$output" = "d.txt#1	1	==> x <==
d.txt#1	2	One.
d.txt#2	1	==> y <==
d.txt#2	2	Two.
d.txt#1	1	==> x <==
d.txt#1	2	One.
d.txt#2	1	==> y <==
d.txt#2	2	Two." ]
	# A name that is the one just written, run mark and all, starts a
	# run of its own.
	printf 'Other text.\n' >'a.txt#2'
	run -0 nw-split a.txt a.txt a.txt#2 a.txt#2
	[ "$output" = "a.txt	1	Some text.
a.txt#2	1	Some text.
a.txt#2#2	1	Other text.
a.txt#2#3	1	Other text." ]
	# An empty file between two of one name breaks no run.
	: >empty.txt
	run -0 nw-split a.txt empty.txt a.txt
	[ "$output" = "a.txt	1	Some text.
a.txt#2	1	Some text." ]
}

@test "operands: standard input is - or no operand, named with --name" {
	run --separate-stderr nw-split <<<"hello"
	[ "$output" = "$(printf -- '-\t1\thello')" ]
	run --separate-stderr nw-split - <<<"hello"
	[ "$output" = "$(printf -- '-\t1\thello')" ]
	run --separate-stderr nw-split --name=feed <<<"hello"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'feed\t1\thello')" ]
}

@test "operands: control characters in a path are shown as ? in the id" {
	printf 'x\n' >"$(printf 'a\tb')"
	run --separate-stderr nw-split "$(printf 'a\tb')"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'a?b\t1\tx')" ]
	# C1 controls, which the next stage would read as Windows-1252, and
	# the line and paragraph separators; in a JSON id too.
	printf 'x\n' >"$(printf 'c\302\205d\342\200\250e\342\200\251f')"
	run --separate-stderr nw-split "$(printf 'c\302\205d\342\200\250e\342\200\251f')"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'c?d?e?f\t1\tx')" ]
	[ "$(nw-split c* | nw-normalize | cut -f1)" = 'c?d?e?f' ]
	run --separate-stderr nw-split <<<'{"url": "g\u0090h\u2028i", "maintext": "y"}'
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'g?h?i\t1\ty')" ]
}

@test "operands: an empty file gives no records" {
	: >empty
	run --separate-stderr nw-split empty
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ -z "$stderr" ]
}

@test "-d: a new document at every matching line, ids path#N" {
	split nw-split-delim nw-split-delim -d '^==='
	split nw-split-delim nw-split-delim-sentence -u sentence --delimiter='^==='
	run --separate-stderr nw-split -d '^#' --name dump <<<"$(printf '\n\n# one\ntext\n# two\n')"
	[ "$output" = "$(printf 'dump#1\t1\t# one\ndump#1\t2\ttext\ndump#2\t1\t# two')" ]
}

@test "-d: Unicode white space before the first match is no document" {
	# A no-break space (&nbsp; in a scrape), an ideographic space, DEL:
	# no text, so no document #1 of no record before the first match.
	printf '\302\240\n \343\200\200\177\n# one\ntext\n# two\n' >nbsp
	run --separate-stderr nw-split -d '^#' nbsp
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'nbsp#%s\t%s\t%s\n' 1 1 '# one' 1 2 text \
	    2 1 '# two')" ]
}

@test "-d: a regular expression that does not compile is a usage error" {
	run --separate-stderr nw-split -d '(' /dev/null
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: -d: (: Unmatched ( or \\(" ]
	run --separate-stderr nw-split -d 'a{1' /dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == "nw-split: -d: a{1: "* ]]
}

@test "gzip: read by its magic bytes; truncated data is reported, exit 1" {
	cp "$DATA/nw-split-lines.in" plain
	gzip -c plain >packed.txt
	nw-split plain | cut -f 2- >one
	nw-split packed.txt | cut -f 2- >two
	cmp one two
	head -c 200 packed.txt >cut.gz
	run --separate-stderr nw-split cut.gz
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-split: cut.gz: unexpected end of file (truncated gzip data)" ]
	[[ "$output" == "cut.gz	1	Libya and UK Agree on Security Talks"* ]]
}

@test "output: a reader that goes away (| head -1) ends nw-split quietly" {
	yes 'A sentence. Another one.' | head -n 300000 >big
	run --separate-stderr bash -c 'nw-split -u sentence big | head -n 1'
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'big\t1.1\tA sentence.')" ]
}

@test "input: a 20 MB line is one record, nothing truncated" {
	head -c 20000000 /dev/zero | tr '\0' 'a' >long
	echo >>long
	run --separate-stderr nw-split -u sentence long
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${#output}" -eq $((20000000 + 9)) ]
	[ "${output:0:9}" = "$(printf 'long\t1.1\t')" ]
}

@test "paragraphs: a line past the 1 MiB probe joins its wrapped block, and a 2 MB line with no newline is one record" {
	local line='The quick brown fox jumps over the lazy dog and keeps running away'
	local blk i
	blk=$(for i in 1 2 3 4 5 6 7 8; do echo "$line"; done)
	{
		printf '%s\n\n%s\n\n%s\n' "$blk" "$blk" "$blk"
		yes 'word' | head -n 230000 | tr '\n' ' '
	} >doc
	run --separate-stderr nw-split doc
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	local joined tail
	joined=$(printf '%s\n' "$blk" | paste -s -d ' ')
	tail=$(yes 'word' | head -n 230000 | paste -s -d ' ')
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]}" = "$(printf 'doc\t1\t%s' "$joined")" ]
	[ "${lines[1]}" = "$(printf 'doc\t2\t%s' "$joined")" ]
	[ "${lines[2]}" = "$(printf 'doc\t3\t%s %s' "$joined" "$tail")" ]
	yes 'One two three.' | head -n 150000 | paste -s -d ' ' | head -c -1 >one
	run --separate-stderr nw-split one
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'one\t1\t'; yes 'One two three.' | head -n 150000 | paste -s -d ' ')" ]
}

@test "sentences: list items of two styles interleaved, and a 4 MB paragraph of 200000 items, cut before each item" {
	printf '1. Ships sailed. a) Ports shut. 2. Talks began. b) Flights stopped. 3. Markets fell. c) Schools closed.\n' >mixed
	run --separate-stderr nw-split -u sentence mixed
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'mixed\t1.%b\n' '1\t1. Ships sailed.' '2\ta) Ports shut.' \
	    '3\t2. Talks began.' '4\tb) Flights stopped.' '5\t3. Markets fell.' \
	    '6\tc) Schools closed.')" ]
	local r
	for r in $(seq 1 200); do seq 1 999; done | head -n 200000 |
	    sed 's/.*/&. Talks resumed./' | paste -s -d ' ' >list
	nw-split -u sentence list >out
	for r in $(seq 1 200); do seq 1 999; done | head -n 200000 |
	    awk '{ printf "list\t1.%d\t%d. Talks resumed.\n", NR, $1 }' |
	    cmp - out
	# At most three digits, as nw-split(1) says: 1000 is a number.
	printf '998. Alpha 999. Beta 1000. Gamma\n' >long
	run --separate-stderr nw-split -u sentence long
	[ "$output" = "$(printf 'long\t1.%b\n' '1\t998. Alpha' \
	    '2\t999. Beta 1000.' '3\tGamma')" ]
}

@test "usage: -h prints usage on stdout; an unknown option is a usage error" {
	run --separate-stderr nw-split -h
	[ "$status" -eq 0 ]
	[[ "$output" == "usage: nw-split "* ]]
	[ -z "$stderr" ]
	run --separate-stderr nw-split --bogus
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"usage: nw-split "* ]]
	run --separate-stderr nw-split --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^nw-split\ \(newswire\)\ [0-9.]+$ ]]
}

@test "-d: anchored patterns with quantifiers and alternation still match every delimiter" {
	printf 'ac\none\nabbc\ntwo\nxq\nthree\n' >"$BATS_TEST_TMPDIR/d"
	cd "$BATS_TEST_TMPDIR"
	run --separate-stderr nw-split -u doc -d '^ab*c' d
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'd#1\t0\tac one\nd#2\t0\tabbc two xq three')" ]
	run --separate-stderr nw-split -u doc -d '^ab*c|^x' d
	[ "$output" = "$(printf 'd#1\t0\tac one\nd#2\t0\tabbc two\nd#3\t0\txq three')" ]
	run --separate-stderr nw-split -u doc -d '^a?c' d
	[ "$output" = "$(printf 'd#1\t0\tac one abbc two xq three')" ]
}

@test "-d: an unanchored pattern matches anywhere in a line, and a long line costs one pass" {
	printf 'intro\nx one\n== 12 ==\nbody|end\ntext\nhead aab\nmore\n' >sem
	run --separate-stderr nw-split -u doc -d 'a+b|^x' sem
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'sem#1\t0\tintro\nsem#2\t0\tx one == 12 == body|end text\nsem#3\t0\thead aab more')" ]
	run -0 nw-split -u doc -d '[|]end' sem
	[ "$output" = "$(printf 'sem#1\t0\tintro x one == 12 ==\nsem#2\t0\tbody|end text head aab more')" ]
	run -0 nw-split -u doc -d '[0-9]+ =|q' sem
	[ "$output" = "$(printf 'sem#1\t0\tintro x one\nsem#2\t0\t== 12 == body|end text head aab more')" ]
	# A line of 200,000 spaces that ' +$' does not end on: one pass
	# over it, not one from each of its positions.
	awk 'BEGIN { s = "a"; for (i = 0; i < 200000; i++) s = s " ";
	    print s "b"; print "end  "; print "text" }' >long
	run --separate-stderr timeout 10 nw-split -u doc -d ' +$' long
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'long#1\t0\ta b\nlong#2\t0\tend text')" ]
}

@test "-d: '.', bracket expressions and classes take a whole UTF-8 character" {
	cd "$BATS_TEST_TMPDIR"
	printf '— One\n“Quoted” in one.\n— Two\ntext\n' >dash
	run -0 nw-split -u doc -d '^[—–]' dash
	[ "$output" = "$(printf 'dash#1\t0\t— One “Quoted” in one.\ndash#2\t0\t— Two text')" ]
	printf 'intro\nÉté\nbody\né\nend\n' >accents
	run -0 nw-split -u doc -d '^[[:alpha:]]+$' accents
	[ "${#lines[@]}" -eq 5 ]
	run -0 nw-split -u doc -d '^.$' accents
	[ "$output" = "$(printf 'accents#1\t0\tintro Été body\naccents#2\t0\té end')" ]
}

# Issue 11, item 18: a bad option value is an error whether used or not;
# usage errors name the tool as every other message does.
@test "-a: a list that cannot be read is a usage error without -u sentence too" {
	run --separate-stderr nw-split -a /nonexistent "$SEEDS"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: /nonexistent: No such file or directory" ]
}

@test "usage errors name the tool, not the path it was run by" {
	for t in nw-split nw-normalize nw-tokenize nw-count nw-topic-score; do
		run --separate-stderr "$TOP/bin/$t" --no-such-option
		[ "$status" -eq 2 ]
		[ "${stderr_lines[0]}" = "$t: unrecognized option '--no-such-option'" ] ||
		    { echo "$stderr"; false; }
	done
}

# Issue 11, item 19: -h lists every option, one line each.
@test "-h lists every long option of the man page, one line each" {
	run --separate-stderr nw-split -h
	[ "$status" -eq 0 ]
	for o in abbreviations delimiter format help id-field jsonl meta name \
	    paragraphs strict text-field title-field truncated unit version; do
		[ "$(grep -cE -- "^  (-[a-z], |    )--$o( |\$)" <<<"$output")" -eq 1 ] ||
		    { echo "--$o"; false; }
		grep -q -- "Fl \\\\-$(sed 's/-/\\\\-/g' <<<"$o")" \
		    "$TOP/share/man/man1/nw-split.1" || { echo "man --$o"; false; }
	done
}
