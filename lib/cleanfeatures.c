/*
 * newswire: the features of nw-clean's paragraphs (clean.c has the
 * classifier's design).
 *
 * Each paragraph is described by cheap surface features read in one pass
 * over its bytes: length in characters and words, the share of stopwords
 * (function words are what prose is made of and what menus, bylines and
 * link lists lack), whether it ends a sentence, the share of title-cased
 * words, of digits and symbols, of characters in URLs and e-mail
 * addresses, whether it holds a phrase of the boilerplate lexicon, and a
 * hash of its normalised text.  The words are read by cleanscan.c, by
 * the stopword lists and the lexicon that cleanwords.c holds.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "nw-private.h"

/* ------------------------------------------------------------------ */
/* The first pass: features of one paragraph. */

static int
is_closing(const unsigned char *s, size_t n, size_t *len)
{
	/* ) ] " ' and the typographic closing quotes ’ ” » */
	if (n >= 1 && (s[n - 1] == ')' || s[n - 1] == ']' || s[n - 1] == '"' ||
	    s[n - 1] == '\'' || s[n - 1] == '*')) {
		*len = 1;
		return 1;
	}
	if (n >= 3 && s[n - 3] == 0xe2 && s[n - 2] == 0x80 &&
	    (s[n - 1] == 0x99 || s[n - 1] == 0x9d)) {
		*len = 3;
		return 1;
	}
	if (n >= 2 && s[n - 2] == 0xc2 && s[n - 1] == 0xbb) {
		/* », and the space French writes before it */
		*len = n >= 3 && s[n - 3] == ' ' ? 3 : n >= 4 &&
		    s[n - 4] == 0xc2 && s[n - 3] == 0xa0 ? 4 : 2;
		return 1;
	}
	/* 」 』 ） ］, CJK closing brackets */
	if (n >= 3 && ((s[n - 3] == 0xe3 && s[n - 2] == 0x80 &&
	    (s[n - 1] == 0x8d || s[n - 1] == 0x8f)) || (s[n - 3] == 0xef &&
	    s[n - 2] == 0xbc && (s[n - 1] == 0x89 || s[n - 1] == 0xbd)))) {
		*len = 3;
		return 1;
	}
	return 0;
}

/*
 * Ends with . ! ? : ; or a stop of any script the sentence splitter
 * knows (an ellipsis, 。 ！ । ؟ ։ ። ။ ។ and the rest), closing quotes
 * and brackets looked through.
 */
static int
ends_sentence(const unsigned char *s, size_t n)
{
	size_t i, k;
	int kind;

	while (n > 0 && is_closing(s, n, &k))
		n -= k;
	if (n == 0)
		return 0;
	switch (s[n - 1]) {
	case '.': case '!': case '?': case ':': case ';':
		return 1;
	}
	if (s[n - 1] < 0x80)
		return 0;
	/* The first byte of the last character, for the splitter's test. */
	for (i = n - 1; i > 0 && n - i < 4 && (s[i] & 0xc0) == 0x80; i--)
		;
	return sentence_stop_len(s, n, i, &kind) == n - i;
}

/*
 * The length of the word naming a picture or its source that the
 * letters s[0..n) end with, in any case of ASCII ("Photo", "Fotos",
 * "Credit", "Getty"), or 0: n for the word itself, less for one glued
 * to the text before ("treatmentCredit": pages glue a caption's credit
 * to it).
 */
static size_t
credit_word(const unsigned char *s, size_t n)
{
	static const char *const words[] = {
		"photo", "photos", "photograph", "photography", "foto",
		"fotos", "fotografia", "image", "images", "imagem", "imagen",
		"picture", "pictures", "credit", "credits", "bild", "getty",
		"shutterstock", "istock", "cr\xc3\xa9" "dit",
		"cr\xc3\xa9" "dito", "cr\xc3\xa9" "dits"
	};
	size_t i, k, l, best = 0;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		l = strlen(words[i]);
		if (l > n || l <= best)
			continue;
		for (k = 0; k < l; k++)
			if ((s[n - l + k] | (s[n - l + k] < 0x80 ? 0x20 : 0)) !=
			    (unsigned char)words[i][k])
				break;
		if (k == l)
			best = l;
	}
	return best;
}

/* A byte of a letter: ASCII, or any of UTF-8's beyond it. */
static int
letter_byte(unsigned char c)
{
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}

