/*
 * newswire: the character encoding of a web page, and its conversion to
 * UTF-8.
 *
 * A page says what it is in up to three places that may disagree: a
 * byte-order mark, the HTTP Content-Type header, and a <meta charset> or
 * <meta http-equiv> near its start (or, in an XHTML page that has no
 * <meta> label, its XML declaration).  A byte-order mark is never there
 * by accident, so it wins, as in browsers (WHATWG Encoding); then HTTP,
 * then the page's own declaration; with none, bytes that are UTF-8 are UTF-8
 * (sniff_utf8(): a few invalid sequences allowed) and anything else is
 * windows-1252, the usual legacy encoding of the web.  Labels are mapped
 * the way browsers map them (the WHATWG table), ISO-8859-1 and ASCII to
 * windows-1252 among them, since pages labelled so are written in it.
 *
 * A label browsers do not know is skipped as there, and the next place
 * looked at.  Conversion goes through iconv(3); a byte it cannot convert
 * becomes U+FFFD (but for the few bytes browsers decode and iconv does
 * not: browser_byte()), so nothing is ever dropped, and a label iconv
 * does not know is read as UTF-8 and repaired.  UTF-8 pages, the large
 * majority, skip iconv and are only validated.
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nw-private.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define PRESCAN_BYTES	4096	/* where a <meta> declaration may be */
#define LABEL_MAX	40

struct charset_converter {
	iconv_t		 cd;
	char		 name[LABEL_MAX + 1];	/* what cd converts from */
};

/*
 * The WHATWG Encoding Standard's labels, as browsers read them, by the
 * iconv(3) name of the encoding they mean; a label not here is one
 * browsers do not know (UTF-7 and UTF-32 among them).  Where iconv has
 * the variant browsers decode, it is named: windows-31J for Shift_JIS,
 * Microsoft's EUC-JP, UHC for EUC-KR, GB18030 for GBK (its decoder
 * there), HKSCS for Big5, KOI8-RU for KOI8-U (its table there).
 * x-user-defined is windows-1252, as HTML makes it from a <meta>; from
 * HTTP browsers map its high bytes to private-use characters, which
 * hold no text.  Browsers read the ISO-2022-KR and -CN and HZ labels as
 * a lone U+FFFD, lest script hide in them; here the text is wanted.
 */
