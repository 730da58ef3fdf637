/*
 * newswire: the lines nw-trend(1) reads, told apart by their shape.
 *
 * Three producers feed trends, and none of their formats says what it
 * is, so a line is recognised by its fields: the scores of
 * nw-topic-score(1) end in SCORE (with a decimal point, always written
 * with three decimals, and with a minus sign when --best writes a
 * score below 0) and HITS (a whole number), optionally followed by the
 * --explain field; the per-day table of nw-batch(1) is four fields, a
 * date, a topic, a whole number and a decimal, and a fifth decimal, the
 * score sum, since nw-batch writes it; count files of
 * nw-count(1) are TERM<TAB>COUNT[<TAB>DF], alone or after a date.  The
 * decimal point is what keeps the shapes apart, so it is required where
 * the producers always write one.  Scores and means are read as decimal
 * digits, into whole thousandths, whose sums do not depend on the order
 * of the lines (as sums of binary fractions do, that made a MEAN of
 * exactly 0.5405 0.540 or 0.541 by the order of six scores).
 */
#include <string.h>

#include "nw-private.h"

#define TAIL	5	/* fields kept from the end of a line */

/*
 * The fields of a line that matter, with no limit on their number: the
 * first, the last TAIL and the one asked for as the date.
 */
struct fields {
	const char	*p[TAIL + 2];
	size_t		 len[TAIL + 2];
	size_t		 nf;
	size_t		 want;		/* index of the date field, or 0 */
};

static void
fields_split(struct fields *fs, const char *line, size_t n, size_t want)
{
	const char *p, *end = line + n, *tab;
	size_t slot;

	fs->nf = 0;
	fs->want = want;
	for (p = line; ; p = tab + 1) {
		if ((tab = memchr(p, '\t', (size_t)(end - p))) == NULL)
			tab = end;
		if (fs->nf == 0)
			slot = 0;
		else
			slot = 1 + (fs->nf - 1) % TAIL;
		fs->p[slot] = p;
		fs->len[slot] = (size_t)(tab - p);
		if (want > 0 && fs->nf == want) {
			fs->p[TAIL + 1] = p;
			fs->len[TAIL + 1] = (size_t)(tab - p);
		}
		fs->nf++;
		if (tab == end)
			break;
	}
}

/* Field i, which must be 0, one of the last TAIL, or the wanted one. */
static const char *
field(const struct fields *fs, size_t i, size_t *len)
{
	size_t slot;

	if (i == 0)
		slot = 0;
	else if (i + TAIL >= fs->nf)
		slot = 1 + (i - 1) % TAIL;
	else if (fs->want > 0 && i == fs->want)
		slot = TAIL + 1;
	else
		return NULL;
	*len = fs->len[slot];
	return fs->p[slot];
}

/* A whole number below 2^64, as nw-count and nw-batch write them. */
static int
whole(const char *s, size_t n, uint64_t *v)
{
	unsigned d;
	size_t i;

	if (n == 0)
		return 0;
	*v = 0;
	for (i = 0; i < n; i++) {
		if ((d = (unsigned)(s[i] - '0')) > 9 ||
		    *v > (UINT64_MAX - d) / 10)
			return 0;
		*v = *v * 10 + d;
	}
	return 1;
}

/*
 * [-]DIGITS.DIGITS, as the tools write scores and means: the score of
 * the best topic that nw-topic-score --best writes may be below 0.  It
 * is read exactly, as decimal digits, not as a binary fraction: its
 * magnitude in whole thousandths, and the rest of a thousandth in
 * millionths of one, the decimals past the ninth cut off (the tools
 * write three or four, other programs as many as a double holds,
 * 0.30000000000000004).  Cut off, they cannot change a rounding to
 * thousandths; a mean is rounded to nine decimals by decimal_round().
 */
#define DECIMAL_DIGITS	"at most 15 digits before the point"
#define NOT_TABLE_LINE	\
	"not a day table line (DAY, TOPIC, DOCUMENTS, MEAN[, SUM])"

struct decimal {
	uint64_t	 thousandths;
	uint64_t	 below;		/* < 1000000 */
	int		 half;		/* the tenth decimal is 5 or more */
	int		 negative;
};

