/*
 * newswire: lines of count files, as nw-count writes and merges them.
 *
 *	TERM<TAB>COUNT
 *	TERM<TAB>COUNT<TAB>DF
 *
 * The term is everything before the first TAB: terms come from the text
 * of records, which never holds a TAB.  Numbers are plain decimal (no
 * sign, no spaces) and must fit in 64 bits; a document frequency can never
 * exceed its count.  Whatever does not fit this shape is refused with a
 * reason, never half-read.
 */
#include <string.h>

#include "nw-private.h"

enum { NUMBER_OK, NUMBER_EMPTY, NUMBER_NEGATIVE, NUMBER_BAD, NUMBER_BIG };

static int
number_parse(const char *s, size_t n, uint64_t *vp)
{
	uint64_t v = 0;
	unsigned d;
	size_t i;

	if (n == 0)
		return NUMBER_EMPTY;
	if (s[0] == '-') {
		for (i = 1; i < n; i++)
			if ((unsigned)(s[i] - '0') > 9)
				return NUMBER_BAD;
		return n > 1 ? NUMBER_NEGATIVE : NUMBER_BAD;
	}
	for (i = 0; i < n; i++) {
		if ((d = (unsigned)(s[i] - '0')) > 9)
			return NUMBER_BAD;
		if (v > (UINT64_MAX - d) / 10)
			return NUMBER_BIG;
		v = v * 10 + d;
	}
	*vp = v;
	return NUMBER_OK;
}

static const char *const count_reason[] = {
	[NUMBER_EMPTY] = "empty count",
	[NUMBER_NEGATIVE] = "negative count",
	[NUMBER_BAD] = "count is not a number",
	[NUMBER_BIG] = "count too large (more than 64 bits)",
};

static const char *const df_reason[] = {
	[NUMBER_EMPTY] = "empty document frequency",
	[NUMBER_NEGATIVE] = "negative document frequency",
	[NUMBER_BAD] = "document frequency is not a number",
	[NUMBER_BIG] = "document frequency too large (more than 64 bits)",
};

/* Parse one line (without its LF): NULL, or why the line is malformed. */
const char *
countfile_parse(const char *line, size_t len, struct count_line *cl)
{
	const char *end = line + len, *num, *tab;
	int rc;

	memset(cl, 0, sizeof(*cl));
	if ((tab = memchr(line, '\t', len)) == NULL)
		return "no TAB after the term";
	if (tab == line)
		return "empty term";
	cl->term = line;
	cl->termlen = (size_t)(tab - line);

	num = tab + 1;
	tab = memchr(num, '\t', (size_t)(end - num));
	rc = number_parse(num, (size_t)((tab != NULL ? tab : end) - num),
	    &cl->count);
	if (rc != NUMBER_OK)
		return count_reason[rc];
	if (tab == NULL)
		return NULL;

	num = tab + 1;
	if (memchr(num, '\t', (size_t)(end - num)) != NULL)
		return "more than three fields";
	if ((rc = number_parse(num, (size_t)(end - num), &cl->df)) !=
	    NUMBER_OK)
		return df_reason[rc];
	if (cl->df > cl->count)
		return "document frequency greater than count";
	cl->hasdf = 1;
	return NULL;
}
