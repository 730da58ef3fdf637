/*
 * newswire: option parsing, option values and the common --version.
 *
 * Every bad option value is a usage error (exit 2) worded one way, after
 * OpenBSD's "errx(1, \"field skip value is %s: %s\", errstr, optarg)":
 * "nw-NAME: OPTION: VALUE: what is wrong (allowed: what would do)".
 */
#include <sys/stat.h>

#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nw-private.h"

/*
 * A whole number in [min, max], written in digits alone, or a usage
 * error naming the option.  A sign is no part of it, nor are blanks
 * around it (strtonum would take a sign and leading blanks): "-k +1"
 * is as invalid as "-k 0x1", as it is to nw_decimal() and nw-batch.
 */
long long
nw_number(const char *arg, long long min, long long max, const char *opt)
{
	const char *errstr;
	long long n;

	if (*arg == '\0' || arg[strspn(arg, "0123456789")] != '\0')
		errx(NW_EXIT_USAGE, "%s: %s: invalid (allowed: %lld to %lld)",
		    opt, arg, min, max);
	n = strtonum(arg, min, max, &errstr);
	if (errstr != NULL)
		errx(NW_EXIT_USAGE, "%s: %s: %s (allowed: %lld to %lld)",
		    opt, arg, errstr, min, max);
	return n;
}

/*
 * A decimal number ("0.25", ".5", "3"; no sign, exponent, hex, inf or
 * nan, which strtod() alone would take) from min to max, or above min
 * when above is set; else a usage error that says, as nw_number() does,
 * whether it is invalid, too small or too large.
 */
double
nw_decimal(const char *arg, double min, double max, int above,
    const char *opt)
{
	const char *why = NULL;
	size_t n, digits;
	double v = 0;

	n = digits = strspn(arg, "0123456789");
	if (arg[n] == '.') {
		digits += strspn(arg + n + 1, "0123456789");
		n += 1 + strspn(arg + n + 1, "0123456789");
	}
	if (digits == 0 || arg[n] != '\0')
		why = "invalid";
	else if ((v = strtod(arg, NULL)) < min || (above && v == min))
		why = "too small";
	else if (v > max)
		why = "too large";
	if (why != NULL) {
		if (above)
			errx(NW_EXIT_USAGE, "%s: %s: %s (allowed: above %.10g, "
			    "at most %.10g)", opt, arg, why, min, max);
		errx(NW_EXIT_USAGE, "%s: %s: %s (allowed: %.10g to %.10g)",
		    opt, arg, why, min, max);
	}
	return v;
}

/*
 * The index of arg in the NULL-terminated list words, or a usage error
 * listing them: "--sort: size: invalid (allowed: count or term)".
 */
int
nw_keyword(const char *arg, const char *const *words, const char *opt)
{
	struct buf list = { NULL, 0, 0 };
	int i;

	for (i = 0; words[i] != NULL; i++)
		if (strcmp(arg, words[i]) == 0)
			return i;
	for (i = 0; words[i] != NULL; i++) {
		if (i > 0)
			buf_adds(&list, words[i + 1] == NULL ? " or " : ", ");
		buf_adds(&list, words[i]);
	}
	errx(NW_EXIT_USAGE, "%s: %s: invalid (allowed: %s)", opt, arg,
	    buf_cstr(&list));
}

/*
 * A list option given again: the lists add up ("--meta a --meta b" is
 * "--meta a,b"), rather than the last replacing the others silently.
 * prev is NULL the first time; the list made is never freed, as
 * options last the run.
 */
const char *
nw_list_more(const char *prev, const char *arg)
{
	char *both;

	if (prev == NULL)
		return arg;
	if (asprintf(&both, "%s,%s", prev, arg) == -1)
		err(NW_EXIT_FAIL, NULL);
	return both;
}

/*
 * A list of JSON members to look in (nw-split --text-field and the
 * like): at least one name, or a usage error naming the option.  Empty
 * names beside one are left out when the list is split.
 */
