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

/*
 * One entry per line.  Blank lines are skipped; a '#' at the start of a
 * line or after a blank begins a comment that runs to the end of the
 * line; blanks around an entry are trimmed, blanks inside it are kept
 * (an entry may be a phrase).  Files go through input_open(), so a list
 * may be gzipped and is repaired to valid UTF-8 like any input.
 */
struct wordset *
wordset_load(const char *path, int flags)
{
	struct wordset *ws;
	struct input *in;
	const char *line, *end, *p;
	size_t len;

	if ((in = input_open(path, 0)) == NULL)
		return NULL;
	ws = wordset_new();
	while ((line = input_line(in, &len)) != NULL) {
		end = line + len;
		for (p = line; p < end; p++)
			if (*p == '#' && (p == line || p[-1] == ' ' ||
			    p[-1] == '\t'))
				break;
		end = p;
		while (line < end && (*line == ' ' || *line == '\t'))
			line++;
		while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (line == end)
			continue;
		if (flags & WORDSET_FOLD) {
			buf_clear(&ws->fold);
			utf8_casefold(&ws->fold, line, (size_t)(end - line));
			wordset_add(ws, ws->fold.data, ws->fold.len);
		} else
			wordset_add(ws, line, (size_t)(end - line));
	}
	if (input_close(in) == -1) {
		wordset_free(ws);
		return NULL;
	}
	return ws;
}
