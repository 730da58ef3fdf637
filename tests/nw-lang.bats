bats_require_minimum_version 1.5.0
load helpers

@test "nw-lang: each script that one language writes decides with no model" {
	fixture nw-lang nw-lang-scripts --explain
}

@test "nw-lang: a script decides over the whole text, not its first sample" {
	g='Η κυβέρνηση ανακοίνωσε την Τρίτη ότι η νέα οικονομική πολιτική θα εφαρμοστεί.'
	e='The government announced on Tuesday that the new economic policy would be introduced next year.'
	lead="$g $g"
	body=$(for i in $(seq 40); do printf '%s ' "$e"; done)
	# A Greek lead of some 290 bytes, then 3.8 KB of English.
	run --separate-stderr nw-lang --explain <<-EOF
	doc	1	$lead
	doc	2	$body
	EOF
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(printf '%s\n' "$output" | cut -f1-3)" = "$(printf 'doc\ten\tmodel')" ]
	# Greek throughout, past the first samples, is still Greek.
	body=$(for i in $(seq 40); do printf '%s ' "$g"; done)
	run --separate-stderr nw-lang --explain <<-EOF
	doc	1	$lead
	doc	2	$body
	EOF
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(printf '%s\n' "$output" | cut -f1-3)" = "$(printf 'doc\tel\tGreek')" ]
}

@test "nw-lang: a mixed-language dump, judged per document, lang= on every record" {
	fixture nw-lang nw-lang-mixed
}

@test "nw-lang: short or ambiguous text is und, not a confident guess" {
	run --separate-stderr nw-lang -r --explain <<-'EOF'
	a	hello world
	b	OK
	c	2024-03-01 10:30
	d	Real Madrid vs Manchester United
	e	👍 !!! ...
	EOF
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'a\tund\ttoo short\t10\t\nb\tund\ttoo short\t2\t\nc\tund\tno letters\t0\t\nd\tund\ttoo short\t28\t\ne\tund\tno letters\t0\t')" ]
	[ -z "$stderr" ]
}

# A Han character counts as three letters: ten are enough for the model,
# a short Chinese headline; nine are too short.
@test "nw-lang: ten Han characters are enough for the model, nine are too short" {
	run --separate-stderr nw-lang -r --explain <<-'EOF'
	zh-9	北京时间今天上午九
	zh-10	北京时间今天上午十点
	zh-title	美国总统与前副总统举行首场电视辩论
	EOF
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' \
	    'zh-9	und	too short	27	' \
	    'zh-10	zh	model	30	zh:96' \
	    'zh-title	zh	model	51	zh:98')" ]
}

@test "nw-lang: a script that one language writes decides however short the text, from two letters (one of Hangul or kana)" {
	run --separate-stderr nw-lang -r --explain <<-'EOF'
	he	שלום
	el	Καλημέρα
	el-2	Ελ
	el-1	Ε
	ko-1	한
	ja-1	の
	th-1	ก
	en	Good morning
	EOF
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' \
	    'he	he	Hebrew	4	' \
	    'el	el	Greek	8	' \
	    'el-2	el	Greek	2	' \
	    'el-1	und	too short	1	' \
	    'ko-1	ko	Hangul	1	' \
	    'ja-1	ja	Kana	1	' \
	    'th-1	und	too short	1	' \
	    'en	und	too short	11	')" ]
}

@test "nw-lang(1): the --explain examples run as printed" {
	local n=0 cmd want
	# An example is "$ printf ... | nw-lang --explain" and one line of
	# output before .Ed; in mdoc \e is a backslash, \[uXXXX] a character.
	while IFS= read -r cmd && IFS= read -r want; do
		run --separate-stderr bash -c "$cmd"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "${output%	}" = "$want" ]
		n=$((n + 1))
	done < <(perl -CS -0777 -ne 'while (/^\$ (printf .*\| nw-lang --explain)\n(.*)\n\.Ed$/mg) {
		my ($c, $o) = ($1, $2);
		for ($c, $o) { s/\\e/\\/g; s/\\\[u([0-9A-F]{4})\]/chr hex $1/ge }
		print "$c\n$o\n" }' "$TOP/share/man/man1/nw-lang.1")
	# The title that is und, and the short one a script decides.
	[ "$n" -eq 2 ]
}

