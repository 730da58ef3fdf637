/*
 * newswire: nw-clean's word tables, loaded once, and its lexicon of
 * boilerplate phrases (cleanscan.c reads a paragraph's words by these
 * tables, cleanfeatures.c turns what it counts into the features).
 *
 * The stopword lists (one per share/newswire/stopwords.LANG, and their
 * union for a document of no known language) and the lexicon of
 * boilerplate phrases (every share/newswire/boilerplate.LANG) are loaded
 * here once, into one table of short words (lib/cleanwords.h says how it
 * is laid out and looked up).  clean_words_phrases() finds the lexicon's
 * phrases in a paragraph.  What is here runs once per run or only on
 * paragraphs that may hold a phrase; the scanner, which runs on every
 * byte, is in cleanscan.c, apart, so that each can change without the
 * other's tuning in view.
 */
#include <dirent.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"
#include "cleanwords.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define LEX_WORDS_FIELD	8	/* INFO_LEXWORDS's most: "8 or more" */
#define LEX_FOLD_MAX	64	/* bytes of a word folded to look it up */

/* ------------------------------------------------------------------ */
/* The word table (cleanwords.h). */

#define MAX_LISTS	60	/* the bits below INFO_LEXWORDS */
#define WORD_SLOTS_MAX	((size_t)1 << 24)	/* slot_of() */
#define GROUP_WORDS	4	/* words of a group, on average */
#define DISP_MAX	65536	/* displacements a group may try */

/*
 * A word of the lists gathered: its key and flags in the order met, an
 * open-addressing index of them (at most half full) to find it again.
 * Both stay small, and are let go once the words are placed.
 */
static void
word_add(struct clean_words *cw, uint64_t a, uint64_t b, uint64_t info)
{
	uint64_t words;
	size_t i, j;

	if ((cw->count + 1) * 2 > cw->mask + 1) {
		free(cw->index);
		cw->mask = cw->mask * 2 + 1;
		cw->index = xcalloc(cw->mask + 1, sizeof(*cw->index));
		for (j = 0; j < cw->count; j++) {
			for (i = (size_t)(key_hash(cw->keys[j].a,
			    cw->keys[j].b) >> 32) & cw->mask;
			    cw->index[i] != 0; i = (i + 1) & cw->mask)
				;
			cw->index[i] = (uint32_t)j + 1;
		}
	}
	if (cw->count == cw->cap) {
		cw->cap = cw->cap ? cw->cap * 2 : 1024;
		cw->keys = xreallocarray(cw->keys, cw->cap, sizeof(*cw->keys));
		cw->info = xreallocarray(cw->info, cw->cap, sizeof(*cw->info));
	}
	for (i = (size_t)(key_hash(a, b) >> 32) & cw->mask;
	    (j = cw->index[i]) != 0; i = (i + 1) & cw->mask) {
		if (cw->keys[--j].a == a && cw->keys[j].b == b) {
			/* Of two phrases a word starts, the longer. */
			words = cw->info[j] & INFO_LEXWORDS;
			if ((info & INFO_LEXWORDS) > words)
				words = info & INFO_LEXWORDS;
			cw->info[j] = ((cw->info[j] | info) & ~INFO_LEXWORDS) |
			    words;
			return;
		}
	}
	cw->index[i] = (uint32_t)cw->count + 1;
	cw->keys[cw->count].a = a;
	cw->keys[cw->count].b = b;
	cw->info[cw->count++] = info;
}

/*
 * Place the words of group g (members m[0..k), their hashes in hs) at
 * the first displacement that puts each in a free slot, apart from the
 * others: 1, or 0 when none does.
 */
static int
group_place(struct clean_words *cw, unsigned char *taken, const size_t *m,
    size_t k, const uint64_t *hs, size_t g)
{
	size_t d, i, j, slot[64];

	for (d = 0; d < DISP_MAX; d++) {
		cw->disp[g] = (uint16_t)d;
		for (i = 0; i < k; i++) {
			slot[i] = slot_of(cw->disp, cw->dispmask, cw->slotmask,
			    hs[m[i]]);
			if (taken[slot[i]])
				break;
			taken[slot[i]] = 1;
		}
		if (i == k)
			return 1;
		for (j = 0; j < i; j++)
			taken[slot[j]] = 0;
	}
	return 0;
}

