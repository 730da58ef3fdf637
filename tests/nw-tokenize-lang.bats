bats_require_minimum_version 1.5.0
load helpers

@test "segment: Chinese is cut into words" {
	run --separate-stderr nw-tokenize <<<'北京市是中国的首都。'
	[ "$status" -eq 0 ]
	[ "$output" = '北京市 是 中国 的 首都 。' ]
	[ -z "$stderr" ]
}

@test "segment: Japanese kana and kanji are cut into words" {
	run --separate-stderr nw-tokenize <<<'政府は新しい予算を承認した。'
	[ "$status" -eq 0 ]
	[ "$output" = '政府 は 新しい 予算 を 承認 した 。' ]
	# 々 repeats the kanji before it: one word with it, as ICU reads it.
	run --separate-stderr nw-tokenize <<<'我々は様々な問題を日々考える。人々は時々'
	[ "$status" -eq 0 ]
	[ "$output" = '我々 は 様々 な 問題 を 日々 考える 。 人々 は 時々' ]
}

@test "segment: Thai, Lao, Khmer and Myanmar are cut into words" {
	run --separate-stderr nw-tokenize <<<'รัฐบาลประกาศมาตรการใหม่ในวันนี้'
	[ "$output" = 'รัฐบาล ประกาศ มาตรการ ใหม่ ใน วัน นี้' ]
	run --separate-stderr nw-tokenize <<<'ລັດຖະບານໄດ້ອະນຸມັດງົບປະມານໃໝ່'
	[ "$output" = 'ລັດຖະບານ ໄດ້ ອະນຸມັດ ງົບປະມານ ໃໝ່' ]
	run --separate-stderr nw-tokenize <<<'រដ្ឋាភិបាលបានអនុម័តថវិកាថ្មី'
	[ "$output" = 'រដ្ឋាភិបាល បាន អនុម័ត ថវិកា ថ្មី' ]
	run --separate-stderr nw-tokenize <<<'အစိုးရသည် ဘတ်ဂျက်အသစ်ကို'
	[ "$output" = 'အစိုးရ သည် ဘတ်ဂျက် အသစ် ကို' ]
}

@test "segment: a 1.3 MB unspaced run is cut as its short pieces are, characters beyond the BMP included" {
	local i f=$BATS_TEST_TMPDIR/run
	for i in $(seq 1 50000); do printf '北京市是中国的首都'; done >"$f"
	echo >>"$f"
	run --separate-stderr nw-tokenize "$f"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(for i in $(seq 1 50000); do echo '北京市 是 中国 的 首都'; done | paste -s -d ' ')" ]
	run --separate-stderr nw-tokenize <<<'𠀀北京市是中国的首都𠀁東京都は日本の首都です𠀂'
	[ "$output" = '𠀀 北京市 是 中国 的 首都 𠀁 東京 都 は 日本 の 首都 です 𠀂' ]
}

@test "segment: Latin glued to Han comes apart; other scripts are left alone" {
	run --separate-stderr nw-tokenize <<<'iPhone在中国很受欢迎, Ελλάδα Россия हिन्दी'
	[ "$status" -eq 0 ]
	[ "$output" = 'iPhone 在 中国 很 受欢迎 , Ελλάδα Россия हिन्दी' ]
}

@test "segment: a dotted abbreviation in Thai or Lao stays whole, as in any other script" {
	# Thai writes dates and titles as dotted abbreviations (พ.ศ. the
	# Buddhist Era, ก.ค. July, ส.ส. a member of parliament): letters
	# each followed by a period, the abbreviation rule of nw-tokenize(1),
	# which a Thai letter used to bypass on its way to the dictionary.
	run --separate-stderr nw-tokenize <<-'EOF'
	รัฐบาลประกาศเมื่อวันที่ 5 ก.ค. พ.ศ. 2567 ว่า
	มี.ค. เม.ย. ส.ส.พรรค ผบ.ทบ. ประเทศไทย.
	ກ.ພ. т.е.
	EOF
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' \
	    'รัฐบาล ประกาศ เมื่อ วัน ที่ 5 ก.ค. พ.ศ. 2567 ว่า' \
	    'มี.ค. เม.ย. ส.ส. พรรค ผบ . ทบ . ประเทศไทย .' \
	    'ກ.ພ. т.е.')" ]
}

