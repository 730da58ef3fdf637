/*
 * newswire: what nw-dedup(1) does with a document, or with each of its
 * paragraphs (-u para), once its index has answered: writes it and adds
 * it to the index, or drops, marks or reports the copy.
 *
 * A copy whose first copy is the document itself, seen again (a rerun
 * with --keep-same-id, or under the --run name that added it), is
 * written as the first copy was.
 */
#include <stdio.h>
#include <string.h>

#include "nw.h"

/*
 * Days since 1970-01-01 of a date= field starting YYYY-MM-DD, or today
 * when there is none or it names no day (2026-02-30).
 */
static int32_t
doc_day(const struct dedup_judge *j, const struct record *r)
{
	const char *v;
	size_t n;
	int64_t seconds;
	int hastime;

	if (!record_meta_get(r, "date", &v, &n) || n < 10 ||
	    trend_date_parse(v, 10, &seconds, &hastime) == -1)
		return j->today;
	return (int32_t)(seconds / 86400);	/* a midnight: exact */
}

/*
 * The similarity to print, with three decimals: 1.000 is an exact copy,
 * so a near copy's rounds down to 0.999 at most.
 */
static double
similarity(const struct dedup_match *m)
{
	return m->exact || m->similarity < 0.9995 ? m->similarity : 0.999;
}

/* The value of the dup= field, FIRST_ID:SIMILARITY. */
static void
match_value(struct dedup_judge *j, const struct dedup_match *m)
{
	char sim[16];

	buf_clear(&j->value);
	buf_add(&j->value, m->id, m->idlen);
	snprintf(sim, sizeof(sim), ":%.3f", similarity(m));
	buf_adds(&j->value, sim);
}

/*
 * One line of --report.  A paragraph is told by n, its record's number
 * in its document from 1, as two copies in one document share the id;
 * 0 for a document.
 */
static void
report(const char *id, size_t idlen, size_t n, const struct dedup_match *m)
{
	out_write(id, idlen);
	if (n > 0)
		out_printf("\t%zu", n);
	out_putc('\t');
	out_write(m->id, m->idlen);
	out_printf("\t%.3f\n", similarity(m));
}

/*
 * Is the first copy the document itself, seen again: any with its id
 * (--keep-same-id), or one with its id that an earlier run under the
 * same name added (--run)?  Once in a run: a first copy this run added,
 * or one it has seen again already, has a copy like any other, as in
 * the run that added it, so that a rerun writes what that run wrote.
 */
static int
same_id(const struct dedup_judge *j, const struct dedup_match *m,
    const char *id, size_t idlen)
{
	return (j->keepsame || j->named) && m->idlen == idlen &&
	    memcmp(m->id, id, idlen) == 0 &&
	    (j->keepsame || dedup_index_own(j->index, m->first)) &&
	    !dedup_index_seen(j->index, m->first);
}

static void
count(struct dedup_judge *j, const struct dedup_match *m)
{
	if (m->exact)
		j->exact++;
	else
		j->near++;
}

void
dedup_judge_doc(const struct doc *d, const struct dedup_signature *s,
    void *arg)
{
	struct dedup_judge *j = arg;
	struct dedup_match m;
	size_t i;

	j->units++;
	m.first = UINT64_MAX;
	if (!dedup_index_find(j->index, s, &m) ||
	    same_id(j, &m, d->id, d->idlen)) {
		if (m.first == UINT64_MAX)
			dedup_index_add(j->index, s, d->id, d->idlen,
			    doc_day(j, &d->records[0]));
		else
			dedup_index_seen_add(j->index, m.first);
		if (j->mode != DEDUP_REPORT)
			doc_write(d);
		return;
	}
	count(j, &m);
	switch (j->mode) {
	case DEDUP_DROP:
		break;
	case DEDUP_MARK:
		match_value(j, &m);
		for (i = 0; i < d->nrecords; i++)
			record_write_meta(&d->records[i], "dup", j->value.data,
			    j->value.len, d->records[i].text,
			    d->records[i].textlen);
		break;
	case DEDUP_REPORT:
		report(d->id, d->idlen, 0, &m);
		break;
	}
}

/*
 * The first copies a document is seen again in are seen at its end:
 * all of its paragraphs are kept.
 */
void
dedup_judge_paras(struct dedup_judge *j, const struct doc *d)
{
	struct dedup_match m;
	const struct record *r;
	size_t i;

	for (i = 0; i < d->nrecords; i++) {
		r = &d->records[i];
		j->units++;
		dedup_hasher_reset(j->hasher);
		dedup_hasher_text(j->hasher, r->text, r->textlen);
		dedup_hasher_key(j->hasher, &j->sig);
		m.first = UINT64_MAX;
		if (j->sig.nwords == 0 || !dedup_index_para(j->index,
		    j->sig.exact, &m) || same_id(j, &m, d->id, d->idlen)) {
			if (m.first != UINT64_MAX)
				dedup_index_seen_later(j->index, m.first);
			if (j->mode != DEDUP_REPORT)
				record_write(r, r->text, r->textlen);
			continue;
		}
		count(j, &m);
		if (j->mode == DEDUP_MARK) {
			match_value(j, &m);
			record_write_meta(r, "dup", j->value.data,
			    j->value.len, r->text, r->textlen);
		} else if (j->mode == DEDUP_REPORT)
			report(r->id, r->idlen, i + 1, &m);
	}
	dedup_index_para_end(j->index, d->id, d->idlen,
	    d->nrecords ? doc_day(j, &d->records[0]) : j->today);
}

void
dedup_judge_free(struct dedup_judge *j)
{
	buf_free(&j->value);
}
