# SPDX-License-Identifier: ISC
# shellcheck shell=sh disable=SC2154
# batch-totals.sh: what nw-batch derives from all runs, always rebuilt
# from runs/ and never updated in place (totals/counts.tsv and the
# per-day tables), nw-trend's report and --spikes over them, a dump's
# --alert lines, and the --progress summary.
#
# Sourced by bin/nw-batch after batch-state.sh (reason, replace, now).

# rebuild_totals: rebuild totals/counts.tsv, topics-by-day.tsv and
# totals/sources from runs/ when the set of runs differs from the one
# they were built from (or one of them is missing).  Exit 1 on failure,
# with the reason on stderr.
rebuild_totals() (
	sources=$(find "$runs" -mindepth 2 -maxdepth 2 -name source -type f \
	    -exec cat -- {} + | sort)
	oldsources=
	[ -f "$totals/sources" ] && oldsources=$(cat -- "$totals/sources")
	if [ "$sources" = "$oldsources" ] && [ -f "$totals/sources" ] &&
	    [ -f "$totals/counts.tsv" ] && [ -f "$outdir/topics-by-day.tsv" ] &&
	    [ -f "$outdir/languages-by-day.tsv" ] &&
	    [ -f "$outdir/documents-by-day.tsv" ]
	then
		exit 0
	fi
	nruns=$(printf '%s' "${sources:+$sources$nl}" | wc -l)
	# Their errors are kept in memory: OUTDIR may be full.
	if err=$( {
		mkdir -p -- "$tmp" &&
		    printf '%s' "${sources:+$sources$nl}" | cut -f 1 >"$tmp/names" &&
		    merge_runs "$tmp/names" "$totals/.counts.tsv.tmp" \
		    "$outdir/.topics-by-day.tsv.tmp" \
		    "$outdir/.languages-by-day.tsv.tmp" \
		    "$outdir/.documents-by-day.tsv.tmp" &&
		    printf '%s' "${sources:+$sources$nl}" |
		    cat >"$totals/.sources.tmp" &&
		    replace "$totals/.counts.tsv.tmp" "$totals/counts.tsv" &&
		    replace "$outdir/.topics-by-day.tsv.tmp" \
		    "$outdir/topics-by-day.tsv" &&
		    replace "$outdir/.languages-by-day.tsv.tmp" \
		    "$outdir/languages-by-day.tsv" &&
		    replace "$outdir/.documents-by-day.tsv.tmp" \
		    "$outdir/documents-by-day.tsv" &&
		    replace "$totals/.sources.tmp" "$totals/sources"
	} 2>&1); then
		[ "$progress" -eq 1 ] && warn "totals rebuilt from $nruns runs"
		exit 0
	fi
	rm -f -- "$totals/.counts.tsv.tmp" "$outdir/.topics-by-day.tsv.tmp" \
	    "$outdir/.languages-by-day.tsv.tmp" \
	    "$outdir/.documents-by-day.tsv.tmp" "$totals/.sources.tmp"
	why=$(reason "$err")
	# Any of the files may be the one: the reason names it.
	warn "$outdir: cannot rebuild the totals${why:+: $why}"
	exit 1
)

# existing NAMES FILE: RUN/FILE for each run named in the file NAMES
# that has one, a line each: the runs of every dump ever processed are
# read by one cat (a cat a run took seconds past a thousand runs), and
# the test is the shell's own.
existing() {
	while IFS= read -r n; do
		if [ -f "$n/$2" ]; then
			printf '%s\n' "$n/$2"
		fi
	done <"$1"
}

