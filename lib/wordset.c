/* newswire: sets of words (stopword lists and the like). */
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

/* A strtab whose ids are not used, and scratch space for folding. */
struct wordset {
	struct strtab	*tab;
	struct buf	 fold;
};

struct wordset *
wordset_new(void)
{
	struct wordset *ws;

	ws = xcalloc(1, sizeof(*ws));
	ws->tab = strtab_new(0);
	return ws;
}

void
wordset_free(struct wordset *ws)
{
	if (ws == NULL)
		return;
	strtab_free(ws->tab);
	buf_free(&ws->fold);
	free(ws);
}

size_t
wordset_count(const struct wordset *ws)
{
	return strtab_count(ws->tab);
}

int
wordset_add(struct wordset *ws, const char *s, size_t n)
{
	int isnew;

	strtab_intern(ws->tab, s, n, &isnew);
	return isnew;
}

int
wordset_contains(const struct wordset *ws, const char *s, size_t n)
{
	return strtab_lookup(ws->tab, s, n) != STRTAB_NONE;
}

/* The entries of a list file (listfile.c) added to ws: 0, -1 (warned). */
static int
wordset_read(struct wordset *ws, const char *path, int flags)
{
	struct listfile *lf;
	const char *entry;
	size_t len;

	if ((lf = listfile_open(path, 0, "word list")) == NULL)
		return -1;
	while ((entry = listfile_next(lf, &len)) != NULL) {
		if (flags & WORDSET_FOLD) {
			buf_clear(&ws->fold);
			utf8_casefold(&ws->fold, entry, len);
			wordset_add(ws, ws->fold.data, ws->fold.len);
		} else
			wordset_add(ws, entry, len);
	}
	return listfile_close(lf);
}

/* A list file (listfile.c), each entry a member. */
struct wordset *
wordset_load(const char *path, int flags)
{
	struct wordset *ws;

	ws = wordset_new();
	if (wordset_read(ws, path, flags) == -1) {
		wordset_free(ws);
		return NULL;
	}
	return ws;
}

/*
 * The stopword list a tool's option (opt, "-s") names, case-folded: a
 * shipped one by its name or a file by its path (nw_list_path()), added
 * to ws, or to a new set when ws is NULL.  The tools that take such an
 * option share this, so that -s names a list, and a list is read and
 * refused, one way in all of them: one that cannot be read is a
 * configuration error, said with its path, and the exit status is 2.
 */
struct wordset *
wordset_load_stopwords(struct wordset *ws, const char *opt, const char *arg)
{
	char *path;

	path = nw_list_path("stopwords", opt, arg);
	if (ws == NULL)
		ws = wordset_new();
	if (wordset_read(ws, path, WORDSET_FOLD) == -1)
		exit(NW_EXIT_USAGE);
	free(path);
	return ws;
}
