/*
 * newswire: looks at the bytes of a web page for what libxml2 need not
 * read of it, without a parser.  Whether bytes are a page at all is
 * htmldetect.c's to tell, and where a browser ends a raw text element
 * htmlraw.c's.
 *
 * libxml2's HTML parser (2.9) reads text one character at a time through
 * a function call per character: on news pages most of its time goes to
 * the text between tags, which it only hands back through the
 * characters callback, and to script and style bodies and comments,
 * which give no text at all.  This pass, one memchr-driven sweep over
 * the page, hands libxml2 a page where
 *
 *   - comments and the bodies of script and style elements are cut out
 *     (a JSON-LD script is kept: the publication date may be in it; a
 *     script runs to where a browser ends it, which html.c has libxml2
 *     skip to when it ends it sooner),
 *   - attributes neither html.c nor libxml2 reads (href, src, data-*
 *     and the like) are left out of start tags,
 *   - an end tag right after a tag, whose name no start tag before it
 *     had, is left out: it closes nothing, but libxml2 looks through all
 *     its open elements for it, which made tag soup (thousands of
 *     unclosed blocks and stray end tags) take time quadratic in its
 *     length, and
 *   - each run of text between a tag and the next '<' or '&' is replaced
 *     by a marker, U+FDD0 and five letters numbering the run, that
 *     html.c's characters callback turns back into the run's bytes.
 *
 * The markup is not parsed here: tree building, tag soup recovery and
 * entities stay libxml2's.  The sweep only follows libxml2's own lexical
 * rules (HTMLparser.c of 2.9.14: where a tag, a quoted attribute value,
 * a comment, a processing instruction or a raw script body ends) so that
 * a cut or a marker is always where libxml2 would have read text it
 * hands out whole or drops; the body of a title or another element a
 * browser reads as raw text, which html.c may read itself, is left as it
 * is or swept only where libxml2 would end it where html.c does.
 * Wherever the two could disagree (an unterminated construct, a script
 * body that starts with a tag, an end tag that is not the script's own
 * or that libxml2 and a browser could read apart, a doctype after the
 * prolog, a page holding U+FDD0 itself, a title's body holding a '<')
 * the sweep stops and the rest of the page goes to libxml2 untouched.
 * fuzz-html parses every input both ways and requires the same
 * paragraphs, hints, title and date.
 *
 * A marker (8 bytes) replaces only runs longer than itself, and a blank
 * put between attributes stands where one was left out, so the page
 * handed on is never longer than the page.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nw-private.h"

#define MARK_DIGITS	5
#define MARK_LEN	HTML_SCAN_MARK_LEN
#define MARK_MAX	(1UL << (4 * MARK_DIGITS))

static const unsigned char *
skip_blanks(const unsigned char *p, const unsigned char *end)
{
	while (p < end && html_is_blank(*p))
		p++;
	return p;
}

static const unsigned char *
skip_name(const unsigned char *p, const unsigned char *end)
{
	while (p < end && html_is_name(*p))
		p++;
	return p;
}

/* Does [p, end) start with the ASCII word w, in any case? */
static int
starts(const unsigned char *p, const unsigned char *end, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(end - p) >= n &&
	    strncasecmp((const char *)p, w, n) == 0;
}

static void
out_add(struct html_scan *s, const unsigned char *p, size_t n)
{
	memcpy(s->out.data + s->out.len, p, n);
	s->out.len += n;
}

/*
 * The attributes html.c reads, or libxml2 does (on meta, all of them are
 * kept): the others are left out of what libxml2 parses.
 */
static int
attribute_wanted(const unsigned char *p, size_t n)
{
	static const char *const names[] = {
		"aria-hidden", "charset", "class", "content", "datetime",
		"hidden", "http-equiv", "id", "itemprop", "name", "property",
		"role", "style", "type"
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n &&
		    strncasecmp((const char *)p, names[i], n) == 0)
			return 1;
	return 0;
}

