/*
 * newswire: paragraphs from the lines of one document.
 *
 * Dumps come in three layouts: one paragraph per line (scraped pages,
 * like seeds/), hard-wrapped blocks separated by blank lines (e-mail, much
 * wire copy), and hard-wrapped lines where each paragraph's first line is
 * indented and no blank line separates them (Reuters and AP wire copy).
 * In the last two the lines of a paragraph are joined.  PARA_AUTO tells
 * them apart per document:
 *
 *  - A line wider than WRAP_WIDTH columns with a space in its first
 *    WRAP_WIDTH columns cannot come from a text wrapped at that width:
 *    the wrapper would have broken it there.  Once three such lines are
 *    seen and they are more than 1 in 20 of the lines so far, the
 *    document is one paragraph per line and lines stream out at once.
 *  - Otherwise the lines are held until the end of the document (or
 *    PROBE_LINES lines, or PROBE_BYTES bytes) and the document counts as
 *    hard-wrapped when it has a blank line between two text lines, no
 *    more than 1 in 20 of its lines are such long lines, and at least
 *    half of the lines followed by a text line in the same block are
 *    "full": the next line's first word would not have fitted after it
 *    within the widest line of the document.  Lists of short lines
 *    (menus, headings, addresses) fail that test.
 *  - Before that, the held lines are tested for indentation-marked
 *    paragraphs: a line is indented when its indentation (spaces, tabs,
 *    ideographic spaces) is deeper than
 *    the document's shallowest; the document is marked so when it has
 *    an indented line, and lines starting a paragraph that goes on (an
 *    indented line followed by an unindented line of its block; also
 *    the first line when no blank line separates blocks, since wire
 *    copy often comes with the first paragraph's dateline and indent
 *    cut off) are no fewer than indented lines followed by indented
 *    lines (indented blocks, one-line paragraphs), and at least half of
 *    the lines followed by an unindented line are full.
 *    Its lines are then joined as in blocks, and an indented line starts
 *    a paragraph; blank lines, if any, still end one.  An indented block
 *    inside ordinary text fails the test, since its lines are followed
 *    by indented lines.
 *
 * Text is cleaned on the way: every run of white space (ASCII controls,
 * DEL, and the Unicode space separators) becomes one space, and the ends
 * are trimmed.  Empty paragraphs are dropped.
 */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "nw-private.h"

#define WRAP_WIDTH	100		/* columns; wider lines were not wrapped */
#define PROBE_LINES	10000		/* held at most before auto decides */
#define PROBE_BYTES	(1024 * 1024)
#define MIN_WIDTH	30		/* narrower documents are never wrapped */

struct held {
	size_t		 end;		/* offset of the line's NUL in held */
	size_t		 width;
	size_t		 first_word;	/* width of its first word */
	unsigned char	 blank;
	unsigned char	 islong;
	unsigned char	 item;		/* starts a list item */
	size_t		 indent;	/* columns of leading white space */
};

struct paragraph {
	int		 mode;		/* asked for: PARA_AUTO, _LINE, _BLANK */
	int		 doc_mode;	/* for this document; PARA_AUTO: undecided */
	paragraph_fn	 emit;
	void		*ctx;
	struct buf	 para;		/* the block being joined */
	size_t		 prev_width;	/* of the line before, 0 after a blank */
	size_t		 max_width;	/* of the document's lines so far */
	int		 indent_marks;	/* an indented line starts a paragraph */
	size_t		 min_indent;	/* of the document's text lines */

	/* Auto mode, undecided: the lines held so far. */
	struct buf	 held;		/* each line followed by a NUL */
	struct held	*heldv;
	size_t		 nheld, capheld;
	size_t		 nlong, ntext;
};

/*
 * 1: the first byte of an ASCII white space or control character;
 * 2: a lead byte that may start a Unicode white space character.
 */
static const unsigned char space_byte[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, [0x7f] = 1, [0xc2] = 2, [0xe1] = 2, [0xe2] = 2, [0xe3] = 2,
};

/* Length of the Unicode white space character at s, or 0. */
static size_t
unicode_space(const unsigned char *s, size_t n)
{
	switch (s[0]) {
	case 0xc2:	/* U+0085, U+00A0 */
		if (n >= 2 && (s[1] == 0x85 || s[1] == 0xa0))
			return 2;
		return 0;
	case 0xe1:	/* U+1680 */
		if (n >= 3 && s[1] == 0x9a && s[2] == 0x80)
			return 3;
		return 0;
	case 0xe2:	/* U+2000-200A, U+2028, U+2029, U+202F, U+205F */
		if (n < 3)
			return 0;
		if (s[1] == 0x80 && (s[2] <= 0x8a || s[2] == 0xa8 ||
		    s[2] == 0xa9 || s[2] == 0xaf))
			return 3;
		if (s[1] == 0x81 && s[2] == 0x9f)
			return 3;
		return 0;
	case 0xe3:	/* U+3000 */
		if (n >= 3 && s[1] == 0x80 && s[2] == 0x80)
			return 3;
		return 0;
	}
	return 0;
}

