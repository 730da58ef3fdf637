# SPDX-License-Identifier: ISC
# shellcheck shell=sh disable=SC2154
# batch-process.sh: one dump through the pipeline: its day and its
# documents' days, the default pipeline, the run that keeps the
# pipeline's messages in memory (OUTDIR may be full), and
# process(), which checks the outputs and commits them.
#
# Sourced by bin/nw-batch after batch-state.sh (replace, save,
# record_failure, commit, stat_key, now, and the failures' messages:
# output_error, first_message, output_failure, dedup_stats), and calls
# batch-totals.sh's alert; it reads the configuration bin/nw-batch
# sets.  Sourcing it defines functions and the constants calendar_day,
# default_pipeline and date_fields.

# An awk function both awk programs below begin with: 1 if month m of
# year y has a day d (leap years by the Gregorian rule).
calendar_day='
function calendar_day(y, m, d) {
	return m >= 1 && m <= 12 && d >= 1 &&
	    d <= (m == 2 ? 28 + (y % 4 == 0 &&
	    (y % 100 != 0 || y % 400 == 0)) : 30 + (m + (m > 7)) % 2)
}'

# day_of NAME MTIME: print the day a dump belongs to and where it came
# from, DAY<TAB>dump-name or DAY<TAB>dump-mtime: the first date in its
# name (2026-11-21, 2026_11_21, 2026.11.21, 20261121, or the 12- and
# 14-digit timestamps 202611210300 and 20261121030000), else the UTC day
# of its modification time, or of now if that is in the future.
day_of() {
	day=$(printf '%s\n' "$1" | awk "$calendar_day"'
	function ok(y, m, d) {
		return y >= 1900 && y <= 2099 && calendar_day(y, m, d)
	}
	{
		s = $0
		while (match(s, /[0-9]+/)) {
			run = substr(s, RSTART, RLENGTH)
			s = substr(s, RSTART + RLENGTH)
			if ((RLENGTH == 8 || RLENGTH == 12 || RLENGTH == 14) &&
			    ok(substr(run, 1, 4) + 0, substr(run, 5, 2) + 0,
			    substr(run, 7, 2) + 0)) {
				print substr(run, 1, 4) "-" substr(run, 5, 2) \
				    "-" substr(run, 7, 2)
				exit
			}
			if (RLENGTH == 4 &&
			    match(s, /^[-_.][0-9][0-9][-_.][0-9][0-9]/) &&
			    substr(s, 1, 1) == substr(s, 4, 1) &&
			    substr(s, 7, 1) !~ /[0-9]/ &&
			    ok(run + 0, substr(s, 2, 2) + 0, substr(s, 5, 2) + 0)) {
				print run "-" substr(s, 2, 2) "-" substr(s, 5, 2)
				exit
			}
		}
	}')
	if [ -n "$day" ]; then
		printf '%s\tdump-name\n' "$day"
		return
	fi
	# A modification time in the future (clock skew) is now.
	t=${2%%.*}
	[ "$t" -le "$(date +%s)" ] || t=$(date +%s)
	day=$(date -u -d "@$t" +%Y-%m-%d) || day=unknown
	printf '%s\tdump-mtime\n' "$day"
}

# The default pipeline, run as sh -c with $1 the dump (relative to
# INCOMING, the working directory), $2 the topics file, $3 the counts
# file, $4 the file for the number of documents, $5 the file for the
# documents of each language (LANG<TAB>DOCUMENTS), $6 the file for the
# dates of each document (ID<TAB>NAME=DATE..., the fields of nw-split
# --meta $NW_DATE_FIELDS that it has; nw-split's warnings about the
# fields a dump lacks are left out), $7 the file for the number of the
# document of each line of $2 among those of $6, from 1.  The normalized
# text is tokenized twice: as the topic sets expect it, and for the
# counts without the stopwords of each document's language and the
# clitic fragments ('s, n't) that would fill the top of the totals (a
# second tokenizer over the tokens would split "'s" again).  Every stage
# writes its exit status to a file, since a shell pipeline reports only
# its last command's.  Every document is counted; only those nw-lang
# marks English or und are scored, the lexicons being English, and
# nw-topic-score writes nothing for a document of no topic: the
# documents are numbered before, their ids N:ID while they are scored,
# so that two fetches of one URL each take their own date.  nw-dedup
# --pending waits for commit().  A document is a run of lines with one
# id, compared as a string ($1 "" != id), as the tools compare it: awk
# compares ids that look like numbers (7, 007) as numbers, and the
# first line always starts a document, whose id may be empty.
default_pipeline=$(cat <<'EOF'
s=$TMPDIR/status
mkfifo "$TMPDIR/text" "$TMPDIR/ids" "$TMPDIR/langs" || exit 1
{ nw-tokenize -l -w -s auto --clitics drop
  echo "nw-tokenize-s $?" >>"$s"; } <"$TMPDIR/text" |
{ nw-count --sort term --df >"$3"; echo "nw-count $?" >>"$s"; } &
{ NW_DATES=$6 awk -F '\t' 'NR == 1 || $1 "" != id { n++; id = $1 ""; d = id
	k = split(ENVIRON["NW_DATE_FIELDS"], f, ",")
	for (i = 1; i <= k; i++) if ($(i + 1) != "") d = d FS f[i] "=" $(i + 1)
	print d >ENVIRON["NW_DATES"] }
    END { print n + 0 }' >"$4"
  echo "awk $?" >>"$s"; } <"$TMPDIR/ids" &
{ awk -F '\t' 'NR == 1 || $1 "" != id { id = $1 ""; l = "und"
	for (i = 2; i < NF; i++) if ($i ~ /^lang=/) l = substr($i, 6)
	n[l]++ }
    END { for (l in n) print l "\t" n[l] }' >"$5"
  echo "awk $?" >>"$s"; } <"$TMPDIR/langs" &
{ { nw-split --meta "$NW_DATE_FIELDS" -- "$1"; echo "nw-split $?" >>"$s"; } \
    2>&1 >&3 | grep -v -- ': --meta [^:]*: missing in ' >&2; } 3>&1 |
{ nw-clean; echo "nw-clean $?" >>"$s"; } |
{ if [ -n "${NW_DEDUP_STATE:-}" ]; then
	nw-dedup --run "$1" --replace --pending --stats --state "$NW_DEDUP_STATE"
  else cat; fi; echo "nw-dedup $?" >>"$s"; } |
{ nw-lang; echo "nw-lang $?" >>"$s"; } |
{ nw-normalize; echo "nw-normalize $?" >>"$s"; } |
{ tee -- "$TMPDIR/text" "$TMPDIR/ids" "$TMPDIR/langs"
  echo "tee $?" >>"$s"; } |
{ awk -F '\t' -v OFS='\t' 'NR == 1 || $1 "" != id { id = $1 ""; n++ }
    { $1 = n ":" $1; print }'
  echo "awk $?" >>"$s"; } |
{ nw-tokenize -l -w; echo "nw-tokenize $?" >>"$s"; } |
{ nw-lang -f -k en,und; echo "nw-lang $?" >>"$s"; } |
{ nw-topic-score; echo "nw-topic-score $?" >>"$s"; } |
{ NW_NUMS=$7 awk -F '\t' -v OFS='\t' '{ i = index($1, ":")
	print substr($1, 1, i - 1) >ENVIRON["NW_NUMS"]; $1 = substr($1, i + 1)
	print }' >"$2"
  echo "awk $?" >>"$s"; }
