/*
 * newswire: err(3) and warn(3), whose messages a terminal shows as they
 * are meant to be read.
 *
 * A message quotes what it is about as it came: a file name, a record
 * id, an option's value.  A name may hold a newline, which splits the
 * message in two lines (the second one a message of its own to whoever
 * reads them, nw-batch(1) among them), or an escape sequence, which the
 * terminal obeys.  So every message is written here, whichever call of
 * the family made it: these definitions take the place of the C
 * library's (and libbsd's errc and warnc), for every file of every tool
 * without a change to its calls.  The line is formatted as the C
 * library formats it ("nw-NAME: message: reason"), then written in one
 * write(2), with each byte of a control character (C0, DEL or C1) and
 * each byte that is not part of valid UTF-8 encoded as vis(3) encodes it
 * in C style: a newline as \n, a tab as \t, ESC as \033, 0xff as \377.
 * Other UTF-8 is left as it is, a backslash too (VIS_NOSLASH), so that
 * a message is unchanged unless it quoted such a byte.
 */
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define LIBBSD_OPENBSD_VIS
#include <vis.h>

#include "nw-private.h"

#define VIS_FLAGS	(VIS_CSTYLE | VIS_OCTAL | VIS_TAB | VIS_NL | \
			 VIS_NOSLASH)

/*
 * The length of the UTF-8 sequence at s (of n bytes) when it is well
 * formed, beyond ASCII and not a C1 control (U+0080-U+009F), else 0.
 */
static size_t
printable_sequence(const unsigned char *s, size_t n)
{
	int32_t cp;
	size_t len;

	if (s[0] < 0x80 || (len = utf8_decode(s, n, &cp)) == 0 ||
	    (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return len;
}

/*
 * The first piece of the n bytes at p (n > 0): the length of the
 * longest run of bytes shown as they are, or 1 for a byte shown
 * encoded, its escape then in v (at most 4 bytes) and its length in
 * *vlen (else 0).
 */
static size_t
piece(const unsigned char *p, size_t n, char *v, size_t *vlen)
{
	size_t i = 0, k;

	*vlen = 0;
	while (i < n) {
		if (p[i] >= 0x20 && p[i] < 0x7f)
			i++;
		else if ((k = printable_sequence(p + i, n - i)) != 0)
			i += k;
		else
			break;
	}
	if (i > 0)
		return i;
	*vlen = (size_t)(vis(v, p[0], VIS_FLAGS, n > 1 ? p[1] : 0) - v);
	return 1;
}

/*
 * The n bytes at s, encoded, handed to emit a piece at a time: a run
 * shown as it is, or one byte's escape.
 */
static void
encode(const char *s, size_t n, void (*emit)(const char *, size_t, void *),
    void *arg)
{
	const unsigned char *p = (const unsigned char *)s;
	char v[16];
	size_t i, k, vlen;

	for (i = 0; i < n; i += k) {
		k = piece(p + i, n - i, v, &vlen);
		if (vlen == 0)
			emit(s + i, k, arg);
		else
			emit(v, vlen, arg);
	}
}

static void
emit_memory(const char *s, size_t n, void *arg)
{
	char **out = arg;

	memcpy(*out, s, n);
	*out += n;
}

size_t
msg_encode(char *out, const char *s, size_t n)
{
	char *end = out;

	encode(s, n, emit_memory, &end);
	*end = '\0';
	return (size_t)(end - out);
}

static void
emit_stderr(const char *s, size_t n, void *arg)
{
	(void)arg;
	(void)fwrite(s, 1, n, stderr);
}

/* The n bytes at s to standard error, encoded. */
static void
put(const char *s, size_t n)
{
	encode(s, n, emit_stderr, NULL);
}

/*
 * The message: the tool's name, ": " and fmt formatted, then ": " and
 * the text of code unless code is -1, a line on standard error, which
 * is line-buffered (nw_getopt()): one write(2).  The text is formatted
 * into a buffer of its size when one can be had, else cut to what fits
 * in one on the stack (out of memory is one of the messages).
 */
static void
message(int code, const char *fmt, va_list ap)
{
	char small[1024], *text = small;
	const char *name = getprogname();
	size_t len = 0;
	va_list aq;
	int rc;

	if (fmt != NULL) {
		va_copy(aq, ap);
		rc = vsnprintf(small, sizeof(small), fmt, aq);
		va_end(aq);
		len = rc > 0 ? (size_t)rc : 0;
		if (len >= sizeof(small)) {
			if ((text = malloc(len + 1)) != NULL)
				(void)vsnprintf(text, len + 1, fmt, ap);
			else {
				text = small;
				len = sizeof(small) - 1;
			}
		}
	}
	flockfile(stderr);
	put(name, strlen(name));
	put(": ", 2);
	put(text, len);
	if (code != -1) {
		if (fmt != NULL)
			put(": ", 2);
		put(strerror(code), strlen(strerror(code)));
	}
	(void)putc_unlocked('\n', stderr);
	funlockfile(stderr);
	if (text != small)
		free(text);
}

/*
 * A message another library formatted and wrote itself, caught on its
 * way: one line, its final newline aside, encoded as ours are.
 */
void
msg_line(const char *s, size_t n)
{
	if (n > 0 && s[n - 1] == '\n')
		n--;
	flockfile(stderr);
	put(s, n);
	(void)putc_unlocked('\n', stderr);
	funlockfile(stderr);
}

void
vwarnc(int code, const char *fmt, va_list ap)
{
	message(code, fmt, ap);
}

void
vwarn(const char *fmt, va_list ap)
{
	message(errno, fmt, ap);
}

void
vwarnx(const char *fmt, va_list ap)
{
	message(-1, fmt, ap);
}

void
verrc(int status, int code, const char *fmt, va_list ap)
{
	message(code, fmt, ap);
	exit(status);
}

void
verr(int status, const char *fmt, va_list ap)
{
	message(errno, fmt, ap);
	exit(status);
}

void
verrx(int status, const char *fmt, va_list ap)
{
	message(-1, fmt, ap);
	exit(status);
}

void
warnc(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message(code, fmt, ap);
	va_end(ap);
}

void
warn(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	message(e, fmt, ap);
	va_end(ap);
}

void
warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message(-1, fmt, ap);
	va_end(ap);
}

void
errc(int status, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message(code, fmt, ap);
	va_end(ap);
	exit(status);
}

void
err(int status, const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	message(e, fmt, ap);
	va_end(ap);
	exit(status);
}

void
errx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message(-1, fmt, ap);
	va_end(ap);
	exit(status);
}
