/*
 * newswire: HTTP responses as crawlers archive them.
 *
 * A WARC response record holds the bytes that came over the wire: a
 * status line, header lines, an empty line and the body, which may be
 * chunked and compressed (wget and browsertrix keep it so), and after an
 * interim response (100 Continue) when the server sent one.  The body
 * is wanted as the page: chunks joined, and its codings undone, the
 * last applied first, whether one Content-Encoding field lists them or
 * several fields do, as HTTP reads them (gzip, deflate, and zstd through
 * codec.c, as files are).  A codec newswire cannot undo (br), or a body
 * that is not what its codings say, is an error for the caller to
 * report, never text passed on as if it were the page, unless it is a
 * page as it stands (a crawler decoded it, and its archive kept the
 * header); a body cut short (a chunk shorter than it says, no last
 * chunk, a compressed stream that stops) is told apart from a whole
 * one, so that it is treated as a record cut short; so is a body shorter
 * than its Content-Length, which is how a crawler's size limit shows.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#include "nw-private.h"

/*
 * Join the chunks of a chunked body onto out: 0, 1 when it is cut short
 * (what came is kept), -1 when a chunk size is not a hex number, -2
 * when it is one past 64 bits.
 */
static int
dechunk(struct buf *out, const char *p, size_t n)
{
	const char *end = p + n, *eol;
	unsigned long long size;
	int digits;

	while (p < end) {
		size = 0;
		digits = 0;
		for (; p < end; p++, digits++) {
			int c = (unsigned char)*p, v;

			if (c >= '0' && c <= '9')
				v = c - '0';
			else if (c >= 'a' && c <= 'f')
				v = c - 'a' + 10;
			else if (c >= 'A' && c <= 'F')
				v = c - 'A' + 10;
			else
				break;
			if (size > (~0ULL >> 4))
				return -2;
			size = size * 16 + (unsigned long long)v;
		}
		if (p == end)
			return 1;
		if (digits == 0)
			return -1;
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return 1;
		p = eol + 1;
		if (size == 0)
			return 0;	/* the last chunk; trailers follow */
		if (size > (unsigned long long)(end - p)) {
			buf_add(out, p, (size_t)(end - p));
			return 1;
		}
		buf_add(out, p, (size_t)size);
		p += size;
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
	}
	return 1;	/* no last chunk */
}

/*
 * The most a body may decode to: no web page is larger, and a few kB of
 * zstd (or a few hundred of gzip) would make gigabytes of nothing.
 */
#define DECODED_MAX	((size_t)64 << 20)

/*
 * Inflate gzip or zlib (windowbits) p[0..n) onto out: 0, 1 when the
 * stream stops before its end (what came is kept), -1 when it is
 * corrupt, -3 when it decodes to more than DECODED_MAX (nothing kept).
 */
static int
inflate_into(struct buf *out, const char *p, size_t n, int windowbits)
{
	z_stream z;
	size_t from = out->len;
	int rc;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, windowbits) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	do {
		buf_reserve(out, n * 4 + 65536);
		z.next_out = (unsigned char *)out->data + out->len;
		z.avail_out = (uInt)(out->cap - out->len - 1);
		rc = inflate(&z, Z_NO_FLUSH);
		out->len = out->cap - 1 - z.avail_out;
		if (out->len - from > DECODED_MAX) {
			inflateEnd(&z);
			out->len = from;
			return -3;
		}
		/* Another gzip member; bytes after the last are ignored. */
		if (rc == Z_STREAM_END && windowbits > 15 && z.avail_in >= 2 &&
		    z.next_in[0] == 0x1f && z.next_in[1] == 0x8b) {
			if (inflateReset(&z) != Z_OK)
				break;
			rc = Z_OK;
		}
	} while (rc == Z_OK);
	inflateEnd(&z);
	if (rc == Z_STREAM_END)
		return 0;
	if (rc == Z_BUF_ERROR)
		return 1;	/* all the input taken, the stream not ended */
	out->len = from;
	return -1;
}

/*
 * Decode p[0..n), data of a kind codec.c decodes for files, onto out, as
 * inflate_into() does: 0, 1 when it stops inside a frame (what came is
 * kept), -1 when it is corrupt (nothing is kept), -2 when the library
 * that decodes it cannot be loaded, -3 when it decodes to more than
 * DECODED_MAX (nothing kept).
 */
