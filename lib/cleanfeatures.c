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

struct clean_words {
	struct clean_config	 cfg;
	struct stopset		**sets;		/* one per stopwords.LANG */
	size_t			 nsets;
	struct stopset		*all;		/* their union */
	struct wordset		*lexicon;
	struct wordset		*lexfirst;	/* first words of its phrases */
	size_t			 lexmax;	/* words in its longest phrase */
	struct buf		 fold, phrase, norm;
	struct span		*lexwords;
	size_t			 lexwordscap;
};

/* ------------------------------------------------------------------ */
/* Stopword sets: words of up to 16 bytes, packed in two words. */

struct stopset {
	uint64_t	*keys;		/* pairs; both zero for an empty slot */
	size_t		 mask, count;
	char		*lang;
};

static inline uint64_t
stop_hash(uint64_t a, uint64_t b)
{
	uint64_t h = a * 0x9e3779b97f4a7c15ULL ^ b;

	h ^= h >> 32;
	h *= 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 29);
}

static void
stopset_add(struct stopset *s, uint64_t a, uint64_t b)
{
	uint64_t *old;
	size_t i, oldn;

	if ((s->count + 1) * 2 > s->mask + 1) {
		old = s->keys;
		oldn = s->mask + 1;
		s->mask = oldn * 2 - 1;
		s->keys = xcalloc(s->mask + 1, 2 * sizeof(uint64_t));
		s->count = 0;
		for (i = 0; i < oldn; i++)
			if (old[2 * i] != 0 || old[2 * i + 1] != 0)
				stopset_add(s, old[2 * i], old[2 * i + 1]);
		free(old);
	}
	for (i = stop_hash(a, b) & s->mask;; i = (i + 1) & s->mask) {
		if (s->keys[2 * i] == a && s->keys[2 * i + 1] == b)
			return;
		if (s->keys[2 * i] == 0 && s->keys[2 * i + 1] == 0)
			break;
	}
	s->keys[2 * i] = a;
	s->keys[2 * i + 1] = b;
	s->count++;
}

static inline int
stopset_has(const struct stopset *s, uint64_t a, uint64_t b)
{
	size_t i;

	for (i = stop_hash(a, b) & s->mask;; i = (i + 1) & s->mask) {
		if (s->keys[2 * i] == a && s->keys[2 * i + 1] == b)
			return 1;
		if (s->keys[2 * i] == 0 && s->keys[2 * i + 1] == 0)
			return 0;
	}
}

/* Pack a folded word of 1..16 bytes. */
static inline void
pack_key(const unsigned char *w, size_t n, uint64_t *a, uint64_t *b)
{
	unsigned char k[STOP_KEY_MAX] = { 0 };

	memcpy(k, w, n);
	memcpy(a, k, 8);
	memcpy(b, k + 8, 8);
}

static struct stopset *
stopset_new(const char *lang)
{
	struct stopset *s;

	s = xcalloc(1, sizeof(*s));
	s->mask = 63;
	s->keys = xcalloc(s->mask + 1, 2 * sizeof(uint64_t));
	s->lang = xstrdup(lang);
	return s;
}

static void
stopset_free(struct stopset *s)
{
	if (s == NULL)
		return;
	free(s->keys);
	free(s->lang);
	free(s);
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
	struct stopset *s;
	struct listfile *lf;
	const char *entry;
	size_t len, flen;
	uint64_t a, b;
	unsigned char small[STOP_KEY_MAX];
	const unsigned char *f;

	if ((lf = listfile_open(path, 0)) == NULL)
		return -1;
	s = stopset_new(lang);
	while ((entry = listfile_next(lf, &len)) != NULL) {
		if (len > STOP_KEY_MAX)
			continue;
		f = fold_word(cw, (const unsigned char *)entry, len, &flen,
		    small);
		if (flen == 0 || flen > STOP_KEY_MAX)
			continue;
		pack_key(f, flen, &a, &b);
		stopset_add(s, a, b);
		stopset_add(cw->all, a, b);
	}
	if (listfile_close(lf) == -1) {
		stopset_free(s);
		return -1;
	}
	cw->sets = xreallocarray(cw->sets, cw->nsets + 1, sizeof(*cw->sets));
	cw->sets[cw->nsets++] = s;
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
	cw->all = stopset_new("");
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
	for (i = 0; i < cw->nsets; i++)
		stopset_free(cw->sets[i]);
	free(cw->sets);
	stopset_free(cw->all);
	wordset_free(cw->lexicon);
	wordset_free(cw->lexfirst);
	free(cw->lexwords);
	buf_free(&cw->fold);
	buf_free(&cw->phrase);
	buf_free(&cw->norm);
	free(cw);
}