@test "nw-lang: und only where CLD2 is really unsure: an unreliable answer stands unless two languages tie" {
	run --separate-stderr nw-lang -r --explain <<-'EOF'
	ru	правительство одобрило вчера бюджет на следующий год после долгих дебатов о расходах за разходите за училища
	tie	die regering het gister die begroting vir volgende jaar goedgekeur na 'n de begroting voor volgend jaar goed na een lang debat over de uitgaven voor 1219 81657 81270 80027
	EOF
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'ru\tru\tmodel, unreliable\t93\tru:45\ntie\tund\ttwo languages\t122\taf:50 nl:49')" ]
	[ -z "$stderr" ]
}

@test "nw-lang: Chinese in both scripts is one language, not two that tie" {
	# CLD2 scores simplified (zh) and traditional (zh-Hant) Chinese as
	# two languages: two sentences of the one quoting a third in the
	# other were "und, two languages, zh:50 zh:49".
	cd "$BATS_TEST_TMPDIR"
	printf 'x\t%s%s\n' \
	    '政府今天宣布了新的经济刺激计划，以应对不断上升的失业率和通货膨胀压力。专家表示，这项计划将在未来三年内投入大量资金用于基础设施建设和教育改革。' \
	    '市民對此反應不一，有人認爲措施來得太晚，也有人擔心財政赤字會進一步擴大。' >zh.rec
	run --separate-stderr nw-lang --explain zh.rec
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'x\tzh\tmodel, unreliable\t300\tzh:99')" ]
	[ -z "$stderr" ]
	run --separate-stderr nw-lang -k zh zh.rec
	[ "$status" -eq 0 ]
	[ "${output%%政府*}" = "$(printf 'x\tlang=zh\t')" ]
}

@test "nw-lang: Han in which CLD2 finds no language is Chinese if its best effort is" {
	# A sentence of simplified Chinese and one of traditional: CLD2
	# dropped both scripts' Chinese as unreliable and found nothing,
	# "und, no language".  A Han text its best effort takes for
	# Japanese stays und.
	run --separate-stderr nw-lang -r --explain <<-'EOF'
	x	政府今天宣布了新的经济刺激计划，以应对不断上升的失业率和通货膨胀压力。香港特別行政區政府發言人說，當局會密切留意市場情況，並在有需要時採取行動。
	y	北京今日天氣晴朗，氣温回升
	EOF
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'x\tzh\tmodel, best effort\t201\tzh:99\ny\tund\tno language\t36\t')" ]
	[ -z "$stderr" ]
}

@test "nw-lang: kana decide Japanese at a fifth of the CJK letters; a katakana name in Chinese is left to the model" {
	# ja-short is too short for the model (8 Han characters, 24
	# letters, and a kana): a twentieth of kana decides.  ja-title
	# has 12 Han characters, enough for the model.
	run --separate-stderr nw-lang -r --explain <<-'EOF'
	zh	新款ソニー相機在台灣上市，售價新台幣三萬元，預購贈送記憶卡與相機包，門市與網路商店同步開賣，首批數量有限售完為止。
	ja	東京都知事選挙、現職再選。投票率前回比三・二ポイント上昇、過去最高。新型感染症対策予算案可決の見通し
	ja-title	内閣総理大臣記者会見の日程
	ja-short	総理大臣会見の日程
	ja-plain	東京都知事選挙で現職が再選された。
	EOF
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'zh\tzh\tmodel\t150\tzh:99\nja\tja\tmodel\t123\tja:99\nja-title\tja\tmodel\t37\tja:97\nja-short\tja\tKana\t25\t\nja-plain\tja\tKana\t38\t')" ]
	[ -z "$stderr" ]
}