/*
 * A start tag whose name ends at p (htmlParseStartTag): attributes, a
 * value quoted only right after '=', up to '>' or "/>".  Written to
 * s->out with the attributes not wanted left out (all kept with
 * keep_all); NULL when the page ends first, a name is as long as
 * libxml2 cuts names (100) or a bogus attribute holds a '<', *selfclose
 * set for "/>".
 */
static const unsigned char *
start_tag_end(struct html_scan *s, const unsigned char *p,
    const unsigned char *end, int keep_all, int *selfclose)
{
	const unsigned char *q, *from = p, *attr, *name;
	int dropped = 0, keep;

	*selfclose = 0;
	p = skip_blanks(p, end);
	while (p < end && *p != '>' && !(*p == '/' && p + 1 < end &&
	    p[1] == '>')) {
		attr = p;
		if (html_is_name_start(*p)) {
			name = p;
			p = skip_name(p, end);
			if (p - name >= 100)
				return NULL;
			keep = keep_all || attribute_wanted(name,
			    (size_t)(p - name));
			p = skip_blanks(p, end);
			if (p < end && *p == '=') {
				p = skip_blanks(p + 1, end);
				if (p < end && (*p == '"' || *p == '\'')) {
					if ((q = memchr(p + 1, *p,
					    (size_t)(end - p - 1))) == NULL)
						return NULL;
					p = q + 1;
				} else
					while (p < end && *p != '>' &&
					    !html_is_blank(*p))
						p++;
			}
		} else {	/* bogus, dropped by libxml2: kept as it is */
			keep = 1;
			while (p < end && !html_is_blank(*p) && *p != '>' &&
			    !(*p == '/' && p + 1 < end && p[1] == '>'))
				p++;
			/*
			 * "<html b<r>" with b left out would be "<html <r>",
			 * where html.c takes the html for one implied by r.
			 */
			if (memchr(attr, '<', (size_t)(p - attr)) != NULL)
				return NULL;
		}
		/* What is not yet written starts at from, blanks first. */
		if (!keep)
			dropped = 1;
		else if (dropped) {
			/* The bytes left out pay for the blank. */
			out_add(s, (const unsigned char *)" ", 1);
			out_add(s, attr, (size_t)(p - attr));
			dropped = 0;
		} else
			out_add(s, from, (size_t)(p - from));
		from = p;
		p = skip_blanks(p, end);
	}
	if (p == end)
		return NULL;
	if (*p == '/') {
		*selfclose = 1;
		p += 2;
	} else
		p++;
	/* Not "<a b=c/>" for "<a b=c d/>": the blank stays. */
	if (dropped)
		out_add(s, (const unsigned char *)" ", 1);
	out_add(s, from, (size_t)(p - from));
	return p;
}

/*
 * The names of the start tags seen, in any case, are kept as one bit
 * each for their first and last letters and their length (a Bloom
 * filter of one hash): a name not there was never pushed on libxml2's
 * stack, so an end tag of that name closes nothing.  html, head, body
 * and p are pushed without a start tag (libxml2 implies them) and are
 * never taken for unseen, nor is br: html.c reads "</br>", which closes
 * nothing, as a <br>.
 */
static size_t
name_bit(const unsigned char *p, size_t n)
{
	return ((size_t)(p[0] & 31) << 9) | ((size_t)(p[n - 1] & 31) << 4) |
	    (n & 15);
}

static void
name_seen(struct html_scan *s, const unsigned char *p, size_t n)
{
	size_t b = name_bit(p, n);

	s->started[b >> 6] |= 1ULL << (b & 63);
}

static int
name_unseen(const struct html_scan *s, const unsigned char *p, size_t n)
{
	static const char *const implied[] = {
		"html", "head", "body", "p", "br"
	};
	size_t b = name_bit(p, n), i;

	if (s->started[b >> 6] & 1ULL << (b & 63))
		return 0;
	for (i = 0; i < sizeof(implied) / sizeof(implied[0]); i++)
		if (strlen(implied[i]) == n &&
		    strncasecmp((const char *)p, implied[i], n) == 0)
			return 0;
	return 1;
}

/* Does [p, end) hold the ASCII word w, in any case? */
static int
holds(const unsigned char *p, const unsigned char *end, const char *w)
{
	size_t n = strlen(w);

	for (; (size_t)(end - p) >= n; p++)
		if ((*p | 0x20) == w[0] && starts(p, end, w))
			return 1;
	return 0;
}

