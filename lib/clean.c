/*
 * newswire: the boilerplate classifier of nw-clean(1).
 *
 * Each paragraph of a document is described by cheap surface features
 * read in one pass over its bytes: length in characters and words, the
 * share of stopwords (function words are what prose is made of and what
 * menus, bylines and link lists lack), whether it ends a sentence, the
 * share of title-cased words, of digits and symbols, of characters in
 * URLs and e-mail addresses, whether it holds a phrase of the boilerplate
 * lexicon, and a hash of its normalised text.  The classes follow jusText
 * (Pomikalek 2011), adapted to text without markup: a first pass gives
 * each paragraph good, near-good, short or bad from its own features; a
 * second settles short and then near-good paragraphs by the classes of
 * their nearest decided neighbours, the document's edges counting as
 * bad, so that a short quote inside an article stays and a short item
 * in a run of menu lines goes; a heading (short, no final stop) followed
 * closely by good text is kept.
 *
 * Across documents a paragraph that recurs in many documents of one
 * source is boilerplate however long (CCNet's paragraph hashing): the
 * normalised text's hash, salted with the source, is counted in a table
 * of fixed size, four slots a bucket, evicting the entry seen in the
 * fewest documents when a bucket is full.  Memory is the table, fixed
 * when the cleaner is made, plus one document.
 */
#include <dirent.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

#define STOP_KEY_MAX	16	/* bytes; longer words are never stopwords */
#define LEX_WORDS_MAX	8	/* words in one lexicon phrase */
#define BUCKET_SLOTS	4
#define LIST_FIT	0.15	/* stopword share of a document its list fits */
#define WRAP_MIN	30	/* characters of a line that may be wrapped */
#define MIN_TABLE_BYTES	(BUCKET_SLOTS * 16)

static const struct {
	const char	*name;
	double		 value, min, max;
	const char	*what;
} thresholds[CLEAN_NTHRESHOLDS] = {
	[CLEAN_LENGTH_LOW] =	{ "length-low", 70, 0, 1e9,
	    "characters below which a paragraph is short" },
	[CLEAN_LENGTH_HIGH] =	{ "length-high", 200, 0, 1e9,
	    "characters above which prose is good" },
	[CLEAN_STOPWORDS_LOW] =	{ "stopwords-low", 0.20, 0, 1,
	    "stopword share below which a paragraph is bad" },
	[CLEAN_STOPWORDS_HIGH] = { "stopwords-high", 0.22, 0, 1,
	    "stopword share from which a paragraph is prose" },
	[CLEAN_URL_MAX] =	{ "url-max", 0.2, 0, 1,
	    "share of characters in URLs and e-mail addresses" },
	[CLEAN_SYMBOLS_MAX] =	{ "symbols-max", 0.5, 0, 1,
	    "share of digits and symbols among visible characters" },
	[CLEAN_PHRASE_WORDS] =	{ "phrase-words", 25, 0, 1e9,
	    "words up to which a lexicon phrase makes boilerplate" },
	[CLEAN_HEADING_WORDS] =	{ "heading-words", 20, 0, 1e9,
	    "words up to which a line without a final stop is a heading" },
	[CLEAN_HEADING_DISTANCE] = { "heading-distance", 200, 0, 1e9,
	    "characters from a heading to the good text it keeps" },
	[CLEAN_REPEATS] =	{ "repeats", 3, 0, 1e9,
	    "documents of a source a repeated paragraph is seen in" },
	[CLEAN_LINKS_MAX] =	{ "links-max", 0.2, 0, 1,
	    "share of text in links (block hints) above which it is bad" },
};

const char *
clean_threshold_name(int i)
{
	return i >= 0 && i < CLEAN_NTHRESHOLDS ? thresholds[i].name : NULL;
}

const char *
clean_threshold_what(int i)
{
	return i >= 0 && i < CLEAN_NTHRESHOLDS ? thresholds[i].what : NULL;
}

void
clean_config_default(struct clean_config *c)
{
	int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < CLEAN_NTHRESHOLDS; i++)
		c->threshold[i] = thresholds[i].value;
	c->table_bytes = CLEAN_TABLE_DEFAULT;
}