static int
decimal(const char *s, size_t n, struct decimal *v)
{
	size_t i, k, dot;
	uint64_t digit;

	v->negative = 0;
	if (n > 0 && s[0] == '-') {
		v->negative = 1;
		s++;
		n--;
	}
	dot = n;
	for (i = 0; i < n; i++) {
		if (s[i] == '.' && dot == n)
			dot = i;
		else if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	if (dot == 0 || dot == n || dot + 1 == n || dot > 15)
		return 0;
	/* At most 15 digits before the point: below 10^18 thousandths. */
	v->thousandths = 0;
	for (i = 0; i < dot; i++)
		v->thousandths = v->thousandths * 10 + (uint64_t)(s[i] - '0');
	v->below = 0;
	for (i = dot + 1, k = 0; k < 9; i++, k++) {
		digit = i < n ? (uint64_t)(s[i] - '0') : 0;
		if (k < 3)
			v->thousandths = v->thousandths * 10 + digit;
		else
			v->below = v->below * 10 + digit;
	}
	v->half = i < n && s[i] >= '5';
	return 1;
}

/* v rounded half away from 0 to nine decimals. */
static void
decimal_round(struct decimal *v)
{
	if (v->half && ++v->below == 1000000) {
		v->below = 0;
		v->thousandths++;
	}
	v->half = 0;
}

/*
 * The decimal v times n in thousandths, rounded half away from 0, as a
 * sum of scores is kept (n = 1: the score itself): exact, so that sums
 * of them do not depend on the order they are made in.  Below 10^18
 * thousandths times n below 2^64, it needs more than 64 bits, not 128.
 */
static __int128
decimal_times(const struct decimal *v, uint64_t n)
{
	unsigned __int128 x, below;

	below = (unsigned __int128)v->below * n;
	x = (unsigned __int128)v->thousandths * n + below / 1000000 +
	    (below % 1000000 >= 500000);
	return v->negative ? -(__int128)x : (__int128)x;
}

static int
date(const char *s, size_t n, struct trend_line *tl)
{
	if (trend_date_parse(s, n, &tl->seconds, &tl->hastime) == -1)
		return 0;
	tl->dated = 1;
	return 1;
}

/* Field i as a whole number / decimal / date; 0 if it is not one. */
static int
whole_at(const struct fields *fs, size_t i, uint64_t *v)
{
	const char *p;
	size_t n;

	return (p = field(fs, i, &n)) != NULL && whole(p, n, v);
}

static int
decimal_at(const struct fields *fs, size_t i, struct decimal *v)
{
	const char *p;
	size_t n;

	return (p = field(fs, i, &n)) != NULL && decimal(p, n, v);
}

/*
 * Whether field i is a decimal with more digits before its point than
 * decimal() takes: a number too large, not a field of another kind.
 */
static int
decimal_too_large_at(const struct fields *fs, size_t i)
{
	const char *p;
	size_t n, k, dot;

	if ((p = field(fs, i, &n)) == NULL)
		return 0;
	if (n > 0 && p[0] == '-') {
		p++;
		n--;
	}
	for (k = 0, dot = n; k < n; k++)
		if (p[k] == '.' && dot == n)
			dot = k;
		else if (p[k] < '0' || p[k] > '9')
			return 0;
	return dot > 15 && dot + 1 < n;
}

static int
date_at(const struct fields *fs, size_t i, struct trend_line *tl)
{
	const char *p;
	size_t n;

	return (p = field(fs, i, &n)) != NULL && date(p, n, tl);
}

/*
 * Whether field i is shaped like a date, YYYY-MM-DD to begin with, valid
 * or not: a line that starts with one is a dated line with a bad date
 * rather than a line of another kind.
 */
static int
date_shaped_at(const struct fields *fs, size_t i)
{
	const char *p;
	size_t n, k;

	if ((p = field(fs, i, &n)) == NULL || n < 10)
		return 0;
	for (k = 0; k < 10; k++)
		if (k == 4 || k == 7 ? p[k] != '-' : p[k] < '0' || p[k] > '9')
			return 0;
	return 1;
}

static const char *
parse_scores(const struct fields *fs, const char *end, size_t datefield,
    struct trend_line *tl)
{
	const char *v, *last;
	struct decimal score;
	size_t topic, nf = fs->nf, vlen, lastlen;
	uint64_t hits;

	if (nf >= 4 && whole_at(fs, nf - 1, &hits) &&
	    decimal_at(fs, nf - 2, &score))
		topic = nf - 3;
	else if (nf >= 5 && whole_at(fs, nf - 2, &hits) &&
	    decimal_at(fs, nf - 3, &score)) {
		topic = nf - 4;
		tl->explain = field(fs, nf - 1, &tl->explainlen);
	} else if (nf >= 4 && whole_at(fs, nf - 1, &hits) &&
	    decimal_too_large_at(fs, nf - 2))
		return "SCORE too large (" DECIMAL_DIGITS ")";
	else if (nf >= 5 && whole_at(fs, nf - 2, &hits) &&
	    decimal_too_large_at(fs, nf - 3))
		return "SCORE too large (" DECIMAL_DIGITS ")";
	else
		return "not a topic score line (ID, TOPIC, SCORE, HITS)";
	tl->sum = decimal_times(&score, 1);
	tl->key = field(fs, topic, &tl->keylen);
	if (tl->keylen == 0)
		return "empty topic";
	tl->id = field(fs, 0, &tl->idlen);
	if (tl->idlen == 0)
		return "empty document id";
	tl->kind = TREND_INPUT_SCORES;
	tl->documents = 1;
	memset(&tl->meta, 0, sizeof(tl->meta));
	tl->meta.id = tl->id;
	tl->meta.idlen = tl->idlen;
	tl->meta.nfields = (int)(topic < 1000000 ? topic + 1 : 1000000);
	tl->meta.text = tl->key;
	tl->meta.textlen = (size_t)(end - tl->key);
	if (topic > 1) {
		/* Fields 1 .. topic-1: from after the id to before the topic. */
		tl->meta.meta = tl->id + tl->idlen + 1;
		last = tl->key - 1;
		lastlen = (size_t)(last - tl->meta.meta);
		tl->meta.metalen = lastlen;
	}
	if (datefield > 0) {
		if (datefield >= topic)
			return "no such date field before the topic";
		/* nw-split --meta writes a value a document lacks as empty. */
		if ((v = field(fs, datefield, &vlen)) != NULL && vlen == 0)
			return "no date (the date field is empty)";
		if (!date_at(fs, datefield, tl))
			return "bad date (" TREND_DATE_FORMS ")";
	} else if (record_meta_get(&tl->meta, "date", &v, &vlen)) {
		if (!date(v, vlen, tl))
			return "bad date= field (" TREND_DATE_FORMS ")";
	}
	return NULL;
}

static const char *
parse_counts(const char *line, size_t n, const struct fields *fs,
    struct trend_line *tl)
{
	struct count_line cl;
	const char *why, *rest;
	size_t len;

	if (fs->nf == 4) {
		if (!date_at(fs, 0, tl))
			return "bad date (" TREND_DATE_FORMS ")";
		rest = field(fs, 1, &len);
		n -= (size_t)(rest - line);
		line = rest;
	} else if (fs->nf != 2 && fs->nf != 3)
		return "not a count line (TERM, COUNT, DF)";
	if ((why = countfile_parse(line, n, &cl)) != NULL)
		return why;
	tl->kind = TREND_INPUT_COUNTS;
	tl->key = cl.term;
	tl->keylen = cl.termlen;
	tl->documents = cl.hasdf ? cl.df : cl.count;
	tl->occurrences = !cl.hasdf;
	tl->sum = (__int128)cl.count * 1000;
	return NULL;
}

/*
 * Read line[0..n) as kind (TREND_INPUT_AUTO: whichever it looks like);
 * datefield, if not 0, is the index of the date field of a score line
 * (the id being 0).  Returns NULL, or the reason the line is malformed.
 */
const char *
trend_line_parse(const char *line, size_t n, int kind, size_t datefield,
    struct trend_line *tl)
{
	struct fields fs;
	struct decimal mean, sum;
	uint64_t docs;

	memset(tl, 0, sizeof(*tl));
	fields_split(&fs, line, n, datefield);
	if (kind == TREND_INPUT_AUTO) {
		if (fs.nf == 4 && (date_at(&fs, 0, tl) ||
		    date_shaped_at(&fs, 0)) && whole_at(&fs, 2, &docs))
			kind = decimal_at(&fs, 3, &mean) ||
			    decimal_too_large_at(&fs, 3) ?
			    TREND_INPUT_TABLE : TREND_INPUT_COUNTS;
		/* A score line has a whole HITS after its SCORE. */
		else if (fs.nf == 5 && (date_at(&fs, 0, tl) ||
		    date_shaped_at(&fs, 0)) && whole_at(&fs, 2, &docs) &&
		    (decimal_at(&fs, 3, &mean) ||
		    decimal_too_large_at(&fs, 3)) &&
		    (decimal_at(&fs, 4, &sum) ||
		    decimal_too_large_at(&fs, 4)))
			kind = TREND_INPUT_TABLE;
		else if (fs.nf >= 4)
			kind = TREND_INPUT_SCORES;
		else
			kind = TREND_INPUT_COUNTS;
		tl->dated = 0;
	}
	switch (kind) {
	case TREND_INPUT_SCORES:
		return parse_scores(&fs, line + n, datefield, tl);
	case TREND_INPUT_COUNTS:
		return parse_counts(line, n, &fs, tl);
	default:
		break;
	}
	if ((fs.nf != 4 && fs.nf != 5) || !whole_at(&fs, 2, &docs))
		return NOT_TABLE_LINE;
	if (!decimal_at(&fs, 3, &mean))
		return decimal_too_large_at(&fs, 3) ?
		    "MEAN too large (" DECIMAL_DIGITS ")" :
		    NOT_TABLE_LINE;
	if (fs.nf == 5 && !decimal_at(&fs, 4, &sum))
		return decimal_too_large_at(&fs, 4) ?
		    "SUM too large (" DECIMAL_DIGITS ")" :
		    NOT_TABLE_LINE;
	if (!date_at(&fs, 0, tl))
		return "bad date (" TREND_DATE_FORMS ")";
	tl->key = field(&fs, 1, &tl->keylen);
	if (tl->keylen == 0)
		return "empty topic";
	tl->kind = TREND_INPUT_TABLE;
	tl->documents = docs;
	/*
	 * The scores' sum: SUM, or without it exactly as far as MEAN tells
	 * it, which may be a thousandth off over a few hundred documents.
	 */
	if (fs.nf == 5) {
		tl->sum = decimal_times(&sum, 1);
		if (docs == 0 && tl->sum != 0)
			return "a SUM of no DOCUMENTS";
	} else {
		decimal_round(&mean);
		tl->sum = decimal_times(&mean, docs);
	}
	return NULL;
}
