#!/usr/bin/env bats
# nw-trend: input shapes and dates, normalisation, each spike rule on
# hand-made series (one, two and three days of history, the window, the
# weekly season), alerts once per spike across runs, the report, errors.
bats_require_minimum_version 1.5.0
load helpers

T=$(printf '\t')

# day DATE TOPIC:N...: N score lines of TOPIC dated DATE, one document
# each, with ids DATE-TOPIC-I.
day() {
	awk 'BEGIN {
		for (i = 2; i < ARGC; i++) {
			split(ARGV[i], a, ":")
			for (j = 1; j <= a[2]; j++)
				printf "%s-%s-%d\tdate=%s\t%s\t1.000\t1\n",
				    ARGV[1], a[1], j, ARGV[1], a[1]
		}
	}' "$@"
}

# days FIRST N SPEC...: day for N consecutive days from FIRST.
days() {
	local first=$1 n=$2 i
	shift 2
	for ((i = 0; i < n; i++)); do
		day "$(date -u -d "$first + $i days" +%F)" "$@"
	done
}

# The spike column of the last line for TOPIC.
flag_of() {
	awk -F '\t' -v t="$1" '$2 == t { f = $NF } END { print f }'
}

@test "nw-trend: -h lists every option, --version" {
	run nw-trend -h
	[ "$status" -eq 0 ]
	for o in -a --alert -d --date-field --date -f --format -h --help \
	    -m --min-documents -n --last -p --period -r --ratio --report \
	    -s --state --strict --totals --version -w --window -z; do
		[[ "$output" == *" $o"* ]] || { echo "missing $o"; false; }
	done
	run nw-trend --version
	[ "$status" -eq 0 ]
	[ "$output" = "nw-trend (newswire) 0.1.0" ]
}

@test "nw-trend: one, two and three days of history, exactly" {
	printf '%s\n' \
	    "a1${T}date=2026-11-02${T}sport${T}1.000${T}3" \
	    "a2${T}date=2026-11-02${T}health${T}0.500${T}2" \
	    "b1${T}date=2026-11-03${T}sport${T}1.000${T}3" \
	    "b2${T}date=2026-11-03${T}health${T}1.000${T}2" \
	    "c1${T}date=2026-11-04${T}sport${T}1.000${T}3" \
	    "c1${T}date=2026-11-04${T}health${T}2.000${T}1" \
	    "c2${T}date=2026-11-04${T}sport${T}3.000${T}2" >"$BATS_TEST_TMPDIR/s"
	run --separate-stderr nw-trend "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' \
	    "2026-11-02${T}health${T}1${T}500.000${T}0.500${T}-${T}-${T}-${T}0${T}-" \
	    "2026-11-02${T}sport${T}1${T}500.000${T}1.000${T}-${T}-${T}-${T}0${T}-" \
	    "2026-11-03${T}health${T}1${T}500.000${T}1.000${T}500.000${T}1.00${T}0.00${T}1${T}-" \
	    "2026-11-03${T}sport${T}1${T}500.000${T}1.000${T}500.000${T}1.00${T}0.00${T}1${T}-" \
	    "2026-11-04${T}health${T}1${T}500.000${T}2.000${T}500.000${T}1.00${T}0.00${T}2${T}-" \
	    "2026-11-04${T}sport${T}2${T}1000.000${T}2.000${T}500.000${T}2.00${T}1.00${T}2${T}-")" ]
}

@test "nw-trend: the first day has no baseline and is never a spike" {
	day 2026-11-02 sport:500 other:1 >"$BATS_TEST_TMPDIR/s"
	run nw-trend "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "2026-11-02${T}sport${T}500${T}998.004${T}1.000${T}-${T}-${T}-${T}0${T}-" ]
}

@test "nw-trend: second day, Poisson spread: 20 expected, 36 is a spike, 35 is not" {
	{ day 2026-11-02 sport:20 other:80
	  day 2026-11-03 sport:36 other:64; } >"$BATS_TEST_TMPDIR/a"
	{ day 2026-11-02 sport:20 other:80
	  day 2026-11-03 sport:35 other:65; } >"$BATS_TEST_TMPDIR/b"
	run nw-trend "$BATS_TEST_TMPDIR/a"
	[ "${lines[3]}" = "2026-11-03${T}sport${T}36${T}360.000${T}1.000${T}200.000${T}1.80${T}3.58${T}1${T}spike" ]
	run nw-trend "$BATS_TEST_TMPDIR/b"
	[ "${lines[3]}" = "2026-11-03${T}sport${T}35${T}350.000${T}1.000${T}200.000${T}1.75${T}3.35${T}1${T}-" ]
}

@test "nw-trend: third day, the median of two and their spread" {
	# History 20% and 40%: baseline 30%, spread 1.4826 * 10% = 14.8%.
	{ day 2026-11-02 sport:20 other:80
	  day 2026-11-03 sport:40 other:60
	  day 2026-11-04 sport:90 other:10; } >"$BATS_TEST_TMPDIR/s"
	run nw-trend "$BATS_TEST_TMPDIR/s"
	[ "${lines[5]}" = "2026-11-04${T}sport${T}90${T}900.000${T}1.000${T}300.000${T}3.00${T}4.05${T}2${T}spike" ]
	run nw-trend -z 4.1 "$BATS_TEST_TMPDIR/s"
	[ "$(flag_of sport <<<"$output")" = "-" ]
	# Its long name, and "--z", which it was first.
	for opt in --z-score --z; do
		run nw-trend "$opt" 4.1 "$BATS_TEST_TMPDIR/s"
		[ "$status" -eq 0 ]
		[ "$(flag_of sport <<<"$output")" = "-" ]
	done
}

@test "nw-trend: the minimum count: 4 new documents are no spike, 5 are" {
	{ day 2026-11-02 rare:0 other:100
	  day 2026-11-03 rare:4 other:96; } >"$BATS_TEST_TMPDIR/a"
	run nw-trend "$BATS_TEST_TMPDIR/a"
	[ "$output" = "$(printf '%s\n' \
	    "2026-11-02${T}other${T}100${T}1000.000${T}1.000${T}-${T}-${T}-${T}0${T}-" \
	    "2026-11-03${T}other${T}96${T}960.000${T}1.000${T}1000.000${T}0.96${T}-0.40${T}1${T}-" \
	    "2026-11-03${T}rare${T}4${T}40.000${T}1.000${T}0.000${T}4.00${T}4.00${T}1${T}-")" ]
	run nw-trend -m 4 "$BATS_TEST_TMPDIR/a"
	[ "$(flag_of rare <<<"$output")" = "spike" ]
	{ day 2026-11-02 rare:0 other:100
	  day 2026-11-03 rare:5 other:95; } >"$BATS_TEST_TMPDIR/b"
	run nw-trend "$BATS_TEST_TMPDIR/b"
	[ "$(flag_of rare <<<"$output")" = "spike" ]
}

@test "nw-trend: the ratio rule: a large topic up by 40% is unusual but no spike" {
	{ day 2026-11-02 big:400 other:600
	  day 2026-11-03 big:560 other:440; } >"$BATS_TEST_TMPDIR/s"
	run nw-trend "$BATS_TEST_TMPDIR/s"
	[ "${lines[2]}" = "2026-11-03${T}big${T}560${T}560.000${T}1.000${T}400.000${T}1.40${T}8.00${T}1${T}-" ]
	run nw-trend -r 1.4 "$BATS_TEST_TMPDIR/s"
	[ "$(flag_of big <<<"$output")" = "spike" ]
}

@test "nw-trend: the z rule: a doubling is no spike in a topic that often doubles" {
	# Jumpy alternates 5% and 10%: 15% is 2 times the median (7.5%)
	# yet within 3.5 robust deviations; after a flat 7.5%, it is a spike.
	for i in 1 2 3 4 5 6 7 8 9 10; do
		if [ $((i % 2)) -eq 0 ]; then s=10; else s=20; fi
		day "$(printf '2026-12-%02d' $i)" jumpy:$((s * 10)) \
		    other:$((1000 - s * 10)) flat:150 rest:850
	done >"$BATS_TEST_TMPDIR/s"
	day 2026-12-11 jumpy:300 other:700 flat:300 rest:700 \
	    >>"$BATS_TEST_TMPDIR/s"
	run nw-trend -w 8 -n 1 "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	[ "$(grep "^2026-12-11${T}jumpy" <<<"$output")" = "2026-12-11${T}jumpy${T}300${T}150.000${T}1.000${T}75.000${T}2.00${T}2.02${T}8${T}-" ]
	[ "$(grep "^2026-12-11${T}flat" <<<"$output")" = "2026-12-11${T}flat${T}300${T}150.000${T}1.000${T}75.000${T}2.00${T}12.25${T}8${T}spike" ]
}

@test "nw-trend: the weekly season: Sundays are compared with Sundays" {
	# Sport is 20% on weekdays, 40% on Sundays (2026-11-01 is a Sunday).
	days 2026-11-01 1 sport:40 other:60 >"$BATS_TEST_TMPDIR/s"
	days 2026-11-02 6 sport:20 other:80 >>"$BATS_TEST_TMPDIR/s"
	days 2026-11-08 1 sport:40 other:60 >>"$BATS_TEST_TMPDIR/s"
	days 2026-11-09 6 sport:20 other:80 >>"$BATS_TEST_TMPDIR/s"
	days 2026-11-15 1 sport:40 other:60 >>"$BATS_TEST_TMPDIR/s"
	days 2026-11-16 2 sport:20 other:80 >>"$BATS_TEST_TMPDIR/s"
	days 2026-11-18 1 sport:40 other:60 >>"$BATS_TEST_TMPDIR/s"
	run nw-trend "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	# The second Sunday has one Sunday before it: no season yet, a spike.
	[ "$(grep "^2026-11-08${T}sport" <<<"$output" | cut -f 6-)" = "200.000${T}2.00${T}4.47${T}7${T}spike" ]
	# The third has two: the seasonal baseline says 40% is usual.
	[ "$(grep "^2026-11-15${T}sport" <<<"$output" | cut -f 6-)" = "400.000${T}1.00${T}0.00${T}14${T}-" ]
	# 40% on a Wednesday, against the Wednesdays' 20%, is a spike.
	[ "$(grep "^2026-11-18${T}sport" <<<"$output" | cut -f 6-)" = "200.000${T}2.00${T}4.47${T}17${T}spike" ]
}

@test "nw-trend: the window: history older than -w periods is forgotten" {
	{ days 2026-11-01 3 t:50 other:50
	  days 2026-11-04 3 t:10 other:90
	  day 2026-11-07 t:20 other:80; } >"$BATS_TEST_TMPDIR/s"
	run nw-trend -w 3 "$BATS_TEST_TMPDIR/s"
	[ "$(grep "^2026-11-07${T}t" <<<"$output" | cut -f 6-)" = "100.000${T}2.00${T}3.16${T}3${T}-" ]
	run nw-trend -w 6 "$BATS_TEST_TMPDIR/s"
	[ "$(grep "^2026-11-07${T}t" <<<"$output" | cut -f 6-)" = "300.000${T}0.67${T}-0.34${T}6${T}-" ]
}

@test "nw-trend: normalisation: twice the news with twice the topic is no rise" {
	{ days 2026-11-02 5 sport:20 other:80
	  day 2026-11-07 sport:40 other:160; } >"$BATS_TEST_TMPDIR/s"
	run nw-trend "$BATS_TEST_TMPDIR/s"
	[ "$(grep "^2026-11-07${T}sport" <<<"$output")" = "2026-11-07${T}sport${T}40${T}200.000${T}1.000${T}200.000${T}1.00${T}0.00${T}5${T}-" ]
	# --totals replaces the counted totals: with as many documents about
	# no topic before, 40 of 200 is a spike.
	printf '2026-11-0%d\t200\n' 2 3 4 5 6 >"$BATS_TEST_TMPDIR/totals"
	printf '2026-11-07\t180\n2026-11-07T12:00Z\t200\n' >>"$BATS_TEST_TMPDIR/totals"
	run nw-trend --totals "$BATS_TEST_TMPDIR/totals" "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	[ "$(grep "^2026-11-07${T}sport" <<<"$output")" = "2026-11-07${T}sport${T}40${T}200.000${T}1.000${T}100.000${T}2.00${T}4.47${T}5${T}spike" ]
}

