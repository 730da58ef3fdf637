/*
 * newswire: the shingle hashes of nw-dedup's documents, in one file.
 *
 * Why apart from the documents' records in LMDB: they are 4 bytes a
 * word, most of what a document costs, and read only to judge a
 * borderline candidate.  In LMDB a record of a 400-word article spills
 * into overflow pages of its own (two pages, 8 KB written for 2 KB of
 * hashes), and the write cache holds them until a commit.  Here they are
 * appended as they come, through a buffer, and a record keeps their
 * offset: the file grows by exactly their size, the cache does not hold
 * them, and a lookup reads them back with one pread().
 *
 * The owner keeps the file's committed length with its index: the file
 * is synced before the owner's commit, and cut back to that length when
 * opened (what a killed run appended goes).  Hashes of documents since
 * purged stay until the owner rewrites the file, as a new generation
 * (DIR/hashes.GEN), once they are more than half of it.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nw-private.h"

#define BUFFER_BYTES	(1 << 20)
/* After TMPDIR in a message, the file it names when it has no name. */
#define TEMP_NAME	": the temporary file of shingle hashes"

struct hash_file {
	char		*path;		/* NULL: a nameless temporary file */
	int		 fd;
	uint64_t	 written;	/* bytes in the file */
	char		*buf;		/* bytes after them */
	size_t		 nbuf;
};

/* A read or write that failed, said of the file, or of TMPDIR's. */
static void
hash_file_fail(const struct hash_file *h)
{
	if (h->path != NULL)
		err(NW_EXIT_FAIL, "%s", h->path);
	err(NW_EXIT_FAIL, "%s%s", tempfile_dir(), TEMP_NAME);
}

static struct hash_file *
hash_file_new(const char *dir, const char *name, uint64_t gen, int flags)
{
	struct hash_file *h;

	h = xcalloc(1, sizeof(*h));
	h->buf = xmalloc(BUFFER_BYTES);
	if (dir == NULL) {
		if ((h->fd = tempfile_open()) == -1)
			exit(NW_EXIT_FAIL);
		return h;
	}
	if (asprintf(&h->path, "%s/%s.%llu", dir, name,
	    (unsigned long long)gen) == -1)
		err(NW_EXIT_FAIL, NULL);
	if ((h->fd = open(h->path, O_RDWR | O_CREAT | O_CLOEXEC | flags,
	    0666)) == -1)
		hash_file_fail(h);
	return h;
}

/* A new, empty DIR/NAME.GEN. */
struct hash_file *
hash_file_create(const char *dir, const char *name, uint64_t gen)
{
	return hash_file_new(dir, name, gen, O_TRUNC);
}

/* Remove the DIR/NAME.N of other generations than gen. */
void
hash_file_remove_others(const char *dir, const char *name, uint64_t gen)
{
	struct dirent *de;
	DIR *d;
	char *path, *end;
	unsigned long long n;
	size_t len = strlen(name);

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, name, len) != 0 ||
		    de->d_name[len] != '.')
			continue;
		errno = 0;
		n = strtoull(de->d_name + len + 1, &end, 10);
		if (errno != 0 || *end != '\0' || end == de->d_name + len + 1 ||
		    n == gen)
			continue;
		if (asprintf(&path, "%s/%s", dir, de->d_name) == -1)
			err(NW_EXIT_FAIL, NULL);
		if (unlink(path) == -1 && errno != ENOENT)
			warn("%s", path);
		free(path);
	}
	closedir(d);
}

/* A file the index says holds end bytes is damaged if missing. */
static void
check_present(const char *dir, const char *name, uint64_t gen, uint64_t end)
{
	struct stat st;
	char *path;

	if (end == 0)
		return;
	if (asprintf(&path, "%s/%s.%llu", dir, name,
	    (unsigned long long)gen) == -1)
		err(NW_EXIT_FAIL, NULL);
	if (stat(path, &st) == -1 && errno == ENOENT)
		errx(NW_EXIT_FAIL, "%s: damaged: missing, the index says %llu "
		    "bytes", path, (unsigned long long)end);
	free(path);
}

/* The same of one shorter than end; its length. */
static uint64_t
file_length(const struct hash_file *h, uint64_t end)
{
	struct stat st;

	if (fstat(h->fd, &st) == -1)
		hash_file_fail(h);
	if ((uint64_t)st.st_size < end)
		errx(NW_EXIT_FAIL, "%s: damaged: %llu bytes, the index says "
		    "%llu", h->path, (unsigned long long)st.st_size,
		    (unsigned long long)end);
	return (uint64_t)st.st_size;
}

/*
 * Open DIR/NAME.GEN cut to end bytes (and remove other generations:
 * an interrupted rewrite's), or a temporary file (dir NULL).
 */