@test "nw-lang: digits and punctuation of a script are not its letters: a katakana middle dot in Chinese names is not kana" {
	# U+30FB between the parts of a foreign name is how much Chinese
	# text writes it; it is punctuation (Po), not kana.  Thai, Bengali
	# and Arabic-Indic digits are digits, not letters.
	run --separate-stderr nw-lang -r --explain <<-'EOF'
	zh-dot	唐纳德・特朗普与乔・拜登举行会谈
	zh-long	美国总统唐纳德・特朗普与前副总统乔・拜登周二晚上在克利夫兰举行首场电视辩论，双方就经济和疫情问题激烈交锋。
	dots	・・
	th-digits	๑๒
	bn-digits	১২
	ar-digits	١٢٣ ١٢٣ ١٢٣ ١٢٣ ١٢٣ ١٢٣ ١٢٣ ١٢٣ ١٢٣ ١٢٣ ١٢٣
	he-maqaf	־־
	th-mixed	กข ๑๒๓๔๕๖๗๘๙
	EOF
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' \
	    'zh-dot	zh	model	42	zh:97' \
	    'zh-long	zh	model	147	zh:99' \
	    'dots	und	no letters	0	' \
	    'th-digits	und	no letters	0	' \
	    'bn-digits	und	no letters	0	' \
	    'ar-digits	und	no letters	0	' \
	    'he-maqaf	und	no letters	0	' \
	    'th-mixed	th	Thai	2	')" ]
}

@test "nw-lang: a document of short records is judged on all of them; -r judges each" {
	printf 'd\t议会通过预算\nd\t议员们在经过关于学校、医院和道路开支的长时间辩论后，于星期二通过了预算。\n' >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr nw-lang "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f2)" = "$(printf 'lang=zh\nlang=zh')" ]
	run --separate-stderr nw-lang -r "$BATS_TEST_TMPDIR/in"
	[ "$(printf '%s\n' "$output" | cut -f2)" = "$(printf 'lang=und\nlang=zh')" ]
}

@test "nw-lang: -k keeps the documents in the languages listed, -v the others" {
	run --separate-stderr nw-lang -k de,fr "$DATA/nw-lang-mixed.in"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f1,3 | uniq)" = "$(printf 'de-1\tlang=de\nfr-1\tlang=fr')" ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 4 ]
	run --separate-stderr nw-lang -v -k en,und,de,fr,es,ru,ar,zh,ja "$DATA/nw-lang-mixed.in"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f1 | uniq)" = "$(printf 'tr-1\nit-1\nnl-1')" ]
	run --separate-stderr nw-lang -k und "$DATA/nw-lang-mixed.in"
	[ "$(printf '%s\n' "$output" | cut -f1)" = "$(printf 'short-1\nshort-2')" ]
}

@test "nw-lang: the lang= field passes through later tools, the last one counting" {
	run --separate-stderr sh -c "nw-lang '$DATA/nw-lang-mixed.in' | nw-normalize | nw-tokenize -l -w | nw-lang -r | grep '^de-1' | cut -f1-4"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'de-1\ttitle\tlang=de\tlang=und\nde-1\tbody\tlang=de\tlang=de')" ]
}