static int
codec_into(struct buf *out, const char *p, size_t n, int kind)
{
	struct codec *c;
	size_t from = out->len, in, made;
	int rc;

	if ((c = codec_new(kind, 0)) == NULL)
		return -2;
	do {
		buf_reserve(out, 65536);
		in = n;
		made = out->cap - out->len - 1;
		rc = codec_step(c, p, &in, out->data + out->len, &made, 1);
		p += in;
		n -= in;
		out->len += made;
		if (out->len - from > DECODED_MAX) {
			codec_free(c);
			out->len = from;
			return -3;
		}
	} while (rc == CODEC_OK);
	codec_free(c);
	/* Bytes after the last frame are ignored, as after gzip's. */
	if (rc == CODEC_END || rc == CODEC_GARBAGE)
		return 0;
	if (rc == CODEC_TRUNCATED)
		return 1;
	out->len = from;
	return -1;
}

/* Content codings newswire undoes; a field may list several. */
/* CODING_NAMED: a value that names no coding ("none", "utf-8"). */
enum coding { CODING_GZIP, CODING_DEFLATE, CODING_ZSTD, CODING_NAMED };
#define CODINGS_MAX	8

static int
is_space(int c)
{
	return c == ' ' || c == '\t';
}

/*
 * Say why the body of r cannot be decoded, in r->why, unless the first
 * reason is there: a coding newswire does not undo, v[0..len), named
 * ("content encoding not supported: br"), or too many of them.
 */
static void
unsupported_note(struct http_response *r, const char *v, size_t len)
{
	if (r->why[0] != '\0')
		return;
	if (v == NULL)
		snprintf(r->why, sizeof(r->why), "content encoding not "
		    "supported: more than %d codings", CODINGS_MAX);
	else
		snprintf(r->why, sizeof(r->why), "content encoding not "
		    "supported: %.*s%s", (int)(len > 40 ? 40 : len), v,
		    len > 40 ? "..." : "");
}

/*
 * Whether v[0..len) names a coding of HTTP's registry that newswire does
 * not undo.  Servers send values that name none ("none", "utf-8",
 * "text"), for a body sent as it is; browsers pass those over, and so
 * does decode() for a body that is a page (CODING_NAMED), but a body
 * that is none may be in a coding of another name.
 */
static int
coding_registered(const char *v, size_t len)
{
	static const char *const names[] = {
		"br", "compress", "x-compress", "exi", "pack200-gzip",
		"aes128gcm", "dcb", "dcz"
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == len &&
		    strncasecmp(v, names[i], len) == 0)
			return 1;
	return 0;
}

/*
 * Add the codings a Content-Encoding or Transfer-Encoding field value v
 * lists (separated by commas, with optional white space) to codings, in
 * the order they were applied: 0; -2 when one is a coding of HTTP's
 * registry newswire does not undo (br), which a body that is a page as
 * it stands was decoded from on its way to the archive; -1 when the
 * value cannot be read so (noted in r).  A value that names no coding
 * is added as CODING_NAMED (its name in r->named), for decode() to
 * judge.  "chunked", a transfer coding, is not added: it sets *chunked,
 * and is an error where chunked is NULL (Content-Encoding).
 */
static int
codings_add(struct http_response *r, const char *v, enum coding *codings,
    size_t *n, int *chunked)
{
	const char *end;
	size_t len;

	for (; *v != '\0'; v = *end == ',' ? end + 1 : end) {
		while (is_space((unsigned char)*v))
			v++;
		if ((end = strchr(v, ',')) == NULL)
			end = v + strlen(v);
		for (len = (size_t)(end - v); len > 0 &&
		    is_space((unsigned char)v[len - 1]); len--)
			continue;
		if (len == 0 || (len == 8 && strncasecmp(v, "identity",
		    8) == 0))
			continue;	/* an empty element, or no coding */
		if (len == 7 && strncasecmp(v, "chunked", 7) == 0) {
			if (chunked == NULL) {
				unsupported_note(r, v, len);
				return -1;
			}
			*chunked = 1;
			continue;
		}
		if (*n == CODINGS_MAX) {
			unsupported_note(r, NULL, 0);
			return -1;
		}
		if ((len == 4 && strncasecmp(v, "gzip", 4) == 0) ||
		    (len == 6 && strncasecmp(v, "x-gzip", 6) == 0))
			codings[(*n)++] = CODING_GZIP;
		else if (len == 7 && strncasecmp(v, "deflate", 7) == 0)
			codings[(*n)++] = CODING_DEFLATE;
		else if (len == 4 && strncasecmp(v, "zstd", 4) == 0)
			codings[(*n)++] = CODING_ZSTD;
		else if (coding_registered(v, len)) {
			unsupported_note(r, v, len);
			return -2;
		} else {
			/* No coding at all, unless decode() finds otherwise. */
			codings[(*n)++] = CODING_NAMED;
			if (r->named[0] == '\0')
				snprintf(r->named, sizeof(r->named), "%.*s%s",
				    (int)(len > 40 ? 40 : len), v,
				    len > 40 ? "..." : "");
		}
	}
	return 0;
}

