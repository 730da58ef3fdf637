#!/usr/bin/env bats
# The one reading path (lib/input.c, lib/sniff.c) as every tool sees it:
# compressed input of every kind is read by what it holds, never by its
# name, and damage is reported in one wording.
bats_require_minimum_version 1.5.0
load helpers

TOOLS="nw-normalize nw-tokenize nw-count nw-topic-score nw-split"
CODECS="gzip xz zstd bzip2 lz4 lzip"

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'doc\t1\tThe U.S. Embassy in Tripoli said talks on security went on.\n' >r.txt
}

@test "every tool reads gzip, xz, zstd, bzip2, lz4 and lzip as the plain text" {
	for t in $TOOLS; do
		"$t" r.txt >expected
		[ -s expected ]
		for z in $CODECS; do
			"$z" -c r.txt >"r.$z"
			run --separate-stderr "$t" "r.$z"
			[ "$status" -eq 0 ] || { echo "$t $z: $stderr"; false; }
			[ -z "$stderr" ]
			[ "$output" = "$(sed "s,^r\.txt,r.$z," expected)" ] ||
			    { echo "$t $z: $output"; false; }
			run --separate-stderr "$t" - <"r.$z"
			[ "$status" -eq 0 ]
		done
	done
}

@test "every tool reads data compressed twice over as what it holds, as nw-split does" {
	gzip -c r.txt | gzip -c >r.gz.gz
	gzip -c r.txt | xz -c | zstd -q -c >r.gz.xz.zst
	for t in $TOOLS; do
		"$t" r.txt | sed 's,^r\.txt,X,' >expected
		for f in r.gz.gz r.gz.xz.zst; do
			run --separate-stderr "$t" "$f"
			[ "$status" -eq 0 ] || { echo "$t $f: $stderr"; false; }
			[ -z "$stderr" ]
			[ "$(sed "s,^$f,X," <<<"$output")" = "$(cat expected)" ] ||
			    { echo "$t $f: $output"; false; }
			run --separate-stderr sh -c "\"\$1\" <\"\$2\"" - "$t" "$f"
			[ "$status" -eq 0 ] || { echo "$t - <$f: $stderr"; false; }
		done
	done
	# The inner stream cut short is said, as a file's would be.
	seq 1 20000 | sed 's/^/d\t1\tword /' >long.txt
	gzip -c long.txt | head -c 20000 | gzip -c >cut.gz.gz
	run --separate-stderr nw-count cut.gz.gz
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-count: cut.gz.gz: unexpected end of file (truncated gzip data)" ]
}

@test "every tool reads five compressions deep, and skips a sixth as nw-split does, exit 1" {
	f=r.txt
	for z in gzip xz gzip zstd gzip gzip; do
		"$z" -c "$f" >"$f.z"
		f=$f.z
	done
	five=r.txt.z.z.z.z.z
	for t in nw-normalize nw-tokenize nw-count nw-topic-score; do
		"$t" r.txt | sed 's,^r\.txt,X,' >expected
		run --separate-stderr "$t" "$five"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$(sed "s,^$five,X," <<<"$output")" = "$(cat expected)" ]
		# Six: no record of compressed bytes, the same message.
		for how in file pipe; do
			if [ $how = file ]; then
				run --separate-stderr "$t" "$f" r.txt
				name=$f
			else
				run --separate-stderr sh -c \
				    "\"\$1\" - r.txt <\"\$2\"" - "$t" "$f"
				name=-
			fi
			[ "$status" -eq 1 ]
			[ "$stderr" = "$t: $name: not text (compressed more than 5 times): skipped" ]
			# The other input is read all the same.
			[ "$(sed "s,^r\.txt,X," <<<"$output")" = "$(cat expected)" ]
		done
	done
}

