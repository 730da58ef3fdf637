/*
 * newswire: the C face of CLD2 (lib/cld2.cc), private to lib/lang.c.
 * CLD2 has only a C++ API; this is all of it that newswire uses.
 */
#ifndef NW_CLD2_H
#define NW_CLD2_H

#define CLD2_GUESSES	3

struct cld2_guess {
	const char	*code;		/* CLD2's code: "en", "iw", "zh-Hant", "un" */
	int		 percent;	/* of the text bytes scored */
	double		 score;		/* near 1.0 for normal text */
};

/*
 * The languages of text[0..len), which must be interchange-valid UTF-8
 * (no controls but TAB, LF, CR; no noncharacters).  Fills guess[] (code
 * "un" past the last), *summary with the language CLD2 gives the text as
 * a whole (which may be known when no guess is), *textbytes with the
 * letter bytes scored; returns 1 if CLD2 calls its answer reliable.
 * With besteffort, CLD2 keeps the languages it would drop as unreliable
 * (kCLDFlagBestEffort).
 */
int	 cld2_detect(const char *, int, int, struct cld2_guess *,
	    const char **, int *);

#endif /* NW_CLD2_H */
