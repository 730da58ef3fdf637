/*
 * newswire: the character encoding of a web page, and its conversion to
 * UTF-8.
 *
 * A page says what it is in up to three places that may disagree: a
 * byte-order mark, the HTTP Content-Type header, and a <meta charset> or
 * <meta http-equiv> near its start.  A byte-order mark is never there by
 * accident, so it wins, as in browsers (WHATWG Encoding); then HTTP, then
 * the page's own declaration; with none, bytes that are valid UTF-8 are
 * UTF-8 and anything else is windows-1252, the usual legacy encoding of
 * the web.  Labels are mapped the way browsers map them, ISO-8859-1 and
 * ASCII to windows-1252 among them, since pages labelled so are written
 * in it.
 *
 * Conversion goes through iconv(3); a byte it cannot convert becomes
 * U+FFFD, so nothing is ever dropped, and a label iconv does not know is
 * read as UTF-8 and repaired.  UTF-8 pages, the large majority, skip
 * iconv and are only validated.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nw-private.h"

#define PRESCAN_BYTES	4096	/* where a <meta> declaration may be */
#define LABEL_MAX	40

struct charset_converter {
	iconv_t		 cd;
	char		 name[LABEL_MAX + 1];	/* what cd converts from */
};

/* WHATWG labels whose iconv name differs, or which mean another encoding. */
static const struct {
	const char	*label;
	const char	*name;
} aliases[] = {
	{ "ansi_x3.4-1968", "WINDOWS-1252" },
	{ "ascii", "WINDOWS-1252" },
	{ "cp1252", "WINDOWS-1252" },
	{ "cp819", "WINDOWS-1252" },
	{ "csisolatin1", "WINDOWS-1252" },
	{ "ibm819", "WINDOWS-1252" },
	{ "iso-8859-1", "WINDOWS-1252" },
	{ "iso-ir-100", "WINDOWS-1252" },
	{ "iso8859-1", "WINDOWS-1252" },
	{ "iso88591", "WINDOWS-1252" },
	{ "iso_8859-1", "WINDOWS-1252" },
	{ "iso_8859-1:1987", "WINDOWS-1252" },
	{ "l1", "WINDOWS-1252" },
	{ "latin1", "WINDOWS-1252" },
	{ "us-ascii", "WINDOWS-1252" },
	{ "x-cp1252", "WINDOWS-1252" },
	{ "iso-8859-9", "WINDOWS-1254" },
	{ "iso8859-9", "WINDOWS-1254" },
	{ "latin5", "WINDOWS-1254" },
	{ "iso-8859-11", "WINDOWS-874" },
	{ "tis-620", "WINDOWS-874" },
	{ "gb2312", "GBK" },
	{ "gb_2312", "GBK" },
	{ "gb_2312-80", "GBK" },
	{ "x-gbk", "GBK" },
	{ "ks_c_5601-1987", "CP949" },
	{ "euc-kr", "CP949" },
	{ "windows-949", "CP949" },
	{ "shift_jis", "SHIFT_JIS" },
	{ "x-sjis", "SHIFT_JIS" },
	{ "sjis", "SHIFT_JIS" },
	{ "ms932", "CP932" },
	{ "windows-31j", "CP932" },
	{ "big5", "BIG5-HKSCS" },
	{ "x-mac-roman", "MACINTOSH" },
	{ "utf8", "UTF-8" },
	{ "unicode-1-1-utf-8", "UTF-8" },
	{ "x-unicode20utf8", "UTF-8" },
};

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/*
 * The encoding label at s (up to a quote, ';', ',' or space), stored
 * in lower case in out (LABEL_MAX + 1 bytes).  0 if there is none.
 */
static int
label_copy(const char *s, const char *end, char *out)
{
	size_t n = 0;

	while (s < end && (is_space((unsigned char)*s) || *s == '"' ||
	    *s == '\''))
		s++;
	while (s < end && !is_space((unsigned char)*s) && *s != '"' &&
	    *s != '\'' && *s != ';' && *s != ',' && *s != '>' && *s != '/') {
		if (n == LABEL_MAX)
			return 0;
		out[n++] = (char)((*s >= 'A' && *s <= 'Z') ? *s + 32 : *s);
		s++;
	}
	out[n] = '\0';
	return n > 0;
}

/* "charset=" in s[0..n), ignoring case: what follows it, or NULL. */
static const char *
find_charset(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 8 <= n; i++)
		if (strncasecmp(s + i, "charset", 7) == 0) {
			const char *p = s + i + 7, *end = s + n;

			while (p < end && is_space((unsigned char)*p))
				p++;
			if (p < end && *p == '=')
				return p + 1;
		}
	return NULL;
}

int
charset_from_content_type(const char *value, char *label)
{
	const char *p;
	size_t n = strlen(value);

	if ((p = find_charset(value, n)) == NULL)
		return 0;
	return label_copy(p, value + n, label);
}

