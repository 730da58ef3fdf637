#!/usr/bin/env bats
# nw-topic-train: learned topic files, their decisions in nw-topic-score,
# multi-label data, labels from fields and directories, and the errors.
bats_require_minimum_version 1.5.0
load helpers

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

# labelled N [M]: N token records ID<TAB>LABEL<TAB>TEXT in three classes,
# each with six words of its own among common words, seeded; with M,
# every Mth document is about sport and finance, with words of both.
labelled() {
	awk -v n="$1" -v m="${2:-0}" 'BEGIN {
		split("goal match team coach league striker", s, " ")
		split("shares market profit investors bank earnings", f, " ")
		split("rain storm wind flood forecast snow", w, " ")
		split("the a of and in said on today", c, " ")
		srand(7)
		for (d = 1; d <= n; d++) {
			k = d % 3
			lab = k == 0 ? "sport" : k == 1 ? "finance" : "weather"
			both = m > 0 && d % m == 0
			if (both)
				lab = "sport,finance"
			text = ""
			for (i = 0; i < 40; i++) {
				if (rand() < 0.4) {
					x = int(rand() * 6) + 1
					word = k == 0 ? s[x] : k == 1 ? f[x] : w[x]
					if (both)
						word = rand() < 0.5 ? s[x] : f[x]
				} else
					word = c[int(rand() * 8) + 1]
				text = text (i ? " " : "") word
			}
			printf "doc%02d\t%s\t%s\n", d, lab, text
		}
	}'
}

@test "nw-topic-train: one readable topic file per label" {
	labelled 45 >in
	run nw-topic-train --label-field 2 -o out in
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(ls out)" = "$(printf 'finance.topic\nsport.topic\nweather.topic')" ]
	# A header, the bias, then entries by weight: the class's own words
	# first, the other classes' words as evidence against.
	run sed -n 1,4p out/sport.topic
	[ "${lines[0]}" = "# sport: learned by nw-topic-train from 45 documents, 15 of them labelled sport." ]
	[[ "${lines[3]}" =~ ^@bias\ -?[0-9]+\.[0-9]{4}$ ]]
	# Evidence for sport: sport's own words, all six; against: none
	# of them.
	run awk '$1 + 0 > 0 { print $2 }' out/sport.topic
	[ "$(printf '%s\n' "${lines[@]}" | sort | tr '\n' ' ')" = "coach goal league match striker team " ]
	run awk '$1 + 0 < 0 { print $2 }' out/sport.topic
	[ "${#lines[@]}" -gt 0 ]
	for w in "${lines[@]}"; do
		case $w in goal|match|team|coach|league|striker) false ;; esac
	done
	# Weights are sorted, strongest evidence for first.
	grep -E '^-?[0-9]' out/sport.topic | cut -d' ' -f1 | sort -rn -c
}

@test "nw-topic-train: a topic file is replaced whole, through a link, its mode kept" {
	labelled 45 >in
	mkdir out kept
	echo old >kept/sport.topic
	chmod 600 kept/sport.topic
	ln -s ../kept/sport.topic out/sport.topic
	mkfifo out/weather.topic
	run --separate-stderr nw-topic-train --label-field 2 -o out in
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-topic-train: out/weather.topic: not a regular file" ]
	[ -L out/sport.topic ]
	[ -p out/weather.topic ]
	[ "$(head -c 8 kept/sport.topic)" = "# sport:" ]
	[ "$(stat -c %a kept/sport.topic)" = 600 ]
	[ "$(ls out kept)" = "$(printf 'kept:\nsport.topic\n\nout:\nfinance.topic\nsport.topic\nweather.topic')" ]
}

@test "learned files load in nw-topic-score and reproduce the training decisions" {
	labelled 45 >in
	nw-topic-train --label-field 2 -o out in
	run nw-topic-score -T out --list
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	nw-topic-score -T out -k 1 --best in | cut -f 1,2 >decided
	cut -f 1,2 in | diff -u - decided
	# Documents of new text, scored alone.
	printf 'a\tthe striker and the coach said the team lost the match\n' >new
	printf 'b\tinvestors sold shares as bank earnings fell\n' >>new
	run nw-topic-score -T out -k 1 new
	[ "$(cut -f 1,2 <<<"$output")" = "$(printf 'a\tsport\nb\tfinance')" ]
}

@test "nw-topic-train: the same documents in another order give the same topics" {
	labelled 90 4 >in
	tac in >reversed
	awk 'NR % 2' in >odd
	awk 'NR % 2 == 0' in | cat - odd >interleaved
	nw-topic-train --label-field 2 -o a in
	for f in reversed interleaved; do
		rm -rf b
		nw-topic-train --label-field 2 -o b $f
		diff -r a b
	done
	# And the topics are not empty: there was something to reorder.
	[ "$(grep -c '^[0-9-]' a/sport.topic)" -gt 5 ]
}

