/*
 * newswire: the character references of a web page that libxml2 would
 * not read as browsers do, rewritten into ones it does.
 *
 * libxml2's HTML parser (2.9) knows the entities of HTML 4 and &apos;,
 * and only with their ';'.  The rest of the WHATWG table, "&commat;",
 * "&AMP;", "&check;" and two thousand others, would stay in the text as
 * they are, and so would "&copy 2024": browsers read the hundred-odd
 * legacy names (HTML_REF_BARE) without their ';' in text, the longest
 * that matches ("&notit;" is "¬it;").  "&#0;", a surrogate or a number
 * past U+10FFFF, which browsers show as U+FFFD, libxml2 drops, and so
 * it does "&#" with no digit after it, which browsers show as it is.
 * A reference to a control but a blank (a form feed between two words)
 * libxml2 drops or passes on (DEL): it is a space, as a control in the
 * page's text is (html.c).
 * Attribute values libxml2 reads the same way, but for the last two:
 * there they put a NUL that cuts the value short (an og:title, say).
 * In a value browsers read a legacy name without its ';' only when
 * neither '=' nor a letter or digit follows ("?a=1&copy=2" is none).
 *
 * libxml2 has no hook to look a name up through, so before it reads
 * the page each such reference in the page's text and attribute values
 * is replaced by what browsers read, written as numeric references
 * ("&#x40;"), which libxml2 decodes itself: "&LT;" becomes a '<' of the
 * text, never the start of a tag.  Nothing else of the page changes,
 * and what is written is not read again: "&amp;commat;" stays
 * "&commat;".
 *
 * The text is the page but for tags, comments, doctypes, processing
 * instructions and the raw bodies of script and style elements, found
 * by libxml2's lexical rules as htmlscan.c follows them; a construct
 * left open ends the rewriting.  Where the two could disagree it does
 * not matter much: a reference and what replaces it hold no '<', '>',
 * '-' or quote (and a blank only in text), so the markup around it is
 * the same either way.  fuzz-html parses with and without htmlscan.c's
 * sweep, both after this pass.
 *
 * Most pages have no reference to rewrite: one memchr() sweep over
 * their '&'s tells, and they are parsed where they are.  The table is
 * htmlreftable.h, written by htmlreftable.py from Python's copy of the
 * WHATWG one.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "nw-private.h"
#include "htmlreftable.h"

#define NAME_LONGEST	31	/* "CounterClockwiseContourIntegral" */
#define BARE_LONGEST	6	/* "frac12" and others */

static int
is_digit(unsigned char c)
{
	return (unsigned)(c - '0') < 10;
}

static int
is_hex(unsigned char c)
{
	return is_digit(c) || (unsigned)((c | 0x20) - 'a') < 6;
}

/* The reference named by the n bytes at p, or NULL. */
static const struct html_ref *
ref_find(const unsigned char *p, size_t n)
{
	size_t lo = 0, hi = sizeof(html_refs) / sizeof(html_refs[0]), mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strncmp(html_refs[mid].name, (const char *)p,
		    n)) == 0 && html_refs[mid].name[n] != '\0')
			c = 1;
		if (c == 0)
			return &html_refs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * The reference at p ('&') if it is to be rewritten: its length, and in
 * code[] what browsers read it as (code[1] 0 for one character); 0 when
 * libxml2 reads it as browsers do.  In an attribute's value (attr), a
 * legacy name without its ';' is no reference when '=' or a letter or
 * digit follows ("?a=1&copy=2").
 */
