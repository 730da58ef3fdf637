/*
 * newswire: the spikes nw-trend -a alerts, each once.
 *
 * A spike is named by its start and key ("START<TAB>KEY", the start as
 * the period's label).  Those alerted before are the lines of a state
 * file, read when the alerts are made (so that a bad state is said
 * before any input is read) and again, under a lock, when a run would
 * add to it; the state is then written whole and renamed into place.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nw-private.h"

struct trend_alerts {
	const char	*path;		/* the state; NULL for none */
	int		 period;	/* TREND_HOUR, _DAY or _WEEK */
	struct strtab	*alerted;	/* "START\tKEY" of known spikes */
	size_t		 nknown;	/* of them, read from the state */
	struct strtab	*known;		/* spikes alerted under a later start */
	struct buf	 id;
	int		 write;		/* hand the alerts on, or only find */
	trend_row_fn	 fn;
	void		*arg;
};

/*
 * Why line[0..len) is no "START<TAB>KEY" line of a state, or NULL: so
 * that a file of another kind given as the state (the scores, a table)
 * is said to be one, not taken for spikes alerted and replaced.
 */
static const char *
state_line_bad(const char *line, size_t len)
{
	const char *tab, *end = line + len;
	int64_t seconds;
	int hastime;

	if ((tab = memchr(line, '\t', len)) == NULL)
		return "no TAB";
	if (trend_date_parse(line, (size_t)(tab - line), &seconds,
	    &hastime) == -1)
		return "START is not a date";
	if (tab + 1 == end)
		return "no KEY";
	if (memchr(tab + 1, '\t', (size_t)(end - tab - 1)) != NULL)
		return "more than two fields";
	return NULL;
}

/* The spikes alerted before: the lines of the state file. */
static void
state_load(struct trend_alerts *a)
{
	struct input *in;
	struct stat sb;
	const char *why;
	uint64_t lineno;
	size_t len;
	char *line;

	strtab_free(a->alerted);	/* read again, under the lock */
	a->alerted = strtab_new(64);
	a->nknown = 0;
	if (a->path == NULL)
		return;
	if (stat(a->path, &sb) == 0) {
		/* It is replaced later: a FIFO or a device would be lost. */
		if (!S_ISREG(sb.st_mode))
			errx(NW_EXIT_FAIL, "%s: not a regular file", a->path);
	} else if (errno == ENOENT)
		return;		/* the first run */
	if ((in = input_open(a->path, INPUT_STRICT)) == NULL)
		nw_exit(NW_EXIT_FAIL);
	while ((line = input_line(in, &len)) != NULL) {
		/*
		 * A run writes the state whole and renames it into place: a
		 * last line cut short is damage, and its key may be another
		 * key's start ("border-" of "border-security").
		 */
		if ((why = state_line_bad(line, len)) != NULL ||
		    (input_line_unended(in) &&
		    (why = "cut short (no line feed at its end)") != NULL)) {
			lineno = input_lineno(in);
			input_close(in);	/* nothing left reachable */
			errx(NW_EXIT_FAIL, "%s: line %llu: not a state line "
			    "(START<TAB>KEY): %s", a->path,
			    (unsigned long long)lineno, why);
		}
		strtab_intern(a->alerted, line, len, NULL);
	}
	if (input_close(in) == -1)
		nw_exit(NW_EXIT_FAIL);
	a->nknown = strtab_count(a->alerted);
}

/*
 * Two runs on one state at once (cron jobs that overlap, fed the same
 * new day) would both read it, both find a spike new and both alert it.
 * A run that would change the state takes an exclusive flock(2) on
 * STATE.lock, beside the file the state is (links followed), reads the
 * state again and finds the spikes anew (another run may have alerted
 * them meanwhile), then hands on its alerts, writes the state, and lets
 * go.  The lock is taken after all input is read, so that a run waiting
 * for it holds up no pipe another run reads from (two runs fed by one
 * tee(1)), and it is a file of its own, which nothing else locks: not
 * the directory, which a cron guard may hold.  A lock file that does
 * not exist and cannot be made (its directory is missing or takes no
 * new file) is passed over: the state cannot be saved there either, and
 * its save says why.  Any other failure is reported, and the run goes
 * on without the lock.  The descriptor, or -1.
 */
