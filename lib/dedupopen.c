/*
 * newswire: an index of nw-dedup(1) opened and closed (lib/dedupindex.c
 * has its tables): the directory's lock, its files made or checked,
 * LMDB's environment, the format and parameters the index was made
 * with, the documents a killed run left and those aged out purged.
 *
 * Concurrent runs on one directory are serialised by flock(2) on
 * DIR/lock, held from open to close; LMDB's own lock file is not used
 * (MDB_NOLOCK) since only one process ever has the environment open.
 * A caller that leaves a run pending and commits it later holds that
 * lock across both runs (see lock_inherited()).  A dry run (nw-dedup
 * --dry-run) reads the index as it stands under a shared lock, LMDB and
 * every file opened read-only, and adds its documents to a temporary
 * index of its own (see dedup_index_open_dry()).
 */
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lmdb.h>

#include "nw-private.h"

/*
 * LMDB reads the index through its map and trusts what it finds there:
 * pages damaged on disk (a machine that crashed, a bad sector, a copy
 * cut short) can send it past the map's end (SIGBUS), through a wild
 * pointer (SIGSEGV) or, with a page size of 0, into a division by zero
 * (SIGFPE).  While the index of a directory is open, such a
 * fault is reported as the damage it most likely is, exit 1, instead of
 * a crash that names nothing (nw-batch(1) then knows the index is at
 * fault, not the dump).  Not in a sanitizer build, whose own report of
 * a fault is the one wanted.
 */
#if defined(__SANITIZE_ADDRESS__)
#define FAULT_REPORTED	0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FAULT_REPORTED	0
#endif
#endif
#ifndef FAULT_REPORTED
#define FAULT_REPORTED	1
#endif

static char	fault_message[2][4 * PATH_MAX + 160];	/* memory, arithmetic */
static size_t	fault_length[2];

static void
fault(int sig)
{
	int k = sig == SIGFPE;

	if (write(STDERR_FILENO, fault_message[k], fault_length[k]) == -1)
		_exit(NW_EXIT_FAIL);
	_exit(NW_EXIT_FAIL);
}

/* Faults reported as damage to the index of dir (on), or as before. */
static void
fault_catch(const char *dir, int on)
{
	static const char *const kind[2] = { "a memory", "an arithmetic" };
	char shown[4 * PATH_MAX + 1];
	struct sigaction sa;
	int k, n;

	if (!FAULT_REPORTED)
		return;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_DFL;
	if (on) {
		(void)msg_encode(shown, dir, strnlen(dir, PATH_MAX));
		for (k = 0; k < 2; k++) {
			n = snprintf(fault_message[k], sizeof(fault_message[k]),
			    "%s: %s: damaged: %s fault reading its index "
			    "(remove the directory to start anew)\n",
			    getprogname(), shown, kind[k]);
			fault_length[k] = n > 0 &&
			    (size_t)n < sizeof(fault_message[k]) ? (size_t)n : 0;
		}
		sa.sa_handler = fault;
	}
	(void)sigaction(SIGBUS, &sa, NULL);
	(void)sigaction(SIGSEGV, &sa, NULL);
	(void)sigaction(SIGFPE, &sa, NULL);
}

/*
 * LMDB checks some of what it reads and aborts when a check fails, as
 * damage to index.mdb can make one: reported as damage, exit 1, as a
 * fault is, and not as a crash that names no index.  Nothing is written
 * to the index after it.
 */
static void
index_assert(MDB_env *env, const char *msg)
{
	struct dedup_index *x = mdb_env_get_userctx(env);

	warnx("%s: damaged: LMDB's check of its index failed: %s (remove the "
	    "directory to start anew)", x->dir, msg);
	_exit(NW_EXIT_FAIL);
}

/* Delete the documents a killed run left, numbered next or above. */
static void
purge_unfinished(struct dedup_index *x)
{
	unsigned char num[8];
	MDB_val k;

	for (;;) {
		be64_put(num, x->next);
		k.mv_size = 8;
		k.mv_data = num;
		if (!dedup_cursor_key(x, x->doc, &k, MDB_SET_RANGE))
			return;
		dedup_doc_purge(x, be64_get(k.mv_data));
	}
}