static const struct {
	const char	*name;
	const char	*labels;	/* space-separated */
} encodings[] = {
	{ "UTF-8", "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 "
	    "utf8 x-unicode20utf8" },
	{ "WINDOWS-1252", "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 "
	    "ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 iso_8859-1 "
	    "iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252 "
	    "x-user-defined" },
	{ "IBM866", "866 cp866 csibm866 ibm866" },
	{ "ISO-8859-2", "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 "
	    "iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2" },
	{ "ISO-8859-3", "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 "
	    "iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3" },
	{ "ISO-8859-4", "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 "
	    "iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4" },
	{ "ISO-8859-5", "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 "
	    "iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988" },
	{ "ISO-8859-6", "arabic asmo-708 csiso88596e csiso88596i "
	    "csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e iso-8859-6-i "
	    "iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987" },
	{ "ISO-8859-7", "csisolatingreek ecma-118 elot_928 greek greek8 "
	    "iso-8859-7 iso-ir-126 iso8859-7 iso88597 iso_8859-7 "
	    "iso_8859-7:1987 sun_eu_greek" },
	/* ISO-8859-8-I, logical order, has the same bytes. */
	{ "ISO-8859-8", "csiso88598e csisolatinhebrew hebrew iso-8859-8 "
	    "iso-8859-8-e iso-ir-138 iso8859-8 iso88598 iso_8859-8 "
	    "iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical" },
	{ "ISO-8859-10", "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 "
	    "iso885910 l6 latin6" },
	{ "ISO-8859-13", "iso-8859-13 iso8859-13 iso885913" },
	{ "ISO-8859-14", "iso-8859-14 iso8859-14 iso885914" },
	{ "ISO-8859-15", "csisolatin9 iso-8859-15 iso8859-15 iso885915 "
	    "iso_8859-15 l9" },
	{ "ISO-8859-16", "iso-8859-16" },
	{ "KOI8-R", "cskoi8r koi koi8 koi8-r koi8_r" },
	{ "KOI8-RU", "koi8-ru koi8-u" },
	{ "MACINTOSH", "csmacintosh mac macintosh x-mac-roman" },
	{ "WINDOWS-874", "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 "
	    "windows-874" },
	{ "WINDOWS-1250", "cp1250 windows-1250 x-cp1250" },
	{ "WINDOWS-1251", "cp1251 windows-1251 x-cp1251" },
	{ "WINDOWS-1253", "cp1253 windows-1253 x-cp1253" },
	{ "WINDOWS-1254", "cp1254 csisolatin5 iso-8859-9 iso-ir-148 "
	    "iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5 "
	    "windows-1254 x-cp1254" },
	{ "WINDOWS-1255", "cp1255 windows-1255 x-cp1255" },
	{ "WINDOWS-1256", "cp1256 windows-1256 x-cp1256" },
	{ "WINDOWS-1257", "cp1257 windows-1257 x-cp1257" },
	{ "WINDOWS-1258", "cp1258 windows-1258 x-cp1258" },
	{ "MAC-CYRILLIC", "x-mac-cyrillic x-mac-ukrainian" },
	{ "GB18030", "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 "
	    "gb_2312-80 gbk iso-ir-58 x-gbk gb18030" },
	{ "BIG5-HKSCS", "big5 big5-hkscs cn-big5 csbig5 x-x-big5" },
	{ "EUC-JP-MS", "cseucpkdfmtjapanese euc-jp x-euc-jp" },
	{ "ISO-2022-JP", "csiso2022jp iso-2022-jp" },
	{ "CP932", "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis "
	    "windows-31j x-sjis" },
	{ "CP949", "cseuckr csksc56011987 euc-kr iso-ir-149 korean "
	    "ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 windows-949" },
	{ "ISO-2022-KR", "csiso2022kr iso-2022-kr" },
	{ "ISO-2022-CN", "iso-2022-cn" },
	{ "ISO-2022-CN-EXT", "iso-2022-cn-ext" },
	{ "HZ", "hz-gb-2312" },
	{ "UTF-16BE", "unicodefffe utf-16be" },
	{ "UTF-16LE", "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff "
	    "utf-16 utf-16le" },
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

/*
 * The charset parameter of an HTTP Content-Type (RFC 9110): of the
 * parameters after the type, each NAME=VALUE after a ';', the first
 * named charset (in any case, blanks around its '=' let be), its value
 * a token or a quoted string.  A quoted value is read to its closing
 * quote, an escaped quote and a ';' inside it taken as text, so that
 * 'foo="a;charset=utf-8"' names no charset.
 */
int
charset_from_content_type(const char *value, char *label)
{
	const char *p = value, *end = value + strlen(value), *name, *ne;
	char unq[LABEL_MAX + 2];
	size_t k;
	int ischarset;

	while ((p = memchr(p, ';', (size_t)(end - p))) != NULL) {
		for (p++; p < end && is_space((unsigned char)*p); p++)
			;
		for (name = p; p < end && *p != '=' && *p != ';'; p++)
			;
		if (p == end || *p == ';')
			continue;
		for (ne = p; ne > name && is_space((unsigned char)ne[-1]); ne--)
			;
		ischarset = ne - name == 7 && strncasecmp(name, "charset",
		    7) == 0;
		for (p++; p < end && is_space((unsigned char)*p); p++)
			;
		if (p < end && *p == '"') {
			for (p++, k = 0; p < end && *p != '"'; p++) {
				if (*p == '\\' && p + 1 < end)
					p++;
				if (k < sizeof(unq) - 1)
					unq[k++] = *p;
			}
			if (ischarset)
				return label_copy(unq, unq + k, label);
			continue;
		}
		if (ischarset)
			return label_copy(p, end, label);
	}
	return 0;
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

/*
 * The first <meta> label browsers know wins; a label they do not know is
 * skipped as there, the first such one copied into unknown (when it is
 * not NULL and empty still).
 */
int
charset_from_meta(const char *page, size_t len, char *label, char *unknown)
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
		if (!(((v = attribute(tag, (size_t)(p - tag), "charset",
		    &vlen)) != NULL && label_copy(v, v + vlen, label)) ||
		    ((v = attribute(tag, (size_t)(p - tag), "http-equiv",
		    &vlen)) != NULL && vlen == 12 &&
		    strncasecmp(v, "content-type", 12) == 0 &&
		    (v = attribute(tag, (size_t)(p - tag), "content",
		    &vlen)) != NULL && (v = find_charset(v, vlen)) != NULL &&
		    label_copy(v, tag + (p - tag), label))))
			continue;
		if (charset_encoding(label) != NULL)
			return 1;
		if (unknown != NULL && *unknown == '\0')
			strcpy(unknown, label);
	}
	return 0;
}