/*
 * Whether a paragraph ends with a photo credit, as captions do:
 * "... in Grass Valley. (AP Photo/Rich Pedroncelli)", "(Foto: dpa)",
 * "... (Juni Kriswanto/AFP/Getty Images)", "Credit: Paramount
 * Pictures", "Photograph: AFP via Getty".  Within its last 120 bytes: a
 * closing parenthesis whose group holds such a word, whole and followed
 * by a colon, a slash, a comma, "by" or the group's end, or such a word
 * and a colon followed by at most eight words.
 */
static int
photo_credit(const unsigned char *s, size_t n)
{
	const unsigned char *end = s + n, *lo, *q, *w;
	int words;

	while (end > s && (end[-1] <= ' ' || end[-1] == '.'))
		end--;
	lo = end - s > 120 ? end - 120 : s;
	if (end > s && end[-1] == ')') {
		if ((q = memrchr(lo, '(', (size_t)(end - 1 - lo))) == NULL ||
		    memchr(q, ')', (size_t)(end - 1 - q)) != NULL)
			return 0;
		q++;
		for (w = q; w < end; w = q) {
			if (!letter_byte(*w)) {
				q = w + 1;
				continue;
			}
			for (q = w; q < end && letter_byte(*q); q++)
				;
			/*
			 * Followed by its source (a colon after a blank
			 * too, as French sets it), or ending the group.
			 */
			if (credit_word(w, (size_t)(q - w)) == (size_t)(q - w) &&
			    (*q == ':' || *q == '/' || *q == ')' || *q == ',' ||
			    (end - q > 4 && memcmp(q, " by ", 4) == 0) ||
			    (end - q > 2 && memcmp(q, " :", 2) == 0)))
				return 1;
		}
		return 0;
	}
	if ((q = memrchr(lo, ':', (size_t)(end - lo))) == NULL)
		return 0;
	for (w = ++q, words = 0; w < end; w++)
		if (w[0] == ' ' && w + 1 < end && w[1] != ' ' && ++words > 7)
			return 0;
	for (w = q - 1; w > s && letter_byte(w[-1]); w--)
		;
	return credit_word(w, (size_t)(q - 1 - w)) > 0;
}

/* "- ", "* ", "• ", "– ", "1. ", "a) " and the like. */
static int
list_item(const unsigned char *s, size_t n)
{
	size_t i = 0;

	if (n >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') &&
	    s[1] == ' ')
		return 1;
	if (n >= 4 && s[0] == 0xe2 && ((s[1] == 0x80 && (s[2] == 0xa2 ||
	    s[2] == 0x93 || s[2] == 0x94)) || (s[1] == 0x96 &&
	    s[2] == 0xaa)) && s[3] == ' ')
		return 1;
	while (i < n && i < 3 && ((s[i] >= '0' && s[i] <= '9') ||
	    (s[i] >= 'a' && s[i] <= 'z')))
		i++;
	return i > 0 && i + 1 < n && (s[i] == '.' || s[i] == ')') &&
	    s[i + 1] == ' ' && ((s[0] >= '0' && s[0] <= '9') || i == 1);
}

static int
looks_like_url(const unsigned char *w, size_t n)
{
	const unsigned char *at;

	const unsigned char *c, *e = w + n;

	/* "://" somewhere: memmem() costs more on words this short. */
	for (c = w; n >= 4 && (c = memchr(c, ':', (size_t)(e - c))) != NULL;
	    c++)
		if (e - c >= 3 && c[1] == '/' && c[2] == '/')
			return 1;
	if (n >= 5 && (memcmp(w, "www.", 4) == 0 || memcmp(w, "WWW.", 4) == 0))
		return 1;
	if ((at = memchr(w, '@', n)) != NULL && at > w &&
	    memchr(at, '.', n - (size_t)(at - w)) != NULL &&
	    w[n - 1] != '.')
		return 1;
	return 0;
}

/*
 * The characters of the words that look like URLs or addresses: every
 * word when some word may start with "www.", else the words around a
 * "://" or an '@' (a word with a ':' and neither is none; in prose most
 * colons end a phrase).
 */
