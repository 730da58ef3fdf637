/*
 * newswire: nw-dedup's band index, in sorted run files.
 *
 * Why not LMDB, where the rest of the index lives: a document adds 32
 * band keys, uniformly random, so once the B+tree is larger than a
 * batch of new keys every key lands on a leaf page of its own, and a
 * copy-on-write B+tree copies and writes that page (4 KB) for the
 * 18 bytes.  Adding a document to an index of a million cost 33 page
 * writes; and a run without --state, its cache spilled into the
 * temporary index, rewrote the whole band table at every spill.
 *
 * So the band keys go to runs, as nw-count's counts do: each batch (the
 * write cache's band entries, hash and document number, 16 bytes) is
 * sorted and written as one file in one sequential write, and runs are
 * merged, two at a time, once the newer holds at least an eighth of the
 * older's entries (MERGE_RATIO): each run is then more than eight times
 * the size of the next, there are at most log8 of (keys / smallest
 * batch) + 1 runs, and a run's entries are numbered in one contiguous
 * range of documents.  A run file is never changed once written.
 *
 * Why eight and not two (a binary counter, format 5's first merges):
 * every key a lookup asks for is asked of every run's filter, and a
 * filter much larger than the CPU's caches costs a cache miss a key.
 * With two, a million documents were in four runs of 357, 150 and 46
 * MB and a small one; 10,000 lookups of new documents cost 109 ms of
 * CPU against 59 ms at 10,000 documents.  With eight they are in runs
 * of 531, 48 and 0.6 MB, and cost 85 ms: the large filter is probed
 * once a key, the others mostly hit the caches.  The price is merging:
 * an entry is rewritten up to about eight times as its run grows eight
 * times, instead of once a doubling, all of it sequential (the index
 * of a million grew in 21 s of CPU instead of 19).
 *
 * The keys are not only bands: a document's exact key (or its
 * paragraphs' keys) go to the same runs, as 64-bit hashes of the
 * 128-bit keys, which the owner checks against the documents found.
 *
 * A run file holds its sorted entries, then a directory of them by the
 * top bits of the hash (2^b + 1 entry numbers: where each of the 2^b
 * ranges of hashes starts; 128 to 256 entries a range, so 1 to 2 bytes
 * a document),
 * then, from the next page on, a Bloom filter of its hashes
 * (lib/dedupfilter.c), all written once.  The file is mapped, nothing of
 * it read at open: a lookup asks a run's filter (one 64-byte block a
 * key), and only where it may hold the key reads the directory (one
 * cache line) and the entries of its range (2 to 4 KB,
 * searched from where the hash falls in the range).  A lookup's keys go
 * through these steps together, each step asking for the memory of all
 * the keys before reading any, so that their cache misses overlap
 * instead of following each other.  So a lookup costs about one filter
 * block a key and run, and a directory line and a page of entries a key
 * the index holds, whatever the size of the index; there are at most
 * log8 of (keys / smallest batch) + 1 runs.
 *
 * Crash safety is the owner's: the list of live runs (the registry) is
 * written in the owner's LMDB commit; new run files are synced first,
 * and files a merge dropped are removed only after it; files that no
 * registry names (a killed run's) are removed when the runs are opened.
 * Entries of documents since purged stay in their run (a lookup finds
 * no document and skips them) until a merge drops them: the owner
 * passes a test of which documents are live.
 */
#include <sys/mman.h>
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

#define MERGE_RATIO	8			/* see above */
#define RANGE_ENTRIES	256			/* at most, on average */
#define FIND_CHUNK	64			/* keys found together */
#define READ_ENTRIES	512			/* 8 KB: a range in one read */
#define WINDOW		64			/* 1 KB around the guess */
#define PREAD_PAYS	32768			/* see band_runs_find() */
#define WRITE_ENTRIES	(1 << 16)		/* 1 MB of entries a write */
#define FILTER_ALIGN	4096			/* no block across two pages */

struct band_entry {
	uint64_t	 hash, docnum;
};

struct band_run {
	uint64_t	 seq;		/* file DIR/band.SEQ */
	uint64_t	 n;		/* entries */
	int		 fd;
	int		 fresh;		/* written by this process, unsynced */
	uint64_t	 preads;	/* ranges read by pread() */
	const struct band_entry *map;	/* the whole file, mapped */
	const uint64_t	*dir;		/* where each range starts */
	int		 bits;		/* b: 2^b ranges */
	struct dedup_filter filter;	/* of every hash in the run */
};

