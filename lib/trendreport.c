/*
 * newswire: the HTML report of nw-trend(1).
 *
 * One file that a browser shows as it is, from a mail attachment or a
 * web server, years later: no script, no font or style sheet fetched
 * from anywhere, charts drawn as inline SVG by this code.  SVG rather
 * than a PNG from gnuplot keeps the report one text file that diff and
 * grep can read, sharp at any zoom, with the numbers in each chart's
 * <title> for a mouse-over, and costs no process per chart.
 *
 * While the input is read, the report keeps what the counts alone do
 * not: for each key, the example documents and the --explain terms of
 * its latest period (the only one whose risers it lists), and per
 * period the documents of each language and source, counted in trends
 * of their own.
 */
#include <err.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

#define EXAMPLES	3	/* document ids per riser */
#define TOP_TERMS	6	/* --explain entries per riser */
#define RISERS_MAX	20
#define CHARTS_MAX	48
#define MIX_MAX		12	/* languages or sources listed */

/* Chart geometry, in SVG user units. */
#define CW		320
#define CH		110
#define CL		34	/* left margin, for the scale */
#define CR		6
#define CT		8
#define CB		20	/* bottom margin, for the dates */

#define COLOR_LINE	"#1f5fa8"
#define COLOR_BASE	"#8c8c8c"
#define COLOR_SPIKE	"#d62728"

struct note {
	int64_t		 period;	/* latest seen; INT64_MIN for none */
	struct buf	 ids[EXAMPLES];
	int64_t		 scores[EXAMPLES];	/* thousandths */
	size_t		 nids;
	struct strtab	*terms;
	uint64_t	*counts;
	size_t		 countcap;
};

struct trend_report {
	int		 period;
	struct strtab	*keys;
	struct note	*notes;
	size_t		 notecap;
	struct trend	*langs;
	struct trend	*sources;
	struct buf	 host;		/* a URL id's host, in lower case */
	struct buf	 term;		/* an --explain entry */
	int		 haslang, hassource;
};

struct trend_report *
trend_report_new(int period)
{
	struct trend_report *r;
	struct trend_params p;

	r = xcalloc(1, sizeof(*r));
	r->period = period;
	r->keys = strtab_new(64);
	trend_params_default(&p, period);
	r->langs = trend_new(&p);
	r->sources = trend_new(&p);
	return r;
}

void
trend_report_free(struct trend_report *r)
{
	size_t i, j;

	if (r == NULL)
		return;
	for (i = 0; i < strtab_count(r->keys); i++) {
		for (j = 0; j < EXAMPLES; j++)
			buf_free(&r->notes[i].ids[j]);
		strtab_free(r->notes[i].terms);
		free(r->notes[i].counts);
	}
	free(r->notes);
	strtab_free(r->keys);
	trend_free(r->langs);
	trend_free(r->sources);
	buf_free(&r->host);
	buf_free(&r->term);
	free(r);
}

/*
 * The source of a document: source=, else the source its id names, as
 * nw-clean and nw-shard tell it (id_source(); the input it came from is
 * not known here), if not empty.
 */
static int
source_of(const struct trend_line *tl, struct buf *host, const char **s,
    size_t *n)
{
	if (record_meta_get(&tl->meta, "source", s, n) && *n > 0)
		return 1;
	return id_source(tl->id, tl->idlen, NULL, host, s, n) && *n > 0;
}

void
trend_report_document(struct trend_report *r, const struct trend_line *tl,
    int64_t period)
{
	const char *v;
	size_t n;

	trend_add_documents(r->langs, period, 1);
	trend_add_documents(r->sources, period, 1);
	if (record_meta_get(&tl->meta, "lang", &v, &n) && n > 0) {
		trend_add(r->langs, v, n, period, 1, 0, 0);
		r->haslang = 1;
	}
	if (source_of(tl, &r->host, &v, &n)) {
		trend_add(r->sources, v, n, period, 1, 0, 0);
		r->hassource = 1;
	}
}

/*
 * Whether the --explain item at item ends at p, a comma or the end, in
 * ":COUNT" (":-COUNT" for evidence against).
 */
static int
item_counted(const char *item, const char *p)
{
	const char *d;

	for (d = p; d > item && d[-1] >= '0' && d[-1] <= '9'; d--)
		;
	if (d == p)
		return 0;
	if (d - 1 > item && d[-1] == '-')
		d--;
	return d - 1 > item && d[-1] == ':';
}