@test "nw-topic-train: a phrase starting with weak is quoted and reads back" {
	mkdir -p corpus/a corpus/b
	for i in 1 2 3 4 5 6 7 8; do
		printf 'The weak link broke. The weak link failed.\n' >corpus/a/$i.txt
		printf 'The link failed. The weak one broke.\n' >corpus/b/$i.txt
	done
	nw-split corpus | nw-normalize | nw-tokenize -l -w | nw-topic-train -o topics
	run grep weak topics/a.topic
	[ "$output" = "$(printf '1.2148 "weak link"\n-0.8453 "weak one"')" ]
	# Read as the phrase, a strong entry, not as a weak "link".
	run nw-topic-score -T topics --list
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'a\t3\ttopics/a.topic\nb\t3\ttopics/b.topic')" ]
	printf 'd\tthe weak link\n' >doc
	run nw-topic-score -T topics --explain doc
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'd\ta\t0.109\t1\tweak link:1')" ]
}

@test "nw-topic-train: a token with a '*' is no prefix entry: it does not read back, and is left out" {
	# Tokens not cut by nw-tokenize -l -w: "abc*" in half of the pos
	# documents, "omega" in the other half, "abcdN" in each neg one.
	awk 'BEGIN {
		f = "alpha beta gamma delta epsilon zeta eta theta"
		for (i = 0; i < 30; i++) {
			printf "c/pos/%d\t%s %s %s\n", i, f,
			    i % 2 ? "omega" : "abc*", f
			printf "c/neg/%d\t%s abcd%d %s\n", i, f, i, f
		}
	}' >in
	run --separate-stderr nw-topic-train --no-pairs -o out in
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	run grep -c '[*"]' out/pos.topic
	[ "$output" = 0 ]
	[ "$(awk '$1 + 0 > 0 { print $2 }' out/pos.topic)" = omega ]
	# No neg document is filed under pos, as "abc*" read as a prefix
	# would have every one of them.
	run nw-topic-score -T out -k 1 --best in
	[ "$status" -eq 0 ]
	[ "$(grep -c '^c/neg/[0-9]*	neg	' <<<"$output")" = 30 ]
}

# one_in_three TERM: two classes of 30; TERM in a third of the pos
# documents, "omega" in the rest, a word of its own in each neg one.
one_in_three() {
	awk -v term="$1" 'BEGIN {
		f = "alpha beta gamma delta epsilon zeta eta theta"
		for (i = 0; i < 30; i++) {
			printf "c/pos/%d\t%s %s %s\n", i, f,
			    i % 3 ? "omega" : term, f
			printf "c/neg/%d\t%s abcd%d %s\n", i, f, i, f
		}
	}'
}

@test "nw-topic-train: a term that cannot be written is not fitted: the topics are those of a corpus without it" {
	# "abc*" reads back as "abc", "Omega" as "omega", an entry in more
	# documents.  Left out before fitting, the term weighs nothing: the
	# files are those learned with the number "12345", no entry, in its
	# place.
	one_in_three 12345 >without
	nw-topic-train --no-pairs -o out-without without
	for term in 'abc*' Omega; do
		one_in_three "$term" >in
		rm -rf out
		run --separate-stderr nw-topic-train --no-pairs -o out in
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		diff -r out-without out
	done
	[ "$(awk '$1 + 0 > 0 { print $1, $2 }' out/pos.topic)" = "2.1660 omega" ]
}

@test "nw-topic-train: amounts and digits of any script are numbers, not entries" {
	# "£100" and Arabic-Indic "٣٤" in half of the pos documents, "café"
	# in the other half; "$100" and "34" in every neg one.
	awk 'BEGIN {
		f = "alpha beta gamma delta epsilon zeta eta theta"
		for (i = 0; i < 30; i++) {
			printf "c/pos/%d\t%s %s %s\n", i, f,
			    i % 2 ? "caf\303\251" : "\302\243100 \331\243\331\244", f
			printf "c/neg/%d\t%s $100 34 %s\n", i, f, f
		}
	}' >in
	run --separate-stderr nw-topic-train --no-pairs -o out in
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	# A letter outside ASCII makes a word.
	[ "$(awk '$1 + 0 > 0 { print $2 }' out/pos.topic)" = "$(printf 'caf\303\251')" ]
	# No entry without a letter: no "£100", "٣٤", "$100" or "34".
	run grep -cE '^-?[0-9.]+ [^a-z]*$' out/pos.topic
	[ "$output" = 0 ]
}