/*
 * The encoding an XML declaration names, as an XHTML page starts
 * ('<?xml version="1.0" encoding="windows-1251"?>'): taken when the
 * page has no <meta> label, as an XML parser takes it; an unknown one is
 * copied into unknown as charset_from_meta() copies its own.
 */
int
charset_from_xml(const char *page, size_t len, char *label, char *unknown)
{
	const char *end, *v;
	size_t vlen;

	if (len > PRESCAN_BYTES)
		len = PRESCAN_BYTES;
	if (len < 6 || memcmp(page, "<?xml", 5) != 0 ||
	    !is_space((unsigned char)page[5]) ||
	    (end = memmem(page, len, "?>", 2)) == NULL)
		return 0;
	if ((v = attribute(page + 5, (size_t)(end - page - 5), "encoding",
	    &vlen)) == NULL || !label_copy(v, v + vlen, label))
		return 0;
	if (charset_encoding(label) != NULL)
		return 1;
	if (unknown != NULL && *unknown == '\0')
		strcpy(unknown, label);
	return 0;
}

/*
 * UTF-32 behind its mark, which browsers do not read (they take FF FE
 * 00 00 for UTF-16 and the page comes out spaced by NULs) but iconv and
 * Python write: "utf-32le" or "utf-32be", labels no page may give in a
 * <meta>, as browsers know none such.
 */