@test "nw-trend: a --totals file that cannot be read is a configuration error before any input, and -s remembers nothing" {
	printf '%s\n' "2026-11-02${T}sport${T}10${T}1.5" >"$BATS_TEST_TMPDIR/t"
	mkdir "$BATS_TEST_TMPDIR/dir"
	ln -s gone "$BATS_TEST_TMPDIR/link"
	for f in none dir link; do
		run --separate-stderr nw-trend -a -s "$BATS_TEST_TMPDIR/state" \
		    --totals "$BATS_TEST_TMPDIR/$f" "$BATS_TEST_TMPDIR/t"
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		case $f in
		none)	[ "$stderr" = "nw-trend: $BATS_TEST_TMPDIR/none: No such file or directory" ] ;;
		dir)	[ "$stderr" = "nw-trend: $BATS_TEST_TMPDIR/dir: Is a directory" ] ;;
		link)	[ "$stderr" = "nw-trend: $BATS_TEST_TMPDIR/link: a symbolic link to gone, which does not exist" ] ;;
		esac
		[ ! -e "$BATS_TEST_TMPDIR/state" ]
	done
}

@test "nw-trend: a --totals line whose number is not digits alone is reported and skipped" {
	printf '%s\n' "2026-11-02${T}sport${T}10${T}1.5" >"$BATS_TEST_TMPDIR/t"
	printf '%s\n' "2026-11-02${T} 70" "2026-11-02${T}70 " "2026-11-02${T}+70" \
	    "2026-11-02${T}1e2" >"$BATS_TEST_TMPDIR/totals"
	run --separate-stderr nw-trend --totals "$BATS_TEST_TMPDIR/totals" \
	    "$BATS_TEST_TMPDIR/t"
	[ "$status" -eq 1 ]
	why='documents not a whole number (DATE<TAB>DOCUMENTS)'
	[ "$stderr" = "$(printf '%s\n' \
	    "nw-trend: $BATS_TEST_TMPDIR/totals: line 1: $why" \
	    "nw-trend: $BATS_TEST_TMPDIR/totals: line 2: $why" \
	    "nw-trend: $BATS_TEST_TMPDIR/totals: line 3: $why" \
	    "nw-trend: $BATS_TEST_TMPDIR/totals: line 4: $why")" ]
	# A day table given as totals: its topic is no number.
	for d in 01 02 03 04 05 06 07 08 09 10 11 12; do
		printf '2026-11-%s\tsport\t1\t1.000\n' "$d"
	done >"$BATS_TEST_TMPDIR/days"
	printf '2026-11-02\t99999999999999999999\n' >>"$BATS_TEST_TMPDIR/days"
	run --separate-stderr nw-trend --totals "$BATS_TEST_TMPDIR/days" \
	    "$BATS_TEST_TMPDIR/t"
	[ "$status" -eq 1 ]
	[ "${#stderr_lines[@]}" -eq 12 ]
	[ "${stderr_lines[9]}" = \
	    "nw-trend: $BATS_TEST_TMPDIR/days: line 10: $why" ]
	[ "${stderr_lines[10]}" = \
	    "nw-trend: $BATS_TEST_TMPDIR/days: line 13: documents too large" ]
	[ "${stderr_lines[11]}" = \
	    "nw-trend: $BATS_TEST_TMPDIR/days: line 11 and 1 more: $why" ]
	[ "$output" = "2026-11-02${T}sport${T}10${T}1000.000${T}1.500${T}-${T}-${T}-${T}0${T}-" ]
}

@test "nw-trend: a --totals total below a topic's documents is reported and skipped" {
	printf '%s\n' "2026-11-02${T}sport${T}10${T}1.5" \
	    "2026-11-02${T}health${T}30${T}0.7" \
	    "2026-11-03${T}sport${T}12${T}1.5" \
	    "2026-11-03${T}health${T}28${T}0.7" >"$BATS_TEST_TMPDIR/t"
	# 0 and 5 contradict the 30 of health; 100 stands; 0 for a day
	# with no news is no contradiction.
	printf '%s\n' "2026-11-02${T}0" "2026-11-02T12:00Z${T}5" \
	    "2026-11-03${T}100" "2026-11-04${T}0" >"$BATS_TEST_TMPDIR/totals"
	run --separate-stderr nw-trend --totals "$BATS_TEST_TMPDIR/totals" \
	    "$BATS_TEST_TMPDIR/t"
	[ "$status" -eq 1 ]
	[ "$stderr" = "$(printf '%s\n' \
	    "nw-trend: $BATS_TEST_TMPDIR/totals: line 1: 0 documents, fewer than the 30 of health" \
	    "nw-trend: $BATS_TEST_TMPDIR/totals: line 2: 5 documents, fewer than the 30 of health")" ]
	[ "$output" = "$(printf '%s\n' \
	    "2026-11-02${T}health${T}30${T}750.000${T}0.700${T}-${T}-${T}-${T}0${T}-" \
	    "2026-11-02${T}sport${T}10${T}250.000${T}1.500${T}-${T}-${T}-${T}0${T}-" \
	    "2026-11-03${T}health${T}28${T}280.000${T}0.700${T}750.000${T}0.37${T}-5.43${T}1${T}-" \
	    "2026-11-03${T}sport${T}12${T}120.000${T}1.500${T}250.000${T}0.48${T}-2.60${T}1${T}-")" ]
	# A term's DF is bounded; counts without DF are occurrences, not.
	printf 'goal\t50\t20\n' >"$BATS_TEST_TMPDIR/2026-11-02.counts"
	run --separate-stderr nw-trend --totals "$BATS_TEST_TMPDIR/totals" \
	    "$BATS_TEST_TMPDIR/2026-11-02.counts"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "2026-11-02${T}goal${T}20${T}1000.000${T}2.500${T}-${T}-${T}-${T}0${T}-" ]
	[ "$stderr" = "$(printf '%s\n' \
	    "nw-trend: $BATS_TEST_TMPDIR/totals: line 1: 0 documents, fewer than the 20 of goal" \
	    "nw-trend: $BATS_TEST_TMPDIR/totals: line 2: 5 documents, fewer than the 20 of goal")" ]
	printf 'goal\t50\n' >"$BATS_TEST_TMPDIR/2026-11-02.counts"
	run --separate-stderr nw-trend --totals "$BATS_TEST_TMPDIR/totals" \
	    "$BATS_TEST_TMPDIR/2026-11-02.counts"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "2026-11-02${T}goal${T}50${T}10000.000${T}1.000${T}-${T}-${T}-${T}0${T}-" ]
}

@test "nw-trend: --totals by day adds up to a week's, a day's last line its total" {
	{ day 2026-11-02 sport:5 other:5
	  day 2026-11-03 sport:5 other:5; } >"$BATS_TEST_TMPDIR/s"
	# Monday and Tuesday of one week: 20 documents, Tuesday's 12
	# corrected to 10.
	printf '2026-11-02\t10\n2026-11-03\t12\n2026-11-03\t10\n' \
	    >"$BATS_TEST_TMPDIR/totals"
	run -0 --separate-stderr nw-trend -p week --totals "$BATS_TEST_TMPDIR/totals" \
	    "$BATS_TEST_TMPDIR/s"
	[ -z "$stderr" ]
	[ "$(grep "${T}sport${T}" <<<"$output")" = "2026-11-02${T}sport${T}10${T}500.000${T}1.000${T}-${T}-${T}-${T}0${T}-" ]
	# A week's total below its topic's documents, though no day's is.
	printf '2026-11-02\t6\n2026-11-03\t3\n' >"$BATS_TEST_TMPDIR/totals"
	run -1 --separate-stderr nw-trend -p week --totals "$BATS_TEST_TMPDIR/totals" \
	    "$BATS_TEST_TMPDIR/s"
	[ "$stderr" = "nw-trend: $BATS_TEST_TMPDIR/totals: line 2: 9 documents in its week, fewer than the 10 of sport" ]
	[ "$(grep "${T}sport${T}" <<<"$output")" = "2026-11-02${T}sport${T}10${T}500.000${T}1.000${T}-${T}-${T}-${T}0${T}-" ]
}

