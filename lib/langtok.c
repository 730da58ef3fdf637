/*
 * newswire: tokenizers chosen by a record's language (nw-tokenize -s auto,
 * --stem auto).
 *
 * nw-lang writes lang=CODE; the stopword list share/newswire/stopwords.CODE
 * and the Snowball stemmer of CODE follow from it.  A tokenizer holds one
 * list and one stemmer, so there is one tokenizer per language met, made
 * the first time and kept (a stream has a few dozen languages at most).
 * What cannot be had falls back to nothing rather than to English: a
 * language with no list keeps its stopwords, one with no stemmer its word
 * forms, a record marked und or not marked is only cut and folded.  A
 * known language also decides the case folding where it is not the same
 * for all: Turkish and Azeri (tr, az) fold I to ı and İ to i.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nw-private.h"

/* The ISO 639-1 codes of the languages libstemmer stems. */
static const char *const stemmed[] = {
	"ar", "ca", "da", "de", "el", "en", "es", "eu", "fi", "fr", "ga", "hi",
	"hu", "hy", "id", "it", "lt", "ne", "nl", "no", "pt", "ro", "ru", "sr",
	"sv", "ta", "tr", "yi", NULL
};

struct lang_entry {
	char			 code[LANG_CODE_MAX];
	struct tokenizer	*tokenizer;
	struct wordset		*stopwords;
};

struct lang_tokenizers {
	int			 flags;		/* TOKENIZE_*, without STEM */
	int			 clitics;
	int			 autoflags;	/* LANG_AUTO_* */
	const struct wordset	*stopwords;	/* fixed ones, without -s auto */
	struct lang_entry	*entries;
	size_t			 n, cap;
	struct tokenizer	*plain;		/* und, no field, no such code */
	int			 plain_flags;	/* plain's TOKENIZE_* */
	const struct wordset	*plain_stop;	/* and its list */
};

struct lang_tokenizers *
lang_tokenizers_new(int flags, int clitics, int autoflags,
    const struct wordset *stopwords)
{
	struct lang_tokenizers *lt = xcalloc(1, sizeof(*lt));

	lt->flags = flags;
	lt->clitics = clitics;
	lt->autoflags = autoflags;
	lt->stopwords = stopwords;
	/* A language with no list has none; no data at all is an error. */
	if (autoflags & LANG_AUTO_STOP)
		nw_share_check();
	/* Stemming on auto: the fallback folds as stemming would. */
	if (autoflags & LANG_AUTO_STEM)
		lt->flags = (lt->flags & ~TOKENIZE_STEM) | TOKENIZE_LOWER;
	lt->plain_flags = lt->flags | ((autoflags & LANG_AUTO_STEM) ?
	    0 : (flags & TOKENIZE_STEM));
	lt->plain_stop = (autoflags & LANG_AUTO_STOP) ? NULL : stopwords;
	lt->plain = tokenizer_new(lt->plain_flags, clitics, lt->plain_stop);
	return lt;
}

static int
is_stemmed(const char *code)
{
	size_t i;

	for (i = 0; stemmed[i] != NULL; i++)
		if (strcmp(stemmed[i], code) == 0)
			return 1;
	return 0;
}

/* A code nw-lang may write: two or three lower-case letters. */
static int
code_ok(const char *val, size_t len)
{
	size_t i;

	if (len < 2 || len > 3)
		return 0;
	for (i = 0; i < len; i++)
		if (val[i] < 'a' || val[i] > 'z')
			return 0;
	return 1;
}

static struct lang_entry *
entry_new(struct lang_tokenizers *lt, const char *code)
{
	struct lang_entry *e;
	const struct wordset *stop = lt->stopwords;
	char *rel, *path;
	int flags = lt->flags;

	if (lt->n == lt->cap) {
		lt->cap = lt->cap ? lt->cap * 2 : 16;
		lt->entries = xreallocarray(lt->entries, lt->cap,
		    sizeof(*lt->entries));
	}
	e = &lt->entries[lt->n++];
	memset(e, 0, sizeof(*e));
	snprintf(e->code, sizeof(e->code), "%s", code);
	if (lt->autoflags & LANG_AUTO_STOP) {
		if (asprintf(&rel, "stopwords.%s", code) == -1)
			err(NW_EXIT_FAIL, NULL);
		path = nw_share_path(rel);
		/* No list for the language is no list, not an error. */
		if (access(path, F_OK) == 0 &&
		    (e->stopwords = wordset_load(path, WORDSET_FOLD)) == NULL)
			exit(NW_EXIT_USAGE);
		free(rel);
		free(path);
		stop = e->stopwords;
	}
	/*
	 * Turkish and Azeri tell i from ı in capitals too (İ, I): folded
	 * as they spell them, "KİTAPLARI" meets "kitapları" and gets the
	 * Turkish stemmer's stem, which it cannot after I -> i, İ -> i̇.
	 */
	if (strcmp(code, "tr") == 0 || strcmp(code, "az") == 0)
		flags |= TOKENIZE_TURKIC;
	/* French, Italian and Catalan elide: l'avion is l' and avion. */
	if (strcmp(code, "fr") == 0 || strcmp(code, "it") == 0 ||
	    strcmp(code, "ca") == 0)
		flags |= TOKENIZE_ELISION;
	if ((lt->autoflags & LANG_AUTO_STEM) && is_stemmed(code))
		flags |= TOKENIZE_STEM;
	else if (!(lt->autoflags & LANG_AUTO_STEM))
		flags |= lt->flags & TOKENIZE_STEM;
	/*
	 * A code with no list, stemmer or folding of its own is tokenized
	 * as und is, by the one plain tokenizer: a tokenizer costs some
	 * 64 KB, and a stream may hold thousands of such codes.
	 */
	if (flags == lt->plain_flags && stop == lt->plain_stop)
		e->tokenizer = lt->plain;
	else
		e->tokenizer = tokenizer_new_stemmer(flags, lt->clitics, stop,
		    (lt->autoflags & LANG_AUTO_STEM) ? code : "english");
	return e;
}

struct tokenizer *
lang_tokenizer(struct lang_tokenizers *lt, const struct record *r)
{
	const char *val;
	char code[LANG_CODE_MAX];
	size_t len, i;

	if (!record_meta_get(r, "lang", &val, &len) || !code_ok(val, len) ||
	    (len == 3 && memcmp(val, LANG_UND, 3) == 0))
		return lt->plain;
	memcpy(code, val, len);
	code[len] = '\0';
	for (i = 0; i < lt->n; i++)
		if (strcmp(lt->entries[i].code, code) == 0)
			return lt->entries[i].tokenizer;
	return entry_new(lt, code)->tokenizer;
}

void
lang_tokenizers_free(struct lang_tokenizers *lt)
{
	size_t i;

	if (lt == NULL)
		return;
	for (i = 0; i < lt->n; i++) {
		if (lt->entries[i].tokenizer != lt->plain)
			tokenizer_free(lt->entries[i].tokenizer);
		wordset_free(lt->entries[i].stopwords);
	}
	tokenizer_free(lt->plain);
	free(lt->entries);
	free(lt);
}
