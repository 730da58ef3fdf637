/*
 * newswire: scratch files that cannot outlive the process.
 *
 * A temporary file is created in $TMPDIR (default /tmp) with no name at
 * all, or with a name that is unlinked before the call returns, so only
 * its descriptor refers to it.  The kernel frees it when the descriptor
 * is closed, whatever ends the process: exit, error, a signal, even
 * SIGKILL.  Nothing is left to clean up, so no exit or signal handler is
 * needed, and a tool keeps any signal dispositions it chose.
 *
 * Where O_TMPFILE is not available the file is made with mkstemp(3) and
 * unlinked at once, with the catchable signals blocked in between so that
 * an interrupt cannot leave the name behind.
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nw-private.h"

const char *
tempfile_dir(void)
{
	const char *dir;

	if ((dir = getenv("TMPDIR")) == NULL || *dir == '\0')
		dir = "/tmp";
	return dir;
}

static int
tempfile_named(const char *dir)
{
	sigset_t all, old;
	char *path;
	size_t n;
	int fd, saved;

	n = strlen(dir) + sizeof("/nw-tmp.XXXXXX");
	path = xmalloc(n);
	snprintf(path, n, "%s/nw-tmp.XXXXXX", dir);

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	if ((fd = mkstemp(path)) != -1) {
		(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
		if (unlink(path) == -1) {
			saved = errno;
			close(fd);
			fd = -1;
			errno = saved;
		}
	}
	saved = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(path);
	errno = saved;
	return fd;
}

/* A read-write descriptor of a new, nameless file, or -1 after a warning. */
int
tempfile_open(void)
{
	const char *dir = tempfile_dir();
	int fd = -1;

#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	/* Kernels or file systems without O_TMPFILE: fall back. */
	if (fd == -1 && (errno == EISDIR || errno == EOPNOTSUPP ||
	    errno == EINVAL))
		fd = tempfile_named(dir);
#else
	fd = tempfile_named(dir);
#endif
	if (fd == -1)
		warn("%s: cannot create a temporary file", dir);
	return fd;
}
