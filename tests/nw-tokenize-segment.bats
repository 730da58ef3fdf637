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

@test "segment: Latin glued to Han comes apart; other scripts are left alone" {
	run --separate-stderr nw-tokenize <<<'iPhone在中国很受欢迎, Ελλάδα Россия हिन्दी'
	[ "$status" -eq 0 ]
	[ "$output" = 'iPhone 在 中国 很 受欢迎 , Ελλάδα Россия हिन्दी' ]
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