@test "nw-topic-score --best gives a document with no topic above 0 its best one" {
	mkdir t
	printf '@bias -30\n2 alpha\n1 beta\n' >t/x.topic
	printf '@bias -25\n1 gamma\n' >t/y.topic
	printf 'd\talpha beta\n' >in
	run nw-topic-score -T t in
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# alpha and beta found once each in a document of two tokens:
	# (2 + 1) * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 2 / 500)) - 30 = -24.937
	run nw-topic-score -T t --best in
	[ "$output" = "$(printf 'd\tx\t-1.247\t2')" ]
	# Nothing found: the bias alone decides.
	printf 'e\tdelta\n' >in
	run nw-topic-score -T t --best in
	[ "$output" = "$(printf 'e\ty\t-1.250\t0')" ]
	# A topic above 0 is written as always, and --best adds nothing.
	printf '@bias 10\n1 delta\n' >t/z.topic
	run nw-topic-score -T t --best in
	[ "$output" = "$(printf 'e\tz\t0.584\t1')" ]
}

@test "@bias: read once, a number in range" {
	printf '@bias 1\n@bias 2\n1 word\n' >a.topic
	run nw-topic-score -T a.topic /dev/null
	[ "$status" -eq 2 ]
	[ "$output" = "nw-topic-score: a.topic: line 2: second @bias (first at line 1)" ]
	printf '@bias x\n1 word\n' >b.topic
	run nw-topic-score -T b.topic /dev/null
	[ "$output" = "nw-topic-score: b.topic: line 1: @bias needs a number" ]
	printf '@bias 1001\n1 word\n' >c.topic
	run nw-topic-score -T c.topic /dev/null
	[ "$output" = "nw-topic-score: c.topic: line 1: bias out of range (-1000 to 1000)" ]
	# Only "@bias NUMBER" is a directive: other @words are terms.
	printf '1 @bias\n1 @home\n' >d.topic
	run nw-topic-score -T d.topic --list
	[ "$status" -eq 0 ]
	[ "${output#*	}" = "2	d.topic" ]
}

@test "nw-topic-train: multi-label documents, labels comma-separated" {
	# Every fifth document is about sport and finance at once.
	labelled 60 5 >multi
	nw-topic-train --label-field 2 -o out multi
	grep -q '^@bias' out/finance.topic
	# Each document gets exactly its labels: every topic above 0.
	nw-topic-score -T out multi | cut -f 1,2 | sort >got
	awk -F '\t' '{ n = split($2, l, ","); for (i = 1; i <= n; i++)
	    print $1 "\t" l[i] }' multi | sort >want
	diff -u want got
	[ "$(grep -c 'sport,finance' multi)" -eq 12 ]
}

@test "nw-topic-train: labels from a named field and from directories" {
	labelled 45 | awk -F '\t' -v OFS='\t' '{ print $1, "1", "topic=" $2, $3 }' >named
	nw-topic-train --label-field topic -o a named
	labelled 45 | while IFS=$'\t' read -r id lab text; do
		mkdir -p "corpus/$lab"
		printf '%s\n' "$text" >"corpus/$lab/$id.txt"
	done
	nw-split corpus | nw-tokenize -l -w | nw-topic-train -o b
	[ "$(ls a)" = "$(ls b)" ]
	[ "$(ls b)" = "$(printf 'finance.topic\nsport.topic\nweather.topic')" ]
	# An archive's members: the dump's name is not part of the label.
	(cd corpus && tar czf ../labelled.tar.gz sport finance weather)
	nw-split labelled.tar.gz | nw-tokenize -l -w | nw-topic-train -o c
	[ "$(ls c)" = "$(ls b)" ]
}

@test "nw-topic-train: the directory of archive, JSON, WARC and URL ids" {
	labelled 48 | awk -F '\t' -v OFS='\t' '{
		k = NR % 5
		if (k == 0) id = "dump.tar.gz:" $2 "/" $1 ".txt"
		if (k == 1) id = "in/dump.tar:" $2 "/" $1 ".txt"
		if (k == 2) id = "corpus/" $2 "/news.jsonl:" NR
		if (k == 3) id = "https://news.example:8080/world/" $2 "/" $1
		if (k == 4) id = "corpus/" $2 "/crawl.warc#" NR
		print id, $3 }' >ids
	run nw-topic-train -o out ids
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(ls out)" = "$(printf 'finance.topic\nsport.topic\nweather.topic')" ]
	# A member at the top of an archive, a URL's host and port: no
	# directory, no label.
	printf 'dump.tar.gz:a.txt\tgoal\nhttps://sport.example:8080/goal\tgoal\n' >>ids
	run nw-topic-train -o out ids
	[ "$status" -eq 1 ]
	[ "$output" = "nw-topic-train: 2 documents without a label, not learned from" ]
}

