/* SPDX-License-Identifier: ISC */
/*
 * libexttextcat with its shipped fingerprints, as tests/eval-lang -c
 * textcat runs it: records ID<TAB>TEXT in, ID<TAB>lang=CODE<TAB>TEXT out,
 * the code the first candidate's name up to its first '-' ("und" for
 * UNKNOWN and SHORT).  Not part of newswire: a baseline to measure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libexttextcat/textcat.h>

int
main(void)
{
	void *h;
	char *line = NULL, *text, code[32];
	const char *r;
	size_t cap = 0, n;
	ssize_t len;

	h = special_textcat_Init("/usr/share/libexttextcat/fpdb.conf",
	    "/usr/share/libexttextcat/");
	if (h == NULL)
		return 1;
	while ((len = getline(&line, &cap, stdin)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		text = strchr(line, '\t');
		*text++ = '\0';
		r = textcat_Classify(h, text, strlen(text));
		if (r[0] == '[') {
			n = strcspn(r + 1, "-]");
			snprintf(code, sizeof(code), "%.*s", (int)n, r + 1);
		} else
			snprintf(code, sizeof(code), "und");
		printf("%s\tlang=%s\t%s\n", line, code, text);
	}
	textcat_Done(h);
	free(line);
	return 0;
}