struct band_runs {
	char		*dir;		/* NULL: temporary files */
	struct band_run	*runs;		/* oldest first */
	size_t		 nruns, cap;
	uint64_t	 nextseq;
	uint64_t	*dropped;	/* seqs to remove once committed */
	size_t		 ndropped, dropcap;
	struct band_entry *out;		/* write buffer */
	size_t		 nout;
};

static char *
run_path(const struct band_runs *r, uint64_t seq)
{
	char *path;

	if (asprintf(&path, "%s/band.%llu", r->dir,
	    (unsigned long long)seq) == -1)
		err(NW_EXIT_FAIL, NULL);
	return path;
}

/* b for n entries: the least with at most RANGE_ENTRIES a range. */
static int
dir_bits(uint64_t n)
{
	int b = 0;

	while (b < 40 && (n >> b) > RANGE_ENTRIES)
		b++;
	return b;
}

/* The range of hash in a directory of b bits. */
static uint64_t
range_of(uint64_t hash, int b)
{
	return b > 0 ? hash >> (64 - b) : 0;
}

/* Where a run's filter starts: after the directory, on a page of its own. */
static uint64_t
filter_offset(uint64_t n)
{
	uint64_t end = n * sizeof(struct band_entry) +
	    ((1ULL << dir_bits(n)) + 1) * sizeof(uint64_t);

	return (end + FILTER_ALIGN - 1) / FILTER_ALIGN * FILTER_ALIGN;
}

/* A run file: its entries, directory and filter; nothing if empty. */
static uint64_t
run_bytes(uint64_t n)
{
	if (n == 0)
		return 0;
	return filter_offset(n) + dedup_filter_blocks(n) * 64;
}

static void
run_fail(const struct band_runs *r, const struct band_run *run)
{
	err(NW_EXIT_FAIL, "%s: band run %llu", r->dir ? r->dir :
	    tempfile_dir(), (unsigned long long)run->seq);
}

/* Map the file: entries, directory and filter are read where they lie. */
static void
run_map(struct band_runs *r, struct band_run *run)
{
	const char *base;

	run->map = NULL;
	if (run->n == 0)
		return;
	base = mmap(NULL, run_bytes(run->n), PROT_READ, MAP_SHARED, run->fd,
	    0);
	if (base == MAP_FAILED)
		run_fail(r, run);
	/*
	 * Lookups read a page of entries here and there: no read-ahead
	 * around it.  But the filter (and the directory) are read all over
	 * by any run of a few thousand lookups: there the kernel's
	 * read-around brings in 32 pages at a miss, not one.  (An index of
	 * a million documents out of the page cache: 10,000 lookups took
	 * 24,140 page faults from the disk, 0.75-0.80 s of system time and
	 * 2.8-3.1 s with the whole file so advised; 11,287, 0.44-0.51 s and
	 * 1.8-1.9 s now.)
	 */
	(void)madvise((void *)(uintptr_t)base, run->n * sizeof(*run->map) /
	    FILTER_ALIGN * FILTER_ALIGN, MADV_RANDOM);
	run->map = (const struct band_entry *)(const void *)base;
	run->dir = (const uint64_t *)(const void *)(base +
	    run->n * sizeof(*run->map));
	run->bits = dir_bits(run->n);
	run->filter.words = (uint64_t *)(uintptr_t)(base +
	    filter_offset(run->n));
	run->filter.nblocks = dedup_filter_blocks(run->n);
}

/*
 * A run file of the right length may still hold no run: zeros where a
 * crash left its blocks unwritten, or other bytes.  Every lookup would
 * then miss, and each old document pass as new, without a word.
 * Reading the whole file at every open would cost as much as the index
 * is large, so its parts are checked against each other where that
 * costs a few pages: the directory starts at the first key and ends
 * after the last, and the first, middle and last keys are in order, each
 * in the range the directory gives its hash, and each in the filter.
 */
