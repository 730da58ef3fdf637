/* SPDX-License-Identifier: ISC */
/*
 * Fuzz the archive reader (archive.c) through the entry point nw-split
 * uses, source_open() (source.c).  Every archive below is read twice: as
 * a regular file, which libarchive reads, skips through and seeks in
 * itself, and as a pipe, whose bytes reach it through input.c and
 * archive.c's read function.  The two readings must agree exactly: the
 * documents (ids, metadata, the truncated mark, the text), the messages
 * and source_close()'s status.  Three cases are left out of that
 * comparison, where the readings part for a reason: a 7z, or a zip whose
 * directory lists all its members (archivezip.c), in a plain file (from
 * a file the directory at the end is read, from a pipe the headers in
 * the stream, and a 7z not at all; a zip whose directory leaves members
 * out is read from a file as from a pipe, and compared), bytes that
 * input.c takes for UTF-16 (from a pipe libarchive is handed them
 * decoded to UTF-8, from a file as they are), and a tar's hard link to
 * a hidden text member, whose data a file reads again and a pipe
 * cannot (said so from a pipe; held to the recipe below).  tar, compressed tar and
 * everything that is no archive are compared.  cpio and ar are no
 * formats nw-split reads: they are text to it, read the same both ways.
 *
 * The archives are
 *
 * - the input's bytes as they are, so that mutated tar, zip, 7z,
 *   compressed and cut archives reach libarchive (the options, the
 *   read size below and --format tar taken from the input);
 * - a tar written here from a recipe in the input: members with short
 *   and long names (pax, GNU or ustar prefix), hidden ones, directories
 *   and hard links (to hidden members too), text of any size; two
 *   archives one after the other, or an empty one before; GNU record
 *   padding; gzipped whole or each archive on its own; whole or cut at
 *   an offset the input chooses.  Every document wholly before the cut
 *   must come back exactly, the one the cut falls in as its bytes
 *   before the cut marked truncated=1 with --truncated keep and not at
 *   all without (a hard link gives none, its member's data read once
 *   under the member's name, unless that member is hidden: then the
 *   first link gives it under the link's name from a file, and from a
 *   pipe is said to be dropped, failing the reading, all else alike);
 *   a cut inside a member's headers or data or inside any block must
 *   fail with a message; a whole archive must be read without a word.
 *
 * Each is also read at archive_reader level as a tar, from a read
 * function handing out a few bytes at a time after the first 4096 (what
 * input.c makes of a pipe fed slowly) and from a file in which it
 * begins at an offset: the members, their bytes (but a hard link's,
 * which only the file reads again), the reasons, the messages and the
 * failure must agree when the bytes are not compressed (compressed ones
 * are undone by input.c before they reach archive.c).
 * Sanitizers (the build's) catch the rest.
 */
#include <sys/mman.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nw-private.h"
#include "archivelink.h"
#include "fuzz.h"

#define MEMBERS_MAX	48
#define TAR_MAX		(768 * 1024)	/* the recipe's tar, before padding */
#define PIPE_MAX	(1024 * 1024)
/* What a hard link to a hidden text member gives from a pipe. */
#define PIPE_LINK	", whose data came before it and cannot be read " \
			"again from a pipe: document dropped"

/* What one reading gives: its documents, messages and status. */
struct reading {
	struct buf	 docs;
	struct buf	 msgs;
	int		 status;	/* source_close(), -2: not opened */
};

static FILE	*saved_stderr;
static char	*messages;
static size_t	 messages_len;

/*
 * Messages go through warnx() to stderr: it is pointed at memory while
 * the readers run.  Sanitizer reports are written to fd 2 and still
 * show.
 */
static void
capture_begin(void)
{
	fflush(stderr);
	saved_stderr = stderr;
	if ((stderr = open_memstream(&messages, &messages_len)) == NULL)
		abort();
}

static void
capture_end(struct buf *out)
{
	fclose(stderr);
	stderr = saved_stderr;
	buf_add(out, messages, messages_len);
	free(messages);
	messages = NULL;
}

/* p[0..n) as a field: its length, ':', the bytes. */
static void
field_add(struct buf *b, const void *p, size_t n)
{
	char num[32];

	snprintf(num, sizeof(num), "%zu:", n);
	buf_adds(b, num);
	buf_add(b, p, n);
}

static void
fields_add(struct buf *b, const char *s)
{
	field_add(b, s, strlen(s));
}