/* The value of attribute name in the tag s[0..n), or NULL; *len its length. */
static const char *
attribute(const char *s, size_t n, const char *name, size_t *len)
{
	size_t k = strlen(name), i = 0, j;
	char q;

	while (i < n) {
		while (i < n && (is_space((unsigned char)s[i]) || s[i] == '/'))
			i++;
		j = i;
		while (i < n && !is_space((unsigned char)s[i]) && s[i] != '=' &&
		    s[i] != '>' && s[i] != '/')
			i++;
		if (i == j) {
			if (i < n && s[i] != '=')
				i++;
			else if (i == j && i < n)
				i++;
			continue;
		}
		if (i - j == k && strncasecmp(s + j, name, k) == 0) {
			while (i < n && is_space((unsigned char)s[i]))
				i++;
			if (i == n || s[i] != '=')
				return NULL;
			i++;
			while (i < n && is_space((unsigned char)s[i]))
				i++;
			if (i < n && (s[i] == '"' || s[i] == '\'')) {
				q = s[i++];
				j = i;
				while (i < n && s[i] != q)
					i++;
			} else {
				j = i;
				while (i < n && !is_space((unsigned char)s[i]))
					i++;
			}
			*len = i - j;
			return s + j;
		}
		/* Skip this attribute's value. */
		while (i < n && is_space((unsigned char)s[i]))
			i++;
		if (i < n && s[i] == '=') {
			i++;
			while (i < n && is_space((unsigned char)s[i]))
				i++;
			if (i < n && (s[i] == '"' || s[i] == '\'')) {
				q = s[i++];
				while (i < n && s[i] != q)
					i++;
				i++;
			} else
				while (i < n && !is_space((unsigned char)s[i]))
					i++;
		}
	}
	return NULL;
}

int
charset_from_meta(const char *page, size_t len, char *label)
{
	const char *p = page, *end, *tag, *v, *lt;
	size_t vlen;

	end = page + (len < PRESCAN_BYTES ? len : PRESCAN_BYTES);
	while ((lt = memchr(p, '<', (size_t)(end - p))) != NULL) {
		p = lt + 1;
		if (end - p >= 3 && memcmp(p, "!--", 3) == 0) {
			tag = memmem(p + 3, (size_t)(end - p - 3), "-->", 3);
			if (tag == NULL)
				return 0;
			p = tag + 3;
			continue;
		}
		if (end - p < 5 || strncasecmp(p, "meta", 4) != 0 ||
		    !(is_space((unsigned char)p[4]) || p[4] == '/'))
			continue;
		tag = p + 4;
		if ((p = memchr(tag, '>', (size_t)(end - tag))) == NULL)
			return 0;
		if ((v = attribute(tag, (size_t)(p - tag), "charset",
		    &vlen)) != NULL && label_copy(v, v + vlen, label))
			return 1;
		if ((v = attribute(tag, (size_t)(p - tag), "http-equiv",
		    &vlen)) != NULL && vlen == 12 &&
		    strncasecmp(v, "content-type", 12) == 0 &&
		    (v = attribute(tag, (size_t)(p - tag), "content",
		    &vlen)) != NULL && (v = find_charset(v, vlen)) != NULL &&
		    label_copy(v, tag + (p - tag), label))
			return 1;
	}
	return 0;
}

int
charset_from_bom(const char *page, size_t len, char *label, size_t *skip)
{
	const unsigned char *p = (const unsigned char *)page;

	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
		strcpy(label, "utf-8");
		*skip = 3;
		return 1;
	}
	if (len >= 2 && p[0] == 0xff && p[1] == 0xfe) {
		strcpy(label, "utf-16le");
		*skip = 2;
		return 1;
	}
	if (len >= 2 && p[0] == 0xfe && p[1] == 0xff) {
		strcpy(label, "utf-16be");
		*skip = 2;
		return 1;
	}
	return 0;
}

/* The iconv name for label (lower case), or label itself. */
static const char *
iconv_name(const char *label)
{
	size_t i;

	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(label, aliases[i].label) == 0)
			return aliases[i].name;
	return label;
}

int
charset_is_utf8(const char *label)
{
	return strcmp(iconv_name(label), "UTF-8") == 0 ||
	    strcmp(label, "utf-8") == 0;
}

struct charset_converter *
charset_converter_new(void)
{
	struct charset_converter *c;

	c = xcalloc(1, sizeof(*c));
	c->cd = (iconv_t)-1;
	return c;
}

void
charset_converter_free(struct charset_converter *c)
{
	if (c == NULL)
		return;
	if (c->cd != (iconv_t)-1)
		iconv_close(c->cd);
	free(c);
}

/*
 * Append page[0..len), in the encoding label names, to out as UTF-8.
 * Returns 0, or -1 when iconv knows no such encoding (then the bytes are
 * appended as repaired UTF-8).  Bytes that cannot be converted become
 * U+FFFD, one each; *repairs counts them.
 */
int
charset_convert(struct charset_converter *c, const char *label,
    const char *page, size_t len, struct buf *out, size_t *repairs)
{
	const char *name = iconv_name(label);
	char *in, *o;
	size_t inleft, oleft, room;

	*repairs = 0;
	/* Not through iconv: glibc's takes F5..F7 sequences as UTF-8. */
	if (charset_is_utf8(label)) {
		*repairs = utf8_repair(out, page, len);
		return 0;
	}
	if (strcmp(c->name, name) != 0) {
		if (c->cd != (iconv_t)-1)
			iconv_close(c->cd);
		c->name[0] = '\0';
		if ((c->cd = iconv_open("UTF-8", name)) == (iconv_t)-1) {
			*repairs = utf8_repair(out, page, len);
			return -1;
		}
		strncpy(c->name, name, LABEL_MAX);
		c->name[LABEL_MAX] = '\0';
	} else
		iconv(c->cd, NULL, NULL, NULL, NULL);
	in = (char *)(uintptr_t)page;
	inleft = len;
	while (inleft > 0) {
		room = inleft * 2 + 16;
		buf_reserve(out, room);
		o = out->data + out->len;
		oleft = room;
		if (iconv(c->cd, &in, &inleft, &o, &oleft) != (size_t)-1) {
			out->len += room - oleft;
			break;
		}
		out->len += room - oleft;
		if (errno == E2BIG)
			continue;
		/* Invalid or cut short: one replacement, on past one byte. */
		buf_add(out, UTF8_REPLACEMENT, 3);
		(*repairs)++;
		in++;
		inleft--;
		iconv(c->cd, NULL, NULL, NULL, NULL);
	}
	return 0;
}