@test "nw-trend: --totals by day for weeks: a day no line gives keeps the documents counted on it" {
	cd "$BATS_TEST_TMPDIR"
	printf '%s\n' "2026-01-05${T}a${T}10${T}0.5" "2026-01-06${T}a${T}10${T}0.5" \
	    "2026-01-07${T}a${T}10${T}0.5" "2026-01-07${T}b${T}5${T}0.5" >w.tsv
	# Monday and Tuesday given, Wednesday counted: 100 + 100 + 15.
	printf '2026-01-05\t100\n2026-01-06\t100\n' >wt.tsv
	run -0 --separate-stderr nw-trend -p week --totals wt.tsv w.tsv
	[ -z "$stderr" ]
	[ "$output" = "2026-01-05${T}a${T}30${T}139.535${T}0.500${T}-${T}-${T}-${T}0${T}-
2026-01-05${T}b${T}5${T}23.256${T}0.500${T}-${T}-${T}-${T}0${T}-" ]
	# 20 on Monday, 10 and 15 counted on the others: 45 reach a's 30, as
	# the same line does for --period day.
	printf '2026-01-05\t20\n' >wt.tsv
	run -0 --separate-stderr nw-trend -p week --totals wt.tsv w.tsv
	[ -z "$stderr" ]
	[ "$output" = "2026-01-05${T}a${T}30${T}666.667${T}0.500${T}-${T}-${T}-${T}0${T}-
2026-01-05${T}b${T}5${T}111.111${T}0.500${T}-${T}-${T}-${T}0${T}-" ]
	# Score lines count their documents by day the same way.
	printf '%s\n' "d1${T}date=2026-01-05${T}1${T}a${T}1.000${T}1" \
	    "d2${T}date=2026-01-06${T}1${T}a${T}1.000${T}1" \
	    "d3${T}date=2026-01-07${T}1${T}b${T}1.000${T}1" >scores
	printf '2026-01-05\t7\n' >wt.tsv
	run -0 --separate-stderr nw-trend -p week --totals wt.tsv scores
	[ -z "$stderr" ]
	[ "$output" = "2026-01-05${T}a${T}2${T}222.222${T}1.000${T}-${T}-${T}-${T}0${T}-
2026-01-05${T}b${T}1${T}111.111${T}1.000${T}-${T}-${T}-${T}0${T}-" ]
}

@test "nw-trend: a document counts once per topic, with its best score" {
	printf '%s\n' \
	    "d1${T}date=2026-11-02${T}1${T}sport${T}0.500${T}1" \
	    "d1${T}date=2026-11-02${T}2${T}sport${T}1.500${T}3" \
	    "d1${T}date=2026-11-02${T}2${T}health${T}0.250${T}1" \
	    "d2${T}date=2026-11-02${T}1${T}health${T}0.750${T}1" |
	    nw-trend >"$BATS_TEST_TMPDIR/out"
	[ "$(cat "$BATS_TEST_TMPDIR/out")" = "$(printf '%s\n' \
	    "2026-11-02${T}health${T}2${T}1000.000${T}0.500${T}-${T}-${T}-${T}0${T}-" \
	    "2026-11-02${T}sport${T}1${T}500.000${T}1.500${T}-${T}-${T}-${T}0${T}-")" ]
}

@test "nw-trend: a --best score below 0 counts the document for its topic" {
	mkdir "$BATS_TEST_TMPDIR/topics"
	printf '2 water\n-3 polo\n@bias -10\n' >"$BATS_TEST_TMPDIR/topics/water.topic"
	printf '20 polo\n20 match\n@bias -20\n' >"$BATS_TEST_TMPDIR/topics/sport.topic"
	printf '%s\n' "x1${T}date=2026-11-20${T}water polo match today" \
	    "x2${T}date=2026-11-20${T}water supply cut, water tanks sent" |
	    nw-topic-score -T "$BATS_TEST_TMPDIR/topics" --best -r \
	    >"$BATS_TEST_TMPDIR/s"
	[ "$(cat "$BATS_TEST_TMPDIR/s")" = "$(printf '%s\n' \
	    "x1${T}date=2026-11-20${T}sport${T}2.366${T}2" \
	    "x2${T}date=2026-11-20${T}water${T}-0.310${T}2")" ]
	run --separate-stderr nw-trend "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' \
	    "2026-11-20${T}sport${T}1${T}500.000${T}2.366${T}-${T}-${T}-${T}0${T}-" \
	    "2026-11-20${T}water${T}1${T}500.000${T}-0.310${T}-${T}-${T}-${T}0${T}-")" ]
	run --separate-stderr nw-trend -f scores "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	[ "$(cut -f 2-5 <<<"$output")" = "$(printf '%s\n' \
	    "sport${T}1${T}500.000${T}2.366" "water${T}1${T}500.000${T}-0.310")" ]
	# The minus sign goes before digits and a decimal point, once.
	run --separate-stderr nw-trend < <(printf '%s\n' \
	    "y1${T}date=2026-11-20${T}sport${T}--1.000${T}1" \
	    "y2${T}date=2026-11-20${T}sport${T}-.500${T}1" \
	    "y3${T}date=2026-11-20${T}sport${T}-1${T}1" \
	    "y4${T}date=2026-11-20${T}sport${T}-2.000${T}1")
	[ "$status" -eq 1 ]
	[ "$output" = "2026-11-20${T}sport${T}1${T}1000.000${T}-2.000${T}-${T}-${T}-${T}0${T}-" ]
	[ "$stderr" = "$(printf '%s\n' \
	    "nw-trend: -: line 1: not a topic score line (ID, TOPIC, SCORE, HITS)" \
	    "nw-trend: -: line 2: not a topic score line (ID, TOPIC, SCORE, HITS)" \
	    "nw-trend: -: line 3: not a topic score line (ID, TOPIC, SCORE, HITS)")" ]
}

@test "nw-trend: dates: -d, offsets, hours, weeks, --explain fields" {
	printf '%s\n' \
	    "d1${T}2026-11-02T23:30:00+02:00${T}1${T}sport${T}1.000${T}1${T}goal:1" \
	    "d2${T}2026-11-02 22:10${T}1${T}sport${T}1.000${T}1${T}goal:1" \
	    "d3${T}2026-11-08T23:59:59.5Z${T}1${T}sport${T}1.000${T}1${T}goal:1" \
	    >"$BATS_TEST_TMPDIR/s"
	run nw-trend -d 2 "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	[ "$(cut -f 1-3 <<<"$output")" = "$(printf '%s\n' \
	    "2026-11-02${T}sport${T}2" "2026-11-08${T}sport${T}1")" ]
	run nw-trend -d 2 -p hour "$BATS_TEST_TMPDIR/s"
	[ "$(cut -f 1-3 <<<"$output")" = "$(printf '%s\n' \
	    "2026-11-02T21:00Z${T}sport${T}1" "2026-11-02T22:00Z${T}sport${T}1" \
	    "2026-11-08T23:00Z${T}sport${T}1")" ]
	run nw-trend -d 2 -p week "$BATS_TEST_TMPDIR/s"
	[ "$(cut -f 1-3 <<<"$output")" = "2026-11-02${T}sport${T}3" ]
	# An offset of hours alone, as ISO 8601 allows it.
	printf '%s\n' "d1${T}2026-11-03T00:30+02${T}1${T}sport${T}1.000${T}1" \
	    "d2${T}2026-11-02T20:00-0300${T}1${T}sport${T}1.000${T}1" \
	    >"$BATS_TEST_TMPDIR/hh"
	run --separate-stderr nw-trend -d 2 -p hour "$BATS_TEST_TMPDIR/hh"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cut -f 1-3 <<<"$output")" = "$(printf '%s\n' \
	    "2026-11-02T22:00Z${T}sport${T}1" "2026-11-02T23:00Z${T}sport${T}1")" ]
	# A leap second is in the minute, hour and day it ends, whatever
	# the offset it is written with.
	printf '%s\n' \
	    "d1${T}2016-12-31T23:59:60Z${T}1${T}sport${T}1.000${T}1" \
	    "d2${T}2017-01-01T00:59:60.5+01:00${T}1${T}sport${T}1.000${T}1" \
	    "d3${T}2017-01-01T00:00:00Z${T}1${T}sport${T}1.000${T}1" \
	    >"$BATS_TEST_TMPDIR/leap"
	run nw-trend -d 2 "$BATS_TEST_TMPDIR/leap"
	[ "$status" -eq 0 ]
	[ "$(cut -f 1-3 <<<"$output")" = "$(printf '%s\n' \
	    "2016-12-31${T}sport${T}2" "2017-01-01${T}sport${T}1")" ]
	run nw-trend -d 2 -p hour "$BATS_TEST_TMPDIR/leap"
	[ "$(cut -f 1-3 <<<"$output")" = "$(printf '%s\n' \
	    "2016-12-31T23:00Z${T}sport${T}2" "2017-01-01T00:00Z${T}sport${T}1")" ]
}

@test "nw-trend: day tables of nw-batch, and a date-only line under -p hour" {
	printf '%s\n' "2026-11-02${T}sport${T}3${T}1.5000" \
	    "2026-11-02${T}health${T}1${T}0.5000" \
	    "2026-11-03${T}sport${T}2${T}1.0000" >"$BATS_TEST_TMPDIR/t"
	run --separate-stderr nw-trend "$BATS_TEST_TMPDIR/t"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    "2026-11-02${T}health${T}1${T}250.000${T}0.500${T}-${T}-${T}-${T}0${T}-" \
	    "2026-11-02${T}sport${T}3${T}750.000${T}1.500${T}-${T}-${T}-${T}0${T}-" \
	    "2026-11-03${T}sport${T}2${T}1000.000${T}1.000${T}750.000${T}1.33${T}0.41${T}1${T}-")" ]
	run --separate-stderr nw-trend -p hour "$BATS_TEST_TMPDIR/t"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "nw-trend: $BATS_TEST_TMPDIR/t: line 1: a date without a time of day for --period hour" ]
}

@test "nw-trend: ten bad lines of a reason are told, the rest in one message" {
	# A day table read for hours: every line lacks the time of day.
	for d in 01 02 03 04 05 06 07 08 09 10 11 12 13; do
		printf '2026-11-%s\tsport\t1\t1.000\n' "$d"
	done >"$BATS_TEST_TMPDIR/t"
	printf 'x\n' >>"$BATS_TEST_TMPDIR/t"
	run --separate-stderr nw-trend -f table -p hour "$BATS_TEST_TMPDIR/t"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	why='a date without a time of day for --period hour'
	[ "${#stderr_lines[@]}" -eq 12 ]
	[ "${stderr_lines[0]}" = "nw-trend: $BATS_TEST_TMPDIR/t: line 1: $why" ]
	[ "${stderr_lines[9]}" = "nw-trend: $BATS_TEST_TMPDIR/t: line 10: $why" ]
	# Another reason is told where it is, the count once the file ends.
	[ "${stderr_lines[10]}" = "nw-trend: $BATS_TEST_TMPDIR/t: line 14: \
not a day table line (DAY, TOPIC, DOCUMENTS, MEAN[, SUM])" ]
	[ "${stderr_lines[11]}" = \
	    "nw-trend: $BATS_TEST_TMPDIR/t: line 11 and 2 more: $why" ]
}

@test "nw-trend: term counts dated by file name, by --date, or by a date field" {
	printf 'war\t9\t4\npeace\t2\t2\n' >"$BATS_TEST_TMPDIR/counts-2026-11-02.tsv"
	printf 'war\t30\t12\npeace\t2\t2\n' >"$BATS_TEST_TMPDIR/counts-20261103.tsv"
	run --separate-stderr nw-trend "$BATS_TEST_TMPDIR/counts-2026-11-02.tsv" \
	    "$BATS_TEST_TMPDIR/counts-20261103.tsv"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    "2026-11-02${T}peace${T}2${T}333.333${T}1.000${T}-${T}-${T}-${T}0${T}-" \
	    "2026-11-02${T}war${T}4${T}666.667${T}2.250${T}-${T}-${T}-${T}0${T}-" \
	    "2026-11-03${T}peace${T}2${T}142.857${T}1.000${T}333.333${T}0.43${T}-1.23${T}1${T}-" \
	    "2026-11-03${T}war${T}12${T}857.143${T}2.500${T}666.667${T}1.29${T}0.87${T}1${T}-")" ]
	run nw-trend --date 2026-11-05 <"$BATS_TEST_TMPDIR/counts-20261103.tsv"
	[ "$(cut -f 1-3 <<<"$output")" = "$(printf '%s\n' \
	    "2026-11-05${T}peace${T}2" "2026-11-05${T}war${T}12")" ]
	printf '2026-11-05\twar\t30\t12\n' | nw-trend >"$BATS_TEST_TMPDIR/out"
	[ "$(cut -f 1-3 "$BATS_TEST_TMPDIR/out")" = "2026-11-05${T}war${T}12" ]
	run --separate-stderr nw-trend <"$BATS_TEST_TMPDIR/counts-20261103.tsv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-trend: -: line 1 and 1 more: no date (a date in the file name or --date)" ]
}

@test "nw-trend: a count file is dated by its own name before its directories" {
	local d=$BATS_TEST_TMPDIR
	mkdir -p "$d/archive-2025-01-01" "$d/2026-11-03"
	printf 'war\t9\t4\n' >"$d/archive-2025-01-01/counts-2026-11-02.tsv"
	printf 'war\t30\t12\n' >"$d/2026-11-03/counts.tsv"
	run --separate-stderr nw-trend "$d/archive-2025-01-01/counts-2026-11-02.tsv" \
	    "$d/2026-11-03/counts.tsv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cut -f 1-3 <<<"$output")" = "$(printf '%s\n' \
	    "2026-11-02${T}war${T}4" "2026-11-03${T}war${T}12")" ]
	# The same file named from its directory has the same date.
	cd "$d/archive-2025-01-01"
	run nw-trend counts-2026-11-02.tsv
	[ "$(cut -f 1-3 <<<"$output")" = "2026-11-02${T}war${T}4" ]
}

@test "nw-trend: count lines the file cannot date are reported once per file" {
	# A vocabulary without a date: one message for the file, not one
	# per term; the dated lines among them are read.
	{
		printf 'term%d\t2\t1\n' $(seq 1 500)
		printf '2026-11-02\twar\t9\t4\n'
		printf 'term%d\t2\t1\n' $(seq 501 1000)
	} >"$BATS_TEST_TMPDIR/counts.tsv"
	printf 'war\t9\t4\n' >"$BATS_TEST_TMPDIR/one.tsv"
	run --separate-stderr nw-trend "$BATS_TEST_TMPDIR/counts.tsv" \
	    "$BATS_TEST_TMPDIR/one.tsv"
	[ "$status" -eq 1 ]
	[ "$output" = "2026-11-02${T}war${T}4${T}1000.000${T}2.250${T}-${T}-${T}-${T}0${T}-" ]
	[ "$stderr" = "$(printf '%s\n' \
	    "nw-trend: $BATS_TEST_TMPDIR/counts.tsv: line 1 and 999 more: no date (a date in the file name or --date)" \
	    "nw-trend: $BATS_TEST_TMPDIR/one.tsv: line 1: no date (a date in the file name or --date)")" ]
	# A date in the name is a day, which hours cannot use: once too.
	printf 'war\t9\t4\npeace\t2\t2\nrain\t1\t1\n' \
	    >"$BATS_TEST_TMPDIR/counts-2026-11-02.tsv"
	run --separate-stderr nw-trend -p hour "$BATS_TEST_TMPDIR/counts-2026-11-02.tsv"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-trend: $BATS_TEST_TMPDIR/counts-2026-11-02.tsv: line 1 and 2 more: a date without a time of day for --period hour" ]
}

@test "nw-trend: an hour in a file's name dates its count lines for -p hour" {
	# An hourly cron job's counts: the ISO 8601 hour after the date, or
	# the 12- and 14-digit timestamps, give the time of day.
	cd "$BATS_TEST_TMPDIR"
	printf 'war\t9\t4\n' >counts-2026-11-02T14.tsv
	printf 'war\t3\t2\n' >counts-2026-11-02T15:30.tsv
	printf 'war\t5\t3\n' >counts-20261102T1600.tsv
	printf 'war\t7\t5\n' >dump-202611021700.tsv
	printf 'war\t2\t1\n' >dump-20261102180000.tsv
	run --separate-stderr nw-trend -p hour counts-2026-11-02T14.tsv \
	    counts-2026-11-02T15:30.tsv counts-20261102T1600.tsv \
	    dump-202611021700.tsv dump-20261102180000.tsv
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cut -f 1-3 <<<"$output")" = "$(printf '%s\n' \
	    "2026-11-02T14:00Z${T}war${T}4" "2026-11-02T15:00Z${T}war${T}2" \
	    "2026-11-02T16:00Z${T}war${T}3" "2026-11-02T17:00Z${T}war${T}5" \
	    "2026-11-02T18:00Z${T}war${T}1")" ]
	# By day, the hours are one day.
	run --separate-stderr nw-trend counts-2026-11-02T14.tsv \
	    counts-2026-11-02T15:30.tsv
	[ "$(cut -f 1-3 <<<"$output")" = "2026-11-02${T}war${T}6" ]
	# No hour: a sequence number after a date, or an hour past 23.
	printf 'war\t1\t1\n' >counts-2026-11-02-14.tsv
	printf 'war\t1\t1\n' >counts-2026-11-02T24.tsv
	run --separate-stderr nw-trend -p hour counts-2026-11-02-14.tsv \
	    counts-2026-11-02T24.tsv
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "$(printf '%s\n' \
	    "nw-trend: counts-2026-11-02-14.tsv: line 1: a date without a time of day for --period hour" \
	    "nw-trend: counts-2026-11-02T24.tsv: line 1: a date without a time of day for --period hour")" ]
}