/*
 * The gathered words in their slots: at most three quarters of them
 * taken to begin with, the groups of the most words placed first,
 * twice the slots while some group finds no displacement, up to the
 * slots a hash can name (-1, warned: words whose hashes leave them no
 * room, which no list of real words comes near).  Every word of a text
 * reads its slot at random: the fewer slots, the more of them stay in
 * cache.
 */
static int
table_build(struct clean_words *cw)
{
	size_t n, ng, i, g, k, at, most, nw = cw->count, *start, *member, *order;
	uint64_t *hs;
	unsigned char *taken;
	int rc = -1;

	hs = xreallocarray(NULL, nw + 1, sizeof(*hs));
	for (i = 0; i < nw; i++)
		hs[i] = key_hash(cw->keys[i].a, cw->keys[i].b);
	for (ng = 1; ng * GROUP_WORDS < nw; ng *= 2)
		;
	cw->disp = xcalloc(ng, sizeof(*cw->disp));
	cw->dispmask = ng - 1;
	/* The words by group, and the groups by size, largest first. */
	start = xcalloc(ng + 1, sizeof(*start));
	member = xreallocarray(NULL, nw + 1, sizeof(*member));
	order = xreallocarray(NULL, ng, sizeof(*order));
	for (i = 0; i < nw; i++)
		start[(hs[i] & cw->dispmask) + 1]++;
	for (g = 0; g < ng; g++)
		start[g + 1] += start[g];
	for (i = 0; i < nw; i++) {
		g = hs[i] & cw->dispmask;
		member[start[g]++] = i;
	}
	for (g = ng; g > 0; g--)
		start[g] = start[g - 1];
	start[0] = 0;
	for (most = 0, g = 0; g < ng; g++)
		if (start[g + 1] - start[g] > most)
			most = start[g + 1] - start[g];
	for (at = 0, k = most; k > 0; k--)
		for (g = 0; g < ng; g++)
			if (start[g + 1] - start[g] == k)
				order[at++] = g;
	for (n = 64; n * 3 < nw * 4; n *= 2)
		;
	for (taken = NULL;; n *= 2) {
		if (n > WORD_SLOTS_MAX) {
			warnx("%zu stopwords and phrase words: no room for "
			    "them in %zu slots", nw, n / 2);
			goto out;
		}
		free(taken);
		taken = xcalloc(n, 1);
		cw->slotmask = n - 1;
		for (i = 0; i < at; i++) {
			g = order[i];
			k = start[g + 1] - start[g];
			if (k > 64 || !group_place(cw, taken, member + start[g],
			    k, hs, g))
				break;
		}
		if (i == at)
			break;
	}
	free(cw->slots);
	cw->slots = xcalloc(n, sizeof(*cw->slots));
	for (i = 0; i < nw; i++) {
		k = slot_of(cw->disp, cw->dispmask, cw->slotmask, hs[i]);
		cw->slots[k].a = cw->keys[i].a;
		cw->slots[k].b = cw->keys[i].b;
		cw->slots[k].info = cw->info[i];
	}
	rc = 0;
out:
	free(taken);
	free(hs);
	free(start);
	free(member);
	free(order);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Loading. */

/* The words of the list at path, under bit; their number in *nwords. */
static int
read_stopwords(struct clean_words *cw, const char *path, uint64_t bit,
    size_t *nwords)
{
	struct listfile *lf;
	const char *entry;
	size_t len, flen;
	uint64_t a, b;
	unsigned char small[STOP_KEY_MAX];
	const unsigned char *f;

	if ((lf = listfile_open(path, 0, "stopword list")) == NULL)
		return -1;
	while ((entry = listfile_next(lf, &len)) != NULL) {
		if (len > STOP_KEY_MAX)
			continue;
		f = fold_word(cw, (const unsigned char *)entry, len, &flen,
		    small);
		if (flen == 0 || flen > STOP_KEY_MAX)
			continue;
		pack_key(f, flen, &a, &b);
		word_add(cw, a, b, bit);
		(*nwords)++;
	}
	return listfile_close(lf);
}

/* The list of language lang, read from path. */
static int
load_stopwords(struct clean_words *cw, const char *path, const char *lang)
{
	uint64_t bit;
	size_t nwords = 0;

	if (cw->nlists == MAX_LISTS) {
		warnx("%s: more than %d stopword lists", path, MAX_LISTS);
		return -1;
	}
	bit = (uint64_t)1 << cw->nlists;
	if (read_stopwords(cw, path, bit, &nwords) == -1)
		return -1;
	cw->lists = xreallocarray(cw->lists, cw->nlists + 1,
	    sizeof(*cw->lists));
	cw->lists[cw->nlists++] = xstrdup(lang);
	cw->alllists |= bit;
	return 0;
}

/*
 * The lists of -s, as one for every document.  With no word in them
 * every paragraph would be bad, and all of the input go without a word.
 */
static int
load_given_stopwords(struct clean_words *cw)
{
	char *const *path;
	size_t nwords = 0;

	for (path = cw->cfg.stopwords; *path != NULL; path++)
		if (read_stopwords(cw, *path, 1, &nwords) == -1)
			return -1;
	if (nwords == 0) {
		if (cw->cfg.stopwords[0] != NULL &&
		    cw->cfg.stopwords[1] == NULL)
			warnx("%s: no words in the stopword list (-s)",
			    cw->cfg.stopwords[0]);
		else
			warnx("no words in the stopword lists of -s");
		return -1;
	}
	cw->lists = xreallocarray(cw->lists, 1, sizeof(*cw->lists));
	cw->lists[cw->nlists++] = xstrdup("");
	cw->alllists = 1;
	return 0;
}

/* Data files NAME.LANG (no further dot, not hidden), by prefix. */
static const char *scan_prefix;

static int
lang_entry(const struct dirent *d)
{
	size_t n = strlen(scan_prefix);

	return strncmp(d->d_name, scan_prefix, n) == 0 &&
	    d->d_name[n] != '\0' && strchr(d->d_name + n, '.') == NULL;
}

/*
 * Call load(cw, path, lang) on every share/newswire/PREFIXLANG in byte
 * order; -1 if one failed or there is none.
 */
static int
load_each(struct clean_words *cw, const char *prefix,
    int (*load)(struct clean_words *, const char *, const char *))
{
	struct dirent **list;
	char *dir, *path;
	int i, n, rc = 0;

	dir = nw_share_path("");
	scan_prefix = prefix;
	if ((n = scandir(dir, &list, lang_entry, alphasort)) == -1) {
		warn("%s", dir);
		free(dir);
		return -1;
	}
	for (i = 0; i < n; i++) {
		path = nw_share_path(list[i]->d_name);
		if (rc == 0 && load(cw, path,
		    list[i]->d_name + strlen(prefix)) == -1)
			rc = -1;
		free(path);
		free(list[i]);
	}
	free(list);
	if (rc == 0 && n == 0) {
		warnx("%s: no %sLANG file", dir, prefix);
		rc = -1;
	}
	free(dir);
	return rc;
}

/* Every share/newswire/stopwords.LANG, or the one file given. */
static int
load_all_stopwords(struct clean_words *cw)
{
	if (cw->cfg.stopwords != NULL)
		return load_given_stopwords(cw);
	return load_each(cw, "stopwords.", load_stopwords);
}

/*
 * The lexicon, case-folded, and the first words of its phrases: a phrase
 * can only start at a word that is one of them, so most words of a
 * paragraph cost one lookup.
 */
static int
load_lexicon(struct clean_words *cw, const char *file, const char *lang)
{
	const char *entry, *f, *sp;
	struct listfile *lf;
	size_t len, n, i, words;
	uint64_t a, b;

	(void)lang;
	if ((lf = listfile_open(file, 0, "lexicon")) == NULL)
		return -1;
	while ((entry = listfile_next(lf, &len)) != NULL) {
		buf_clear(&cw->fold);
		utf8_casefold(&cw->fold, entry, len);
		wordset_add(cw->lexicon, cw->fold.data, cw->fold.len);
		f = cw->fold.data;
		n = cw->fold.len;
		if (*f == '^') {
			f++;
			n--;
		}
		if ((sp = memchr(f, ' ', n)) != NULL)
			n = (size_t)(sp - f);
		if (n > 0 && f[n - 1] == '$')
			n--;
		wordset_add(cw->lexfirst, f, n);
		/* Its words: runs of the longest are searched for. */
		for (words = 1, i = 0; i < cw->fold.len; i++)
			words += cw->fold.data[i] == ' ';
		if (words > cw->lexmax)
			cw->lexmax = words;
		if (words > LEX_WORDS_FIELD)
			words = LEX_WORDS_FIELD;
		if (n > STOP_KEY_MAX)
			cw->lexfirst_long = 1;
		else if (n > 0) {
			pack_key((const unsigned char *)f, n, &a, &b);
			cw->lexbits[lexbit(a, b) / 64] |=
			    (uint64_t)1 << lexbit(a, b) % 64;
			word_add(cw, a, b, INFO_LEXFIRST |
			    (uint64_t)(words - 1) << INFO_LEXWORDS_SHIFT);
		}
	}
	return listfile_close(lf);
}

/* Every share/newswire/boilerplate.LANG, or the one file given. */
static int
load_all_lexicons(struct clean_words *cw)
{
	cw->lexicon = wordset_new();
	cw->lexfirst = wordset_new();
	if (cw->cfg.lexicon != NULL)
		return load_lexicon(cw, cw->cfg.lexicon, "");
	return load_each(cw, "boilerplate.", load_lexicon);
}

struct clean_words *
clean_words_new(const struct clean_config *cfg)
{
	struct clean_words *cw;

	cw = xcalloc(1, sizeof(*cw));
	cw->cfg = *cfg;
	cw->scan_avx2 = nw_avx2("NW_CLEAN_SIMD");
	cw->mask = 8191;
	cw->index = xcalloc(cw->mask + 1, sizeof(*cw->index));
	if (load_all_stopwords(cw) == -1 || load_all_lexicons(cw) == -1 ||
	    table_build(cw) == -1) {
		clean_words_free(cw);
		return NULL;
	}
	free(cw->keys);
	free(cw->info);
	free(cw->index);
	cw->keys = NULL;
	cw->info = NULL;
	cw->index = NULL;
	return cw;
}

void
clean_words_free(struct clean_words *cw)
{
	size_t i;

	if (cw == NULL)
		return;
	for (i = 0; i < cw->nlists; i++)
		free(cw->lists[i]);
	free(cw->lists);
	free(cw->keys);
	free(cw->info);
	free(cw->index);
	free(cw->slots);
	free(cw->disp);
	wordset_free(cw->lexicon);
	wordset_free(cw->lexfirst);
	segmenter_free(cw->seg);
	free(cw->lexwords);
	buf_free(&cw->fold);
	buf_free(&cw->phrase);
	buf_free(&cw->norm);
	buf_free(&cw->pad);
	free(cw);
}

/*
 * The list of the document's language (lang=) when there is one, else
 * every list at once; *forced when the user or the language chose it.
 */
uint64_t
clean_words_lists(const struct clean_words *cw, const struct record *r,
    int *forced)
{
	const char *lang;
	size_t len, i;

	*forced = cw->cfg.stopwords != NULL;
	if (*forced || !record_meta_get(r, "lang", &lang, &len))
		return cw->alllists;
	for (i = 0; i < cw->nlists; i++)
		if (strlen(cw->lists[i]) == len &&
		    memcmp(cw->lists[i], lang, len) == 0) {
			*forced = 1;
			return (uint64_t)1 << i;
		}
	return cw->alllists;
}

/* ------------------------------------------------------------------ */
/* The lexicon. */

/*
 * The words of the longest phrase of the lexicon that folded word f of
 * n bytes starts, 0 when it starts none: by the word table, one lookup,
 * when it can be there.  A phrase of some words cannot match a run of
 * more, and a phrase whose first word is common ("you", "this") is
 * seldom long: the longer runs need not be looked for.  The table says
 * eight for eight words or more; then, as for a first word too long for
 * the table, runs as long as the lexicon's longest phrase are.
 */
static inline size_t
lexicon_first(const struct clean_words *cw, const char *f, size_t n)
{
	uint64_t a, b, info;
	size_t words;

	if (n == 0 || n > STOP_KEY_MAX)
		return wordset_contains(cw->lexfirst, f, n) ? cw->lexmax : 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* pack_key() by two loads: 16 bytes are there (the caller's room). */
	memcpy(&a, f, 8);
	memcpy(&b, f + 8, 8);
	if (n < 8) {
		a &= ((uint64_t)1 << (8 * n)) - 1;
		b = 0;
	} else if (n < 16)
		b &= ((uint64_t)1 << (8 * (n - 8))) - 1;
#else
	pack_key((const unsigned char *)f, n, &a, &b);
#endif
	if (!(cw->lexbits[lexbit(a, b) / 64] >> lexbit(a, b) % 64 & 1))
		return 0;
	info = word_info(cw, a, b);
	if (!(info & INFO_LEXFIRST))
		return 0;
	words = (size_t)(info >> INFO_LEXWORDS_SHIFT & 7) + 1;
	return words < LEX_WORDS_FIELD ? words : cw->lexmax;
}

/*
 * The length of the code point at s (before e) when it is a space, a
 * line or a paragraph separator beyond ASCII; else 0.
 */
static size_t
space_len(const unsigned char *s, const unsigned char *e)
{
	int32_t cp;
	size_t n;

	if ((n = utf8_decode(s, (size_t)(e - s), &cp)) == 0 ||
	    !cp_is_space(cp))
		return 0;
	return n;
}

/*
 * The next word of s .. e for the phrase search: the punctuation and
 * blanks before it skipped, the punctuation after it left out, beyond
 * ASCII too (word_first(), word_last()), and a space beyond ASCII ends
 * it as a blank does.  Returns where the word's run of bytes ends (*w,
 * *we the word), or NULL when no word is left.  With SSE2, 16 bytes
 * must be readable from a word's start, blanks after e.
 */
static inline const unsigned char *
phrase_word(const unsigned char *s, const unsigned char *e,
    const unsigned char **w, const unsigned char **we)
{
	const unsigned char *t;
#ifdef __SSE2__
	const __m128i blank = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
	__m128i v;
	unsigned m;
#endif

	for (;;) {
		while (s < e && (bclass[*s] & (B_SPACE | B_PUNCT)))
			s++;
		if (s == e)
			return NULL;
		if (*s < 0x80 || (t = word_first(s, e)) == s)
			break;
		s = t;
	}
	*w = s;
#ifdef __SSE2__
	for (;;) {
		v = _mm_loadu_si128((const __m128i *)s);
		m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(v, blank), _mm_cmpeq_epi8(v, tab)));
		if (m != 0) {
			s += __builtin_ctz(m);
			break;
		}
		s += 16;
	}
	if (s > e)
		s = e;
#else
	while (s < e && !(bclass[*s] & B_SPACE))
		s++;
#endif
	/* A space beyond ASCII (the no-break space) parts words too. */
	for (t = *w; t < s; t++)
		if (*t >= 0x80 && space_len(t, s) > 0) {
			s = t;
			break;
		}
	*we = word_last(*w, s);
	return s;
}