/* A body past DECODED_MAX: no page, said so. */
static int
decoded_too_large(const char **reason)
{
	*reason = "content decoded to more than 64 MiB";
	return -1;
}

/*
 * Undo one coding of p[0..n) onto out: 0, 1 when it is cut short, -1
 * when it cannot be undone; *reason says why.
 */
static int
decode_one(struct buf *out, const char *p, size_t n, enum coding coding,
    const char **reason)
{
	int rc;

	if (coding == CODING_GZIP) {
		if ((rc = inflate_into(out, p, n, 15 + 16)) == -3)
			return decoded_too_large(reason);
		if (rc != 0)
			*reason = rc == 1 ? "truncated gzip content" :
			    "corrupt gzip content";
		return rc;
	}
	if (coding == CODING_ZSTD) {
		if ((rc = codec_into(out, p, n, SNIFF_ZSTD)) == -3)
			return decoded_too_large(reason);
		if (rc == -2) {
			*reason = "zstd content not decoded: libzstd cannot "
			    "be loaded";
			return -1;
		}
		if (rc != 0)
			*reason = rc == 1 ? "truncated zstd content" :
			    "corrupt zstd content";
		return rc;
	}
	/* zlib as the RFC says, or raw deflate as some servers send. */
	if ((rc = inflate_into(out, p, n, 15)) == -1)
		rc = inflate_into(out, p, n, -15);
	if (rc == -3)
		return decoded_too_large(reason);
	if (rc != 0)
		*reason = rc == 1 ? "truncated deflate content" :
		    "corrupt deflate content";
	return rc;
}

/* Whether the body of r, said to be a page, is one as it stands. */
static int
page_as_is(const struct http_response *r)
{
	return r->content_type != NULL && http_type_page(r->content_type) &&
	    html_detect(r->body.data, r->body.len);
}

/*
 * The body p[0..n) with its codings undone, the last applied first, into
 * r->body: 0, 1 when it is cut short, -1 when it cannot be undone;
 * *reason says why.  codings is NULL when one is not supported (r->why
 * says which); unsupported is then what codings_add() returned for it.
 */
static int
decode(struct http_response *r, const char *p, size_t n,
    const enum coding *codings, size_t ncodings, int unsupported,
    const char **reason)
{
	struct buf tmp = { 0 }, swap;
	const char *why = NULL;
	int rc, cut = 0, named = 0;

	buf_add(&r->body, p, n);
	if (n > 0 && codings == NULL) {
		/* A page kept decoded under a coding not undone (br). */
		if (unsupported == -2 && page_as_is(r)) {
			buf_cstr(&r->body);
			return 0;
		}
		*reason = r->why;
		return -1;
	}
	/* No body is no body, coded. */
	while (r->body.len > 0 && ncodings > 0) {
		if (codings[ncodings - 1] == CODING_NAMED) {
			ncodings--;
			named = 1;
			continue;
		}
		buf_clear(&tmp);
		if ((rc = decode_one(&tmp, r->body.data, r->body.len,
		    codings[--ncodings], &why)) == -1) {
			/*
			 * A page that is not in the coding its header
			 * names, but a page as it is, had its codings
			 * undone on the way to the archive, which kept
			 * the header: taken as it is.
			 */
			if (page_as_is(r)) {
				buf_free(&tmp);
				break;
			}
			buf_free(&tmp);
			buf_clear(&r->body);
			*reason = why;
			return -1;
		}
		if (rc == 1 && !cut) {
			cut = 1;
			*reason = why;
		}
		swap = r->body;
		r->body = tmp;
		tmp = swap;
	}
	/*
	 * A page still in gzip once its codings are undone lost its
	 * Content-Encoding on the way to the archive: undone as well,
	 * unless it cannot be (what is left is then no page).  Only a body
	 * said to be a page: a .gz file is not inflated to be skipped.
	 */
	if (r->content_type != NULL && http_type_page(r->content_type) &&
	    sniff_codec(r->body.data, r->body.len) == SNIFF_GZIP) {
		buf_clear(&tmp);
		if ((rc = decode_one(&tmp, r->body.data, r->body.len,
		    CODING_GZIP, &why)) != -1) {
			if (rc == 1 && !cut) {
				cut = 1;
				*reason = why;
			}
			swap = r->body;
			r->body = tmp;
			tmp = swap;
		}
	}
	buf_free(&tmp);
	/*
	 * A value that names no coding is no coding for a body that is a
	 * page; for any other, it may be one newswire does not know.
	 */
	if (named && r->body.len > 0 && !page_as_is(r)) {
		snprintf(r->why, sizeof(r->why), "content encoding not "
		    "supported: %s", r->named);
		buf_clear(&r->body);
		*reason = r->why;
		return -1;
	}
	buf_cstr(&r->body);
	return cut;
}