/* "NAME=VALUE": NULL when set, else why not. */
const char *
clean_threshold_set(struct clean_config *c, const char *arg)
{
	const char *eq, *p;
	char *end;
	double v;
	size_t n;
	int i;

	if ((eq = strchr(arg, '=')) == NULL)
		return "not NAME=VALUE";
	n = (size_t)(eq - arg);
	for (i = 0; i < CLEAN_NTHRESHOLDS; i++)
		if (strlen(thresholds[i].name) == n &&
		    memcmp(thresholds[i].name, arg, n) == 0)
			break;
	if (i == CLEAN_NTHRESHOLDS)
		return "unknown threshold";
	/* Digits with an optional decimal point, nothing strtod adds. */
	for (p = eq + 1; *p >= '0' && *p <= '9'; p++)
		;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	v = strtod(eq + 1, &end);
	if (end == eq + 1 || *end != '\0' || end != p || !(v >= thresholds[i].min) ||
	    !(v <= thresholds[i].max))
		return thresholds[i].max == 1 ? "not a number from 0 to 1" :
		    "not a number from 0 to 1000000000";
	c->threshold[i] = v;
	return NULL;
}

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

struct repeat_slot {
	uint64_t	key;		/* 0: empty */
	uint32_t	docs;		/* documents it was seen in */
	uint32_t	lastdoc;	/* serial of the last of them */
};

/* What the first pass learns of one paragraph. */
struct para {
	uint32_t	chars;		/* code points */
	uint32_t	words;		/* blank-separated tokens with a letter */
	uint32_t	stops;
	uint32_t	shortlower;	/* lower-case words of 1 to 3 letters */
	uint32_t	titled;		/* words starting with a capital */
	uint32_t	visible;	/* non-blank code points */
	uint32_t	symbols;	/* visible, neither letter nor digit */
	uint32_t	digits;
	uint32_t	urlchars;
	uint32_t	cells;		/* '|' table cell separators */
	uint64_t	hash;		/* normalised text; 0 when it is empty */
	unsigned	terminal:1;	/* ends like a sentence */
	unsigned	copyright:1;
	uint32_t	phrase;		/* words in lexicon phrases */
	unsigned	heading:1;
	unsigned	item:1;		/* starts with a list marker */
	unsigned	hinted:1;	/* has block hints */
	unsigned	joined:1;	/* classed with the lines of its paragraph */
	unsigned	markup_bad:1;	/* hints put it in navigation and such */
	unsigned	hint_heading:1;	/* an h1 to h6 element */
	int		linkpct;	/* per cent of its text in links */
	unsigned	strong:1;	/* bad for a reason context cannot undo */
	unsigned	keep:1;
	int		cls;		/* CLASS_* */
	int		reason;		/* REASON_* */
	uint32_t	repeats;	/* documents of its source, for the reason */
};

enum { CLASS_BAD, CLASS_SHORT, CLASS_NEARGOOD, CLASS_GOOD };

enum {
	REASON_LONG_PROSE, REASON_PROSE, REASON_CONTEXT, REASON_HEADING,
	REASON_TITLE, REASON_REPEATED, REASON_DUPLICATE, REASON_PHRASE,
	REASON_COPYRIGHT, REASON_LINKS, REASON_SYMBOLS, REASON_LOW_STOPWORDS,
	REASON_MENU_RUN, REASON_EMPTY, REASON_HINT
};

static const char *const reason_names[] = {
	[REASON_LONG_PROSE] = "long-prose",
	[REASON_PROSE] = "prose",
	[REASON_CONTEXT] = "context",
	[REASON_HEADING] = "heading",
	[REASON_TITLE] = "title",
	[REASON_REPEATED] = "repeated",
	[REASON_DUPLICATE] = "duplicate",
	[REASON_PHRASE] = "phrase",
	[REASON_COPYRIGHT] = "copyright",
	[REASON_LINKS] = "links",
	[REASON_SYMBOLS] = "symbols",
	[REASON_LOW_STOPWORDS] = "low-stopwords",
	[REASON_MENU_RUN] = "menu-run",
	[REASON_EMPTY] = "empty",
	[REASON_HINT] = "markup",
};

struct cleaner {
	struct clean_config	 cfg;
	struct stopset		**sets;		/* one per stopwords.LANG */
	size_t			 nsets;
	struct stopset		*all;		/* their union */
	struct wordset		*lexicon;
	struct wordset		*lexfirst;	/* first words of its phrases */
	size_t			 lexmax;	/* words in its longest phrase */
	struct repeat_slot	*table;
	size_t			 nbuckets;	/* 0: no repeat table */
	uint32_t		 docserial;
	struct para		*paras;
	size_t			 parascap, nparas;
	uint64_t		*seen;		/* in-document duplicates */
	size_t			 seenmask;
	struct buf		 fold, phrase, norm;
	struct span		*lexwords;
	size_t			 lexwordscap;
};

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
fold_word(struct cleaner *cl, const unsigned char *w, size_t n, size_t *outn,
    unsigned char *small)
{
	size_t i;
	int high = 0;

	for (i = 0; i < n; i++)
		high |= w[i] & 0x80;
	if (high) {
		buf_clear(&cl->fold);
		utf8_casefold(&cl->fold, (const char *)w, n);
		*outn = cl->fold.len;
		return (const unsigned char *)cl->fold.data;
	}
	for (i = 0; i < n; i++)
		small[i] = blower[w[i]];
	*outn = n;
	return small;
}