/*
 * The end of the --explain item at item: the first comma after its
 * ":COUNT", or end.  nw-topic-score writes a comma or backslash of an
 * entry after a backslash ("1\,000 troops:1,war:2"); a comma that
 * follows no count is part of the entry too, as files written before
 * that read ("1,000 troops:1,war:2").
 */
static const char *
item_end(const char *item, const char *end)
{
	const char *p;

	for (p = item; p < end; p++)
		if (*p == '\\' && p + 1 < end)
			p++;
		else if (*p == ',' && item_counted(item, p))
			return p;
	return end;
}

/*
 * Add the entries of an --explain field, "entry:4,other entry:2": those
 * that are evidence for the topic; one against it ("the:-29") is none of
 * the words a riser is about.  term is scratch space.
 */
static void
note_terms(struct note *nt, struct buf *term, const char *s, size_t n)
{
	const char *end = s + n, *item, *comma, *colon, *d;
	uint64_t c, digit;
	uint32_t id;
	int isnew;

	if (nt->terms == NULL)
		nt->terms = strtab_new(16);
	for (item = s; item < end; item = comma + 1) {
		comma = item_end(item, end);
		colon = memrchr(item, ':', (size_t)(comma - item));
		if (colon != NULL && colon > item && colon + 1 < comma &&
		    colon[1] != '-') {
			/*
			 * Counts past 64 bits, read or summed, stay at the
			 * most 64 bits hold (written as at least that), never
			 * cut to their first digits or wrapped to a few.
			 */
			for (c = 0, d = colon + 1; d < comma &&
			    *d >= '0' && *d <= '9'; d++) {
				digit = (uint64_t)(*d - '0');
				c = c > (UINT64_MAX - digit) / 10 ? UINT64_MAX :
				    c * 10 + digit;
			}
			buf_clear(term);
			for (d = item; d < colon; d++) {
				if (*d == '\\' && d + 1 < colon &&
				    (d[1] == ',' || d[1] == '\\'))
					d++;
				buf_addc(term, *d);
			}
			id = strtab_intern(nt->terms, term->data, term->len,
			    &isnew);
			if (id >= nt->countcap) {
				nt->countcap = nt->countcap ?
				    nt->countcap * 2 : 16;
				nt->counts = xreallocarray(nt->counts,
				    nt->countcap, sizeof(*nt->counts));
			}
			if (isnew)
				nt->counts[id] = 0;
			nt->counts[id] = c > UINT64_MAX - nt->counts[id] ?
			    UINT64_MAX : nt->counts[id] + c;
		}
		if (comma == end)
			break;
	}
}

/*
 * Whether example i of nt goes before a document of score and id: the
 * better score first, and of equal scores the id first in byte order,
 * so that the examples do not depend on the order of the input.
 */
static int
example_before(const struct note *nt, size_t i, int64_t score,
    const char *id, size_t idlen)
{
	const struct buf *b = &nt->ids[i];
	size_t n = b->len < idlen ? b->len : idlen;
	int c;

	if (nt->scores[i] != score)
		return nt->scores[i] > score;
	if (n > 0 && (c = memcmp(b->data, id, n)) != 0)
		return c < 0;
	return b->len <= idlen;
}

void
trend_report_note(struct trend_report *r, const char *key, size_t keylen,
    const char *docid, size_t idlen, int64_t score, const char *explain,
    size_t explainlen, int64_t period)
{
	struct note *nt;
	struct buf tmp;
	uint32_t id;
	size_t i, j, old;
	int isnew;

	id = strtab_intern(r->keys, key, keylen, &isnew);
	if (id >= r->notecap) {
		old = r->notecap;
		r->notecap = r->notecap ? r->notecap * 2 : 64;
		r->notes = xreallocarray(r->notes, r->notecap,
		    sizeof(*r->notes));
		memset(r->notes + old, 0,
		    (r->notecap - old) * sizeof(*r->notes));
	}
	nt = &r->notes[id];
	if (isnew)
		nt->period = INT64_MIN;
	if (period < nt->period)
		return;
	if (period > nt->period) {
		nt->period = period;
		nt->nids = 0;
		if (nt->terms != NULL)
			strtab_clear(nt->terms);
	}
	if (explainlen > 0)
		note_terms(nt, &r->term, explain, explainlen);
	/* The best scoring documents, best first. */
	for (i = 0; i < nt->nids && example_before(nt, i, score, docid, idlen);
	    i++)
		;
	if (i == EXAMPLES)
		return;
	if (nt->nids < EXAMPLES)
		nt->nids++;
	tmp = nt->ids[nt->nids - 1];
	for (j = nt->nids - 1; j > i; j--) {
		nt->ids[j] = nt->ids[j - 1];
		nt->scores[j] = nt->scores[j - 1];
	}
	nt->ids[i] = tmp;
	buf_clear(&nt->ids[i]);
	buf_add(&nt->ids[i], docid, idlen);
	nt->scores[i] = score;
}

