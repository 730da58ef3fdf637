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

/* The delimiter re, or a usage error naming the option opt. */
struct delimiter *
delimiter_new(const char *re, const char *opt)
{
	struct delimiter *d;
	char why[256];
	locale_t old;
	int rc;

	d = xcalloc(1, sizeof(*d));
	old = utf8_locale_enter();
	rc = regcomp(&d->re, re, REG_EXTENDED | REG_NOSUB);
	utf8_locale_leave(old);
	if (rc != 0) {
		regerror(rc, &d->re, why, sizeof(why));
		errx(NW_EXIT_USAGE, "%s: %s: %s", opt, re, why);
	}
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