static int
state_lock(const char *statepath, int *rval)
{
	struct stat sb;
	char *target, *path;
	int fd, locked;

	if ((target = atomic_target(statepath)) == NULL) {
		*rval = 1;
		return -1;
	}
	if (asprintf(&path, "%s.lock", target) == -1)
		err(NW_EXIT_FAIL, NULL);
	free(target);
	/* Non-blocking: a FIFO there must not stop the open. */
	fd = open(path, O_RDWR | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0666);
	/* One of another user's, or on a read-only file system: read-only. */
	if (fd == -1 && errno != ENOENT && errno != ENOTDIR)
		fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1) {
		if (errno == ENOENT || errno == ENOTDIR) {
			free(path);
			return -1;
		}
		warn("%s", path);
	} else if (fstat(fd, &sb) == -1)
		warn("%s", path);
	else if (!S_ISREG(sb.st_mode))
		warnx("%s: not a regular file", path);
	else {
		while ((locked = flock(fd, LOCK_EX)) == -1 && errno == EINTR)
			;
		if (locked == 0) {
			free(path);
			return fd;
		}
		warn("%s", path);
	}
	if (fd != -1)
		(void)close(fd);
	free(path);
	*rval = 1;
	return -1;
}

/*
 * Write the state anew beside the old one and rename it into place, so
 * that a crash leaves the old state or the new, never half of one.
 * Alerts were handed on before: a crash in between repeats an alert
 * rather than losing it.  -1 when it cannot be written (said).
 */
static int
state_save(struct trend_alerts *a)
{
	struct atomic_file af;
	const char *key;
	size_t i, len;

	if (a->path == NULL || strtab_count(a->alerted) == a->nknown)
		return 0;
	out_flush();
	if (atomic_open(&af, a->path) == -1)
		return -1;
	for (i = 0; i < strtab_count(a->alerted); i++) {
		key = strtab_key(a->alerted, (uint32_t)i, &len);
		fwrite(key, 1, len, af.fp);
		putc('\n', af.fp);
	}
	return atomic_commit(&af);
}

/* a->id = "LABEL<TAB>KEY", a spike's name in the state. */
static void
spike_id(struct trend_alerts *a, int64_t period, const char *key,
    size_t keylen)
{
	char label[TREND_PERIOD_LEN];

	trend_period_format(a->period, period, label);
	buf_clear(&a->id);
	buf_adds(&a->id, label);
	buf_addc(&a->id, '\t');
	buf_add(&a->id, key, keylen);
}

/*
 * A spike that runs through a period alerted as a spike's start is that
 * spike, alerted already: a dump of an earlier period, come late, made
 * it start earlier.  Its new start is marked, before any alert is
 * handed on, so that alert() passes it over.
 */
static void
mark_known(void *arg, const char *key, size_t keylen, int64_t period,
    const struct trend_point *pt)
{
	struct trend_alerts *a = arg;

	if (!pt->spike || pt->run_start == period)
		return;
	spike_id(a, period, key, keylen);
	if (strtab_lookup(a->alerted, a->id.data, a->id.len) == STRTAB_NONE)
		return;
	spike_id(a, pt->run_start, key, keylen);
	strtab_intern(a->known, a->id.data, a->id.len, NULL);
}

static void
alert(void *arg, const char *key, size_t keylen, int64_t period,
    const struct trend_point *pt)
{
	struct trend_alerts *a = arg;
	int isnew;

	if (!pt->spike)
		return;
	spike_id(a, pt->run_start, key, keylen);
	strtab_intern(a->alerted, a->id.data, a->id.len, &isnew);
	if (!isnew ||
	    strtab_lookup(a->known, a->id.data, a->id.len) != STRTAB_NONE)
		return;
	if (a->write)
		a->fn(a->arg, key, keylen, period, pt);
}

/*
 * The new spikes of periods first on, against the state read, added to
 * alerted (and new starts of spikes alerted before).
 */
static void
find(struct trend_alerts *a, struct trend *trend, size_t first)
{
	a->known = strtab_new(16);
	trend_rows(trend, 0, mark_known, a);
	trend_rows(trend, first, alert, a);
	strtab_free(a->known);
	a->known = NULL;
}

struct trend_alerts *
trend_alerts_new(const char *statepath, int period)
{
	struct trend_alerts *a;

	a = xcalloc(1, sizeof(*a));
	a->path = statepath;
	a->period = period;
	state_load(a);
	return a;
}

int
trend_alerts_find(struct trend_alerts *a, struct trend *trend, size_t first,
    trend_row_fn fn, void *arg)
{
	int lockfd, rval = 0;

	a->fn = fn;
	a->arg = arg;
	/*
	 * The state was read before the input, without a lock: when it
	 * would change, it is read again under the lock and the spikes are
	 * found anew.
	 */
	a->write = a->path == NULL;
	find(a, trend, first);
	if (a->path == NULL || strtab_count(a->alerted) == a->nknown)
		return 0;
	lockfd = state_lock(a->path, &rval);
	state_load(a);
	a->write = 1;
	find(a, trend, first);
	if (state_save(a) == -1)
		rval = 1;
	if (lockfd != -1)
		(void)close(lockfd);
	return rval;
}

void
trend_alerts_free(struct trend_alerts *a)
{
	if (a == NULL)
		return;
	strtab_free(a->alerted);
	buf_free(&a->id);
	free(a);
}
