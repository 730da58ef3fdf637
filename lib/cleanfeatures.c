/*
 * newswire: the features of nw-clean's paragraphs (clean.c has the
 * classifier's design).
 *
 * Each paragraph is described by cheap surface features read in one pass
 * over its bytes: length in characters and words, the share of stopwords
 * (function words are what prose is made of and what menus, bylines and
 * link lists lack), whether it ends a sentence, the share of title-cased
 * words, of digits and symbols, of characters in URLs and e-mail
 * addresses, whether it holds a phrase of the boilerplate lexicon, and a
 * hash of its normalised text.  The stopword lists (one per
 * share/newswire/stopwords.LANG, and their union for a document of no
 * known language) and the lexicon (every share/newswire/boilerplate.LANG)
 * are loaded here once.
 */
#include <dirent.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

#define STOP_KEY_MAX	16	/* bytes; longer words are never stopwords */
#define LEX_WORDS_MAX	8	/* words in one lexicon phrase */

struct wordkey {
	uint64_t	a, b;		/* the folded bytes, first lowest */
};

struct clean_words {
	struct clean_config	 cfg;
	struct wordkey		*keys;		/* the word table */
	uint64_t		*info;		/* 0: an empty slot */
	size_t			 mask, count;
	uint64_t		 bloom[512];	/* BLOOM_WORDS */
	char			**lists;	/* the list of bit i, by language */
	size_t			 nlists;
	uint64_t		 alllists;
	int			 lexfirst_long;	/* a first word of over 16 bytes */
	struct wordset		*lexicon;
	struct wordset		*lexfirst;	/* first words of its phrases */
	size_t			 lexmax;	/* words in its longest phrase */
	struct buf		 fold, phrase, norm, pad;
	struct span		*lexwords;
	size_t			 lexwordscap;
};

/* ------------------------------------------------------------------ */
/*
 * The word table: every stopword of every list and the first word of
 * every lexicon phrase, case-folded, of up to 16 bytes packed in two
 * numbers (first byte lowest), each with a bit for every list that has
 * it and one for a phrase's first word.  One lookup a word answers both
 * questions.  Most words of a text are in neither: a bitmap of 4 KB (it
 * stays in the first-level cache) turns most of them away before the
 * table is read.
 */

#define INFO_LEXFIRST	((uint64_t)1 << 63)
#define MAX_LISTS	63
#define BLOOM_WORDS	512		/* 64-bit words: 32768 bits */

static inline uint64_t
key_hash(uint64_t a, uint64_t b)
{
	uint64_t h = (a ^ b * 0x9e3779b97f4a7c15ULL) * 0xbf58476d1ce4e5b9ULL;

	return h ^ (h >> 31);
}

static void
word_add(struct clean_words *cw, uint64_t a, uint64_t b, uint64_t info)
{
	struct wordkey *old;
	uint64_t *oldinfo, h;
	size_t i, oldn;

	if ((cw->count + 1) * 2 > cw->mask + 1) {
		old = cw->keys;
		oldinfo = cw->info;
		oldn = cw->mask + 1;
		cw->mask = oldn * 2 - 1;
		cw->keys = xcalloc(cw->mask + 1, sizeof(*cw->keys));
		cw->info = xcalloc(cw->mask + 1, sizeof(*cw->info));
		cw->count = 0;
		for (i = 0; i < oldn; i++)
			if (oldinfo[i] != 0)
				word_add(cw, old[i].a, old[i].b, oldinfo[i]);
		free(old);
		free(oldinfo);
	}
	h = key_hash(a, b);
	cw->bloom[(h >> 6) & (BLOOM_WORDS - 1)] |= (uint64_t)1 << (h & 63);
	for (i = (size_t)(h >> 32) & cw->mask;; i = (i + 1) & cw->mask) {
		if (cw->info[i] == 0)
			break;
		if (cw->keys[i].a == a && cw->keys[i].b == b) {
			cw->info[i] |= info;
			return;
		}
	}
	cw->keys[i].a = a;
	cw->keys[i].b = b;
	cw->info[i] = info;
	cw->count++;
}