/*
 * Text escaped for HTML and XML.  The input is valid UTF-8 without C1
 * controls; what else neither allows in text, the C0 controls but TAB,
 * LF and CR, DEL, U+FFFE and U+FFFF, is written as U+FFFD.
 */
static void
html(FILE *fp, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' &&
		    u[i] != '\r') || u[i] == 0x7f) {
			fputs(UTF8_REPLACEMENT, fp);
			continue;
		}
		if (u[i] == 0xef && n - i >= 3 && u[i + 1] == 0xbf &&
		    (u[i + 2] == 0xbe || u[i + 2] == 0xbf)) {
			fputs(UTF8_REPLACEMENT, fp);
			i += 2;
			continue;
		}
		switch (s[i]) {
		case '&':
			fputs("&amp;", fp);
			break;
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		default:
			putc(s[i], fp);
		}
	}
}

/* A round number at least v, for the top of a scale: 1, 2, 5 x 10^k. */
static double
nice_ceiling(double v)
{
	double p, m;

	if (!(v > 0))
		return 1;
	p = pow(10, floor(log10(v)));
	m = v / p;
	if (m <= 1)
		return p;
	if (m <= 2)
		return 2 * p;
	if (m <= 5)
		return 5 * p;
	return 10 * p;
}

struct chart {
	size_t		 rank;		/* of the key */
	double		 order;		/* larger first */
	int		 spike;		/* in the last period */
};

static int
chart_cmp(const void *a, const void *b)
{
	const struct chart *x = a, *y = b;

	if (x->spike != y->spike)
		return y->spike - x->spike;
	if (x->order != y->order)
		return x->order < y->order ? 1 : -1;
	return (x->rank > y->rank) - (x->rank < y->rank);
}

static void
chart(FILE *fp, int kind, const struct trend *t, size_t rank,
    const struct trend_point *pt)
{
	char label[TREND_PERIOD_LEN];
	size_t i, n = trend_periods(t), len, nspikes = 0;
	const char *key = trend_key(t, rank, &len);
	double top = 0, x, y, w = CW - CL - CR, h = CH - CT - CB;
	int pen;

	for (i = 0; i < n; i++) {
		if (pt[i].permille > top)
			top = pt[i].permille;
		if (pt[i].judged && pt[i].baseline > top)
			top = pt[i].baseline;
		nspikes += pt[i].spike && pt[i].start;
	}
	top = nice_ceiling(top);
#define X(i)	(CL + (n > 1 ? w * (double)(i) / (double)(n - 1) : w / 2))
#define Y(v)	(CT + h - h * (v) / top)
	fputs("<figure><figcaption>", fp);
	html(fp, key, len);
	fprintf(fp, " <span>%zu spike%s</span></figcaption>\n", nspikes,
	    nspikes == 1 ? "" : "s");
	fprintf(fp, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" "
	    "role=\"img\"><title>", CW, CH);
	html(fp, key, len);
	fputs(": documents per 1000 per period</title>\n", fp);
	/* Frame and scale. */
	fprintf(fp, "<path d=\"M%d %d H%d M%d %d V%d\" stroke=\"#ccc\" "
	    "fill=\"none\"/>\n", CL, CT + (int)h, CW - CR, CL, CT,
	    CT + (int)h);
	fprintf(fp, "<text x=\"%d\" y=\"%d\" class=\"s\" "
	    "text-anchor=\"end\">%g</text>\n", CL - 3, CT + 8, top);
	fprintf(fp, "<text x=\"%d\" y=\"%d\" class=\"s\" "
	    "text-anchor=\"end\">0</text>\n", CL - 3, CT + (int)h);
	trend_period_format(kind, trend_period_at(t, 0), label);
	fprintf(fp, "<text x=\"%d\" y=\"%d\" class=\"s\">%s</text>\n", CL,
	    CH - 5, label);
	trend_period_format(kind, trend_period_at(t, n - 1), label);
	fprintf(fp, "<text x=\"%d\" y=\"%d\" class=\"s\" "
	    "text-anchor=\"end\">%s</text>\n", CW - CR, CH - 5, label);
	/* The baseline where there was one. */
	fputs("<path class=\"base\" d=\"", fp);
	for (i = 0, pen = 0; i < n; i++) {
		if (!pt[i].judged || pt[i].documents == 0) {
			pen = 0;
			continue;
		}
		fprintf(fp, "%c%.1f %.1f", pen ? 'L' : 'M', X(i),
		    Y(pt[i].baseline));
		pen = 1;
	}
	fputs("\"/>\n", fp);
	/* The share, zero where the key had no documents. */
	fputs("<polyline class=\"line\" points=\"", fp);
	for (i = 0; i < n; i++)
		fprintf(fp, "%s%.1f,%.1f", i ? " " : "", X(i),
		    Y(pt[i].permille));
	if (n == 1)
		fprintf(fp, " %.1f,%.1f", X(0) + 1, Y(pt[0].permille));
	fputs("\"/>\n", fp);
	for (i = 0; i < n; i++) {
		if (!pt[i].spike)
			continue;
		x = X(i);
		y = Y(pt[i].permille);
		trend_period_format(kind, trend_period_at(t, i), label);
		fprintf(fp, "<circle class=\"spike\" cx=\"%.1f\" cy=\"%.1f\" "
		    "r=\"4\"><title>%s: %llu documents, %.1f expected, "
		    "ratio %.2f, z %.2f</title></circle>\n", x, y, label,
		    (unsigned long long)pt[i].documents, pt[i].expected,
		    pt[i].ratio, pt[i].z);
	}
#undef X
#undef Y
	fputs("</svg></figure>\n", fp);
}

