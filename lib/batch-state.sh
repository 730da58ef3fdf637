# SPDX-License-Identifier: ISC
# shellcheck shell=sh disable=SC2154
# batch-state.sh: nw-batch's state in OUTDIR: files written atomically,
# the lock and what a killed run left, the scan of INCOMING, the plan of
# what to process, the line between a failure of a dump and one of the
# machine, and the two steps that change a dump's state (a failure
# recorded, a run committed).
#
# Sourced by bin/nw-batch, which sets the configuration these functions
# read (incoming, outdir, runs, failed, totals, tmp, work, the options)
# and the helpers warn, die, tab and nl.  Sourcing it defines functions
# and the constants output_errors and dedup_stats, and runs nothing.

# absolute DIR: print DIR as an absolute physical path.  When DIR cannot
# be entered, say why as the tools do, "nw-batch: DIR: Permission
# denied", and fail: sh's cd names neither the reason nor the tool but
# itself and a line number, so it stays quiet and env -C tells why.
absolute() {
	set -- "$1" "$(cd -P -- "$1" 2>/dev/null && pwd && echo .)"
	if [ "$2" = "" ]; then
		err=$(env -C "$1" true 2>&1)
		err=${err%%"$nl"*}
		err=${err##*: }
		warn "$1: ${err:-cannot enter directory}"
		return 1
	fi
	printf '%s' "${2%"$nl".}"
}

now() {
	date +%s.%N
}

# stat_key PATH: the size, device, inode, mtime and ctime of PATH.  The
# kernel sets ctime on every change, so an unchanged key means unchanged
# content and the SHA-256 in OUTDIR/.checksums can be trusted.
stat_key() {
	find -L "$1" -maxdepth 0 -printf '%s\t%D\t%i\t%T@\t%C@' 2>/dev/null
}

# replace NEW FILE: move NEW (a file in the same directory) over FILE
# unless both are equal, so an unchanged output keeps its mtime.
replace() {
	if cmp -s -- "$1" "$2"; then
		rm -f -- "$1"
		return 0
	fi
	sync -- "$1" && mv -f -- "$1" "$2" && sync -- "${2%/*}"
}

# save FILE: write standard input to FILE by way of FILE.tmp (see
# replace); on failure say why and remove FILE.tmp.
save() {
	if err=$( { cat >"$1.tmp" && replace "$1.tmp" "$1"; } 2>&1); then
		return 0
	fi
	rm -f -- "$1.tmp"
	err=${err%%"$nl"*}
	warn "$1: cannot write${err:+: ${err##*: }}"
	return 1
}

# open_outdir: check INCOMING, make OUTDIR, take its lock (or exit 0
# with --no-wait) and complete what a killed run left behind.  Sets the
# paths runs, failed, totals, tmp and work.
open_outdir() {
	if [ ! -d "$incoming" ]; then
		[ -e "$incoming" ] && die "$incoming: Not a directory"
		die "$incoming: No such directory"
	fi
	incoming=$(absolute "$incoming") || exit 1
	# mkdir -p says "File exists" of a file in the way.
	if [ -e "$outdir" ] && [ ! -d "$outdir" ]; then
		die "$outdir: Not a directory"
	fi
	if ! err=$(mkdir -p -- "$outdir" 2>&1); then
		die "$outdir: ${err##*: }"
	fi
	outdir=$(absolute "$outdir") || exit 1
	if [ "$outdir" = "$incoming" ]; then
		warn "$outdir: incoming and outdir must differ"
		exit 2
	fi
	runs=$outdir/runs
	failed=$outdir/failed
	totals=$outdir/totals
	tmp=$outdir/.tmp
	work=$tmp/work

	command -v flock >/dev/null ||
	    die "flock: not found (it is in util-linux)"
	# The shell reports a failed redirection of exec itself, prefixed
	# with its name and a line number; a trial open in a subshell first
	# gives the reason alone (Read-only file system, Permission denied).
	if ! err=$( { : >>"$outdir/.lock"; } 2>&1); then
		err=${err%%"$nl"*}
		err=${err##*: }
		die "$outdir/.lock: ${err:-cannot open the lock file}"
	fi
	command exec 9>>"$outdir/.lock" ||
	    die "$outdir/.lock: cannot open the lock file"
	flock -n -E 75 9
	status=$?
	if [ "$status" -eq 75 ]; then
		[ "$nowait" -eq 1 ] && exit 0
		[ "$progress" -eq 1 ] &&
		    warn "waiting for the run holding $outdir/.lock"
		flock -E 75 9
		status=$?
	fi
	[ "$status" -eq 0 ] || die "$outdir/.lock: cannot lock"

	# A replaced run that was moved aside while its successor never
	# arrived goes back; the rest is scratch.
	if [ -d "$tmp/old" ]; then
		oldname=
		IFS=$tab read -r oldname _ 2>/dev/null <"$tmp/old/source"
		if [ -n "$oldname" ] && ! [ -e "$runs/$oldname" ]; then
			mv -T -- "$tmp/old" "$runs/$oldname" ||
			    die "$tmp/old: cannot move back to $runs/$oldname"
		fi
	fi
	rm -rf -- "$tmp" || die "$tmp: cannot remove"
	rm -f -- "$outdir/.checksums.tmp" "$outdir/.topics-by-day.tsv.tmp" \
	    "$outdir/.languages-by-day.tsv.tmp" \
	    "$outdir/.documents-by-day.tsv.tmp" \
	    "$outdir/.future.tmp" "$outdir/.future.warn" \
	    "$totals/.counts.tsv.tmp" "$totals/.sources.tmp"
	# nw-trend's files replaced whole (mkstemp(3) names beside them).
	rm -f -- "$outdir"/report.html.?????? "$outdir"/spikes.state.??????
	mkdir -p -- "$runs" "$failed" "$totals" ||
	    die "$outdir: cannot create directories"

	# The dedup index's own lock, held to the end of the run: any other
	# nw-dedup on it (one run by hand) would drop what a pipeline left
	# pending before its commit.  Ours take it through the descriptor
	# they inherit (nw-dedup(1), NW_DEDUP_LOCK_FD).
	[ "$dedup" -eq 1 ] || return 0
	if ! err=$( { mkdir -p -- "$outdir/dedup" &&
	    : >>"$outdir/dedup/lock"; } 2>&1); then
		err=${err%%"$nl"*}
		die "$outdir/dedup/lock: ${err##*: }"
	fi
	command exec 8>>"$outdir/dedup/lock" ||
	    die "$outdir/dedup/lock: cannot open the lock file"
	if ! flock -n 8; then
		[ "$progress" -eq 1 ] &&
		    warn "waiting for the nw-dedup holding $outdir/dedup/lock"
		flock 8 || die "$outdir/dedup/lock: cannot lock"
	fi
	NW_DEDUP_LOCK_FD=8
	export NW_DEDUP_LOCK_FD

	# A run committed while its documents were still pending in the
	# dedup index: committed before a pipeline's nw-dedup drops them.
	for mark in "$runs"/*/.dedup-pending; do
		[ -e "$mark" ] || continue
		mark=${mark%/*}
		mark=${mark##*/}
		err=$(dedup_commit "$mark" 2>&1) ||
		    die "$mark: ${err:-cannot commit its documents in $outdir/dedup}"
	done
}

# scan INCOMING CHECKSUMS FUTURE SETTLE: print the settled dumps of
# INCOMING, NAME SIZE DEV INODE MTIME CTIME SUM in order of name,
# checksumming what the cache CHECKSUMS does not hold, and bring the
# cache up to date.  FUTURE keeps NAME SIZE DEV INODE MTIME CTIME SEEN
# for the files modified in the future: those settle when unchanged for
# SETTLE seconds since this host first SEEN them.  Exit 1 when a file was
# reported and skipped, 2 when INCOMING cannot be read.
scan() (
	dir=$1 checksums=$2 future=$3 min_age=$4
	rval=0

	# A directory that cannot be read is told once, with why, as the
	# tools tell it; each find below would add a line of its own.
	if ! err=$(find "$dir/" -maxdepth 0 -empty 2>&1 >/dev/null) ||
	    [ -n "$err" ]; then
		err=${err%%"$nl"*}
		err=${err##*: }
		warn "$dir: ${err:-cannot read directory}"
		exit 2
	fi

	# Names that cannot be recorded one per line are reported, not
	# guessed at: shown as the C tools show them (vis(3), "a\tb").
	badnames=$(find "$dir/" -mindepth 1 -maxdepth 1 ! -name '.*' \
	    \( -type f -o -type l \) \( -name "*$tab*" -o -name "*$nl*" \) \
	    -printf '%f\0' | sed -z 's/\t/\\t/g; s/\n/\\n/g' | tr '\0' '\n')
	if [ -n "$badnames" ]; then
		while IFS= read -r bad; do
			warn "$dir/$bad: file name has a tab or newline; skipped"
		done <<EOF
$badnames
EOF
		rval=1
	fi

	# A link that leads nowhere may be a dump that never arrived.
	links=$(find "$dir/" -mindepth 1 -maxdepth 1 ! -name '.*' \
	    ! -name "*$tab*" ! -name "*$nl*" -type l -printf '%Y\t%f\n') || {
		warn "$dir: cannot read directory"
		exit 2
	}
	# (Paths go to awk through the environment: -v reads backslashes
	# in them as escapes.)
	broken=$(printf '%s\n' "$links" | NW_DIR=$dir awk -F '\t' '
	BEGIN { dir = ENVIRON["NW_DIR"] }
	$1 == "N" { r = "symbolic link to a missing file" }
	$1 == "L" { r = "Too many levels of symbolic links" }
	$1 == "?" { r = "cannot follow the symbolic link" }
	$1 ~ /^[NL?]$/ { print "nw-batch: " dir "/" $2 ": " r "; skipped" }' |
	    sort)
	if [ -n "$broken" ]; then
		printf '%s\n' "$broken" >&2
		rval=1
	fi

	# The settled regular files, joined with the checksum cache: NAME
	# SIZE DEV INODE MTIME CTIME SUM, SUM "-" when it must be computed.
	# (find -L fails on the link loops reported above.)
	files=$(find -L "$dir/" -mindepth 1 -maxdepth 1 ! -name '.*' \
	    ! -name "*$tab*" ! -name "*$nl*" \
	    -printf '%Y\t%s\t%D\t%i\t%T@\t%C@\t%f\n' 2>/dev/null)
	now=$(date +%s)
	known=$({
		[ -f "$checksums" ] && awk '{ print "C\t" $0 }' "$checksums"
		[ -f "$future" ] && awk '{ print "W\t" $0 }' "$future"
		[ -n "$files" ] && printf '%s\n' "$files" |
		    awk '{ print "F\t" $0 }'
	} | NW_FUTURE=$future awk -F '\t' -v now="$now" -v settle="$min_age" '
	BEGIN {
		futurefile = ENVIRON["NW_FUTURE"] ".tmp"
		warnfile = ENVIRON["NW_FUTURE"] ".warn"
	}
	$1 == "C" { sum[$2] = $8; key[$2] = $3 FS $4 FS $5 FS $6 FS $7; next }
	$1 == "W" { seen[$2] = $8; wkey[$2] = $3 FS $4 FS $5 FS $6 FS $7; next }
	$1 != "F" || $2 != "f" { next }
	{ k = $3 FS $4 FS $5 FS $6 FS $7 }
	int($6) > now {
		if (($8 in wkey) && wkey[$8] == k) {
			first = seen[$8]
		} else {
			first = now
			print $8 FS $6 > warnfile
		}
		print $8 FS k FS first > futurefile
		if (now - first < settle)
			next
	}
	int($6) <= now && settle > 0 && now - $6 < settle { next }
	{ print $8 FS k FS (($8 in key) && key[$8] == k ? sum[$8] : "-") }
	' | sort)
	# (awk creates these files only to write to them.)
	if [ -f "$future.warn" ]; then
		while IFS=$tab read -r f mtime; do
			when=$(date -u -d "@${mtime%%.*}" '+%Y-%m-%d %H:%M:%S UTC')
			warn "$dir/$f: modified in the future ($when); settling by this host's clock"
		done <"$future.warn"
		rm -f -- "$future.warn"
	fi
	if [ -f "$future.tmp" ]; then
		replace "$future.tmp" "$future"
	elif [ -f "$future" ]; then
		rm -f -- "$future"
	fi

	# Checksum what is new or changed; a file that changes meanwhile is
	# left for the next run.  An unreadable file keeps the sum
	# "unreadable" and fails in the pipeline, where its error is logged.
	ids=$({
		printf '%s\n' "$known" | awk -F '\t' 'NF == 7 && $7 != "-"'
		printf '%s\n' "$known" | awk -F '\t' 'NF == 7 && $7 == "-"' |
		    while IFS=$tab read -r f k1 k2 k3 k4 k5 _; do
			k=$k1$tab$k2$tab$k3$tab$k4$tab$k5
			# (sh reports a failed < itself, in its own words.)
			if h=$( { sha256sum <"$dir/$f"; } 2>/dev/null); then
				h=${h%% *}
			else
				h=unreadable
			fi
			[ "$(stat_key "$dir/$f")" = "$k" ] || continue
			printf '%s\t%s\t%s\n' "$f" "$k" "$h"
		    done
	} | sort)

	# The cache holds what was checksummed and is still there; it is
	# rewritten only when that changed.
	cache=$(printf '%s\n' "$ids" |
	    awk -F '\t' 'NF == 7 && $7 != "unreadable"')
	oldcache=
	[ -f "$checksums" ] && oldcache=$(cat -- "$checksums")
	if [ "$cache" != "$oldcache" ] ||
	    { [ -n "$cache" ] && ! [ -f "$checksums" ]; }; then
		printf '%s' "${cache:+$cache$nl}" | save "$checksums" ||
		    rval=1
	fi
	[ -n "$ids" ] && printf '%s\n' "$ids"
	exit "$rval"
)

# plan RUNS FAILED RETRIES PROGRESS: read the dumps scan printed and
# print those to process, NAME SIZE DEV INODE MTIME CTIME SUM ATTEMPTS:
# the dumps whose identity differs from their run's and that have
# attempts left.  The failure records of dumps that are up to date
# (left by a run killed after the commit that should remove them) go.
plan() (
	runs_dir=$1 failed_dir=$2 max_retries=$3 verbose=$4
	plan=$({
		find "$runs_dir" -mindepth 2 -maxdepth 2 -name source -type f \
		    -exec awk '{ print "S\t" $0 }' {} +
		find "$failed_dir" -mindepth 2 -maxdepth 2 -name attempts -type f \
		    -exec awk '{ print "A\t" $0 }' {} +
		awk 'NF { print "I\t" $0 }'
	} | awk -F '\t' -v retries="$max_retries" -v progress="$verbose" '
	$1 == "S" { done[$2] = $3 FS $4; next }
	$1 == "A" { tried[$2] = $3 FS $4; attempts[$2] = $5; next }
	$1 == "I" {
		id = $3 FS $8
		if ($2 in done && done[$2] == id) {
			if ($2 in tried)
				print "-" FS $2
			next
		}
		n = ($2 in tried && tried[$2] == id) ? attempts[$2] : 0
		if (n > retries) {
			if (progress)
				printf "nw-batch: %s: given up after %d attempts\n",
				    $2, n > "/dev/stderr"
			next
		}
		print "+" FS $2 FS $3 FS $4 FS $5 FS $6 FS $7 FS $8 FS n
	}' | sort)
	printf '%s\n' "$plan" | awk '/^-\t/' | cut -f 2- |
	    while IFS= read -r f; do
		rm -rf -- "$failed_dir/${f:?}"
	    done
	printf '%s\n' "$plan" | awk '/^\+\t/' | cut -f 2-
)

# The messages (strerror(3) in the C locale) of an output that could
# not be written for want of room (a full disk, a quota, a file size
# limit), of write access to its filesystem, or of a device that failed:
# a failure of the machine, not of the dump.  So is a permission denied
# on a path in OUTDIR (output_denied), where a dump's own would be the
# dump's.
output_errors='No space left on device|Disk quota exceeded'
output_errors=$output_errors'|File size limit exceeded|Read-only file system'
output_errors=$output_errors'|Input/output error'

# The awk test of a line for either kind, od being OUTDIR.
# shellcheck disable=SC2016
output_awk='$0 ~ re ||
    (od != "" && index($0, od "/") && $0 ~ /: Permission denied/)'

# output_error TEXT: does TEXT tell of such an output error?
output_error() {
	printf '%s\n' "$1" | awk -v re="$output_errors" -v od="${outdir:-}" "
	$output_awk { found = 1; exit }
	END { exit !found }"
}

# setup_error STATUS TEXT: does a pipeline that exited STATUS and wrote
# TEXT tell of a failure of the setup, not of the dump, which every dump
# would meet until it is mended: a newswire stage that exited 2 (usage
# or configuration: a data directory or topics file that is not there;
# other tools exit 2 on a corrupt input too), a stage or the pipeline
# that exited 126 or 127 (a command that cannot be run or is not found),
# or a message that names the dedup index in OUTDIR (damaged, or not an
# index).  OUTDIR is read from the environment: awk's -v would take its
# backslashes for escapes.
setup_error() {
	case $1 in
	126|127) return 0 ;;
	esac
	printf '%s\n' "$2" | NW_OUTDIR=${outdir:-} awk '
	BEGIN { od = ENVIRON["NW_OUTDIR"] }
	/^nw-[a-z-]+: exit status 2$/ || /: exit status (126|127)$/ ||
	    (od != "" && (index($0, od "/dedup/") ||
	    index($0, od "/dedup:"))) { found = 1; exit }
	END { exit !found }'
}

# setup_reason TEXT: the line of TEXT that names the dedup index, else
# its first message.
setup_reason() {
	printf '%s\n' "$1" | NW_OUTDIR=${outdir:-} awk -v stats="$dedup_stats" '
	BEGIN { od = ENVIRON["NW_OUTDIR"] }
	!NF || $0 ~ stats { next }
	first == "" { first = $0 }
	od != "" && (index($0, od "/dedup/") || index($0, od "/dedup:")) {
		print
		found = 1
		exit
	}
	END { if (!found && first != "") print first }'
}

# The line nw-dedup --stats adds to every log: no reason for anything.
dedup_stats='^nw-dedup: [0-9]+ documents?, '

# first_message TEXT: the first line of TEXT that is not blank, nor the
# count of copies.
first_message() {
	printf '%s\n' "$1" | awk -v stats="$dedup_stats" '
	NF && $0 !~ stats { print; exit }'
}

# reason TEXT: the line of TEXT that tells of an output error, else its
# first message.
reason() {
	printf '%s\n' "$1" | awk -v re="$output_errors" -v stats="$dedup_stats" \
	    -v od="${outdir:-}" "
	!NF { next }
	first == \"\" && \$0 !~ stats { first = \$0 }
	$output_awk { print; found = 1; exit }
	END { if (!found && first != \"\") print first }"
}

# output_failure NAME TEXT: give up dump NAME in this run for an output
# error, the first line of TEXT that names it, without using one of its
# attempts.  Exit 4.
output_failure() {
	rm -rf -- "$work"
	why=$(reason "$2")
	warn "$1: ${why:-cannot write its outputs}; left for the next run (not counted as an attempt)"
	exit 4
}

# setup_failure NAME TEXT: give up dump NAME in this run for a failure
# of the setup (setup_error()), the first line of TEXT that tells of it,
# without using one of its attempts.  Exit 4.
setup_failure() {
	rm -rf -- "$work"
	why=$(setup_reason "$2")
	warn "$1: ${why:-the pipeline cannot run};" \
	    "left for the next run (not counted as an attempt)"
	exit 4
}

# record_failure NAME SIZE SUM ATTEMPTS REASON: move the work directory
# with its log to failed/NAME, with the identity and the number of
# attempts, and say so on stderr.
record_failure() {
	n=$(($4 + 1))
	find "$work" -mindepth 1 -maxdepth 1 ! -name log -exec rm -rf -- {} +
	if ! printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$n" \
	    >"$work/attempts" ||
	    ! sync -- "$work/log" "$work/attempts" "$work" ||
	    ! rm -rf -- "$failed/${1:?}" ||
	    ! mv -T -- "$work" "$failed/$1"; then
		warn "$failed/$1: cannot record the failure"
	fi
	if [ "$n" -gt "$retries" ]; then
		warn "$1: $5 (attempt $n of $((retries + 1)), giving up)"
	else
		warn "$1: $5 (attempt $n of $((retries + 1)))"
	fi
}

# dedup_commit NAME: commit the documents the pipeline of dump NAME left
# pending in OUTDIR/dedup (nw-dedup --pending), once runs/NAME is
# committed, and remove the mark there that says they are owed.  A
# pipeline's nw-dedup drops what is pending, so a dump that failed, or
# that changed meanwhile, or a run killed before its commit, leaves the
# index as it was; one killed after it leaves the mark, and the next run
# commits them before any pipeline.  Nothing pending under the name (a
# pipeline without --pending, a commit made before a kill) is no error.
dedup_commit() {
	[ -e "$runs/$1/.dedup-pending" ] || return 0
	set -- "$1" "$1"
	[ "$1" != - ] || set -- "$1" ./-
	nw-dedup --state "$outdir/dedup" --run "$2" --commit &&
	    rm -f -- "$runs/$1/.dedup-pending" && sync -- "$runs/$1"
}

# commit NAME: make the complete work directory runs/NAME, the one step
# that marks the dump processed, then commit its documents in the dedup
# index, the run marked as owing them until then (dedup_commit).
commit() {
	if [ "$dedup" -eq 1 ] && [ -f "$outdir/dedup/index.mdb" ]; then
		: >"$work/.dedup-pending" && sync -- "$work" || return 1
	fi
	if [ -e "$runs/$1" ]; then
		mv -T -- "$runs/$1" "$tmp/old" || return 1
	fi
	if ! mv -T -- "$work" "$runs/$1"; then
		[ -e "$tmp/old" ] && mv -T -- "$tmp/old" "$runs/$1"
		return 1
	fi
	sync -- "$runs"
	rm -rf -- "$tmp/old" "$failed/${1:?}"
	dedup_commit "$1"
}