static int
run_valid(const struct band_run *run)
{
	uint64_t i, k, r, prev = 0;

	if (run->n == 0)
		return 1;
	if (run->dir[0] != 0 || run->dir[1ULL << run->bits] != run->n)
		return 0;
	for (k = 0; k < 3; k++) {
		i = k * (run->n - 1) / 2;
		r = range_of(run->map[i].hash, run->bits);
		if (run->map[i].hash < prev || run->dir[r] > i ||
		    run->dir[r + 1] <= i ||
		    !dedup_filter_maybe(&run->filter, run->map[i].hash))
			return 0;
		prev = run->map[i].hash;
	}
	return 1;
}

static void
run_unmap(struct band_run *run)
{
	if (run->map != NULL)
		munmap((void *)(uintptr_t)run->map, run_bytes(run->n));
	close(run->fd);
}

/*
 * The registry: pairs of (seq, entries), oldest run first.  With keep,
 * the files it does not name stay: a registry not yet committed (a
 * pending run's, lib/dedupopen.c) leaves out runs that the committed
 * one still names.
 */
struct band_runs *
band_runs_open(const char *dir, const uint64_t *registry, size_t nregistry,
    uint64_t nextseq, int keep)
{
	struct band_runs *r;
	struct band_run *run;
	struct dirent *de;
	struct stat st;
	DIR *d;
	char *path, *end;
	unsigned long long seq;
	size_t i;

	r = xcalloc(1, sizeof(*r));
	r->dir = dir != NULL ? xstrdup(dir) : NULL;
	r->nextseq = nextseq;
	r->cap = nregistry + 8;
	r->runs = xcalloc(r->cap, sizeof(*r->runs));
	r->out = xreallocarray(NULL, WRITE_ENTRIES, sizeof(*r->out));
	for (i = 0; i < nregistry; i++) {
		run = &r->runs[r->nruns++];
		run->seq = registry[2 * i];
		run->n = registry[2 * i + 1];
		path = run_path(r, run->seq);
		if ((run->fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 &&
		    errno == ENOENT)
			errx(NW_EXIT_FAIL, "%s: damaged: missing, the index "
			    "says %llu bytes", path,
			    (unsigned long long)run_bytes(run->n));
		if (run->fd == -1)
			err(NW_EXIT_FAIL, "%s", path);
		if (fstat(run->fd, &st) == -1)
			err(NW_EXIT_FAIL, "%s", path);
		if ((uint64_t)st.st_size != run_bytes(run->n))
			errx(NW_EXIT_FAIL, "%s: damaged: %llu bytes, the "
			    "index says %llu", path,
			    (unsigned long long)st.st_size,
			    (unsigned long long)run_bytes(run->n));
		run_map(r, run);
		if (!run_valid(run))
			errx(NW_EXIT_FAIL, "%s: damaged: its keys, directory "
			    "and filter disagree", path);
		free(path);
	}
	if (dir == NULL || keep || (d = opendir(dir)) == NULL)
		return r;
	/* Runs a killed run left, which the registry does not name. */
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "band.", 5) != 0)
			continue;
		errno = 0;
		seq = strtoull(de->d_name + 5, &end, 10);
		if (errno != 0 || *end != '\0' || end == de->d_name + 5)
			continue;
		for (i = 0; i < r->nruns && r->runs[i].seq != seq; i++)
			;
		if (i < r->nruns)
			continue;
		path = run_path(r, seq);
		if (unlink(path) == -1 && errno != ENOENT)
			warn("%s", path);
		free(path);
	}
	closedir(d);
	return r;
}

/* A new run file, open for writing. */
static int
run_create(struct band_runs *r, struct band_run *run)
{
	char *path;
	int fd;

	run->seq = r->nextseq++;
	if (r->dir == NULL) {
		if ((fd = tempfile_open()) == -1)
			exit(NW_EXIT_FAIL);
		return fd;
	}
	path = run_path(r, run->seq);
	if ((fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0666)) == -1)
		err(NW_EXIT_FAIL, "%s", path);
	free(path);
	return fd;
}