@test "nw-lang: -f takes an existing lang= field, identifies the rest, writes the field once" {
	run --separate-stderr sh -c "nw-lang '$DATA/nw-lang-mixed.in' | sed 's/lang=fr/lang=it/' | nw-lang -f -k it,de"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f1,3)" = "$(printf 'de-1\tlang=de\nde-1\tlang=de\nfr-1\tlang=it\nfr-1\tlang=it\nit-1\tlang=it')" ]
	[ "$(printf '%s\n' "$output" | head -1 | awk -F'\t' '{ print NF }')" -eq 4 ]
	printf 'x\tDie Abgeordneten haben am Dienstag den Haushalt beschlossen.\n' >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr nw-lang -f --explain "$BATS_TEST_TMPDIR/in"
	[ "$output" = "$(printf 'x\tde\tmodel\t52\tde:98')" ]
	# A field that holds no code nw-lang writes is no language: the
	# document is identified as one without a field is, whatever the
	# length of the word (lang=english was taken as the code
	# "english", and -k de,en,und dropped the document unsaid).
	printf 'x\tlang=english\tDie Abgeordneten haben am Dienstag den Haushalt beschlossen.\ny\tlang=portuguese\tDie Abgeordneten haben am Dienstag den Haushalt beschlossen.\nz\tlang=zz\tDie Abgeordneten haben am Dienstag den Haushalt beschlossen.\nw\tlang=und\tDie Abgeordneten haben am Dienstag den Haushalt beschlossen.\n' >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr nw-lang -f -k de,en,und "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | sed 's/	[^	]*$//')" = "$(printf 'x\tlang=english\tlang=de\ny\tlang=portuguese\tlang=de\nz\tlang=zz\tlang=de\nw\tlang=und')" ]
}

@test "nw-lang: bare lines are one document named after the input, and gain the id" {
	printf 'Les députés ont adopté mardi le budget\naprès un long débat sur les dépenses.\n' >"$BATS_TEST_TMPDIR/fr.txt"
	run --separate-stderr nw-lang "$BATS_TEST_TMPDIR/fr.txt"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\tlang=fr\tLes députés ont adopté mardi le budget\n%s\tlang=fr\taprès un long débat sur les dépenses.' "$BATS_TEST_TMPDIR/fr.txt" "$BATS_TEST_TMPDIR/fr.txt")" ]
}

@test "nw-lang: invalid UTF-8 and control characters are identified around, not fatal" {
	printf 'x\tDie Abgeordneten \377\376haben am Dienstag \001 den Haushalt beschlossen.\n' >"$BATS_TEST_TMPDIR/bad"
	run --separate-stderr nw-lang "$BATS_TEST_TMPDIR/bad"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f2)" = "lang=de" ]
}

@test "nw-lang: --list names the languages, one a line" {
	run --separate-stderr nw-lang --list
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c .)" -eq 95 ]
	[ "$(printf '%s\n' "$output" | grep '^en	')" = "$(printf 'en\tEnglish')" ]
	[ "$(printf '%s\n' "$output" | grep '^my	')" = "$(printf 'my\tBurmese')" ]
}

@test "nw-lang: --list checks the options before or after it, and reads no file" {
	for args in '--list -k xx' '-k xx --list'; do
		run --separate-stderr nw-lang $args
		[ "$status" -eq 2 ]
		[ "$output" = "" ]
		[ "$stderr" = "nw-lang: -k: xx: not a language nw-lang writes (see nw-lang --list)" ]
	done
	run --separate-stderr nw-lang --list -v
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "nw-lang: -v: only with -k" ]
	for f in "$BATS_TEST_TMPDIR/none" -; do
		run --separate-stderr nw-lang --list "$f" </dev/null
		[ "$status" -eq 2 ]
		[ "$output" = "" ]
		[ "$stderr" = "nw-lang: --list: reads no file" ]
	done
	run --separate-stderr nw-lang -k en --list
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(nw-lang --list)" ]
}