/* The end of a comment starting at p ("<!--"), NULL if unterminated. */
const unsigned char *
html_comment_end(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q;

	for (q = p + 4; q + 3 <= end; q++) {
		if ((q = memchr(q, '-', (size_t)(end - q))) == NULL ||
		    q + 3 > end)
			return NULL;
		if (q[1] != '-')
			continue;
		if (q[2] == '>')
			return q + 3;
		if (q[2] == '!' && q + 4 <= end && q[3] == '>')
			return q + 4;
	}
	return NULL;
}

/* A quoted literal at p, if any: its end, or NULL when unterminated. */
static const unsigned char *
literal(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q;

	if (p == end || (*p != '"' && *p != '\''))
		return p;
	if ((q = memchr(p + 1, *p, (size_t)(end - p - 1))) == NULL)
		return NULL;
	return q + 1;
}

/* The end of "<!DOCTYPE" at p (htmlParseDocTypeDecl), NULL if unsure. */
static const unsigned char *
doctype_end(const unsigned char *p, const unsigned char *end)
{
	int public;

	p = skip_blanks(p + 9, end);
	/* libxml2 takes a letter beyond ASCII for a name's start too. */
	if (p < end && *p >= 0x80)
		return NULL;
	if (p < end && (html_is_letter(*p) || *p == '_' || *p == ':')) {
		p = skip_name(p, end);
		if (p < end && *p >= 0x80)
			return NULL;
	}
	p = skip_blanks(p, end);
	public = starts(p, end, "public");
	if (public || starts(p, end, "system")) {
		p = skip_blanks(p + 6, end);
		if ((p = literal(p, end)) == NULL)
			return NULL;
		if (public && (p = literal(skip_blanks(p, end), end)) == NULL)
			return NULL;
	}
	if ((p = memchr(p, '>', (size_t)(end - p))) == NULL)
		return NULL;
	return p + 1;
}

/* Is "script" at p, ended as a tag name is? */
static int
script_name(const unsigned char *p, const unsigned char *end)
{
	return end - p > 6 && strncasecmp((const char *)p, "script", 6) == 0 &&
	    html_is_name_end(p[6]);
}

/*
 * Where a browser ends the body of a script starting at body: the
 * "</script" of its end tag, or NULL when it runs to stop (the script
 * data states of the WHATWG tokenizer).  After "<!--" the body is
 * escaped, and a "<script" there makes it double escaped, where a
 * "</script" does not end it but goes back to escaped; "-->" goes back
 * from either.  So the script of
 * "<!--document.write('<script src=x></script>');//--></script>" ends at
 * its last "</script", where libxml2 ends it at the first.
 */
const char *
html_script_end(const char *body, const char *stop)
{
	const unsigned char *p = (const unsigned char *)body;
	const unsigned char *end = (const unsigned char *)stop;
	enum { DATA, ESCAPED, DOUBLE } state = DATA;
	int dashes = 0;

	while (p < end) {
		if (state == DATA) {
			if ((p = memchr(p, '<', (size_t)(end - p))) == NULL)
				return NULL;
			if (p + 1 < end && p[1] == '/' && script_name(p + 2, end))
				return (const char *)p;
			if (starts(p, end, "<!--")) {
				state = ESCAPED;
				dashes = 2;	/* "<!-->" opens and closes */
				p += 4;
			} else
				p++;
			continue;
		}
		switch (*p) {
		case '-':
			dashes++;
			p++;
			continue;
		case '>':
			if (dashes >= 2)
				state = DATA;
			break;
		case '<':
			if (p + 1 < end && p[1] == '/' && script_name(p + 2,
			    end)) {
				if (state == ESCAPED)
					return (const char *)p;
				state = ESCAPED;
				p += 9;		/* and the character after */
				dashes = 0;
				continue;
			}
			if (state == ESCAPED && script_name(p + 1, end)) {
				state = DOUBLE;
				p += 8;
				dashes = 0;
				continue;
			}
			break;
		}
		dashes = 0;
		p++;
	}
	return NULL;
}

