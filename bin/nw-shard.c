/* SPDX-License-Identifier: ISC */
/* nw-shard: cut a record stream into shards of whole documents. */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "nw.h"

/*
 * A document is never cut between shards: the records of one id go to
 * the shard its key hashes to (see lib/shard.c), so per-document tools
 * run over the shards and merged give what they give over the stream.
 * Memory is one record: records are routed one at a time, by a key
 * that depends only on the record's own id.
 */

enum { OPT_KEY = 256, OPT_STRICT, OPT_VERSION };

static const struct option longopts[] = {
	{ "help",	no_argument,		NULL,	'h' },
	{ "index",	required_argument,	NULL,	'i' },
	{ "key",	required_argument,	NULL,	OPT_KEY },
	{ "output",	required_argument,	NULL,	'o' },
	{ "shards",	required_argument,	NULL,	'n' },
	{ "strict",	no_argument,		NULL,	OPT_STRICT },
	{ "version",	no_argument,		NULL,	OPT_VERSION },
	{ NULL,		0,			NULL,	0 }
};

#define SHARDS_MAX	4096

struct shards {
	uint64_t	 n;		/* how many shards */
	int64_t		 only;		/* -i: the one written to stdout, or -1 */
	int		 by_source;	/* --key source */
	FILE		**files;	/* -o: one per shard */
	char		**paths;
	int		 inflags;
	struct buf	 line;		/* the record being written */
	struct buf	 host;		/* a source's host, lower-cased */
};

/*
 * An id that names no source is its own source, not the name of the
 * input it came in: a shard keeps the id and loses that name, so the
 * shard of a shard file would be another shard, and a map over it would
 * lose every such document.  A bare record's id is its input's name, so
 * the bare records of one input still go together.
 */
static uint64_t
shard_of(struct shards *s, const struct record *r)
{
	const char *src;
	size_t len;

	if (!s->by_source ||
	    !id_source(r->id, r->idlen, NULL, &s->host, &src, &len))
		return shard_hash(r->id, r->idlen) % s->n;
	return shard_hash(src, len) % s->n;
}

/*
 * Write r whole to its shard, a bare record with its id: in a shard the
 * name of the input no longer names the document it belongs to.
 * A shard file that fails is named once and dropped (files[k] is NULL,
 * which shards_close() counts as a failure), and reading goes on: the
 * other shards, which a stop here would leave cut short with nothing
 * naming them, are written in full.
 */
static void
shard_write(struct shards *s, uint64_t k, const struct record *r)
{
	buf_clear(&s->line);
	record_add(&s->line, r);
	if (s->files == NULL)
		out_write(s->line.data, s->line.len);
	else if (s->files[k] != NULL &&
	    fwrite(s->line.data, 1, s->line.len, s->files[k]) !=
	    s->line.len) {
		warn("%s", s->paths[k]);
		(void)fclose(s->files[k]);
		s->files[k] = NULL;
	}
}

static int
shard_input(struct shards *s, const char *path)
{
	struct input *in;
	struct record r;
	uint64_t k;
	int rc;

	if ((in = input_open(path, s->inflags)) == NULL)
		return 1;
	while ((rc = record_next(in, &r)) == 1) {
		k = shard_of(s, &r);
		if (s->files != NULL || (int64_t)k == s->only)
			shard_write(s, k, &r);
	}
	return input_close(in) == -1 || rc == -1;
}

/*
 * Every shard file is open at once: the soft limit on open files is
 * raised to what n of them need, as far as the hard limit allows, so
 * that -n 4096 works under the usual soft limit of 1024.
 */
static void
files_limit(uint64_t n)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)n + 64;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 ||
	    rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want ?
	    rl.rlim_max : want;
	(void)setrlimit(RLIMIT_NOFILE, &rl);
}

/* A shard file opened: its file, by device and inode, and its shard. */
struct opened {
	dev_t		 dev;
	ino_t		 ino;
	uint64_t	 k;
};