/* Delete the documents dated before cutoff (days since 1970). */
static void
purge_old(struct dedup_index *x, int32_t cutoff)
{
	unsigned char key[12];
	MDB_val k;

	dedup_day_key(key, cutoff, 0);
	while (dedup_cursor_key(x, x->day, &k, MDB_FIRST) &&
	    memcmp(k.mv_data, key, 4) < 0)
		dedup_doc_purge(x, be64_get((unsigned char *)k.mv_data + 4));
}
static void
params_string(const struct dedup_index *x, const char *unit, char *s,
    size_t n)
{
	snprintf(s, n, "nw-dedup %d unit=%s shingle=%d bins=%d bands=%d "
	    "rows=%d", DEDUP_FORMAT, unit, x->params.shingle, x->params.bins,
	    x->params.bands, x->params.rows);
}

/* The format number of a params string, "nw-dedup N ..."; 0 if none. */
static int
format_of(const void *data, size_t len)
{
	const char *s = data;
	size_t i;
	int n = 0;

	if (len < 10 || memcmp(s, "nw-dedup ", 9) != 0)
		return 0;
	for (i = 9; i < len && s[i] >= '0' && s[i] <= '9' && n < 1000; i++)
		n = n * 10 + s[i] - '0';
	return n;
}

/* A temporary index: a directory removed as soon as LMDB has it open. */
static char *
temp_dir(void)
{
	char *path;

	if (asprintf(&path, "%s/nw-dedup.XXXXXX", tempfile_dir()) == -1)
		err(NW_EXIT_FAIL, NULL);
	if (mkdtemp(path) == NULL)
		err(NW_EXIT_FAIL, "%s: cannot create the temporary index",
		    tempfile_dir());
	return path;
}

/*
 * A run left pending (--pending) is dropped by the next run on the
 * directory unless that run commits it, so a caller that commits it
 * later (nw-batch(1)) holds DIR/lock from before the one run to after
 * the other, and any other run waits meanwhile.  The runs it starts
 * itself would wait for it too: it gives them its descriptor of the
 * lock file in NW_DEDUP_LOCK_FD, and a run that inherited it locks
 * through it, which its holder's lock lets at once (flock(2) locks
 * belong to the open file, which the two share).  Whether it did; a
 * descriptor of another file is ignored.
 */
static int
lock_inherited(const char *path)
{
	struct stat fs, ps;
	const char *env, *errstr;
	int fd;

	if ((env = getenv("NW_DEDUP_LOCK_FD")) == NULL)
		return 0;
	fd = (int)strtonum(env, 0, INT_MAX, &errstr);
	if (errstr != NULL || fstat(fd, &fs) == -1 || stat(path, &ps) == -1 ||
	    fs.st_dev != ps.st_dev || fs.st_ino != ps.st_ino)
		return 0;
	while (flock(fd, LOCK_EX) == -1)
		if (errno != EINTR)
			err(NW_EXIT_FAIL, "%s", path);
	return 1;
}

/*
 * Lock DIR/lock, made with DIR if missing; or, for an index read as it
 * stands (x->readonly), shared, so that dry runs do not wait for each
 * other, and making nothing: then 0 if there is no lock file.  A lock
 * inherited is taken exclusive all the same: its open file is the
 * holder's, whose lock a shared one would turn shared, letting dry runs
 * read while the holder writes.
 */
static int
lock_dir(struct dedup_index *x)
{
	char *path;
	int op = x->readonly ? LOCK_SH : LOCK_EX;

	/* A file given for the directory: said of it, not of its lock. */
	if (!x->readonly)
		nw_output_dir(x->dir);
	if (asprintf(&path, "%s/lock", x->dir) == -1)
		err(NW_EXIT_FAIL, NULL);
	if (lock_inherited(path)) {
		free(path);
		return 1;	/* the caller's descriptor, left open */
	}
	x->lockfd = x->readonly ? open(path, O_RDONLY | O_CLOEXEC) :
	    open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (x->lockfd == -1 && x->readonly && errno == ENOENT) {
		free(path);
		return 0;
	}
	if (x->lockfd == -1)
		err(NW_EXIT_FAIL, "%s", path);
	/* A run held up says so once, and why: a run hung there shows. */
	if (flock(x->lockfd, op | LOCK_NB) == -1) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			err(NW_EXIT_FAIL, "%s", path);
		if (errno == EWOULDBLOCK)
			warnx("waiting for the run holding %s", path);
		while (flock(x->lockfd, op) == -1)
			if (errno != EINTR)
				err(NW_EXIT_FAIL, "%s", path);
	}
	free(path);
	return 1;
}

