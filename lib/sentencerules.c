/*
 * newswire: the word lists behind sentence boundaries.
 *
 * sentence.c asks two questions of words at a stop, and this file
 * answers both from a list file in the format of
 * share/newswire/abbreviations.en: what the word before a period is (a
 * prefix such as "Mr", never ending a sentence; a number abbreviation
 * such as "No", not ending one before a number; another abbreviation;
 * or an ordinary word), and whether the word after it is one that
 * starts sentences ("The", "It").  The lists are interned once, so each
 * answer is one hash lookup, bounded by the longest entry: a word longer
 * than any entry is not looked up at all.  An entry in lower case
 * matches any case, except that a single capital is an initial whatever
 * the lists say ("P." is no page).
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

struct sentence_rules {
	struct strtab	*abbrev;
	unsigned char	*kind;		/* enum sentence_word_kind, by id */
	size_t		 nkind;
	size_t		 abbrev_max;	/* longest entry, in bytes */
	struct strtab	*starter;
	size_t		 starter_max;
};

/* What the word t[0..n) before a period is, by the lists. */
int
sentence_rules_kind(const struct sentence_rules *r, const char *t, size_t n)
{
	char lower[64];
	uint32_t id;
	size_t i;
	int upper = 0;

	if (r == NULL || n > r->abbrev_max)
		return SENTENCE_WORD;
	if ((id = strtab_lookup(r->abbrev, t, n)) != STRTAB_NONE)
		return r->kind[id];
	if (n > sizeof(lower))
		return SENTENCE_WORD;
	for (i = 0; i < n; i++) {
		upper |= t[i] >= 'A' && t[i] <= 'Z';
		lower[i] = t[i] >= 'A' && t[i] <= 'Z' ? (char)(t[i] | 0x20) :
		    t[i];
	}
	/* "P." is an initial, whatever "p." is. */
	if (upper && n > 1 &&
	    (id = strtab_lookup(r->abbrev, lower, n)) != STRTAB_NONE)
		return r->kind[id];
	return SENTENCE_WORD;
}

/* Is the word w[0..n) in the [starter] list? */
int
sentence_rules_starter(const struct sentence_rules *r, const char *w,
    size_t n)
{
	if (r == NULL || n == 0 || n > r->starter_max)
		return 0;
	return strtab_lookup(r->starter, w, n) != STRTAB_NONE;
}

static int
parse_section(const char *s, size_t n)
{
	static const struct {
		const char	*name;
		int		 kind;
	} sections[] = {
		{ "[abbreviation]", SENTENCE_ABBREV },
		{ "[number]", SENTENCE_NUMBER },
		{ "[prefix]", SENTENCE_PREFIX },
		{ "[starter]", SENTENCE_STARTER },
	};
	size_t i;

	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (strlen(sections[i].name) == n &&
		    memcmp(sections[i].name, s, n) == 0)
			return sections[i].kind;
	return -1;
}

void
sentence_rules_free(struct sentence_rules *r)
{
	if (r == NULL)
		return;
	strtab_free(r->abbrev);
	strtab_free(r->starter);
	free(r->kind);
	free(r);
}

/*
 * The word lists, from text in the format of abbreviations.en: one entry
 * per line, '#' comments, sections [prefix], [number], [abbreviation]
 * (the default) and [starter].  An abbreviation's final period is
 * optional; an entry in lower case matches any case.
 */
struct sentence_rules *
sentence_rules_parse(const char *text, size_t len, const char *name)
{
	struct sentence_rules *r;
	const char *line, *end, *nl, *p, *limit = text + len;
	size_t lineno = 0, n;
	uint32_t id;
	int section = SENTENCE_ABBREV;

	r = xcalloc(1, sizeof(*r));
	r->abbrev = strtab_new(256);
	r->starter = strtab_new(256);
	for (line = text; line < limit; line = nl + 1) {
		lineno++;
		if ((nl = memchr(line, '\n', (size_t)(limit - line))) == NULL)
			nl = limit;
		if ((n = list_entry(line, (size_t)(nl - line), 0, &line)) == 0)
			continue;
		end = line + n;
		if (*line == '[') {
			if ((section = parse_section(line, n)) == -1) {
				warnx("%s: line %zu: unknown section %.*s",
				    name, lineno, (int)n, line);
				goto bad;
			}
			continue;
		}
		for (p = line; p < end; p++)
			if (*p == ' ' || *p == '\t') {
				warnx("%s: line %zu: an entry is one word: "
				    "%.*s", name, lineno, (int)n, line);
				goto bad;
			}
		if (section == SENTENCE_STARTER) {
			strtab_intern(r->starter, line, n, NULL);
			if (n > r->starter_max)
				r->starter_max = n;
			continue;
		}
		if (n > 1 && end[-1] == '.')
			n--;
		id = strtab_intern(r->abbrev, line, n, NULL);
		if (id >= r->nkind) {
			r->nkind = id + 1;
			r->kind = xreallocarray(r->kind, r->nkind, 1);
		}
		r->kind[id] = (unsigned char)section;
		if (n > r->abbrev_max)
			r->abbrev_max = n;
	}
	return r;
bad:
	sentence_rules_free(r);
	return NULL;
}

struct sentence_rules *
sentence_rules_load(const char *path)
{
	struct sentence_rules *r;
	struct input *in;
	struct buf text = { 0 };
	char *line;
	size_t len;

	if ((in = input_open(path, 0)) == NULL)
		return NULL;
	while ((line = input_line(in, &len)) != NULL) {
		buf_add(&text, line, len);
		buf_addc(&text, '\n');
	}
	if (input_close(in) == -1) {
		buf_free(&text);
		return NULL;
	}
	r = sentence_rules_parse(text.data != NULL ? text.data : "", text.len,
	    path);
	buf_free(&text);
	return r;
}