wait
awk '$2 != 0 { print $1 ": exit status " $2; bad = 1 }
    END { exit bad || NR != 15 }' "$s" >&2
EOF
)

# The nw-split --meta fields that may give a document's date, the first
# that has one counting: a WARC-Date, a JSON member date, news-please's
# date_publish, schema.org's datePublished, a web page's published
# date, a WARC response's Last-Modified.  --date-field puts one first.
# The pipeline asks for mtime as well, which only a file or an archive
# member has: its date is a modification time, no date of the document.
date_fields=date,date_publish,datePublished,published,last-modified

# run_pipeline NAME: run the pipeline over dump NAME with the files of
# the work directory as its outputs.  Print what it wrote on stdout and
# stderr, then its exit status on a line of its own.  That text is kept
# in memory, not in a file of OUTDIR, since a full OUTDIR may be why the
# pipeline failed: the first 1,000 lines, blank lines left out, then the
# last.  A process the pipeline left in the background may write after
# the status: the status is marked (a line starting with \001) and put
# last, so that no such line is taken for it.
run_pipeline() (
	name=$1
	# timeout(1) exits 124 when it kills the pipeline, and passes on a
	# 124 of the pipeline's own: the shell between them writes the
	# pipeline's exit status to work/exit, which a pipeline killed (and
	# that shell with it, timeout signalling its process group) has not.
	# In a process group of its own: timeout(1) makes one, else setsid(1).
	if [ "$timeout" -gt 0 ]; then
		# shellcheck disable=SC2016 # expanded by that shell
		set -- timeout -k 10 "$timeout" sh -c \
		    'sh -c "$0" "$@"; s=$?; echo "$s" >"${3%/*}/exit"; exit "$s"'
	else
		set -- setsid sh -c
	fi
	NW_DATE_FIELDS=$(printf '%s\n' \
	    "${datefield:+$datefield,}$date_fields,mtime" |
	    awk -F , '{ for (i = 1; i <= NF; i++) if (!seen[$i]++)
		s = s (s == "" ? "" : ",") $i; print s }')
	export NW_DATE_FIELDS
	if [ "$dedup" -eq 1 ]; then
		NW_DEDUP_STATE=$outdir/dedup
		export NW_DEDUP_STATE
	else
		unset NW_DEDUP_STATE
	fi
	# timeout(1) sends TERM to the pipeline's process group, but KILL only
	# while the shell it started lives, which the TERM kills: what is left
	# of the group 10 s on (a stage ignoring TERM) is killed here.  A stage
	# the pipeline left in the background holds its output open, and this
	# run (and its lock) with it, past any --timeout: given 10 s to end,
	# it is then ended the same way, and the dump fails, since that stage
	# may not have written all it had to.
	{
		rm -rf -- "$work" && mkdir -p -- "$work/tmp" &&
		    cd -- "$incoming" && TMPDIR=$work/tmp && export TMPDIR &&
		    { "$@" "$pipeline" pipeline "$name" "$work/topics.tsv" \
		    "$work/counts.tsv" "$work/documents" "$work/languages" \
		    "$work/dates" "$work/docnums" </dev/null & wait "$!"; }
		s=$?
		group=-$! left=0
		[ "$timeout" -gt 0 ] && [ "$s" -eq 124 ] && left=11
		while [ $((left += 1)) -le 21 ] && kill -0 "$group" 2>/dev/null
		do
			if [ "$left" -eq 11 ]; then
				echo "the pipeline exited, a process of it" \
				    "still running 10 s on: ended"
				[ "$s" -ne 0 ] || s=1
				kill -TERM "$group" 2>/dev/null
			fi
			sleep 1
		done
		kill -KILL "$group" 2>/dev/null
		printf '\n\001%s\n' "$s"
	} 2>&1 | awk '
	!NF { next }
	/^\001[0-9]+$/ { status = substr($0, 2); next }
	n < 1000 { print; n++; next }
	{ if (last != "") more++; last = $0 }
	END {
		if (more)
			printf "(%d more lines)\n", more
		if (last != "")
			print last
		print status == "" ? 1 : status
	}'
)