/*
 * A file the index keeps beside index.mdb (band.N, docs.N, hashes.N),
 * or NULL when there is none.
 */
static char *
store_file(const char *dir)
{
	static const char *const kinds[] = { "band.", "docs.", "hashes." };
	struct dirent *de;
	DIR *d;
	char *name = NULL;
	const char *s;
	size_t i, len;

	if ((d = opendir(dir)) == NULL)
		err(NW_EXIT_FAIL, "%s", dir);
	while (name == NULL && (de = readdir(d)) != NULL)
		for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
			len = strlen(kinds[i]);
			if (strncmp(de->d_name, kinds[i], len) != 0)
				continue;
			for (s = de->d_name + len; *s >= '0' && *s <= '9'; s++)
				;
			if (s > de->d_name + len && *s == '\0') {
				name = xstrdup(de->d_name);
				break;
			}
		}
	closedir(d);
	return name;
}

/*
 * Whether dir holds an index, whole or not (check_missing() tells which),
 * or may: a path that is not a directory is left to the open to name.
 */
static int
index_present(const char *dir)
{
	struct stat st;
	char *path, *name;
	int present;

	if (stat(dir, &st) == -1)
		return errno != ENOENT;
	if (!S_ISDIR(st.st_mode))
		return 1;
	if (asprintf(&path, "%s/index.mdb", dir) == -1)
		err(NW_EXIT_FAIL, NULL);
	present = stat(path, &st) == 0 || errno != ENOENT;
	free(path);
	if (!present && (name = store_file(dir)) != NULL) {
		free(name);
		present = 1;
	}
	return present;
}

/*
 * A lasting index whose index.mdb is gone or empty while the files
 * beside it are there is damaged: starting anew would forget every
 * document they hold and count each again.  One that is no regular
 * file (a device, a FIFO, a directory) is said to be that, not what
 * LMDB makes of it ("No such device" for /dev/null).  Whether the
 * index is new.
 */
static int
check_missing(const char *dir, const char *path)
{
	struct stat st;
	const char *what;
	char *name;

	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			errx(NW_EXIT_FAIL, "%s: not a regular file", path);
		if (st.st_size > 0)
			return 0;
		what = "empty";
	} else if (errno == ENOENT)
		what = "missing";
	else
		err(NW_EXIT_FAIL, "%s", path);
	if ((name = store_file(dir)) != NULL)
		errx(NW_EXIT_FAIL, "%s: %s, but %s/%s is there: the index is "
		    "damaged; index again, in another directory", path, what,
		    dir, name);
	return 1;
}

/*
 * LMDB maps index.mdb and would fault reading a page past the end of a
 * file cut short; the pages its last commit names must all be there.
 */
static void
check_length(struct dedup_index *x, const char *path)
{
	MDB_envinfo info;
	MDB_stat ms;
	struct stat st;
	uint64_t want;
	int fd;

	if (mdb_env_get_fd(x->env, &fd) != 0 || fstat(fd, &st) == -1)
		err(NW_EXIT_FAIL, "%s", path);
	mdb_env_info(x->env, &info);
	mdb_env_stat(x->env, &ms);
	want = ((uint64_t)info.me_last_pgno + 1) * ms.ms_psize;
	if ((uint64_t)st.st_size < want)
		errx(NW_EXIT_FAIL, "%s: damaged: %llu bytes, the index says "
		    "%llu", path, (unsigned long long)st.st_size,
		    (unsigned long long)want);
}