@test "nw-topic-train: a ':' ends an archive's name only after an archive's suffix or '-'" {
	# Directories named uk:sport and us:sport are two labels, not one.
	labelled 48 | awk -F '\t' -v OFS='\t' '{
		print "corpus/" (NR % 2 ? "uk:" : "us:") $2 "/" $1 ".txt", $3
	}' >ids
	run --separate-stderr nw-topic-train -o out ids
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(ls out)" = "$(printf '%s\n' uk:finance.topic uk:sport.topic \
	    uk:weather.topic us:finance.topic us:sport.topic us:weather.topic)" ]
	[ "$(head -1 out/uk:sport.topic)" = "# uk:sport: learned by nw-topic-train from 48 documents, 8 of them labelled uk:sport." ]
	# Archives, whatever the case of their suffix, and standard input.
	labelled 48 | awk -F '\t' -v OFS='\t' '{
		split("-: in/DUMP.ZIP: a:b/dump.tar.zst: x.tgz: d.7z: c:d.tar:", a, " ")
		print a[NR % 6 + 1] $2 "/" $1 ".txt", $3
	}' >ids
	run --separate-stderr nw-topic-train -o arch ids
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(ls arch)" = "$(printf 'finance.topic\nsport.topic\nweather.topic')" ]
}

@test "nw-topic-train: a URL id's query and fragment are not part of its path" {
	labelled 45 | awk -F '\t' -v OFS='\t' '{
		k = NR % 3
		if (k == 0) id = "https://news.example/" $2 "/" $1 "?ref=/home/feed"
		if (k == 1) id = "https://news.example/" $2 "/" $1 "#comments/top"
		if (k == 2) id = "https://news.example/" $2 "/" $1 "?a=b#c/d"
		print id, $3 }' >ids
	run nw-topic-train -o out ids
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(ls out)" = "$(printf 'finance.topic\nsport.topic\nweather.topic')" ]
	# No directory before the query or the fragment: no label.
	printf 'https://news.example/story1#comments/top\tgoal\nhttps://news.example/story2?ref=/home/feed\tgoal\nhttps://news.example?ref=/home/feed\tgoal\n' >none
	run nw-topic-train -o none.out none
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "nw-topic-train: 3 documents without a label, not learned from" ]
	[ "${lines[1]}" = "nw-topic-train: no labelled document to learn from" ]
	[ "${#lines[@]}" -eq 2 ]
	[ -z "$(ls -A none.out)" ]
}

@test "nw-topic-train: blanks around a label are left out, in --labels and in a document" {
	labelled 45 >in
	run nw-topic-train --label-field 2 --labels $'sport, finance ,\tweather' -o out in
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(ls out)" = "$(printf 'finance.topic\nsport.topic\nweather.topic')" ]
	# Given twice, the lists add up.
	run nw-topic-train --label-field 2 --labels sport --labels finance,weather -o twice in
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(ls twice)" = "$(printf 'finance.topic\nsport.topic\nweather.topic')" ]
	labelled 45 | awk -F '\t' -v OFS='\t' '{ print $1, "1", "desk=news, " $2 " ", $3 }' >named
	run nw-topic-train --label-field desk --labels news,sport,finance,weather -o named.out named
	[ "$status" -eq 1 ]
	[ "$output" = "nw-topic-train: label news: every document has it: no topic written" ]
	[ "$(ls named.out)" = "$(printf 'finance.topic\nsport.topic\nweather.topic')" ]
	# The file-name check is made on the label as it is used.
	labelled 45 | awk -F '\t' -v OFS='\t' '{
		print $1, $2 ($2 == "sport" ? ", .hidden" : ""), $3 }' >hidden
	run nw-topic-train --label-field 2 -o hidden.out hidden
	[ "$status" -eq 1 ]
	[ "$output" = "nw-topic-train: 15 documents with a label that cannot name a file (a '/' or a leading '.'), not learned from: .hidden" ]
	[ "$(ls -A hidden.out)" = "$(printf 'finance.topic\nweather.topic')" ]
}

@test "nw-topic-train: a *.topic in the directory that nw-topic-score would refuse is said to be, exit 1" {
	labelled 45 >in
	mkdir out out/sub.topic
	ln -s gone.topic out/old.topic
	mkfifo out/pipe.topic
	run --separate-stderr nw-topic-train --label-field 2 -o out in
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-topic-train: out/old.topic: not a regular file, which nw-topic-score -T out refuses: remove it
nw-topic-train: out/pipe.topic: not a regular file, which nw-topic-score -T out refuses: remove it" ]
	rm out/old.topic out/pipe.topic
	run --separate-stderr nw-topic-train --label-field 2 -o out in
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	run nw-topic-score -T out --list
	[ "$status" -eq 0 ]
}

