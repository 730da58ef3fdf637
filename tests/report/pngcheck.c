/* SPDX-License-Identifier: ISC */
/*
 * pngcheck: does a screenshot show the charts?  Reads a PNG (8-bit RGB
 * or RGBA, not interlaced, as Chromium writes them) and counts the
 * pixels near each colour given, then checks each count against its
 * minimum.  Prints "COLOUR COUNT" per colour and exits 0 when every
 * count reached its minimum, 1 when one did not, 2 on a bad image.
 *
 * usage: pngcheck FILE RRGGBB:MIN ...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#define TOLERANCE	48	/* per channel: anti-aliased edges count */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int
paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	if (pa <= pb && pa <= pc)
		return a;
	return pb <= pc ? b : c;
}

static void
bad(const char *path, const char *why)
{
	fprintf(stderr, "pngcheck: %s: %s\n", path, why);
	exit(2);
}

int
main(int argc, char *argv[])
{
	unsigned char *file, *idat = NULL, *raw, *row, *prev;
	size_t n = 0, cap = 1 << 20, nidat = 0, stride, i, x, y, k;
	uint32_t w = 0, h = 0, len;
	unsigned long rawlen;
	int bpp = 0, c, ncolours = argc - 2, fail = 0;
	long *count, *min;
	unsigned *rgb;
	FILE *fp;

	if (argc < 3) {
		fputs("usage: pngcheck FILE RRGGBB:MIN ...\n", stderr);
		return 2;
	}
	if ((fp = fopen(argv[1], "rb")) == NULL)
		bad(argv[1], "cannot open");
	file = malloc(cap);
	while (file != NULL && (k = fread(file + n, 1, cap - n, fp)) > 0)
		if ((n += k) == cap)
			file = realloc(file, cap *= 2);
	fclose(fp);
	if (file == NULL || n < 8 || memcmp(file, "\x89PNG\r\n\x1a\n", 8) != 0)
		bad(argv[1], "not a PNG file");
	for (i = 8; i + 12 <= n; i += 12 + len) {
		len = be32(file + i);
		if (len > n - i - 12)
			bad(argv[1], "truncated chunk");
		if (memcmp(file + i + 4, "IHDR", 4) == 0) {
			w = be32(file + i + 8);
			h = be32(file + i + 12);
			if (file[i + 16] != 8 || file[i + 20] != 0)
				bad(argv[1], "not 8-bit, or interlaced");
			if (file[i + 17] == 2)
				bpp = 3;
			else if (file[i + 17] == 6)
				bpp = 4;
			else
				bad(argv[1], "not RGB or RGBA");
		} else if (memcmp(file + i + 4, "IDAT", 4) == 0) {
			idat = realloc(idat, nidat + len);
			memcpy(idat + nidat, file + i + 8, len);
			nidat += len;
		}
	}
	if (bpp == 0 || w == 0 || h == 0 || w > 20000 || h > 20000)
		bad(argv[1], "no usable header");
	stride = (size_t)w * bpp;
	rawlen = (unsigned long)((stride + 1) * h);
	raw = malloc(rawlen);
	if (uncompress(raw, &rawlen, idat, nidat) != Z_OK ||
	    rawlen != (stride + 1) * h)
		bad(argv[1], "bad image data");

	count = calloc(ncolours, sizeof(*count));
	min = calloc(ncolours, sizeof(*min));
	rgb = calloc(ncolours, sizeof(*rgb));
	for (c = 0; c < ncolours; c++)
		if (sscanf(argv[c + 2], "%6x:%ld", &rgb[c], &min[c]) != 2)
			bad(argv[c + 2], "expected RRGGBB:MIN");
	/* Undo the filters, row by row, in place. */
	prev = NULL;
	for (y = 0; y < h; y++) {
		int f = raw[y * (stride + 1)];

		row = raw + y * (stride + 1) + 1;
		for (x = 0; x < stride; x++) {
			int a = x >= (size_t)bpp ? row[x - bpp] : 0;
			int b = prev != NULL ? prev[x] : 0;
			int cc = prev != NULL && x >= (size_t)bpp ?
			    prev[x - bpp] : 0;

			switch (f) {
			case 0: break;
			case 1: row[x] += a; break;
			case 2: row[x] += b; break;
			case 3: row[x] += (a + b) / 2; break;
			case 4: row[x] += paeth(a, b, cc); break;
			default: bad(argv[1], "bad filter");
			}
		}
		for (x = 0; x < w; x++) {
			const unsigned char *p = row + x * bpp;

			for (c = 0; c < ncolours; c++)
				if (abs(p[0] - (int)(rgb[c] >> 16)) < TOLERANCE &&
				    abs(p[1] - (int)(rgb[c] >> 8 & 0xff)) < TOLERANCE &&
				    abs(p[2] - (int)(rgb[c] & 0xff)) < TOLERANCE)
					count[c]++;
		}
		prev = row;
	}
	printf("%ux%u", w, h);
	for (c = 0; c < ncolours; c++) {
		printf(" %06x:%ld", rgb[c], count[c]);
		if (count[c] < min[c])
			fail = 1;
	}
	putchar('\n');
	return fail;
}
