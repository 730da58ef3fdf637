#!/usr/bin/env bats
# shellcheck disable=SC2154 # bats run sets stderr_lines
# Conventions every tool shares: --help, --version, usage errors, man pages.
bats_require_minimum_version 1.5.0
load helpers

tools() {
	local t
	for t in "$TOP"/bin/nw-*; do
		case $t in *.c) continue ;; esac
		[ -x "$t" ] && basename "$t"
	done
}

@test "there are tools to test" {
	run tools
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -ge 1 ]
}

@test "every tool: -h prints usage on stdout and exits 0" {
	for t in $(tools); do
		run --separate-stderr "$t" -h
		[ "$status" -eq 0 ] || { echo "$t: exit $status"; return 1; }
		[[ "$output" == *"usage: $t"* ]] || { echo "$t: $output"; return 1; }
		[ -z "$stderr" ]
	done
}

@test "every tool: --version names the tool and newswire" {
	for t in $(tools); do
		run --separate-stderr "$t" --version
		[ "$status" -eq 0 ]
		[[ "$output" =~ ^$t\ \(newswire\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]] ||
		    { echo "$t: $output"; return 1; }
	done
}

@test "every tool: an unknown option is a usage error (exit 2, usage on stderr)" {
	for t in $(tools); do
		# Run by its path, it still names itself by its name.
		run --separate-stderr "$TOP/bin/$t" --no-such-option
		[ "$status" -eq 2 ] || { echo "$t: exit $status"; return 1; }
		[ -z "$output" ]
		[[ "${stderr_lines[0]}" == "$t: "*"no-such-option"* ]] ||
		    { echo "$t: $stderr"; return 1; }
		[[ "$stderr" == *"usage: $t"* ]] || { echo "$t: $stderr"; return 1; }
	done
}

# The options a man page lists (.It Fl x , Fl \-long), one a line.
man_options() {
	sed -n 's/^\.It Fl //p' "$TOP/share/man/man1/$1.1" |
	    sed 's/ Ar [^ ,]*//g; s/ Cm .*//; s/ , Fl /\n/g' |
	    sed 's/^\\-/--/; s/^\([A-Za-z]\)$/-\1/; s/ .*//'
}

@test "-h lists every option of the man page on a line of its own, with -h and --version" {
	local t o
	for t in nw-normalize nw-tokenize nw-count nw-topic-score nw-clean \
	    nw-split nw-trend nw-dedup nw-batch; do
		run --separate-stderr "$t" -h
		[ "$status" -eq 0 ]
		for o in $(man_options "$t") -h --help --version; do
			printf '%s\n' "$output" |
			    grep -Eq -- "^  (-[A-Za-z], )?(--[a-z-]+)? *$o( |,|\$)|^  -[A-Za-z], $o( |\$)" ||
			    { echo "$t -h: no line for $o"; return 1; }
		done
		# One line an option: no line of the list longer than 80.
		! printf '%s\n' "$output" | grep -q '.\{81\}'
	done
}

# synopsis_names TEXT OPTION: TEXT, a synopsis, names OPTION: as itself
# ("-j threshold", "--mark | --report") or in a bundle of flags ("[-hkv]").
synopsis_names() {
	local text=" $1 " o=$2
	[[ "$text" =~ [][(|\ ]"$o"[][)|=\ ] ]] && return 0
	[[ "$o" =~ ^-[A-Za-z]$ && "$text" =~ \[-[A-Za-z]*"${o#-}"[A-Za-z]*\] ]]
}

@test "the SYNOPSIS and the usage of -h name every option of the man page" {
	local t o synopsis usage
	for t in $(tools); do
		synopsis=$(groff -mandoc -Tutf8 -rLL=300n -P-cbou \
		    "$TOP/share/man/man1/$t.1" |
		    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | tr -s ' \n' '  ')
		# The usage: its first line and the lines that continue it or give
		# another form (indented further than the list of options).
		usage=$("$t" -h | sed -n '1p; 2,${/^       /!q; p;}' | tr -s ' \n' '  ')
		# The first name of each entry of the list: -x where there is one.
		for o in $(sed -n 's/^\.It Fl //p' "$TOP/share/man/man1/$t.1" |
		    sed 's/ .*//; s/^\\-/--/; s/\\-/-/g; s/^\([A-Za-z]\)$/-\1/'); do
			case $t$o in
			*-h | *--help | *--version) continue ;;
			nw-batch--dedup) continue ;;	# the default, for old command lines
			esac
			synopsis_names "$synopsis" "$o" ||
			    { echo "$t.1: SYNOPSIS has no $o"; return 1; }
			synopsis_names "$usage" "$o" ||
			    { echo "$t -h: usage has no $o"; return 1; }
		done
	done
}