/*
 * A pending run (--pending, dedup_index_hold()) ends with a commit that
 * writes its documents, keys, hashes and slots but not what takes the
 * run: "next", "runs", "hashes" and "docs" go to the table pending
 * instead of meta, with "run": the number of its first document, 1 if
 * it replaces the earlier runs under its name, and the name.  To the
 * index its documents are then a killed run's, numbered "next" and
 * above, and the files it wrote are named by nothing committed.
 *
 * The open that commits it (--run NAME --commit) moves those entries to
 * meta, then opens the runs and files as they name them (keeping the
 * run files the committed registry names, which its merges may have
 * dropped: the next open removes them), forgets what the run replaces
 * and names its range, all in its first transaction.  Any other open
 * drops the table, and purge_unfinished() the run's documents.  Whether
 * the pending run under commit was taken; its first document and
 * whether it replaces in *first and *replace.
 */
static int
pending_take(struct dedup_index *x, const char *commit, uint64_t *first,
    int *replace)
{
	static const char *const keys[] = { "next", "runs", "hashes", "docs" };
	const unsigned char *run;
	MDB_val v;
	size_t i, len;
	int rc, taken;

	if (!dedup_db_get(x, x->pending, "run", 3, &v))
		return 0;
	run = v.mv_data;
	len = commit != NULL ? strlen(commit) : 0;
	taken = commit != NULL && v.mv_size == 9 + len &&
	    memcmp(run + 9, commit, len) == 0;
	if (taken) {
		*first = be64_get(run);
		*replace = run[8];
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			if (!dedup_db_get(x, x->pending, keys[i],
			    strlen(keys[i]), &v))
				continue;
			/* LMDB's copy is valid until the next write. */
			buf_clear(&x->rec);
			buf_add(&x->rec, v.mv_data, v.mv_size);
			dedup_db_put(x, x->meta, keys[i], strlen(keys[i]),
			    x->rec.data, x->rec.len, 0);
		}
	}
	if ((rc = mdb_drop(x->txn, x->pending, 0)) != 0)
		dedup_index_fail(x, rc, "cannot delete");
	return taken;
}

/*
 * A new index of parameters p with a write cache of cache bytes (none
 * for one read as it stands); NULL, errno set, if the cache cannot be
 * allocated.
 */
static struct dedup_index *
index_new(const struct dedup_params *p, uint64_t cache, int readonly)
{
	struct dedup_index *x;
	int rc;

	x = xcalloc(1, sizeof(*x));
	x->params = *p;
	x->cache = cache;
	x->readonly = readonly;
	x->cutoff = INT32_MIN;
	/* Band keys are most of the cache's keys (32 of a document's 33). */
	if (!readonly && key_table_reserve(&x->ckeys,
	    cache / DEDUP_ENTRY_COST) == -1) {
		rc = errno;
		key_table_free(&x->ckeys);
		free(x);
		errno = rc;
		return NULL;
	}
	x->maxwrites = cache / 2 / 4096;
	x->lockfd = -1;
	return x;
}

/*
 * Open LMDB's environment: dir/index.mdb, or a temporary file when dir
 * is NULL.  Whether the index is new: one read as it stands is then
 * not opened at all.
 */