@test "zstd and lz4 that start with skippable frames are read as what they hold" {
	# A skippable frame (magic 0x184D2A5?, a 32-bit size, that many
	# bytes) is how pzstd starts each frame and .warc.zst its dictionary.
	skip() { printf "\\x5$1\\x2a\\x4d\\x18\\x04\\x00\\x00\\x00abcd"; }
	{ skip 0; zstd -q -c r.txt; } >r.zst
	{ skip e; skip 3; lz4 -q -c r.txt; } >r.lz4
	# One larger than what is looked at first: its end is not seen.
	{ printf '\x50\x2a\x4d\x18\x00\x00\x02\x00'; head -c 131072 /dev/zero
	  zstd -q -c r.txt; } >big.zst
	for t in $TOOLS; do
		"$t" r.txt >expected
		for f in r.zst r.lz4 big.zst; do
			run --separate-stderr "$t" "$f"
			[ "$status" -eq 0 ] || { echo "$t $f: $stderr"; false; }
			[ -z "$stderr" ]
			[ "$output" = "$(sed "s,^r\.txt,$f," expected)" ] ||
			    { echo "$t $f: $output"; false; }
			run --separate-stderr sh -c "\"\$1\" <\"\$2\"" - "$t" "$f"
			[ "$status" -eq 0 ] || { echo "$t - <$f: $stderr"; false; }
		done
		# From a pipe that gives the first frame in two writes, the
		# lz4 after two such frames is what the file holds.
		run --separate-stderr sh -c '{ head -c 16 r.lz4; sleep 0.2
		    tail -c +17 r.lz4; } | "$1"' - "$t"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$output" = "$(sed "s,^r\.txt,-," expected)" ]
	done
}

@test "a .warc.zst's dictionary, in a skippable frame before the first, decodes its frames" {
	# The frames are written with a dictionary of 1024 bytes, which
	# the file carries as it is, or zstd-compressed, in a frame of
	# magic 0x184D2A5D.
	yes 'The minister said the talks with the unions went on' |
	    head -c 1024 >dict
	zstd -q -D dict -c r.txt >frames
	zstd -q -c dict >dict.zst
	{ printf '\x5d\x2a\x4d\x18\x00\x04\x00\x00'; cat dict frames
	} >plain.warc.zst
	{ printf '\x5d\x2a\x4d\x18'
	  n=$(wc -c <dict.zst)
	  printf "\\$(printf %03o $((n % 256)))\\$(printf %03o $((n / 256)))"
	  printf '\x00\x00'; cat dict.zst frames; } >packed.warc.zst
	for t in $TOOLS; do
		"$t" r.txt >expected
		run --separate-stderr "$t" plain.warc.zst
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$output" = "$(sed 's,^r\.txt,plain.warc.zst,' expected)" ]
		run --separate-stderr sh -c "\"\$1\" <packed.warc.zst" - "$t"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$output" = "$(sed 's,^r\.txt,-,' expected)" ]
	done
	# Every frame after it is decoded with it.
	cat plain.warc.zst frames >two.warc.zst
	nw-normalize r.txt >expected
	run --separate-stderr nw-normalize two.warc.zst
	[ "$status" -eq 0 ]
	[ "$output" = "$(sed 's,^r\.txt,two.warc.zst,' expected; \
	    sed 's,^r\.txt,two.warc.zst,' expected)" ]
	# A dictionary libzstd cannot read (its magic, then junk) is said.
	{ printf '\x5d\x2a\x4d\x18\x08\x00\x00\x00\x37\xa4\x30\xec\x01\x02\x03\x04'
	  cat frames; } >bad.zst
	run --separate-stderr nw-count bad.zst
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-count: bad.zst: invalid zstd data: invalid dictionary frame" ]
	# Cut short inside the dictionary: said as any stream cut short.
	head -c 500 plain.warc.zst >cut.zst
	run --separate-stderr nw-count cut.zst
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-count: cut.zst: unexpected end of file (truncated zstd data)" ]
}