@test "every tool prints the version in lib/nw.h" {
	want=$(sed -n 's/^#define NW_VERSION[[:space:]]*"\(.*\)"/\1/p' "$TOP/lib/nw.h")
	[ -n "$want" ]
	for t in $(tools); do
		run "$t" --version
		[ "$output" = "$t (newswire) $want" ] || { echo "$output"; return 1; }
	done
}

@test "shell scripts are shellcheck-clean" {
	cd "$TOP"
	run shellcheck bin/nw-batch lib/batch-*.sh tests/run tests/valgrind tests/fuzz/run \
	    tests/demo tests/bench/run tests/eval-topics tests/eval-trend \
	    tests/report/run tests/eval-lang tests/lang-data tests/eval-train \
	    tests/eval-shipped tests/reuters-records \
	    tests/eval-clean tests/train-clean \
	    tests/golden/run \
	    .ci/run tests/cluster/run share/newswire/cluster/*
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
}

@test "every tool has a man page, and every man page is mandoc -Tlint clean" {
	for t in $(tools); do
		[ -f "$TOP/share/man/man1/$t.1" ] || { echo "no man page: $t"; return 1; }
	done
	run mandoc -Tlint -Wwarning "$TOP"/share/man/man1/*.1 "$TOP"/share/man/man7/*.7
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ -z "$output" ]
}

@test "every man page formats under groff without a troff warning or error" {
	# groff reads a word such as "An" at the start of a macro's arguments
	# as a macro call, which mandoc lets pass and groff chokes on
	for f in "$TOP"/share/man/man1/*.1 "$TOP"/share/man/man7/*.7; do
		run --separate-stderr groff -k -mandoc -Tutf8 -ww -z "$f"
		[ "$status" -eq 0 ] || { echo "$f: $stderr"; return 1; }
		[ -z "$stderr" ] || { echo "$f: $stderr"; return 1; }
	done
}

@test "make install puts tools, data and man pages under PREFIX and they find their data there" {
	run make -C "$TOP" -s install DESTDIR="$BATS_TEST_TMPDIR/root" PREFIX=/opt/nw
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	root=$BATS_TEST_TMPDIR/root/opt/nw
	for t in $(tools); do
		[ -x "$root/bin/$t" ]
		[ -f "$root/share/man/man1/$t.1" ]
	done
	[ -f "$root/share/man/man7/newswire.7" ]
	[ -f "$root/share/newswire/stopwords.en" ]
	[ -f "$root/share/newswire/abbreviations.en" ]
	[ -n "$(ls "$root/share/newswire/topics")" ]
	# The installed tool reads the installed list, not the source tree's.
	echo police >"$root/share/newswire/stopwords.en"
	run --separate-stderr "$root/bin/nw-tokenize" -s en <<<'The police said'
	[ "$status" -eq 0 ]
	[ "$output" = "The said" ]
	run --separate-stderr "$TOP/bin/nw-tokenize" -s en <<<'The police said'
	[ "$output" = "police" ]
}

@test "a blank bare line stays blank where a tool adds an id or a field (newswire(7))" {
	cd "$BATS_TEST_TMPDIR"
	printf 'bare line one here\n\nd1\t2\tText two\n' >bare.rec
	printf 'one two three\n\nfour five\n' >b1.txt
	cp b1.txt b2.txt
	# A field on no text would be a record with an empty text field.
	run --separate-stderr nw-lang bare.rec
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'bare.rec\tlang=und\tbare line one here\n\nd1\t2\tlang=und\tText two')" ]
	run --separate-stderr nw-dedup --mark b1.txt b2.txt
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'one two three\n\nfour five\nb2.txt\tdup=b1.txt:1.000\tone two three\n\nb2.txt\tdup=b1.txt:1.000\tfour five')" ]
	# nw-clean drops the blank line, and with -v writes it as it came.
	run --separate-stderr nw-clean --explain bare.rec
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'bare.rec\tclean=content:context\tbare line one here\nd1\t2\tclean=content:context\tText two')" ]
	[ "$(nw-clean -v --explain bare.rec | od -An -c | tr -d ' ')" = '\n' ]
	run --separate-stderr nw-shard -n 2 -i 1 bare.rec
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'bare.rec\tbare line one here\n\nd1\t2\tText two')" ]
}

@test "every tool: a message is written in one write(2), whole" {
	# Stages of a pipeline share one stderr (nw-batch reads it): a
	# message in three writes (name, path, reason) was spliced with
	# another's.
	command -v strace >/dev/null || skip "strace is not installed"
	# LeakSanitizer cannot run under ptrace: it aborts with a message.
	[ -z "${NW_SANITIZE:-}" ] || skip "a sanitizer build cannot run under strace"
	for t in nw-split nw-clean nw-normalize nw-tokenize nw-count nw-lang \
	    nw-topic-score nw-dedup nw-trend; do
		strace -qq -s 256 -e trace=write -o "$BATS_TEST_TMPDIR/w" \
		    "$TOP/bin/$t" /no/such/file 2>/dev/null && return 1
		grep '^write(2,' "$BATS_TEST_TMPDIR/w" >"$BATS_TEST_TMPDIR/w2" ||
		    true
		[ "$(wc -l <"$BATS_TEST_TMPDIR/w2")" -eq 1 ] ||
		    { echo "$t:"; cat "$BATS_TEST_TMPDIR/w"; return 1; }
		grep -q "^write(2, \"$t: /no/such/file: No such" \
		    "$BATS_TEST_TMPDIR/w2" || { cat "$BATS_TEST_TMPDIR/w2"; return 1; }
	done
}

@test "every tool: a name with a newline is one line, encoded as \\n" {
	# Printed raw, the newline split the message in two lines, the
	# second one a message of its own to whoever reads them.
	local t name
	name=$(printf 'a\nb')
	for t in nw-split nw-clean nw-normalize nw-tokenize nw-count nw-lang \
	    nw-topic-score nw-dedup nw-trend; do
		run --separate-stderr "$t" "$BATS_TEST_TMPDIR/$name"
		[ "$status" -eq 1 ] || { echo "$t: exit $status"; return 1; }
		[ "$stderr" = "$t: $BATS_TEST_TMPDIR/a\\nb: No such file or directory" ] ||
		    { echo "$t: $stderr"; return 1; }
	done
}

@test "a message shows an escape, other control characters and invalid UTF-8 encoded, and UTF-8 as it is" {
	# ESC and CSI (U+009B) start sequences a terminal obeys; a tab, a
	# carriage return and a byte that is no UTF-8 are shown encoded,
	# a backslash and a letter of UTF-8 as they are.
	cd "$BATS_TEST_TMPDIR"
	run --separate-stderr nw-split "$(printf 'x\033[31my')"
	[ "$status" -eq 1 ]
	[ "$stderr" = 'nw-split: x\033[31my: No such file or directory' ]
	run --separate-stderr nw-dedup "$(printf '\t\r\302\233\377\\é')"
	[ "$status" -eq 1 ]
	[ "$stderr" = 'nw-dedup: \t\r\302\233\377\é: No such file or directory' ]
	mkdir "$(printf 'd\033]0;t\a')"
	run --separate-stderr nw-count -- *
	[ "$status" -eq 1 ]
	[ "$stderr" = 'nw-count: d\033]0;t\a: Is a directory' ]
}

@test "an unknown option is quoted encoded, as a file name is" {
	# getopt_long() writes its own messages; they are encoded too.
	run --separate-stderr nw-split "$(printf -- '--a\033[31mb')"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = \
	    "nw-split: unrecognized option '--a\\033[31mb'" ]
	run --separate-stderr nw-count "$(printf -- '-\001')" </dev/null
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nw-count: invalid option -- '\\001'" ]
	run --separate-stderr nw-tokenize "$(printf -- '--x\ny')" </dev/null
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = \
	    "nw-tokenize: unrecognized option '--x\\ny'" ]
	[[ ${stderr_lines[1]} == "usage: nw-tokenize [-lw] "* ]]
}

@test "the fuzz harnesses are rebuilt when any library header changes" {
	# They compile lib/*.c themselves, so every header those include is
	# a prerequisite: a harness built against an old struct layout
	# fuzzes code that is no longer there.  (The flags stamp goes to a
	# scratch file, so that this leaves the build tree alone.)
	make -C "$TOP" -pq FLAGSTAMP="$BATS_TEST_TMPDIR/flags" fuzz-none \
	    2>/dev/null | sed -n 's|^tests/fuzz/build/%: ||p' | tr ' ' '\n' |
	    sort -u >"$BATS_TEST_TMPDIR/prereqs"
	[ -s "$BATS_TEST_TMPDIR/prereqs" ]
	for h in "$TOP"/lib/*.h; do
		h=lib/${h##*/}
		[ "$h" != lib/cld2.h ] || continue
		grep -qx -- "$h" "$BATS_TEST_TMPDIR/prereqs" ||
		    { echo "$h is not a prerequisite" >&2; return 1; }
	done
}
