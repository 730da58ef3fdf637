#!/usr/bin/env bats
# nw-split over archives, WARC/WET files and JSON Lines dumps.  Every
# archive and dump is built here from seeds/, and what nw-split makes of
# it is held against what it makes of the loose files.
bats_require_minimum_version 1.5.0
load helpers

setup() {
	T=$BATS_TEST_TMPDIR
	mkdir -p "$T/dump/libya"
	cp "$SEEDS/000_016826e9c3a75ff5.txt" "$T/dump/000.txt"
	cp "$SEEDS/001_52ecce85a6fcddfd.txt" "$T/dump/001.txt"
	cp "$SEEDS/003_133a8d58ab9edda9.txt" "$T/dump/libya/003.txt"
	cp "$SEEDS/004_7a5bc6e74635390f.txt" "$T/dump/libya/004.txt"
	MEMBERS="000.txt 001.txt libya/003.txt libya/004.txt"
	cd "$T"
}

# What nw-split gives for the loose files, ids made relative to dump/.
loose() {
	nw-split "$@" dump | sed 's,^dump/,,'
}

# zip_deflated ZIP FILE...: a zip archive, members named as given.
zip_deflated() {
	python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for f in sys.argv[2:]:
        z.write(f)' "$@"
}

# nw-split over an archive, its ids' "ARCHIVE:" taken off.
members() {
	local archive=$1
	shift
	nw-split "$@" "$archive" | sed "s,^$archive:,,"
}

@test "tar: one document per regular file, id ARCHIVE:MEMBER" {
	(cd dump && tar -cf ../dump.tar $MEMBERS)
	run --separate-stderr nw-split -u doc dump.tar
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 4 ]
	run cut -f1 <<<"$output"
	[ "$output" = "dump.tar:000.txt
dump.tar:001.txt
dump.tar:libya/003.txt
dump.tar:libya/004.txt" ]
}

@test "zip members named in UTF-8 (zip's flag) keep their names" {
	mkdir -p u/日本
	printf 'Before.\n' >u/a.txt
	printf 'Accented name.\n' >u/café.txt
	printf 'After.\n' >u/日本/c.txt
	# Python sets the UTF-8 flag on a name that is not ASCII.
	(cd u && zip_deflated ../u.zip a.txt café.txt 日本/c.txt)
	run --separate-stderr nw-split u.zip
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(printf 'u.zip:a.txt\t1\tBefore.\nu.zip:café.txt\t1\tAccented name.\nu.zip:日本/c.txt\t1\tAfter.')" ]
	run --separate-stderr nw-split - <u.zip
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f1)" = "$(printf -- '-:a.txt\n-:café.txt\n-:日本/c.txt')" ]
}

@test "an empty archive holds no documents" {
	tar -cf empty.tar --files-from /dev/null
	gzip -c empty.tar >empty.tar.gz
	run --separate-stderr nw-split empty.tar empty.tar.gz
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ -z "$stderr" ]
}

@test "tar, tar.gz, tar.xz and zip give the text of the loose files" {
	loose >expected
	[ "$(wc -l <expected)" -gt 100 ]
	(cd dump && tar -cf ../d.tar $MEMBERS)
	gzip -c d.tar >d.tar.gz
	xz -c d.tar >d.tar.xz
	(cd dump && zip_deflated ../d.zip $MEMBERS)
	for a in d.tar d.tar.gz d.tar.xz d.zip; do
		members "$a" >got
		diff -u expected got
	done
}

@test "sentences and -d work inside archives as on loose files" {
	(cd dump && tar -czf ../d.tgz $MEMBERS)
	loose -u sentence >expected
	members d.tgz -u sentence >got
	diff -u expected got
	loose -d '^Gaddafi' >expected
	members d.tgz -d '^Gaddafi' >got
	diff -u expected got
}

@test "an archive on standard input is found by its content" {
	(cd dump && tar -czf ../d.tar.gz $MEMBERS)
	loose >expected
	nw-split - <d.tar.gz | sed 's,^-:,,' >got
	diff -u expected got
	cat d.tar.gz | nw-split --name dump-2026-11-21.tar.gz | cut -f1 |
	    uniq >got
	printf 'dump-2026-11-21.tar.gz:%s\n' $MEMBERS >expected
	diff -u expected got
}