@test "nw-trend: a last line with no line feed is a file cut short: told, skipped, exit 1" {
	cd "$BATS_TEST_TMPDIR"
	printf 'zebra\t12\t3\napple\t40\t12\n' >counts-2026-11-21.tsv
	run --separate-stderr nw-trend counts-2026-11-21.tsv
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    "2026-11-21${T}apple${T}12${T}800.000${T}3.333${T}-${T}-${T}-${T}0${T}-" \
	    "2026-11-21${T}zebra${T}3${T}200.000${T}4.000${T}-${T}-${T}-${T}0${T}-")" ]
	# Cut in the middle of "apple<TAB>40<TAB>12": no DF of 1 taken for
	# the 12; then with the DF gone, and whole but for its line feed.
	head -c -2 counts-2026-11-21.tsv >counts-2026-11-22.tsv
	printf 'zebra\t12\t3\napple\t40' >counts-2026-11-23.tsv
	head -c -1 counts-2026-11-21.tsv >counts-2026-11-24.tsv
	for f in counts-2026-11-22.tsv counts-2026-11-23.tsv counts-2026-11-24.tsv; do
		run --separate-stderr nw-trend "$f"
		[ "$status" -eq 1 ]
		[ "$stderr" = "nw-trend: $f: line 2: cut short (no line feed at its end)" ]
		[ "$output" = "${f:7:10}${T}zebra${T}3${T}1000.000${T}4.000${T}-${T}-${T}-${T}0${T}-" ]
	done
	# Scores and day tables, from standard input too; a CR LF is a line
	# feed.
	run --separate-stderr nw-trend - < <(printf '%s\r\n%s' \
	    "a1${T}date=2026-11-02${T}sport${T}1.000${T}3" \
	    "a2${T}date=2026-11-02${T}health${T}1.000${T}12" | head -c -1)
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-trend: -: line 2: cut short (no line feed at its end)" ]
	[ "$output" = "2026-11-02${T}sport${T}1${T}1000.000${T}1.000${T}-${T}-${T}-${T}0${T}-" ]
	printf '2026-11-02\tsport\t5\t1.0\n2026-11-02\thealth\t12\t1.' >t
	run --separate-stderr nw-trend t
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-trend: t: line 2: cut short (no line feed at its end)" ]
	[ "$output" = "2026-11-02${T}sport${T}5${T}1000.000${T}1.000${T}-${T}-${T}-${T}0${T}-" ]
	# A --totals file: 1 is not taken for the 100 it was; the period
	# keeps the total counted from the input.
	printf '2026-11-02\t50\n2026-11-03\t1' >totals
	printf '2026-11-02\tsport\t5\t1.0\n2026-11-03\tsport\t1\t1.0\n' >t
	run --separate-stderr nw-trend --totals totals t
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-trend: totals: line 2: cut short (no line feed at its end)" ]
	[ "$output" = "$(printf '%s\n' \
	    "2026-11-02${T}sport${T}5${T}100.000${T}1.000${T}-${T}-${T}-${T}0${T}-" \
	    "2026-11-03${T}sport${T}1${T}1000.000${T}1.000${T}100.000${T}1.00${T}0.90${T}1${T}-")" ]
}

@test "nw-trend: bad lines are reported with their reason, the rest is read" {
	printf '%s\n' "d1${T}date=2026-11-02${T}sport${T}1.000${T}1" \
	    "d2${T}date=2026-13-02${T}sport${T}1.000${T}1" \
	    "d3${T}sport${T}1.000${T}1" \
	    "d4${T}date=2026-11-02${T}sport${T}1${T}1" \
	    "d5${T}date=2026-11-02${T}${T}1.000${T}1" >"$BATS_TEST_TMPDIR/s"
	run --separate-stderr nw-trend "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 1 ]
	[ "$output" = "2026-11-02${T}sport${T}1${T}1000.000${T}1.000${T}-${T}-${T}-${T}0${T}-" ]
	[ "$stderr" = "$(printf '%s\n' \
	    "nw-trend: $BATS_TEST_TMPDIR/s: line 2: bad date= field (YYYY-MM-DD[THH:MM[:SS]][Z|+HH[:MM]])" \
	    "nw-trend: $BATS_TEST_TMPDIR/s: line 3: no date (a date= field or -d)" \
	    "nw-trend: $BATS_TEST_TMPDIR/s: line 4: not a topic score line (ID, TOPIC, SCORE, HITS)" \
	    "nw-trend: $BATS_TEST_TMPDIR/s: line 5: empty topic")" ]
	run --separate-stderr nw-trend -f table "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 1 ]
	[ "${stderr_lines[0]}" = "nw-trend: $BATS_TEST_TMPDIR/s: line 1: not a day table line (DAY, TOPIC, DOCUMENTS, MEAN[, SUM])" ]
	run --separate-stderr nw-trend "$BATS_TEST_TMPDIR/missing"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-trend: $BATS_TEST_TMPDIR/missing: No such file or directory" ]
	# A day the calendar lacks, on the first line too, is a bad date.
	run --separate-stderr nw-trend < <(printf '%s\n' "2026-02-30${T}A${T}1${T}1.0000" \
	    "2026-03-01${T}A${T}1${T}1.0000")
	[ "$status" -eq 1 ]
	[ "$output" = "2026-03-01${T}A${T}1${T}1000.000${T}1.000${T}-${T}-${T}-${T}0${T}-" ]
	[ "$stderr" = "nw-trend: -: line 1: bad date (YYYY-MM-DD[THH:MM[:SS]][Z|+HH[:MM]])" ]
	# nw-split --meta writes the date a document lacks as an empty field.
	run --separate-stderr nw-trend -d 2 < <(printf '%s\n' "a${T}${T}A${T}1.000${T}3" \
	    "b${T}2026-03-01${T}A${T}1.000${T}3")
	[ "$status" -eq 1 ]
	[ "$output" = "2026-03-01${T}A${T}1${T}1000.000${T}1.000${T}-${T}-${T}-${T}0${T}-" ]
	[ "$stderr" = "nw-trend: -: line 1: no date (the date field is empty)" ]
}

@test "nw-trend: a document's later lines need no date: its first dates it" {
	# Per-record scores whose date only the first record carries: the
	# best score of each topic counts, on the first line's day.
	printf 'a\t%s\t%s\t%s\t1\n' date=2026-11-02 sport 0.500 - sport 0.900 \
	    lang=en health 0.300 >"$BATS_TEST_TMPDIR/s"
	printf 'b\tsport\t0.100\t1\n' >>"$BATS_TEST_TMPDIR/s"
	why='no date (a date= field or -d)'
	for p in day week; do
		run --separate-stderr nw-trend -p $p "$BATS_TEST_TMPDIR/s"
		[ "$status" -eq 1 ]
		[ "$stderr" = "nw-trend: $BATS_TEST_TMPDIR/s: line 4: $why" ]
		[ "$(cut -f 1-5 <<<"$output")" = "$(printf '%s\n' \
		    "2026-11-02${T}health${T}1${T}1000.000${T}0.300" \
		    "2026-11-02${T}sport${T}1${T}1000.000${T}0.900")" ]
	done
}

@test "nw-trend: a date that the offset takes out of years 0001 to 9999 is a bad date" {
	printf '%s\n' "a${T}date=9999-12-31T23:00-02:00${T}sport${T}1.000${T}3" \
	    "b${T}date=0001-01-01T01:00+02:00${T}sport${T}1.000${T}3" \
	    "c${T}date=9999-12-31T22:00-01:00${T}sport${T}1.000${T}3" \
	    "d${T}date=0001-01-01T01:00+01:00${T}sport${T}1.000${T}3" \
	    >"$BATS_TEST_TMPDIR/s"
	for p in hour day week; do
		run --separate-stderr nw-trend -p $p "$BATS_TEST_TMPDIR/s"
		[ "$status" -eq 1 ]
		[ "$stderr" = "$(printf '%s\n' \
		    "nw-trend: $BATS_TEST_TMPDIR/s: line 1: bad date= field (YYYY-MM-DD[THH:MM[:SS]][Z|+HH[:MM]])" \
		    "nw-trend: $BATS_TEST_TMPDIR/s: line 2: bad date= field (YYYY-MM-DD[THH:MM[:SS]][Z|+HH[:MM]])")" ]
		[ "${#lines[@]}" -eq 2 ]
	done
	[ "$output" = "$(printf '%s\n' \
	    "0001-01-01${T}sport${T}1${T}1000.000${T}1.000${T}-${T}-${T}-${T}0${T}-" \
	    "9999-12-27${T}sport${T}1${T}1000.000${T}1.000${T}-${T}-${T}-${T}0${T}-")" ]
	printf '9999-12-31T23:30-00:45\t5\n' >"$BATS_TEST_TMPDIR/totals"
	run --separate-stderr nw-trend --totals "$BATS_TEST_TMPDIR/totals" /dev/null
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-trend: $BATS_TEST_TMPDIR/totals: line 1: expected DATE<TAB>DOCUMENTS" ]
}

@test "nw-trend: a SCORE, MEAN or SUM too large to read is said to be, whatever the first line" {
	local big=1234567890123456
	run --separate-stderr nw-trend < <(printf '%s\n' \
	    "2026-11-02${T}sport${T}9000${T}0.5000${T}$big.000" \
	    "2026-11-02${T}arts${T}2${T}1.5000${T}3.000")
	[ "$status" -eq 1 ]
	[ "$output" = "2026-11-02${T}arts${T}2${T}1000.000${T}1.500${T}-${T}-${T}-${T}0${T}-" ]
	[ "$stderr" = "nw-trend: -: line 1: SUM too large (at most 15 digits before the point)" ]
	run --separate-stderr nw-trend < <(printf '%s\n' \
	    "2026-11-02${T}sport${T}9${T}$big.5")
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-trend: -: line 1: MEAN too large (at most 15 digits before the point)" ]
	run --separate-stderr nw-trend < <(printf '%s\n' \
	    "d1${T}date=2026-11-02${T}sport${T}-$big.000${T}1${T}war:1")
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-trend: -: line 1: SCORE too large (at most 15 digits before the point)" ]
}

@test "nw-trend: documents that add up past 64 bits are reported, never wrapped" {
	big=9223372036854775807
	printf "2026-11-02${T}sport${T}$big${T}1.5\n%.0s" 1 2 3 >"$BATS_TEST_TMPDIR/t"
	run --separate-stderr nw-trend "$BATS_TEST_TMPDIR/t"
	[ "$status" -eq 1 ]
	[ "$output" = "2026-11-02${T}sport${T}18446744073709551614${T}1000.000${T}1.500${T}-${T}-${T}-${T}0${T}-" ]
	[ "$stderr" = "nw-trend: $BATS_TEST_TMPDIR/t: line 3: the period's documents add up to more than 64 bits" ]
	# Across keys: the period's total would pass first.
	run --separate-stderr nw-trend -f table < <(printf '%s\n' \
	    "2026-11-02${T}sport${T}$big${T}1.5" \
	    "2026-11-02${T}health${T}$big${T}1.5" "2026-11-02${T}arts${T}2${T}1.5")
	[ "$status" -eq 1 ]
	[ "$(cut -f 1-3 <<<"$output")" = "$(printf '%s\n' \
	    "2026-11-02${T}health${T}$big" "2026-11-02${T}sport${T}$big")" ]
	[ "$stderr" = "nw-trend: -: line 3: the period's documents add up to more than 64 bits" ]
	# The report's sum over periods says it passed 64 bits.
	printf '%s\n' "2026-11-02${T}sport${T}9999999999999999999${T}1.5" \
	    "2026-11-03${T}sport${T}9999999999999999999${T}1.5" >"$BATS_TEST_TMPDIR/t"
	run nw-trend --report "$BATS_TEST_TMPDIR/r.html" "$BATS_TEST_TMPDIR/t"
	[ "$status" -eq 0 ]
	run grep -o 'class="sub">[^,]*,' "$BATS_TEST_TMPDIR/r.html"
	[ "$output" = 'class="sub">more than 18446744073709551615 documents,' ]
	# However few the periods before the one that passes 64 bits.
	printf '%s\n' "2026-11-02${T}sport${T}3${T}1.5" \
	    "2026-11-03${T}sport${T}18446744073709551615${T}0.0" \
	    >"$BATS_TEST_TMPDIR/t"
	run nw-trend --report "$BATS_TEST_TMPDIR/r.html" "$BATS_TEST_TMPDIR/t"
	[ "$status" -eq 0 ]
	run grep -o 'class="sub">[^,]*,' "$BATS_TEST_TMPDIR/r.html"
	[ "$output" = 'class="sub">more than 18446744073709551615 documents,' ]
}

