/* SPDX-License-Identifier: ISC */
/*
 * Fuzz paragraph joining and sentence splitting, as nw-split does them.
 * The lines of the input (repaired as input_line() would) go through a
 * paragraph joiner in the mode the first byte picks; every paragraph must
 * be non-empty, trimmed, free of white space other than single spaces,
 * and all paragraphs together must keep every other character of the
 * input in order.  Each paragraph is then cut into sentences, which must
 * be non-empty, trimmed, in order, and separated by nothing but spaces.
 * The word lists are the shipped ones, or parsed from the start of the
 * input up to its first NUL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

#define RULES_PATH	"share/newswire/abbreviations.en"

struct check {
	const struct sentence_rules *rules;
	struct buf	 kept;		/* non-space bytes of the paragraphs */
	struct span	*spans;
	size_t		 cap;
	size_t		 nparagraphs;
};

/* Length of the white space character at s (as paragraph.c sees it), or 0. */
static size_t
space_len(const unsigned char *s, size_t n)
{
	if (s[0] <= ' ' || s[0] == 0x7f)
		return 1;
	if (n >= 2 && s[0] == 0xc2 && (s[1] == 0x85 || s[1] == 0xa0))
		return 2;
	if (n < 3)
		return 0;
	if (s[0] == 0xe1 && s[1] == 0x9a && s[2] == 0x80)
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] <= 0x8a || s[2] == 0xa8 ||
	    s[2] == 0xa9 || s[2] == 0xaf))
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f)
		return 3;
	if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

/* Append the bytes of s that are not white space. */
static void
strip_spaces(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, k;

	for (i = 0; i < n; i += k)
		if ((k = space_len(p + i, n - i)) == 0) {
			buf_addc(out, p[i]);
			k = 1;
		}
}

/* Sentence spans cover text in order, with only spaces between them. */
static void
check_sentences(struct check *c, const char *text, size_t len)
{
	size_t i, n, prev = 0, k;

	n = sentence_split(c->rules, text, len, &c->spans, &c->cap);
	if (n > c->cap)
		abort();
	for (i = 0; i < n; i++) {
		const struct span *sp = &c->spans[i];

		if (sp->len == 0 || sp->off < prev || sp->off > len ||
		    sp->len > len - sp->off)
			abort();
		for (k = prev; k < sp->off; k++)
			if (text[k] != ' ')
				abort();
		if (text[sp->off] == ' ' || text[sp->off + sp->len - 1] == ' ')
			abort();
		prev = sp->off + sp->len;
	}
	for (k = prev; k < len; k++)
		if (text[k] != ' ')
			abort();
}

static void
paragraph(void *ctx, const char *text, size_t len)
{
	struct check *c = ctx;
	size_t i;

	c->nparagraphs++;
	if (len == 0 || text[0] == ' ' || text[len - 1] == ' ')
		abort();
	for (i = 0; i < len; i++) {
		if (text[i] == ' ' && text[i + 1] == ' ')
			abort();
		if (text[i] != ' ' &&
		    space_len((const unsigned char *)text + i, len - i) > 0)
			abort();
	}
	strip_spaces(&c->kept, text, len);
	check_sentences(c, text, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sentence_rules *shipped;
	static const int modes[4] = { PARA_AUTO, PARA_LINE, PARA_BLANK,
	    PARA_AUTO };
	struct sentence_rules *parsed = NULL;
	struct check c;
	struct paragraph *p;
	struct buf line = { 0 }, all = { 0 }, input = { 0 };
	const char *s, *end, *nl, *nul;
	int mode, twice;

	if (shipped == NULL && (shipped = sentence_rules_load(RULES_PATH)) ==
	    NULL) {
		fprintf(stderr, "fuzz-sentence: run from the source tree\n");
		abort();
	}
	if (size < 1)
		return 0;
	mode = modes[data[0] & 3];
	twice = (data[0] & 0x10) != 0;
	s = (const char *)data + 1;
	end = (const char *)data + size;
	memset(&c, 0, sizeof(c));
	c.rules = shipped;
	if ((data[0] & 0x04) &&
	    (nul = memchr(s, '\0', (size_t)(end - s))) != NULL) {
		parsed = sentence_rules_parse(s, (size_t)(nul - s), "fuzz");
		c.rules = parsed;
		s = nul + 1;
	} else if (data[0] & 0x08)
		c.rules = NULL;

	p = paragraph_new(mode, paragraph, &c);
	for (; s < end; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		buf_clear(&line);
		utf8_repair(&line, s, (size_t)(nl - s));
		strip_spaces(&input, line.data, line.len);
		/* A line may be changed by paragraph_line(): a copy. */
		buf_cstr(&line);
		paragraph_line(p, line.data, line.len);
		/* Two documents from one input: the document state resets. */
		if (twice && nl + 1 < end && nl[1] == '\f')
			paragraph_end(p);
	}
	paragraph_end(p);
	if (input.len != c.kept.len ||
	    (input.len > 0 && memcmp(input.data, c.kept.data, input.len) != 0))
		abort();

	/* The splitter alone, on the whole input collapsed. */
	buf_clear(&all);
	utf8_repair(&all, (const char *)data, size);
	buf_cstr(&all);
	all.len = whitespace_collapse(all.data, all.data, all.len);
	check_sentences(&c, all.data, all.len);

	paragraph_free(p);
	sentence_rules_free(parsed);
	free(c.spans);
	buf_free(&line);
	buf_free(&all);
	buf_free(&input);
	buf_free(&c.kept);
	return 0;
}