/*
 * Word w of fl bytes folded as fold_word() folds, at the end of the
 * phrase's text; room for it and for 18 bytes more is there.
 */
static inline void
phrase_fold(struct clean_words *cw, const unsigned char *w, size_t fl)
{
	unsigned char *o;
	size_t i, off = cw->phrase.len;
	unsigned high;
#ifdef __SSE2__
	__m128i v;
#endif

	o = (unsigned char *)cw->phrase.data + off;
	cw->phrase.len = off + fl;
	if (fl > LEX_FOLD_MAX) {
		memcpy(o, w, fl);
		return;
	}
#ifdef __SSE2__
	if (fl <= 16) {
		/* The word's 16 bytes lowered, stored whole. */
		v = _mm_loadu_si128((const __m128i *)w);
		high = (unsigned)_mm_movemask_epi8(v) & ((1U << fl) - 1);
		_mm_storeu_si128((__m128i *)o, _mm_or_si128(v,
		    _mm_and_si128(_mm_cmplt_epi8(_mm_add_epi8(v,
		    _mm_set1_epi8((char)(0x80 - 'A'))),
		    _mm_set1_epi8((char)(0x80 + 26))), _mm_set1_epi8(0x20))));
	} else
#endif
		for (high = 0, i = 0; i < fl; i++)
			high |= (o[i] = blower[w[i]]) & 0x80;
	if (high) {
		cw->phrase.len = off;
		utf8_casefold(&cw->phrase, (const char *)w, fl);
	}
}

