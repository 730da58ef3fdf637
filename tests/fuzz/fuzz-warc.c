/* SPDX-License-Identifier: ISC */
/*
 * Fuzz the WARC reader two ways.  Raw bytes go straight in (read in
 * blocks of a size the first byte picks): records must be numbered from
 * 1 at growing offsets, carry their Content-Length, and hand out exactly
 * that many bytes unless the reader says it failed, after which it stays
 * failed, or that the record ends early, at a WARC/1. line inside it or
 * where damage starts (warc_resync_content(), as nw-split asks).  And the parts of the input between NUL bytes, written here as
 * the contents of WARC records (plain, gzipped whole, or one gzip member
 * per record, as Common Crawl does), must come back as they went in;
 * with one byte of one member changed, or of one zstd frame of a
 * .warc.zst, every other record must still come back as it went in,
 * and the damaged one never otherwise.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "nw-private.h"
#include "fuzz.h"

#define PARTS_MAX	64

/* Read the content of the current record in pieces of at most step. */
static ssize_t
read_content(struct warc *w, struct buf *out, size_t step)
{
	char chunk[1024];
	ssize_t n;

	if (step > sizeof(chunk))
		step = sizeof(chunk);
	while ((n = warc_read(w, chunk, step)) > 0) {
		if ((size_t)n > step)
			abort();
		buf_add(out, chunk, (size_t)n);
	}
	return n;
}

static void
raw(const uint8_t *data, size_t size, size_t step)
{
	struct warc_record r;
	struct input *in;
	struct warc *w;
	struct buf content = { 0 };
	struct mem m = { data, size, step };
	uint64_t number = 0, next_offset = 0;
	const char *v;
	size_t keep;
	int rc;

	in = input_open_reader(mem_read, &m, "fuzz", 0);
	w = warc_open(in);
	while ((rc = warc_next(w, &r)) == 1) {
		/* A damaged record resynchronised over takes a number. */
		if (r.number <= number || r.offset < next_offset ||
		    r.type == NULL)
			abort();
		number = r.number;
		if ((v = warc_header(w, "content-length")) == NULL ||
		    strtoull(v, NULL, 10) != r.length)
			abort();
		if (number % 2 == 0)
			continue;	/* skipped by the next warc_next() */
		buf_clear(&content);
		if (read_content(w, &content, step) == -1) {
			if (!warc_failed(w) || content.len >= r.length)
				abort();
			break;
		}
		/*
		 * A Content-Length too long, cut at a WARC/1. line inside the
		 * content, and damage cutting the record say so here.
		 */
		switch (warc_resync_content(w, content.data, content.len,
		    &keep)) {
		case 1:
			if (!warc_failed(w) || keep > content.len ||
			    keep >= r.length)
				abort();
			continue;
		case -1:
			if (keep > content.len || keep >= r.length)
				abort();
			continue;
		}
		if (content.len != r.length)
			abort();
		next_offset = r.offset + r.length + 1;
	}
	if (rc == -1 && !warc_failed(w))
		abort();
	if (rc == -1 && warc_next(w, &r) != -1)
		abort();
	if (rc == 0 && warc_next(w, &r) != 0)
		abort();
	warc_close(w);
	input_close(in);
	buf_free(&content);
}

static const char *types[] = { "conversion", "response", "warcinfo", "" };

/* The parts of data[0..size) between NUL bytes, at most PARTS_MAX. */
static size_t
parts_of(const uint8_t *data, size_t size, const uint8_t **part, size_t *len)
{
	const uint8_t *end = data + size, *p, *nul;
	size_t nparts = 0;

	for (p = data; nparts < PARTS_MAX; p = nul + 1) {
		if ((nul = memchr(p, '\0', (size_t)(end - p))) == NULL)
			nul = end;
		part[nparts] = p;
		len[nparts++] = (size_t)(nul - p);
		if (nul == end)
			break;
	}
	return nparts;
}

/* Record i, of content p[0..len), into rec. */
static void
record_make(struct buf *rec, size_t i, const uint8_t *p, size_t len)
{
	char head[256];
	int n;

	buf_clear(rec);
	n = snprintf(head, sizeof(head), "WARC/1.%d\r\n"
	    "WARC-Record-ID: <urn:uuid:%zu>\r\n"
	    "%s%s%s"
	    "X-Folded: one\r\n  two \r\n"
	    "Content-Length: %zu\r\n\r\n", (int)(i % 2), i,
	    *types[i % 4] ? "WARC-Type: " : "", types[i % 4],
	    *types[i % 4] ? "\r\n" : "", len);
	buf_add(rec, head, (size_t)n);
	buf_add(rec, p, len);
	buf_add(rec, "\r\n\r\n", 4);
}