@test "nw-lang: --list and -k cover every language CLD2 can name" {
	# The compiler that builds lib/cld2.cc (the Makefile's CXX).
	cd "$BATS_TEST_TMPDIR"
	"${CXX:-g++}" -o codes "$TOP/tests/lang-cld2-codes.cc" -lcld2
	./codes | sort -u >cld2
	nw-lang --list | cut -f1 >listed
	diff -u cld2 listed
	# Languages CLD2 names that --list once left out.
	printf '%s\t%s\n' \
	    kk 'Қазақстан Республикасы Орталық Азиядағы мемлекет. Астанасы Астана қаласы. Халқы жиырма миллион адам.' \
	    uz 'Oʻzbekiston Markaziy Osiyoda joylashgan davlat. Poytaxti Toshkent shahri. Aholisi oʻttiz besh million kishidan ortiq.' \
	    bs 'Bosna i Hercegovina je država u jugoistočnoj Evropi. Glavni grad je Sarajevo. Stanovnici govore bosanski, hrvatski i srpski jezik.' >in
	run --separate-stderr nw-lang -k kk,uz,bs in
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(printf '%s\n' "$output" | cut -f1,2)" = "$(printf 'kk\tlang=kk\nuz\tlang=uz\nbs\tlang=bs')" ]
}

@test "nw-lang: full-width Latin is read as the ASCII it stands for" {
	# "The government announced on Tuesday that the new economic policy"
	# in full-width letters (U+FF21..FF5A), spaces as they are.
	fw=$(printf 'The government announced on Tuesday that the new economic policy would be introduced next year' |
	    perl -CS -pe 's/([!-~])/chr(ord($1) + 0xFEE0)/ge')
	run --separate-stderr nw-lang --explain < <(printf 'fw\t%s\n' "$fw")
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'fw\ten\tmodel\t80\ten:98')" ]
}

@test "nw-lang: Arabic in presentation forms, as text out of a PDF has it, is Arabic" {
	ar='أعلنت الحكومة اليوم عن خطة جديدة لدعم الاقتصاد الوطني وتوفير فرص العمل للشباب في جميع أنحاء البلاد، وقال الوزير إن الخطة ستبدأ الشهر المقبل'
	# Each letter in its isolated form (U+FE70..FEFC), and the lam-alef
	# ligature U+FEFB: what NFKC maps back to the letters.
	pf=$(python3 -c 'import sys, unicodedata as u
iso = {}
for cp in range(0xFE70, 0xFEFD):
    c = chr(cp)
    if "ISOLATED" in u.name(c, ""):
        iso.setdefault(u.normalize("NFKC", c), c)
t = sys.argv[1].replace("لا", "\ufefb")
print("".join(iso.get(ch, ch) for ch in t))' "$ar")
	[ "$pf" != "$ar" ]
	run --separate-stderr nw-lang --explain < <(printf 'nfc\t%s\npf\t%s\n' "$ar" "$pf")
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cut -f1,2,5 <<<"$output")" = "$(printf 'nfc\tar\tar:99\npf\tar\tar:99')" ]
}