/* A copy of the paragraph with 16 blanks after it, for phrase_word(). */
static const unsigned char *
phrase_text(struct clean_words *cw, const char *text, size_t n)
{
#ifdef __SSE2__
	buf_reserve(&cw->pad, n + 16);
	memcpy(cw->pad.data, text, n);
	memset(cw->pad.data + n, ' ', 16);
	return (const unsigned char *)cw->pad.data;
#else
	(void)cw;
	(void)n;
	return (const unsigned char *)text;
#endif
}

/*
 * The lexicon.  The case-folded words of a paragraph, the punctuation
 * around them dropped, are laid out as "^w1 w2 ... wn$" so that every run
 * of words (of up to the longest phrase's) is one contiguous key, with
 * its '^' when it starts the paragraph and its '$' when it ends it:
 * "^tags" matches at the start only, "^home$" a paragraph that is that
 * word alone.
 * Returns the words covered by the longest matches, left to right.
 */
size_t
clean_words_phrases(struct clean_words *cw, const char *text, size_t n)
{
	const struct wordset *lex = cw->lexicon;
	const unsigned char *e, *w, *we, *s;
	const char *d;
	size_t nw = 0, i, j, fl, best, covered = 0, start, end, most;
	struct span *sp;

	s = phrase_text(cw, text, n);
	e = s + n;
	buf_clear(&cw->phrase);
	buf_addc(&cw->phrase, '^');
	while ((s = phrase_word(s, e, &w, &we)) != NULL) {
		if (nw == cw->lexwordscap) {
			cw->lexwordscap = cw->lexwordscap ?
			    cw->lexwordscap * 2 : 32;
			cw->lexwords = xreallocarray(cw->lexwords,
			    cw->lexwordscap, sizeof(*cw->lexwords));
		}
		sp = &cw->lexwords[nw++];
		fl = (size_t)(we - w);
		/* Room for the blank, the word (16 bytes stored), the '$'. */
		if (cw->phrase.cap - cw->phrase.len <= fl + 18)
			buf_reserve(&cw->phrase, fl + 18);
		if (nw > 1)
			cw->phrase.data[cw->phrase.len++] = ' ';
		sp->off = cw->phrase.len;
		phrase_fold(cw, w, fl);
		sp->len = cw->phrase.len - sp->off;
	}
	buf_addc(&cw->phrase, '$');
	/* 16 bytes from every word's start, for lexicon_first(). */
	buf_reserve(&cw->phrase, 16);
	d = cw->phrase.data;
	for (i = 0; i < nw; i += best ? best : 1) {
		best = 0;
		start = cw->lexwords[i].off;
		if ((most = lexicon_first(cw, d + start,
		    cw->lexwords[i].len)) == 0)
			continue;
		for (j = i; j < nw && j - i < most; j++) {
			end = cw->lexwords[j].off + cw->lexwords[j].len;
			if (wordset_contains(lex, d + start, end - start) ||
			    (i == 0 && wordset_contains(lex, d, end)) ||
			    (j + 1 == nw &&
			    (wordset_contains(lex, d + start, end + 1 - start) ||
			    (i == 0 && wordset_contains(lex, d, end + 1)))))
				best = j - i + 1;
		}
		covered += best;
	}
	return covered;
}

/* The configuration the words were loaded with. */
const struct clean_config *
clean_words_config(const struct clean_words *cw)
{
	return &cw->cfg;
}
