/*
 * newswire: documents out of JSON: JSON Lines, a file that is one
 * object, an array of objects, or objects one after another (source.c
 * hands over the input of the operand, or of an archive member, that
 * holds them).
 * Each object's text, title, id and --meta members are looked up by
 * name; what is asked for and missing is counted and reported once per
 * operand (over all the members of an archive), not once per line.
 */
#include <err.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "nw-private.h"

/* Want the JSON members named in list (kept by s). */
static size_t
want_members(struct source *s, int which, const char *list)
{
	char **names = NULL;
	size_t i, n;

	s->lists[which] = xstrdup(list);
	n = source_split_names(s->lists[which], &names);
	s->members = xreallocarray(s->members, s->nmembers + n + 1,
	    sizeof(*s->members));
	for (i = 0; i < n; i++) {
		memset(&s->members[s->nmembers], 0, sizeof(*s->members));
		s->members[s->nmembers++].name = names[i];
	}
	free(names);
	return n;
}

void
source_json_setup(struct source *s)
{
	const struct source_options *o = s->opt;
	size_t i;

	if (o->html_fields != NULL)
		s->ntext = want_members(s, 1, o->html_fields);
	else
		s->ntext = want_members(s, 1, o->text_fields != NULL ?
		    o->text_fields : SOURCE_TEXT_FIELDS);
	s->ntitle = want_members(s, 2, o->title_fields != NULL ?
	    o->title_fields : SOURCE_TITLE_FIELDS);
	s->nid = want_members(s, 3, o->id_fields != NULL ?
	    o->id_fields : SOURCE_ID_FIELDS);
	s->members = xreallocarray(s->members, s->nmembers + s->nmeta + 1,
	    sizeof(*s->members));
	for (i = 0; i < s->nmeta; i++) {
		memset(&s->members[s->nmembers], 0, sizeof(*s->members));
		s->members[s->nmembers++].name = s->meta_names[i];
	}
	s->nmissing = xcalloc(s->nmeta + 1, sizeof(*s->nmissing));
}

/* "a or b" for the names of one of the lists. */
static void
names_join(struct buf *b, const struct json_member *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(b, i + 1 < n ? ", " : " or ");
		buf_adds(b, m[i].name);
	}
}

/*
 * Lone surrogates replaced, and members asked for and not found, said
 * once per input with counts.
 */
void
source_json_report(struct source *s)
{
	struct buf b = { 0 };
	size_t i, k = s->ntext + s->ntitle + s->nid;

	if (s->nlone > 0)
		warnx("%s: %" PRIu64 " lone surrogate escape%s "
		    "(\\uD800-\\uDFFF) replaced with U+FFFD", s->name,
		    s->nlone, s->nlone == 1 ? "" : "s");
	if (s->nnoid > 0) {
		names_join(&b, s->members + s->ntext + s->ntitle, s->nid);
		warnx("%s: no id (%s) in %" PRIu64 " of %" PRIu64
		    " documents: ids are FILE:LINE", s->name, buf_cstr(&b),
		    s->nnoid, s->ndocs);
	}
	if (s->nnotitle > 0) {
		buf_clear(&b);
		names_join(&b, s->members + s->ntext, s->ntitle);
		warnx("%s: no title (%s) in %" PRIu64 " of %" PRIu64
		    " documents", s->name, buf_cstr(&b), s->nnotitle,
		    s->ndocs);
	}
	for (i = 0; i < s->nmeta; i++)
		if (s->nmissing[i] > 0)
			warnx("%s: --meta %s: missing in %" PRIu64 " of %"
			    PRIu64 " documents", s->name,
			    s->members[k + i].name, s->nmissing[i], s->ndocs);
	buf_free(&b);
}

/*
 * The first of members[from, from + n) that is a string with more than
 * white space in it (or a number, if number).  A blank string is as
 * good as none: news-please writes "maintext": " " or "\u00a0\n" when
 * its extraction fails, and the member after it may hold the text.
 * The value is unescaped already, so escaped white space counts too.
 */
static const struct json_member *
first_string(const struct source *s, size_t from, size_t n, int number)
{
	const struct json_member *m;

	for (m = s->members + from; m < s->members + from + n; m++)
		if ((m->type == JSON_STRING || (number &&
		    m->type == JSON_NUMBER)) && m->value.len > 0 &&
		    !whitespace_only(m->value.data, m->value.len))
			return m;
	return NULL;
}

static void
text_fields_missing(const struct source *s, uint64_t lineno)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < s->ntext; i++) {
		if (i > 0)
			buf_adds(&b, i + 1 < s->ntext ? ", " : " or ");
		buf_addc(&b, '"');
		buf_adds(&b, s->members[i].name);
		buf_addc(&b, '"');
	}
	warnx("%s: line %" PRIu64 ": no text in %s", s->file, lineno,
	    buf_cstr(&b));
	buf_free(&b);
}