/*
 * The list of the document's language (lang=) when there is one, else
 * every list at once; *forced when the user or the language chose it.
 */
const struct stopset *
clean_words_stopset(const struct clean_words *cw, const struct record *r, int *forced)
{
	const char *lang;
	size_t len, i;

	*forced = cw->cfg.stopwords != NULL;
	if (*forced || cw->nsets == 0 ||
	    !record_meta_get(r, "lang", &lang, &len))
		return cw->all;
	for (i = 0; i < cw->nsets; i++)
		if (strlen(cw->sets[i]->lang) == len &&
		    memcmp(cw->sets[i]->lang, lang, len) == 0) {
			*forced = 1;
			return cw->sets[i];
		}
	return cw->all;
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
word_slow(struct clean_words *cw, const struct stopset *stops, struct clean_para *p,
    const unsigned char *w, const unsigned char *s, unsigned char *o)
{
	const unsigned char *k, *we, *f;
	unsigned char small[STOP_KEY_MAX];
	uint64_t a, b;
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
	if (we > k && (size_t)(we - k) <= STOP_KEY_MAX) {
		f = fold_word(cw, k, (size_t)(we - k), &fl, small);
		if (fl <= STOP_KEY_MAX) {
			pack_key(f, fl, &a, &b);
			if (stopset_has(stops, a, b))
				p->stops++;
		}
	}
	return o;
}

/* An ASCII word: its case and the stopword test, punctuation aside. */
static inline void
word_ascii(const struct stopset *stops, struct clean_para *p,
    const unsigned char *w, const unsigned char *s)
{
	const unsigned char *k, *we;
	uint64_t a, b;
	size_t i;

	k = word_count(p, w, s, B_UPPER | B_LOWER, &we);
	if (we > k && (size_t)(we - k) <= STOP_KEY_MAX) {
		/*
		 * The key assembled in registers: bytes stored one by one
		 * and read back as words would stall the load.
		 */
		a = b = 0;
		for (i = 0; i < 8 && k + i < we; i++)
			a |= (uint64_t)blower[k[i]] << (8 * i);
		for (; k + i < we; i++)
			b |= (uint64_t)blower[k[i]] << (8 * (i - 8));
		if (stopset_has(stops, a, b))
			p->stops++;
	}
}

/*
 * The features of a paragraph in one pass, a word at a time: ASCII words
 * (nearly all of English) through byte tables with no branch a byte,
 * others through word_slow().  The normalised text (letters folded,
 * digits kept, punctuation dropped, one blank after each word) is laid
 * out in cw->norm and hashed at the end.
 */
void
clean_features(struct clean_words *cw, const struct stopset *stops,
    struct clean_para *p, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text, *e = s + len;
	const unsigned char *w;
	unsigned char *o, *o0, *ow;
	uint64_t acc;
	unsigned c, hi;
	size_t n;

	memset(p, 0, sizeof(*p));
	buf_reserve(&cw->norm, len + 1);
	o0 = o = (unsigned char *)cw->norm.data;
	while (s < e) {
		while (s < e && *s == ' ')
			s++;
		if (s == e)
			break;
		w = s;
		ow = o;
		acc = 0;
		hi = 0;
		for (; s < e && (c = *s) != ' '; s++) {
			acc += btab[c];
			hi |= c;
			*o = blower[c];
			o += bkeep[c];
		}
		n = (size_t)(s - w);
		p->chars++;	/* the blank after it */
		if ((hi & 0x80) || n > 0xffff) {
			o = word_slow(cw, stops, p, w, s, ow);
			*o++ = ' ';
		} else {
			p->chars += (uint32_t)n;
			p->visible += (uint32_t)n;
			p->digits += (uint32_t)(acc & 0xffff);
			p->symbols += (uint32_t)((acc >> 16) & 0xffff);
			p->cells += (uint32_t)((acc >> 32) & 0xffff);
			*o++ = ' ';
			word_ascii(stops, p, w, s);
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
	if (p->words <= cw->cfg.threshold[CLEAN_PHRASE_WORDS])
		p->phrase = (uint32_t)lexicon_match(cw,
		    (const unsigned char *)text, len);
}