@test "nw-topic-train: a *.topic whose name nw-topic-score refuses is said to be" {
	labelled 45 >in
	mkdir out
	# Named in Latin-1: "loads it", said nw-topic-train, exit 0.
	printf '1 caf\xc3\xa9\n' >out/"$(printf 'caf\351.topic')"
	printf '1 tab\n' >out/"$(printf 'a\tb.topic')"
	run --separate-stderr nw-topic-train --label-field 2 -o out in
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-topic-train: out/a\\tb.topic: TAB or newline in the \
topic name, which nw-topic-score -T out refuses: remove it
nw-topic-train: out/caf\\351.topic: the topic name is not valid UTF-8, \
which nw-topic-score -T out refuses: remove it" ]
	run nw-topic-score -T out --list
	[ "$status" -eq 2 ]
}

@test "nw-topic-train: training data errors are told, not skipped silently" {
	labelled 45 >in
	printf 'nolabel\n' >>in
	run nw-topic-train --label-field 3 -o out in
	[ "$status" -eq 1 ]
	run nw-topic-train --label-field 2 -o out in
	[ "$status" -eq 1 ]
	[ "$output" = "nw-topic-train: 1 document without a label, not learned from" ]
	labelled 45 >in
	run nw-topic-train --label-field 2 --labels sport,finance -o out in
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf '%s\n' \
	    "nw-topic-train: 15 documents with a label not in --labels, not learned from: weather" \
	    "nw-topic-train: out: 1 topic file not written by this run, left as it was (nw-topic-score -T out loads it): weather.topic")" ]
	[ "$(ls out | wc -l)" -eq 3 ]
	# A label of --labels that no document has is one with too few.
	run nw-topic-train --label-field 2 --labels sport,finance,weather,politics -o listed in
	[ "$status" -eq 1 ]
	[ "$output" = "nw-topic-train: label politics: 0 documents, fewer than 5: no topic written" ]
	[ "$(ls listed)" = "$(printf 'finance.topic\nsport.topic\nweather.topic')" ]
	labelled 45 | head -4 >few
	run nw-topic-train --label-field 2 -o few.out few
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "nw-topic-train: label finance: 2 documents, fewer than 5: no topic written" ]
	printf 'x\t../up\ttext\n' >bad
	run nw-topic-train --label-field 2 -o bad.out bad
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "nw-topic-train: 1 document with a label that cannot name a file (a '/' or a leading '.'), not learned from: ../up" ]
	[ "${lines[1]}" = "nw-topic-train: no labelled document to learn from" ]
}

@test "nw-topic-train: a label with no topic says why: no candidate entry, none kept at this -C, or none for it within -m" {
	# Words that tell the two documents apart, which the L1 fit at
	# C=1 does not keep on two documents: not "no word tells its
	# documents apart", which is untrue, but what to change.
	printf 'd1\tsport\tgoal match\nd2\tfinance\tshares bank\n' >two
	run --separate-stderr nw-topic-train --label-field 2 --min-examples 1 --min-df 1 -o out two
	[ "$status" -eq 1 ]
	[ "$stderr" = "$(printf '%s\n' \
	    'nw-topic-train: label sport: the fit at -C 1 kept no entry for it (a larger -C keeps more): no topic written' \
	    'nw-topic-train: label finance: the fit at -C 1 kept no entry for it (a larger -C keeps more): no topic written')" ]
	run --separate-stderr nw-topic-train --label-field 2 --min-examples 1 --min-df 1 -C 100 -o out two
	[ "$status" -eq 0 ]
	[ "$(ls out)" = "$(printf 'finance.topic\nsport.topic')" ]
	# The fit keeps entries for sport, but its strongest is against it:
	# -m 1 is what to change, not -C.
	for i in 1 2 3 4 5 6; do
		printf 'd%s\tsport\tthe team won the match goal football player coach league\n' $i
		printf 'e%s\tbiz\tthe bank shares market profit company economy growth\n' $i
	done >desk
	run --separate-stderr nw-topic-train --label-field 2 -m 1 -C 1000 -o m1 desk
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-topic-train: label sport: the fit's strongest entry (-m 1) is evidence against it: no topic written (a larger -m keeps more)" ]
	[ "$(ls m1)" = 'biz.topic' ]
	run --separate-stderr nw-topic-train --label-field 2 -o m300 desk
	[ "$status" -eq 0 ]
	[ "$(ls m300)" = "$(printf 'biz.topic\nsport.topic')" ]
	# No word in --min-df documents: no candidate at all.
	labelled 45 >in
	run --separate-stderr nw-topic-train --label-field 2 --min-df 46 -o out2 in
	[ "$status" -eq 1 ]
	[ "$stderr" = "$(printf '%s\n' \
	    'nw-topic-train: label finance: no candidate entry: no word with a letter is in 46 or more documents (--min-df): no topic written' \
	    'nw-topic-train: label weather: no candidate entry: no word with a letter is in 46 or more documents (--min-df): no topic written' \
	    'nw-topic-train: label sport: no candidate entry: no word with a letter is in 46 or more documents (--min-df): no topic written')" ]
	# Candidates, none of which can be written: tokens left whole
	# that are no term of a topic file.
	labelled 45 | awk -F '\t' -v OFS='\t' '{ gsub(/ /, "* ", $3); print $1, $2, $3 "*" }' >star
	run --separate-stderr nw-topic-train --label-field 2 -o out3 star
	[ "$status" -eq 1 ]
	[ "${#stderr_lines[@]}" -eq 3 ]
	[ "${stderr_lines[0]}" = 'nw-topic-train: label finance: no candidate entry reads back as a term (tokens not from nw-tokenize -l -w?): no topic written' ]
}