/* The lists and flags of a packed word; 0 when it is in none. */
static inline uint64_t
word_info(const struct clean_words *cw, uint64_t a, uint64_t b)
{
	uint64_t h = key_hash(a, b);
	size_t i;

	if (!(cw->bloom[(h >> 6) & (BLOOM_WORDS - 1)] &
	    ((uint64_t)1 << (h & 63))))
		return 0;
	for (i = (size_t)(h >> 32) & cw->mask; cw->info[i] != 0;
	    i = (i + 1) & cw->mask)
		if (cw->keys[i].a == a && cw->keys[i].b == b)
			return cw->info[i];
	return 0;
}

/* Pack a folded word of 1..16 bytes, the first byte lowest. */
static inline void
pack_key(const unsigned char *w, size_t n, uint64_t *a, uint64_t *b)
{
	size_t i;

	*a = *b = 0;
	for (i = 0; i < n && i < 8; i++)
		*a |= (uint64_t)w[i] << (8 * i);
	for (; i < n; i++)
		*b |= (uint64_t)w[i] << (8 * (i - 8));
}

/* ------------------------------------------------------------------ */
/* Loading. */

/* Byte classes for the feature pass. */
enum { B_SPACE = 1, B_UPPER = 2, B_LOWER = 4, B_DIGIT = 8, B_HIGH = 16,
	B_CONT = 32, B_PUNCT = 64 };
static unsigned char	bclass[256];
static unsigned char	blower[256];
/*
 * For ASCII words, what a byte adds to a 64-bit sum: 1 in the low 16
 * bits for a digit, in the next 16 for a symbol, in the next for '|', in
 * the top 16 for ':' or '@' (a URL or an address may follow); bkeep is 1
 * for the bytes of the normalised text (letters and digits).
 */
static uint64_t		btab[256];
static unsigned char	bkeep[256];

static void
tables_init(void)
{
	int c;

	if (bclass['a'] != 0)
		return;
	for (c = 0; c < 256; c++) {
		blower[c] = (unsigned char)c;
		if (c == ' ' || c == '\t')
			bclass[c] = B_SPACE;
		else if (c >= 'A' && c <= 'Z') {
			bclass[c] = B_UPPER;
			blower[c] = (unsigned char)(c + 32);
		} else if (c >= 'a' && c <= 'z')
			bclass[c] = B_LOWER;
		else if (c >= '0' && c <= '9')
			bclass[c] = B_DIGIT;
		else if (c >= 0xc0)
			bclass[c] = B_HIGH;
		else if (c >= 0x80)
			bclass[c] = B_CONT;
		else
			bclass[c] = B_PUNCT;
		if (bclass[c] & B_DIGIT)
			btab[c] = 1;
		else if (bclass[c] & B_PUNCT)
			btab[c] = (uint64_t)1 << 16 |
			    (uint64_t)(c == '|') << 32 |
			    (uint64_t)(c == ':' || c == '@') << 48;
		bkeep[c] = (bclass[c] & (B_DIGIT | B_UPPER | B_LOWER)) != 0;
	}
}

/*
 * Fold a word for a stopword or lexicon lookup: ASCII by table, anything
 * else through utf8_casefold.  Returns the folded bytes (in scratch when
 * they had to be made).
 */
static const unsigned char *
fold_word(struct clean_words *cw, const unsigned char *w, size_t n, size_t *outn,
    unsigned char *small)
{
	size_t i;
	int high = 0;

	for (i = 0; i < n; i++)
		high |= w[i] & 0x80;
	if (high) {
		buf_clear(&cw->fold);
		utf8_casefold(&cw->fold, (const char *)w, n);
		*outn = cw->fold.len;
		return (const unsigned char *)cw->fold.data;
	}
	for (i = 0; i < n; i++)
		small[i] = blower[w[i]];
	*outn = n;
	return small;
}