const char *
nw_member_names(const char *arg, const char *opt)
{
	if (strspn(arg, ",") == strlen(arg))
		errx(NW_EXIT_USAGE, "%s: no member name given", opt);
	return arg;
}

/*
 * A list of metadata fields (nw-split --meta): a field per name, in
 * place, so an empty name (",", "a,,b") would take a field away from
 * where the others are, and is a usage error naming the option.
 */
const char *
nw_meta_names(const char *arg, const char *opt)
{
	const char *p;

	for (p = arg; ; p++)
		if ((*p == ',' || *p == '\0') && (p == arg || p[-1] == ',')) {
			errx(NW_EXIT_USAGE, "%s: %s: an empty name "
			    "(a comma-separated list of names)", opt, arg);
		} else if (*p == '\0')
			return arg;
}

/*
 * The path an option names: not empty (what -o "$DIR" gives with DIR
 * unset), and, when why is not NULL, not "-", which every tool reads as
 * standard input or output and which a path option cannot mean: why
 * says what the option names instead.  "./-" names a file called "-".
 */
const char *
nw_path(const char *arg, const char *opt, const char *why)
{
	if (*arg == '\0')
		errx(NW_EXIT_USAGE, "%s: empty path", opt);
	if (why != NULL && strcmp(arg, "-") == 0)
		errx(NW_EXIT_USAGE, "%s: -: %s (allowed: a path; ./- for one "
		    "called -)", opt, why);
	return arg;
}

/*
 * A directory's path as an option gives it, its trailing slashes
 * dropped ("/" stays): the paths of the files in it are made by
 * appending "/NAME", and a message naming one should read dir/NAME,
 * not dir///NAME.
 */
char *
nw_dir_path(const char *arg)
{
	char *dir = xstrdup(arg);
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
	return dir;
}

/*
 * The directory an option names for a tool's output (nw-topic-train -o,
 * nw-dedup's index), made if missing, as mkdir(1) makes it: its parent
 * must exist, so that a mistyped path is an error, not a new tree.  One
 * that cannot be made, or a path that names something else, is an
 * error (exit 1) said of the directory, before any input is read.
 */
void
nw_output_dir(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0777) == -1 && errno != EEXIST)
		err(NW_EXIT_FAIL, "%s", dir);
	if (stat(dir, &st) == -1)
		err(NW_EXIT_FAIL, "%s", dir);
	if (!S_ISDIR(st.st_mode))
		errx(NW_EXIT_FAIL, "%s: %s", dir, strerror(ENOTDIR));
}

/*
 * Descriptors 0, 1 and 2 open before the tool opens anything, as
 * OpenBSD's kernel does for set-id programs: a file opened while one of
 * them is closed gets its number, and the records "written to standard
 * output" go into it (nw-dedup's lock or its index) with no error.  A
 * closed one becomes /dev/null, opened the other way round (standard
 * input for writing, the others for reading), so that using it still
 * fails with EBADF, reported as "stdout: Bad file descriptor" or
 * "-: Bad file descriptor", exit 1, as on the closed descriptor.
 */
static void
std_fds_open(void)
{
	int fd;

	for (fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		/* The lowest free descriptor: the ones below are open. */
		if (open("/dev/null", fd == STDIN_FILENO ? O_WRONLY :
		    O_RDONLY) != fd)
			err(NW_EXIT_FAIL, "/dev/null");
	}
}

/*
 * getopt_long(3), whose own messages ("unrecognized option") name the
 * program by argv[0], the path it was run by; every other message names
 * it as err(3) does, by its name alone, and so do these once argv[0] is
 * that name.  They quote the option as given, which may hold a control
 * character: the GNU C library's getopt_long() writes them to stderr
 * itself, not through warnx(3), so they are caught in a memory stream
 * (its stderr is a variable that may be set) and written as every other
 * message is (lib/warn.c).  Every tool calls it first: its first call
 * also makes sure that descriptors 0, 1 and 2 are open.
 */