static void
out_flush_run(struct band_runs *r, int fd)
{
	size_t len = r->nout * sizeof(*r->out), off = 0;
	ssize_t w;

	while (off < len) {
		if ((w = write(fd, (char *)r->out + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			err(NW_EXIT_FAIL, "%s: band run",
			    r->dir ? r->dir : tempfile_dir());
		}
		off += (size_t)w;
	}
	r->nout = 0;
}

static void
out_put(struct band_runs *r, struct band_run *run, uint64_t hash,
    uint64_t docnum)
{
	if (r->nout == WRITE_ENTRIES)
		out_flush_run(r, run->fd);
	r->out[r->nout].hash = hash;
	r->out[r->nout].docnum = docnum;
	r->nout++;
	run->n++;
}

/*
 * The blocks of the directory and the filter, taken before they are
 * written through the mapping: a store to a page the file system has no
 * room for is SIGBUS, not an error, and a full disk must be reported as
 * one (nw-batch(1) tells the machine's failures by the message).  Where
 * the file system cannot allocate (EOPNOTSUPP, or EINVAL) the bytes are
 * written instead.
 */
static void
run_allocate(struct band_runs *r, struct band_run *run)
{
	static const char zeros[64 * 1024];
	uint64_t off = run->n * sizeof(struct band_entry);
	uint64_t end = run_bytes(run->n);
	size_t len;
	ssize_t w;
	int rc;

	while ((rc = posix_fallocate(run->fd, (off_t)off,
	    (off_t)(end - off))) == EINTR)
		;
	if (rc == 0)
		return;
	if (rc != EOPNOTSUPP && rc != EINVAL) {
		errno = rc;
		run_fail(r, run);
	}
	while (off < end) {
		len = end - off < sizeof(zeros) ? end - off : sizeof(zeros);
		if ((w = pwrite(run->fd, zeros, len, (off_t)off)) == -1) {
			if (errno == EINTR)
				continue;
			run_fail(r, run);
		}
		off += (uint64_t)w;
	}
}

/*
 * The directory and the filter, written after the entries, through a
 * writable mapping (the filter's blocks are set in random order): the
 * file's pages, not the heap, however large the run.
 */
static void
index_write(struct band_runs *r, struct band_run *run)
{
	struct dedup_filter f;
	const struct band_entry *e;
	uint64_t *dir, i, j = 0, top, nranges = 1ULL << dir_bits(run->n);
	char *base;

	run_allocate(r, run);
	base = mmap(NULL, run_bytes(run->n), PROT_READ | PROT_WRITE,
	    MAP_SHARED, run->fd, 0);
	if (base == MAP_FAILED)
		run_fail(r, run);
	e = (const struct band_entry *)(const void *)base;
	f.words = (uint64_t *)(void *)(base + filter_offset(run->n));
	f.nblocks = dedup_filter_blocks(run->n);
	dir = (uint64_t *)(void *)(base + run->n * sizeof(*e));
	for (i = 0; i < run->n; i++) {
		dedup_filter_add(&f, e[i].hash);
		for (top = range_of(e[i].hash, dir_bits(run->n)); j <= top; j++)
			dir[j] = i;
	}
	for (; j <= nranges; j++)
		dir[j] = run->n;
	if (munmap(base, run_bytes(run->n)) == -1)
		run_fail(r, run);
}

static void
run_finish(struct band_runs *r, struct band_run *run)
{
	out_flush_run(r, run->fd);
	if (run->n > 0)
		index_write(r, run);
	run->fresh = 1;
	run_map(r, run);
}

static int
entry_less(const struct band_entry *a, const struct band_entry *b)
{
	return a->hash < b->hash || (a->hash == b->hash &&
	    a->docnum < b->docnum);
}

/* Merge the last two runs into one, dropping entries live() rejects. */
static void
merge_last(struct band_runs *r, int (*live)(void *, uint64_t), void *arg)
{
	struct band_run *a = &r->runs[r->nruns - 2], *b = a + 1, m;
	const struct band_entry *e;
	uint64_t i = 0, j = 0;

	memset(&m, 0, sizeof(m));
	m.fd = run_create(r, &m);
	/* Read in order, once: read ahead (it was advised random). */
	(void)madvise((void *)(uintptr_t)a->map, a->n * sizeof(*a->map),
	    MADV_SEQUENTIAL);
	(void)madvise((void *)(uintptr_t)b->map, b->n * sizeof(*b->map),
	    MADV_SEQUENTIAL);
	while (i < a->n || j < b->n) {
		if (j == b->n || (i < a->n && entry_less(&a->map[i],
		    &b->map[j])))
			e = &a->map[i++];
		else
			e = &b->map[j++];
		if (live == NULL || live(arg, e->docnum))
			out_put(r, &m, e->hash, e->docnum);
	}
	run_finish(r, &m);
	if (r->ndropped + 2 > r->dropcap) {
		r->dropcap = r->dropcap * 2 + 8;
		r->dropped = xreallocarray(r->dropped, r->dropcap,
		    sizeof(*r->dropped));
	}
	r->dropped[r->ndropped++] = a->seq;
	r->dropped[r->ndropped++] = b->seq;
	run_unmap(a);
	run_unmap(b);
	*a = m;
	r->nruns--;
}

/*
 * Add a batch of entries (key_table entries, k1 the hash, sorted by
 * hash and document) as a new run, then merge while the newest run
 * holds at least 1 / MERGE_RATIO of the one before.
 */
void
band_runs_add(struct band_runs *r, const struct key_entry *e, size_t n,
    int (*live)(void *, uint64_t), void *arg)
{
	struct band_run *run;
	size_t i;

	if (n == 0)
		return;
	if (r->nruns == r->cap) {
		r->cap *= 2;
		r->runs = xreallocarray(r->runs, r->cap, sizeof(*r->runs));
	}
	run = &r->runs[r->nruns];
	memset(run, 0, sizeof(*run));
	run->fd = run_create(r, run);
	for (i = 0; i < n; i++)
		out_put(r, run, e[i].k1, e[i].docnum);
	run_finish(r, run);
	r->nruns++;
	while (r->nruns >= 2 && MERGE_RATIO * r->runs[r->nruns - 1].n >=
	    r->runs[r->nruns - 2].n)
		merge_last(r, live, arg);
}

/*
 * The first i in [lo, hi] with a[i * stride] >= key (hi if none), given
 * a guess: the keys are hashes, spread evenly, so the guess from the
 * key's value is off by about the square root of the count, and a
 * search galloping out from it reads a few neighbouring cache lines
 * where a binary search would read one far apart at each step.
 */
static uint64_t
gallop(const uint64_t *a, size_t stride, uint64_t lo, uint64_t hi,
    uint64_t guess, uint64_t key)
{
	uint64_t step = 1, b, mid;

	if (guess >= hi)
		guess = hi > lo ? hi - 1 : lo;
	if (guess < lo)
		guess = lo;
	if (guess < hi && a[guess * stride] < key) {
		/* Past guess: double the step until a key >= key. */
		for (b = guess + 1; b < hi && a[b * stride] < key; step *= 2) {
			lo = b + 1;
			b = hi - b > step ? b + step : hi;
		}
		lo = guess + 1 > lo ? guess + 1 : lo;
		hi = b < hi ? b : hi;
	} else {
		/* At or before guess: double the step down. */
		hi = guess;
		for (;;) {
			b = hi - lo > step ? hi - step : lo;
			if (b == lo || a[b * stride] < key) {
				lo = b;
				break;
			}
			hi = b;
			step *= 2;
		}
	}
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (a[mid * stride] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Where key falls in [lo, hi) of n evenly spread over 64 bits. */
static uint64_t
guess_of(uint64_t key, uint64_t lokey, uint64_t hikey, uint64_t lo,
    uint64_t hi)
{
	if (hikey <= lokey || key <= lokey)
		return lo;
	if (key >= hikey)
		return hi;
	return lo + (uint64_t)(((unsigned __int128)(key - lokey) *
	    (hi - lo)) / (hikey - lokey));
}

/*
 * Call fn for each entry of hash in [lo, hi) of run, read by pread():
 * first the WINDOW entries around guess, where it nearly always lies,
 * and, if it may lie outside them, the range from lo, READ_ENTRIES
 * at a time.
 */
static void
range_read(const struct band_runs *r, const struct band_run *run,
    uint64_t lo, uint64_t hi, uint64_t guess, uint64_t hash, int which,
    void (*fn)(void *, int, uint64_t), void *arg)
{
	struct band_entry buf[READ_ENTRIES];
	uint64_t at = lo, n, i, want = READ_ENTRIES;
	ssize_t got;
	int window = 0;

	if (guess > lo + WINDOW / 2) {
		at = guess - WINDOW / 2;
		want = WINDOW;
		window = 1;
	}
	while (at < hi) {
		n = hi - at < want ? hi - at : want;
		got = pread(run->fd, buf, n * sizeof(*buf),
		    (off_t)(at * sizeof(*buf)));
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1)
			run_fail(r, run);
		if (got != (ssize_t)(n * sizeof(*buf)))
			errx(NW_EXIT_FAIL, "%s: band run %llu: shorter than "
			    "its registry says", r->dir ? r->dir :
			    tempfile_dir(), (unsigned long long)run->seq);
		if (window && buf[0].hash >= hash) {
			/* It may have entries before the window. */
			at = lo;
			want = READ_ENTRIES;
			window = 0;
			continue;
		}
		window = 0;
		want = READ_ENTRIES;
		at += n;
		if (buf[n - 1].hash < hash)
			continue;
		i = gallop(&buf[0].hash, 2, 0, n, 0, hash);
		for (; i < n && buf[i].hash == hash; i++)
			fn(arg, which, buf[i].docnum);
		if (i < n)
			return;
	}
}

/* The number of runs; run k holds documents numbered below run k + 1's. */
size_t
band_runs_count(const struct band_runs *r)
{
	return r->nruns;
}

/*
 * Which of the n hashes run k may hold, by its filter alone: their
 * indexes in pos, in order; returns how many.  The filter's blocks are
 * asked for all at once before any is read.
 */
int
band_runs_maybe(const struct band_runs *r, size_t k, const uint64_t *hash,
    int n, int *pos)
{
	const struct band_run *run = &r->runs[k];
	int a, m = 0;

	if (run->n == 0)
		return 0;
	for (a = 0; a < n; a++)
		dedup_filter_prefetch(&run->filter, hash[a]);
	for (a = 0; a < n; a++)
		if (dedup_filter_maybe(&run->filter, hash[a]))
			pos[m++] = a;
	return m;
}

/*
 * Call fn for each document under each of the n hashes that run k
 * holds, hash by hash, with the hash's index.  The hashes go through
 * each step together: the filter's blocks, then the directory's lines
 * of those it lets through, then the entries where each hash should
 * fall, each asked for all at once before any is read.
 *
 * The entries of a hash are a range of 2 to 4 KB somewhere in a file of
 * up to gigabytes.  Read through the mapping, the first touch of a page
 * is a page fault, which maps the 16 pages around it but costs about
 * three reads of a range by pread() (5.3 against 1.7 us of CPU here).
 * So a run's ranges are read by pread() until this process has read
 * one for each PREAD_PAYS bytes of its entries, about when faulting in
 * all of them would have cost as much; from then on, through the
 * mapping.  Renting until the rent paid would have bought the thing
 * costs at most about twice the cheaper of the two, whatever the number
 * of lookups.  (A file the kernel keeps in large folios faults in
 * cheaper still, so the switch comes a little early.)  10,000 lookups
 * of near copies in an index of a million never switch: 7,300 page
 * faults became 1,100, and a lookup took 16 us of CPU instead of 24.
 * In an index of 10,000 the entries are mapped after 160 ranges.
 */
void
band_runs_find(struct band_runs *r, size_t k, const uint64_t *hash,
    int n, void (*fn)(void *, int, uint64_t), void *arg)
{
	struct band_run *run = &r->runs[k];
	const uint64_t *e = (const uint64_t *)(const void *)run->map;
	uint64_t keep[FIND_CHUNK], lo[FIND_CHUNK], hi[FIND_CHUNK];
	uint64_t guess[FIND_CHUNK], j, lokey, hikey, i;
	int a, m, c, mapped, which[FIND_CHUNK];

	if (run->n == 0)
		return;
	for (c = 0; c < n; c += FIND_CHUNK) {
		m = n - c < FIND_CHUNK ? n - c : FIND_CHUNK;
		for (a = 0; a < m; a++)
			dedup_filter_prefetch(&run->filter, hash[c + a]);
		for (a = 0, j = 0; a < m; a++)
			if (dedup_filter_maybe(&run->filter, hash[c + a])) {
				which[j] = c + a;
				keep[j] = hash[c + a];
				__builtin_prefetch(&run->dir[range_of(keep[j],
				    run->bits)]);
				j++;
			}
		m = (int)j;
		mapped = run->preads >= run->n * sizeof(*run->map) / PREAD_PAYS;
		for (a = 0; a < m; a++) {
			j = range_of(keep[a], run->bits);
			lo[a] = run->dir[j];
			hi[a] = run->dir[j + 1];
			lokey = run->bits > 0 ? j << (64 - run->bits) : 0;
			hikey = run->bits > 0 && j + 1 < (1ULL << run->bits) ?
			    (j + 1) << (64 - run->bits) : UINT64_MAX;
			guess[a] = guess_of(keep[a], lokey, hikey, lo[a],
			    hi[a]);
			if (!mapped)
				range_read(r, run, lo[a], hi[a], guess[a],
				    keep[a], which[a], fn, arg);
			else if (guess[a] < run->n)
				__builtin_prefetch(&run->map[guess[a]]);
		}
		if (!mapped) {
			run->preads += (uint64_t)m;
			continue;
		}
		for (a = 0; a < m; a++) {
			i = gallop(e, 2, lo[a], hi[a], guess[a], keep[a]);
			for (; i < run->n && run->map[i].hash == keep[a]; i++)
				fn(arg, which[a], run->map[i].docnum);
		}
	}
}

/*
 * Ask the kernel to read, without waiting, the entries among which hash
 * would be in run k (the range its directory gives, 2 to 4 KB), if the
 * run's filter may hold it.  Nothing is read through the mapping but
 * the filter block and the directory line.
 */
void
band_runs_willneed(const struct band_runs *r, size_t k, uint64_t hash)
{
	static uintptr_t pagesize;
	const struct band_run *run = &r->runs[k];
	uintptr_t start, end;
	uint64_t j;

	if (run->n == 0 || !dedup_filter_maybe(&run->filter, hash))
		return;
	j = range_of(hash, run->bits);
	if (run->dir[j + 1] <= run->dir[j])
		return;
	if (pagesize == 0)
		pagesize = (uintptr_t)sysconf(_SC_PAGESIZE);
	start = (uintptr_t)&run->map[run->dir[j]] & ~(pagesize - 1);
	end = (uintptr_t)&run->map[run->dir[j + 1]];
	(void)madvise((void *)start, end - start, MADV_WILLNEED);
}

/* Entries and bytes on disk, over all runs. */
uint64_t
band_runs_entries(const struct band_runs *r)
{
	uint64_t n = 0;
	size_t k;

	for (k = 0; k < r->nruns; k++)
		n += r->runs[k].n;
	return n;
}

/* Bytes of the run files. */
uint64_t
band_runs_bytes(const struct band_runs *r)
{
	uint64_t n = 0;
	size_t k;

	for (k = 0; k < r->nruns; k++)
		n += run_bytes(r->runs[k].n);
	return n;
}

/*
 * Before the owner's commit: sync the runs written since the last one
 * (and the directory naming them), and give the registry to commit,
 * 2 * *n words (seq, entries).
 */
uint64_t *
band_runs_prepare(struct band_runs *r, size_t *n)
{
	uint64_t *reg;
	size_t k;
	int synced = 0, dfd;

	reg = xreallocarray(NULL, 2 * r->nruns + 1, sizeof(*reg));
	for (k = 0; k < r->nruns; k++) {
		reg[2 * k] = r->runs[k].seq;
		reg[2 * k + 1] = r->runs[k].n;
		if (r->runs[k].fresh && r->dir != NULL) {
			if (fsync(r->runs[k].fd) == -1)
				err(NW_EXIT_FAIL, "%s: band run %llu", r->dir,
				    (unsigned long long)r->runs[k].seq);
			synced = 1;
		}
		r->runs[k].fresh = 0;
	}
	if (synced && (dfd = open(r->dir, O_RDONLY | O_CLOEXEC)) != -1) {
		(void)fsync(dfd);
		close(dfd);
	}
	*n = r->nruns;
	return reg;
}

/* After the owner's commit: remove the files merges dropped. */
void
band_runs_committed(struct band_runs *r)
{
	char *path;
	size_t i;

	if (r->dir != NULL)
		for (i = 0; i < r->ndropped; i++) {
			path = run_path(r, r->dropped[i]);
			if (unlink(path) == -1 && errno != ENOENT)
				warn("%s", path);
			free(path);
		}
	r->ndropped = 0;
}

uint64_t
band_runs_nextseq(const struct band_runs *r)
{
	return r->nextseq;
}

void
band_runs_close(struct band_runs *r)
{
	size_t k;

	if (r == NULL)
		return;
	for (k = 0; k < r->nruns; k++)
		run_unmap(&r->runs[k]);
	free(r->runs);
	free(r->dropped);
	free(r->out);
	free(r->dir);
	free(r);
}