@test "segment: a word glued to Han or Thai is tokenized as alone; its joiner there is punctuation, left out by -w" {
	# Chinese news glues Latin words to Han: F-35战机 (F-35 fighter),
	# COVID-19疫情.  The whole run went to the dictionary, which cut
	# F-35 at its hyphen and gave the pieces as words, so that -w kept
	# "-", "&" and "'" as words.
	run --separate-stderr nw-tokenize <<<"F-35战机 COVID-19疫情 R&D部门 Libya's中国 中-美 ไทย-จีน \$100美元 1,000元"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "F-35 战机 COVID-19 疫 情 R&D 部门 Libya 's 中国 中 - 美 ไทย - จีน \$100 美元 1,000 元" ]
	run --separate-stderr nw-tokenize -l -w <<<"F-35战机 R&D部门 中-美 ไทย-จีน 中国's"
	[ "$output" = "f-35 战机 r&d 部门 中 美 ไทย จีน 中国 s" ]
	run --separate-stderr nw-tokenize -w --hyphens split <<<"F-35战机 中-美"
	[ "$output" = "F 35 战机 中 美" ]
}

@test "segment: a URL, an address or an abbreviation glued after Han or Thai stays whole" {
	# Chinese press text glues them on: 详情见https://... ("details
	# at"), 联系邮箱abc@... ("contact mail"), 美国U.S.  The ASCII word
	# that ends the run used to go to the dictionary with it, and the
	# URL came out as "https : // example . com / news ...".
	run --separate-stderr nw-tokenize <<-'EOF'
	详情见https://example.com/news/a?b=1
	请访问www.example.com。联系邮箱abc.def@example.com。
	美国U.S.政府 中国Ph.D.学位 中国A. B 中国X.的
	รายละเอียดที่https://x.co/a
	EOF
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' \
	    '详情 见 https://example.com/news/a?b=1' \
	    '请 访问 www.example.com 。 联系 邮箱 abc.def@example.com 。' \
	    '美国 U.S. 政府 中国 Ph.D. 学位 中国 A. B 中国 X . 的' \
	    'ราย ละเอียด ที่ https://x.co/a')" ]
	run --separate-stderr nw-tokenize -l -w <<<'详情见https://example.com/a。'
	[ "$output" = '详情 见 https://example.com/a' ]
}

@test "segment: -l -w and stopwords apply to the words cut" {
	printf '的\n' >"$BATS_TEST_TMPDIR/stop"
	run --separate-stderr nw-tokenize -l -w -s "$BATS_TEST_TMPDIR/stop" <<<'北京市是中国的首都。'
	[ "$status" -eq 0 ]
	[ "$output" = '北京市 是 中国 首都' ]
}

@test "segment: lossless, the pieces give back the text" {
	text='东京都知事选举结果公布了。タイ語ภาษาไทยเป็นภาษาราชการ《人民日报》报道'
	run --separate-stderr nw-tokenize <<<"$text"
	[ "$status" -eq 0 ]
	[ "$(printf '%s' "$output" | tr -d ' ')" = "$text" ]
	[ "$output" = '东京 都知事 选举 结果 公布 了 。 タイ 語 ภาษา ไทย เป็น ภาษา ราชการ 《 人民 日报 》 报道' ]
}

@test "-s auto: each record's stopwords by its lang= field; none for und or no field" {
	run --separate-stderr nw-tokenize -l -w -s auto <<-'EOF'
	a	lang=de	Die Regierung und der Bundestag
	b	lang=en	The government and the parliament
	c	lang=und	The government and die Regierung
	d	The government and die Regierung
	e	lang=tr	Ve hükümet bu
	EOF
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'a\tlang=de\tregierung bundestag\nb\tlang=en\tgovernment parliament\nc\tlang=und\tthe government and die regierung\nd\tthe government and die regierung\ne\tlang=tr\tve hükümet bu')" ]
	[ -z "$stderr" ]
}

@test "-s auto: Chinese, Japanese, Korean and Thai function words go, the scripts without spaces cut by the dictionary" {
	run --separate-stderr nw-tokenize -l -w -s auto <<-'EOF'
	a	lang=zh	北京市是中国的首都。
	b	lang=zh	我們的經濟正在增長
	c	lang=ja	東京は日本の首都です。
	d	lang=und	北京市是中国的首都。
	e	lang=ko	정부는 이번 조치가 경제에 도움이 될 것이라고 말했다
	f	lang=th	ธนาคารแห่งประเทศไทยประกาศว่าจะลดอัตราดอกเบี้ยเพื่อช่วยเศรษฐกิจ
	EOF
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'a\tlang=zh\t北京市 中国 首都\nb\tlang=zh\t經濟 增長\nc\tlang=ja\t東京 日本 首都\nd\tlang=und\t北京市 是 中国 的 首都\ne\tlang=ko\t정부는 조치가 경제에 도움이 될\nf\tlang=th\tธนาคาร แห่ง ประเทศไทย ประกาศ ลด อัตรา ดอกเบี้ย ช่วย เศรษฐกิจ')" ]
	[ -z "$stderr" ]
	run --separate-stderr nw-tokenize -l -w -s zh <<<'他说这是我们的问题'
	[ "$status" -eq 0 ]
	[ "$output" = '问题' ]
}

