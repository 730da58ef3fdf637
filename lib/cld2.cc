// SPDX-License-Identifier: ISC
// newswire: the one C++ file, a C wrapper around CLD2 (see lib/cld2.h).
//
// CLD2 has no C API.  Keeping every C++ construct in this file, behind
// extern "C", lets the rest of the library stay C11; the price is that
// programs linking lib/libnw.a also link the C++ runtime (-lstdc++),
// which they would need for libcld2 anyway.  Nothing here allocates or
// throws: CLD2's detection is table-driven and fills plain arrays.
#include <cstdio>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

extern "C" {
#include "cld2.h"
}

namespace CLD2 {
const char	*LanguageCode(Language);
}

extern "C" int
cld2_detect(const char *text, int len, int besteffort,
    struct cld2_guess *guess, const char **summary, int *textbytes)
{
	CLD2::CLDHints hints = { NULL, NULL, CLD2::UNKNOWN_ENCODING,
	    CLD2::UNKNOWN_LANGUAGE };
	CLD2::Language lang[CLD2_GUESSES];
	int percent[CLD2_GUESSES];
	double score[CLD2_GUESSES];
	bool reliable = false;
	int i;

	*summary = CLD2::LanguageCode(CLD2::ExtDetectLanguageSummary(text,
	    len, true, &hints,
	    besteffort ? CLD2::kCLDFlagBestEffort : 0, lang, percent, score,
	    NULL, textbytes,
	    &reliable));
	for (i = 0; i < CLD2_GUESSES; i++) {
		guess[i].code = CLD2::LanguageCode(lang[i]);
		guess[i].percent = percent[i];
		guess[i].score = score[i];
	}
	return reliable ? 1 : 0;
}