int
charset_from_bom(const char *page, size_t len, char *label, size_t *skip)
{
	const unsigned char *p = (const unsigned char *)page;

	if (len >= 4 && memcmp(p, "\xff\xfe\0\0", 4) == 0) {
		strcpy(label, "utf-32le");
		*skip = 4;
		return 1;
	}
	if (len >= 4 && memcmp(p, "\0\0\xfe\xff", 4) == 0) {
		strcpy(label, "utf-32be");
		*skip = 4;
		return 1;
	}
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

const char *
charset_encoding(const char *label)
{
	const char *p;
	size_t i, k = strlen(label);

	for (i = 0; i < sizeof(encodings) / sizeof(encodings[0]); i++)
		for (p = encodings[i].labels; k > 0 &&
		    (p = strstr(p, label)) != NULL; p++)
			if ((p == encodings[i].labels || p[-1] == ' ') &&
			    (p[k] == ' ' || p[k] == '\0'))
				return encodings[i].name;
	return NULL;
}

/*
 * The iconv name of the encoding label (any case) means, when text in it
 * can be read a line at a time as a fallback for lines that are not
 * UTF-8 (--charset): NULL for a label browsers do not know, UTF-16
 * (found by its byte order mark, and no line of it is ASCII) and the
 * 7-bit encodings (ISO-2022, HZ), whose lines read as valid UTF-8.
 */
const char *
charset_text_encoding(const char *label)
{
	char low[LABEL_MAX + 1];
	const char *name;
	size_t i;

	for (i = 0; label[i] != '\0'; i++) {
		if (i == LABEL_MAX)
			return NULL;
		low[i] = (char)tolower((unsigned char)label[i]);
	}
	low[i] = '\0';
	if ((name = charset_encoding(low)) == NULL ||
	    strncmp(name, "UTF-16", 6) == 0 ||
	    strncmp(name, "ISO-2022", 8) == 0 || strcmp(name, "HZ") == 0)
		return NULL;
	return name;
}

/*
 * A --charset label, lower-cased in place, as struct source_options
 * holds it; a usage error naming the option when lines of text cannot
 * be read in it (charset_text_encoding()).
 */
char *
charset_text_label(char *label, const char *opt)
{
	char *c;

	for (c = label; *c != '\0'; c++)
		*c = (char)tolower((unsigned char)*c);
	if (charset_text_encoding(label) == NULL)
		errx(NW_EXIT_USAGE, "%s: %s: unknown, or not one that lines of "
		    "text can be read in", opt, label);
	return label;
}

int
charset_is_utf8(const char *label)
{
	const char *name = charset_encoding(label);

	return name != NULL && strcmp(name, "UTF-8") == 0;
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
 * What browsers decode a byte iconv(3) refuses in encoding name as, or
 * 0: the bytes from 0x80 to 0x9F a windows code page leaves unassigned
 * are the C1 controls there (the WHATWG indexes), and 0x80 alone in GBK
 * and GB18030 is the euro sign (the WHATWG gb18030 decoder).
 */
static int32_t
browser_byte(const char *name, unsigned char c)
{
	if (strncmp(name, "WINDOWS-", 8) == 0 && c >= 0x80 && c <= 0x9f)
		return c;
	if (strcmp(name, "GB18030") == 0 && c == 0x80)
		return 0x20ac;
	return 0;
}

/*
 * Write out what the converter holds back, and return it to its initial
 * state: glibc's CP1258 keeps a letter back for a tone mark that may
 * follow it, which a reset alone would throw away.
 */
static void
converter_flush(struct charset_converter *c, struct buf *out)
{
	char *o;
	size_t oleft = 32;

	buf_reserve(out, oleft);
	o = out->data + out->len;
	if (iconv(c->cd, NULL, NULL, &o, &oleft) != (size_t)-1)
		out->len += 32 - oleft;
	else
		iconv(c->cd, NULL, NULL, NULL, NULL);
}

/*
 * UTF-32 page[0..len) (le: little-endian) to out as UTF-8, by hand: iconv
 * would go on one byte past a unit that is no character (a surrogate,
 * or past U+10FFFF) and read the rest out of step.  Such a unit, and the
 * bytes of one cut short at the end, become U+FFFD; returns how many.
 */
static size_t
utf32_convert(const char *page, size_t len, int le, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)page;
	size_t i, repairs = 0;
	uint32_t u;

	buf_reserve(out, len + 3);
	for (i = 0; i + 4 <= len; i += 4) {
		u = utf32_unit(p + i, le);
		if (utf32_invalid(u)) {
			u = 0xfffd;
			repairs++;
		}
		out->len += utf8_encode((int32_t)u, out->data + out->len);
	}
	if (i < len) {
		buf_add(out, UTF8_REPLACEMENT, 3);
		repairs++;
	}
	return repairs;
}

/*
 * Append page[0..len), in the encoding label names, to out as UTF-8.
 * Returns 0, or -1 when browsers or iconv know no such encoding (then
 * the bytes are appended as repaired UTF-8).  Bytes that cannot be
 * converted become U+FFFD, one each; *repairs counts them.
 */
int
charset_convert(struct charset_converter *c, const char *label,
    const char *page, size_t len, struct buf *out, size_t *repairs)
{
	const char *name = charset_encoding(label);
	char *in, *o;
	size_t inleft, oleft, room;
	int32_t u;

	*repairs = 0;
	/* Labels only a byte order mark gives (charset_from_bom()). */
	if (strcmp(label, "utf-32le") == 0 || strcmp(label, "utf-32be") == 0) {
		*repairs = utf32_convert(page, len, label[6] == 'l', out);
		return 0;
	}
	if (name == NULL) {
		*repairs = utf8_repair(out, page, len);
		return -1;
	}
	/* Not through iconv: glibc's takes F5..F7 sequences as UTF-8. */
	if (strcmp(name, "UTF-8") == 0) {
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
		/*
		 * Invalid or cut short: what came before it, then one
		 * replacement, on past one byte.
		 */
		converter_flush(c, out);
		if ((u = browser_byte(name, (unsigned char)*in)) != 0) {
			buf_reserve(out, 4);
			out->len += utf8_encode(u, out->data + out->len);
		} else {
			buf_add(out, UTF8_REPLACEMENT, 3);
			(*repairs)++;
		}
		in++;
		inleft--;
	}
	converter_flush(c, out);
	return 0;
}

/* A C0 control but tab, line feed and carriage return, or DEL. */
static inline int
is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
}