static size_t
ref_span(const unsigned char *p, const unsigned char *end, int attr,
    uint32_t *code)
{
	const struct html_ref *r;
	const unsigned char *q = p + 1;
	uint32_t v = 0;
	size_t k, j;
	int hex;

	code[1] = 0;
	if (q < end && *q == '#') {
		/* htmlParseCharRef: digits, then a ';' if there is one. */
		hex = ++q < end && (*q | 0x20) == 'x';
		q += hex;
		for (k = 0; q < end && (hex ? is_hex(*q) : is_digit(*q));
		    q++, k++)
			if (v < 0x110000)
				v = v * (hex ? 16 : 10) + (uint32_t)(is_digit(*q) ?
				    *q - '0' : (*q | 0x20) - 'a' + 10);
		if (k == 0) {
			code[0] = '&';		/* "&#" as it is */
			return 1;
		}
		/* A control but a blank: a space, as a control in text is. */
		if ((v > 0 && v < 0x20 && v != '\t' && v != '\n' &&
		    v != '\r') || v == 0x7f)
			code[0] = ' ';
		else if (v != 0 && (v < 0xd800 || v > 0xdfff) && v < 0x110000)
			return 0;
		else
			code[0] = 0xfffd;
		return (size_t)(q - p) + (q < end && *q == ';');
	}
	for (k = 0; q + k < end && k <= NAME_LONGEST &&
	    (html_is_letter(q[k]) || is_digit(q[k])); k++)
		;
	if (k <= NAME_LONGEST && q + k < end && q[k] == ';' &&
	    (r = ref_find(q, k)) != NULL) {
		if (r->flags & HTML_REF_LIBXML)
			return 0;
		memcpy(code, r->code, sizeof(r->code));
		return k + 2;
	}
	for (j = k < BARE_LONGEST ? k : BARE_LONGEST; j >= 2; j--)
		if ((r = ref_find(q, j)) != NULL && (r->flags & HTML_REF_BARE)) {
			if (attr && q + j < end && (q[j] == '=' ||
			    html_is_letter(q[j]) || is_digit(q[j])))
				return 0;
			memcpy(code, r->code, sizeof(r->code));
			return j + 1;
		}
	return 0;
}

/*
 * A character written where libxml2 reads it: a blank in text as it is,
 * as browsers read the blanks they decode, and not as a reference that
 * would open a paragraph in the head.
 */
static void
char_add(struct buf *out, uint32_t c, int attr)
{
	char ref[16];

	if (!attr && (c == '\t' || c == '\n' || c == ' '))
		buf_addc(out, (int)c);
	else
		buf_add(out, ref, (size_t)snprintf(ref, sizeof(ref), "&#x%x;",
		    (unsigned)c));
}

/* The page being rewritten: its bytes from from on are not yet in out. */
struct rewrite {
	struct buf		*out;
	const unsigned char	*from;
	size_t			 nonchars;	/* U+FFFD for them */
	unsigned		 endless;	/* raw text elements with no
						   end (struct html_raw) */
};

/* The references in [p, end): text, or an attribute's value (attr). */
static void
refs_in(struct rewrite *w, const unsigned char *p, const unsigned char *end,
    int attr)
{
	const unsigned char *amp;
	uint32_t code[2];
	size_t span;

	while ((amp = memchr(p, '&', (size_t)(end - p))) != NULL) {
		if ((span = ref_span(amp, end, attr, code)) == 0) {
			p = amp + 1;
			continue;
		}
		buf_add(w->out, w->from, (size_t)(amp - w->from));
		/* No name stands for U+FFFD; "&#xfffd;" is left as it is. */
		w->nonchars += code[0] == 0xfffd;
		char_add(w->out, code[0], attr);
		if (code[1] != 0)
			char_add(w->out, code[1], attr);
		w->from = p = amp + span;
	}
}

/*
 * The end of a start tag whose name ends at p (htmlParseStartTag), the
 * references in its attributes' values rewritten: a value is quoted only
 * right after '='; NULL when the page ends first, *selfclose set for
 * "/>".
 */
static const unsigned char *
start_tag_end(struct rewrite *w, const unsigned char *p,
    const unsigned char *end, int *selfclose)
{
	const unsigned char *q;

	*selfclose = 0;
	while (p < end && *p != '>') {
		if (*p == '/' && p + 1 < end && p[1] == '>') {
			*selfclose = 1;
			return p + 2;
		}
		if (html_is_blank(*p)) {
			p++;
			continue;
		}
		if (!html_is_name_start(*p)) {	/* bogus, up to a blank */
			while (p < end && !html_is_blank(*p) && *p != '>' &&
			    !(*p == '/' && p + 1 < end && p[1] == '>'))
				p++;
			continue;
		}
		while (p < end && html_is_name(*p))
			p++;
		while (p < end && html_is_blank(*p))
			p++;
		if (p == end || *p != '=')
			continue;
		for (p++; p < end && html_is_blank(*p); p++)
			;
		if (p < end && (*p == '"' || *p == '\'')) {
			if ((q = memchr(p + 1, *p, (size_t)(end - p - 1))) ==
			    NULL)
				return NULL;
			refs_in(w, p + 1, q, 1);
			p = q + 1;
		} else {
			for (q = p; p < end && *p != '>' && !html_is_blank(*p); p++)
				;
			refs_in(w, q, p, 1);
		}
	}
	return p < end ? p + 1 : NULL;
}