@test "nw-lang: text set in mathematical bold or italic letters is read as its letters" {
	en='The prime minister said on Tuesday that the government would not change its plans for the coming year.'
	# Bold (U+1D400), italic (U+1D434) and sans-serif bold (U+1D5D4)
	# Latin letters, as posts set text: NFKC maps them back.
	for base in 0x1D400 0x1D434 0x1D5D4; do
		t=$(python3 -c 'import sys
b = int(sys.argv[2], 16)
def f(c):
    if "A" <= c <= "Z": return chr(b + ord(c) - 65)
    if "a" <= c <= "z": return chr(b + 26 + ord(c) - 97)
    return c
print("".join(map(f, sys.argv[1])))' "$en" "$base")
		[ "$t" != "$en" ]
		run --separate-stderr nw-lang --explain < <(printf 'm\t%s\n' "$t")
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$(cut -f1,2 <<<"$output")" = "$(printf 'm\ten')" ]
		# The record is written as it came.
		[ "$(printf 'm\t%s\n' "$t" | nw-lang)" = \
		    "$(printf 'm\tlang=en\t%s' "$t")" ]
	done
}

@test "nw-lang: soft hyphens and other invisible characters are left out" {
	de='Die Bundesregierung hat am Dienstag über die künftige Förderung'
	de="$de der Wärmepumpen beraten, während die Opposition scharfe"
	de="$de Kritik übte."
	# A soft hyphen (U+00AD) after every fourth letter of a word with
	# three more, as German news hyphenates; then a zero-width space, a
	# word joiner.
	shy=$(python3 -c 'import re, sys
print(re.sub(r"(\w{4})(\w{3})", "\\1\u00ad\\2", sys.argv[1]))' "$de")
	[ "$shy" != "$de" ]
	{
		printf 'plain\t%s\n' "$de"
		printf 'shy\t%s\n' "$shy"
		printf 'zwsp\t%s\n' "${shy//$'\xc2\xad'/$'\xe2\x80\x8b'}"
		printf 'wj\t%s\n' "${shy//$'\xc2\xad'/$'\xe2\x81\xa0'}"
	} >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr nw-lang --explain "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cut -f1-4 <<<"$output")" = "$(printf '%s\tde\tmodel\t113\n' \
	    plain shy zwsp wj)" ]
	# The tatweel stretches a word: no letter of it.
	ar='السلام عليكم ورحمة الله وبركاته يا أصدقائي الأعزاء في كل مكان'
	run --separate-stderr nw-lang --explain \
	    < <(printf 'a\t%s\nt\t%s\n' "$ar" "${ar//ل/لـ}")
	[ "$(cut -f2-4 <<<"$output")" = \
	    "$(printf 'ar\tmodel\t51\n%.0s' 1 2)" ]
}

@test "nw-lang: a presentation form with a hamza is one letter, as in NFKC" {
	# The same 28 letters, as written and in isolated forms (U+FE83 is
	# alef with hamza above, U+0623): too short either way.
	ar='سأل أحمد عن أسعار الأسهم هذا اليوم'
	pf='ﺱﺃﻝ ﺃﺡﻡﺩ ﻉﻥ ﺃﺱﻉﺍﺭ ﺍﻝﺃﺱﻩﻡ ﻩﺫﺍ ﺍﻝﻱﻭﻡ'
	run --separate-stderr nw-lang --explain \
	    < <(printf 'ar\t%s\npf\t%s\n' "$ar" "$pf")
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\tund\ttoo short\t28\t\n' ar pf)" ]
	# ﻷ (U+FEF7) is lam and alef with hamza, آ from ﺁ (U+FE81).
	run --separate-stderr nw-lang --explain \
	    < <(printf 'ar\tلأن آمال\npf\tﻷن ﺁمال\n')
	[ "$output" = "$(printf '%s\tund\ttoo short\t7\t\n' ar pf)" ]
}

@test "nw-lang: canonically equivalent texts get one language: decomposed, U+FB1F, vowelled Arabic" {
	# Each text as news writes it (NFC; Arabic without vowel marks), then
	# decomposed (NFD), with its marks in the other canonical order, with
	# U+FB1F for the Yiddish digraph U+05F2 U+05B7, fully vowelled.
	run --separate-stderr nw-lang --explain "$DATA/nw-lang-nfc.in"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' \
	    'vi	vi	model	99	vi:99' \
	    'vi-nfd	vi	model	99	vi:99' \
	    'vi-swapped	vi	model	99	vi:99' \
	    'cs	cs	model	93	cs:99' \
	    'cs-nfd	cs	model	93	cs:99' \
	    'yi	yi	model	86	yi:99' \
	    'yi-fb1f	yi	model	86	yi:99' \
	    'ar	ar	model	70	ar:99' \
	    'ar-vowelled	ar	model	70	ar:99')" ]
	# -k keeps every copy of a document, however it is encoded.
	run --separate-stderr nw-lang -k vi "$DATA/nw-lang-nfc.in"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(printf '%s\n' "$output" | cut -f1,2)" = "$(printf '%s\n' \
	    'vi	lang=vi' 'vi-nfd	lang=vi' 'vi-swapped	lang=vi')" ]
}

@test "nw-lang: English that quotes a sentence of another language is English" {
	# The model's summary passes over English when another language
	# holds a fifth of the text; where English holds twice as much, the
	# answer is English (--explain shows the shares).
	run --separate-stderr nw-lang -r --explain <<-'EOF'
	a	The government announced new measures on Tuesday to support farmers affected by the drought across the region, officials said in a statement. Москва объявила новые меры поддержки.
	b	Καλημέρα hello world this is english text and a bit more english here
	EOF
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'a\ten\tmodel\t150\ten:66 ru:33\nb\ten\tmodel\t57\ten:76 el:22')" ]
	run --separate-stderr nw-lang -r -k en <<-'EOF'
	a	The government announced new measures on Tuesday to support farmers affected by the drought across the region, officials said in a statement. Москва объявила новые меры поддержки.
	EOF
	[ "$(cut -f1,2 <<<"$output")" = "$(printf 'a\tlang=en')" ]
}