@test "--stem auto: each record's Snowball stemmer by its lang= field, the last field counting" {
	run --separate-stderr nw-tokenize -w --stem auto <<-'EOF'
	a	lang=de	Die Abgeordneten beschlossen
	b	lang=en	The members approved
	c	lang=en	lang=es	Los diputados aprobaron
	d	lang=und	The members approved
	e	lang=ja	The members approved
	EOF
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'a\tlang=de\tdie abgeordnet beschloss\nb\tlang=en\tthe member approv\nc\tlang=en\tlang=es\tlos diput aprob\nd\tlang=und\tthe members approved\ne\tlang=ja\tthe members approved')" ]
}

@test "-s auto --stem=auto after nw-lang; a fixed list stays fixed with --stem auto" {
	run --separate-stderr sh -c "nw-lang '$DATA/nw-lang-mixed.in' | nw-tokenize -w -s auto --stem=auto | grep -E '^(de|fr)-1' | cut -f4"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'bundestag beschliesst haushalt\nabgeordnet dienstag lang debatt ausgab schul krankenhaus strass haushalt beschloss\nparl adopt budget\ndéput adopt mard budget apres long débat dépens consacr écol hôpital rout')" ]
	run --separate-stderr nw-tokenize -w -s en --stem auto <<<"$(printf 'a\tlang=de\tDie Abgeordneten the')"
	[ "$output" = "$(printf 'a\tlang=de\tdie abgeordnet')" ]
}

@test "--stem auto and -s auto fold Turkish and Azeri I to ı and İ to i; other records as -l does" {
	# Capitals get the stem of the lower case: KİTAPLARI as kitapları,
	# ILIK as ılık; İ decomposed (I U+0307) as İ.
	run --separate-stderr nw-tokenize --stem auto <<-EOF
	a	lang=tr	kitapları KİTAPLARI ılık ILIK $(printf 'I\314\207stanbul')
	b	lang=az	İSTANBUL IŞIQ
	c	lang=en	İSTANBUL ILIK
	d	İSTANBUL ILIK
	EOF
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'a\tlang=tr\tkitap kitap ılık ılık istanbul\nb\tlang=az\tistanbul ışıq\nc\tlang=en\ti\314\207stanbul ilik\nd\ti\314\207stanbul ilik')" ]
	[ -z "$stderr" ]
	# Where the language is known, -l -s auto folds the same way; without
	# -l, nothing is folded; -l alone does not read lang=.
	run --separate-stderr nw-tokenize -l -s auto <<<"$(printf 'a\tlang=tr\tKİTAPLARI ILIK, I')"
	[ "$output" = "$(printf 'a\tlang=tr\tkitapları ılık , ı')" ]
	run --separate-stderr nw-tokenize -s auto <<<"$(printf 'a\tlang=tr\tKİTAPLARI ILIK')"
	[ "$output" = "$(printf 'a\tlang=tr\tKİTAPLARI ILIK')" ]
	run --separate-stderr nw-tokenize -l <<<"$(printf 'a\tlang=tr\tKİTAPLARI ILIK')"
	[ "$output" = "$(printf 'a\tlang=tr\tki\314\207taplari ilik')" ]
	# A stopword entry matches its capitals: "bir" and "BİR".
	printf 'bir\n' >"$BATS_TEST_TMPDIR/stop"
	run --separate-stderr nw-tokenize -w -s "$BATS_TEST_TMPDIR/stop" --stem auto <<<"$(printf 'a\tlang=tr\tBİR kitap bir')"
	[ "$output" = "$(printf 'a\tlang=tr\tkitap')" ]
}