int
nw_getopt(int argc, char *argv[], const char *shortopts,
    const struct option *longopts)
{
	static char errbuf[BUFSIZ];
	static int started;

	if (!started) {
		std_fds_open();
		/*
		 * A message in one write(2), not one for the tool's name, one
		 * for the path and one for the reason: the stages of a
		 * pipeline share one stderr, and nw-batch reads its lines.
		 */
		setvbuf(stderr, errbuf, _IOLBF, sizeof(errbuf));
		started = 1;
	}
	if (argc > 0 && argv[0] != NULL)
		argv[0] = (char *)getprogname();
#ifdef __GLIBC__
	{
		FILE *saved = stderr, *mem;
		char *text = NULL;
		size_t len = 0;
		int c;

		if ((mem = open_memstream(&text, &len)) == NULL)
			return getopt_long(argc, argv, shortopts, longopts,
			    NULL);
		stderr = mem;
		c = getopt_long(argc, argv, shortopts, longopts, NULL);
		stderr = saved;
		(void)fclose(mem);
		if (len > 0)
			msg_line(text, len);
		free(text);
		return c;
	}
#else
	return getopt_long(argc, argv, shortopts, longopts, NULL);
#endif
}

/*
 * A size as sort(1) takes it: a number with an optional suffix b (bytes),
 * K, M, G or T (powers of 1024; K when there is none, as in sort -S), up
 * to max.  One too large says the tool's own limit, however far past it
 * the number is: past 16 EiB as at 2T.
 */
uint64_t
nw_size(const char *arg, uint64_t max, const char *opt)
{
	static const char units[] = "TGMK";
	unsigned long long n;
	char *end;
	int shift;

	errno = 0;
	if (!isdigit((unsigned char)*arg))
		goto bad;
	n = strtoull(arg, &end, 10);
	if (errno == ERANGE)
		goto large;
	switch (*end) {
	case 'b': case 'B':	shift = 0;	end++; break;
	case '\0':
	case 'k': case 'K':	shift = 10;	end += *end != '\0'; break;
	case 'm': case 'M':	shift = 20;	end++; break;
	case 'g': case 'G':	shift = 30;	end++; break;
	case 't': case 'T':	shift = 40;	end++; break;
	default:
		goto bad;
	}
	if (*end != '\0')
		goto bad;
	if (n > (UINT64_MAX >> shift) || (uint64_t)n << shift > max)
		goto large;
	return (uint64_t)n << shift;
large:
	/* A number, and a size, but none a machine has: said so. */
	if (max == UINT64_MAX)
		errx(NW_EXIT_USAGE, "%s: %s: too large (at most 16 EiB, "
		    "18446744073709551615 bytes)", opt, arg);
	/* The limit in the largest unit it is a whole number of. */
	for (shift = 40; shift > 0; shift -= 10)
		if (max % ((uint64_t)1 << shift) == 0)
			errx(NW_EXIT_USAGE, "%s: %s: too large (at most "
			    "%llu%c)", opt, arg,
			    (unsigned long long)(max >> shift),
			    units[4 - shift / 10]);
	errx(NW_EXIT_USAGE, "%s: %s: too large (at most %llub)", opt, arg,
	    (unsigned long long)max);
bad:
	errx(NW_EXIT_USAGE, "%s: %s: invalid size (a number with an "
	    "optional suffix b, K, M, G or T)", opt, arg);
}

/*
 * Print a tool's usage text: asked for (-h), on stdout with exit 0; after
 * a usage error, on stderr with exit 2 (or the status given).
 */
void
nw_usage(int status, const char *text)
{
	if (status == NW_EXIT_OK) {
		out_puts(text);
		nw_exit(NW_EXIT_OK);
	}
	fputs(text, stderr);
	exit(status);
}

void
nw_version(void)
{
	out_printf("%s (newswire) %s\n", getprogname(), NW_VERSION);
	nw_exit(NW_EXIT_OK);
}
