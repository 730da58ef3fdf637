/* newswire: finding the data files under share/newswire. */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nw-private.h"

#ifndef NW_SHAREDIR
#define NW_SHAREDIR	"/usr/local/share/newswire"
#endif

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * The directory of the running binary decides first, so that bin/nw-*
 * in a source tree reads that tree's share/ and an installed tool reads
 * PREFIX/share/newswire: the relative layout is the same in both.
 */
static char *
share_dir(void)
{
	static char *dir;
	char exe[PATH_MAX], *slash, *cand;
	const char *env;
	ssize_t n;

	if (dir != NULL)
		return dir;
	if ((env = getenv("NW_SHAREDIR")) != NULL && *env != '\0')
		return dir = xstrdup(env);
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			if (asprintf(&cand, "%s/../share/newswire", exe) == -1)
				err(NW_EXIT_FAIL, NULL);
			if (is_dir(cand))
				return dir = cand;
			free(cand);
		}
	}
	return dir = xstrdup(NW_SHAREDIR);
}

/*
 * The share directory is there, or the data a tool was asked for
 * cannot be: a usage error (exit 2) that names it, as a tool that opens
 * a file in it says, not a list that is not shipped or a language with
 * no list.
 */
void
nw_share_check(void)
{
	struct stat st;
	const char *dir = share_dir();

	if (stat(dir, &st) == -1)
		err(NW_EXIT_USAGE, "%s", dir);
	if (!S_ISDIR(st.st_mode))
		errx(NW_EXIT_USAGE, "%s: %s", dir, strerror(ENOTDIR));
}

char *
nw_share_path(const char *rel)
{
	char *path;

	if (asprintf(&path, "%s/%s", share_dir(), rel) == -1)
		err(NW_EXIT_FAIL, NULL);
	return path;
}

/*
 * The file a list option (opt) names: a name made of lower-case ASCII
 * letters only ("en") is the list of that kind shipped in the share
 * directory, KIND.NAME ("stopwords.en"); anything else is a path ("./en"
 * for a file called en).  An empty name, or a shipped name that no list
 * has, is a usage error that says which.
 */
char *
nw_list_path(const char *kind, const char *opt, const char *arg)
{
	const char *p;
	char *rel, *path;

	if (*arg == '\0')
		errx(NW_EXIT_USAGE, "%s: empty list name", opt);
	for (p = arg; *p >= 'a' && *p <= 'z'; p++)
		;
	if (p == arg || *p != '\0')
		return xstrdup(arg);
	if (asprintf(&rel, "%s.%s", kind, arg) == -1)
		err(NW_EXIT_FAIL, NULL);
	path = nw_share_path(rel);
	if (access(path, F_OK) == -1) {
		nw_share_check();
		errx(NW_EXIT_USAGE, "%s %s: no list %s is shipped; a file is "
		    "named by a path, as ./%s", opt, arg, rel, arg);
	}
	free(rel);
	return path;
}
