/*
 * newswire: the buffered writer to standard output.
 *
 * stdio is bypassed: one large buffer written with write(2) costs less
 * per byte and lets every failure be seen where it happens.
 */
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nw-private.h"

#define OUT_SIZE	(64 * 1024)

#if defined(__has_feature)
#define NW_HAS_ASAN	__has_feature(address_sanitizer)
#else
#define NW_HAS_ASAN	0
#endif

static char	out_buf[OUT_SIZE];
static size_t	out_len;

static void
out_drain(const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(STDOUT_FILENO, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE)	/* the reader is gone: quietly */
				_exit(NW_EXIT_FAIL);
			err(NW_EXIT_FAIL, "stdout");
		}
		p += w;
		n -= (size_t)w;
	}
}

void
out_flush(void)
{
	out_drain(out_buf, out_len);
	out_len = 0;
}

void
out_write(const void *p, size_t n)
{
	if (n == 0)		/* p may be an empty buffer's NULL */
		return;
	if (n > OUT_SIZE - out_len) {
		out_flush();
		if (n >= OUT_SIZE) {
			out_drain(p, n);
			return;
		}
	}
	memcpy(out_buf + out_len, p, n);
	out_len += n;
}

void
out_puts(const char *s)
{
	out_write(s, strlen(s));
}

void
out_putc(int c)
{
	if (out_len == OUT_SIZE)
		out_flush();
	out_buf[out_len++] = (char)c;
}

/*
 * v in decimal at dst, zero-padded to at least mindigits digits (at most
 * FORMAT_U64_MAX bytes); returns the end.  Counts are written millions of
 * times a run, where printf's format parsing would cost more than the
 * digits.
 */
char *
format_u64(char *dst, uint64_t v, int mindigits)
{
	char tmp[FORMAT_U64_MAX];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0 || n < mindigits);
	while (n > 0)
		*dst++ = tmp[--n];
	return dst;
}

void
out_u64(uint64_t v, int mindigits)
{
	char num[FORMAT_U64_MAX];

	out_write(num, (size_t)(format_u64(num, v, mindigits) - num));
}

void
out_printf(const char *fmt, ...)
{
	char small[256], *big;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		err(NW_EXIT_FAIL, "vsnprintf");
	if ((size_t)n < sizeof(small)) {
		out_write(small, (size_t)n);
		return;
	}
	big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	out_write(big, (size_t)n);
	free(big);
}

void
nw_exit(int status)
{
	out_flush();
	/* Anything a library wrote through stdio goes out too. */
	if (fflush(stdout) == EOF)
		err(NW_EXIT_FAIL, "stdout");
	if (close(STDOUT_FILENO) == -1 && errno != EBADF)
		err(NW_EXIT_FAIL, "stdout");
	/*
	 * Everything is written: the libraries' destructors (the C++
	 * runtime's, ICU's) have nothing left to do but would fault in a
	 * page or more of each library's code on the way out, which made
	 * the way out the largest resident set of a run.  The sanitizers
	 * check for leaks in exit().
	 */
#if defined(__SANITIZE_ADDRESS__) || NW_HAS_ASAN
	exit(status);
#else
	if (fflush(NULL) == EOF)
		err(NW_EXIT_FAIL, "write");
	_exit(status);
#endif
}