/* Whether a Content-Type value says a web page: HTML or XHTML. */
int
http_type_page(const char *v)
{
	while (*v == ' ' || *v == '\t')
		v++;
	return strncasecmp(v, "text/html", 9) == 0 ||
	    strncasecmp(v, "application/xhtml+xml", 21) == 0;
}

/* A Content-Length value: 0, or -1 when it is not a number. */
static int
length_parse(const char *v, uint64_t *length)
{
	uint64_t n = 0;

	if (*v < '0' || *v > '9')
		return -1;
	for (; *v >= '0' && *v <= '9'; v++) {
		if (n > (UINT64_MAX - 9) / 10)
			return -1;
		n = n * 10 + (uint64_t)(*v - '0');
	}
	while (is_space((unsigned char)*v))
		v++;
	if (*v != '\0')
		return -1;
	*length = n;
	return 0;
}

/*
 * Where the response after an interim one at p ("HTTP/1.1 100 Continue"
 * or 103 Early Hints, and its header) starts, when another follows it,
 * as a crawler records them together; else NULL.
 */
static const char *
interim_end(const char *p, size_t n)
{
	const char *q = p, *end = p + n;
	size_t i;

	for (i = 5; i < n && !is_space((unsigned char)p[i]); i++)
		continue;
	while (i < n && p[i] == ' ')
		i++;
	if (n < 12 || strncmp(p, "HTTP/", 5) != 0 || i >= n || p[i] != '1')
		return NULL;
	while ((q = memchr(q, '\n', (size_t)(end - q))) != NULL) {
		q++;
		if (q < end && *q == '\n')
			return end - q > 12 && strncmp(q + 1, "HTTP/", 5) == 0 ?
			    q + 1 : NULL;
		if (end - q >= 2 && q[0] == '\r' && q[1] == '\n')
			return end - q > 13 && strncmp(q + 2, "HTTP/", 5) ==
			    0 ? q + 2 : NULL;
	}
	return NULL;
}

