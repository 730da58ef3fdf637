/*
 * newswire: replacing a file whole.
 *
 * The new content goes to a temporary file in the same directory, which
 * is flushed to disk and renamed over the old one: a reader, or a crash
 * at any moment, sees the old file or the new one, never part of one.
 * A file that cannot be written is reported and left as it was.
 */
#include <sys/stat.h>

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "nw-private.h"

int
atomic_open(struct atomic_file *af, const char *path)
{
	int fd;

	af->path = path;
	af->tmp = NULL;
	af->fp = NULL;
	if (asprintf(&af->tmp, "%s.XXXXXX", path) == -1)
		err(NW_EXIT_FAIL, NULL);
	if ((fd = mkstemp(af->tmp)) == -1) {
		warn("%s", path);
		free(af->tmp);
		return -1;
	}
	/* mkstemp makes it 0600; give it what a new file would have. */
	(void)fchmod(fd, 0666 & ~nw_umask());
	if ((af->fp = fdopen(fd, "w")) == NULL) {
		warn("%s", af->tmp);
		(void)close(fd);
		(void)unlink(af->tmp);
		free(af->tmp);
		return -1;
	}
	return 0;
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
	if (rval == 0 && rename(af->tmp, af->path) == -1) {
		warn("%s", af->path);
		rval = -1;
	}
	if (rval == -1)
		(void)unlink(af->tmp);
	free(af->tmp);
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