/*
 * How many bytes from s (n >= 8 of them) whitespace_collapse() copies as
 * they are, up to the first that may change: a control character or DEL,
 * a space after a space (or first, after_space), the lead byte of a
 * Unicode space (0xe0 | 1 == 0xe1, a false hit; 0xe2 | 1 == 0xe3).
 * Sixteen bytes at most, or eight without SSE2.
 */
static inline size_t
plain_run(const unsigned char *s, size_t n, int after_space)
{
	uint64_t w, sp, m;

#ifdef __SSE2__
	if (n >= 16) {
		const __m128i v = _mm_loadu_si128((const __m128i *)
		    (const void *)s);
		const __m128i v1 = _mm_or_si128(v, _mm_set1_epi8(1));
		unsigned int spaces, stops;

#define EQ(x, c)	_mm_cmpeq_epi8((x), _mm_set1_epi8((char)(c)))
		spaces = (unsigned int)_mm_movemask_epi8(EQ(v, ' '));
		stops = (unsigned int)_mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v,
		    _mm_set1_epi8(0x1f)), v), EQ(v, 0x7f)),
		    _mm_or_si128(EQ(v, 0xc2), _mm_or_si128(EQ(v1, 0xe1),
		    EQ(v1, 0xe3)))));
#undef EQ
		stops |= spaces & (spaces << 1 | (unsigned int)after_space);
		return stops == 0 ? 16 : (size_t)__builtin_ctz(stops);
	}
#endif
	(void)n;
	w = swar_load(s);
	sp = swar_bytes_equal(w, ' ');
	m = swar_bytes_below(w, 0x20) | swar_bytes_equal(w, 0x7f) |
	    swar_bytes_equal(w, 0xc2) | swar_bytes_equal(w | SWAR_ONES, 0xe1) |
	    swar_bytes_equal(w | SWAR_ONES, 0xe3) |
	    (sp & ((sp << 8) | (after_space ? 0x80 : 0)));
	return m == 0 ? 8 : swar_first(m);
}

/*
 * Copy src to dst with every run of white space made one space and both
 * ends trimmed; dst may be src.  Returns the new length.  Runs of bytes
 * that stay as they are go in blocks (plain_run(): letters of any
 * alphabet); the byte that stops one is looked at on its own.  With
 * breaks, the paragraph separator U+2029 becomes a line end, white space
 * on either side of it dropped, and *breaks is set; else it is a space.
 */
static size_t
collapse(char *dst, const char *src, size_t len, int *breaks)
{
	const unsigned char *s = (const unsigned char *)src;
	unsigned char *d = (unsigned char *)dst;
	size_t i = 0, o = 0, k;
	int after_space = 1;	/* so leading space is dropped */

	while (i < len) {
		if (len - i >= 8 &&
		    (k = plain_run(s + i, len - i, after_space)) > 0) {
			if (d + o != s + i)
				memmove(d + o, s + i, k);
			after_space = s[i + k - 1] == ' ';
			i += k;
			o += k;
			continue;
		}
		k = 1;
		if (space_byte[s[i]] == 0 || (space_byte[s[i]] == 2 &&
		    (k = unicode_space(s + i, len - i)) == 0)) {
			d[o++] = s[i];
			k = 1;
			after_space = 0;
		} else if (breaks != NULL && k == 3 && s[i + 2] == 0xa9 &&
		    s[i + 1] == 0x80) {
			if (o > 0 && d[o - 1] == ' ')
				o--;
			d[o++] = '\n';
			*breaks = 1;
			after_space = 1;
		} else if (!after_space) {
			d[o++] = ' ';
			after_space = 1;
		}
		i += k;
	}
	if (o > 0 && d[o - 1] == ' ')
		o--;
	return o;
}

size_t
whitespace_collapse(char *dst, const char *src, size_t len)
{
	return collapse(dst, src, len, NULL);
}