@test "nw-trend: MEAN does not depend on the order of the lines" {
	local v row
	cd "$BATS_TEST_TMPDIR"
	# Six scores whose mean is exactly 0.5405: 0.541, in either order.
	for v in 0.650 0.663 1.200 0.113 0.382 0.235; do
		printf 'd%s\tdate=2026-01-03\teconomy\t%s\t1\n' $v $v
	done >scores
	tac scores >backwards
	row="2026-01-03${T}economy${T}6${T}1000.000"
	for f in scores backwards; do
		run --separate-stderr nw-trend "$f"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$output" = "$row${T}0.541${T}-${T}-${T}-${T}0${T}-" ]
	done
	# Day tables: MEAN times DOCUMENTS, summed; 26.888 / 16 is 1.6805.
	printf '2026-01-03\tx\t%s\n' "1${T}1.7390" "6${T}1.8200" \
	    "9${T}1.5810" >table
	tac table >backwards
	row="2026-01-03${T}x${T}16${T}1000.000"
	for f in table backwards; do
		run --separate-stderr nw-trend "$f"
		[ "$status" -eq 0 ]
		[ "$output" = "$row${T}1.681${T}-${T}-${T}-${T}0${T}-" ]
	done
	# Half a thousandth below 0 is rounded away from 0 too.
	printf '%s\tdate=2026-01-03\tnone\t%s\t0\n' a -0.001 b 0.000 >best
	run --separate-stderr nw-trend best
	[ "$status" -eq 0 ]
	[ "$(cut -f 5 <<<"$output")" = "-0.001" ]
}

@test "nw-trend: scores of any number of decimals are rounded once" {
	cd "$BATS_TEST_TMPDIR"
	# As a program that prints a double writes them: rounded half away
	# from 0 to thousandths, once (1.0004999999999 is 1.000, not 1.001).
	printf 'd%s\tdate=2026-01-03\tt%s\t%s\t1\n' \
	    1 1 0.30000000000000004 2 2 1.0004999999999 \
	    3 3 -1.0004999999999 4 4 1.99950000000000000001 >scores
	run --separate-stderr nw-trend scores
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cut -f 2,5 <<<"$output" | tr '\n' ' ')" = \
	    "t1${T}0.300 t2${T}1.000 t3${T}-1.000 t4${T}2.000 " ]
	# A day table's MEAN is taken to nine decimals, as before.
	printf '2026-01-03\tx\t3\t%s\n' 0.30000000000000004 >table
	run --separate-stderr nw-trend table
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cut -f 3,5 <<<"$output")" = "3${T}0.300" ]
}

@test "nw-trend: a ratio or z-score exactly at its threshold is a spike, a ratio of exactly 1 no riser" {
	# 64 of 107 after 40 of 107 is 1.6 times the documents expected, z
	# 3.79; 11 of 14 after 4 of 14 is 4 + 3.5 * sqrt(4): z 3.5.
	run --separate-stderr nw-trend -n 1 < <(day 2026-11-01 t:40 other:67
	    day 2026-11-02 t:64 other:43)
	[ "$status" -eq 0 ]
	[ "$(grep "${T}t${T}" <<<"$output")" = "2026-11-02${T}t${T}64${T}598.131${T}1.000${T}373.832${T}1.60${T}3.79${T}1${T}spike" ]
	run --separate-stderr nw-trend -n 1 < <(day 2026-11-01 t:4 other:10
	    day 2026-11-02 t:11 other:3)
	[ "$status" -eq 0 ]
	[ "$(grep "${T}t${T}" <<<"$output")" = "2026-11-02${T}t${T}11${T}785.714${T}1.000${T}285.714${T}2.75${T}3.50${T}1${T}spike" ]
	# Just below either, no spike.
	run --separate-stderr nw-trend -n 1 -r 1.6001 < <(day 2026-11-01 t:40 other:67
	    day 2026-11-02 t:64 other:43)
	[ "$(grep "${T}t${T}" <<<"$output" | cut -f 10)" = - ]
	run --separate-stderr nw-trend -n 1 -z 3.5001 < <(day 2026-11-01 t:4 other:10
	    day 2026-11-02 t:11 other:3)
	[ "$(grep "${T}t${T}" <<<"$output" | cut -f 10)" = - ]
	# 39 of 380 is the mean of 5 of 50 and 6 of 57, exactly: a ratio of 1,
	# computed as 1.0000000000000002, and no riser.
	{ day 2026-11-01 t:5 other:45
	  day 2026-11-02 t:6 other:51
	  day 2026-11-03 t:39 other:341; } >"$BATS_TEST_TMPDIR/s"
	run --separate-stderr nw-trend -n 1 --report "$BATS_TEST_TMPDIR/r.html" \
	    "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	[ "$(grep "${T}t${T}" <<<"$output")" = "2026-11-03${T}t${T}39${T}102.632${T}1.000${T}102.632${T}1.00${T}0.00${T}2${T}-" ]
	grep -qx '<p>No topic had more documents than its baseline expects and more than one.</p>' \
	    "$BATS_TEST_TMPDIR/r.html"
}

@test "nw-trend: a day table's SUM is the sum of scores; without it, MEAN times DOCUMENTS" {
	# 100 documents of mean 0.54049: a MEAN of four decimals makes a sum
	# of 54.050 and a mean of 0.541, the SUM the true 0.540.
	run --separate-stderr nw-trend < <(printf '%s\n' \
	    "2026-11-02${T}war${T}100${T}0.5405${T}54.049" \
	    "2026-11-02${T}peace${T}100${T}0.5405")
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '%s\n' \
	    "2026-11-02${T}peace${T}100${T}500.000${T}0.541${T}-${T}-${T}-${T}0${T}-" \
	    "2026-11-02${T}war${T}100${T}500.000${T}0.540${T}-${T}-${T}-${T}0${T}-")" ]
	run --separate-stderr nw-trend -f table < <(printf '%s\n' \
	    "2026-11-02${T}war${T}100${T}0.5405${T}54" \
	    "2026-11-02${T}war${T}0${T}0.000${T}5.000" \
	    "2026-11-02${T}war${T}2${T}0.500${T}1.000")
	[ "$status" -eq 1 ]
	[ "$stderr" = "$(printf '%s\n' \
	    "nw-trend: -: line 1: not a day table line (DAY, TOPIC, DOCUMENTS, MEAN[, SUM])" \
	    "nw-trend: -: line 2: a SUM of no DOCUMENTS")" ]
	[ "$output" = "2026-11-02${T}war${T}2${T}1000.000${T}0.500${T}-${T}-${T}-${T}0${T}-" ]
}

@test "nw-trend: counts up to 2^64-1 are read, dated or not, and so are day tables" {
	max=18446744073709551615
	run --separate-stderr nw-trend < <(printf '%s\n' \
	    "2026-11-02${T}war${T}$max${T}$max")
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "2026-11-02${T}war${T}$max${T}1000.000${T}1.000${T}-${T}-${T}-${T}0${T}-" ]
	run --separate-stderr nw-trend < <(printf '%s\n' \
	    "2026-11-02${T}war${T}$max${T}1.5")
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "2026-11-02${T}war${T}$max${T}1000.000${T}1.500${T}-${T}-${T}-${T}0${T}-" ]
	# One past is no number of the line's shape.
	run --separate-stderr nw-trend -f table < <(printf '%s\n' \
	    "2026-11-02${T}war${T}18446744073709551616${T}1.5")
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-trend: -: line 1: not a day table line (DAY, TOPIC, DOCUMENTS, MEAN[, SUM])" ]
}

@test "nw-trend: usage errors exit 2 with the reason" {
	run --separate-stderr nw-trend -p month
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-trend: -p: month: invalid (allowed: hour, day or week)" ]
	run --separate-stderr nw-trend -r 0.5
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-trend: -r: 0.5: too small (allowed: 1 to 1000000)" ]
	# Decimals as -t and -j take them: no exponent, no blank.
	for r in 1e0 ' 2' '2 ' +2 0x2 inf; do
		run --separate-stderr nw-trend -r "$r"
		[ "$status" -eq 2 ]
		[ "$stderr" = "nw-trend: -r: $r: invalid (allowed: 1 to 1000000)" ]
	done
	run --separate-stderr nw-trend -z 1000000.5
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-trend: -z: 1000000.5: too large (allowed: 0 to 1000000)" ]
	run --separate-stderr nw-trend -d 1
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-trend: -d: 1: too small (allowed: 2 to 1000000)" ]
	run --separate-stderr nw-trend -s state
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-trend: -s: only with -a" ]
	run --separate-stderr nw-trend --date 2026-11-02 -p hour
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-trend: --date: no time of day for --period hour" ]
	run --separate-stderr nw-trend -f json
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-trend: -f: json: invalid (allowed: auto, scores, table or counts)" ]
	run --separate-stderr nw-trend --bogus
	[ "$status" -eq 2 ]
	[[ "${stderr_lines[1]}" == "usage: nw-trend "* ]]
}

@test "nw-trend: an empty -s, --report or --totals path is a usage error, before any alert" {
	for opt in "-a -s" "--report" "--totals"; do
		run --separate-stderr nw-trend $opt '' < <(day 2026-11-02 sport:5)
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[ "$stderr" = "nw-trend: ${opt#-a }: empty path" ]
	done
}

# "-" is standard input to every tool: no file -s or --report can
# replace whole, and standard output already carries the lines.
@test "nw-trend: -s - and --report - are usage errors, before any alert; ./- names a file" {
	cd "$BATS_TEST_TMPDIR"
	{ days 2026-11-01 5 t:20 other:80
	  day 2026-11-06 t:60 other:40; } >s
	run --separate-stderr nw-trend --report - s
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-trend: --report: -: standard output carries the lines or the alerts (allowed: a path; ./- for one called -)" ]
	run --separate-stderr nw-trend -a -s - s
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-trend: -s: -: the state is a file, read and replaced whole (allowed: a path; ./- for one called -)" ]
	run --separate-stderr nw-trend -a --state=- --report - s
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-trend: -s: -: the state is a file, read and replaced whole (allowed: a path; ./- for one called -)" ]
	[ ! -e - ]
	run --separate-stderr nw-trend -a -s ./- --report ./-.html s
	[ "$status" -eq 0 ]
	[ "$output" = "2026-11-06${T}t${T}60${T}20.0${T}3.00" ]
	[ "$(cat ./-)" = "2026-11-06${T}t" ]
	grep -q '</html>' ./-.html
}

@test "nw-trend: a report and a state with names of 250 bytes are written" {
	# Their temporary names beside them would be too long: shorter ones.
	cd "$BATS_TEST_TMPDIR"
	{ days 2026-11-01 5 t:20 other:80
	  day 2026-11-06 t:60 other:40; } >s
	report=$(printf 'r%.0s' $(seq 245)).html state=$(printf 's%.0s' $(seq 250))
	run --separate-stderr nw-trend -a -s "$state" --report "$report" s
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "2026-11-06${T}t${T}60${T}20.0${T}3.00" ]
	[ "$(cat "$state")" = "2026-11-06${T}t" ]
	grep -q '</html>' "$report"
	[ "$(ls -A | grep -c nw-tmp)" -eq 0 ]
}

