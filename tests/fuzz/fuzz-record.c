/* SPDX-License-Identifier: ISC */
/*
 * Fuzz the input path: block reads of any size, gzip detection and
 * inflation, line cutting, UTF-8 repair or a legacy charset's
 * conversion, and record parsing.  Every line
 * handed out must be valid UTF-8 without NUL, CR or LF, and the record
 * fields must lie inside it.
 */
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const charsets[] = {
	"windows-1251", "shift_jis", "gb18030", "euc-kr", "big5",
	"windows-1258", "euc-jp"
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct record r;
	struct input *in;
	struct mem m;
	int flags;

	if (size < 1)
		return 0;
	m.step = 1 + (data[0] & 0x3f) * 97;
	flags = data[0] & 0x40 ? INPUT_STRICT : 0;
	m.p = data + 1;
	m.n = size - 1;
	in = input_open_reader(mem_read, &m, "fuzz", flags);
	/* Lines not UTF-8 read in a legacy charset (nw-split --charset). */
	if (data[0] & 0x80)
		input_set_charset(in, charsets[size % (sizeof(charsets) /
		    sizeof(charsets[0]))]);
	while (record_next(in, &r) > 0) {
		const char *line = r.nfields == 1 ? r.text : r.id;
		size_t len = (size_t)(r.text + r.textlen - line);

		if (utf8_valid_prefix(r.text, r.textlen) != r.textlen)
			abort();
		if (memchr(r.text, '\0', r.textlen) != NULL ||
		    memchr(r.text, '\n', r.textlen) != NULL ||
		    memchr(r.text, '\r', r.textlen) != NULL ||
		    memchr(r.text, '\t', r.textlen) != NULL)
			abort();
		if (r.nfields > 1 && (r.idlen > len ||
		    memchr(r.id, '\t', r.idlen) != NULL))
			abort();
	}
	input_close(in);
	return 0;
}