# French, Italian and Catalan write an article or pronoun into the next
# word: counted whole, l'Europe is another term than Europe.
@test "-s auto and --stem auto split the elisions of French, Italian and Catalan off, as clitics; other records as -l does" {
	in=$(printf '%s\n' \
	    "a	lang=fr	L’économie de l'Europe, qu’aujourd’hui d’or j’ai prud’hommes" \
	    "b	lang=it	dell’anno, un’altra, c’è" \
	    "c	lang=ca	l’Ajuntament d’Olot" \
	    "d	lang=en	D’Angelo’s l’Europe")
	run --separate-stderr nw-tokenize -l --stem auto <<<"$in"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' \
	    "a	lang=fr	l’ économ de l' europ , qu’ aujourd’hui d’ or j’ ai prud’homm" \
	    "b	lang=it	dell’ anno , un’ altra , c’ è" \
	    "c	lang=ca	l’ ajunt d’ ol" \
	    "d	lang=en	d’angelo ’s l’europ")" ]
	# As a stopword an elision is its letters: l' is the l of the list.
	# Catalan has no list: its elisions stay.
	run --separate-stderr nw-tokenize -l -w -s auto <<<"$in"
	[ "$output" = "$(printf '%s\n' \
	    "a	lang=fr	économie europe aujourd’hui or prud’hommes" \
	    "b	lang=it	anno altra" \
	    "c	lang=ca	l’ ajuntament d’ olot" \
	    "d	lang=en	d’angelo l’europe")" ]
	run --separate-stderr nw-tokenize -s auto --clitics drop <<<"$in"
	[ "$(printf '%s\n' "$output" | head -1)" = "a	lang=fr	économie Europe , aujourd’hui or prud’hommes" ]
	run --separate-stderr nw-tokenize -s auto --clitics keep <<<"$in"
	[ "$(printf '%s\n' "$output" | head -1)" = "a	lang=fr	L’économie l'Europe , qu’aujourd’hui d’or j’ai prud’hommes" ]
	# -l alone reads no lang=.
	run --separate-stderr nw-tokenize -l <<<"$in"
	[ "$(printf '%s\n' "$output" | head -1)" = "a	lang=fr	l’économie de l'europe , qu’aujourd’hui d’or j’ai prud’hommes" ]
}

@test "--stem takes only auto as its value" {
	run --separate-stderr nw-tokenize --stem=german /dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-tokenize: --stem: german: invalid (allowed: auto)" ]
	run --separate-stderr nw-tokenize --stem /dev/null
	[ "$status" -eq 0 ]
	# Repeated, the last one counts, as for every other option:
	# --stem after --stem=auto is the English stemmer again.
	run --separate-stderr nw-tokenize --stem=auto --stem <<<"$(printf 'a\tlang=de\tDie Abgeordneten')"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'a\tlang=de\tdie abgeordneten')" ]
	run --separate-stderr nw-tokenize --stem --stem auto <<<"$(printf 'a\tlang=de\tDie Abgeordneten')"
	[ "$output" = "$(printf 'a\tlang=de\tdie abgeordnet')" ]
}

@test "the shipped stopword lists: one for each language Snowball has a list for" {
	for l in da de en es fi fr ga hu id it nl no pt ru sv; do
		[ -s "$TOP/share/newswire/stopwords.$l" ]
	done
	run --separate-stderr nw-tokenize -l -w -s de <<<'Der Hund und die Katze'
	[ "$output" = 'hund katze' ]
	run --separate-stderr nw-tokenize -l -w -s ru <<<'Он и она в Москве'
	[ "$output" = 'москве' ]
}

@test "-s auto --stem auto: a stream of many lang= codes with nothing of their own costs no tokenizer each" {
	# 17576 codes of three letters that have no list, no stemmer and
	# no folding of their own are all tokenized as und is: each one
	# used to get a tokenizer of its own (64 KB), 1.1 GB in all.
	awk 'BEGIN { a = "abcdefghijklmnopqrstuvwxyz"
		for (i = 1; i <= 26; i++) for (j = 1; j <= 26; j++)
		for (k = 1; k <= 26; k++) {
			c = substr(a, i, 1) substr(a, j, 1) substr(a, k, 1)
			printf "%s\tlang=%s\tThe Houses\n", c, c
		}
		printf "de\tlang=de\tDie Häuser\nen\tlang=en\tThe Houses\n"
		printf "tr\tlang=tr\tIRAK\n" }' >"$BATS_TEST_TMPDIR/in"
	/usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss" \
	    nw-tokenize -s auto --stem auto "$BATS_TEST_TMPDIR/in" \
	    >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err"
	[ ! -s "$BATS_TEST_TMPDIR/err" ]
	kb=$(tail -n 1 "$BATS_TEST_TMPDIR/rss")
	echo "peak $kb KB"
	[ "$kb" -lt $((64 * 1024)) ]
	[ "$(wc -l <"$BATS_TEST_TMPDIR/out")" -eq 17579 ]
	run grep -c '	the houses$' "$BATS_TEST_TMPDIR/out"
	# Each of the three-letter codes is cut and folded, as und is.
	[ "$output" -eq 17576 ]
	run tail -n 3 "$BATS_TEST_TMPDIR/out"
	[ "$output" = "$(printf 'de\tlang=de\thaus\nen\tlang=en\thous\ntr\tlang=tr\tırak')" ]
}