static uint32_t
url_chars(const unsigned char *text, size_t len, int www)
{
	const unsigned char *e = text + len, *s = text, *w, *colon, *at;
	uint32_t chars = 0;

	/* The next "://" and the next '@', each looked for again once passed. */
	colon = memchr(text, ':', len);
	at = memchr(text, '@', len);
	while (s < e) {
		if (www)
			while (s < e && *s == ' ')
				s++;
		else {
			while (colon != NULL && (colon < s || e - colon < 3 ||
			    colon[1] != '/' || colon[2] != '/'))
				colon = colon + 1 < e ? memchr(colon + 1, ':',
				    (size_t)(e - colon - 1)) : NULL;
			if (at != NULL && at < s)
				at = memchr(s, '@', (size_t)(e - s));
			if (colon == NULL && at == NULL)
				break;
			s = colon == NULL || (at != NULL && at < colon) ?
			    at : colon;
			while (s > text && s[-1] != ' ')
				s--;
		}
		w = s;
		if ((s = memchr(w, ' ', (size_t)(e - w))) == NULL)
			s = e;
		if (s - w >= 5 && looks_like_url(w, (size_t)(s - w)))
			chars += (uint32_t)(s - w);
	}
	return chars;
}

/*
 * Whether text may be written decomposed, where NFC would join a letter
 * and the marks after it: it holds a combining diacritic (U+0300 to
 * U+036F, the marks of Latin, Greek and Cyrillic letters: "u" and U+0308
 * for "ü", as macOS writes file names and some feeds write text) or a
 * Hangul jamo (U+1100 to U+11FF).  Two bytes to look for, or three.
 */
static int
maybe_decomposed(const unsigned char *s, size_t len)
{
	const unsigned char *p, *e = s + len;

	if (memchr(s, 0xcc, len) != NULL || memchr(s, 0xcd, len) != NULL)
		return 1;
	for (p = s; (p = memchr(p, 0xe1, (size_t)(e - p))) != NULL; p++)
		if (p + 1 < e && p[1] >= 0x84 && p[1] <= 0x87)
			return 1;
	return 0;
}

/*
 * The features of a paragraph: its words read by clean_words_scan(),
 * its normalised text hashed, its ends looked at.  The lexicon is
 * searched only when a word of the paragraph may start one of its
 * phrases, and words are looked at for URLs only when one may be there.
 * A text written decomposed is read as NFC, the form the stopword lists,
 * the lexicon and the model's text are in, so that canonically
 * equivalent paragraphs have the same features, hash and class.
 */
void
clean_features(struct clean_words *cw, uint64_t lists, struct clean_para *p,
    const char *text, size_t len)
{
	struct clean_scan sc;
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t n;

	memset(p, 0, sizeof(*p));
	clean_words_scan(cw, lists, p, text, len, &sc);
	/* Beyond ASCII, perhaps decomposed: read again, as NFC. */
	if (sc.bytes.high > 0 &&
	    maybe_decomposed((const unsigned char *)text, len) &&
	    (n = utf8proc_map((const utf8proc_uint8_t *)text,
	    (utf8proc_ssize_t)len, &nfc, UTF8PROC_STABLE |
	    UTF8PROC_COMPOSE)) >= 0) {
		text = (const char *)nfc;
		len = (size_t)n;
		memset(p, 0, sizeof(*p));
		clean_words_scan(cw, lists, p, text, len, &sc);
	}
	p->visible = (uint32_t)(len - sc.bytes.blank - sc.bytes.cont);
	/*
	 * A wide character (Han, kana, Hangul) counts as two toward the
	 * length, as it does on a terminal: the thresholds and the model
	 * measure text by Latin characters, and a sentence of the language
	 * test set (tests/lang-data) has a median of 101 characters in
	 * English, 42 in Chinese and 41 in Japanese.
	 */
	p->chars = sc.words > 0 ? p->visible + (uint32_t)sc.words - 1 +
	    (uint32_t)sc.bytes.wide : 0;
	p->digits = (uint32_t)sc.bytes.digit;
	p->symbols += (uint32_t)(len - sc.bytes.blank - sc.bytes.high -
	    sc.bytes.alpha - sc.bytes.digit);
	p->cells = (uint32_t)sc.bytes.pipe;
	if (sc.bytes.urlish > 0 || sc.www)
		p->urlchars = url_chars((const unsigned char *)text, len,
		    sc.www);
	p->hash = p->visible > 0 ? sc.hash | 1 : 0;
	p->terminal = ends_sentence((const unsigned char *)text, len);
	p->item = list_item((const unsigned char *)text, len);
	p->credit = photo_credit((const unsigned char *)text, len);
	if (sc.maybe_phrase && p->words <=
	    clean_words_config(cw)->threshold[CLEAN_PHRASE_WORDS])
		p->phrase = (uint32_t)clean_words_phrases(cw, text, len);
	free(nfc);
}