static void
constructed(const uint8_t *data, size_t size, int how, size_t step)
{
	struct warc_record r;
	struct input *in;
	struct warc *w;
	struct buf file = { 0 }, rec = { 0 }, gz = { 0 }, content = { 0 };
	struct mem m;
	const uint8_t *part[PARTS_MAX];
	size_t len[PARTS_MAX], nparts, i;

	nparts = parts_of(data, size, part, len);
	for (i = 0; i < nparts; i++) {
		record_make(&rec, i, part[i], len[i]);
		if (how == 2)
			gzip_member(&file, rec.data, rec.len, 1);
		else
			buf_add(&file, rec.data, rec.len);
	}
	if (how == 1) {
		gzip_member(&gz, file.data, file.len, 1);
		buf_clear(&file);
		buf_add(&file, gz.data, gz.len);
	}

	m.p = (const uint8_t *)file.data;
	m.n = file.len;
	m.step = step;
	in = input_open_reader(mem_read, &m, "fuzz", 0);
	w = warc_open(in);
	for (i = 0; i < nparts; i++) {
		if (warc_next(w, &r) != 1 || r.number != i + 1 ||
		    r.length != len[i] || strcmp(r.type, types[i % 4]) != 0)
			abort();
		if (strcmp(warc_header(w, "x-folded"), "one two") != 0)
			abort();
		if (i % 3 == 2)
			continue;
		buf_clear(&content);
		if (read_content(w, &content, 1 + (i * 131 + step) % 700) != 0 ||
		    content.len != len[i] ||
		    (len[i] > 0 && memcmp(content.data, part[i], len[i]) != 0))
			abort();
	}
	/* A record with no WARC-Type (the fourth) is read, and reported. */
	if (warc_next(w, &r) != (nparts > 3 ? -1 : 0) ||
	    warc_failed(w) != (nparts > 3))
		abort();
	warc_close(w);
	if (input_close(in) != 0)
		abort();
	buf_free(&file);
	buf_free(&rec);
	buf_free(&gz);
	buf_free(&content);
}

/*
 * The records one gzip member each, or one zstd frame each (zstd set),
 * with one byte of member bad changed (xor mask): a record the reader
 * takes whole (its content all read, not cut by damaged input) is one
 * that went in, as it went in, and in order; every record but the
 * damaged one is taken whole.  The damage is after the first member,
 * as a file damaged there has nothing to go on to.
 */
static void
damaged(const uint8_t *data, size_t size, size_t bad, size_t at, int mask,
    int zstd, size_t step)
{
	struct warc_record r;
	struct input *in;
	struct warc *w;
	struct buf file = { 0 }, rec = { 0 }, content = { 0 };
	struct mem m;
	const uint8_t *part[PARTS_MAX];
	size_t len[PARTS_MAX], start[PARTS_MAX + 1], nparts, i, next = 0, keep;
	const char *id;
	char *end;
	unsigned long j;
	ssize_t n;

	/* Damage in the first member is an error, read as before. */
	if ((nparts = parts_of(data, size, part, len)) < 2)
		return;
	bad = 1 + bad % (nparts - 1);
	for (i = 0; i < nparts; i++) {
		start[i] = file.len;
		record_make(&rec, i, part[i], len[i]);
		if (zstd)
			zstd_frame(&file, rec.data, rec.len);
		else
			gzip_member(&file, rec.data, rec.len, 1);
	}
	start[nparts] = file.len;
	file.data[start[bad] + at % (start[bad + 1] - start[bad])] ^=
	    (char)mask;

	m.p = (const uint8_t *)file.data;
	m.n = file.len;
	m.step = step;
	in = input_open_reader(mem_read, &m, "fuzz", 0);
	w = warc_open(in);
	while (warc_next(w, &r) == 1) {
		buf_clear(&content);
		n = read_content(w, &content, step);
		if (n == -1 || warc_resync_content(w, content.data,
		    content.len, &keep) != 0)
			continue;	/* cut: told, not taken */
		/*
		 * Damage that makes the last member look cut short leaves
		 * what it gave as a file cut short there does.
		 */
		if (next == bad && bad == nparts - 1)
			continue;
		if ((id = warc_header(w, "warc-record-id")) == NULL ||
		    strncmp(id, "<urn:uuid:", 10) != 0)
			abort();
		j = strtoul(id + 10, &end, 10);
		if (strcmp(end, ">") != 0 || j >= nparts || j < next ||
		    content.len != len[j] || (len[j] > 0 &&
		    memcmp(content.data, part[j], len[j]) != 0))
			abort();
		/* None lost but the damaged one. */
		if (j > next && !(j == next + 1 && next == bad))
			abort();
		next = j + 1;
	}
	if (next < nparts && !(next == bad && bad == nparts - 1))
		abort();
	warc_close(w);
	input_close(in);
	buf_free(&file);
	buf_free(&rec);
	buf_free(&content);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t step;

	if (size < 1)
		return 0;
	step = 1 + (data[0] & 0x1f) * 331;
	if ((data[0] & 0xe0) == 0xe0 && size > 4)
		damaged(data + 4, size - 4, data[1], data[2] |
		    (size_t)(data[3] & 0x7f) << 8, data[1] | 1, data[3] >> 7,
		    step);
	else if (data[0] & 0x80)
		constructed(data + 1, size - 1, (data[0] >> 5) & 3, step);
	else
		raw(data + 1, size - 1, step);
	return 0;
}