# languages_of_day DAY: the dump's documents by language, as the pipeline
# counted them, made its contribution to languages-by-day.tsv
# (work/languages.tsv: DAY<TAB>LANG<TAB>DOCUMENTS).  A pipeline that
# counts no languages contributes nothing.
languages_of_day() {
	[ -f "$work/languages" ] || return 0
	awk -F '\t' -v day="$1" 'NF == 2 { print day "\t" $1 "\t" $2 }' \
	    "$work/languages" | sort >"$work/languages.tsv" &&
	    rm -f -- "$work/languages"
}

# process I N NAME SIZE DEV INODE MTIME CTIME SUM ATTEMPTS: run the
# pipeline over dump NAME (the Ith of N to process) and commit its
# outputs, appending NAME DOCUMENTS BYTES SECONDS to tmp/processed.
# Exit 0 when it was processed, 1 when it failed, 3 when it changed
# meanwhile and is left for the next run, 4 when its outputs could not
# be written (OUTDIR full) or the setup failed (setup_error()): the
# dumps after it would fare no better.
process() (
	i=$1 n=$2 name=$3 size=$4 mtime=$7 sum=$9 attempts=${10}
	key=$4$tab$5$tab$6$tab$7$tab$8
	t0=$(now)
	# A dump called "-" is given to the pipeline as ./-, which is also
	# the id nw-split gives it: every newswire tool reads "-" as
	# standard input.
	arg=$name
	[ "$name" != - ] || arg=./-
	log=$(run_pipeline "$arg")
	killed=0
	[ "$timeout" -gt 0 ] && ! [ -s "$work/exit" ] && killed=1
	rm -f -- "$work/exit"
	st=${log##*"$nl"}
	case $log in
	*"$nl"*) log=${log%"$nl"*} ;;
	*) log= ;;
	esac
	if [ "$st" -eq 124 ] && [ "$killed" -eq 1 ]; then
		log="${log:+$log$nl}timed out after $timeout s"
	elif [ "$st" -eq 0 ]; then
		for f in topics.tsv counts.tsv; do
			if ! [ -f "$work/$f" ]; then
				log="${log:+$log$nl}the pipeline wrote no $f"
				st=1
			fi
		done
	fi
	# Counts of another pipeline, in the form the totals merge: what
	# nw-count --merge cannot read fails here, with this dump, not in
	# every later run.  (The default pipeline's come from nw-count.)
	if [ "$st" -eq 0 ] && [ "$pipeline" != "$default_pipeline" ]; then
		if ! err=$(nw-count --merge --df --sort term -- \
		    "$work/counts.tsv" 2>&1 >"$work/counts.merged") ||
		    ! err=$(mv -f -- "$work/counts.merged" "$work/counts.tsv" 2>&1)
		then
			log="${log:+$log$nl}$err"
			st=1
		fi
	fi
	if [ "$st" -eq 0 ] && ! err=$(check_summed "$work"); then
		log="${log:+$log$nl}$err" st=1
	fi
	if [ "$(stat_key "$incoming/$name")" != "$key" ]; then
		[ "$progress" -eq 1 ] &&
		    warn "$name: changed while being processed; left for the next run"
		rm -rf -- "$work"
		exit 3
	fi
	if [ "$st" -ne 0 ] && output_error "$log"; then
		output_failure "$name" "$log"
	fi
	if [ "$st" -ne 0 ] && [ "$killed" -eq 0 ] && setup_error "$st" "$log"
	then
		setup_failure "$name" "$log"
	fi
	if ! err=$( { printf '%s' "$log${log:+$nl}" | cat >"$work/log"; } 2>&1)
	then
		output_failure "$name" "$work/log: ${err##*: }"
	fi
	if [ "$st" -ne 0 ]; then
		reason=$(first_message "$log")
		record_failure "$name" "$size" "$sum" "$attempts" \
		    "${reason:-pipeline exit status $st}"
		exit 1
	fi

	# The dump's contribution to topics-by-day.tsv: documents scoring
	# above zero per topic, and their score sum, on the day of each
	# document: the date the pipeline found for it (in $work/dates,
	# ID<TAB>NAME=DATE...), else the dump's day.  documents.tsv holds
	# the documents per day and where their day came from (the field
	# NAME, dump-name or dump-mtime): what the pipeline counted, those
	# $6 does not date on the dump's day, else the ids with a score.
	day=$(day_of "$name" "$mtime")
	dayfrom=${day#*"$tab"}
	day=${day%%"$tab"*}
	docs=
	[ -f "$work/documents" ] && read -r docs <"$work/documents"
	case $docs in	# no number, or past what [ -eq ] and awk's %d take
	'' | *[!0-9]* | ????????????????*) docs= ;;
	esac
	[ -f "$work/dates" ] || : >"$work/dates"
	# The dump's name as nw-split makes it an id (invalid UTF-8
	# repaired, control characters as '?'), to know its documents by.
	dumpid=$(printf 'x\n' | nw-split -u doc --name "$arg" - | cut -f 1)
	[ -n "$dumpid" ] || dumpid=$arg
	if ! tdocs=$(NW_OUT=$work/days.unsorted NW_DOCS=$work/documents.tsv \
	    NW_DUMP=$dumpid NW_NUMS=$work/docnums awk -F '\t' -v day="$day" \
	    -v dayfrom="$dayfrom" -v pdocs="$docs" "$calendar_day"'
	# The day of a line of topic scores: the date of the Nth document of
	# the dates when the pipeline gave N for it (in $7).  Else documents
	# that share an id (a page fetched twice) are told apart by their
	# order: the Nth of an id with scores takes its Nth date, or its last
	# when it has fewer.
	function day_of(id, num,    k) {
		k = occ[id] < nd[id] ? occ[id] : nd[id]
		if (num == "" && ((id, k) in docof))
			num = docof[id, k]
		return (num in date) ? date[num] : day
	}
	BEGIN {
		out = ENVIRON["NW_OUT"]
		dump = ENVIRON["NW_DUMP"]
		nums = ENVIRON["NW_NUMS"]
		printf "" > out
	}
	# A date of the document itself: the first of its NAME=DATE fields
	# (a field without NAME= is a date, reported as date) that starts
	# YYYY-MM-DD.  What nw-split gives as the date of a file or an
	# archive member is its mtime, no date of the document: the date=
	# field of a document with an mtime field, or (for a custom pipeline
	# that gives none) of a dump that is one document (its id is the
	# dump) or of an archive member (DUMP:PATH, where JSON Lines give
	# DUMP:LINE), does not count; nor does mtime itself.  A bare date
	# comes from no nw-split field: it always counts.
	function valid(d,    y, m, dd) {
		if (d !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/)
			return 0
		y = substr(d, 1, 4) + 0
		m = substr(d, 6, 2) + 0
		dd = substr(d, 9, 2) + 0
		return y >= 1900 && calendar_day(y, m, dd)
	}
	# Consecutive lines of one id are one document (newswire(7)), such
	# as the records of nw-split --meta: it counts once, on the first
	# date its lines give.
	function tally() {
		if (src != "")
			from[date[ndoc] FS src]++
		else
			from[day FS dayfrom]++
	}
	FILENAME == ARGV[1] {
		if (dated && $1 "" != cur)
			tally()
		if (!dated || $1 "" != cur) {
			cur = $1 ""
			src = ""
			docof[cur, ++nd[cur]] = ++ndoc
		}
		dated = 1
		if (src != "")
			next
		rest = substr($1, length(dump) + 2)
		file = $1 "" == dump || (substr($1, 1, length(dump) + 1) == \
		    dump ":" && rest !~ /(^|:)[0-9]+$/)
		for (i = 2; i <= NF; i++)
			if ($i ~ /^mtime=/)
				file = 1
		for (i = 2; i <= NF && src == ""; i++) {
			name = "date"
			bare = 1
			v = $i
			if ((e = index(v, "=")) > 0) {
				name = substr(v, 1, e - 1)
				v = substr(v, e + 1)
				bare = 0
			}
			# nw-split takes date and mtime in any case:
			# with --date-field Date, a file has its mtime.
			lname = tolower(name)
			if (valid(v) && name != "mtime" && !(file && !bare &&
			    (lname == "date" || lname == "mtime"))) {
				src = name
				date[ndoc] = substr(v, 1, 10)
			}
		}
		next
	}
	{
		if ((getline num < nums) <= 0 || num !~ /^[1-9][0-9]*$/)
			num = ""
	}
	FNR == 1 || $1 "" != last {
		docs++
		last = $1 ""
		occ[$1]++
	}
	NF >= 3 && $3 + 0 > 0 {
		k = day_of($1, num) FS $2
		n[k]++
		s[k] += $3
	}
	END {
		if (dated)
			tally()
		for (k in n)
			printf "%s\t%d\t%.6f\n", k, n[k], s[k] > out
		if ((m = pdocs != "" ? pdocs : dated ? 0 : docs) > ndoc + 0)
			from[day FS dayfrom] += m - ndoc
		printf "" > ENVIRON["NW_DOCS"]
		for (k in from)
			printf "%s\t%d\n", k, from[k] > ENVIRON["NW_DOCS"]
		print docs + 0
	}' "$work/dates" "$work/topics.tsv" 2>&1); then
		output_failure "$name" "$tdocs"
	fi
	if ! err=$( {
		sort -o "$work/days.tsv" -- "$work/days.unsorted" &&
		    languages_of_day "$day" &&
		    sort -o "$work/documents.tsv" -- "$work/documents.tsv" &&
		    rm -rf -- "$work/days.unsorted" "$work/documents" \
		    "$work/dates" "$work/docnums" "$work/tmp" &&
		    made=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ) &&
		    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$size" "$sum" \
		    "$day" "$made" | cat >"$work/source"
	} 2>&1); then
		output_failure "$name" "$err"
	fi
	docs=${docs:-$tdocs}

	# A dump of some bytes that gave no document has lost them all
	# (say, HTML pages the pipeline does not read): cron must hear.
	# Documents all dropped as copies of earlier ones were documents.
	empty=
	copies=$(printf '%s\n' "$log" | awk -v stats="$dedup_stats" '
	$0 ~ stats { n = $2; d = $4 } END { print n + 0, d + 0 }')
	seen=${copies% *} copies=${copies#* }
	if [ "$docs" -eq 0 ] && [ "$size" -gt 0 ] && [ "$seen" -eq 0 ]; then
		empty="no document in $size bytes"
		first=$(first_message "$log")
		[ -n "$first" ] && empty="$empty ($first)"
		if [ "$failempty" -eq 1 ]; then
			record_failure "$name" "$size" "$sum" "$attempts" "$empty"
			exit 1
		fi
	fi

	# Alerts go out before the commit: a crash in between repeats an
	# alert rather than losing it, and so does a failed write (the dump
	# is left for the next run).  awk's message ends in the reason; on
	# a closed pipe it dies of SIGPIPE (141), saying nothing.
	as=0
	[ -z "$alerts" ] || { err=$(alert "$name" "$work/topics.tsv" 2>&1 >&3) ||
	    as=$?; } 3>&1
	if [ "$as" -ne 0 ]; then
		[ "$as" -ne 141 ] || err="(Broken pipe)"
		err=$(printf '%s\n' "$err" | sed -n '1s/.*(\(.*\))$/\1/p')
		output_failure "$name" "stdout: ${err:-cannot write the alerts}"
	fi

	if ! err=$( { sync -- "$work"/* "$work" && commit "$name"; } 2>&1)
	then
		output_failure "$name" "${err:-cannot move its outputs to $runs/$name}"
	fi
	[ -z "$empty" ] || warn "$name: $empty"
	t1=$(now)
	printf '%s\t%s\t%s\t%s\n' "$name" "$docs" "$size" "$t0 $t1" \
	    >>"$tmp/processed"
	[ "$progress" -eq 1 ] || exit 0
	NW_DUMP=$name awk -v i="$i" -v n="$n" -v bytes="$size" \
	    -v docs="$docs" -v copies="$copies" -v t0="$t0" -v t1="$t1" 'BEGIN {
		name = ENVIRON["NW_DUMP"]
		t = t1 - t0
		if (t <= 0)
			t = 0.001
		printf "nw-batch: [%d/%d] %s: %d document%s%s, %.1f MB " \
		    "in %.1f s (%.1f documents/s, %.1f MB/s)\n", i, n, name,
		    docs, (docs == 1 ? "" : "s"), (copies > 0 ? " (" copies \
		    (copies == 1 ? " copy" : " copies") " dropped)" : ""),
		    bytes / 1e6, t, docs / t, bytes / 1e6 / t
	}' >&2
	exit 0
)