static int
env_open(struct dedup_index *x, const char *dir)
{
	struct rlimit rl;
	char *tmp = NULL, *path;
	int rc, fresh = 0;
	int flags = MDB_NOLOCK | MDB_NOSUBDIR | MDB_NORDAHEAD;

	if ((rc = mdb_env_create(&x->env)) != 0 ||
	    (rc = mdb_env_set_maxdbs(x->env, 8)) != 0 ||
	    (rc = mdb_env_set_mapsize(x->env, DEDUP_MAP_MIN)) != 0)
		dedup_index_fail(x, rc, "cannot open the index");
	if (dir != NULL) {
		(void)mdb_env_set_userctx(x->env, x);
		(void)mdb_env_set_assert(x->env, index_assert);
		if (asprintf(&path, "%s/index.mdb", dir) == -1)
			err(NW_EXIT_FAIL, NULL);
		fresh = check_missing(dir, path);
		if (fresh && x->readonly) {
			free(path);
			return 1;
		}
		if (x->readonly)
			flags |= MDB_RDONLY;
	} else {
		tmp = temp_dir();
		if (asprintf(&path, "%s/index.mdb", tmp) == -1) {
			(void)rmdir(tmp);
			err(NW_EXIT_FAIL, NULL);
		}
		flags |= MDB_NOSYNC;	/* nothing to keep */
	}
	rc = mdb_env_open(x->env, path, flags, 0666);
	if (tmp != NULL) {
		/*
		 * Gone at once, whether LMDB has it open or not: its map
		 * and descriptor keep it, and nothing is left in TMPDIR
		 * whatever ends the process.
		 */
		(void)unlink(path);
		(void)rmdir(tmp);
		free(tmp);
		if (rc != 0)
			errx(NW_EXIT_FAIL, "%s: cannot create the temporary "
			    "index: %s", tempfile_dir(),
			    mdb_strerror(dedup_index_error(x, rc)));
	}
	if (rc != 0) {
		rc = dedup_index_error(x, rc);
		/*
		 * A new index whose first pages could not all be written
		 * (a full disk) is none; left, it would be refused as "not
		 * an LMDB file" by every later run.
		 */
		if (fresh)
			(void)unlink(path);
		/*
		 * LMDB maps as much as the last commit's header says the
		 * file holds: with no limit on address space, a map that
		 * cannot be made is a header that says nonsense.
		 */
		if (rc == ENOMEM && !fresh && getrlimit(RLIMIT_AS, &rl) == 0 &&
		    rl.rlim_cur == RLIM_INFINITY)
			errx(NW_EXIT_FAIL, "%s: damaged: its header asks for "
			    "a map larger than memory can hold; index again, "
			    "in another directory", path);
		if (rc == MDB_INVALID)
			errx(NW_EXIT_FAIL, "%s: not an LMDB file, so no index "
			    "of nw-dedup (damaged, or another program's); use "
			    "another directory", path);
		errx(NW_EXIT_FAIL, "%s: %s", path, mdb_strerror(rc));
	}
	check_length(x, path);
	free(path);
	return fresh;
}

/*
 * An index.mdb that some other program made (a --state path mistyped,
 * or pointing at another tool's LMDB directory) is refused as what it
 * is, before anything is written into it: else its data would gain
 * nw-dedup's tables, or be refused for what LMDB makes of it ("Operation
 * and DB incompatible", "No matching key/data pair found", "an index of
 * format 0").
 */
static void
foreign(const struct dedup_index *x)
{
	errx(NW_EXIT_FAIL, "%s/index.mdb: not an index of nw-dedup but "
	    "another program's LMDB database; use another directory", x->dir);
}

/*
 * The main table of an index names its tables and nothing else (none
 * at all before its first commit): a key of any other name is another
 * program's.
 */
static void
check_foreign(struct dedup_index *x)
{
	static const char *const tables[] = {
		"day", "doc", "meta", "names", "pending", NULL
	};
	const char *const *t;
	MDB_cursor *c;
	MDB_dbi db;
	MDB_val k, v;
	int rc;

	if ((rc = mdb_dbi_open(x->txn, NULL, 0, &db)) != 0 ||
	    (rc = mdb_cursor_open(x->txn, db, &c)) != 0)
		dedup_index_fail(x, rc, "cannot open the tables");
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		for (t = tables; *t != NULL; t++)
			if (k.mv_size == strlen(*t) &&
			    memcmp(k.mv_data, *t, k.mv_size) == 0)
				break;
		if (*t == NULL)
			foreign(x);
	}
	mdb_cursor_close(c);
	if (rc != MDB_NOTFOUND)
		dedup_index_fail(x, rc, "cannot open the tables");
}

/*
 * Open the table called name, made if missing; in an index read as it
 * stands, whether it is there (the oldest indexes of format 5 have no
 * names, and one whose first commit never came has none at all).  A
 * name that holds data rather than a table is another program's.
 */
static int
table_open(struct dedup_index *x, const char *name, MDB_dbi *db)
{
	int rc;

	rc = mdb_dbi_open(x->txn, name, x->readonly ? 0 : MDB_CREATE, db);
	if (rc == MDB_NOTFOUND && x->readonly)
		return 0;
	if (rc == MDB_INCOMPATIBLE && x->dir != NULL)
		foreign(x);
	if (rc != 0)
		dedup_index_fail(x, rc, "cannot open the tables");
	return 1;
}

/*
 * How much of a params string an index's must match: all of it, but for
 * -u para, which finds exact copies only and has no use for the bands
 * and rows of -j: its index keeps those it was made with, and a run
 * with another -j is no other run.
 */