@test "nw-trend: --totals - is a usage error when standard input is the input, and reads the totals when the input is named" {
	cd "$BATS_TEST_TMPDIR"
	day 2026-11-02 sport:5 other:15 >s
	for args in "" "-" "s -"; do
		run --separate-stderr nw-trend --totals - $args <s
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[ "$stderr" = "nw-trend: --totals: -: standard input is read as the input (allowed: a file; - with the input named as files)" ]
	done
	# 40 documents in all: 15 and 5 of them are 375 and 125 a 1000.
	run --separate-stderr nw-trend --totals - s < <(printf '2026-11-02\t40\n')
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf '2026-11-02\tother\t15\t375.000\t1.000\t-\t-\t-\t0\t-\n2026-11-02\tsport\t5\t125.000\t1.000\t-\t-\t-\t0\t-')" ]
}

@test "nw-trend: -n writes the last periods only, and judges them the same" {
	{ days 2026-11-01 6 t:20 other:80
	  day 2026-11-07 t:50 other:50; } >"$BATS_TEST_TMPDIR/s"
	run nw-trend "$BATS_TEST_TMPDIR/s"
	all=$output
	run nw-trend -n 2 "$BATS_TEST_TMPDIR/s"
	[ "$output" = "$(tail -n 4 <<<"$all")" ]
	[ "$(flag_of t <<<"$output")" = "spike" ]
}

@test "nw-trend: --alert writes each spike once across runs with a state file" {
	s=$BATS_TEST_TMPDIR/s st=$BATS_TEST_TMPDIR/state
	days 2026-11-01 5 t:20 other:80 >"$s"
	run nw-trend -a -s "$st" "$s"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ ! -e "$st" ]
	# A spike begins on the 6th: alerted once.
	day 2026-11-06 t:60 other:40 >>"$s"
	run nw-trend -a -s "$st" "$s"
	[ "$status" -eq 0 ]
	[ "$output" = "2026-11-06${T}t${T}60${T}20.0${T}3.00" ]
	[ "$(cat "$st")" = "2026-11-06${T}t" ]
	# The same data again, and the spike going on: nothing new.
	run nw-trend -a -s "$st" "$s"
	[ -z "$output" ]
	day 2026-11-07 t:70 other:30 >>"$s"
	run nw-trend -a -s "$st" "$s"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# Over, then a new one: alerted.
	days 2026-11-08 3 t:20 other:80 >>"$s"
	day 2026-11-11 t:60 other:40 >>"$s"
	run nw-trend -a -s "$st" "$s"
	[ "$output" = "2026-11-11${T}t${T}60${T}20.0${T}3.00" ]
	[ "$(cat "$st")" = "$(printf '%s\n' "2026-11-06${T}t" "2026-11-11${T}t")" ]
	# Without a state, every spike each time; -n 1 only today's.
	run nw-trend -a "$s"
	[ "$output" = "$(printf '%s\n' "2026-11-06${T}t${T}60${T}20.0${T}3.00" \
	    "2026-11-11${T}t${T}60${T}20.0${T}3.00")" ]
	run nw-trend -a -n 1 "$s"
	[ "$output" = "2026-11-11${T}t${T}60${T}20.0${T}3.00" ]
}

@test "nw-trend: --alert over a spike already under way alerts it once, today" {
	{ days 2026-11-01 5 t:20 other:80
	  days 2026-11-06 2 t:60 other:40; } >"$BATS_TEST_TMPDIR/s"
	run nw-trend -a -n 1 -s "$BATS_TEST_TMPDIR/state" "$BATS_TEST_TMPDIR/s"
	[ "$output" = "2026-11-07${T}t${T}60${T}20.0${T}3.00" ]
	[ "$(cat "$BATS_TEST_TMPDIR/state")" = "2026-11-06${T}t" ]
	run nw-trend -a -s "$BATS_TEST_TMPDIR/state" "$BATS_TEST_TMPDIR/s"
	[ -z "$output" ]
}

@test "nw-trend: --alert: a period come late that makes a spike start earlier alerts nothing new" {
	s=$BATS_TEST_TMPDIR/s st=$BATS_TEST_TMPDIR/state
	{ days 2026-10-31 5 t:20 other:80
	  days 2026-11-06 2 t:60 other:40; } >"$s"
	run -0 nw-trend -a -s "$st" "$s"
	[ "$output" = "2026-11-06${T}t${T}60${T}20.0${T}3.00" ]
	# The 5th arrives late, in the spike: the same spike, from the 5th.
	day 2026-11-05 t:60 other:40 >>"$s"
	run -0 nw-trend -a -s "$st" "$s"
	[ -z "$output" ]
	[ "$(cat "$st")" = "$(printf '%s\n' "2026-11-06${T}t" "2026-11-05${T}t")" ]
	# A run over all of it at once alerts it once, from the 5th.
	run -0 nw-trend -a "$s"
	[ "$output" = "2026-11-05${T}t${T}60${T}20.0${T}3.00" ]
}

@test "nw-trend: a state that cannot be written: alerts out, exit 1" {
	{ days 2026-11-01 5 t:20 other:80
	  day 2026-11-06 t:60 other:40; } >"$BATS_TEST_TMPDIR/s"
	run --separate-stderr nw-trend -a -s "$BATS_TEST_TMPDIR/no/state" \
	    "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 1 ]
	[ "$output" = "2026-11-06${T}t${T}60${T}20.0${T}3.00" ]
	[ "$stderr" = "nw-trend: $BATS_TEST_TMPDIR/no/state: No such file or directory" ]
}

@test "nw-trend: two runs on one state at once alert a spike once: they take turns on STATE.lock" {
	local d=$BATS_TEST_TMPDIR/st s=$BATS_TEST_TMPDIR/s lock a b
	mkdir "$d"
	days 2026-11-01 5 t:20 other:80 >"$s"
	# No new spike: no lock taken, nothing made.
	run -0 nw-trend -a -s "$d/state" "$s"
	[ -z "$output" ]
	[ -z "$(ls -A "$d")" ]
	day 2026-11-06 t:60 other:40 >>"$s"
	# Hold the lock as a run would; both runs read all and wait for it.
	exec {lock}>>"$d/state.lock"
	flock -x "$lock"
	timeout 30 nw-trend -a -s "$d/state" "$s" \
	    >"$BATS_TEST_TMPDIR/a" {lock}>&- &
	a=$!
	timeout 30 nw-trend -a -s "$d/state" "$s" \
	    >"$BATS_TEST_TMPDIR/b" {lock}>&- &
	b=$!
	sleep 1
	kill -0 "$a"
	kill -0 "$b"
	[ ! -s "$BATS_TEST_TMPDIR/a" ]
	[ ! -s "$BATS_TEST_TMPDIR/b" ]
	[ ! -e "$d/state" ]
	flock -u "$lock"
	exec {lock}>&-
	wait "$a"
	wait "$b"
	[ "$(cat "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b")" = "2026-11-06${T}t${T}60${T}20.0${T}3.00" ]
	[ "$(cat "$d/state")" = "2026-11-06${T}t" ]
	[ "$(ls -A "$d")" = "$(printf '%s\n' state state.lock)" ]
	# The lock is made with the state, not by a run with nothing new.
	rm "$d/state.lock"
	run -0 nw-trend -a -s "$d/state" "$s"
	[ -z "$output" ]
	[ "$(ls -A "$d")" = state ]
}

@test "nw-trend: -s under flock(1) on the state's directory, and runs fed by one tee with states side by side, end" {
	local d=$BATS_TEST_TMPDIR/st s=$BATS_TEST_TMPDIR/s out=$BATS_TEST_TMPDIR/out a
	local alert="2026-11-06${T}t${T}60${T}10.5${T}5.72"
	mkdir "$d" "$out"
	# More than a pipe holds, so that tee waits for a run that waits.
	{ days 2026-11-01 5 t:20 other:2000
	  day 2026-11-06 t:60 other:1000; } >"$s"
	# A cron guard that locks the directory.
	run -0 timeout 30 flock "$d" nw-trend -a -s "$d/guarded" "$s"
	[ "$output" = "$alert" ]
	# Two states in one directory, one stream.
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	timeout 30 nw-trend -a -s "$d/a" <"$BATS_TEST_TMPDIR/fifo" >"$out/a" &
	a=$!
	timeout 30 tee "$BATS_TEST_TMPDIR/fifo" <"$s" |
	    timeout 30 nw-trend -a -s "$d/b" >"$out/b"
	wait "$a"
	[ "$(cat "$out/a")" = "$alert" ]
	[ "$(cat "$out/b")" = "$alert" ]
	# One state, one stream: the spike alerted once.
	timeout 30 nw-trend -a -s "$d/one" <"$BATS_TEST_TMPDIR/fifo" >"$out/a" &
	a=$!
	timeout 30 tee "$BATS_TEST_TMPDIR/fifo" <"$s" |
	    timeout 30 nw-trend -a -s "$d/one" >"$out/b"
	wait "$a"
	[ "$(cat "$out/a" "$out/b")" = "$alert" ]
	[ "$(cat "$d/one")" = "2026-11-06${T}t" ]
}

@test "nw-trend: a state lock that cannot be taken is named: alerts and state written, exit 1" {
	local d=$BATS_TEST_TMPDIR/st s=$BATS_TEST_TMPDIR/s
	local alert="2026-11-06${T}t${T}60${T}20.0${T}3.00"
	mkdir "$d"
	{ days 2026-11-01 5 t:20 other:80
	  day 2026-11-06 t:60 other:40; } >"$s"
	mkdir "$d/state.lock"
	run -1 --separate-stderr nw-trend -a -s "$d/state" "$s"
	[ "$output" = "$alert" ]
	[ "$stderr" = "nw-trend: $d/state.lock: not a regular file" ]
	[ "$(cat "$d/state")" = "2026-11-06${T}t" ]
	[ -d "$d/state.lock" ]
	rm -r "$d/state" "$d/state.lock"
	# Modes bind no one but root.
	[ "$(id -u)" -ne 0 ] || return 0
	# One that cannot be opened at all...
	: >"$d/state.lock"
	chmod 000 "$d/state.lock"
	run -1 --separate-stderr nw-trend -a -s "$d/state" "$s"
	[ "$output" = "$alert" ]
	[ "$stderr" = "nw-trend: $d/state.lock: Permission denied" ]
	[ "$(cat "$d/state")" = "2026-11-06${T}t" ]
	# ...and one that can be read only, which is enough for a lock.
	rm "$d/state"
	chmod 444 "$d/state.lock"
	run -0 --separate-stderr nw-trend -a -s "$d/state" "$s"
	[ "$output" = "$alert" ]
	[ -z "$stderr" ]
	[ "$(cat "$d/state")" = "2026-11-06${T}t" ]
}

@test "nw-trend: a state in a read-only directory: alerts out, the state named, exit 1" {
	local d=$BATS_TEST_TMPDIR/ro s=$BATS_TEST_TMPDIR/s ns=(unshare -m)
	[ "$(id -u)" -eq 0 ] || ns=(unshare -rm)
	mkdir "$d"
	"${ns[@]}" mount -t tmpfs -o size=1m tmpfs "$d" 2>/dev/null ||
	    skip "mounting a tmpfs needs root or user namespaces (unshare -rm)"
	{ days 2026-11-01 5 t:20 other:80
	  day 2026-11-06 t:60 other:40; } >"$s"
	# d/ has a state and no lock, d/old/ a lock left by an earlier run.
	cat >"$BATS_TEST_TMPDIR/ro.sh" <<'SH'
d=$1 s=$2
mount -t tmpfs -o size=1m tmpfs "$d" || exit 99
mkdir "$d/old" || exit 98
printf '2026-10-01\tx\n' | tee "$d/state" >"$d/old/state" || exit 97
: >"$d/old/state.lock" || exit 96
mount -o remount,ro "$d" || exit 95
for st in "$d/state" "$d/old/state"; do
	nw-trend -a -s "$st" "$s" 2>&1
	echo "exit $?"
done
ls -A "$d" "$d/old"
SH
	run -0 --separate-stderr "${ns[@]}" bash "$BATS_TEST_TMPDIR/ro.sh" "$d" "$s"
	[ -z "$stderr" ]
	d=$(cd "$d" && pwd -P)
	[ "$output" = "$(printf '%s\n' "2026-11-06${T}t${T}60${T}20.0${T}3.00" \
	    "nw-trend: $d/state: Read-only file system" "exit 1" \
	    "2026-11-06${T}t${T}60${T}20.0${T}3.00" \
	    "nw-trend: $d/old/state: Read-only file system" "exit 1" \
	    "$BATS_TEST_TMPDIR/ro:" old state "" "$BATS_TEST_TMPDIR/ro/old:" \
	    state state.lock)" ]
}