struct term {
	const char	*s;
	size_t		 n;
	uint64_t	 count;
};

static int
term_cmp(const void *a, const void *b)
{
	const struct term *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	int c;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	if ((c = memcmp(x->s, y->s, n)) != 0)
		return c;
	return (x->n > y->n) - (x->n < y->n);
}

static void
top_terms(FILE *fp, const struct note *nt)
{
	struct term *v;
	size_t i, n;

	if (nt->terms == NULL || (n = strtab_count(nt->terms)) == 0) {
		fputs("&#8212;", fp);
		return;
	}
	v = xreallocarray(NULL, n, sizeof(*v));
	for (i = 0; i < n; i++) {
		v[i].s = strtab_key(nt->terms, (uint32_t)i, &v[i].n);
		v[i].count = nt->counts[i];
	}
	qsort(v, n, sizeof(*v), term_cmp);
	for (i = 0; i < n && i < TOP_TERMS; i++) {
		if (i > 0)
			fputs(", ", fp);
		html(fp, v[i].s, v[i].n);
		fprintf(fp, " <span>%s%llu</span>", v[i].count == UINT64_MAX ?
		    "&#8805;" : "", (unsigned long long)v[i].count);
	}
	free(v);
}

static void
risers(FILE *fp, struct trend_report *r, const struct trend *t,
    const char *lastlabel, struct trend_point *pt)
{
	struct chart *c;
	size_t i, n = 0, nkeys = trend_keys(t), last = trend_periods(t) - 1,
	    len, j;
	const struct note *nt;
	const char *key;
	uint32_t id;

	c = xreallocarray(NULL, nkeys ? nkeys : 1, sizeof(*c));
	for (i = 0; i < nkeys; i++) {
		trend_series(t, i, pt);
		/* A ratio of exactly 1 may come out an ulp above it. */
		if (pt[last].documents == 0 || !pt[last].judged ||
		    trend_at_least(1, pt[last].ratio))
			continue;
		c[n].rank = i;
		c[n].spike = pt[last].spike;
		c[n].order = pt[last].z;
		n++;
	}
	qsort(c, n, sizeof(*c), chart_cmp);
	fprintf(fp, "<h2>Risers on %s</h2>\n", lastlabel);
	if (n == 0) {
		fputs("<p>No topic had more documents than its baseline "
		    "expects and more than one.</p>\n", fp);
		free(c);
		return;
	}
	fputs("<table class=\"risers\"><tr><th>topic</th><th>documents</th>"
	    "<th>per 1000</th><th>expected</th><th>ratio</th><th>z</th>"
	    "<th>top terms</th><th>examples</th></tr>\n", fp);
	for (i = 0; i < n && i < RISERS_MAX; i++) {
		trend_series(t, c[i].rank, pt);
		key = trend_key(t, c[i].rank, &len);
		fprintf(fp, "<tr%s><td>", c[i].spike ? " class=\"spike\"" : "");
		html(fp, key, len);
		fprintf(fp, "</td><td>%llu</td><td>%.1f</td><td>%.1f</td>"
		    "<td>%.2f</td><td>%.1f</td><td>",
		    (unsigned long long)pt[last].documents, pt[last].permille,
		    pt[last].expected, pt[last].ratio, pt[last].z);
		id = strtab_lookup(r->keys, key, len);
		nt = id != STRTAB_NONE ? &r->notes[id] : NULL;
		if (nt != NULL && nt->period == trend_period_at(t, last))
			top_terms(fp, nt);
		else
			fputs("&#8212;", fp);
		fputs("</td><td>", fp);
		if (nt != NULL && nt->period == trend_period_at(t, last) &&
		    nt->nids > 0)
			for (j = 0; j < nt->nids; j++) {
				if (j > 0)
					fputs("<br/>", fp);
				fputs("<code>", fp);
				html(fp, nt->ids[j].data, nt->ids[j].len);
				fputs("</code>", fp);
			}
		else
			fputs("&#8212;", fp);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>\n", fp);
	free(c);
}

struct share {
	size_t		 rank;
	uint64_t	 last, all;
};

static int
share_cmp(const void *a, const void *b)
{
	const struct share *x = a, *y = b;

	if (x->all != y->all)
		return x->all < y->all ? 1 : -1;
	return (x->rank > y->rank) - (x->rank < y->rank);
}

/* The languages or sources: share of documents, last period and all. */
static void
mix(FILE *fp, struct trend *m, const char *what, const char *one,
    const char *lastlabel)
{
	struct trend_point *pt;
	struct share *v;
	uint64_t lasttotal, alltotal = 0;
	size_t i, j, n, np, len;
	const char *key;

	trend_finish(m, 1);
	n = trend_keys(m);
	np = trend_periods(m);
	if (n == 0 || np == 0)
		return;
	pt = xreallocarray(NULL, np, sizeof(*pt));
	v = xreallocarray(NULL, n, sizeof(*v));
	for (j = 0; j < np; j++)
		alltotal += trend_total_at(m, j);
	lasttotal = trend_total_at(m, np - 1);
	for (i = 0; i < n; i++) {
		trend_series(m, i, pt);
		v[i].rank = i;
		v[i].all = 0;
		for (j = 0; j < np; j++)
			v[i].all += pt[j].documents;
		v[i].last = pt[np - 1].documents;
	}
	qsort(v, n, sizeof(*v), share_cmp);
	fprintf(fp, "<h2>%s</h2>\n<table class=\"mix\"><tr><th>%s</th>"
	    "<th>%s</th><th>all periods</th></tr>\n", what, one, lastlabel);
	for (i = 0; i < n && i < MIX_MAX; i++) {
		key = trend_key(m, v[i].rank, &len);
		fputs("<tr><td>", fp);
		html(fp, key, len);
		fprintf(fp, "</td><td>%.1f%%</td><td>%.1f%%</td></tr>\n",
		    lasttotal ? 100.0 * (double)v[i].last / (double)lasttotal :
		    0.0, alltotal ? 100.0 * (double)v[i].all /
		    (double)alltotal : 0.0);
	}
	if (n > MIX_MAX)
		fprintf(fp, "<tr><td colspan=\"3\">and %zu more</td></tr>\n",
		    n - MIX_MAX);
	fputs("</table>\n", fp);
	free(v);
	free(pt);
}

static const char style[] =
    "body{font:14px/1.4 sans-serif;margin:1.5em;color:#222;"
    "background:#fff}\n"
    "h1{font-size:1.5em;margin:0}h2{font-size:1.15em;margin-top:1.5em}\n"
    ".sub{color:#555}\n"
    ".grid{display:flex;flex-wrap:wrap;gap:10px}\n"
    "figure{margin:0;border:1px solid #ddd;padding:4px;width:330px}\n"
    "figcaption{font-weight:bold}figcaption span{font-weight:normal;"
    "color:#888;float:right}\n"
    "svg.chart{width:320px;height:110px;display:block}\n"
    ".s{font-size:9px;fill:#666}\n"
    ".line{fill:none;stroke:" COLOR_LINE ";stroke-width:1.5}\n"
    ".base{fill:none;stroke:" COLOR_BASE ";stroke-width:1;"
    "stroke-dasharray:3 2}\n"
    ".spike{fill:" COLOR_SPIKE ";stroke:none}\n"
    "table{border-collapse:collapse}td,th{padding:2px 8px;"
    "border-bottom:1px solid #eee;text-align:left;vertical-align:top}\n"
    "td span{color:#888}tr.spike td:first-child{color:" COLOR_SPIKE ";"
    "font-weight:bold}\n"
    "code{font-size:12px}\n";

static const char *const period_names[] = { "hour", "day", "week" };

int
trend_report_write(struct trend_report *r, struct trend *t,
    const char *path)
{
	char first[TREND_PERIOD_LEN], lastlabel[TREND_PERIOD_LEN];
	struct atomic_file af;
	struct trend_point *pt;
	struct chart *c;
	uint64_t docs = 0, spikes;
	size_t i, j, n = trend_periods(t), nkeys = trend_keys(t), ncharts = 0;
	int over = 0;
	FILE *fp;

	if (atomic_open(&af, path) == -1)
		return -1;
	fp = af.fp;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n", fp);
	if (n == 0) {
		fprintf(fp, "<title>newswire trends</title>\n<style>\n%s"
		    "</style>\n</head>\n<body>\n<h1>newswire trends</h1>\n"
		    "<p class=\"sub\">No dated documents.</p>\n"
		    "</body>\n</html>\n", style);
		return atomic_commit(&af);
	}
	/*
	 * Each period's total fits in 64 bits; their sum need not.  Past
	 * them it is told as more than the most 64 bits hold, not as more
	 * than the periods before the one that passed, which may be few.
	 */
	for (i = 0; i < n && !over; i++)
		if (docs > UINT64_MAX - trend_total_at(t, i)) {
			over = 1;
			docs = UINT64_MAX;
		} else
			docs += trend_total_at(t, i);
	trend_period_format(r->period, trend_period_at(t, 0), first);
	trend_period_format(r->period, trend_period_at(t, n - 1), lastlabel);
	fprintf(fp, "<title>newswire trends %s to %s</title>\n", first,
	    lastlabel);
	fprintf(fp, "<style>\n%s</style>\n</head>\n<body>\n", style);
	fprintf(fp, "<h1>newswire trends</h1>\n<p class=\"sub\">%s%llu "
	    "document%s, %zu %s%s with news from %s to %s, %zu topic%s.  "
	    "Charts: documents per 1000 of the %s's total (blue), the "
	    "baseline it is judged against (dashed), spikes (red).</p>\n",
	    over ? "more than " : "", (unsigned long long)docs,
	    docs == 1 && !over ? "" : "s", n, period_names[r->period],
	    n == 1 ? "" : "s", first, lastlabel, nkeys, nkeys == 1 ? "" : "s",
	    period_names[r->period]);

	pt = xreallocarray(NULL, n, sizeof(*pt));
	risers(fp, r, t, lastlabel, pt);

	/* The charts: all keys, or the most remarkable of many. */
	c = xreallocarray(NULL, nkeys ? nkeys : 1, sizeof(*c));
	for (i = 0; i < nkeys; i++) {
		trend_series(t, i, pt);
		c[i].rank = i;
		c[i].spike = pt[n - 1].spike;
		c[i].order = 0;
		for (j = 0, spikes = 0; j < n; j++) {
			c[i].order += (double)pt[j].documents;
			spikes += pt[j].spike;
		}
		if (nkeys <= CHARTS_MAX) {
			c[i].spike = 0;
			c[i].order = 0;	/* byte order of the keys */
		} else
			c[i].order = (double)spikes * 1e12 + c[i].order;
	}
	qsort(c, nkeys, sizeof(*c), chart_cmp);
	fprintf(fp, "<h2>Volume per topic</h2>\n");
	if (nkeys > CHARTS_MAX)
		fprintf(fp, "<p>The %d of %zu topics with the most spikes and "
		    "documents.</p>\n", CHARTS_MAX, nkeys);
	fputs("<div class=\"grid\">\n", fp);
	for (i = 0; i < nkeys && ncharts < CHARTS_MAX; i++, ncharts++) {
		trend_series(t, c[i].rank, pt);
		chart(fp, r->period, t, c[i].rank, pt);
	}
	fputs("</div>\n", fp);
	if (r->haslang)
		mix(fp, r->langs, "Languages", "language", lastlabel);
	if (r->hassource)
		mix(fp, r->sources, "Sources", "source", lastlabel);
	fputs("</body>\n</html>\n", fp);
	free(c);
	free(pt);
	return atomic_commit(&af);
}