static size_t
params_compared(const char *params)
{
	const char *b;

	if (strstr(params, " unit=para ") != NULL &&
	    (b = strstr(params, " bands=")) != NULL)
		return (size_t)(b - params) + 1;
	return strlen(params);
}

/*
 * Refuse an index made with other parameters (v, its params string) in
 * the options that give them: the -u, and the -j values whose bands
 * and rows those are, found on the grid of hundredths (-j is not kept,
 * and the rows a -j takes grow with it, so those values are a range).
 * The string itself when it is none this build would write.
 */
static void __attribute__((__noreturn__))
params_refuse(const struct dedup_index *x, const MDB_val *v)
{
	struct dedup_params p;
	char s[160], unit[16] = "";
	int format, shingle, bins, bands = 0, rows = 0, k, lo = 0, hi = 0;
	int known = 0;

	if (v->mv_size < sizeof(s)) {
		memcpy(s, v->mv_data, v->mv_size);
		s[v->mv_size] = '\0';
		known = sscanf(s, "nw-dedup %d unit=%15s shingle=%d bins=%d "
		    "bands=%d rows=%d", &format, unit, &shingle, &bins, &bands,
		    &rows) == 6 && shingle == DEDUP_SHINGLE &&
		    bins == DEDUP_BINS;
	}
	/* -u para has no use for -j (params_compared()). */
	if (known && strcmp(unit, "para") == 0)
		errx(NW_EXIT_USAGE, "%s: made with -u para; use it, or "
		    "another directory", x->dir);
	for (k = 10; known && strcmp(unit, "doc") == 0 && k <= 100; k++) {
		dedup_params_init(&p, k / 100.0);
		if (p.bands == bands && p.rows == rows) {
			lo = lo == 0 ? k : lo;
			hi = k;
		}
	}
	if (lo != 0 && lo == hi)
		errx(NW_EXIT_USAGE, "%s: made with -u doc -j %.2f; use them, "
		    "or another directory", x->dir, lo / 100.0);
	if (lo != 0)
		errx(NW_EXIT_USAGE, "%s: made with -u doc and a -j of %.2f to "
		    "%.2f; use them, or another directory", x->dir,
		    lo / 100.0, hi / 100.0);
	errx(NW_EXIT_USAGE, "%s: made with other parameters (%.*s); "
	    "use the same -j and -u, or another directory", x->dir,
	    (int)v->mv_size, (const char *)v->mv_data);
}

/*
 * Refuse an index of another format, or, but for a commit (which takes
 * the index's), made with other parameters than params; whether it has
 * any (a new index has none).
 */
static int
params_check(struct dedup_index *x, const char *params, const char *commit)
{
	MDB_val v;
	size_t n = params_compared(params);
	int format;

	if (!dedup_db_get(x, x->meta, "params", 6, &v))
		return 0;
	format = format_of(v.mv_data, v.mv_size);
	if (format == 0)
		foreign(x);
	if (format != DEDUP_FORMAT)
		errx(NW_EXIT_FAIL, "%s: an index of format %d; this nw-dedup "
		    "reads format %d: index again, in another directory",
		    x->dir, format, DEDUP_FORMAT);
	if (commit == NULL && (v.mv_size < n ||
	    memcmp(v.mv_data, params, n) != 0 ||
	    (n == strlen(params) && v.mv_size != n)))
		params_refuse(x, &v);
	return 1;
}

/* "next", as the index's last commit wrote it (0 in a new index). */
static void
next_get(struct dedup_index *x)
{
	MDB_val v;

	if (dedup_db_get(x, x->meta, "next", 4, &v) && v.mv_size == 8)
		x->next = be64_get(v.mv_data);
}