@test "nw-trend: a state that cannot be saved is named, and the report is still written" {
	local d=$BATS_TEST_TMPDIR
	{ days 2026-11-01 5 t:20 other:80
	  day 2026-11-06 t:60 other:40; } >"$d/s"
	run --separate-stderr nw-trend -a -s "$d/none/state" --report "$d/r.html" "$d/s"
	[ "$status" -eq 1 ]
	[ "$output" = "2026-11-06${T}t${T}60${T}20.0${T}3.00" ]
	[[ "$stderr" = "nw-trend: $d/none/state"*": No such file or directory" ]]
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	[ ! -e "$d/none" ]
	grep -q '</html>' "$d/r.html"
}

@test "nw-trend: a malformed state file is an error, not a reason to re-alert" {
	day 2026-11-01 t:1 >"$BATS_TEST_TMPDIR/s"
	printf 'garbage\n' >"$BATS_TEST_TMPDIR/state"
	run --separate-stderr nw-trend -a -s "$BATS_TEST_TMPDIR/state" \
	    "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	why="not a state line (START<TAB>KEY): no TAB"
	[ "$stderr" = "nw-trend: $BATS_TEST_TMPDIR/state: line 1: $why" ]
}

@test "nw-trend: scores or a table given as the state are said not to be one" {
	local not="not a state line (START<TAB>KEY)"
	cd "$BATS_TEST_TMPDIR"
	{ days 2026-11-01 5 t:20 other:80
	  day 2026-11-06 t:60 other:40; } >in.tsv
	printf '2026-11-05\tt\n' >state
	head -n 3 in.tsv >scores
	cp scores keep
	run --separate-stderr nw-trend -a -s scores --report r.html in.tsv
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-trend: scores: line 1: $not: START is not a date" ]
	cmp keep scores
	[ ! -e r.html ]
	printf '2026-11-01\tt\t20\t1.0000\n' >table
	run --separate-stderr nw-trend -a -s table in.tsv
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-trend: table: line 1: $not: more than two fields" ]
	printf '2026-11-05\tt\n2026-11-06\t\n' >state
	run --separate-stderr nw-trend -a -s state in.tsv
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-trend: state: line 2: $not: no KEY" ]
	# A state cut short: its last key may be another's start, and the
	# spike it names alerted again.
	printf '2026-11-05\tt\n2026-11-06\tt' >state
	cp state keep
	run --separate-stderr nw-trend -a -s state in.tsv
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-trend: state: line 2: $not: cut short (no line feed at its end)" ]
	cmp keep state
	# A state of days and hours is one.
	printf '2026-11-05\tt\n2026-11-05T14:00Z\tt\n' >state
	run --separate-stderr nw-trend -a -s state in.tsv
	[ "$status" -eq 0 ]
	[ "$output" = "2026-11-06${T}t${T}60${T}20.0${T}3.00" ]
	[ -z "$stderr" ]
}

@test "nw-trend: --report writes one well-formed page: charts, risers, mixes" {
	{ days 2026-11-01 5 sport:20 health:30 other:50
	  day 2026-11-06 sport:60 health:30 other:10; } |
	    awk -F '\t' -v OFS='\t' '{
		$2 = $2 OFS "lang=" (NR % 4 ? "en" : "fr") OFS "source=wire" (NR % 2)
		$NF = $NF OFS "goal:2,match:1"
		if ($1 ~ /sport-1$/) $4 = "3.000"
		print }' >"$BATS_TEST_TMPDIR/s"
	run --separate-stderr nw-trend --report "$BATS_TEST_TMPDIR/r.html" \
	    "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	r=$BATS_TEST_TMPDIR/r.html
	xmllint --noout "$r"
	! grep -qi '<script\|https\?://' "$r" || false
	grep -q '<title>newswire trends 2026-11-01 to 2026-11-06</title>' "$r"
	[ "$(grep -c '<svg class="chart"' "$r")" -eq 3 ]
	[ "$(grep -c '<circle class="spike"' "$r")" -eq 1 ]
	grep -q '<h2>Risers on 2026-11-06</h2>' "$r"
	grep -q '<tr class="spike"><td>sport</td><td>60</td><td>600.0</td><td>20.0</td><td>3.00</td>' "$r"
	grep -q 'goal <span>120</span>, match <span>60</span>' "$r"
	grep -q '<code>2026-11-06-sport-1</code>' "$r"
	grep -q '<tr><td>en</td><td>75.0%</td>' "$r"
	grep -q '<tr><td>wire0</td>' "$r"
	# The table still goes to stdout.
	[ "${#lines[@]}" -eq 18 ]
}

@test "nw-trend: --report's examples do not depend on the order of the input" {
	local f
	cd "$BATS_TEST_TMPDIR"
	{ days 2026-11-01 5 t:20 other:80
	  day 2026-11-06 t:60 other:40; } >s
	tac s >backwards
	for f in s backwards; do
		run --separate-stderr nw-trend --report "$f.html" "$f"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$(grep -o '<code>[^<]*</code>' "$f.html")" = \
		    "$(printf '<code>2026-11-06-t-%s</code>\n' 1 10 11)" ]
	done
}

@test "nw-trend: --report reads --explain entries that hold a comma whole, unescaped as files before had them" {
	{ day 2026-11-01 war:1 peace:3
	  printf '%s\n' "b${T}date=2026-11-02${T}war${T}0.500${T}6${T}1,000 troops:1,3:1:1,war:4" \
	    "c${T}date=2026-11-02${T}war${T}0.500${T}1${T}war:1" \
	    "e${T}date=2026-11-02${T}war${T}0.500${T}1${T}war:1" \
	    "d${T}date=2026-11-02${T}peace${T}0.500${T}1${T}peace:1"; } >"$BATS_TEST_TMPDIR/s"
	run --separate-stderr nw-trend --report "$BATS_TEST_TMPDIR/r.html" \
	    "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	xmllint --noout "$BATS_TEST_TMPDIR/r.html"
	grep -q 'war <span>6</span>, 1,000 troops <span>1</span>, 3:1 <span>1</span></td>' \
	    "$BATS_TEST_TMPDIR/r.html"
}

@test "nw-trend: --report reads the escaped commas of --explain entries" {
	# What HITS is does not matter: "10:30\,000" is one entry.
	{ day 2026-11-01 war:1 peace:3
	  printf '%s\tdate=2026-11-02\twar\t0.500\t%s\t%s\n' \
	    b 3 '10:30\,000:2,goal:1' f 33 'a\\\,b\\:1'
	  printf '%s\tdate=2026-11-02\twar\t0.500\t1\twar:1\n' c e
	  printf 'd\tdate=2026-11-02\tpeace\t0.500\t1\tpeace:1\n'
	} >"$BATS_TEST_TMPDIR/s"
	run --separate-stderr nw-trend --report "$BATS_TEST_TMPDIR/r.html" \
	    "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	local e='</span>, '
	grep -qF "<td>10:30,000 <span>2${e}war <span>2${e}a\\,b\\ <span>1${e}goal <span>1</span>" \
	    "$BATS_TEST_TMPDIR/r.html"
}

@test "nw-trend: --report reads the entries nw-topic-score --explain writes" {
	cd "$BATS_TEST_TMPDIR"
	mkdir t
	printf '%s\n' '2 "1,000 troops"' '1 10:30,000' '1 war' >t/war.topic
	printf '1 peace\n' >t/peace.topic
	{ printf '%s\tdate=2026-11-01\t%s\n' a war b peace
	  printf '%s\tdate=2026-11-02\t1,000 troops war 10:30,000\n' c d; } |
	    nw-topic-score -T t -m --explain >s
	run --separate-stderr nw-trend --report r.html s
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	grep -qF '<td>1,000 troops <span>2</span>, 10:30,000 <span>2</span>, war <span>2</span>' \
	    r.html
}

@test "nw-trend: --report's top terms are the evidence for a topic, never the entries against it" {
	{ day 2026-11-01 war:1 peace:3
	  printf '%s\n' "b${T}date=2026-11-02${T}war${T}0.500${T}6${T}war:4,1,000 troops:1,the:-29,a,b:-3" \
	    "c${T}date=2026-11-02${T}war${T}0.500${T}1${T}war:1,peace talks:-2" \
	    "e${T}date=2026-11-02${T}war${T}0.500${T}1${T}war:1" \
	    "d${T}date=2026-11-02${T}peace${T}0.500${T}1${T}peace:1"; } >"$BATS_TEST_TMPDIR/s"
	run --separate-stderr nw-trend --report "$BATS_TEST_TMPDIR/r.html" \
	    "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	xmllint --noout "$BATS_TEST_TMPDIR/r.html"
	grep -q 'war <span>6</span>, 1,000 troops <span>1</span></td>' \
	    "$BATS_TEST_TMPDIR/r.html"
	# ("! grep" would not fail a bats test: errexit ignores a "!".)
	[ "$(grep -c 'the <span>\|peace talks <span>\|a,b <span>' "$BATS_TEST_TMPDIR/r.html")" -eq 0 ]
}

@test "nw-trend: --report's top terms past 64 bits are told as such, never cut or wrapped" {
	local i big=18446744073709551615
	{ day 2026-11-01 war:1 peace:3
	  for i in 1 2 3 4 5 6 7 8 9 10 11; do
		printf '%s\n' "$i${T}date=2026-11-02${T}war${T}0.500${T}2${T}war:$big,troops:7"
	  done
	  printf '%s\n' "d${T}date=2026-11-02${T}peace${T}0.500${T}1${T}peace:1"; } \
	    >"$BATS_TEST_TMPDIR/s"
	run --separate-stderr nw-trend --report "$BATS_TEST_TMPDIR/r.html" \
	    "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	xmllint --noout "$BATS_TEST_TMPDIR/r.html"
	run grep -o 'war <span>[^<]*</span>, troops <span>[^<]*</span></td>' \
	    "$BATS_TEST_TMPDIR/r.html"
	[ "$output" = "war <span>&#8805;$big</span>, troops <span>77</span></td>" ]
}

@test "nw-trend: --report with no dated input is a page that says so" {
	run nw-trend --report "$BATS_TEST_TMPDIR/r.html" /dev/null
	[ "$status" -eq 0 ]
	xmllint --noout "$BATS_TEST_TMPDIR/r.html"
	grep -q 'No dated documents' "$BATS_TEST_TMPDIR/r.html"
	run --separate-stderr nw-trend --report "$BATS_TEST_TMPDIR/no/r.html" /dev/null
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-trend: $BATS_TEST_TMPDIR/no/r.html: No such file or directory" ]
}

@test "nw-trend: --report lists no riser for topics level with their baseline" {
	# 30 topics, topic N with N documents each of 3 days: every share is
	# its baseline, which the rounded expected count missed by an ulp.
	for d in 2024-03-01 2024-03-02 2024-03-03; do
		for i in $(seq 1 30); do
			printf '%s\ttopic%03d\t%d\t0.500\n' $d $i $i
		done
	done >"$BATS_TEST_TMPDIR/t"
	run --separate-stderr nw-trend -f table \
	    --report "$BATS_TEST_TMPDIR/r.html" "$BATS_TEST_TMPDIR/t"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[89]}" = "2024-03-03${T}topic030${T}30${T}64.516${T}0.500${T}64.516${T}1.00${T}0.00${T}2${T}-" ]
	r=$BATS_TEST_TMPDIR/r.html
	xmllint --noout "$r"
	[ "$(grep -A1 '<h2>Risers on 2024-03-03</h2>' "$r" | tail -1)" = \
	    "<p>No topic had more documents than its baseline expects and more than one.</p>" ]
	! grep -q '<tr><td>topic' "$r" || false
	# One document against half of one expected: above the baseline,
	# but one document; the page says what it found.
	for d in 01 02 03; do
		for i in 1 2 3 4 5 6 7 8; do
			printf 'b%s%s\tdate=2026-01-%s\tbusiness\t1.000\t3\n' $d $i $d
		done
	done >"$BATS_TEST_TMPDIR/t"
	printf 'q1\tdate=2026-01-02\tquake\t1.000\t3\n' >>"$BATS_TEST_TMPDIR/t"
	printf 'q2\tdate=2026-01-03\tquake\t1.000\t3\n' >>"$BATS_TEST_TMPDIR/t"
	run --separate-stderr nw-trend -n 1 --report "$r" "$BATS_TEST_TMPDIR/t"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "2026-01-03${T}quake${T}1${T}111.111${T}1.000${T}55.556${T}1.00${T}0.50${T}2${T}-" ]
	[ "$(grep -A1 '<h2>Risers on 2026-01-03</h2>' "$r" | tail -1)" = \
	    "<p>No topic had more documents than its baseline expects and more than one.</p>" ]
}

