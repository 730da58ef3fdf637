/*
 * newswire: a tally of things by kind, said in one line.
 *
 * What is skipped in numbers (the images under a directory, the
 * members of an archive that are not text) is reported once, at the
 * end, by kind rather than one line a thing: "2 PNG image, 1 ELF
 * executable".  The kinds are the sniffer's static names, kept as
 * pointers; a dump holds few of them, so a list searched in turn does.
 */
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

#define KINDS_SHOWN	5	/* kinds named; past that, the rest summed */

void
kind_tally_add(struct kind_tally *t, const char *kind)
{
	size_t i;

	t->total++;
	for (i = 0; i < t->nkinds; i++)
		if (strcmp(t->kinds[i].kind, kind) == 0) {
			t->kinds[i].n++;
			return;
		}
	t->kinds = xreallocarray(t->kinds, t->nkinds + 1, sizeof(*t->kinds));
	t->kinds[t->nkinds].kind = kind;
	t->kinds[t->nkinds++].n = 1;
}

/* The commonest kind first, then by name. */
static int
kind_cmp(const void *a, const void *b)
{
	const struct kind_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->kind, y->kind);
}

/*
 * The tally appended to b, "2 PNG image, 1 ELF executable", at most
 * KINDS_SHOWN kinds named: past that, the last names how many things
 * the others hold and how many kinds they are ("3 in 3 other formats").
 * The tally is emptied.
 */
void
kind_tally_say(struct kind_tally *t, struct buf *b)
{
	uint64_t rest = 0;
	size_t i, shown;

	qsort(t->kinds, t->nkinds, sizeof(*t->kinds), kind_cmp);
	shown = t->nkinds <= KINDS_SHOWN ? t->nkinds : KINDS_SHOWN - 1;
	for (i = 0; i < shown; i++) {
		if (i > 0)
			buf_adds(b, ", ");
		buf_add_u64(b, t->kinds[i].n);
		buf_addc(b, ' ');
		buf_adds(b, t->kinds[i].kind);
	}
	for (; i < t->nkinds; i++)
		rest += t->kinds[i].n;
	if (rest > 0) {
		buf_adds(b, ", ");
		buf_add_u64(b, rest);
		buf_adds(b, " in ");
		buf_add_u64(b, t->nkinds - shown);
		buf_adds(b, " other formats");
	}
	free(t->kinds);
	memset(t, 0, sizeof(*t));
}