/*
 * Where to cut the body of a script starting at p, when libxml2 ends it
 * at l (its first "</script"): at l when a browser ends it there too.
 * NULL where the two paths could part: the end tag at l could be a
 * browser's and is not, or a browser ends the script elsewhere
 * (html_script_end()).  html.c then has libxml2 go on to the browser's
 * end, or not, by where the script sits (in SVG, MathML or a noscript a
 * browser reads no script data), which this sweep cannot tell.
 */
static const unsigned char *
script_cut(const unsigned char *p, const unsigned char *l,
    const unsigned char *end)
{
	const unsigned char *w;

	if (end - l <= 8 || !html_is_name_end(l[8]))
		return NULL;
	if (memmem(p, (size_t)(l - p), "<!--", 4) == NULL)
		return l;	/* not escaped: l is the browser's end too */
	w = (const unsigned char *)html_script_end((const char *)p,
	    (const char *)end);
	return w == l ? l : NULL;
}

/*
 * The end of the raw body of a script or style element named name,
 * starting at p: where "</name" begins, as libxml2 (recovering) ends
 * it, or for a script as a browser does (script_cut()), or NULL when
 * libxml2 could read it otherwise (see the top).
 */
static const unsigned char *
raw_end(const unsigned char *p, const unsigned char *end, const char *name)
{
	const unsigned char *q;
	size_t n = strlen(name);

	/* A body starting with a tag is looked at as markup first. */
	if (p + 1 < end && *p == '<' && (p[1] == '/' || html_is_letter(p[1]) ||
	    p[1] == '_' || p[1] == ':'))
		return NULL;
	for (q = p; (q = memmem(q, (size_t)(end - q), "</", 2)) != NULL;
	    q += 2) {
		if (!starts(q + 2, end, name))
			continue;
		/* The end tag must be the element's own to close it. */
		if (q + 2 + n < end && html_is_name(q[2 + n]))
			return NULL;
		if (strcmp(name, "script") == 0)
			return script_cut(p, q, end);
		return q;
	}
	return NULL;
}

/* Text a marker may stand for: what libxml2 would hand out unchanged. */
static int
run_plain(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q, *stop;
	uint64_t w, odd;
	int blank = 1;

	while (p < end) {
		/* Eight bytes at a time while none is odd: most text. */
		if (end - p >= 8) {
			memcpy(&w, p, 8);
			odd = swar_bytes_below(w, 0x20) & ~swar_bytes_equal(w,
			    '\n');
			odd |= swar_bytes_equal(w, 0xef);
			if (odd == 0) {
				if ((swar_bytes_equal(w, ' ') |
				    swar_bytes_equal(w, '\n')) != SWAR_HIGHS)
					blank = 0;
				p += 8;
				continue;
			}
		}
		stop = end - p >= 8 ? p + 8 : end;
		for (q = p; q < stop; q++) {
			if (*q < 0x20) {
				if (*q != '\t' && *q != '\n')
					return 0;	/* \r, not XML chars */
				continue;
			}
			if (*q == 0xef && q + 2 < end && q[1] == 0xbf &&
			    (q[2] == 0xbe || q[2] == 0xbf))
				return 0;		/* U+FFFE, U+FFFF */
			if (*q != ' ')
				blank = 0;
		}
		p = stop;
	}
	return !blank;
}

/*
 * Text from p to the next '<': its part before any '&' as a marker when
 * it may be (after markup, long enough, plain), the rest as it is.
 */
