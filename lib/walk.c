/*
 * newswire: the one directory walk (the sbase recurse() model).
 *
 * Every tool that takes a directory reads the same entries in the same
 * order: names starting with a dot are left out, entries come in byte
 * order of their path (a directory's name sorted as "name/", so the
 * order is that of LC_ALL=C sort over the paths), symbolic links are
 * followed, and one that leads back into a directory being walked is
 * reported, not followed.  With WALK_ONCE (nw-split, whose documents
 * would be counted twice) a directory or file met again under another
 * path (a link to a sibling, hard links) is read once, at the first
 * path in that order, and reported at the others; that takes the device
 * and inode of every file met, some 40 bytes a file.  (A directory of
 * topic files is walked without it: a link there is a topic's name.)
 * The caller's function gets every other entry that is not a
 * directory, with its stat(2) or the errno that stat gave, and decides
 * what to do with it; the walk only walks.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

/* A directory being walked, for telling a loop. */
struct ancestor {
	const struct ancestor	*up;
	dev_t			 dev;
	ino_t			 ino;
};

/*
 * The directories and files met in one walk, by device and inode; all
 * NULL without WALK_ONCE.
 */
struct seen {
	struct strtab	*dirs, *files;
	char		**dirpaths;	/* by id in dirs: the path read */
};

struct entry {
	char		*name;
	char		*key;		/* name, with a '/' after a directory's */
	int		 error;		/* errno of a failed stat(2), or 0 */
	struct stat	 st;
};

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->key,
	    ((const struct entry *)b)->key);
}

static char *
path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	char *p;

	if (asprintf(&p, "%s%s%s", dir, n > 0 && dir[n - 1] == '/' ? "" : "/",
	    name) == -1)
		err(NW_EXIT_FAIL, NULL);
	return p;
}

/* The entries of d but hidden ones, each stat'ed, sorted; n set. */
static struct entry *
entries(const char *dir, DIR *d, size_t *np, int *failed)
{
	struct entry *v = NULL;
	struct dirent *de;
	size_t n = 0, cap = 0;
	char *path;

	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL)
			break;
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		memset(&v[n], 0, sizeof(v[n]));
		v[n].name = xstrdup(de->d_name);
		path = path_join(dir, de->d_name);
		if (stat(path, &v[n].st) == -1)
			v[n].error = errno;
		if (v[n].error == 0 && S_ISDIR(v[n].st.st_mode)) {
			if (asprintf(&v[n].key, "%s/", de->d_name) == -1)
				err(NW_EXIT_FAIL, NULL);
		} else
			v[n].key = xstrdup(de->d_name);
		free(path);
		n++;
	}
	if (errno != 0) {
		warn("%s", dir);
		*failed = 1;
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), entry_cmp);
	*np = n;
	return v;
}

/*
 * Whether st, at path, was met before in the walk; recorded if not.
 * NULL, or the path a directory was first read at ("" for a file).
 */
static const char *
seen_before(struct seen *seen, const char *path, const struct stat *st)
{
	struct {
		uint64_t	dev, ino;
	} key;
	uint32_t id;
	int isnew;

	if (seen->dirs == NULL)
		return NULL;
	key.dev = (uint64_t)st->st_dev;
	key.ino = (uint64_t)st->st_ino;
	if (!S_ISDIR(st->st_mode)) {
		(void)strtab_intern(seen->files, (const char *)&key,
		    sizeof(key), &isnew);
		return isnew ? NULL : "";
	}
	id = strtab_intern(seen->dirs, (const char *)&key, sizeof(key),
	    &isnew);
	if (!isnew)
		return seen->dirpaths[id];
	if ((id & (id - 1)) == 0)	/* 0, 1, 2, 4...: full */
		seen->dirpaths = xreallocarray(seen->dirpaths,
		    id > 0 ? (size_t)id * 2 : 1, sizeof(*seen->dirpaths));
	seen->dirpaths[id] = xstrdup(path);
	return NULL;
}

static int
walk_dir(const char *dir, int depth, const struct ancestor *up,
    struct seen *seen, walk_fn fn, void *ctx)
{
	const char *first;
	struct ancestor self;
	struct entry *v;
	const struct ancestor *a;
	struct stat st;
	size_t n, i;
	char *path;
	int failed = 0;
	DIR *d;

	if ((d = opendir(dir)) == NULL || fstat(dirfd(d), &st) == -1) {
		warn("%s", dir);
		if (d != NULL)
			closedir(d);
		return -1;
	}
	self.up = up;
	self.dev = st.st_dev;
	self.ino = st.st_ino;
	if (up == NULL)
		(void)seen_before(seen, dir, &st);
	v = entries(dir, d, &n, &failed);
	closedir(d);
	for (i = 0; i < n; i++) {
		path = path_join(dir, v[i].name);
		if (v[i].error == 0 && S_ISDIR(v[i].st.st_mode)) {
			for (a = &self; a != NULL; a = a->up)
				if (a->dev == v[i].st.st_dev &&
				    a->ino == v[i].st.st_ino)
					break;
			if (a != NULL) {
				warnx("%s: directory loop, not followed", path);
				failed = 1;
			} else if ((first = seen_before(seen, path,
			    &v[i].st)) != NULL)
				warnx("%s: the directory %s, read already: "
				    "skipped", path, first);
			else if (depth != 1 && walk_dir(path, depth > 0 ?
			    depth - 1 : depth, &self, seen, fn, ctx) == -1)
				failed = 1;
		} else if (v[i].error == 0 &&
		    seen_before(seen, path, &v[i].st) != NULL)
			warnx("%s: a file read already under another path: "
			    "skipped", path);
		else
			fn(ctx, path, v[i].error == 0 ? &v[i].st : NULL,
			    v[i].error);
		free(path);
		free(v[i].name);
		free(v[i].key);
	}
	free(v);
	return failed ? -1 : 0;
}

/*
 * Walk dir, depth levels down (1: its own entries only; WALK_ALL: all
 * the way), calling fn for each entry that is not a directory (with
 * WALK_ONCE, each met once).  0, or -1 when a directory could not be
 * read or a loop was met (reported).
 */
int
walk(const char *dir, int depth, int flags, walk_fn fn, void *ctx)
{
	struct seen seen = { NULL, NULL, NULL };
	size_t i;
	int rc;

	if (flags & WALK_ONCE) {
		seen.dirs = strtab_new(64);
		seen.files = strtab_new(1024);
	}
	rc = walk_dir(dir, depth, NULL, &seen, fn, ctx);
	if (seen.dirs != NULL) {
		for (i = 0; i < strtab_count(seen.dirs); i++)
			free(seen.dirpaths[i]);
		strtab_free(seen.dirs);
		strtab_free(seen.files);
	}
	free(seen.dirpaths);
	return rc;
}