/* Whether s[0..n) holds such a control (NUL included), 16 bytes a step. */
static int
has_control(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
#ifdef __SSE2__
	const __m128i top = _mm_set1_epi8(0x1f), del = _mm_set1_epi8(0x7f),
	    tab = _mm_set1_epi8('\t'), lf = _mm_set1_epi8('\n'),
	    cr = _mm_set1_epi8('\r');
	__m128i v, c;

	for (; end - p >= 16; p += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* Up to 0x1f, unsigned: the minimum is the byte. */
		c = _mm_cmpeq_epi8(_mm_min_epu8(v, top), v);
		c = _mm_andnot_si128(_mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, lf)),
		    _mm_cmpeq_epi8(v, cr)), c);
		c = _mm_or_si128(c, _mm_cmpeq_epi8(v, del));
		if (_mm_movemask_epi8(c) != 0)
			return 1;
	}
#endif
	for (; p < end; p++)
		if (is_control(*p))
			return 1;
	return 0;
}

/*
 * The controls of has_control() but NUL (counted apart) made spaces, as
 * every tool makes them in text: libxml2 drops them (a form feed
 * between two words joined them) or passes them on (DEL), where
 * browsers show a space or nothing.
 */
static void
controls_blank(char *s, size_t n)
{
	unsigned char *p = (unsigned char *)s, *end = p + n;

	for (; p < end; p++)
		if (*p != '\0' && is_control(*p))
			*p = ' ';
}

/*
 * Whether a page that declares no charset is UTF-8: when it is valid
 * UTF-8, or when its invalid sequences are at most one in eight of its
 * valid multi-byte ones, a sequence of three or four bytes weighing
 * four (legacy text makes a valid two-byte sequence now and then, of a
 * capital and a symbol in windows-1252, a three-byte one hardly ever),
 * or when the only invalid one is a sequence the end of the bytes cuts
 * short, which tells nothing either way.  A UTF-8 page cut
 * mid-character (a WARC record cut short, kept with --truncated keep)
 * or with a stray Latin-1 byte pasted in stays UTF-8, its bad bytes
 * made U+FFFD, rather than all its text windows-1252 mojibake.  Of the
 * UTF-8 pages of tests/eval-clean's sets made windows-1252, -1250,
 * -1251, KOI8-R, GBK, Big5, Shift_JIS, EUC-JP or EUC-KR, none had as
 * many as two valid sequences to one invalid, and of the legacy pages
 * there none more than one to three (a GB2312 page), while the UTF-8
 * pages there with bad bytes had 25 or more to one.
 */