static int
opened_cmp(const void *a, const void *b)
{
	const struct opened *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

/*
 * Two shard names that are one regular file (a symbolic link from one
 * to the other, made by hand or left by a script) would each write over
 * the other's lines: refused, once all are open, when new names may
 * have been made one by a link to a name that did not exist.  A device
 * or FIFO named twice is let be: /dev/null for shards not wanted.
 */
static void
shards_distinct(const struct shards *s)
{
	struct opened *o;
	struct stat sb;
	size_t i, n = 0;
	uint64_t a, b;

	o = xreallocarray(NULL, s->n, sizeof(*o));
	for (i = 0; i < s->n; i++) {
		if (fstat(fileno(s->files[i]), &sb) == -1)
			err(NW_EXIT_FAIL, "%s", s->paths[i]);
		if (!S_ISREG(sb.st_mode))
			continue;
		o[n].dev = sb.st_dev;
		o[n].ino = sb.st_ino;
		o[n++].k = i;
	}
	qsort(o, n, sizeof(*o), opened_cmp);
	for (i = 1; i < n; i++)
		if (o[i].dev == o[i - 1].dev && o[i].ino == o[i - 1].ino) {
			a = o[i].k;
			b = o[i - 1].k;
			free(o);
			errx(NW_EXIT_FAIL, "%s: is also the output %s",
			    s->paths[a], s->paths[b]);
		}
	free(o);
}

/*
 * A shard file whose reader went away (a FIFO) or that grew past the
 * limit on file size is one shard that failed, as a full one is: the
 * signals that would end the whole run there, cutting every other shard
 * short with nothing naming them, are ignored, and the write fails with
 * EPIPE or EFBIG instead.  Nothing goes to standard output with -o.
 */
static void
shards_open(struct shards *s, const char *prefix, char **inputs,
    int ninputs)
{
	const char *name;
	uint64_t k;
	size_t which;

	(void)signal(SIGPIPE, SIG_IGN);
	(void)signal(SIGXFSZ, SIG_IGN);
	files_limit(s->n);
	s->files = xcalloc(s->n, sizeof(*s->files));
	s->paths = xcalloc(s->n, sizeof(*s->paths));
	for (k = 0; k < s->n; k++)
		if (asprintf(&s->paths[k], "%s%llu", prefix,
		    (unsigned long long)k) == -1)
			err(NW_EXIT_FAIL, NULL);
	/*
	 * Opening the shard files empties them, so an input that is one of
	 * them would be lost before it is read: refuse before any is opened.
	 */
	if ((name = input_is_output((const char *const *)s->paths,
	    (size_t)s->n, (const char *const *)inputs, ninputs, &which)) !=
	    NULL)
		errx(NW_EXIT_FAIL, "%s: is also the output %s", name,
		    s->paths[which]);
	for (k = 0; k < s->n; k++)
		if ((s->files[k] = fopen(s->paths[k], "w")) == NULL)
			err(NW_EXIT_FAIL, "%s", s->paths[k]);
	/* An input that was missing may be a shard file the opening made. */
	if ((name = input_is_output((const char *const *)s->paths,
	    (size_t)s->n, (const char *const *)inputs, ninputs, &which)) !=
	    NULL)
		errx(NW_EXIT_FAIL, "%s: is also the output %s", name,
		    s->paths[which]);
	shards_distinct(s);
}

static int
shards_close(struct shards *s)
{
	uint64_t k;
	int rval = 0;

	for (k = 0; s->files != NULL && k < s->n; k++) {
		if (s->files[k] == NULL)	/* failed, already named */
			rval = 1;
		else if (ferror(s->files[k]) | (fclose(s->files[k]) == EOF)) {
			warn("%s", s->paths[k]);
			rval = 1;
		}
		free(s->paths[k]);
	}
	free(s->files);
	free(s->paths);
	return rval;
}

static void __attribute__((__noreturn__))
usage(int status)
{
	const char *msg =
	    "usage: nw-shard -n N (-i I | -o prefix) [--key id|source] [--strict]\n"
	    "                [file ...]\n"
	    "  -h, --help          print this help and exit\n"
	    "  -i, --index I       write shard I (0 to N-1) to standard output\n"
	    "  -n, --shards N      how many shards (1 to 4096)\n"
	    "  -o, --output PREFIX write every shard, shard I to the file PREFIXI\n"
	    "      --key KEY       what decides a document's shard: its id (default),\n"
	    "                      or the source the id names, as nw-clean tells it\n"
	    "      --strict        invalid UTF-8 or NUL is an error\n"
	    "      --version       print the version and exit\n";

	nw_usage(status, msg);
}

int
main(int argc, char *argv[])
{
	static const char *const keys[] = { "id", "source", NULL };
	struct shards s = { .only = -1 };
	const char *prefix = NULL, *index = NULL;
	int ch, rval = 0;

	while ((ch = nw_getopt(argc, argv, "hi:n:o:", longopts)) != -1) {
		switch (ch) {
		case 'h':
			usage(NW_EXIT_OK);
		case 'i':
			index = optarg;
			break;
		case 'n':
			s.n = (uint64_t)nw_number(optarg, 1, SHARDS_MAX, "-n");
			break;
		case 'o':
			prefix = nw_path(optarg, "-o", "the shards are files "
			    "named by the prefix and their numbers");
			break;
		case OPT_KEY:
			s.by_source = nw_keyword(optarg, keys, "--key");
			break;
		case OPT_STRICT:
			s.inflags |= INPUT_STRICT;
			break;
		case OPT_VERSION:
			nw_version();
		default:
			usage(NW_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;

	if (s.n == 0) {
		warnx("-n is required");
		usage(NW_EXIT_USAGE);
	}
	if ((index == NULL) == (prefix == NULL)) {
		warnx("give one of -i and -o");
		usage(NW_EXIT_USAGE);
	}
	if (index != NULL)
		s.only = nw_number(index, 0, (long long)s.n - 1, "-i");
	else
		shards_open(&s, prefix, argv, argc);

	if (argc == 0)
		rval |= shard_input(&s, "-");
	for (; argc > 0; argc--, argv++)
		rval |= shard_input(&s, *argv);
	rval |= shards_close(&s);
	buf_free(&s.line);
	buf_free(&s.host);
	nw_exit(rval);
}