static int
load_stopwords(struct cleaner *cl, const char *path, const char *lang)
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
		f = fold_word(cl, (const unsigned char *)entry, len, &flen,
		    small);
		if (flen == 0 || flen > STOP_KEY_MAX)
			continue;
		pack_key(f, flen, &a, &b);
		stopset_add(s, a, b);
		stopset_add(cl->all, a, b);
	}
	if (listfile_close(lf) == -1) {
		stopset_free(s);
		return -1;
	}
	cl->sets = xreallocarray(cl->sets, cl->nsets + 1, sizeof(*cl->sets));
	cl->sets[cl->nsets++] = s;
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
 * Call load(cl, path, lang) on every share/newswire/PREFIXLANG in byte
 * order; -1 if one failed or there is none.
 */
static int
load_each(struct cleaner *cl, const char *prefix,
    int (*load)(struct cleaner *, const char *, const char *))
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
		if (rc == 0 && load(cl, path,
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
load_all_stopwords(struct cleaner *cl)
{
	cl->all = stopset_new("");
	if (cl->cfg.stopwords != NULL)
		return load_stopwords(cl, cl->cfg.stopwords, "");
	return load_each(cl, "stopwords.", load_stopwords);
}

/*
 * The lexicon, case-folded, and the first words of its phrases: a phrase
 * can only start at a word that is one of them, so most words of a
 * paragraph cost one lookup.
 */
static int
load_lexicon(struct cleaner *cl, const char *file, const char *lang)
{
	const char *entry, *f, *sp;
	struct listfile *lf;
	size_t len, n;

	(void)lang;
	if ((lf = listfile_open(file, 0)) == NULL)
		return -1;
	while ((entry = listfile_next(lf, &len)) != NULL) {
		buf_clear(&cl->fold);
		utf8_casefold(&cl->fold, entry, len);
		wordset_add(cl->lexicon, cl->fold.data, cl->fold.len);
		f = cl->fold.data;
		n = cl->fold.len;
		if (*f == '^') {
			f++;
			n--;
		}
		if ((sp = memchr(f, ' ', n)) != NULL)
			n = (size_t)(sp - f);
		if (n > 0 && f[n - 1] == '$')
			n--;
		wordset_add(cl->lexfirst, f, n);
	}
	return listfile_close(lf);
}

/* Every share/newswire/boilerplate.LANG, or the one file given. */
static int
load_all_lexicons(struct cleaner *cl)
{
	cl->lexicon = wordset_new();
	cl->lexfirst = wordset_new();
	if (cl->cfg.lexicon != NULL)
		return load_lexicon(cl, cl->cfg.lexicon, "");
	return load_each(cl, "boilerplate.", load_lexicon);
}

struct cleaner *
cleaner_new(const struct clean_config *cfg)
{
	struct cleaner *cl;
	uint64_t entries;

	tables_init();
	cl = xcalloc(1, sizeof(*cl));
	cl->cfg = *cfg;
	cl->lexmax = LEX_WORDS_MAX;
	if (load_all_stopwords(cl) == -1 || load_all_lexicons(cl) == -1) {
		cleaner_free(cl);
		return NULL;
	}
	if (cfg->table_bytes >= MIN_TABLE_BYTES &&
	    cfg->threshold[CLEAN_REPEATS] >= 1) {
		entries = cfg->table_bytes / sizeof(struct repeat_slot);
		cl->nbuckets = (size_t)(entries / BUCKET_SLOTS);
		cl->table = xcalloc(cl->nbuckets * BUCKET_SLOTS,
		    sizeof(*cl->table));
	}
	return cl;
}

void
cleaner_free(struct cleaner *cl)
{
	size_t i;

	if (cl == NULL)
		return;
	for (i = 0; i < cl->nsets; i++)
		stopset_free(cl->sets[i]);
	free(cl->sets);
	stopset_free(cl->all);
	wordset_free(cl->lexicon);
	wordset_free(cl->lexfirst);
	free(cl->table);
	free(cl->paras);
	free(cl->seen);
	free(cl->lexwords);
	buf_free(&cl->fold);
	buf_free(&cl->phrase);
	buf_free(&cl->norm);
	free(cl);
}

size_t
cleaner_table_bytes(const struct cleaner *cl)
{
	return cl->nbuckets * BUCKET_SLOTS * sizeof(struct repeat_slot);
}

/* ------------------------------------------------------------------ */
/* Sources. */

/*
 * The source of a document: the host of a URL id ("https://host/..."),
 * else the dump an id names before its first ':' or '#' (archive members,
 * WARC and JSON Lines records), else the directory of a path id, else the
 * input's name.
 */
void
clean_source(const char *id, size_t idlen, const char *input,
    const char **src, size_t *srclen)
{
	const char *p, *end = id + idlen, *h;
	size_t i;

	p = memchr(id, ':', idlen);
	if (p != NULL && end - p > 3 && p[1] == '/' && p[2] == '/' &&
	    p > id) {
		for (i = 0; id + i < p; i++)
			if (!(bclass[(unsigned char)id[i]] &
			    (B_LOWER | B_UPPER | B_DIGIT)) && id[i] != '+' &&
			    id[i] != '-' && id[i] != '.')
				break;
		if (id + i == p) {
			h = p + 3;
			for (p = h; p < end && *p != '/' && *p != ':' &&
			    *p != '?' && *p != '#'; p++)
				;
			*src = h;
			*srclen = (size_t)(p - h);
			return;
		}
	}
	for (p = id; p < end; p++)
		if (*p == ':' || *p == '#') {
			*src = id;
			*srclen = (size_t)(p - id);
			return;
		}
	if ((p = memrchr(id, '/', idlen)) != NULL) {
		*src = id;
		*srclen = (size_t)(p - id);
		return;
	}
	*src = input;
	*srclen = strlen(input);
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
lexicon_match(struct cleaner *cl, const unsigned char *s, size_t n)
{
	const struct wordset *lex = cl->lexicon;
	unsigned char small[64];
	const unsigned char *f, *e = s + n, *w, *we;
	const char *d;
	size_t nw = 0, i, j, fl, best, covered = 0, start, end;
	struct span *sp;

	buf_clear(&cl->phrase);
	buf_addc(&cl->phrase, '^');
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
			f = fold_word(cl, w, (size_t)(we - w), &fl, small);
		else {
			f = w;
			fl = (size_t)(we - w);
		}
		if (nw == cl->lexwordscap) {
			cl->lexwordscap = cl->lexwordscap ?
			    cl->lexwordscap * 2 : 32;
			cl->lexwords = xreallocarray(cl->lexwords,
			    cl->lexwordscap, sizeof(*cl->lexwords));
		}
		sp = &cl->lexwords[nw++];
		if (nw > 1)
			buf_addc(&cl->phrase, ' ');
		sp->off = cl->phrase.len;
		sp->len = fl;
		buf_add(&cl->phrase, f, fl);
	}
	buf_addc(&cl->phrase, '$');
	d = cl->phrase.data;
	for (i = 0; i < nw; i += best ? best : 1) {
		best = 0;
		start = cl->lexwords[i].off;
		if (!wordset_contains(cl->lexfirst, d + start,
		    cl->lexwords[i].len))
			continue;
		for (j = i; j < nw && j - i < cl->lexmax; j++) {
			end = cl->lexwords[j].off + cl->lexwords[j].len;
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
word_count(struct para *p, const unsigned char *w, const unsigned char *s,
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
word_slow(struct cleaner *cl, const struct stopset *stops, struct para *p,
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
		f = fold_word(cl, k, (size_t)(we - k), &fl, small);
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
word_ascii(const struct stopset *stops, struct para *p,
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
 * out in cl->norm and hashed at the end.
 */
static void
features(struct cleaner *cl, const struct stopset *stops, struct para *p,
    const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text, *e = s + len;
	const unsigned char *w;
	unsigned char *o, *o0, *ow;
	uint64_t acc;
	unsigned c, hi;
	size_t n;

	memset(p, 0, sizeof(*p));
	buf_reserve(&cl->norm, len + 1);
	o0 = o = (unsigned char *)cl->norm.data;
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
			o = word_slow(cl, stops, p, w, s, ow);
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
	if (p->words <= cl->cfg.threshold[CLEAN_PHRASE_WORDS])
		p->phrase = (uint32_t)lexicon_match(cl,
		    (const unsigned char *)text, len);
}

/* ------------------------------------------------------------------ */
/* The repeat table. */

static uint32_t
repeat_count(struct cleaner *cl, uint64_t key)
{
	struct repeat_slot *bucket, *slot, *victim;
	size_t i;

	if (cl->nbuckets == 0)
		return 0;
	key |= 1;
	bucket = &cl->table[(size_t)((key >> 20) % cl->nbuckets) *
	    BUCKET_SLOTS];
	victim = &bucket[0];
	for (i = 0; i < BUCKET_SLOTS; i++) {
		slot = &bucket[i];
		if (slot->key == key) {
			if (slot->lastdoc != cl->docserial) {
				slot->lastdoc = cl->docserial;
				if (slot->docs < UINT32_MAX)
					slot->docs++;
			}
			return slot->docs;
		}
		if (slot->key == 0) {
			victim = slot;
			break;
		}
		if (slot->docs < victim->docs || (slot->docs == victim->docs &&
		    cl->docserial - slot->lastdoc >
		    cl->docserial - victim->lastdoc))
			victim = slot;
	}
	victim->key = key;
	victim->docs = 1;
	victim->lastdoc = cl->docserial;
	return 1;
}

/* 1 if the hash was seen earlier in this document. */
static int
seen_before(struct cleaner *cl, uint64_t h)
{
	size_t i;

	for (i = h & cl->seenmask; cl->seen[i] != 0;
	    i = (i + 1) & cl->seenmask)
		if (cl->seen[i] == h)
			return 1;
	cl->seen[i] = h;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The classes. */

/*
 * Block hints of nw-split's HTML reading (newswire(7)):
 * block=ELEMENT,CONTEXT,LINKS,DEPTH.  Navigation, footers, menus, share
 * and cookie boxes, comments condemn a paragraph wherever they are;
 * asides, headers and related-story boxes only outside the article
 * (<article>, <main>).  Hints that do not parse are ignored.
 */
static void
block_hints(struct para *p, const struct record *r)
{
	const char *v, *e, *c, *ce;
	size_t len;
	int in_article = 0, bad = 0, soft = 0, pct = 0, digits = 0;

	if (!record_meta_get(r, "block", &v, &len))
		return;
	e = v + len;
	if ((c = memchr(v, ',', len)) == NULL)
		return;
	if (c - v == 2 && v[0] == 'h' && v[1] >= '1' && v[1] <= '6')
		p->hint_heading = 1;
	if ((c - v == 2 && (memcmp(v, "td", 2) == 0 ||
	    memcmp(v, "th", 2) == 0)))
		p->cells = 2;
	if (c - v == 2 && memcmp(v, "li", 2) == 0)
		p->item = 1;
	c++;
	if ((ce = memchr(c, ',', (size_t)(e - c))) == NULL)
		return;
	for (; c < ce; c++)
		switch (*c) {
		case 'c':
			in_article = 1;
			break;
		case 'n': case 'f': case 'M': case 'N': case 'F': case 'S':
		case 'C': case 'K':
			bad = 1;
			break;
		case 'h': case 'a': case 'R':
			soft = 1;
			break;
		}
	for (c = ce + 1; c < e && *c >= '0' && *c <= '9' && pct <= 100; c++) {
		pct = pct * 10 + (*c - '0');
		digits++;
	}
	if (digits == 0 || pct > 100)
		return;
	p->hinted = 1;
	p->linkpct = pct;
	p->markup_bad = bad || (soft && !in_article &&
	    !(p->hint_heading && soft));
}

static void
initial_class(const struct clean_config *cfg, struct para *p)
{
	const double *t = cfg->threshold;
	double sd;

	p->strong = 1;
	p->cls = CLASS_BAD;
	if (p->visible == 0) {
		p->reason = REASON_EMPTY;
		return;
	}
	if (p->chars > 0 && p->urlchars > t[CLEAN_URL_MAX] * p->chars) {
		p->reason = REASON_LINKS;
		return;
	}
	if (p->markup_bad) {
		p->reason = REASON_HINT;
		return;
	}
	if (p->hinted && p->linkpct > t[CLEAN_LINKS_MAX] * 100) {
		p->reason = REASON_LINKS;
		return;
	}
	if (p->copyright && p->words <= t[CLEAN_PHRASE_WORDS]) {
		p->reason = REASON_COPYRIGHT;
		return;
	}
	/*
	 * A phrase condemns a line that is no sentence, or a sentence it
	 * makes a quarter of: "Sign up for our newsletter." but not "By
	 * aligning the efforts of local forces, ...".
	 */
	if (p->phrase > 0 && (!p->terminal || p->phrase * 4 >= p->words)) {
		p->reason = REASON_PHRASE;
		return;
	}
	p->strong = 0;
	if (p->chars < t[CLEAN_LENGTH_LOW]) {
		/* "43,856." in a football report, "1 2 3 Next" on a page */
		p->cls = CLASS_SHORT;
		p->reason = REASON_CONTEXT;
		return;
	}
	if (p->symbols + p->digits > t[CLEAN_SYMBOLS_MAX] * p->visible &&
	    p->cells < 2) {
		p->reason = REASON_SYMBOLS;
		p->strong = 1;
		return;
	}
	sd = p->words > 0 ? (double)p->stops / p->words : 0;
	if (sd >= t[CLEAN_STOPWORDS_HIGH]) {
		if (p->chars > t[CLEAN_LENGTH_HIGH]) {
			p->cls = CLASS_GOOD;
			p->reason = REASON_LONG_PROSE;
		} else {
			p->cls = CLASS_NEARGOOD;
			p->reason = REASON_PROSE;
		}
	} else if (sd >= t[CLEAN_STOPWORDS_LOW]) {
		p->cls = CLASS_NEARGOOD;
		p->reason = REASON_PROSE;
	} else if (p->item || p->cells >= 2 || p->terminal) {
		/*
		 * List items, table rows and sentences short of function
		 * words (a line-up, a list of names) are terse whatever they
		 * hold: they go with their neighbours, in an article or in a
		 * menu.
		 */
		p->cls = CLASS_SHORT;
		p->reason = REASON_CONTEXT;
	} else
		p->reason = REASON_LOW_STOPWORDS;
}

/*
 * The class of the nearest paragraph before (dir -1) or after (dir 1) i
 * that is not short (and not near-good when skip_near), the document's
 * edges counting as bad.
 */
static int
neighbour(const struct para *ps, size_t n, size_t i, int dir, int skip_near,
    int edge)
{
	size_t j = i;

	for (;;) {
		if (dir < 0 ? j == 0 : j + 1 >= n)
			return edge;
		j += dir;
		if (ps[j].cls == CLASS_SHORT)
			continue;
		if (skip_near && ps[j].cls == CLASS_NEARGOOD)
			continue;
		return ps[j].cls;
	}
}

/* A paragraph of class min or better follows i within heading distance. */
static int
good_follows(const struct clean_config *cfg, const struct para *ps, size_t n,
    size_t i, int min)
{
	double dist = 0;
	size_t j;

	for (j = i + 1; j < n; j++) {
		if (ps[j].cls >= min)
			return 1;
		dist += ps[j].chars;
		if (dist > cfg->threshold[CLEAN_HEADING_DISTANCE])
			return 0;
	}
	return 0;
}

/*
 * The document's edges count as bad (jusText) when it shows signs of a
 * page around the text: a paragraph condemned by a phrase, links, a
 * copyright, markup or a repeat (not symbols: scores and tables have
 * them).  A document with none of them is
 * taken as text alone: a paragraph by an edge goes with its neighbour on
 * the other side, and one with no decided neighbour at all stays, so the
 * first and last lines of a plain article (a title, a closing list) are
 * not lost for lack of context.
 */
static void
context(struct cleaner *cl, struct para *ps, size_t n)
{
	const struct clean_config *cfg = &cl->cfg;
	int *next;
	int prev, nxt, edge = CLASS_GOOD;
	size_t i;

	for (i = 0; i < n; i++)
		if (ps[i].strong && ps[i].reason != REASON_EMPTY &&
		    ps[i].reason != REASON_DUPLICATE &&
		    ps[i].reason != REASON_SYMBOLS)
			edge = CLASS_BAD;

	next = xreallocarray(NULL, n ? n : 1, sizeof(*next));
	/*
	 * Headings before good text count as near-good, in a text alone:
	 * on a page, most lines that look like headings (the title, "Related
	 * stories", sidebar headlines) are not article text, and headings of
	 * the article between its paragraphs are kept by context anyway.
	 */
	for (i = 0; i < n; i++)
		if (ps[i].heading && (edge == CLASS_GOOD || ps[i].hint_heading) && !ps[i].strong &&
		    (ps[i].cls == CLASS_SHORT || ps[i].cls == CLASS_BAD) &&
		    good_follows(cfg, ps, n, i, CLASS_NEARGOOD)) {
			ps[i].cls = CLASS_NEARGOOD;
			ps[i].reason = REASON_HEADING;
		}
	/* Short paragraphs take the class of their neighbours. */
	for (i = 0; i < n; i++) {
		next[i] = ps[i].cls;
		if (ps[i].cls != CLASS_SHORT)
			continue;
		prev = neighbour(ps, n, i, -1, 1, edge);
		nxt = neighbour(ps, n, i, 1, 1, edge);
		if (prev == CLASS_GOOD && nxt == CLASS_GOOD)
			next[i] = CLASS_GOOD;
		else if (prev == CLASS_BAD && nxt == CLASS_BAD)
			next[i] = CLASS_BAD;
		else if ((prev == CLASS_BAD &&
		    neighbour(ps, n, i, -1, 0, edge) == CLASS_NEARGOOD) ||
		    (nxt == CLASS_BAD &&
		    neighbour(ps, n, i, 1, 0, edge) == CLASS_NEARGOOD))
			next[i] = CLASS_GOOD;
		else
			next[i] = CLASS_BAD;
		if (next[i] == CLASS_GOOD)
			ps[i].reason = REASON_CONTEXT;
		else
			ps[i].reason = (i == 0 || ps[i - 1].cls != CLASS_GOOD) &&
			    (i + 1 == n || ps[i + 1].cls != CLASS_GOOD) ?
			    REASON_MENU_RUN : REASON_CONTEXT;
	}
	for (i = 0; i < n; i++)
		ps[i].cls = next[i];
	/* Near-good paragraphs go with good neighbours, else out. */
	for (i = 0; i < n; i++) {
		next[i] = ps[i].cls;
		if (ps[i].cls != CLASS_NEARGOOD)
			continue;
		prev = neighbour(ps, n, i, -1, 1, edge);
		nxt = neighbour(ps, n, i, 1, 1, edge);
		if (prev == CLASS_BAD && nxt == CLASS_BAD) {
			next[i] = CLASS_BAD;
			ps[i].reason = REASON_CONTEXT;
		} else
			next[i] = CLASS_GOOD;
	}
	for (i = 0; i < n; i++)
		ps[i].cls = next[i];
	/* Headings shortly before good text stay. */
	for (i = 0; i < n; i++)
		if (ps[i].heading && (edge == CLASS_GOOD || ps[i].hint_heading) &&
		    ps[i].cls == CLASS_BAD && !ps[i].strong &&
		    good_follows(cfg, ps, n, i, CLASS_GOOD)) {
			ps[i].cls = CLASS_GOOD;
			ps[i].reason = REASON_HEADING;
		}
	free(next);
}

/*
 * The list of the document's language (lang=) when there is one, else
 * every list at once; *forced when the user or the language chose it.
 */
static const struct stopset *
stopset_for(const struct cleaner *cl, const struct record *r, int *forced)
{
	const char *lang;
	size_t len, i;

	*forced = cl->cfg.stopwords != NULL;
	if (*forced || cl->nsets == 0 ||
	    !record_meta_get(r, "lang", &lang, &len))
		return cl->all;
	for (i = 0; i < cl->nsets; i++)
		if (strlen(cl->sets[i]->lang) == len &&
		    memcmp(cl->sets[i]->lang, lang, len) == 0) {
			*forced = 1;
			return cl->sets[i];
		}
	return cl->all;
}

/*
 * Text wrapped at a fixed width (mail, old pages, <br> at each line)
 * comes as one record a line, each too short to be prose.  A line that
 * does not end a sentence, followed by one starting with a lower-case
 * letter, goes on in it: the lines of such a run are classed as one
 * paragraph, with their features added up.
 */
static void
wrapped_lines(struct cleaner *cl, const struct doc *d)
{
	struct para *ps = cl->paras, m;
	size_t i, j, k, n = d->nrecords;
	unsigned char c;

	for (i = 0; i < n; i = j + 1) {
		for (j = i; j + 1 < n && !ps[j].terminal &&
		    ps[j].chars >= WRAP_MIN && d->records[j + 1].textlen > 0 &&
		    (c = (unsigned char)d->records[j + 1].text[0]) >= 'a' &&
		    c <= 'z'; j++)
			;
		if (j == i)
			continue;
		m = ps[i];
		for (k = i + 1; k <= j; k++) {
			m.chars += ps[k].chars + 1;
			m.words += ps[k].words;
			m.stops += ps[k].stops;
			m.shortlower += ps[k].shortlower;
			m.titled += ps[k].titled;
			m.visible += ps[k].visible;
			m.symbols += ps[k].symbols;
			m.digits += ps[k].digits;
			m.urlchars += ps[k].urlchars;
			m.phrase += ps[k].phrase;
			m.copyright |= ps[k].copyright;
		}
		m.terminal = ps[j].terminal;
		initial_class(&cl->cfg, &m);
		for (k = i; k <= j; k++) {
			ps[k].cls = m.cls;
			ps[k].reason = m.reason;
			ps[k].strong = m.strong;
			ps[k].joined = 1;
		}
	}
}

void
cleaner_classify(struct cleaner *cl, const struct doc *d, const char *src,
    size_t srclen)
{
	const struct clean_config *cfg = &cl->cfg;
	const struct stopset *stops;
	struct para *p;
	uint64_t salt, dstops = 0, dwords = 0;
	size_t i, n = d->nrecords, title = SIZE_MAX;
	int forced;

	if (n > cl->parascap) {
		cl->parascap = n;
		cl->paras = xreallocarray(cl->paras, n, sizeof(*cl->paras));
	}
	cl->nparas = n;
	if (n == 0)
		return;
	if (n * 2 > cl->seenmask) {
		for (cl->seenmask = 63; cl->seenmask < n * 2;
		    cl->seenmask = cl->seenmask * 2 + 1)
			;
		free(cl->seen);
		cl->seen = xcalloc(cl->seenmask + 1, sizeof(*cl->seen));
	} else
		memset(cl->seen, 0, (cl->seenmask + 1) * sizeof(*cl->seen));
	cl->docserial++;
	salt = hash_bytes(src, srclen);
	stops = stopset_for(cl, &d->records[0], &forced);
	for (i = 0; i < n; i++) {
		p = &cl->paras[i];
		features(cl, stops, p, d->records[i].text,
		    d->records[i].textlen);
		dstops += p->stops;
		dwords += p->words;
	}
	/*
	 * A list that does not fit the document (a language it does not
	 * cover) finds few stopwords anywhere in it; then short lower-case
	 * words stand in for them, as function words are short in most
	 * languages written with spaces.
	 */
	if (!forced && dstops < LIST_FIT * dwords)
		for (i = 0; i < n; i++)
			cl->paras[i].stops = cl->paras[i].shortlower;
	wrapped_lines(cl, d);
	for (i = 0; i < n; i++) {
		p = &cl->paras[i];
		block_hints(p, &d->records[i]);
		if (!p->joined)
			initial_class(cfg, p);
		p->heading = (!p->terminal && p->words >= 2 &&
		    p->words <= cfg->threshold[CLEAN_HEADING_WORDS] &&
		    p->digits * 4 <= p->visible) || p->hint_heading;
		if (p->hash == 0)
			continue;
		if (p->words > 0 && seen_before(cl, p->hash)) {
			p->cls = CLASS_BAD;
			p->reason = REASON_DUPLICATE;
			p->strong = 1;
			continue;
		}
		/* A number or a one-word line recurs without being furniture. */
		if (p->words < 2)
			continue;
		p->repeats = repeat_count(cl, p->hash ^ salt);
		if (cfg->threshold[CLEAN_REPEATS] >= 1 &&
		    p->repeats >= cfg->threshold[CLEAN_REPEATS]) {
			p->cls = CLASS_BAD;
			p->reason = REASON_REPEATED;
			p->strong = 1;
		}
	}
	/*
	 * A document without long prose (a short news item, a paywalled
	 * page) has its best: its near-good paragraphs count as good.
	 */
	for (i = 0; i < n && cl->paras[i].cls != CLASS_GOOD; i++)
		;
	if (i == n)
		for (i = 0; i < n; i++)
			if (cl->paras[i].cls == CLASS_NEARGOOD)
				cl->paras[i].cls = CLASS_GOOD;
	context(cl, cl->paras, n);
	/*
	 * The title: the first heading before the first good paragraph
	 * that no strong reason condemns.
	 */
	if (cfg->keep_title) {
		for (i = 0; i < n && cl->paras[i].cls != CLASS_GOOD; i++)
			if (cl->paras[i].heading && !cl->paras[i].strong &&
			    cl->paras[i].words >= 3) {
				title = i;
				break;
			}
		if (title == SIZE_MAX && n > 0 && cl->paras[0].heading &&
		    !cl->paras[0].strong)
			title = 0;
		if (title != SIZE_MAX) {
			cl->paras[title].cls = CLASS_GOOD;
			cl->paras[title].reason = REASON_TITLE;
		}
	}
	for (i = 0; i < n; i++)
		cl->paras[i].keep = cl->paras[i].cls == CLASS_GOOD;
}

int
cleaner_keep(const struct cleaner *cl, size_t i)
{
	return i < cl->nparas && cl->paras[i].keep;
}

/* "content:long-prose", "boilerplate:repeated×41", ... */
void
cleaner_explain(const struct cleaner *cl, size_t i, struct buf *out)
{
	const struct para *p = &cl->paras[i];
	char num[FORMAT_U64_MAX];

	buf_adds(out, p->keep ? "content:" : "boilerplate:");
	buf_adds(out, reason_names[p->reason]);
	if (p->reason == REASON_REPEATED) {
		buf_adds(out, "\xc3\x97");	/* × */
		buf_add(out, num, (size_t)(format_u64(num, p->repeats, 1) -
		    num));
	}
}