static const unsigned char *
text_run(struct html_scan *s, const unsigned char *p,
    const unsigned char *end, int after_markup)
{
	const unsigned char *lt, *amp;
	char *o;
	size_t i, k;

	if ((lt = memchr(p, '<', (size_t)(end - p))) == NULL)
		lt = end;
	if ((amp = memchr(p, '&', (size_t)(lt - p))) == NULL)
		amp = lt;
	if (after_markup && s->marks && (size_t)(amp - p) > MARK_LEN &&
	    s->nruns < MARK_MAX && run_plain(p, amp)) {
		if (s->nruns == s->runcap) {
			s->runcap = s->runcap ? s->runcap * 2 : 256;
			s->runs = xreallocarray(s->runs, s->runcap,
			    sizeof(*s->runs));
		}
		s->runs[s->nruns].off = (size_t)(p - s->base);
		s->runs[s->nruns].len = (size_t)(amp - p);
		o = s->out.data + s->out.len;
		memcpy(o, HTML_SCAN_MARK, sizeof(HTML_SCAN_MARK) - 1);
		o += sizeof(HTML_SCAN_MARK) - 1;
		for (i = 0, k = s->nruns++; i < MARK_DIGITS; i++)
			o[MARK_DIGITS - 1 - i] = (char)('a' + ((k >> (4 * i)) &
			    15));
		s->out.len += MARK_LEN;
		p = amp;
	}
	out_add(s, p, (size_t)(lt - p));
	return lt;
}

/*
 * May a comment ending at q be cut?  Only where what comes before cannot
 * join what comes after into something else: after '>', or after a
 * blank when a '<' follows; not after '<' (a tag would start) nor in the
 * middle of "&name".  Blanks meeting anything but '<' may be blanks no
 * longer to libxml2: in the head, before "&#" (a reference that gives
 * nothing), they open an implied p that the comment kept away.
 */
static int
cut_here(const struct html_scan *s, const unsigned char *q,
    const unsigned char *end)
{
	unsigned char c;

	if (s->out.len == 0)
		return 1;
	c = (unsigned char)s->out.data[s->out.len - 1];
	return c == '>' || (html_is_blank(c) && q < end && *q == '<');
}

/*
 * Does a bogus comment html.c has libxml2 skip (htmllex.c) start at q:
 * "<?" or "</" before what is no letter, or the empty comments "<!-->"
 * and "<!--->"?  What libxml2 reads just before it is kept, so that
 * html.c meets it after the same events as in the page as it is.
 */
static int
bogus_at(const unsigned char *q, const unsigned char *end)
{
	return (end - q >= 2 && q[0] == '<' && (q[1] == '?' ||
	    (q[1] == '/' && (end - q == 2 || !html_is_letter(q[2]))))) ||
	    starts(q, end, "<!-->") || starts(q, end, "<!--->");
}

/* Is the start tag named [p, p + n) one libxml2 drops when misplaced? */
static int
discarded_maybe(const unsigned char *p, size_t n)
{
	return (n == 4 && (strncasecmp((const char *)p, "html", 4) == 0 ||
	    strncasecmp((const char *)p, "head", 4) == 0 ||
	    strncasecmp((const char *)p, "body", 4) == 0));
}

/*
 * Does the body of a bogus comment, [p, q), hold a '<'?  Where html.c
 * does not have libxml2 skip the comment (in an element a browser reads
 * as raw text, such as xmp or title, that libxml2 reads as markup: in
 * SVG, or with no end tag), libxml2 reads its '<' as text and what
 * follows as markup: a "<!--" there would run past the '>'.
 */
static int
holds_lt(const unsigned char *p, const unsigned char *q)
{
	return memchr(p, '<', (size_t)(q - p)) != NULL;
}