# check_tables FIELDS FORMAT: the run tables named on standard input,
# RUN/FILE a line, relative to the runs' directory (the current one),
# checked before awk sums them: FIELDS fields, a day first, a count of
# documents last but for days.tsv's score sum.  The second field is the
# pipeline's, as it wrote it, empty too (a topic nw-trend refuses on its
# own line, the rest of the report made).  The first line that is not
# so is named, RUNS/RUN/FILE: line N: not FORMAT, and the check fails.
# The names go to awk as ./RUN/FILE, as awk would take a run named
# NAME=VALUE (date=2026-11-21.warc.gz) for an assignment, not a file:
# that run unchecked, and one named fields=... making every table after
# it wrong.
check_tables() {
	# shellcheck disable=SC2016 # an awk program
	sed 's|^|./|' | NW_RUNS=$runs xargs -r -d '\n' awk -F '\t' \
	    -v fields="$1" -v what="$2" '
	function bad(    f) {
		f = FILENAME
		sub(/^\.\//, "", f)
		printf "%s/%s: line %d: not %s\n", ENVIRON["NW_RUNS"], f,
		    FNR, what >"/dev/stderr"
		exit 1
	}
	NF != fields ||
	    $1 !~ /^[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]$/ { bad() }
	fields == 4 && ($3 !~ /^[1-9][0-9]*$/ ||
	    $4 !~ /^-?[0-9]+(\.[0-9]+)?$/) { bad() }
	fields == 3 && $3 !~ /^[0-9]+$/ { bad() }'
}

# check_summed WORK: what a dump's pipeline wrote that the totals sum,
# its topic scores ($2, WORK/topics.tsv: ID<TAB>TOPIC<TAB>SCORE...)
# and its documents by language ($5, WORK/languages, when it wrote
# them), in the forms the totals read: the first line that is not is
# named and the check fails, so that the dump fails, not every later
# run.  A score is a number as awk reads one whole, and finite ("1e999"
# would sum to inf); lines of fewer than three fields have no score.
check_summed() {
	set -- "$1/topics.tsv" "$1/languages"
	[ -f "$2" ] || set -- "$1"
	# shellcheck disable=SC2016 # an awk program
	awk -F '\t' '
	FILENAME ~ /topics\.tsv$/ && NF >= 3 && ($3 !~ \
	    /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/ ||
	    $3 + 0 > 1e300 || $3 + 0 < -1e300) {
		print "topic scores ($2): line " FNR ": not a finite number"
		exit 1
	}
	FILENAME ~ /languages$/ && NF && (NF != 2 || $2 !~ /^[0-9]+$/) {
		print "languages ($5): line " FNR ": not LANG<TAB>DOCUMENTS"
		exit 1
	}' "$@"
}

# merge_runs NAMES COUNTS DAYS LANGUAGES DOCUMENTS: the totals of the
# runs named in the file NAMES: their counts summed into COUNTS, their
# days.tsv into DAYS, their languages.tsv into LANGUAGES, their
# documents.tsv into DOCUMENTS (DAY<TAB>DOCUMENTS).  Runs made before
# languages.tsv or documents.tsv existed add nothing to those.
merge_runs() (
	# nw-count --merge reads the count files by name, so that a damaged
	# one is reported by its name.  The runs are as many as the dumps
	# ever processed, more than one command line may hold: xargs gives
	# nw-count as many as fit at a time, and one more merge sums what
	# those wrote (count files concatenated are one count file with terms
	# repeated, which --merge sums; nw-count ends every line it writes).
	while IFS= read -r n; do
		printf '%s\n' "$runs/$n/counts.tsv"
	done <"$1" | {
		xargs -r -d '\n' nw-count --merge --df --sort term --
		echo "$?" >"$tmp/merge.status"
	} | nw-count --merge --df --sort term >"$2" || exit 1
	[ "$(cat "$tmp/merge.status")" -eq 0 ] || exit 1
	cd -- "$runs" || exit 1
	# The runs' other tables are summed by awk, which takes any line:
	# each is checked first, and a damaged one named, as nw-count names
	# a damaged count file.
	sed 's|$|/days.tsv|' "$1" |
	    check_tables 4 'DAY<TAB>TOPIC<TAB>DOCUMENTS<TAB>SCORE SUM' ||
	    exit 1
	existing "$1" languages.tsv |
	    check_tables 3 'DAY<TAB>LANGUAGE<TAB>DOCUMENTS' || exit 1
	existing "$1" documents.tsv |
	    check_tables 3 'DAY<TAB>WHERE THE DAY CAME FROM<TAB>DOCUMENTS' ||
	    exit 1
	sed 's|$|/days.tsv|' "$1" | xargs -r -d '\n' cat -- >"$tmp/days" ||
	    exit 1
	# Each run's score sum is a sum of scores of three decimals: summed
	# in whole thousandths, exactly, and written as SUM beside the MEAN,
	# from which no reader could make the sum again to the thousandth.
	awk -F '\t' '
	{ k = $1 FS $2; n[k] += $3; s[k] += int($4 * 1000 + 0.5) }
	END {
		for (k in n)
			printf "%s\t%d\t%.4f\t%.3f\n", k, n[k],
			    s[k] / 1000 / n[k], s[k] / 1000
	}' "$tmp/days" | sort >"$3" || exit 1
	existing "$1" languages.tsv |
	    xargs -r -d '\n' cat -- >"$tmp/languages" || exit 1
	awk -F '\t' '
	{ n[$1 FS $2] += $3 }
	END { for (k in n) print k "\t" n[k] }
	' "$tmp/languages" | sort >"$4" || exit 1
	existing "$1" documents.tsv |
	    xargs -r -d '\n' cat -- >"$tmp/documents" || exit 1
	awk -F '\t' '{ n[$1] += $NF }
	END { for (d in n) printf "%s\t%d\n", d, n[d] }
	' "$tmp/documents" | sort >"$5"
)

# trend: OUTDIR/report.html, nw-trend's report of the per-day tables,
# made anew, and replaced whole, whenever it is missing or older than
# they are (a run with nothing new leaves it alone); with --spikes, each
# new spike of a topic on stdout once, remembered in OUTDIR/spikes.state.
trend() (
	report=$outdir/report.html
	rval=0
	[ -f "$outdir/topics-by-day.tsv" ] || exit 0
	set -- "$outdir/topics-by-day.tsv"
	[ -f "$outdir/documents-by-day.tsv" ] &&
	    set -- --totals "$outdir/documents-by-day.tsv" "$@"
	if ! [ -f "$report" ] || [ -n "$(find "$outdir/topics-by-day.tsv" \
	    "$outdir/documents-by-day.tsv" -newer "$report" 2>/dev/null)" ]
	then
		# nw-trend writes it as a new file renamed over the old one.
		if ! err=$(nw-trend --report "$report" "$@" 2>&1 >/dev/null)
		then
			# nw-trend writes what it can of bad lines: only an
			# output error means the report could not be written.
			why=$(reason "$err")
			if output_error "$err" || [ -z "$why" ]; then
				warn "$report: cannot write${why:+: $why}"
			else
				warn "$report: $why"
			fi
			rval=1
		fi
	fi
	# The spikes do not wait for the report: a report that cannot be
	# written must not keep the alerts from the mail.
	if [ "$spikes" -eq 1 ]; then
		nw-trend -a -s "$outdir/spikes.state" "$@" || rval=1
	fi
	exit "$rval"
)

# alert NAME TOPICS: print the documents of TOPICS at or above an
# --alert threshold, NAME<TAB>ID<TAB>TOPIC<TAB>SCORE.
alert() {
	NW_DUMP=$1 NW_ALERTS=$alerts awk -F '\t' '
	BEGIN {
		n = split(ENVIRON["NW_ALERTS"], rule, "\n")
		for (i = 1; i <= n; i++) {
			if (split(rule[i], f, "\t") != 2)
				continue
			if (!(f[1] in min) || f[2] + 0 < min[f[1]])
				min[f[1]] = f[2] + 0
		}
		dump = ENVIRON["NW_DUMP"]
	}
	($2 in min) && $3 + 0 >= min[$2] {
		print dump "\t" $1 "\t" $2 "\t" $3
	}' "$2"
}

# report PROCESSED TRIED START: the --progress summary of a run from the
# tmp/processed lines, TRIED the number of dumps tried since START.
report() {
	awk -F '\t' -v tried="$2" -v t0="$3" -v t1="$(now)" '
	{ n++; docs += $2; bytes += $3 }
	END {
		t = t1 - t0
		if (t <= 0)
			t = 0.001
		printf "nw-batch: %d dump%s processed, %d not: %d document%s, " \
		    "%.1f MB in %.1f s (%.1f documents/s, %.1f MB/s)\n", n,
		    (n == 1 ? "" : "s"), tried - n, docs, (docs == 1 ? "" : "s"),
		    bytes / 1e6, t, docs / t, bytes / 1e6 / t
	}' "$1" >&2
}