@test "nw-topic-train: topic files in -o that this run did not write are named, not passed over" {
	# Trained again into the same directory, a label that is gone, or
	# that has too few documents now, leaves its old file, which
	# nw-topic-score -T loads with the new ones.
	labelled 45 >in
	run --separate-stderr nw-topic-train --label-field 2 -o out in
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	labelled 45 | sed 's/	weather	/	climate	/' >in2
	printf '1 x\n' >out/handmade.topic
	run --separate-stderr nw-topic-train --label-field 2 -o out in2
	[ "$status" -eq 0 ]
	[ "$stderr" = "nw-topic-train: out: 2 topic files not written by this run, left as they were (nw-topic-score -T out loads them): handmade.topic, weather.topic" ]
	[ "$(ls out)" = "$(printf 'climate.topic\nfinance.topic\nhandmade.topic\nsport.topic\nweather.topic')" ]
	# A label with too few documents now: its old file is named too.
	labelled 45 | awk -F '\t' '$2 != "sport" || ++n <= 2' >in3
	run --separate-stderr nw-topic-train --label-field 2 -o out in3
	[ "$status" -eq 1 ]
	[ "${stderr_lines[0]}" = "nw-topic-train: label sport: 2 documents, fewer than 5: no topic written" ]
	[ "${stderr_lines[1]}" = "nw-topic-train: out: 3 topic files not written by this run, left as they were (nw-topic-score -T out loads them): climate.topic, handmade.topic, sport.topic" ]
}

@test "nw-topic-train: a label left out is named, the first three of them, and the others counted" {
	printf 'a\tfoo\tword\nb\tbaz\tword\n' >one
	run --separate-stderr nw-topic-train --label-field 2 --labels foo -o one.out one
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "$(printf '%s\n' \
	    "nw-topic-train: 1 document with a label not in --labels, not learned from: baz" \
	    "nw-topic-train: label foo: 1 document, fewer than 5: no topic written")" ]
	printf 'a\t.hidden\tword\nb\tsp/ort\tword\nc\tsp/ort\tword\n' >names
	run --separate-stderr nw-topic-train --label-field 2 -o names.out names
	[ "$status" -eq 1 ]
	[ "$stderr" = "$(printf '%s\n' \
	    "nw-topic-train: 3 documents with a label that cannot name a file (a '/' or a leading '.'), not learned from: .hidden, sp/ort" \
	    "nw-topic-train: no labelled document to learn from")" ]
	# Each label once, in the order met; past three, a count.
	printf '%s\tfoo, q%s\tword\n' a 1 b 2 c 1 d 3 e 4 f 5 >many
	run --separate-stderr nw-topic-train --label-field 2 --labels foo -o many.out many
	[ "$status" -eq 1 ]
	[ "$stderr" = "$(printf '%s\n' \
	    "nw-topic-train: 6 documents with a label not in --labels, not learned from: q1, q2, q3 and 2 more" \
	    "nw-topic-train: no labelled document to learn from")" ]
	[ -z "$(ls -A many.out)" ]
}

# entries FILE: the terms of a topic file's entries, one a line.
entries() {
	sed -n 's/^-\{0,1\}[0-9][0-9.]* //p' "$1"
}