/*
 * The lone surrogates (json.c) in what a document is made of: its text,
 * title and id members and those --meta names.
 */
static size_t
lone_surrogates(const struct source *s, const struct json_member *text,
    const struct json_member *title, const struct json_member *id)
{
	size_t i, k = s->ntext + s->ntitle + s->nid, n;

	n = text->lone_surrogates;
	if (title != NULL)
		n += title->lone_surrogates;
	if (id != NULL)
		n += id->lone_surrogates;
	for (i = 0; i < s->nmeta; i++)
		n += s->members[k + i].lone_surrogates;
	return n;
}

/* Metadata of a JSON Lines document: members, else what its page has. */
static void
jsonl_meta(struct source *s)
{
	const struct json_member *m;
	size_t i, k;

	buf_clear(&s->meta);
	k = s->ntext + s->ntitle + s->nid;
	for (i = 0; i < s->nmeta; i++) {
		if (i > 0)
			buf_addc(&s->meta, '\t');
		m = &s->members[k + i];
		if (m->value.len == 0 && m->type != JSON_STRING)
			source_page_field_add(s, s->meta_names[i]);
		else
			source_field_add(&s->meta, m->value.data != NULL ?
			    m->value.data : "", m->value.len);
	}
}

/*
 * A document out of the object just parsed into s->members, found at
 * line lineno and byte col (0: the first object to start on its line):
 * 1, or 0 when it has no text (reported).  The id falls back to
 * FILE:LINE, FILE:LINE:BYTE for an array element or an object of a
 * sequence after the first on its line, so that each has an id of its
 * own (or FILE for a file that is one object).
 */
static int
json_fill(struct source *s, struct source_document *d, uint64_t lineno,
    size_t col)
{
	const struct json_member *text, *title, *id;
	size_t i, k, lone;

	if ((text = first_string(s, 0, s->ntext, 0)) == NULL) {
		text_fields_missing(s, lineno);
		s->failed = 1;
		return 0;
	}
	title = first_string(s, s->ntext, s->ntitle, 0);
	id = first_string(s, s->ntext + s->ntitle, s->nid, 1);
	buf_clear(&s->text);
	s->page_text_due = 0;
	if (title != NULL) {
		buf_add(&s->text, title->value.data, title->value.len);
		buf_adds(&s->text, SOURCE_TITLE_END);
	}
	buf_add(&s->text, text->value.data, text->value.len);
	s->docpos = 0;
	buf_clear(&s->id);
	if (id != NULL)
		utf8_id_add(&s->id, id->value.data, id->value.len);
	else {
		utf8_id_add(&s->id, s->file, strlen(s->file));
		if (s->jmode != JMODE_OBJECT)
			source_number_add(&s->id, ':', lineno);
		if (col > 0)
			source_number_add(&s->id, ':', col);
	}
	/* "FILE: object at line N (ID)": the document, for messages. */
	buf_clear(&s->where);
	buf_adds(&s->where, s->file);
	buf_adds(&s->where, ": object at line");
	source_number_add(&s->where, ' ', lineno);
	buf_adds(&s->where, " (");
	buf_add(&s->where, s->id.data, s->id.len);
	buf_addc(&s->where, ')');
	/* With --strict, as invalid UTF-8 would: the input ends. */
	if ((lone = lone_surrogates(s, text, title, id)) > 0 &&
	    (s->opt->input_flags & INPUT_STRICT)) {
		warnx("%s: %zu lone surrogate escape%s (\\uD800-\\uDFFF)",
		    buf_cstr(&s->where), lone, lone == 1 ? "" : "s");
		s->failed = s->done = 1;
		return 0;
	}
	s->is_page = 0;
	if (s->opt->html_fields != NULL) {
		/*
		 * The member holds a page: its title is the page's.  It is
		 * a string, decoded to UTF-8 already: its <meta charset>
		 * tells how its bytes were once stored, not these.
		 */
		buf_clear(&s->raw);
		buf_add(&s->raw, text->value.data, text->value.len);
		if (!source_page_read(s, NULL, NULL, NULL, 1))
			return 0;
	}
	/*
	 * What was asked for and is not there is counted, and said once,
	 * as are the lone surrogates written.
	 */
	s->nlone += lone;
	s->ndocs++;
	s->nnoid += id == NULL;
	s->nnotitle += title == NULL && s->opt->title_fields != NULL &&
	    s->ntitle > 0;
	k = s->ntext + s->ntitle + s->nid;
	for (i = 0; i < s->nmeta && !s->is_page; i++)
		s->nmissing[i] += s->members[k + i].type == JSON_ABSENT;
	jsonl_meta(s);
	source_document_open(s, d, source_text_read, s);
	return 1;
}