@test "a compressed stream cut short: what was decoded, one message, exit 1" {
	seq 1 200000 | sed 's/^/Words of a numbered line: /' >long.txt
	for z in $CODECS; do
		"$z" -c long.txt >"long.$z"
		size=$(wc -c <"long.$z")
		head -c $((size - 20)) "long.$z" >"cut.$z"
		run --separate-stderr nw-normalize "cut.$z"
		[ "$status" -eq 1 ]
		[ "$stderr" = "nw-normalize: cut.$z: unexpected end of file (truncated $z data)" ] ||
		    { echo "$z: $stderr"; false; }
		[ "${#lines[@]}" -gt 1000 ] || { echo "$z: ${#lines[@]} lines"; false; }
	done
}

@test "garbage after compressed data: everything before it, one message, exit 1" {
	for z in $CODECS; do
		{ "$z" -c r.txt; printf 'garbage after it\n'; } >"junk.$z"
		run --separate-stderr nw-normalize "junk.$z"
		[ "$status" -eq 1 ]
		[ "$output" = "doc	1	The U.S. Embassy in Tripoli said talks on security went on." ]
		[ "$stderr" = "nw-normalize: junk.$z: trailing garbage after $z data" ] ||
		    { echo "$z: $stderr"; false; }
	done
}

@test "concatenated compressed streams are read whole" {
	for z in $CODECS; do
		"$z" -c r.txt >"two.$z"
		"$z" -c r.txt >>"two.$z"
		run --separate-stderr nw-normalize "two.$z"
		[ "$status" -eq 0 ]
		[ "${#lines[@]}" -eq 2 ] || { echo "$z: $output"; false; }
	done
}

@test "100,000 tiny streams in a row are read whole, of every codec" {
	# A member whose header ended with the read buffer made no
	# progress on the next call, which was taken for the end of the
	# input once the buffer was full: "truncated gzip data" after
	# about 30,000 of 100,000 lines (xz and lzip, 97,000).
	for z in $CODECS; do
		printf 'a\n' | "$z" -c >"one.$z"
		python3 -c 'import sys
one = open(sys.argv[1], "rb").read()
sys.stdout.buffer.write(one * 100000)' "one.$z" >"many.$z"
		run --separate-stderr nw-normalize "many.$z"
		[ "$status" -eq 0 ] || { echo "$z: $stderr"; false; }
		[ -z "$stderr" ]
		[ "${#lines[@]}" -eq 100000 ] || { echo "$z: ${#lines[@]}"; false; }
	done
}

# member FILE TEXT: TEXT (printf's format) gzipped as one member.
member() {
	printf "$2" | gzip -n >"$1"
}

# corrupt FILE: its member's first block given the reserved block type,
# so that its data is invalid from its first bit.
corrupt() {
	local b
	b=$(od -An -tu1 -j10 -N1 "$1")
	printf "\\$(printf '%03o' $((b | 6)))" |
	    dd of="$1" bs=1 seek=10 conv=notrunc status=none
}

# The words of a fault in deflate data: zlib's, or ISA-L's.
BLOCK='invalid block( type)?'

