/*
 * newswire: replacing a file whole.
 *
 * The new content goes to a temporary file in the same directory, which
 * is flushed to disk and renamed over the old one: a reader, or a crash
 * at any moment, sees the old file or the new one, never part of one.
 * A file that cannot be written is reported and left as it was.
 *
 * Only a regular file, or a name that does not exist yet, is replaced
 * so.  A symbolic link is followed and its target replaced, in the
 * target's directory, so that a file reached through a link is the one
 * updated and the link stays.  The replacement keeps the permission
 * bits of the file it replaces.  Anything else (a FIFO, a device, a
 * directory) is refused: renaming over it would destroy it, not write
 * to it.
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nw-private.h"

#define LINKS_MAX	40	/* as Linux's limit on links in a path */

/*
 * The file a path names: the path, or where its symbolic links lead
 * (dangling ones too).  NULL, reported, on failure.
 */
char *
atomic_target(const char *path)
{
	struct stat sb;
	char *target, *link, *slash, *next;
	ssize_t n;
	int links = 0;

	target = xstrdup(path);
	while (lstat(target, &sb) == 0 && S_ISLNK(sb.st_mode)) {
		link = xmalloc((size_t)sb.st_size + 1);
		if (++links > LINKS_MAX) {
			errno = ELOOP;
			n = -1;
		} else
			n = readlink(target, link, (size_t)sb.st_size + 1);
		if (n == -1 || n > sb.st_size) {
			if (n != -1)
				errno = EAGAIN;	/* changed meanwhile */
			warn("%s", path);
			free(link);
			free(target);
			return NULL;
		}
		link[n] = '\0';
		/* A relative link is relative to its own directory. */
		if (link[0] != '/' && (slash = strrchr(target, '/')) != NULL) {
			if (asprintf(&next, "%.*s/%s", (int)(slash - target),
			    target, link) == -1)
				err(NW_EXIT_FAIL, NULL);
			free(link);
		} else
			next = link;
		free(target);
		target = next;
	}
	return target;
}

/* The directory path is in (stat(2)ed into st), and its last name. */
static int
parent_stat(const char *path, struct stat *st, const char **name)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int r;

	if (slash == NULL) {
		*name = path;
		return stat(".", st);
	}
	*name = slash + 1;
	dir = xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
	r = stat(dir, st);
	free(dir);
	return r;
}

/*
 * Whether paths a and b, which name no file yet, would be written as one
 * (as nost and ./nost would): where their links lead, the same name in
 * the same directory, by device and inode.  For a tool that replaces two
 * files named by its options (nw-trend's report and state), to refuse
 * them before either is written: input_is_output() tells files that
 * exist already.
 */
int
atomic_same_new_file(const char *a, const char *b)
{
	struct stat sa, sb;
	const char *na, *nb;
	char *ta, *tb;
	int same;

	if (stat(a, &sa) == 0 || errno != ENOENT || stat(b, &sb) == 0 ||
	    errno != ENOENT)
		return 0;
	if ((ta = atomic_target(a)) == NULL)
		return 0;
	if ((tb = atomic_target(b)) == NULL) {
		free(ta);
		return 0;
	}
	same = parent_stat(ta, &sa, &na) == 0 &&
	    parent_stat(tb, &sb, &nb) == 0 && sa.st_dev == sb.st_dev &&
	    sa.st_ino == sb.st_ino && strcmp(na, nb) == 0;
	free(ta);
	free(tb);
	return same;
}

int
atomic_open(struct atomic_file *af, const char *path)
{
	struct stat sb;
	const char *slash;
	mode_t mode;
	int fd;

	af->path = path;
	af->tmp = NULL;
	af->fp = NULL;
	if (stat(path, &sb) == 0) {
		if (!S_ISREG(sb.st_mode)) {
			warnx("%s: not a regular file", path);
			return -1;
		}
		if ((af->target = realpath(path, NULL)) == NULL) {
			warn("%s", path);
			return -1;
		}
		mode = sb.st_mode & 07777;
	} else if (errno == ENOENT) {
		if ((af->target = atomic_target(path)) == NULL)
			return -1;
		mode = 0666 & ~nw_umask();
	} else {
		warn("%s", path);
		return -1;
	}
	if (asprintf(&af->tmp, "%s.XXXXXX", af->target) == -1)
		err(NW_EXIT_FAIL, NULL);
	/*
	 * A name too long for seven more bytes (a legal one, up to the
	 * file system's limit) gets a short one in the same directory.
	 */
	if ((fd = mkstemp(af->tmp)) == -1 && errno == ENAMETOOLONG) {
		free(af->tmp);
		slash = strrchr(af->target, '/');
		if (asprintf(&af->tmp, "%.*s.nw-tmp.XXXXXX", slash == NULL ?
		    0 : (int)(slash - af->target + 1), af->target) == -1)
			err(NW_EXIT_FAIL, NULL);
		fd = mkstemp(af->tmp);
	}
	if (fd == -1) {
		/* The file to write, not a name tried beside it. */
		warn("%s", af->target);
		goto fail;
	}
	/* mkstemp makes it 0600; give it the old file's bits, or a new one's. */
	(void)fchmod(fd, mode);
	if ((af->fp = fdopen(fd, "w")) == NULL) {
		warn("%s", af->tmp);
		(void)close(fd);
		(void)unlink(af->tmp);
		goto fail;
	}
	return 0;
fail:
	free(af->tmp);
	free(af->target);
	return -1;
}

int
atomic_commit(struct atomic_file *af)
{
	int rval = 0;

	if (fflush(af->fp) == EOF || ferror(af->fp) ||
	    fsync(fileno(af->fp)) == -1) {
		warn("%s", af->path);
		rval = -1;
	}
	if (fclose(af->fp) == EOF && rval == 0) {
		warn("%s", af->path);
		rval = -1;
	}
	if (rval == 0 && rename(af->tmp, af->target) == -1) {
		warn("%s", af->path);
		rval = -1;
	}
	if (rval == -1)
		(void)unlink(af->tmp);
	free(af->tmp);
	free(af->target);
	return rval;
}

/* The process's umask, read without changing it for long. */
mode_t
nw_umask(void)
{
	mode_t m = umask(022);

	(void)umask(m);
	return m;
}
