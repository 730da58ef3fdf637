/*
 * newswire: the lines that start a document in a dump (nw-split -d).
 *
 * A delimiter is an extended regular expression matched against whole
 * lines.  Most lines of a dump are text, and regexec(3) on each of them
 * costs far more than the split itself, so the literal text every match
 * must start with ("==> " for "^==> .* <==$") is kept and compared first:
 * a line without it is no delimiter and never reaches the regex.
 * Patterns with alternation give no prefix; a literal followed by a
 * quantifier is not part of it.  The regex is compiled and matched under
 * C.UTF-8, so that '.', a bracket expression and a class take a whole
 * character, as the lines are UTF-8 ('^[—–]' must not match every line
 * that starts with the byte E2, '“' among them).
 *
 * glibc's regexec(3) tries a match from every position of a line in
 * turn, each try reading up to the end of the line, so a long line that
 * does not match costs the square of its length: hours for one line of
 * a megabyte.  Anchored at the start of the line, it makes one try, one
 * pass over the line.  So every alternative of the pattern that is not
 * already anchored gets "^.*" put before it: 'a+b|c' is matched as
 * '^.*a+b|^.*c', which matches the same lines: the lines handed here are
 * valid UTF-8 without NUL or newline, so '.*' can take any part of one.
 */
#include <err.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

struct delimiter {
	regex_t	 re;
	char	*prefix;	/* every match starts so, or NULL */
	size_t	 prefixlen;
};

static void
prefix_set(struct delimiter *d, const char *re)
{
	size_t n;

	if (re[0] != '^' || strchr(re, '|') != NULL)
		return;
	re++;
	n = strcspn(re, ".[]()*+?{}|\\^$");
	if (n > 0 && strchr("*+?{", re[n]) != NULL && re[n] != '\0')
		n--;
	if (n == 0)
		return;
	d->prefix = xstrndup(re, n);
	d->prefixlen = n;
}

/*
 * re with "^.*" before each alternative at its top level that does not
 * start with '^'.  Brackets and escapes are skipped, as a '|' or '('
 * in them is a character; an unmatched ')' is one too, in ERE.  A
 * pattern with a back-reference is left as it is: glibc matches one by
 * trying the ways to fill its group, and "^.*" ahead multiplies them.
 */
static char *
start_anchored(const char *re)
{
	struct buf b = { 0 };
	const char *p;
	int depth = 0, start = 1;

	for (p = re; *p != '\0'; p++) {
		if (start && *p != '^')
			buf_adds(&b, "^.*");
		start = 0;
		switch (*p) {
		case '\\':
			if (p[1] >= '1' && p[1] <= '9') {
				buf_free(&b);
				return xstrdup(re);
			}
			buf_addc(&b, *p);
			if (p[1] != '\0')
				buf_addc(&b, *++p);
			continue;
		case '[':
			buf_addc(&b, *p++);
			if (*p == '^')
				buf_addc(&b, *p++);
			if (*p == ']')
				buf_addc(&b, *p++);
			while (*p != '\0' && *p != ']') {
				if (*p == '[' && p[1] != '\0' &&
				    strchr(":=.", p[1]) != NULL) {
					/* [:class:], [=equiv=], [.coll.] */
					char close = p[1];

					buf_add(&b, p, 2);
					p += 2;
					while (*p != '\0' &&
					    !(p[0] == close && p[1] == ']'))
						buf_addc(&b, *p++);
					if (*p != '\0') {
						buf_add(&b, p, 2);
						p += 2;
					}
				} else
					buf_addc(&b, *p++);
			}
			if (*p == '\0')
				p--;
			else
				buf_addc(&b, *p);
			continue;
		case '(':
			depth++;
			break;
		case ')':
			if (depth > 0)
				depth--;
			break;
		case '|':
			if (depth == 0)
				start = 1;
			break;
		}
		buf_addc(&b, *p);
	}
	return buf_cstr(&b);	/* the caller frees it */
}

/* The delimiter re, or a usage error naming the option opt. */
struct delimiter *
delimiter_new(const char *re, const char *opt)
{
	struct delimiter *d;
	char why[256], *anchored;
	locale_t old;
	int rc;

	d = xcalloc(1, sizeof(*d));
	old = utf8_locale_enter();
	rc = regcomp(&d->re, re, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		utf8_locale_leave(old);
		regerror(rc, &d->re, why, sizeof(why));
		errx(NW_EXIT_USAGE, "%s: %s: %s", opt, re, why);
	}
	/* The user's pattern is checked above, and kept if this fails. */
	anchored = start_anchored(re);
	if (strcmp(anchored, re) != 0) {
		regex_t are;

		if (regcomp(&are, anchored, REG_EXTENDED | REG_NOSUB) == 0) {
			regfree(&d->re);
			d->re = are;
		}
	}
	free(anchored);
	utf8_locale_leave(old);
	prefix_set(d, re);
	return d;
}

/* Does line[0..len), NUL-terminated, start a document? */
int
delimiter_match(const struct delimiter *d, const char *line, size_t len)
{
	locale_t old;
	int rc;

	if (d->prefixlen > 0 && (len < d->prefixlen ||
	    memcmp(line, d->prefix, d->prefixlen) != 0))
		return 0;
	old = utf8_locale_enter();
	rc = regexec(&d->re, line, 0, NULL, 0);
	utf8_locale_leave(old);
	return rc == 0;
}

void
delimiter_free(struct delimiter *d)
{
	if (d == NULL)
		return;
	regfree(&d->re);
	free(d->prefix);
	free(d);
}