@test "nw-topic-train: -s: no entry is a stopword or a pair with one" {
	# Sport's documents end "Against the odds", not case-folded.
	labelled 45 | awk -F '\t' -v OFS='\t' \
	    '$2 == "sport" { $3 = $3 " Against the odds" } 1' >in
	# Without a list, function words are entries: evidence all the same.
	run --separate-stderr nw-topic-train --label-field 2 -o all in
	[ "$status" -eq 0 ]
	entries all/sport.topic >terms
	for t in 'Against' 'Against the' 'said' 'and'; do
		grep -qx "$t" terms || { echo "no entry $t"; false; }
	done
	# -s en: no entry is a word of the list, folded, or has one in it;
	# "odds", which "Against" and "Against the" shadowed, is one.
	run --separate-stderr nw-topic-train --label-field 2 -s en -o en in
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(ls en)" = "$(printf 'finance.topic\nsport.topic\nweather.topic')" ]
	entries en/sport.topic | grep -qx odds
	cat en/*.topic | entries /dev/stdin | tr ' A-Z' '\na-z' | sort -u >words
	sed 's/#.*//; s/[[:blank:]]//g; /^$/d' \
	    "$TOP/share/newswire/stopwords.en" | sort -u >stop
	[ "$(wc -l <words)" -gt 10 ]
	[ -z "$(comm -12 words stop)" ]
	# A pair that begins with a word of the list is no entry, one that
	# only has the next word, "the odds", still can be.
	printf 'against\n' >against
	run --separate-stderr nw-topic-train --label-field 2 -s ./against \
	    -o a in
	[ "$status" -eq 0 ]
	entries a/sport.topic >terms
	[ -z "$(grep -Ex 'Against|Against the' terms)" ]
	grep -qx 'the odds' terms
	# One that ends with one is none either; entries are folded.
	printf '# a comment\n  THE  \n' >the
	run --separate-stderr nw-topic-train --label-field 2 -s ./the -o b in
	[ "$status" -eq 0 ]
	[ -z "$(entries b/sport.topic | grep -E '(^| )the( |$)')" ]
	# Given again, the lists add up: as one file holding both.
	cat against the >both
	nw-topic-train --label-field 2 -s ./against --stopwords ./the -o two in
	nw-topic-train --label-field 2 -s ./both -o one in
	diff -r one two
	# An empty list takes nothing out: the topics of no -s.
	nw-topic-train --label-field 2 -s /dev/null -o none in
	diff -r all none
}

@test "nw-topic-train: every word a stopword is said, as no candidate entry" {
	labelled 45 >in
	cut -f3 in | tr ' ' '\n' | sort -u >every
	run --separate-stderr nw-topic-train --label-field 2 -s ./every -o x in
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 3 ]
	want="nw-topic-train: label finance: no candidate entry: no word with"
	want+=" a letter, not a stopword (-s), is in 3 or more documents"
	want+=" (--min-df): no topic written"
	[ "${stderr_lines[0]}" = "$want" ]
	[ -z "$(ls x)" ]
}

@test "nw-topic-train: a -s list that cannot be read is a usage error" {
	labelled 45 >in
	# Worded and exiting as in nw-tokenize and nw-clean.
	run --separate-stderr nw-topic-train --label-field 2 \
	    -s "$BATS_TEST_TMPDIR/nonesuch" -o x in
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	want="nw-topic-train: $BATS_TEST_TMPDIR/nonesuch:"
	want+=" No such file or directory"
	[ "$stderr" = "$want" ]
	# Found before any input is read or -o made; a second list too.
	[ ! -e x ]
	run --separate-stderr nw-topic-train --label-field 2 -s en -s ./ -o x in
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-topic-train: ./: Is a directory" ]
	[ ! -e x ]
	# Lower-case letters alone name a shipped list, even beside a file
	# of that name; the message says how to name the file.
	printf 'the\n' >xx
	run --separate-stderr nw-topic-train --label-field 2 -s xx -o x in
	[ "$status" -eq 2 ]
	want="nw-topic-train: -s xx: no list stopwords.xx is shipped;"
	want+=" a file is named by a path, as ./xx"
	[ "$stderr" = "$want" ]
	run --separate-stderr nw-topic-train --label-field 2 --stopwords= \
	    -o x in
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-topic-train: -s: empty list name" ]
	[ ! -e x ]
}