@test "gzip: the members after a corrupt one are read, the damage reported once with its offset, exit 1" {
	member m1 'one\ntwo\n'
	member m2 'three\nfour\n'
	member m3 'five\nsix\n'
	corrupt m2
	cat m1 m2 m3 >bad.gz
	run --separate-stderr nw-normalize bad.gz
	[ "$status" -eq 1 ]
	[ "$output" = "one
two
five
six" ]
	[[ "$stderr" =~ ^"nw-normalize: bad.gz: invalid gzip data at byte $(wc -c <m1) ("$BLOCK"): $(wc -c <m2) bytes skipped to the next member"$ ]]
	# A bad header, or bytes that start no member: the same.
	member m2 'three\nfour\n'
	printf '\340' | dd of=m2 bs=1 seek=3 conv=notrunc status=none
	cat m1 m2 m3 >flags.gz
	run --separate-stderr nw-normalize flags.gz
	[ "$status" -eq 1 ]
	[ "$output" = "one
two
five
six" ]
	[ "$stderr" = "nw-normalize: flags.gz: invalid gzip data at byte $(wc -c <m1) (unknown header flags set): $(wc -c <m2) bytes skipped to the next member" ]
	{ cat m1; printf 'not gzip'; cat m3; } >junk.gz
	run --separate-stderr nw-normalize junk.gz
	[ "$status" -eq 1 ]
	[ "$output" = "one
two
five
six" ]
	[ "$stderr" = "nw-normalize: junk.gz: invalid gzip data at byte $(wc -c <m1) (incorrect header check): 8 bytes skipped to the next member" ]
}

@test "gzip: a line a corrupt member cuts ends there; what it gave before its fault is kept" {
	member m1 'one\ntw'
	member m2 'lost\n'
	corrupt m2
	member m3 'o\nthree\n'
	cat m1 m2 m3 >bad.gz
	run --separate-stderr nw-normalize bad.gz
	[ "$status" -eq 1 ]
	[ "$output" = "one
tw
o
three" ]
	# A CRC32 that does not match is found at the member's end.
	member m2 'two\nthr'
	printf '\377' | dd of=m2 bs=1 seek=$(($(wc -c <m2) - 8)) conv=notrunc status=none
	member m3 'ee\nfour\n'
	member m1 'one\n'
	cat m1 m2 m3 >crc.gz
	run --separate-stderr nw-normalize crc.gz
	[ "$status" -eq 1 ]
	[ "$output" = "one
two
thr
ee
four" ]
	[ "$stderr" = "nw-normalize: crc.gz: invalid gzip data at byte $(wc -c <m1) (incorrect data check): $(wc -c <m2) bytes skipped to the next member" ]
}

@test "gzip: a corrupt last member, and corrupt members in a row" {
	member m1 'one\n'
	member m2 'two\n'
	member m3 'three\n'
	member m4 'four\n'
	cp m3 bad3
	corrupt bad3
	cat m1 m2 bad3 >last.gz
	run --separate-stderr nw-normalize last.gz
	[ "$status" -eq 1 ]
	[ "$output" = "one
two" ]
	[[ "$stderr" =~ ^"nw-normalize: last.gz: invalid gzip data at byte $(($(wc -c <m1) + $(wc -c <m2))) ("$BLOCK"): no member after it"$ ]]
	cp m2 bad2
	corrupt bad2
	cat m1 bad2 bad3 m4 >two.gz
	run --separate-stderr nw-normalize two.gz
	[ "$status" -eq 1 ]
	[ "$output" = "one
four" ]
	[[ "$stderr" =~ ^"nw-normalize: two.gz: invalid gzip data at byte $(wc -c <m1) ("$BLOCK"): $(($(wc -c <bad2) + $(wc -c <bad3))) bytes skipped to the next member"$ ]]
}

@test "gzip: damage in the first member is an error as before, nothing read after it" {
	member m1 'one\n'
	member m2 'two\n'
	corrupt m1
	for f in "m1" "m1 m2"; do
		cat $f >bad.gz
		run --separate-stderr nw-normalize bad.gz
		[ "$status" -eq 1 ]
		[ -z "$output" ]
		[[ "$stderr" =~ ^"nw-normalize: bad.gz: invalid gzip data: "$BLOCK$ ]]
	done
}

# frame FILE TEXT: TEXT (printf's format) as one zstd frame.
frame() {
	printf "$2" | zstd -q -c >"$1"
}

# unsupported FILE: the reserved bit of its frame header set.
unsupported() {
	local b
	b=$(od -An -tu1 -j4 -N1 "$1")
	printf "\\$(printf '%03o' $((b | 8)))" |
	    dd of="$1" bs=1 seek=4 conv=notrunc status=none
}

@test "zstd: the frames after a damaged one are read, the damage told once" {
	frame f1 'one\n'
	frame f2 'two\n'
	frame f3 'three\n'
	cp f2 bad2
	unsupported bad2
	cat f1 bad2 f3 >bad.zst
	run --separate-stderr nw-normalize bad.zst
	[ "$status" -eq 1 ]
	[ "$output" = "$(zstd -q -dc f1 f3)" ]
	[ "$stderr" = "nw-normalize: bad.zst: invalid zstd data at byte \
$(wc -c <f1) (Unsupported frame parameter): $(wc -c <bad2) bytes skipped \
to the next frame" ]
	# A checksum that does not match is found at the frame's end: what
	# the frame gave is kept, as a gzip member's, and a line ends there.
	frame m2 'two\nthr'
	b=$(od -An -tu1 -j$(($(wc -c <m2) - 1)) -N1 m2)
	printf "\\$(printf '%03o' $((b ^ 1)))" |
	    dd of=m2 bs=1 seek=$(($(wc -c <m2) - 1)) conv=notrunc status=none
	frame m3 'ee\nfour\n'
	cat f1 m2 m3 >crc.zst
	run --separate-stderr nw-normalize crc.zst
	[ "$status" -eq 1 ]
	[ "$output" = "one
two
thr
ee
four" ]
	[ "$stderr" = "nw-normalize: crc.zst: invalid zstd data at byte \
$(wc -c <f1) (Restored data doesn't match checksum): $(wc -c <m2) bytes \
skipped to the next frame" ]
	# Frames of many blocks around it, pzstd's skippable frames before
	# each: what the good ones hold, byte for byte; the skippable frame
	# after the damage is skipped with it.
	seq 1 200000 | zstd -q -c >big1
	seq 200001 400000 | zstd -q -c >big3
	skippable() { printf '\x50\x2a\x4d\x18\x04\x00\x00\x00abcd'; }
	{ skippable; cat big1; skippable; cat bad2; skippable; cat big3
	} >big.zst
	nw-normalize big.zst 2>err | cmp - <(zstd -q -dc big1 big3)
	[ "$(cat err)" = "nw-normalize: big.zst: invalid zstd data at byte \
$(($(wc -c <big1) + 24)) (Unsupported frame parameter): \
$(($(wc -c <bad2) + 12)) bytes skipped to the next frame" ]
	# The last frame: nothing after it.
	cat f1 f3 bad2 >last.zst
	run --separate-stderr nw-normalize last.zst
	[ "$status" -eq 1 ]
	[ "$output" = "one
three" ]
	[ "$stderr" = "nw-normalize: last.zst: invalid zstd data at byte \
$(($(wc -c <f1) + $(wc -c <f3))) (Unsupported frame parameter): no frame \
after it" ]
	# The first frame: an error as before, nothing read after it.
	cat bad2 f3 >first.zst
	run --separate-stderr nw-normalize first.zst
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-normalize: first.zst: invalid zstd data: Unsupported \
frame parameter" ]
}

# Issue 11, item 9: C1 controls are Windows-1252 read as Latin-1.
@test "C1 control characters are read as Windows-1252, counted once per input" {
	printf 'a\302\223b\302\224 \302\205 \302\201x \302\251\n' >c1.txt
	run --separate-stderr nw-split c1.txt
	[ "$status" -eq 0 ]
	[ "$output" = "c1.txt	1	a“b” … x ©" ]
	[ "$stderr" = "nw-split: c1.txt: 4 C1 control characters read as Windows-1252" ]
	printf 'doc\t1\tIt\302\222s \302\226 done.\n' >c1.rec
	for t in nw-normalize nw-tokenize; do
		run --separate-stderr "$t" c1.rec
		[ "$status" -eq 0 ]
		[ "$stderr" = "$t: c1.rec: 2 C1 control characters read as Windows-1252" ]
	done
	run --separate-stderr nw-normalize c1.rec
	[ "$output" = "doc	1	It's - done." ]
	run --separate-stderr nw-split --strict c1.txt
	[ "$status" -eq 0 ]
}

@test "no empty text field: a record left with no text is dropped and counted" {
	printf 'doc\t1\tKept.\ndoc\t2\t\302\201\302\235\ndoc\t3\t\342\200\213\ndoc\t4\tAlso kept.\n' >empty.rec
	run --separate-stderr nw-normalize empty.rec
	[ "$status" -eq 0 ]
	[ "$output" = "doc	1	Kept.
doc	4	Also kept." ]
	[ "${stderr_lines[0]}" = "nw-normalize: empty.rec: 2 records dropped: no text left after normalization" ]
	# A bare line may be blank; an empty text that came in goes out.
	printf 'bare line\n   \ndoc\t1\t\n' | nw-normalize >got
	printf 'bare line\n\ndoc\t1\t\n' >want
	cmp want got
}

@test "a bare text record's id is its input's name made a valid id: a TAB or LF in it is '?'" {
	printf 'suicide bombers attacked a border post\n' >"$(printf 'T\tN')"
	printf 'suicide bombers attacked a border post\n' >"$(printf 'L\nN')"
	run --separate-stderr nw-topic-score -k 1 "$(printf 'T\tN')" "$(printf 'L\nN')"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' 'T?N	counterterrorism	0.336	2' 'L?N	counterterrorism	0.336	2')" ]
	run --separate-stderr nw-count --by-doc -k 1 "$(printf 'T\tN')"
	[ "$output" = "T?N	a	1" ]
	# Messages name the file with its TAB encoded (newswire(7)).
	run --separate-stderr nw-tokenize "$(printf 'no\tsuch')"
	[ "$status" -eq 1 ]
	[ "$stderr" = 'nw-tokenize: no\tsuch: No such file or directory' ]
}

@test "an input that is also the output file is refused, the others are read" {
	# 'nw-normalize *.rec >all.rec' with all.rec left from an earlier
	# run: read while the tool appends to it, it would be read back
	# without end.  (The file size limit stops a tool that does.)
	seq 1 3000 | sed 's/.*/doc&\t1\tThe U.S. Embassy in Tripoli said talks on security went on, day &./' >a.rec
	for t in nw-normalize nw-tokenize nw-lang "nw-shard -n 1 -i 0" \
	    nw-clean "nw-clean --two-pass" "nw-count --by-doc" \
	    nw-topic-score nw-split nw-dedup; do
		: >b.rec
		run --separate-stderr bash -c \
		    'ulimit -f 4096 && exec $0 a.rec b.rec >b.rec' "$t"
		[ "$status" -eq 1 ] || { echo "$t: $status $stderr"; false; }
		[ "$stderr" = "${t%% *}: b.rec: is the output file" ]
		cmp b.rec <($t a.rec)
	done
	# Under another name, and on standard input.
	nw-normalize a.rec >b.rec
	cp b.rec want
	ln b.rec link
	run --separate-stderr bash -c 'nw-normalize ./link >>b.rec'
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-normalize: ./link: is the output file" ]
	run --separate-stderr bash -c 'nw-normalize <b.rec >>b.rec'
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-normalize: -: is the output file" ]
	cmp want b.rec
}

@test "a line too long for the memory names the input, the line and its length so far" {
	[ -z "${NW_SANITIZE:-}" ] ||
	    skip "the sanitizers' shadow memory does not fit under ulimit -v"
	printf 'a\t1\tshort\n' >big
	head -c 40000000 /dev/zero | tr '\0' x >>big
	for t in nw-normalize nw-tokenize nw-lang nw-clean nw-count \
	    nw-topic-score "nw-shard -n 1 -i 0"; do
		run --separate-stderr bash -c \
		    'ulimit -v 40000 && exec $0 big >/dev/null' "$t"
		[ "$status" -eq 1 ] || { echo "$t: $status $stderr"; false; }
		[[ "$stderr" =~ ^"${t%% *}: big: line 2: a line of more than "[0-9]+" bytes: Cannot allocate memory"$ ]] ||
		    { echo "$t: $stderr"; false; }
	done
	run --separate-stderr bash -c 'ulimit -v 40000 && nw-normalize big'
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-normalize: big: line 2: a line of more than 33554431 bytes: Cannot allocate memory" ]
}