/*
 * The line and column (from 1) of byte off of s->whole.  The lines are
 * counted on from the offset asked for last, as the array walk asks in
 * order: counting from the start each time made an array of n objects
 * on one line cost n squared.
 */
static void
whole_where(struct source *s, size_t off, uint64_t *line, size_t *col)
{
	const char *p, *nl;

	if (off < s->wherepos) {
		s->wherepos = s->wherestart = 0;
		s->whereline = s->wholeline;
	}
	p = s->whole.data + s->wherepos;
	while ((nl = memchr(p, '\n', off - (size_t)(p - s->whole.data))) !=
	    NULL) {
		s->whereline++;
		p = nl + 1;
		s->wherestart = (size_t)(p - s->whole.data);
	}
	s->wherepos = off;
	*line = s->whereline;
	*col = off - s->wherestart + 1;
}

static void
json_invalid(struct source *s, uint64_t line, size_t col, const char *why)
{
	/*
	 * JSON read whole that an input error (invalid UTF-8 with
	 * --strict, a read error) cut short is no more invalid than the
	 * error said; the JSON Lines before it were read.
	 */
	if (s->jmode != JMODE_LINES && input_failed(s->from) &&
	    line >= s->cutline) {
		s->failed = 1;
		return;
	}
	warnx("%s: line %" PRIu64 ": invalid JSON at byte %zu: %s", s->file,
	    line, col, why);
	s->failed = 1;
}

/* The next line of JSON Lines, from the input or from s->whole. */
static char *
json_line(struct source *s, size_t *len, uint64_t *lineno)
{
	char *line, *nl;

	if (s->jmode != JMODE_BUFFERED_LINES) {
		if ((line = input_line(s->from, len)) != NULL)
			*lineno = input_lineno(s->from);
		return line;
	}
	if (s->wholepos >= s->whole.len)
		return NULL;
	line = s->whole.data + s->wholepos;
	if ((nl = memchr(line, '\n', s->whole.len - s->wholepos)) == NULL)
		nl = s->whole.data + s->whole.len;
	*len = (size_t)(nl - line);
	*nl = '\0';
	s->wholepos += *len + 1;
	*lineno = s->wholeline++;
	return line;
}

static int
blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && (p[i] == ' ' || p[i] == '\t'); i++)
		continue;
	return i == n;
}

/* 1 if some of the next few lines of s->whole hold a JSON object. */
static int
more_json_lines(struct source *s)
{
	const char *p = s->whole.data, *end = p + s->whole.len, *nl;
	struct json_error e;
	int tried = 0;

	while (tried < 8 && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		p = nl + 1;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (blank(p, (size_t)(nl - p)))
			continue;
		tried++;
		if (json_object_members(p, (size_t)(nl - p), s->members,
		    s->nmembers, &e) == 0)
			return 1;
	}
	return 0;
}

/*
 * An element of an array that is not valid JSON (e the error): passed
 * over, said, when json_array_skip() finds where it ends, so that one
 * damaged article does not cost the articles after it: 1, the array
 * read on.  0 when it cannot, or the JSON was cut by an input error
 * (json_invalid()).
 */
static int
array_skip(struct source *s, const struct json_error *e)
{
	uint64_t line, eline;
	size_t pos = s->wholepos, from, elen, col, ecol;

	if (!json_array_skip(s->whole.data, s->whole.len, &pos, &from,
	    &elen))
		return 0;
	whole_where(s, from, &line, &col);
	whole_where(s, e->offset, &eline, &ecol);
	if (input_failed(s->from) && eline >= s->cutline)
		return 0;
	warnx("%s: line %" PRIu64 ": array element at byte %zu: invalid JSON "
	    "(line %" PRIu64 ", byte %zu: %s): skipped", s->file, line, col,
	    eline, ecol, e->reason);
	s->failed = 1;
	s->wholepos = pos;
	return 1;
}

/* The next object of an array or of a sequence held in s->whole. */
static int
whole_next(struct source *s, size_t *from, size_t *len, struct json_error *e)
{
	if (s->jmode == JMODE_ARRAY)
		return json_array_next(s->whole.data, s->whole.len,
		    &s->wholepos, from, len, e);
	return json_sequence_next(s->whole.data, s->whole.len, &s->wholepos,
	    from, len, e);
}

/*
 * JSON Lines, one object per file, an array of objects, or objects one
 * after another, told by content: a first line that is a whole object
 * is JSON Lines, streamed.  Otherwise the input is read whole (memory
 * grows with the file) and is one object, an array, or a whole object
 * followed by the start of another (pretty-printed objects, as jq
 * writes them), read as a sequence; when it is none of these, it is
 * still JSON Lines if one of the next lines is an object (a first line
 * cut short), else it is reported once.
 */