struct dedup_index *
dedup_index_open(const char *dir, const struct dedup_params *p,
    const char *unit, uint64_t cache, int maxage, int32_t today,
    const char *commit)
{
	struct dedup_index *x;
	char params[160];
	MDB_stat st;
	uint64_t heldfirst = 0;
	int rc, taken, heldreplace = 0;

	if ((x = index_new(p, cache, 0)) == NULL)
		return NULL;
	if (dir != NULL) {
		/*
		 * A commit where no index is (a name mistyped) would make
		 * one and say nothing, leaving the pending run where it is.
		 */
		if (commit != NULL && !index_present(dir))
			errx(NW_EXIT_FAIL, "%s: no index, so no run %s to "
			    "commit", dir, commit);
		x->dir = xstrdup(dir);
		lock_dir(x);
		fault_catch(dir, 1);
	}
	(void)env_open(x, dir);

	dedup_txn_begin(x, 0);
	if (dir != NULL)
		check_foreign(x);
	(void)table_open(x, "meta", &x->meta);
	(void)table_open(x, "doc", &x->doc);
	(void)table_open(x, "day", &x->day);
	x->named = table_open(x, "names", &x->names);
	(void)table_open(x, "pending", &x->pending);
	params_string(x, unit, params, sizeof(params));
	if (!params_check(x, params, commit) && commit == NULL)
		dedup_db_put(x, x->meta, "params", 6, params, strlen(params), 0);
	if (commit != NULL)
		x->maxwrites = UINT64_MAX;	/* one transaction */
	taken = pending_take(x, commit, &heldfirst, &heldreplace);
	next_get(x);
	dedup_store_open(x, taken);
	purge_unfinished(x);
	if ((rc = mdb_stat(x->txn, x->doc, &st)) != 0)
		dedup_index_fail(x, rc, "cannot read");
	dedup_store_docs_open(x, st.ms_entries);
	if (maxage >= 0)
		purge_old(x, today - maxage);
	if ((rc = mdb_stat(x->txn, x->doc, &st)) != 0)
		dedup_index_fail(x, rc, "cannot read");
	x->stored = st.ms_entries;
	if (taken) {
		/* The rest of the pending run's last commit. */
		dedup_index_name(x, commit, heldreplace);
		x->runfirst = heldfirst;
		dedup_index_forget(x);
		dedup_index_name_put(x);
		x->replace = 0;		/* nothing left to forget at close */
	}
	dedup_store_hashes_put(x, x->meta);
	dedup_store_docs_put(x, x->meta, x->stored);
	/* Committed even when unchanged: it opened the tables. */
	dedup_txn_commit(x);
	x->maxwrites = cache / 2 / 4096;
	dedup_txn_begin(x, 0);
	dedup_store_compact(x);
	x->cachefirst = x->next;
	x->runfirst = x->next;
	x->paradoc = x->next;
	return x;
}

/*
 * The documents numbered below next: those the index holds.  Any above
 * are a killed or pending run's, which a run would purge or drop.
 */
static uint64_t
docs_below_next(struct dedup_index *x)
{
	unsigned char num[8];
	MDB_cursor *c;
	MDB_stat st;
	MDB_val k, v;
	uint64_t n;
	int rc;

	if ((rc = mdb_stat(x->txn, x->doc, &st)) != 0 ||
	    (rc = mdb_cursor_open(x->txn, x->doc, &c)) != 0)
		dedup_index_fail(x, rc, "cannot read");
	n = st.ms_entries;
	be64_put(num, x->next);
	k.mv_size = 8;
	k.mv_data = num;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); rc == 0 && n > 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT))
		n--;
	mdb_cursor_close(c);
	if (rc != 0 && rc != MDB_NOTFOUND)
		dedup_index_fail(x, rc, "cannot read");
	return n;
}

/*
 * A dry run where dir is missing fails where the run would, making it
 * (nw_output_dir()): with no directory above it to make it in.
 */
static void
dir_makeable(const char *dir)
{
	struct stat st;
	char *copy = xstrdup(dir);
	int rc;

	if ((rc = stat(dirname(copy), &st)) == 0 && !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		rc = -1;
	}
	if (rc == -1)
		err(NW_EXIT_FAIL, "%s", dir);
	free(copy);
}

/*
 * The index of dir read as it stands, for a dry run: locked shared, the
 * environment and every file opened read-only, nothing purged, dropped,
 * made or committed.  What a run would remove first is hidden instead:
 * a killed or pending run's documents are numbered next or above, which
 * no key the index names leads to, and those --max-age would age out
 * are dated before x->cutoff (see lib/dedupfind.c).  NULL if dir holds
 * no index.
 */