/* Columns of a line: code points, trailing white space left out. */
static size_t
line_width(const char *s, size_t n)
{
	size_t i = 0, cont = 0;
	uint64_t w;

	while (n > 0 && (unsigned char)s[n - 1] <= ' ')
		n--;
	/* Continuation bytes are 10xxxxxx: bit 7 set, bit 6 clear. */
	for (; n - i >= 8; i += 8) {
		memcpy(&w, s + i, 8);
		/* Their flags summed in the top byte (no popcount call). */
		cont += (size_t)((((w & ~(w << 1) & SWAR_HIGHS) >> 7) *
		    SWAR_ONES) >> 56);
	}
	for (; i < n; i++)
		cont += ((unsigned char)s[i] & 0xc0) == 0x80;
	return n - cont;
}

/*
 * 1 if s[0..n) is nothing but what collapse() makes a space: white space,
 * Unicode's included, and control characters; such a text gives no
 * paragraph.
 */
int
whitespace_only(const char *s, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i += k) {
		if (space_byte[(unsigned char)s[i]] == 1)
			k = 1;
		else if ((k = unicode_space((const unsigned char *)s + i,
		    n - i)) == 0)
			return 0;
	}
	return 1;
}

/*
 * A line wider than WRAP_WIDTH with a space inside its first WRAP_WIDTH
 * columns, after its indentation.
 */
static int
is_long(const char *s, size_t n)
{
	size_t i = 0, col = 0;
	int space = 0;

	while (n > 0 && (unsigned char)s[n - 1] <= ' ')
		n--;
	if (n <= WRAP_WIDTH)
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t')) {
		i++;
		col++;
	}
	for (; i < n; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (++col > WRAP_WIDTH)
			return space;
		if (s[i] == ' ')
			space = 1;
	}
	return 0;
}

/*
 * Does the (collapsed) line start with a list item: a bullet or a dash
 * followed by a space, or "12." or "12)" followed by a space?
 */
static int
starts_item(const char *s, size_t n)
{
	static const char *const bullets[] = {
		"\xe2\x80\xa2", "\xe2\x80\xa3", "\xe2\x81\x83", "\xe2\x97\xa6",
		"\xe2\x96\xaa", "\xe2\x97\x8f", "\xe2\x96\xa0", "\xc2\xb7",
		"\xe2\x80\x93", "\xe2\x80\x94", "-", "*", "+",
	};
	size_t i, k;

	for (i = 0; i < sizeof(bullets) / sizeof(bullets[0]); i++) {
		k = strlen(bullets[i]);
		if (n > k && memcmp(s, bullets[i], k) == 0 && s[k] == ' ')
			return 1;
	}
	for (i = 0; i < n && i < 3 && s[i] >= '0' && s[i] <= '9'; i++)
		;
	return i > 0 && i + 1 < n && (s[i] == '.' || s[i] == ')') &&
	    s[i + 1] == ' ';
}

static int
is_letter_byte(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? 1 : c >= 0x80;
}

/*
 * Bytes of the character of indentation at s: a space, a tab, or the
 * ideographic space U+3000 that Chinese and Japanese indent with; or 0.
 */
static size_t
indent_char(const char *s, size_t n)
{
	if (s[0] == ' ' || s[0] == '\t')
		return 1;
	return n >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0 ? 3 : 0;
}

/*
 * Columns of the leading white space of a line, tabs to multiples of 8,
 * an ideographic space one column, as a code point.
 */
static size_t
indent_width(const char *s, size_t n)
{
	size_t i, k, col = 0;

	for (i = 0; i < n && (k = indent_char(s + i, n - i)) > 0; i += k)
		col = s[i] == '\t' ? (col / 8 + 1) * 8 : col + 1;
	return col;
}

/* Width of the first word of a line, after its indentation. */
static size_t
first_word_width(const char *s, size_t n)
{
	size_t i = 0, k, w = 0;

	while (i < n && (k = indent_char(s + i, n - i)) > 0)
		i += k;
	for (; i < n && s[i] != ' ' && s[i] != '\t'; i++)
		w += ((unsigned char)s[i] & 0xc0) != 0x80;
	return w;
}

/*
 * Was a line of width w followed by a word of width next broken by a
 * wrapper at width max?  Greedy wrappers break when the word would not
 * fit; fmt(1) and others aim a little short of the width, so a tenth of
 * it is allowed for.
 */
static int
is_full(size_t w, size_t next, size_t max)
{
	return w + 1 + next > max - max / 10;
}

static void
flush_block(struct paragraph *p)
{
	if (p->para.len > 0) {
		p->emit(p->ctx, p->para.data, p->para.len);
		buf_clear(&p->para);
	}
}

/*
 * Text of a block, white space collapsed: joined to the paragraph so far,
 * unless it starts a list item.  A "- " at the start of a line may also
 * be a dash that the wrapper carried over, which it does only when the
 * line before is full (prevw wide).
 */