@test "nw-lang: a missing file among good ones (exit 1, the rest still done)" {
	run --separate-stderr nw-lang -r "$BATS_TEST_TMPDIR/nonesuch" "$DATA/nw-lang-scripts.in"
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 15 ]
	[ "$stderr" = "nw-lang: $BATS_TEST_TMPDIR/nonesuch: No such file or directory" ]
}

@test "nw-lang: -k given twice keeps the languages of both" {
	printf 'a\t1\tThe quick brown fox jumps over the lazy dog today and then some more\nb\t1\tDer schnelle braune Fuchs springt über den faulen Hund und noch mehr\nc\t1\tLe renard brun rapide saute par-dessus le chien paresseux encore une fois\n' >"$BATS_TEST_TMPDIR/three"
	run --separate-stderr nw-lang -k en -k de "$BATS_TEST_TMPDIR/three"
	[ "$status" -eq 0 ]
	[ "$(cut -f1,3 <<<"$output")" = "$(printf 'a\tlang=en\nb\tlang=de')" ]
	run --separate-stderr nw-lang -k en,de "$BATS_TEST_TMPDIR/three"
	[ "$(cut -f1,3 <<<"$output")" = "$(printf 'a\tlang=en\nb\tlang=de')" ]
	run --separate-stderr nw-lang -v -k en -k de "$BATS_TEST_TMPDIR/three"
	[ "$(cut -f1,3 <<<"$output")" = "$(printf 'c\tlang=fr')" ]
}

@test "nw-lang: usage errors exit 2 with the reason" {
	run --separate-stderr nw-lang -k en,xx /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-lang: -k: xx: not a language nw-lang writes (see nw-lang --list)" ]
	run --separate-stderr nw-lang -k '' /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-lang: -k: empty list (allowed: a comma-separated list of codes)" ]
	# An empty code is named with the list it is in.
	run --separate-stderr nw-lang -k en,,de /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-lang: -k: en,,de: an empty code (allowed: a comma-separated list of codes)" ]
	run --separate-stderr nw-lang -k en, /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-lang: -k: en,: an empty code (allowed: a comma-separated list of codes)" ]
	run --separate-stderr nw-lang -v /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-lang: -v: only with -k" ]
	run --separate-stderr nw-lang --bogus
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"usage: nw-lang"* ]]
}

@test "nw-lang: -h and --version" {
	run --separate-stderr nw-lang -h
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "usage: nw-lang [-fr] [-k lang,... [-v]] [--explain] [--strict] [file ...]" ]
	[ "$(printf '%s\n' "$output" | grep -c '^  -\|^      --')" -eq 9 ]
	run --separate-stderr nw-lang --version
	[ "$status" -eq 0 ]
	[[ "$output" == "nw-lang (newswire) "* ]]
}

@test "nw-lang: make demo shows each article with its language; the seeds are English and scored" {
	run --separate-stderr "$TOP/tests/demo"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c ' (en)$')" -eq "$(ls "$SEEDS"/*.txt | wc -l)" ]
	[ "$(printf '%s\n' "$output" | grep -c 'not scored')" -eq 0 ]
}