static int
sniff_utf8(const char *p, size_t n)
{
	size_t invalid, multibyte, longer;
	int cut;

	if (utf8_valid_prefix(p, n) == n)
		return 1;
	invalid = utf8_tally(p, n, &multibyte, &longer, &cut) - (size_t)cut;
	return invalid == 0 || invalid * 8 <= multibyte + 3 * longer;
}

/*
 * A web page p[0..n) in UTF-8: decide its encoding (BOM, then HTTP's
 * content_type, then <meta>, then a sniff) and convert it into
 * cp->utf8, NUL bytes and other controls made spaces; what was decided
 * and repaired goes to pg.  A label browsers do not know is skipped, as
 * there, and kept in pg->ignored (the first one) to be reported.  A
 * page that is valid UTF-8 already, with no control, is used where it is
 * (no copy of a large page): *text and *len say what to parse.  A page
 * that is text already (is_text: decoded from a JSON string) is UTF-8 whatever it
 * declares, as a browser ignores <meta charset> in HTML parsed from a
 * string; a leading U+FEFF is dropped as a byte order mark would be.
 */
void
charset_page_utf8(struct charset_page *cp, const char *p, size_t n,
    const char *content_type, int is_text, struct html_page *pg,
    const char **text, size_t *len)
{
	char label[64];
	size_t skip = 0, i, repairs = 0;
	char *z;

	pg->charset[0] = '\0';
	pg->ignored[0] = '\0';
	pg->charset_from = NULL;
	if (is_text) {
		strcpy(label, "utf-8");
		pg->charset_from = "text";
		if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
			skip = 3;
	} else if (charset_from_bom(p, n, label, &skip))
		pg->charset_from = "bom";
	else if (content_type != NULL &&
	    charset_from_content_type(content_type, label)) {
		if (charset_encoding(label) != NULL)
			pg->charset_from = "http";
		else
			strcpy(pg->ignored, label);
	}
	if (pg->charset_from == NULL && (charset_from_meta(p, n, label,
	    pg->ignored) || charset_from_xml(p, n, label, pg->ignored))) {
		pg->charset_from = "meta";
		/* A page that could say so in ASCII is no UTF-16. */
		if (strncmp(charset_encoding(label), "UTF-16", 6) == 0)
			strcpy(label, "utf-8");
	} else if (pg->charset_from == NULL) {
		pg->charset_from = "sniff";
		snprintf(label, sizeof(label), "%s", sniff_utf8(p, n) ?
		    "utf-8" : cp->fallback != NULL ? cp->fallback :
		    "windows-1252");
	}
	snprintf(pg->charset, sizeof(pg->charset), "%s", label);
	pg->repairs = pg->nuls = 0;
	pg->unknown_charset = 0;
	if (charset_is_utf8(label) && utf8_valid_prefix(p + skip, n - skip) ==
	    n - skip && !has_control(p + skip, n - skip)) {
		*text = p + skip;
		*len = n - skip;
		return;
	}
	buf_clear(&cp->utf8);
	pg->unknown_charset = charset_convert(cp->conv, label, p + skip,
	    n - skip, &cp->utf8, &repairs) == -1;
	/*
	 * libxml2 reads the rest of a page as Latin-1 once it meets a byte
	 * that is not UTF-8: what iconv made is checked all the same.
	 */
	if (utf8_valid_prefix(cp->utf8.data, cp->utf8.len) != cp->utf8.len) {
		struct buf fixed = { 0 };

		repairs += utf8_repair(&fixed, cp->utf8.data, cp->utf8.len);
		buf_free(&cp->utf8);
		cp->utf8 = fixed;
	}
	pg->repairs = repairs;
	buf_cstr(&cp->utf8);
	for (z = cp->utf8.data, i = 0; (z = memchr(z, '\0',
	    cp->utf8.len - (size_t)(z - cp->utf8.data))) != NULL; i++)
		*z = ' ';
	pg->nuls = i;
	controls_blank(cp->utf8.data, cp->utf8.len);
	*text = cp->utf8.data;
	*len = cp->utf8.len;
}
