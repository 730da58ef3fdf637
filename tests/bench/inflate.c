/* SPDX-License-Identifier: ISC */
/*
 * The inflaters packaged for Debian, side by side on one gzip file:
 *
 *	tests/bench/inflate [-r runs] FILE.gz
 *
 * zlib and ISA-L's igzip stream it (128 KiB in, 128 KiB out, members
 * one after the other, as lib/input.c reads), libdeflate inflates it
 * whole from memory into a buffer of the right size, each member in
 * turn.  The file is read into memory first, so only inflating is
 * timed; the best of the runs (CPU seconds of this process) is shown
 * as MB/s of uncompressed output, with a checksum of the output (of a
 * first, untimed run) so that the three can be seen to agree.  Built
 * by hand:
 *
 *	cc -O2 -o inflate tests/bench/inflate.c -lz -lisal -ldeflate
 */
#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <isa-l/igzip_lib.h>
#include <libdeflate.h>
#include <zlib.h>

#define CHUNK	(128 * 1024)

static unsigned char	*in, *out;
static size_t		 inlen, outcap;
static int		 checksum;	/* on the untimed first run only */

static double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint32_t
sum(uint32_t crc, const unsigned char *p, size_t n)
{
	return checksum ? (uint32_t)crc32(crc, p, (uInt)n) : crc;
}

static size_t
run_zlib(uint32_t *crc)
{
	z_stream z;
	size_t pos = 0, total = 0, step;
	int rc;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		errx(1, "zlib");
	*crc = 0;
	while (pos < inlen) {
		step = inlen - pos < CHUNK ? inlen - pos : CHUNK;
		z.next_in = in + pos;
		z.avail_in = (uInt)step;
		do {
			z.next_out = out;
			z.avail_out = CHUNK;
			rc = inflate(&z, Z_NO_FLUSH);
			if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
				errx(1, "zlib: %s", z.msg);
			*crc = sum(*crc, out, CHUNK - z.avail_out);
			total += CHUNK - z.avail_out;
			if (rc == Z_STREAM_END)
				inflateReset(&z);
		} while (z.avail_out == 0 || (rc == Z_STREAM_END &&
		    z.avail_in > 0));
		pos += step - z.avail_in;
	}
	inflateEnd(&z);
	return total;
}

static size_t
run_isal(uint32_t *crc)
{
	static struct inflate_state st;
	size_t pos = 0, total = 0, step;
	int rc;

	isal_inflate_init(&st);
	st.crc_flag = ISAL_GZIP;
	*crc = 0;
	while (pos < inlen) {
		step = inlen - pos < CHUNK ? inlen - pos : CHUNK;
		st.next_in = in + pos;
		st.avail_in = (uint32_t)step;
		do {
			st.next_out = out;
			st.avail_out = CHUNK;
			if ((rc = isal_inflate(&st)) != ISAL_DECOMP_OK)
				errx(1, "isal: %d", rc);
			*crc = sum(*crc, out, CHUNK - st.avail_out);
			total += CHUNK - st.avail_out;
			if (st.block_state == ISAL_BLOCK_FINISH) {
				isal_inflate_reset(&st);
				st.crc_flag = ISAL_GZIP;
				if (st.avail_in == 0)
					break;
				continue;
			}
		} while (st.avail_out == 0);
		pos += step - st.avail_in;
	}
	return total;
}

static size_t
run_libdeflate(uint32_t *crc)
{
	struct libdeflate_decompressor *d;
	size_t pos = 0, total = 0, used, made;

	if ((d = libdeflate_alloc_decompressor()) == NULL)
		errx(1, "libdeflate");
	*crc = 0;
	while (pos < inlen) {
		if (libdeflate_gzip_decompress_ex(d, in + pos, inlen - pos,
		    out + total, outcap - total, &used, &made) !=
		    LIBDEFLATE_SUCCESS)
			errx(1, "libdeflate: bad data");
		pos += used;
		total += made;
	}
	*crc = sum(0, out, total);
	libdeflate_free_decompressor(d);
	return total;
}

int
main(int argc, char *argv[])
{
	static const struct {
		const char *name;
		size_t (*fn)(uint32_t *);
	} inflaters[] = {
		{ "zlib", run_zlib },
		{ "isal", run_isal },
		{ "libdeflate", run_libdeflate },
	};
	FILE *f;
	size_t n, i;
	uint32_t crc;
	double best, t;
	int ch, runs = 3, r;

	while ((ch = getopt(argc, argv, "r:")) != -1) {
		if (ch != 'r' || (runs = atoi(optarg)) < 1)
			errx(2, "usage: inflate [-r runs] file.gz");
	}
	if (optind + 1 != argc)
		errx(2, "usage: inflate [-r runs] file.gz");
	if ((f = fopen(argv[optind], "rb")) == NULL)
		err(1, "%s", argv[optind]);
	inlen = 0;
	for (;;) {
		in = realloc(in, inlen + (1 << 20));
		if ((n = fread(in + inlen, 1, 1 << 20, f)) == 0)
			break;
		inlen += n;
	}
	fclose(f);
	/* The last member's ISIZE, times a margin for several members. */
	outcap = inlen * 8 + CHUNK;
	if ((out = malloc(outcap)) == NULL)
		err(1, NULL);
	for (i = 0; i < sizeof(inflaters) / sizeof(inflaters[0]); i++) {
		checksum = 1;
		n = inflaters[i].fn(&crc);
		checksum = 0;
		best = 1e30;
		for (r = 0; r < runs; r++) {
			t = cpu_now();
			inflaters[i].fn(&(uint32_t){ 0 });
			t = cpu_now() - t;
			if (t < best)
				best = t;
		}
		printf("%-11s %8.1f MB/s  %.3f s  %zu bytes  crc %08x\n",
		    inflaters[i].name, n / 1e6 / best, best, n, crc);
	}
	return 0;
}