@test "nw-topic-train: usage errors" {
	run nw-topic-train in
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "nw-topic-train: -o is required" ]
	run nw-topic-train -C 0 -o x
	[ "$status" -eq 2 ]
	[ "$output" = "nw-topic-train: -C: 0: too small (allowed: above 0, at most 1000000)" ]
	run nw-topic-train --min-llr 1e3 -o x
	[ "$status" -eq 2 ]
	[ "$output" = "nw-topic-train: --min-llr: 1e3: invalid (allowed: 0 to 1000000)" ]
	run nw-topic-train -m ' 3' -o x
	[ "$status" -eq 2 ]
	[ "$output" = "nw-topic-train: -m:  3: invalid (allowed: 1 to 1000000)" ]
	run nw-topic-train -m 0 -o x
	[ "$status" -eq 2 ]
	[ "$output" = "nw-topic-train: -m: 0: too small (allowed: 1 to 1000000)" ]
	run nw-topic-train --label-field 1 -o x
	[ "$status" -eq 2 ]
	run nw-topic-train -h
	[ "$status" -eq 0 ]
	want="usage: nw-topic-train [-h] [-C cost] [-m N] [-s list]"
	[ "${lines[0]}" = "$want" ]
	printf '%s\n' "${lines[@]}" |
	    grep -qx '  -s, --stopwords LIST  no entry has a word of LIST in it'
	run nw-topic-train -o /dev/null/x /dev/null
	[ "$status" -eq 1 ]
	[ "$output" = "nw-topic-train: /dev/null/x: Not a directory" ]
	run nw-topic-train -o '' in
	[ "$status" -eq 2 ]
	[ "$output" = "nw-topic-train: -o: empty path" ]
	run nw-topic-train -o - in
	[ "$status" -eq 2 ]
	[ "$output" = "nw-topic-train: -o: -: the topics are files written into a directory (allowed: a path; ./- for one called -)" ]
	[ ! -e - ]
	run nw-topic-train --label-field '' -o x in
	[ "$status" -eq 2 ]
	[ "$output" = "nw-topic-train: --label-field: empty name" ]
	[ ! -e x ]
	# A name no named field has would leave every document unlabelled.
	for f in Topic topic= -topic 'to pic'; do
		run nw-topic-train --label-field "$f" -o x in
		[ "$status" -eq 2 ]
		[ "$output" = "nw-topic-train: --label-field: $f: invalid (allowed: a field number from 2, or a name: a-z, 0-9 and -, from a letter)" ]
		[ ! -e x ]
	done
	# --labels with no label in it, or one that cannot name a topic
	# file, is found before any input is read: such a list could only
	# refuse every document, or report a label its documents have as
	# one with none.
	labelled 45 | sed 's/	weather	/	.x	/' >dotx
	run --separate-stderr nw-topic-train --label-field 2 --labels '' -o x dotx
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-topic-train: --labels: no label in the list" ]
	run --separate-stderr nw-topic-train --label-field 2 --labels ' , ' -o x dotx
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-topic-train: --labels: no label in the list" ]
	run --separate-stderr nw-topic-train --label-field 2 --labels 'sport, .x,finance' -o x dotx
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-topic-train: --labels: .x: cannot name a file (a '/' or a leading '.')" ]
	run --separate-stderr nw-topic-train --label-field 2 --labels 'sport,a/b' -o x dotx
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-topic-train: --labels: a/b: cannot name a file (a '/' or a leading '.')" ]
	[ ! -e x ]
	# -o naming a file is found before any input is read (none here).
	labelled 45 >in
	touch afile
	run nw-topic-train --label-field 2 -o afile in missing
	[ "$status" -eq 1 ]
	[ "$output" = "nw-topic-train: afile: Not a directory" ]
}

@test "nw-topic-train: a path's empty and '.' components name no directory" {
	# nw-split corpus/sport// and nw-split corpus/sport/. write such ids;
	# the directory they name is sport all the same.
	labelled 48 | awk -F '\t' -v OFS='\t' '{
		k = NR % 4
		if (k == 0) id = "corpus/" $2 "//" $1 ".txt"
		if (k == 1) id = "corpus/" $2 "/./" $1 ".txt"
		if (k == 2) id = "corpus/" $2 "/.//./" $1 ".txt"
		if (k == 3) id = "dump.tar:./" $2 "//" $1 ".txt"
		print id, $3 }' >ids
	run --separate-stderr nw-topic-train -o out ids
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(ls out)" = "$(printf '%s\n' finance.topic sport.topic \
	    weather.topic)" ]
	# A path of nothing but such components before its file has none.
	printf './/a.txt\tgoal\n' >>ids
	run nw-topic-train -o out ids
	[ "$status" -eq 1 ]
	[ "$output" = "nw-topic-train: 1 document without a label, not \
learned from" ]
}

@test "nw-topic-train: a bias that rounds to nothing is written 0.0000, not -0.0000" {
	cd "$BATS_TEST_TMPDIR"
	# Two labels mirroring each other: the fit's bias is next to 0.
	awk 'BEGIN {
		for (i = 1; i <= 40; i++) {
			printf "c/a/%d\tarmy troops war word%d tank%d\n", i, i % 7, i % 3
			printf "c/b/%d\tgoal match play%d team war\n", i, i % 5
		}
	}' >in
	run -0 --separate-stderr nw-topic-train --min-df 2 -o t in
	[ "$(sed -n 4p t/a.topic)" = "@bias 0.0000" ]
	[ "$(sed -n 4p t/b.topic)" = "@bias 0.0000" ]
}

@test "nw-topic-train -o DIR//: the files in it are named DIR/NAME" {
	cd "$BATS_TEST_TMPDIR"
	awk 'BEGIN {
		for (i = 1; i <= 10; i++) {
			printf "c/a/%d\tarmy troops war word%d\n", i, i % 3
			printf "c/b/%d\tgoal match team play%d\n", i, i % 4
		}
	}' >in
	mkdir -p t/a.topic
	printf '1 x\n' >t/z.topic
	run -1 --separate-stderr nw-topic-train --min-df 2 -o t// in
	[ "$stderr" = "nw-topic-train: t/a.topic: not a regular file
nw-topic-train: t: 1 topic file not written by this run, left as it was (nw-topic-score -T t loads it): z.topic" ]
	[ -f t/b.topic ]
}