static void
write_all(int fd, const void *p, size_t n)
{
	ssize_t k;

	while (n > 0) {
		if ((k = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return;		/* EPIPE: the reader stopped */
		}
		p = (const char *)p + k;
		n -= (size_t)k;
	}
}

/* A regular file in memory holding prefix bytes of junk, then p[0..n). */
static int
memory_file(const void *p, size_t n, size_t prefix)
{
	char junk[512];
	int fd;

	if ((fd = memfd_create("fuzz-archive", MFD_CLOEXEC)) == -1)
		abort();
	memset(junk, 'J', sizeof(junk));
	write_all(fd, junk, prefix);
	write_all(fd, p, n);
	if (lseek(fd, (off_t)prefix, SEEK_SET) == -1)
		abort();
	return fd;
}

/* The documents of path, as nw-split reads them. */
static void
read_source(const char *path, const struct source_options *opt,
    struct reading *r)
{
	struct source_document d;
	struct source *s;
	const char *line;
	size_t len, i;

	capture_begin();
	if ((s = source_open(path, "fuzz", opt)) == NULL) {
		r->status = -2;
		goto out;
	}
	while (source_next(s, &d)) {
		fields_add(&r->docs, d.id);
		/* A text file's date is its own, a pipe has none. */
		fields_add(&r->docs, s->archive && d.meta != NULL ? d.meta :
		    "");
		fields_add(&r->docs, d.truncated ? "1" : "0");
		len = r->docs.len;
		buf_adds(&r->docs, "0000000000:");	/* length, set below */
		if (d.html != NULL) {
			buf_add(&r->docs, d.html->title.data,
			    d.html->title.len);
			for (i = 0; i < d.html->nblocks; i++) {
				buf_adds(&r->docs, "\n\n");
				buf_add(&r->docs, d.html->text.data +
				    d.html->blocks[i].text,
				    d.html->blocks[i].textlen);
			}
		} else
			while ((line = input_line(d.in, &i)) != NULL) {
				buf_add(&r->docs, line, i);
				buf_addc(&r->docs, '\n');
			}
		i = r->docs.len - len - 11;
		snprintf(r->docs.data + len, 11, "%010zu", i);
		r->docs.data[len + 10] = ':';
	}
	r->status = source_close(s);
out:
	capture_end(&r->msgs);
}

static void
read_file(const void *p, size_t n, const struct source_options *opt,
    struct reading *r)
{
	char path[64];
	int fd;

	fd = memory_file(p, n, 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	read_source(path, opt, r);
	close(fd);
}

struct writer {
	int		 fd;
	const void	*p;
	size_t		 n;
};

static void *
writer_run(void *ctx)
{
	struct writer *w = ctx;

	write_all(w->fd, w->p, w->n);
	close(w->fd);
	return NULL;
}

/*
 * p[0..n) read from a pipe: written in before it is read when it fits
 * (the same reads every run), else by a thread as it is read.
 */
static void
read_pipe(const void *p, size_t n, const struct source_options *opt,
    struct reading *r)
{
	struct writer w;
	pthread_t t;
	char path[64];
	int fds[2], cap, threaded = 0;

	if (pipe2(fds, O_CLOEXEC) == -1)
		abort();
	(void)fcntl(fds[1], F_SETPIPE_SZ, n < 4096 ? 4096 :
	    n < PIPE_MAX ? (int)n : PIPE_MAX);
	if ((cap = fcntl(fds[1], F_GETPIPE_SZ)) != -1 && n <= (size_t)cap) {
		write_all(fds[1], p, n);
		close(fds[1]);
	} else {
		w.fd = fds[1];
		w.p = p;
		w.n = n;
		if (pthread_create(&t, NULL, writer_run, &w) != 0)
			abort();
		threaded = 1;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[0]);
	read_source(path, opt, r);
	close(fds[0]);
	if (threaded)
		pthread_join(t, NULL);
}

static void
reading_free(struct reading *r)
{
	buf_free(&r->docs);
	buf_free(&r->msgs);
}

static void
show(const char *what, const struct reading *r)
{
	fprintf(stderr, "--- %s: status %d\n", what, r->status);
	fprintf(stderr, "documents: %.*s\nmessages:\n%.*s", (int)r->docs.len,
	    r->docs.data != NULL ? r->docs.data : "", (int)r->msgs.len,
	    r->msgs.data != NULL ? r->msgs.data : "");
}

static int
equal(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (a->len == 0 ||
	    memcmp(a->data, b->data, a->len) == 0);
}

/* The file and the pipe must agree. */
static void
same(const struct reading *f, const struct reading *p)
{
	if (f->status == p->status && equal(&f->docs, &p->docs) &&
	    equal(&f->msgs, &p->msgs))
		return;
	fprintf(stderr, "file and pipe differ\n");
	show("file", f);
	show("pipe", p);
	abort();
}

/*
 * The members of an archive_reader and their bytes, read n at a time;
 * every third member passed over, its first bytes looked at, as source.c
 * passes over hidden ones.
 */
static void
members(struct archive_reader *ar, size_t n, struct buf *out)
{
	struct buf data = { 0 };
	const char *path, *why, *kind;
	char chunk[4096];
	ssize_t got;
	size_t i = 0;
	time_t t;
	int rc;

	if (n > sizeof(chunk))
		n = sizeof(chunk);
	while ((rc = archive_reader_next(ar, &path)) == 1) {
		fields_add(out, path);
		if (archive_reader_mtime(ar, &t))
			field_add(out, &t, sizeof(t));
		if (archive_reader_link(ar, &kind) != -1) {
			fields_add(out, "hard link");
			i++;
			continue;
		}
		if (i++ % 3 == 2) {
			(void)archive_reader_peek(ar, chunk, sizeof(chunk));
			continue;
		}
		buf_clear(&data);
		while ((got = archive_reader_read(ar, chunk, n)) > 0)
			buf_add(&data, chunk, (size_t)got);
		field_add(out, data.data, data.len);
		if (got < 0) {
			/* The caller reports it: there must be one. */
			if ((why = archive_reader_reason(ar)) == NULL)
				abort();
			fields_add(out, why);
		}
	}
	fields_add(out, rc == 0 ? "end" : "failed");
	fields_add(out, archive_reader_failed(ar) ? "1" : "0");
	buf_free(&data);
}

/*
 * The bytes of a pipe as input.c hands them to archive.c: the first
 * SNIFF_SIZE at once (gathered to look for UTF-16 and the format), then
 * what each read gives, here step bytes.
 */
struct stream {
	struct mem	 m;
	int		 started;
};

static ssize_t
stream_read(void *ctx, void *p, size_t n)
{
	struct stream *s = ctx;
	size_t step = s->m.step;
	ssize_t got;

	if (!s->started++ && s->m.step < SNIFF_SIZE)
		s->m.step = SNIFF_SIZE;
	got = mem_read(&s->m, p, n);
	s->m.step = step;
	return got;
}

/*
 * p[0..n) as a tar, from a read function handing out step bytes at a
 * time and from a file where it begins at offset prefix: the same, for
 * uncompressed bytes, all source.c hands archive.c.
 */
static void
tar_function_and_file(const uint8_t *p, size_t n, size_t step,
    size_t prefix)
{
	struct reading f = { 0 }, s = { 0 };
	struct archive_reader *ar;
	struct stream st = { { p, n, step }, 0 };
	int fd;

	capture_begin();
	if ((ar = archive_reader_open(stream_read, &st, "fuzz",
	    ARCHIVE_READER_TAR)) != NULL) {
		members(ar, step * 3 + 1, &s.docs);
		archive_reader_close(ar);
	} else
		s.status = -2;
	capture_end(&s.msgs);

	fd = memory_file(p, n, prefix);
	capture_begin();
	if ((ar = archive_reader_open_file(fd, (off_t)prefix, "fuzz",
	    ARCHIVE_READER_TAR)) != NULL) {
		members(ar, step * 3 + 1, &f.docs);
		archive_reader_close(ar);
	} else
		f.status = -2;
	capture_end(&f.msgs);
	close(fd);
	if (sniff_codec(p, n) == SNIFF_PLAIN && (f.status != s.status ||
	    !equal(&f.docs, &s.docs) || !equal(&f.msgs, &s.msgs))) {
		fprintf(stderr, "archive_reader: file and function (%zu bytes "
		    "a read) differ\n", step);
		show("file", &f);
		show("function", &s);
		abort();
	}
	reading_free(&f);
	reading_free(&s);
}

/*
 * Whether input.c reads p[0..n) as UTF-16 (behind a byte order mark, or
 * without one): a pipe then hands libarchive the bytes decoded, a file
 * the bytes as they are.
 */
static int
utf16(const uint8_t *p, size_t n)
{
	struct buf junk = { 0 };
	struct mem m = { p, n, 65536 };
	struct input *in;
	char b[1];
	int u;

	capture_begin();
	in = input_open_reader(mem_read, &m, "fuzz", 0);
	(void)input_read(in, b, 1);
	u = input_utf16(in);
	input_close(in);
	capture_end(&junk);
	buf_free(&junk);
	return u;
}

/* Whether p[0..n) in a file is a zip read through its directory. */
static int
zip_whole(const void *p, size_t n)
{
	off_t end;
	int fd, whole;

	fd = memory_file(p, n, 0);
	whole = archive_zip_whole(fd, 0, &end);
	close(fd);
	return whole;
}

/* The input's bytes as they are. */
static void
raw(const uint8_t *data, size_t size)
{
	static const size_t steps[] = { 1, 3, 100, 511, 512, 513, 4096,
	    65535, 65536 };
	struct source_options opt;
	struct reading f = { 0 }, p = { 0 };
	unsigned ctl;
	size_t step;
	int c;

	ctl = size > 0 ? (unsigned)(data[size - 1] + size / 512 + size) : 0;
	memset(&opt, 0, sizeof(opt));
	opt.keep_truncated = ctl & 1;
	opt.input_flags = ctl & 2 ? INPUT_STRICT : 0;
	opt.format = ctl & 4 ? SOURCE_TAR : SOURCE_AUTO;
	opt.meta = ctl & 8 ? "date" : NULL;
	read_file(data, size, &opt, &f);
	read_pipe(data, size, &opt, &p);
	c = sniff_content(data, size < SNIFF_SIZE ? size : SNIFF_SIZE,
	    size < SNIFF_SIZE);
	if (!(sniff_codec(data, size) == SNIFF_PLAIN && opt.format ==
	    SOURCE_AUTO && (c == SNIFF_7Z || (c == SNIFF_ZIP &&
	    zip_whole(data, size)))) &&
	    !utf16(data, size) && (p.msgs.len == 0 || memmem(p.msgs.data,
	    p.msgs.len, PIPE_LINK, strlen(PIPE_LINK)) == NULL))
		same(&f, &p);
	reading_free(&f);
	reading_free(&p);

	step = steps[(ctl >> 4) % (sizeof(steps) / sizeof(steps[0]))];
	if (size > 65536 && step < 100)
		step = 100;
	tar_function_and_file(data, size, step, (size > 0 && (data[0] & 1)) ?
	    7 : 0);
}

/* The recipe's tar, and where its members are in it. */
struct member {
	struct buf	 path;		/* as written, NUL-ended */
	struct buf	 link;		/* a hard link's target, or empty */
	struct buf	 content;
	int		 dir;
	size_t		 hs;		/* where its first header begins */
	size_t		 ds, de;	/* where its data begins and ends */
};

struct recipe {
	struct member	 m[MEMBERS_MAX];
	size_t		 n;
	int		 method;	/* long names: PAX, GNU, PREFIX, ALL_PAX */
	struct buf	 tar;
};
enum { PAX, GNU, PREFIX, ALL_PAX };

static void
octal(char *field, size_t width, unsigned long long v)
{
	char s[32];

	snprintf(s, sizeof(s), "%0*llo", (int)width - 1, v);
	memcpy(field, s, width - 1);
}

/* One 512-byte header; name and link are cut to their fields. */
static void
header(struct buf *tar, const char *name, size_t namelen,
    const char *prefix, size_t prefixlen, int type, size_t size,
    const char *link, size_t linklen, unsigned long mtime)
{
	char h[512];
	unsigned sum = 0;
	size_t i;

	memset(h, 0, sizeof(h));
	memcpy(h, name, namelen < 100 ? namelen : 100);
	octal(h + 100, 8, 0644);
	octal(h + 108, 8, 1000);
	octal(h + 116, 8, 1000);
	octal(h + 124, 12, size);
	octal(h + 136, 12, mtime);
	memset(h + 148, ' ', 8);
	h[156] = (char)type;
	if (link != NULL)
		memcpy(h + 157, link, linklen < 100 ? linklen : 100);
	memcpy(h + 257, "ustar\0" "00", 8);
	memcpy(h + 265, "news", 4);
	memcpy(h + 297, "news", 4);
	if (prefix != NULL)
		memcpy(h + 345, prefix, prefixlen);
	for (i = 0; i < sizeof(h); i++)
		sum += (unsigned char)h[i];
	snprintf(h + 148, 8, "%06o", sum);
	h[155] = ' ';
	buf_add(tar, h, sizeof(h));
}

static void
pad(struct buf *tar)
{
	static const char zeros[512];

	if (tar->len % 512 != 0)
		buf_add(tar, zeros, 512 - tar->len % 512);
}

/* A pax record "LEN key=value\n", LEN counting its own digits. */
static void
pax_record(struct buf *b, const char *key, const char *v, size_t n)
{
	char num[32];
	size_t len = strlen(key) + n + 3, digits = 1;

	while ((size_t)snprintf(num, sizeof(num), "%zu", len + digits) !=
	    digits)
		digits++;
	snprintf(num, sizeof(num), "%zu ", len + digits);
	buf_adds(b, num);
	buf_adds(b, key);
	buf_addc(b, '=');
	buf_add(b, v, n);
	buf_addc(b, '\n');
}

/* A GNU long name ('L') or link ('K') header and its data. */
static void
gnu_long(struct buf *tar, int type, const char *s, size_t n)
{
	header(tar, "././@LongLink", 13, NULL, 0, type, n + 1, NULL, 0, 0);
	buf_add(tar, s, n);
	buf_addc(tar, '\0');
	pad(tar);
}

/* Member m's headers and data, as the recipe's method writes them. */
static void
member_write(struct recipe *r, struct member *m, unsigned long mtime)
{
	struct buf pax = { 0 };
	const char *name = m->path.data, *prefix = NULL, *link = NULL;
	size_t namelen = m->path.len, prefixlen = 0, linklen = 0, i;
	int type = m->dir ? '5' : m->link.len > 0 ? '1' : '0';

	if (m->link.len > 0) {
		link = m->link.data;
		linklen = m->link.len;
	}
	m->hs = r->tar.len;
	if (r->method == PREFIX && namelen > 100 && namelen <= 256) {
		/* Split at a '/' into prefix (155 at most) and name. */
		for (i = namelen - 1; i > 0; i--)
			if (name[i] == '/' && i <= 155 && namelen - i - 1 <= 100 &&
			    namelen - i - 1 > 0)
				break;
		if (i > 0) {
			prefix = name;
			prefixlen = i;
			name += i + 1;
			namelen -= i + 1;
		}
	}
	if (r->method == GNU) {
		if (namelen > 100)
			gnu_long(&r->tar, 'L', name, namelen);
		if (linklen > 100)
			gnu_long(&r->tar, 'K', link, linklen);
	} else if (namelen > 100 || linklen > 100 || r->method == ALL_PAX) {
		if (namelen > 100 || r->method == ALL_PAX)
			pax_record(&pax, "path", name, namelen);
		if (linklen > 100 || (linklen > 0 && r->method == ALL_PAX))
			pax_record(&pax, "linkpath", link, linklen);
		header(&r->tar, "PaxHeaders/x", 12, NULL, 0, 'x', pax.len,
		    NULL, 0, mtime);
		buf_add(&r->tar, pax.data, pax.len);
		pad(&r->tar);
	}
	header(&r->tar, name, namelen, prefix, prefixlen, type,
	    m->content.len, link, linklen, mtime);
	m->ds = r->tar.len;
	buf_add(&r->tar, m->content.data, m->content.len);
	m->de = r->tar.len;
	pad(&r->tar);
	buf_free(&pax);
}

/* The end-of-archive blocks, then zeros to a 10240-byte record. */
static void
tar_end(struct buf *tar, size_t start, int records)
{
	static const char zeros[1024];

	buf_add(tar, zeros, sizeof(zeros));
	while (records && (tar->len - start) % 10240 != 0)
		buf_add(tar, zeros, 512);
}

/* Hidden: a name in the path starts with a dot (as source.c says). */
static int
hidden(const char *p)
{
	for (;;) {
		if (p[0] == '.' && p[1] != '/' && p[1] != '\0' &&
		    !(p[1] == '.' && (p[2] == '/' || p[2] == '\0')))
			return 1;
		if ((p = strchr(p, '/')) == NULL)
			return 0;
		p++;
	}
}

/* A member path as ids show it (as archive.c makes it). */
static const char *
member_path(const char *p)
{
	for (;;) {
		if (p[0] == '/')
			p++;
		else if (p[0] == '.' && p[1] == '/')
			p += 2;
		else
			return p;
	}
}

/*
 * A member from one part of the recipe: q[0] its kind, q[1] a seed for
 * its name, the rest its text.
 */
static void
member_make(struct recipe *r, const uint8_t *q, size_t len, size_t budget)
{
	static const size_t repeat[] = { 1, 7, 61, 523 };
	struct member *m = &r->m[r->n];
	unsigned kind = len > 0 ? q[0] : 0, seed = len > 1 ? q[1] : 0;
	size_t dirs = seed & 3, hide = (seed >> 2) & 3, i, j, times, target;
	const uint8_t *body = len > 2 ? q + 2 : q;
	size_t bodylen = len > 2 ? len - 2 : 0;
	char s[32];
	int c;

	memset(m, 0, sizeof(*m));
	if (kind & 0x40)
		buf_addc(&m->path, '/');
	if (kind & 0x08)
		buf_adds(&m->path, "./");
	if (kind & 0x80)
		buf_adds(&m->path, "../");
	for (i = 0; i <= dirs; i++) {
		if (kind % 8 == 3 && hide == i)
			buf_addc(&m->path, '.');
		if (i < dirs) {
			snprintf(s, sizeof(s), "d%zu/", (i + seed) % 10);
			buf_adds(&m->path, s);
		}
	}
	snprintf(s, sizeof(s), "f%zu", r->n);
	buf_adds(&m->path, s);
	if (kind % 8 == 6 || kind % 8 == 7) {
		target = 90 + seed;	/* around 100, up to 345 */
		while (m->path.len < target)
			buf_addc(&m->path, 'x' + (int)(m->path.len % 3));
	}
	if (kind % 8 == 5) {
		m->dir = 1;
		buf_addc(&m->path, '/');
	}
	buf_cstr(&m->path);

	if (kind % 8 == 4 || kind % 8 == 7) {
		/*
		 * A hard link to a file before it, in this archive or the
		 * one before.
		 */
		for (i = 0, j = 0; i < r->n; i++)
			if (!r->m[i].dir && r->m[i].link.len == 0)
				j++;
		if (j > 0) {
			j = seed % j;
			for (i = 0; i < r->n; i++)
				if (!r->m[i].dir && r->m[i].link.len == 0 &&
				    j-- == 0)
					break;
			buf_add(&m->link, r->m[i].path.data,
			    r->m[i].path.len);
			buf_cstr(&m->link);
		}
	}
	if (m->dir || m->link.len > 0)
		return;
	/*
	 * Text: printable ASCII and LF, no NUL, no '<' (no page), '{' or
	 * '[' (no JSON) or '/' (no WARC version line).
	 */
	times = repeat[(kind >> 4) & 3];
	if (bodylen > 0 && times > budget / bodylen)
		times = budget / bodylen;
	for (j = 0; j < times; j++)
		for (i = 0; i < bodylen; i++) {
			c = 0x20 + body[i] % 95;
			buf_addc(&m->content, strchr("<{[/", c) != NULL ?
			    '\n' : c);
		}
}

/* The document called path holding text[0..n), n > 0, as read_source(). */
static void
expect_document(const char *path, const char *text, size_t n, int whole,
    struct buf *docs)
{
	struct buf id = { 0 };
	char num[32];

	buf_adds(&id, "fuzz:");
	buf_adds(&id, path);
	field_add(docs, id.data, id.len);
	fields_add(docs, "");
	fields_add(docs, whole ? "0" : "1");
	snprintf(num, sizeof(num), "%010zu:", n + (text[n - 1] != '\n'));
	buf_adds(docs, num);
	buf_add(docs, text, n);
	if (text[n - 1] != '\n')
		buf_addc(docs, '\n');
	buf_free(&id);
}

/*
 * What member m gives read from an archive cut at cut (its headers whole):
 * its text whole, or the part before the cut marked truncated with
 * --truncated keep; nothing when it is no text document.
 */
static void
expect_member(const struct member *m, size_t cut, int keep,
    struct buf *docs)
{
	const char *path = member_path(m->path.data);
	size_t n;
	int whole = m->de <= cut;

	if (m->dir || hidden(path) || m->link.len > 0)
		return;
	n = whole ? m->content.len : cut - m->ds;
	if (n == 0 || (!whole && !keep))
		return;
	expect_document(path, m->content.data, n, whole, docs);
}

/*
 * What hard link m gives, its headers whole: nothing when the member it
 * links to was read under its own name, or when that member's text, or
 * the text's having been dropped, was given under another link's name
 * (given[]); otherwise, from a file, that text under the link's name
 * (docs), and from a pipe the message that it is dropped (msgs).
 */
static void
expect_link(const struct recipe *r, const struct member *m, int *given,
    struct buf *docs, struct buf *msgs)
{
	const char *path = member_path(m->path.data);
	const struct member *t;
	size_t i;

	if (m->link.len == 0 || hidden(path))
		return;
	for (i = 0; i < r->n; i++)
		if (r->m[i].link.len == 0 && !r->m[i].dir &&
		    strcmp(r->m[i].path.data, m->link.data) == 0)
			break;
	if (i == r->n)
		abort();	/* the recipe links to a file before */
	t = &r->m[i];
	if (!hidden(member_path(t->path.data)) || given[i] ||
	    t->content.len == 0)
		return;
	given[i] = 1;
	expect_document(path, t->content.data, t->content.len, 1, docs);
	buf_adds(msgs, getprogname());
	buf_adds(msgs, ": fuzz: ");
	buf_adds(msgs, path);
	buf_adds(msgs, ": hard link to ");
	buf_adds(msgs, member_path(m->link.data));
	buf_adds(msgs, PIPE_LINK "\n");
}

/*
 * A tar written from the recipe in data: data[0] says how (bit 0 two
 * archives, 1 gzip, 2 --truncated keep, 3 cut, 4-5 the form of long
 * names, 6 GNU record padding, 7 --strict), data[1..2] where to cut and
 * the rest (read size, an empty archive first), and the bytes after
 * them, between NUL bytes, are the members (member_make()).
 */
static void
constructed(const uint8_t *data, size_t size)
{
	static const size_t steps[] = { 1, 2, 5, 100, 512, 1000, 4096,
	    65536 };
	struct source_options opt;
	struct reading f = { 0 }, p = { 0 };
	struct recipe r;
	struct buf want = { 0 }, stream = { 0 }, want_pipe = { 0 },
	    pipe_msgs = { 0 };
	const uint8_t *part[MEMBERS_MAX], *q, *nul, *end = data + size;
	size_t len[MEMBERS_MAX], nparts = 0, half, i, start = 0, cut, total,
	    budget, step, second = 0;
	unsigned flags, v;
	int must_fail = 0, check, given[MEMBERS_MAX] = { 0 };
	const struct member *m;

	if (size < 3)
		return;
	flags = data[0];
	v = data[1] | (unsigned)data[2] << 8;
	for (q = data + 3; q < end && nparts < MEMBERS_MAX; q = nul + 1) {
		if ((nul = memchr(q, '\0', (size_t)(end - q))) == NULL)
			nul = end;
		part[nparts] = q;
		len[nparts++] = (size_t)(nul - q);
		if (nul == end)
			break;
	}
	half = flags & 1 ? nparts / 2 : 0;	/* two archives */

	memset(&r, 0, sizeof(r));
	r.method = (flags >> 4) & 3;
	if (v & 0x40) {
		/* An empty archive first: cat empty.tar a.tar. */
		tar_end(&r.tar, 0, flags & 0x40);
		start = r.tar.len;
	}
	for (i = 0; i < nparts; i++) {
		if (half > 0 && i == half) {
			tar_end(&r.tar, start, flags & 0x40);
			start = second = r.tar.len;
		}
		budget = r.tar.len < TAR_MAX ? TAR_MAX - r.tar.len : 0;
		member_make(&r, part[i], len[i], budget);
		member_write(&r, &r.m[r.n], 1700000000UL + i * 86399 + v);
		r.n++;
	}
	tar_end(&r.tar, start, flags & 0x40);
	total = r.tar.len;
	if (!(flags & 0x08))
		cut = total;
	else if (v & 1)
		cut = (v >> 1) % (total + 1);
	else
		cut = (size_t)((unsigned long long)v * (total + 1) >> 16);

	/*
	 * What should come of it.  A cut inside the first header is read
	 * as text or as a tar cut short, by sniff.c: not checked here.
	 */
	check = r.n > 0 ? cut >= r.m[0].ds : cut == total;
	/*
	 * Inside a block, whatever it holds (a header, data, its padding,
	 * the end-of-archive blocks, a record's zeros), the cut is said.
	 * One at a block boundary is not, where nothing tells it from the
	 * end of an archive.
	 */
	if (cut % 512 != 0)
		must_fail = 1;
	for (i = 0; i < r.n; i++) {
		m = &r.m[i];
		if (cut <= m->hs)
			break;
		if (cut < m->ds) {
			must_fail = 1;		/* in its headers */
			break;
		}
		expect_member(m, cut, flags & 4, &want);
		expect_member(m, cut, flags & 4, &want_pipe);
		expect_link(&r, m, given, &want, &pipe_msgs);
		if (cut < m->de) {
			must_fail = 1;		/* in its data */
			break;
		}
	}

	if ((flags & 0x02) && second > 0 && cut > second && (v & 0x80)) {
		/* Each archive gzipped on its own: cat a.tar.gz b.tar.gz. */
		gzip_member(&stream, r.tar.data, second, 1 + v % 9);
		gzip_member(&stream, r.tar.data + second, cut - second, 6);
	} else if (flags & 0x02)
		gzip_member(&stream, r.tar.data, cut, 1 + v % 9);
	else
		buf_add(&stream, r.tar.data, cut);
	memset(&opt, 0, sizeof(opt));
	opt.keep_truncated = flags & 4;
	opt.input_flags = flags & 0x80 ? INPUT_STRICT : 0;
	read_file(stream.data, stream.len, &opt, &f);
	read_pipe(stream.data, stream.len, &opt, &p);
	if (pipe_msgs.len == 0)
		same(&f, &p);
	else {
		/* From a pipe: the links said to be dropped, then as from a file. */
		if (f.msgs.len > 0)
			buf_add(&pipe_msgs, f.msgs.data, f.msgs.len);
		if (p.status != -1 || !equal(&p.docs, &want_pipe) ||
		    !equal(&p.msgs, &pipe_msgs)) {
			fprintf(stderr, "a pipe does not read the hard links "
			    "to hidden members as it should\n");
			show("file", &f);
			show("pipe", &p);
			fprintf(stderr, "--- wanted from the pipe: %.*s\n"
			    "messages:\n%.*s", (int)want_pipe.len,
			    want_pipe.data != NULL ? want_pipe.data : "",
			    (int)pipe_msgs.len, pipe_msgs.data);
			abort();
		}
	}
	if (check && (!equal(&f.docs, &want) ||
	    (must_fail && (f.status != -1 || f.msgs.len == 0)) ||
	    (cut == total && !must_fail && (f.status != 0 ||
	    f.msgs.len > 0)))) {
		fprintf(stderr, "tar of %zu members, %zu bytes cut at %zu "
		    "(%s), must fail %d\n", r.n, total, cut, flags & 0x02 ?
		    "gzipped" : "plain", must_fail);
		for (i = 0; i < r.n; i++)
			fprintf(stderr, "  %s%s%s%s at %zu, data %zu-%zu\n",
			    r.m[i].path.data, r.m[i].link.len > 0 ? " link to " :
			    "", r.m[i].link.len > 0 ? r.m[i].link.data : "",
			    r.m[i].dir ? " (dir)" : "", r.m[i].hs, r.m[i].ds,
			    r.m[i].de);
		show("read", &f);
		fprintf(stderr, "--- wanted: %.*s\n", (int)want.len,
		    want.data != NULL ? want.data : "");
		abort();
	}
	reading_free(&f);
	reading_free(&p);

	step = steps[(v >> 4) % (sizeof(steps) / sizeof(steps[0]))];
	if (stream.len > 65536 && step < 100)
		step = 100;
	tar_function_and_file((const uint8_t *)stream.data, stream.len, step,
	    (v >> 8) % 3 * 200);

	for (i = 0; i < r.n; i++) {
		buf_free(&r.m[i].path);
		buf_free(&r.m[i].link);
		buf_free(&r.m[i].content);
	}
	buf_free(&r.tar);
	buf_free(&want);
	buf_free(&want_pipe);
	buf_free(&pipe_msgs);
	buf_free(&stream);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int once;

	if (!once) {
		/* A reader that stops early leaves the pipe's writer EPIPE. */
		signal(SIGPIPE, SIG_IGN);
		once = 1;
	}
	raw(data, size);
	constructed(data, size);
	return 0;
}