static int
load_stopwords(struct clean_words *cw, const char *path, const char *lang)
{
	struct listfile *lf;
	const char *entry;
	size_t len, flen;
	uint64_t a, b, bit;
	unsigned char small[STOP_KEY_MAX];
	const unsigned char *f;

	if (cw->nlists == MAX_LISTS) {
		warnx("%s: more than %d stopword lists", path, MAX_LISTS);
		return -1;
	}
	if ((lf = listfile_open(path, 0)) == NULL)
		return -1;
	bit = (uint64_t)1 << cw->nlists;
	while ((entry = listfile_next(lf, &len)) != NULL) {
		if (len > STOP_KEY_MAX)
			continue;
		f = fold_word(cw, (const unsigned char *)entry, len, &flen,
		    small);
		if (flen == 0 || flen > STOP_KEY_MAX)
			continue;
		pack_key(f, flen, &a, &b);
		word_add(cw, a, b, bit);
	}
	if (listfile_close(lf) == -1)
		return -1;
	cw->lists = xreallocarray(cw->lists, cw->nlists + 1,
	    sizeof(*cw->lists));
	cw->lists[cw->nlists++] = xstrdup(lang);
	cw->alllists |= bit;
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
		return load_stopwords(cw, cw->cfg.stopwords, "");
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
	size_t len, n;
	uint64_t a, b;

	(void)lang;
	if ((lf = listfile_open(file, 0)) == NULL)
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
		if (n > STOP_KEY_MAX)
			cw->lexfirst_long = 1;
		else if (n > 0) {
			pack_key((const unsigned char *)f, n, &a, &b);
			word_add(cw, a, b, INFO_LEXFIRST);
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

	tables_init();
	cw = xcalloc(1, sizeof(*cw));
	cw->cfg = *cfg;
	cw->lexmax = LEX_WORDS_MAX;
	cw->mask = 1023;
	cw->keys = xcalloc(cw->mask + 1, sizeof(*cw->keys));
	cw->info = xcalloc(cw->mask + 1, sizeof(*cw->info));
	if (load_all_stopwords(cw) == -1 || load_all_lexicons(cw) == -1) {
		clean_words_free(cw);
		return NULL;
	}
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
	wordset_free(cw->lexicon);
	wordset_free(cw->lexfirst);
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
/* The first pass: features of one paragraph. */

static int
is_closing(const unsigned char *s, size_t n, size_t *len)
{
	/* ) ] " ' and the typographic closing quotes ’ ” » */
	if (n >= 1 && (s[n - 1] == ')' || s[n - 1] == ']' || s[n - 1] == '"' ||
	    s[n - 1] == '\'' || s[n - 1] == '*')) {
		*len = 1;
		return 1;
	}
	if (n >= 3 && s[n - 3] == 0xe2 && s[n - 2] == 0x80 &&
	    (s[n - 1] == 0x99 || s[n - 1] == 0x9d)) {
		*len = 3;
		return 1;
	}
	if (n >= 2 && s[n - 2] == 0xc2 && s[n - 1] == 0xbb) {
		*len = 2;
		return 1;
	}
	return 0;
}

/* Ends with . ! ? : ; or an ellipsis, closing quotes looked through. */
static int
ends_sentence(const unsigned char *s, size_t n)
{
	size_t k;

	while (n > 0 && is_closing(s, n, &k))
		n -= k;
	if (n == 0)
		return 0;
	switch (s[n - 1]) {
	case '.': case '!': case '?': case ':': case ';':
		return 1;
	}
	/* … U+2026, and the CJK full stop 。 U+3002 */
	return n >= 3 && ((s[n - 3] == 0xe2 && s[n - 2] == 0x80 &&
	    s[n - 1] == 0xa6) || (s[n - 3] == 0xe3 && s[n - 2] == 0x80 &&
	    s[n - 1] == 0x82));
}

/* One to three letters, punctuation after them aside. */
static inline int
short_word(const unsigned char *k, const unsigned char *e)
{
	size_t chars = 0;

	for (; k < e && !(bclass[*k] & B_PUNCT); k++)
		if (!(bclass[*k] & B_CONT) && ++chars > 3)
			return 0;
	return chars > 0;
}

/* "- ", "* ", "• ", "– ", "1. ", "a) " and the like. */
static int
list_item(const unsigned char *s, size_t n)
{
	size_t i = 0;

	if (n >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') &&
	    s[1] == ' ')
		return 1;
	if (n >= 4 && s[0] == 0xe2 && ((s[1] == 0x80 && (s[2] == 0xa2 ||
	    s[2] == 0x93 || s[2] == 0x94)) || (s[1] == 0x96 &&
	    s[2] == 0xaa)) && s[3] == ' ')
		return 1;
	while (i < n && i < 3 && (bclass[s[i]] & (B_DIGIT | B_LOWER)))
		i++;
	return i > 0 && i + 1 < n && (s[i] == '.' || s[i] == ')') &&
	    s[i + 1] == ' ' && ((bclass[s[0]] & B_DIGIT) || i == 1);
}

static int
looks_like_url(const unsigned char *w, size_t n)
{
	const unsigned char *at;

	if (n >= 4 && memmem(w, n, "://", 3) != NULL)
		return 1;
	if (n >= 5 && (memcmp(w, "www.", 4) == 0 || memcmp(w, "WWW.", 4) == 0))
		return 1;
	if ((at = memchr(w, '@', n)) != NULL && at > w &&
	    memchr(at, '.', n - (size_t)(at - w)) != NULL &&
	    w[n - 1] != '.')
		return 1;
	return 0;
}

/*
 * The lexicon.  The case-folded words of a paragraph, the punctuation
 * around them dropped, are laid out as "^w1 w2 ... wn$" so that every run
 * of up to LEX_WORDS_MAX words is one contiguous key, with its '^' when
 * it starts the paragraph and its '$' when it ends it: "^tags" matches
 * at the start only, "^home$" a paragraph that is that word alone.
 * Returns the words covered by the longest matches, left to right.
 */
static size_t
lexicon_match(struct clean_words *cw, const unsigned char *s, size_t n)
{
	const struct wordset *lex = cw->lexicon;
	unsigned char small[64];
	const unsigned char *f, *e = s + n, *w, *we;
	const char *d;
	size_t nw = 0, i, j, fl, best, covered = 0, start, end;
	struct span *sp;

	buf_clear(&cw->phrase);
	buf_addc(&cw->phrase, '^');
	while (s < e) {
		while (s < e && (bclass[*s] & (B_SPACE | B_PUNCT)))
			s++;
		if (s == e)
			break;
		w = s;
		while (s < e && !(bclass[*s] & B_SPACE))
			s++;
		we = s;
		while (we > w && (bclass[we[-1]] & B_PUNCT))
			we--;
		if ((size_t)(we - w) <= sizeof(small))
			f = fold_word(cw, w, (size_t)(we - w), &fl, small);
		else {
			f = w;
			fl = (size_t)(we - w);
		}
		if (nw == cw->lexwordscap) {
			cw->lexwordscap = cw->lexwordscap ?
			    cw->lexwordscap * 2 : 32;
			cw->lexwords = xreallocarray(cw->lexwords,
			    cw->lexwordscap, sizeof(*cw->lexwords));
		}
		sp = &cw->lexwords[nw++];
		if (nw > 1)
			buf_addc(&cw->phrase, ' ');
		sp->off = cw->phrase.len;
		sp->len = fl;
		buf_add(&cw->phrase, f, fl);
	}
	buf_addc(&cw->phrase, '$');
	d = cw->phrase.data;
	for (i = 0; i < nw; i += best ? best : 1) {
		best = 0;
		start = cw->lexwords[i].off;
		if (!wordset_contains(cw->lexfirst, d + start,
		    cw->lexwords[i].len))
			continue;
		for (j = i; j < nw && j - i < cw->lexmax; j++) {
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

/*
 * Count a word (one that starts with a letter of the kinds given once
 * the punctuation before it is skipped), its capital or its shortness;
 * returns where it starts and sets *end where it ends, punctuation
 * around it left out.
 */
static inline const unsigned char *
word_count(struct clean_para *p, const unsigned char *w, const unsigned char *s,
    unsigned letters, const unsigned char **end)
{
	const unsigned char *k, *we;

	for (k = w; k < s && (bclass[*k] & B_PUNCT); k++)
		;
	if (k < s && (bclass[*k] & letters)) {
		p->words++;
		if (bclass[*k] & B_UPPER)
			p->titled++;
		else if (short_word(k, s))
			p->shortlower++;
	}
	we = s;
	while (we > k && (bclass[we[-1]] & B_PUNCT))
		we--;
	*end = we;
	return k;
}

/*
 * One word of a paragraph that holds a byte above ASCII: decoded
 * character by character, folded by utf8_casefold for the stopword test.
 * o receives the word's normalised bytes.
 */
static unsigned char *
word_slow(struct clean_words *cw, uint64_t lists, struct clean_para *p,
    const unsigned char *w, const unsigned char *s, unsigned char *o,
    int *maybe_phrase)
{
	const unsigned char *k, *we, *f;
	unsigned char small[STOP_KEY_MAX];
	uint64_t a, b, info;
	size_t fl;
	unsigned cls;

	for (k = w; k < s; k++) {
		cls = bclass[*k];
		if (cls & B_CONT) {
			*o++ = *k;
			continue;
		}
		p->chars++;
		p->visible++;
		if (cls & B_DIGIT) {
			p->digits++;
			*o++ = *k;
		} else if (cls & (B_UPPER | B_LOWER))
			*o++ = blower[*k];
		else if (cls & B_HIGH) {
			/* Letters mostly; general punctuation not. */
			if (*k == 0xe2 && k + 1 < s && (k[1] == 0x80 ||
			    k[1] == 0x81)) {
				p->symbols++;
				k += k + 2 < s ? 2 : 1;
			} else if (*k == 0xc2) {
				p->symbols++;
				if (k + 1 < s && k[1] == 0xa9)
					p->copyright = 1;
				k += k + 1 < s ? 1 : 0;
			} else
				*o++ = *k;
		} else {
			p->symbols++;
			if (*k == '|')
				p->cells++;
		}
	}
	k = word_count(p, w, s, B_UPPER | B_LOWER | B_HIGH, &we);
	if (we == k)
		return o;
	if ((size_t)(we - k) <= STOP_KEY_MAX) {
		f = fold_word(cw, k, (size_t)(we - k), &fl, small);
		if (fl <= STOP_KEY_MAX) {
			pack_key(f, fl, &a, &b);
			info = word_info(cw, a, b);
			p->stops += (info & lists) != 0;
			*maybe_phrase |= (info & INFO_LEXFIRST) != 0;
			return o;
		}
	}
	/* A word whose key is not looked up may start a phrase. */
	*maybe_phrase = 1;
	return o;
}

/*
 * An ASCII word of more than 16 bytes (or a word_fast() would not take):
 * its case and the stopword test, punctuation aside.
 */
static void
word_ascii(const struct clean_words *cw, uint64_t lists, struct clean_para *p,
    const unsigned char *w, const unsigned char *s, int *maybe_phrase)
{
	const unsigned char *k, *we;
	uint64_t a, b, info;
	size_t i;

	k = word_count(p, w, s, B_UPPER | B_LOWER, &we);
	if (we > k && (size_t)(we - k) <= STOP_KEY_MAX) {
		a = b = 0;
		for (i = 0; i < 8 && k + i < we; i++)
			a |= (uint64_t)blower[k[i]] << (8 * i);
		for (; k + i < we; i++)
			b |= (uint64_t)blower[k[i]] << (8 * (i - 8));
		info = word_info(cw, a, b);
		p->stops += (info & lists) != 0;
		*maybe_phrase |= (info & INFO_LEXFIRST) != 0;
	} else if (we > k)
		*maybe_phrase |= cw->lexfirst_long;
}

/*
 * Eight bytes as a number, the first byte lowest, and back: the word
 * tests below need the bytes of a word in the order they are written.
 */
static inline uint64_t
load_le(const unsigned char *p)
{
	uint64_t x;

	memcpy(&x, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	return x;
}

static inline void
store_le(unsigned char *p, uint64_t x)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	memcpy(p, &x, 8);
}

/* low[n]: the low n bytes of a number (n from 0 to 8). */
static const uint64_t low[9] = {
	0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffffULL,
	0xffffffffffffULL, 0xffffffffffffffULL, 0xffffffffffffffffULL
};

/* High bit of each byte of ASCII x from lo to hi (lo >= 1). */
static inline uint64_t
swar_ascii_range(uint64_t x, unsigned char lo, unsigned char hi)
{
	return (x + SWAR_ONES * (unsigned char)(0x80 - lo)) &
	    ~(x + SWAR_ONES * (unsigned char)(0x7f - hi)) & SWAR_HIGHS;
}

/* How many bytes of m have their high bit set (no other bit set). */
static inline unsigned
swar_count(uint64_t m)
{
	return (unsigned)(((m >> 7) * SWAR_ONES) >> 56);
}

/* ':' or '@' in x: a URL or an address may be there. */
static inline int
swar_urlish(uint64_t x)
{
	return (swar_bytes_equal(x, ':') | swar_bytes_equal(x, '@')) != 0;
}

/* "www." or "WWW." starts x. */
static inline int
www_prefix(uint64_t x)
{
	return (x & 0xffffffff) == 0x2e777777 || (x & 0xffffffff) == 0x2e575757;
}

/* Bytes k to k + 7 of the 16 bytes lo, hi (k from 0 to 15). */
static inline uint64_t
bytes_from(uint64_t lo, uint64_t hi, size_t k)
{
	if (k == 0)
		return lo;
	return k < 8 ? lo >> 8 * k | hi << (64 - 8 * k) : hi >> 8 * (k - 8);
}

/*
 * What a word's bytes are, as masks with the high bit of a byte set:
 * its bytes, capitals, letters, digits and the rest (punctuation).
 */
struct wordbits {
	uint64_t	x, lower;	/* the bytes, and lower-cased */
	uint64_t	bytes, upper, alpha, digit, punct;
};

static inline void
word_bits(struct wordbits *b, uint64_t x, size_t n)
{
	b->x = x;
	b->bytes = SWAR_HIGHS & low[n];
	b->upper = swar_ascii_range(x, 'A', 'Z');
	b->lower = x | b->upper >> 2;
	b->alpha = swar_ascii_range(b->lower, 'a', 'z');
	b->digit = swar_ascii_range(x, '0', '9');
	b->punct = b->bytes & ~(b->alpha | b->digit);
}

/* Symbols, table cells and a hint of a URL, in a word with punctuation. */
static inline int
word_punct(struct clean_para *p, const struct wordbits *b)
{
	p->symbols += swar_count(b->punct);
	p->cells += swar_count(swar_bytes_equal(b->x, '|'));
	return swar_urlish(b->x);
}

/*
 * An ASCII word of 1 to 16 bytes, in one or two numbers: from the masks
 * of its bytes the counts, the word's ends with the punctuation around
 * it left out, its stopword key and its normalised bytes.  Returns 0,
 * having done nothing, for a word with a byte above ASCII, else
 * WORD_DONE, with WORD_URLISH when it may be a URL or an address.
 */
enum { WORD_DONE = 1, WORD_URLISH = 2 };

static inline int
word_fast(const struct clean_words *cw, uint64_t lists, struct clean_para *p,
    const unsigned char *w, size_t n, unsigned char **op, int *maybe_phrase)
{
	struct wordbits b0, b1;
	uint64_t x0, x1, nonp0, nonp1, a, b, info, inner;
	size_t k, we, len;
	unsigned char *o = *op;
	int ret = WORD_DONE;

	if (n <= 8) {
		x0 = load_le(w) & low[n];
		if (x0 & SWAR_HIGHS)
			return 0;
		word_bits(&b0, x0, n);
		p->chars += (uint32_t)n;
		p->visible += (uint32_t)n;
		if (b0.digit)
			p->digits += swar_count(b0.digit);
		if (b0.punct && word_punct(p, &b0))
			ret |= WORD_URLISH;
		else if (n >= 5 && www_prefix(x0))
			ret |= WORD_URLISH;
		if ((nonp0 = b0.bytes & ~b0.punct) == 0)
			goto done;
		k = (size_t)__builtin_ctzll(nonp0) / 8;
		we = (size_t)(63 - __builtin_clzll(nonp0)) / 8 + 1;
		if (b0.alpha >> 8 * k & 0x80) {
			p->words++;
			if (b0.upper >> 8 * k & 0x80)
				p->titled++;
			else if (~(nonp0 >> 8 * k) & 0x80808080)
				p->shortlower++;	/* 1 to 3 letters */
		}
		len = we - k;
		a = b0.lower >> 8 * k & low[len];
		b = 0;
		inner = b0.punct & low[we] & ~low[k];
	} else {
		x0 = load_le(w);
		x1 = load_le(w + 8) & low[n - 8];
		if ((x0 | x1) & SWAR_HIGHS)
			return 0;
		word_bits(&b0, x0, 8);
		word_bits(&b1, x1, n - 8);
		p->chars += (uint32_t)n;
		p->visible += (uint32_t)n;
		if (b0.digit | b1.digit)
			p->digits += swar_count(b0.digit) +
			    swar_count(b1.digit);
		if (b0.punct && word_punct(p, &b0))
			ret |= WORD_URLISH;
		if (b1.punct && word_punct(p, &b1))
			ret |= WORD_URLISH;
		if (www_prefix(x0))
			ret |= WORD_URLISH;
		nonp0 = b0.bytes & ~b0.punct;
		nonp1 = b1.bytes & ~b1.punct;
		if ((nonp0 | nonp1) == 0)
			goto done;
		k = nonp0 ? (size_t)__builtin_ctzll(nonp0) / 8 :
		    8 + (size_t)__builtin_ctzll(nonp1) / 8;
		we = nonp1 ? 9 + (size_t)(63 - __builtin_clzll(nonp1)) / 8 :
		    (size_t)(63 - __builtin_clzll(nonp0)) / 8 + 1;
		if (bytes_from(b0.alpha, b1.alpha, k) & 0x80) {
			p->words++;
			if (bytes_from(b0.upper, b1.upper, k) & 0x80)
				p->titled++;
			else if (~bytes_from(nonp0, nonp1, k) & 0x80808080)
				p->shortlower++;
		}
		len = we - k;
		a = bytes_from(b0.lower, b1.lower, k);
		b = k < 8 ? b1.lower >> 8 * k : 0;
		if (len <= 8) {
			a &= low[len];
			b = 0;
		} else
			b &= low[len - 8];
		inner = (b0.punct & low[we < 8 ? we : 8] & ~low[k < 8 ? k : 8]) |
		    (b1.punct & low[we > 8 ? we - 8 : 0] &
		    ~low[k > 8 ? k - 8 : 0]);
	}
	info = word_info(cw, a, b);
	p->stops += (info & lists) != 0;
	*maybe_phrase |= (info & INFO_LEXFIRST) != 0;
	if (inner == 0) {
		store_le(o, a);
		store_le(o + 8, b);
		o += len;
	} else
		for (; k < we; k++) {
			*o = blower[w[k]];
			o += bkeep[w[k]];
		}
done:
	*o++ = ' ';
	*op = o;
	return ret;
}

/*
 * The features of a paragraph in one pass, a word at a time: ASCII words
 * of up to 16 bytes (nearly all of English) whole, in two numbers, by
 * word_fast(); others byte by byte.  The text is read from a copy with
 * blanks after it, so that a word's bytes can be loaded eight at a time
 * past its end.  The normalised text (letters folded, digits kept,
 * punctuation dropped, one blank after each word) is laid out in
 * cw->norm and hashed at the end.  The lexicon is searched only when a
 * word of the paragraph may start one of its phrases.
 */
void
clean_features(struct clean_words *cw, uint64_t lists, struct clean_para *p,
    const char *text, size_t len)
{
	const unsigned char *s, *e, *w, *t;
	unsigned char *o, *o0, *ow;
	uint64_t acc, m;
	unsigned c, hi;
	size_t n;
	int maybe_phrase = 0, r;

	memset(p, 0, sizeof(*p));
	/* The copy: 16 blanks after the text, then a byte that is none. */
	buf_reserve(&cw->pad, len + 17);
	memcpy(cw->pad.data, text, len);
	memset(cw->pad.data + len, ' ', 16);
	cw->pad.data[len + 16] = '.';
	s = (const unsigned char *)cw->pad.data;
	e = s + len;
	buf_reserve(&cw->norm, len + 17);
	o0 = o = (unsigned char *)cw->norm.data;
	for (;;) {
		while (*s == ' ')
			s++;
		if (s >= e)
			break;
		w = s;
		/* e is a blank, within 16 bytes of w or after them. */
		if ((m = swar_bytes_equal(load_le(w), ' ')) != 0)
			n = (size_t)__builtin_ctzll(m) / 8;
		else if ((m = swar_bytes_equal(load_le(w + 8), ' ')) != 0)
			n = 8 + (size_t)__builtin_ctzll(m) / 8;
		else
			n = (size_t)((const unsigned char *)memchr(w + 16, ' ',
			    (size_t)(e - w) - 15) - w);
		s = w + n;
		p->chars++;	/* the blank after it */
		if (n <= 16 && (r = word_fast(cw, lists, p, w, n, &o,
		    &maybe_phrase)) != 0) {
			if ((r & WORD_URLISH) && n >= 5 && looks_like_url(w, n))
				p->urlchars += (uint32_t)n;
			continue;
		}
		ow = o;
		acc = 0;
		hi = 0;
		for (t = w; t < s; t++) {
			c = *t;
			acc += btab[c];
			hi |= c;
			*o = blower[c];
			o += bkeep[c];
		}
		if ((hi & 0x80) || n > 0xffff) {
			o = word_slow(cw, lists, p, w, s, ow, &maybe_phrase);
			*o++ = ' ';
		} else {
			p->chars += (uint32_t)n;
			p->visible += (uint32_t)n;
			p->digits += (uint32_t)(acc & 0xffff);
			p->symbols += (uint32_t)((acc >> 16) & 0xffff);
			p->cells += (uint32_t)((acc >> 32) & 0xffff);
			*o++ = ' ';
			word_ascii(cw, lists, p, w, s, &maybe_phrase);
		}
		if (n >= 5 && ((acc >> 48) != 0 || w[0] == 'w' ||
		    w[0] == 'W') && looks_like_url(w, n))
			p->urlchars += (uint32_t)n;
	}
	if (p->chars > 0)
		p->chars--;
	p->hash = p->visible > 0 ?
	    hash_bytes(o0, (size_t)(o - o0)) | 1 : 0;
	p->terminal = ends_sentence((const unsigned char *)text, len);
	p->item = list_item((const unsigned char *)text, len);
	if (maybe_phrase && p->words <= cw->cfg.threshold[CLEAN_PHRASE_WORDS])
		p->phrase = (uint32_t)lexicon_match(cw,
		    (const unsigned char *)text, len);
}