static void
join_text(struct paragraph *p, const char *line, size_t n, size_t prevw)
{
	const char *last;

	if (p->para.len > 0 && starts_item(line, n) &&
	    !is_full(prevw, first_word_width(line, n), p->max_width))
		flush_block(p);
	if (p->para.len > 0) {
		last = p->para.data + p->para.len;
		if (p->para.len >= 3 && (unsigned char)last[-2] == 0xc2 &&
		    (unsigned char)last[-1] == 0xad &&
		    is_letter_byte((unsigned char)last[-3]) &&
		    is_letter_byte((unsigned char)line[0]))
			/* "presi" SOFT HYPHEN + "dent": one word, "president". */
			p->para.len -= 2;
		else if (!(p->para.len >= 2 && last[-1] == '-' &&
		    is_letter_byte((unsigned char)last[-2]) &&
		    is_letter_byte((unsigned char)line[0])) &&
		    !cjk_meet((const unsigned char *)p->para.data,
		    p->para.len, (const unsigned char *)line, n))
			/*
			 * "inter-" + "national": keep the hyphen, no space;
			 * Chinese and Japanese: none either.
			 */
			buf_addc(&p->para, ' ');
	}
	buf_add(&p->para, line, n);
}

/*
 * Each paragraph of collapsed text that holds line ends (U+2029): given
 * to fn, or joined (fn NULL), a line end ending the paragraph.
 */
static void
text_paragraphs(struct paragraph *p, const char *s, size_t n,
    paragraph_fn fn, size_t prevw)
{
	const char *nl;
	size_t k;

	for (;;) {
		nl = memchr(s, '\n', n);
		k = nl != NULL ? (size_t)(nl - s) : n;
		if (k > 0 && fn != NULL)
			fn(p->ctx, s, k);
		else if (k > 0)
			join_text(p, s, k, prevw);
		if (nl == NULL)
			return;
		if (fn == NULL)
			flush_block(p);
		s += k + 1;
		n -= k + 1;
	}
}

/* A line of a block (join_text()); a blank line ends the paragraph. */
static void
join_line(struct paragraph *p, char *line, size_t len)
{
	size_t n, w, prevw = p->prev_width;
	int breaks = 0;

	if (p->indent_marks && indent_width(line, len) > p->min_indent &&
	    !whitespace_only(line, len))
		flush_block(p);
	p->prev_width = w = line_width(line, len);
	if (w > p->max_width && !is_long(line, len))
		p->max_width = w;
	if ((n = collapse(line, line, len, &breaks)) == 0) {
		p->prev_width = 0;
		flush_block(p);
		return;
	}
	if (breaks)
		text_paragraphs(p, line, n, NULL, prevw);
	else
		join_text(p, line, n, prevw);
}

static void
decided_line(struct paragraph *p, char *line, size_t len)
{
	size_t n;
	int breaks = 0;

	if (p->doc_mode == PARA_BLANK)
		join_line(p, line, len);
	else if ((n = collapse(line, line, len, &breaks)) > 0 && !breaks)
		p->emit(p->ctx, line, n);
	else if (n > 0)
		text_paragraphs(p, line, n, p->emit, 0);
}

/*
 * Are the held lines paragraphs marked by indentation (see the comment at
 * the top)?  If so, remember the shallowest indentation and the width.
 */
static int
indent_marked(struct paragraph *p, size_t width)
{
	const struct held *h, *next;
	size_t i, min = SIZE_MAX, going_on = 0, indented_next = 0;
	size_t pairs = 0, full = 0, marks = 0, first = SIZE_MAX, last = 0;

	for (i = 0; i < p->nheld; i++) {
		if (p->heldv[i].blank)
			continue;
		if (first == SIZE_MAX)
			first = i;
		else if (last + 1 < i)
			first = SIZE_MAX - 1;	/* blocks: no bonus */
		last = i;
		if (p->heldv[i].indent < min)
			min = p->heldv[i].indent;
	}
	for (i = 0; i < p->nheld; i++)
		marks += !p->heldv[i].blank && p->heldv[i].indent > min;
	for (i = 0; i + 1 < p->nheld; i++) {
		h = &p->heldv[i];
		next = &p->heldv[i + 1];
		if (h->blank || next->blank)
			continue;
		if (next->indent > min) {
			if (h->indent > min)
				indented_next++;
			continue;
		}
		/*
		 * Without blank lines between blocks, the first line starts
		 * a paragraph, indented or not: its dateline may be gone.
		 */
		if (h->indent > min || i == first)
			going_on++;
		pairs++;
		if (is_full(h->width, next->first_word, width))
			full++;
	}
	if (marks == 0 || going_on < 1 || going_on < indented_next ||
	    pairs < 2 || full * 2 < pairs)
		return 0;
	p->indent_marks = 1;
	p->min_indent = min;
	p->max_width = width;
	return 1;
}

