/* SPDX-License-Identifier: ISC */
/*
 * Fuzz the tokenizer.  The first byte chooses the options, the rest is
 * the text, as it comes (bit 7 clear) or repaired to valid UTF-8 without
 * TAB, LF, CR or NUL as nw-tokenize gets it from input_line() (bit 7
 * set).  Checked: tokens are separated by single spaces, with none at
 * either end, and counted right; valid text gives valid UTF-8; with no
 * option that drops or changes text, the output without its spaces is
 * the text without its separators, and with -l that text folded (the
 * Turkic way for a Turkish tokenizer); and
 * the fast paths write what the general one (forced by an empty
 * stopword list) writes, and the AVX2 scan of runs what the SSE2 one
 * (NW_TOKENIZE_SIMD=sse2) writes.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "nw-private.h"

#define OPT_LOWER	0x01
#define OPT_WORDS	0x02
#define OPT_HYPHENS	0x04	/* --hyphens split */
#define OPT_STEM	0x08
#define OPT_CLITICS	0x30	/* 0 split, 1 keep, 2 drop, 3 split and
				   elisions (lang=fr, it, ca) */
#define OPT_TURKIC	0x40	/* lang=tr under -s auto or --stem auto */
#define OPT_REPAIR	0x80

/*
 * One tokenizer per option byte and path, made on first use: the fast
 * one, the general one (forced 1), the fast one on SSE2 alone (2).
 */
static struct tokenizer	*fast[256], *general[256], *sse2[256];
static struct wordset	*empty;

static struct tokenizer *
tokenizer_for(int opt, int forced)
{
	struct tokenizer **tk = forced == 1 ? &general[opt] : forced == 2 ?
	    &sse2[opt] : &fast[opt];
	int flags = 0, clitics;

	if (*tk != NULL)
		return *tk;
	if (opt & OPT_LOWER)
		flags |= TOKENIZE_LOWER;
	if (opt & OPT_WORDS)
		flags |= TOKENIZE_WORDS;
	if (opt & OPT_HYPHENS)
		flags |= TOKENIZE_SPLIT_HYPHENS;
	if (opt & OPT_STEM)
		flags |= TOKENIZE_STEM;
	if (opt & OPT_TURKIC)
		flags |= TOKENIZE_TURKIC;
	clitics = (opt & OPT_CLITICS) >> 4;
	if (clitics == 3) {
		clitics = CLITICS_SPLIT;
		flags |= TOKENIZE_ELISION;
	}
	if (empty == NULL)
		empty = wordset_new();
	if (forced == 2)
		setenv("NW_TOKENIZE_SIMD", "sse2", 1);
	*tk = tokenizer_new(flags, clitics, forced == 1 ? empty : NULL);
	unsetenv("NW_TOKENIZE_SIMD");
	return *tk;
}

/* A character that separates tokens: Z*, Cc, U+200B. */
static int
is_separator(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CC:
		return 1;
	default:
		return cp == 0x200b;
	}
}

/*
 * s/n without its separators; bytes that do not decode are kept.  With
 * fold, each run between separators is folded by it, as tokens are: the
 * Turkic fold of I depends on the next character (U+0307), which may
 * come after a separator.
 */
static void
strip_separators(struct buf *out, const char *s, size_t n,
    size_t (*fold)(struct buf *, const char *, size_t))
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, k, run = 0;
	int32_t cp;

	for (i = 0; i <= n; i += k) {
		k = 1;
		if (i < n && ((k = utf8_decode(p + i, n - i, &cp)) == 0 ||
		    !is_separator(cp))) {
			k = k == 0 ? 1 : k;
			continue;
		}
		if (fold != NULL)
			fold(out, s + run, i - run);
		else
			buf_add(out, s + run, i - run);
		run = i + k;
	}
}

/* The tokens in out, checked for their spacing; their number. */
static size_t
check_spacing(const struct buf *out)
{
	size_t i, count;

	if (out->len == 0)
		return 0;
	if (out->data[0] == ' ' || out->data[out->len - 1] == ' ')
		abort();
	for (i = 0, count = 1; i < out->len; i++)
		if (out->data[i] == ' ') {
			if (out->data[i + 1] == ' ')
				abort();
			count++;
		}
	return count;
}

static int
same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (a->len == 0 ||
	    memcmp(a->data, b->data, a->len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf text = { 0 }, out = { 0 }, out2 = { 0 }, a = { 0 },
	    b = { 0 };
	const char *s;
	size_t n, ntokens, i;
	int opt, valid;

	if (size == 0)
		return 0;
	opt = data[0];
	s = (const char *)data + 1;
	n = size - 1;
	if (opt & OPT_REPAIR) {
		utf8_repair(&text, s, n);
		for (i = 0; i < text.len; i++)
			if (strchr("\t\n\r", text.data[i]) != NULL ||
			    text.data[i] == '\0')
				text.data[i] = ' ';
		s = text.data != NULL ? text.data : "";
		n = text.len;
	}
	valid = utf8_valid_prefix(s, n) == n;

	/* Appended to what is in the buffer already, which is kept. */
	buf_adds(&out, "x");
	ntokens = tokenize(tokenizer_for(opt, 0), &out, s, n);
	if (out.data[0] != 'x')
		abort();
	memmove(out.data, out.data + 1, --out.len);
	if (check_spacing(&out) != ntokens)
		abort();
	if (valid && utf8_valid_prefix(out.data, out.len) != out.len)
		abort();
	/* What nw-tokenize relies on to skip checking its input. */
	if ((!valid || utf8_has_c1(s, n)) &&
	    !tokenize_unclean(tokenizer_for(opt, 0)))
		abort();

	/* The SSE2 scan, which the AVX2 one must agree with. */
	buf_clear(&out2);
	if (tokenize(tokenizer_for(opt, 2), &out2, s, n) != ntokens ||
	    !same(&out, &out2))
		abort();
	buf_clear(&out2);

	/* The general path, which the fast ones must agree with. */
	if (!(opt & OPT_STEM)) {
		if (tokenize(tokenizer_for(opt, 1), &out2, s, n) != ntokens ||
		    !same(&out, &out2))
			abort();
		if ((!valid || utf8_has_c1(s, n)) &&
		    !tokenize_unclean(tokenizer_for(opt, 1)))
			abort();
	}

	/* Nothing is lost: the tokens are the text bar its separators. */
	if (!(opt & (OPT_WORDS | OPT_STEM)) &&
	    (opt & OPT_CLITICS) >> 4 != CLITICS_DROP &&
	    (valid || !(opt & OPT_LOWER))) {
		strip_separators(&a, s, n, !(opt & OPT_LOWER) ? NULL :
		    (opt & OPT_TURKIC) ? utf8_casefold_turkic : utf8_casefold);
		for (i = 0; i < out.len; i++)
			if (out.data[i] != ' ')
				buf_addc(&b, out.data[i]);
		if (!same(&a, &b))
			abort();
	}
	buf_free(&text);
	buf_free(&out);
	buf_free(&out2);
	buf_free(&a);
	buf_free(&b);
	return 0;
}