@test "nw-trend: --report writes control characters of topics and ids as U+FFFD" {
	printf '2024-03-01\tb\001e\014l\t3\t0.500\n2024-03-01\tx\357\277\276y\177\t2\t0.500\n' \
	    >"$BATS_TEST_TMPDIR/t"
	run --separate-stderr nw-trend -f table \
	    --report "$BATS_TEST_TMPDIR/r.html" "$BATS_TEST_TMPDIR/t"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	r=$BATS_TEST_TMPDIR/r.html
	run xmllint --noout "$r"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	f=$(printf '\357\277\275')
	[ "$(grep -c "<figcaption>b${f}e${f}l <span>0 spikes</span></figcaption>" "$r")" -eq 1 ]
	[ "$(grep -c "<title>b${f}e${f}l: documents per 1000 per period</title>" "$r")" -eq 1 ]
	[ "$(grep -c "<figcaption>x${f}y${f} <span>" "$r")" -eq 1 ]
	# A document id as a riser's example and as its source.
	day 2024-03-01 a:2 b:18 >"$BATS_TEST_TMPDIR/s"
	day 2024-03-02 a:2 b:18 >>"$BATS_TEST_TMPDIR/s"
	printf 'd\001x:1\tdate=2024-03-03\ta\t3.000\t1\n' >>"$BATS_TEST_TMPDIR/s"
	day 2024-03-03 a:9 b:10 >>"$BATS_TEST_TMPDIR/s"
	run --separate-stderr nw-trend --report "$r" "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	run xmllint --noout "$r"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	grep -q "<code>d${f}x:1</code>" "$r"
	grep -q "<tr><td>d${f}x</td>" "$r"
}

@test "nw-trend: --report's source of an id is as nw-clean tells it: a URL's host, without user or port" {
	for id in 'http://user@host.example:8080/a' 'https://u:p@[::1]:80/x' \
	    'http://a@b@c.example?q' 'https://plain.example' 'dump:12' \
	    'http://[::1/x' 'http://user@:80/'; do
		printf '%s\tdate=2024-03-01\ta\t1.000\t1\n' "$id"
	done >"$BATS_TEST_TMPDIR/s"
	run --separate-stderr nw-trend --report "$BATS_TEST_TMPDIR/r.html" \
	    "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	run sed -n '/<h2>Sources<\/h2>/,/<\/table>/s/<\/td><td>.*//p' \
	    "$BATS_TEST_TMPDIR/r.html"
	[ "$output" = "<tr><td>[::1]
<tr><td>c.example
<tr><td>dump
<tr><td>host.example
<tr><td>plain.example" ]
	# A host name is the same in any case: one source.
	printf '%s\tdate=2024-03-01\ta\t1.000\t1\n' \
	    https://www.bbc.co.uk/news/1 https://WWW.BBC.CO.UK/news/2 \
	    'https://www.BBC.co.uk:443/news/3' >"$BATS_TEST_TMPDIR/s"
	run --separate-stderr nw-trend --report "$BATS_TEST_TMPDIR/r.html" \
	    "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	run sed -n '/<h2>Sources<\/h2>/,/<\/table>/p' "$BATS_TEST_TMPDIR/r.html"
	[ "${lines[2]}" = "<tr><td>www.bbc.co.uk</td><td>100.0%</td><td>100.0%</td></tr>" ]
	[ "${lines[3]}" = "</table>" ]
	# The rule of nw-clean and nw-shard --key source: the dump before a
	# ':' or '#', the directory of a path; an id with none has none.
	printf '%s\tdate=2024-03-01\ta\t1.000\t1\n' 'news.warc.gz#3' \
	    'corpus/bbc/sport/001.txt' 'HTTP://Mixed.Example/x' 'a1' \
	    >"$BATS_TEST_TMPDIR/s"
	run --separate-stderr nw-trend --report "$BATS_TEST_TMPDIR/r.html" \
	    "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	run sed -n '/<h2>Sources<\/h2>/,/<\/table>/s/<\/td><td>.*//p' \
	    "$BATS_TEST_TMPDIR/r.html"
	[ "$output" = "<tr><td>corpus/bbc/sport
<tr><td>mixed.example
<tr><td>news.warc.gz" ]
}

@test "nw-trend: --report of one day says 1 day, of one document 1 document" {
	day 2024-03-01 a:2 b:1 >"$BATS_TEST_TMPDIR/s"
	run --separate-stderr nw-trend --report "$BATS_TEST_TMPDIR/r.html" \
	    "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	grep -q '^<h1>newswire trends</h1>$' "$BATS_TEST_TMPDIR/r.html"
	run grep -o 'class="sub">[^.]*\.' "$BATS_TEST_TMPDIR/r.html"
	[ "$output" = 'class="sub">3 documents, 1 day with news from 2024-03-01 to 2024-03-01, 2 topics.' ]
	day 2024-03-02 a:1 >>"$BATS_TEST_TMPDIR/s"
	run nw-trend --report "$BATS_TEST_TMPDIR/r.html" "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	run grep -o 'class="sub">[^.]*\.' "$BATS_TEST_TMPDIR/r.html"
	[ "$output" = 'class="sub">4 documents, 2 days with news from 2024-03-01 to 2024-03-02, 2 topics.' ]
	day 2024-03-01 a:1 >"$BATS_TEST_TMPDIR/s"
	run nw-trend --report "$BATS_TEST_TMPDIR/r.html" "$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 0 ]
	run grep -o 'class="sub">[^.]*\.' "$BATS_TEST_TMPDIR/r.html"
	[ "$output" = 'class="sub">1 document, 1 day with news from 2024-03-01 to 2024-03-01, 1 topic.' ]
}

@test "nw-trend: --report and -s write through a symbolic link and keep the mode" {
	d=$BATS_TEST_TMPDIR
	{ days 2026-11-01 5 t:20 other:80
	  day 2026-11-06 t:60 other:40; } >"$d/s"
	mkdir "$d/www" "$d/sub"
	echo old >"$d/www/r.html"
	chmod 600 "$d/www/r.html"
	ln -s www/r.html "$d/link.html"
	run --separate-stderr nw-trend --report "$d/link.html" "$d/s"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(readlink "$d/link.html")" = www/r.html ]
	grep -q '<title>newswire trends 2026-11-01 to 2026-11-06</title>' \
	    "$d/www/r.html"
	[ "$(stat -c %a "$d/www/r.html")" = 600 ]
	# A link to a state not yet made, relative to the link's directory.
	ln -s ../www/state "$d/sub/state"
	run --separate-stderr nw-trend -a -s "$d/sub/state" "$d/s"
	[ "$status" -eq 0 ]
	[ "$(readlink "$d/sub/state")" = ../www/state ]
	[ "$(cat "$d/www/state")" = "2026-11-06${T}t" ]
	chmod 640 "$d/www/state"
	{ days 2026-11-07 4 t:20 other:80
	  day 2026-11-11 t:60 other:40; } >>"$d/s"
	run --separate-stderr nw-trend -a -s "$d/sub/state" "$d/s"
	[ "$status" -eq 0 ]
	[ "$output" = "2026-11-11${T}t${T}60${T}20.0${T}3.00" ]
	[ -L "$d/sub/state" ]
	[ "$(cat "$d/www/state")" = "$(printf '%s\n' "2026-11-06${T}t" "2026-11-11${T}t")" ]
	[ "$(stat -c %a "$d/www/state")" = 640 ]
	# The lock of the state beside it, where the link leads.
	[ "$(ls "$d/www")" = "$(printf '%s\n' r.html state state.lock)" ]
}

@test "nw-trend: a FIFO or a directory as --report or -s is refused, not replaced" {
	d=$BATS_TEST_TMPDIR/t
	mkdir "$d"
	{ days 2026-11-01 5 t:20 other:80
	  day 2026-11-06 t:60 other:40; } >"$d/s"
	mkfifo "$d/fifo"
	mkdir "$d/dir"
	run --separate-stderr timeout 10 nw-trend --report "$d/fifo" "$d/s"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 12 ]
	[ "$stderr" = "nw-trend: $d/fifo: not a regular file" ]
	[ -p "$d/fifo" ]
	run --separate-stderr nw-trend --report "$d/dir" "$d/s"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-trend: $d/dir: not a regular file" ]
	[ -d "$d/dir" ]
	# The state is refused before it is read, which would wait forever.
	run --separate-stderr timeout 10 nw-trend -a -s "$d/fifo" "$d/s"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-trend: $d/fifo: not a regular file" ]
	[ -p "$d/fifo" ]
	[ "$(ls "$d")" = "$(printf '%s\n' dir fifo s)" ]
}

@test "nw-trend: tests/eval-trend recall and false alerts on the BBC stream" {
	[ -d "$TOP/../shared/corpus/bbc" ] ||
	    skip "no BBC news set at ../shared/corpus/bbc"
	run "$TOP/tests/eval-trend" -s 2
	[ "$status" -eq 0 ]
	echo "$output"
	recall=$(sed -n 's/^bursts x2 and more: .*recall \([0-9.]*\),.*/\1/p' <<<"$output")
	falses=$(sed -n 's/^false alerts per topic-month: //p' <<<"$output")
	awk -v r="$recall" -v f="$falses" 'BEGIN { exit !(r >= 0.9 && f <= 1) }'
}

@test "nw-trend: --report or -s naming an input or each other is refused" {
	cd "$BATS_TEST_TMPDIR"
	{ days 2026-11-01 5 t:20 other:80
	  day 2026-11-06 t:60 other:40; } >in.tsv
	cp in.tsv keep
	ln in.tsv link
	run --separate-stderr nw-trend --report in.tsv in.tsv
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-trend: --report: in.tsv: is also the input in.tsv" ]
	run --separate-stderr nw-trend -a -s in.tsv in.tsv
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-trend: -s: in.tsv: is also the input in.tsv" ]
	# Under another name, a hard link, as --totals, on standard input.
	run --separate-stderr nw-trend --report ./in.tsv keep link
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-trend: --report: ./in.tsv: is also the input link" ]
	run --separate-stderr nw-trend -a -s link --totals in.tsv keep
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-trend: -s: link: is also the input in.tsv" ]
	run --separate-stderr nw-trend --report in.tsv <in.tsv
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-trend: --report: in.tsv: is also the input -" ]
	# The report and the state, existing or not yet.
	run --separate-stderr nw-trend -a -s state --report ./state keep
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-trend: --report: ./state: is also the state state" ]
	cmp keep in.tsv
	[ ! -e state ]
	# Standard input, a file the outputs are not, is read as before.
	run --separate-stderr nw-trend -a -s state --report r.html - <in.tsv
	[ "$status" -eq 0 ]
	[ "$output" = "2026-11-06${T}t${T}60${T}20.0${T}3.00" ]
	[ -z "$stderr" ]
	[ "$(cat state)" = "2026-11-06${T}t" ]
	run --separate-stderr nw-trend -a -s state --report state keep
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-trend: --report: state: is also the state state" ]
	[ "$(cat state)" = "2026-11-06${T}t" ]
	cmp keep in.tsv
}

@test "nw-trend: a --report over the lock of the state is a usage error" {
	cd "$BATS_TEST_TMPDIR"
	{ days 2026-11-01 5 t:20 other:80
	  day 2026-11-06 t:60 other:40; } >in.tsv
	# Not there yet: the first run would make the lock and then rename
	# the report over it; later runs would each lock a file of their own.
	run --separate-stderr nw-trend -a -s state --report state.lock in.tsv
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-trend: --report: state.lock: is also the lock state.lock of the state" ]
	[ ! -e state ]
	[ ! -e state.lock ]
	run --separate-stderr nw-trend -a -s state in.tsv
	[ "$status" -eq 0 ]
	[ "$output" = "2026-11-06${T}t${T}60${T}20.0${T}3.00" ]
	ln -s state.lock link
	run --separate-stderr nw-trend -a -s state --report link in.tsv
	[ "$status" -eq 2 ]
	[ "$stderr" = "nw-trend: --report: link: is also the lock state.lock of the state" ]
	[ -f state.lock ] && [ ! -s state.lock ]
}
