// SPDX-License-Identifier: ISC
// CLD2 alone, as tests/eval-lang -c cld2 runs it: records ID<TAB>TEXT in,
// ID<TAB>lang=CODE<TAB>TEXT out, CLD2's first language whatever its
// reliability ("und" for UNKNOWN).  Not part of newswire: a baseline.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

namespace CLD2 {
const char	*LanguageCode(Language);
}

int
main()
{
	CLD2::CLDHints hints = { NULL, NULL, CLD2::UNKNOWN_ENCODING,
	    CLD2::UNKNOWN_LANGUAGE };
	CLD2::Language lang[3];
	int percent[3], textbytes;
	double score[3];
	bool reliable;
	char *line = NULL, *text;
	const char *code;
	size_t cap = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, stdin)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		text = strchr(line, '\t');
		*text++ = '\0';
		CLD2::Language l = CLD2::ExtDetectLanguageSummary(text,
		    (int)strlen(text), true, &hints, 0, lang, percent, score,
		    NULL, &textbytes, &reliable);
		code = CLD2::LanguageCode(l);
		if (strcmp(code, "un") == 0)
			code = "und";
		else if (strcmp(code, "iw") == 0)
			code = "he";
		printf("%s\tlang=%.*s\t%s\n", line, (int)strcspn(code, "-"),
		    code, text);
	}
	free(line);
	return 0;
}