/*
 * Where the markup starting at p ('<') ends and text may start again
 * (p + 1 for a '<' that is text), NULL when it runs to the end.  A
 * script or style element ends where "</" and its name begin, as in
 * libxml2 (recovering).  Another element a browser reads as raw text
 * ends where a browser ends it, as html.c has it (htmllex.c): a title's
 * references are rewritten up to there, as the text they are, an xmp's
 * are left as they are.  "<title/>" opens one too, as in a browser.
 * One with no end is read on as markup.  A plaintext runs to the end of
 * the page, whose text html.c shows as it is: nothing after its start
 * tag is rewritten, even where it is markup (in SVG).
 */
static const unsigned char *
markup_end(struct rewrite *w, const unsigned char *p,
    const unsigned char *end)
{
	const struct html_raw *r;
	const unsigned char *q, *name, *e;
	size_t n;
	int selfclose;

	if (p + 1 == end)
		return end;
	if (html_is_letter(p[1])) {
		for (name = q = p + 1; q < end && html_is_name(*q); q++)
			;
		n = (size_t)(q - name);
		if ((q = start_tag_end(w, q, end, &selfclose)) == NULL)
			return NULL;
		if ((r = html_raw_find((const char *)name, n)) != NULL &&
		    !(w->endless & r->bit)) {
			e = (const unsigned char *)html_raw_end(r,
			    (const char *)q, (const char *)end);
			if (e == NULL) {
				w->endless |= r->bit;
				return q;
			}
			if (r->text == HTML_RAW_REFS)
				refs_in(w, q, e, 0);
			return e;
		}
		if (selfclose || !((n == 6 && strncasecmp((const char *)name,
		    "script", 6) == 0) || (n == 5 && strncasecmp(
		    (const char *)name, "style", 5) == 0)))
			return q;
		for (; (q = memmem(q, (size_t)(end - q), "</", 2)) != NULL;
		    q += 2)
			if ((size_t)(end - q - 2) >= n && strncasecmp(
			    (const char *)q + 2, (const char *)name, n) == 0)
				return q;
		return NULL;
	}
	if (p[1] == '/')
		return p + 2 < end && html_is_name_start(p[2]) ? ((q = memchr(p,
		    '>', (size_t)(end - p))) == NULL ? NULL : q + 1) : p + 2;
	if (p[1] == '!' && end - p >= 4 && memcmp(p, "<!--", 4) == 0)
		return html_comment_end(p, end);
	if (p[1] == '!' || p[1] == '?')
		return (q = memchr(p, '>', (size_t)(end - p))) == NULL ?
		    NULL : q + 1;
	return p + 1;
}

int
html_refs_rewrite(struct buf *out, const char *text, size_t n,
    size_t *nonchars)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + n;
	const unsigned char *lt, *amp;
	struct rewrite w = { out, p, 0, 0 };
	uint32_t code[2];

	*nonchars = 0;
	/* The text's rules find all the values' would, and more. */
	for (amp = p; (amp = memchr(amp, '&', (size_t)(end - amp))) != NULL;
	    amp++)
		if (ref_span(amp, end, 0, code) > 0)
			break;
	if (amp == NULL)
		return 0;
	buf_clear(out);
	buf_reserve(out, n + n / 16);
	for (; p != NULL && p < end; p = markup_end(&w, lt, end)) {
		if ((lt = memchr(p, '<', (size_t)(end - p))) == NULL)
			lt = end;
		refs_in(&w, p, lt, 0);
		if (lt == end)
			break;
	}
	/* From a construct left open on, the page stays as it is. */
	buf_add(out, w.from, (size_t)(end - w.from));
	*nonchars = w.nonchars;
	return 1;
}