void
html_scan(struct html_scan *s, const char *text, size_t n)
{
	const unsigned char *p, *end, *q, *tag;
	const unsigned char *raw_at = NULL, *raw_tag = NULL;
	int selfclose, after = 0, prolog = 1, nogt = 0;
	const char *raw;
	const struct html_raw *rawtext;
	unsigned endless = 0;		/* raw text elements with no end */
	size_t k, mark, tagged = SIZE_MAX;	/* s->out.len after a tag */
	size_t raw_mark = 0;			/* s->out.len before raw_tag */

	s->base = (const unsigned char *)text;
	s->nruns = 0;
	s->marks = 1;
	memset(s->started, 0, sizeof(s->started));
	for (p = s->base, end = p + n; (p = memchr(p, HTML_SCAN_MARK[0],
	    (size_t)(end - p))) != NULL; p++)
		if ((size_t)(end - p) >= sizeof(HTML_SCAN_MARK) - 1 &&
		    memcmp(p, HTML_SCAN_MARK, sizeof(HTML_SCAN_MARK) - 1) == 0)
			s->marks = 0;
	buf_clear(&s->out);
	buf_reserve(&s->out, n);
	p = s->base;
	end = p + n;
	while (p < end) {
		if (raw_at != NULL && p >= raw_at) {
			if (p > raw_at) {
				s->out.len = raw_mark;
				p = raw_tag;
				break;
			}
			raw_at = NULL;
		}
		if (*p != '<') {
			q = p;
			p = text_run(s, p, end, after);
			if (prolog && skip_blanks(q, p) != p)
				prolog = 0;
			after = 0;
			continue;
		}
		after = 0;
		if (p + 1 == end)
			break;
		if (html_is_letter(p[1])) {
			prolog = 0;
			q = skip_name(p + 1, end);
			k = (size_t)(q - p - 1);
			raw = NULL;
			if (k == 6 && strncasecmp((const char *)p + 1,
			    "script", 6) == 0)
				raw = "script";
			else if (k == 5 && strncasecmp((const char *)p + 1,
			    "style", 5) == 0)
				raw = "style";
			/* Inside another's body it is markup, if anything. */
			rawtext = raw_at == NULL ?
			    html_raw_find((const char *)p + 1, k) : NULL;
			if (rawtext != NULL && (endless & rawtext->bit))
				rawtext = NULL;
			mark = s->out.len;
			out_add(s, p, k + 1);
			if (k < 100)
				name_seen(s, p + 1, k);
			if (k >= 100 || (q = start_tag_end(s, q, end, k == 4 &&
			    strncasecmp((const char *)p + 1, "meta", 4) == 0,
			    &selfclose)) == NULL) {
				s->out.len = mark;
				break;
			}
			tag = p;
			after = 1;
			/*
			 * A misplaced html, head or body start tag gives
			 * libxml2 no element and html.c no event: the end
			 * tag after it would be the first markup met.
			 */
			tagged = discarded_maybe(p + 1, k) ? SIZE_MAX :
			    s->out.len;
			p = q;
			/*
			 * The body of an element a browser reads as raw text
			 * html.c reads up to its end itself, or has libxml2
			 * read it as markup (in SVG, say), which this sweep
			 * cannot tell.  A body html.c hands out as text goes
			 * as it is, and only when it holds no '<': text to
			 * libxml2 too, which then ends the element where
			 * html.c does.  Another body is swept as markup, which
			 * it may be, up to that end (raw_at): should a
			 * construct of it run past there, libxml2 would read
			 * on otherwise than html.c, and the sweep stops at the
			 * start tag.  "<title/>" opens one all the same: a
			 * browser ignores the slash.
			 */
			if (rawtext != NULL) {
				q = (const unsigned char *)html_raw_end(rawtext,
				    (const char *)p, (const char *)end);
				if (q == NULL) {
					endless |= rawtext->bit;
					continue;
				}
				if (rawtext->text == HTML_RAW_HIDDEN) {
					raw_at = q;
					raw_mark = mark;
					raw_tag = tag;
					continue;
				}
				if (memchr(p, '<', (size_t)(q - p)) != NULL)
					break;
				out_add(s, p, (size_t)(q - p));
				p = q;
				continue;
			}
			if (raw == NULL || selfclose)
				continue;
			/* A JSON-LD script is kept: it may hold the date. */
			if ((q = raw_end(p, end, raw)) == NULL)
				break;
			if (strcmp(raw, "script") == 0 && holds(tag, p,
			    "ld+json"))
				out_add(s, p, (size_t)(q - p));
			p = q;
			continue;
		}
		if (p[1] == '/') {
			prolog = 0;
			if (p + 2 < end && html_is_name_start(p[2])) {
				q = skip_name(p + 2, end);
				k = (size_t)(q - p - 2);
				if ((q = memchr(q, '>', (size_t)(end - q))) ==
				    NULL)
					break;
				/*
				 * Left out, the tag before meets what follows
				 * as it would have met this one.  Not after a
				 * comment, processing instruction or doctype:
				 * before the first tag libxml2 skips the blanks
				 * after those, but an end tag starts the
				 * content, where blanks are text (1000 in a row
				 * open an implied p).
				 */
				if (s->out.len != tagged || !html_is_letter(p[2]) ||
				    k >= 100 || !name_unseen(s, p + 2, k) ||
				    bogus_at(q + 1, end))
					out_add(s, p, (size_t)(q + 1 - p));
				/*
				 * "</.x>" is a bogus comment to html.c, which
				 * has libxml2 skip it, even before the content:
				 * no tag for the next end tag to follow.
				 */
				tagged = html_is_letter(p[2]) ? s->out.len :
				    SIZE_MAX;
				p = q + 1;
				after = 1;
			} else if (p + 2 < end && p[2] != '>') {
				/*
				 * A bogus comment html.c has libxml2 skip to
				 * the next ">": kept as it is.
				 */
				if ((q = memchr(p + 2, '>', (size_t)(end - p -
				    2))) == NULL || holds_lt(p + 2, q))
					break;
				out_add(s, p, (size_t)(q + 1 - p));
				p = q + 1;
			} else {
				/* libxml2 drops "</", the rest is text. */
				out_add(s, p, 2);
				p += 2;
			}
			continue;
		}
		if (p[1] == '!' && starts(p, end, "<!--")) {
			/*
			 * "<!-->" and "<!--->" are empty comments to a
			 * browser, the start of one to libxml2: html.c has
			 * libxml2 skip them, on the page as it is.
			 */
			if (starts(p, end, "<!-->") || starts(p, end, "<!--->") ||
			    (q = html_comment_end(p, end)) == NULL)
				break;
			if (!cut_here(s, q, end) || bogus_at(q, end))
				out_add(s, p, (size_t)(q - p));
			p = q;
			after = 1;
			continue;
		}
		if (p[1] == '!' && starts(p + 2, end, "doctype")) {
			if (!prolog || (q = doctype_end(p, end)) == NULL)
				break;
			prolog = 0;
			out_add(s, p, (size_t)(q - p));
			p = q;
			after = 1;
			continue;
		}
		/*
		 * "<!" that starts no comment: html.c has libxml2 skip it
		 * to the next ">", so it is kept as it is.
		 */
		if (p[1] == '!' && !nogt) {
			if ((q = memchr(p + 2, '>', (size_t)(end - p - 2))) !=
			    NULL) {
				if (holds_lt(p + 2, q))
					break;
				prolog = 0;
				out_add(s, p, (size_t)(q + 1 - p));
				p = q + 1;
				continue;
			}
			nogt = 1;	/* nor after any "<!" further on */
		}
		if (p[1] == '?') {
			if (p + 2 == end || !(html_is_letter(p[2]) || p[2] == '_' ||
			    p[2] == ':') || (q = memchr(p, '>',
			    (size_t)(end - p))) == NULL)
				break;
			out_add(s, p, (size_t)(q + 1 - p));
			p = q + 1;
			after = 1;
			continue;
		}
		/* '<' that starts nothing: libxml2 hands it out as text. */
		prolog = 0;
		out_add(s, p, 1);
		p++;
	}
	/* A construct that ran past raw_at to the end of the page too. */
	if (raw_at != NULL && p > raw_at) {
		s->out.len = raw_mark;
		p = raw_tag;
	}
	out_add(s, p, (size_t)(end - p));
}

/* The run a marker at p (MARK_LEN bytes) stands for, or NULL. */
const char *
html_scan_run(const struct html_scan *s, const char *p, size_t *len)
{
	size_t i, k = 0;

	for (i = sizeof(HTML_SCAN_MARK) - 1; i < MARK_LEN; i++) {
		if (p[i] < 'a' || p[i] > 'p')
			return NULL;
		k = k << 4 | (size_t)(p[i] - 'a');
	}
	if (k >= s->nruns)
		return NULL;
	*len = s->runs[k].len;
	return (const char *)s->base + s->runs[k].off;
}

void
html_scan_free(struct html_scan *s)
{
	buf_free(&s->out);
	free(s->runs);
	memset(s, 0, sizeof(*s));
}