static void
json_decide(struct source *s)
{
	struct json_error e;
	uint64_t lineno, line;
	size_t len, i, col, pos, from;
	char *p;

	s->jmode = JMODE_DONE;
	do {
		if ((p = input_line(s->from, &len)) == NULL)
			return;
		if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
			p += 3;		/* as in source_json_next() */
			len -= 3;
		}
	} while (blank(p, len));
	lineno = input_lineno(s->from);
	buf_clear(&s->whole);
	buf_add(&s->whole, p, len);
	s->wholeline = s->whereline = lineno;
	s->elemline = 0;
	s->wherepos = s->wherestart = 0;
	if (json_object_members(p, len, s->members, s->nmembers, &e) == 0) {
		/* This line, then the input. */
		s->jmode = JMODE_BUFFERED_LINES;
		s->wholepos = 0;
		return;
	}
	while ((p = input_line(s->from, &len)) != NULL) {
		buf_addc(&s->whole, '\n');
		buf_add(&s->whole, p, len);
	}
	/* The line input_line() refused, if any, is not in whole. */
	s->cutline = input_lineno(s->from) - (input_failed(s->from) &&
	    input_lineno(s->from) > 1);
	buf_cstr(&s->whole);
	for (i = 0; s->whole.data[i] == ' ' || s->whole.data[i] == '\t' ||
	    s->whole.data[i] == '\n'; i++)
		continue;
	if (s->whole.data[i] == '[') {
		s->jmode = JMODE_ARRAY;
		s->wholepos = 0;
		return;
	}
	if (json_object_members(s->whole.data, s->whole.len, s->members,
	    s->nmembers, &e) == 0) {
		s->jmode = JMODE_OBJECT;
		return;
	}
	pos = 0;
	if (json_sequence_next(s->whole.data, s->whole.len, &pos, &from, &len,
	    NULL) == 1) {
		pos += strspn(s->whole.data + pos, " \t\r\n");
		if (s->whole.data[pos] == '{') {
			s->jmode = JMODE_SEQUENCE;
			s->wholepos = 0;
			return;
		}
	}
	if (more_json_lines(s)) {
		s->jmode = JMODE_BUFFERED_LINES;
		s->wholepos = 0;
		s->wholelines = 1;
		return;
	}
	whole_where(s, e.offset, &line, &col);
	json_invalid(s, line, col, e.reason);
}

int
source_json_next(struct source *s, struct source_document *d)
{
	struct json_error e;
	uint64_t lineno, line;
	size_t len, from, elen, col;
	size_t bom;
	char *p;
	int rc;

	if (s->jmode == JMODE_UNDECIDED)
		json_decide(s);
	switch (s->jmode) {
	case JMODE_OBJECT:
		s->jmode = JMODE_DONE;
		return json_fill(s, d, s->wholeline, 0);
	case JMODE_ARRAY:
	case JMODE_SEQUENCE:
again:
		while ((rc = whole_next(s, &from, &elen, &e)) >= 1) {
			whole_where(s, from, &line, &col);
			if (rc == 2) {
				/* Valid JSON, no object: said, passed over. */
				warnx("%s: line %" PRIu64 ": array element at "
				    "byte %zu: not a JSON object: skipped",
				    s->file, line, col);
				s->failed = 1;
				continue;
			}
			if (json_object_members(s->whole.data + from, elen,
			    s->members, s->nmembers, &e) == -1)
				continue;	/* checked by the walk */
			col = line == s->elemline ? col : 0;
			s->elemline = line;
			if (json_fill(s, d, line, col))
				return 1;
			if (s->done)	/* a page --strict refuses */
				return 0;
		}
		if (rc == -1 && s->jmode == JMODE_ARRAY && array_skip(s, &e))
			goto again;
		if (rc == -1) {
			whole_where(s, e.offset, &line, &col);
			json_invalid(s, line, col, e.reason);
		}
		s->jmode = JMODE_DONE;
		return 0;
	case JMODE_BUFFERED_LINES:
	case JMODE_LINES:
		break;
	default:
		return 0;
	}
	for (;;) {
		if ((p = json_line(s, &len, &lineno)) == NULL) {
			if (s->jmode == JMODE_LINES || s->wholelines)
				return 0;
			/* The first line is done: the input goes on. */
			s->jmode = JMODE_LINES;
			continue;
		}
		/*
		 * A byte order mark starting a line is one of a file saved
		 * with it and joined to others (cat a.jsonl b.jsonl): no
		 * text, as at the start of the input.
		 */
		bom = len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
		p += bom;
		len -= bom;
		if (blank(p, len))
			continue;
		if (json_object_members(p, len, s->members, s->nmembers,
		    &e) == -1) {
			json_invalid(s, lineno, bom + e.offset + 1, e.reason);
			continue;
		}
		if (json_fill(s, d, lineno, 0))
			return 1;
		if (s->done)	/* a page --strict refuses */
			return 0;
	}
}