/* The layout of the held lines (see the comment at the top). */
static int
judge(struct paragraph *p)
{
	const struct held *h;
	size_t i, width = 0, pairs = 0, full = 0, prevw = 0;
	int prev_text = 0, seen_text = 0, gap = 0, blank_between = 0;

	if (p->nlong * 20 > p->ntext)
		return PARA_LINE;
	for (i = 0; i < p->nheld; i++) {
		h = &p->heldv[i];
		if (!h->blank && !h->islong && h->width > width)
			width = h->width;
	}
	if (width < MIN_WIDTH)
		return PARA_LINE;
	if (indent_marked(p, width))
		return PARA_BLANK;
	for (i = 0; i < p->nheld; i++) {
		h = &p->heldv[i];
		if (h->blank) {
			prev_text = 0;
			gap = seen_text;
			continue;
		}
		if (gap)
			blank_between = 1;
		seen_text = 1;
		gap = 0;
		if (prev_text && !h->item) {
			pairs++;
			if (is_full(prevw, h->first_word, width))
				full++;
		}
		prev_text = 1;
		prevw = h->width;
	}
	if (blank_between && pairs > 0 && full * 2 >= pairs) {
		p->max_width = width;
		return PARA_BLANK;
	}
	return PARA_LINE;
}

static void
decide(struct paragraph *p, int mode)
{
	size_t i, start = 0;

	p->doc_mode = mode;
	for (i = 0; i < p->nheld; i++) {
		decided_line(p, p->held.data + start, p->heldv[i].end - start);
		start = p->heldv[i].end + 1;
	}
	buf_clear(&p->held);
	p->nheld = 0;
}

/*
 * Hold a line while the layout is undecided.  A line that brings the
 * decision (a long line, or the PROBE_LINES-th line, or one that takes
 * the held bytes to PROBE_BYTES) is not copied: the held lines are
 * decided and the caller gives it to decided_line() from its own
 * buffer (hold_line() returns 0), so a document that is one huge line is
 * not held twice.
 */
static int
hold_line(struct paragraph *p, char *line, size_t len)
{
	struct held *h;
	size_t k;
	int mode;

	if (p->nheld == p->capheld) {
		p->capheld = p->capheld ? p->capheld * 2 : 256;
		p->heldv = xreallocarray(p->heldv, p->capheld,
		    sizeof(*p->heldv));
	}
	h = &p->heldv[p->nheld++];
	h->end = p->held.len + len;
	h->blank = whitespace_only(line, len);
	h->islong = !h->blank && is_long(line, len);
	h->width = h->blank ? 0 : line_width(line, len);
	h->first_word = first_word_width(line, len);
	h->indent = indent_width(line, len);
	for (k = 0; k < len && (line[k] == ' ' || line[k] == '\t'); k++)
		;
	h->item = starts_item(line + k, len - k);
	if (!h->blank) {
		p->ntext++;
		p->nlong += h->islong;
	}
	if (p->nlong >= 3 && p->nlong * 20 > p->ntext)
		mode = PARA_LINE;
	else if (p->nheld >= PROBE_LINES || h->end + 1 >= PROBE_BYTES)
		mode = judge(p);
	else {
		buf_add(&p->held, line, len);
		buf_addc(&p->held, '\0');
		return 1;
	}
	p->nheld--;
	decide(p, mode);
	return 0;
}

struct paragraph *
paragraph_new(int mode, paragraph_fn emit, void *ctx)
{
	struct paragraph *p;

	p = xcalloc(1, sizeof(*p));
	p->mode = p->doc_mode = mode;
	p->emit = emit;
	p->ctx = ctx;
	return p;
}

void
paragraph_line(struct paragraph *p, char *line, size_t len)
{
	if (p->doc_mode != PARA_AUTO || !hold_line(p, line, len))
		decided_line(p, line, len);
}

void
paragraph_end(struct paragraph *p)
{
	if (p->doc_mode == PARA_AUTO)
		decide(p, judge(p));
	flush_block(p);
	p->doc_mode = p->mode;
	p->nlong = p->ntext = 0;
	p->prev_width = p->max_width = 0;
	p->indent_marks = 0;
	p->min_indent = 0;
}

void
paragraph_free(struct paragraph *p)
{
	if (p == NULL)
		return;
	buf_free(&p->para);
	buf_free(&p->held);
	free(p->heldv);
	free(p);
}