struct hash_file *
hash_file_open(const char *dir, const char *name, uint64_t gen, uint64_t end)
{
	struct hash_file *h;

	/* Not made anew where the index says there are bytes. */
	if (dir != NULL)
		check_present(dir, name, gen, end);
	h = hash_file_new(dir, name, gen, 0);
	if (dir == NULL)
		return h;
	hash_file_remove_others(dir, name, gen);
	if (file_length(h, end) > end && ftruncate(h->fd, (off_t)end) == -1)
		hash_file_fail(h);
	h->written = end;
	return h;
}

/*
 * Open DIR/NAME.GEN to read its first end bytes, as an index read as it
 * stands does: nothing is made, cut or removed, bytes past end (a killed
 * run's) stay, and nothing can be written.  No file where end is 0 is
 * one of no bytes.
 */
struct hash_file *
hash_file_open_read(const char *dir, const char *name, uint64_t gen,
    uint64_t end)
{
	struct hash_file *h;

	check_present(dir, name, gen, end);
	h = xcalloc(1, sizeof(*h));
	h->fd = -1;
	if (asprintf(&h->path, "%s/%s.%llu", dir, name,
	    (unsigned long long)gen) == -1)
		err(NW_EXIT_FAIL, NULL);
	if (end > 0) {
		if ((h->fd = open(h->path, O_RDONLY | O_CLOEXEC)) == -1)
			hash_file_fail(h);
		(void)file_length(h, end);
	}
	h->written = end;
	return h;
}

static void
hash_file_flush(struct hash_file *h)
{
	size_t off = 0;
	ssize_t w;

	while (off < h->nbuf) {
		w = pwrite(h->fd, h->buf + off, h->nbuf - off,
		    (off_t)(h->written + off));
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			hash_file_fail(h);
		off += (size_t)w;
	}
	h->written += h->nbuf;
	h->nbuf = 0;
}

/* Append n bytes; their offset. */
uint64_t
hash_file_append(struct hash_file *h, const void *p, size_t n)
{
	uint64_t off = h->written + h->nbuf;
	size_t k;

	while (n > 0) {
		if (h->nbuf == BUFFER_BYTES)
			hash_file_flush(h);
		k = BUFFER_BYTES - h->nbuf < n ? BUFFER_BYTES - h->nbuf : n;
		memcpy(h->buf + h->nbuf, p, k);
		h->nbuf += k;
		p = (const char *)p + k;
		n -= k;
	}
	return off;
}

/* Overwrite n bytes at off, which must be written out already. */
void
hash_file_write(struct hash_file *h, uint64_t off, const void *p, size_t n)
{
	if (off + n > h->written)
		errx(NW_EXIT_FAIL, "%s%s: write past the end",
		    h->path ? h->path : tempfile_dir(),
		    h->path ? "" : TEMP_NAME);
	if (pwrite(h->fd, p, n, (off_t)off) != (ssize_t)n)
		hash_file_fail(h);
}

/* Read n bytes at off into dst. */
void
hash_file_read(struct hash_file *h, uint64_t off, void *dst, size_t n)
{
	char *d = dst;
	size_t k;
	ssize_t got;

	while (n > 0 && off < h->written) {
		k = h->written - off < n ? (size_t)(h->written - off) : n;
		got = pread(h->fd, d, k, (off_t)off);
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0)
			hash_file_fail(h);
		d += got;
		off += (uint64_t)got;
		n -= (size_t)got;
	}
	if (n > 0) {
		if (off - h->written + n > h->nbuf)
			errx(NW_EXIT_FAIL, "%s%s: read past the end",
			    h->path ? h->path : tempfile_dir(),
			    h->path ? "" : TEMP_NAME);
		memcpy(d, h->buf + (off - h->written), n);
	}
}

/* Ask the kernel to read n bytes at off, without waiting for them. */
void
hash_file_willneed(struct hash_file *h, uint64_t off, size_t n)
{
	if (off < h->written)
		(void)posix_fadvise(h->fd, (off_t)off, (off_t)(h->written -
		    off < n ? h->written - off : n), POSIX_FADV_WILLNEED);
}

/* Write out and sync (a lasting file); the length to commit. */
uint64_t
hash_file_sync(struct hash_file *h)
{
	hash_file_flush(h);
	if (h->path != NULL && fdatasync(h->fd) == -1)
		hash_file_fail(h);
	return h->written;
}

uint64_t
hash_file_bytes(const struct hash_file *h)
{
	return h->written + h->nbuf;
}

void
hash_file_close(struct hash_file *h)
{
	if (h == NULL)
		return;
	if (h->fd != -1)
		close(h->fd);
	free(h->buf);
	free(h->path);
	free(h);
}