int
http_response_parse(struct http_response *r, const char *p, size_t n,
    const char **reason)
{
	const char *end = p + n, *line, *eol, *transfer = NULL;
	const char *colon, *v;
	enum coding codings[CODINGS_MAX] = { CODING_GZIP };
	enum coding tcodings[CODINGS_MAX] = { CODING_GZIP };
	size_t len, i, ncodings = 0, ntcodings = 0;
	uint64_t length = 0;
	int unsupported = 0, sized = 0, chunked = 0, rc, added;
	char *s;

	r->status = 0;
	r->content_type = r->last_modified = NULL;
	r->why[0] = '\0';
	r->named[0] = '\0';
	buf_clear(&r->head);
	buf_clear(&r->body);
	while ((line = interim_end(p, n)) != NULL) {
		n -= (size_t)(line - p);
		p = line;
	}
	if (n < 12 || strncmp(p, "HTTP/", 5) != 0) {
		*reason = "no HTTP status line";
		return -1;
	}
	for (i = 5; i < n && !is_space((unsigned char)p[i]); i++)
		continue;
	while (i < n && is_space((unsigned char)p[i]))
		i++;
	if (i + 3 > n || p[i] < '1' || p[i] > '9' || p[i + 1] < '0' ||
	    p[i + 1] > '9' || p[i + 2] < '0' || p[i + 2] > '9') {
		*reason = "no status code in the HTTP status line";
		return -1;
	}
	r->status = (p[i] - '0') * 100 + (p[i + 1] - '0') * 10 + p[i + 2] - '0';
	/* Header lines, up to an empty one; kept NUL-terminated in head. */
	line = memchr(p, '\n', n);
	if (line == NULL) {
		*reason = "HTTP header not ended";
		return -1;
	}
	line++;
	for (;;) {
		if ((eol = memchr(line, '\n', (size_t)(end - line))) == NULL) {
			*reason = "HTTP header not ended";
			return -1;
		}
		len = (size_t)(eol - line);
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (len == 0)
			break;
		/* White space after a value is none of it (RFC 9110 5.5). */
		while (len > 0 && is_space((unsigned char)line[len - 1]))
			len--;
		/*
		 * A line that starts with a blank goes on with the value of
		 * the line before (obsolete folding, still met): a space
		 * in the place of the line end; blanks alone add nothing.
		 */
		if ((line[0] == ' ' || line[0] == '\t') && r->head.len > 0) {
			if (len == 0) {
				line = eol + 1;
				continue;
			}
			r->head.data[r->head.len - 1] = ' ';
		}
		buf_add(&r->head, line, len);
		buf_addc(&r->head, '\0');
		line = eol + 1;
	}
	p = eol + 1;
	for (s = r->head.data; s != NULL && s < r->head.data + r->head.len;
	    s += strlen(s) + 1) {
		if ((colon = strchr(s, ':')) == NULL)
			continue;
		for (v = colon + 1; is_space((unsigned char)*v); v++)
			continue;
		len = (size_t)(colon - s);
		if (len == 12 && strncasecmp(s, "content-type", 12) == 0) {
			/* An empty one gives no type: as none, sniffed. */
			if (*v != '\0')
				r->content_type = v;
		} else if (len == 13 &&
		    strncasecmp(s, "last-modified", 13) == 0)
			r->last_modified = v;
		else if (len == 16 &&
		    strncasecmp(s, "content-encoding", 16) == 0) {
			/* -1, which no page as it stands passes, wins. */
			if ((added = codings_add(r, v, codings, &ncodings,
			    NULL)) < 0 && unsupported != -1)
				unsupported = added;
		} else if (len == 17 &&
		    strncasecmp(s, "transfer-encoding", 17) == 0) {
			transfer = v;
			if ((added = codings_add(r, v, tcodings, &ntcodings,
			    &chunked)) < 0 && unsupported != -1)
				unsupported = added;
		}
		else if (len == 14 &&
		    strncasecmp(s, "content-length", 14) == 0)
			sized = length_parse(v, &length) == 0;
	}
	/*
	 * A body said to be no page, when only pages are wanted, is not
	 * decoded: the caller skips it, and a .gz download or an archive
	 * would cost its whole size inflated.
	 */
	if (r->pages_only && r->content_type != NULL &&
	    !http_type_page(r->content_type)) {
		buf_add(&r->body, p, (size_t)(end - p));
		buf_cstr(&r->body);
		return 0;
	}
	/*
	 * Transfer codings were applied after the content's ("gzip,
	 * chunked" is a gzipped body sent in chunks): they are undone
	 * first, after the chunks are joined.
	 */
	for (i = 0; i < ntcodings && !unsupported; i++) {
		if (ncodings == CODINGS_MAX) {
			unsupported_note(r, NULL, 0);
			unsupported = -1;
		} else
			codings[ncodings++] = tcodings[i];
	}
	n = (size_t)(end - p);
	/*
	 * A page as it stands, which no chunked body is (it starts with a
	 * chunk size), under "chunked": its crawler joined the chunks and
	 * the archive kept the header.  It is read as it is.
	 */
	if (chunked && (r->content_type == NULL ||
	    http_type_page(r->content_type)) && html_detect(p, n))
		chunked = 0;
	if (chunked) {
		struct buf joined = { 0 };
		int chunks;

		if ((chunks = dechunk(&joined, p, n)) < 0) {
			buf_free(&joined);
			*reason = chunks == -1 ? "corrupt chunked content (a "
			    "chunk size that is not a hex number)" :
			    "corrupt chunked content (a chunk size past 64 "
			    "bits)";
			return -1;
		}
		rc = decode(r, joined.data != NULL ? joined.data : "",
		    joined.len, unsupported ? NULL : codings, ncodings,
		    unsupported, reason);
		buf_free(&joined);
		if (rc != -1 && chunks == 1) {
			*reason = "truncated chunked content";
			rc = 1;
		}
		return rc;
	}
	rc = decode(r, p, n, unsupported ? NULL : codings, ncodings,
	    unsupported, reason);
	/*
	 * Fewer bytes than the Content-Length says (which a
	 * Transfer-Encoding overrides): what came is what the crawler kept.
	 * A 1xx, 204 or 304 response has no body, whatever it says, nor
	 * has the answer to a HEAD request, which gives the length of the
	 * page it did not send: no byte of a body is no cut.
	 */
	if (rc == 0 && sized && transfer == NULL && n > 0 && n < length &&
	    r->status >= 200 && r->status != 204 && r->status != 304) {
		snprintf(r->why, sizeof(r->why), "truncated HTTP body (%zu of "
		    "%" PRIu64 " bytes)", n, length);
		*reason = r->why;
		rc = 1;
	}
	return rc;
}

void
http_response_free(struct http_response *r)
{
	buf_free(&r->head);
	buf_free(&r->body);
}