@test "a directory holding an archive: the archive's members are documents" {
	mkdir in
	(cd dump && tar -cf ../in/d.tar 000.txt)
	cp dump/001.txt in/
	run --separate-stderr nw-split -u doc in
	[ "$status" -eq 0 ]
	run cut -f1 <<<"$output"
	[ "$output" = "in/001.txt
in/d.tar:000.txt" ]
}

@test "a file compressed twice is read as what it holds, not its inner compressed bytes as text" {
	(cd dump && tar -cf ../twice.tar 000.txt libya/003.txt)
	gzip -c twice.tar | gzip >twice.tar.gz.gz
	gzip -c twice.tar | xz >twice.tar.gz.xz
	printf 'Some notes.\n' | zstd -q | gzip >notes.zst.gz
	members twice.tar >expected
	for f in twice.tar.gz.gz twice.tar.gz.xz; do
		run --separate-stderr members "$f"
		[ "$status" -eq 0 ]
		[ "$output" = "$(cat expected)" ]
		[ -z "$stderr" ]
	done
	run --separate-stderr bash -c 'nw-split notes.zst.gz; cat notes.zst.gz | nw-split'
	[ "$status" -eq 0 ]
	[ "$output" = "notes.zst.gz	1	Some notes.
-	1	Some notes." ]
	[ -z "$stderr" ]
}

@test "a compressed file that is no archive is one document" {
	cp dump/000.txt one.txt
	xz -k one.txt
	nw-split one.txt >expected
	nw-split one.txt.xz | sed 's,^one\.txt\.xz	,one.txt	,' >got
	diff -u expected got
}

@test "non-text members are skipped and counted; hidden ones are left out" {
	mkdir -p mixed/.git
	cp dump/000.txt mixed/a.txt
	printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\001' >mixed/logo.png
	head -c 3000 /dev/zero >mixed/zeros.bin
	echo 'ref: main' >mixed/.git/HEAD
	printf 'Caf\351 in Latin-1.\n' >mixed/latin1.txt
	# More than one byte in ten outside UTF-8, yet text.
	printf 'Gr\374\337e aus M\374nchen.\n' >mixed/short.txt
	(cd mixed && tar -cf ../mixed.tar .git a.txt latin1.txt logo.png \
	    short.txt zeros.bin)
	run --separate-stderr nw-split -u doc mixed.tar
	[ "$status" -eq 0 ]
	run cut -f1 <<<"$output"
	[ "$output" = "mixed.tar:a.txt
mixed.tar:latin1.txt
mixed.tar:short.txt" ]
	[ "$stderr" = "nw-split: mixed.tar: 4 invalid UTF-8 sequences replaced with U+FFFD
nw-split: mixed.tar: 2 members skipped: not text (1 PNG image, 1 binary data)" ]
}

# A PDF, a PostScript file or a font may hold no NUL or control byte in
# the first 4096 bytes: its magic number says what it is.
@test "members that start with a binary format's magic number are not text, though they hold no NUL" {
	mkdir -p m
	printf 'A member of text.\n' >m/a.txt
	printf '%%PDF-1.7\n%%\342\343\317\323\n1 0 obj\n<< /Type /Catalog >>\nendobj\n' >m/b.pdf
	printf '%%!PS-Adobe-3.0\n/Times findfont 12 scalefont setfont\nshowpage\n' >m/c.ps
	gzip -c m/b.pdf >m/d.pdf.gz
	# What the magic of a short format must have after it to count.
	printf 'BMW shares rose.\n' >m/e.txt
	printf 'OTTO VON BISMARCK\n' >m/f.txt
	(cd m && tar -cf ../m.tar a.txt b.pdf c.ps d.pdf.gz e.txt f.txt)
	(cd m && zip_deflated ../m.zip a.txt b.pdf c.ps d.pdf.gz e.txt f.txt)
	for f in m.tar m.zip; do
		run -0 --separate-stderr nw-split -u doc $f
		[ "$(cut -f1 <<<"$output")" = "$f:a.txt
$f:e.txt
$f:f.txt" ]
		[ "$stderr" = "nw-split: $f: 3 members skipped: not text (2 PDF document, 1 PostScript document)" ]
	done
}

@test "members compressed with xz, zstd or bzip2 are read as what they hold, as gzipped ones are" {
	mkdir -p c
	printf 'Gzipped text.\n' | gzip >c/a.txt.gz
	printf 'Xz text.\n' | xz >c/b.txt.xz
	printf 'Zstd text.\n' | zstd -q >c/c.txt.zst
	printf '<html><body><p>A bzip2 page.</p></body></html>' | bzip2 >c/d.html.bz2
	# A bzip2 block longer than what is looked at first: decoded whole.
	python3 -c 'import random; random.seed(1)
print("Words " + " ".join("w%d" % random.randrange(99999) for i in range(9000)))' |
	    bzip2 >c/e.txt.bz2
	[ "$(wc -c <c/e.txt.bz2)" -gt 8192 ]
	printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\001' | xz >c/f.png.xz
	(cd c && tar -cf ../c.tar a.txt.gz b.txt.xz c.txt.zst d.html.bz2 e.txt.bz2 f.png.xz)
	run --separate-stderr nw-split -u doc c.tar
	[ "$status" -eq 0 ]
	run awk -F '\t' '{ print $1 "\t" substr($3, 1, 9) }' <<<"$output"
	[ "$output" = "c.tar:a.txt.gz	Gzipped t
c.tar:b.txt.xz	Xz text.
c.tar:c.txt.zst	Zstd text
c.tar:d.html.bz2	A bzip2 p
c.tar:e.txt.bz2	Words w17" ]
	[ "$stderr" = "nw-split: c.tar: 1 member skipped: not text (1 PNG image)" ]
}

# As loose files are: compressions undone up to five deep (nw-split(1)),
# and what is compressed deeper is no text.
@test "members compressed twice are read as what they hold, as the loose files are; an archive in one is still skipped" {
	mkdir -p z
	printf 'Gzipped twice.\n' | gzip | gzip >z/a.txt.gz.gz
	printf 'Gzip, then xz.\n' | gzip | xz >z/b.txt.gz.xz
	printf '<html><body><p>A page, bzip2 then gzip.</p></body></html>' |
	    bzip2 | gzip >z/c.html.bz2.gz
	printf '{"url": "https://news.example/j", "text": "JSON twice."}\n' |
	    zstd -q | gzip >z/d.jsonl.zst.gz
	printf 'Five deep.\n' | gzip | xz | gzip | bzip2 | gzip >z/e.txt.5
	(cd dump && tar -cf - 000.txt) | gzip | gzip >z/f.tar.gz.gz
	printf 'Six deep.\n' | gzip | gzip | gzip | gzip | gzip | gzip >z/g.txt.6
	(cd z && tar -cf ../z.tar *)
	(cd z && zip_deflated ../z.zip *)
	want='a.txt.gz.gz	1	Gzipped twice.
b.txt.gz.xz	1	Gzip, then xz.
c.html.bz2.gz	1	A page, bzip2 then gzip.
https://news.example/j	1	JSON twice.
e.txt.5	1	Five deep.'
	(cd z && nw-split a.txt.gz.gz b.txt.gz.xz c.html.bz2.gz d.jsonl.zst.gz e.txt.5) >loose
	[ "$(cat loose)" = "$want" ]
	# Six deep is no text, loose or a member: not read as garbage.
	run -1 --separate-stderr nw-split z/g.txt.6
	[ -z "$output" ]
	[ "$stderr" = "nw-split: z/g.txt.6: not text (compressed more than 5 times): skipped" ]
	for f in z.tar z.zip; do
		run -0 --separate-stderr members $f
		[ "$output" = "$want" ]
		[ "$stderr" = "nw-split: $f: 2 members skipped: not text (1 compressed more than 5 times, 1 tar archive)" ]
		run -0 --separate-stderr sh -c "cat $f | nw-split --name $f | sed 's,^$f:,,'"
		[ "$output" = "$want" ]
		[ "$stderr" = "nw-split: $f: 2 members skipped: not text (1 compressed more than 5 times, 1 tar archive)" ]
	done
	# Damage in the inner layer is said as for the loose file.
	printf 'Cut inside.\n' | gzip | gzip | head -c 30 >cut.txt.gz.gz
	tar -cf cut.tar cut.txt.gz.gz
	run -1 --separate-stderr nw-split cut.txt.gz.gz
	why=${stderr#nw-split: cut.txt.gz.gz: }
	[ "$why" = "unexpected end of file (truncated gzip data)" ]
	run -1 --separate-stderr nw-split cut.tar
	[ "$stderr" = "nw-split: cut.tar:cut.txt.gz.gz: $why" ]
}

@test "tar: a hard link to a hidden member compressed twice is its text, as one to a hidden .gz is" {
	mkdir -p h/.cache
	printf 'Gzipped once.\n' | gzip >h/.cache/a.txt.gz
	printf 'Gzipped twice.\n' | gzip | gzip >h/.cache/b.txt.gz.gz
	ln h/.cache/a.txt.gz h/a.txt.gz
	ln h/.cache/b.txt.gz.gz h/b.txt.gz.gz
	(cd h && tar -cf ../h.tar .cache/a.txt.gz .cache/b.txt.gz.gz \
	    a.txt.gz b.txt.gz.gz)
	quiet 'nw-split h.tar' 'h.tar:a.txt.gz	1	Gzipped once.
h.tar:b.txt.gz.gz	1	Gzipped twice.'
}

# A hard link holds no data: it shares that of a member before it.
@test "tar: a hard link to a hidden member is read from a file, reported from a pipe; one to no member is reported" {
	mkdir -p h/.cache
	cp dump/000.txt h/.cache/000.txt
	ln h/.cache/000.txt h/000.txt
	cp dump/001.txt h/001.txt
	ln h/001.txt h/copy.txt
	printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\001' >h/.cache/logo.png
	ln h/.cache/logo.png h/logo.png
	(cd h && tar -cf ../h.tar .cache/000.txt .cache/logo.png 000.txt \
	    001.txt copy.txt logo.png)
	[ "$(tar -tvf h.tar | grep -c ' link to ')" -eq 3 ]
	gzip -c h.tar >h.tar.gz
	nw-split -u doc dump/000.txt dump/001.txt | sed 's,^dump/,,' >both
	nw-split -u doc dump/001.txt | sed 's,^dump/,,' >one
	# From a file, plain or compressed: the data read again there.
	for f in h.tar h.tar.gz; do
		run -0 --separate-stderr nw-split -u doc $f
		[ "$output" = "$(sed "s,^,$f:," both)" ]
		[ "$stderr" = "nw-split: $f: 1 member skipped: not text (1 PNG image)" ]
	done
	# From a pipe it is gone: said, and the exit status is 1.
	for f in h.tar h.tar.gz; do
		run -1 --separate-stderr sh -c "cat $f | nw-split -u doc"
		[ "$output" = "$(sed 's,^,-:,' one)" ]
		[ "$stderr" = "nw-split: -: 000.txt: hard link to .cache/000.txt, whose data came before it and cannot be read again from a pipe: document dropped
nw-split: -: 1 member skipped: not text (1 PNG image)" ]
	done
	# A hard link to a path no member before it has.
	python3 -c 'import io, tarfile
with tarfile.open("gone.tar", "w", format=tarfile.GNU_FORMAT) as t:
    i = tarfile.TarInfo("b.txt")
    i.type = tarfile.LNKTYPE
    i.linkname = "gone.txt"
    t.addfile(i)
    d = b"Other text.\n"
    i = tarfile.TarInfo("c.txt")
    i.size = len(d)
    t.addfile(i, io.BytesIO(d))'
	run -1 --separate-stderr nw-split -u doc gone.tar
	[ "$output" = "gone.tar:c.txt	0	Other text." ]
	[ "$stderr" = "nw-split: gone.tar: b.txt: hard link to gone.txt, whose data is not in the archive before it: document dropped" ]
	run -1 --separate-stderr sh -c 'cat gone.tar | nw-split -u doc'
	[ "$output" = "-:c.txt	0	Other text." ]
	[ "$stderr" = "nw-split: -: b.txt: hard link to gone.txt, whose data is not in the archive before it: document dropped" ]
}

@test "tar: hard links to hidden links, empty members and links are passed over; the first name not hidden reads the data" {
	mkdir -p h/.cache
	printf 'Hidden text.\n' >h/.cache/t.txt
	: >h/.cache/empty.txt
	ln -s t.txt h/.cache/sym
	ln h/.cache/t.txt h/.cache/t2.txt
	ln h/.cache/t.txt h/b.txt
	ln h/.cache/t.txt h/c.txt
	ln h/.cache/empty.txt h/e.txt
	ln -P h/.cache/sym h/s
	(cd h && tar -cf ../h.tar .cache/t.txt .cache/empty.txt .cache/sym \
	    .cache/t2.txt b.txt c.txt e.txt s)
	[ "$(tar -tvf h.tar | grep -c ' link to ')" -eq 5 ]
	run -0 --separate-stderr nw-split -u doc h.tar
	[ "$output" = "h.tar:b.txt	0	Hidden text." ]
	[ -z "$stderr" ]
	run -1 --separate-stderr sh -c 'cat h.tar | nw-split -u doc'
	[ -z "$output" ]
	[ "$stderr" = "nw-split: -: b.txt: hard link to .cache/t.txt, whose data came before it and cannot be read again from a pipe: document dropped" ]
}

@test "a tar cut short: documents before the cut are kept, then the next operand, exit 1" {
	(cd dump && tar -cf ../d.tar 000.txt libya/003.txt)
	# The first member's header and data, the second's header, and 100
	# bytes of its data.
	size=$(wc -c <dump/000.txt)
	head -c $((512 + (size + 511) / 512 * 512 + 512 + 100)) d.tar >cut.tar
	run --separate-stderr nw-split -u doc cut.tar dump/001.txt
	[ "$status" -eq 1 ]
	run cut -f1 <<<"$output"
	[ "$output" = "cut.tar:000.txt
dump/001.txt" ]
	[ "$stderr" = "nw-split: cut.tar: libya/003.txt: unexpected end of file (truncated tar data): document dropped" ]
	nw-split -u doc dump/000.txt | cut -f2- >expected
	nw-split -u doc cut.tar | head -1 | cut -f2- >got
	diff -u expected got
}

@test "a tar cut inside its first header is reported as cut short, not read as text" {
	(cd dump && tar -cf ../d.tar 000.txt)
	head -c 300 d.tar >cut.tar
	run --separate-stderr nw-split -u doc cut.tar dump/001.txt
	[ "$status" -eq 1 ]
	[ "$output" = "$(nw-split -u doc dump/001.txt)" ]
	[ "$stderr" = "nw-split: cut.tar: unexpected end of file (truncated tar data)" ]
	run --separate-stderr sh -c 'head -c 300 d.tar | gzip | nw-split --name d.tar.gz'
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: d.tar.gz: unexpected end of file (truncated tar data)" ]
	# Before the magic at byte 257 it is no tar, but its fields' NUL
	# runs tell binary data.
	head -c 256 d.tar >short.tar
	run --separate-stderr nw-split short.tar
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: short.tar: not text (binary data): skipped" ]
	# Text that spells "ustar" at byte 257 ("custar caro") is text.
	text="$(printf '%240s' '' | tr ' ' x) O programa vai custar caro aos cofres."
	printf '%s\n' "$text" >news.txt
	[ "$(tail -c +258 news.txt | head -c 5)" = ustar ]
	run --separate-stderr nw-split news.txt
	[ "$status" -eq 0 ]
	[ "$output" = "news.txt	1	$text" ]
	[ -z "$stderr" ]
}

@test "a tar.gz cut short: the gzip and the member are reported, exit 1" {
	(cd dump && tar -cf - $MEMBERS) | gzip -n >d.tar.gz
	size=$(wc -c <d.tar.gz)
	head -c $((size / 2)) d.tar.gz >cut.tar.gz
	run --separate-stderr nw-split -u doc cut.tar.gz
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -ge 1 ]
	[[ "${lines[0]}" == "cut.tar.gz:000.txt	"* ]]
	[ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = "nw-split: cut.tar.gz: unexpected end of file (truncated gzip data)" ]
	[[ "${stderr_lines[1]}" =~ ^nw-split:\ cut\.tar\.gz:\ [a-z/0-9]+\.txt:\ unexpected\ end\ of\ file\ \(truncated\ tar\ data\):\ document\ dropped$ ]]
}

@test "a zip cut after its last member or inside its directory: every member read, the cut said, exit 1" {
	(cd dump && zip_deflated ../d.zip 000.txt 001.txt)
	members d.zip -u doc | cut -f1 >want.ids
	# Where the directory starts: the offset its end record gives.
	dir=$(python3 -c 'import struct, sys
d = open(sys.argv[1], "rb").read()
print(struct.unpack("<I", d[d.rindex(b"PK\5\6") + 16:][:4])[0])' d.zip)
	size=$(wc -c <d.zip)
	for cut in "$dir" $((dir + 2)) $((dir + 30)) $((size - 10)); do
		head -c "$cut" d.zip >cut.zip
		for how in file pipe; do
			if [ $how = file ]; then
				run --separate-stderr nw-split -u doc cut.zip
			else
				run --separate-stderr sh -c \
				    'nw-split -u doc --name cut.zip - <cut.zip'
			fi
			[ "$status" -eq 1 ]
			[ "$(cut -f1 <<<"$output" | sed 's,^cut.zip:,,')" = "$(cat want.ids)" ]
			if [ "$cut" -le $((dir + 2)) ]; then
				[ "$stderr" = "nw-split: cut.zip: after 001.txt: unexpected end of file (truncated zip data)" ]
			else
				[ "$stderr" = "nw-split: cut.zip: after 001.txt: unexpected end of file (truncated zip data): its directory of members is cut short" ]
			fi
		done
	done
	# Whole, with a comment: no cut.
	python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "a") as z:
    z.comment = b"x" * 300' d.zip
	run --separate-stderr nw-split -u doc d.zip
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cut -f1 <<<"$output" | sed 's,^d.zip:,,')" = "$(cat want.ids)" ]
}

# from_file_and_pipe ZIP STATUS STDOUT STDERR: nw-split reads ZIP from
# the file and from a pipe (named as the file), and gives STDOUT and
# STDERR and exits STATUS both ways.
from_file_and_pipe() {
	local zip=$1 want_status=$2 want_out=$3 want_err=$4
	run --separate-stderr nw-split "$zip"
	[ "$status" -eq "$want_status" ]
	[ "$output" = "$want_out" ]
	[ "$stderr" = "$want_err" ]
	run --separate-stderr sh -c "cat $zip | nw-split --name $zip -"
	[ "$status" -eq "$want_status" ]
	[ "$output" = "$want_out" ]
	[ "$stderr" = "$want_err" ]
}

@test "zips one after the other (cat a.zip b.zip): every member, file or pipe" {
	printf 'Alpha article text.\n' >a.txt
	printf 'Beta article text.\n' >b.txt
	printf 'Gamma article text.\n' >c.txt
	zip_deflated 1.zip a.txt
	zip_deflated 2.zip b.txt c.txt
	zip_deflated empty.zip
	want=$(printf 'cat.zip:%s\t1\t%s\n' a.txt 'Alpha article text.' \
	    b.txt 'Beta article text.' c.txt 'Gamma article text.')
	cat 1.zip 2.zip >cat.zip
	from_file_and_pipe cat.zip 0 "$want" ''
	# Empty zips among them hold nothing.
	cat empty.zip 1.zip empty.zip 2.zip empty.zip >cat.zip
	from_file_and_pipe cat.zip 0 "$want" ''
}

@test "a member no zip directory lists is read in its place, file or pipe" {
	# b.txt's entry taken out of the directory, its member left.
	python3 -c 'import struct, zipfile
with zipfile.ZipFile("abc.zip", "w") as z:
    for n in "abc":
        z.writestr(n + ".txt", "Member %s text.\n" % n)
b = open("abc.zip", "rb").read()
end = b.rindex(b"PK\5\6")
size, at = struct.unpack("<II", b[end + 12:end + 20])
entries, i = [], at
while i < end:
    n, x, c = struct.unpack("<HHH", b[i + 28:i + 34])
    entries.append(b[i:i + 46 + n + x + c])
    i += 46 + n + x + c
directory = entries[0] + entries[2]
record = bytearray(b[end:])
record[8:12] = struct.pack("<HH", 2, 2)
record[12:16] = struct.pack("<I", len(directory))
open("orphan.zip", "wb").write(b[:at] + directory + record)'
	[ "$(python3 -c 'import zipfile
print(zipfile.ZipFile("orphan.zip").namelist())')" = "['a.txt', 'c.txt']" ]
	from_file_and_pipe orphan.zip 0 "$(printf 'orphan.zip:%s.txt\t1\t%s\n' \
	    a 'Member a text.' b 'Member b text.' c 'Member c text.')" ''
}

@test "a zip member whose header is damaged is said lost, file or pipe" {
	python3 -c 'import zipfile
with zipfile.ZipFile("abc.zip", "w") as z:
    for n in "abc":
        z.writestr(n + ".txt", "Member %s text.\n" % n)
b = bytearray(open("abc.zip", "rb").read())
i = b.index(b"PK\3\4", 4)
b[i:i + 2] = b"XX"
open("bad.zip", "wb").write(b)'
	# Member after member, b.txt is passed over as bytes before c.txt;
	# through the directory, the reader fails at b.txt and the file is
	# read again so, a.txt passed over: the same, file or pipe.
	from_file_and_pipe bad.zip 1 "$(printf 'bad.zip:%s.txt\t1\t%s\n' \
	    a 'Member a text.' c 'Member c text.')" \
	    'nw-split: bad.zip: after c.txt: 1 of the 3 members its directory lists not found: lost to damaged data'
	# Bytes between members lose none: nothing said.
	python3 -c 'b = open("abc.zip", "rb").read()
i = b.index(b"PK\3\4", 4)
open("junk.zip", "wb").write(b[:i] + b"JUNK" + b[i:])'
	from_file_and_pipe junk.zip 0 "$(printf 'junk.zip:%s.txt\t1\t%s\n' \
	    a 'Member a text.' b 'Member b text.' c 'Member c text.')" ''
}

@test "a zip directory entry with a bad zip64 size is read as a pipe reads it" {
	# a.txt's entry says its size is in a zip64 field, which holds 2^63:
	# libarchive refuses the directory; the members are read in order.
	python3 -c 'import struct, zipfile
with zipfile.ZipFile("ok.zip", "w") as z:
    z.writestr("a.txt", "Member a text.\n")
    z.writestr("b.txt", "Member b text.\n")
b = open("ok.zip", "rb").read()
end = b.rindex(b"PK\5\6")
at = struct.unpack("<I", b[end + 16:end + 20])[0]
n, x, c = struct.unpack("<HHH", b[at + 28:at + 34])
extra = struct.pack("<HHQ", 1, 8, 1 << 63)
entry = bytearray(b[at:at + 46 + n]) + extra + b[at + 46 + n + x:at + 46 + n + x + c]
entry[24:28] = struct.pack("<I", 0xffffffff)
entry[30:32] = struct.pack("<H", len(extra))
rest = b[at + 46 + n + x + c:end]
record = bytearray(b[end:])
record[12:16] = struct.pack("<I", len(entry) + len(rest))
open("bad.zip", "wb").write(b[:at] + bytes(entry) + rest + bytes(record))'
	from_file_and_pipe bad.zip 0 "$(printf 'bad.zip:%s.txt\t1\t%s\n' \
	    a 'Member a text.' b 'Member b text.')" ''
}

@test "bytes after a zip are trailing garbage, file or pipe; NUL padding not" {
	printf 'Alpha article text.\n' >a.txt
	printf 'Beta article text.\n' >b.txt
	zip_deflated 1.zip a.txt
	zip_deflated 2.zip b.txt
	a=$(printf 'junk.zip:a.txt\t1\tAlpha article text.')
	garbage='nw-split: junk.zip: after a.txt: trailing garbage after zip'
	garbage="$garbage data"
	{ cat 1.zip; printf 'JUNK\n'; } >junk.zip
	from_file_and_pipe junk.zip 1 "$a" "$garbage"
	# After a comment; more than 64 KiB of it, past where the end
	# record is looked for.
	python3 -c 'import zipfile
with zipfile.ZipFile("1.zip", "a") as z:
    z.comment = b"A comment."'
	{ cat 1.zip; printf 'JUNK\n'; } >junk.zip
	from_file_and_pipe junk.zip 1 "$a" "$garbage"
	{ cat 1.zip; seq -f 'junk line %g' 1 10000; } >junk.zip
	from_file_and_pipe junk.zip 1 "$a" "$garbage"
	# A zip after the garbage is read.
	{ cat 1.zip; printf 'JUNK\n'; cat 2.zip; } >junk.zip
	from_file_and_pipe junk.zip 1 "$a
$(printf 'junk.zip:b.txt\t1\tBeta article text.')" "$garbage"
	# NUL bytes to the end, or to the next zip, are padding.
	{ cat 1.zip; head -c 1000 /dev/zero; } >junk.zip
	from_file_and_pipe junk.zip 0 "$a" ''
	{ cat 1.zip; head -c 1000 /dev/zero; cat 2.zip; } >junk.zip
	from_file_and_pipe junk.zip 0 "$a
$(printf 'junk.zip:b.txt\t1\tBeta article text.')" ''
}

@test "bytes after a tar's end-of-archive blocks are trailing garbage, not a cut" {
	(cd dump && tar -cf ../d.tar 000.txt)
	nw-split -u doc dump/000.txt | sed 's,^dump/,,' >doc
	{ cat d.tar; printf 'X-Trailer: junk\n'; } >junk.tar
	{ cat d.tar; seq -f 'X-Trailer: junk line %g' 1 40; } >long.tar
	for f in junk.tar long.tar; do
		run -1 --separate-stderr nw-split -u doc $f
		[ "$output" = "$f:$(cat doc)" ]
		[ "$stderr" = "nw-split: $f: after 000.txt: trailing garbage after tar data" ]
		run -1 --separate-stderr sh -c "cat $f | nw-split -u doc"
		[ "$output" = "-:$(cat doc)" ]
		[ "$stderr" = "nw-split: -: after 000.txt: trailing garbage after tar data" ]
		gzip -c $f >$f.gz
		run -1 --separate-stderr nw-split -u doc $f.gz
		[ "$output" = "$f.gz:$(cat doc)" ]
		[ "$stderr" = "nw-split: $f.gz: after 000.txt: trailing garbage after tar data" ]
	done
	# A header cut short where one should be is a cut.
	(cd dump && tar -cf ../d2.tar 000.txt 001.txt)
	size=$(wc -c <dump/000.txt)
	head -c $((512 + (size + 511) / 512 * 512 + 300)) d2.tar >cut.tar
	run -1 --separate-stderr nw-split -u doc cut.tar
	[ "$output" = "cut.tar:$(cat doc)" ]
	[ "$stderr" = "nw-split: cut.tar: after 000.txt: unexpected end of file (truncated tar data)" ]
}

@test "a tar cut after a member's whole data: the member is whole, the cut said, from a file as from a pipe" {
	seq -f 'Line %g of a member whose data is all there.' 1 50 >doc.txt
	tar -cf d.tar doc.txt
	size=$(wc -c <doc.txt)
	blocks=$(((size + 511) / 512 * 512))
	[ $blocks -gt $size ]
	nw-split -u doc doc.txt >doc
	# Cut in the padding of the member's last block, in the first
	# end-of-archive block, in the second.
	for n in $((512 + size)) $((512 + blocks + 100)) $((512 + blocks + 612)); do
		head -c $n d.tar >cut.tar
		gzip -c cut.tar >cut.tar.gz
		run -1 --separate-stderr nw-split -u doc cut.tar
		[ "$output" = "cut.tar:$(cat doc)" ]
		[ "$stderr" = "nw-split: cut.tar: after doc.txt: unexpected end of file (truncated tar data)" ]
		run -1 --separate-stderr sh -c 'cat cut.tar | nw-split -u doc'
		[ "$output" = "-:$(cat doc)" ]
		[ "$stderr" = "nw-split: -: after doc.txt: unexpected end of file (truncated tar data)" ]
		run -1 --separate-stderr nw-split -u doc cut.tar.gz
		[ "$output" = "cut.tar.gz:$(cat doc)" ]
		[ "$stderr" = "nw-split: cut.tar.gz: after doc.txt: unexpected end of file (truncated tar data)" ]
	done
	# Cut where the member's last block ends: no end-of-archive blocks,
	# read as tar(1) reads it.
	head -c $((512 + blocks)) d.tar >end.tar
	run -0 --separate-stderr nw-split -u doc end.tar
	[ "$output" = "end.tar:$(cat doc)" ]
	[ -z "$stderr" ]
	run -0 --separate-stderr sh -c 'cat end.tar | nw-split -u doc'
	[ "$output" = "-:$(cat doc)" ]
	[ -z "$stderr" ]
	# A member passed over, here a hidden one, that the archive ends
	# inside: a cut from a file as from a pipe.
	mkdir .old
	cp doc.txt .old/doc.txt
	tar -cf h.tar doc.txt .old/doc.txt
	head -c $((512 + blocks + 512 + 100)) h.tar >cut.tar
	run -1 --separate-stderr nw-split -u doc cut.tar
	[ "$output" = "cut.tar:$(cat doc)" ]
	[ "$stderr" = "nw-split: cut.tar: after .old/doc.txt: unexpected end of file (truncated tar data)" ]
	run -1 --separate-stderr sh -c 'cat cut.tar | nw-split -u doc'
	[ "$output" = "-:$(cat doc)" ]
	[ "$stderr" = "nw-split: -: after .old/doc.txt: unexpected end of file (truncated tar data)" ]
}

@test "a damaged tar header: reported with the member before it, exit 1" {
	(cd dump && tar -cf ../d.tar 000.txt 001.txt)
	size=$(wc -c <dump/000.txt)
	# Overwrite the second header's name with garbage (its checksum
	# no longer matches).
	printf 'XXXXXXXX' | dd of=d.tar bs=1 seek=$((512 + (size + 511) / 512 * 512)) \
	    conv=notrunc 2>/dev/null
	run --separate-stderr nw-split -u doc d.tar
	[ "$status" -eq 1 ]
	run cut -f1 <<<"$output"
	[ "$output" = "d.tar:000.txt" ]
	[ "$stderr" = "nw-split: d.tar: after 000.txt: Damaged tar archive" ]
}

# The header a long name needs before the member's own: GNU tar's
# ././@LongLink ('L') or a pax extended header ('x'), then its body.
@test "a tar cut inside a long name's header or its body is cut short, as a cut elsewhere" {
	long=$(printf 'n%.0s' $(seq 1 150)).txt
	cp dump/001.txt "dump/$long"
	size=$(wc -c <dump/000.txt)
	nw-split -u doc dump/000.txt | sed 's,^dump/,,' >doc
	for format in gnu pax; do
		(cd dump && tar --format=$format -cf ../$format.tar 000.txt "$long")
		(cd dump && tar --format=$format -cf ../$format-1.tar "$long")
		# Where the second member's headers begin: GNU tar gives
		# every member a pax header and its body in pax format.
		if [ $format = gnu ]; then
			at=$((512 + (size + 511) / 512 * 512)) type=L
		else
			at=$((1536 + (size + 511) / 512 * 512)) type=x
		fi
		[ "$(dd if=$format.tar bs=1 skip=$((at + 156)) count=1 2>/dev/null)" = $type ]
		[ "$(dd if=$format-1.tar bs=1 skip=156 count=1 2>/dev/null)" = $type ]
		# Inside the body, and where the member's own header should be.
		for cut in 612 1024; do
			head -c $((at + cut)) $format.tar >cut.tar
			run -1 --separate-stderr nw-split -u doc cut.tar
			[ "$output" = "cut.tar:$(cat doc)" ]
			[ "$stderr" = "nw-split: cut.tar: after 000.txt: unexpected end of file (truncated tar data)" ]
			run -1 --separate-stderr sh -c 'cat cut.tar | nw-split -u doc'
			[ "$output" = "-:$(cat doc)" ]
			[ "$stderr" = "nw-split: -: after 000.txt: unexpected end of file (truncated tar data)" ]
			gzip -c cut.tar >cut.tar.gz
			run -1 --separate-stderr nw-split -u doc cut.tar.gz
			[ "$output" = "cut.tar.gz:$(cat doc)" ]
			[ "$stderr" = "nw-split: cut.tar.gz: after 000.txt: unexpected end of file (truncated tar data)" ]
			head -c $cut $format-1.tar >cut.tar
			run -1 --separate-stderr nw-split -u doc cut.tar
			[ -z "$output" ]
			[ "$stderr" = "nw-split: cut.tar: unexpected end of file (truncated tar data)" ]
			run -1 --separate-stderr sh -c 'cat cut.tar | nw-split -u doc'
			[ -z "$output" ]
			[ "$stderr" = "nw-split: -: unexpected end of file (truncated tar data)" ]
		done
	done
}

@test "--format forces a format; a wrong one is reported, exit 1" {
	run --separate-stderr nw-split --format tar dump/000.txt
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: dump/000.txt: not a tar archive" ]
	for f in zip 7z; do
		run -1 --separate-stderr nw-split --format "$f" dump/000.txt
		[ -z "$output" ]
		[ "$stderr" = "nw-split: dump/000.txt: not a $f archive" ]
	done
	gzip -c dump/000.txt >000.txt.gz
	run -1 --separate-stderr sh -c 'nw-split --format=zip - <000.txt.gz'
	[ -z "$output" ]
	[ "$stderr" = "nw-split: -: not a zip archive" ]
	run -1 --separate-stderr nw-split --format=zip /dev/null
	[ "$stderr" = "nw-split: /dev/null: not a zip archive" ]
	(cd dump && tar -cf ../d.tar 000.txt)
	run --separate-stderr nw-split -u doc --format text d.tar
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "d.tar	0	000.txt"* ]]
}

@test "--format: an unknown format is a usage error" {
	run --separate-stderr nw-split --format rar dump/000.txt
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "nw-split: --format: rar: invalid (allowed: auto, text, tar, zip, 7z, warc, jsonl or html)" ]
}

@test "a 7z archive on a pipe is refused with a reason, exit 1" {
	printf '7z\274\257\047\034\000\004rest' >x.7z
	run --separate-stderr bash -c 'cat x.7z | nw-split -'
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: -: a 7z archive must be read from a file, not a pipe (its directory is at the end)" ]
}

# A WARC record: TYPE URI CONTENT [VERSION]
record() {
	local len
	len=$(printf '%s' "$3" | wc -c)
	printf 'WARC/%s\r\nWARC-Type: %s\r\n' "${4:-1.0}" "$1"
	[ -z "$2" ] || printf 'WARC-Target-URI: %s\r\n' "$2"
	printf 'WARC-Date: 2026-11-21T08:00:00Z\r\n'
	printf 'WARC-Identified-Content-Language: eng\r\n'
	printf 'Content-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' \
	    "$len" "$3"
}

wet() {
	record warcinfo '' 'isPartOf: CC-MAIN-2026-47' | gzip -n
	record conversion https://news.example/libya/3 "$(cat dump/libya/003.txt)" |
	    gzip -n
	record conversion https://news.example/4 "$(cat dump/libya/004.txt)" 1.1 |
	    gzip -n
}

@test "WET, gzipped per record: one document per conversion record, id its URI" {
	wet >crawl.warc.wet.gz
	run --separate-stderr nw-split -u doc crawl.warc.wet.gz
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	run cut -f1,2 <<<"$output"
	[ "$output" = "https://news.example/libya/3	0
https://news.example/4	0" ]
	nw-split dump/libya | sed 's,^dump/libya/003\.txt,https://news.example/libya/3,;s,^dump/libya/004\.txt,https://news.example/4,' >expected
	nw-split crawl.warc.wet.gz >got
	diff -u expected got
	gzip -dc crawl.warc.wet.gz | nw-split - >got
	diff -u expected got
}

# flip FILE OFFSET MASK: the byte of FILE at OFFSET xor MASK.
flip() {
	local b
	b=$(od -An -tu1 -j"$2" -N1 "$1")
	printf "\\$(printf '%03o' $((b ^ $3)))" |
	    dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# numbered_page N: a response record of a page, "Article number N ...".
numbered_page() {
	local body http
	body="<html><body><p>Article number $1 is here with enough words to be a paragraph of text.</p></body></html>"
	http=$(printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n%s' "$body")
	printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/%d\r\nWARC-Record-ID: <urn:uuid:%d>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' \
	    "$1" "$1" "${#http}" "$http"
}

# The line nw-split writes of numbered_page N.
numbered_line() {
	printf 'http://example.com/%d\t1\tArticle number %d is here with enough words to be a paragraph of text.' "$1" "$1"
}

@test "WARC gzipped per record: a corrupt member costs its record, the records after it are read, exit 1" {
	for i in 1 2 3 4; do
		numbered_page $i | gzip -n >r$i.gz
	done
	cp r2.gz bad2.gz
	flip bad2.gz 30 255
	flip bad2.gz 31 85
	cat r1.gz bad2.gz r3.gz >bad.warc.gz
	run --separate-stderr nw-split bad.warc.gz
	[ "$status" -eq 1 ]
	[ "$output" = "$(numbered_line 1; echo; numbered_line 3)" ]
	# The fault is told in zlib's words or ISA-L's.
	[[ "$stderr" == "nw-split: bad.warc.gz: invalid gzip data at byte $(wc -c <r1.gz) ("*"): $(wc -c <r2.gz) bytes skipped to the next member" ]]
	# Two in a row: one stretch, one message.
	cp r3.gz bad3.gz
	flip bad3.gz 30 255
	flip bad3.gz 31 85
	cat r1.gz bad2.gz bad3.gz r4.gz >two.warc.gz
	run --separate-stderr nw-split two.warc.gz
	[ "$status" -eq 1 ]
	[ "$output" = "$(numbered_line 1; echo; numbered_line 4)" ]
	[[ "$stderr" == "nw-split: two.warc.gz: invalid gzip data at byte $(wc -c <r1.gz) ("*"): $(($(wc -c <r2.gz) + $(wc -c <r3.gz))) bytes skipped to the next member" ]]
	# The last member: nothing after it.
	cat r1.gz r2.gz bad3.gz >last.warc.gz
	run --separate-stderr nw-split last.warc.gz
	[ "$status" -eq 1 ]
	[ "$output" = "$(numbered_line 1; echo; numbered_line 2)" ]
	[[ "$stderr" == "nw-split: last.warc.gz: invalid gzip data at byte $(($(wc -c <r1.gz) + $(wc -c <r2.gz))) ("*"): no member after it" ]]
}

@test "WARC gzipped per record: a record whose member fails its CRC32 is dropped, not written as it came" {
	for i in 1 2 3; do
		numbered_page $i | gzip -n >r$i.gz
	done
	# One bit of the page changed, the CRC32 left: found at the end.
	numbered_page 2 | sed 's/Article number 2/Article numbeR 2/' | gzip -n >bad2.gz
	dd if=r2.gz of=bad2.gz bs=1 skip=$(($(wc -c <r2.gz) - 8)) \
	    seek=$(($(wc -c <bad2.gz) - 8)) conv=notrunc status=none
	cat r1.gz bad2.gz r3.gz >crc.warc.gz
	run --separate-stderr nw-split crc.warc.gz
	[ "$status" -eq 1 ]
	[ "$output" = "$(numbered_line 1; echo; numbered_line 3)" ]
	len=$(numbered_page 2 | sed -n 's/^Content-Length: \([0-9]*\)\r$/\1/p')
	[ "$stderr" = "nw-split: crc.warc.gz: invalid gzip data at byte $(wc -c <r1.gz) (incorrect data check): $(wc -c <bad2.gz) bytes skipped to the next member
nw-split: crc.warc.gz: record 2 at byte $(numbered_page 1 | wc -c): content cut by damaged input (0 of $len bytes)" ]
	# Damaged data longer than the record: what follows it is damage too.
	{ numbered_page 2; printf 'not a record\r\n'; } | gzip -n >long2.gz
	dd if=r2.gz of=long2.gz bs=1 skip=$(($(wc -c <r2.gz) - 8)) \
	    seek=$(($(wc -c <long2.gz) - 8)) conv=notrunc status=none
	cat r1.gz long2.gz r3.gz >long.warc.gz
	run --separate-stderr nw-split long.warc.gz
	[ "$status" -eq 1 ]
	[ "$output" = "$(numbered_line 1; echo; numbered_line 3)" ]
	[ "$stderr" = "nw-split: long.warc.gz: invalid gzip data at byte $(wc -c <r1.gz) (incorrect data check): $(wc -c <long2.gz) bytes skipped to the next member
nw-split: long.warc.gz: record 2 at byte $(numbered_page 1 | wc -c): content cut by damaged input (0 of $len bytes)" ]
	# Damaged data that starts no record: no fault of the record before;
	# the record after it in the damaged data is lost, and named.
	{ printf 'not a record\r\n'; numbered_page 2; } | gzip -n >head2.gz
	dd if=r2.gz of=head2.gz bs=1 skip=$(($(wc -c <r2.gz) - 8)) \
	    seek=$(($(wc -c <head2.gz) - 8)) conv=notrunc status=none
	cat r1.gz head2.gz r3.gz >head.warc.gz
	run --separate-stderr nw-split head.warc.gz
	[ "$status" -eq 1 ]
	[ "$output" = "$(numbered_line 1; echo; numbered_line 3)" ]
	[ "$stderr" = "nw-split: head.warc.gz: invalid gzip data at byte \
$(wc -c <r1.gz) (incorrect data check): $(wc -c <head2.gz) bytes skipped \
to the next member
nw-split: head.warc.gz: record 2 at byte $(($(numbered_page 1 | wc -c) + 14)): \
lost to damaged input" ]
}

# pages M N: numbered_page M to N, one after the other.
pages() {
	local i
	for i in $(seq "$1" "$2"); do
		numbered_page $i
	done
}

@test "WARC of many records a member: each record lost to damage is named" {
	len=$(numbered_page 4 | sed -n 's/^Content-Length: \([0-9]*\)\r$/\1/p')
	for z in gzip zstd; do
		# Three members or frames of three records; the CRC32 or the
		# checksum of the second wrong, found at its end.
		pages 1 3 | $z -c >m1
		pages 4 6 | $z -c >m2
		pages 7 9 | $z -c >m3
		if [ $z = gzip ]; then
			flip m2 $(($(wc -c <m2) - 8)) 1
			why="invalid gzip data at byte $(wc -c <m1) \
(incorrect data check): $(wc -c <m2) bytes skipped to the next member"
		else
			bad_checksum m2
			why="invalid zstd data at byte $(wc -c <m1) \
(Restored data doesn't match checksum): $(wc -c <m2) bytes skipped to \
the next frame"
		fi
		cat m1 m2 m3 >multi.warc.$z
		run --separate-stderr nw-split multi.warc.$z
		[ "$status" -eq 1 ]
		[ "$output" = "$(for i in 1 2 3 7 8; do numbered_line $i; echo
		    done; numbered_line 9)" ]
		[ "$stderr" = "nw-split: multi.warc.$z: $why
nw-split: multi.warc.$z: record 4 at byte $(pages 1 3 | wc -c): \
content cut by damaged input (0 of $len bytes)
nw-split: multi.warc.$z: record 5 at byte $(pages 1 4 | wc -c): \
lost to damaged input
nw-split: multi.warc.$z: record 6 at byte $(pages 1 5 | wc -c): \
lost to damaged input" ]
		# The records after them keep their numbers and offsets.
		{ numbered_page 7 | sed 's/^Content-Length: [0-9]*/&x/'
		  pages 8 9; } | $z -c >m3
		cat m1 m2 m3 >after.warc.$z
		run --separate-stderr nw-split after.warc.$z
		[ "$status" -eq 1 ]
		[ "${stderr##*$'\n'}" = "nw-split: after.warc.$z: record 7 at \
byte $(pages 1 6 | wc -c): invalid Content-Length: ${len}x; \
$(($(numbered_page 7 | wc -c) + 1)) bytes skipped to the next WARC/1. line" ]
	done
}

@test "WARC in members that cut records: a record a corrupt member cuts is dropped or kept marked, the rest read" {
	record conversion https://news.example/1 'First page.' >a.warc
	text='Second page, the damage cuts it here: lost.'
	record conversion https://news.example/2 "$text" >b.warc
	record conversion https://news.example/3 'Third page.' >c.warc
	record conversion https://news.example/4 'Fourth page.' >d.warc
	cat a.warc b.warc c.warc >abc.warc
	# The first member ends inside the content of record 2.
	at=$(($(wc -c <a.warc) + $(wc -c <b.warc) - ${#text} - 4 + 37))
	head -c $at abc.warc | gzip -n >m1.gz
	tail -c +$((at + 1)) abc.warc | gzip -n >m2.gz
	printf '\340' | dd of=m2.gz bs=1 seek=3 conv=notrunc status=none
	gzip -n <d.warc >m3.gz
	cat m1.gz m2.gz m3.gz >cut.warc.gz
	gzip_why="nw-split: cut.warc.gz: invalid gzip data at byte $(wc -c <m1.gz) (unknown header flags set): $(wc -c <m2.gz) bytes skipped to the next member"
	why="nw-split: cut.warc.gz: record 2 at byte $(wc -c <a.warc): content cut by damaged input (37 of ${#text} bytes)"
	run --separate-stderr nw-split cut.warc.gz
	[ "$status" -eq 1 ]
	[ "$output" = "https://news.example/1	1	First page.
https://news.example/4	1	Fourth page." ]
	[ "$stderr" = "$gzip_why
$why: document dropped" ]
	run --separate-stderr nw-split --truncated keep cut.warc.gz
	[ "$status" -eq 1 ]
	[ "$output" = "https://news.example/1	1	First page.
https://news.example/2	1	truncated=1	Second page, the damage cuts it here:
https://news.example/4	1	Fourth page." ]
	[ "$stderr" = "$gzip_why
$why: document kept as truncated=1" ]
}

# The checksum of zstd frame FILE, its last byte, made wrong.
bad_checksum() {
	flip "$1" $(($(wc -c <"$1") - 1)) 1
}

@test "WARC in zstd frames: a damaged frame costs its record, not those after" {
	for i in 1 2 3 4; do
		numbered_page $i | zstd -q -c >r$i.zst
	done
	cp r2.zst bad2.zst
	bad_checksum bad2.zst
	cat r1.zst bad2.zst r3.zst r4.zst >crc.warc.zst
	len=$(numbered_page 2 | sed -n 's/^Content-Length: \([0-9]*\)\r$/\1/p')
	run --separate-stderr nw-split crc.warc.zst
	[ "$status" -eq 1 ]
	[ "$output" = "$(numbered_line 1; echo; numbered_line 3; echo
	    numbered_line 4)" ]
	[ "$stderr" = "nw-split: crc.warc.zst: invalid zstd data at byte \
$(wc -c <r1.zst) (Restored data doesn't match checksum): \
$(wc -c <bad2.zst) bytes skipped to the next frame
nw-split: crc.warc.zst: record 2 at byte $(numbered_page 1 | wc -c): \
content cut by damaged input (0 of $len bytes)" ]
	# The frames after it give what zstd -dc makes of them.
	zstd -q -dc r1.zst r3.zst r4.zst >good.warc
	nw-split good.warc >expected
	diff -u expected <(nw-split crc.warc.zst 2>/dev/null)
	# Two in a row (a reserved bit of the frame header set): one
	# stretch, one message.
	cp r2.zst head2.zst
	flip head2.zst 4 8
	cp r3.zst head3.zst
	flip head3.zst 4 8
	cat r1.zst head2.zst head3.zst r4.zst >two.warc.zst
	run --separate-stderr nw-split two.warc.zst
	[ "$status" -eq 1 ]
	[ "$output" = "$(numbered_line 1; echo; numbered_line 4)" ]
	[ "$stderr" = "nw-split: two.warc.zst: invalid zstd data at byte \
$(wc -c <r1.zst) (Unsupported frame parameter): \
$(($(wc -c <head2.zst) + $(wc -c <head3.zst))) bytes skipped to the next \
frame" ]
	# The last frame: nothing after it.
	cp r3.zst bad3.zst
	bad_checksum bad3.zst
	cat r1.zst r2.zst bad3.zst >last.warc.zst
	run --separate-stderr nw-split last.warc.zst
	[ "$status" -eq 1 ]
	[ "$output" = "$(numbered_line 1; echo; numbered_line 2)" ]
	[ "$stderr" = "nw-split: last.warc.zst: invalid zstd data at byte \
$(($(wc -c <r1.zst) + $(wc -c <r2.zst))) (Restored data doesn't match \
checksum): no frame after it
nw-split: last.warc.zst: record 3 at byte \
$({ numbered_page 1; numbered_page 2; } | wc -c): content cut by damaged \
input (0 of $len bytes)" ]
}

@test "WARC in zstd frames, a dictionary: it decodes the frames after damage" {
	for i in 5 6 7 8; do
		numbered_page $i
	done >dict
	for i in 1 2 3 4; do
		numbered_page $i | zstd -q -D dict -c >r$i.zst
	done
	n=$(wc -c <dict)
	{ printf '\x5d\x2a\x4d\x18'
	  printf "\\$(printf %03o $((n % 256)))\\$(printf %03o $((n / 256)))"
	  printf '\x00\x00'; cat dict; } >dict.zst
	# A bad checksum, then bytes that hold a frame's magic number: the
	# frame it seems to start fails, and is passed over too.
	cp r2.zst bad2.zst
	bad_checksum bad2.zst
	{ cat dict.zst r1.zst bad2.zst; printf 'junk\x28\xb5\x2f\xfd\x04junk'
	  cat r3.zst r4.zst; } >dict.warc.zst
	len=$(numbered_page 2 | sed -n 's/^Content-Length: \([0-9]*\)\r$/\1/p')
	run --separate-stderr nw-split dict.warc.zst
	[ "$status" -eq 1 ]
	[ "$output" = "$(numbered_line 1; echo; numbered_line 3; echo
	    numbered_line 4)" ]
	[ "$stderr" = "nw-split: dict.warc.zst: invalid zstd data at byte \
$(($(wc -c <dict.zst) + $(wc -c <r1.zst))) (Restored data doesn't match \
checksum): $(($(wc -c <bad2.zst) + 13)) bytes skipped to the next frame
nw-split: dict.warc.zst: record 2 at byte $(numbered_page 1 | wc -c): \
content cut by damaged input (0 of $len bytes)" ]
}

@test "WARC: response records are counted, other records skipped" {
	{
		record warcinfo '' 'software: test'
		record request https://news.example/1 'GET / HTTP/1.1'
		record response https://news.example/1 'HTTP/1.1 200 OK'
		record metadata https://news.example/1 'fetchTimeMs: 5'
		record response https://news.example/2 'HTTP/1.1 200 OK'
		record conversion https://news.example/1 'Some text.'
	} >crawl.warc
	run --separate-stderr nw-split crawl.warc
	[ "$status" -eq 0 ]
	[ "$output" = "https://news.example/1	1	Some text." ]
	[ "$stderr" = "nw-split: crawl.warc: 2 response records skipped: not HTML" ]
}

# typed TYPE URI CONTENT-TYPE FILE: a WARC record of the bytes of FILE
# and that Content-Type, or none when it is empty.
typed() {
	printf 'WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\n' "$1" "$2"
	[ -z "$3" ] || printf 'Content-Type: %s\r\n' "$3"
	printf 'Content-Length: %d\r\n\r\n' "$(wc -c <"$4")"
	cat "$4"
	printf '\r\n\r\n'
}

@test "WARC: resource records that are no page are counted, not read" {
	# browsertrix writes a page's extracted text beside it (urn:text:):
	# read as well, each page would count twice.
	printf '<p>The page itself.</p>' >page
	printf 'The text extracted from the page.' >text
	printf '<?xml version="1.0"?><rss><channel></channel></rss>' >feed
	printf '<p>A page gzipped.</p>' | gzip -n >page.gz
	{
		typed resource http://a/ text/html page
		typed resource urn:text:http://a/ text/plain text
		typed resource http://a/untyped '' text
		typed resource http://a/feed application/rss+xml feed
		typed resource http://a/gz text/html page.gz
		record response http://b/ 'HTTP/1.1 200 OK'
	} >crawl.warc
	run --separate-stderr nw-split crawl.warc
	[ "$status" -eq 0 ]
	[ "$output" = "http://a/	1	The page itself." ]
	[ "$stderr" = "nw-split: crawl.warc: 1 response record skipped: not HTML
nw-split: crawl.warc: 4 resource records skipped: not HTML" ]
	typed resource urn:text:http://a/ text/plain text >text.warc
	run --separate-stderr nw-split text.warc
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$stderr" = \
	    "nw-split: text.warc: 1 resource record skipped: not HTML" ]
}

@test "WARC: a response record of a page and no HTTP response is read as one" {
	printf '<html><body><p>The page, no HTTP before it.</p></body></html>' \
	    >page
	# As Heritrix records a DNS lookup: no page, and no HTTP either.
	printf '20261121080000\nexample.com.\t300\tIN\tA\t192.0.2.1\n' >dns
	{
		typed response http://a/ text/html page
		typed response http://a/untyped '' page
		typed response dns:example.com text/dns dns
	} >raw.warc
	run --separate-stderr nw-split raw.warc
	[ "$status" -eq 0 ]
	[ "$output" = "http://a/	1	The page, no HTTP before it.
http://a/untyped	1	The page, no HTTP before it." ]
	[ "$stderr" = \
	    "nw-split: raw.warc: 1 response record skipped: not HTML" ]
}

@test "WARC: a conversion record of an image or compressed data is skipped, one of HTML read" {
	printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\10\6\0\0\0' >png
	printf '%%PDF-1.7\n%%\342\343\317\323\n' >pdf
	printf '<html><body><p>The page, converted.</p></body></html>' >page
	printf 'Plain text, <b> and all.' >text
	gzip -c text >text.gz
	{
		typed conversion http://a/png image/png png
		typed conversion http://a/pdf text/plain pdf
		typed conversion http://a/gz text/plain text.gz
		typed conversion http://a/html text/html page
		typed conversion http://a/untyped '' page
		typed conversion http://a/text text/plain text
	} >conv.warc
	run --separate-stderr nw-split conv.warc
	[ "$status" -eq 0 ]
	[ "$output" = "http://a/html	1	The page, converted.
http://a/untyped	1	The page, converted.
http://a/text	1	Plain text, <b> and all." ]
	why="nw-split: conv.warc: 3 conversion records skipped: not text"
	[ "$stderr" = "$why (1 PDF document, 1 PNG image, 1 compressed data)" ]
}

@test "WARC: an empty target URI, <> or none, gives the record id, else FILE#N: never an empty id" {
	{
		record conversion '<>' 'Angle brackets.'
		record conversion '' 'No URI.' | sed 's/^WARC-Type: conversion\r$/&\nWARC-Record-ID: <urn:uuid:1>\r/'
		record conversion '<>' 'Both empty.' | sed 's/^WARC-Type: conversion\r$/&\nWARC-Record-ID: <>\r/'
	} >empty.warc
	run --separate-stderr nw-split empty.warc
	[ "$status" -eq 0 ]
	[ "$output" = "empty.warc#1	1	Angle brackets.
urn:uuid:1	1	No URI.
empty.warc#3	1	Both empty." ]
	[ -z "$stderr" ]
}

@test "WARC: a WARC-Type in capitals is the same type, not a record skipped" {
	{
		record Conversion https://news.example/1 'First page.'
		record CONVERSION https://news.example/2 'Second page.'
		record Request https://news.example/3 'GET / HTTP/1.1'
	} >case.warc
	run --separate-stderr nw-split case.warc
	[ "$status" -eq 0 ]
	[ "$output" = "https://news.example/1	1	First page.
https://news.example/2	1	Second page." ]
	[ -z "$stderr" ]
}

@test "WARC: a file that starts with the line ends after a record is a WARC file, not text" {
	{
		printf '\r\n\r\n'
		record conversion https://news.example/1 'First page.'
		record conversion https://news.example/2 'Second page.'
	} >cut.warc
	gzip -c cut.warc >cut.warc.gz
	for f in cut.warc cut.warc.gz; do
		run --separate-stderr nw-split "$f"
		[ "$status" -eq 0 ]
		[ "$output" = "https://news.example/1	1	First page.
https://news.example/2	1	Second page." ]
		[ -z "$stderr" ]
	done
}

@test "WARC: --meta adds record headers between id and unit" {
	{
		record conversion https://news.example/1 'Short.'
		record conversion '<urn:uuid:1>' 'No URI wrapper.'
	} >crawl.warc
	run --separate-stderr nw-split --meta date,identified-content-language,content-type,none crawl.warc
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "https://news.example/1	2026-11-21T08:00:00Z	eng	text/plain		1	Short.
urn:uuid:1	2026-11-21T08:00:00Z	eng	text/plain		1	No URI wrapper." ]
}

@test "WARC: a record cut short is reported with its number and offset, dropped or kept marked, exit 1" {
	wet | gzip -dc >crawl.warc
	size=$(wc -c <crawl.warc)
	head -c $((size - 500)) crawl.warc >cut.warc
	off=$(($(record warcinfo '' 'isPartOf: CC-MAIN-2026-47' | wc -c) +
	    $(record conversion https://news.example/libya/3 "$(cat dump/libya/003.txt)" | wc -c)))
	len=$(printf '%s' "$(cat dump/libya/004.txt)" | wc -c)
	why="nw-split: cut.warc: record 3 at byte $off: truncated content ($((len - 496)) of $len bytes)"
	run --separate-stderr nw-split -u doc cut.warc
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == "https://news.example/libya/3	0	"* ]]
	[ "$stderr" = "$why: document dropped" ]
	run --separate-stderr nw-split -u doc --truncated keep cut.warc
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[0]}" == "https://news.example/libya/3	0	"* ]]
	[ "${lines[1]}" = "https://news.example/4	0	truncated=1	$(head -c $((len - 496)) dump/libya/004.txt | tr '\n' ' ' | sed 's/  */ /g; s/ $//')" ]
	[ "$stderr" = "$why: document kept as truncated=1" ]
	# A record cut short that holds no document is reported as it is.
	{
		record conversion https://news.example/1 'Kept.'
		printf 'WARC/1.0\r\nWARC-Type: request\r\nContent-Length: 90\r\n\r\nGET /'
	} >req.warc
	run --separate-stderr nw-split --truncated keep req.warc
	[ "$status" -eq 1 ]
	[ "$output" = "https://news.example/1	1	Kept." ]
	off=$(record conversion https://news.example/1 'Kept.' | wc -c)
	[ "$stderr" = "nw-split: req.warc: record 2 at byte $off: truncated content (5 of 90 bytes)" ]
}

@test "WARC: a segmented record is a record cut short, never passed off as the whole page" {
	python3 - <<'PY'
full = (b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n'
        b'<html><body><p>First half.</p><p>Second half.</p></body></html>')
cut = full.index(b'<p>Second')
def rec(typ, hdrs, body):
    return (b'WARC/1.0\r\nWARC-Type: ' + typ + b'\r\nWARC-Target-URI: http://seg/\r\n'
            + hdrs + b'Content-Length: %d\r\n\r\n' % len(body) + body + b'\r\n\r\n')
open('seg.warc', 'wb').write(
    rec(b'response', b'WARC-Record-ID: <urn:uuid:1>\r\nWARC-Segment-Number: 1\r\n', full[:cut]) +
    rec(b'continuation', b'WARC-Record-ID: <urn:uuid:2>\r\nWARC-Segment-Origin-ID: <urn:uuid:1>\r\n'
        b'WARC-Segment-Number: 2\r\nWARC-Segment-Total-Length: %d\r\n' % len(full), full[cut:]))
PY
	run -1 --separate-stderr nw-split seg.warc
	[ -z "$output" ]
	[ "$stderr" = "nw-split: seg.warc: record 1 at byte 0: a segment: its continuation records are not joined: document dropped" ]
	run -1 --separate-stderr nw-split --truncated keep seg.warc
	[ "$output" = "$(printf 'http://seg/\t1\ttruncated=1\tFirst half.')" ]
}

@test "WARC: a record its writer marked WARC-Truncated, or a body short of its Content-Length, is a record cut short" {
	python3 - <<'PY'
page = (b'<html><body><p>First paragraph.</p><p>Second paragraph.</p>'
        b'<p>Third.</p></body></html>')
body = page[:52]	# what the crawler kept
def rec(uri, warc, http):
    http = b'HTTP/1.1 200 OK\r\n' + http
    return (b'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: ' + uri + b'\r\n'
            + warc + b'Content-Type: application/http; msgtype=response\r\n'
            b'Content-Length: %d\r\n\r\n' % len(http) + http + b'\r\n\r\n')
whole = b'http://t/whole'
open('marked.warc', 'wb').write(
    rec(b'http://t/marked', b'WARC-Truncated: length\r\n',
        b'Content-Type: text/html\r\n\r\n' + body) +
    rec(whole, b'', b'Content-Type: text/html\r\n\r\n<p>Whole.</p>'))
open('short.warc', 'wb').write(
    rec(b'http://t/short', b'',
        b'Content-Type: text/html\r\nContent-Length: %d\r\n\r\n' % len(page) + body) +
    rec(whole, b'', b'Content-Type: text/html\r\nContent-Length: 12\r\n\r\n<p>Whole.</p>'))
open('both.warc', 'wb').write(
    rec(b'http://t/both', b'WARC-Truncated: length\r\n',
        b'Content-Type: text/html\r\nContent-Length: %d\r\n\r\n' % len(page) + body) +
    rec(b'http://t/pdf', b'WARC-Truncated: length\r\n',
        b'Content-Type: application/pdf\r\nContent-Length: 900\r\n\r\n%PDF-1.4'))
PY
	run -1 --separate-stderr nw-split marked.warc
	[ "$output" = "$(printf 'http://t/whole\t1\tWhole.')" ]
	[ "$stderr" = "nw-split: marked.warc: record 1 at byte 0: cut short when archived (WARC-Truncated: length): document dropped" ]
	run -1 --separate-stderr nw-split --truncated keep marked.warc
	[ "$output" = "$(printf 'http://t/marked\t1\ttruncated=1\tFirst paragraph.\nhttp://t/marked\t2\ttruncated=1\tSecond paragra\nhttp://t/whole\t1\tWhole.')" ]
	[ "$stderr" = "nw-split: marked.warc: record 1 at byte 0: cut short when archived (WARC-Truncated: length): document kept as truncated=1" ]
	# A body longer than its Content-Length (the second) is not cut short.
	run -1 --separate-stderr nw-split short.warc
	[ "$output" = "$(printf 'http://t/whole\t1\tWhole.')" ]
	[ "$stderr" = "nw-split: short.warc: record 1 at byte 0: truncated HTTP body (52 of 86 bytes): document dropped" ]
	run -1 --separate-stderr nw-split --truncated keep short.warc
	[ "$output" = "$(printf 'http://t/short\t1\ttruncated=1\tFirst paragraph.\nhttp://t/short\t2\ttruncated=1\tSecond paragra\nhttp://t/whole\t1\tWhole.')" ]
	[ "$stderr" = "nw-split: short.warc: record 1 at byte 0: truncated HTTP body (52 of 86 bytes): document kept as truncated=1" ]
	# The writer's mark says why; a record that is no page is skipped
	# and counted, cut or not.
	run -1 --separate-stderr nw-split both.warc
	[ -z "$output" ]
	[ "$stderr" = "nw-split: both.warc: record 1 at byte 0: cut short when archived (WARC-Truncated: length): document dropped
nw-split: both.warc: 1 response record skipped: not HTML" ]
}

@test "WARC: the answer to a HEAD request, a Content-Length and no body, is no cut" {
	python3 - <<'PY'
def rec(uri, http):
    http = b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n' + http
    return (b'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: ' + uri + b'\r\n'
            b'Content-Type: application/http; msgtype=response\r\n'
            b'Content-Length: %d\r\n\r\n' % len(http) + http + b'\r\n\r\n')
open('head.warc', 'wb').write(
    rec(b'http://t/get', b'Content-Length: 13\r\n\r\n<p>Whole.</p>') +
    rec(b'http://t/head', b'Content-Length: 5120\r\n\r\n'))
PY
	run --separate-stderr nw-split head.warc
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'http://t/get\t1\tWhole.')" ]
	[ -z "$stderr" ]
}

@test "repairs in WARC records and JSON objects are reported once per file; --strict names the record and abandons the file" {
	python3 - <<'PY'
def rec(u, b):
    return (b"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: " + u +
        b"\r\nContent-Length: %d\r\n\r\n" % len(b) + b + b"\r\n\r\n")
with open("n.warc", "wb") as f:
    f.write(rec(b"http://a/1", b"first line\nwith NUL \x00 here\n"))
    f.write(rec(b"http://a/2", b"bad \xff utf\n"))
    for i in range(3, 1001):
        f.write(rec(b"http://a/%d" % i, b"nul \x00 %d\n" % i))
with open("n.jsonl", "w") as f:
    f.write('{"url":"u1","text":"o\\u0000ne"}\n{"url":"u2","text":"t\\u0000wo"}\n')
PY
	run --separate-stderr nw-split n.warc
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1001 ]
	[ "$stderr" = "nw-split: n.warc: 1 invalid UTF-8 sequence replaced with U+FFFD
nw-split: n.warc: 999 NUL bytes replaced with spaces" ]
	run --separate-stderr nw-split --strict n.warc n.jsonl
	[ "$status" -eq 1 ]
	[ "$output" = "http://a/1	1	first line" ]
	[ "$stderr" = "nw-split: n.warc: record 1 at byte 0 (http://a/1): line 2: NUL byte
nw-split: n.jsonl: object at line 1 (u1): line 1: NUL byte" ]
	run --separate-stderr nw-split n.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = "u1	1	o ne
u2	1	t wo" ]
	[ "$stderr" = "nw-split: n.jsonl: 2 NUL bytes replaced with spaces" ]
}

@test "JSON read whole: --strict stops at invalid UTF-8, and the array it cut is not called invalid JSON" {
	printf '[{"url": "a", "maintext": "ok"},\n{"url": "b", "maintext": "bad \377 x"},\n{"url": "c", "maintext": "never"}]\n' >cut.json
	run --separate-stderr nw-split --strict cut.json
	[ "$status" -eq 1 ]
	[ "$output" = "a	1	ok" ]
	[ "$stderr" = "nw-split: cut.json: line 2: invalid UTF-8" ]
	run --separate-stderr nw-split cut.json
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	# Invalid JSON before the line refused is still said, and passed
	# over.
	printf '[{"url": "a", "maintext": "ok"} x,\n{"url": "b", "maintext": "fine"},\n{"url": "c", "maintext": "bad \377"}]\n' >bad.json
	run --separate-stderr nw-split --strict bad.json
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'a\t1\tok\nb\t1\tfine')" ]
	[ "$stderr" = "nw-split: bad.json: line 3: invalid UTF-8
nw-split: bad.json: line 1: array element at byte 33: invalid JSON (line 1, byte 33: expected ',' or ']' in array): skipped" ]
}

@test "WARC: a bad header is reported, the next record is read, exit 1" {
	{
		record conversion https://news.example/1 'Kept.'
		printf 'WARC/1.0\r\nWARC-Type conversion\r\n\r\n'
		record conversion https://news.example/2 'Reached.'
	} >bad.warc
	off=$(record conversion https://news.example/1 'Kept.' | wc -c)
	run --separate-stderr nw-split bad.warc
	[ "$status" -eq 1 ]
	[ "$output" = "https://news.example/1	1	Kept.
https://news.example/2	1	Reached." ]
	[ "$stderr" = "nw-split: bad.warc: record 2 at byte $off: invalid header line; 34 bytes skipped to the next WARC/1. line" ]
	printf 'WARC/0.18\r\n\r\n' >old.warc
	run --separate-stderr nw-split --format warc old.warc
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-split: old.warc: record 1 at byte 0: unsupported version WARC/0.18; no WARC/1. line after it" ]
}

@test "WARC: a record with no WARC-Type is reported, the rest read, exit 1" {
	record conversion https://news.example/1 'Kept.' >1.warc
	record conversion https://news.example/2 'No type.' |
	    sed '/^WARC-Type: /d' >2.warc
	record conversion https://news.example/3 'An empty type.' |
	    sed 's/^WARC-Type: conversion\r$/WARC-Type:\r/' >3.warc
	record conversion https://news.example/4 'Reached.' >4.warc
	cat 1.warc 2.warc 3.warc 4.warc >untyped.warc
	off2=$(wc -c <1.warc)
	off3=$((off2 + $(wc -c <2.warc)))
	why2="nw-split: untyped.warc: record 2 at byte $off2"
	why3="nw-split: untyped.warc: record 3 at byte $off3"
	run --separate-stderr nw-split untyped.warc
	[ "$status" -eq 1 ]
	[ "$output" = "https://news.example/1	1	Kept.
https://news.example/4	1	Reached." ]
	[ "$stderr" = "$why2: no WARC-Type header; the record skipped
$why3: empty WARC-Type header; the record skipped" ]
}

# Issue 11, item 8: a wrong Content-Length loses one record, not the file.
@test "WARC: a wrong Content-Length is reported with its offset, the rest read, exit 1" {
	{
		record conversion https://news.example/1 'First page.'
		record conversion https://news.example/2 'Second page, its length wrong.' |
		    sed 's/^Content-Length: 30/Content-Length: 20/'
		record conversion https://news.example/3 'Third page.'
		record conversion https://news.example/4 'Fourth page.'
	} >wrong.warc
	off1=$(record conversion https://news.example/1 'First page.' | wc -c)
	# Its header: as for empty content, less the CRLF CRLF after it,
	# plus the second digit of its Content-Length.
	hdr=$(($(record conversion https://news.example/2 '' | wc -c) - 4 + 1))
	run --separate-stderr nw-split wrong.warc
	[ "$status" -eq 1 ]
	[ "$output" = "https://news.example/1	1	First page.
https://news.example/2	1	Second page, its len
https://news.example/3	1	Third page.
https://news.example/4	1	Fourth page." ]
	[ "$stderr" = "nw-split: wrong.warc: record 2 at byte $off1: Content-Length 20 does not end the record: no WARC/1. line at byte $((off1 + hdr + 20)); 14 bytes skipped to the next WARC/1. line" ]
	# LF line ends, as cc_net's sample has them, gzipped: the same.
	tr -d '\r' <wrong.warc | gzip >lf.warc.gz
	run --separate-stderr nw-split -u doc lf.warc.gz
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 4 ]
	[[ "$stderr" == "nw-split: lf.warc.gz: record 2 at byte "*": Content-Length 20 does not end the record: "* ]]
}

@test "WARC: a Content-Length past the end of the file gives back the records it swallowed, exit 1" {
	{
		record conversion https://news.example/1 'First page.'
		record conversion https://news.example/2 'Second page.' |
		    sed 's/^Content-Length: 12/Content-Length: 5000/'
		record conversion https://news.example/3 'Third page.'
		record request https://news.example/4 'GET / HTTP/1.1' |
		    sed 's/^Content-Length: 14/Content-Length: 5000/'
		record conversion https://news.example/5 'Fifth page.'
	} >long.warc
	off2=$(record conversion https://news.example/1 'First page.' | wc -c)
	hdr2=$(($(record conversion https://news.example/2 '' | wc -c) - 4 + 3))
	off3=$((off2 + hdr2 + 12 + 4))
	off4=$((off3 + $(record conversion https://news.example/3 'Third page.' | wc -c)))
	hdr4=$(($(record request https://news.example/4 '' | wc -c) - 4 + 3))
	off5=$((off4 + hdr4 + 14 + 4))
	size=$(wc -c <long.warc)
	run --separate-stderr nw-split long.warc
	[ "$status" -eq 1 ]
	[ "$output" = "https://news.example/1	1	First page.
https://news.example/2	1	Second page.
https://news.example/3	1	Third page.
https://news.example/5	1	Fifth page." ]
	[ "$stderr" = "nw-split: long.warc: record 2 at byte $off2: Content-Length 5000 does not end the record: the input ends $((size - off2 - hdr2)) bytes into its content, but a WARC/1. line inside it at byte $off3: the record taken to end there
nw-split: long.warc: record 4 at byte $off4: Content-Length 5000 does not end the record: the input ends $((size - off4 - hdr4)) bytes into its content, but a WARC/1. line inside it at byte $off5: the record taken to end there" ]
	# Gzipped one member per record, as Common Crawl writes them: the same.
	awk 'BEGIN { RS = "WARC/1.0\r\n"; ORS = "" } NR > 1 {
		printf "WARC/1.0\r\n%s", $0 | "gzip -n"; close("gzip -n") }' \
	    long.warc >long.warc.gz
	run --separate-stderr nw-split --truncated keep long.warc.gz
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 4 ]
	[ "${lines[3]}" = "https://news.example/5	1	Fifth page." ]
	# Content cut short that holds no such line is still a record cut short.
	head -c $((size - 8)) long.warc >cut.warc
	run --separate-stderr nw-split cut.warc
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 3 ]
	[ "${stderr##*$'\n'}" = "nw-split: cut.warc: record 5 at byte $off5: truncated content (7 of 11 bytes): document dropped" ]
}

@test "WARC: each skipped record whose Content-Length runs past the end is reported, empty ones too" {
	# Once the input has ended, such a record is cut at once; one whose
	# content starts with the next record went unreported.
	{
		printf 'WARC/1.0\r\nWARC-Type: metadata\r\nContent-Length: 1000\r\n\r\n\r\n\r\n'
		printf 'WARC/1.0\r\nWARC-Type: metadata\r\nContent-Length: 1000\r\n\r\n'
		record conversion https://news.example/1 'First page.'
	} >meta.warc
	run --separate-stderr nw-split meta.warc
	[ "$status" -eq 1 ]
	[ "$output" = "https://news.example/1	1	First page." ]
	[ "$stderr" = "nw-split: meta.warc: record 1 at byte 0: Content-Length 1000 does not end the record: the input ends $(($(wc -c <meta.warc) - 55)) bytes into its content, but a WARC/1. line inside it at byte 59: the record taken to end there
nw-split: meta.warc: record 2 at byte 59: Content-Length 1000 does not end the record: the input ends $(($(wc -c <meta.warc) - 114)) bytes into its content, but a WARC/1. line inside it at byte 114: the record taken to end there" ]
}

@test "WARC: a Content-Length too long in mid-file gives back the records it swallowed, never their headers as text" {
	{
		record conversion https://news.example/1 'First page.'
		record conversion https://news.example/2 'Second page.' |
		    sed 's/^Content-Length: 12/Content-Length: 300/'
		for i in 3 4 5 6; do
			record conversion https://news.example/$i "Page $i."
		done
	} >long.warc
	off2=$(record conversion https://news.example/1 'First page.' | wc -c)
	hdr2=$(($(record conversion https://news.example/2 '' | wc -c) - 4 + 2))
	off3=$((off2 + hdr2 + 12 + 4))
	run --separate-stderr nw-split long.warc
	[ "$status" -eq 1 ]
	[ "$output" = "https://news.example/1	1	First page.
https://news.example/2	1	Second page.
https://news.example/3	1	Page 3.
https://news.example/4	1	Page 4.
https://news.example/5	1	Page 5.
https://news.example/6	1	Page 6." ]
	[ "$stderr" = "nw-split: long.warc: record 2 at byte $off2: Content-Length 300 does not end the record: no WARC/1. line at byte $((off2 + hdr2 + 300)) after it, but a WARC/1. line inside it at byte $off3: the record taken to end there" ]
	# A request record so, which gives no document: the same.
	{
		record conversion https://news.example/1 'First page.'
		record request https://news.example/2 'GET / HTTP/1.1' |
		    sed 's/^Content-Length: 14/Content-Length: 300/'
		for i in 3 4 5 6; do
			record conversion https://news.example/$i "Page $i."
		done
	} >req.warc
	run --separate-stderr nw-split req.warc
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 5 ]
	[[ "$stderr" == *": Content-Length 300 does not end the record: no WARC/1. line at byte "*" after it, but a WARC/1. line inside it at byte "*": the record taken to end there" ]]
}

@test "WARC: a Content-Length a few bytes too long, into the next record's WARC/1. line, loses no record" {
	# Lengths counted for CRLF in a file of LF, or off by a few: the
	# content ends inside the next record's first line.
	local x
	for x in 5 6 8 10; do
		{
			record conversion https://news.example/1 'First page.' |
			    sed "s/^Content-Length: 11/Content-Length: $((11 + x))/"
			record conversion https://news.example/2 'Second page.'
			record metadata https://news.example/3 'via: crawler' |
			    sed "s/^Content-Length: 12/Content-Length: $((12 + x))/"
			record conversion https://news.example/4 'Fourth page.'
		} >x$x.warc
		run --separate-stderr nw-split x$x.warc
		[ "$status" -eq 1 ]
		[ "$output" = "https://news.example/1	1	First page.
https://news.example/2	1	Second page.
https://news.example/4	1	Fourth page." ]
		[ "${#stderr_lines[@]}" -eq 2 ]
		[[ "${stderr_lines[0]}" == "nw-split: x$x.warc: record 1 at byte 0: Content-Length $((11 + x)) does not end the record: no WARC/1. line at byte "*" after it, but a WARC/1. line inside it at byte "*": the record taken to end there" ]]
		[[ "${stderr_lines[1]}" == "nw-split: x$x.warc: record 3 at byte "*": Content-Length $((12 + x)) does not end the record: "* ]]
	done
}

@test "WARC: a byte order mark before the first record is passed over, as in other formats" {
	{
		printf '\357\273\277'
		record conversion https://news.example/1 'First page.'
		record conversion https://news.example/2 'Second page.'
	} >bom.warc
	run --separate-stderr nw-split bom.warc
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "https://news.example/1	1	First page.
https://news.example/2	1	Second page." ]
	gzip -c bom.warc | nw-split >got
	[ "$(cat got)" = "$output" ]
	# Its offsets count the mark.
	{
		printf '\357\273\277'
		record conversion https://news.example/1 'First page.'
		printf 'junk\r\n\r\n'
		record conversion https://news.example/2 'Second page.'
	} >bom2.warc
	run --separate-stderr nw-split bom2.warc
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 2 ]
	off=$(($(record conversion https://news.example/1 'First page.' | wc -c) + 3))
	[ "$stderr" = "nw-split: bom2.warc: record 1 at byte 3: Content-Length 11 does not end the record: no WARC/1. line at byte $((off - 4)); 12 bytes skipped to the next WARC/1. line" ]
}

@test "WARC: two Content-Length fields that disagree are reported; the first is read by" {
	{
		record conversion https://news.example/1 'First page.' |
		    sed 's/^Content-Length: 11\r$/Content-Length: 11\r\nContent-Length: 500\r/'
		record conversion https://news.example/2 'Second page.' |
		    sed 's/^Content-Length: 12\r$/Content-Length: 12\r\nContent-Length: 12\r/'
	} >two.warc
	run --separate-stderr nw-split two.warc
	[ "$status" -eq 1 ]
	[ "$output" = "https://news.example/1	1	First page.
https://news.example/2	1	Second page." ]
	[ "$stderr" = "nw-split: two.warc: record 1 at byte 0: two Content-Length fields that disagree: 11 and 500; the first taken" ]
	# The same number written otherwise agrees.
	record conversion https://news.example/1 'First page.' |
	    sed 's/^Content-Length: 11\r$/Content-Length: 11\r\nContent-Length: 011\r/' >same.warc
	run --separate-stderr nw-split same.warc
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "https://news.example/1	1	First page." ]
}

# The seeds as JSON Lines, one object per file, built with jq.
seeds_jsonl() {
	local f
	for f in $MEMBERS; do
		jq -c -R -s --arg url "$f" '{url: $url, maintext: .}' "dump/$f"
	done
}

@test "JSON Lines: one document per line gives the text of the loose files" {
	seeds_jsonl >news.jsonl
	loose >expected
	run --separate-stderr nw-split news.jsonl
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	diff -u expected - <<<"$output"
	gzip -c news.jsonl | nw-split - >got
	diff -u expected got
}

@test "JSON Lines: escapes, unicode, title, fallbacks, --meta" {
	fixture nw-split nw-split-formats-news --meta date_publish,authors,language
}

# As invalid UTF-8 is: replaced, counted over what is written, said once.
@test "JSON: lone surrogate escapes become U+FFFD, counted and reported once per file; --strict abandons the file" {
	cat >s.jsonl <<'EOF'
{"url": "u1", "text": "Nothing wrong."}
{"url": "u2", "text": "High \ud800 alone."}
{"url": "u3", "text": "Low \udc00, two highs \ud800\uDBFF, a pair \ud83d\ude00."}
{"url": "u4\udfff", "text": "Fine.", "title": "T \udbff\u0041", "other": "\ud800 unasked"}
EOF
	r=$(printf '\357\277\275')
	want="u1	1	Nothing wrong.
u2	1	High $r alone.
u3	1	Low $r, two highs $r$r, a pair $(printf '\360\237\230\200').
u4$r	1	T ${r}A
u4$r	2	Fine."
	run -0 --separate-stderr nw-split s.jsonl
	[ "$output" = "$want" ]
	[ "$stderr" = 'nw-split: s.jsonl: 6 lone surrogate escapes (\uD800-\uDFFF) replaced with U+FFFD' ]
	# A member not written is not counted; one written is.
	run -0 --separate-stderr nw-split --meta other s.jsonl
	[ "$stderr" = 'nw-split: s.jsonl: 7 lone surrogate escapes (\uD800-\uDFFF) replaced with U+FFFD
nw-split: s.jsonl: --meta other: missing in 3 of 4 documents' ]
	# Once per archive, over its members, as repairs are.
	cp s.jsonl t.jsonl
	tar -cf s.tar s.jsonl t.jsonl
	run -0 --separate-stderr nw-split s.tar
	[ "$output" = "$want
$want" ]
	[ "$stderr" = 'nw-split: s.tar: 12 lone surrogate escapes (\uD800-\uDFFF) replaced with U+FFFD' ]
	# An array, and one of them.
	printf '[{"url": "a", "text": "x\\udc00"},\n {"url": "b", "text": "y"}]\n' >a.json
	run -0 --separate-stderr nw-split a.json
	[ "$output" = "a	1	x$r
b	1	y" ]
	[ "$stderr" = 'nw-split: a.json: 1 lone surrogate escape (\uD800-\uDFFF) replaced with U+FFFD' ]
	# --strict: an error, as invalid UTF-8 is; the file is abandoned.
	run -1 --separate-stderr nw-split --strict s.jsonl a.json
	[ "$output" = "u1	1	Nothing wrong." ]
	[ "$stderr" = 'nw-split: s.jsonl: object at line 2 (u2): 1 lone surrogate escape (\uD800-\uDFFF)
nw-split: a.json: object at line 1 (a): 1 lone surrogate escape (\uD800-\uDFFF)' ]
}

@test "JSON: an array element that is no object is reported and skipped, the elements after it read" {
	printf '[{"text":"A"},null,{"text":"C"},5,[1],"s",{"text":"D"}]\n' >arr.json
	run --separate-stderr nw-split arr.json
	[ "$status" -eq 1 ]
	[ "$output" = "arr.json:1	1	A
arr.json:1:20	1	C
arr.json:1:43	1	D" ]
	[ "$stderr" = "nw-split: arr.json: line 1: array element at byte 15: not a JSON object: skipped
nw-split: arr.json: line 1: array element at byte 33: not a JSON object: skipped
nw-split: arr.json: line 1: array element at byte 35: not a JSON object: skipped
nw-split: arr.json: line 1: array element at byte 39: not a JSON object: skipped
nw-split: arr.json: no id (url) in 3 of 3 documents: ids are FILE:LINE" ]
	# An element that is not valid JSON is passed over to the next.
	printf '[{"text":"A"},nul,{"text":"C"}]\n' >bad.json
	run --separate-stderr nw-split bad.json
	[ "$status" -eq 1 ]
	[ "$output" = "bad.json:1	1	A
bad.json:1:19	1	C" ]
	[ "${stderr_lines[0]}" = "nw-split: bad.json: line 1: array element at byte 15: invalid JSON (line 1, byte 15: expected a value): skipped" ]
}

@test "JSON array: a damaged element is skipped, the articles after it read" {
	# Garbage in an element, between two, a string's bad escape, a
	# bracket in a string: each costs its element.
	printf '[{"url":"a","text":"one"},\n{"url":"b","text":"two" BROKEN},\n{"url":"c","text":"x } ] { three"} JUNK ,{"url":"d","text":"tw\\qo"},{"url":"e","text":"five"}]\n' >arr.json
	run --separate-stderr nw-split arr.json
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'a\t1\tone\nc\t1\tx } ] { three\ne\t1\tfive')" ]
	[ "$stderr" = "nw-split: arr.json: line 2: array element at byte 1: invalid JSON (line 2, byte 25: expected ',' or '}' in object): skipped
nw-split: arr.json: line 3: array element at byte 36: invalid JSON (line 3, byte 36: expected ',' or ']' in array): skipped
nw-split: arr.json: line 3: array element at byte 42: invalid JSON (line 3, byte 64: invalid escape in string): skipped" ]
	# An empty element, and one with no comma before it.
	printf '[{"url":"a","text":"one"},,{"url":"b","text":"two"} {"url":"c","text":"three"},{"url":"d","text":"four"}]\n' >gap.json
	run --separate-stderr nw-split gap.json
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'a\t1\tone\nb\t1\ttwo\nd\t1\tfour')" ]
	[ "$stderr" = "nw-split: gap.json: line 1: array element at byte 27: invalid JSON (line 1, byte 27: expected a value): skipped
nw-split: gap.json: line 1: array element at byte 53: invalid JSON (line 1, byte 53: expected ',' or ']' in array): skipped" ]
	# A string's quote lost: what follows cannot be told apart, and the
	# rest of the array is not read, as at the end of a file cut short.
	printf '[{"url":"a","text":"one"},{"url":"b","text":"two},{"url":"c","text":"three"}]\n' >quote.json
	run --separate-stderr nw-split quote.json
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'a\t1\tone')" ]
	[ "$stderr" = "nw-split: quote.json: line 1: invalid JSON at byte 53: expected ',' or '}' in object" ]
	printf '[{"url":"a","text":"one"},{"url":"b","te' >cut.json
	run --separate-stderr nw-split cut.json
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'a\t1\tone')" ]
	[ "$stderr" = "nw-split: cut.json: line 1: invalid JSON at byte 41: unterminated string" ]
}

@test "JSON Lines: bad lines are reported with their number, skipped, exit 1" {
	cat >bad.jsonl <<'EOF'
{"url": "u1", "maintext": "First."}
{"url": "u2", "maintext": "unterminated}
not json at all

{"url": "u3", "maintext": null, "text": null}
{"url": "u4", "maintext": "A \x escape"}
{"url": "u5", "maintext": "Last."} trailing
{"url": "u6", "maintext": "Kept too."}
EOF
	run --separate-stderr nw-split bad.jsonl
	[ "$status" -eq 1 ]
	[ "$output" = "u1	1	First.
u6	1	Kept too." ]
	[ "$stderr" = "nw-split: bad.jsonl: line 2: invalid JSON at byte 41: unterminated string
nw-split: bad.jsonl: line 3: invalid JSON at byte 1: expected '{' (a line must hold one JSON object)
nw-split: bad.jsonl: line 5: no text in \"maintext\" or \"text\"
nw-split: bad.jsonl: line 6: invalid JSON at byte 31: invalid escape in string
nw-split: bad.jsonl: line 7: invalid JSON at byte 36: unexpected text after the object" ]
}

# news-please writes such a maintext when its extraction fails.
@test "JSON Lines: a text member that is only white space is as good as none" {
	cat >blank.jsonl <<'EOF'
{"url": "e1", "maintext": " ", "text": "Fallback one."}
{"url": "e2", "maintext": "\u00a0\n\u2003", "text": "Fallback two."}
{"url": "e3", "maintext": "", "text": "  \n"}
{"url": "e4", "text": ""}
{"url": "\t", "title": " ", "maintext": "Untitled."}
EOF
	why='no text in "maintext" or "text"'
	run --separate-stderr nw-split blank.jsonl
	[ "$status" -eq 1 ]
	[ "$output" = "e1	1	Fallback one.
e2	1	Fallback two.
blank.jsonl:5	1	Untitled." ]
	[ "$stderr" = "nw-split: blank.jsonl: line 3: $why
nw-split: blank.jsonl: line 4: $why
nw-split: blank.jsonl: no id (url) in 1 of 3 documents: ids are FILE:LINE" ]
}

@test "JSON Lines: files saved with a byte order mark and joined (cat a.jsonl b.jsonl) lose no object" {
	printf '\357\273\277{"url":"a","text":"First."}\n' >a.jsonl
	printf '\357\273\277{"url":"b","text":"Second."}\n' >b.jsonl
	printf '\357\273\277{"url":"c","text":"Third." x}\n' >c.jsonl
	cat a.jsonl b.jsonl c.jsonl >all.jsonl
	run --separate-stderr nw-split all.jsonl
	[ "$status" -eq 1 ]
	[ "$output" = "a	1	First.
b	1	Second." ]
	# The byte counts the mark, as it is in the line.
	[ "$stderr" = "nw-split: all.jsonl: line 3: invalid JSON at byte 31: expected ',' or '}' in object" ]
}

@test "JSON Lines: --text-field, --title-field and --id-field name other members" {
	printf '%s\n' '{"link": "https://x.example/a", "headline": "Head", "body": "Body one.\nBody two.", "url": "ignored"}' \
	    '{"body": "No id."}' >other.jsonl
	run --separate-stderr nw-split --text-field body --title-field headline \
	    --id-field link,id other.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = "https://x.example/a	1	Head
https://x.example/a	2	Body one.
https://x.example/a	3	Body two.
other.jsonl:2	1	No id." ]
	run --separate-stderr nw-split --jsonl --title-field '' other.jsonl
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-split: other.jsonl: line 1: no text in \"maintext\" or \"text\"
nw-split: other.jsonl: line 2: no text in \"maintext\" or \"text\"" ]
	run --separate-stderr nw-split --text-field '' other.jsonl
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nw-split: --text-field: no member name given" ]
}

@test "JSON Lines are told by content; text that opens with a brace is text" {
	printf '{{Infobox}} is wiki markup.\n' >wiki.txt
	run --separate-stderr nw-split wiki.txt
	[ "$status" -eq 0 ]
	[ "$output" = "wiki.txt	1	{{Infobox}} is wiki markup." ]
	printf '{"maintext": "Read as text."}\n' >forced.jsonl
	run --separate-stderr nw-split --format text forced.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = 'forced.jsonl	1	{"maintext": "Read as text."}' ]
}

@test "JSON: a dump that is an empty array gives no document, not the text []" {
	printf '[]\n' >none.json
	printf ' [ \r\n ] \n' | gzip >none2.json.gz
	printf '[] is how a list starts.\n' >text.txt
	run --separate-stderr nw-split none.json none2.json.gz text.txt
	[ "$status" -eq 0 ]
	[ "$output" = "text.txt	1	[] is how a list starts." ]
	[ -z "$stderr" ]
	run --separate-stderr bash -c 'printf "[]" | nw-split'
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ -z "$stderr" ]
}

@test "--meta: an empty name is a usage error, never a field silently left out" {
	printf '{"url":"u","a":"A","b":"B","text":"t"}\n' >m.jsonl
	for names in '' , 'a,' ',a' 'a,,b'; do
		run --separate-stderr nw-split --meta "$names" m.jsonl
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[ "$stderr" = "nw-split: --meta: $names: an empty name (a comma-separated list of names)" ]
	done
	run --separate-stderr nw-split --meta a,b m.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = "u	A	B	1	t" ]
}

@test "--name: an empty name is a usage error, never records with an empty id" {
	run --separate-stderr sh -c "printf 'Some text.\n' | nw-split --name ''"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: --name: an empty name" ]
	run --separate-stderr sh -c "printf 'Some text.\n' | nw-split --name n"
	[ "$status" -eq 0 ]
	[ "$output" = "n	1	Some text." ]
}

@test "--meta and the --*-field options given twice: the lists add up" {
	printf '{"url":"u","a":"A","b":"B","text":"t"}\n' >m.jsonl
	run --separate-stderr nw-split --meta a --meta b m.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = "u	A	B	1	t" ]
	printf '{"url":"u","id":"i","body":"t"}\n' >b.jsonl
	run --separate-stderr nw-split --text-field text --text-field body \
	    --id-field nope --id-field id b.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = "i	1	t" ]
	[ -z "$stderr" ]
	printf '{"url":"u","page":"<p>Hi.</p>"}\n' >h.jsonl
	run --separate-stderr nw-split --html-field html --html-field page h.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = "u	1	Hi." ]
	printf '{"url":"u","headline":"H","text":"t"}\n' >t.jsonl
	run --separate-stderr nw-split --title-field headline \
	    --title-field title t.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = "u	1	H
u	2	t" ]
	[ -z "$stderr" ]
	# An empty list given again is still no title.
	run --separate-stderr nw-split --title-field '' --title-field '' \
	    t.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = "u	1	t" ]
	[ -z "$stderr" ]
}

@test "--meta date, mtime: the modification time of files and archive members" {
	(cd dump && tar --mtime='2026-11-21 08:00:00Z' -cf ../d.tar 000.txt)
	touch -d '2026-11-20 07:30:00Z' dump/001.txt
	run --separate-stderr nw-split -u doc --meta date,none,mtime d.tar dump/001.txt
	[ "$status" -eq 0 ]
	run cut -f1-5 <<<"$output"
	[ "$output" = "d.tar:000.txt	2026-11-21T08:00:00Z		2026-11-21T08:00:00Z	0
dump/001.txt	2026-11-20T07:30:00Z		2026-11-20T07:30:00Z	0" ]
	# A JSON object's date is no file's: it has no mtime.
	printf '{"url":"u","date":"2026-11-19","text":"t"}\n' >n.jsonl
	run --separate-stderr nw-split --meta date,mtime n.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = "u	2026-11-19		1	t" ]
	[ "$stderr" = "nw-split: n.jsonl: --meta mtime: missing in 1 of 1 documents" ]
	# A pipe has no modification time: the field is there, empty.
	run --separate-stderr bash -c 'cat dump/000.txt | nw-split -u doc --meta date | cut -f1-3'
	[ "$status" -eq 0 ]
	[ "$output" = "-		0" ]
}

# Issue 11, item 1: zeros are no evidence of a tar archive.
@test "leading NUL bytes: the text after them is read, the NULs reported" {
	{ head -c 1024 /dev/zero; echo 'Paragraph after zero padding.'; } >pad.txt
	want="nw-split: pad.txt: 1024 NUL bytes replaced with spaces"
	run --separate-stderr nw-split pad.txt
	[ "$status" -eq 0 ]
	[ "$output" = "pad.txt	1	Paragraph after zero padding." ]
	[ "$stderr" = "$want" ]
	{ head -c 20480 /dev/zero; echo 'After 20 KiB.'; } >pad20.txt
	run --separate-stderr nw-split pad20.txt
	[ "$output" = "pad20.txt	1	After 20 KiB." ]
	gzip -c pad.txt >pad.txt.gz
	run --separate-stderr nw-split pad.txt.gz
	[ "$status" -eq 0 ]
	[ "$output" = "pad.txt.gz	1	Paragraph after zero padding." ]
	xz -c pad.txt >pad.txt.xz
	run --separate-stderr nw-split pad.txt.xz
	[ "$status" -eq 0 ]
	[ "$output" = "pad.txt.xz	1	Paragraph after zero padding." ]
	run --separate-stderr nw-split - <pad.txt
	[ "$status" -eq 0 ]
	[ "$output" = "-	1	Paragraph after zero padding." ]
	run --separate-stderr bash -c 'cat pad.txt | nw-split'
	[ "$output" = "-	1	Paragraph after zero padding." ]
}

@test "nothing but NUL bytes: not text, reported, exit 1; an empty tar is still empty" {
	run --separate-stderr nw-split /dev/zero
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: /dev/zero: not text: only NUL bytes in the first 65536 bytes" ]
	run --separate-stderr bash -c 'head -c 100000 /dev/zero | gzip | nw-split'
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-split: -: not text: only NUL bytes in the first 65536 bytes" ]
	head -c 1000 /dev/zero >short.bin
	run --separate-stderr nw-split short.bin
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: short.bin: 1000 NUL bytes replaced with spaces" ]
	tar -cf empty.tar --files-from /dev/null
	run --separate-stderr nw-split - <empty.tar
	[ "$status" -eq 0 ]
	[ -z "$output$stderr" ]
}

@test "NUL bytes first: a file and a pipe of the same bytes are judged alike, at 65536 bytes exactly" {
	# Read from a file, more than 65536 bytes were looked at, and the
	# first 65536 zeros with text after them were read as text.
	{ head -c 65536 /dev/zero; printf 'text\n'; } >z1
	head -c 65536 /dev/zero >z0
	for how in file pipe; do
		if [ $how = file ]; then
			run --separate-stderr nw-split z1
			name=z1
		else
			run --separate-stderr bash -c 'cat z1 | nw-split'
			name=-
		fi
		[ "$status" -eq 1 ]
		[ -z "$output" ]
		[ "$stderr" = "nw-split: $name: not text: only NUL bytes in the first 65536 bytes" ]
		# 128 whole blocks of zeros and nothing after: an empty tar.
		if [ $how = file ]; then
			run --separate-stderr nw-split z0
		else
			run --separate-stderr bash -c 'cat z0 | nw-split'
		fi
		[ "$status" -eq 0 ]
		[ -z "$output$stderr" ]
	done
}

@test "lz4's legacy format (lz4 -l), which the lz4 library does not read, is skipped as not text" {
	printf 'doc\t1\tsome text\n' >t.txt
	lz4 -q -l -c t.txt >t.lz4l
	for f in t.lz4l -; do
		run --separate-stderr nw-split "$f" <t.lz4l
		[ "$status" -eq 1 ]
		[ -z "$output" ]
		[ "$stderr" = "nw-split: $f: not text (lz4 legacy data): skipped" ]
	done
}

# binaries DIR: text files, files that start with a binary format's
# magic number (plain and gzipped), and text that only looks like one.
binaries() {
	mkdir -p "$1"
	printf 'A loose text file.\n' >"$1/a.txt"
	printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\001' >"$1/logo.png"
	gzip -c "$1/logo.png" >"$1/logo.png.gz"
	printf '\177ELF\002\001\001\0\0\0\0\0\0\0\0\0\002\0>\0' >"$1/prog"
	printf '%%PDF-1.7\n%%\342\343\317\323\n1 0 obj\n<< /Type /Catalog >>\nendobj\n' >"$1/report.pdf"
	# Zeros are no evidence: NUL padding before text is text.
	{ head -c 1024 /dev/zero; printf 'After the padding.\n'; } >"$1/pad.txt"
	# A short magic counts only with the fields its format fixes.
	printf 'BMW shares rose.\n' >"$1/bm.txt"
	printf 'MZANSI Magic aired the final.\n' >"$1/mz.txt"
}

@test "files under a directory that start with a binary format's magic number are skipped, counted by format in one line, not an error" {
	binaries bin
	run --separate-stderr nw-split -u doc bin
	[ "$status" -eq 0 ]
	[ "$(cut -f1 <<<"$output")" = "bin/a.txt
bin/bm.txt
bin/mz.txt
bin/pad.txt" ]
	[ "$stderr" = "nw-split: bin/pad.txt: 1024 NUL bytes replaced with spaces
nw-split: bin: 4 files skipped: not text (2 PNG image, 1 ELF executable, 1 PDF document)" ]
}

@test "binary data with no magic number: skipped as a loose file as in an archive; a stray NUL in text is still text" {
	mkdir -p d
	printf 'A loose text file.\n' >d/a.txt
	# Random bytes: one NUL in 256 of them, and control bytes.
	python3 -c 'import random, sys
random.seed(7)
sys.stdout.buffer.write(bytes(random.randrange(256) for _ in range(4096)))' \
	    >d/blob.bin
	# Records padded with NULs: printable but for them.
	for i in $(seq 64); do printf 'record %02d\0\0\0\0\0\0' "$i"; done \
	    >d/table.dat
	# An article of 600 bytes with two NULs in it, one of 700 ending
	# in 300 NULs of padding (a file preallocated, or torn by a crash).
	{ printf '%590s' '' | tr ' ' a; printf ' \0b\0 end.\n'; } >d/nul.txt
	{ printf '%699s\n' 'Padded.'; head -c 300 /dev/zero; } >d/pad.txt
	(cd d && tar -cf ../d.tar a.txt blob.bin nul.txt pad.txt table.dat)
	run -0 --separate-stderr nw-split -u doc d
	[ "$(cut -f1 <<<"$output")" = "d/a.txt
d/nul.txt
d/pad.txt" ]
	[ "$stderr" = "nw-split: d/nul.txt: 2 NUL bytes replaced with spaces
nw-split: d/pad.txt: 300 NUL bytes replaced with spaces
nw-split: d: 2 files skipped: not text (2 binary data)" ]
	run -0 --separate-stderr nw-split -u doc d.tar
	[ "$(cut -f1 <<<"$output")" = "d.tar:a.txt
d.tar:nul.txt
d.tar:pad.txt" ]
	[ "$stderr" = "nw-split: d.tar: 302 NUL bytes replaced with spaces
nw-split: d.tar: 2 members skipped: not text (2 binary data)" ]
	# Named, it is an error, from a file as from a pipe.
	run -1 --separate-stderr nw-split d/blob.bin d/a.txt
	[ "$output" = "d/a.txt	1	A loose text file." ]
	[ "$stderr" = "nw-split: d/blob.bin: not text (binary data): skipped" ]
	run -1 --separate-stderr bash -c 'cat d/table.dat | nw-split'
	[ -z "$output" ]
	[ "$stderr" = "nw-split: -: not text (binary data): skipped" ]
}

# One line a directory operand, however many files: commonest first.
@test "files skipped as not text under a directory: one line per directory operand, at its end, five formats at most" {
	mkdir -p photos/2026/11 docs empty
	for i in 1 2 3; do
		printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\001' >photos/$i.png
	done
	printf '\377\330\377\340\0\020JFIF\0' >photos/2026/a.jpg
	printf '\377\330\377\340\0\020JFIF\0' >photos/2026/11/b.jpg
	printf 'GIF89a\001\0\001\0' >photos/c.gif
	printf 'GIF87a\001\0\001\0' >photos/d.gif
	printf '%%PDF-1.7\n%%\342\343\317\323\n' >photos/e.pdf
	printf '\177ELF\002\001\001\0\0\0\0\0\0\0\0\0\002\0>\0' >photos/f
	printf 'SQLite format 3\0' >photos/g.db
	printf 'Rar!\032\007\0' >photos/h.rar
	printf 'A caption.\n' >photos/2026/caption.txt
	printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\001' >docs/logo.png
	printf 'A note.\n' >docs/note.txt
	printf 'Nothing to skip.\n' >empty/only.txt
	run -0 --separate-stderr nw-split photos/ docs empty
	[ "$output" = "photos/2026/caption.txt	1	A caption.
docs/note.txt	1	A note.
empty/only.txt	1	Nothing to skip." ]
	[ "$stderr" = "nw-split: photos/: 11 files skipped: not text (3 PNG image, 2 GIF image, 2 JPEG image, 1 ELF executable, 3 in 3 other formats)
nw-split: docs: 1 file skipped: not text (1 PNG image)" ]
	# Five formats are all named.
	rm photos/g.db photos/h.rar
	run -0 --separate-stderr nw-split photos
	[ "$stderr" = "nw-split: photos: 9 files skipped: not text (3 PNG image, 2 GIF image, 2 JPEG image, 1 ELF executable, 1 PDF document)" ]
	# A file named keeps its own line, and is an error.
	run -1 --separate-stderr nw-split docs/logo.png docs
	[ "$output" = "docs/note.txt	1	A note." ]
	[ "$stderr" = "nw-split: docs/logo.png: not text (PNG image): skipped
nw-split: docs: 1 file skipped: not text (1 PNG image)" ]
}

@test "an operand that starts with a binary format's magic number is skipped and named, exit 1" {
	binaries bin
	run --separate-stderr nw-split bin/a.txt bin/logo.png bin/prog bin/pad.txt
	[ "$status" -eq 1 ]
	[ "$output" = "bin/a.txt	1	A loose text file.
bin/pad.txt	1	After the padding." ]
	[ "$stderr" = "nw-split: bin/logo.png: not text (PNG image): skipped
nw-split: bin/prog: not text (ELF executable): skipped
nw-split: bin/pad.txt: 1024 NUL bytes replaced with spaces" ]
	run --separate-stderr nw-split - <bin/logo.png
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: -: not text (PNG image): skipped" ]
	# Through compression, from a file and from a pipe.
	gzip -c bin/prog >prog.gz
	run --separate-stderr nw-split prog.gz
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: prog.gz: not text (ELF executable): skipped" ]
	run --separate-stderr bash -c 'xz -c bin/report.pdf | nw-split --name report.pdf.xz'
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: report.pdf.xz: not text (PDF document): skipped" ]
	run --separate-stderr nw-split bin/logo.png.gz
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-split: bin/logo.png.gz: not text (PNG image): skipped" ]
}

@test "--format text reads a file in a binary format as text, which is skipped without it" {
	binaries bin
	run --separate-stderr nw-split bin/report.pdf
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	run --separate-stderr nw-split --format text bin/report.pdf
	[ "$status" -eq 0 ]
	[ "$(cut -f1,3 <<<"$output")" = "$(printf 'bin/report.pdf\t%%PDF-1.7
bin/report.pdf\t%%\357\277\275\357\277\275\357\277\275\357\277\275
bin/report.pdf\t1 0 obj
bin/report.pdf\t<< /Type /Catalog >>
bin/report.pdf\tendobj')" ]
	[ "$stderr" = "nw-split: bin/report.pdf: 4 invalid UTF-8 sequences replaced with U+FFFD" ]
	run --separate-stderr nw-split --format text -u doc bin/logo.png.gz
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'bin/logo.png.gz\t0\t\357\277\275PNG IHDR')" ]
	[ "$stderr" = "nw-split: bin/logo.png.gz: 1 invalid UTF-8 sequence replaced with U+FFFD
nw-split: bin/logo.png.gz: 6 NUL bytes replaced with spaces" ]
}

# Issue 11, item 2: tar -i reads on past the end-of-archive marker.
@test "concatenated tars: the members of every archive, also through gzip" {
	(cd dump && tar -cf ../one.tar 000.txt 001.txt)
	(cd dump && tar -cf ../two.tar libya/003.txt libya/004.txt)
	cat one.tar two.tar >both.tar
	loose >expected
	members both.tar >got
	diff -u expected got
	cat one.tar two.tar | gzip >both.tar.gz
	members both.tar.gz >got
	diff -u expected got
	cat one.tar two.tar | nw-split - | sed 's,^-:,,' >got
	diff -u expected got
	cat one.tar two.tar | xz | nw-split - | sed 's,^-:,,' >got
	diff -u expected got
}

@test "a whole tar followed by zeros short of a block is garbage after its end, not a cut" {
	local t=$BATS_TEST_TMPDIR
	printf 'First article text here.\n' >"$t/a.txt"
	tar -C "$t" -cf "$t/whole.tar" a.txt
	{ cat "$t/whole.tar"; head -c 100 /dev/zero; } >"$t/padded.tar"
	head -c "$(($(stat -c %s "$t/whole.tar") - 1))" "$t/whole.tar" >"$t/trimmed.tar"
	# Cut inside the second end-of-archive block: that is a cut.
	head -c 2000 "$t/whole.tar" >"$t/cut.tar"
	for f in padded trimmed; do
		run --separate-stderr nw-split "$t/$f.tar"
		[ "$status" -eq 1 ]
		[ "$output" = "$(printf '%s:a.txt\t1\tFirst article text here.' "$t/$f.tar")" ]
		[ "$stderr" = "nw-split: $t/$f.tar: after a.txt: trailing garbage after tar data" ]
		run --separate-stderr nw-split <"$t/$f.tar"
		[ "$status" -eq 1 ]
		[ "$stderr" = "nw-split: -: after a.txt: trailing garbage after tar data" ]
	done
	run --separate-stderr nw-split "$t/cut.tar"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-split: $t/cut.tar: after a.txt: unexpected end of file (truncated tar data)" ]
}

@test "concatenated tars, the first one empty: the second's members, not text" {
	(cd dump && tar -cf ../two.tar libya/003.txt libya/004.txt)
	tar -cf empty.tar --files-from /dev/null
	tar -b 1 -cf empty1.tar --files-from /dev/null
	nw-split -u doc dump/libya/003.txt dump/libya/004.txt |
	    sed 's,^dump/,,' >want
	cat empty.tar two.tar >both.tar
	run --separate-stderr nw-split -u doc both.tar
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(sed 's,^,both.tar:,' want)" ]
	run --separate-stderr sh -c 'cat empty1.tar two.tar | nw-split -u doc'
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(sed 's,^,-:,' want)" ]
	run --separate-stderr sh -c 'cat empty.tar two.tar | gzip | nw-split -u doc'
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$(sed 's,^,-:,' want)" ]
	# An empty archive, then one cut inside its first header.
	head -c 300 two.tar >cut.tar
	cat empty.tar cut.tar >both.tar
	run -1 --separate-stderr nw-split -u doc both.tar
	[ -z "$output" ]
	[ "$stderr" = "nw-split: both.tar: unexpected end of file (truncated tar data)" ]
}

@test "concatenated tars, the second cut short: its cut is told as it is when alone" {
	(cd dump && tar -cf ../one.tar 000.txt 001.txt)
	(cd dump && tar -cf ../two.tar libya/003.txt libya/004.txt)
	nw-split -u doc dump/000.txt dump/001.txt | sed 's,^dump/,,' >one
	# Cut inside the second archive's first header.
	head -c 300 two.tar >cut.tar
	run -1 --separate-stderr nw-split -u doc cut.tar
	[ -z "$output" ]
	[ "$stderr" = "nw-split: cut.tar: unexpected end of file (truncated tar data)" ]
	cat one.tar cut.tar >both.tar
	gzip -c both.tar >both.tar.gz
	run -1 --separate-stderr nw-split -u doc both.tar
	[ "$output" = "$(sed 's,^,both.tar:,' one)" ]
	[ "$stderr" = "nw-split: both.tar: after 001.txt: unexpected end of file (truncated tar data)" ]
	run -1 --separate-stderr sh -c 'cat both.tar | nw-split -u doc'
	[ "$output" = "$(sed 's,^,-:,' one)" ]
	[ "$stderr" = "nw-split: -: after 001.txt: unexpected end of file (truncated tar data)" ]
	run -1 --separate-stderr nw-split -u doc both.tar.gz
	[ "$output" = "$(sed 's,^,both.tar.gz:,' one)" ]
	[ "$stderr" = "nw-split: both.tar.gz: after 001.txt: unexpected end of file (truncated tar data)" ]
	# Cut 100 bytes into the second archive's second member: a member
	# cut short, kept with --truncated keep.
	size=$(wc -c <dump/libya/003.txt)
	head -c $((512 + (size + 511) / 512 * 512 + 512 + 100)) two.tar >cut.tar
	cat one.tar cut.tar >both.tar
	head -c 100 dump/libya/004.txt >part.txt
	{
		sed 's,^,both.tar:,' one
		nw-split -u doc dump/libya/003.txt | sed 's,^dump/,both.tar:,'
		nw-split -u doc part.txt |
		    sed 's,^part.txt	0	,both.tar:libya/004.txt	0	truncated=1	,'
	} >want
	run -1 --separate-stderr nw-split -u doc --truncated keep both.tar
	[ "$output" = "$(cat want)" ]
	[ "$stderr" = "nw-split: both.tar: libya/004.txt: unexpected end of file (truncated tar data): document kept as truncated=1" ]
}

# A header whose name fills its 100 bytes, no NUL in them: a member's
# own (a name of 100 bytes) or the pax header GNU tar writes before a
# long one ("./PaxHeaders/" and the name, cut to 100 bytes).
@test "concatenated tars, the second cut inside a header whose name fills its field: cut short, as alone" {
	(cd dump && tar -cf ../one.tar 000.txt 001.txt)
	nw-split -u doc dump/000.txt dump/001.txt | sed 's,^dump/,,' >one
	name=$(printf 'n%.0s' $(seq 1 96)).txt
	cp dump/libya/003.txt "dump/$name"
	(cd dump && tar --format=ustar -cf ../ustar.tar "$name")
	(cd dump && tar --format=pax -cf ../pax.tar "$name")
	[ "$(head -c 100 ustar.tar | tr -d '\0' | wc -c)" -eq 100 ]
	[ "$(head -c 100 pax.tar | tr -d '\0' | wc -c)" -eq 100 ]
	for format in ustar pax; do
		head -c 300 $format.tar >cut.tar
		cat one.tar cut.tar >both.tar
		run -1 --separate-stderr nw-split -u doc cut.tar
		[ -z "$output" ]
		[ "$stderr" = "nw-split: cut.tar: unexpected end of file (truncated tar data)" ]
		run -1 --separate-stderr sh -c 'cat cut.tar | nw-split -u doc'
		[ -z "$output" ]
		[ "$stderr" = "nw-split: -: unexpected end of file (truncated tar data)" ]
		run -1 --separate-stderr nw-split -u doc both.tar
		[ "$output" = "$(sed 's,^,both.tar:,' one)" ]
		[ "$stderr" = "nw-split: both.tar: after 001.txt: unexpected end of file (truncated tar data)" ]
		run -1 --separate-stderr sh -c 'cat both.tar | nw-split -u doc'
		[ "$output" = "$(sed 's,^,-:,' one)" ]
		[ "$stderr" = "nw-split: -: after 001.txt: unexpected end of file (truncated tar data)" ]
		run -1 --separate-stderr sh -c 'gzip -c both.tar | nw-split -u doc'
		[ "$output" = "$(sed 's,^,-:,' one)" ]
		[ "$stderr" = "nw-split: -: after 001.txt: unexpected end of file (truncated tar data)" ]
	done
}

# Issue 11, item 10: a member cut short is not passed off as whole.
# A member of 200 KB cut at 100 KB: libarchive hands out what it has.
cut_tar() {
	for i in 1 2 3 4 5 6 7; do cat "$SEEDS"/*.txt; done >dump/big.txt
	(cd dump && tar -cf ../d.tar 000.txt big.txt)
	head -c 100000 d.tar >cut.tar
}

@test "a member cut short is dropped with a message by default, exit 1" {
	cut_tar
	want="nw-split: cut.tar: big.txt: unexpected end of file (truncated tar data): document dropped"
	run --separate-stderr nw-split -u doc cut.tar
	[ "$status" -eq 1 ]
	run cut -f1 <<<"$output"
	[ "$output" = "cut.tar:000.txt" ]
	[ "$stderr" = "$want" ]
	run --separate-stderr nw-split -u doc - <cut.tar
	[ "$status" -eq 1 ]
	[ "$(cut -f1 <<<"$output")" = "-:000.txt" ]
	gzip -c cut.tar >cut.tar.gz
	run --separate-stderr nw-split -u doc cut.tar.gz
	[ "$status" -eq 1 ]
	[ "$(cut -f1 <<<"$output")" = "cut.tar.gz:000.txt" ]
	gzip -c d.tar | head -c 30000 >cut.gz
	run --separate-stderr nw-split -u doc cut.gz
	[ "$status" -eq 1 ]
	[ "$(cut -f1 <<<"$output")" = "cut.gz:000.txt" ]
	[ "${stderr_lines[0]}" = "nw-split: cut.gz: unexpected end of file (truncated gzip data)" ]
	[ "${stderr_lines[1]}" = "nw-split: cut.gz: big.txt: unexpected end of file (truncated tar data): document dropped" ]
}

@test "--truncated keep: a member cut short is kept, marked truncated=1" {
	cut_tar
	run --separate-stderr nw-split --truncated keep cut.tar
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-split: cut.tar: big.txt: unexpected end of file (truncated tar data): document kept as truncated=1" ]
	run grep -c '^cut.tar:big.txt	[0-9]*	truncated=1	' <<<"$output"
	[ "$output" -gt 100 ]
	run grep -c '^cut.tar:big.txt	' < <(nw-split --truncated keep cut.tar 2>/dev/null)
	[ "$output" -gt 100 ]
	run grep -c '^cut.tar:000.txt	[0-9]*	truncated=1' < <(nw-split --truncated keep cut.tar 2>/dev/null)
	[ "$output" -eq 0 ]
	run --separate-stderr nw-split --truncated keep -u sentence cut.tar
	[[ "${lines[-1]}" =~ ^cut.tar:big.txt\	[0-9]+\.[0-9]+\	truncated=1\	 ]]
	run --separate-stderr nw-split --truncated maybe cut.tar
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nw-split: --truncated: maybe: invalid (allowed: drop or keep)" ]
}

@test "--truncated keep: all that could be read of a member cut short is written" {
	seq -f 'Line number %g of the document.' 0 2999 >doc.txt
	tar -cf one.tar doc.txt
	# The header and 488 bytes of the member; then cuts past libarchive's
	# first blocks.
	for size in 1000 15000 30000 90000; do
		head -c $size one.tar >cut.tar
		run --separate-stderr nw-split -p line --truncated keep cut.tar
		[ "$status" -eq 1 ]
		[ "$stderr" = "nw-split: cut.tar: doc.txt: unexpected end of file (truncated tar data): document kept as truncated=1" ]
		[ "$output" = "$(head -c $((size - 512)) doc.txt |
		    awk '{ sub(/ +$/, ""); printf "cut.tar:doc.txt\t%d\ttruncated=1\t%s\n", NR, $0 }')" ]
	done
	# Through gzip: what inflates of the member is kept.
	tar -cf - doc.txt | gzip -n | head -c 300 >cut.tar.gz
	run --separate-stderr nw-split -p line --truncated keep cut.tar.gz
	[ "$status" -eq 1 ]
	[ "$stderr" = "nw-split: cut.tar.gz: unexpected end of file (truncated gzip data)
nw-split: cut.tar.gz: doc.txt: unexpected end of file (truncated tar data): document kept as truncated=1" ]
	[ "$output" = "$(python3 -c 'import sys, zlib
sys.stdout.buffer.write(zlib.decompressobj(31).decompress(open("cut.tar.gz", "rb").read())[512:])' |
	    awk '{ sub(/ +$/, ""); printf "cut.tar.gz:doc.txt\t%d\ttruncated=1\t%s\n", NR, $0 }')" ]
}

# Issue 11, item 5: news-please writes one pretty-printed object per file.
@test "JSON: one pretty-printed object per file, or an array of objects" {
	cat >article.json <<'JSON'
{
    "authors": [
        "Jane Doe"
    ],
    "date_publish": "2026-11-20 18:30:00",
    "language": "en",
    "maintext": "TRIPOLI \u2014 Talks resumed on Friday.\nThe envoy said progress was made.",
    "title": "Libya talks resume",
    "url": "https://news.example/libya/talks"
}
JSON
	run --separate-stderr nw-split --meta language article.json
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "https://news.example/libya/talks	en	1	Libya talks resume
https://news.example/libya/talks	en	2	TRIPOLI — Talks resumed on Friday. The envoy said progress was made." ]
	gzip -c article.json | nw-split -u doc - >got
	[ "$(cut -f1 got)" = "https://news.example/libya/talks" ]
	printf '[\n  {"url": "u1", "maintext": "One."},\n  {"maintext": "Two,\\nno id."},\n  {\n    "url": "u3",\n    "maintext": "Three."\n  }\n]\n' >list.json
	run --separate-stderr nw-split list.json
	[ "$status" -eq 0 ]
	[ "$stderr" = "nw-split: list.json: no id (url) in 1 of 3 documents: ids are FILE:LINE" ]
	[ "$output" = "u1	1	One.
list.json:3	1	Two,
list.json:3	2	no id.
u3	1	Three." ]
}

@test "JSON: a file of garbage gives one error; a broken first line of JSON Lines does not hide the rest" {
	{ printf '{"url": "x",\n'; for i in $(seq 1 50); do echo "garbage line $i"; done; } >garbage.json
	run --separate-stderr nw-split garbage.json
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: garbage.json: line 2: invalid JSON at byte 1: expected a member name in quotes" ]
	printf '{"url": "u1", "maintext": "cut\n{"url": "u2", "maintext": "Kept."}\n' >firstbad.jsonl
	run --separate-stderr nw-split firstbad.jsonl
	[ "$status" -eq 1 ]
	[ "$output" = "u2	1	Kept." ]
	[ "$stderr" = "nw-split: firstbad.jsonl: line 1: invalid JSON at byte 31: unterminated string" ]
	printf '[{"url": "u1", "maintext": "One."}, 7]\n' >mixed.json
	run --separate-stderr nw-split mixed.json
	[ "$status" -eq 1 ]
	[ "$output" = "u1	1	One." ]
	[ "$stderr" = "nw-split: mixed.json: line 1: array element at byte 37: not a JSON object: skipped" ]
}

# The lines of an array's elements are counted on from the element before,
# not from the start of the file: ids and messages name the line and byte
# of the element, several to a line or not.  Each element is a document
# of its own, with an id of its own: FILE:LINE, and FILE:LINE:BYTE after
# the first element on a line.
@test "JSON: an array's elements are placed by line and byte, several on a line" {
	printf '[{"maintext": "A."}, {"maintext": "B."},\n {"maintext": "C."}, {"maintext": 5},\n {"maintext": "D."}, {"maintext": "E."}, 7]\n' >arr.json
	run --separate-stderr nw-split arr.json
	[ "$status" -eq 1 ]
	[ "$output" = "arr.json:1	1	A.
arr.json:1:22	1	B.
arr.json:2	1	C.
arr.json:3	1	D.
arr.json:3:22	1	E." ]
	nw-split -u doc arr.json 2>/dev/null | nw-dedup --stats 2>&1 >/dev/null |
	    grep -qx 'nw-dedup: 5 documents, 0 duplicates (0 exact, 0 near), 5 in the index'
	[ "$stderr" = "nw-split: arr.json: line 2: no text in \"maintext\" or \"text\"
nw-split: arr.json: line 3: array element at byte 42: not a JSON object: skipped
nw-split: arr.json: no id (url) in 5 of 5 documents: ids are FILE:LINE" ]
	python3 -c 'import sys; sys.stdout.write("[" + ",".join(["{\"maintext\": \"x\"}"] * 20000) + ", 7]\n")' >long.json
	run --separate-stderr nw-split long.json
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 20000 ]
	[ "${lines[0]}" = "long.json:1	1	x" ]
	[ "${lines[1]}" = "long.json:1:20	1	x" ]
	[ "${lines[19999]}" = "long.json:1:359984	1	x" ]
	[ "$(printf '%s\n' "${lines[@]}" | cut -f 1 | sort -u | wc -l)" -eq 20000 ]
	[ "${stderr_lines[0]}" = "nw-split: long.json: line 1: array element at byte 360003: not a JSON object: skipped" ]
}

# jq . dump.jsonl writes the objects pretty-printed one after another:
# each is a document, placed by line and byte as an array's elements are;
# a damaged one ends the file, the documents before it written.
@test "JSON: pretty-printed objects one after another, as jq writes them" {
	printf '{\n  "url": "a",\n  "maintext": "Article one.",\n  "language": "en"\n}\n{\n  "url": "b",\n  "maintext": "Article two."\n}\n' >pretty.json
	run --separate-stderr nw-split --meta language pretty.json
	[ "$status" -eq 0 ]
	[ "$stderr" = "nw-split: pretty.json: --meta language: missing in 1 of 2 documents" ]
	[ "$output" = "a	en	1	Article one.
b		1	Article two." ]
	printf '{\n  "maintext": "One."\n}\n\n{"maintext": "Two."}{"maintext": "Three."}\n{\n  "url": "d",\n  "maintext": oops\n}\n{"maintext": "After."}\n' >seq.json
	run --separate-stderr nw-split seq.json
	[ "$status" -eq 1 ]
	[ "$output" = "seq.json:1	1	One.
seq.json:5	1	Two.
seq.json:5:21	1	Three." ]
	[ "$stderr" = "nw-split: seq.json: line 8: invalid JSON at byte 15: expected a value
nw-split: seq.json: no id (url) in 3 of 3 documents: ids are FILE:LINE" ]
	# With CRLF line ends, as jq writes them on Windows.
	sed 's/$/\r/' pretty.json >crlf.json
	run -0 nw-split crlf.json
	[ "$output" = "a	1	Article one.
b	1	Article two." ]
}

# Issue 11, item 6: nested members by dotted path; a missing one is counted.
@test "JSON: --id-field, --meta, --text-field and --title-field take dotted paths" {
	cat >dolma.jsonl <<'JSON'
{"id": "d1", "text": "Dolma text one.", "metadata": {"url": "https://a.example/1", "lang": {"code": "en"}}, "meta": {"language": "en"}}
{"id": "d2", "text": "Dolma text two.", "metadata": {"url": "https://a.example/2"}, "meta": {"language": "fr"}}
{"id": "d3", "body": {"text": "Nested text."}, "metadata": {}}
JSON
	run --separate-stderr nw-split --id-field metadata.url,id --meta meta.language,metadata.lang.code \
	    --text-field text,body.text dolma.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = "https://a.example/1	en	en	1	Dolma text one.
https://a.example/2	fr		1	Dolma text two.
d3			1	Nested text." ]
	[ "$stderr" = "nw-split: dolma.jsonl: --meta meta.language: missing in 1 of 3 documents
nw-split: dolma.jsonl: --meta metadata.lang.code: missing in 2 of 3 documents" ]
	# No id member at all: said once, with the ids used instead.
	run --separate-stderr nw-split --id-field metadata.id --text-field text,body.text dolma.jsonl
	[ "$status" -eq 0 ]
	[ "$(cut -f1 <<<"$output" | uniq)" = "dolma.jsonl:1
dolma.jsonl:2
dolma.jsonl:3" ]
	[ "$stderr" = "nw-split: dolma.jsonl: no id (metadata.id) in 3 of 3 documents: ids are FILE:LINE" ]
	run --separate-stderr nw-split --title-field headline --text-field text,body.text dolma.jsonl
	[ "$stderr" = "nw-split: dolma.jsonl: no id (url) in 3 of 3 documents: ids are FILE:LINE
nw-split: dolma.jsonl: no title (headline) in 3 of 3 documents" ]
}

# Issue 11, item 14: a reason, never "(null)".
@test "a file with the 7z magic that is no 7z archive: a reason, exit 1" {
	printf '7z\274\257\047\034 hello\n' >x
	run --separate-stderr nw-split x
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nw-split: x: invalid 7z data" ]
}

@test "a 7z cut short, shorter than its start header says, is reported as cut short, exit 1" {
	# The start header: signature, version, CRC of the next 20 bytes,
	# then the directory's offset and size past the 32 bytes: 100 and 40.
	python3 - <<'PY'
import struct, zlib
tail = struct.pack('<QQI', 100, 40, 0)
head = b'7z\xbc\xaf\x27\x1c\x00\x04' + struct.pack('<I', zlib.crc32(tail)) + tail
open('cut.7z', 'wb').write(head + b'\x00' * 60)
open('bad.7z', 'wb').write(head[:8] + b'\x00\x00\x00\x00' + tail + b'\x00' * 140)
PY
	run --separate-stderr nw-split cut.7z bad.7z
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "nw-split: cut.7z: unexpected end of file (truncated 7z data)" ]
	# A start header whose CRC is wrong vouches for no size: damage,
	# in libarchive's words.
	[[ "${stderr_lines[1]}" == "nw-split: bad.7z: "* ]]
	[[ "${stderr_lines[1]}" != *truncated* ]]
	[ "${#stderr_lines[@]}" -eq 2 ]
}

@test "7z: damage in a solid block drops its member and says the members after it are lost" {
	mkdir in
	for f in a b c; do seq -f "Document $f line %g." 1 200 >in/$f.txt; done
	(cd in && bsdtar --format 7zip -cf ../s.7z a.txt b.txt c.txt)
	# The packed data starts after the 32-byte start header.
	python3 -c "
d = bytearray(open('s.7z', 'rb').read()); d[32] ^= 0x55
open('c.7z', 'wb').write(d)"
	run --separate-stderr nw-split c.7z
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "${stderr_lines[0]}" == "nw-split: c.7z: "?".txt: "*": document dropped" ]]
	m=${stderr_lines[0]#nw-split: c.7z: }
	m=${m%%: *}
	[ "${stderr_lines[1]}" = "nw-split: c.7z: after $m: the rest of the archive cannot be read" ]
	[ "${#stderr_lines[@]}" -eq 2 ]
}

@test "zip: a member that does not inflate is dropped and the members after it are read, or their loss told" {
	for i in 0 1 2; do seq -f "Document $i line %g." 1 3 >doc$i.txt; done
	python3 - <<'PY'
import io, struct, zipfile
class Pipe(io.RawIOBase):	# not seekable: sizes follow each member's data
    def __init__(self): self.data = bytearray()
    def writable(self): return True
    def write(self, b): self.data += b; return len(b)
def damage(data, name):
    d = bytearray(data)
    i = d.find(b'PK\x03\x04', 1)	# the second member
    n, e = struct.unpack('<HH', d[i + 26:i + 30])
    d[i + 30 + n + e] = 0xff	# a deflate block of the reserved type
    open(name, 'wb').write(d)
sized, streamed = io.BytesIO(), Pipe()
for out in sized, streamed:
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        for i in range(3):
            z.write('doc%d.txt' % i)
damage(sized.getvalue(), 'sized.zip')
damage(streamed.data, 'streamed.zip')
PY
	doc() {
		printf '%s:doc%d.txt\t0\tDocument %d line 1. Document %d line 2. Document %d line 3.\n' \
		    "$1" "$2" "$2" "$2" "$2"
	}
	# From a file, the zip's directory says where each member is; from a
	# pipe, the sizes in the members' headers do.
	for zip in sized.zip streamed.zip; do
		run -1 --separate-stderr nw-split -u doc $zip
		[ "$output" = "$(doc $zip 0; doc $zip 2)" ]
		[ "$stderr" = "nw-split: $zip: doc1.txt: ZIP decompression failed (-3): document dropped" ]
	done
	run -1 --separate-stderr sh -c 'cat sized.zip | nw-split -u doc'
	[ "$output" = "$(doc - 0; doc - 2)" ]
	[ "$stderr" = "nw-split: -: doc1.txt: ZIP decompression failed (-3): document dropped" ]
	# On a pipe, a member whose size follows its data hides where the
	# next one starts when its data is damaged.
	run -1 --separate-stderr sh -c 'cat streamed.zip | nw-split -u doc'
	[ "$output" = "$(doc - 0)" ]
	[ "$stderr" = "nw-split: -: doc1.txt: ZIP decompression failed (-3): document dropped
nw-split: -: after doc1.txt: the rest of the archive cannot be read: ZIP decompression failed (-3)" ]
}

# Issue 11, item 17: one wording per cause; members named as their ids.
@test "cut short: gzip, tar and zip say 'unexpected end of file'; members named as in ids" {
	(cd dump && tar -cf ../dot.tar ./000.txt ./libya/003.txt)
	size=$(wc -c <dump/000.txt)
	head -c $((512 + (size + 511) / 512 * 512 + 512 + 100)) dot.tar >dot-cut.tar
	run --separate-stderr nw-split -u doc dot-cut.tar
	[ "$status" -eq 1 ]
	[ "$(cut -f1 <<<"$output")" = "dot-cut.tar:000.txt" ]
	[ "$stderr" = "nw-split: dot-cut.tar: libya/003.txt: unexpected end of file (truncated tar data): document dropped" ]
	(cd dump && zip_deflated ../d.zip 000.txt 001.txt)
	size=$(wc -c <d.zip)
	head -c $((size / 2)) d.zip >cut.zip
	run --separate-stderr nw-split -u doc cut.zip
	[ "$status" -eq 1 ]
	[ "$(cut -f1 <<<"$output")" = "cut.zip:000.txt" ]
	[ "${stderr_lines[0]}" = "nw-split: cut.zip: 001.txt: unexpected end of file (truncated zip data): document dropped" ]
}

@test "UTF-16 behind a byte order mark: text, JSON, gzip and tar members, a page, read as UTF-8" {
	python3 - <<'PY'
text = 'Café 日本 \U0001F600.\n\nSecond paragraph.\n'
open('le.txt', 'wb').write(b'\xff\xfe' + text.encode('utf-16-le'))
open('be.txt', 'wb').write(b'\xfe\xff' + text.encode('utf-16-be'))
open('doc.json', 'wb').write(b'\xff\xfe' +
    '{"url": "u1", "text": "Caf\\u00e9 ok"}\n'.encode('utf-16-le'))
# A page whose <meta> contradicts its byte order mark: the mark wins.
open('page.html', 'wb').write(b'\xff\xfe' + ('<html><head><meta '
    'charset=windows-1252></head><body><p>Café 日本</p></body></html>'
    ).encode('utf-16-le'))
# A lone high surrogate, then an odd byte at the end.
open('bad.txt', 'wb').write(b'\xff\xfe' + 'A'.encode('utf-16-le') +
    b'\x00\xd8' + 'B'.encode('utf-16-le') + b'C')
PY
	gzip -k le.txt
	mkdir m && cp be.txt m/ && tar cf m.tar m/be.txt
	run -0 nw-split le.txt be.txt le.txt.gz m.tar
	want=$(printf '%s\t1\tCafé 日本 \360\237\230\200.\n%s\t2\tSecond paragraph.\n' \
	    le.txt le.txt be.txt be.txt le.txt.gz le.txt.gz m.tar:m/be.txt m.tar:m/be.txt)
	[ "$output" = "$want" ]
	run -0 nw-split doc.json page.html
	[ "$output" = "$(printf 'u1\t1\tCafé ok\npage.html\t1\tCafé 日本')" ]
	run -0 --separate-stderr nw-split bad.txt
	[ "$output" = "$(printf 'bad.txt\t1\tA\357\277\275B\357\277\275')" ]
	[ "$stderr" = "nw-split: bad.txt: 2 invalid UTF-16 sequences replaced with U+FFFD" ]
	run -1 --separate-stderr nw-split --strict bad.txt
	[ "$stderr" = "nw-split: bad.txt: byte 4: invalid UTF-16" ]
	# Every tool reads its records through the same input.
	printf 'id\t1\tCafé\n' | iconv -f UTF-8 -t UTF-16 >rec.tsv
	run -0 nw-normalize rec.tsv
	[ "$output" = "$(printf 'id\t1\tCafé')" ]
}

@test "UTF-32 behind a byte order mark: text, gzip and tar members, a page, read as UTF-8" {
	python3 - <<'PY'
text = 'Café 日本 \U0001F600.\n\nSecond paragraph.\n'
open('le.txt', 'wb').write(b'\xff\xfe\x00\x00' + text.encode('utf-32-le'))
open('be.txt', 'wb').write(b'\x00\x00\xfe\xff' + text.encode('utf-32-be'))
open('page.html', 'wb').write(b'\x00\x00\xfe\xff' + ('<html><head><meta '
    'charset=windows-1252></head><body><p>Café</p></body></html>'
    ).encode('utf-32-be'))
# A surrogate, a unit past U+10FFFF, then a unit cut short at the end.
open('bad.txt', 'wb').write(b'\xff\xfe\x00\x00' + 'A'.encode('utf-32-le') +
    b'\x00\xd8\x00\x00' + b'\x00\x00\x11\x00' + 'B'.encode('utf-32-le') +
    b'C\x00')
PY
	gzip -k le.txt
	mkdir m && cp be.txt m/ && tar cf m.tar m/be.txt
	run -0 --separate-stderr nw-split le.txt be.txt le.txt.gz m.tar page.html
	want=$(printf '%s\t1\tCafé 日本 \360\237\230\200.\n%s\t2\tSecond paragraph.\n' \
	    le.txt le.txt be.txt be.txt le.txt.gz le.txt.gz m.tar:m/be.txt m.tar:m/be.txt)
	[ "$output" = "$want$(printf '\npage.html\t1\tCafé')" ]
	[ "$stderr" = "" ]
	run -0 bash -c 'cat be.txt | nw-split -u doc --name p -'
	[ "$output" = "$(printf 'p\t0\tCafé 日本 \360\237\230\200. Second paragraph.')" ]
	run -0 --separate-stderr nw-split bad.txt
	[ "$output" = "$(printf 'bad.txt\t1\tA\357\277\275\357\277\275B\357\277\275')" ]
	[ "$stderr" = "nw-split: bad.txt: 3 invalid UTF-32 sequences replaced with U+FFFD" ]
	run -1 --separate-stderr nw-split --strict bad.txt
	[ "$output" = "$(printf 'bad.txt\t1\tA')" ]
	[ "$stderr" = "nw-split: bad.txt: byte 8: invalid UTF-32" ]
	printf 'id\t1\tCafé\n' | iconv -f UTF-8 -t UTF-32 >rec.tsv
	run -0 nw-normalize rec.tsv
	[ "$output" = "$(printf 'id\t1\tCafé')" ]
}

@test "UTF-16 without a byte order mark, plainly so, is read as UTF-8; NUL bytes on both sides are not" {
	python3 - <<'PY'
text = 'Café 日本 \U0001F600.\n\nSecond paragraph.\n'
open('le.txt', 'wb').write(text.encode('utf-16-le'))
open('be.txt', 'wb').write(text.encode('utf-16-be'))
open('ru.txt', 'wb').write('Президент подписал указ.\n'.encode('utf-16-le'))
open('doc.json', 'wb').write(
    '{"url": "u1", "text": "Caf\\u00e9 ok"}\n'.encode('utf-16-be'))
# NULs on both sides: no UTF-16, NUL bytes read as spaces.
open('nul.txt', 'wb').write(b'ab\0\0cd\0ef\0gh\0ij\0kl\0mn\0op\0\n')
# Under 8 code units: too little to tell.
open('short.txt', 'wb').write('Hi!\n'.encode('utf-16-le'))
PY
	mkdir m && cp be.txt m/ && tar cf m.tar m/be.txt
	run -0 nw-split le.txt be.txt m.tar ru.txt doc.json
	want=$(printf '%s\t1\tCafé 日本 \360\237\230\200.\n%s\t2\tSecond paragraph.\n' \
	    le.txt le.txt be.txt be.txt m.tar:m/be.txt m.tar:m/be.txt)
	[ "$output" = "$want
ru.txt	1	Президент подписал указ.
u1	1	Café ok" ]
	run -0 --separate-stderr nw-split nul.txt short.txt
	[ "$output" = "$(printf 'nul.txt\t1\tab cd ef gh ij kl mn op\nshort.txt\t1\tH i !')" ]
	[ "$stderr" = "nw-split: nul.txt: 9 NUL bytes replaced with spaces
nw-split: short.txt: 4 NUL bytes replaced with spaces" ]
}

@test "UTF-8 with a stray NUL byte is not taken for UTF-16, however short" {
	# One NUL in 8 code units, two on one side in 16: UTF-8 text all the
	# same, its NULs spaces (and errors with --strict), in every tool.
	printf 'id\t1\tTexts\000here\n' >rec.in
	printf 'Talks end\000on Monday\000 at dawn.\n' >two.txt
	run --separate-stderr nw-normalize rec.in
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'id\t1\tTexts here')" ]
	[ "$stderr" = "nw-normalize: rec.in: 1 NUL byte replaced with space" ]
	run --separate-stderr nw-normalize --strict rec.in
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "nw-normalize: rec.in: line 1: NUL byte" ]
	run --separate-stderr nw-split two.txt
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'two.txt\t1\tTalks end on Monday at dawn.')" ]
	[ "$stderr" = "nw-split: two.txt: 2 NUL bytes replaced with spaces" ]
	# A vertical tab is text to both readings.
	printf 'Texts\000here\vok!.\n' >vt.txt
	run --separate-stderr nw-split vt.txt
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'vt.txt\t1\tTexts here ok!.')" ]
	[ "$stderr" = "nw-split: vt.txt: 1 NUL byte replaced with space" ]
	# UTF-16 whose bytes read as UTF-8 text too (hiragana: two printable
	# ASCII bytes) is told by its newline units.
	for order in LE BE; do
		printf 'a\t1\tいただきます\n' | iconv -f UTF-8 -t "UTF-16$order" >"k$order"
		run -0 --separate-stderr nw-normalize "k$order"
		[ "$output" = "$(printf 'a\t1\tいただきます')" ]
		[ -z "$stderr" ]
	done
}

# bom_tar NAME MARK FORMAT: a tar of one member whose name starts with the
# two bytes MARK (fffe or feff), written by Python's tarfile in FORMAT:
# USTAR or GNU, or V7, the USTAR header without its magic and version,
# as tars were before POSIX; its checksum made right again.
bom_tar() {
	python3 - "$@" <<'PY'
import io, sys, tarfile
name, mark, fmt = sys.argv[1:]
d = b"Some text here.\n"
b = io.BytesIO()
t = tarfile.open(fileobj=b, mode="w", format=getattr(tarfile,
    ("USTAR" if fmt == "V7" else fmt) + "_FORMAT"))
i = tarfile.TarInfo("XXa.txt")
i.size = len(d)
t.addfile(i, io.BytesIO(d))
t.close()
h = bytearray(b.getvalue())
h[0:2] = bytes.fromhex(mark)
if fmt == "V7":
    h[257:265] = bytes(8)
h[148:156] = b" " * 8
h[148:156] = b"%06o\0 " % sum(h[:512])
open(name, "wb").write(bytes(h))
PY
}

# quiet CMD WANT: the shell command CMD exits 0, writes WANT and nothing
# on its standard error.
quiet() {
	run -0 --separate-stderr sh -c "$1"
	[ "$output" = "$2" ]
	[ -z "$stderr" ]
}

@test "--format tar: a tar whose first name starts FF FE reads alike from a file, a pipe and gzip" {
	# FF FE is a UTF-16 byte order mark where text is read; a tar named
	# by --format is bytes.  A tar before POSIX has no magic to say so.
	bom_tar ff.tar fffe V7
	want=$(printf '\357\277\275\357\277\275a.txt\t1\tSome text here.')
	quiet 'nw-split --format tar ff.tar' "ff.tar:$want"
	quiet 'cat ff.tar | nw-split --format tar' "-:$want"
	quiet 'gzip -c ff.tar | nw-split --format tar' "-:$want"
}

@test "a tar whose first name starts FF FE or FE FF is a tar, not UTF-16, from a file, a pipe and gzip" {
	# The first two bytes look like a UTF-16 byte order mark; the ustar
	# magic and the checksum of the header say tar.
	bom_tar ff.tar fffe USTAR
	bom_tar fe.tar feff USTAR
	bom_tar gnu.tar fffe GNU
	want=$(printf '\357\277\275\357\277\275a.txt\t1\tSome text here.')
	for f in ff.tar fe.tar gnu.tar; do
		gzip -c "$f" >"$f.gz"
		quiet "nw-split $f" "$f:$want"
		quiet "nw-split $f.gz" "$f.gz:$want"
		quiet "nw-split <$f" "-:$want"
		quiet "cat $f | nw-split" "-:$want"
		quiet "gzip -c $f | nw-split" "-:$want"
	done
}

@test "UTF-16 text behind a byte order mark is still UTF-16 with the ustar magic at byte 257" {
	# Its bytes 257 to 264 spell "ustar\0" "00" (in ideographs), but the
	# checksum field of a header, bytes 148 to 155, holds no sum of its
	# first 512: text.
	python3 - <<'PY'
s = "Talks resumed on Monday. "
text = (s * 5 + "Bo\u7561\u7473\u7261\u3000\u3030 ok.\n\n" +
    "Both sides met again. " * 12 + "\n")
b = b"\xff\xfe" + text.encode("utf-16-le")
assert b[257:265] == b"ustar\x0000" and len(b) > 512
open("u16.txt", "wb").write(b)
PY
	# U+3000, an ideographic space, is a space.
	s="Talks resumed on Monday. "
	t="Both sides met again. "
	u="Bo畡瑳牡 〰 ok."
	want=$(printf '%s\t1\t%s\n%s\t2\t%s' @ "$s$s$s$s${s}$u" \
	    @ "$t$t$t$t$t$t$t$t$t$t$t${t% }")
	run --separate-stderr nw-split u16.txt
	[ "$status" -eq 0 ]
	[ "$output" = "${want//@/u16.txt}" ]
	[ -z "$stderr" ]
	run --separate-stderr sh -c 'gzip -c u16.txt | nw-split'
	[ "$status" -eq 0 ]
	[ "$output" = "${want//@/-}" ]
	[ -z "$stderr" ]
}

@test "a compressed member whose data is damaged is reported, as a compressed file is, exit 1" {
	printf '\037\213\010\000garbage, no deflate stream' >bad.txt.gz
	printf 'Text.\n' >ok.txt
	tar -cf bad.tar bad.txt.gz ok.txt
	run -1 --separate-stderr nw-split bad.txt.gz
	[ -z "$output" ]
	why=${stderr#nw-split: bad.txt.gz: }
	[[ "$why" == "invalid gzip data: "* ]]
	run -1 --separate-stderr nw-split bad.tar
	[ "$output" = "bad.tar:ok.txt	1	Text." ]
	[ "$stderr" = "nw-split: bad.tar:bad.txt.gz: $why" ]
}

# WARC files and JSON dumps inside archives, as crawls are shipped.
# page URI STATUS TEXT: a WARC response record holding a page of TEXT.
page() {
	record response "$1" "$(printf 'HTTP/1.1 %s\r\nContent-Type: text/html\r\n\r\n<html><head><title>T</title></head><body><p>%s</p></body></html>' "$2" "$3")"
}

@test "WARC members: a tar of .warc.gz parts gives the records' documents, as the loose parts do" {
	page https://news.example/1 '200 OK' 'First page of part zero.' |
	    gzip -n >part-00000.warc.gz
	{
		page https://news.example/2 '200 OK' 'A page of part one.' | gzip -n
		record conversion https://news.example/3 'The text of a WET record.' |
		    gzip -n
	} >part-00001.warc.gz
	printf 'Notes on the crawl.\n' >notes.txt
	cp part-00000.warc.gz .hidden.warc.gz
	(cd dump && tar -cf ../inner.tar 000.txt)
	tar -cf crawl.tar part-00000.warc.gz part-00001.warc.gz notes.txt \
	    .hidden.warc.gz inner.tar
	want="https://news.example/1	1	First page of part zero.
https://news.example/2	1	A page of part one.
https://news.example/3	1	The text of a WET record."
	run -0 --separate-stderr nw-split part-00000.warc.gz part-00001.warc.gz
	[ "$output" = "$want" ]
	[ -z "$stderr" ]
	# A tar inside is skipped as not text, as before: no nesting.
	run -0 --separate-stderr nw-split crawl.tar
	[ "$output" = "$want
crawl.tar:notes.txt	1	Notes on the crawl." ]
	[ "$stderr" = "nw-split: crawl.tar: 1 member skipped: not text (1 tar archive)" ]
	run -0 --separate-stderr sh -c 'cat crawl.tar | nw-split'
	[ "$output" = "$want
-:notes.txt	1	Notes on the crawl." ]
	[ "$stderr" = "nw-split: -: 1 member skipped: not text (1 tar archive)" ]
	# A hard link to a hidden part gives its records, as a text's.
	ln .hidden.warc.gz seen.warc.gz
	tar -cf links.tar .hidden.warc.gz seen.warc.gz
	quiet 'nw-split links.tar' 'https://news.example/1	1	First page of part zero.'
	quiet 'nw-split <links.tar' 'https://news.example/1	1	First page of part zero.'
}

@test "WARC members: a tar.gz holding a plain WARC file, a record with no URI named after the member" {
	wet | gzip -dc >crawl.warc
	record conversion '' 'No URI, no record id.' >>crawl.warc
	tar -czf wet.tar.gz crawl.warc
	nw-split crawl.warc | sed 's,^crawl\.warc#,wet.tar.gz:crawl.warc#,' >expected
	[ "$(tail -n 1 expected)" = "wet.tar.gz:crawl.warc#4	1	No URI, no record id." ]
	run -0 --separate-stderr nw-split wet.tar.gz
	diff -u expected - <<<"$output"
	[ -z "$stderr" ]
	run -0 --separate-stderr sh -c 'cat wet.tar.gz | nw-split -u doc --meta date,identified-content-language'
	[ "$(cut -f1-4 <<<"$output")" = "https://news.example/libya/3	2026-11-21T08:00:00Z	eng	0
https://news.example/4	2026-11-21T08:00:00Z	eng	0
-:crawl.warc#4	2026-11-21T08:00:00Z	eng	0" ]
	[ -z "$stderr" ]
}

@test "JSON members: a zip of JSON Lines and a JSON array gives their objects, as the loose files do" {
	seeds_jsonl >news.jsonl
	printf '{"title":"No id","text":"An object without a url."}\n' >>news.jsonl
	printf '[{"url":"u1","text":"First element."},\n {"url":"u2","text":"Second element."}]\n' >array.json
	python3 -c "open('u16.jsonl', 'wb').write(b'\xff\xfe' +
    '{\"url\": \"u3\", \"text\": \"Caf\u00e9 in UTF-16.\"}\n'.encode('utf-16-le'))"
	zip_deflated dumps.zip news.jsonl array.json u16.jsonl
	{
		nw-split news.jsonl array.json u16.jsonl 2>/dev/null |
		    sed 's,^news\.jsonl:,dumps.zip:news.jsonl:,'
	} >expected
	grep -q '^dumps.zip:news.jsonl:5	1	No id$' expected
	run -0 --separate-stderr nw-split dumps.zip
	diff -u expected - <<<"$output"
	# What is missing is counted over the archive, as over a file.
	[ "$stderr" = "nw-split: dumps.zip: no id (url) in 1 of 8 documents: ids are FILE:LINE" ]
	# A bad line is reported under the member's id, as under a name.
	printf '{"url":"u4","text":"Fine."}\nnot JSON\n' >bad.jsonl
	printf 'After the dump.\n' >after.txt
	tar -cf bad.tar bad.jsonl after.txt
	run -1 --separate-stderr nw-split bad.tar
	[ "$output" = "u4	1	Fine.
bad.tar:after.txt	1	After the dump." ]
	[ "$stderr" = "nw-split: bad.tar:bad.jsonl: line 2: invalid JSON at byte 1: expected '{' (a line must hold one JSON object)" ]
	# With --strict, invalid UTF-8 ends the archive, as in a text member.
	printf '{"url":"u5","text":"Fine."}\n{"url":"u6","text":"Bad \377."}\n' >strict.jsonl
	tar -cf strict.tar strict.jsonl after.txt
	run -1 --separate-stderr nw-split --strict strict.tar
	[ "$output" = "u5	1	Fine." ]
	[ "$stderr" = "nw-split: strict.tar:strict.jsonl: line 2: invalid UTF-8" ]
}

@test "WARC members: --http-status and --meta work on a member's records as on a loose WARC file's" {
	{
		page https://news.example/ok '200 OK' 'A page that was found.'
		page https://news.example/gone '404 Not Found' 'A page not found.'
		record request https://news.example/ok 'GET /ok HTTP/1.1'
	} | gzip -n >crawl.warc.gz
	tar -cf crawl.tar crawl.warc.gz
	run -0 --separate-stderr nw-split crawl.warc.gz
	[ "$output" = "https://news.example/ok	1	A page that was found." ]
	[ "$stderr" = "nw-split: crawl.warc.gz: 1 response record skipped: HTTP status not 200 (see --http-status)" ]
	run -0 --separate-stderr nw-split crawl.tar
	[ "$output" = "https://news.example/ok	1	A page that was found." ]
	[ "$stderr" = "nw-split: crawl.tar: 1 response record skipped: HTTP status not 200 (see --http-status)" ]
	# The record's headers and page, not the member's modification time.
	want="https://news.example/ok	2026-11-21T08:00:00Z		T	1	A page that was found.
https://news.example/gone	2026-11-21T08:00:00Z		T	1	A page not found."
	for f in crawl.warc.gz crawl.tar; do
		run -0 --separate-stderr nw-split --http-status 200,404 \
		    --meta date,mtime,title "$f"
		[ "$output" = "$want" ]
		[ -z "$stderr" ]
	done
	run -0 --separate-stderr nw-split --http-status 404 --block-hints crawl.tar
	[ "$output" = "https://news.example/gone	1	block=p,-,0,3,4,1	A page not found." ]
	[ "$stderr" = "nw-split: crawl.tar: 1 response record skipped: HTTP status not 404 (see --http-status)" ]
}

@test "WARC members: a record the archive ends inside is reported as a loose file's, dropped or kept, exit 1" {
	{
		page https://news.example/1 '200 OK' 'A whole page.'
		page https://news.example/2 '200 OK' "$(cat dump/libya/003.txt)"
	} >crawl.warc
	tar -cf crawl.tar crawl.warc
	# Inside the second record's page: the same bytes loose and in the tar.
	head -c 1500 crawl.warc >cut.warc
	head -c $((512 + 1500)) crawl.tar >cut.tar
	run -1 --separate-stderr nw-split cut.warc
	[ "$output" = "https://news.example/1	1	A whole page." ]
	why=${stderr#nw-split: cut.warc: }
	[ "$why" = "record 2 at byte 316: truncated content (990 of 4115 bytes): document dropped" ]
	run -1 --separate-stderr nw-split cut.tar
	[ "$output" = "https://news.example/1	1	A whole page." ]
	[ "$stderr" = "nw-split: cut.tar: crawl.warc: unexpected end of file (truncated tar data)
nw-split: cut.tar:crawl.warc: $why" ]
	run -1 --separate-stderr sh -c 'gzip -c cut.tar | nw-split --truncated keep'
	[ "${lines[0]}" = "https://news.example/1	1	A whole page." ]
	[ "$output" = "$(nw-split --truncated keep cut.warc 2>/dev/null)" ]
	[[ "${lines[1]}" == "https://news.example/2	1	truncated=1	"* ]]
	[ "$stderr" = "nw-split: -: crawl.warc: unexpected end of file (truncated tar data)
nw-split: -:crawl.warc: ${why%dropped}kept as truncated=1" ]
}

@test "--charset: lines not UTF-8 are read in it, loose, compressed, in archives and in pages that declare none" {
	text='Москва — столица России.'
	printf '%s\n' "$text" | iconv -f utf-8 -t windows-1251 >ru.txt
	# Without it: U+FFFD, counted.
	run --separate-stderr nw-split ru.txt
	[ "$status" -eq 0 ]
	[ "$stderr" = "nw-split: ru.txt: 20 invalid UTF-8 sequences replaced with U+FFFD" ]
	# A file of UTF-8 lines and windows-1251 ones, gzipped, in a tar.
	{ printf 'Plain ASCII.\nCafé in UTF-8.\n'; cat ru.txt; } >mixed.txt
	gzip -c ru.txt >ru.txt.gz
	printf '<html><body><p>%s</p></body></html>\n' "$text" |
	    iconv -f utf-8 -t windows-1251 >ru.html
	printf '<html><head><meta charset="koi8-r"></head><body><p>Москва.</p></body></html>\n' |
	    iconv -f utf-8 -t koi8-r >koi.html
	tar -cf ru.tar ru.txt ru.html
	# The text of a WET file's conversion record, as a file's.
	record conversion https://news.example/ru "$(cat ru.txt)" >ru.warc.wet
	run --separate-stderr nw-split -p line --charset Windows-1251 mixed.txt ru.txt.gz \
	    ru.tar ru.html koi.html ru.warc.wet
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "mixed.txt	1	Plain ASCII.
mixed.txt	2	Café in UTF-8.
mixed.txt	3	$text
ru.txt.gz	1	$text
ru.tar:ru.txt	1	$text
ru.tar:ru.html	1	$text
ru.html	1	$text
koi.html	1	Москва.
https://news.example/ru	1	$text" ]
	# A byte that is no character in it: U+FFFD, counted; with
	# --strict an error at its line, the next operand read.
	printf 'abc \201 def \202\240\n' >sj.txt
	run --separate-stderr nw-split --charset shift_jis sj.txt
	[ "$status" -eq 0 ]
	[ "$output" = "sj.txt	1	abc � def あ" ]
	[ "$stderr" = "nw-split: sj.txt: 1 byte invalid in shift_jis replaced with U+FFFD" ]
	run --separate-stderr nw-split -p line --strict --charset shift_jis \
	    sj.txt mixed.txt
	[ "$status" -eq 1 ]
	[ "$output" = "mixed.txt	1	Plain ASCII.
mixed.txt	2	Café in UTF-8." ]
	[ "$stderr" = "nw-split: sj.txt: line 1: invalid shift_jis
nw-split: mixed.txt: line 3: invalid shift_jis" ]
	for label in bogus utf-16le ISO-2022-JP hz-gb-2312 ''; do
		run --separate-stderr nw-split --charset "$label" ru.txt
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[ "$stderr" = "nw-split: --charset: $(tr A-Z a-z <<<"$label"): unknown, or not one that lines of text can be read in" ]
	done
}

# Downstream tools tell documents apart by id alone: two documents in a
# row with one id would be counted as one.
@test "a page fetched twice in a row: the second is ID#2, and downstream they are two documents" {
	{
		page https://news.example/a '200 OK' 'The first fetch of the story.'
		page https://news.example/a '200 OK' 'The story, updated.'
		page https://news.example/a '200 OK' 'The story, updated again.'
		page https://news.example/b '200 OK' 'Another story.'
		page https://news.example/a '200 OK' 'The story once more.'
	} >crawl.warc
	run -0 --separate-stderr nw-split crawl.warc
	[ "$output" = "https://news.example/a	1	The first fetch of the story.
https://news.example/a#2	1	The story, updated.
https://news.example/a#3	1	The story, updated again.
https://news.example/b	1	Another story.
https://news.example/a	1	The story once more." ]
	[ -z "$stderr" ]
	# The term in every document, and every document counted.
	run -0 bash -c 'nw-split crawl.warc | nw-tokenize -l | nw-count --df |
	    grep "^story	"'
	[ "$output" = "story	5	5" ]
}

@test "a page fetched twice with an empty one between: still a run, ID#2" {
	{
		page https://news.example/a '200 OK' 'The first fetch of the story.'
		page https://news.example/a '200 OK' ''
		page https://news.example/a '200 OK' 'The story, updated.'
	} >crawl.warc
	run -0 nw-split -u sentence crawl.warc
	[ "$output" = "https://news.example/a	1.1	The first fetch of the story.
https://news.example/a#2	1.1	The story, updated." ]
}

@test "a tar member added again: the second copy is MEMBER#2, every unit" {
	printf 'First version of the story.\n\nIts second paragraph.\n' >a.txt
	tar -cf t.tar a.txt
	printf 'Second version of the story.\n' >a.txt
	tar -rf t.tar a.txt
	run -0 nw-split t.tar
	[ "$output" = "t.tar:a.txt	1	First version of the story.
t.tar:a.txt	2	Its second paragraph.
t.tar:a.txt#2	1	Second version of the story." ]
	run -0 nw-split -u doc t.tar t.tar
	[ "$output" = "t.tar:a.txt	0	First version of the story. Its second paragraph.
t.tar:a.txt#2	0	Second version of the story.
t.tar:a.txt#3	0	First version of the story. Its second paragraph.
t.tar:a.txt#4	0	Second version of the story." ]
}
