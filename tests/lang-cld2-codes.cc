// SPDX-License-Identifier: ISC
// Every language libcld2 can name, one code a line as nw-lang writes it
// (he for iw, jv for jw, zh for zh-Hant), unsorted and repeated: those its
// scoring tables hold (their kRecognizedLangScripts) and those a script
// alone names.  tests/nw-lang.bats compares it with nw-lang --list.
#include <cstdio>
#include <cstring>

#include <cld2/internal/cld2tablesummary.h>
#include <cld2/internal/generated_language.h>
#include <cld2/internal/generated_ulscript.h>
#include <cld2/internal/lang_script.h>

namespace CLD2 {
extern const CLD2TableSummary kQuad_obj, kQuad_obj2, kDeltaOcta_obj,
    kDeltaOcta_obj2, kDistinctOcta_obj, kDistinctOcta_obj2,
    kDistinctBiTable_obj, kCjkDeltaBi_obj, kCjkCompat_obj;
}

static void
print_code(const char *code, size_t len)
{
	if (len == 2 && strncmp(code, "iw", 2) == 0)
		code = "he";
	else if (len == 2 && strncmp(code, "jw", 2) == 0)
		code = "jv";
	else if (len == 2 && strncmp(code, "un", 2) == 0)
		return;
	printf("%.*s\n", (int)len, code);
}

int
main()
{
	const CLD2::CLD2TableSummary *tables[] = { &CLD2::kQuad_obj,
	    &CLD2::kQuad_obj2, &CLD2::kDeltaOcta_obj, &CLD2::kDeltaOcta_obj2,
	    &CLD2::kDistinctOcta_obj, &CLD2::kDistinctOcta_obj2,
	    &CLD2::kDistinctBiTable_obj, &CLD2::kCjkDeltaBi_obj,
	    &CLD2::kCjkCompat_obj };
	const char *p;
	size_t i, n;
	int sc;

	// "en-Latn az-Arab ...": the language is what comes before the '-'.
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		for (p = tables[i]->kRecognizedLangScripts; p != NULL && *p;
		    p += n) {
			p += strspn(p, " ");
			if ((n = strcspn(p, " ")) > 0)
				print_code(p, strcspn(p, "- "));
		}
	for (sc = 0; sc < CLD2::NUM_ULSCRIPTS; sc++)
		if (CLD2::ULScriptRecognitionType((CLD2::ULScript)sc) ==
		    CLD2::RTypeOne) {
			p = CLD2::LanguageCode(CLD2::DefaultLanguage(
			    (CLD2::ULScript)sc));
			print_code(p, strcspn(p, "-"));
		}
	return 0;
}