static struct dedup_index *
index_read(const char *dir, const struct dedup_params *p, const char *unit,
    int maxage, int32_t today)
{
	struct dedup_index *x;
	struct stat st;
	char params[160];

	if (stat(dir, &st) == -1) {
		if (errno != ENOENT)
			err(NW_EXIT_FAIL, "%s", dir);
		dir_makeable(dir);
		return NULL;
	}
	if (!S_ISDIR(st.st_mode))
		errx(NW_EXIT_FAIL, "%s: %s", dir, strerror(ENOTDIR));
	if (!index_present(dir))
		return NULL;
	x = index_new(p, 0, 1);
	x->dir = xstrdup(dir);
	/*
	 * Every run makes the lock file before the index: without it, a
	 * run starting now would not wait for this one to end reading.
	 */
	if (!lock_dir(x))
		errx(NW_EXIT_FAIL, "%s/lock: missing, and a dry run makes no "
		    "file: create it, empty, to read the index", dir);
	fault_catch(dir, 1);
	if (env_open(x, dir)) {
		dedup_index_close(x);
		return NULL;
	}
	dedup_txn_begin(x, 0);
	check_foreign(x);
	if (!table_open(x, "meta", &x->meta)) {
		dedup_index_close(x);
		return NULL;
	}
	params_string(x, unit, params, sizeof(params));
	(void)params_check(x, params, NULL);
	if (!table_open(x, "doc", &x->doc) || !table_open(x, "day", &x->day))
		dedup_index_fail(x, MDB_NOTFOUND, "cannot open the tables");
	x->named = table_open(x, "names", &x->names);
	next_get(x);
	dedup_store_open(x, 1);
	x->stored = docs_below_next(x);
	dedup_store_docs_open(x, x->stored);
	if (maxage >= 0)
		x->cutoff = today - maxage;
	x->cachefirst = x->next;
	x->runfirst = x->next;
	x->paradoc = x->next;
	return x;
}

/*
 * A dry run's index (nw-dedup --dry-run): the index of dir read as it
 * stands, and the documents the run adds in a temporary index, its
 * scratch, numbered on from the index's as a run would number them.
 * A lookup asks the index, then the scratch; a document is added to
 * the scratch; nothing of dir is written.  Its lookups find what the
 * run's would (a run's decisions do not depend on where its documents
 * are), so its output is the run's.  With no index in dir (or no dir)
 * the scratch is all there is.  Without dir, a temporary index as
 * dedup_index_open() makes it: nothing is kept anyway.
 */
struct dedup_index *
dedup_index_open_dry(const char *dir, const struct dedup_params *p,
    const char *unit, uint64_t cache, int maxage, int32_t today)
{
	struct dedup_index *x, *s;

	if ((s = dedup_index_open(NULL, p, unit, cache, -1, today,
	    NULL)) == NULL || dir == NULL)
		return s;
	s->dry = 1;
	if ((x = index_read(dir, p, unit, maxage, today)) == NULL)
		return s;
	x->dry = 1;
	x->scratch = s;
	s->next = s->cachefirst = s->runfirst = s->paradoc = x->next;
	return x;
}

/*
 * A lasting index takes the run in its last commit, "next" with it; a
 * temporary one, and one read as it stands, is simply dropped.
 */
void
dedup_index_close(struct dedup_index *x)
{
	if (x->scratch != NULL)
		dedup_index_close(x->scratch);
	mdb_txn_abort(x->txn);
	x->txn = NULL;
	if (x->dir != NULL && !x->readonly)
		dedup_store_commit(x);
	if (x->txn != NULL)
		mdb_txn_abort(x->txn);
	mdb_env_close(x->env);
	if (x->dir != NULL)
		fault_catch(x->dir, 0);
	if (x->lockfd != -1)
		close(x->lockfd);	/* releases the lock */
	dedup_store_close(x);
	key_table_free(&x->ckeys);
	free(x->cachedocs);
	buf_free(&x->cachebuf);
	buf_free(&x->rec);
	buf_free(&x->firstid);
	free(x->name);
	free(x->own);
	free(x->seen);
	free(x->later);
	free(x->cands);
	free(x->query);
	free(x->other);
	free(x->paras);
	free(x->dir);
	free(x);
}

